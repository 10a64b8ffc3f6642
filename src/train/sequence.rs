//! [`SequenceModel`]'s loss and gradients: backpropagation through time for any cell with
//! a softmax output, a target at every step (many-to-many) or only at the last
//! (many-to-one).

use super::threads::sum_jobs;
use crate::cells::{Cell, OutputLayer, Parameters, SequenceModel, add_into};
use crate::linalg::{Matrix, ShapeError, Vector};
use std::borrow::Borrow;

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

/// Weight-steps (timesteps × weights) below which a mini-batch is computed on one thread:
/// about what takes longer than starting two threads (measured: the generated tagging
/// task's batches, 36,000, ran 1.5 times slower on two threads than on one).
const PARALLEL_WORK: usize = 200_000;

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
        let (cell, dstate0, _) = self.cell().backward(&cache, &dhs);
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

    /// The summed loss and summed gradients (of the weights and of `state0`) of a
    /// mini-batch of sequences, each from `state0`: the crate's one mini-batch
    /// accumulation (the gradient of a sum is the sum of the gradients).
    ///
    /// # Errors
    ///
    /// The first example that fails, by its position in `examples`, with
    /// [`loss_and_gradients`](SequenceModel::loss_and_gradients)'s error; or an empty
    /// batch, at position 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, Matrix, Mt19937};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let model = SequenceModel::with_softmax(GruCell::init(2, 3, &mut rng), 2, &mut rng);
    /// let x = Matrix::random(4, 2, &mut rng);
    /// let state0 = model.zero_state();
    /// let (one, _, _) = model.loss_and_gradients(&x, &[(3, 1)], &state0)?;
    /// let batch = vec![(x.clone(), vec![(3, 1)]), (x, vec![(3, 1)])];
    /// let (two, _) = model.loss_and_gradients_sum(batch, &state0).map_err(|(_, e)| e)?;
    /// assert!((two - 2.0 * one).abs() < 1e-12);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss_and_gradients_sum<M: Borrow<Matrix>, T: AsRef<[(usize, usize)]>>(
        &self,
        examples: impl IntoIterator<Item = (M, T)>,
        state0: &Vector,
    ) -> Result<(f64, SequenceGradients<C>), (usize, ShapeError)> {
        let mut total: Option<(f64, SequenceGradients<C>)> = None;
        for (k, (inputs, targets)) in examples.into_iter().enumerate() {
            let (loss, g, _) = self
                .loss_and_gradients(inputs.borrow(), targets.as_ref(), state0)
                .map_err(|e| (k, e))?;
            SequenceGradients::accumulate(&mut total, (loss, g));
        }
        total.ok_or((
            0,
            ShapeError::new("a mini-batch needs at least one sequence"),
        ))
    }

    /// [`loss_and_gradients_sum`](SequenceModel::loss_and_gradients_sum) with the examples
    /// shared by `threads` threads: each computes whole examples' gradients, and they are
    /// summed in the examples' order, exactly as one thread sums them, so the result is
    /// the same to the last bit for any number of threads. A batch of less than 200,000
    /// weight-steps (timesteps × weights) runs on one thread: starting threads would cost
    /// more than it saves.
    ///
    /// # Errors
    ///
    /// As [`loss_and_gradients_sum`](SequenceModel::loss_and_gradients_sum); `threads` of 0
    /// is taken as 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::SequenceModel, Matrix, Mt19937};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let model = SequenceModel::with_softmax(GruCell::init(2, 64, &mut rng), 2, &mut rng); // 13,000 weights
    /// let batch: Vec<(Matrix, Vec<(usize, usize)>)> = (0..8).map(|k| (Matrix::random(20, 2, &mut rng), vec![(19, k % 2)])).collect();
    /// let state0 = model.zero_state();
    /// let one = model.loss_and_gradients_sum_threads(&batch, &state0, 1).map_err(|(_, e)| e)?;
    /// let two = model.loss_and_gradients_sum_threads(&batch, &state0, 2).map_err(|(_, e)| e)?;
    /// assert_eq!(one, two); // bit for bit
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss_and_gradients_sum_threads<M, T>(
        &self,
        examples: &[(M, T)],
        state0: &Vector,
        threads: usize,
    ) -> Result<(f64, SequenceGradients<C>), (usize, ShapeError)>
    where
        M: Borrow<Matrix> + Sync,
        T: AsRef<[(usize, usize)]> + Sync,
    {
        // Starting threads costs tens of microseconds: a batch too small to repay it (the
        // generated tasks' batches, say) runs on this thread. The sum is the same either way.
        let steps: usize = examples.iter().map(|(m, _)| m.borrow().shape().0).sum();
        let work = steps.saturating_mul(self.num_values());
        if threads <= 1 || examples.len() <= 1 || work < PARALLEL_WORK {
            return self.loss_and_gradients_sum(
                examples.iter().map(|(m, t)| (m.borrow(), t.as_ref())),
                state0,
            );
        }
        let total = sum_jobs(
            examples,
            threads,
            |(inputs, targets)| {
                self.loss_and_gradients(inputs.borrow(), targets.as_ref(), state0)
                    .map(|(loss, g, _)| (loss, g))
            },
            SequenceGradients::accumulate,
        )?;
        total.ok_or((
            0,
            ShapeError::new("a mini-batch needs at least one sequence"),
        ))
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
