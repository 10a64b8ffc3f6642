//! The one training loop ([`fit_with`]), and [`fit`], mini-batch training of a
//! [`SequenceModel`] on [`Example`]s through it.

use super::examples::in_chunks;
use super::{Example, OptimizerKind, TrainError, clip_global_norm, clip_values};
use crate::cells::{BatchStep, Dropout, Parameters, SequenceModel};
use crate::linalg::Mt19937;

/// How to train. [`FitOptions::default`] is one epoch of Adam (learning rate 0.01) in
/// mini-batches of 8, the gradient's global norm clipped to 5, on one thread.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::{Clip, FitOptions};
///
/// let options = FitOptions { epochs: 10, ..FitOptions::default() };
/// assert_eq!((options.batch, options.learning_rate, options.clip), (8, 0.01, Clip::Norm(5.0)));
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
    /// How the gradient is clipped before every step.
    pub clip: Clip,
    /// Threads that share each mini-batch's examples (each computes whole examples'
    /// gradients; they are summed in the examples' order, so any number of threads gives
    /// the same weights, bit for bit).
    pub threads: usize,
    /// The L2 penalty λ (weight decay, 가중치 감쇠): every step adds λ·w to the gradient of
    /// every weight w, the gradient of (λ/2)·‖w‖² added to the batch's loss, so that large
    /// weights cost something and a weight that only one example needs shrinks back (the
    /// losses reported leave the penalty out). 0 switches it off.
    pub l2: f64,
    /// β of the weights' moving average (가중치 이동 평균, Polyak averaging): after every
    /// step w̄ ← β·w̄ + (1 − β)·w, with β held at (1 + t)/(10 + t) while that is smaller
    /// (t the steps taken, as TensorFlow's `ExponentialMovingAverage` does, so that a short
    /// run averages its last tenth or so), and the model ends as w̄. The last steps'
    /// weights scatter around the low ground the optimiser found; their mean sits nearer
    /// its middle. In [0, 1); 0 switches it off.
    pub average: f64,
}

impl Default for FitOptions {
    fn default() -> FitOptions {
        FitOptions {
            epochs: 1,
            batch: 8,
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.01,
            clip: Clip::Norm(5.0),
            threads: 1,
            l2: 0.0,
            average: 0.0,
        }
    }
}

/// How [`fit_with`] keeps one bad step from throwing the weights far away: the gradient
/// is clipped before every update.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::{Clip, FitOptions};
///
/// // min-char-rnn's: every gradient value into [−5, 5]
/// let options = FitOptions { clip: Clip::Values(5.0), ..FitOptions::default() };
/// assert_ne!(options, FitOptions::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Clip {
    /// The global norm ‖g‖ scaled down to at most this ([`clip_global_norm`]), keeping the
    /// gradient's direction.
    Norm(f64),
    /// Every gradient value clipped into [−c, c] ([`clip_values`]), as min-char-rnn does.
    Values(f64),
}

