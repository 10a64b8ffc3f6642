//! [`SequenceModel`]: a cell and its output layer, the notes' two formulas together,
//! hₜ = cell(Iₜ, hₜ₋₁) and Oₜ = softmax(Wy·hₜ + by), for every shape of use: a target at
//! every step (many-to-many) or only at the last (many-to-one). Its loss and gradients
//! (backpropagation through time) are in [`train`](crate::train).

use super::cell::overflowed;
use super::init::{pytorch_uniform, small_randn};
use super::registry::{AnyCell, CellKind};
use super::tokens::{one_hot, sample};
use super::{Activation, Cell, Embedded, Embedding, OutputLayer};
use crate::linalg::{Matrix, Mt19937, ShapeError, Vector};

/// A cell (RNN, LSTM or GRU) and a softmax output layer, trained with the cross-entropy of
/// the targets it is given.
///
/// Targets are (timestep, class) pairs: `[(0, y₀), (1, y₁), …]` for many-to-many (다 대 다),
/// `[(timesteps − 1, y)]` for many-to-one (다 대 일).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Activation, LstmCell, Matrix, Mt19937, OutputLayer, Vector};
/// use rnn_from_scratch::cells::SequenceModel;
///
/// let mut rng = Mt19937::new(0);
/// let output = OutputLayer::new(Matrix::zeros(2, 4), Vector::zeros(2), Activation::Softmax)?;
/// let model = SequenceModel::new(LstmCell::init(3, 4, &mut rng), output)?;
/// let state0 = Vector::zeros(8); // [h0; c0]
/// let (loss, _, _) = model.loss_and_gradients(&Matrix::zeros(5, 3), &[(4, 1)], &state0)?;
/// assert!((loss - 2.0_f64.ln()).abs() < 1e-12); // Wy = 0: ½ for each class
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SequenceModel<C: Cell> {
    /// The recurrent cell.
    cell: C,
    /// The softmax output layer: Wy (V×Dh), by (V).
    output: OutputLayer,
}

impl<C: Cell> SequenceModel<C> {
    /// The model, after checking that Wy reads the cell's Dh values and the output is a
    /// softmax.
    ///
    /// # Errors
    ///
    /// `Wy must be V×Dh with Dh = 8, got 5×4`, or
    /// `the output activation must be Softmax for the cross-entropy loss, got Tanh`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, Activation, Matrix, Mt19937, OutputLayer, Vector};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let cell = GruCell::init(3, 4, &mut Mt19937::new(0)); // Dh = 4
    /// let output = OutputLayer::new(Matrix::zeros(2, 5), Vector::zeros(2), Activation::Softmax)?; // reads 5
    /// let err = SequenceModel::new(cell, output).unwrap_err();
    /// assert_eq!(err.to_string(), "Wy must be V×Dh with Dh = 4, got 2×5");
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn new(cell: C, output: OutputLayer) -> Result<SequenceModel<C>, ShapeError> {
        let ((rows, cols), hidden_size) = (output.wy().shape(), cell.hidden_size());
        if cols != hidden_size {
            return Err(ShapeError::new(format!(
                "Wy must be V×Dh with Dh = {hidden_size}, got {rows}×{cols}"
            )));
        }
        if output.activation() != Activation::Softmax {
            return Err(ShapeError::new(format!(
                "the output activation must be Softmax for the cross-entropy loss, got {:?}",
                output.activation()
            )));
        }
        Ok(SequenceModel { cell, output })
    }

    /// The model with a fresh softmax output layer of `classes` classes: Wy uniform on
    /// ±1/√Dh (PyTorch's `nn.Linear` initialisation), by = 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, Mt19937};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let model = SequenceModel::with_softmax(GruCell::init(3, 4, &mut rng), 6, &mut rng);
    /// assert_eq!(model.output().wy().shape(), (6, 4));
    /// ```
    pub fn with_softmax(cell: C, classes: usize, rng: &mut Mt19937) -> SequenceModel<C> {
        let hidden = cell.hidden_size();
        let wy = pytorch_uniform(classes, hidden, hidden, rng);
        let output =
            OutputLayer::new(wy, Vector::zeros(classes), Activation::Softmax).expect("V values");
        SequenceModel { cell, output }
    }

