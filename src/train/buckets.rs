//! Sequences of different lengths in one mini-batch, by **length buckets**.
//!
//! The batched step ([`BatchStep`]) needs one length T for the whole batch: every step
//! is one `B×E · E×Dh` product, and a row that has run out of tokens has nothing to
//! put in it. Real sentences are ragged. Two cures are common:
//!
//! - **masking** pads every sequence to the longest and multiplies the padded steps'
//!   updates by 0. It wastes the padded steps' work and every formula grows a mask.
//!   (PyTorch's `pack_padded_sequence` avoids the waste another way: sorted by length,
//!   step t runs only the sequences still going, a batch that shrinks as t grows.)
//! - **length buckets** put the sequences of one length together and run each bucket
//!   through the batched path unchanged. No step is wasted and no formula changes.
//!
//! This crate takes buckets: [`loss_and_gradients_examples`] groups the batch by length
//! (shortest first, each bucket in the batch's order), runs each bucket as one batch, and
//! adds the buckets' losses and gradients in that order. Because the loss of a batch is
//! the sum of its sequences' losses, the result is the sum of the B separate runs,
//! within rounding (`tests/batch.rs` checks 1e-12), whatever the lengths. A batch of one
//! length is one bucket, the batched path itself.

use super::batched::{batch_loss, step_major};
use super::fit::{Batches, Input, fit_with};
use super::threads::sum_jobs;
use super::{Example, FitOptions, SequenceGradients, TrainError};
use crate::cells::{BatchStep, Cell, Dropout, Inputs, SequenceModel};
use crate::linalg::{Mt19937, ShapeError};

/// The summed loss and gradients of any examples, through the cell's batched step: the
/// examples grouped by length (and by kind of input: rows or ids), shortest first, each
/// group one batched pass, the groups' sums added in that order (see [the module
/// docs](self)). Every target kind works: one at the last step (many-to-one), one at every
/// step (many-to-many), or any (timestep, class) pairs. The same numbers as the separate
/// runs ([`SequenceModel::loss_and_gradients_sum`]), within rounding.
///
/// | | shape |
/// |---|---|
/// | `Input::Rows` | Tₖ × d |
/// | `Input::Ids` | Tₖ ids, each below d (V) |
/// | each bucket's step | `Bₗ×d · d×Dh`, Bₗ the examples of length l |
///
/// # Errors
///
/// Checked on every example first, each message naming its place: no examples, an
/// example with no timestep, rows of another width than d, an id ≥ d, a target at a
/// timestep the example does not have, or a class ≥ the number of classes
/// (`example 2: target 5 at timestep 1 is not a class: there are 2`).
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
/// let ids = [vec![3, 1, 4, 1], vec![5, 9], vec![2, 6, 5, 3]]; // lengths 4, 2, 4
/// let examples: Vec<Example> = ids.iter().zip([1, 0, 1]).map(|(s, y)| {
///     Example { inputs: Input::Ids(s.clone()), targets: vec![(s.len() - 1, y)] }
/// }).collect();
/// let (loss, _) = loss_and_gradients_examples(&model, &examples, None)?;
/// let separate = ids.iter().zip([1, 0, 1]).map(|(s, y)| (one_hot(s, 20), vec![(s.len() - 1, y)]));
/// let (want, _) = model.loss_and_gradients_sum(separate, &model.zero_state()).map_err(|(_, e)| e)?;
/// assert!((loss - want).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[allow(clippy::type_complexity)]
pub fn loss_and_gradients_examples<C: BatchStep>(
    model: &SequenceModel<C>,
    examples: &[Example],
    dropout: Option<&Dropout>,
) -> Result<(f64, SequenceGradients<C>), ShapeError> {
    let places: Vec<usize> = (0..examples.len()).collect();
    examples_loss(model, examples, &places, dropout)
}

