//! The one example type, and the one batched loss of any examples
//! ([`loss_and_gradients_examples`]), which runs them by **length buckets**.

use super::SequenceGradients;
use super::batched::batch_loss;
use super::threads::map_jobs;
use crate::cells::{BatchStep, Cell, Dropout, Inputs, SequenceModel, check_ids};
use crate::linalg::{Matrix, ShapeError};

/// One labelled sequence: its inputs and its targets, (timestep, class) pairs: one at the
/// end for many-to-one, one per step for many-to-many (a tag per word, or a chunk of text
/// and the character after each of its characters). For an encoder–decoder
/// ([`fit_seq2seq`](super::fit_seq2seq)) the inputs are the source's ids and the targets
/// are the target sentence, token k at the decoder's step k.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::{Example, Input};
/// use rnn_from_scratch::Matrix;
///
/// // many-to-one: 4 timesteps of d = 2, class 1 at the last step
/// let example = Example { inputs: Input::Rows(Matrix::zeros(4, 2)), targets: vec![(3, 1)] };
/// assert_eq!(example.inputs.timesteps(), 4);
/// // the same with token ids (d = the vocabulary): a tag at every step
/// let tagged = Example { inputs: Input::Ids(vec![7, 0, 2]), targets: vec![(0, 1), (1, 0), (2, 1)] };
/// assert_eq!(tagged.inputs.rows(9).row(0)[7], 1.0); // id 7 as a one-hot row of 9
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The inputs, one per timestep.
    pub inputs: Input,
    /// (timestep, class) pairs.
    pub targets: Vec<(usize, usize)>,
}

impl Example {
    /// An encoder–decoder's example ([`fit_seq2seq`](super::fit_seq2seq)): the `source`'s
    /// ids in, and token k of `target` at the decoder's step k, `(k, yₖ)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::{Example, Input};
    /// let pair = Example::translation(vec![3, 1], &[5, 2, 4]);
    /// assert_eq!(pair.inputs, Input::Ids(vec![3, 1]));
    /// assert_eq!(pair.targets, [(0, 5), (1, 2), (2, 4)]);
    /// ```
    pub fn translation(source: Vec<usize>, target: &[usize]) -> Example {
        Example {
            inputs: Input::Ids(source),
            targets: target.iter().copied().enumerate().collect(),
        }
    }
}

/// An example's inputs: dense rows, or token ids (each a one-hot row that is never made:
/// the batched step reads a column of Wx, or a row of an embedding table, instead).
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// timesteps × d.
    Rows(Matrix),
    /// One id per timestep, each below d.
    Ids(Vec<usize>),
}

impl Input {
    /// How many timesteps.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(rnn_from_scratch::train::Input::Ids(vec![1, 2]).timesteps(), 2);
    /// ```
    pub fn timesteps(&self) -> usize {
        match self {
            Input::Rows(m) => m.shape().0,
            Input::Ids(ids) => ids.len(),
        }
    }

    /// The inputs as rows, timesteps × d (ids become one-hot rows of width `d`), for the
    /// literal path, which reads rows. Ids must be below `d`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{train::Input, Matrix};
    /// assert_eq!(Input::Ids(vec![1]).rows(3).as_slice(), &[0.0, 1.0, 0.0]);
    /// assert_eq!(Input::Rows(Matrix::zeros(2, 5)).rows(5).shape(), (2, 5));
    /// ```
    pub fn rows(&self, d: usize) -> std::borrow::Cow<'_, Matrix> {
        match self {
            Input::Rows(m) => std::borrow::Cow::Borrowed(m),
            Input::Ids(ids) => std::borrow::Cow::Owned(crate::cells::one_hot(ids, d)),
        }
    }
}

