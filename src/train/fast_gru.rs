//! The GRU character model's training step, rewritten for speed, with the tricks of the
//! LSTM's ([`fast_lstm`](super::fast_lstm)): one-hot inputs as column lookups, the output
//! layer and the weight gradients' outer products outside the time loop, row walks for
//! the transposed products, vectorised σ and tanh, no allocation per step. The same loss
//! and gradients as [`SequenceModel::loss_and_gradients`] within rounding
//! (`tests/fast_path.rs` checks 1e-12).
//!
//! Forward (PyTorch's equations, as [`GruCell`] documents them) and backward, from
//! dh = Wyᵀ·dzₜ + dh_next:
//!
//! ```text
//! rₜ = σ(Wx_r[:, c] + Wh_r·hₜ₋₁ + b_r)      zₜ = σ(Wx_z[:, c] + Wh_z·hₜ₋₁ + b_z)
//! aₜ = Wh_n·hₜ₋₁ + b_hn                      nₜ = tanh(Wx_n[:, c] + b_n + rₜ ⊙ aₜ)
//! hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁
//!
//! dn = dh ⊙ (1 − zₜ) ⊙ (1 − nₜ²)        (through tanh: the candidate's pre-activation)
//! dz = dh ⊙ (hₜ₋₁ − nₜ) ⊙ zₜ(1 − zₜ)     dr = dn ⊙ aₜ ⊙ rₜ(1 − rₜ)     da = dn ⊙ rₜ
//! dh_next = dh ⊙ zₜ + Wh_rᵀ·dr + Wh_zᵀ·dz + Wh_nᵀ·da
//! ```

use super::SequenceGradients;
use super::fast::{check_one_hot, softmax_outputs};
use super::kernels::{
    add_matmul, add_outer_products, axpy, matvec, sigmoid_in_place, tanh_in_place,
};
use crate::cells::{GruCell, SequenceModel};
use crate::linalg::ShapeError;

/// Buffers for the GRU's fast step, kept between calls so that no step allocates.
///
/// # Examples
///
/// ```
/// let work = rnn_from_scratch::train::fast_gru::GruWorkspace::new();
/// assert!(work.last_hidden().is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct GruWorkspace {
    /// (timesteps + 1) × Dh: row 0 is h₀, row t is hₜ.
    hs: Vec<f64>,
    /// timesteps × Dh each: rₜ, zₜ, nₜ and aₜ = Wh_n·hₜ₋₁ + b_hn; in the backward loop,
    /// dr, dz, dn and da in their place.
    gates: [Vec<f64>; 4],
    /// timesteps × V: pₜ, then dzₜ.
    dz: Vec<f64>,
    /// timesteps × Dh: Wyᵀ·dzₜ.
    dh_out: Vec<f64>,
    /// Dh: what flows back from the step after.
    dh_next: Vec<f64>,
    /// Dh: scratch.
    dh_sum: Vec<f64>,
    /// h_T of the last call.
    last: Vec<f64>,
}

impl GruWorkspace {
    /// An empty workspace.
    ///
    /// # Examples
    ///
    /// ```
    /// let work = rnn_from_scratch::train::fast_gru::GruWorkspace::new();
    /// assert!(work.last_hidden().is_empty()); // nothing run yet
    /// ```
    pub fn new() -> GruWorkspace {
        GruWorkspace::default()
    }

    /// h_T, the hidden state after the last call (to carry into the next chunk).
    ///
    /// # Examples
    ///
    /// See [`SequenceModel::loss_and_gradients_one_hot`].
    pub fn last_hidden(&self) -> &[f64] {
        &self.last
    }
}