    /// The initial state of zeros (Dh values, or 2·Dh for the LSTM).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, LstmCell, Mt19937};
    ///
    /// let model = SequenceModel::with_softmax(LstmCell::init(3, 4, &mut Mt19937::new(0)), 2, &mut Mt19937::new(1));
    /// assert_eq!(model.zero_state().len(), 8); // [h₀; c₀]
    /// ```
    pub fn zero_state(&self) -> Vector {
        Vector::zeros(self.cell.state_size())
    }

    /// The recurrent cell.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, Mt19937};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let model = SequenceModel::with_softmax(GruCell::init(3, 4, &mut Mt19937::new(0)), 6, &mut Mt19937::new(1));
    /// assert_eq!(model.cell().hidden_size(), 4);
    /// ```
    pub fn cell(&self) -> &C {
        &self.cell
    }

    /// The softmax output layer: Wy (V×Dh), by (V).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, Mt19937};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let model = SequenceModel::with_softmax(GruCell::init(3, 4, &mut Mt19937::new(0)), 6, &mut Mt19937::new(1));
    /// assert_eq!(model.output().output_size(), 6);
    /// ```
    pub fn output(&self) -> &OutputLayer {
        &self.output
    }

    /// The output Oₜ (probabilities) after the last step: the many-to-one prediction.
    ///
    /// # Errors
    ///
    /// The shape errors of the cell's forward pass, or an empty sequence
    /// (`a prediction needs at least one timestep`).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, Matrix, Mt19937};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let model = SequenceModel::with_softmax(GruCell::init(3, 4, &mut Mt19937::new(0)), 2, &mut Mt19937::new(1));
    /// let p = model.predict_last(&Matrix::zeros(5, 3), &model.zero_state())?;
    /// assert!((p[0] + p[1] - 1.0).abs() < 1e-12); // a distribution over the 2 classes
    /// assert!(model.predict_last(&Matrix::zeros(0, 3), &model.zero_state()).is_err());
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn predict_last(&self, inputs: &Matrix, state0: &Vector) -> Result<Vector, ShapeError> {
        let (states, _, _) = self.cell.forward_cached(inputs, state0)?;
        let timesteps = states.shape().0;
        if timesteps == 0 {
            return Err(ShapeError::new("a prediction needs at least one timestep"));
        }
        let prediction = self.output.apply(&Vector::from(states.row(timesteps - 1)));
        if let Some(&bad) = prediction.as_slice().iter().find(|p| !p.is_finite()) {
            return Err(overflowed("the output", timesteps, bad));
        }
        Ok(prediction)
    }

    /// Tokens generated by the model: feed `prompt` (token ids, d = V one-hot inputs), then
    /// draw `len` more, each fed back as the next input. Returns only the generated ids.
    /// Temperature as in [`sample`]; 0 is greedy decoding.
    ///
    /// # Panics
    ///
    /// If an id of `prompt` is not below d, or `prompt` is empty (there is nothing to
    /// start from).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, LstmCell, Mt19937};
    ///
    /// let model = SequenceModel::with_softmax(LstmCell::init(4, 8, &mut Mt19937::new(0)), 4, &mut Mt19937::new(1));
    /// let out = model.generate(&[0, 1], 10, 1.0, &mut Mt19937::new(3));
    /// assert_eq!(out.len(), 10);
    /// assert!(out.iter().all(|&c| c < 4));
    /// ```
    #[track_caller]
    pub fn generate(
        &self,
        prompt: &[usize],
        len: usize,
        temperature: f64,
        rng: &mut Mt19937,
    ) -> Vec<usize> {
        let mut out = Vec::with_capacity(len);
        let each = |c| {
            out.push(c);
            Ok::<(), ()>(())
        };
        let _ = self.generate_each(prompt, len, temperature, rng, each);
        out
    }

