//! [`Cell`]: what a recurrent cell needs to be trained by backpropagation through time.

use super::Parameters;
use crate::linalg::{Matrix, ShapeError, Vector};

/// A recurrent cell that can be trained: [`RnnCell`](crate::RnnCell),
/// [`LstmCell`](crate::LstmCell), [`GruCell`](crate::cells::GruCell).
///
/// The forward pass over a sequence keeps what the backward pass needs (the *cache*); the
/// backward pass receives ∂L/∂hₜ for every step (from whatever reads the hidden states:
/// an output layer, or the next layer of a stack) and returns the gradients of the cell's
/// weights, of its initial state and of its inputs.
///
/// A cell is plain numbers, so it can be shared between threads (`Send + Sync`): a
/// mini-batch's examples can be computed on several cores at once.
///
/// The carried *state* is one vector: hₜ for the RNN and the GRU (Dh values), hₜ then cₜ
/// for the LSTM (2·Dh values). A gradient has the same arrays as the cell, so it is
/// stored as a cell (`Self`).
///
/// # Examples
///
/// Any cell, through the contract alone:
///
/// ```
/// use rnn_from_scratch::cells::Cell;
/// use rnn_from_scratch::{Matrix, Mt19937, Vector};
/// use rnn_from_scratch::cells::{GruCell};
///
/// fn last_hidden<C: Cell>(cell: &C, inputs: &Matrix) -> Vector {
///     let (hs, _, _) = cell.forward_cached(inputs, &Vector::zeros(cell.state_size())).unwrap();
///     Vector::from(hs.row(hs.shape().0 - 1))
/// }
/// let cell = GruCell::init(2, 3, &mut Mt19937::new(0));
/// assert_eq!(last_hidden(&cell, &Matrix::zeros(5, 2)).len(), 3);
/// ```
pub trait Cell: Parameters + Clone + Send + Sync {
    /// What [`forward_cached`](Cell::forward_cached) keeps for [`backward`](Cell::backward).
    type Cache;

    /// d, the size of each input.
    fn input_size(&self) -> usize;

    /// Dh, the size of the hidden state hₜ.
    fn hidden_size(&self) -> usize;

    /// The size of the carried state: Dh, or 2·Dh for the LSTM.
    fn state_size(&self) -> usize {
        self.hidden_size()
    }

    /// The forward pass over `inputs` (timesteps × d) from `state0`: every hₜ
    /// (timesteps × Dh), the last state, and the cache.
    ///
    /// # Errors
    ///
    /// `inputs must be timesteps×d with d = 3, got 5×4`, or a `state0` of the wrong size.
    fn forward_cached(
        &self,
        inputs: &Matrix,
        state0: &Vector,
    ) -> Result<(Matrix, Vector, Self::Cache), ShapeError>;

    /// The backward pass: from `dhs` (timesteps × Dh, row t = ∂L/∂hₜ₊₁ from above), the
    /// gradient of every weight (as a cell of the same shape), ∂L/∂state₀, and ∂L/∂xₜ for
    /// every input (timesteps × d).
    ///
    /// A cell implements this or [`backward_with_last`](Cell::backward_with_last) (each
    /// defaults to the other): the default is `backward_with_last` with nothing from after
    /// the end.
    fn backward(&self, cache: &Self::Cache, dhs: &Matrix) -> (Self, Vector, Matrix) {
        self.backward_with_last(cache, dhs, &Vector::zeros(self.state_size()))
    }

