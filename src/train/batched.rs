//! The batched losses: one batch of one length through the cell's [`BatchStep`] (the body
//! of [`loss_and_gradients_examples`](super::loss_and_gradients_examples), which groups any
//! batch by length), a character model's chunk carrying its state
//! ([`SequenceModel::loss_and_gradients_ids`]), and the one fast softmax cross-entropy
//! they share ([`softmax_cross_entropy`]). Row t·B + b of every per-step array belongs to
//! sequence b at step t.

use super::SequenceGradients;
use crate::cells::{BatchStep, Dropout, Inputs, OutputLayer, SequenceModel};
use crate::linalg::ShapeError;
use crate::linalg::elementary::{exp, ln};
use crate::linalg::kernels::{add_matmul, add_matvec, add_outer_products, axpy};

/// B sequences of one length as one step-major list: id t·B + b is sequence b's at step t.
pub(crate) fn step_major(ids: &[Vec<usize>], timesteps: usize) -> Vec<usize> {
    (0..timesteps)
        .flat_map(|t| ids.iter().map(move |s| s[t]))
        .collect()
}

/// The summed loss and gradients of a batch of B sequences of one length through the
/// cell's batched step, every state from zero: the targets are (row, class) pairs, row
/// t·B + b for sequence b at step t. The one body of every batched loss.
///
/// With `dropout` (the rate and seed, and each sequence's place in the training set), a
/// mask per sequence drops the recurrent layer's inputs (X̃ₜ = Xₜ ⊙ m, by the cell:
/// [`BatchStep::forward_rows_dropped`]) and another its outputs on their way to the
/// softmax (h̃ₜ = hₜ ⊙ m′), the same masks at every step.
pub(crate) fn batch_loss<C: BatchStep>(
    model: &SequenceModel<C>,
    inputs: Inputs,
    (b, timesteps): (usize, usize),
    targets: &[(usize, usize)],
    dropout: Option<(&Dropout, &[usize])>,
) -> Result<(f64, SequenceGradients<C>), ShapeError> {
    let cell = model.cell();
    let Some((dropout, keys)) = dropout else {
        let (hs, cache) = cell.forward_rows(inputs, b, timesteps, None);
        let (loss, output, dhs) = softmax_cross_entropy(model.output(), &hs, targets)?;
        let (d_cell, state0, _) = cell.backward_rows(&cache, &dhs);
        return Ok((
            loss,
            SequenceGradients {
                cell: d_cell,
                output,
                state0,
            },
        ));
    };
    let widths = [cell.dropped_width(), cell.hidden_size()];
    let [input_masks, output_masks]: [Vec<f64>; 2] =
        dropout.masks(keys, &widths).try_into().expect("two widths");
    let (mut hs, cache) = cell.forward_rows_dropped(inputs, b, timesteps, &input_masks);
    Dropout::apply(&mut hs, &output_masks, widths[1]); //           h̃ₜ = hₜ ⊙ m′
    let (loss, output, mut dhs) = softmax_cross_entropy(model.output(), &hs, targets)?;
    Dropout::apply(&mut dhs, &output_masks, widths[1]); //          ∂L/∂hₜ = ∂L/∂h̃ₜ ⊙ m′
    let (d_cell, state0, _) = cell.backward_rows(&cache, &dhs);
    let gradients = SequenceGradients {
        cell: d_cell,
        output,
        state0,
    };
    Ok((loss, gradients))
}

