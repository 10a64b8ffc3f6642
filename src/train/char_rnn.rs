//! The character model's trainer: min-char-rnn's step, on each cell's fast path (its
//! batched step with B = 1 and token ids in), on one stream of text or on several at
//! once, shared by a crew of threads.

use super::crew::Crew;
use super::{Optimizer, SequenceGradients, TrainError, clip_values};
use crate::cells::{AnyCell, CellKind, CharModel, Parameters};
use crate::linalg::{Mt19937, ShapeError};
use std::sync::{Mutex, MutexGuard, RwLock};

/// A plain-RNN character model with d = V = `vocab_size` and Dh = `hidden_size`,
/// initialised as min-char-rnn does: every weight `np.random.randn(...) * 0.01`, drawn
/// Wx, Wh, Wy in that order, and both biases 0. Small weights keep tanh in its linear
/// range and every class near 1/V at the start, so the first loss is about ln V per
/// character.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{cells::Parameters, train::char_rnn::init, Mt19937};
///
/// let model = init(5, 3, &mut Mt19937::new(0));
/// let (name, wx) = model.parameters()[0];
/// // np.random.seed(0); np.random.randn(3, 5)[0, 0] * 0.01
/// assert_eq!(name, "Wx");
/// assert!((wx[0] - 0.01764052345967664).abs() < 1e-17);
/// ```
pub fn init(vocab_size: usize, hidden_size: usize, rng: &mut Mt19937) -> CharModel {
    CharModel::for_characters(CellKind::Rnn, vocab_size, hidden_size, rng)
}

/// One training step after another: truncated BPTT over chunks, the state carried from
/// chunk to chunk, every gradient value clipped to ±`clip`, then an optimiser step. Every
/// cell of the registry trains on its fast path
/// ([`SequenceModel::loss_and_gradients_ids`](crate::cells::SequenceModel::loss_and_gradients_ids): the cell's batched step with B = 1 and
/// token ids in).
///
/// Several streams of text at once, on several threads: [`Trainer::with_streams`].
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::{char_rnn::{init, Trainer}, OptimizerKind};
/// use rnn_from_scratch::Mt19937;
///
/// let rnn = init(3, 8, &mut Mt19937::new(0));
/// let mut trainer = Trainer::new(rnn, OptimizerKind::Adagrad.build(0.1), 5.0);
/// // "abcabc…": after a few hundred steps the next character is easy to predict.
/// let first = trainer.step(&[0, 1, 2, 0], &[1, 2, 0, 1])?;
/// let mut last = first;
/// for _ in 0..300 {
///     last = trainer.step(&[0, 1, 2, 0], &[1, 2, 0, 1])?;
/// }
/// assert!(first > 4.0 && last < 0.1, "{first} → {last}");
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub struct Trainer {
    crew: Crew<Shared>,
    optimizer: Box<dyn Optimizer>,
    clip: f64,
    steps: u64,
}

/// One stream of text: its chunk for this step, the state it carries from chunk to chunk,
/// and what the step gave (the loss, the gradient and the state after the chunk).
struct Stream {
    inputs: Vec<usize>,
    targets: Vec<usize>,
    state: Vec<f64>,
    result: Result<(f64, SequenceGradients<AnyCell>, Vec<f64>), ShapeError>,
}

/// What the crew's threads share: the model (read by all during a step, written by the
/// caller between steps) and the streams (a lock each only so that a thread can be handed
/// one: no two threads ever ask for the same stream).
struct Shared {
    model: RwLock<CharModel>,
    streams: Vec<Mutex<Stream>>,
}

/// `model` with `streams` streams, shared by `threads` threads (at most one a stream).
fn crew_of(model: CharModel, streams: usize, threads: usize) -> Crew<Shared> {
    let stream = || {
        Mutex::new(Stream {
            inputs: Vec::new(),
            targets: Vec::new(),
            state: model.zero_state().as_slice().to_vec(),
            result: Err(ShapeError::new("no step has run")),
        })
    };
    let shared = Shared {
        streams: (0..streams).map(|_| stream()).collect(),
        model: RwLock::new(model),
    };
    // Job k is stream k's loss and gradient, computed by one thread alone (whichever
    // takes it): the same operations whatever the number of threads.
    Crew::new(
        shared,
        threads.min(streams),
        streams,
        |shared: &Shared, k| {
            let model = shared
                .model
                .read()
                .expect("the caller never panics holding it");
            let stream = &mut *shared.streams[k].lock().expect("a stream is never shared");
            stream.result =
                model.loss_and_gradients_ids(&stream.inputs, &stream.targets, &stream.state);
        },
    )
}

