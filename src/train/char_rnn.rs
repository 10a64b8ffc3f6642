//! The character model: min-char-rnn's training loop, on the fast path.

use super::fast::Workspace;
use super::{
    Adagrad, Adam, Cell, Gradients, Optimizer, Parameters, Rnn, SequenceModel, Sgd, TrainError,
    clip_values,
};
use crate::text::{one_hot, sample};
use crate::{Activation, GruCell, LstmCell, Matrix, Mt19937, OutputLayer, RnnCell, Vector};

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
/// assert!((rnn.cell.wx()[(0, 0)] - 0.01764052345967664).abs() < 1e-17);
/// ```
pub fn init(vocab_size: usize, hidden_size: usize, rng: &mut Mt19937) -> Rnn {
    // np.random.randn(rows, cols) * 0.01
    let mut small = |rows, cols| Matrix::randn(rows, cols, rng).map(|w| w * 0.01);
    let wx = small(hidden_size, vocab_size);
    let wh = small(hidden_size, hidden_size);
    let wy = small(vocab_size, hidden_size);
    let cell = RnnCell::new(wx, wh, Vector::zeros(hidden_size)).expect("shapes made to fit");
    let output = OutputLayer::new(wy, Vector::zeros(vocab_size), Activation::Softmax)
        .expect("shapes made to fit");
    Rnn::new(cell, output).expect("shapes made to fit")
}

/// Which update rule to train with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptimizerKind {
    /// [`Sgd`].
    Sgd,
    /// [`Adagrad`], min-char-rnn's.
    Adagrad,
    /// [`Adam`].
    Adam,
}

impl OptimizerKind {
    /// The kind named `sgd`, `adagrad` or `adam`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::char_rnn::OptimizerKind;
    /// assert_eq!(OptimizerKind::from_name("adam"), Some(OptimizerKind::Adam));
    /// assert_eq!(OptimizerKind::from_name("rmsprop"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<OptimizerKind> {
        match name {
            "sgd" => Some(OptimizerKind::Sgd),
            "adagrad" => Some(OptimizerKind::Adagrad),
            "adam" => Some(OptimizerKind::Adam),
            _ => None,
        }
    }

    /// The optimiser with this learning rate.
    pub fn build(self, learning_rate: f64) -> Box<dyn Optimizer> {
        match self {
            OptimizerKind::Sgd => Box::new(Sgd::new(learning_rate)),
            OptimizerKind::Adagrad => Box::new(Adagrad::new(learning_rate)),
            OptimizerKind::Adam => Box::new(Adam::new(learning_rate)),
        }
    }
}

/// Which recurrent cell a character model uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// [`RnnCell`]: the notes' cell, trained on the fast path.
    Rnn,
    /// [`LstmCell`].
    Lstm,
    /// [`GruCell`].
    Gru,
}

impl CellKind {
    /// `rnn`, `lstm` or `gru`: the name on the command line and in `model.txt`.
    pub fn name(self) -> &'static str {
        match self {
            CellKind::Rnn => "rnn",
            CellKind::Lstm => "lstm",
            CellKind::Gru => "gru",
        }
    }

    /// The kind with this name.
    pub fn from_name(name: &str) -> Option<CellKind> {
        [CellKind::Rnn, CellKind::Lstm, CellKind::Gru]
            .into_iter()
            .find(|k| k.name() == name)
    }
}

/// A character model with any of the three cells.
#[derive(Debug, Clone, PartialEq)]
pub enum CharModel {
    /// A plain RNN (trained on the fast path).
    Rnn(Rnn),
    /// An LSTM with a softmax output.
    Lstm(SequenceModel<LstmCell>),
    /// A GRU with a softmax output.
    Gru(SequenceModel<GruCell>),
}

