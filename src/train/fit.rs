//! [`fit`]: mini-batch training of a [`SequenceModel`] on labelled sequences.

use super::{OptimizerKind, TrainError, clip_global_norm};
use crate::cells::{Cell, Parameters, SequenceModel};
use crate::linalg::{Matrix, Mt19937};

/// One labelled sequence: its inputs (timesteps × d) and its targets, (timestep, class)
/// pairs: one per step for many-to-many, one at the end for many-to-one.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{train::Example, Matrix};
///
/// // many-to-one: 4 timesteps of d = 2, class 1 at the last step
/// let example = Example { inputs: Matrix::zeros(4, 2), targets: vec![(3, 1)] };
/// assert_eq!(example.inputs.shape().0, 4);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// timesteps × d.
    pub inputs: Matrix,
    /// (timestep, class) pairs.
    pub targets: Vec<(usize, usize)>,
}

/// How to train.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::{FitOptions, OptimizerKind};
///
/// let options = FitOptions { epochs: 10, batch: 8, optimizer: OptimizerKind::Adam, learning_rate: 0.01, clip: 5.0, threads: 1 };
/// assert_eq!(options.batch, 8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitOptions {
    /// Passes over the examples.
    pub epochs: usize,
    /// Examples per update (their gradients are summed).
    pub batch: usize,
    /// The update rule.
    pub optimizer: OptimizerKind,
    /// Its learning rate.
    pub learning_rate: f64,
    /// The global-norm clipping threshold.
    pub clip: f64,
    /// Threads that share each mini-batch's examples (each computes whole examples'
    /// gradients; they are summed in the examples' order, so any number of threads gives
    /// the same weights, bit for bit).
    pub threads: usize,
}

/// Trains `model` on `examples`: each epoch shuffles them (with `rng`), then for every
/// mini-batch sums the gradients of its examples ([`SequenceModel::loss_and_gradients_sum`]), clips their global norm,
/// and takes one optimiser step. `on_epoch(epoch, mean loss per example)` is called after
/// each epoch (for progress).
///
/// Summing per-example gradients gives exactly the gradient of the batch's summed loss;
/// [`fit_batched`](super::fit_batched) computes the same as one matrix product per step
/// (the cell's batched path, [`BatchStep`](super::BatchStep)).
///
/// # Errors
///
/// No examples (`fit: there are no examples to train on`), a batch size of 0, a clip or
/// learning rate that is not a positive number (`fit: clip must be a positive number,
/// got -1`), an example
/// that does not fit the model (`example 4: target 7 at timestep 2 is not a class: V = 5,
/// so targets must be below 5`), or a non-finite loss or gradient:
/// `epoch 3: the gradient norm is NaN: …`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Activation, Init, Matrix, Mt19937, OutputLayer, Vector};
/// use rnn_from_scratch::train::{fit, Example, FitOptions, OptimizerKind};
/// use rnn_from_scratch::cells::SequenceModel;
///
/// // Many-to-one: is the first of three inputs positive?
/// let mut rng = Mt19937::new(0);
/// let examples: Vec<Example> = (0..40).map(|k| {
///     let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
///     let inputs = Matrix::from_vec(3, 1, vec![sign, rng.randn(), rng.randn()]).unwrap();
///     Example { inputs, targets: vec![(2, k % 2)] }
/// }).collect();
/// let output = OutputLayer::new(Matrix::random(2, 6, &mut rng), Vector::zeros(2), Activation::Softmax)?;
/// let mut model = SequenceModel::new(Init::Xavier.cell(1, 6, &mut rng), output)?;
/// let options = FitOptions { epochs: 60, batch: 4, optimizer: OptimizerKind::Adam, learning_rate: 0.02, clip: 5.0, threads: 1 };
/// let mut losses = Vec::new();
/// fit(&mut model, &examples, &options, &mut rng, |_, loss| losses.push(loss)).unwrap();
/// assert!(losses[59] < 0.2 * losses[0], "{} → {}", losses[0], losses[59]);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub fn fit<C: Cell>(
    model: &mut SequenceModel<C>,
    examples: &[Example],
    options: &FitOptions,
    rng: &mut Mt19937,
    on_epoch: impl FnMut(usize, f64),
) -> Result<(), TrainError> {
    fit_observed(model, examples, options, rng, |_, _| {}, on_epoch)
}

/// [`fit`], telling `on_batch(epoch, examples done in the epoch)` after every optimiser
/// step: for progress within an epoch that takes more than a few seconds.
///
/// # Errors
///
/// As [`fit`].
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::SequenceModel;
/// use rnn_from_scratch::train::{fit_observed, Example, FitOptions, OptimizerKind};
/// use rnn_from_scratch::{Init, Matrix, Mt19937};
///
/// let mut rng = Mt19937::new(0);
/// let examples: Vec<Example> = (0..10).map(|k| Example { inputs: Matrix::zeros(2, 1), targets: vec![(1, k % 2)] }).collect();
/// let mut model = SequenceModel::with_softmax(Init::Xavier.cell(1, 3, &mut rng), 2, &mut rng);
/// let options = FitOptions { epochs: 1, batch: 4, optimizer: OptimizerKind::Adam, learning_rate: 0.01, clip: 5.0, threads: 1 };
/// let mut done = Vec::new();
/// fit_observed(&mut model, &examples, &options, &mut rng, |_, n| done.push(n), |_, _| {}).unwrap();
/// assert_eq!(done, [4, 8, 10]);
/// ```
pub fn fit_observed<C: Cell>(
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
    fit_planned(
        model,
        examples.len(),
        options,
        rng,
        plan,
        on_epoch,
        |model, batch| {
            let examples: Vec<_> = batch
                .iter()
                .map(|&k| (&examples[k].inputs, &examples[k].targets))
                .collect();
            model
                .loss_and_gradients_sum_threads(&examples, &model.zero_state(), options.threads)
                .map_err(|(i, e)| TrainError::new(format!("example {}: {e}", batch[i])))
        },
    )
}

