//! Sequences of different lengths in one mini-batch, by **length buckets**.
//!
//! The batched step ([`BatchStep`]) needs one length T for the
//! whole batch: every
//! step is one `B×E · E×Dh` product, and a row that has run out of tokens has nothing to
//! put in it. Real sentences are ragged. Two cures are common:
//!
//! - **masking** pads every sequence to the longest and multiplies the padded steps'
//!   updates by 0. It wastes the padded steps' work and every formula grows a mask.
//!   (PyTorch's `pack_padded_sequence` avoids the waste another way: sorted by length,
//!   step t runs only the sequences still going, a batch that shrinks as t grows.)
//! - **length buckets** put the sequences of one length together and run each bucket
//!   through the batched path unchanged. No step is wasted and no formula changes.
//!
//! This crate takes buckets: [`loss_and_gradients_buckets`] groups the batch by length
//! (shortest first, each bucket in the batch's order), runs each bucket as one batch, and
//! adds the buckets' losses and gradients in that order. Because the loss of a batch is
//! the sum of its sequences' losses, the result is the sum of the B separate runs,
//! within rounding (`tests/batch.rs` checks 1e-12), whatever the lengths. A batch of one
//! length is one bucket, the batched path itself.

use super::batched::{check_ids, check_labels, loss_and_gradients_rows, loss_and_gradients_tagged};
use super::fit::{Batches, fit_with};
use super::threads::map_jobs;
use super::{Example, FitOptions, SequenceGradients, TrainError};
use crate::cells::{BatchStep, Cell, SequenceModel, ids_of};
use crate::linalg::{Matrix, Mt19937, ShapeError};

/// The summed loss and gradients of B sequences of any lengths, each labelled at its
/// last step: one batched run per length (see [the module docs](self)).
///
/// | | shape |
/// |---|---|
/// | `ids[k]` | Tₖ token ids, each below V |
/// | `labels` | B classes, each below the output size |
/// | each bucket's step | `Bₗ×E · E×Dh`, Bₗ the sequences of length l |
///
/// # Errors
///
/// Checked on the whole batch first, so every message names the sequence's place in
/// `ids`: no sequences, a label count other than B, an empty sequence, an id ≥ V
/// (`sequence 3: …`) or a label ≥ the number of classes
/// (`batch: label 5 of sequence 2 is not a class: …`).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{one_hot, Embedded, Embedding, GruCell, SequenceModel};
/// use rnn_from_scratch::train::loss_and_gradients_buckets;
/// use rnn_from_scratch::Mt19937;
///
/// let mut rng = Mt19937::new(0);
/// let cell = Embedded::new(Embedding::init(20, 4, &mut rng), GruCell::init(4, 6, &mut rng))?;
/// let model = SequenceModel::with_softmax(cell, 2, &mut rng);
/// let ids = vec![vec![3, 1, 4, 1], vec![5, 9], vec![2, 6, 5, 3]]; // lengths 4, 2, 4
/// let (loss, _) = loss_and_gradients_buckets(&model, &ids, &[1, 0, 1])?;
/// let separate = ids.iter().zip([1, 0, 1]).map(|(s, y)| (one_hot(s, 20), vec![(s.len() - 1, y)]));
/// let (want, _) = model.loss_and_gradients_sum(separate, &model.zero_state()).map_err(|(_, e)| e)?;
/// assert!((loss - want).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[allow(clippy::type_complexity)]
pub fn loss_and_gradients_buckets<C: BatchStep>(
    model: &SequenceModel<C>,
    ids: &[Vec<usize>],
    labels: &[usize],
) -> Result<(f64, SequenceGradients<C>), ShapeError> {
    check_ids(model.cell().input_size(), ids, labels)?;
    check_labels(labels, model.output().output_size())?;

    let lengths: Vec<usize> = ids.iter().map(Vec::len).collect();
    by_length(&lengths, |places| {
        let bucket_ids: Vec<Vec<usize>> = places.iter().map(|&k| ids[k].clone()).collect();
        let bucket_labels: Vec<usize> = places.iter().map(|&k| labels[k]).collect();
        model.loss_and_gradients_batch(&bucket_ids, &bucket_labels)
    })
}