/// `g₀ ← clip((g₀ + g₁ + … + g_B−1) / B)`, value by value, in place in the first stream's
/// gradient, the others (`rest`) added in the streams' order (never in the order the
/// threads finished), so `--threads 1` and `2` give the same weights bit for bit.
///
/// One pass over the arrays instead of three (add, divide, clip), and no array of its own:
/// this runs on one core while the other waits, and every array it touches is one more
/// for that core's cache to hold beside the weights and the optimiser's memory.
fn clipped_mean<G: Parameters>(first: &mut G, rest: &[&G], clip: f64) {
    let b = (rest.len() + 1) as f64;
    let rest: Vec<Vec<(&str, &[f64])>> = rest.iter().map(|g| g.parameters()).collect();
    for (a, (_, sum)) in first.parameters_mut().into_iter().enumerate() {
        // A block of 512 values at a time, so that the sum stays in the L1 cache between
        // the streams' additions.
        for (block, sum) in sum.chunks_mut(512).enumerate() {
            let range = block * 512..block * 512 + sum.len();
            for stream in &rest {
                for (sum, g) in sum.iter_mut().zip(&stream[a].1[range.clone()]) {
                    *sum += g;
                }
            }
            for sum in sum.iter_mut() {
                *sum = (*sum / b).clamp(-clip, clip);
            }
        }
    }
}

impl Trainer {
    /// A trainer for a character model of any cell, on one stream of text, starting from
    /// the zero state.
    ///
    /// # Panics
    ///
    /// If `clip` is not a positive number (a negative one would climb the loss, NaN would
    /// switch clipping off): `clip must be a positive number, got -1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{CellKind, CharModel};
    /// use rnn_from_scratch::train::{char_rnn::Trainer, OptimizerKind};
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let model = CharModel::for_characters(CellKind::Lstm, 3, 8, &mut Mt19937::new(0));
    /// let mut trainer = Trainer::new(model, OptimizerKind::Adam.build(0.01), 5.0);
    /// let loss = trainer.step(&[0, 1, 2], &[1, 2, 0])?;
    /// assert!((loss - 3.0 * 3.0_f64.ln()).abs() < 0.01); // ln V per character at the start
    /// assert_eq!(trainer.model().cell().kind(), CellKind::Lstm);
    /// # Ok::<(), rnn_from_scratch::train::TrainError>(())
    /// ```
    #[track_caller]
    pub fn new(model: CharModel, optimizer: Box<dyn Optimizer>, clip: f64) -> Trainer {
        assert!(clip > 0.0, "clip must be a positive number, got {clip}");
        Trainer {
            crew: crew_of(model, 1, 1),
            optimizer,
            clip,
            steps: 0,
        }
    }

    /// The same trainer on `streams` streams of text at once, shared by `threads` threads.
    ///
    /// Each step then takes one chunk from every stream ([`Trainer::step_streams`]); each
    /// stream carries its own state. The streams' losses and gradients are computed side
    /// by side, each by one thread alone, and their mean is summed in the streams' order:
    /// so the weights after a step do not depend on `threads`, bit for bit; only the time
    /// does. One stream is min-char-rnn's loop exactly (its gradient is not rescaled).
    ///
    /// These are mini-batches of min-char-rnn's kind: B parts of one text read side by
    /// side ([d2l.ai's "sequential partitioning"](https://d2l.ai/chapter_recurrent-neural-networks/language-model.html)).
    /// The batched cells could run them as one matrix product per step (B = streams);
    /// here each stream runs the batched step with B = 1 instead, so that one stream is
    /// exactly the single-stream trainer, and the threads meet once a step, not once a
    /// time step. How the threads are kept: [`crew`](super::crew).
    ///
    /// # Panics
    ///
    /// If `streams` or `threads` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::char_rnn::{init, Trainer};
    /// use rnn_from_scratch::train::OptimizerKind;
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let chunks = [(&[0, 1][..], &[1, 2][..]), (&[2, 0][..], &[0, 1][..])];
    /// let run = |threads| {
    ///     let rnn = init(3, 8, &mut Mt19937::new(0));
    ///     let mut trainer = Trainer::new(rnn, OptimizerKind::Adagrad.build(0.1), 5.0)
    ///         .with_streams(2, threads);
    ///     for _ in 0..20 {
    ///         trainer.step_streams(&chunks)?;
    ///     }
    ///     Ok::<_, rnn_from_scratch::train::TrainError>(trainer.model())
    /// };
    /// assert_eq!(run(1)?, run(2)?); // bit for bit
    /// # Ok::<(), rnn_from_scratch::train::TrainError>(())
    /// ```
    #[track_caller]
    pub fn with_streams(self, streams: usize, threads: usize) -> Trainer {
        assert!(
            streams > 0,
            "with_streams: streams must be at least 1, got 0"
        );
        assert!(
            threads > 0,
            "with_streams: threads must be at least 1, got 0"
        );
        Trainer {
            crew: crew_of(self.model(), streams, threads),
            ..self
        }
    }

