//! The character model's trainer: min-char-rnn's step, each cell on its fast path, on one
//! stream of text or on several at once, shared by a crew of threads.

use super::crew::Crew;
use super::fast::{Workspace, check_one_hot};
use super::fast_gru::GruWorkspace;
use super::fast_lstm::LstmWorkspace;
use super::{Gradients, Optimizer, Rnn, SequenceGradients, TrainError, clip_values};
use crate::cells::init::min_char_rnn;
use crate::cells::{
    AnyCell, Cell, CharModel, GruCell, LstmCell, Parameters, SequenceModel, one_hot,
};
use crate::linalg::{Mt19937, ShapeError, Vector};
use std::sync::{Mutex, MutexGuard, RwLock};

pub use super::OptimizerKind;
pub use crate::cells::CellKind;

/// A character model with d = V = `vocab_size` and Dh = `hidden_size`, initialised as
/// min-char-rnn does: every weight `np.random.randn(...) * 0.01`, drawn Wx, Wh, Wy in
/// that order, and both biases 0. Small weights keep tanh in its linear range and every
/// class near 1/V at the start, so the first loss is about ln V per character.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{train::char_rnn::init, Mt19937};
///
/// let rnn = init(5, 3, &mut Mt19937::new(0));
/// // np.random.seed(0); np.random.randn(3, 5)[0, 0] * 0.01
/// assert!((rnn.cell().wx()[(0, 0)] - 0.01764052345967664).abs() < 1e-17);
/// ```
pub fn init(vocab_size: usize, hidden_size: usize, rng: &mut Mt19937) -> Rnn {
    let (cell, output) = min_char_rnn(vocab_size, hidden_size, rng);
    Rnn::new(cell, output).expect("shapes made to fit")
}

/// One training step after another: truncated BPTT over chunks, the hidden state carried
/// from chunk to chunk, every gradient value clipped to ±`clip`, then an optimiser step.
/// Every cell of the registry trains on its fast path ([`Rnn::loss_and_gradients_one_hot`],
/// and `SequenceModel::loss_and_gradients_one_hot` for the LSTM and the GRU); a cell
/// without one would train on the literal path ([`SequenceModel::loss_and_gradients`]).
///
/// Other cells: [`Trainer::for_model`] with a [`CharModel`]. Several streams of text at
/// once, on several threads: [`Trainer::with_streams`].
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::char_rnn::{init, OptimizerKind, Trainer};
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
    model: Box<dyn TrainStreams>,
    optimizer: Box<dyn Optimizer>,
    clip: f64,
    steps: u64,
}

/// A model whose loss and gradient on one chunk of one stream can be computed on its own,
/// with buffers that the stream reuses from step to step (so the fast paths allocate
/// nothing per step).
trait StreamModel: Parameters + Sync + Send + 'static {
    /// A stream's buffers for one step.
    type Work: Default + Send + 'static;
    /// The gradient's type.
    type Grad: Parameters + Send + 'static;

    /// A gradient of the model's shapes, all zeros.
    fn zero_gradients(&self) -> Self::Grad;

    /// The length of the carried state (Dh, or 2·Dh for the LSTM's (h, c)).
    fn state_size(&self) -> usize;

    /// The chunk's loss, its gradient written into `gradients`, the last state kept in
    /// `work`.
    fn chunk_loss(
        &self,
        chunk: (&[usize], &[usize]),
        state: &[f64],
        work: &mut Self::Work,
        gradients: &mut Self::Grad,
    ) -> Result<f64, ShapeError>;

    /// The state after the chunk's last step.
    fn last_state(work: &Self::Work) -> &[f64];

    /// The model as a [`CharModel`].
    fn char_model(&self) -> CharModel;
}

impl StreamModel for Rnn {
    type Work = Workspace;
    type Grad = Gradients;

    fn zero_gradients(&self) -> Gradients {
        Gradients::zeros(self.input_size(), self.hidden_size(), self.output_size())
    }

    fn state_size(&self) -> usize {
        self.hidden_size()
    }

    fn chunk_loss(
        &self,
        (inputs, targets): (&[usize], &[usize]),
        state: &[f64],
        work: &mut Workspace,
        gradients: &mut Gradients,
    ) -> Result<f64, ShapeError> {
        self.loss_and_gradients_one_hot(inputs, targets, state, work, gradients)
    }

    fn last_state(work: &Workspace) -> &[f64] {
        work.last_hidden()
    }

