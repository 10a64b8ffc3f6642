//! [`Rnn`]: the cell and the output layer together, and backpropagation through time.

use crate::cells::parameters::{chain, chain_mut, chain_shapes};
use crate::cells::{Cell, OutputLayer, Parameters, RnnCell, log_sum_exp};
use crate::linalg::{Matrix, ShapeError, Vector};

/// A trainable RNN: the notes' two formulas together, with a softmax output and the
/// cross-entropy loss.
///
/// ```text
/// hₜ = tanh(Wx·xₜ + Wh·hₜ₋₁ + b)      RnnCell
/// zₜ = Wy·hₜ + by                     the output layer's scores (logits)
/// pₜ = softmax(zₜ)                    Oₜ, the notes' output with f = softmax
/// L  = Σₜ −ln pₜ[yₜ]                  the loss, in nats
/// ```
///
/// | symbol | shape |
/// |---|---|
/// | xₜ (the notes' Iₜ) | d |
/// | hₜ | Dh |
/// | zₜ, pₜ | V |
/// | yₜ | one class in 0..V |
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Activation, Init, Matrix, Mt19937, OutputLayer, Vector};
/// use rnn_from_scratch::train::Rnn;
///
/// let mut rng = Mt19937::new(0);
/// let cell = Init::Xavier.cell(3, 4, &mut rng); // d = 3, Dh = 4
/// let output = OutputLayer::new(Matrix::zeros(5, 4), Vector::zeros(5), Activation::Softmax)?; // V = 5
/// let rnn = Rnn::new(cell, output)?;
/// let (loss, _gradients, _h_last) = rnn.loss_and_gradients(&Matrix::zeros(2, 3), &[0, 4], &Vector::zeros(4))?;
/// // Wy = 0: every class gets 1/5, so each step costs ln 5 nats.
/// assert!((loss - 2.0 * 5.0_f64.ln()).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Rnn {
    /// The cell: Wx, Wh, b.
    pub(crate) cell: RnnCell,
    /// The output layer: Wy, by, softmax.
    pub(crate) output: OutputLayer,
}

/// ∂L/∂ of every parameter (same shapes as the parameters), and of the first hidden
/// state h₀.
///
/// | field | gradient of | shape |
/// |---|---|---|
/// | `wx` | Wx | Dh×d |
/// | `wh` | Wh | Dh×Dh |
/// | `b` | b | Dh |
/// | `wy` | Wy | V×Dh |
/// | `by` | by | V |
/// | `h0` | h₀ (not a parameter; what flows back out of the chunk) | Dh |
///
/// [`Parameters`] lists the first five, in the order of [`Rnn`]'s.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::Gradients;
///
/// let g = Gradients::zeros(2, 3, 4); // d = 2, Dh = 3, V = 4
/// assert_eq!((g.wx.shape(), g.wy.shape(), g.h0.len()), ((3, 2), (4, 3), 3));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    /// ∂L/∂Wx, Dh×d.
    pub wx: Matrix,
    /// ∂L/∂Wh, Dh×Dh.
    pub wh: Matrix,
    /// ∂L/∂b, Dh.
    pub b: Vector,
    /// ∂L/∂Wy, V×Dh.
    pub wy: Matrix,
    /// ∂L/∂by, V.
    pub by: Vector,
    /// ∂L/∂h₀, Dh.
    pub h0: Vector,
}

impl Gradients {
    /// All zeros, for d inputs, Dh hidden values and V outputs.
    ///
    /// # Examples
    ///
    /// ```
    /// let g = rnn_from_scratch::train::Gradients::zeros(2, 3, 4);
    /// assert_eq!((g.wx.shape(), g.wh.shape(), g.wy.shape()), ((3, 2), (3, 3), (4, 3)));
    /// ```
    pub fn zeros(input_size: usize, hidden_size: usize, output_size: usize) -> Gradients {
        Gradients {
            wx: Matrix::zeros(hidden_size, input_size),
            wh: Matrix::zeros(hidden_size, hidden_size),
            b: Vector::zeros(hidden_size),
            wy: Matrix::zeros(output_size, hidden_size),
            by: Vector::zeros(output_size),
            h0: Vector::zeros(hidden_size),
        }
    }
}