/// Trains `model` on `examples` through the cell's batched step, for any [`BatchStep`]
/// cell (the registry's, a bidirectional pair, a stack, a cell under an embedding) and any
/// examples (rows or ids; many-to-one, many-to-many or any targets), with [`fit_with`]'s
/// loop: every mini-batch (formed as `plan` says: a shuffled order cut into batches, or
/// length-sorted batches) is cut into chunks of 16 examples, the chunks shared by
/// `options.threads` threads, each chunk run by length buckets
/// ([`loss_and_gradients_examples`](super::loss_and_gradients_examples)) and the chunks
/// summed in order; the sum's global norm is clipped, then one optimiser step.
/// `on_epoch(epoch, mean loss per example)` is called after each epoch (for progress).
/// The same weights for any number of threads, bit for bit.
///
/// `dropout` is the rate p on the recurrent layer's inputs and outputs while training
/// ([`Dropout`]), in [0, 1); 0 switches it off (and draws nothing from `rng`).
///
/// # Errors
///
/// No examples (`fit: there are no examples to train on`), a batch size of 0, a clip or
/// learning rate that is not a positive number (`fit: clip must be a positive number,
/// got -1`), an [`average`](FitOptions::average) outside [0, 1), a dropout rate outside
/// [0, 1) (`dropout must be in [0, 1), got 1`), an example that does not fit the model
/// (`example 4: target 7 at timestep 2 is not a class: there are 5`), or a non-finite
/// loss or gradient: `epoch 3: the gradient norm is NaN: …`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Activation, Init, Matrix, Mt19937, OutputLayer, Vector};
/// use rnn_from_scratch::train::{fit, Batches, Example, FitOptions, Input};
/// use rnn_from_scratch::cells::SequenceModel;
///
/// // Many-to-one: is the first of three inputs positive?
/// let mut rng = Mt19937::new(0);
/// let examples: Vec<Example> = (0..40).map(|k| {
///     let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
///     let inputs = Matrix::from_vec(3, 1, vec![sign, rng.randn(), rng.randn()]).unwrap();
///     Example { inputs: Input::Rows(inputs), targets: vec![(2, k % 2)] }
/// }).collect();
/// let output = OutputLayer::new(Matrix::random(2, 6, &mut rng), Vector::zeros(2), Activation::Softmax)?;
/// let mut model = SequenceModel::new(Init::Xavier.cell(1, 6, &mut rng), output)?;
/// let options = FitOptions { epochs: 60, batch: 4, learning_rate: 0.02, ..FitOptions::default() };
/// let mut losses = Vec::new();
/// fit(&mut model, &examples, &options, 0.0, &mut rng, Batches::shuffled(), |_, loss| losses.push(loss)).unwrap();
/// assert!(losses[59] < 0.2 * losses[0], "{} → {}", losses[0], losses[59]);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub fn fit<C: BatchStep, P: FnMut(usize, usize)>(
    model: &mut SequenceModel<C>,
    examples: &[Example],
    options: &FitOptions,
    dropout: f64,
    rng: &mut Mt19937,
    plan: Batches<'_, P>,
    on_epoch: impl FnMut(usize, f64),
) -> Result<(), TrainError> {
    if !(0.0..1.0).contains(&dropout) {
        return Err(TrainError::new(format!(
            "dropout must be in [0, 1), got {dropout}"
        )));
    }
    let dropout = (dropout > 0.0).then(|| Dropout {
        rate: dropout,
        seed: rng.next_u32().into(), // drawn only with dropout: without, the same figures as ever
    });
    let mut step = 0;
    let classes = model.output().output_size();
    let plan = Batches {
        chance: plan.chance.or(Some(chance(examples, classes))),
        ..plan
    };
    let grads = |model: &SequenceModel<C>, batch: &[usize]| {
        step += 1;
        let dropout = dropout.map(|dropout| dropout.at_step(step));
        let threads = options.threads;
        let (loss, g, _) = in_chunks(model, examples, batch, None, dropout.as_ref(), threads)
            .map_err(|e| TrainError::new(e.to_string()))?;
        Ok::<_, TrainError>((loss, g))
    };
    fit_with(model, examples.len(), options, rng, plan, on_epoch, grads)
}

/// How [`fit_with`] forms each epoch's mini-batches, and whom it tells of each one.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::Batches;
///
/// let lengths = [3, 1, 2];
/// let mut done = Vec::new();
/// let mut plan = Batches::by_length(&lengths, |_epoch, n| done.push(n));
/// (plan.on_batch)(1, 2);
/// assert_eq!(done, [2]);
/// ```
pub struct Batches<'a, P: FnMut(usize, usize)> {
    /// `None`: a shuffled order cut into batches. `Some(lengths)`: **length-sorted
    /// batches**: the shuffled order sorted (stably) by length, cut into batches, and the
    /// batches shuffled; so a batch holds sequences of one length or two, and the batched
    /// path runs it as one or two buckets instead of one per length.
    pub lengths: Option<&'a [usize]>,
    /// `on_batch(epoch, examples done in the epoch)`, after every optimiser step.
    pub on_batch: P,
    /// What a model that knows nothing scores: (targets per example, on average; classes
    /// V), each target ln V. An epoch whose mean loss per target rises far above ln V
    /// stops the training ([`diverged`]). `None`: only a loss that is not finite stops it.
    pub chance: Option<(f64, usize)>,
}

impl Batches<'static, fn(usize, usize)> {
    /// A shuffled order cut into batches, telling no one.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(rnn_from_scratch::train::Batches::shuffled().lengths.is_none());
    /// ```
    pub fn shuffled() -> Self {
        Batches::telling(|_, _| {})
    }
}

impl<'a, P: FnMut(usize, usize)> Batches<'a, P> {
    /// Length-sorted batches of sequences of these `lengths`, with `on_batch(epoch,
    /// examples done)` after every step.
    ///
    /// # Examples
    ///
    /// ```
    /// let plan = rnn_from_scratch::train::Batches::by_length(&[2, 5], |_, _| {});
    /// assert_eq!(plan.lengths, Some(&[2, 5][..]));
    /// ```
    pub fn by_length(lengths: &'a [usize], on_batch: P) -> Self {
        Batches {
            lengths: Some(lengths),
            ..Batches::telling(on_batch)
        }
    }

