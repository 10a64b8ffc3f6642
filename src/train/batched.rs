//! The batched layer ([`BatchStep`]) and what the three batched cells
//! ([`batched_rnn`](super::batched_rnn), [`batched_lstm`](super::batched_lstm),
//! [`batched_gru`](super::batched_gru)) share: the batch's check, the embedding's lookup
//! and its gradient, a transpose; and the composites, a [`Bidirectional`] pair, a
//! [`Stacked`] stack and the registry's [`AnyCell`]. Row t·B + b of every per-step array
//! belongs to sequence b at step t.

use super::SequenceGradients;
use crate::cells::{
    AnyCell, Bidirectional, Cell, Embedded, Embedding, GruCell, LstmCell, OutputLayer, Parameters,
    RnnCell, SequenceModel, Stacked,
};
use crate::linalg::{Matrix, ShapeError, Vector};

/// A batch of token ids checked where it enters: not empty, one label per sequence,
/// every sequence at least one token long and every id a row of `embedding`, each
/// message naming the sequence's place in `ids`. Lengths may differ (the buckets' case).
pub(crate) fn check_ids(
    embedding: &Embedding,
    ids: &[Vec<usize>],
    labels: &[usize],
) -> Result<(), ShapeError> {
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
        embedding
            .lookup(s)
            .map_err(|err| err.in_context(&format!("sequence {k}")))?;
    }
    Ok(())
}

/// [`check_ids`], and every sequence of one length, as one batched run needs. Returns
/// (B, timesteps).
pub(crate) fn check_batch(
    embedding: &Embedding,
    ids: &[Vec<usize>],
    labels: &[usize],
) -> Result<(usize, usize), ShapeError> {
    check_ids(embedding, ids, labels)?;
    let timesteps = ids[0].len();
    if let Some(k) = ids.iter().position(|s| s.len() != timesteps) {
        return Err(ShapeError::new(format!(
            "batch: every sequence must have {timesteps} tokens like sequence 0, sequence {k} has {}",
            ids[k].len()
        )));
    }
    Ok((ids.len(), timesteps))
}

/// Xₜ (B×E): row b is E[idₜ] of sequence b, copied from the table (`table` V×E,
/// row-major).
pub(crate) fn gather_rows(x_t: &mut [f64], table: &[f64], ids: &[Vec<usize>], t: usize) {
    let e = x_t.len() / ids.len();
    for (row, s) in x_t.chunks_exact_mut(e).zip(ids) {
        row.copy_from_slice(&table[s[t] * e..(s[t] + 1) * e]);
    }
}

/// ∂L/∂E (V×E) from ∂L/∂Xₜ of every step (T·B×E): each step's row b is added to the
/// table row that was read, E[idₜ of b]; no other row is touched.
pub(crate) fn embedding_gradient(dxs: &[f64], ids: &[Vec<usize>], v: usize) -> Matrix {
    let b = ids.len();
    let e = dxs.len() / (b * ids[0].len());
    let mut d_table = Matrix::zeros(v, e);
    for (k, dx) in dxs.chunks_exact(e).enumerate() {
        let (t, r) = (k / b, k % b);
        for (d, x) in d_table.row_mut(ids[r][t]).iter_mut().zip(dx) {
            *d += x;
        }
    }
    d_table
}

/// A row-major rows × cols matrix, transposed (cols × rows).
pub(crate) fn transposed(m: &[f64], rows: usize, cols: usize) -> Vec<f64> {
    let mut t = vec![0.0; m.len()];
    for i in 0..rows {
        for j in 0..cols {
            t[j * rows + i] = m[i * cols + j];
        }
    }
    t
}

