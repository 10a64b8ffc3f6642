//! Update rules: how a gradient moves the weights.

use crate::cells::Parameters;
use crate::cells::parameters::paired;

/// An update rule: given the gradient, move every parameter a step downhill.
///
/// The optimiser keeps its own memory (Adagrad's sum of squares, Adam's moments), one
/// array per parameter, made on the first step.
///
/// # Examples
///
/// Any update rule behind one trait object, as the training loops hold it:
///
/// ```
/// use rnn_from_scratch::train::{Optimizer, OptimizerKind};
/// use rnn_from_scratch::Vector;
///
/// let mut theta = Vector::from(vec![1.0]);
/// let mut rule: Box<dyn Optimizer> = OptimizerKind::Sgd.build(0.5);
/// rule.step(&mut theta, &Vector::from(vec![1.0]));
/// assert_eq!(theta[0], 0.5);
/// ```
pub trait Optimizer {
    /// One update of every value of `model` from the matching value of `gradients`.
    ///
    /// # Panics
    ///
    /// If `gradients` does not list the same arrays (names and lengths) as `model`.
    fn step(&mut self, model: &mut dyn Parameters, gradients: &dyn Parameters);
}

/// Plain gradient descent:
///
/// ```text
/// θ ← θ − lr·g
/// ```
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{train::{Optimizer, Sgd}, Vector};
///
/// let mut theta = Vector::from(vec![1.0, 2.0]);
/// Sgd { learning_rate: 0.1 }.step(&mut theta, &Vector::from(vec![10.0, -10.0]));
/// assert_eq!(theta.as_slice(), &[0.0, 3.0]);
/// ```
#[derive(Debug, Clone)]
pub struct Sgd {
    /// The learning rate lr.
    pub learning_rate: f64,
}

impl Optimizer for Sgd {
    fn step(&mut self, model: &mut dyn Parameters, gradients: &dyn Parameters) {
        for (theta, g) in paired(model, gradients) {
            for (t, g) in theta.iter_mut().zip(g) {
                *t -= self.learning_rate * g;
            }
        }
    }
}

/// Adagrad (Duchi et al., 2011), the classic char-RNN setting (min-char-rnn, lr 0.1):
/// each value gets its own step size, smaller for values whose gradients have been large.
///
/// ```text
/// m ← m + g²
/// θ ← θ − lr·g / √(m + 1e-8)
/// ```
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{train::{Adagrad, Optimizer}, Vector};
///
/// let mut theta = Vector::from(vec![0.0]);
/// let mut adagrad = Adagrad::new(0.1);
/// adagrad.step(&mut theta, &Vector::from(vec![4.0])); // m = 16: step 0.1·4/4
/// assert!((theta[0] + 0.1).abs() < 1e-9);
/// ```
#[derive(Debug, Clone)]
pub struct Adagrad {
    /// The learning rate lr.
    pub learning_rate: f64,
    memory: Vec<Vec<f64>>,
}

impl Adagrad {
    /// Adagrad with this learning rate and an empty memory.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(rnn_from_scratch::train::Adagrad::new(0.1).learning_rate, 0.1);
    /// ```
    pub fn new(learning_rate: f64) -> Adagrad {
        Adagrad {
            learning_rate,
            memory: Vec::new(),
        }
    }
}

/// One zeroed array per gradient array, made the first time.
fn ensure_state(state: &mut Vec<Vec<f64>>, gradients: &dyn Parameters) {
    if state.is_empty() {
        *state = gradients
            .parameters()
            .iter()
            .map(|(_, g)| vec![0.0; g.len()])
            .collect();
    }
}

impl Optimizer for Adagrad {
    fn step(&mut self, model: &mut dyn Parameters, gradients: &dyn Parameters) {
        ensure_state(&mut self.memory, gradients);
        let lr = self.learning_rate;
        for ((theta, g), m) in paired(model, gradients).into_iter().zip(&mut self.memory) {
            // Walks three arrays in step, no branches: the compiler vectorises it.
            for ((t, g), m) in theta.iter_mut().zip(g).zip(m.iter_mut()) {
                *m += g * g; //                      m ← m + g²
                *t -= lr * g / (*m + 1e-8).sqrt(); // θ ← θ − lr·g / √(m + 1e-8)
            }
        }
    }
}