    /// A shuffled order cut into batches, with `on_batch(epoch, examples done)` after
    /// every step.
    ///
    /// # Examples
    ///
    /// ```
    /// let plan = rnn_from_scratch::train::Batches::telling(|_, _| {});
    /// assert!(plan.lengths.is_none() && plan.chance.is_none());
    /// ```
    pub fn telling(on_batch: P) -> Self {
        Batches {
            lengths: None,
            on_batch,
            chance: None,
        }
    }
}

/// The one training loop, which every trainer of the crate goes through: every epoch
/// forms mini-batches of the `count` examples (as `plan` says), asks
/// `batch_gradients(model, places)` for each batch's summed loss and gradients (`places`:
/// the examples' places in `0..count`), adds the L2 penalty's gradient, clips
/// ([`Clip`]), takes an optimiser step and updates the weights' moving average. The
/// options are checked here, once for every trainer. Any model and gradient that list
/// their arrays ([`Parameters`]) can be trained by it: a [`SequenceModel`] with its
/// [`SequenceGradients`](super::SequenceGradients) ([`fit`]), a
/// [`Seq2Seq`](crate::cells::Seq2Seq) with its gradients
/// ([`fit_seq2seq`](super::fit_seq2seq)), or a model of your own (the real-data tagger is
/// one: an embedding table and a bidirectional model). The character model is one too:
/// its B streams of text are the examples, so an epoch is one step over one batch of all
/// of them, and `batch_gradients` carries each stream's state from chunk to chunk.
///
/// # Errors
///
/// As [`fit`]: no examples, a bad option, an error of `batch_gradients`, a gradient or a
/// loss that is not finite.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::{fit_with, Batches, FitOptions, OptimizerKind, TrainError};
/// use rnn_from_scratch::{Mt19937, Vector};
///
/// // Fit one number to the mean of three: the loss Σ (w − xₖ)²/2, its gradient Σ (w − xₖ).
/// let xs = [1.0, 2.0, 6.0];
/// let mut w = Vector::zeros(1);
/// let options = FitOptions { epochs: 200, batch: 3, optimizer: OptimizerKind::Sgd, learning_rate: 0.1, ..FitOptions::default() };
/// fit_with(&mut w, xs.len(), &options, &mut Mt19937::new(0), Batches::shuffled(), |_, _| {}, |w: &Vector, places: &[usize]| {
///     let loss = places.iter().map(|&k| (w[0] - xs[k]).powi(2) / 2.0).sum();
///     let gradient = places.iter().map(|&k| w[0] - xs[k]).sum::<f64>();
///     Ok::<_, TrainError>((loss, Vector::from(vec![gradient])))
/// })?;
/// assert!((w[0] - 3.0).abs() < 1e-9);
/// # Ok::<(), TrainError>(())
/// ```
pub fn fit_with<M: Parameters, G: Parameters, P: FnMut(usize, usize)>(
    model: &mut M,
    count: usize,
    options: &FitOptions,
    rng: &mut Mt19937,
    mut plan: Batches<'_, P>,
    mut on_epoch: impl FnMut(usize, f64),
    mut batch_gradients: impl FnMut(&M, &[usize]) -> Result<(f64, G), TrainError>,
) -> Result<(), TrainError> {
    check(options, count)?;
    let mut optimizer = options.optimizer.build(options.learning_rate);
    let copy = |(_, w): &(_, &[f64])| w.to_vec();
    let mut average =
        (options.average > 0.0).then(|| model.parameters().iter().map(copy).collect::<Vec<_>>());
    let mut steps = 0.0;
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
            if options.l2 > 0.0 {
                let weights = model.parameters();
                for ((_, g), (_, w)) in g.parameters_mut().into_iter().zip(weights) {
                    for (g, w) in g.iter_mut().zip(w) {
                        *g += options.l2 * w; //               ∂/∂w (λ/2)·‖w‖² = λ·w
                    }
                }
            }
            total_loss += loss;
            match options.clip {
                Clip::Norm(max) => {
                    clip_global_norm(&mut g, max)
                        .map_err(|e| TrainError::new(format!("epoch {epoch}: {e}")))?;
                }
                Clip::Values(limit) => clip_values(&mut g, limit),
            }
            optimizer.step(model, &g);
            if let Some(average) = &mut average {
                let beta = options.average.min((1.0 + steps) / (10.0 + steps));
                for (a, (_, w)) in average.iter_mut().zip(model.parameters()) {
                    for (a, w) in a.iter_mut().zip(w) {
                        *a = beta * *a + (1.0 - beta) * w; //   w̄ ← β·w̄ + (1 − β)·w
                    }
                }
                steps += 1.0;
            }
            done += batch.len();
            (plan.on_batch)(epoch, done);
        }
        let mean = total_loss / count as f64;
        if !mean.is_finite() {
            return Err(TrainError::new(format!(
                "epoch {epoch}: the loss is {mean}"
            )));
        }
        if let Some((targets, classes)) = plan.chance {
            let at = format!("epoch {epoch}");
            diverged(mean / targets.max(1e-300), classes, "nats per target", &at)?;
        }
        on_epoch(epoch, mean);
    }
    for (a, (_, w)) in average.iter().flatten().zip(model.parameters_mut()) {
        w.copy_from_slice(a); // the model ends as w̄
    }
    Ok(())
}

