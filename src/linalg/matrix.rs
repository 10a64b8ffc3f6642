//! [`Matrix`]: the notes' weights `Wx = (Dh x d)`, `Wh = (Dh x Dh)`, and stacks of vectors.

use super::Mt19937;
use super::{ShapeError, Vector};
use std::ops::{AddAssign, Index, IndexMut, Mul};

/// A rows × columns matrix of `f64`, stored row-major (numpy's order): the notes' `Wx`
/// (Dh×d), `Wh` (Dh×Dh), and the timesteps × Dh stack of all hidden states.
///
/// `m[(i, j)]` is row i, column j, both 0-based; `m.shape()` is `(rows, cols)` like numpy's
/// `m.shape`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Matrix, Vector};
///
/// // A 2×3 matrix: Dh = 2 rows, d = 3 columns, like Wx.
/// let wx = Matrix::from_rows(&[vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]]).unwrap();
/// assert_eq!(wx.shape(), (2, 3));
/// assert_eq!(wx[(1, 0)], 4.0);
/// let input_t = Vector::from(vec![1.0, 0.0, -1.0]);
/// assert_eq!((&wx * &input_t).as_slice(), &[1.0 - 3.0, 4.0 - 6.0]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Matrix {
    /// The rows × cols matrix of zeros (`np.zeros((rows, cols))`).
    ///
    /// # Panics
    ///
    /// If rows × cols values cannot exist (`Matrix::zeros: 18446744073709551615×2 values
    /// do not fit in memory`); if they fit the count but not the machine, the allocation
    /// fails as every Rust allocation does. The programs estimate their memory before
    /// asking ([`programs::memory`](crate::programs::memory)).
    ///
    /// # Examples
    ///
    /// ```
    /// let m = rnn_from_scratch::Matrix::zeros(2, 3);
    /// assert_eq!(m.shape(), (2, 3));
    /// assert_eq!(m[(1, 2)], 0.0);
    /// ```
    #[track_caller]
    pub fn zeros(rows: usize, cols: usize) -> Matrix {
        let count = rows
            .checked_mul(cols)
            .filter(|&n| n <= isize::MAX as usize / 8)
            .unwrap_or_else(|| panic!("Matrix::zeros: {rows}×{cols} values do not fit in memory"));
        Matrix {
            rows,
            cols,
            data: vec![0.0; count],
        }
    }

    /// The rows × cols matrix whose values, read row by row, are `data`
    /// (`np.array(data).reshape(rows, cols)`).
    ///
    /// # Errors
    ///
    /// `data` does not hold exactly rows·cols values:
    /// `Matrix::from_vec: a 2×3 matrix needs 2·3 = 6 values, got 5`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::Matrix;
    ///
    /// let m = Matrix::from_vec(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
    /// assert_eq!(m.row(1), &[4.0, 5.0, 6.0]);
    ///
    /// let err = Matrix::from_vec(2, 3, vec![0.0; 5]).unwrap_err();
    /// assert_eq!(err.to_string(), "Matrix::from_vec: a 2×3 matrix needs 2·3 = 6 values, got 5");
    /// ```
    pub fn from_vec(rows: usize, cols: usize, data: Vec<f64>) -> Result<Matrix, ShapeError> {
        if rows.checked_mul(cols) != Some(data.len()) {
            return Err(ShapeError::new(format!(
                "Matrix::from_vec: a {rows}×{cols} matrix needs {rows}·{cols} = {} values, got {}",
                rows.saturating_mul(cols),
                data.len()
            )));
        }
        Ok(Matrix { rows, cols, data })
    }

    /// The matrix whose rows are `rows` (`np.array(rows)`); every row must have the same
    /// length. No rows gives the 0×0 matrix.
    ///
    /// # Errors
    ///
    /// Rows of different lengths:
    /// `Matrix::from_rows: every row must have 3 values like row 0, row 1 has 2`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::Matrix;
    ///
    /// let m = Matrix::from_rows(&[vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]]).unwrap();
    /// assert_eq!(m.shape(), (2, 3));
    ///
    /// let err = Matrix::from_rows(&[vec![1.0, 2.0, 3.0], vec![4.0, 5.0]]).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "Matrix::from_rows: every row must have 3 values like row 0, row 1 has 2"
    /// );
    /// ```
    pub fn from_rows(rows: &[Vec<f64>]) -> Result<Matrix, ShapeError> {
        let cols = rows.first().map_or(0, Vec::len);
        let mut data = Vec::with_capacity(rows.len() * cols);
        for (i, row) in rows.iter().enumerate() {
            if row.len() != cols {
                return Err(ShapeError::new(format!(
                    "Matrix::from_rows: every row must have {cols} values like row 0, row {i} has {}",
                    row.len()
                )));
            }
            data.extend_from_slice(row);
        }
        Matrix::from_vec(rows.len(), cols, data)
    }

    /// A rows × cols matrix uniform on [0, 1), filled row by row exactly as
    /// `np.random.random((rows, cols))` fills it: the notes' `Wx` and `Wh`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Mt19937};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let m = Matrix::random(2, 3, &mut rng);
    /// // np.random.seed(0); np.random.random((2, 3))[1, 0]
    /// assert_eq!(m[(1, 0)], 0.5448831829968969);
    /// ```
    pub fn random(rows: usize, cols: usize, rng: &mut Mt19937) -> Matrix {
        Matrix {
            rows,
            cols,
            data: (0..rows * cols).map(|_| rng.random()).collect(),
        }
    }

    /// A rows × cols matrix of standard normal values, filled row by row exactly as
    /// `np.random.randn(rows, cols)` fills it (min-char-rnn's `randn(...) * 0.01`).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Mt19937};
    ///
    /// let m = Matrix::randn(2, 3, &mut Mt19937::new(0));
    /// // np.random.seed(0); np.random.randn(2, 3)[0, 0]
    /// assert!((m[(0, 0)] - 1.764052345967664).abs() < 1e-15);
    /// ```
    pub fn randn(rows: usize, cols: usize, rng: &mut Mt19937) -> Matrix {
        Matrix {
            rows,
            cols,
            data: (0..rows * cols).map(|_| rng.randn()).collect(),
        }
    }

    /// One row per vector, in order: numpy's `np.stack(vectors)`, which the notes use to
    /// turn the list of hidden states into a timesteps × Dh matrix.
    ///
    /// No vectors gives a 0×0 matrix (numpy refuses; an empty sequence of hidden states
    /// is better served by [`RnnCell::forward`](crate::RnnCell::forward), which knows Dh).
    ///
    /// # Errors
    ///
    /// Vectors of different lengths:
    /// `Matrix::stack: every vector must have 8 values like vector 0, vector 3 has 4`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    ///
    /// let h1 = Vector::from(vec![0.1, 0.2, 0.3]);
    /// let h2 = Vector::from(vec![0.4, 0.5, 0.6]);
    /// let all = Matrix::stack(&[h1, h2]).unwrap();
    /// assert_eq!(all.shape(), (2, 3));
    /// assert_eq!(all.row(1), &[0.4, 0.5, 0.6]);
    /// ```
    pub fn stack(vectors: &[Vector]) -> Result<Matrix, ShapeError> {
        let cols = vectors.first().map_or(0, Vector::len);
        let mut data = Vec::with_capacity(vectors.len() * cols);
        for (i, v) in vectors.iter().enumerate() {
            if v.len() != cols {
                return Err(ShapeError::new(format!(
                    "Matrix::stack: every vector must have {cols} values like vector 0, vector {i} has {}",
                    v.len()
                )));
            }
            data.extend_from_slice(v.as_slice());
        }
        Matrix::from_vec(vectors.len(), cols, data)
    }

    /// `(rows, cols)`, as numpy's `m.shape`: Wx is `(Dh, d)`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(rnn_from_scratch::Matrix::zeros(8, 4).shape(), (8, 4));
    /// ```
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// Row i as a slice of `cols` values: for the stack of hidden states, hᵢ₊₁.
    ///
    /// # Panics
    ///
    /// If `i >= rows`: `row 2 of a 2×3 matrix does not exist`.
    ///
    /// # Examples
    ///
    /// ```
    /// let m = rnn_from_scratch::Matrix::from_vec(2, 2, vec![1.0, 2.0, 3.0, 4.0]).unwrap();
    /// assert_eq!(m.row(0), &[1.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[self.row_range(i)]
    }

    /// Row i, mutable.
    ///
    /// # Panics
    ///
    /// If `i >= rows`, as [`Matrix::row`].
    ///
    /// # Examples
    ///
    /// ```
    /// let mut m = rnn_from_scratch::Matrix::zeros(2, 2);
    /// m.row_mut(1)[0] = 5.0;
    /// assert_eq!(m[(1, 0)], 5.0);
    /// ```
    #[track_caller]
    pub fn row_mut(&mut self, i: usize) -> &mut [f64] {
        let range = self.row_range(i);
        &mut self.data[range]
    }

    /// Where row `i` lies in the values, after checking that it exists.
    #[track_caller]
    fn row_range(&self, i: usize) -> std::ops::Range<usize> {
        let (rows, cols) = (self.rows, self.cols);
        assert!(i < rows, "row {i} of a {rows}×{cols} matrix does not exist");
        i * cols..(i + 1) * cols
    }

    /// Where value (i, j) lies in the values, after checking that it exists.
    #[track_caller]
    fn offset(&self, i: usize, j: usize) -> usize {
        let (rows, cols) = (self.rows, self.cols);
        assert!(
            i < rows && j < cols,
            "index ({i}, {j}) is outside a {rows}×{cols} matrix"
        );
        i * cols + j
    }

    /// Every value, row by row.
    ///
    /// # Examples
    ///
    /// ```
    /// let m = rnn_from_scratch::Matrix::from_vec(2, 2, vec![1.0, 2.0, 3.0, 4.0]).unwrap();
    /// assert_eq!(m.as_slice(), &[1.0, 2.0, 3.0, 4.0]);
    /// ```
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    /// Every value, row by row, mutable (for optimisers that update parameters in place).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut m = rnn_from_scratch::Matrix::zeros(1, 2);
    /// m.as_mut_slice()[1] = 3.0;
    /// assert_eq!(m[(0, 1)], 3.0);
    /// ```
    pub fn as_mut_slice(&mut self) -> &mut [f64] {
        &mut self.data
    }

    /// a ⊙ b: the product of two matrices of the same shape, value by value (the batched
    /// form of [`Vector::hadamard`]). If `self` is m × n, `other` is m × n.
    ///
    /// # Panics
    ///
    /// If the shapes differ: `a ⊙ b needs two matrices of one shape, got 2×3 and 3×2`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::Matrix;
    /// let a = Matrix::from_rows(&[vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]])?;
    /// let b = Matrix::from_rows(&[vec![2.0, 0.0, 1.0], vec![1.0, -1.0, 0.5]])?;
    /// assert_eq!(a.hadamard(&b).as_slice(), &[2.0, 0.0, 3.0, 4.0, -5.0, 3.0]);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    #[track_caller]
    pub fn hadamard(&self, other: &Matrix) -> Matrix {
        let ((r, c), (r2, c2)) = (self.shape(), other.shape());
        assert!(
            (r, c) == (r2, c2),
            "a ⊙ b needs two matrices of one shape, got {r}×{c} and {r2}×{c2}"
        );
        let data = self
            .data
            .iter()
            .zip(&other.data)
            .map(|(x, y)| x * y)
            .collect();
        Matrix::from_vec(r, c, data).expect("same shape")
    }

    /// The transpose Mᵀ: a rows × cols matrix becomes cols × rows, `Mᵀ[(j, i)] = M[(i, j)]`.
    ///
    /// # Examples
    ///
    /// ```
    /// let m = rnn_from_scratch::Matrix::from_vec(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
    /// let t = m.transpose();
    /// assert_eq!(t.shape(), (3, 2));
    /// assert_eq!(t.row(0), &[1.0, 4.0]);
    /// ```
    pub fn transpose(&self) -> Matrix {
        let mut t = Matrix::zeros(self.cols, self.rows);
        for i in 0..self.rows {
            for j in 0..self.cols {
                t[(j, i)] = self[(i, j)];
            }
        }
        t
    }

    /// The outer product a·bᵀ: an n × m matrix from a (n values) and b (m values),
    /// `(a·bᵀ)[(i, j)] = a[i]·b[j]`. In backpropagation, dWh = dh_raw·hₜ₋₁ᵀ.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    ///
    /// let m = Matrix::outer(&Vector::from(vec![1.0, 2.0]), &Vector::from(vec![3.0, 4.0, 5.0]));
    /// assert_eq!(m.shape(), (2, 3));
    /// assert_eq!(m.row(1), &[6.0, 8.0, 10.0]);
    /// ```
    pub fn outer(a: &Vector, b: &Vector) -> Matrix {
        let data = a
            .as_slice()
            .iter()
            .flat_map(|&ai| b.as_slice().iter().map(move |&bj| ai * bj))
            .collect();
        Matrix {
            rows: a.len(),
            cols: b.len(),
            data,
        }
    }

    /// `self += a·bᵀ`, value by value, without building a·bᵀ: the same sums as
    /// `self += &Matrix::outer(a, b)`, to the bit. BPTT adds one outer product per
    /// timestep to every weight gradient (dWx += da·xₜᵀ); building each one allocated a
    /// Dh×d matrix per step, and for Dh 128, d 207 that allocation and its page faults
    /// took as long as the arithmetic (measured: `rnn caption` spent half its time in
    /// the kernel).
    ///
    /// # Panics
    ///
    /// If `self` is not a.len() × b.len(), with the shapes in the message.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    ///
    /// let (a, b) = (Vector::from(vec![1.0, 2.0]), Vector::from(vec![3.0, 4.0, 5.0]));
    /// let mut m = Matrix::zeros(2, 3);
    /// m.add_outer(&a, &b);
    /// m.add_outer(&a, &b);
    /// assert_eq!(m.row(1), &[12.0, 16.0, 20.0]);
    /// ```
    #[track_caller]
    pub fn add_outer(&mut self, a: &Vector, b: &Vector) {
        assert!(
            self.shape() == (a.len(), b.len()),
            "add_outer: the matrix is {}×{}, a·bᵀ is {}×{}",
            self.rows,
            self.cols,
            a.len(),
            b.len()
        );
        for (row, &ai) in self
            .data
            .chunks_exact_mut(self.cols.max(1))
            .zip(a.as_slice())
        {
            for (x, &bj) in row.iter_mut().zip(b.as_slice()) {
                *x += ai * bj;
            }
        }
    }

    /// `f` applied to every value.
    ///
    /// # Examples
    ///
    /// ```
    /// let m = rnn_from_scratch::Matrix::from_vec(1, 2, vec![-1.0, 2.0]).unwrap();
    /// assert_eq!(m.map(f64::abs).as_slice(), &[1.0, 2.0]);
    /// ```
    pub fn map(&self, f: impl Fn(f64) -> f64) -> Matrix {
        Matrix {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(|&x| f(x)).collect(),
        }
    }

    /// The Frobenius norm ‖M‖ = √(Σᵢⱼ Mᵢⱼ²).
    ///
    /// # Examples
    ///
    /// ```
    /// let m = rnn_from_scratch::Matrix::from_vec(2, 2, vec![1.0, 1.0, 1.0, 1.0]).unwrap();
    /// assert_eq!(m.norm(), 2.0);
    /// ```
    pub fn norm(&self) -> f64 {
        // Scaled by the largest entry: no overflow at 1e200, no underflow at 1e-200.
        super::scaled_norm(&self.data)
    }

    /// The matrix–vector product y = M·x (the notes' `np.dot(Wx, input_t)`):
    /// if M is rows × cols then x has cols values and y has rows values,
    /// yᵢ = Σⱼ Mᵢⱼ·xⱼ.
    ///
    /// # Errors
    ///
    /// `x` does not have `cols` values:
    /// `matvec: a 2×3 matrix needs a vector of 3 values, got 4`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    ///
    /// let m = Matrix::from_vec(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
    /// let x = Vector::from(vec![1.0, 1.0, 2.0]);
    /// assert_eq!(m.matvec(&x).unwrap().as_slice(), &[1.0 + 2.0 + 6.0, 4.0 + 5.0 + 12.0]);
    /// ```
    pub fn matvec(&self, x: &Vector) -> Result<Vector, ShapeError> {
        if x.len() != self.cols {
            return Err(ShapeError::new(format!(
                "matvec: a {}×{} matrix needs a vector of {} values, got {}",
                self.rows,
                self.cols,
                self.cols,
                x.len()
            )));
        }
        let y: Vec<f64> = (0..self.rows)
            .map(|i| {
                self.row(i)
                    .iter()
                    .zip(x.as_slice())
                    .map(|(m, x)| m * x)
                    .sum()
            })
            .collect();
        Ok(Vector::from(y))
    }

    /// The matrix product C = A·B: if A is n × k then B is k × m and C is n × m,
    /// Cᵢⱼ = Σₗ Aᵢₗ·Bₗⱼ.
    ///
    /// # Errors
    ///
    /// B does not have k rows:
    /// `matmul: a 2×3 matrix times a 4×2 matrix; the second needs 3 rows`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::Matrix;
    ///
    /// let a = Matrix::from_vec(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
    /// let b = Matrix::from_vec(3, 1, vec![1.0, 0.0, -1.0]).unwrap();
    /// let c = a.matmul(&b).unwrap();
    /// assert_eq!(c.shape(), (2, 1));
    /// assert_eq!(c.as_slice(), &[-2.0, -2.0]);
    /// ```
    pub fn matmul(&self, other: &Matrix) -> Result<Matrix, ShapeError> {
        if other.rows != self.cols {
            return Err(ShapeError::new(format!(
                "matmul: a {}×{} matrix times a {}×{} matrix; the second needs {} rows",
                self.rows, self.cols, other.rows, other.cols, self.cols
            )));
        }
        let mut c = Matrix::zeros(self.rows, other.cols);
        for i in 0..self.rows {
            for l in 0..self.cols {
                // Row i of C gains Aᵢₗ times row l of B: walks B row by row, in memory order.
                let a_il = self[(i, l)];
                for (c_ij, b_lj) in c.row_mut(i).iter_mut().zip(other.row(l)) {
                    *c_ij += a_il * b_lj;
                }
            }
        }
        Ok(c)
    }
}

