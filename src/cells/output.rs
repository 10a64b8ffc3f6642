//! `Ot = f(Wyht + b)`: the output layer (출력층), from a hidden state to an output vector.

use super::cell::{overflowed, stack_finite};
use crate::linalg::elementary::{exp, ln};
use crate::linalg::{Matrix, ShapeError, Vector};

/// The notes' f, "a nonlinear activation function" (비선형 활성화 함수), applied to
/// z = Wy·hₜ + by.
///
/// | variant | Oₜ,ᵢ = | use |
/// |---|---|---|
/// | `Identity` | zᵢ | regression, or logits to feed a loss |
/// | `Tanh` | tanh(zᵢ) | outputs in (−1, 1) |
/// | `Sigmoid` | 1 / (1 + e^(−zᵢ)) | independent yes/no outputs (spam or not) |
/// | `Softmax` | e^(zᵢ) / Σⱼ e^(zⱼ) | one class out of V (the next character, the sentiment) |
///
/// `Identity` is not nonlinear; it is here because a classifier's loss is computed from the
/// raw scores (logits), not from probabilities.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Activation, Vector};
///
/// let z = Vector::from(vec![0.0, 0.0]);
/// assert_eq!(Activation::Softmax.apply(&z).as_slice(), &[0.5, 0.5]);
/// assert_eq!(Activation::Sigmoid.apply(&z).as_slice(), &[0.5, 0.5]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// f(z) = z.
    Identity,
    /// f(z) = tanh(z), elementwise.
    Tanh,
    /// f(z) = σ(z) = 1 / (1 + e^(−z)), elementwise.
    Sigmoid,
    /// f(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ): probabilities that sum to 1.
    Softmax,
}

impl Activation {
    /// f(z) for the whole vector z.
    ///
    /// Softmax is computed as e^(zᵢ − max z) / Σⱼ e^(zⱼ − max z): the same value, but no
    /// e^z ever overflows, so logits of ±1e300 still give finite probabilities summing to 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Activation, Vector};
    ///
    /// let p = Activation::Softmax.apply(&Vector::from(vec![1e300, -1e300, 1e300]));
    /// assert_eq!(p.as_slice(), &[0.5, 0.0, 0.5]);
    ///
    /// let s = Activation::Sigmoid.apply(&Vector::from(vec![-800.0, 800.0]));
    /// assert_eq!(s.as_slice(), &[0.0, 1.0]);
    /// ```
    pub fn apply(self, z: &Vector) -> Vector {
        match self {
            Activation::Identity => z.clone(),
            Activation::Tanh => z.tanh(),
            Activation::Sigmoid => z.map(sigmoid),
            Activation::Softmax => softmax(z),
        }
    }
}

/// σ(z) = 1 / (1 + e^(−z)), written so that e^x never overflows for large |z|.
///
/// # Examples
///
/// ```
/// assert_eq!(rnn_from_scratch::cells::sigmoid(0.0), 0.5);
/// assert!((rnn_from_scratch::cells::sigmoid(2.0) - 0.8807970779778823).abs() < 1e-15);
/// ```
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + exp(-z))
    } else {
        let e = exp(z);
        e / (1.0 + e)
    }
}

/// softmax(z)ᵢ = e^(zᵢ − m) / Σⱼ e^(zⱼ − m) with m = max z (the shift cancels, and keeps
/// every exponent ≤ 0).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{softmax, Vector};
///
/// let p = softmax(&Vector::from(vec![1.0, 2.0, 3.0]));
/// assert!((p.as_slice().iter().sum::<f64>() - 1.0).abs() < 1e-15);
/// assert!((p[2] - 0.6652409557748219).abs() < 1e-15);
/// ```
pub fn softmax(z: &Vector) -> Vector {
    let zs = z.as_slice();
    let max = zs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps = z.map(|zi| exp(zi - max));
    let sum: f64 = exps.as_slice().iter().sum();
    exps.map(|e| e / sum)
}

/// ln Σᵢ e^(zᵢ), computed as m + ln Σᵢ e^(zᵢ − m) with m = max z so no e^z overflows.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{cells::log_sum_exp, Vector};
///
/// assert!((log_sum_exp(&Vector::from(vec![0.0, 0.0])) - 2.0_f64.ln()).abs() < 1e-15);
/// assert_eq!(log_sum_exp(&Vector::from(vec![1000.0, 1000.0])), 1000.0 + 2.0_f64.ln());
/// ```
pub fn log_sum_exp(z: &Vector) -> f64 {
    let zs = z.as_slice();
    let max = zs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = zs.iter().map(|zi| exp(zi - max)).sum();
    max + ln(sum)
}

