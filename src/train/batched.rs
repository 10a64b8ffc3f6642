//! The batched losses: many-to-one, a tag at every step, rows with any targets, and a
//! character model's chunk, each one batched pass through the cell's [`BatchStep`] and
//! the one fast softmax cross-entropy ([`softmax_cross_entropy`]). Row t·B + b of every
//! per-step array belongs to sequence b at step t.

use super::SequenceGradients;
use crate::cells::{BatchStep, Inputs, OutputLayer, SequenceModel};
use crate::linalg::kernels::{add_matmul, add_matvec, add_outer_products, axpy};
use crate::linalg::{Matrix, ShapeError};

/// A batch of token ids checked where it enters: not empty, one label per sequence,
/// every sequence at least one token long and every id below the cell's d (the
/// vocabulary: a row of the embedding table, or the place of a one-hot 1), each message
/// naming the sequence's place in `ids`. Lengths may differ (the buckets' case).
pub(crate) fn check_ids(d: usize, ids: &[Vec<usize>], labels: &[usize]) -> Result<(), ShapeError> {
    let b = ids.len();
    if b == 0 {
        return Err(ShapeError::new(
            "batch: a batch needs at least one sequence",
        ));
    }
    if labels.len() != b {
        return Err(ShapeError::new(format!(
            "batch: {b} sequences need {b} labels, got {}",
            labels.len()
        )));
    }
    for (k, s) in ids.iter().enumerate() {
        if s.is_empty() {
            return Err(ShapeError::new(format!(
                "batch: sequence {k} has no tokens; a sequence needs at least one"
            )));
        }
        if let Some(t) = s.iter().position(|&id| id >= d) {
            return Err(ShapeError::new(format!(
                "sequence {k}: id {} at timestep {t} is not in the vocabulary: V = {d}, so ids \
                 must be below {d}",
                s[t]
            )));
        }
    }
    Ok(())
}

/// Every label a class: `batch: label 5 of sequence 2 is not a class: the output has 2,
/// so labels must be below 2`.
pub(crate) fn check_labels(labels: &[usize], classes: usize) -> Result<(), ShapeError> {
    match labels.iter().position(|&y| y >= classes) {
        Some(k) => Err(ShapeError::new(format!(
            "batch: label {} of sequence {k} is not a class: the output has {classes}, \
             so labels must be below {classes}",
            labels[k]
        ))),
        None => Ok(()),
    }
}

/// [`check_ids`], and every sequence of one length, as one batched run needs. Returns
/// (B, timesteps).
pub(crate) fn check_batch(
    d: usize,
    ids: &[Vec<usize>],
    labels: &[usize],
) -> Result<(usize, usize), ShapeError> {
    check_ids(d, ids, labels)?;
    let timesteps = ids[0].len();
    if let Some(k) = ids.iter().position(|s| s.len() != timesteps) {
        return Err(ShapeError::new(format!(
            "batch: every sequence must have {timesteps} tokens like sequence 0, sequence {k} has {}",
            ids[k].len()
        )));
    }
    Ok((ids.len(), timesteps))
}

/// B sequences of one length as one step-major list: id t·B + b is sequence b's at step t.
fn step_major(ids: &[Vec<usize>], timesteps: usize) -> Vec<usize> {
    (0..timesteps)
        .flat_map(|t| ids.iter().map(move |s| s[t]))
        .collect()
}

/// The summed loss and gradients of a batch of B sequences of one length through the
/// cell's batched step, every state from zero: the targets are (row, class) pairs, row
/// t·B + b for sequence b at step t. The one body of every batched loss.
fn batch_loss<C: BatchStep>(
    model: &SequenceModel<C>,
    inputs: Inputs,
    (b, timesteps): (usize, usize),
    targets: &[(usize, usize)],
) -> Result<(f64, SequenceGradients<C>), ShapeError> {
    let cell = model.cell();
    let (hs, cache) = cell.forward_rows(inputs, b, timesteps, None);
    let (loss, output, dhs) = softmax_cross_entropy(model.output(), &hs, targets)?;
    let (d_cell, state0, _) = cell.backward_rows(&cache, &dhs);
    Ok((
        loss,
        SequenceGradients {
            cell: d_cell,
            output,
            state0,
        },
    ))
}

