//! A mini-batch of B sequences through an LSTM at once ([`BatchStep`]: many-to-one or a
//! tag at every step, under an embedding, alone or in a bidirectional pair): the notes'
//! formula with a batch dimension. Every sequence of the batch is a row, so each step is
//! one matrix product per input side instead of B matrix-vector products:
//!
//! ```text
//! Zₜ = Xₜ·Wxᵀ + Hₜ₋₁·Whᵀ + b      B×4Dh   the four gates side by side (i, f, g, o)
//! Cₜ = Fₜ ⊙ Cₜ₋₁ + Iₜ ⊙ Gₜ          B×Dh
//! Hₜ = Oₜ ⊙ tanh(Cₜ)                B×Dh
//! ```
//!
//! | symbol | shape | here |
//! |---|---|---|
//! | Xₜ | B×E | row b: E\[id of sequence b at t\] |
//! | Wx (four gates stacked) | 4Dh×E | `wx_all` |
//! | Wh (four gates stacked) | 4Dh×Dh | `wh_all` |
//! | Hₜ, Cₜ | B×Dh | row b: sequence b's state |
//!
//! The weight gradients are sums over the batch and the steps, taken once after the
//! backward loop as sums of outer products. The result equals the sum of the B separate
//! runs ([`SequenceModel::loss_and_gradients_sum`]) within rounding (`tests/batch.rs`
//! checks 1e-12).

use super::SequenceGradients;
use super::batched::{BatchStep, many_to_one, state0_sum, transposed};
use super::kernels::{add_matmul, add_outer_products, sigmoid_in_place, tanh_in_place};
use crate::cells::{Embedded, Gate, LstmCell, SequenceModel};
use crate::linalg::{Matrix, ShapeError, Vector};

/// The rows of the four gates' matrices, stacked in the order i, f, g, o: 4Dh rows.
fn stacked(gates: [&Gate; 4], part: impl Fn(&Gate) -> &Matrix) -> Vec<f64> {
    gates
        .iter()
        .flat_map(|g| part(g).as_slice().iter().copied())
        .collect()
}

impl SequenceModel<Embedded<LstmCell>> {
    /// The summed loss and gradients of B sequences of token ids (all of one length),
    /// each labelled at its last step, computed a batch at a time (see [the module
    /// docs](self)); every state starts at zero. The same numbers as
    /// [`loss_and_gradients_sum`](SequenceModel::loss_and_gradients_sum) on the one-hot
    /// sequences, within rounding.
    ///
    /// # Errors
    ///
    /// An empty batch, sequences of different lengths or of no token, a label count
    /// other than B, an id ≥ V or a label ≥ the number of classes, each named.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{one_hot, Embedded, Embedding, SequenceModel};
    /// use rnn_from_scratch::{LstmCell, Mt19937};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let cell = Embedded::new(Embedding::init(20, 4, &mut rng), LstmCell::init(4, 6, &mut rng))?;
    /// let model = SequenceModel::with_softmax(cell, 2, &mut rng);
    /// let ids = vec![vec![3, 1, 4], vec![1, 5, 9]];
    /// let (loss, _) = model.loss_and_gradients_batch(&ids, &[1, 0])?;
    /// let separate = ids.iter().zip([1, 0]).map(|(s, y)| (one_hot(s, 20), vec![(2, y)]));
    /// let (want, _) = model.loss_and_gradients_sum(separate, &model.zero_state()).map_err(|(_, e)| e)?;
    /// assert!((loss - want).abs() < 1e-12);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss_and_gradients_batch(
        &self,
        ids: &[Vec<usize>],
        labels: &[usize],
    ) -> Result<(f64, SequenceGradients<Embedded<LstmCell>>), ShapeError> {
        many_to_one(self, ids, labels)
    }
}