/// The notes' output layer (출력층): the output weights Wy, the output bias by and the
/// activation f of
///
/// ```text
/// Oₜ = f(Wy·hₜ + by)
/// ```
///
/// | symbol | the notes | shape | here |
/// |---|---|---|---|
/// | hₜ | 은닉 상태값 (hidden state) | Dh×1 | `h_t: &Vector` |
/// | Wy | 출력층 가중치 (output weights) | V×Dh | [`wy()`](OutputLayer::wy) |
/// | by | the notes' second `b` | V×1 | [`by()`](OutputLayer::by) |
/// | Oₜ | 출력 값 (output vector) | V×1 | the `Vector` that [`step`](OutputLayer::step) returns |
///
/// V is the output size: the number of classes or characters.
///
/// **Two biases.** The notes write the same `b` in both formulas, but they are two
/// different parameters: b (Dh values) inside the cell and by (V values) here; they do not
/// even have the same length unless V = Dh.
///
/// **Wy's shape.** The notes do not give it: it must turn Dh values into V, so it is V×Dh.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Activation, Matrix, OutputLayer, Vector};
///
/// // V = 2 outputs from Dh = 3 hidden values.
/// let wy = Matrix::from_rows(&[vec![1.0, 0.0, 0.0], vec![0.0, 0.0, 1.0]]).unwrap();
/// let output = OutputLayer::new(wy, Vector::from(vec![0.0, 0.5]), Activation::Identity).unwrap();
/// let o_t = output.step(&Vector::from(vec![0.1, 0.2, 0.3]));
/// assert_eq!(o_t.as_slice(), &[0.1, 0.8]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OutputLayer {
    pub(crate) wy: Matrix,
    pub(crate) by: Vector,
    pub(crate) f: Activation,
}

impl OutputLayer {
    /// The layer with these weights, after checking that by has one value per row of Wy.
    ///
    /// # Errors
    ///
    /// `by must have V = 3 values, got 2` (V is Wy's row count), or a value that is not
    /// finite (`Wy must hold finite numbers, got NaN at (1, 0)`).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Activation, Matrix, OutputLayer, Vector};
    ///
    /// let err = OutputLayer::new(Matrix::zeros(3, 8), Vector::zeros(2), Activation::Softmax).unwrap_err();
    /// assert_eq!(err.to_string(), "by must have V = 3 values, got 2");
    /// ```
    pub fn new(wy: Matrix, by: Vector, f: Activation) -> Result<OutputLayer, ShapeError> {
        ShapeError::check_vector("by", "V", wy.shape().0, by.len())?;
        ShapeError::check_finite_matrix("Wy", &wy)?;
        ShapeError::check_finite_vector("by", &by)?;
        Ok(OutputLayer { wy, by, f })
    }

    /// One timestep's output (출력 값), the notes' second formula as one line:
    ///
    /// ```text
    /// Oₜ = f(Wy·hₜ + by)
    ///  V      V×Dh·Dh  V
    /// ```
    ///
    /// # Panics
    ///
    /// If `h_t` does not have Dh values: `hₜ must have Dh = 3 values, got 2`; or if
    /// Wy·hₜ + by overflows f64 (weights near 1e300) and Oₜ would hold a NaN (`the output at
    /// timestep 1 is not finite (NaN): …`). [`forward`](OutputLayer::forward) returns these
    /// as errors instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Activation, Matrix, OutputLayer, Vector};
    ///
    /// let output = OutputLayer::new(Matrix::zeros(4, 3), Vector::zeros(4), Activation::Softmax).unwrap();
    /// let o_t = output.step(&Vector::from(vec![0.3, -0.2, 0.9]));
    /// assert_eq!(o_t.as_slice(), &[0.25; 4]); // all scores equal: uniform over V = 4
    /// ```
    #[track_caller]
    pub fn step(&self, h_t: &Vector) -> Vector {
        if let Err(e) = ShapeError::check_vector("hₜ", "Dh", self.hidden_size(), h_t.len()) {
            panic!("{e}");
        }
        let o_t = self.apply(h_t);
        if let Some(&bad) = o_t.as_slice().iter().find(|x| !x.is_finite()) {
            panic!("{}", overflowed("the output", 1, bad));
        }
        o_t
    }

