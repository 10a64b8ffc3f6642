//! [`gradient_check`]: does the backward pass agree with the loss it differentiates?

use crate::cells::Parameters;
use crate::cells::parameters::paired;

/// One value of one parameter: the analytic gradient (from backpropagation) beside the
/// numeric one (from central differences).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::GradientEntry;
/// let e = GradientEntry { parameter: "Wh", index: 3, analytic: 0.50, numeric: 0.51 };
/// assert!((e.error() - 0.01).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GradientEntry {
    /// The parameter's name (`Wh`, `by`, …).
    pub parameter: &'static str,
    /// The value's index in the parameter's row-major data.
    pub index: usize,
    /// ∂L/∂θ from the backward pass.
    pub analytic: f64,
    /// (L(θ + ε) − L(θ − ε)) / 2ε.
    pub numeric: f64,
}

impl GradientEntry {
    /// |analytic − numeric|.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::GradientEntry;
    /// let e = GradientEntry { parameter: "Wh", index: 3, analytic: 0.50, numeric: 0.51 };
    /// assert!((e.error() - 0.01).abs() < 1e-15);
    /// ```
    pub fn error(&self) -> f64 {
        (self.analytic - self.numeric).abs()
    }

    /// How far inside the tolerance the entry is: error / (abs + rel·max(|a|, |n|)).
    /// At most 1 passes.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::GradientEntry;
    /// let e = GradientEntry { parameter: "Wh", index: 3, analytic: 0.50, numeric: 0.51 };
    /// // 0.01 / (0 + 0.1·0.51): about a fifth of the way to failing
    /// assert!((e.ratio(0.0, 0.1) - 0.01 / 0.051).abs() < 1e-12);
    /// ```
    pub fn ratio(&self, abs: f64, rel: f64) -> f64 {
        self.error() / (abs + rel * self.analytic.abs().max(self.numeric.abs()))
    }

    /// `true` if |a − n| ≤ abs + rel·max(|a|, |n|) (and both are finite).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::GradientEntry;
    /// let e = GradientEntry { parameter: "Wh", index: 3, analytic: 0.50, numeric: 0.51 };
    /// assert!(e.passes(1e-9, 0.1) && !e.passes(1e-9, 1e-3));
    /// ```
    pub fn passes(&self, abs: f64, rel: f64) -> bool {
        self.analytic.is_finite() && self.numeric.is_finite() && self.ratio(abs, rel) <= 1.0
    }
}

/// Every entry of a gradient check.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::{GradientCheck, GradientEntry};
/// let entry = |analytic, numeric| GradientEntry { parameter: "b", index: 0, analytic, numeric };
/// let check = GradientCheck { entries: vec![entry(1.0, 1.0), entry(2.0, 2.5)] };
/// assert_eq!(check.failures(1e-9, 1e-3).len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GradientCheck {
    /// One entry per value of every parameter.
    pub entries: Vec<GradientEntry>,
}

impl GradientCheck {
    /// The entries that fail |a − n| ≤ abs + rel·max(|a|, |n|).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::{GradientCheck, GradientEntry};
    /// let entry = |analytic, numeric| GradientEntry { parameter: "b", index: 0, analytic, numeric };
    /// let check = GradientCheck { entries: vec![entry(1.0, 1.0), entry(2.0, 2.5)] };
    /// assert_eq!(check.failures(1e-9, 1e-3)[0].analytic, 2.0);
    /// ```
    pub fn failures(&self, abs: f64, rel: f64) -> Vec<&GradientEntry> {
        self.entries
            .iter()
            .filter(|e| !e.passes(abs, rel))
            .collect()
    }

    /// The entry closest to failing (largest [`GradientEntry::ratio`]), if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::{GradientCheck, GradientEntry};
    /// let entry = |analytic, numeric| GradientEntry { parameter: "b", index: 0, analytic, numeric };
    /// let check = GradientCheck { entries: vec![entry(1.0, 1.0), entry(2.0, 2.5)] };
    /// assert_eq!(check.worst(1e-9, 1e-3).unwrap().numeric, 2.5);
    /// ```
    pub fn worst(&self, abs: f64, rel: f64) -> Option<&GradientEntry> {
        self.entries
            .iter()
            .max_by(|a, b| a.ratio(abs, rel).total_cmp(&b.ratio(abs, rel)))
    }

    /// The largest |analytic − numeric| over all entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::{GradientCheck, GradientEntry};
    /// let entry = |analytic, numeric| GradientEntry { parameter: "b", index: 0, analytic, numeric };
    /// let check = GradientCheck { entries: vec![entry(1.0, 1.0), entry(2.0, 2.5)] };
    /// assert_eq!(check.max_error(), 0.5);
    /// ```
    pub fn max_error(&self) -> f64 {
        self.entries
            .iter()
            .map(GradientEntry::error)
            .fold(0.0, f64::max)
    }
}

/// Checks an analytic gradient against central finite differences, value by value:
///
/// ```text
/// numeric = (L(θ + ε) − L(θ − ε)) / 2ε,   ε = 1e-5
/// ```
///
/// The error of a central difference shrinks like ε² (a one-sided difference only like ε),
/// so with ε = 1e-5 a correct gradient agrees to about 1e-9 relative, and a bug (a missing
/// term, a wrong transpose) shows up as an error of order 1.
///
/// `model` is copied for every perturbation; `analytic` must list the same arrays as
/// `model` (see [`Parameters`]); `loss` computes the loss of a model.
///
/// # Panics
///
/// If `analytic` does not list the same names and lengths as `model`: that is a bug in
/// the caller, not a bad input.
///
/// # Examples
///
/// L(v) = v₀² + 3·v₁ has gradient (2·v₀, 3):
///
/// ```
/// use rnn_from_scratch::{train::gradient_check, Vector};
///
/// let v = Vector::from(vec![1.5, -2.0]);
/// let right = Vector::from(vec![3.0, 3.0]);
/// let check = gradient_check(&v, &right, |v: &Vector| v[0] * v[0] + 3.0 * v[1]);
/// assert!(check.failures(1e-8, 1e-6).is_empty());
///
/// let wrong = Vector::from(vec![1.5, 3.0]); // forgot the factor 2
/// let check = gradient_check(&v, &wrong, |v: &Vector| v[0] * v[0] + 3.0 * v[1]);
/// assert_eq!(check.failures(1e-8, 1e-6).len(), 1);
/// ```
pub fn gradient_check<M: Parameters + Clone>(
    model: &M,
    analytic: &impl Parameters,
    loss: impl Fn(&M) -> f64,
) -> GradientCheck {
    const EPSILON: f64 = 1e-5;
    paired(&mut model.clone(), analytic); // the same arrays, or a panic naming the first
    let (model_arrays, analytic_arrays) = (model.parameters(), analytic.parameters());
    let mut entries = Vec::new();
    for (k, (name, values)) in model_arrays.iter().enumerate() {
        for index in 0..values.len() {
            let perturbed = |delta: f64| {
                let mut copy = model.clone();
                copy.parameters_mut()[k].1[index] += delta;
                loss(&copy)
            };
            let numeric = (perturbed(EPSILON) - perturbed(-EPSILON)) / (2.0 * EPSILON);
            entries.push(GradientEntry {
                parameter: name,
                index,
                analytic: analytic_arrays[k].1[index],
                numeric,
            });
        }
    }
    GradientCheck { entries }
}
