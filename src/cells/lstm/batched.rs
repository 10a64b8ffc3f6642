//! The LSTM's batched step, beside its literal one (`mod.rs`).

use crate::cells::batch::{BatchStep, Inputs, KeptInputs, join_columns, sum_rows};
use crate::cells::{Cell, LstmCell};
use crate::linalg::Vector;
use crate::linalg::kernels::{Transposed, add_matmul, sigmoid_in_place, tanh_in_place};

/// What the batched LSTM's forward pass keeps: the inputs, the gates after their
/// activations (gate by gate in the order i, f, g, o, each T·B×Dh), Hₜ and Cₜ from H₀ and
/// C₀ ((T+1)·B×Dh), tanh(Cₜ) (T·B×Dh), and B.
pub struct LstmBatchCache {
    inputs: KeptInputs,
    gates: [Vec<f64>; 4],
    hs: Vec<f64>,
    cs: Vec<f64>,
    tanh_cs: Vec<f64>,
    b: usize,
}

/// A mini-batch of B sequences through an LSTM at once ([`BatchStep`]: many-to-one or a
/// tag at every step, under an embedding, alone or in a bidirectional pair, or a
/// character model's chunk of token ids): the notes' formula with a batch dimension.
/// Every sequence of the batch is a row, so each step is one matrix product per gate and
/// input side instead of B matrix-vector products:
///
/// ```text
/// Iₜ = σ(Xₜ·Wxᵢᵀ + Hₜ₋₁·Whᵢᵀ + bᵢ)   Fₜ, Oₜ alike with σ    B×Dh each
/// Gₜ = tanh(Xₜ·Wx_gᵀ + Hₜ₋₁·Wh_gᵀ + b_g)
/// Cₜ = Fₜ ⊙ Cₜ₋₁ + Iₜ ⊙ Gₜ          B×Dh
/// Hₜ = Oₜ ⊙ tanh(Cₜ)                B×Dh
/// ```
///
/// and backward, from dH = ∂L/∂Hₜ + dH_next and dC_next:
///
/// ```text
/// dO = dH ⊙ tanh(Cₜ) ⊙ Oₜ(1 − Oₜ)      dC = dC_next + dH ⊙ Oₜ ⊙ (1 − tanh²(Cₜ))
/// dI = dC ⊙ Gₜ ⊙ Iₜ(1 − Iₜ)   dG = dC ⊙ Iₜ ⊙ (1 − Gₜ²)   dF = dC ⊙ Cₜ₋₁ ⊙ Fₜ(1 − Fₜ)
/// dC_next = dC ⊙ Fₜ        dH_next = Σ_gates d_gate·Wh_gate
/// ```
///
/// It is the fast path of [`LstmCell`]'s literal `forward_cached` and `backward`. The
/// gates are kept gate by gate (each gate's values for every step and sequence in one
/// block, T·B×Dh), so each gate's weight gradient is one sum of outer products after the
/// backward loop, and no weight is copied or transposed. The result equals the literal
/// path and the sum of the B separate runs within rounding (`tests/batch.rs`,
/// `tests/fast_path.rs` check 1e-12).
impl BatchStep for LstmCell {
    type BatchCache = LstmBatchCache;

    fn forward_rows(
        &self,
        inputs: Inputs,
        b: usize,
        timesteps: usize,
        state0: Option<&[f64]>,
    ) -> (Vec<f64>, LstmBatchCache) {
        inputs.check((b, timesteps, self.input_size()), state0, self.state_size());
        let (d, dh) = (self.input_size(), self.hidden_size());
        let bd = b * dh; // one step's rows of one gate
        let weights = self.gates();
        let products = weights.map(|w| {
            let wx = inputs.weights(w.wx().as_slice(), d, b);
            (wx, Transposed::new(w.wh().as_slice(), dh, b))
        });
        let mut gates: [Vec<f64>; 4] = std::array::from_fn(|_| vec![0.0; timesteps * bd]);
        let mut hs = vec![0.0; (timesteps + 1) * bd];
        let mut cs = vec![0.0; (timesteps + 1) * bd];
        if let Some(rows) = state0 {
            for (r, row) in rows.chunks_exact(2 * dh).enumerate() {
                hs[r * dh..(r + 1) * dh].copy_from_slice(&row[..dh]); //  H₀
                cs[r * dh..(r + 1) * dh].copy_from_slice(&row[dh..]); //  C₀
            }
        }
        let mut tanh_cs = vec![0.0; timesteps * bd];
        for t in 0..timesteps {
            let step = t * bd..(t + 1) * bd;
            for (k, (z, w)) in gates.iter_mut().zip(weights).enumerate() {
                let z = &mut z[step.clone()];
                for row in z.chunks_exact_mut(dh) {
                    row.copy_from_slice(w.b().as_slice()); //              b
                }
                let (wx, wh) = &products[k];
                inputs.add_step(z, wx, t, b); //                           + Xₜ·Wxᵀ
                wh.add_product(z, &hs[step.clone()]); //                   + Hₜ₋₁·Whᵀ
                if k == 2 {
                    tanh_in_place(z); //                                   Gₜ
                } else {
                    sigmoid_in_place(z); //                                Iₜ, Fₜ, Oₜ
                }
            }
            let [i_t, f_t, g_t, o_t] = gates.each_ref().map(|z| &z[step.clone()]);
            let (before, after) = cs.split_at_mut((t + 1) * bd);
            let (c_prev, c_t) = (&before[t * bd..], &mut after[..bd]);
            for k in 0..bd {
                c_t[k] = f_t[k] * c_prev[k] + i_t[k] * g_t[k]; //         Cₜ = F⊙Cₜ₋₁ + I⊙G
            }
            let tc = &mut tanh_cs[step.clone()];
            tc.copy_from_slice(c_t);
            tanh_in_place(tc);
            let h_t = &mut hs[(t + 1) * bd..(t + 2) * bd];
            for k in 0..bd {
                h_t[k] = o_t[k] * tc[k]; //                                Hₜ = O ⊙ tanh(Cₜ)
            }
        }
        let out = hs[bd..].to_vec();
        let cache = LstmBatchCache {
            inputs: inputs.keep(),
            gates,
            hs,
            cs,
            tanh_cs,
            b,
        };
        (out, cache)
    }

