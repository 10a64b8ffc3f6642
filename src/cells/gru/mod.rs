//! The GRU cell (gated recurrent unit): an LSTM with two gates and no separate memory.

use super::cell::{check_sequence, stack_finite};
use super::gate::{Gate, check_same_sizes, split_stacked};
use super::init::uniform_gate;
use super::parameters::zeros_like;
use super::{Cell, sigmoid};
use crate::linalg::{Matrix, Mt19937, ShapeError, Vector};

mod batched;
pub use batched::GruBatchCache;

/// A GRU cell (Cho et al., 2014), with PyTorch's equations, one line each:
///
/// ```text
/// rₜ = σ(Wx_r·xₜ + Wh_r·hₜ₋₁ + b_r)                reset gate: how much of hₜ₋₁ the candidate sees
/// zₜ = σ(Wx_z·xₜ + Wh_z·hₜ₋₁ + b_z)                update gate: how much of hₜ₋₁ to keep
/// nₜ = tanh(Wx_n·xₜ + b_n + rₜ ⊙ (Wh_n·hₜ₋₁ + b_hn))   candidate
/// hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁                    hidden state (은닉 상태)
/// ```
///
/// | symbol | shape |
/// |---|---|
/// | xₜ | d |
/// | hₜ, rₜ, zₜ, nₜ | Dh |
/// | Wx of each gate | Dh×d |
/// | Wh of each gate | Dh×Dh |
/// | b of each gate, b_hn | Dh |
///
/// Like the LSTM's cell state, hₜ is a *mix* of hₜ₋₁ and something new: with zₜ near 1,
/// ∂hₜ/∂hₜ₋₁ ≈ diag(zₜ) and the gradient flows back through many steps.
///
/// **PyTorch.** `torch.nn.GRU` stacks the gates in the order r, z, n (`weight_ih_l0`
/// 3Dh×d, `weight_hh_l0` 3Dh×Dh). The reset gate multiplies Wh_n·hₜ₋₁ + b_hn, so the
/// candidate keeps its hidden-side bias b_hn apart (`bias_hh_l0`'s last Dh values); every
/// other bias is `bias_ih_l0 + bias_hh_l0`. [`GruCell::from_pytorch`] splits them.
///
/// # Examples
///
/// With all weights zero, zₜ = ½ and nₜ = 0, so hₜ = ½·hₜ₋₁:
///
/// ```
/// use rnn_from_scratch::{Matrix, Vector};
/// use rnn_from_scratch::cells::{Gate, GruCell};
///
/// let zero = || Gate::new(Matrix::zeros(2, 3), Matrix::zeros(2, 2), Vector::zeros(2)).unwrap();
/// let cell = GruCell::new(zero(), zero(), zero(), Vector::zeros(2))?;
/// let h1 = cell.step(&Vector::from(vec![1.0, 2.0, 3.0]), &Vector::from(vec![0.8, -0.4]));
/// assert_eq!(h1.as_slice(), &[0.4, -0.2]);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GruCell {
    /// The reset gate, r.
    pub(crate) reset: Gate,
    /// The update gate, z.
    pub(crate) update: Gate,
    /// The candidate, n: its Wx, Wh and input-side bias b_n.
    pub(crate) candidate: Gate,
    /// b_hn, the candidate's hidden-side bias, inside the reset gate's product.
    pub(crate) b_hn: Vector,
}

impl GruCell {
    /// The cell with these gates, after checking that all three have the reset gate's
    /// d and Dh, and b_hn has Dh values.
    ///
    /// # Errors
    ///
    /// `update gate: Wx must be Dh×d = 4×3, got 3×3`, or `b_hn must have Dh = 4 values, got 2`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    /// use rnn_from_scratch::cells::{Gate, GruCell};
    ///
    /// let gate = |dh| Gate::new(Matrix::zeros(dh, 3), Matrix::zeros(dh, dh), Vector::zeros(dh)).unwrap();
    /// let err = GruCell::new(gate(4), gate(4), gate(4), Vector::zeros(2)).unwrap_err();
    /// assert_eq!(err.to_string(), "b_hn must have Dh = 4 values, got 2");
    /// ```
    pub fn new(
        reset: Gate,
        update: Gate,
        candidate: Gate,
        b_hn: Vector,
    ) -> Result<GruCell, ShapeError> {
        check_same_sizes(&[
            ("reset gate", &reset),
            ("update gate", &update),
            ("candidate", &candidate),
        ])?;
        ShapeError::check_vector("b_hn", "Dh", reset.hidden_size(), b_hn.len())?;
        ShapeError::check_finite_vector("b_hn", &b_hn)?;
        Ok(GruCell {
            reset,
            update,
            candidate,
            b_hn,
        })
    }