    fn char_model(&self) -> CharModel {
        let (cell, output) = (self.cell().clone(), self.output().clone());
        SequenceModel::new(AnyCell::from(cell), output).expect("an Rnn's parts fit")
    }
}

/// The LSTM and the GRU on their fast paths (`fast_lstm.rs`, `fast_gru.rs`).
macro_rules! fast_gated {
    ($cell:ty, $work:ty, $last:ident) => {
        impl StreamModel for SequenceModel<$cell> {
            type Work = $work;
            type Grad = SequenceGradients<$cell>;

            fn zero_gradients(&self) -> SequenceGradients<$cell> {
                zero_sequence_gradients(self)
            }

            fn state_size(&self) -> usize {
                self.cell().state_size()
            }

            fn chunk_loss(
                &self,
                (inputs, targets): (&[usize], &[usize]),
                state: &[f64],
                work: &mut $work,
                gradients: &mut SequenceGradients<$cell>,
            ) -> Result<f64, ShapeError> {
                self.loss_and_gradients_one_hot(inputs, targets, state, work, gradients)
            }

            fn last_state(work: &$work) -> &[f64] {
                work.$last()
            }

            fn char_model(&self) -> CharModel {
                let (cell, output) = (self.cell().clone(), self.output().clone());
                SequenceModel::new(cell.into(), output).expect("the parts fit")
            }
        }
    };
}
fast_gated!(LstmCell, LstmWorkspace, last_state);
fast_gated!(GruCell, GruWorkspace, last_hidden);

/// A cell without a fast path: the literal one, one-hot inputs and a target at every step
/// (the work is the last state, once there is one).
impl StreamModel for CharModel {
    type Work = Option<Vector>;
    type Grad = SequenceGradients<AnyCell>;

    fn zero_gradients(&self) -> SequenceGradients<AnyCell> {
        zero_sequence_gradients(self)
    }

    fn state_size(&self) -> usize {
        self.cell().state_size()
    }

    fn chunk_loss(
        &self,
        (inputs, targets): (&[usize], &[usize]),
        state: &[f64],
        last: &mut Option<Vector>,
        gradients: &mut SequenceGradients<AnyCell>,
    ) -> Result<f64, ShapeError> {
        let (d, v) = (self.cell().input_size(), self.output().output_size());
        check_one_hot(inputs, targets, d, v)?;
        let every_step: Vec<(usize, usize)> = targets.iter().copied().enumerate().collect();
        let state = Vector::from(state.to_vec());
        let (loss, g, h_last) =
            self.loss_and_gradients(&one_hot(inputs, d), &every_step, &state)?;
        (*gradients, *last) = (g, Some(h_last));
        Ok(loss)
    }

    fn last_state(last: &Option<Vector>) -> &[f64] {
        last.as_ref().map_or(&[], |h| h.as_slice())
    }

    fn char_model(&self) -> CharModel {
        self.clone()
    }
}

/// A gradient of `model`'s shapes, all zeros.
fn zero_sequence_gradients<C: Cell>(model: &SequenceModel<C>) -> SequenceGradients<C> {
    let mut gradients = SequenceGradients {
        cell: model.cell().clone(),
        output: model.output().clone(),
        state0: Vector::zeros(model.cell().state_size()),
    };
    for (_, values) in gradients.parameters_mut() {
        values.fill(0.0);
    }
    gradients
}

/// One stream of text: its chunk for this step, the state it carries from chunk to chunk,
/// its step's buffers, and what the step gave (the loss and the gradient).
struct Stream<M: StreamModel> {
    inputs: Vec<usize>,
    targets: Vec<usize>,
    state: Vector,
    work: M::Work,
    gradients: M::Grad,
    loss: Result<f64, ShapeError>,
}

/// What the crew's threads share: the model (read by all during a step, written by the
/// caller between steps) and the streams (a lock each only so that a thread can be handed
/// one: no two threads ever ask for the same stream).
struct Shared<M: StreamModel> {
    model: RwLock<M>,
    streams: Vec<Mutex<Stream<M>>>,
}

/// A model with its streams and the crew that runs them.
struct Streams<M: StreamModel> {
    crew: Crew<Shared<M>>,
}

/// What [`Trainer`] needs of [`Streams`], whatever the model inside.
trait TrainStreams: Send {
    /// One step on one chunk of each stream, with (clip, steps so far): returns the
    /// chunks' mean loss.
    fn step(
        &mut self,
        chunks: &[(&[usize], &[usize])],
        optimizer: &mut dyn Optimizer,
        settings: (f64, u64),
    ) -> Result<f64, TrainError>;

