//! hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b): the RNN cell (RNN 셀, 메모리 셀), literally. (The notes
//! write `ht-1Wh`; with Wh Dh×Dh and hₜ₋₁ Dh×1 only Wh·hₜ₋₁ is defined: see [`RnnCell::step`].)

use super::Cell;
use super::cell::{check_sequence, overflowed, stack_finite};
use super::gate::check_affine;
use crate::linalg::{Matrix, ShapeError, Vector};

mod batched;
pub use batched::RnnBatchCache;

/// The notes' RNN cell (셀, 메모리 셀, RNN 셀): the weights Wx, Wh and the bias b of
///
/// ```text
/// hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)
/// ```
///
/// | symbol | the notes | shape | here |
/// |---|---|---|---|
/// | Iₜ | 입력 값 (input vector) | d×1 | `input_t: &Vector`, d values |
/// | Wx | 입력층 가중치 (input weights) | Dh×d | [`wx()`](RnnCell::wx) |
/// | hₜ₋₁ | 이전 시점 은닉 상태값 (previous hidden state) | Dh×1 | `h_prev: &Vector`, Dh values |
/// | Wh | hₜ₋₁의 가중치 (recurrent weights) | Dh×Dh | [`wh()`](RnnCell::wh) |
/// | b | bias | Dh×1 | [`b()`](RnnCell::b) |
/// | hₜ | 은닉 상태값 (hidden state) | Dh×1 | the `Vector` that [`step`](RnnCell::step) returns |
///
/// d is the notes' `input_size` (단어 벡터의 차원, the word-vector size) and Dh their
/// `hidden_size` (은닉 상태 크기, the hidden-state size).
///
/// **`ht-1Wh` in the notes.** The notes write the recurrent term as `ht-1Wh`. With Wh
/// Dh×Dh and hₜ₋₁ Dh×1, the product hₜ₋₁·Wh is not defined (Dh×1 times Dh×Dh); only
/// Wh·hₜ₋₁ is, and it is what the notes' program computes (`np.dot(Wh,hidden_state_t)`).
/// This crate writes Wh·hₜ₋₁ everywhere. Libraries that keep vectors as *rows*, such as
/// PyTorch, write the same product as hₜ₋₁·Whᵀ.
///
/// **PyTorch.** `torch.nn.RNN(input_size=d, hidden_size=Dh)` computes the same formula
/// with `weight_ih_l0` = Wx (Dh×d), `weight_hh_l0` = Wh (Dh×Dh) and *two* biases whose sum
/// is b: `bias_ih_l0 + bias_hh_l0` = b. The test `tests/pytorch_rnn.rs` checks this.
///
/// # Examples
///
/// A cell with d = 3 and Dh = 2, small enough to check by hand:
///
/// ```
/// use rnn_from_scratch::{Matrix, RnnCell, Vector};
///
/// let wx = Matrix::from_rows(&[vec![1.0, 0.0, 0.0], vec![0.0, 1.0, 0.0]]).unwrap(); // Dh×d = 2×3
/// let wh = Matrix::from_rows(&[vec![0.5, 0.0], vec![0.0, 0.5]]).unwrap(); // Dh×Dh = 2×2
/// let b = Vector::from(vec![0.0, 0.1]); // Dh = 2
/// let cell = RnnCell::new(wx, wh, b).unwrap();
///
/// let input_t = Vector::from(vec![0.2, 0.3, 9.0]);
/// let h_prev = Vector::from(vec![1.0, -1.0]);
/// let h_t = cell.step(&input_t, &h_prev);
/// // h = tanh([0.2 + 0.5 + 0.0, 0.3 - 0.5 + 0.1])
/// assert!((h_t[0] - 0.7_f64.tanh()).abs() < 1e-15);
/// assert!((h_t[1] - (-0.1_f64).tanh()).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RnnCell {
    pub(crate) wx: Matrix,
    pub(crate) wh: Matrix,
    pub(crate) b: Vector,
}

impl RnnCell {
    /// The cell with these weights, after checking that they fit each other: Wx is Dh×d,
    /// Wh is Dh×Dh and b has Dh values, where Dh is Wx's row count and d its column count.
    ///
    /// # Errors
    ///
    /// A [`ShapeError`] naming the symbol that does not fit, for example
    /// `Wh must be Dh×Dh = 8×8, got 8×4` or `b must have Dh = 8 values, got 4`; or a
    /// value that is not a finite number (`Wx must hold finite numbers, got NaN at (0, 1)`),
    /// which would otherwise turn every hidden state into NaN.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, RnnCell, Vector};
    ///
    /// let cell = RnnCell::new(Matrix::zeros(8, 4), Matrix::zeros(8, 8), Vector::zeros(8)).unwrap();
    /// assert_eq!((cell.input_size(), cell.hidden_size()), (4, 8));
    ///
    /// let err = RnnCell::new(Matrix::zeros(8, 4), Matrix::zeros(8, 8), Vector::zeros(4)).unwrap_err();
    /// assert_eq!(err.to_string(), "b must have Dh = 8 values, got 4");
    /// ```
    pub fn new(wx: Matrix, wh: Matrix, b: Vector) -> Result<RnnCell, ShapeError> {
        check_affine(&wx, &wh, &b)?;
        Ok(RnnCell { wx, wh, b })
    }

