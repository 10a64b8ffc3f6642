//! A mini-batch of B sequences through a GRU at once ([`BatchStep`]: many-to-one or a tag
//! at every step, under an embedding, alone or in a bidirectional pair): the GRU's
//! equations ([`GruCell`]) with a batch dimension, as [`batched_lstm`](super::batched_lstm)
//! does for the LSTM. One B×4Dh product per input side and step holds every gate:
//!
//! ```text
//! Sₜ = Xₜ·Wx₄ᵀ + Hₜ₋₁·Wh₄ᵀ + [b_r, b_z, b_n, b_hn]        B×4Dh
//!    Wx₄ = [Wx_r; Wx_z; Wx_n; 0]     Wh₄ = [Wh_r; Wh_z; 0; Wh_n]
//! Rₜ = σ(S_r)   Zₜ = σ(S_z)   Aₜ = S_a = Wh_n·hₜ₋₁ + b_hn
//! Nₜ = tanh(S_n + Rₜ ⊙ Aₜ)    Hₜ = (1 − Zₜ) ⊙ Nₜ + Zₜ ⊙ Hₜ₋₁
//! ```
//!
//! The zero blocks let the backward pass use the same two matrices:
//! dHₜ₋₁ = dH ⊙ Zₜ + [dR, dZ, dN, dA]·Wh₄ and dXₜ = [dR, dZ, dN, dA]·Wx₄. The result equals
//! the sum of the B separate runs within rounding (`tests/batch.rs` checks 1e-12).

use super::SequenceGradients;
use super::batched::{BatchStep, many_to_one, state0_sum, transposed};
use super::kernels::{add_matmul, add_outer_products, sigmoid_in_place, tanh_in_place};
use crate::cells::{Embedded, Gate, GruCell, SequenceModel};
use crate::linalg::{Matrix, ShapeError, Vector};

impl SequenceModel<Embedded<GruCell>> {
    /// The summed loss and gradients of B sequences of token ids (all of one length),
    /// each labelled at its last step, a batch at a time (see [the module
    /// docs](crate::train::batched_gru)); every state starts at zero. The same numbers as
    /// [`loss_and_gradients_sum`](SequenceModel::loss_and_gradients_sum) on the one-hot
    /// sequences, within rounding.
    ///
    /// # Errors
    ///
    /// As the LSTM's: an empty or ragged batch, a label count other than B, an id ≥ V or a
    /// label ≥ the number of classes, each named.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{one_hot, Embedded, Embedding, SequenceModel};
    /// use rnn_from_scratch::{GruCell, Mt19937};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let cell = Embedded::new(Embedding::init(20, 4, &mut rng), GruCell::init(4, 6, &mut rng))?;
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
    ) -> Result<(f64, SequenceGradients<Embedded<GruCell>>), ShapeError> {
        many_to_one(self, ids, labels)
    }
}

/// The four blocks' stacked matrices Wx₄ (4Dh×d), Wh₄ (4Dh×Dh) and their biases (see
/// [the module docs](self)).
fn stacked(cell: &GruCell) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let (e, dh) = (cell.input_size(), cell.hidden_size());
    let ([reset, update, candidate], b_hn) = cell.gates();
    let zeros_e = vec![0.0; dh * e];
    let zeros_h = vec![0.0; dh * dh];
    let wx4: Vec<f64> = [
        reset.wx().as_slice(),
        update.wx().as_slice(),
        candidate.wx().as_slice(),
        &zeros_e,
    ]
    .concat();
    let wh4: Vec<f64> = [
        reset.wh().as_slice(),
        update.wh().as_slice(),
        &zeros_h,
        candidate.wh().as_slice(),
    ]
    .concat();
    let b4: Vec<f64> = [
        reset.b().as_slice(),
        update.b().as_slice(),
        candidate.b().as_slice(),
        b_hn.as_slice(),
    ]
    .concat();
    (wx4, wh4, b4)
}

/// The batched GRU (see [the module docs](self)). The tape: Xₜ (T·B×d),
/// [Rₜ, Zₜ, Nₜ, Aₜ] (T·B×4Dh), Hₜ from zero ((T+1)·B×Dh), and B.
impl BatchStep for GruCell {
    type Tape = (Vec<f64>, Vec<f64>, Vec<f64>, usize);