impl Index<(usize, usize)> for Matrix {
    type Output = f64;

    /// `m[(i, j)]`: row i, column j.
    ///
    /// # Panics
    ///
    /// If i ≥ rows or j ≥ cols: `index (2, 0) is outside a 2×3 matrix`.
    #[track_caller]
    fn index(&self, (i, j): (usize, usize)) -> &f64 {
        &self.data[self.offset(i, j)]
    }
}

impl IndexMut<(usize, usize)> for Matrix {
    #[track_caller]
    fn index_mut(&mut self, (i, j): (usize, usize)) -> &mut f64 {
        let k = self.offset(i, j);
        &mut self.data[k]
    }
}

impl AddAssign<&Matrix> for Matrix {
    /// `a += &b`, elementwise: how gradients accumulate over timesteps (dWh += …).
    ///
    /// # Panics
    ///
    /// If the shapes differ: `+=: a 2×3 matrix cannot add a 3×2 matrix`.
    #[track_caller]
    fn add_assign(&mut self, other: &Matrix) {
        assert!(
            self.shape() == other.shape(),
            "+=: a {}×{} matrix cannot add a {}×{} matrix",
            self.rows,
            self.cols,
            other.rows,
            other.cols
        );
        for (a, b) in self.data.iter_mut().zip(&other.data) {
            *a += b;
        }
    }
}