    fn backward_rows(&self, cache: &LstmBatchCache, dhs: &[f64]) -> (LstmCell, Vector, Vec<f64>) {
        let (dh, b) = (self.hidden_size(), cache.b);
        let bd = b * dh;
        let timesteps = dhs.len() / bd;
        let weights = self.gates();
        // Backward through time; the gates become their pre-activation gradients (a copy).
        let mut d_gates = cache.gates.clone();
        let mut dh_next = vec![0.0; bd];
        let mut dc_next = vec![0.0; bd];
        for t in (0..timesteps).rev() {
            let step = t * bd..(t + 1) * bd;
            let c_prev = &cache.cs[step.clone()];
            let tc = &cache.tanh_cs[step.clone()];
            let dh_above = &dhs[step.clone()];
            let [di, df, dg, d_o] = d_gates.each_mut().map(|z| &mut z[step.clone()]);
            for k in 0..bd {
                let (i_t, f_t, g_t, o_t) = (di[k], df[k], dg[k], d_o[k]);
                let dh_k = dh_next[k] + dh_above[k]; //                    dH: from t+1 and above
                let dc = dc_next[k] + dh_k * o_t * (1.0 - tc[k] * tc[k]);
                d_o[k] = dh_k * tc[k] * o_t * (1.0 - o_t); //               dO
                di[k] = dc * g_t * i_t * (1.0 - i_t); //                   dI
                dg[k] = dc * i_t * (1.0 - g_t * g_t); //                   dG
                df[k] = dc * c_prev[k] * f_t * (1.0 - f_t); //             dF
                dc_next[k] = dc * f_t; //                                  dCₜ₋₁
            }
            dh_next.fill(0.0);
            for (z, w) in d_gates.iter().zip(weights) {
                add_matmul(&mut dh_next, &z[step.clone()], w.wh().as_slice(), dh, dh); // dHₜ₋₁ += dZ·Wh
            }
        }

        // The weights, once per gate: dWx = Σ dZᵀ·X, dWh = Σ dZᵀ·Hₜ₋₁ (sums of outer
        // products over every step and sequence), db = Σ dZ, and dX = Σ_gates dZ·Wx.
        let mut dxs = Vec::new();
        let h_prevs = &cache.hs[..timesteps * bd];
        let gradient = |k: usize| {
            let dz = &d_gates[k];
            cache
                .inputs
                .gate_gradient((dz, dz), weights[k].wx(), h_prevs, &mut dxs)
        };
        let [i, f, g, o] = [0, 1, 2, 3].map(gradient);
        let d_cell = LstmCell::new(i, f, g, o).expect("the cell's shapes");
        // ∂L/∂[h₀; c₀], summed over the batch as the separate runs' sum would be.
        let mut state0 = sum_rows(&dh_next, dh).into_vec();
        state0.extend_from_slice(sum_rows(&dc_next, dh).as_slice());
        (d_cell, Vector::from(state0), dxs)
    }

    fn last_state(&self, cache: &LstmBatchCache) -> Vec<f64> {
        let dh = self.hidden_size();
        let start = cache.hs.len() - cache.b * dh;
        let (h, c) = (&cache.hs[start..], &cache.cs[start..]);
        join_columns(&[h, c], &[dh, dh]) // row b: [h_T; c_T]
    }
}