/// The options can train `count` examples: one line naming the first that cannot.
fn check(options: &FitOptions, count: usize) -> Result<(), TrainError> {
    let (Clip::Norm(clip) | Clip::Values(clip)) = options.clip;
    let fault = if count == 0 {
        "there are no examples to train on".to_string()
    } else if options.threads == 0 {
        "threads must be at least 1".to_string()
    } else if options.batch == 0 {
        "a batch must hold at least one example".to_string()
    // A negative clip would climb the loss, NaN would switch clipping off; a learning
    // rate that is not a positive number would do the same to every step.
    } else if clip.is_nan() || clip <= 0.0 {
        format!("clip must be a positive number, got {clip}")
    } else if !(options.learning_rate > 0.0 && options.learning_rate.is_finite()) {
        let rate = options.learning_rate;
        format!("the learning rate must be a positive number, got {rate}")
    } else if !(options.l2 >= 0.0 && options.l2.is_finite()) {
        format!("l2 must be a number ≥ 0, got {}", options.l2)
    } else if !(0.0..1.0).contains(&options.average) {
        format!("average must be in [0, 1), got {}", options.average)
    } else {
        return Ok(());
    };
    Err(TrainError::new(format!("fit: {fault}")))
}

/// What a model that knows nothing scores on `examples` ([`Batches::chance`]): their
/// targets per example, on average, and the `classes` each target is one of.
pub(crate) fn chance(examples: &[Example], classes: usize) -> (f64, usize) {
    let targets: usize = examples.iter().map(|e| e.targets.len()).sum();
    (targets as f64 / examples.len().max(1) as f64, classes)
}

/// How far above ln V, the loss of a model that knows nothing, a loss per prediction may
/// rise before the run counts as diverged: 10 nats, a perplexity 22,000 times V.
pub const DIVERGED_ABOVE_CHANCE: f64 = 10.0;

/// Stops a run whose loss (`loss` nats per prediction, in `unit`, at `at`) is far above
/// ln V (`classes`), the loss of a model that knows nothing, or is not a number: its
/// weights may be finite, but they predict worse than a guess, and saving them would
/// replace a good model. The character model checks it at every checkpoint, [`fit_with`]
/// after every epoch.
///
/// # Errors
///
/// `the loss is 13944.215 nats/char at iteration 30, far above ln V = 2.303, what a model
/// that knows nothing scores: training diverged, and this model is not kept (try a smaller
/// learning rate)`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::diverged;
///
/// assert!(diverged(2.0, 10, "nats/char", "iteration 30").is_ok()); // ln 10 = 2.303
/// let err = diverged(13944.215, 10, "nats/char", "iteration 30").unwrap_err();
/// assert!(err.to_string().starts_with("the loss is 13944.215 nats/char at iteration 30"));
/// assert!(diverged(f64::NAN, 10, "nats/char", "iteration 31").is_err());
/// ```
pub fn diverged(loss: f64, classes: usize, unit: &str, at: &str) -> Result<(), TrainError> {
    let chance = crate::linalg::elementary::ln(classes as f64);
    if loss.is_finite() && loss <= chance + DIVERGED_ABOVE_CHANCE {
        return Ok(());
    }
    Err(TrainError::new(format!(
        "the loss is {loss:.3} {unit} at {at}, far above ln V = {chance:.3}, what a model \
         that knows nothing scores: training diverged, and this model is not kept (try a \
         smaller learning rate)"
    )))
}