    /// How many streams of text each step reads (1 unless [`Trainer::with_streams`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::char_rnn::{init, Trainer};
    /// use rnn_from_scratch::train::OptimizerKind;
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let trainer = Trainer::new(init(3, 8, &mut Mt19937::new(0)), OptimizerKind::Sgd.build(0.1), 5.0);
    /// assert_eq!(trainer.streams(), 1);
    /// assert_eq!(trainer.with_streams(4, 2).streams(), 4);
    /// ```
    pub fn streams(&self) -> usize {
        self.crew.state().streams.len()
    }

    /// The model as it is now (a copy: the trainer keeps training its own).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::CellKind;
    /// use rnn_from_scratch::train::char_rnn::{init, Trainer};
    /// use rnn_from_scratch::train::OptimizerKind;
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let mut trainer = Trainer::new(init(3, 8, &mut Mt19937::new(0)), OptimizerKind::Adagrad.build(0.1), 5.0);
    /// let before = trainer.model();
    /// trainer.step(&[0, 1, 2], &[1, 2, 0])?;
    /// assert_eq!(before.cell().kind(), CellKind::Rnn);
    /// assert_ne!(trainer.model(), before); // the step moved the weights
    /// # Ok::<(), rnn_from_scratch::train::TrainError>(())
    /// ```
    pub fn model(&self) -> CharModel {
        let model = self.crew.state().model.read().expect("the crew is idle");
        model.clone()
    }

    /// Forgets the carried state of every stream (at the start of a pass over the text).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::char_rnn::{init, Trainer};
    /// use rnn_from_scratch::train::OptimizerKind;
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let mut a = Trainer::new(init(3, 8, &mut Mt19937::new(0)), OptimizerKind::Sgd.build(0.0), 5.0);
    /// let first = a.step(&[0, 1], &[1, 2])?;
    /// a.reset_hidden(); // as at the start: the same chunk costs the same again (lr 0)
    /// assert_eq!(a.step(&[0, 1], &[1, 2])?, first);
    /// # Ok::<(), rnn_from_scratch::train::TrainError>(())
    /// ```
    pub fn reset_hidden(&mut self) {
        for k in 0..self.streams() {
            self.reset_stream(k);
        }
    }

    /// Forgets the carried state of stream `k` alone (at the start of its pass over its
    /// part of the text).
    ///
    /// # Panics
    ///
    /// If `k` is not below [`Trainer::streams`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::char_rnn::{init, Trainer};
    /// use rnn_from_scratch::train::OptimizerKind;
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let rnn = init(3, 8, &mut Mt19937::new(0));
    /// let mut a = Trainer::new(rnn, OptimizerKind::Sgd.build(0.0), 5.0).with_streams(2, 1);
    /// let chunks = [(&[0, 1][..], &[1, 2][..]); 2];
    /// let first = a.step_streams(&chunks)?;
    /// a.reset_stream(0);
    /// a.reset_stream(1);
    /// assert_eq!(a.step_streams(&chunks)?, first); // both from zero again (lr 0)
    /// # Ok::<(), rnn_from_scratch::train::TrainError>(())
    /// ```
    #[track_caller]
    pub fn reset_stream(&mut self, k: usize) {
        let streams = self.streams();
        assert!(
            k < streams,
            "reset_stream: there is no stream {k}; the trainer has {streams} (0 to {})",
            streams - 1
        );
        let mut stream = self.crew.state().streams[k]
            .lock()
            .expect("the crew is idle");
        stream.state.fill(0.0);
    }

