//! [`SequenceModel`]: any trainable cell with a softmax output layer, for every shape of
//! use: a target at every step (many-to-many) or only at the last (many-to-one).

use super::parameters::{chain, chain_mut};
use super::{Cell, Parameters};
use crate::{Activation, Matrix, Mt19937, OutputLayer, ShapeError, Vector};

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
/// use rnn_from_scratch::train::SequenceModel;
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
    pub cell: C,
    /// The softmax output layer: Wy (V×Dh), by (V).
    pub output: OutputLayer,
}

/// The gradient of a [`SequenceModel`]: a cell and an output layer of the same shapes,
/// and ∂L/∂state₀.
#[derive(Debug, Clone, PartialEq)]
pub struct SequenceGradients<C: Cell> {
    /// ∂L/∂ of every weight of the cell.
    pub cell: C,
    /// ∂L/∂Wy and ∂L/∂by.
    pub output: OutputLayer,
    /// ∂L/∂ of the initial state (h₀, or [h₀; c₀] for the LSTM).
    pub state0: Vector,
}

impl<C: Cell> SequenceModel<C> {
    /// The model, after checking that Wy reads the cell's Dh values and the output is a
    /// softmax.
    ///
    /// # Errors
    ///
    /// `Wy must be V×Dh with Dh = 8, got 5×4`, or
    /// `the output activation must be Softmax for the cross-entropy loss, got Tanh`.
    pub fn new(cell: C, output: OutputLayer) -> Result<SequenceModel<C>, ShapeError> {
        check_softmax_output(&output, cell.hidden_size())?;
        Ok(SequenceModel { cell, output })
    }

    /// The model with a fresh softmax output layer of `classes` classes: Wy uniform on
    /// ±1/√Dh (PyTorch's `nn.Linear` initialisation), by = 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{train::SequenceModel, GruCell, Mt19937};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let model = SequenceModel::with_softmax(GruCell::init(3, 4, &mut rng), 6, &mut rng);
    /// assert_eq!(model.output.wy().shape(), (6, 4));
    /// ```
    pub fn with_softmax(cell: C, classes: usize, rng: &mut Mt19937) -> SequenceModel<C> {
        let hidden = cell.hidden_size();
        let k = 1.0 / (hidden as f64).sqrt();
        let values = (0..classes * hidden)
            .map(|_| (2.0 * rng.random() - 1.0) * k)
            .collect();
        let wy = Matrix::from_vec(classes, hidden, values).expect("V·Dh values");
        let output =
            OutputLayer::new(wy, Vector::zeros(classes), Activation::Softmax).expect("V values");
        SequenceModel { cell, output }
    }

    /// The initial state of zeros (Dh values, or 2·Dh for the LSTM).
    pub fn zero_state(&self) -> Vector {
        Vector::zeros(self.cell.state_size())
    }

    /// The loss, every gradient (by BPTT through the cell) and the last state.
    ///
    /// # Errors
    ///
    /// The shape errors of the cell's forward pass, or a bad target
    /// (`target 7 at timestep 2 is not a class: V = 5, so targets must be below 5`).
    pub fn loss_and_gradients(
        &self,
        inputs: &Matrix,
        targets: &[(usize, usize)],
        state0: &Vector,
    ) -> Result<(f64, SequenceGradients<C>, Vector), ShapeError> {
        let (states, last, cache) = self.cell.forward_cached(inputs, state0)?;
        let (loss, output, dhs) = self.output.cross_entropy(&states, targets)?;
        let (cell, dstate0, _) = self.cell.backward(&cache, &dhs);
        Ok((
            loss,
            SequenceGradients {
                cell,
                output,
                state0: dstate0,
            },
            last,
        ))
    }

    /// The loss alone.
    ///
    /// # Errors
    ///
    /// As [`loss_and_gradients`](SequenceModel::loss_and_gradients).
    pub fn loss(
        &self,
        inputs: &Matrix,
        targets: &[(usize, usize)],
        state0: &Vector,
    ) -> Result<f64, ShapeError> {
        let (states, _, _) = self.cell.forward_cached(inputs, state0)?;
        Ok(self.output.cross_entropy(&states, targets)?.0)
    }

    /// The output Oₜ (probabilities) after the last step: the many-to-one prediction.
    ///
    /// # Errors
    ///
    /// The shape errors of the cell's forward pass, or an empty sequence
    /// (`a prediction needs at least one timestep`).
    pub fn predict_last(&self, inputs: &Matrix, state0: &Vector) -> Result<Vector, ShapeError> {
        let (states, _, _) = self.cell.forward_cached(inputs, state0)?;
        let timesteps = states.shape().0;
        if timesteps == 0 {
            return Err(ShapeError::new("a prediction needs at least one timestep"));
        }
        Ok(self.output.step(&Vector::from(states.row(timesteps - 1))))
    }
}

/// Wy must read the cell's Dh values and the output must be a softmax: the loss is the
/// softmax cross-entropy.
pub(crate) fn check_softmax_output(
    output: &OutputLayer,
    hidden_size: usize,
) -> Result<(), ShapeError> {
    let (rows, cols) = output.wy().shape();
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
    Ok(())
}

impl<C: Cell> Parameters for SequenceModel<C> {
    fn parameters(&self) -> Vec<(&'static str, &[f64])> {
        chain(&self.cell, &self.output)
    }

    fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
        chain_mut(&mut self.cell, &mut self.output)
    }
}

impl<C: Cell> Parameters for SequenceGradients<C> {
    fn parameters(&self) -> Vec<(&'static str, &[f64])> {
        chain(&self.cell, &self.output)
    }

    fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
        chain_mut(&mut self.cell, &mut self.output)
    }
}
