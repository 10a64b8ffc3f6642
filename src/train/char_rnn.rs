//! The character model's trainer: min-char-rnn's step, each cell on its fast path.

use super::fast::{Workspace, check_one_hot};
use super::fast_gru::GruWorkspace;
use super::fast_lstm::LstmWorkspace;
use super::{Gradients, Optimizer, Rnn, SequenceGradients, TrainError, clip_values};
use crate::cells::init::min_char_rnn;
use crate::cells::{
    AnyCell, Cell, CharModel, GruCell, LstmCell, Parameters, SequenceModel, one_hot,
};
use crate::linalg::{Mt19937, ShapeError, Vector};

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
/// Other cells: [`Trainer::for_model`] with a [`CharModel`].
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
    model: Model,
    optimizer: Box<dyn Optimizer>,
    clip: f64,
    work: Workspace,
    gradients: Gradients,
    state: Vector,
    steps: u64,
}

/// The model inside a [`Trainer`]: a plain RNN and an LSTM go on their fast paths, with
/// the buffers and gradient each reuses from step to step.
#[allow(clippy::large_enum_variant)] // one per trainer: no space to save by boxing
enum Model {
    Fast(Rnn),
    FastLstm(FastGated<LstmCell>),
    FastGru(FastGated<GruCell>),
    Literal(CharModel),
}

/// A gated cell's model on its fast path, with the buffers and the gradient it reuses.
struct FastGated<C: FastCell> {
    model: SequenceModel<C>,
    work: C::Workspace,
    gradients: SequenceGradients<C>,
}

/// The gated cells that have a fast one-hot step (`fast_lstm.rs`, `fast_gru.rs`).
trait FastCell: Cell {
    /// The step's buffers.
    type Workspace: Default;

    /// The fast step's loss, its gradients written into `gradients`.
    fn fast_step(
        model: &SequenceModel<Self>,
        chunk: (&[usize], &[usize], &[f64]),
        work: &mut Self::Workspace,
        gradients: &mut SequenceGradients<Self>,
    ) -> Result<f64, ShapeError>;

    /// The state after the last step.
    fn last_state(work: &Self::Workspace) -> &[f64];
}

impl FastCell for LstmCell {
    type Workspace = LstmWorkspace;

    fn fast_step(
        model: &SequenceModel<LstmCell>,
        (inputs, targets, state): (&[usize], &[usize], &[f64]),
        work: &mut LstmWorkspace,
        gradients: &mut SequenceGradients<LstmCell>,
    ) -> Result<f64, ShapeError> {
        model.loss_and_gradients_one_hot(inputs, targets, state, work, gradients)
    }

    fn last_state(work: &LstmWorkspace) -> &[f64] {
        work.last_state()
    }
}

impl FastCell for GruCell {
    type Workspace = GruWorkspace;

    fn fast_step(
        model: &SequenceModel<GruCell>,
        (inputs, targets, state): (&[usize], &[usize], &[f64]),
        work: &mut GruWorkspace,
        gradients: &mut SequenceGradients<GruCell>,
    ) -> Result<f64, ShapeError> {
        model.loss_and_gradients_one_hot(inputs, targets, state, work, gradients)
    }

    fn last_state(work: &GruWorkspace) -> &[f64] {
        work.last_hidden()
    }
}

impl<C: FastCell> FastGated<C> {
    /// The model, a fresh workspace and a zero gradient of its shapes.
    fn new(model: SequenceModel<C>) -> FastGated<C> {
        let mut gradients = SequenceGradients {
            cell: model.cell().clone(),
            output: model.output().clone(),
            state0: Vector::zeros(model.cell().state_size()),
        };
        for (_, values) in gradients.parameters_mut() {
            values.fill(0.0);
        }
        FastGated {
            model,
            work: C::Workspace::default(),
            gradients,
        }
    }

    /// One step: loss and gradients on the fast path, clipping, update; the state after
    /// it is written into `state`.
    fn step(
        &mut self,
        (inputs, targets): (&[usize], &[usize]),
        state: &mut Vector,
        optimizer: &mut dyn Optimizer,
        (clip, steps): (f64, u64),
    ) -> Result<f64, TrainError> {
        let loss = C::fast_step(
            &self.model,
            (inputs, targets, state.as_slice()),
            &mut self.work,
            &mut self.gradients,
        )
        .map_err(|e| TrainError::new(e.to_string()))?;
        check_finite_loss(loss, steps)?;
        clip_values(&mut self.gradients, clip);
        optimizer.step(&mut self.model, &self.gradients);
        state
            .as_mut_slice()
            .copy_from_slice(C::last_state(&self.work));
        Ok(loss)
    }