/// The buckets: `run(places)` for the places of each length in `lengths`, shortest
/// first, the parts summed in that order.
#[allow(clippy::type_complexity)]
fn by_length<C: Cell>(
    lengths: &[usize],
    mut run: impl FnMut(&[usize]) -> Result<(f64, SequenceGradients<C>), ShapeError>,
) -> Result<(f64, SequenceGradients<C>), ShapeError> {
    let mut distinct = lengths.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let mut total: Option<(f64, SequenceGradients<C>)> = None;
    for length in distinct {
        let places: Vec<usize> = (0..lengths.len())
            .filter(|&k| lengths[k] == length)
            .collect();
        SequenceGradients::accumulate(&mut total, run(&places)?);
    }
    Ok(total.expect("a batch of at least one sequence has at least one length"))
}

/// [`loss_and_gradients_tagged`] for sequences of any lengths: one batched run per
/// length (see [the module docs](self)), a tag at every step of every sequence.
///
/// # Errors
///
/// As [`loss_and_gradients_tagged`], for the bucket that fails.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{one_hot, Embedded, Embedding, LstmCell, SequenceModel};
/// use rnn_from_scratch::train::loss_and_gradients_tagged_buckets;
/// use rnn_from_scratch::Mt19937;
///
/// let mut rng = Mt19937::new(0);
/// let cell = Embedded::new(Embedding::init(20, 4, &mut rng), LstmCell::init(4, 6, &mut rng))?;
/// let model = SequenceModel::with_softmax(cell, 3, &mut rng);
/// let (ids, tags) = (vec![vec![3, 1, 4], vec![5, 9]], vec![vec![0, 1, 2], vec![2, 2]]);
/// let (loss, _) = loss_and_gradients_tagged_buckets(&model, &ids, &tags)?;
/// let separate = ids.iter().zip(&tags).map(|(s, y)| (one_hot(s, 20), y.iter().copied().enumerate().collect::<Vec<_>>()));
/// let (want, _) = model.loss_and_gradients_sum(separate, &model.zero_state()).map_err(|(_, e)| e)?;
/// assert!((loss - want).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[allow(clippy::type_complexity)]
pub fn loss_and_gradients_tagged_buckets<C: BatchStep>(
    model: &SequenceModel<C>,
    ids: &[Vec<usize>],
    tags: &[Vec<usize>],
) -> Result<(f64, SequenceGradients<C>), ShapeError> {
    if ids.is_empty() || ids.len() != tags.len() {
        return Err(ShapeError::new(format!(
            "batch: {} sequences need as many tag lists, got {}",
            ids.len(),
            tags.len()
        )));
    }
    let lengths: Vec<usize> = ids.iter().map(Vec::len).collect();
    by_length(&lengths, |places| {
        let bucket_ids: Vec<Vec<usize>> = places.iter().map(|&k| ids[k].clone()).collect();
        let bucket_tags: Vec<Vec<usize>> = places.iter().map(|&k| tags[k].clone()).collect();
        loss_and_gradients_tagged(model, &bucket_ids, &bucket_tags)
    })
}

