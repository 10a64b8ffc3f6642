//! [`SequenceModel`]'s literal loss and gradients, one sequence at a time: backpropagation
//! through time for any cell with a softmax output, a target at every step (many-to-many)
//! or only at the last (many-to-one), the one the chapter [`bptt`](crate::bptt_chapter)
//! derives.

use crate::cells::{Cell, OutputLayer, SequenceModel, add_into};
use crate::linalg::{Matrix, ShapeError, Vector};

/// The gradient of a [`SequenceModel`]: a cell and an output layer of the same shapes,
/// and ∂L/∂state₀.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{cells::SequenceModel, LstmCell, Matrix, Mt19937};
///
/// let model = SequenceModel::with_softmax(LstmCell::init(2, 3, &mut Mt19937::new(0)), 2, &mut Mt19937::new(1));
/// let (_, g, _) = model.loss_and_gradients(&Matrix::zeros(4, 2), &[(3, 1)], &model.zero_state())?;
/// assert_eq!((g.output.wy().shape(), g.state0.len()), ((2, 3), 6)); // ∂L/∂Wy, ∂L/∂[h₀; c₀]
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SequenceGradients<C: Cell> {
    /// ∂L/∂ of every weight of the cell.
    pub cell: C,
    /// ∂L/∂Wy and ∂L/∂by.
    pub output: OutputLayer,
    /// ∂L/∂ of the initial state (h₀, or [h₀; c₀] for the LSTM).
    pub state0: Vector,
}

impl<C: Cell> SequenceGradients<C> {
    /// Adds another batch's loss and gradients to a running sum: the weights' gradients
    /// and the initial state's (which [`add_into`] does not hold). `None` starts the sum.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, train::SequenceGradients, Matrix, Mt19937};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let model = SequenceModel::with_softmax(GruCell::init(2, 3, &mut Mt19937::new(0)), 2, &mut Mt19937::new(1));
    /// let (loss, g, _) = model.loss_and_gradients(&Matrix::zeros(2, 2), &[(1, 0)], &model.zero_state())?;
    /// let mut total = None;
    /// SequenceGradients::accumulate(&mut total, (loss, g.clone()));
    /// SequenceGradients::accumulate(&mut total, (loss, g.clone()));
    /// let (sum, sum_g) = total.unwrap();
    /// assert_eq!((sum, sum_g.state0[0]), (2.0 * loss, 2.0 * g.state0[0]));
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn accumulate(
        total: &mut Option<(f64, SequenceGradients<C>)>,
        part: (f64, SequenceGradients<C>),
    ) {
        match total {
            None => *total = Some(part),
            Some((sum, sum_g)) => {
                *sum += part.0;
                add_into(sum_g, &part.1); //          the weights' gradients
                sum_g.state0 += &part.1.state0; //    and the initial state's
            }
        }
    }
}

impl<C: Cell> SequenceModel<C> {
    /// The loss, every gradient (by BPTT through the cell) and the last state.
    ///
    /// # Errors
    ///
    /// The shape errors of the cell's forward pass, or a bad target
    /// (`target 7 at timestep 2 is not a class: V = 5, so targets must be below 5`).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, Matrix, Mt19937};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let model = SequenceModel::with_softmax(GruCell::init(2, 3, &mut Mt19937::new(0)), 4, &mut Mt19937::new(1));
    /// let every_step = [(0, 1), (1, 3), (2, 0)]; // many-to-many
    /// let (loss, _, last) = model.loss_and_gradients(&Matrix::zeros(3, 2), &every_step, &model.zero_state())?;
    /// assert!(loss > 0.0 && last.len() == 3);
    /// let err = model.loss_and_gradients(&Matrix::zeros(3, 2), &[(2, 7)], &model.zero_state()).unwrap_err();
    /// assert_eq!(err.to_string(), "target 7 at timestep 2 is not a class: V = 4, so targets must be below 4");
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss_and_gradients(
        &self,
        inputs: &Matrix,
        targets: &[(usize, usize)],
        state0: &Vector,
    ) -> Result<(f64, SequenceGradients<C>, Vector), ShapeError> {
        let (states, last, cache) = self.cell().forward_cached(inputs, state0)?;
        let (loss, output, dhs) = self.output().cross_entropy(&states, targets)?;
        let (cell, state0, _) = self.cell().backward(&cache, &dhs);
        let gradients = SequenceGradients {
            cell,
            output,
            state0,
        };
        Ok((loss, gradients, last))
    }

    /// The loss alone.
    ///
    /// # Errors
    ///
    /// As [`loss_and_gradients`](SequenceModel::loss_and_gradients).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, Matrix, Mt19937};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let model = SequenceModel::with_softmax(GruCell::init(2, 3, &mut Mt19937::new(0)), 4, &mut Mt19937::new(1));
    /// let (x, state0) = (Matrix::zeros(3, 2), model.zero_state());
    /// let (with_gradients, _, _) = model.loss_and_gradients(&x, &[(2, 1)], &state0)?;
    /// assert_eq!(model.loss(&x, &[(2, 1)], &state0)?, with_gradients);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss(
        &self,
        inputs: &Matrix,
        targets: &[(usize, usize)],
        state0: &Vector,
    ) -> Result<f64, ShapeError> {
        let (states, _, _) = self.cell().forward_cached(inputs, state0)?;
        Ok(self.output().cross_entropy(&states, targets)?.0)
    }
}

crate::cells::parameters::parts!(impl<C: Cell> SequenceGradients<C>, cell, output);
