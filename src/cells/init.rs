//! Where the weights come from: [`Init`].

use super::{Gate, RnnCell};
use crate::linalg::{Matrix, Mt19937, Vector};

/// How to draw a cell's weights: the notes' `np.random.random`, and the usual small,
/// zero-centred alternatives.
///
/// The notes draw Wx, Wh and b from `np.random.random`: uniform on [0, 1), so every
/// weight is positive. With d = 4 and Dh = 8, Wx·Iₜ + Wh·hₜ₋₁ + b adds up about a dozen
/// positive terms, and tanh of a sum near 5 is 0.9999: the hidden state is *saturated*.
/// tanh's slope there, 1 − hₜ², is below 0.001, so gradients would barely flow.
///
/// Glorot and Bengio's ("Xavier") initialisation draws each weight uniform on (−a, a)
/// with a = √(6 / (fan_in + fan_out)) and the biases at 0. The sums then stay near 0, where
/// tanh is close to linear and its slope close to 1.
///
/// ```
/// use rnn_from_scratch::{Init, Matrix, Mt19937, Vector};
///
/// let mut rng = Mt19937::new(0);
/// let inputs = Matrix::random(10, 4, &mut rng);
/// for (init, most_above) in [(Init::Uniform, true), (Init::Xavier, false)] {
///     let mut rng = Mt19937::new(0);
///     let cell = init.cell(4, 8, &mut rng);
///     let states = cell.forward(&inputs, &Vector::zeros(8)).unwrap();
///     let above = states.as_slice().iter().filter(|h| h.abs() > 0.999).count();
///     assert_eq!(above > 40, most_above, "{init:?}: {above} of 80 above 0.999");
/// }
/// ```
///
/// | variant | Wx | Wh | b | numpy |
/// |---|---|---|---|---|
/// | `Uniform` | U[0, 1) | U[0, 1) | U[0, 1) | the notes: `np.random.random(shape)` |
/// | `Xavier` | U(−a, a), a = √(6/(d + Dh)) | U(−a, a), a = √(6/(Dh + Dh)) | 0 | `(np.random.random(shape) * 2 - 1) * a` |
/// | `PyTorch` | U(−k, k), k = 1/√Dh | U(−k, k) | 0 | as `nn.RNN`, `nn.LSTM`, `nn.GRU` draw weights |
/// | `Small` | N(0, 0.01²) | N(0, 0.01²) | 0 | min-char-rnn: `np.random.randn(shape) * 0.01` |
///
/// All draw Wx, then Wh, then b (only `Uniform` draws b), each row by row.
/// `PyTorch` is what [`LstmCell::init`](crate::LstmCell::init) and
/// [`GruCell::init`](crate::cells::GruCell::init) use for every gate, so an RNN made with it can be
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
/// // (np.random.random() * 2 - 1) * a after np.random.seed(0)
/// assert!((cell.wx()[(0, 0)] - (0.5488135039273248 * 2.0 - 1.0) * a).abs() < 1e-15);
/// // k = 1/√Dh: (2·np.random.random() − 1)·k after np.random.seed(0)
/// let cell = Init::PyTorch.cell(3, 4, &mut Mt19937::new(0));
/// assert!((cell.wx()[(0, 0)] - (2.0 * 0.5488135039273248 - 1.0) * 0.5).abs() < 1e-15);
/// // np.random.seed(0); np.random.randn(3, 5)[0, 0] * 0.01
/// let cell = Init::Small.cell(5, 3, &mut Mt19937::new(0));
/// assert!((cell.wx()[(0, 0)] - 0.01764052345967664).abs() < 1e-17);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Init {
    /// The notes' `np.random.random`: every weight and bias uniform on [0, 1).
    Uniform,
    /// Glorot/Xavier uniform weights, zero biases.
    Xavier,
    /// PyTorch's default for recurrent layers: weights uniform on ±1/√Dh, zero biases.
    PyTorch,
    /// min-char-rnn's: weights `np.random.randn(shape) * 0.01`, zero biases (the character
    /// model's RNN).
    Small,
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
        let mut draw = |cols: usize| match self {
            Init::Uniform => Matrix::random(hidden_size, cols, rng),
            Init::Xavier => xavier(hidden_size, cols, rng),
            Init::PyTorch => pytorch_uniform(hidden_size, cols, hidden_size, rng),
            Init::Small => small_randn(hidden_size, cols, rng),
        };
        let (wx, wh) = (draw(input_size), draw(hidden_size));
        let b = match self {
            Init::Uniform => Vector::random(hidden_size, rng),
            _ => Vector::zeros(hidden_size),
        };
        RnnCell::new(wx, wh, b).expect("the shapes are made to fit: Dh×d, Dh×Dh, Dh")
    }
}

/// A rows × cols matrix uniform on (−a, a), a = √(6 / (rows + cols)): Glorot & Bengio
/// (2010), the default of Keras' `SimpleRNN` input kernel.
pub(crate) fn xavier(rows: usize, cols: usize, rng: &mut Mt19937) -> Matrix {
    let a = (6.0 / (rows + cols) as f64).sqrt();
    Matrix::random(rows, cols, rng).map(|u| (u * 2.0 - 1.0) * a)
}

/// A rows × cols matrix uniform on (−k, k) with k = 1/√Dh, drawn row by row: PyTorch's
/// default for every weight of `nn.RNN`, `nn.LSTM`, `nn.GRU` (and of `nn.Linear` reading Dh
/// values). The crate's one ±1/√Dh initialiser: [`Init::PyTorch`], the gates of
/// [`LstmCell::init`](crate::LstmCell::init) and [`GruCell::init`](crate::cells::GruCell::init),
/// and the output layer of
/// [`SequenceModel::with_softmax`](crate::cells::SequenceModel::with_softmax) all call it.
///
pub(crate) fn pytorch_uniform(
    rows: usize,
    cols: usize,
    hidden_size: usize,
    rng: &mut Mt19937,
) -> Matrix {
    let k = 1.0 / (hidden_size as f64).sqrt();
    Matrix::random(rows, cols, rng).map(|u| (2.0 * u - 1.0) * k)
}

/// A gate with weights uniform on ±1/√Dh ([`pytorch_uniform`], Wx then Wh) and every bias
/// `bias`.
pub(crate) fn uniform_gate(
    input_size: usize,
    hidden_size: usize,
    bias: f64,
    rng: &mut Mt19937,
) -> Gate {
    let wx = pytorch_uniform(hidden_size, input_size, hidden_size, rng);
    let wh = pytorch_uniform(hidden_size, hidden_size, hidden_size, rng);
    Gate::new(wx, wh, Vector::from(vec![bias; hidden_size])).expect("shapes made to fit")
}

/// `np.random.randn(rows, cols) * 0.01`: min-char-rnn's weights. Small weights keep tanh in
/// its linear range and every class near 1/V at the start, so the first loss is about ln V
/// per character.
pub(crate) fn small_randn(rows: usize, cols: usize, rng: &mut Mt19937) -> Matrix {
    Matrix::randn(rows, cols, rng).map(|w| w * 0.01)
}