impl<C: BatchStep> SequenceModel<C> {
    /// The summed loss and gradients of B sequences of token ids (all of one length),
    /// each labelled at its last step (many-to-one), a batch at a time through the cell's
    /// batched path ([`BatchStep`]); every state starts at zero. The same numbers as
    /// [`loss_and_gradients_sum`](SequenceModel::loss_and_gradients_sum) on the one-hot
    /// sequences, within rounding. The ids are the rows of an [`Embedded`](crate::cells::Embedded) cell's table,
    /// or, for a cell that reads one-hot vectors, the places of their 1s.
    ///
    /// # Errors
    ///
    /// An empty or ragged batch, a label count other than B, an id ≥ V or a label ≥ the
    /// number of classes, each named.
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
    #[allow(clippy::type_complexity)]
    pub fn loss_and_gradients_batch(
        &self,
        ids: &[Vec<usize>],
        labels: &[usize],
    ) -> Result<(f64, SequenceGradients<C>), ShapeError> {
        let (b, timesteps) = check_batch(self.cell().input_size(), ids, labels)?;
        check_labels(labels, self.output().output_size())?;
        let last = (timesteps - 1) * b; // the last step's rows
        let targets: Vec<(usize, usize)> = labels
            .iter()
            .enumerate()
            .map(|(r, &y)| (last + r, y))
            .collect();
        let ids = step_major(ids, timesteps);
        batch_loss(self, Inputs::Ids(&ids), (b, timesteps), &targets)
    }
}

/// The summed loss and gradients of B sequences of token ids, all of one length, with a
/// tag at every step (many-to-many: `tags[b][t]` for sequence b at step t), through any
/// batched cell under an embedding, a [`Bidirectional`](crate::Bidirectional) pair included: one matrix product
/// per step and input side, the softmax on all T·B states at once. The same numbers as
/// the B separate runs ([`SequenceModel::loss_and_gradients_sum`]), within rounding.
///
/// # Errors
///
/// An empty batch, sequences of different lengths or of no token, an id ≥ V, a tag list
/// of another length than its sequence (`sequence 1 has 3 tokens and 2 tags`), or a tag ≥
/// the number of classes.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{one_hot, Embedded, Embedding, SequenceModel};
/// use rnn_from_scratch::train::loss_and_gradients_tagged;
/// use rnn_from_scratch::{Bidirectional, GruCell, Mt19937};
///
/// let mut rng = Mt19937::new(0);
/// let both = Bidirectional::new(GruCell::init(4, 5, &mut rng), GruCell::init(4, 5, &mut rng))?;
/// let model = SequenceModel::with_softmax(Embedded::new(Embedding::init(20, 4, &mut rng), both)?, 3, &mut rng);
/// let (ids, tags) = (vec![vec![3, 1, 4], vec![1, 5, 9]], vec![vec![0, 2, 1], vec![1, 1, 0]]);
/// let (loss, _) = loss_and_gradients_tagged(&model, &ids, &tags)?;
/// let separate = ids.iter().zip(&tags).map(|(s, y)| (one_hot(s, 20), y.iter().copied().enumerate().collect::<Vec<_>>()));
/// let (want, _) = model.loss_and_gradients_sum(separate, &model.zero_state()).map_err(|(_, e)| e)?;
/// assert!((loss - want).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[allow(clippy::type_complexity)]
pub fn loss_and_gradients_tagged<C: BatchStep>(
    model: &SequenceModel<C>,
    ids: &[Vec<usize>],
    tags: &[Vec<usize>],
) -> Result<(f64, SequenceGradients<C>), ShapeError> {
    let firsts: Vec<usize> = tags
        .iter()
        .map(|t| t.first().copied().unwrap_or(0))
        .collect();
    let (b, timesteps) = check_batch(model.cell().input_size(), ids, &firsts)?;
    if let Some(k) = (0..b).find(|&k| tags[k].len() != ids[k].len()) {
        return Err(ShapeError::new(format!(
            "batch: sequence {k} has {} tokens and {} tags",
            ids[k].len(),
            tags[k].len()
        )));
    }
    let classes = model.output().output_size();
    for (k, sequence_tags) in tags.iter().enumerate() {
        if let Some(t) = sequence_tags.iter().position(|&y| y >= classes) {
            return Err(ShapeError::new(format!(
                "batch: tag {} of sequence {k} at step {t} is not a class: there are {classes}",
                sequence_tags[t]
            )));
        }
    }
    let targets: Vec<(usize, usize)> = (0..timesteps * b)
        .map(|row| (row, tags[row % b][row / b]))
        .collect();
    let ids = step_major(ids, timesteps);
    batch_loss(model, Inputs::Ids(&ids), (b, timesteps), &targets)
}