impl CharModel {
    /// A fresh model for V characters and Dh hidden values. The RNN is initialised as
    /// min-char-rnn ([`init`]); the LSTM and GRU as PyTorch does ([`LstmCell::init`], forget
    /// bias 1; [`GruCell::init`]), with the output layer's Wy as min-char-rnn's.
    pub fn new(
        kind: CellKind,
        vocab_size: usize,
        hidden_size: usize,
        rng: &mut Mt19937,
    ) -> CharModel {
        let output = |rng: &mut Mt19937| {
            let wy = (0..vocab_size * hidden_size)
                .map(|_| rng.randn() * 0.01)
                .collect();
            let wy = Matrix::from_vec(vocab_size, hidden_size, wy).expect("V·Dh values");
            OutputLayer::new(wy, Vector::zeros(vocab_size), Activation::Softmax).expect("V values")
        };
        match kind {
            CellKind::Rnn => CharModel::Rnn(init(vocab_size, hidden_size, rng)),
            CellKind::Lstm => {
                let cell = LstmCell::init(vocab_size, hidden_size, rng);
                CharModel::Lstm(SequenceModel::new(cell, output(rng)).expect("shapes made to fit"))
            }
            CellKind::Gru => {
                let cell = GruCell::init(vocab_size, hidden_size, rng);
                CharModel::Gru(SequenceModel::new(cell, output(rng)).expect("shapes made to fit"))
            }
        }
    }

    /// Which cell this is.
    pub fn kind(&self) -> CellKind {
        match self {
            CharModel::Rnn(_) => CellKind::Rnn,
            CharModel::Lstm(_) => CellKind::Lstm,
            CharModel::Gru(_) => CellKind::Gru,
        }
    }

    /// V, the vocabulary size.
    pub fn vocab_size(&self) -> usize {
        match self {
            CharModel::Rnn(m) => m.output_size(),
            CharModel::Lstm(m) => m.output.output_size(),
            CharModel::Gru(m) => m.output.output_size(),
        }
    }

    /// Dh.
    pub fn hidden_size(&self) -> usize {
        match self {
            CharModel::Rnn(m) => m.hidden_size(),
            CharModel::Lstm(m) => m.cell.hidden_size(),
            CharModel::Gru(m) => m.cell.hidden_size(),
        }
    }

    /// The carried state's size: Dh, or 2·Dh for the LSTM.
    fn state_size(&self) -> usize {
        match self {
            CharModel::Lstm(m) => m.cell.state_size(),
            _ => self.hidden_size(),
        }
    }

    /// Characters generated by the model, as [`generate`] does for the RNN.
    ///
    /// # Panics
    ///
    /// As [`generate`].
    #[track_caller]
    pub fn generate(
        &self,
        prompt: &[usize],
        len: usize,
        temperature: f64,
        rng: &mut Mt19937,
    ) -> Vec<usize> {
        match self {
            CharModel::Rnn(m) => generate_with(&m.cell, &m.output, prompt, len, temperature, rng),
            CharModel::Lstm(m) => generate_with(&m.cell, &m.output, prompt, len, temperature, rng),
            CharModel::Gru(m) => generate_with(&m.cell, &m.output, prompt, len, temperature, rng),
        }
    }
}

impl Parameters for CharModel {
    fn parameters(&self) -> Vec<(&'static str, &[f64])> {
        match self {
            CharModel::Rnn(m) => m.parameters(),
            CharModel::Lstm(m) => m.parameters(),
            CharModel::Gru(m) => m.parameters(),
        }
    }

    fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
        match self {
            CharModel::Rnn(m) => m.parameters_mut(),
            CharModel::Lstm(m) => m.parameters_mut(),
            CharModel::Gru(m) => m.parameters_mut(),
        }
    }
}

/// One training step after another: truncated BPTT over chunks, the hidden state carried
/// from chunk to chunk, every gradient value clipped to ±`clip`, then an optimiser step.
/// The RNN trains on the fast path ([`Rnn::loss_and_gradients_one_hot`]); the LSTM and the
/// GRU on the literal one ([`SequenceModel::loss_and_gradients`]), several times slower.
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
    /// The model being trained.
    pub model: CharModel,
    optimizer: Box<dyn Optimizer>,
    clip: f64,
    work: Workspace,
    gradients: Gradients,
    state: Vector,
    steps: u64,
}

impl Trainer {
    /// A trainer for a plain RNN, starting from h = 0.
    pub fn new(rnn: Rnn, optimizer: Box<dyn Optimizer>, clip: f64) -> Trainer {
        Trainer::for_model(CharModel::Rnn(rnn), optimizer, clip)
    }

