//! The character model's training step, rewritten for speed.
//!
//! [`Rnn::loss_and_gradients`] is the formula, line by line, and allocates a vector for
//! every intermediate value. Training a character model calls it tens of thousands of
//! times, so [`Rnn::loss_and_gradients_one_hot`] computes the same numbers (within
//! rounding: `tests/fast_path.rs` checks 1e-12) another way:
//!
//! 1. **One-hot inputs.** xₜ is all zeros but a 1 at the character's index c, so Wx·xₜ is
//!    column c of Wx, and dWx += dh_raw·xₜᵀ only touches column c. No product at all.
//! 2. **Only the recurrence is sequential.** hₜ needs hₜ₋₁, and dh_next needs the step
//!    after, but the output layer does not: all zₜ = Wy·hₜ + by are computed after the
//!    forward loop, all Wyᵀ·dzₜ before the backward loop, and the weight gradients
//!    dWy = Σₜ dzₜ·hₜᵀ and dWh = Σₜ dh_rawₜ·hₜ₋₁ᵀ once after it, as sums of outer
//!    products that reuse each loaded row four times.
//! 3. **Row walks, not column reads.** Whᵀ·dh_raw and Wyᵀ·dz are sums of *rows* of Wh and
//!    Wy, read in memory order (see `kernels.rs`).
//! 4. **Several partial sums** in every dot product, so the compiler vectorises it.
//! 5. **No allocation per step.** A [`Workspace`] holds every buffer, reused each call.
//!
//! The crate builds with `-C target-cpu=native` (`.cargo/config.toml`), so the vector
//! instructions are the widest this processor has.

use super::kernels::{
    add_matmul, add_outer_products, axpy, matvec, matvec_transposed, tanh_in_place,
};
use super::{Gradients, Rnn};
use crate::linalg::{Matrix, ShapeError};

/// Buffers for [`Rnn::loss_and_gradients_one_hot`], kept between calls so that no step
/// allocates. Grows to fit the longest sequence seen.
///
/// # Examples
///
/// ```
/// let work = rnn_from_scratch::train::fast::Workspace::new();
/// assert!(work.last_hidden().is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// (timesteps + 1) × Dh: row 0 is h₀, row t is hₜ.
    hs: Vec<f64>,
    /// timesteps × V: the probabilities pₜ, then dzₜ = pₜ − onehot(yₜ) in place.
    dz: Vec<f64>,
    /// timesteps × Dh: Wyᵀ·dzₜ, then dh_rawₜ in place.
    dh_raw: Vec<f64>,
    /// Dh: the gradient arriving from the step after.
    dh_next: Vec<f64>,
    /// Dh: scratch.
    dh: Vec<f64>,
    /// The last hidden state of the last call.
    last: Vec<f64>,
}

impl Workspace {
    /// An empty workspace.
    ///
    /// # Examples
    ///
    /// ```
    /// let work = rnn_from_scratch::train::fast::Workspace::new();
    /// assert!(work.last_hidden().is_empty()); // nothing run yet
    /// ```
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// The last hidden state h_T of the last call (to carry into the next chunk).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::{char_rnn::init, fast::Workspace, Gradients};
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let rnn = init(3, 4, &mut Mt19937::new(0));
    /// let (mut work, mut g) = (Workspace::new(), Gradients::zeros(3, 4, 3));
    /// rnn.loss_and_gradients_one_hot(&[0, 1], &[1, 2], &[0.0; 4], &mut work, &mut g)?;
    /// assert_eq!(work.last_hidden().len(), 4); // h₂, to carry into the next chunk
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn last_hidden(&self) -> &[f64] {
        &self.last
    }
}

