//! The LSTM character model's training step, rewritten for speed: the same loss and
//! gradients as [`SequenceModel::loss_and_gradients`] on one-hot inputs (within rounding:
//! `tests/fast_path.rs` checks 1e-12), with the tricks of the plain RNN's [`fast`](super::fast)
//! path:
//!
//! 1. **One-hot inputs.** Wx·xₜ is column c of each gate's Wx, and dWx += d_gate·xₜᵀ
//!    touches only column c: no product at all.
//! 2. **Only the recurrence is sequential.** The output layer (zₜ, the loss, dWy, dby,
//!    Wyᵀ·dzₜ) runs for all steps at once after the forward loop (`softmax_outputs` in
//!    `fast.rs`, shared by every cell), and each gate's dWh =
//!    Σₜ d_gateₜ·hₜ₋₁ᵀ once after the backward loop, as a sum of outer products.
//! 3. **Row walks.** Whᵀ·d_gate is a sum of rows of Wh, read in memory order.
//! 4. **Vectorisable activations**: σ and tanh without a call per value (`kernels.rs`).
//! 5. **No allocation per step**: an [`LstmWorkspace`] keeps every buffer.
//!
//! The forward equations, per step (PyTorch's, as [`LstmCell`] documents them):
//!
//! ```text
//! iₜ = σ(Wxᵢ[:, c] + Whᵢ·hₜ₋₁ + bᵢ)   fₜ = σ(Wx_f[:, c] + Wh_f·hₜ₋₁ + b_f)
//! gₜ = tanh(Wx_g[:, c] + Wh_g·hₜ₋₁ + b_g)   oₜ = σ(Wxₒ[:, c] + Whₒ·hₜ₋₁ + bₒ)
//! cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ            hₜ = oₜ ⊙ tanh(cₜ)
//! ```
//!
//! and backward, from dh = Wyᵀ·dzₜ + dh_next and dc_next:
//!
//! ```text
//! do = dh ⊙ tanh(cₜ) ⊙ oₜ(1 − oₜ)
//! dc = dc_next + dh ⊙ oₜ ⊙ (1 − tanh²(cₜ))
//! di = dc ⊙ gₜ ⊙ iₜ(1 − iₜ)    dg = dc ⊙ iₜ ⊙ (1 − gₜ²)    df = dc ⊙ cₜ₋₁ ⊙ fₜ(1 − fₜ)
//! dc_next = dc ⊙ fₜ             dh_next = Σ_gates Wh_gateᵀ·d_gate
//! ```

use super::SequenceGradients;
use super::fast::{check_one_hot, softmax_outputs};
use super::kernels::{
    add_matmul, add_outer_products, axpy, matvec, sigmoid_in_place, tanh_in_place,
};
use crate::cells::{LstmCell, SequenceModel};
use crate::linalg::ShapeError;

/// Buffers for the LSTM's fast step, kept between calls so that no step allocates.
///
/// # Examples
///
/// ```
/// let work = rnn_from_scratch::train::fast_lstm::LstmWorkspace::new();
/// assert!(work.last_state().is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct LstmWorkspace {
    /// (timesteps + 1) × Dh: row 0 is h₀, row t is hₜ.
    hs: Vec<f64>,
    /// (timesteps + 1) × Dh: row 0 is c₀, row t is cₜ.
    cs: Vec<f64>,
    /// timesteps × Dh: tanh(cₜ).
    tanh_cs: Vec<f64>,
    /// 4 × timesteps × Dh, gate by gate (i, f, g, o): the activations, then (in the
    /// backward loop) the gradients of the pre-activations, d_gate.
    gates: [Vec<f64>; 4],
    /// timesteps × V: pₜ, then dzₜ.
    dz: Vec<f64>,
    /// timesteps × Dh: Wyᵀ·dzₜ.
    dh_out: Vec<f64>,
    /// Dh each: what flows back from the step after.
    dh_next: Vec<f64>,
    dc_next: Vec<f64>,
    /// [h_T; c_T] of the last call.
    last: Vec<f64>,
}

impl LstmWorkspace {
    /// An empty workspace.
    ///
    /// # Examples
    ///
    /// ```
    /// let work = rnn_from_scratch::train::fast_lstm::LstmWorkspace::new();
    /// assert!(work.last_state().is_empty()); // nothing run yet
    /// ```
    pub fn new() -> LstmWorkspace {
        LstmWorkspace::default()
    }

