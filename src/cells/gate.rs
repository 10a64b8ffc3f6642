//! [`Gate`]: the affine part Wx·xₜ + Wh·hₜ₋₁ + b that the RNN cell has, one per gate of
//! the LSTM and the GRU.

use crate::linalg::{Matrix, ShapeError, Vector};

/// The RNN cell's affine part on its own, Wx·xₜ + Wh·hₜ₋₁ + b: an LSTM has four of them
/// (input, forget, candidate, output), a GRU three, each followed by its own activation.
///
/// | symbol | shape |
/// |---|---|
/// | Wx | Dh×d |
/// | Wh | Dh×Dh |
/// | b | Dh |
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Matrix, Vector};
/// use rnn_from_scratch::cells::{Gate};
///
/// let gate = Gate::new(Matrix::from_rows(&[vec![1.0, 2.0]])?, Matrix::from_rows(&[vec![3.0]])?, Vector::from(vec![0.5]))?;
/// let a = gate.affine(&Vector::from(vec![1.0, 1.0]), &Vector::from(vec![-1.0]));
/// assert_eq!(a.as_slice(), &[1.0 + 2.0 - 3.0 + 0.5]);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    pub(crate) wx: Matrix,
    pub(crate) wh: Matrix,
    pub(crate) b: Vector,
}

impl Gate {
    /// The gate with these weights, after the checks of [`RnnCell::new`](crate::RnnCell::new):
    /// Wx is Dh×d, Wh is Dh×Dh, b has Dh values, all finite.
    ///
    /// # Errors
    ///
    /// `Wh must be Dh×Dh = 4×4, got 4×3`, `b must have Dh = 4 values, got 2`, or a value
    /// that is not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    /// use rnn_from_scratch::cells::{Gate};
    ///
    /// let err = Gate::new(Matrix::zeros(4, 2), Matrix::zeros(4, 3), Vector::zeros(4)).unwrap_err();
    /// assert_eq!(err.to_string(), "Wh must be Dh×Dh = 4×4, got 4×3");
    /// ```
    pub fn new(wx: Matrix, wh: Matrix, b: Vector) -> Result<Gate, ShapeError> {
        check_affine(&wx, &wh, &b)?;
        Ok(Gate { wx, wh, b })
    }

    /// Wx·xₜ + Wh·hₜ₋₁ + b (Dh values), before the gate's activation.
    ///
    /// # Panics
    ///
    /// If `x_t` does not have d values or `h_prev` Dh values (with the operators' message).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    /// use rnn_from_scratch::cells::{Gate};
    ///
    /// let gate = Gate::new(Matrix::from_rows(&[vec![1.0, 2.0]])?, Matrix::from_rows(&[vec![3.0]])?, Vector::from(vec![0.5]))?;
    /// assert_eq!(gate.affine(&Vector::from(vec![1.0, 1.0]), &Vector::from(vec![2.0])).as_slice(), &[9.5]);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    #[track_caller]
    pub fn affine(&self, x_t: &Vector, h_prev: &Vector) -> Vector {
        &self.wx * x_t + &self.wh * h_prev + &self.b
    }

    /// Wx, Dh×d.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    /// use rnn_from_scratch::cells::{Gate};
    /// let gate = Gate::new(Matrix::zeros(4, 3), Matrix::zeros(4, 4), Vector::zeros(4))?;
    /// assert_eq!(gate.wx().shape(), (4, 3)); // Dh×d
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn wx(&self) -> &Matrix {
        &self.wx
    }

    /// Wh, Dh×Dh.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    /// use rnn_from_scratch::cells::{Gate};
    /// let gate = Gate::new(Matrix::zeros(4, 3), Matrix::zeros(4, 4), Vector::zeros(4))?;
    /// assert_eq!(gate.wh().shape(), (4, 4)); // Dh×Dh
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn wh(&self) -> &Matrix {
        &self.wh
    }

    /// b, Dh.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    /// use rnn_from_scratch::cells::{Gate};
    /// let gate = Gate::new(Matrix::zeros(4, 3), Matrix::zeros(4, 4), Vector::from(vec![1.0; 4]))?;
    /// assert_eq!(gate.b().as_slice(), &[1.0; 4]); // Dh
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn b(&self) -> &Vector {
        &self.b
    }