    /// The cell from PyTorch's stacked weights (`nn.GRU`'s `weight_ih_l0` 3Dh×d,
    /// `weight_hh_l0` 3Dh×Dh, `bias_ih_l0`, `bias_hh_l0` 3Dh), gate order r, z, n.
    ///
    /// # Errors
    ///
    /// `weight_ih_l0 must have 3·Dh rows: got 10`, or mismatched shapes.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// // d = 1, Dh = 1: rows stacked r, z, n, as torch.nn.GRU stores them.
    /// let w_ih = Matrix::from_rows(&[vec![1.0], vec![2.0], vec![3.0]])?;
    /// let (b_ih, b_hh) = (Vector::from(vec![0.1, 0.2, 0.3]), Vector::from(vec![1.0, 1.0, 0.5]));
    /// let cell = GruCell::from_pytorch(&w_ih, &Matrix::zeros(3, 1), &b_ih, &b_hh)?;
    /// let ([reset, _, candidate], b_hn) = cell.gates();
    /// assert_eq!(reset.b()[0], 1.1); // bias_ih + bias_hh
    /// assert_eq!((candidate.b()[0], b_hn[0]), (0.3, 0.5)); // the candidate keeps them apart
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn from_pytorch(
        weight_ih: &Matrix,
        weight_hh: &Matrix,
        bias_ih: &Vector,
        bias_hh: &Vector,
    ) -> Result<GruCell, ShapeError> {
        let names = ["reset gate", "update gate", "candidate"];
        let [r, z, mut n] = split_stacked((weight_ih, weight_hh), (bias_ih, bias_hh), names)?;
        // split_stacked summed both biases; the candidate keeps only its input-side one.
        let dh = weight_hh.shape().1;
        n.b = Vector::from(&bias_ih.as_slice()[2 * dh..]);
        GruCell::new(r, z, n, Vector::from(&bias_hh.as_slice()[2 * dh..]))
    }

    /// A cell for d inputs and Dh hidden values: weights uniform on ±1/√Dh (PyTorch's
    /// initialisation), biases 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Mt19937};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let cell = GruCell::init(3, 4, &mut Mt19937::new(0));
    /// let ([reset, ..], _) = cell.gates();
    /// assert!(reset.wx().as_slice().iter().all(|w| w.abs() < 0.5)); // ±1/√4
    /// ```
    pub fn init(input_size: usize, hidden_size: usize, rng: &mut Mt19937) -> GruCell {
        let mut gate = || uniform_gate(input_size, hidden_size, 0.0, rng);
        GruCell {
            reset: gate(),
            update: gate(),
            candidate: gate(),
            b_hn: Vector::zeros(hidden_size),
        }
    }