/// [`fit`]'s loop, for any way of computing a mini-batch's summed loss and gradients:
/// `batch_gradients(model, places)` is given the places (in `0..count`) of one
/// mini-batch's examples. The options are checked here, once for every trainer.
/// Any model and gradient that list their arrays ([`Parameters`]) can be trained by it: a
/// [`SequenceModel`] with its [`SequenceGradients`](super::SequenceGradients), a [`Seq2Seq`](crate::cells::Seq2Seq)
/// with another `Seq2Seq`.
pub(crate) fn fit_with<M: Parameters, G: Parameters>(
    model: &mut M,
    count: usize,
    options: &FitOptions,
    rng: &mut Mt19937,
    on_epoch: impl FnMut(usize, f64),
    batch_gradients: impl FnMut(&M, &[usize]) -> Result<(f64, G), TrainError>,
) -> Result<(), TrainError> {
    let plan = Batches {
        lengths: None,
        on_batch: |_, _| {},
    };
    fit_planned(model, count, options, rng, plan, on_epoch, batch_gradients)
}

/// How [`fit_planned`] forms each epoch's mini-batches, and whom it tells of each one.
pub(crate) struct Batches<'a, P: FnMut(usize, usize)> {
    /// `None`: a shuffled order cut into batches. `Some(lengths)`: **length-sorted
    /// batches**: the shuffled order sorted (stably) by length, cut into batches, and the
    /// batches shuffled; so a batch holds sequences of one length or two, and the batched
    /// path runs it as one or two buckets instead of one per length.
    pub lengths: Option<&'a [usize]>,
    /// `on_batch(epoch, examples done in the epoch)`, after every optimiser step.
    pub on_batch: P,
}

/// [`fit_with`], with its batches formed by `plan`.
pub(crate) fn fit_planned<M: Parameters, G: Parameters, P: FnMut(usize, usize)>(
    model: &mut M,
    count: usize,
    options: &FitOptions,
    rng: &mut Mt19937,
    mut plan: Batches<'_, P>,
    mut on_epoch: impl FnMut(usize, f64),
    mut batch_gradients: impl FnMut(&M, &[usize]) -> Result<(f64, G), TrainError>,
) -> Result<(), TrainError> {
    if count == 0 {
        return Err(TrainError::new("fit: there are no examples to train on"));
    }
    if options.threads == 0 {
        return Err(TrainError::new("fit: threads must be at least 1"));
    }
    if options.batch == 0 {
        return Err(TrainError::new(
            "fit: a batch must hold at least one example",
        ));
    }
    // A negative clip would climb the loss, NaN would switch clipping off; a learning
    // rate that is not a positive number would do the same to every step.
    if options.clip.is_nan() || options.clip <= 0.0 {
        return Err(TrainError::new(format!(
            "fit: clip must be a positive number, got {}",
            options.clip
        )));
    }
    if !(options.learning_rate > 0.0 && options.learning_rate.is_finite()) {
        return Err(TrainError::new(format!(
            "fit: the learning rate must be a positive number, got {}",
            options.learning_rate
        )));
    }
    let mut optimizer = options.optimizer.build(options.learning_rate);
    let mut order: Vec<usize> = (0..count).collect();
    for epoch in 1..=options.epochs {
        rng.shuffle(&mut order); // the same seed, the same order
        let mut batches: Vec<&[usize]> = Vec::new();
        if let Some(lengths) = plan.lengths {
            order.sort_by_key(|&k| lengths[k]); // stable: random within a length
            batches.extend(order.chunks(options.batch));
            rng.shuffle(&mut batches); // and the lengths in a random order
        } else {
            batches.extend(order.chunks(options.batch));
        }
        let (mut total_loss, mut done) = (0.0, 0);
        for batch in batches {
            let (loss, mut g) = batch_gradients(model, batch)?;
            total_loss += loss;
            clip_global_norm(&mut g, options.clip)
                .map_err(|e| TrainError::new(format!("epoch {epoch}: {e}")))?;
            optimizer.step(model, &g);
            done += batch.len();
            (plan.on_batch)(epoch, done);
        }
        let mean = total_loss / count as f64;
        if !mean.is_finite() {
            return Err(TrainError::new(format!(
                "epoch {epoch}: the loss is {mean}"
            )));
        }
        on_epoch(epoch, mean);
    }
    Ok(())
}