    /// One timestep, the notes' formula as one line (은닉 상태값 hₜ, the hidden state):
    ///
    /// ```text
    /// hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)
    ///      Dh    Dh×d·d  Dh×Dh·Dh  Dh
    /// ```
    ///
    /// `input_t` is Iₜ (d values), `h_prev` is hₜ₋₁ (Dh values); the result is hₜ
    /// (Dh values), each in (−1, 1).
    ///
    /// # Panics
    ///
    /// If `input_t` does not have d values (`Iₜ must have d = 4 values, got 3`) or `h_prev`
    /// does not have Dh values (`hₜ₋₁ must have Dh = 8 values, got 2`); or if the sum
    /// overflows f64 (weights near 1e300) and hₜ would be NaN (`the hidden state at timestep
    /// 1 is not finite (NaN): …`), so that no NaN spreads unannounced. [`forward`] checks a
    /// whole sequence and returns these as errors instead.
    ///
    /// [`forward`]: RnnCell::forward
    ///
    /// # Examples
    ///
    /// With all weights zero, hₜ = tanh(b):
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, RnnCell, Vector};
    ///
    /// let b = Vector::from(vec![0.5, -1.0]);
    /// let cell = RnnCell::new(Matrix::zeros(2, 3), Matrix::zeros(2, 2), b.clone()).unwrap();
    /// let h_t = cell.step(&Vector::from(vec![1.0, 2.0, 3.0]), &Vector::zeros(2));
    /// assert_eq!(h_t, b.tanh());
    /// ```
    #[track_caller]
    pub fn step(&self, input_t: &Vector, h_prev: &Vector) -> Vector {
        if let Err(e) = self.check_step(input_t, h_prev) {
            panic!("{e}");
        }
        let h_t = (&self.wx * input_t + &self.wh * h_prev + &self.b).tanh();
        if let Some(&bad) = h_t.as_slice().iter().find(|x| !x.is_finite()) {
            panic!("{}", overflowed("the hidden state", 1, bad));
        }
        h_t
    }

    fn check_step(&self, input_t: &Vector, h_prev: &Vector) -> Result<(), ShapeError> {
        ShapeError::check_vector("Iₜ", "d", self.input_size(), input_t.len())?;
        ShapeError::check_vector("hₜ₋₁", "Dh", self.hidden_size(), h_prev.len())
    }

    /// Every timestep of a sequence: the notes' `for input_t in inputs:` loop, ending in
    /// `np.stack(total_hidden_states)`. Row t of `inputs` is Iₜ₊₁, `h0` is the hidden state
    /// before the first step (the notes' `np.zeros((hidden_size,))`), and row t of the
    /// result is hₜ₊₁. This is the many-to-many use (다 대 다): one hidden state per input.
    ///
    /// | value | shape |
    /// |---|---|
    /// | `inputs` | timesteps × d |
    /// | `h0` | Dh |
    /// | result | timesteps × Dh |
    ///
    /// An empty sequence (0 timesteps × d) gives an empty 0 × Dh matrix.
    ///
    /// For the many-to-one use (다 대 일), where only the last hidden state matters, use
    /// [`forward_last`](RnnCell::forward_last).
    ///
    /// # Errors
    ///
    /// `inputs must be timesteps×d with d = 4, got 10×3`,
    /// `h0 must have Dh = 8 values, got 2`, or a NaN or infinity in either
    /// (`inputs must hold finite numbers, got NaN at (3, 0)`).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, RnnCell, Vector};
    ///
    /// let cell = RnnCell::new(Matrix::zeros(2, 3), Matrix::zeros(2, 2), Vector::from(vec![0.0, 1.0])).unwrap();
    /// let inputs = Matrix::zeros(5, 3); // timesteps = 5, d = 3
    /// let states = cell.forward(&inputs, &Vector::zeros(2)).unwrap();
    /// assert_eq!(states.shape(), (5, 2)); // timesteps × Dh
    ///
    /// let empty = cell.forward(&Matrix::zeros(0, 3), &Vector::zeros(2)).unwrap();
    /// assert_eq!(empty.shape(), (0, 2));
    ///
    /// let err = cell.forward(&Matrix::zeros(5, 4), &Vector::zeros(2)).unwrap_err();
    /// assert_eq!(err.to_string(), "inputs must be timesteps×d with d = 3, got 5×4");
    /// ```
    pub fn forward(&self, inputs: &Matrix, h0: &Vector) -> Result<Matrix, ShapeError> {
        check_sequence(self, inputs, ("h0", "Dh"), h0)?;
        let (timesteps, _) = inputs.shape();
        let mut total_hidden_states = Vec::with_capacity(timesteps);
        let mut hidden_state_t = h0.clone();
        for t in 0..timesteps {
            let input_t = Vector::from(inputs.row(t));
            // The notes' loop line, np.tanh(np.dot(Wx,input_t) + np.dot(Wh,hidden_state_t) + b),
            // as `step` has it; written here so that an overflow is returned as an error
            // below, with its timestep, where `step` would panic. (`output_t` is the notes'
            // name for hₜ, the new hidden state: not the output Oₜ.)
            let output_t = (&self.wx * &input_t + &self.wh * &hidden_state_t + &self.b).tanh();
            total_hidden_states.push(output_t.clone());
            hidden_state_t = output_t;
        }
        // np.stack(total_hidden_states), refused if an overflow left a value not finite
        stack_finite("the hidden state", &total_hidden_states, self.hidden_size())
    }

    /// The last hidden state h_T of a sequence only: the many-to-one use (다 대 일), as in
    /// sentiment classification, where one output follows the whole sentence. Equal to the
    /// last row of [`forward`](RnnCell::forward); for 0 timesteps it is `h0` itself.
    ///
    /// # Errors
    ///
    /// As [`forward`](RnnCell::forward).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Mt19937, RnnCell, Vector};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let cell = RnnCell::new(Matrix::random(2, 3, &mut rng), Matrix::random(2, 2, &mut rng), Vector::random(2, &mut rng)).unwrap();
    /// let inputs = Matrix::random(4, 3, &mut rng);
    /// let h0 = Vector::zeros(2);
    /// let last = cell.forward_last(&inputs, &h0).unwrap();
    /// assert_eq!(last.as_slice(), cell.forward(&inputs, &h0).unwrap().row(3));
    /// ```
    pub fn forward_last(&self, inputs: &Matrix, h0: &Vector) -> Result<Vector, ShapeError> {
        let states = self.forward(inputs, h0)?;
        match states.shape().0 {
            0 => Ok(h0.clone()),
            timesteps => Ok(Vector::from(states.row(timesteps - 1))),
        }
    }

    /// d, the size of each input vector Iₜ (the notes' `input_size`, 단어 벡터의 차원).
    ///
    /// # Examples
    ///
    /// ```
    /// # use rnn_from_scratch::{Matrix, RnnCell, Vector};
    /// let cell = RnnCell::new(Matrix::zeros(8, 4), Matrix::zeros(8, 8), Vector::zeros(8)).unwrap();
    /// assert_eq!(cell.input_size(), 4);
    /// ```
    pub fn input_size(&self) -> usize {
        self.wx.shape().1
    }

    /// Dh, the size of the hidden state hₜ (the notes' `hidden_size`, 은닉 상태 크기, "the
    /// capacity of the memory cell").
    ///
    /// # Examples
    ///
    /// ```
    /// # use rnn_from_scratch::{Matrix, RnnCell, Vector};
    /// let cell = RnnCell::new(Matrix::zeros(8, 4), Matrix::zeros(8, 8), Vector::zeros(8)).unwrap();
    /// assert_eq!(cell.hidden_size(), 8);
    /// ```
    pub fn hidden_size(&self) -> usize {
        self.wx.shape().0
    }

    /// Wx, the input weights (입력층 가중치), Dh×d.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rnn_from_scratch::{Matrix, RnnCell, Vector};
    /// let cell = RnnCell::new(Matrix::zeros(8, 4), Matrix::zeros(8, 8), Vector::zeros(8)).unwrap();
    /// assert_eq!(cell.wx().shape(), (8, 4));
    /// ```
    pub fn wx(&self) -> &Matrix {
        &self.wx
    }

    /// Wh, the weights of the previous hidden state (이전 시점 은닉 상태값의 가중치), Dh×Dh.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rnn_from_scratch::{Matrix, RnnCell, Vector};
    /// let cell = RnnCell::new(Matrix::zeros(8, 4), Matrix::zeros(8, 8), Vector::zeros(8)).unwrap();
    /// assert_eq!(cell.wh().shape(), (8, 8));
    /// ```
    pub fn wh(&self) -> &Matrix {
        &self.wh
    }

    /// b, the bias, Dh values.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rnn_from_scratch::{Matrix, RnnCell, Vector};
    /// let cell = RnnCell::new(Matrix::zeros(8, 4), Matrix::zeros(8, 8), Vector::zeros(8)).unwrap();
    /// assert_eq!(cell.b().len(), 8);
    /// ```
    pub fn b(&self) -> &Vector {
        &self.b
    }

    /// The number of trainable values, Dh·d + Dh·Dh + Dh, as Keras' `model.summary()`
    /// counts a `SimpleRNN` layer. For the notes' program (d = 4, Dh = 8):
    /// 8·4 + 8·8 + 8 = 104. (PyTorch's `nn.RNN` has Dh more, because it keeps two biases.)
    ///
    /// # Examples
    ///
    /// ```
    /// # use rnn_from_scratch::{Matrix, RnnCell, Vector};
    /// let cell = RnnCell::new(Matrix::zeros(8, 4), Matrix::zeros(8, 8), Vector::zeros(8)).unwrap();
    /// assert_eq!(cell.num_parameters(), 104);
    /// ```
    pub fn num_parameters(&self) -> usize {
        let (dh, d) = self.wx.shape();
        dh * d + dh * dh + dh
    }
}