    /// One timestep, PyTorch's equations, one line each: returns hₜ.
    ///
    /// # Panics
    ///
    /// If `x_t` does not have d values or `h_prev` Dh values.
    /// | symbol | shape | here |
    /// |---|---|---|
    /// | xₜ (`x_t`) | d | the input at step t |
    /// | hₜ₋₁ (`h_prev`) | Dh | the hidden state from the step before |
    /// | hₜ (returned) | Dh | the new hidden state (은닉 상태) |
    ///
    /// ```text
    /// rₜ = σ(Wx_r·xₜ + Wh_r·hₜ₋₁ + b_r)     zₜ = σ(Wx_z·xₜ + Wh_z·hₜ₋₁ + b_z)
    /// nₜ = tanh(Wx_n·xₜ + b_n + rₜ ⊙ (Wh_n·hₜ₋₁ + b_hn))
    /// hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁
    /// ```
    ///
    /// # Examples
    ///
    /// With every weight zero, zₜ = ½ and nₜ = 0, so hₜ = ½·hₜ₋₁:
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Vector};
    /// use rnn_from_scratch::cells::{Gate, GruCell};
    ///
    /// let zero = || Gate::new(Matrix::zeros(2, 3), Matrix::zeros(2, 2), Vector::zeros(2)).unwrap();
    /// let cell = GruCell::new(zero(), zero(), zero(), Vector::zeros(2))?; // d = 3, Dh = 2
    /// let h1 = cell.step(&Vector::from(vec![1.0, 2.0, 3.0]), &Vector::from(vec![0.8, -0.4]));
    /// assert_eq!(h1.as_slice(), &[0.4, -0.2]);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    #[track_caller]
    pub fn step(&self, x_t: &Vector, h_prev: &Vector) -> Vector {
        self.step_with_gates(x_t, h_prev).0
    }

    /// [`step`](GruCell::step), also returning [rₜ, zₜ, nₜ, Wh_n·hₜ₋₁ + b_hn] for backward.
    #[track_caller]
    fn step_with_gates(&self, x_t: &Vector, h_prev: &Vector) -> (Vector, [Vector; 4]) {
        let r_t = self.reset.affine(x_t, h_prev).map(sigmoid); //             rₜ = σ(Wx_r·xₜ + Wh_r·hₜ₋₁ + b_r)
        let z_t = self.update.affine(x_t, h_prev).map(sigmoid); //            zₜ = σ(Wx_z·xₜ + Wh_z·hₜ₋₁ + b_z)
        let hn = &self.candidate.wh * h_prev + &self.b_hn; //                 Wh_n·hₜ₋₁ + b_hn
        let n_t = (&self.candidate.wx * x_t + &self.candidate.b + r_t.hadamard(&hn)).tanh(); // nₜ
        let h_t = z_t.map(|z| 1.0 - z).hadamard(&n_t) + z_t.hadamard(h_prev); // hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁
        (h_t, [r_t, z_t, n_t, hn])
    }

    /// Every timestep of a sequence: all hₜ (timesteps × Dh).
    ///
    /// # Errors
    ///
    /// `inputs must be timesteps×d with d = 3, got 5×4`, `h0 must have Dh = 4 values, got 2`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Matrix, Mt19937, Vector};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let cell = GruCell::init(3, 4, &mut rng);
    /// let hs = cell.forward(&Matrix::random(6, 3, &mut rng), &Vector::zeros(4))?;
    /// assert_eq!(hs.shape(), (6, 4)); // timesteps × Dh
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn forward(&self, inputs: &Matrix, h0: &Vector) -> Result<Matrix, ShapeError> {
        Ok(self.forward_cached(inputs, h0)?.0)
    }

    /// d.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rnn_from_scratch::cells::GruCell::init(3, 4, &mut rnn_from_scratch::Mt19937::new(0));
    /// assert_eq!(cell.input_size(), 3);
    /// ```
    pub fn input_size(&self) -> usize {
        self.reset.input_size()
    }

    /// The gates in PyTorch's order, reset (rₜ), update (zₜ), candidate (nₜ), and the
    /// candidate's hidden-side bias b_hn.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Mt19937};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let cell = GruCell::init(3, 4, &mut Mt19937::new(0));
    /// let ([reset, _, _], b_hn) = cell.gates();
    /// assert_eq!((reset.wh().shape(), b_hn.len()), ((4, 4), 4));
    /// ```
    pub fn gates(&self) -> ([&Gate; 3], &Vector) {
        ([&self.reset, &self.update, &self.candidate], &self.b_hn)
    }

    /// Dh.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rnn_from_scratch::cells::GruCell::init(3, 4, &mut rnn_from_scratch::Mt19937::new(0));
    /// assert_eq!(cell.hidden_size(), 4);
    /// ```
    pub fn hidden_size(&self) -> usize {
        self.reset.hidden_size()
    }
}

super::parameters::arrays!(
    GruCell,
    reset.wx "reset gate Wx",
    reset.wh "reset gate Wh",
    reset.b "reset gate b",
    update.wx "update gate Wx",
    update.wh "update gate Wh",
    update.b "update gate b",
    candidate.wx "candidate Wx",
    candidate.wh "candidate Wh",
    candidate.b "candidate b",
    b_hn "candidate b_hn",
);

/// Everything the GRU's backward pass needs: hₜ (index 0 = h₀), each step's
/// [rₜ, zₜ, nₜ, Wh_n·hₜ₋₁ + b_hn], and the inputs.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::Cell;
/// use rnn_from_scratch::{Matrix, Mt19937, Vector};
/// use rnn_from_scratch::cells::{GruCell};
///
/// let cell = GruCell::init(2, 3, &mut Mt19937::new(0));
/// let (_, _, cache) = cell.forward_cached(&Matrix::zeros(4, 2), &Vector::zeros(3))?;
/// let (_, dh0, dinputs) = cell.backward(&cache, &Matrix::zeros(4, 3)); // the cache feeds backward
/// assert_eq!((dh0.len(), dinputs.shape()), (3, (4, 2)));
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub struct GruCache {
    hs: Vec<Vector>,
    gates: Vec<[Vector; 4]>,
    inputs: Matrix,
}

/// The GRU's backward pass, next to its forward pass.
impl Cell for GruCell {
    type Cache = GruCache;

    /// The update and reset gates zₜ and rₜ.
    fn inside(cache: &GruCache, t: usize) -> Vec<(&'static str, Vector)> {
        let [r_t, z_t, _, _] = &cache.gates[t];
        vec![
            ("update gate z", z_t.clone()),
            ("reset gate r", r_t.clone()),
        ]
    }

    super::cell::own_sizes!();