/// The output layer's softmax cross-entropy on chosen rows of `hs` (N×Dh, row-major),
/// and its backward pass: the one every batched path and the character model use.
/// `targets` lists (row, class) pairs. Returns the loss (nats), the gradient of Wy and by
/// (as a layer), and ∂L/∂hᵣ for every row of `hs` (zero where no target reads it).
///
/// ```text
/// zᵣ   = Wy·hᵣ + by                    V
/// L   += ln Σᵢ e^(zᵣ,ᵢ) − zᵣ[y]         −ln softmax(zᵣ)[y]
/// dz   = softmax(zᵣ) − onehot(y)       V
/// dWy  = Σ dz·hᵣᵀ    dby = Σ dz        V×Dh, V
/// dhᵣ  = Wyᵀ·dz                        Dh
/// ```
///
/// Its literal reference, one vector at a time, is [`OutputLayer::cross_entropy`]. Written
/// for speed: the rows read are gathered first, so that dWy is one sum of outer products
/// and Wyᵀ·dz one product walking Wy's rows, both after the loop (`kernels.rs`).
///
/// # Errors
///
/// As [`OutputLayer::cross_entropy`]: a row past the end of `hs`, a class ≥ V, or `hs` of
/// another width than Dh.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Activation, Matrix, Mt19937, OutputLayer, Vector};
/// use rnn_from_scratch::train::softmax_cross_entropy;
///
/// let mut rng = Mt19937::new(0);
/// let output = OutputLayer::new(Matrix::random(4, 3, &mut rng), Vector::zeros(4), Activation::Softmax)?;
/// let hs = Matrix::random(2, 3, &mut rng);
/// let (fast, g, dhs) = softmax_cross_entropy(&output, hs.as_slice(), &[(1, 2), (0, 3)])?;
/// let (literal, lg, ldhs) = output.cross_entropy(&hs, &[(1, 2), (0, 3)])?;
/// assert!((fast - literal).abs() < 1e-12);
/// assert!((g.wy()[(2, 1)] - lg.wy()[(2, 1)]).abs() < 1e-12);
/// assert!((dhs[4] - ldhs[(1, 1)]).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub fn softmax_cross_entropy(
    output: &OutputLayer,
    hs: &[f64],
    targets: &[(usize, usize)],
) -> Result<(f64, OutputLayer, Vec<f64>), ShapeError> {
    let (v, dh) = (output.output_size(), output.hidden_size());
    if dh == 0 || !hs.len().is_multiple_of(dh) {
        return Err(ShapeError::new(format!(
            "hidden states must be rows of Dh = {dh} values, got {} values",
            hs.len()
        )));
    }
    let rows = hs.len() / dh;
    for &(t, y) in targets {
        if t >= rows {
            return Err(ShapeError::new(format!(
                "a target at timestep {t}, but there are only {rows} timesteps"
            )));
        }
        if y >= v {
            return Err(ShapeError::new(format!(
                "target {y} at timestep {t} is not a class: V = {v}, so targets must be below {v}"
            )));
        }
    }
    let (wy, by) = (output.wy().as_slice(), output.by().as_slice());
    let n = targets.len();
    let mut h_read = Vec::with_capacity(n * dh);
    for &(t, _) in targets {
        h_read.extend_from_slice(&hs[t * dh..(t + 1) * dh]);
    }
    let mut dz = vec![0.0; n * v];
    let mut loss = 0.0;
    for (k, &(_, y)) in targets.iter().enumerate() {
        let z = &mut dz[k * v..(k + 1) * v];
        z.copy_from_slice(by); //                           by
        add_matvec(z, wy, dh, &h_read[k * dh..(k + 1) * dh]); // zᵣ = Wy·hᵣ + by
        let max = z.iter().fold(f64::NEG_INFINITY, |m, &z| m.max(z));
        let z_y = z[y] - max;
        let mut sum = 0.0;
        for z in z.iter_mut() {
            *z = exp(*z - max); //                           e^(zᵢ − max)
            sum += *z;
        }
        loss += ln(sum) - z_y; //                            ln Σᵢ e^(zᵢ − max) − (z_y − max)
        for z in z.iter_mut() {
            *z /= sum; //                                    softmax(zᵣ)
        }
        z[y] -= 1.0; //                                      dz = softmax(zᵣ) − onehot(y)
    }
    // A gradient, not weights: the layer's arrays overwritten, without `new`'s finiteness
    // check, so that an overflow reaches the clipping, which names it.
    let mut gradient = output.clone();
    let (dwy, dby) = gradient.arrays_mut();
    dwy.fill(0.0);
    add_outer_products(dwy, &dz, &h_read, v, dh); //          dWy = Σ dz·hᵣᵀ
    dby.fill(0.0);
    for row in dz.chunks_exact(v) {
        axpy(dby, 1.0, row); //                              dby = Σ dz
    }
    let mut dh_read = vec![0.0; n * dh];
    add_matmul(&mut dh_read, &dz, wy, v, dh); //             Wyᵀ·dz, every row at once
    let mut dhs = vec![0.0; hs.len()];
    for (k, &(t, _)) in targets.iter().enumerate() {
        axpy(
            &mut dhs[t * dh..(t + 1) * dh],
            1.0,
            &dh_read[k * dh..(k + 1) * dh],
        );
    }
    Ok((loss, gradient, dhs))
}