/// [`loss_and_gradients_examples`] on `examples[k]` for k in `places`, each message naming
/// k (and k choosing its dropout masks).
#[allow(clippy::type_complexity)]
fn examples_loss<C: BatchStep>(
    model: &SequenceModel<C>,
    examples: &[Example],
    places: &[usize],
    dropout: Option<&Dropout>,
) -> Result<(f64, SequenceGradients<C>), ShapeError> {
    if places.is_empty() {
        return Err(ShapeError::new("batch: a batch needs at least one example"));
    }
    for &k in places {
        check_example(model, &examples[k]).map_err(|e| e.in_context(&format!("example {k}")))?;
    }
    // The buckets: one per (length, kind of input), shortest first, each in `places` order.
    let key = |k: usize| {
        (
            examples[k].inputs.timesteps(),
            matches!(examples[k].inputs, Input::Ids(_)),
        )
    };
    let mut keys: Vec<(usize, bool)> = places.iter().map(|&k| key(k)).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut total: Option<(f64, SequenceGradients<C>)> = None;
    for bucket_key in keys {
        let keys: Vec<usize> = places
            .iter()
            .copied()
            .filter(|&k| key(k) == bucket_key)
            .collect();
        let bucket: Vec<&Example> = keys.iter().map(|&k| &examples[k]).collect();
        let dropout = dropout.map(|dropout| (dropout, keys.as_slice()));
        let (b, timesteps) = (bucket.len(), bucket_key.0);
        // Row t·B + r is example r's step t.
        let targets: Vec<(usize, usize)> = bucket
            .iter()
            .enumerate()
            .flat_map(|(r, e)| e.targets.iter().map(move |&(t, y)| (t * b + r, y)))
            .collect();
        let part = match bucket[0].inputs {
            Input::Ids(_) => {
                let ids: Vec<Vec<usize>> = bucket
                    .iter()
                    .map(|e| match &e.inputs {
                        Input::Ids(ids) => ids.clone(),
                        Input::Rows(_) => unreachable!("a bucket holds one kind of input"),
                    })
                    .collect();
                let ids = step_major(&ids, timesteps);
                batch_loss(model, Inputs::Ids(&ids), (b, timesteps), &targets, dropout)?
            }
            Input::Rows(_) => {
                let mut xs = Vec::new();
                for t in 0..timesteps {
                    for e in &bucket {
                        if let Input::Rows(m) = &e.inputs {
                            xs.extend_from_slice(m.row(t));
                        }
                    }
                }
                batch_loss(model, Inputs::Rows(&xs), (b, timesteps), &targets, dropout)?
            }
        };
        SequenceGradients::accumulate(&mut total, part);
    }
    Ok(total.expect("a batch of at least one example has at least one bucket"))
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
        Input::Ids(ids) => {
            if let Some(t) = ids.iter().position(|&id| id >= d) {
                return Err(ShapeError::new(format!(
                    "id {} at timestep {t} is not in the vocabulary: V = {d}, so ids must be below {d}",
                    ids[t]
                )));
            }
        }
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

/// [`fit`](super::fit) through the batched step, for any [`BatchStep`] cell (the
/// registry's, a bidirectional pair, a stack, a cell under an embedding) and any examples
/// (rows or ids; many-to-one, many-to-many or any targets): every mini-batch (formed as
/// `plan` says: shuffled as [`fit`](super::fit) does, or length-sorted) is cut into chunks
/// of [`CHUNK`] examples, the chunks shared by `options.threads` threads, each chunk run
/// by length buckets ([`loss_and_gradients_examples`]) and the chunks summed in order. The
/// same weights as [`fit`](super::fit) within rounding (the sums are taken in another
/// order), and the same for any number of threads, bit for bit.
///
/// # Errors
///
/// As [`fit`](super::fit), naming the example's place.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{one_hot, SequenceModel};
/// use rnn_from_scratch::train::{fit, fit_batched, Batches, Example, FitOptions, Input, OptimizerKind};
/// use rnn_from_scratch::cells::Parameters;
/// use rnn_from_scratch::{Mt19937};
/// use rnn_from_scratch::cells::{GruCell};
///
/// let mut rng = Mt19937::new(0);
/// let examples: Vec<Example> = (0..24).map(|k| {
///     let ids: Vec<usize> = (0..2 + k % 3).map(|_| rng.below(4)).collect();
///     Example { targets: vec![(ids.len() - 1, ids[0] % 2)], inputs: Input::Ids(ids) }
/// }).collect();
/// let model = SequenceModel::with_softmax(GruCell::init(4, 6, &mut rng), 2, &mut rng);
/// let options = FitOptions { epochs: 3, batch: 8, optimizer: OptimizerKind::Adam, learning_rate: 0.01, clip: 5.0, threads: 2, dropout: 0.0, l2: 0.0, average: 0.0 };
/// let (mut batched, mut literal) = (model.clone(), model);
/// fit_batched(&mut batched, &examples, &options, &mut Mt19937::new(1), Batches::shuffled(), |_, _| {})?;
/// fit(&mut literal, &examples, &options, &mut Mt19937::new(1), |_, _| {})?;
/// let (a, b) = (batched.parameters(), literal.parameters());
/// assert!(a.iter().zip(&b).all(|((_, x), (_, y))| x.iter().zip(*y).all(|(x, y)| (x - y).abs() < 1e-10)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn fit_batched<C: BatchStep, P: FnMut(usize, usize)>(
    model: &mut SequenceModel<C>,
    examples: &[Example],
    options: &FitOptions,
    rng: &mut Mt19937,
    plan: Batches<'_, P>,
    on_epoch: impl FnMut(usize, f64),
) -> Result<(), TrainError> {
    let dropout = check_dropout(options.dropout)?.map(|rate| Dropout {
        rate,
        seed: rng.next_u32().into(), // drawn only with dropout: without, the same figures as ever
    });
    let mut step = 0;
    let classes = model.output().output_size();
    let plan = Batches {
        chance: plan.chance.or(Some(super::fit::chance(examples, classes))),
        ..plan
    };
    fit_with(
        model,
        examples.len(),
        options,
        rng,
        plan,
        on_epoch,
        |model, batch| {
            step += 1;
            let dropout = dropout.map(|dropout| dropout.at_step(step));
            let chunks: Vec<&[usize]> = batch.chunks(CHUNK).collect();
            let total = sum_jobs(
                &chunks,
                options.threads,
                |places| examples_loss(model, examples, places, dropout.as_ref()),
                SequenceGradients::accumulate,
            )
            .map_err(|(_, e)| TrainError::new(e.to_string()))?;
            Ok(total.expect("a mini-batch holds at least one example"))
        },
    )
}

/// `Some(p)` for a dropout rate p in (0, 1), `None` for 0: one line naming the rate
/// otherwise (`dropout must be in [0, 1), got 1`).
pub(crate) fn check_dropout(rate: f64) -> Result<Option<f64>, TrainError> {
    if !(0.0..1.0).contains(&rate) {
        return Err(TrainError::new(format!(
            "dropout must be in [0, 1), got {rate}"
        )));
    }
    Ok((rate > 0.0).then_some(rate))
}

/// Examples per batched run in [`fit_batched`]: the unit shared between threads. Fixed,
/// so the order of the sums, and so the weights, never depend on the thread count.
pub const CHUNK: usize = 16;