    fn forward_cached(
        &self,
        inputs: &Matrix,
        h0: &Vector,
    ) -> Result<(Matrix, Vector, GruCache), ShapeError> {
        check_sequence(self, inputs, ("h0", "Dh"), h0)?;
        let mut cache = GruCache {
            hs: vec![h0.clone()],
            gates: Vec::new(),
            inputs: inputs.clone(),
        };
        for t in 0..inputs.shape().0 {
            let (h_t, gates) = self.step_with_gates(&Vector::from(inputs.row(t)), &cache.hs[t]);
            cache.hs.push(h_t);
            cache.gates.push(gates);
        }
        let hs = stack_finite("the hidden state", &cache.hs[1..], self.hidden_size())?;
        let last = cache.hs.last().expect("h0").clone();
        Ok((hs, last, cache))
    }

    /// From ∂L/∂hₜ of every step, back through time:
    ///
    /// ```text
    /// dh     = dhsₜ + dh_next
    /// dn     = dh ⊙ (1 − zₜ),   dz = dh ⊙ (hₜ₋₁ − nₜ)
    /// da_n   = dn ⊙ (1 − nₜ²)                  through the candidate's tanh
    /// d_hn   = da_n ⊙ rₜ,       dr = da_n ⊙ (Wh_n·hₜ₋₁ + b_hn)
    /// da_r   = dr ⊙ rₜ(1 − rₜ), da_z = dz ⊙ zₜ(1 − zₜ)
    /// dWx_r += da_r·xₜᵀ, dWh_r += da_r·hₜ₋₁ᵀ, db_r += da_r      (and the same for z)
    /// dWx_n += da_n·xₜᵀ, db_n += da_n, dWh_n += d_hn·hₜ₋₁ᵀ, db_hn += d_hn
    /// dh_next = dh ⊙ zₜ + Wh_rᵀ·da_r + Wh_zᵀ·da_z + Wh_nᵀ·d_hn
    /// dxₜ     = Wx_rᵀ·da_r + Wx_zᵀ·da_z + Wx_nᵀ·da_n
    /// ```
    fn backward(&self, cache: &GruCache, dhs: &Matrix) -> (GruCell, Vector, Matrix) {
        let dh_size = self.hidden_size();
        let mut g = zeros_like(self);
        let (wx_r, wh_r) = (self.reset.wx.transpose(), self.reset.wh.transpose());
        let (wx_z, wh_z) = (self.update.wx.transpose(), self.update.wh.transpose());
        let (wx_n, wh_n) = (self.candidate.wx.transpose(), self.candidate.wh.transpose());
        let timesteps = cache.gates.len();
        let mut dxs = Matrix::zeros(timesteps, self.input_size());
        let mut dh_next = Vector::zeros(dh_size);
        for t in (1..=timesteps).rev() {
            let [r_t, z_t, n_t, hn] = &cache.gates[t - 1];
            let h_prev = &cache.hs[t - 1];
            let x_t = Vector::from(cache.inputs.row(t - 1));
            let dh = Vector::from(dhs.row(t - 1)) + &dh_next; //            dh = dhsₜ + dh_next
            let dn = dh.hadamard(&z_t.map(|z| 1.0 - z)); //                  dn = dh ⊙ (1 − zₜ)
            let dz = dh.hadamard(&(h_prev - n_t)); //                        dz = dh ⊙ (hₜ₋₁ − nₜ)
            let da_n = dn.hadamard(&n_t.map(|n| 1.0 - n * n)); //            da_n = dn ⊙ (1 − nₜ²)
            let d_hn = da_n.hadamard(r_t); //                                d_hn = da_n ⊙ rₜ
            let dr = da_n.hadamard(hn); //                                   dr = da_n ⊙ (Wh_n·hₜ₋₁ + b_hn)
            let da_r = dr.hadamard(&r_t.map(|r| r * (1.0 - r))); //          da_r = dr ⊙ rₜ(1 − rₜ)
            let da_z = dz.hadamard(&z_t.map(|z| z * (1.0 - z))); //          da_z = dz ⊙ zₜ(1 − zₜ)
            for (gate, da) in [(&mut g.reset, &da_r), (&mut g.update, &da_z)] {
                gate.wx.add_outer(da, &x_t);
                gate.wh.add_outer(da, h_prev);
                gate.b += da;
            }
            g.candidate.wx.add_outer(&da_n, &x_t);
            g.candidate.b += &da_n;
            g.candidate.wh.add_outer(&d_hn, h_prev);
            g.b_hn += &d_hn;
            let dx = &wx_r * &da_r + &wx_z * &da_z + &wx_n * &da_n; //       dxₜ
            dxs.row_mut(t - 1).copy_from_slice(dx.as_slice());
            dh_next = dh.hadamard(z_t) + &wh_r * &da_r + &wh_z * &da_z + &wh_n * &d_hn; // dh_next
        }
        (g, dh_next, dxs)
    }
}