    /// The model as a [`CharModel`].
    fn char_model(&self) -> CharModel
    where
        C: Into<AnyCell>,
    {
        let (cell, output) = (self.model.cell().clone(), self.model.output().clone());
        SequenceModel::new(cell.into(), output).expect("the parts fit")
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
        let (v, dh) = (rnn.output_size(), rnn.hidden_size());
        Trainer::with(Model::Fast(rnn), v, dh, optimizer, clip)
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
        let (v, dh) = (model.output().output_size(), model.cell().hidden_size());
        let model = match model.into_parts() {
            (AnyCell::Rnn(cell), output) => {
                Model::Fast(Rnn::new(cell, output).expect("a CharModel's parts fit"))
            }
            (AnyCell::Lstm(cell), output) => Model::FastLstm(FastGated::new(
                SequenceModel::new(cell, output).expect("a CharModel's parts fit"),
            )),
            (AnyCell::Gru(cell), output) => Model::FastGru(FastGated::new(
                SequenceModel::new(cell, output).expect("a CharModel's parts fit"),
            )),
            // A cell added to the registry without a fast path trains on the literal one.
            #[allow(unreachable_patterns)]
            (cell, output) => {
                Model::Literal(SequenceModel::new(cell, output).expect("a CharModel's parts fit"))
            }
        };
        Trainer::with(model, v, dh, optimizer, clip)
    }

    #[track_caller]
    fn with(
        model: Model,
        v: usize,
        dh: usize,
        optimizer: Box<dyn Optimizer>,
        clip: f64,
    ) -> Trainer {
        assert!(clip > 0.0, "clip must be a positive number, got {clip}");
        let state_size = match &model {
            Model::Fast(_) => dh,
            Model::FastLstm(m) => m.model.cell().state_size(),
            Model::FastGru(m) => m.model.cell().state_size(),
            Model::Literal(m) => m.cell().state_size(),
        };
        Trainer {
            state: Vector::zeros(state_size),
            model,
            optimizer,
            clip,
            work: Workspace::new(),
            gradients: Gradients::zeros(v, dh, v),
            steps: 0,
        }
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
        match &self.model {
            Model::Fast(rnn) => {
                let (cell, output) = (rnn.cell().clone(), rnn.output().clone());
                SequenceModel::new(AnyCell::from(cell), output).expect("an Rnn's parts fit")
            }
            Model::FastLstm(m) => m.char_model(),
            Model::FastGru(m) => m.char_model(),
            Model::Literal(m) => m.clone(),
        }
    }

    /// Forgets the carried state (at the start of a pass over the text).
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
        self.state.as_mut_slice().fill(0.0);
    }

    /// One step on a chunk: loss and gradients, clipping, update. Returns the chunk's loss
    /// in nats (a sum over its characters).
    ///
    /// # Errors
    ///
    /// Inputs and targets of different lengths, a character index out of range (the
    /// errors of [`Rnn::loss_and_gradients_one_hot`]), or a loss that is not finite:
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
        self.steps += 1;
        let to_error = |e: ShapeError| TrainError::new(e.to_string());
        match &mut self.model {
            Model::Fast(rnn) => {
                let loss = rnn
                    .loss_and_gradients_one_hot(
                        inputs,
                        targets,
                        self.state.as_slice(),
                        &mut self.work,
                        &mut self.gradients,
                    )
                    .map_err(to_error)?;
                check_finite_loss(loss, self.steps)?;
                clip_values(&mut self.gradients, self.clip);
                self.optimizer.step(rnn, &self.gradients);
                // Copied in place: the fast path allocates nothing per step.
                self.state
                    .as_mut_slice()
                    .copy_from_slice(self.work.last_hidden());
                Ok(loss)
            }
            Model::FastLstm(m) => m.step(
                (inputs, targets),
                &mut self.state,
                &mut *self.optimizer,
                (self.clip, self.steps),
            ),
            Model::FastGru(m) => m.step(
                (inputs, targets),
                &mut self.state,
                &mut *self.optimizer,
                (self.clip, self.steps),
            ),
            Model::Literal(m) => {
                let (loss, last) = literal_step(
                    m,
                    &mut *self.optimizer,
                    self.clip,
                    inputs,
                    targets,
                    &self.state,
                    self.steps,
                )?;
                self.state = last;
                Ok(loss)
            }
        }
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

/// One step of a character model on the literal path: one-hot inputs, a target at every
/// step, clipping, update. Returns the loss and the last state.
fn literal_step<C: Cell>(
    model: &mut SequenceModel<C>,
    optimizer: &mut dyn Optimizer,
    clip: f64,
    inputs: &[usize],
    targets: &[usize],
    state: &Vector,
    steps: u64,
) -> Result<(f64, Vector), TrainError> {
    let to_error = |e: ShapeError| TrainError::new(e.to_string());
    let (d, v) = (model.cell().input_size(), model.output().output_size());
    check_one_hot(inputs, targets, d, v).map_err(to_error)?;
    let every_step: Vec<(usize, usize)> = targets.iter().copied().enumerate().collect();
    let x = one_hot(inputs, d);
    let (loss, mut g, last) = model
        .loss_and_gradients(&x, &every_step, state)
        .map_err(to_error)?;
    check_finite_loss(loss, steps)?;
    clip_values(&mut g, clip);
    optimizer.step(model, &g);
    Ok((loss, last))
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