/// Adam (Kingma & Ba, 2015), as PyTorch's `torch.optim.Adam` computes it:
///
/// ```text
/// m ← β₁·m + (1 − β₁)·g          first moment (mean of g)
/// v ← β₂·v + (1 − β₂)·g²         second moment (mean of g²)
/// m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)      bias corrections, t = step count
/// θ ← θ − lr·m̂ / (√v̂ + ε)
/// ```
///
/// with β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
///
/// # Examples
///
/// The first step moves every value by lr in the direction of −g, whatever |g|:
///
/// ```
/// use rnn_from_scratch::{train::{Adam, Optimizer}, Vector};
///
/// let mut theta = Vector::from(vec![0.0, 0.0]);
/// Adam::new(0.01).step(&mut theta, &Vector::from(vec![100.0, -0.5]));
/// assert!((theta[0] + 0.01).abs() < 1e-9 && (theta[1] - 0.01).abs() < 1e-9);
/// ```
#[derive(Debug, Clone)]
pub struct Adam {
    /// The learning rate lr.
    pub learning_rate: f64,
    /// β₁, the first moment's decay (0.9).
    pub beta1: f64,
    /// β₂, the second moment's decay (0.999).
    pub beta2: f64,
    /// ε (1e-8).
    pub epsilon: f64,
    steps: i32,
    first_moment: Vec<Vec<f64>>,
    second_moment: Vec<Vec<f64>>,
}

impl Adam {
    /// Adam with this learning rate and PyTorch's defaults for β₁, β₂, ε.
    ///
    /// # Examples
    ///
    /// ```
    /// let adam = rnn_from_scratch::train::Adam::new(0.001);
    /// assert_eq!((adam.beta1, adam.beta2, adam.epsilon), (0.9, 0.999, 1e-8));
    /// ```
    pub fn new(learning_rate: f64) -> Adam {
        Adam {
            learning_rate,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            steps: 0,
            first_moment: Vec::new(),
            second_moment: Vec::new(),
        }
    }
}

impl Optimizer for Adam {
    fn step(&mut self, model: &mut dyn Parameters, gradients: &dyn Parameters) {
        ensure_state(&mut self.first_moment, gradients);
        ensure_state(&mut self.second_moment, gradients);
        self.steps = self.steps.saturating_add(1);
        let (b1, b2, eps, lr) = (self.beta1, self.beta2, self.epsilon, self.learning_rate);
        let correction1 = 1.0 - b1.powi(self.steps);
        let correction2 = 1.0 - b2.powi(self.steps);
        let moments = self.first_moment.iter_mut().zip(&mut self.second_moment);
        for ((theta, g), (m, v)) in paired(model, gradients).into_iter().zip(moments) {
            for (((t, g), m), v) in theta.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
                *m = b1 * *m + (1.0 - b1) * g; //     m ← β₁·m + (1 − β₁)·g
                *v = b2 * *v + (1.0 - b2) * g * g; // v ← β₂·v + (1 − β₂)·g²
                let m_hat = *m / correction1;
                let v_hat = *v / correction2;
                *t -= lr * m_hat / (v_hat.sqrt() + eps); // θ ← θ − lr·m̂ / (√v̂ + ε)
            }
        }
    }
}

/// Which update rule to train with.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::OptimizerKind;
/// assert_eq!(OptimizerKind::from_name("adagrad"), Some(OptimizerKind::Adagrad));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptimizerKind {
    /// [`Sgd`].
    Sgd,
    /// [`Adagrad`], min-char-rnn's.
    Adagrad,
    /// [`Adam`].
    Adam,
}

impl OptimizerKind {
    /// The kind named `sgd`, `adagrad` or `adam`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::OptimizerKind;
    /// assert_eq!(OptimizerKind::from_name("adam"), Some(OptimizerKind::Adam));
    /// assert_eq!(OptimizerKind::from_name("rmsprop"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<OptimizerKind> {
        match name {
            "sgd" => Some(OptimizerKind::Sgd),
            "adagrad" => Some(OptimizerKind::Adagrad),
            "adam" => Some(OptimizerKind::Adam),
            _ => None,
        }
    }

    /// The optimiser with this learning rate.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{train::OptimizerKind, Vector};
    ///
    /// let mut theta = Vector::from(vec![0.0]);
    /// OptimizerKind::Adam.build(0.01).step(&mut theta, &Vector::from(vec![3.0]));
    /// assert!((theta[0] + 0.01).abs() < 1e-9); // Adam's first step is lr·sign(g)
    /// ```
    pub fn build(self, learning_rate: f64) -> Box<dyn Optimizer> {
        match self {
            OptimizerKind::Sgd => Box::new(Sgd { learning_rate }),
            OptimizerKind::Adagrad => Box::new(Adagrad::new(learning_rate)),
            OptimizerKind::Adam => Box::new(Adam::new(learning_rate)),
        }
    }
}