/// The summed loss and gradients of any examples through the cell's batched step
/// ([`BatchStep`]), and each example's state after its last step: the batched twin of the
/// literal [`SequenceModel::loss_and_gradients`], for a whole mini-batch at once.
///
/// **Length buckets.** The batched step needs one length T for the whole batch: every
/// step is one `B×E · E×Dh` product, and a row that has run out of tokens has nothing to
/// put in it. Real sentences are ragged. Two cures are common: **masking** pads every
/// sequence to the longest and multiplies the padded steps' updates by 0 (it wastes the
/// padded steps' work, and every formula grows a mask; PyTorch's `pack_padded_sequence`
/// avoids the waste another way: sorted by length, step t runs only the sequences still
/// going), and **length buckets** put the sequences of one length together and run each
/// bucket through the batched step unchanged: no step is wasted and no formula changes.
/// This crate takes buckets: the examples are grouped by length (and by kind of input:
/// rows or ids), shortest first, each bucket in the examples' order, each one batched
/// pass, and the buckets' sums added in that order. Because the loss of a batch is the sum
/// of its sequences' losses, the result is the sum of the separate literal runs within
/// rounding (`tests/batch.rs` checks 1e-12), whatever the lengths; a batch of one length
/// is one bucket, the batched step itself. Every target kind works: one at the last step
/// (many-to-one), one at every step (many-to-many), or any (timestep, class) pairs.
///
/// | | shape |
/// |---|---|
/// | `Input::Rows` | Tₖ × d |
/// | `Input::Ids` | Tₖ ids, each below d (V) |
/// | `states`, and the states returned | B × the cell's state (h, or [h; c] for the LSTM), example k's in row k |
/// | each bucket's step | `Bₗ×d · d×Dh`, Bₗ the examples of length l |
///
/// `states` (`None`: every example from zero) carries a state from one chunk of a text to
/// the next, as the character model does with its B streams (truncated BPTT). With
/// `dropout`, each example's masks are chosen by its place in `examples`; it starts every
/// example from zero, so it takes no `states`.
///
/// # Errors
///
/// Checked on every example first, each message naming its place: no examples, an
/// example with no timestep, rows of another width than d, an id ≥ d, a target at a
/// timestep the example does not have, or a class ≥ the number of classes
/// (`example 2: target 5 at timestep 1 is not a class: there are 2`); `states` of another
/// size than B × the state, or given with dropout.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{one_hot, Embedded, Embedding, GruCell, SequenceModel};
/// use rnn_from_scratch::train::{loss_and_gradients_examples, Example, Input};
/// use rnn_from_scratch::Mt19937;
///
/// let mut rng = Mt19937::new(0);
/// let cell = Embedded::new(Embedding::init(20, 4, &mut rng), GruCell::init(4, 6, &mut rng))?;
/// let model = SequenceModel::with_softmax(cell, 2, &mut rng);
/// let ids = [vec![3, 1, 4, 1], vec![5, 9], vec![2, 6, 5, 3]]; // lengths 4, 2, 4: two buckets
/// let examples: Vec<Example> = ids.iter().zip([1, 0, 1]).map(|(s, y)| {
///     Example { inputs: Input::Ids(s.clone()), targets: vec![(s.len() - 1, y)] }
/// }).collect();
/// let (loss, _, last) = loss_and_gradients_examples(&model, &examples, None, None)?;
/// let mut want = 0.0;
/// for (s, y) in ids.iter().zip([1, 0, 1]) {
///     let (one, _, _) = model.loss_and_gradients(&one_hot(s, 20), &[(s.len() - 1, y)], &model.zero_state())?;
///     want += one;
/// }
/// assert!((loss - want).abs() < 1e-12);
/// assert_eq!(last.len(), 3 * 6); // three examples' last states, Dh = 6 each
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[allow(clippy::type_complexity)]
pub fn loss_and_gradients_examples<C: BatchStep>(
    model: &SequenceModel<C>,
    examples: &[Example],
    states: Option<&[f64]>,
    dropout: Option<&Dropout>,
) -> Result<(f64, SequenceGradients<C>, Vec<f64>), ShapeError> {
    let places: Vec<usize> = (0..examples.len()).collect();
    examples_loss(model, examples, &places, states, dropout)
}