    /// [`generate`](SequenceModel::generate), handing each token to `each` as it is drawn
    /// (so that a long sample can be written as it goes); an error from `each` stops it
    /// and is returned.
    ///
    /// # Panics
    ///
    /// As [`generate`](SequenceModel::generate).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, LstmCell, Mt19937};
    ///
    /// let model = SequenceModel::with_softmax(LstmCell::init(4, 8, &mut Mt19937::new(0)), 4, &mut Mt19937::new(1));
    /// let mut seen = Vec::new();
    /// let stopped = model.generate_each(&[0], 10, 1.0, &mut Mt19937::new(3), |c| {
    ///     seen.push(c);
    ///     if seen.len() == 3 { Err("enough") } else { Ok(()) }
    /// });
    /// assert_eq!((stopped, seen.len()), (Err("enough"), 3));
    /// assert_eq!(seen, model.generate(&[0], 3, 1.0, &mut Mt19937::new(3)));
    /// ```
    #[track_caller]
    pub fn generate_each<E>(
        &self,
        prompt: &[usize],
        len: usize,
        temperature: f64,
        rng: &mut Mt19937,
        mut each: impl FnMut(usize) -> Result<(), E>,
    ) -> Result<(), E> {
        assert!(
            !prompt.is_empty(),
            "generate: the prompt must have at least one character"
        );
        let v = self.cell.input_size();
        let mut state = self.zero_state();
        let mut h = Vector::zeros(self.cell.hidden_size());
        let feed = |c: usize, state: &mut Vector, h: &mut Vector| {
            let (hs, next, _) = self
                .cell
                .forward_cached(&one_hot(&[c], v), state)
                .expect("one-hot of a character below V");
            *h = Vector::from(hs.row(0));
            *state = next;
        };
        for &c in prompt {
            feed(c, &mut state, &mut h);
        }
        for _ in 0..len {
            let z = &self.output.wy * &h + &self.output.by; // zₜ = Wy·hₜ + by
            let next = sample(&z, temperature, rng);
            each(next)?;
            feed(next, &mut state, &mut h);
        }
        Ok(())
    }
}

impl SequenceModel<AnyCell> {
    /// A fresh character model ([`CharModel`](crate::cells::CharModel)) for V =
    /// `vocab_size` characters (d = V, one-hot inputs) and Dh = `hidden_size`: the cell as
    /// the registry draws it for characters ([`CellKind::build_for_characters`]: the RNN as
    /// min-char-rnn does, every weight randn·0.01), then min-char-rnn's output layer
    /// (Wy = randn·0.01, by = 0).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{CellKind, CharModel};
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let model = CharModel::for_characters(CellKind::Gru, 10, 6, &mut Mt19937::new(0));
    /// assert_eq!(model.cell().kind(), CellKind::Gru);
    /// assert_eq!(model.output().output_size(), 10);
    /// ```
    pub fn for_characters(
        kind: CellKind,
        vocab_size: usize,
        hidden_size: usize,
        rng: &mut Mt19937,
    ) -> SequenceModel<AnyCell> {
        let cell = kind.build_for_characters(vocab_size, hidden_size, rng);
        let wy = small_randn(vocab_size, hidden_size, rng); // min-char-rnn's: randn·0.01
        let by = Vector::zeros(vocab_size);
        let output = OutputLayer::new(wy, by, Activation::Softmax).expect("V·Dh values");
        SequenceModel { cell, output }
    }
}

impl SequenceModel<Embedded<AnyCell>> {
    /// A fresh [`Classifier`](crate::cells::Classifier): E = [`Embedding::init`] (V×E), a
    /// `kind` cell reading E values with Dh = `hidden_size` ([`CellKind::build`]), and a
    /// softmax over `classes`, drawn from `rng` in that order.
    ///
    /// # Examples
    ///
    /// See [`Classifier`](crate::cells::Classifier).
    pub fn for_ids(
        kind: CellKind,
        vocab_size: usize,
        embedding_size: usize,
        hidden_size: usize,
        classes: usize,
        rng: &mut Mt19937,
    ) -> SequenceModel<Embedded<AnyCell>> {
        let table = Embedding::init(vocab_size, embedding_size, rng); // Iₜ = E[idₜ]: d = E
        let cell = kind.build(embedding_size, hidden_size, rng);
        let cell = Embedded::new(table, cell).expect("the cell reads E values");
        SequenceModel::with_softmax(cell, classes, rng)
    }
}

super::parameters::parts!(impl<C: Cell> SequenceModel<C>, cell, output);