    /// [h_T; c_T], the state after the last call (to carry into the next chunk).
    ///
    /// # Examples
    ///
    /// See [`SequenceModel::loss_and_gradients_one_hot`].
    pub fn last_state(&self) -> &[f64] {
        &self.last
    }
}

impl SequenceModel<LstmCell> {
    /// The same loss and gradients as [`loss_and_gradients`](SequenceModel::loss_and_gradients)
    /// with one-hot inputs (d = V) and a target at every step, computed fast (see [the
    /// module docs](self)). `inputs[t]` is the character fed at step t, `targets[t]` the
    /// one wanted; `state0` is [h₀; c₀]; `gradients` is overwritten, and the last state
    /// [h_T; c_T] is left in [`LstmWorkspace::last_state`].
    ///
    /// # Errors
    ///
    /// `inputs and targets must have the same length, got 25 and 24`, an input or target
    /// out of range, `state0` of the wrong size, or `gradients` of other shapes.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{one_hot, SequenceModel};
    /// use rnn_from_scratch::train::fast_lstm::LstmWorkspace;
    /// use rnn_from_scratch::{LstmCell, Mt19937, Vector};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let model = SequenceModel::with_softmax(LstmCell::init(5, 4, &mut rng), 5, &mut rng);
    /// let (inputs, targets) = ([0, 3, 1], [3, 1, 4]);
    /// let every_step = [(0, 3), (1, 1), (2, 4)];
    /// let (loss, literal, last) = model.loss_and_gradients(&one_hot(&inputs, 5), &every_step, &Vector::zeros(8))?;
    ///
    /// let (mut work, mut fast) = (LstmWorkspace::new(), literal.clone());
    /// let fast_loss = model.loss_and_gradients_one_hot(&inputs, &targets, &[0.0; 8], &mut work, &mut fast)?;
    /// assert!((fast_loss - loss).abs() < 1e-12);
    /// assert!((work.last_state()[5] - last[5]).abs() < 1e-12);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss_and_gradients_one_hot(
        &self,
        inputs: &[usize],
        targets: &[usize],
        state0: &[f64],
        work: &mut LstmWorkspace,
        gradients: &mut SequenceGradients<LstmCell>,
    ) -> Result<f64, ShapeError> {
        let (cell, output) = (self.cell(), self.output());
        let (d, dh, v) = (cell.input_size(), cell.hidden_size(), output.output_size());
        check_one_hot(inputs, targets, d, v)?;
        ShapeError::check_vector("state0", "2·Dh", 2 * dh, state0.len())?;
        if gradients.cell.input_size() != d
            || gradients.cell.hidden_size() != dh
            || gradients.output.wy().shape() != (v, dh)
            || gradients.state0.len() != 2 * dh
        {
            return Err(ShapeError::new(
                "gradients must have the model's shapes (start from a copy of the literal path's)",
            ));
        }
        let timesteps = inputs.len();
        let gates = cell.gates();
        let (wx, wh, b) = (
            gates.map(|g| g.wx().as_slice()),
            gates.map(|g| g.wh().as_slice()),
            gates.map(|g| g.b().as_slice()),
        );
        work.hs.resize((timesteps + 1) * dh, 0.0);
        work.cs.resize((timesteps + 1) * dh, 0.0);
        work.tanh_cs.resize(timesteps * dh, 0.0);
        for gate in &mut work.gates {
            gate.resize(timesteps * dh, 0.0);
        }
        work.dz.resize(timesteps * v, 0.0);
        work.dh_out.resize(timesteps * dh, 0.0);
        work.hs[..dh].copy_from_slice(&state0[..dh]);
        work.cs[..dh].copy_from_slice(&state0[dh..]);

        // Forward, the only sequential part.
        for (t, &c) in inputs.iter().enumerate() {
            let now = t * dh..(t + 1) * dh;
            for k in 0..4 {
                let z = &mut work.gates[k][now.clone()];
                matvec(z, wh[k], dh, &work.hs[now.clone()]); //       Wh·hₜ₋₁
                for i in 0..dh {
                    z[i] += wx[k][i * d + c] + b[k][i]; //            + column c of Wx + b
                }
            }
            let [gi, gf, gg, go] = &mut work.gates;
            sigmoid_in_place(&mut gi[now.clone()]); //                 iₜ = σ(…)
            sigmoid_in_place(&mut gf[now.clone()]); //                 fₜ = σ(…)
            tanh_in_place(&mut gg[now.clone()]); //                    gₜ = tanh(…)
            sigmoid_in_place(&mut go[now.clone()]); //                 oₜ = σ(…)
            let next = (t + 1) * dh..(t + 2) * dh;
            let (c_before, c_after) = work.cs.split_at_mut((t + 1) * dh);
            let (c_prev, c_t) = (&c_before[now.clone()], &mut c_after[..dh]);
            for i in 0..dh {
                let j = t * dh + i;
                c_t[i] = gf[j] * c_prev[i] + gi[j] * gg[j]; //          cₜ = fₜ⊙cₜ₋₁ + iₜ⊙gₜ
            }
            let tanh_c = &mut work.tanh_cs[now.clone()];
            tanh_c.copy_from_slice(c_t);
            tanh_in_place(tanh_c);
            let h_t = &mut work.hs[next];
            for i in 0..dh {
                h_t[i] = go[t * dh + i] * tanh_c[i]; //                 hₜ = oₜ ⊙ tanh(cₜ)
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

        // Backward through time, the sequential part: the gates' activations are turned
        // into the gradients of their pre-activations, in place.
        work.dh_next.clear();
        work.dh_next.resize(dh, 0.0);
        work.dc_next.clear();
        work.dc_next.resize(dh, 0.0);
        for t in (0..timesteps).rev() {
            let [gi, gf, gg, go] = &mut work.gates;
            for i in 0..dh {
                let j = t * dh + i;
                let (i_t, f_t, g_t, o_t) = (gi[j], gf[j], gg[j], go[j]);
                let tanh_c = work.tanh_cs[j];
                let dh_i = work.dh_out[j] + work.dh_next[i]; //           dh = Wyᵀ·dz + dh_next
                let dc = work.dc_next[i] + dh_i * o_t * (1.0 - tanh_c * tanh_c);
                go[j] = dh_i * tanh_c * o_t * (1.0 - o_t); //             do
                gi[j] = dc * g_t * i_t * (1.0 - i_t); //                  di
                gg[j] = dc * i_t * (1.0 - g_t * g_t); //                  dg
                gf[j] = dc * work.cs[j] * f_t * (1.0 - f_t); //           df (cs[j] is cₜ₋₁)
                work.dc_next[i] = dc * f_t; //                           dc_next = dc ⊙ fₜ
            }
            work.dh_next.fill(0.0);
            for (d_gate, wh) in work.gates.iter().zip(wh) {
                let d_gate = &d_gate[t * dh..(t + 1) * dh];
                add_matmul(&mut work.dh_next, d_gate, wh, dh, dh); //     += Wh_gateᵀ·d_gate
            }
        }
        gradients.state0.as_mut_slice()[..dh].copy_from_slice(&work.dh_next);
        gradients.state0.as_mut_slice()[dh..].copy_from_slice(&work.dc_next);

        // Every gate's weights: dWx[:, xₜ] += d_gateₜ, db = Σₜ d_gateₜ, and
        // dWh = Σₜ d_gateₜ·hₜ₋₁ᵀ as one sum of outer products.
        for (k, gate) in gradients.cell.gates_mut().into_iter().enumerate() {
            let (dwx, dwh, db) = gate.arrays_mut();
            dwx.fill(0.0);
            dwh.fill(0.0);
            db.fill(0.0);
            for (d_gate, &c) in work.gates[k].chunks_exact(dh).zip(inputs) {
                axpy(db, 1.0, d_gate);
                for i in 0..dh {
                    dwx[i * d + c] += d_gate[i];
                }
            }
            add_outer_products(dwh, &work.gates[k], &work.hs[..timesteps * dh], dh, dh);
        }
        work.last.clear();
        work.last.extend_from_slice(&work.hs[timesteps * dh..]);
        work.last.extend_from_slice(&work.cs[timesteps * dh..]);
        Ok(loss)
    }
}
