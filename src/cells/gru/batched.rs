//! The GRU's batched step, beside its literal one (`mod.rs`).

use crate::cells::batch::{BatchStep, Inputs, KeptInputs, sum_rows};
use crate::cells::{Cell, GruCell};
use crate::linalg::kernels::{Transposed, add_matmul, sigmoid_in_place, tanh_in_place};
use crate::linalg::{Matrix, Vector};

/// What the batched GRU's forward pass keeps: the inputs, the blocks [R, Z, N, A] (each
/// T·B×Dh), Hₜ from H₀ ((T+1)·B×Dh), and B.
pub struct GruBatchCache {
    inputs: KeptInputs,
    blocks: [Vec<f64>; 4],
    hs: Vec<f64>,
    b: usize,
}

/// A mini-batch of B sequences through a GRU at once ([`BatchStep`]: many-to-one or a tag
/// at every step, under an embedding, alone or in a bidirectional pair, or a character
/// model's chunk of token ids): the GRU's equations ([`GruCell`]) with a batch dimension,
/// as [`LstmCell`](crate::LstmCell)'s does for the LSTM:
///
/// ```text
/// Rₜ = σ(Xₜ·Wx_rᵀ + Hₜ₋₁·Wh_rᵀ + b_r)     Zₜ = σ(Xₜ·Wx_zᵀ + Hₜ₋₁·Wh_zᵀ + b_z)   B×Dh
/// Aₜ = Hₜ₋₁·Wh_nᵀ + b_hn
/// Nₜ = tanh(Xₜ·Wx_nᵀ + b_n + Rₜ ⊙ Aₜ)     Hₜ = (1 − Zₜ) ⊙ Nₜ + Zₜ ⊙ Hₜ₋₁
/// ```
///
/// and backward, from dH = ∂L/∂Hₜ + dH_next:
///
/// ```text
/// dN = dH ⊙ (1 − Zₜ) ⊙ (1 − Nₜ²)   dZ = dH ⊙ (Hₜ₋₁ − Nₜ) ⊙ Zₜ(1 − Zₜ)
/// dA = dN ⊙ Rₜ                    dR = dN ⊙ Aₜ ⊙ Rₜ(1 − Rₜ)
/// dH_next = dH ⊙ Zₜ + dR·Wh_r + dZ·Wh_z + dA·Wh_n
/// ```
///
/// It is the fast path of [`GruCell`]'s literal `forward_cached` and `backward`. The four
/// blocks R, Z, N, A are kept block by block (each T·B×Dh), so each weight gradient is one
/// sum of outer products after the backward loop, and no weight is copied or transposed.
/// The result equals the literal path and the sum of the B separate runs within rounding
/// (`tests/batch.rs`, `tests/fast_path.rs` check 1e-12).
impl BatchStep for GruCell {
    type BatchCache = GruBatchCache;