/// [`fit`](super::fit) for a many-to-one model with an embedding, through the batched
/// path: each mini-batch is cut into chunks of [`CHUNK`] examples, each chunk runs by
/// length buckets ([`loss_and_gradients_buckets`]), the chunks are shared by
/// `options.threads` threads and summed in chunk order, so the weights do not depend
/// on the number of threads. The same shuffles, clipping and steps as [`fit`](super::fit),
/// and the same weights within rounding (the sums are taken in another order).
///
/// # Errors
///
/// As [`fit`](super::fit) (every message names the example); and an example that is
/// not many-to-one (one target, at its last step) or whose inputs are not one-hot rows:
/// `example 4: the batched path trains many-to-one: one target, at the last step (3), got [(1, 0)]`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{one_hot, Embedded, Embedding, LstmCell, SequenceModel};
/// use rnn_from_scratch::train::{fit, fit_buckets, Example, FitOptions, OptimizerKind};
/// use rnn_from_scratch::Mt19937;
///
/// // Is the first token 1? Sequences of 2 to 5 tokens over V = 6.
/// let mut rng = Mt19937::new(0);
/// let examples: Vec<Example> = (0..24).map(|k| {
///     let ids: Vec<usize> = (0..2 + k % 4).map(|t| if t == 0 { k % 2 } else { 2 + rng.below(4) }).collect();
///     Example { inputs: one_hot(&ids, 6), targets: vec![(ids.len() - 1, k % 2)] }
/// }).collect();
/// let cell = Embedded::new(Embedding::init(6, 3, &mut rng), LstmCell::init(3, 5, &mut rng))?;
/// let model = SequenceModel::with_softmax(cell, 2, &mut rng);
/// let options = FitOptions { epochs: 5, batch: 8, optimizer: OptimizerKind::Adam, learning_rate: 0.02, clip: 5.0, threads: 2 };
/// let (mut batched, mut one_by_one) = (model.clone(), model);
/// fit_buckets(&mut batched, &examples, &options, &mut Mt19937::new(1), |_, _| {})?;
/// fit(&mut one_by_one, &examples, &options, &mut Mt19937::new(1), |_, _| {})?;
/// let wy = |m: &SequenceModel<_>| m.output().wy().as_slice().to_vec();
/// assert!(wy(&batched).iter().zip(wy(&one_by_one)).all(|(a, b)| (a - b).abs() < 1e-9));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn fit_buckets<C: BatchStep>(
    model: &mut SequenceModel<C>,
    examples: &[Example],
    options: &FitOptions,
    rng: &mut Mt19937,
    on_epoch: impl FnMut(usize, f64),
) -> Result<(), TrainError> {
    // The ids and labels, once: the batched path reads ids, not one-hot rows.
    let mut ids = Vec::with_capacity(examples.len());
    let mut labels = Vec::with_capacity(examples.len());
    let classes = model.output().output_size();
    for (k, example) in examples.iter().enumerate() {
        let last = example.inputs.shape().0.checked_sub(1);
        match (&example.targets[..], last) {
            (&[(t, y)], Some(last)) if t == last => {
                if y >= classes {
                    return Err(TrainError::new(format!(
                        "example {k}: target {y} at timestep {t} is not a class: V = {classes}, \
                         so targets must be below {classes}"
                    )));
                }
                labels.push(y);
            }
            _ => {
                return Err(TrainError::new(format!(
                    "example {k}: the batched path trains many-to-one: one target, at the last \
                     step ({}), got {:?}",
                    last.map_or("none".to_string(), |l| l.to_string()),
                    example.targets
                )));
            }
        }
        ids.push(
            ids_of(&example.inputs).map_err(|e| TrainError::new(format!("example {k}: {e}")))?,
        );
    }
    let plan = Batches::shuffled();
    fit_ids_planned(model, &ids, &labels, options, rng, plan, on_epoch)
}