    /// Oₜ = f(Wy·hₜ + by), the formula line of [`step`](OutputLayer::step), unchecked: the
    /// callers that return errors check its values.
    #[track_caller]
    pub(crate) fn apply(&self, h_t: &Vector) -> Vector {
        self.f.apply(&(&self.wy * h_t + &self.by))
    }

    /// The output for every row of a timesteps × Dh matrix of hidden states (as
    /// [`RnnCell::forward`](crate::RnnCell::forward) returns): timesteps × V.
    ///
    /// # Errors
    ///
    /// `hidden states must be timesteps×Dh with Dh = 3, got 5×2`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Activation, Matrix, OutputLayer, Vector};
    ///
    /// let output = OutputLayer::new(Matrix::zeros(4, 3), Vector::zeros(4), Activation::Softmax).unwrap();
    /// let outputs = output.forward(&Matrix::zeros(5, 3)).unwrap();
    /// assert_eq!(outputs.shape(), (5, 4));
    /// ```
    pub fn forward(&self, hidden_states: &Matrix) -> Result<Matrix, ShapeError> {
        let (timesteps, hidden_size) = hidden_states.shape();
        if hidden_size != self.hidden_size() {
            return Err(ShapeError::new(format!(
                "hidden states must be timesteps×Dh with Dh = {}, got {timesteps}×{hidden_size}",
                self.hidden_size()
            )));
        }
        // `apply`, not `step`: an overflow is returned as an error below, with its
        // timestep, where `step` would panic.
        let outputs: Vec<Vector> = (0..timesteps)
            .map(|t| self.apply(&Vector::from(hidden_states.row(t))))
            .collect();
        stack_finite("the output", &outputs, self.output_size())
    }

    /// V, the number of outputs (Wy's rows).
    ///
    /// # Examples
    ///
    /// ```
    /// # use rnn_from_scratch::{Activation, Matrix, OutputLayer, Vector};
    /// let output = OutputLayer::new(Matrix::zeros(4, 3), Vector::zeros(4), Activation::Softmax).unwrap();
    /// assert_eq!(output.output_size(), 4);
    /// ```
    pub fn output_size(&self) -> usize {
        self.wy.shape().0
    }

    /// Dh, the hidden size this layer reads (Wy's columns).
    ///
    /// # Examples
    ///
    /// ```
    /// # use rnn_from_scratch::{Activation, Matrix, OutputLayer, Vector};
    /// let output = OutputLayer::new(Matrix::zeros(4, 3), Vector::zeros(4), Activation::Softmax).unwrap();
    /// assert_eq!(output.hidden_size(), 3);
    /// ```
    pub fn hidden_size(&self) -> usize {
        self.wy.shape().1
    }

    /// Wy, the output weights, V×Dh.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rnn_from_scratch::{Activation, Matrix, OutputLayer, Vector};
    /// let output = OutputLayer::new(Matrix::zeros(4, 3), Vector::zeros(4), Activation::Softmax).unwrap();
    /// assert_eq!(output.wy().shape(), (4, 3));
    /// ```
    pub fn wy(&self) -> &Matrix {
        &self.wy
    }

    /// by, the output bias, V values.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rnn_from_scratch::{Activation, Matrix, OutputLayer, Vector};
    /// let output = OutputLayer::new(Matrix::zeros(4, 3), Vector::zeros(4), Activation::Softmax).unwrap();
    /// assert_eq!(output.by().len(), 4);
    /// ```
    pub fn by(&self) -> &Vector {
        &self.by
    }

    /// f, the activation.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rnn_from_scratch::{Activation, Matrix, OutputLayer, Vector};
    /// let output = OutputLayer::new(Matrix::zeros(4, 3), Vector::zeros(4), Activation::Softmax).unwrap();
    /// assert_eq!(output.activation(), Activation::Softmax);
    /// ```
    pub fn activation(&self) -> Activation {
        self.f
    }

    /// The number of trainable values, V·Dh + V.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rnn_from_scratch::{Activation, Matrix, OutputLayer, Vector};
    /// let output = OutputLayer::new(Matrix::zeros(4, 3), Vector::zeros(4), Activation::Softmax).unwrap();
    /// assert_eq!(output.num_parameters(), 16);
    /// ```
    pub fn num_parameters(&self) -> usize {
        self.output_size() * self.hidden_size() + self.output_size()
    }
}