impl SequenceModel<GruCell> {
    /// The same loss and gradients as [`loss_and_gradients`](SequenceModel::loss_and_gradients)
    /// with one-hot inputs (d = V) and a target at every step, computed fast (see [the
    /// module docs](self)). `gradients` is overwritten; h_T is left in
    /// [`GruWorkspace::last_hidden`].
    ///
    /// # Errors
    ///
    /// As the LSTM's fast path: inputs and targets of different lengths, an index out of
    /// range, `h0` of the wrong size, or `gradients` of other shapes.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{one_hot, SequenceModel};
    /// use rnn_from_scratch::train::fast_gru::GruWorkspace;
    /// use rnn_from_scratch::{GruCell, Mt19937, Vector};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let model = SequenceModel::with_softmax(GruCell::init(5, 4, &mut rng), 5, &mut rng);
    /// let (inputs, targets) = ([0, 3, 1], [3, 1, 4]);
    /// let every_step = [(0, 3), (1, 1), (2, 4)];
    /// let (loss, literal, last) = model.loss_and_gradients(&one_hot(&inputs, 5), &every_step, &Vector::zeros(4))?;
    ///
    /// let (mut work, mut fast) = (GruWorkspace::new(), literal.clone());
    /// let fast_loss = model.loss_and_gradients_one_hot(&inputs, &targets, &[0.0; 4], &mut work, &mut fast)?;
    /// assert!((fast_loss - loss).abs() < 1e-12);
    /// assert!((work.last_hidden()[2] - last[2]).abs() < 1e-12);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss_and_gradients_one_hot(
        &self,
        inputs: &[usize],
        targets: &[usize],
        h0: &[f64],
        work: &mut GruWorkspace,
        gradients: &mut SequenceGradients<GruCell>,
    ) -> Result<f64, ShapeError> {
        let (cell, output) = (self.cell(), self.output());
        let (d, dh, v) = (cell.input_size(), cell.hidden_size(), output.output_size());
        check_one_hot(inputs, targets, d, v)?;
        ShapeError::check_vector("h0", "Dh", dh, h0.len())?;
        if gradients.cell.input_size() != d
            || gradients.cell.hidden_size() != dh
            || gradients.output.wy().shape() != (v, dh)
            || gradients.state0.len() != dh
        {
            return Err(ShapeError::new(
                "gradients must have the model's shapes (start from a copy of the literal path's)",
            ));
        }
        let timesteps = inputs.len();
        let ([reset, update, candidate], b_hn) = cell.gates();
        let (wx_r, wh_r, b_r) = (
            reset.wx().as_slice(),
            reset.wh().as_slice(),
            reset.b().as_slice(),
        );
        let (wx_z, wh_z, b_z) = (
            update.wx().as_slice(),
            update.wh().as_slice(),
            update.b().as_slice(),
        );
        let (wx_n, wh_n, b_n) = (
            candidate.wx().as_slice(),
            candidate.wh().as_slice(),
            candidate.b().as_slice(),
        );
        let b_hn = b_hn.as_slice();
        work.hs.resize((timesteps + 1) * dh, 0.0);
        for gate in &mut work.gates {
            gate.resize(timesteps * dh, 0.0);
        }
        work.dz.resize(timesteps * v, 0.0);
        work.dh_out.resize(timesteps * dh, 0.0);
        work.hs[..dh].copy_from_slice(h0);

        // Forward, the only sequential part.
        for (t, &c) in inputs.iter().enumerate() {
            let now = t * dh..(t + 1) * dh;
            let [r, z, n, a] = &mut work.gates;
            let h_prev = &work.hs[now.clone()];
            let (r, z, n, a) = (
                &mut r[now.clone()],
                &mut z[now.clone()],
                &mut n[now.clone()],
                &mut a[now.clone()],
            );
            matvec(r, wh_r, dh, h_prev); //                           Wh_r·hₜ₋₁
            matvec(z, wh_z, dh, h_prev); //                           Wh_z·hₜ₋₁
            matvec(a, wh_n, dh, h_prev); //                           Wh_n·hₜ₋₁
            for i in 0..dh {
                r[i] += wx_r[i * d + c] + b_r[i];
                z[i] += wx_z[i * d + c] + b_z[i];
                a[i] += b_hn[i]; //                                   aₜ = Wh_n·hₜ₋₁ + b_hn
            }
            sigmoid_in_place(r); //                                   rₜ
            sigmoid_in_place(z); //                                   zₜ
            for i in 0..dh {
                n[i] = wx_n[i * d + c] + b_n[i] + r[i] * a[i];
            }
            tanh_in_place(n); //                                      nₜ
            let (before, after) = work.hs.split_at_mut((t + 1) * dh);
            let (h_prev, h_t) = (&before[now], &mut after[..dh]);
            for i in 0..dh {
                h_t[i] = (1.0 - z[i]) * n[i] + z[i] * h_prev[i]; //  hₜ = (1 − zₜ)⊙nₜ + zₜ⊙hₜ₋₁
            }
        }
        let (dwy, dby) = gradients.output.arrays_mut();
        let loss = softmax_outputs(
            &work.hs[dh..],
            targets,
            (output.wy().as_slice(), output.by().as_slice()),
            &mut work.dz,
            (dwy, dby),
            &mut work.dh_out,
        );

        // Backward through time: rₜ, zₜ, nₜ, aₜ become dr, dz, dn, da in place.
        work.dh_next.clear();
        work.dh_next.resize(dh, 0.0);
        work.dh_sum.resize(dh, 0.0);
        for t in (0..timesteps).rev() {
            let [gr, gz, gn, ga] = &mut work.gates;
            for i in 0..dh {
                let j = t * dh + i;
                let (r, z, n, a) = (gr[j], gz[j], gn[j], ga[j]);
                let h_prev = work.hs[j];
                let dh_i = work.dh_out[j] + work.dh_next[i]; //         dh = Wyᵀ·dz + dh_next
                let dn = dh_i * (1.0 - z) * (1.0 - n * n); //          dn
                gz[j] = dh_i * (h_prev - n) * z * (1.0 - z); //        dz
                gr[j] = dn * a * r * (1.0 - r); //                     dr
                gn[j] = dn;
                ga[j] = dn * r; //                                     da
                work.dh_sum[i] = dh_i * z; //                          dh ⊙ zₜ
            }
            let now = t * dh..(t + 1) * dh;
            add_matmul(&mut work.dh_sum, &gr[now.clone()], wh_r, dh, dh); // + Wh_rᵀ·dr
            add_matmul(&mut work.dh_sum, &gz[now.clone()], wh_z, dh, dh); // + Wh_zᵀ·dz
            add_matmul(&mut work.dh_sum, &ga[now], wh_n, dh, dh); //         + Wh_nᵀ·da
            std::mem::swap(&mut work.dh_next, &mut work.dh_sum);
        }
        gradients
            .state0
            .as_mut_slice()
            .copy_from_slice(&work.dh_next);

        // The weights: dWx[:, xₜ] += d_gateₜ and db = Σₜ d_gateₜ for the input side, and
        // dWh = Σₜ (dr, dz or da)ₜ·hₜ₋₁ᵀ as sums of outer products; db_hn = Σₜ daₜ.
        let h_prevs = &work.hs[..timesteps * dh];
        let ([d_reset, d_update, d_candidate], d_b_hn) = gradients.cell.gates_mut();
        for (gate, input_side, hidden_side) in [
            (d_reset, &work.gates[0], &work.gates[0]),
            (d_update, &work.gates[1], &work.gates[1]),
            (d_candidate, &work.gates[2], &work.gates[3]),
        ] {
            let (dwx, dwh, db) = gate.arrays_mut();
            dwx.fill(0.0);
            dwh.fill(0.0);
            db.fill(0.0);
            for (d_gate, &c) in input_side.chunks_exact(dh).zip(inputs) {
                axpy(db, 1.0, d_gate);
                for i in 0..dh {
                    dwx[i * d + c] += d_gate[i];
                }
            }
            add_outer_products(dwh, hidden_side, h_prevs, dh, dh);
        }
        let d_b_hn = d_b_hn.as_mut_slice();
        d_b_hn.fill(0.0);
        for da in work.gates[3].chunks_exact(dh) {
            axpy(d_b_hn, 1.0, da);
        }
        work.last.clear();
        work.last.extend_from_slice(&work.hs[timesteps * dh..]);
        Ok(loss)
    }
}