/// The five arrays of a plain RNN with its output layer, in [`Parameters`] order: the
/// cell's names, then the output layer's.
fn names() -> [&'static str; 5] {
    let [wx, wh, b] = RnnCell::PARAMETER_NAMES;
    let [wy, by] = OutputLayer::PARAMETER_NAMES;
    [wx, wh, b, wy, by]
}

impl Parameters for Gradients {
    fn parameters(&self) -> Vec<(&'static str, &[f64])> {
        let all = [
            self.wx.as_slice(),
            self.wh.as_slice(),
            self.b.as_slice(),
            self.wy.as_slice(),
            self.by.as_slice(),
        ];
        names().into_iter().zip(all).collect()
    }

    fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
        let all = [
            self.wx.as_mut_slice(),
            self.wh.as_mut_slice(),
            self.b.as_mut_slice(),
            self.wy.as_mut_slice(),
            self.by.as_mut_slice(),
        ];
        names().into_iter().zip(all).collect()
    }

    fn shapes(&self) -> Vec<Vec<usize>> {
        let ((dh, d), (v, _)) = (self.wx.shape(), self.wy.shape());
        vec![vec![dh, d], vec![dh, dh], vec![dh], vec![v, dh], vec![v]]
    }
}

/// The cell's arrays, then the output layer's.
impl Parameters for Rnn {
    fn parameters(&self) -> Vec<(&'static str, &[f64])> {
        chain(&self.cell, &self.output)
    }

    fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
        chain_mut(&mut self.cell, &mut self.output)
    }

    fn shapes(&self) -> Vec<Vec<usize>> {
        chain_shapes(&self.cell, &self.output)
    }
}

impl Rnn {
    /// The cell and the output layer, after checking that they fit: Wy must read the
    /// cell's Dh hidden values, and the output must be a softmax (the loss is the softmax
    /// cross-entropy).
    ///
    /// # Errors
    ///
    /// `Wy must be V×Dh with Dh = 8, got 5×4`, or
    /// `the output activation must be Softmax for the cross-entropy loss, got Tanh`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Activation, Matrix, OutputLayer, RnnCell, Vector};
    /// use rnn_from_scratch::train::Rnn;
    ///
    /// let cell = RnnCell::new(Matrix::zeros(8, 3), Matrix::zeros(8, 8), Vector::zeros(8))?;
    /// let output = OutputLayer::new(Matrix::zeros(5, 4), Vector::zeros(5), Activation::Softmax)?;
    /// let err = Rnn::new(cell, output).unwrap_err();
    /// assert_eq!(err.to_string(), "Wy must be V×Dh with Dh = 8, got 5×4");
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn new(cell: RnnCell, output: OutputLayer) -> Result<Rnn, ShapeError> {
        crate::cells::model::check_softmax_output(&output, cell.hidden_size())?;
        Ok(Rnn { cell, output })
    }

    /// The cell: Wx (Dh×d), Wh (Dh×Dh), b (Dh).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{train::char_rnn::init, Mt19937};
    /// assert_eq!(init(5, 3, &mut Mt19937::new(0)).cell().wh().shape(), (3, 3));
    /// ```
    pub fn cell(&self) -> &RnnCell {
        &self.cell
    }

    /// The output layer: Wy (V×Dh), by (V), softmax.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{train::char_rnn::init, Mt19937};
    /// assert_eq!(init(5, 3, &mut Mt19937::new(0)).output().wy().shape(), (5, 3));
    /// ```
    pub fn output(&self) -> &OutputLayer {
        &self.output
    }

    /// d, the input size.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{train::char_rnn::init, Mt19937};
    /// let rnn = init(4, 3, &mut Mt19937::new(0)); // d = V = 4, Dh = 3
    /// assert_eq!(rnn.input_size(), 4);
    /// ```
    pub fn input_size(&self) -> usize {
        self.cell.input_size()
    }