/// A cell that runs B sequences of one length at once, the notes' formula with a batch
/// dimension: Xₜ (B×d) in for every step, Hₜ (B×Dh) out, each step one matrix product per
/// input side. Every state starts at zero. Rows are laid out step-major: row t·B + b of
/// `xs` and of the returned states belongs to sequence b at step t.
///
/// The batched training paths are built on it: many-to-one and many-to-many losses
/// ([`SequenceModel::loss_and_gradients_batch`],
/// [`loss_and_gradients_tagged`](crate::train::loss_and_gradients_tagged)), and a
/// [`Bidirectional`] pair of such cells is one too.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::BatchStep;
/// use rnn_from_scratch::{Matrix, Mt19937, RnnCell, Vector, Init};
///
/// let cell = Init::Xavier.cell(2, 3, &mut Mt19937::new(0)); // d = 2, Dh = 3
/// let xs = Matrix::random(4 * 2, 2, &mut Mt19937::new(1)); // 4 steps of B = 2
/// let (hs, _) = cell.forward_rows(xs.as_slice(), 2, 4);
/// // sequence 1's last state, as one sequence alone would have it
/// let alone = Matrix::from_rows(&(0..4).map(|t| xs.row(2 * t + 1).to_vec()).collect::<Vec<_>>())?;
/// let h = cell.forward_last(&alone, &Vector::zeros(3))?;
/// assert!((hs[(3 * 2 + 1) * 3] - h[0]).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub trait BatchStep: Cell + Sized {
    /// What the forward pass keeps for the backward pass.
    type Tape: Send + Sync;

    /// Hₜ for every step (T·B×Dh) from Xₜ for every step (`xs`, T·B×d), and the tape.
    fn forward_rows(&self, xs: &[f64], b: usize, timesteps: usize) -> (Vec<f64>, Self::Tape);

    /// From ∂L/∂Hₜ for every step (`dhs`, T·B×Dh): the gradient of every weight (as a
    /// cell), ∂L/∂state₀ summed over the batch, and ∂L/∂Xₜ (T·B×d).
    fn backward_rows(&self, tape: &Self::Tape, dhs: &[f64]) -> (Self, Vector, Vec<f64>);
}

/// The rows of `m` (T·B×width, step-major) with the steps in reverse order.
fn reversed_steps(m: &[f64], block: usize) -> Vec<f64> {
    m.chunks_exact(block).rev().flatten().copied().collect()
}

/// Two cells, one reading each batch forward and one backward; Hₜ = [H→ₜ, H←ₜ] (B×2Dh),
/// as [`Bidirectional`] does for one sequence.
impl<C: BatchStep> BatchStep for Bidirectional<C> {
    type Tape = (C::Tape, C::Tape, usize, usize);

    fn forward_rows(&self, xs: &[f64], b: usize, timesteps: usize) -> (Vec<f64>, Self::Tape) {
        let d = self.input_size();
        let (hs_f, tape_f) = self.forward.forward_rows(xs, b, timesteps);
        let (hs_b, tape_b) = self
            .backward
            .forward_rows(&reversed_steps(xs, b * d), b, timesteps);
        let dh = self.forward.hidden_size();
        let hs_b = reversed_steps(&hs_b, b * dh); // row t·B + b is H←ₜ again
        let hs = hs_f
            .chunks_exact(dh)
            .zip(hs_b.chunks_exact(dh))
            .flat_map(|(f, r)| f.iter().chain(r).copied())
            .collect();
        (hs, (tape_f, tape_b, b, timesteps))
    }

    fn backward_rows(
        &self,
        (tape_f, tape_b, b, _): &Self::Tape,
        dhs: &[f64],
    ) -> (Self, Vector, Vec<f64>) {
        let dh = self.forward.hidden_size();
        let (mut d_ahead, mut d_behind) = (Vec::new(), Vec::new());
        for row in dhs.chunks_exact(2 * dh) {
            d_ahead.extend_from_slice(&row[..dh]);
            d_behind.extend_from_slice(&row[dh..]);
        }
        let (g_f, s_f, dx_f) = self.forward.backward_rows(tape_f, &d_ahead);
        let (g_b, s_b, dx_b) = self
            .backward
            .backward_rows(tape_b, &reversed_steps(&d_behind, b * dh));
        let d = self.input_size();
        let dx_b = reversed_steps(&dx_b, b * d);
        let dxs = dx_f.iter().zip(&dx_b).map(|(a, c)| a + c).collect();
        let state0 = Vector::from([s_f.as_slice(), s_b.as_slice()].concat());
        (
            Bidirectional {
                forward: g_f,
                backward: g_b,
            },
            state0,
            dxs,
        )
    }
}