super::parameters::arrays!(RnnCell, wx "Wx", wh "Wh", b "b");

/// The RNN cell's backward pass, next to its forward pass. The cache is every hₜ
/// (h₀ first) and the inputs.
impl Cell for RnnCell {
    type Cache = (Vec<Vector>, Matrix);

    super::cell::own_sizes!();

    fn forward_cached(
        &self,
        inputs: &Matrix,
        h0: &Vector,
    ) -> Result<(Matrix, Vector, Self::Cache), ShapeError> {
        let states = self.forward(inputs, h0)?;
        let hs: Vec<Vector> = std::iter::once(h0.clone())
            .chain((0..inputs.shape().0).map(|t| Vector::from(states.row(t))))
            .collect();
        let last = hs.last().cloned().unwrap_or_else(|| h0.clone());
        Ok((states, last, (hs, inputs.clone())))
    }

    /// From ∂L/∂hₜ (each row of `dhs`), back through time:
    ///
    /// ```text
    /// dh      = dhsₜ + dh_next                Dh      from above, and from step t+1
    /// dh_raw  = (1 − hₜ²) ⊙ dh                Dh      through tanh: tanh′ = 1 − tanh²
    /// db     += dh_raw                        Dh
    /// dWx    += dh_raw·xₜᵀ                    Dh×d
    /// dWh    += dh_raw·hₜ₋₁ᵀ                  Dh×Dh
    /// dxₜ     = Wxᵀ·dh_raw                    d
    /// dh_next = Whᵀ·dh_raw                    Dh      what step t−1 receives
    /// ```
    fn backward(&self, (hs, inputs): &Self::Cache, dhs: &Matrix) -> (RnnCell, Vector, Matrix) {
        let (dh_size, d) = self.wx.shape();
        let mut g = RnnCell {
            wx: Matrix::zeros(dh_size, d),
            wh: Matrix::zeros(dh_size, dh_size),
            b: Vector::zeros(dh_size),
        };
        let (wx_transposed, wh_transposed) = (self.wx.transpose(), self.wh.transpose());
        let timesteps = inputs.shape().0;
        let mut dxs = Matrix::zeros(timesteps, d);
        let mut dh_next = Vector::zeros(dh_size);
        for t in (1..=timesteps).rev() {
            let x_t = Vector::from(inputs.row(t - 1));
            let dh = Vector::from(dhs.row(t - 1)) + &dh_next; //     dh = dhsₜ + dh_next
            let dh_raw = hs[t].map(|h| 1.0 - h * h).hadamard(&dh); // dh_raw = (1 − hₜ²) ⊙ dh
            g.b += &dh_raw; //                                         db += dh_raw
            g.wx.add_outer(&dh_raw, &x_t); //                  dWx += dh_raw·xₜᵀ
            g.wh.add_outer(&dh_raw, &hs[t - 1]); //            dWh += dh_raw·hₜ₋₁ᵀ
            dxs.row_mut(t - 1)
                .copy_from_slice((&wx_transposed * &dh_raw).as_slice()); // dxₜ = Wxᵀ·dh_raw
            dh_next = &wh_transposed * &dh_raw; //                              dh_next = Whᵀ·dh_raw
        }
        (g, dh_next, dxs)
    }
}
