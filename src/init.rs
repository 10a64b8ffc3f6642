//! Where the weights come from: the notes' `np.random.random`, and the usual small,
//! zero-centred alternative.
//!
//! The notes draw Wx, Wh and b from `np.random.random`: uniform on [0, 1), so every
//! weight is positive. With d = 4 and Dh = 8, Wx·Iₜ + Wh·hₜ₋₁ + b adds up about a dozen
//! positive terms, and tanh of a sum near 5 is 0.9999: the hidden state is *saturated*.
//! tanh's slope there, 1 − hₜ², is below 0.001, so gradients would barely flow.
//!
//! Glorot and Bengio's ("Xavier") initialisation draws each weight uniform on (−a, a)
//! with a = √(6 / (fan_in + fan_out)) and the biases at 0. The sums then stay near 0, where
//! tanh is close to linear and its slope close to 1.
//!
//! ```
//! use rnn_from_scratch::{Init, Matrix, Mt19937, Vector};
//!
//! let mut rng = Mt19937::new(0);
//! let inputs = Matrix::random(10, 4, &mut rng);
//! for (init, most_above) in [(Init::Uniform, true), (Init::Xavier, false)] {
//!     let mut rng = Mt19937::new(0);
//!     let cell = init.cell(4, 8, &mut rng);
//!     let states = cell.forward(&inputs, &Vector::zeros(8)).unwrap();
//!     let above = states.as_slice().iter().filter(|h| h.abs() > 0.999).count();
//!     assert_eq!(above > 40, most_above, "{init:?}: {above} of 80 above 0.999");
//! }
//! ```

use crate::{Matrix, Mt19937, RnnCell, Vector};

/// How to draw a cell's weights.
///
/// | variant | Wx | Wh | b | numpy |
/// |---|---|---|---|---|
/// | `Uniform` | U[0, 1) | U[0, 1) | U[0, 1) | the notes: `np.random.random(shape)` |
/// | `Xavier` | U(−a, a), a = √(6/(d + Dh)) | U(−a, a), a = √(6/(Dh + Dh)) | 0 | `(np.random.random(shape) * 2 - 1) * a` |
/// | `PyTorch` | U(−k, k), k = 1/√Dh | U(−k, k) | 0 | as `nn.RNN`, `nn.LSTM`, `nn.GRU` draw weights |
///
/// All draw Wx, then Wh, then b (Xavier and PyTorch draw nothing for b), each row by row.
/// `PyTorch` is what [`LstmCell::init`](crate::LstmCell::init) and
/// [`GruCell::init`](crate::GruCell::init) use for every gate, so an RNN made with it can be
/// compared with them fairly.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Init, Mt19937};
///
/// let cell = Init::Xavier.cell(4, 8, &mut Mt19937::new(0));
/// let a = (6.0_f64 / 12.0).sqrt();
/// assert!(cell.wx().as_slice().iter().all(|w| w.abs() < a));
/// assert!(cell.b().as_slice().iter().all(|&b| b == 0.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Init {
    /// The notes' `np.random.random`: every weight and bias uniform on [0, 1).
    Uniform,
    /// Glorot/Xavier uniform weights, zero biases.
    Xavier,
    /// PyTorch's default for recurrent layers: weights uniform on ±1/√Dh, zero biases.
    PyTorch,
}

impl Init {
    /// A cell with d = `input_size` and Dh = `hidden_size`, drawn from `rng`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Init, Mt19937};
    ///
    /// let cell = Init::Uniform.cell(4, 8, &mut Mt19937::new(0));
    /// assert_eq!(cell.wx().shape(), (8, 4));
    /// assert_eq!(cell.wx()[(0, 0)], 0.5488135039273248); // np.random.seed(0); np.random.random()
    /// ```
    pub fn cell(self, input_size: usize, hidden_size: usize, rng: &mut Mt19937) -> RnnCell {
        let (wx, wh, b) = match self {
            Init::Uniform => (
                Matrix::random(hidden_size, input_size, rng),
                Matrix::random(hidden_size, hidden_size, rng),
                Vector::random(hidden_size, rng),
            ),
            Init::Xavier => (
                xavier(hidden_size, input_size, rng),
                xavier(hidden_size, hidden_size, rng),
                Vector::zeros(hidden_size),
            ),
            Init::PyTorch => {
                let gate = crate::lstm::uniform_gate(input_size, hidden_size, 0.0, rng);
                (gate.wx, gate.wh, gate.b)
            }
        };
        RnnCell::new(wx, wh, b).expect("the shapes are made to fit: Dh×d, Dh×Dh, Dh")
    }
}

/// A rows × cols matrix uniform on (−a, a), a = √(6 / (rows + cols)): Glorot & Bengio
/// (2010), the default of Keras' `SimpleRNN` input kernel.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{init::xavier, Mt19937};
///
/// let w = xavier(2, 3, &mut Mt19937::new(0));
/// // (np.random.random() * 2 - 1) * sqrt(6 / 5) after np.random.seed(0)
/// assert!((w[(0, 0)] - (0.5488135039273248 * 2.0 - 1.0) * 1.2_f64.sqrt()).abs() < 1e-15);
/// ```
pub fn xavier(rows: usize, cols: usize, rng: &mut Mt19937) -> Matrix {
    let a = (6.0 / (rows + cols) as f64).sqrt();
    let unit = Matrix::random(rows, cols, rng);
    let values = unit
        .as_slice()
        .iter()
        .map(|u| (u * 2.0 - 1.0) * a)
        .collect();
    Matrix::from_vec(rows, cols, values).expect("same shape as `unit`")
}