/// What the batched LSTM's forward pass keeps: Xₜ (T·B×d), the gates after their
/// activations (T·B×4Dh), Hₜ and Cₜ from zero ((T+1)·B×Dh), tanh(Cₜ) (T·B×Dh), and B.
pub struct LstmTape {
    xs: Vec<f64>,
    zs: Vec<f64>,
    hs: Vec<f64>,
    cs: Vec<f64>,
    tanh_cs: Vec<f64>,
    b: usize,
}

/// The batched LSTM (see [the module docs](self)).
impl BatchStep for LstmCell {
    type Tape = LstmTape;

    fn forward_rows(&self, xs: &[f64], b: usize, timesteps: usize) -> (Vec<f64>, LstmTape) {
        let (e, dh) = (self.input_size(), self.hidden_size());
        let gates = self.gates();
        let (wx_all, wh_all) = (stacked(gates, Gate::wx), stacked(gates, Gate::wh));
        let b_all: Vec<f64> = gates
            .iter()
            .flat_map(|g| g.b().as_slice().iter().copied())
            .collect();
        let (wx_transposed, wh_transposed) = (
            transposed(&wx_all, 4 * dh, e),
            transposed(&wh_all, 4 * dh, dh),
        );
        let g4 = 4 * dh;
        let mut zs = vec![0.0; timesteps * b * g4];
        let mut hs = vec![0.0; (timesteps + 1) * b * dh];
        let mut cs = vec![0.0; (timesteps + 1) * b * dh];
        let mut tanh_cs = vec![0.0; timesteps * b * dh];
        for t in 0..timesteps {
            let z = &mut zs[t * b * g4..(t + 1) * b * g4];
            for row in z.chunks_exact_mut(g4) {
                row.copy_from_slice(&b_all); //                         b
            }
            add_matmul(z, &xs[t * b * e..(t + 1) * b * e], &wx_transposed, e, g4); // + Xₜ·Wxᵀ
            add_matmul(z, &hs[t * b * dh..(t + 1) * b * dh], &wh_transposed, dh, g4); // + Hₜ₋₁·Whᵀ
            for row in z.chunks_exact_mut(g4) {
                sigmoid_in_place(&mut row[..2 * dh]); //                Iₜ, Fₜ
                tanh_in_place(&mut row[2 * dh..3 * dh]); //             Gₜ
                sigmoid_in_place(&mut row[3 * dh..]); //                Oₜ
            }
            let (before, after) = cs.split_at_mut((t + 1) * b * dh);
            let (c_prev, c_t) = (&before[t * b * dh..], &mut after[..b * dh]);
            for r in 0..b {
                let zr = &z[r * g4..(r + 1) * g4];
                for i in 0..dh {
                    let k = r * dh + i;
                    c_t[k] = zr[dh + i] * c_prev[k] + zr[i] * zr[2 * dh + i]; // Cₜ = F⊙Cₜ₋₁ + I⊙G
                }
            }
            let tc = &mut tanh_cs[t * b * dh..(t + 1) * b * dh];
            tc.copy_from_slice(c_t);
            tanh_in_place(tc);
            let h_t = &mut hs[(t + 1) * b * dh..(t + 2) * b * dh];
            for r in 0..b {
                for i in 0..dh {
                    h_t[r * dh + i] = z[r * g4 + 3 * dh + i] * tc[r * dh + i]; // Hₜ = O ⊙ tanh(Cₜ)
                }
            }
        }
        let out = hs[b * dh..].to_vec();
        let tape = LstmTape {
            xs: xs.to_vec(),
            zs,
            hs,
            cs,
            tanh_cs,
            b,
        };
        (out, tape)
    }