/// [`fit_buckets`] on token ids (no one-hot rows are ever made: a review of 35 tokens
/// over V = 2,000 would be 70,000 numbers), in **length-sorted batches**: each epoch
/// shuffles the sequences, sorts them by length (stably, so the order within a length
/// stays random), cuts that into mini-batches and shuffles the batches. A batch then holds
/// one or two lengths, and runs as one or two buckets of B sequences, instead of one
/// short bucket per length; that is what makes the batched path pay on real, ragged text.
/// `on_batch(epoch, sequences done in the epoch)` follows each optimiser step (for
/// progress within a long epoch).
///
/// # Errors
///
/// As [`fit`](super::fit), with every sequence checked first: `sequence 7: id 2100 at
/// timestep 3 is not below V = 2000`, a sequence with no tokens, a label count other than
/// the sequences', a label ≥ the number of classes.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{Embedded, Embedding, GruCell, SequenceModel};
/// use rnn_from_scratch::train::{fit_ids, FitOptions, OptimizerKind};
/// use rnn_from_scratch::Mt19937;
///
/// // Does the sequence hold a 1? Lengths 1 to 6 over V = 4.
/// let mut rng = Mt19937::new(0);
/// let ids: Vec<Vec<usize>> = (0..64).map(|k| (0..1 + k % 6).map(|_| rng.below(4)).collect()).collect();
/// let labels: Vec<usize> = ids.iter().map(|s: &Vec<usize>| s.contains(&1) as usize).collect();
/// let cell = Embedded::new(Embedding::init(4, 3, &mut rng), GruCell::init(3, 8, &mut rng))?;
/// let mut model = SequenceModel::with_softmax(cell, 2, &mut rng);
/// let options = FitOptions { epochs: 30, batch: 8, optimizer: OptimizerKind::Adam, learning_rate: 0.02, clip: 5.0, threads: 2 };
/// let mut losses = Vec::new();
/// fit_ids(&mut model, &ids, &labels, &options, &mut rng, |_, _| {}, |_, loss| losses.push(loss))?;
/// assert!(losses[29] < 0.3 * losses[0], "{losses:?}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn fit_ids<C: BatchStep>(
    model: &mut SequenceModel<C>,
    ids: &[Vec<usize>],
    labels: &[usize],
    options: &FitOptions,
    rng: &mut Mt19937,
    on_batch: impl FnMut(usize, usize),
    on_epoch: impl FnMut(usize, f64),
) -> Result<(), TrainError> {
    let classes = model.output().output_size();
    check_ids(model.cell().input_size(), ids, labels)
        .map_err(|e| TrainError::new(e.to_string()))?;
    if let Some(k) = labels.iter().position(|&y| y >= classes) {
        return Err(TrainError::new(format!(
            "sequence {k}: label {} is not a class: there are {classes}",
            labels[k]
        )));
    }
    let lengths: Vec<usize> = ids.iter().map(Vec::len).collect();
    let plan = Batches::by_length(&lengths, on_batch);
    fit_ids_planned(model, ids, labels, options, rng, plan, on_epoch)
}

/// The loop of [`fit_buckets`] and [`fit_ids`]: many-to-one, by length buckets.
fn fit_ids_planned<C: BatchStep, P: FnMut(usize, usize)>(
    model: &mut SequenceModel<C>,
    ids: &[Vec<usize>],
    labels: &[usize],
    options: &FitOptions,
    rng: &mut Mt19937,
    plan: Batches<'_, P>,
    on_epoch: impl FnMut(usize, f64),
) -> Result<(), TrainError> {
    fit_chunks(
        model,
        ids.len(),
        options,
        rng,
        plan,
        on_epoch,
        |model, places| {
            let chunk_ids: Vec<Vec<usize>> = places.iter().map(|&k| ids[k].clone()).collect();
            let chunk_labels: Vec<usize> = places.iter().map(|&k| labels[k]).collect();
            loss_and_gradients_buckets(model, &chunk_ids, &chunk_labels)
        },
    )
}