    /// One step on a chunk: loss and gradients, clipping, update. Returns the chunk's loss
    /// in nats (a sum over its characters).
    ///
    /// # Errors
    ///
    /// Inputs and targets of different lengths, a character index out of range (the
    /// errors of [`SequenceModel::loss_and_gradients_ids`](crate::cells::SequenceModel::loss_and_gradients_ids)), a trainer of several streams,
    /// or a loss that is not finite:
    /// `the loss is NaN at iteration 1234; the weights were not updated`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::char_rnn::{init, Trainer};
    /// use rnn_from_scratch::train::OptimizerKind;
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let mut trainer = Trainer::new(init(3, 8, &mut Mt19937::new(0)), OptimizerKind::Adagrad.build(0.1), 5.0);
    /// let err = trainer.step(&[0, 1, 2], &[1, 2]).unwrap_err();
    /// assert_eq!(err.to_string(), "inputs and targets must have the same length, got 3 and 2");
    /// ```
    pub fn step(&mut self, inputs: &[usize], targets: &[usize]) -> Result<f64, TrainError> {
        self.step_streams(&[(inputs, targets)])
    }

    /// One step on one chunk of each stream (in the streams' order): each chunk's loss and
    /// gradient from its stream's carried state, the mean gradient clipped, one update.
    /// Returns the chunks' mean loss in nats (each a sum over its characters).
    ///
    /// # Errors
    ///
    /// As [`Trainer::step`], and a number of chunks that is not [`Trainer::streams`]:
    /// `the trainer has 2 streams of text; got 1 chunks`. When any chunk fails, no weight
    /// and no carried state changes.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::char_rnn::{init, Trainer};
    /// use rnn_from_scratch::train::OptimizerKind;
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let rnn = init(3, 8, &mut Mt19937::new(0));
    /// let mut trainer = Trainer::new(rnn, OptimizerKind::Adagrad.build(0.1), 5.0).with_streams(2, 2);
    /// let loss = trainer.step_streams(&[(&[0, 1], &[1, 2]), (&[2], &[0])])?;
    /// assert!((loss - 1.5 * 3.0_f64.ln()).abs() < 0.01); // (2 + 1 characters) / 2, ln V each
    /// let err = trainer.step(&[0], &[1]).unwrap_err();
    /// assert_eq!(err.to_string(), "the trainer has 2 streams of text; got 1 chunks");
    /// # Ok::<(), rnn_from_scratch::train::TrainError>(())
    /// ```
    pub fn step_streams(&mut self, chunks: &[(&[usize], &[usize])]) -> Result<f64, TrainError> {
        self.steps += 1;
        let shared = self.crew.state();
        if chunks.len() != shared.streams.len() {
            return Err(TrainError::new(format!(
                "the trainer has {} streams of text; got {} chunks",
                shared.streams.len(),
                chunks.len()
            )));
        }
        for (stream, (inputs, targets)) in shared.streams.iter().zip(chunks) {
            let mut stream = stream.lock().expect("the crew is idle");
            stream.inputs.clear();
            stream.inputs.extend_from_slice(inputs);
            stream.targets.clear();
            stream.targets.extend_from_slice(targets);
        }
        self.crew.run();
        let mut streams: Vec<MutexGuard<Stream>> = shared
            .streams
            .iter()
            .map(|s| s.lock().expect("the crew is idle"))
            .collect();
        let mut total = 0.0;
        for stream in &streams {
            let (loss, _, _) = stream
                .result
                .as_ref()
                .map_err(|e| TrainError::new(e.to_string()))?;
            total += loss;
        }
        check_finite_loss(total, self.steps)?;
        let mut gradients = Vec::with_capacity(streams.len());
        for stream in &mut streams {
            let Stream { state, result, .. } = &mut **stream;
            let (_, g, last) =
                std::mem::replace(result, Err(ShapeError::new("taken"))).expect("checked above");
            *state = last;
            gradients.push(g);
        }
        let b = gradients.len();
        let (first, rest) = gradients.split_first_mut().expect("at least one stream");
        if b == 1 {
            // min-char-rnn's step: the one gradient as it is.
            clip_values(first, self.clip);
        } else {
            let rest: Vec<&SequenceGradients<AnyCell>> = rest.iter().collect();
            clipped_mean(first, &rest, self.clip);
        }
        let mut model = shared.model.write().expect("the crew is idle");
        self.optimizer.step(&mut *model, first);
        Ok(total / b as f64)
    }
}

fn check_finite_loss(loss: f64, steps: u64) -> Result<(), TrainError> {
    if loss.is_finite() {
        return Ok(());
    }
    Err(TrainError::new(format!(
        "the loss is {loss} at iteration {steps}; the weights were not updated"
    )))
}