    /// d, Wx's columns.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    /// use rnn_from_scratch::cells::{Gate};
    /// let gate = Gate::new(Matrix::zeros(4, 3), Matrix::zeros(4, 4), Vector::zeros(4))?;
    /// assert_eq!(gate.input_size(), 3);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn input_size(&self) -> usize {
        self.wx.shape().1
    }

    /// Dh, Wx's rows.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    /// use rnn_from_scratch::cells::{Gate};
    /// let gate = Gate::new(Matrix::zeros(4, 3), Matrix::zeros(4, 4), Vector::zeros(4))?;
    /// assert_eq!(gate.hidden_size(), 4);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn hidden_size(&self) -> usize {
        self.wx.shape().0
    }
}

/// Wh is Dh×Dh and b has Dh values, where Dh is Wx's row count; every value finite.
pub(crate) fn check_affine(wx: &Matrix, wh: &Matrix, b: &Vector) -> Result<(), ShapeError> {
    let hidden_size = wx.shape().0;
    ShapeError::check_matrix("Wh", "Dh×Dh", (hidden_size, hidden_size), wh.shape())?;
    ShapeError::check_vector("b", "Dh", hidden_size, b.len())?;
    ShapeError::check_finite_matrix("Wx", wx)?;
    ShapeError::check_finite_matrix("Wh", wh)?;
    ShapeError::check_finite_vector("b", b)
}

/// Every gate of a cell has the first gate's d and Dh, each mismatch named with its gate:
/// `forget gate: Wh must be Dh×Dh = 4×4, got 3×3`.
pub(crate) fn check_same_sizes(gates: &[(&str, &Gate)]) -> Result<(), ShapeError> {
    let (dh, d) = gates[0].1.wx.shape();
    for &(name, gate) in &gates[1..] {
        let in_gate = |e: ShapeError| e.in_context(name);
        ShapeError::check_matrix("Wx", "Dh×d", (dh, d), gate.wx.shape()).map_err(in_gate)?;
        ShapeError::check_matrix("Wh", "Dh×Dh", (dh, dh), gate.wh.shape()).map_err(in_gate)?;
        ShapeError::check_vector("b", "Dh", dh, gate.b.len()).map_err(in_gate)?;
    }
    Ok(())
}

/// Splits PyTorch's stacked K·Dh-row weights into K gates (biases summed), an error in one
/// named with its gate's name.
pub(crate) fn split_stacked<const K: usize>(
    (weight_ih, weight_hh): (&Matrix, &Matrix),
    (bias_ih, bias_hh): (&Vector, &Vector),
    names: [&str; K],
) -> Result<[Gate; K], ShapeError> {
    let rows = weight_ih.shape().0;
    if !rows.is_multiple_of(K) {
        return Err(ShapeError::new(format!(
            "weight_ih_l0 must have {K}·Dh rows: got {rows}"
        )));
    }
    let dh = rows / K;
    ShapeError::check_matrix(
        "weight_hh_l0",
        &format!("{K}Dh×Dh"),
        (K * dh, dh),
        weight_hh.shape(),
    )?;
    ShapeError::check_vector("bias_ih_l0", &format!("{K}Dh"), K * dh, bias_ih.len())?;
    ShapeError::check_vector("bias_hh_l0", &format!("{K}Dh"), K * dh, bias_hh.len())?;
    let rows_of = |m: &Matrix, k: usize| {
        let cols = m.shape().1;
        Matrix::from_vec(
            dh,
            cols,
            m.as_slice()[k * dh * cols..(k + 1) * dh * cols].to_vec(),
        )
        .expect("dh rows")
    };
    let gates = (0..K).map(|k| {
        let b: Vec<f64> = (k * dh..(k + 1) * dh)
            .map(|r| bias_ih[r] + bias_hh[r])
            .collect();
        let gate = Gate::new(
            rows_of(weight_ih, k),
            rows_of(weight_hh, k),
            Vector::from(b),
        );
        gate.map_err(|e| e.in_context(names[k]))
    });
    let gates: Vec<Gate> = gates.collect::<Result<_, _>>()?;
    Ok(gates.try_into().expect("K gates"))
}