    /// A trainer for any character model, starting from the zero state.
    pub fn for_model(model: CharModel, optimizer: Box<dyn Optimizer>, clip: f64) -> Trainer {
        let (v, dh) = (model.vocab_size(), model.hidden_size());
        Trainer {
            state: Vector::zeros(model.state_size()),
            model,
            optimizer,
            clip,
            work: Workspace::new(),
            gradients: Gradients::zeros(v, dh, v),
            steps: 0,
        }
    }

    /// Forgets the carried state (at the start of a pass over the text).
    pub fn reset_hidden(&mut self) {
        self.state.as_mut_slice().fill(0.0);
    }

    /// One step on a chunk: loss and gradients, clipping, update. Returns the chunk's loss
    /// in nats (a sum over its characters).
    ///
    /// # Errors
    ///
    /// A character index out of range (the errors of
    /// [`Rnn::loss_and_gradients_one_hot`]), or a loss that is not finite:
    /// `the loss is NaN at iteration 1234; the weights were not updated`.
    pub fn step(&mut self, inputs: &[usize], targets: &[usize]) -> Result<f64, TrainError> {
        self.steps += 1;
        let to_error = |e: crate::ShapeError| TrainError::new(e.to_string());
        let (loss, last) = match &mut self.model {
            CharModel::Rnn(rnn) => {
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
                (loss, Vector::from(self.work.last_hidden()))
            }
            CharModel::Lstm(m) => literal_step(
                m,
                &mut *self.optimizer,
                self.clip,
                inputs,
                targets,
                &self.state,
                self.steps,
            )?,
            CharModel::Gru(m) => literal_step(
                m,
                &mut *self.optimizer,
                self.clip,
                inputs,
                targets,
                &self.state,
                self.steps,
            )?,
        };
        self.state = last;
        Ok(loss)
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

/// One step of an LSTM or GRU character model on the literal path: one-hot inputs, a
/// target at every step, clipping, update. Returns the loss and the last state.
fn literal_step<C: Cell>(
    model: &mut SequenceModel<C>,
    optimizer: &mut dyn Optimizer,
    clip: f64,
    inputs: &[usize],
    targets: &[usize],
    state: &Vector,
    steps: u64,
) -> Result<(f64, Vector), TrainError> {
    let to_error = |e: crate::ShapeError| TrainError::new(e.to_string());
    if let Some(t) = inputs.iter().position(|&c| c >= model.cell.input_size()) {
        return Err(TrainError::new(format!(
            "input {} at timestep {t} is not a character: d = {}",
            inputs[t],
            model.cell.input_size()
        )));
    }
    let every_step: Vec<(usize, usize)> = targets.iter().copied().enumerate().collect();
    let x = one_hot(inputs, model.cell.input_size());
    let (loss, mut g, last) = model
        .loss_and_gradients(&x, &every_step, state)
        .map_err(to_error)?;
    check_finite_loss(loss, steps)?;
    clip_values(&mut g, clip);
    optimizer.step(model, &g);
    Ok((loss, last))
}

/// Characters generated by the model: feed `prompt` (indices), then sample `len` more,
/// each fed back as the next input. Returns only the generated indices.
///
/// Temperature as in [`sample`]; 0 is greedy decoding.
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
    generate_with(&rnn.cell, &rnn.output, prompt, len, temperature, rng)
}

/// [`generate`] for any cell: one step at a time, each sampled character fed back.
#[track_caller]
fn generate_with<C: Cell>(
    cell: &C,
    output: &OutputLayer,
    prompt: &[usize],
    len: usize,
    temperature: f64,
    rng: &mut Mt19937,
) -> Vec<usize> {
    assert!(
        !prompt.is_empty(),
        "generate: the prompt must have at least one character"
    );
    let v = cell.input_size();
    let mut state = Vector::zeros(cell.state_size());
    let mut h = Vector::zeros(cell.hidden_size());
    let feed = |c: usize, state: &mut Vector, h: &mut Vector| {
        let (hs, next, _) = cell
            .forward_cached(&one_hot(&[c], v), state)
            .expect("one-hot of a character below V");
        *h = Vector::from(hs.row(0));
        *state = next;
    };
    for &c in prompt {
        feed(c, &mut state, &mut h);
    }
    let mut out = Vec::with_capacity(len);
    for _ in 0..len {
        let z = &output.wy * &h + &output.by; // zₜ = Wy·hₜ + by
        let next = sample(&z, temperature, rng);
        out.push(next);
        feed(next, &mut state, &mut h);
    }
    out
}