impl Rnn {
    /// The same loss and gradients as [`loss_and_gradients`](Rnn::loss_and_gradients)
    /// with one-hot inputs (d = the vocabulary size), computed fast; see [the module
    /// docs](self) for how. `inputs[t]` is the index of the character fed at step t,
    /// `targets[t]` the index wanted; `gradients` is overwritten (including `h0`), and the
    /// last hidden state is left in [`Workspace::last_hidden`].
    ///
    /// # Errors
    ///
    /// `inputs and targets must have the same length, got 25 and 24`,
    /// `input 80 at timestep 3 is not a character: d = 76, so inputs must be below 76`, the
    /// target errors of [`loss_and_gradients`](Rnn::loss_and_gradients), or
    /// `h0 must have Dh = 100 values, got 3`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Activation, Init, Matrix, Mt19937, OutputLayer, Vector};
    /// use rnn_from_scratch::cells::one_hot;
    /// use rnn_from_scratch::train::{fast::Workspace, Gradients, Rnn};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let output = OutputLayer::new(Matrix::random(5, 4, &mut rng), Vector::zeros(5), Activation::Softmax)?;
    /// let rnn = Rnn::new(Init::Xavier.cell(5, 4, &mut rng), output)?; // d = V = 5
    /// let (inputs, targets) = ([0, 3, 1], [3, 1, 4]);
    ///
    /// let mut work = Workspace::new();
    /// let mut fast = Gradients::zeros(5, 4, 5);
    /// let loss = rnn.loss_and_gradients_one_hot(&inputs, &targets, &[0.0; 4], &mut work, &mut fast)?;
    ///
    /// let (literal_loss, literal, h_last) = rnn.loss_and_gradients(&one_hot(&inputs, 5), &targets, &Vector::zeros(4))?;
    /// assert!((loss - literal_loss).abs() < 1e-12);
    /// assert!((fast.wh[(1, 2)] - literal.wh[(1, 2)]).abs() < 1e-12);
    /// assert!((work.last_hidden()[0] - h_last[0]).abs() < 1e-12);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss_and_gradients_one_hot(
        &self,
        inputs: &[usize],
        targets: &[usize],
        h0: &[f64],
        work: &mut Workspace,
        gradients: &mut Gradients,
    ) -> Result<f64, ShapeError> {
        let (d, dh, v) = (self.input_size(), self.hidden_size(), self.output_size());
        check_one_hot(inputs, targets, d, v)?;
        ShapeError::check_vector("h0", "Dh", dh, h0.len())?;
        let check = |name: &str, m: &Matrix, shape: (usize, usize)| {
            ShapeError::check_matrix(
                &format!("gradients.{name}"),
                "the parameter's shape",
                shape,
                m.shape(),
            )
        };
        check("wx", &gradients.wx, (dh, d))?;
        check("wh", &gradients.wh, (dh, dh))?;
        check("wy", &gradients.wy, (v, dh))?;
        ShapeError::check_vector("gradients.b", "Dh", dh, gradients.b.len())?;
        ShapeError::check_vector("gradients.by", "V", v, gradients.by.len())?;
        ShapeError::check_vector("gradients.h0", "Dh", dh, gradients.h0.len())?;

        let timesteps = inputs.len();
        let wx = self.cell.wx.as_slice();
        let wh = self.cell.wh.as_slice();
        let b = self.cell.b.as_slice();
        let wy = self.output.wy.as_slice();
        let by = self.output.by.as_slice();

        work.hs.resize((timesteps + 1) * dh, 0.0);
        work.dz.resize(timesteps * v, 0.0);
        work.dh_raw.resize(timesteps * dh, 0.0);
        work.dh_next.resize(dh, 0.0);
        work.dh.resize(dh, 0.0);
        work.hs[..dh].copy_from_slice(h0);

        // Forward, the only sequential part: hₜ = tanh(Wx[:, xₜ] + Wh·hₜ₋₁ + b).
        for (t, &c) in inputs.iter().enumerate() {
            let (before, after) = work.hs.split_at_mut((t + 1) * dh);
            let h_prev = &before[t * dh..];
            let h_t = &mut after[..dh];
            matvec(h_t, wh, dh, h_prev); //             Wh·hₜ₋₁
            for i in 0..dh {
                h_t[i] += wx[i * d + c] + b[i]; //       + column c of Wx (the one-hot product) + b
            }
            tanh_in_place(h_t); //                       tanh, vectorised
        }
        let hs = &work.hs[dh..]; // h₁ … h_T, timesteps × Dh

        let loss = softmax_outputs(
            hs,
            targets,
            (wy, by),
            &mut work.dz,
            (gradients.wy.as_mut_slice(), gradients.by.as_mut_slice()),
            &mut work.dh_raw, // holds Wyᵀ·dzₜ until the loop below
        );

        // Backward through time, the sequential part.
        work.dh_next.fill(0.0);
        for t in (0..timesteps).rev() {
            let h_t = &hs[t * dh..(t + 1) * dh];
            let dh_raw = &mut work.dh_raw[t * dh..(t + 1) * dh];
            for i in 0..dh {
                let dh_i = dh_raw[i] + work.dh_next[i]; //   dh = Wyᵀ·dz + dh_next
                dh_raw[i] = (1.0 - h_t[i] * h_t[i]) * dh_i; // dh_raw = (1 − hₜ²) ⊙ dh
            }
            matvec_transposed(&mut work.dh, wh, dh, dh_raw); // dh_next = Whᵀ·dh_raw
            std::mem::swap(&mut work.dh, &mut work.dh_next);
        }
        gradients.h0.as_mut_slice().copy_from_slice(&work.dh_next);

        // db = Σₜ dh_rawₜ; dWx[:, xₜ] += dh_rawₜ (one column per step, the one-hot product);
        // dWh = Σₜ dh_rawₜ·hₜ₋₁ᵀ as one sum of outer products.
        let db = gradients.b.as_mut_slice();
        db.fill(0.0);
        let dwx = gradients.wx.as_mut_slice();
        dwx.fill(0.0);
        for (dh_raw, &c) in work.dh_raw.chunks_exact(dh).zip(inputs) {
            axpy(db, 1.0, dh_raw);
            for i in 0..dh {
                dwx[i * d + c] += dh_raw[i];
            }
        }
        gradients.wh.as_mut_slice().fill(0.0);
        add_outer_products(
            gradients.wh.as_mut_slice(),
            &work.dh_raw,
            &work.hs[..timesteps * dh], // h₀ … h_{T−1}
            dh,
            dh,
        );

        work.last.clear();
        work.last.extend_from_slice(&work.hs[timesteps * dh..]);
        Ok(loss)
    }
}