/// [`loss_and_gradients_examples`] on `examples[k]` for k in `places` (row r of `states`
/// and of the states returned for `places[r]`), each message naming k (and k choosing its
/// dropout masks).
#[allow(clippy::type_complexity)]
fn examples_loss<C: BatchStep>(
    model: &SequenceModel<C>,
    examples: &[Example],
    places: &[usize],
    states: Option<&[f64]>,
    dropout: Option<&Dropout>,
) -> Result<(f64, SequenceGradients<C>, Vec<f64>), ShapeError> {
    if places.is_empty() {
        return Err(ShapeError::new("batch: a batch needs at least one example"));
    }
    for &k in places {
        check_example(model, &examples[k]).map_err(|e| e.in_context(&format!("example {k}")))?;
    }
    let size = model.cell().state_size();
    if let Some(states) = states
        && (dropout.is_some() || states.len() != places.len() * size)
    {
        return Err(ShapeError::new(format!(
            "batch: states must be B = {} rows of the cell's {size} state values, without \
             dropout (which starts from zero), got {} values",
            places.len(),
            states.len()
        )));
    }
    // The buckets: one per (length, kind of input), shortest first, each in `places` order.
    let key = |r: usize| {
        let inputs = &examples[places[r]].inputs;
        (inputs.timesteps(), matches!(inputs, Input::Ids(_)))
    };
    let mut keys: Vec<(usize, bool)> = (0..places.len()).map(key).collect();
    keys.sort_unstable();
    keys.dedup();
    let (mut total, mut last) = (None, vec![0.0; places.len() * size]);
    for bucket_key in keys {
        let rows: Vec<usize> = (0..places.len())
            .filter(|&r| key(r) == bucket_key)
            .collect();
        let bucket: Vec<&Example> = rows.iter().map(|&r| &examples[places[r]]).collect();
        let (b, timesteps) = (bucket.len(), bucket_key.0);
        // Row t·B + i is the bucket's example i at step t.
        let (mut ids, mut xs) = (Vec::new(), Vec::new());
        for t in 0..timesteps {
            for e in &bucket {
                match &e.inputs {
                    Input::Ids(s) => ids.push(s[t]),
                    Input::Rows(m) => xs.extend_from_slice(m.row(t)),
                }
            }
        }
        let inputs = match bucket_key.1 {
            true => Inputs::Ids(&ids),
            false => Inputs::Rows(&xs),
        };
        let targets: Vec<(usize, usize)> = bucket
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.targets.iter().map(move |&(t, y)| (t * b + i, y)))
            .collect();
        let row = |r: usize| r * size..(r + 1) * size;
        let state0: Option<Vec<f64>> =
            states.map(|s| rows.iter().flat_map(|&r| &s[row(r)]).copied().collect());
        let keys: Vec<usize> = rows.iter().map(|&r| places[r]).collect();
        let dropout = dropout.map(|dropout| (dropout, keys.as_slice()));
        let shape = (b, timesteps);
        let (loss, g, ends, _) =
            batch_loss(model, inputs, shape, &targets, state0.as_deref(), dropout)?;
        for (i, &r) in rows.iter().enumerate() {
            last[row(r)].copy_from_slice(&ends[row(i)]);
        }
        SequenceGradients::accumulate(&mut total, (loss, g));
    }
    let (loss, gradients) = total.expect("a batch of at least one example has a bucket");
    Ok((loss, gradients, last))
}

/// Examples per batched run in [`in_chunks`]: the unit shared between threads. Fixed, so
/// the order of the sums, and so the weights, never depend on the thread count.
const CHUNK: usize = 16;

/// [`loss_and_gradients_examples`] on `examples[k]` for k in `places`, cut into chunks of
/// 16 examples shared by `threads` threads ([`map_jobs`]), the chunks' sums added in their
/// order: so the result is the same, bit for bit, for any number of threads. What
/// [`fit`](super::fit) computes for each mini-batch, and the character model for its
/// streams (with their `states`, B rows in `places` order).
#[allow(clippy::type_complexity)]
pub(crate) fn in_chunks<C: BatchStep>(
    model: &SequenceModel<C>,
    examples: &[Example],
    places: &[usize],
    states: Option<&[f64]>,
    dropout: Option<&Dropout>,
    threads: usize,
) -> Result<(f64, SequenceGradients<C>, Vec<f64>), ShapeError> {
    let size = model.cell().state_size();
    let chunks: Vec<(usize, &[usize])> = places.chunks(CHUNK).enumerate().collect();
    let work = |&(c, chunk): &(usize, &[usize])| {
        let rows = c * CHUNK * size..(c * CHUNK + chunk.len()) * size;
        let states = states.map(|s| s.get(rows).unwrap_or_default());
        examples_loss(model, examples, chunk, states, dropout)
    };
    let (mut total, mut last) = (None, Vec::new());
    for part in map_jobs(&chunks, threads, work, |_, _| {}) {
        let (loss, g, ends) = part?;
        SequenceGradients::accumulate(&mut total, (loss, g));
        last.extend(ends);
    }
    let (loss, gradients) =
        total.ok_or_else(|| ShapeError::new("batch: a batch needs at least one example"))?;
    Ok((loss, gradients, last))
}

/// One example fits `model`: at least one timestep, rows d wide (or ids below d), finite,
/// every target at a timestep it has and a class of the output.
fn check_example<C: Cell>(model: &SequenceModel<C>, example: &Example) -> Result<(), ShapeError> {
    let (d, classes) = (model.cell().input_size(), model.output().output_size());
    let timesteps = example.inputs.timesteps();
    if timesteps == 0 {
        return Err(ShapeError::new(
            "it has no timestep; an example needs at least one",
        ));
    }
    match &example.inputs {
        Input::Rows(m) => {
            ShapeError::check_matrix("inputs", "timesteps×d", (timesteps, d), m.shape())?;
            ShapeError::check_finite_matrix("inputs", m)?;
        }
        Input::Ids(ids) => check_ids(ids, d)?,
    }
    for &(t, y) in &example.targets {
        if t >= timesteps {
            return Err(ShapeError::new(format!(
                "a target at timestep {t}, but there are only {timesteps} timesteps"
            )));
        }
        if y >= classes {
            return Err(ShapeError::new(format!(
                "target {y} at timestep {t} is not a class: there are {classes}"
            )));
        }
    }
    Ok(())
}