    fn forward_rows(&self, xs: &[f64], b: usize, timesteps: usize) -> (Vec<f64>, Self::Tape) {
        let (e, dh) = (self.input_size(), self.hidden_size());
        let g4 = 4 * dh;
        let (wx4, wh4, b4) = stacked(self);
        let (wx4_transposed, wh4_transposed) = (transposed(&wx4, g4, e), transposed(&wh4, g4, dh));
        let mut gs = vec![0.0; timesteps * b * g4];
        let mut hs = vec![0.0; (timesteps + 1) * b * dh];
        for t in 0..timesteps {
            let g = &mut gs[t * b * g4..(t + 1) * b * g4];
            for row in g.chunks_exact_mut(g4) {
                row.copy_from_slice(&b4);
            }
            add_matmul(g, &xs[t * b * e..(t + 1) * b * e], &wx4_transposed, e, g4); //   + Xₜ·Wx₄ᵀ
            add_matmul(
                g,
                &hs[t * b * dh..(t + 1) * b * dh],
                &wh4_transposed,
                dh,
                g4,
            ); // + Hₜ₋₁·Wh₄ᵀ
            let (h_before, h_after) = hs.split_at_mut((t + 1) * b * dh);
            let (h_prev, h_t) = (&h_before[t * b * dh..], &mut h_after[..b * dh]);
            for (r, row) in g.chunks_exact_mut(g4).enumerate() {
                sigmoid_in_place(&mut row[..2 * dh]); //                Rₜ, Zₜ
                for i in 0..dh {
                    row[2 * dh + i] += row[i] * row[3 * dh + i]; //      S_n + Rₜ ⊙ Aₜ
                }
                tanh_in_place(&mut row[2 * dh..3 * dh]); //             Nₜ
                for i in 0..dh {
                    let (z, n) = (row[dh + i], row[2 * dh + i]);
                    h_t[r * dh + i] = (1.0 - z) * n + z * h_prev[r * dh + i]; // Hₜ
                }
            }
        }
        (hs[b * dh..].to_vec(), (xs.to_vec(), gs, hs, b))
    }

    fn backward_rows(
        &self,
        (xs, gs, hs, b): &Self::Tape,
        dhs: &[f64],
    ) -> (GruCell, Vector, Vec<f64>) {
        let (e, dh, b) = (self.input_size(), self.hidden_size(), *b);
        let g4 = 4 * dh;
        let timesteps = dhs.len() / (b * dh);
        let (wx4, wh4, _) = stacked(self);
        // Backward through time: [R, Z, N, A] become [dR, dZ, dN, dA] (in a copy).
        let mut gs = gs.clone();
        let mut dh_next = vec![0.0; b * dh];
        let mut dh_prev = vec![0.0; b * dh];
        for t in (0..timesteps).rev() {
            let g = &mut gs[t * b * g4..(t + 1) * b * g4];
            let h_prev = &hs[t * b * dh..(t + 1) * b * dh];
            let dh_above = &dhs[t * b * dh..(t + 1) * b * dh];
            for (r, row) in g.chunks_exact_mut(g4).enumerate() {
                for i in 0..dh {
                    let k = r * dh + i;
                    let (rg, z, n, a) = (row[i], row[dh + i], row[2 * dh + i], row[3 * dh + i]);
                    let d = dh_next[k] + dh_above[k]; //                 dH: from t+1 and above
                    let dn = d * (1.0 - z) * (1.0 - n * n); //          dN
                    row[dh + i] = d * (h_prev[k] - n) * z * (1.0 - z); // dZ
                    row[i] = dn * a * rg * (1.0 - rg); //                 dR
                    row[2 * dh + i] = dn;
                    row[3 * dh + i] = dn * rg; //                        dA
                    dh_prev[k] = d * z; //                               dH ⊙ Zₜ
                }
            }
            add_matmul(&mut dh_prev, g, &wh4, g4, dh); //              + [dR dZ dN dA]·Wh₄
            std::mem::swap(&mut dh_next, &mut dh_prev);
        }

        // The weights, once, as sums of outer products over every step and sequence.
        let mut dwx4 = vec![0.0; g4 * e];
        let mut dwh4 = vec![0.0; g4 * dh];
        let mut db4 = vec![0.0; g4];
        add_outer_products(&mut dwx4, &gs, xs, g4, e); //    blocks dR, dZ, dN (dA·x unused)
        add_outer_products(&mut dwh4, &gs, &hs[..timesteps * b * dh], g4, dh); // dR, dZ, dA (dN unused)
        for row in gs.chunks_exact(g4) {
            for (d, x) in db4.iter_mut().zip(row) {
                *d += x;
            }
        }
        let mut dxs = vec![0.0; timesteps * b * e];
        add_matmul(&mut dxs, &gs, &wx4, g4, e);
        let block =
            |m: &[f64], k: usize, cols: usize| m[k * dh * cols..(k + 1) * dh * cols].to_vec();
        // Gradients, not weights: built without `Gate::new`'s finiteness check, so that an
        // overflow (a huge learning rate) reaches the clipping, which names it.
        let gate = |x: usize, h: usize| Gate {
            wx: Matrix::from_vec(dh, e, block(&dwx4, x, e)).expect("Dh×d"),
            wh: Matrix::from_vec(dh, dh, block(&dwh4, h, dh)).expect("Dh×Dh"),
            b: Vector::from(&db4[x * dh..(x + 1) * dh]),
        };
        let d_cell = GruCell {
            reset: gate(0, 0),
            update: gate(1, 1),
            candidate: gate(2, 3), // the candidate's Wx is block 2, its Wh block 3
            b_hn: Vector::from(&db4[3 * dh..]),
        };
        (d_cell, state0_sum(&dh_next, dh), dxs)
    }
}