    /// How many streams there are.
    fn len(&self) -> usize;

    /// Zeroes stream `k`'s carried state.
    fn reset(&mut self, k: usize);

    /// A copy of the model.
    fn char_model(&self) -> CharModel;
}

impl<M: StreamModel> Streams<M> {
    /// `model` with `streams` streams, shared by `threads` threads (at most one a stream).
    fn boxed(model: M, streams: usize, threads: usize) -> Box<dyn TrainStreams> {
        let stream = || {
            Mutex::new(Stream {
                inputs: Vec::new(),
                targets: Vec::new(),
                state: Vector::zeros(model.state_size()),
                work: M::Work::default(),
                gradients: model.zero_gradients(),
                loss: Ok(0.0),
            })
        };
        let shared = Shared {
            streams: (0..streams).map(|_| stream()).collect(),
            model: RwLock::new(model),
        };
        // Job k is stream k's loss and gradient, computed by one thread alone (whichever
        // takes it): the same operations whatever the number of threads.
        let crew = Crew::new(
            shared,
            threads.min(streams),
            streams,
            |shared: &Shared<M>, k| {
                let model = shared
                    .model
                    .read()
                    .expect("the caller never panics holding it");
                let stream = &mut *shared.streams[k].lock().expect("a stream is never shared");
                let Stream {
                    inputs,
                    targets,
                    state,
                    work,
                    gradients,
                    loss,
                } = stream;
                *loss = model.chunk_loss((inputs, targets), state.as_slice(), work, gradients);
            },
        );
        Box::new(Streams { crew })
    }
}

impl<M: StreamModel> TrainStreams for Streams<M> {
    fn step(
        &mut self,
        chunks: &[(&[usize], &[usize])],
        optimizer: &mut dyn Optimizer,
        (clip, steps): (f64, u64),
    ) -> Result<f64, TrainError> {
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
        let mut streams: Vec<MutexGuard<Stream<M>>> = shared
            .streams
            .iter()
            .map(|s| s.lock().expect("the crew is idle"))
            .collect();
        let mut total = 0.0;
        for stream in &streams {
            total += stream
                .loss
                .clone()
                .map_err(|e| TrainError::new(e.to_string()))?;
        }
        check_finite_loss(total, steps)?;
        for stream in &mut streams {
            let Stream { state, work, .. } = &mut **stream;
            state.as_mut_slice().copy_from_slice(M::last_state(work));
        }
        let b = streams.len();
        let (first, rest) = streams.split_first_mut().expect("at least one stream");
        if b == 1 {
            // min-char-rnn's step: the one gradient as it is.
            clip_values(&mut first.gradients, clip);
        } else {
            let rest: Vec<&M::Grad> = rest.iter().map(|s| &s.gradients).collect();
            clipped_mean(&mut first.gradients, &rest, clip);
        }
        let mut model = shared.model.write().expect("the crew is idle");
        optimizer.step(&mut *model, &first.gradients);
        Ok(total / b as f64)
    }

    fn len(&self) -> usize {
        self.crew.state().streams.len()
    }

    fn reset(&mut self, k: usize) {
        let mut stream = self.crew.state().streams[k]
            .lock()
            .expect("the crew is idle");
        stream.state.as_mut_slice().fill(0.0);
    }

    fn char_model(&self) -> CharModel {
        let model = self.crew.state().model.read().expect("the crew is idle");
        model.char_model()
    }
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
    /// A trainer for a plain RNN, starting from h = 0.
    ///
    /// # Panics
    ///
    /// If `clip` is not a positive number (a negative one would climb the loss, NaN would
    /// switch clipping off): `clip must be a positive number, got -1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::char_rnn::{init, Trainer};
    /// use rnn_from_scratch::train::OptimizerKind;
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let trainer = Trainer::new(init(3, 8, &mut Mt19937::new(0)), OptimizerKind::Adagrad.build(0.1), 5.0);
    /// assert_eq!(trainer.model().cell().hidden_size(), 8);
    /// ```
    #[track_caller]
    pub fn new(rnn: Rnn, optimizer: Box<dyn Optimizer>, clip: f64) -> Trainer {
        Trainer::with(Streams::boxed(rnn, 1, 1), optimizer, clip)
    }