/// The batched forward and backward through an embedding: Xₜ gathered from the table,
/// and ∂L/∂Xₜ added back to the rows read. `dhs_of(hs)` turns the states into the loss
/// and ∂L/∂Hₜ (many-to-one: the last step's rows only; many-to-many: every row).
pub(crate) fn through_embedding<C: BatchStep>(
    model: &SequenceModel<Embedded<C>>,
    ids: &[Vec<usize>],
    b: usize,
    timesteps: usize,
    dhs_of: impl FnOnce(&[f64]) -> Result<(f64, OutputLayer, Vec<f64>), ShapeError>,
) -> Result<(f64, SequenceGradients<Embedded<C>>), ShapeError> {
    let (embedding, cell) = (model.cell().embedding(), model.cell().cell());
    let (v, e) = (embedding.vocab_size(), embedding.size());
    let table = embedding.table().as_slice();
    let mut xs = vec![0.0; timesteps * b * e];
    for t in 0..timesteps {
        gather_rows(&mut xs[t * b * e..(t + 1) * b * e], table, ids, t); // Xₜ: row b = E[idₜ of b]
    }
    let (hs, tape) = cell.forward_rows(&xs, b, timesteps);
    let (loss, output, dhs) = dhs_of(&hs)?;
    let (d_cell, state0, dxs) = cell.backward_rows(&tape, &dhs);
    let d_table = embedding_gradient(&dxs, ids, v); // ∂L/∂E[idₜ] += ∂L/∂Xₜ
    let gradients = SequenceGradients {
        cell: Embedded::new(Embedding::new(d_table)?, d_cell)?,
        output,
        state0,
    };
    debug_assert_eq!(gradients.num_values(), model.num_values());
    Ok((loss, gradients))
}

/// Many-to-one through [`through_embedding`]: the label of sequence b at its last step.
pub(crate) fn many_to_one<C: BatchStep>(
    model: &SequenceModel<Embedded<C>>,
    ids: &[Vec<usize>],
    labels: &[usize],
) -> Result<(f64, SequenceGradients<Embedded<C>>), ShapeError> {
    let (b, timesteps) = check_batch(model.cell().embedding(), ids, labels)?;
    let dh = model.cell().hidden_size();
    through_embedding(model, ids, b, timesteps, |hs| {
        let h_last = Matrix::from_vec(b, dh, hs[(timesteps - 1) * b * dh..].to_vec())?;
        let targets: Vec<(usize, usize)> = labels.iter().copied().enumerate().collect();
        let (loss, output, dh_last) = model.output().cross_entropy(&h_last, &targets)?;
        let mut dhs = vec![0.0; timesteps * b * dh];
        dhs[(timesteps - 1) * b * dh..].copy_from_slice(dh_last.as_slice());
        Ok((loss, output, dhs))
    })
}

/// ∂L/∂state₀ of a batch (B rows of `size` values, the gradient reaching each sequence's
/// initial state), summed over the sequences as the separate runs' sum would be.
pub(crate) fn state0_sum(rows: &[f64], size: usize) -> Vector {
    let mut sum = vec![0.0; size];
    for row in rows.chunks_exact(size) {
        for (s, x) in sum.iter_mut().zip(row) {
            *s += x;
        }
    }
    Vector::from(sum)
}

/// The summed loss and gradients of B sequences of token ids, all of one length, with a
/// tag at every step (many-to-many: `tags[b][t]` for sequence b at step t), through any
/// batched cell under an embedding, a [`Bidirectional`] pair included: one matrix product
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
    model: &SequenceModel<Embedded<C>>,
    ids: &[Vec<usize>],
    tags: &[Vec<usize>],
) -> Result<(f64, SequenceGradients<Embedded<C>>), ShapeError> {
    let firsts: Vec<usize> = tags
        .iter()
        .map(|t| t.first().copied().unwrap_or(0))
        .collect();
    let (b, timesteps) = check_batch(model.cell().embedding(), ids, &firsts)?;
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
    let dh = model.cell().hidden_size();
    through_embedding(model, ids, b, timesteps, |hs| {
        let states = Matrix::from_vec(timesteps * b, dh, hs.to_vec())?;
        let targets: Vec<(usize, usize)> = (0..timesteps * b)
            .map(|row| (row, tags[row % b][row / b]))
            .collect();
        let (loss, output, dhs) = model.output().cross_entropy(&states, &targets)?;
        Ok((loss, output, dhs.as_slice().to_vec()))
    })
}

