//! [`Vector`]: the notes' column vectors, `It = (d x 1)`, `ht-1 = (Dh x 1)`, `b = (Dh x 1)`.

use super::Mt19937;
use super::ShapeError;
use super::elementary::tanh;
use std::borrow::Borrow;
use std::ops::{Add, AddAssign, Index, IndexMut, Mul, Sub};

/// A column vector of `f64`: the notes' `It` (d×1), `ht` (Dh×1) and `b` (Dh×1).
///
/// The notes write these as `(n x 1)` matrices; numpy's program stores them as 1-D arrays
/// of shape `(n,)`. `Vector` is that 1-D array, and it always multiplies on the right of a
/// matrix (`Wx·Iₜ`), as a column does.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::Vector;
///
/// let input_t = Vector::from(vec![1.0, 2.0, 3.0]); // d = 3
/// assert_eq!(input_t.len(), 3);
/// assert_eq!(input_t[1], 2.0);
/// assert_eq!((&input_t + &input_t).as_slice(), &[2.0, 4.0, 6.0]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Vector {
    data: Vec<f64>,
}

impl Vector {
    /// The zero vector of length `n`: the notes' `np.zeros((hidden_size,))`, the first
    /// hidden state h₀.
    ///
    /// # Examples
    ///
    /// ```
    /// let h0 = rnn_from_scratch::Vector::zeros(8);
    /// assert_eq!(h0.as_slice(), &[0.0; 8]);
    /// ```
    pub fn zeros(n: usize) -> Vector {
        Vector { data: vec![0.0; n] }
    }

    /// `n` values uniform on [0, 1), drawn as `np.random.random((n,))` draws them.
    ///
    /// After `Mt19937::new(s)` this gives exactly what `np.random.seed(s)` followed by
    /// `np.random.random((n,))` gives: the notes' `b = np.random.random((hidden_size,))`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Mt19937, Vector};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let b = Vector::random(3, &mut rng);
    /// // np.random.seed(0); np.random.random((3,))
    /// assert_eq!(b.as_slice(), &[0.5488135039273248, 0.7151893663724195, 0.6027633760716439]);
    /// ```
    pub fn random(n: usize, rng: &mut Mt19937) -> Vector {
        Vector {
            data: (0..n).map(|_| rng.random()).collect(),
        }
    }

    /// `n` standard normal values, drawn as `np.random.randn(n)` draws them.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Mt19937, Vector};
    ///
    /// let v = Vector::randn(2, &mut Mt19937::new(0));
    /// assert!((v[1] - 0.4001572083672233).abs() < 1e-15); // np.random.seed(0); np.random.randn(2)[1]
    /// ```
    pub fn randn(n: usize, rng: &mut Mt19937) -> Vector {
        Vector {
            data: (0..n).map(|_| rng.randn()).collect(),
        }
    }

    /// The number of values (d for `It`, Dh for `ht` and `b`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(rnn_from_scratch::Vector::zeros(5).len(), 5);
    /// ```
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// `true` if the vector has no values.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(rnn_from_scratch::Vector::zeros(0).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The values, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = rnn_from_scratch::Vector::from(vec![1.0, -1.0]);
    /// assert_eq!(v.as_slice(), &[1.0, -1.0]);
    /// ```
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    /// The values, mutable (for optimisers that update parameters in place).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut v = rnn_from_scratch::Vector::zeros(2);
    /// v.as_mut_slice()[1] = 4.0;
    /// assert_eq!(v[1], 4.0);
    /// ```
    pub fn as_mut_slice(&mut self) -> &mut [f64] {
        &mut self.data
    }

    /// The values as an owned `Vec`.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = rnn_from_scratch::Vector::from(vec![3.0]);
    /// assert_eq!(v.into_vec(), vec![3.0]);
    /// ```
    pub fn into_vec(self) -> Vec<f64> {
        self.data
    }

    /// `f` applied to every value: `v.map(f)[i] = f(v[i])`.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = rnn_from_scratch::Vector::from(vec![1.0, 2.0]);
    /// assert_eq!(v.map(|x| x * x).as_slice(), &[1.0, 4.0]);
    /// ```
    pub fn map(&self, f: impl Fn(f64) -> f64) -> Vector {
        Vector {
            data: self.data.iter().map(|&x| f(x)).collect(),
        }
    }

    /// tanh of every value, the notes' `np.tanh`: squashes each value into (−1, 1).
    ///
    /// Not [`f64::tanh`], the C library's that numpy calls, but the crate's own, within 1.25
    /// units in the last place of the exact value (glibc's is within 2): C libraries differ in
    /// the last bit from one system and processor to another, and the crate's numbers must
    /// not (`src/linalg/elementary.rs` says how and why).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = rnn_from_scratch::Vector::from(vec![0.0, 0.5, -20.0]);
    /// let t = v.tanh();
    /// assert_eq!(t[0], 0.0);
    /// assert!((t[1] - 0.46211715726000974).abs() < 1e-15);
    /// assert_eq!(t[2], -1.0);
    /// ```
    pub fn tanh(&self) -> Vector {
        self.map(tanh)
    }