impl<C: BatchStep> SequenceModel<C> {
    /// The loss and gradients of one sequence of token ids with a target at every step (a
    /// character model's chunk: `inputs[t]` the character fed at step t, `targets[t]` the
    /// one wanted), starting from `state0`: the cell's batched path with B = 1 and ids in
    /// ([`Inputs::Ids`]), so no step multiplies by a one-hot row. The same numbers as
    /// [`loss_and_gradients`](SequenceModel::loss_and_gradients) on the one-hot rows,
    /// within rounding (`tests/fast_path.rs` checks 1e-12). Also returns the state after
    /// the last step, to carry into the next chunk (truncated BPTT).
    ///
    /// # Errors
    ///
    /// `inputs and targets must have the same length, got 25 and 24`,
    /// `input 80 at timestep 3 is not a character: d = 76, so inputs must be below 76`,
    /// `target 9 at timestep 0 is not a class: V = 5, so targets must be below 5`, or a
    /// `state0` of another length than the cell's state.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{one_hot, CellKind, CharModel};
    /// use rnn_from_scratch::Mt19937;
    ///
    /// for &kind in CellKind::ALL {
    ///     let model = CharModel::for_characters(kind, 5, 4, &mut Mt19937::new(0)); // V = 5, Dh = 4
    ///     let (inputs, targets) = ([0, 3, 1], [3, 1, 4]);
    ///     let state0 = model.zero_state();
    ///     let (loss, g, last) = model.loss_and_gradients_ids(&inputs, &targets, state0.as_slice())?;
    ///     let every_step = [(0, 3), (1, 1), (2, 4)];
    ///     let (want, literal, want_last) = model.loss_and_gradients(&one_hot(&inputs, 5), &every_step, &state0)?;
    ///     assert!((loss - want).abs() < 1e-12);
    ///     assert!((g.output.wy()[(1, 2)] - literal.output.wy()[(1, 2)]).abs() < 1e-12);
    ///     assert!((last[0] - want_last[0]).abs() < 1e-12);
    /// }
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    #[allow(clippy::type_complexity)]
    pub fn loss_and_gradients_ids(
        &self,
        inputs: &[usize],
        targets: &[usize],
        state0: &[f64],
    ) -> Result<(f64, SequenceGradients<C>, Vec<f64>), ShapeError> {
        let cell = self.cell();
        check_one_hot(
            inputs,
            targets,
            cell.input_size(),
            self.output().output_size(),
        )?;
        if state0.len() != cell.state_size() {
            return Err(ShapeError::new(format!(
                "state0 must have the cell's {} state values, got {}",
                cell.state_size(),
                state0.len()
            )));
        }
        let (hs, cache) = cell.forward_rows(Inputs::Ids(inputs), 1, inputs.len(), Some(state0));
        let every_step: Vec<(usize, usize)> = targets.iter().copied().enumerate().collect();
        let (loss, output, dhs) = softmax_cross_entropy(self.output(), &hs, &every_step)?;
        let (d_cell, dstate0, _) = cell.backward_rows(&cache, &dhs);
        let gradients = SequenceGradients {
            cell: d_cell,
            output,
            state0: dstate0,
        };
        Ok((loss, gradients, cell.last_state(&cache)))
    }
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