/// A stack: each layer reads the states of the one below, as [`Stacked`] does for one
/// sequence; the backward pass hands each layer's ∂L/∂Xₜ down as the layer below's
/// ∂L/∂Hₜ.
impl<C: BatchStep> BatchStep for Stacked<C> {
    type Tape = Vec<C::Tape>;

    fn forward_rows(&self, xs: &[f64], b: usize, timesteps: usize) -> (Vec<f64>, Self::Tape) {
        let mut below = xs.to_vec();
        let mut tapes = Vec::with_capacity(self.layers.len());
        for layer in &self.layers {
            let (hs, tape) = layer.forward_rows(&below, b, timesteps);
            tapes.push(tape);
            below = hs; // this layer's Hₜ are the next layer's Xₜ
        }
        (below, tapes)
    }

    fn backward_rows(&self, tapes: &Self::Tape, dhs: &[f64]) -> (Self, Vector, Vec<f64>) {
        let mut grads = Vec::with_capacity(self.layers.len());
        let mut states = Vec::with_capacity(self.layers.len());
        let mut d_above = dhs.to_vec();
        for (layer, tape) in self.layers.iter().zip(tapes).rev() {
            let (g, state0, dxs) = layer.backward_rows(tape, &d_above);
            grads.push(g);
            states.push(state0);
            d_above = dxs;
        }
        grads.reverse();
        states.reverse();
        let state0: Vec<f64> = states
            .iter()
            .flat_map(|s| s.as_slice().iter().copied())
            .collect();
        (Stacked { layers: grads }, Vector::from(state0), d_above)
    }
}

/// What [`AnyCell`]'s batched forward pass keeps: the tape of the cell inside.
pub enum AnyTape {
    /// The RNN's.
    Rnn(<RnnCell as BatchStep>::Tape),
    /// The LSTM's.
    Lstm(<LstmCell as BatchStep>::Tape),
    /// The GRU's.
    Gru(<GruCell as BatchStep>::Tape),
}

/// The registry's cells, batched: each kind's own path.
impl BatchStep for AnyCell {
    type Tape = AnyTape;

    fn forward_rows(&self, xs: &[f64], b: usize, timesteps: usize) -> (Vec<f64>, AnyTape) {
        match self {
            AnyCell::Rnn(c) => {
                let (hs, tape) = c.forward_rows(xs, b, timesteps);
                (hs, AnyTape::Rnn(tape))
            }
            AnyCell::Lstm(c) => {
                let (hs, tape) = c.forward_rows(xs, b, timesteps);
                (hs, AnyTape::Lstm(tape))
            }
            AnyCell::Gru(c) => {
                let (hs, tape) = c.forward_rows(xs, b, timesteps);
                (hs, AnyTape::Gru(tape))
            }
        }
    }

    /// # Panics
    ///
    /// If `tape` comes from a cell of another kind.
    fn backward_rows(&self, tape: &AnyTape, dhs: &[f64]) -> (AnyCell, Vector, Vec<f64>) {
        match (self, tape) {
            (AnyCell::Rnn(c), AnyTape::Rnn(t)) => {
                let (g, s, dx) = c.backward_rows(t, dhs);
                (AnyCell::Rnn(g), s, dx)
            }
            (AnyCell::Lstm(c), AnyTape::Lstm(t)) => {
                let (g, s, dx) = c.backward_rows(t, dhs);
                (AnyCell::Lstm(g), s, dx)
            }
            (AnyCell::Gru(c), AnyTape::Gru(t)) => {
                let (g, s, dx) = c.backward_rows(t, dhs);
                (AnyCell::Gru(g), s, dx)
            }
            _ => panic!("AnyCell::backward_rows: the tape comes from another kind of cell"),
        }
    }
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
    let (hs, tape) = cell.forward_rows(&xs, b, timesteps);
    let states = Matrix::from_vec(timesteps * b, cell.hidden_size(), hs)?;
    let rows: Vec<(usize, usize)> = targets
        .iter()
        .enumerate()
        .flat_map(|(r, list)| list.iter().map(move |&(t, y)| (t * b + r, y)))
        .collect();
    let (loss, output, dhs) = model.output().cross_entropy(&states, &rows)?;
    let (d_cell, state0, _) = cell.backward_rows(&tape, dhs.as_slice());
    Ok((
        loss,
        SequenceGradients {
            cell: d_cell,
            output,
            state0,
        },
    ))
}