/// [`fit_ids`] with a tag at every step (many-to-many, part-of-speech tagging): any
/// [`BatchStep`] cell under an embedding (a [`Bidirectional`](crate::Bidirectional) pair,
/// a [`Stacked`](crate::Stacked) stack, the registry's [`AnyCell`](crate::cells::AnyCell)),
/// length-sorted batches, chunks of [`CHUNK`] sentences shared by the threads and summed
/// in order (so the weights do not depend on the thread count), each chunk by length
/// buckets.
///
/// # Errors
///
/// As [`fit`](super::fit); a sentence with no token, an id ≥ V, a tag list of another
/// length than its sentence or a tag ≥ the number of classes, each naming the sentence.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{Embedded, Embedding, SequenceModel};
/// use rnn_from_scratch::train::{fit_tagged, FitOptions, OptimizerKind};
/// use rnn_from_scratch::{Bidirectional, GruCell, Mt19937};
///
/// // Tag each token with whether the *next* one is 1: only a backward reader can know.
/// let mut rng = Mt19937::new(0);
/// let ids: Vec<Vec<usize>> = (0..64).map(|k| (0..2 + k % 5).map(|_| rng.below(3)).collect()).collect();
/// let tags: Vec<Vec<usize>> = ids.iter().map(|s: &Vec<usize>| (0..s.len()).map(|t| (s.get(t + 1) == Some(&1)) as usize).collect()).collect();
/// let both = Bidirectional::new(GruCell::init(3, 8, &mut rng), GruCell::init(3, 8, &mut rng))?;
/// let mut model = SequenceModel::with_softmax(Embedded::new(Embedding::init(3, 3, &mut rng), both)?, 2, &mut rng);
/// let options = FitOptions { epochs: 40, batch: 8, optimizer: OptimizerKind::Adam, learning_rate: 0.02, clip: 5.0, threads: 2 };
/// let mut losses = Vec::new();
/// fit_tagged(&mut model, &ids, &tags, &options, &mut rng, |_, _| {}, |_, loss| losses.push(loss))?;
/// assert!(losses[39] < 0.1 * losses[0], "{} → {}", losses[0], losses[39]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn fit_tagged<C: BatchStep>(
    model: &mut SequenceModel<C>,
    ids: &[Vec<usize>],
    tags: &[Vec<usize>],
    options: &FitOptions,
    rng: &mut Mt19937,
    on_batch: impl FnMut(usize, usize),
    on_epoch: impl FnMut(usize, f64),
) -> Result<(), TrainError> {
    let classes = model.output().output_size();
    check_ids(model.cell().input_size(), ids, &vec![0; tags.len()])
        .map_err(|e| TrainError::new(e.to_string()))?;
    for (k, (s, t)) in ids.iter().zip(tags).enumerate() {
        if s.len() != t.len() {
            return Err(TrainError::new(format!(
                "sentence {k}: {} tokens and {} tags",
                s.len(),
                t.len()
            )));
        }
        if let Some(&y) = t.iter().find(|&&y| y >= classes) {
            return Err(TrainError::new(format!(
                "sentence {k}: tag {y} is not a class: there are {classes}"
            )));
        }
    }
    let lengths: Vec<usize> = ids.iter().map(Vec::len).collect();
    let plan = Batches::by_length(&lengths, on_batch);
    fit_chunks(
        model,
        ids.len(),
        options,
        rng,
        plan,
        on_epoch,
        |model, places| {
            let chunk_ids: Vec<Vec<usize>> = places.iter().map(|&k| ids[k].clone()).collect();
            let chunk_tags: Vec<Vec<usize>> = places.iter().map(|&k| tags[k].clone()).collect();
            loss_and_gradients_tagged_buckets(model, &chunk_ids, &chunk_tags)
        },
    )
}

