//! A mini-batch of B sequences through an RNN cell at once ([`BatchStep`]: many-to-one or
//! a tag at every step, under an embedding, alone or in a bidirectional pair): the
//! notes' formula with a batch dimension, as [`batched_lstm`](super::batched_lstm) does
//! for the LSTM:
//!
//! ```text
//! Hₜ = tanh(Xₜ·Wxᵀ + Hₜ₋₁·Whᵀ + b)      B×Dh    (row b: sequence b's hₜ)
//! dAₜ = dHₜ ⊙ (1 − Hₜ²)                  B×Dh    through tanh
//! dHₜ₋₁ = dAₜ·Wh   dXₜ = dAₜ·Wx          B×Dh, B×E
//! ```
//!
//! The result equals the sum of the B separate runs within rounding (`tests/batch.rs`
//! checks 1e-12).

use super::SequenceGradients;
use super::batched::{BatchStep, many_to_one, state0_sum};
use super::kernels::{add_matmul, add_outer_products, tanh_in_place};
use crate::cells::{Embedded, RnnCell, SequenceModel};
use crate::linalg::{Matrix, ShapeError, Vector};

impl SequenceModel<Embedded<RnnCell>> {
    /// The summed loss and gradients of B sequences of token ids (all of one length),
    /// each labelled at its last step, a batch at a time (see [the module
    /// docs](crate::train::batched_rnn)); every state starts at zero. The same numbers as
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
    /// use rnn_from_scratch::{Init, Mt19937};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let cell = Embedded::new(Embedding::init(20, 4, &mut rng), Init::Xavier.cell(4, 6, &mut rng))?;
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
    ) -> Result<(f64, SequenceGradients<Embedded<RnnCell>>), ShapeError> {
        many_to_one(self, ids, labels)
    }
}

/// The batched RNN: Hₜ = tanh(Xₜ·Wxᵀ + Hₜ₋₁·Whᵀ + b), B rows at once.
impl BatchStep for RnnCell {
    /// Xₜ (T·B×d) and Hₜ from H₀ = 0 ((T+1)·B×Dh), and B.
    type Tape = (Vec<f64>, Vec<f64>, usize);

    fn forward_rows(&self, xs: &[f64], b: usize, timesteps: usize) -> (Vec<f64>, Self::Tape) {
        let (e, dh) = (self.input_size(), self.hidden_size());
        let (wx_transposed, wh_transposed) = (self.wx().transpose(), self.wh().transpose());
        let mut hs = vec![0.0; (timesteps + 1) * b * dh];
        for t in 0..timesteps {
            let (before, after) = hs.split_at_mut((t + 1) * b * dh);
            let h_t = &mut after[..b * dh];
            for row in h_t.chunks_exact_mut(dh) {
                row.copy_from_slice(self.b().as_slice()); //            b
            }
            add_matmul(
                h_t,
                &xs[t * b * e..(t + 1) * b * e],
                wx_transposed.as_slice(),
                e,
                dh,
            ); // + Xₜ·Wxᵀ
            add_matmul(h_t, &before[t * b * dh..], wh_transposed.as_slice(), dh, dh); // + Hₜ₋₁·Whᵀ
            tanh_in_place(h_t); //                                       Hₜ = tanh(…)
        }
        (hs[b * dh..].to_vec(), (xs.to_vec(), hs, b))
    }

    fn backward_rows(&self, (xs, hs, b): &Self::Tape, dhs: &[f64]) -> (RnnCell, Vector, Vec<f64>) {
        let (e, dh, b) = (self.input_size(), self.hidden_size(), *b);
        let timesteps = dhs.len() / (b * dh);
        let (wx, wh) = (self.wx(), self.wh());
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
        // The weights, once: dWx = Σ dAᵀ·X, dWh = Σ dAᵀ·Hₜ₋₁, db = Σ dA; dX = dA·Wx.
        let mut dwx = vec![0.0; dh * e];
        let mut dwh = vec![0.0; dh * dh];
        let mut db = vec![0.0; dh];
        add_outer_products(&mut dwx, &das, xs, dh, e);
        add_outer_products(&mut dwh, &das, &hs[..timesteps * b * dh], dh, dh);
        for row in das.chunks_exact(dh) {
            for (d, x) in db.iter_mut().zip(row) {
                *d += x;
            }
        }
        let mut dxs = vec![0.0; timesteps * b * e];
        add_matmul(&mut dxs, &das, wx.as_slice(), dh, e);
        // A gradient, not weights: built without `new`'s finiteness check, so that an
        // overflow (a huge learning rate) reaches the clipping, which names it.
        let d_cell = RnnCell {
            wx: Matrix::from_vec(dh, e, dwx).expect("Dh×d"),
            wh: Matrix::from_vec(dh, dh, dwh).expect("Dh×Dh"),
            b: Vector::from(db),
        };
        (d_cell, state0_sum(&dh_next, dh), dxs)
    }
}