impl OutputLayer {
    /// The softmax cross-entropy loss of the scores at some timesteps, and its backward
    /// pass, next to the forward formula it differentiates. `targets` lists
    /// (timestep, class) pairs: every timestep for many-to-many, only the last for
    /// many-to-one. Returns the loss (nats), the gradient of Wy and by (as a layer of the
    /// same shape) and ∂L/∂hₜ for every row of `hidden_states`.
    ///
    /// ```text
    /// zₜ   = Wy·hₜ + by                      V
    /// L   += ln Σᵢ e^(zₜ,ᵢ) − zₜ[yₜ]          −ln softmax(zₜ)[yₜ], never the log of a rounded 0
    /// dz   = softmax(zₜ) − onehot(yₜ)        V
    /// dWy += dz·hₜᵀ                          V×Dh
    /// dby += dz                              V
    /// dhₜ  = Wyᵀ·dz                          Dh      what the cell receives from above
    /// ```
    ///
    /// # Errors
    ///
    /// `target 7 at timestep 2 is not a class: V = 5, so targets must be below 5`, a
    /// timestep past the end (`a target at timestep 9, but there are only 4 timesteps`), or
    /// hidden states of the wrong width.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Activation, Matrix, OutputLayer, Vector};
    ///
    /// let output = OutputLayer::new(Matrix::zeros(4, 3), Vector::zeros(4), Activation::Softmax)?;
    /// let (loss, gradient, dhs) = output.cross_entropy(&Matrix::zeros(2, 3), &[(1, 2)])?;
    /// assert!((loss - 4.0_f64.ln()).abs() < 1e-15); // uniform over V = 4
    /// assert_eq!(gradient.by().as_slice(), &[0.25, 0.25, -0.75, 0.25]);
    /// assert_eq!(dhs.shape(), (2, 3));
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn cross_entropy(
        &self,
        hidden_states: &Matrix,
        targets: &[(usize, usize)],
    ) -> Result<(f64, OutputLayer, Matrix), ShapeError> {
        let (timesteps, hidden_size) = hidden_states.shape();
        ShapeError::check_matrix(
            "hidden states",
            "timesteps×Dh",
            (timesteps, self.hidden_size()),
            (timesteps, hidden_size),
        )?;
        let classes = self.output_size();
        check_targets(targets, timesteps, classes)?;
        let wy_transposed = self.wy.transpose();
        let mut gradient = OutputLayer {
            wy: Matrix::zeros(classes, hidden_size),
            by: Vector::zeros(classes),
            f: self.f,
        };
        let mut dhs = Matrix::zeros(timesteps, hidden_size);
        let mut loss = 0.0;
        for &(t, y) in targets {
            let h_t = Vector::from(hidden_states.row(t));
            let z_t = &self.wy * &h_t + &self.by; //       zₜ = Wy·hₜ + by
            loss += log_sum_exp(&z_t) - z_t[y]; //        −ln softmax(zₜ)[yₜ]
            let mut dz = softmax(&z_t);
            dz[y] -= 1.0; //                               dz = softmax(zₜ) − onehot(yₜ)
            gradient.wy.add_outer(&dz, &h_t); //   dWy += dz·hₜᵀ
            gradient.by += &dz; //                         dby += dz
            let dh_t = &wy_transposed * &dz; //                     dhₜ = Wyᵀ·dz
            for (acc, v) in dhs.row_mut(t).iter_mut().zip(dh_t.as_slice()) {
                *acc += v;
            }
        }
        Ok((loss, gradient, dhs))
    }
}

/// Every target (timestep, class) reads one of `timesteps` rows and names one of `classes`
/// classes: `a target at timestep 9, but there are only 4 timesteps`, or `target 7 at
/// timestep 2 is not a class: V = 5, so targets must be below 5`.
pub(crate) fn check_targets(
    targets: &[(usize, usize)],
    timesteps: usize,
    classes: usize,
) -> Result<(), ShapeError> {
    for &(t, y) in targets {
        if t >= timesteps {
            return Err(ShapeError::new(format!(
                "a target at timestep {t}, but there are only {timesteps} timesteps"
            )));
        }
        if y >= classes {
            return Err(ShapeError::new(format!(
                "target {y} at timestep {t} is not a class: V = {classes}, so targets must be below {classes}"
            )));
        }
    }
    Ok(())
}

super::parameters::arrays!(OutputLayer, wy "Wy", by "by");