/// [`fit`](super::fit) through the batched path, for any [`BatchStep`] cell (the
/// registry's, a bidirectional pair, a stack) reading rows (one-hot or dense inputs) with
/// any targets: the same shuffles and mini-batches as [`fit`](super::fit), each batch cut
/// into chunks of [`CHUNK`] examples shared by the threads, each chunk run by length
/// buckets ([`loss_and_gradients_rows`]) and summed in order. The same weights as
/// [`fit`](super::fit) within rounding, and the same for any number of threads, bit for
/// bit. `on_batch(epoch, examples done)` follows each optimiser step.
///
/// # Errors
///
/// As [`fit`](super::fit), naming the example's place.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{one_hot, SequenceModel};
/// use rnn_from_scratch::train::{fit, fit_batched, Example, FitOptions, OptimizerKind};
/// use rnn_from_scratch::cells::Parameters;
/// use rnn_from_scratch::{GruCell, Mt19937};
///
/// let mut rng = Mt19937::new(0);
/// let examples: Vec<Example> = (0..24).map(|k| {
///     let ids: Vec<usize> = (0..2 + k % 3).map(|_| rng.below(4)).collect();
///     Example { targets: vec![(ids.len() - 1, ids[0] % 2)], inputs: one_hot(&ids, 4) }
/// }).collect();
/// let model = SequenceModel::with_softmax(GruCell::init(4, 6, &mut rng), 2, &mut rng);
/// let options = FitOptions { epochs: 3, batch: 8, optimizer: OptimizerKind::Adam, learning_rate: 0.01, clip: 5.0, threads: 2 };
/// let (mut batched, mut literal) = (model.clone(), model);
/// fit_batched(&mut batched, &examples, &options, &mut Mt19937::new(1), |_, _| {}, |_, _| {})?;
/// fit(&mut literal, &examples, &options, &mut Mt19937::new(1), |_, _| {})?;
/// let (a, b) = (batched.parameters(), literal.parameters());
/// assert!(a.iter().zip(&b).all(|((_, x), (_, y))| x.iter().zip(*y).all(|(x, y)| (x - y).abs() < 1e-10)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn fit_batched<C: BatchStep>(
    model: &mut SequenceModel<C>,
    examples: &[Example],
    options: &FitOptions,
    rng: &mut Mt19937,
    on_batch: impl FnMut(usize, usize),
    on_epoch: impl FnMut(usize, f64),
) -> Result<(), TrainError> {
    let plan = Batches {
        lengths: None,
        on_batch,
    };
    let lengths: Vec<usize> = examples.iter().map(|e| e.inputs.shape().0).collect();
    fit_chunks(
        model,
        examples.len(),
        options,
        rng,
        plan,
        on_epoch,
        |model, places| {
            let chunk_lengths: Vec<usize> = places.iter().map(|&k| lengths[k]).collect();
            by_length(&chunk_lengths, |bucket| {
                let inputs: Vec<&Matrix> = bucket
                    .iter()
                    .map(|&i| &examples[places[i]].inputs)
                    .collect();
                let targets: Vec<&[(usize, usize)]> = bucket
                    .iter()
                    .map(|&i| examples[places[i]].targets.as_slice())
                    .collect();
                loss_and_gradients_rows(model, &inputs, &targets)
                    .map_err(|e| ShapeError::new(format!("example {}: {e}", places[bucket[0]])))
            })
        },
    )
}

/// The loop of every batched trainer: each mini-batch cut into chunks of [`CHUNK`]
/// sequences, `run(model, places)` on each chunk, the chunks shared by the threads and
/// summed in the chunks' order.
#[allow(clippy::type_complexity)]
fn fit_chunks<M: Cell, P: FnMut(usize, usize)>(
    model: &mut SequenceModel<M>,
    count: usize,
    options: &FitOptions,
    rng: &mut Mt19937,
    plan: Batches<'_, P>,
    on_epoch: impl FnMut(usize, f64),
    run: impl Fn(&SequenceModel<M>, &[usize]) -> Result<(f64, SequenceGradients<M>), ShapeError> + Sync,
) -> Result<(), TrainError> {
    fit_with(
        model,
        count,
        options,
        rng,
        plan,
        on_epoch,
        |model, batch| {
            let chunks: Vec<&[usize]> = batch.chunks(CHUNK).collect();
            let parts = map_jobs(
                &chunks,
                options.threads,
                |places| run(model, places),
                |_, _| {},
            );
            let mut total: Option<(f64, SequenceGradients<M>)> = None;
            for part in parts {
                let part = part.map_err(|e| TrainError::new(e.to_string()))?;
                SequenceGradients::accumulate(&mut total, part);
            }
            Ok(total.expect("a mini-batch holds at least one example"))
        },
    )
}

/// Examples per batched run in [`fit_buckets`]: the unit shared between threads. Fixed,
/// so the order of the sums, and so the weights, never depend on the thread count.
pub const CHUNK: usize = 16;
