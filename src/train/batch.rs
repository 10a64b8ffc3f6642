//! Backpropagation through time for a mini-batch: the same formulas with B sequences as
//! the rows of every matrix.

use super::{Gradients, Rnn};
use crate::cells::{log_sum_exp, softmax};
use crate::linalg::{Matrix, ShapeError, Vector};

impl Rnn {
    /// The loss and gradients of B sequences at once (a mini-batch), every product a
    /// matrix product: the notes' formula with the batch as the rows of each matrix.
    /// Equal to the sum of B separate [`loss_and_gradients`](Rnn::loss_and_gradients)
    /// (`tests/batch.rs` checks it); returns the summed loss, the summed gradients (with
    /// `h0` left empty: see the third value) and ∂L/∂H₀ (B×Dh).
    ///
    /// ```text
    /// forward, t = 1 … T:
    /// Hₜ  = tanh(Xₜ·Wxᵀ + Hₜ₋₁·Whᵀ + b)      B×Dh    (RnnCell::forward_batch)
    /// Zₜ  = Hₜ·Wyᵀ + by                      B×V
    /// L  += Σᵢ −ln softmax(Zₜ[i])[yₜ,ᵢ]
    /// backward, t = T … 1:
    /// dZ  = softmax(Zₜ) − Yₜ                 B×V     Yₜ: one-hot targets, a row each
    /// dWy += dZᵀ·Hₜ                          V×Dh
    /// dby += Σ_rows dZ                       V
    /// dH  = dZ·Wy + dH_next                  B×Dh
    /// dA  = (1 − Hₜ²) ⊙ dH                   B×Dh
    /// db  += Σ_rows dA                       Dh
    /// dWx += dAᵀ·Xₜ                          Dh×d
    /// dWh += dAᵀ·Hₜ₋₁                        Dh×Dh
    /// dH_next = dA·Wh                        B×Dh
    /// ```
    ///
    /// # Errors
    ///
    /// The errors of [`RnnCell::forward_batch`](crate::RnnCell::forward_batch) (sequences
    /// of different lengths are refused), `targets must have one list per sequence: 3
    /// sequences, got 2`, or a bad target (`sequence 1: target 7 at timestep 2 is not a
    /// class: V = 5, so targets must be below 5`).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Activation, Init, Matrix, Mt19937, OutputLayer, Vector};
    /// use rnn_from_scratch::train::Rnn;
    ///
    /// let mut rng = Mt19937::new(0);
    /// let output = OutputLayer::new(Matrix::random(3, 4, &mut rng), Vector::zeros(3), Activation::Softmax)?;
    /// let rnn = Rnn::new(Init::Xavier.cell(2, 4, &mut rng), output)?;
    /// let batch = vec![Matrix::random(5, 2, &mut rng), Matrix::random(5, 2, &mut rng)];
    /// let targets = vec![vec![0, 1, 2, 0, 1], vec![2, 2, 1, 0, 0]];
    /// let (loss, g, _) = rnn.loss_and_gradients_batch(&batch, &targets, &Matrix::zeros(2, 4))?;
    /// let (l0, g0, _) = rnn.loss_and_gradients(&batch[0], &targets[0], &Vector::zeros(4))?;
    /// let (l1, g1, _) = rnn.loss_and_gradients(&batch[1], &targets[1], &Vector::zeros(4))?;
    /// assert!((loss - (l0 + l1)).abs() < 1e-12);
    /// assert!((g.wh[(1, 2)] - (g0.wh[(1, 2)] + g1.wh[(1, 2)])).abs() < 1e-12);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss_and_gradients_batch(
        &self,
        batch: &[Matrix],
        targets: &[Vec<usize>],
        h0: &Matrix,
    ) -> Result<(f64, Gradients, Matrix), ShapeError> {
        if targets.len() != batch.len() {
            return Err(ShapeError::new(format!(
                "targets must have one list per sequence: {} sequences, got {}",
                batch.len(),
                targets.len()
            )));
        }
        for (i, (inputs, y)) in batch.iter().zip(targets).enumerate() {
            self.check_targets(inputs.shape().0, y)
                .map_err(|e| e.in_context(&format!("sequence {i}")))?;
        }
        let (xs, hs) = self.cell.forward_batch_steps(batch, h0)?;
        let (wh, wy, by) = (&self.cell.wh, &self.output.wy, &self.output.by);
        let (b, v) = (batch.len(), self.output_size());
        let mut g = Gradients::zeros(self.input_size(), self.hidden_size(), v);
        g.h0 = Vector::zeros(0);
        let mut loss = 0.0;
        let mut dh_next = Matrix::zeros(b, self.hidden_size());
        for t in (1..hs.len()).rev() {
            let mut z = &hs[t] * &wy.transpose(); //                  Zₜ = Hₜ·Wyᵀ + by
            let mut dz = Matrix::zeros(b, v);
            for i in 0..b {
                for (z, by) in z.row_mut(i).iter_mut().zip(by.as_slice()) {
                    *z += by;
                }
                let z_i = Vector::from(z.row(i));
                let y = targets[i][t - 1];
                loss += log_sum_exp(&z_i) - z_i[y]; //                −ln softmax(Zₜ[i])[y]
                dz.row_mut(i).copy_from_slice(softmax(&z_i).as_slice());
                dz[(i, y)] -= 1.0; //                                 dZ = softmax(Zₜ) − Yₜ
            }
            g.wy += &(&dz.transpose() * &hs[t]); //                    dWy += dZᵀ·Hₜ
            g.by += &dz.column_sums(); //                              dby += Σ_rows dZ
            let mut dh = &dz * wy; //                                  dH = dZ·Wy + dH_next
            dh += &dh_next;
            let slope = hs[t].map(|h| 1.0 - h * h);
            let da = slope.hadamard(&dh); //                         dA = (1 − Hₜ²) ⊙ dH
            g.b += &da.column_sums(); //                               db += Σ_rows dA
            let da_transposed = da.transpose();
            g.wx += &(&da_transposed * &xs[t - 1]); //                          dWx += dAᵀ·Xₜ
            g.wh += &(&da_transposed * &hs[t - 1]); //                          dWh += dAᵀ·Hₜ₋₁
            dh_next = &da * wh; //                                     dH_next = dA·Wh
        }
        Ok((loss, g, dh_next))
    }
}