    /// [`backward`](Cell::backward) when the last state also feeds something else, with
    /// `dlast` = ∂L/∂(the last state) from it: an encoder's last state starts a decoder
    /// ([`Seq2Seq`](crate::cells::Seq2Seq)). With `dlast` all zeros it is `backward`.
    ///
    /// The default is for cells whose state is hₜ alone (the RNN, the GRU): ∂L/∂h_T is
    /// added to the last row of `dhs`. A cell that carries more (the LSTM's cₜ, a stack's
    /// layers) overrides it.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::Cell;
    /// use rnn_from_scratch::{LstmCell, Matrix, Mt19937, Vector};
    ///
    /// let cell = LstmCell::init(2, 3, &mut Mt19937::new(0));
    /// let (_, _, cache) = cell.forward_cached(&Matrix::random(4, 2, &mut Mt19937::new(1)), &Vector::zeros(6))?;
    /// let dhs = Matrix::zeros(4, 3);
    /// let (g, _, _) = cell.backward_with_last(&cache, &dhs, &Vector::zeros(6));
    /// assert_eq!(g, cell.backward(&cache, &dhs).0); // nothing from after the end
    /// let dc_last = Vector::from(vec![0.0, 0.0, 0.0, 1.0, 0.0, 0.0]); // ∂L/∂[h_T; c_T]
    /// let (g, _, _) = cell.backward_with_last(&cache, &dhs, &dc_last);
    /// assert_ne!(g, cell.backward(&cache, &dhs).0); // ∂L/∂c_T reaches the weights
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    fn backward_with_last(
        &self,
        cache: &Self::Cache,
        dhs: &Matrix,
        dlast: &Vector,
    ) -> (Self, Vector, Matrix) {
        let mut dhs = dhs.clone();
        if let Some(t) = dhs.shape().0.checked_sub(1) {
            let last_row = dhs.row_mut(t);
            for (d, g) in last_row.iter_mut().zip(dlast.as_slice()) {
                *d += g; // ∂L/∂h_T: from above at step T, and from after the end
            }
        }
        self.backward(cache, &dhs)
    }

    /// What the cell holds at timestep t (0-based) besides hₜ, each with its name, for a
    /// look inside a trained model (`rnn char-rnn inspect`): the LSTM's cell state and
    /// gates, the GRU's gates. The RNN holds nothing else (the default).
    fn inside(cache: &Self::Cache, t: usize) -> Vec<(&'static str, Vector)> {
        let _ = (cache, t);
        Vec::new()
    }
}

/// A [`Cell`]'s `input_size` and `hidden_size`, for a cell whose own methods of those
/// names say them (`impl Cell for RnnCell { own_sizes!(); … }`).
macro_rules! own_sizes {
    () => {
        fn input_size(&self) -> usize {
            Self::input_size(self)
        }

        fn hidden_size(&self) -> usize {
            Self::hidden_size(self)
        }
    };
}
pub(crate) use own_sizes;

/// Checks a sequence (timesteps × d) and an initial state (`letters` = the cell's
/// [`Cell::state_size`] values) where they enter: `inputs must be timesteps×d with d = 3,
/// got 5×4`, `h0 must have Dh = 6 values, got 2`, or a NaN or infinity in either.
pub(crate) fn check_sequence(
    cell: &impl Cell,
    inputs: &Matrix,
    (state_name, letters): (&str, &str),
    state0: &Vector,
) -> Result<(), ShapeError> {
    let ((timesteps, width), input_size) = (inputs.shape(), cell.input_size());
    if width != input_size {
        return Err(ShapeError::new(format!(
            "inputs must be timesteps×d with d = {input_size}, got {timesteps}×{width}"
        )));
    }
    ShapeError::check_vector(state_name, letters, cell.state_size(), state0.len())?;
    ShapeError::check_finite_matrix("inputs", inputs)?;
    ShapeError::check_finite_vector(state_name, state0)
}

/// The rows (one a timestep) as a timesteps × `width` matrix (0 × `width` for none),
/// refused if a NaN or an infinity is in it, which only finite values went into: a product
/// like Wx·Iₜ overflowed `f64` (inputs or weights near 1e308), and ∞ − ∞ made a NaN that
/// would spread silently. `what` names the rows: `the hidden state`, `the output`.
/// Message: `the hidden state at timestep 3 is not finite (NaN): a product of the inputs
/// and the weights overflowed f64; scale the inputs or the weights down`.
pub(crate) fn stack_finite(
    what: &str,
    rows: &[Vector],
    width: usize,
) -> Result<Matrix, ShapeError> {
    let stacked = match rows.is_empty() {
        true => Matrix::zeros(0, width),
        false => Matrix::stack(rows)?,
    };
    let cols = stacked.shape().1.max(1);
    match stacked.as_slice().iter().position(|x| !x.is_finite()) {
        None => Ok(stacked),
        Some(k) => Err(overflowed(what, k / cols + 1, stacked.as_slice()[k])),
    }
}

/// The error of [`stack_finite`], for one vector at `timestep` (1-based).
pub(crate) fn overflowed(what: &str, timestep: usize, value: f64) -> ShapeError {
    ShapeError::new(format!(
        "{what} at timestep {timestep} is not finite ({value}): a product of the inputs and \
         the weights overflowed f64; scale the inputs or the weights down"
    ))
}
