//! The character model: min-char-rnn's training loop, on the fast path.

use super::fast::Workspace;
use super::{Adagrad, Adam, Gradients, Optimizer, Rnn, Sgd, TrainError, clip_values};
use crate::text::{one_hot, sample};
use crate::{Activation, Matrix, Mt19937, OutputLayer, RnnCell, Vector};

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
    let mut randn = |rows, cols| {
        let values = (0..rows * cols).map(|_| rng.randn() * 0.01).collect();
        Matrix::from_vec(rows, cols, values).expect("rows·cols values")
    };
    let wx = randn(hidden_size, vocab_size);
    let wh = randn(hidden_size, hidden_size);
    let wy = randn(vocab_size, hidden_size);
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
    /// The optimiser with this learning rate.
    pub fn build(self, learning_rate: f64) -> Box<dyn Optimizer> {
        match self {
            OptimizerKind::Sgd => Box::new(Sgd::new(learning_rate)),
            OptimizerKind::Adagrad => Box::new(Adagrad::new(learning_rate)),
            OptimizerKind::Adam => Box::new(Adam::new(learning_rate)),
        }
    }
}

/// One training step after another: truncated BPTT over chunks, the hidden state carried
/// from chunk to chunk, every gradient value clipped to ±`clip`, then an optimiser step.
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
    pub rnn: Rnn,
    optimizer: Box<dyn Optimizer>,
    clip: f64,
    work: Workspace,
    gradients: Gradients,
    hidden: Vec<f64>,
    steps: u64,
}

impl Trainer {
    /// A trainer for `rnn`, starting from h = 0.
    pub fn new(rnn: Rnn, optimizer: Box<dyn Optimizer>, clip: f64) -> Trainer {
        let (d, dh, v) = (rnn.input_size(), rnn.hidden_size(), rnn.output_size());
        Trainer {
            rnn,
            optimizer,
            clip,
            work: Workspace::new(),
            gradients: Gradients::zeros(d, dh, v),
            hidden: vec![0.0; dh],
            steps: 0,
        }
    }

    /// Forgets the carried hidden state (at the start of a pass over the text).
    pub fn reset_hidden(&mut self) {
        self.hidden.fill(0.0);
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
        let loss = self
            .rnn
            .loss_and_gradients_one_hot(
                inputs,
                targets,
                &self.hidden,
                &mut self.work,
                &mut self.gradients,
            )
            .map_err(|e| TrainError::new(e.to_string()))?;
        if !loss.is_finite() {
            return Err(TrainError::new(format!(
                "the loss is {loss} at iteration {}; the weights were not updated",
                self.steps
            )));
        }
        clip_values(&mut self.gradients, self.clip);
        self.optimizer.step(&mut self.rnn, &self.gradients);
        self.hidden.copy_from_slice(self.work.last_hidden());
        Ok(loss)
    }
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
    assert!(
        !prompt.is_empty(),
        "generate: the prompt must have at least one character"
    );
    let x = |c: usize| Vector::from(one_hot(&[c], rnn.input_size()).row(0)); // xₜ, one-hot
    let mut h = Vector::zeros(rnn.hidden_size());
    for &c in prompt {
        h = rnn.cell.step(&x(c), &h);
    }
    let mut out = Vec::with_capacity(len);
    for _ in 0..len {
        let z = &rnn.output.wy * &h + &rnn.output.by; // zₜ = Wy·hₜ + by
        let next = sample(&z, temperature, rng);
        out.push(next);
        h = rnn.cell.step(&x(next), &h);
    }
    out
}