    /// The dot product Σᵢ aᵢ·bᵢ, or a [`ShapeError`] if the lengths differ.
    ///
    /// # Errors
    ///
    /// The lengths differ: `dot: the vectors must have the same length, got 2 and 3`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::Vector;
    ///
    /// let a = Vector::from(vec![1.0, 2.0, 3.0]);
    /// let b = Vector::from(vec![4.0, 5.0, 6.0]);
    /// assert_eq!(a.dot(&b).unwrap(), 32.0);
    /// ```
    pub fn dot(&self, other: &Vector) -> Result<f64, ShapeError> {
        check_same_len("dot", self, other)?;
        Ok(self.data.iter().zip(&other.data).map(|(a, b)| a * b).sum())
    }

    /// The elementwise (Hadamard) product a ⊙ b: `(a ⊙ b)[i] = a[i]·b[i]`.
    ///
    /// # Panics
    ///
    /// If the lengths differ, with the message
    /// `⊙: the vectors must have the same length, got 2 and 3`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::Vector;
    ///
    /// let a = Vector::from(vec![1.0, 2.0]);
    /// let b = Vector::from(vec![3.0, -1.0]);
    /// assert_eq!(a.hadamard(&b).as_slice(), &[3.0, -2.0]);
    /// ```
    #[track_caller]
    pub fn hadamard(&self, other: &Vector) -> Vector {
        self.zip_with("⊙", other, |a, b| a * b)
    }

    /// The Euclidean norm ‖v‖ = √(Σᵢ vᵢ²).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = rnn_from_scratch::Vector::from(vec![3.0, 4.0]);
    /// assert_eq!(v.norm(), 5.0);
    /// ```
    pub fn norm(&self) -> f64 {
        // Scaled by the largest entry: no overflow at 1e200, no underflow at 1e-200.
        super::scaled_norm(&self.data)
    }

    /// `f(a[i], b[i])` for every i, panicking with a [`ShapeError`] message naming `op`
    /// if the lengths differ.
    #[track_caller]
    fn zip_with(&self, op: &str, other: &Vector, f: impl Fn(f64, f64) -> f64) -> Vector {
        if let Err(e) = check_same_len(op, self, other) {
            panic!("{e}");
        }
        Vector {
            data: self
                .data
                .iter()
                .zip(&other.data)
                .map(|(&a, &b)| f(a, b))
                .collect(),
        }
    }
}

fn check_same_len(op: &str, a: &Vector, b: &Vector) -> Result<(), ShapeError> {
    if a.len() == b.len() {
        return Ok(());
    }
    Err(ShapeError::new(format!(
        "{op}: the vectors must have the same length, got {} and {}",
        a.len(),
        b.len()
    )))
}

impl From<Vec<f64>> for Vector {
    /// The vector with these values, in order (numpy's `np.array(values)`).
    fn from(data: Vec<f64>) -> Vector {
        Vector { data }
    }
}

impl From<&[f64]> for Vector {
    /// The vector with a copy of these values.
    fn from(data: &[f64]) -> Vector {
        Vector {
            data: data.to_vec(),
        }
    }
}

impl Index<usize> for Vector {
    type Output = f64;

    /// `v[i]`, the i-th value (0-based).
    ///
    /// # Panics
    ///
    /// If `i >= v.len()`.
    #[track_caller]
    fn index(&self, i: usize) -> &f64 {
        &self.data[i]
    }
}

impl IndexMut<usize> for Vector {
    #[track_caller]
    fn index_mut(&mut self, i: usize) -> &mut f64 {
        &mut self.data[i]
    }
}

/// `a + b`, elementwise, for every mix of owned and borrowed vectors, so the formula
/// `&self.wx * input_t + &self.wh * h_prev + &self.b` reads as written.
///
/// Panics (with `#[track_caller]`, pointing at the formula line) if the lengths differ:
/// `+: the vectors must have the same length, got 8 and 4`.
macro_rules! elementwise_operators {
    ($($trait:ident $method:ident $op:tt for $lhs:ty, $rhs:ty;)+) => {$(
        impl $trait<$rhs> for $lhs {
            type Output = Vector;
            #[track_caller]
            fn $method(self, other: $rhs) -> Vector {
                let (a, b): (&Vector, &Vector) = (self.borrow(), other.borrow());
                a.zip_with(stringify!($op), b, |a, b| a $op b)
            }
        }
    )+};
}

elementwise_operators! {
    Add add + for &Vector, &Vector;
    Add add + for &Vector, Vector;
    Add add + for Vector, &Vector;
    Add add + for Vector, Vector;
    Sub sub - for &Vector, &Vector;
    Sub sub - for &Vector, Vector;
    Sub sub - for Vector, &Vector;
    Sub sub - for Vector, Vector;
}

impl AddAssign<&Vector> for Vector {
    /// `a += &b`, elementwise: how gradients accumulate over timesteps (db += dh_raw).
    ///
    /// # Panics
    ///
    /// If the lengths differ: `+=: the vectors must have the same length, got 8 and 4`.
    #[track_caller]
    fn add_assign(&mut self, other: &Vector) {
        if let Err(e) = check_same_len("+=", self, other) {
            panic!("{e}");
        }
        for (a, b) in self.data.iter_mut().zip(&other.data) {
            *a += b;
        }
    }
}

impl Mul<&Vector> for f64 {
    type Output = Vector;

    /// `s · v`, every value scaled by `s`.
    fn mul(self, v: &Vector) -> Vector {
        v.map(|x| self * x)
    }
}

impl std::fmt::Display for Vector {
    /// As numpy prints a 1-D array: `[0.5488135  0.71518937]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::numpy_print::format_vector(self))
    }
}