impl Mul<&Vector> for &Matrix {
    type Output = Vector;

    /// `&m * &v` is [`Matrix::matvec`] for formula lines: `&self.wx * input_t`.
    ///
    /// # Panics
    ///
    /// With the [`ShapeError`] text of `matvec` if the shapes do not fit; the panic points
    /// at the caller's line.
    #[track_caller]
    fn mul(self, v: &Vector) -> Vector {
        // A match, not unwrap_or_else: a closure's panic would point here, not at the caller.
        match self.matvec(v) {
            Ok(product) => product,
            Err(e) => panic!("{e}"),
        }
    }
}

impl Mul<&Matrix> for &Matrix {
    type Output = Matrix;

    /// `&a * &b` is [`Matrix::matmul`] for formula lines.
    ///
    /// # Panics
    ///
    /// With the [`ShapeError`] text of `matmul` if the shapes do not fit; the panic points
    /// at the caller's line.
    #[track_caller]
    fn mul(self, other: &Matrix) -> Matrix {
        match self.matmul(other) {
            Ok(product) => product,
            Err(e) => panic!("{e}"),
        }
    }
}

impl std::fmt::Display for Matrix {
    /// As numpy's `print` shows a 2-D array (8 decimals, rows wrapped at 75 characters).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::numpy_print::format_matrix(self))
    }
}