/// The summed loss and gradients of B sequences of one length given as rows (one-hot or
/// any dense inputs, timesteps × d each), with any targets, (timestep, class) pairs as
/// [`SequenceModel::loss_and_gradients`] takes them (one at the last step: many-to-one;
/// one at every step: many-to-many): one batched pass through the cell for the whole
/// batch. The same numbers as the B separate runs, within rounding.
///
/// # Errors
///
/// An empty batch, inputs of another length or width than the first
/// (`batch: sequence 2 is 4×6, sequence 0 is 5×6`), a d other than the cell's, a value
/// that is not finite, a target at a timestep the sequence does not have, or a class ≥ V.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{one_hot, SequenceModel};
/// use rnn_from_scratch::train::loss_and_gradients_rows;
/// use rnn_from_scratch::{LstmCell, Mt19937};
///
/// let mut rng = Mt19937::new(0);
/// let model = SequenceModel::with_softmax(LstmCell::init(5, 6, &mut rng), 2, &mut rng);
/// let (a, b) = (one_hot(&[1, 4, 2], 5), one_hot(&[0, 0, 3], 5));
/// let (ta, tb) = (vec![(2, 1)], vec![(0, 0), (2, 1)]);
/// let (loss, _) = loss_and_gradients_rows(&model, &[&a, &b], &[&ta, &tb])?;
/// let (want, _) = model.loss_and_gradients_sum([(&a, &ta), (&b, &tb)], &model.zero_state()).map_err(|(_, e)| e)?;
/// assert!((loss - want).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[allow(clippy::type_complexity)]
pub fn loss_and_gradients_rows<C: BatchStep>(
    model: &SequenceModel<C>,
    inputs: &[&Matrix],
    targets: &[&[(usize, usize)]],
) -> Result<(f64, SequenceGradients<C>), ShapeError> {
    let b = inputs.len();
    if b == 0 || targets.len() != b {
        return Err(ShapeError::new(format!(
            "batch: {b} sequences need as many target lists, got {}",
            targets.len()
        )));
    }
    let (timesteps, d) = inputs[0].shape();
    let cell = model.cell();
    if d != cell.input_size() || timesteps == 0 {
        return Err(ShapeError::new(format!(
            "inputs must be timesteps×d with d = {} and at least one timestep, got {timesteps}×{d}",
            cell.input_size()
        )));
    }
    for (k, m) in inputs.iter().enumerate() {
        if m.shape() != (timesteps, d) {
            let (rows, cols) = m.shape();
            return Err(ShapeError::new(format!(
                "batch: sequence {k} is {rows}×{cols}, sequence 0 is {timesteps}×{d}"
            )));
        }
        ShapeError::check_finite_matrix("inputs", m)?;
        if let Some(&(t, _)) = targets[k].iter().find(|&&(t, _)| t >= timesteps) {
            return Err(ShapeError::new(format!(
                "batch: sequence {k} has a target at timestep {t}, but only {timesteps} timesteps"
            )));
        }
    }
    let mut xs = vec![0.0; timesteps * b * d];
    for (r, m) in inputs.iter().enumerate() {
        for t in 0..timesteps {
            xs[(t * b + r) * d..(t * b + r + 1) * d].copy_from_slice(m.row(t)); // row t·B + b
        }
    }
    let rows: Vec<(usize, usize)> = targets
        .iter()
        .enumerate()
        .flat_map(|(r, list)| list.iter().map(move |&(t, y)| (t * b + r, y)))
        .collect();
    batch_loss(model, Inputs::Rows(&xs), (b, timesteps), &rows)
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
            *z = (*z - max).exp(); //                        e^(zᵢ − max)
            sum += *z;
        }
        loss += sum.ln() - z_y; //                           ln Σᵢ e^(zᵢ − max) − (z_y − max)
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