/// Floating-point operations of one call of [`Rnn::loss_and_gradients_one_hot`] (a
/// multiply-add counts 2), for reporting GFLOP/s: per timestep, Wh·hₜ₋₁, Whᵀ·dh_raw and
/// dWh (Dh·Dh multiply-adds each), and Wy·hₜ, Wyᵀ·dz and dWy (V·Dh each). The one-hot
/// input costs no product, and the elementwise work is not counted.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::fast::flops_per_step;
/// assert_eq!(flops_per_step(100, 76, 25), 25 * 2 * (3 * 100 * 100 + 3 * 76 * 100));
/// ```
pub fn flops_per_step(hidden_size: usize, vocab_size: usize, timesteps: usize) -> u64 {
    gated_step_flops(1, hidden_size, vocab_size, timesteps)
}

/// [`flops_per_step`] for a cell with `gates` gates (each a Wh: 1 for the RNN, 4 for the
/// LSTM, 3 for the GRU): per timestep 3·gates·Dh² + 3·V·Dh multiply-adds.
pub(crate) fn gated_step_flops(
    gates: u64,
    hidden_size: usize,
    vocab_size: usize,
    timesteps: usize,
) -> u64 {
    let (h, v, t) = (hidden_size as u64, vocab_size as u64, timesteps as u64);
    t * 2 * (gates * 3 * h * h + 3 * v * h)
}

/// The output layer of a character model for every step at once, after the recurrence:
/// zₜ = Wy·hₜ + by, the loss Σₜ −ln softmax(zₜ)[yₜ], and its gradients: dz (overwritten,
/// timesteps × V), dWy = Σₜ dzₜ·hₜᵀ and dby = Σₜ dzₜ (overwritten, as one sum of outer
/// products after the loop), and Wyᵀ·dzₜ for every t (`dh_out`, overwritten, timesteps ×
/// Dh, computed as DZ·Wy walking Wy's rows). Shared by every cell's fast path: the output
/// layer does not know which cell made hₜ. `hs` is timesteps × Dh; targets are in range.
pub(crate) fn softmax_outputs(
    hs: &[f64],
    targets: &[usize],
    (wy, by): (&[f64], &[f64]),
    dz: &mut [f64],
    (dwy, dby): (&mut [f64], &mut [f64]),
    dh_out: &mut [f64],
) -> f64 {
    let v = by.len();
    let dh = wy.len() / v.max(1);
    let mut loss = 0.0;
    for (t, &y) in targets.iter().enumerate() {
        let z = &mut dz[t * v..(t + 1) * v];
        matvec(z, wy, dh, &hs[t * dh..(t + 1) * dh]);
        let mut max = f64::NEG_INFINITY;
        for (z, by) in z.iter_mut().zip(by) {
            *z += by;
            max = max.max(*z);
        }
        let z_y = z[y] - max;
        let mut sum = 0.0;
        for z in z.iter_mut() {
            *z = (*z - max).exp(); // e^(zᵢ − max)
            sum += *z;
        }
        loss += sum.ln() - z_y; // −ln pₜ[yₜ] = ln Σᵢ e^(zᵢ − max) − (z_y − max)
        for z in z.iter_mut() {
            *z /= sum; // pₜ
        }
        z[y] -= 1.0; // dz = pₜ − onehot(yₜ)
    }
    dwy.fill(0.0);
    add_outer_products(dwy, dz, hs, v, dh); // dWy = Σₜ dzₜ·hₜᵀ
    dby.fill(0.0);
    for dz in dz.chunks_exact(v) {
        axpy(dby, 1.0, dz); //                     dby = Σₜ dzₜ
    }
    dh_out.fill(0.0);
    add_matmul(dh_out, dz, wy, v, dh); //        Wyᵀ·dzₜ, every t
    loss
}

/// Inputs and targets of one length, each below d and V: `input 80 at timestep 3 is not a
/// character: d = 76, so inputs must be below 76`.
pub(crate) fn check_one_hot(
    inputs: &[usize],
    targets: &[usize],
    d: usize,
    v: usize,
) -> Result<(), ShapeError> {
    if inputs.len() != targets.len() {
        return Err(ShapeError::new(format!(
            "inputs and targets must have the same length, got {} and {}",
            inputs.len(),
            targets.len()
        )));
    }
    if let Some(t) = inputs.iter().position(|&c| c >= d) {
        return Err(ShapeError::new(format!(
            "input {} at timestep {t} is not a character: d = {d}, so inputs must be below {d}",
            inputs[t]
        )));
    }
    if let Some(t) = targets.iter().position(|&y| y >= v) {
        return Err(ShapeError::new(format!(
            "target {} at timestep {t} is not a class: V = {v}, so targets must be below {v}",
            targets[t]
        )));
    }
    Ok(())
}