    fn forward_rows<'a>(
        &'a self,
        inputs: Inputs,
        b: usize,
        timesteps: usize,
        state0: Option<&[f64]>,
    ) -> (Vec<f64>, GruBatchCache) {
        inputs.check((b, timesteps, self.input_size()), state0, self.state_size());
        let (d, dh) = (self.input_size(), self.hidden_size());
        let bd = b * dh;
        let ([reset, update, candidate], b_hn) = self.gates();
        let wx = |m: &'a Matrix| Some(inputs.weights(m.as_slice(), d, b));
        let wh = |m: &'a Matrix| Some(Transposed::new(m.as_slice(), dh, b));
        // (block, its bias, its Wx if the input reaches it, its Wh if the state does)
        let parts: [(usize, &Vector, Option<Transposed>, Option<Transposed>); 4] = [
            (0, reset.b(), wx(reset.wx()), wh(reset.wh())),
            (1, update.b(), wx(update.wx()), wh(update.wh())),
            (2, candidate.b(), wx(candidate.wx()), None),
            (3, b_hn, None, wh(candidate.wh())),
        ];
        let mut blocks: [Vec<f64>; 4] = std::array::from_fn(|_| vec![0.0; timesteps * bd]);
        let mut hs = vec![0.0; (timesteps + 1) * bd];
        if let Some(h0) = state0 {
            hs[..bd].copy_from_slice(h0); //                                H₀
        }
        for t in 0..timesteps {
            let step = t * bd..(t + 1) * bd;
            let (h_before, h_after) = hs.split_at_mut((t + 1) * bd);
            let (h_prev, h_t) = (&h_before[t * bd..], &mut h_after[..bd]);
            for (k, bias, wx, wh) in &parts {
                let z = &mut blocks[*k][step.clone()];
                for row in z.chunks_exact_mut(dh) {
                    row.copy_from_slice(bias.as_slice()); //               b
                }
                if let Some(wx) = wx {
                    inputs.add_step(z, wx, t, b); //                       + Xₜ·Wxᵀ
                }
                if let Some(wh) = wh {
                    wh.add_product(z, h_prev); //                          + Hₜ₋₁·Whᵀ
                }
            }
            let [r, z, n, a] = blocks.each_mut().map(|m| &mut m[step.clone()]);
            sigmoid_in_place(r); //                                        Rₜ
            sigmoid_in_place(z); //                                        Zₜ
            for k in 0..bd {
                n[k] += r[k] * a[k]; //                                    S_n + Rₜ ⊙ Aₜ
            }
            tanh_in_place(n); //                                           Nₜ
            for k in 0..bd {
                h_t[k] = (1.0 - z[k]) * n[k] + z[k] * h_prev[k]; //        Hₜ
            }
        }
        let out = hs[bd..].to_vec();
        let cache = GruBatchCache {
            inputs: inputs.keep(),
            blocks,
            hs,
            b,
        };
        (out, cache)
    }

    fn backward_rows(&self, cache: &GruBatchCache, dhs: &[f64]) -> (GruCell, Vector, Vec<f64>) {
        let (dh, b, hs) = (self.hidden_size(), cache.b, &cache.hs);
        let bd = b * dh;
        let timesteps = dhs.len() / bd;
        let ([reset, update, candidate], _) = self.gates();
        // Backward through time: [R, Z, N, A] become [dR, dZ, dN, dA] (in a copy).
        let mut d_blocks = cache.blocks.clone();
        let mut dh_next = vec![0.0; bd];
        for t in (0..timesteps).rev() {
            let step = t * bd..(t + 1) * bd;
            let h_prev = &hs[step.clone()];
            let dh_above = &dhs[step.clone()];
            let [dr, dz, dn, da] = d_blocks.each_mut().map(|m| &mut m[step.clone()]);
            for k in 0..bd {
                let (r, z, n, a) = (dr[k], dz[k], dn[k], da[k]);
                let d = dh_next[k] + dh_above[k]; //                 dH: from t+1 and above
                let d_n = d * (1.0 - z) * (1.0 - n * n); //          dN
                dz[k] = d * (h_prev[k] - n) * z * (1.0 - z); //      dZ
                dr[k] = d_n * a * r * (1.0 - r); //                  dR
                dn[k] = d_n;
                da[k] = d_n * r; //                                  dA
                dh_next[k] = d * z; //                               dH ⊙ Zₜ
            }
            add_matmul(&mut dh_next, dr, reset.wh().as_slice(), dh, dh); //   + dR·Wh_r
            add_matmul(&mut dh_next, dz, update.wh().as_slice(), dh, dh); //  + dZ·Wh_z
            add_matmul(&mut dh_next, da, candidate.wh().as_slice(), dh, dh); // + dA·Wh_n
        }

        // The weights, once, as sums of outer products over every step and sequence:
        // dWx from dR, dZ, dN; dWh from dR, dZ, dA; dX = dR·Wx_r + dZ·Wx_z + dN·Wx_n.
        let h_prevs = &hs[..timesteps * bd];
        let mut dxs = Vec::new();
        let mut weight = |x: usize, h: usize, wx: &Matrix| {
            let dz = (d_blocks[x].as_slice(), d_blocks[h].as_slice());
            cache.inputs.gate_gradient(dz, wx, h_prevs, &mut dxs)
        };
        let reset = weight(0, 0, reset.wx());
        let update = weight(1, 1, update.wx());
        let candidate = weight(2, 3, candidate.wx()); // its Wx meets dN, its Wh dA
        let d_cell = GruCell {
            reset,
            update,
            candidate,
            b_hn: sum_rows(&d_blocks[3], dh),
        };
        (d_cell, sum_rows(&dh_next, dh), dxs)
    }

    fn last_state(&self, cache: &GruBatchCache) -> Vec<f64> {
        cache.hs[cache.hs.len() - cache.b * self.hidden_size()..].to_vec()
    }
}