    /// A trainer for any character model, starting from the zero state. A plain RNN goes
    /// on the fast path.
    ///
    /// # Panics
    ///
    /// As [`Trainer::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{CellKind, CharModel};
    /// use rnn_from_scratch::train::{char_rnn::Trainer, OptimizerKind};
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let model = CharModel::for_characters(CellKind::Lstm, 3, 8, &mut Mt19937::new(0));
    /// let mut trainer = Trainer::for_model(model, OptimizerKind::Adam.build(0.01), 5.0);
    /// let loss = trainer.step(&[0, 1, 2], &[1, 2, 0])?;
    /// assert!((loss - 3.0 * 3.0_f64.ln()).abs() < 0.01); // ln V per character at the start
    /// assert_eq!(trainer.model().cell().kind(), CellKind::Lstm);
    /// # Ok::<(), rnn_from_scratch::train::TrainError>(())
    /// ```
    #[track_caller]
    pub fn for_model(model: CharModel, optimizer: Box<dyn Optimizer>, clip: f64) -> Trainer {
        Trainer::with(streams_of(model, 1, 1), optimizer, clip)
    }

    #[track_caller]
    fn with(model: Box<dyn TrainStreams>, optimizer: Box<dyn Optimizer>, clip: f64) -> Trainer {
        assert!(clip > 0.0, "clip must be a positive number, got {clip}");
        Trainer {
            model,
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
    /// The batched cells ([`batched_rnn`](super::batched_rnn)) would run them as one matrix
    /// product per step; here each stream runs on its own one-hot fast path instead, so
    /// that one stream is exactly the single-stream trainer, and the threads meet once a
    /// step, not once a time step. How the threads are kept: [`crew`](super::crew).
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
            model: streams_of(self.model.char_model(), streams, threads),
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
        self.model.len()
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
        self.model.char_model()
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
        for k in 0..self.model.len() {
            self.model.reset(k);
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
        let streams = self.model.len();
        assert!(
            k < streams,
            "reset_stream: there is no stream {k}; the trainer has {streams} (0 to {})",
            streams - 1
        );
        self.model.reset(k);
    }

    /// One step on a chunk: loss and gradients, clipping, update. Returns the chunk's loss
    /// in nats (a sum over its characters).
    ///
    /// # Errors
    ///
    /// Inputs and targets of different lengths, a character index out of range (the
    /// errors of [`Rnn::loss_and_gradients_one_hot`]), a trainer of several streams, or a
    /// loss that is not finite:
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
        let settings = (self.clip, self.steps);
        self.model.step(chunks, &mut *self.optimizer, settings)
    }
}

/// `model` with `streams` streams shared by `threads` threads, on its fast path if its
/// cell has one.
fn streams_of(model: CharModel, streams: usize, threads: usize) -> Box<dyn TrainStreams> {
    match model.into_parts() {
        (AnyCell::Rnn(cell), output) => Streams::boxed(
            Rnn::new(cell, output).expect("a CharModel's parts fit"),
            streams,
            threads,
        ),
        (AnyCell::Lstm(cell), output) => Streams::boxed(
            SequenceModel::new(cell, output).expect("a CharModel's parts fit"),
            streams,
            threads,
        ),
        (AnyCell::Gru(cell), output) => Streams::boxed(
            SequenceModel::new(cell, output).expect("a CharModel's parts fit"),
            streams,
            threads,
        ),
        // A cell added to the registry without a fast path trains on the literal one.
        #[allow(unreachable_patterns)]
        (cell, output) => Streams::boxed(
            SequenceModel::new(cell, output).expect("a CharModel's parts fit"),
            streams,
            threads,
        ),
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

/// Characters generated by a plain RNN: feed `prompt` (indices), then sample `len` more,
/// each fed back as the next input. Returns only the generated indices. The same as
/// [`SequenceModel::generate`], for any cell.
///
/// Temperature as in [`sample`](crate::cells::sample); 0 is greedy decoding.
///
/// # Panics
///
/// If an index of `prompt` is not below V, or `prompt` is empty (there is nothing to
/// start from).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::char_rnn::{generate, init};
/// use rnn_from_scratch::Mt19937;
///
/// let rnn = init(4, 8, &mut Mt19937::new(0));
/// let out = generate(&rnn, &[0, 1], 10, 1.0, &mut Mt19937::new(3));
/// assert_eq!(out.len(), 10);
/// assert!(out.iter().all(|&c| c < 4));
/// ```
#[track_caller]
pub fn generate(
    rnn: &Rnn,
    prompt: &[usize],
    len: usize,
    temperature: f64,
    rng: &mut Mt19937,
) -> Vec<usize> {
    let model =
        SequenceModel::new(rnn.cell().clone(), rnn.output().clone()).expect("an Rnn's parts fit");
    model.generate(prompt, len, temperature, rng)
}