    /// Dh, the hidden size.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{train::char_rnn::init, Mt19937};
    /// let rnn = init(4, 3, &mut Mt19937::new(0)); // d = V = 4, Dh = 3
    /// assert_eq!(rnn.hidden_size(), 3);
    /// ```
    pub fn hidden_size(&self) -> usize {
        self.cell.hidden_size()
    }

    /// V, the number of classes.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{train::char_rnn::init, Mt19937};
    /// let rnn = init(4, 3, &mut Mt19937::new(0)); // d = V = 4, Dh = 3
    /// assert_eq!(rnn.output_size(), 4);
    /// ```
    pub fn output_size(&self) -> usize {
        self.output.output_size()
    }

    /// The loss of a sequence and its gradient with respect to every parameter, by
    /// backpropagation through time; also the last hidden state, to carry into the next
    /// chunk (truncated BPTT).
    ///
    /// `inputs` is timesteps × d (row t is xₜ₊₁), `targets[t]` the class wanted at that
    /// timestep (0..V), `h0` the hidden state before the first step. The loss is
    /// L = Σₜ −ln softmax(zₜ)\[yₜ\] in nats, computed as Σₜ (ln Σᵢ e^(zₜ,ᵢ) − zₜ\[yₜ\]) so that it
    /// never takes the log of a probability that rounded to 0. No clipping happens here.
    ///
    /// The backward pass, one line per formula (derivation: [`bptt_chapter`](crate::bptt_chapter)).
    /// The first three lines are the output layer's
    /// ([`OutputLayer::cross_entropy`]), the rest the cell's ([`Cell::backward`] for
    /// [`RnnCell`]), each next to its forward pass:
    ///
    /// ```text
    /// dz      = pₜ − onehot(yₜ)           V       ∂L/∂zₜ for softmax + cross-entropy
    /// dWy    += dz·hₜᵀ                    V×Dh
    /// dby    += dz                        V
    /// dh      = Wyᵀ·dz + dh_next          Dh      from the output, and from step t+1
    /// dh_raw  = (1 − hₜ²) ⊙ dh            Dh      through tanh: tanh′ = 1 − tanh²
    /// db     += dh_raw                    Dh
    /// dWx    += dh_raw·xₜᵀ                Dh×d
    /// dWh    += dh_raw·hₜ₋₁ᵀ              Dh×Dh
    /// dh_next = Whᵀ·dh_raw                Dh      what step t−1 receives
    /// ```
    ///
    /// After the loop (t = 1), `dh_next` is ∂L/∂h₀, returned as `Gradients::h0`.
    ///
    /// # Errors
    ///
    /// The shapes of [`RnnCell::forward`] (`inputs must be timesteps×d with d = 3, got 2×4`),
    /// `targets must have one class per timestep: 5 timesteps, got 4 targets`, or
    /// `target 7 at timestep 2 is not a class: V = 5, so targets must be below 5`.
    ///
    /// # Examples
    ///
    /// One step with d = Dh = 1 and V = 2, checked by hand: h₁ = tanh(0.5·1), z = (h₁, −h₁).
    ///
    /// ```
    /// use rnn_from_scratch::{Activation, Matrix, OutputLayer, RnnCell, Vector};
    /// use rnn_from_scratch::train::Rnn;
    ///
    /// let cell = RnnCell::new(Matrix::from_vec(1, 1, vec![1.0])?, Matrix::zeros(1, 1), Vector::zeros(1))?;
    /// let output = OutputLayer::new(Matrix::from_vec(2, 1, vec![1.0, -1.0])?, Vector::zeros(2), Activation::Softmax)?;
    /// let rnn = Rnn::new(cell, output)?;
    /// let x = Matrix::from_vec(1, 1, vec![0.5])?;
    /// let (loss, g, h_last) = rnn.loss_and_gradients(&x, &[0], &Vector::zeros(1))?;
    ///
    /// let h = 0.5_f64.tanh();                       // h₁
    /// let p0 = 1.0 / (1.0 + (-2.0 * h).exp());      // softmax([h, −h])[0]
    /// assert!((loss - -p0.ln()).abs() < 1e-15);
    /// assert!((g.by[0] - (p0 - 1.0)).abs() < 1e-15); // dby = p − onehot
    /// // dh = Wyᵀ·dz = 1·(p0 − 1) + (−1)·(1 − p0); dWx = (1 − h²)·dh·x
    /// let dh = 2.0 * (p0 - 1.0);
    /// assert!((g.wx[(0, 0)] - (1.0 - h * h) * dh * 0.5).abs() < 1e-15);
    /// assert_eq!(h_last[0], h);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss_and_gradients(
        &self,
        inputs: &Matrix,
        targets: &[usize],
        h0: &Vector,
    ) -> Result<(f64, Gradients, Vector), ShapeError> {
        self.check_targets(inputs.shape().0, targets)?;
        // Forward through time, keeping every hₜ.
        let (states, h_last, cache) = self.cell.forward_cached(inputs, h0)?;
        // The output layer at every step: loss, dWy, dby, and ∂L/∂hₜ = Wyᵀ·dzₜ.
        let every_step: Vec<(usize, usize)> = targets.iter().copied().enumerate().collect();
        let (loss, output, dhs) = self.output.cross_entropy(&states, &every_step)?;
        // Backward through time: dh_raw, db, dWx, dWh and dh_next, step by step.
        let (cell, dh0, _) = self.cell.backward(&cache, &dhs);
        let gradients = Gradients {
            wx: cell.wx,
            wh: cell.wh,
            b: cell.b,
            wy: output.wy,
            by: output.by,
            h0: dh0,
        };
        Ok((loss, gradients, h_last))
    }

    /// The loss alone (the same number [`loss_and_gradients`](Rnn::loss_and_gradients)
    /// returns), for the gradient check and for evaluation.
    ///
    /// # Errors
    ///
    /// As [`loss_and_gradients`](Rnn::loss_and_gradients).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Activation, Init, Matrix, Mt19937, OutputLayer, Vector};
    /// use rnn_from_scratch::train::Rnn;
    ///
    /// let mut rng = Mt19937::new(2);
    /// let output = OutputLayer::new(Matrix::random(3, 4, &mut rng), Vector::zeros(3), Activation::Softmax)?;
    /// let rnn = Rnn::new(Init::Xavier.cell(2, 4, &mut rng), output)?;
    /// let inputs = Matrix::random(6, 2, &mut rng);
    /// let targets = [0, 1, 2, 2, 1, 0];
    /// let h0 = Vector::zeros(4);
    /// let (loss, _, _) = rnn.loss_and_gradients(&inputs, &targets, &h0)?;
    /// assert_eq!(rnn.loss(&inputs, &targets, &h0)?, loss);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss(&self, inputs: &Matrix, targets: &[usize], h0: &Vector) -> Result<f64, ShapeError> {
        self.check_targets(inputs.shape().0, targets)?;
        let states = self.cell.forward(inputs, h0)?;
        let mut loss = 0.0;
        for (t, &target) in targets.iter().enumerate() {
            let z_t = &self.output.wy * &Vector::from(states.row(t)) + &self.output.by;
            loss += log_sum_exp(&z_t) - z_t[target];
        }
        Ok(loss)
    }

    pub(crate) fn check_targets(
        &self,
        timesteps: usize,
        targets: &[usize],
    ) -> Result<(), ShapeError> {
        if targets.len() != timesteps {
            return Err(ShapeError::new(format!(
                "targets must have one class per timestep: {timesteps} timesteps, got {} targets",
                targets.len()
            )));
        }
        let classes = self.output_size();
        match targets.iter().position(|&y| y >= classes) {
            Some(t) => Err(ShapeError::new(format!(
                "target {} at timestep {t} is not a class: V = {classes}, so targets must be below {classes}",
                targets[t]
            ))),
            None => Ok(()),
        }
    }
}
