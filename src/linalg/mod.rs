//! Shapes `(d x 1)`, `(Dh x d)`, `(Dh x Dh)`: the vectors and matrices of the notes.
//!
//! The notes write every quantity with its shape:
//!
//! | the notes | Rust | shape |
//! |---|---|---|
//! | `It = (d x 1)` | [`Vector`] of length d | a column vector |
//! | `ht-1 = (Dh x 1)`, `b = (Dh x 1)` | [`Vector`] of length Dh | a column vector |
//! | `Wx = (Dh x d)` | [`Matrix`] with `shape() == (Dh, d)` | rows × columns |
//! | `Wh = (Dh x Dh)` | [`Matrix`] with `shape() == (Dh, Dh)` | rows × columns |
//!
//! Both are `f64`, numpy's default dtype, and matrices are stored row-major as numpy
//! stores them, so `Matrix::from_vec(2, 3, data)` reads `data` the way
//! `np.array(data).reshape(2, 3)` does.
//!
//! A shape that does not fit is a [`ShapeError`] whose message names the notes' symbol,
//! the shape expected in the notes' letters *and* numbers, and what came:
//!
//! ```
//! use rnn_from_scratch::{Matrix, RnnCell, Vector};
//!
//! let err = RnnCell::new(Matrix::zeros(8, 4), Matrix::zeros(8, 4), Vector::zeros(8)).unwrap_err();
//! assert_eq!(err.to_string(), "Wh must be Dh×Dh = 8×8, got 8×4");
//! ```

pub(crate) mod elementary;
pub(crate) mod kernels;
mod matrix;
pub mod numpy_print;
mod random;
mod vector;

pub use matrix::Matrix;
pub use random::Mt19937;
pub use vector::Vector;

/// An error type whose message is all it carries, written once for [`ShapeError`] and the
/// error types of `io` and `train`: the struct (with the docs given first), `new` (with the
/// docs given after the name), `Display` (the message, as it is) and `std::error::Error`.
macro_rules! message_error {
    ($(#[$doc:meta])* $error:ident, $(#[$new_doc:meta])* new) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $error {
            message: String,
        }

        impl $error {
            $(#[$new_doc])*
            pub fn new(message: impl Into<String>) -> $error {
                $error {
                    message: message.into(),
                }
            }
        }

        impl std::fmt::Display for $error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.message)
            }
        }

        impl std::error::Error for $error {}
    };
}
pub(crate) use message_error;

message_error!(
    /// A shape that does not fit the formula, with a message that says which symbol, what it
    /// should have been (in the notes' letters and in numbers) and what it was.
    ///
    /// Returned by every checked operation ([`Matrix::matvec`], [`Matrix::matmul`],
    /// [`Matrix::from_vec`], [`RnnCell::new`](crate::RnnCell::new), …). The operators
    /// (`&m * &v`, `&a + &b`) panic with the same text.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    ///
    /// let m = Matrix::zeros(2, 3);
    /// let err = m.matvec(&Vector::zeros(4)).unwrap_err();
    /// assert_eq!(err.to_string(), "matvec: a 2×3 matrix needs a vector of 3 values, got 4");
    /// ```
    ShapeError,
    /// A shape error with the given message.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = rnn_from_scratch::ShapeError::new("Wy must have Dh = 8 columns, got 4");
    /// assert_eq!(err.to_string(), "Wy must have Dh = 8 columns, got 4");
    /// ```
    new
);

impl ShapeError {
    /// The same error with `context: ` put in front, to say which part of a bigger model
    /// it came from (`forget gate: Wh must be Dh×Dh = 4×4, got 4×3`).
    ///
    /// # Examples
    ///
    /// ```
    /// let err = rnn_from_scratch::ShapeError::new("Wh must be Dh×Dh = 4×4, got 4×3");
    /// assert_eq!(
    ///     err.in_context("forget gate").to_string(),
    ///     "forget gate: Wh must be Dh×Dh = 4×4, got 4×3"
    /// );
    /// ```
    pub fn in_context(self, context: &str) -> ShapeError {
        ShapeError::new(format!("{context}: {}", self.message))
    }

    /// `{symbol} must be {letters} = {rows}×{cols}, got {r}×{c}`, or `Ok(())` if it fits.
    pub(crate) fn check_matrix(
        symbol: &str,
        letters: &str,
        expected: (usize, usize),
        got: (usize, usize),
    ) -> Result<(), ShapeError> {
        if expected == got {
            return Ok(());
        }
        Err(ShapeError::new(format!(
            "{symbol} must be {letters} = {}×{}, got {}×{}",
            expected.0, expected.1, got.0, got.1
        )))
    }

    /// `{symbol} must have {letter} = {n} values, got {len}`, or `Ok(())` if it fits.
    pub(crate) fn check_vector(
        symbol: &str,
        letter: &str,
        expected: usize,
        got: usize,
    ) -> Result<(), ShapeError> {
        if expected == got {
            return Ok(());
        }
        Err(ShapeError::new(format!(
            "{symbol} must have {letter} = {expected} values, got {got}"
        )))
    }

    /// `{symbol} must hold finite numbers, got NaN at (2, 3)`, or `Ok(())` if every value
    /// of the matrix is finite. A NaN or infinity in a weight or an input would spread
    /// silently through every later step, so it is refused where values enter.
    pub(crate) fn check_finite_matrix(symbol: &str, m: &Matrix) -> Result<(), ShapeError> {
        let cols = m.shape().1;
        match m.as_slice().iter().position(|x| !x.is_finite()) {
            None => Ok(()),
            Some(k) => Err(ShapeError::new(format!(
                "{symbol} must hold finite numbers, got {} at ({}, {})",
                m.as_slice()[k],
                k / cols,
                k % cols
            ))),
        }
    }

    /// `{symbol} must hold finite numbers, got inf at 3`, or `Ok(())`.
    pub(crate) fn check_finite_vector(symbol: &str, v: &Vector) -> Result<(), ShapeError> {
        match v.as_slice().iter().position(|x| !x.is_finite()) {
            None => Ok(()),
            Some(k) => Err(ShapeError::new(format!(
                "{symbol} must hold finite numbers, got {} at {k}",
                v[k]
            ))),
        }
    }
}

/// The Euclidean norm √(Σ xᵢ²) of `values`, computed scaled (by the largest |xᵢ|) so that
/// it neither overflows for 1e200 entries nor underflows to 0 for 1e-200 ones; an
/// infinity or a NaN among the values gives that.
pub(crate) fn scaled_norm(values: &[f64]) -> f64 {
    let largest = values.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    if values.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    if largest == 0.0 || !largest.is_finite() {
        return largest;
    }
    let sum: f64 = values.iter().map(|x| (x / largest) * (x / largest)).sum();
    largest * sum.sqrt()
}
