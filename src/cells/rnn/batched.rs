//! The RNN cell's batched step, beside its literal one (`mod.rs`).

use crate::cells::batch::{BatchStep, Inputs, KeptInputs, sum_rows};
use crate::cells::{Cell, RnnCell};
use crate::linalg::Vector;
use crate::linalg::kernels::{Transposed, add_matmul, tanh_in_place};

/// What the batched RNN's forward pass keeps: the inputs, Hₜ from H₀ ((T+1)·B×Dh), and B.
pub struct RnnBatchCache {
    inputs: KeptInputs,
    hs: Vec<f64>,
    b: usize,
}

/// A mini-batch of B sequences through an RNN cell at once ([`BatchStep`]: many-to-one or
/// a tag at every step, under an embedding, alone or in a bidirectional pair, or a
/// character model's chunk of token ids): the notes' formula with a batch dimension, as
/// [`LstmCell`](crate::LstmCell)'s does for the LSTM:
///
/// ```text
/// Hₜ = tanh(Xₜ·Wxᵀ + Hₜ₋₁·Whᵀ + b)      B×Dh    (row b: sequence b's hₜ)
/// dAₜ = dHₜ ⊙ (1 − Hₜ²)                  B×Dh    through tanh
/// dHₜ₋₁ = dAₜ·Wh   dXₜ = dAₜ·Wx          B×Dh, B×d
/// dWx = Σₜ dAₜᵀ·Xₜ   dWh = Σₜ dAₜᵀ·Hₜ₋₁   db = Σₜ Σ_rows dAₜ
/// ```
///
/// It is the fast path of [`RnnCell`]'s literal `forward_cached` and `backward` (one
/// sequence, one formula a line): only the recurrence runs step by step; the weight
/// gradients are one sum of outer products each after the backward loop, and every
/// product walks rows in memory order (`kernels.rs`). With token ids in
/// ([`Inputs::Ids`]), Xₜ·Wxᵀ is a column of Wx and dWx gains a column: no product. The
/// result equals the literal path and the sum of the B separate runs within rounding
/// (`tests/batch.rs`, `tests/fast_path.rs` check 1e-12).
impl BatchStep for RnnCell {
    type BatchCache = RnnBatchCache;

    fn forward_rows(
        &self,
        inputs: Inputs,
        b: usize,
        timesteps: usize,
        state0: Option<&[f64]>,
    ) -> (Vec<f64>, RnnBatchCache) {
        inputs.check((b, timesteps, self.input_size()), state0, self.state_size());
        let (d, dh) = (self.input_size(), self.hidden_size());
        let wx = inputs.weights(self.wx().as_slice(), d, b);
        let wh = Transposed::new(self.wh().as_slice(), dh, b);
        let mut hs = vec![0.0; (timesteps + 1) * b * dh];
        if let Some(h0) = state0 {
            hs[..b * dh].copy_from_slice(h0); //                         H₀
        }
        for t in 0..timesteps {
            let (before, after) = hs.split_at_mut((t + 1) * b * dh);
            let h_t = &mut after[..b * dh];
            for row in h_t.chunks_exact_mut(dh) {
                row.copy_from_slice(self.b().as_slice()); //            b
            }
            inputs.add_step(h_t, &wx, t, b); //                          + Xₜ·Wxᵀ
            wh.add_product(h_t, &before[t * b * dh..]); //              + Hₜ₋₁·Whᵀ
            tanh_in_place(h_t); //                                       Hₜ = tanh(…)
        }
        let out = hs[b * dh..].to_vec();
        let inputs = inputs.keep();
        (out, RnnBatchCache { inputs, hs, b })
    }

    fn backward_rows(&self, cache: &RnnBatchCache, dhs: &[f64]) -> (RnnCell, Vector, Vec<f64>) {
        let (dh, b, hs) = (self.hidden_size(), cache.b, &cache.hs);
        let timesteps = dhs.len() / (b * dh);
        let wh = self.wh();
        // Backward through time: dAₜ for every step, kept for the weights.
        let mut das = vec![0.0; timesteps * b * dh];
        let mut dh_next = vec![0.0; b * dh];
        for t in (0..timesteps).rev() {
            let h_t = &hs[(t + 1) * b * dh..(t + 2) * b * dh];
            let dh_above = &dhs[t * b * dh..(t + 1) * b * dh];
            let da = &mut das[t * b * dh..(t + 1) * b * dh];
            for k in 0..b * dh {
                let d = dh_next[k] + dh_above[k]; //                   dH = from above + from t+1
                da[k] = d * (1.0 - h_t[k] * h_t[k]); //                dAₜ = dH ⊙ (1 − Hₜ²)
            }
            dh_next.fill(0.0);
            add_matmul(&mut dh_next, da, wh.as_slice(), dh, dh); //    dHₜ₋₁ = dAₜ·Wh
        }
        // The weights, once: dWx = Σ dAᵀ·X and dX = dA·Wx, dWh = Σ dAᵀ·Hₜ₋₁, db = Σ dA.
        let mut dxs = Vec::new();
        let h_prevs = &hs[..timesteps * b * dh];
        let g = cache
            .inputs
            .gate_gradient((&das, &das), self.wx(), h_prevs, &mut dxs);
        let d_cell = RnnCell {
            wx: g.wx,
            wh: g.wh,
            b: g.b,
        };
        (d_cell, sum_rows(&dh_next, dh), dxs)
    }

    fn last_state(&self, cache: &RnnBatchCache) -> Vec<f64> {
        cache.hs[cache.hs.len() - cache.b * self.hidden_size()..].to_vec()
    }
}