    fn backward_rows(&self, tape: &LstmTape, dhs: &[f64]) -> (LstmCell, Vector, Vec<f64>) {
        let (e, dh, b) = (self.input_size(), self.hidden_size(), tape.b);
        let g4 = 4 * dh;
        let timesteps = dhs.len() / (b * dh);
        let gates = self.gates();
        let (wx_all, wh_all) = (stacked(gates, Gate::wx), stacked(gates, Gate::wh));
        // Backward through time; the gates become their pre-activation gradients (a copy).
        let mut zs = tape.zs.clone();
        let mut dh_next = vec![0.0; b * dh];
        let mut dc_next = vec![0.0; b * dh];
        let mut dh_prev = vec![0.0; b * dh];
        for t in (0..timesteps).rev() {
            let z = &mut zs[t * b * g4..(t + 1) * b * g4];
            let c_prev = &tape.cs[t * b * dh..(t + 1) * b * dh];
            let tc = &tape.tanh_cs[t * b * dh..(t + 1) * b * dh];
            let dh_above = &dhs[t * b * dh..(t + 1) * b * dh];
            for r in 0..b {
                let zr = &mut z[r * g4..(r + 1) * g4];
                for i in 0..dh {
                    let k = r * dh + i;
                    let (i_t, f_t, g_t, o_t) = (zr[i], zr[dh + i], zr[2 * dh + i], zr[3 * dh + i]);
                    let dh_k = dh_next[k] + dh_above[k]; //                    dH: from t+1 and above
                    let dc = dc_next[k] + dh_k * o_t * (1.0 - tc[k] * tc[k]);
                    zr[3 * dh + i] = dh_k * tc[k] * o_t * (1.0 - o_t); //      dO
                    zr[i] = dc * g_t * i_t * (1.0 - i_t); //                   dI
                    zr[2 * dh + i] = dc * i_t * (1.0 - g_t * g_t); //          dG
                    zr[dh + i] = dc * c_prev[k] * f_t * (1.0 - f_t); //        dF
                    dc_next[k] = dc * f_t; //                                  dCₜ₋₁
                }
            }
            dh_prev.fill(0.0);
            add_matmul(&mut dh_prev, z, &wh_all, g4, dh); //               dHₜ₋₁ = dZ·Wh
            std::mem::swap(&mut dh_next, &mut dh_prev);
        }

        // The weights, once: dWx = Σ dZᵀ·X, dWh = Σ dZᵀ·Hₜ₋₁ (sums of outer products over
        // every step and sequence), db = Σ dZ, and dX = dZ·Wx.
        let mut dwx_all = vec![0.0; g4 * e];
        let mut dwh_all = vec![0.0; g4 * dh];
        let mut db_all = vec![0.0; g4];
        add_outer_products(&mut dwx_all, &zs, &tape.xs, g4, e);
        add_outer_products(&mut dwh_all, &zs, &tape.hs[..timesteps * b * dh], g4, dh);
        for row in zs.chunks_exact(g4) {
            for (d, x) in db_all.iter_mut().zip(row) {
                *d += x;
            }
        }
        let mut dxs = vec![0.0; timesteps * b * e];
        add_matmul(&mut dxs, &zs, &wx_all, g4, e);
        // Gradients, not weights: built without `Gate::new`'s finiteness check, so that an
        // overflow (a huge learning rate) reaches the clipping, which names it.
        let gate = |k: usize| Gate {
            wx: Matrix::from_vec(dh, e, dwx_all[k * dh * e..(k + 1) * dh * e].to_vec())
                .expect("Dh×d"),
            wh: Matrix::from_vec(dh, dh, dwh_all[k * dh * dh..(k + 1) * dh * dh].to_vec())
                .expect("Dh×Dh"),
            b: Vector::from(&db_all[k * dh..(k + 1) * dh]),
        };
        let d_cell = LstmCell::new(gate(0), gate(1), gate(2), gate(3)).expect("the cell's shapes");
        // ∂L/∂[h₀; c₀], summed over the batch as the separate runs' sum would be.
        let state0 = [
            state0_sum(&dh_next, dh).as_slice(),
            state0_sum(&dc_next, dh).as_slice(),
        ]
        .concat();
        (d_cell, Vector::from(state0), dxs)
    }
}
