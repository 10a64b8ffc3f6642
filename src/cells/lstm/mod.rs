//! The LSTM cell (장단기 메모리, long short-term memory): the cell the notes' first line
//! promises, which mends the RNN's long-term dependency problem (장기 의존성 문제).

use super::cell::{check_sequence, stack_finite};
use super::gate::{Gate, check_same_sizes, split_stacked};
use super::init::uniform_gate;
use super::parameters::zeros_like;
use super::{Cell, sigmoid};
use crate::linalg::elementary::ln;
use crate::linalg::{Matrix, Mt19937, ShapeError, Vector};

mod batched;
pub use batched::LstmBatchCache;

/// An LSTM cell (Hochreiter & Schmidhuber, 1997), with PyTorch's equations, one line each:
///
/// ```text
/// iₜ = σ(Wxᵢ·xₜ + Whᵢ·hₜ₋₁ + bᵢ)        input gate (입력 게이트): how much new to write
/// fₜ = σ(Wx_f·xₜ + Wh_f·hₜ₋₁ + b_f)     forget gate (삭제 게이트): how much old to keep
/// gₜ = tanh(Wx_g·xₜ + Wh_g·hₜ₋₁ + b_g)  candidate: what to write
/// oₜ = σ(Wxₒ·xₜ + Whₒ·hₜ₋₁ + bₒ)        output gate (출력 게이트): how much to show
/// cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ              cell state (셀 상태): the memory
/// hₜ = oₜ ⊙ tanh(cₜ)                    hidden state (은닉 상태)
/// ```
///
/// | symbol | shape |
/// |---|---|
/// | xₜ | d |
/// | hₜ, cₜ, iₜ, fₜ, gₜ, oₜ | Dh |
/// | Wx of each gate | Dh×d |
/// | Wh of each gate | Dh×Dh |
/// | b of each gate | Dh |
///
/// **Why it remembers.** The cell state changes by cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ: *added to*,
/// not squashed through a tanh and multiplied by Wh at every step as the RNN's hₜ is. So
/// ∂cₜ/∂cₜ₋₁ = diag(fₜ): with the forget gate near 1, the gradient flows back through
/// many steps undiminished. The measurement is the long-memory chapter (`rnn long-memory`).
///
/// **PyTorch.** `torch.nn.LSTM` stacks the four gates' weights in the order i, f, g, o:
/// `weight_ih_l0` is 4Dh×d (rows 0..Dh are Wxᵢ, Dh..2Dh are Wx_f, …), `weight_hh_l0` is
/// 4Dh×Dh, and each gate's b is `bias_ih_l0 + bias_hh_l0` of its rows;
/// [`LstmCell::from_pytorch`] splits them. `tests/pytorch_lstm_gru.rs` checks the match.
///
/// # Examples
///
/// With all weights zero: every gate is σ(0) = ½ and the candidate tanh(0) = 0, so
/// c₁ = ½·c₀ and h₁ = ½·tanh(c₁).
///
/// ```
/// use rnn_from_scratch::{LstmCell, Matrix, Vector};
/// use rnn_from_scratch::cells::{Gate};
///
/// let zero = || Gate::new(Matrix::zeros(2, 3), Matrix::zeros(2, 2), Vector::zeros(2)).unwrap();
/// let cell = LstmCell::new(zero(), zero(), zero(), zero())?;
/// let (h1, c1) = cell.step(&Vector::from(vec![1.0, 2.0, 3.0]), &Vector::zeros(2), &Vector::from(vec![0.8, -0.4]));
/// assert_eq!(c1.as_slice(), &[0.4, -0.2]);
/// assert!((h1[0] - 0.5 * 0.4_f64.tanh()).abs() < 1e-16);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LstmCell {
    /// The input gate (입력 게이트), i.
    input: Gate,
    /// The forget gate (삭제 게이트), f.
    forget: Gate,
    /// The candidate, g.
    candidate: Gate,
    /// The output gate (출력 게이트), o.
    output: Gate,
}

impl LstmCell {
    /// The cell with these gates, after checking that all four have the input gate's
    /// d and Dh.
    ///
    /// # Errors
    ///
    /// A gate whose shapes differ, named: `forget gate: Wh must be Dh×Dh = 4×4, got 3×3`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{LstmCell, Matrix, Vector};
    /// use rnn_from_scratch::cells::{Gate};
    ///
    /// let gate = |dh| Gate::new(Matrix::zeros(dh, 3), Matrix::zeros(dh, dh), Vector::zeros(dh)).unwrap();
    /// let err = LstmCell::new(gate(4), gate(4), gate(4), gate(3)).unwrap_err();
    /// assert_eq!(err.to_string(), "output gate: Wx must be Dh×d = 4×3, got 3×3");
    /// ```
    pub fn new(
        input: Gate,
        forget: Gate,
        candidate: Gate,
        output: Gate,
    ) -> Result<LstmCell, ShapeError> {
        check_same_sizes(&[
            ("input gate", &input),
            ("forget gate", &forget),
            ("candidate", &candidate),
            ("output gate", &output),
        ])?;
        Ok(LstmCell {
            input,
            forget,
            candidate,
            output,
        })
    }

    /// The cell from PyTorch's stacked weights (`nn.LSTM`'s `weight_ih_l0` 4Dh×d,
    /// `weight_hh_l0` 4Dh×Dh, `bias_ih_l0` and `bias_hh_l0` 4Dh), gate order i, f, g, o.
    ///
    /// # Errors
    ///
    /// `weight_ih_l0 must have 4·Dh rows: got 10`, or mismatched shapes as in
    /// [`LstmCell::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{LstmCell, Matrix, Vector};
    ///
    /// // d = 1, Dh = 1: the four gates' rows stacked i, f, g, o, as torch.nn.LSTM stores them.
    /// let w_ih = Matrix::from_rows(&[vec![1.0], vec![2.0], vec![3.0], vec![4.0]])?;
    /// let w_hh = Matrix::zeros(4, 1);
    /// let (b_ih, b_hh) = (Vector::from(vec![0.1, 0.2, 0.3, 0.4]), Vector::from(vec![1.0; 4]));
    /// let cell = LstmCell::from_pytorch(&w_ih, &w_hh, &b_ih, &b_hh)?;
    /// let [_, forget, candidate, _] = cell.gates();
    /// assert_eq!(forget.wx()[(0, 0)], 2.0);
    /// assert_eq!(candidate.b()[0], 1.3); // bias_ih + bias_hh of the g rows
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn from_pytorch(
        weight_ih: &Matrix,
        weight_hh: &Matrix,
        bias_ih: &Vector,
        bias_hh: &Vector,
    ) -> Result<LstmCell, ShapeError> {
        let names = ["input gate", "forget gate", "candidate", "output gate"];
        let [i, f, g, o] = split_stacked((weight_ih, weight_hh), (bias_ih, bias_hh), names)?;
        LstmCell::new(i, f, g, o)
    }

    /// A cell for d inputs and Dh hidden values: every weight uniform on ±1/√Dh (PyTorch's
    /// initialisation), every bias 0 except the **forget gate's bias, 1**.
    ///
    /// Why 1: with b_f = 0 the forget gate starts at σ(0) = ½, so the memory halves at
    /// every step and after 20 steps only 2⁻²⁰ of it is left: gradients through cₜ vanish
    /// before the cell could learn to keep anything. With b_f = 1, fₜ starts near
    /// σ(1) ≈ 0.73 and the cell begins by remembering (Gers et al., 2000; Jozefowicz et al.,
    /// 2015).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{LstmCell, Mt19937};
    ///
    /// let cell = LstmCell::init(3, 4, &mut Mt19937::new(0));
    /// assert_eq!(cell.gates()[1].b().as_slice(), &[1.0; 4]); // forget
    /// assert_eq!(cell.gates()[0].b().as_slice(), &[0.0; 4]); // input
    /// ```
    pub fn init(input_size: usize, hidden_size: usize, rng: &mut Mt19937) -> LstmCell {
        let mut gate = |bias: f64| uniform_gate(input_size, hidden_size, bias, rng);
        LstmCell {
            input: gate(0.0),
            forget: gate(1.0),
            candidate: gate(0.0),
            output: gate(0.0),
        }
    }

    /// A cell whose memory starts out lasting up to `max_timesteps` steps: "chrono"
    /// initialisation (Tallec & Ollivier, 2018). Weights as [`LstmCell::init`]; each unit's
    /// forget bias is b_f = ln u with u uniform on [1, T − 1], and its input bias −b_f.
    ///
    /// Why: with forget gate f, a memory fades like fᵏ, over about 1/(1 − f) steps. b_f = 1
    /// gives f ≈ 0.73: about 4 steps. b_f = ln u gives f ≈ u/(1 + u): memories of 1 to T
    /// steps, spread over the units, so a dependency of T steps is within reach from the
    /// first update. The RNN has no such knob: its hₜ₋₁ always passes through Wh and a tanh.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{LstmCell, Mt19937};
    ///
    /// let cell = LstmCell::init_chrono(3, 4, 100, &mut Mt19937::new(0));
    /// let [input, forget, _, _] = cell.gates();
    /// for (bf, bi) in forget.b().as_slice().iter().zip(input.b().as_slice()) {
    ///     assert!((0.0..=99f64.ln()).contains(bf) && *bi == -bf);
    /// }
    /// ```
    pub fn init_chrono(
        input_size: usize,
        hidden_size: usize,
        max_timesteps: usize,
        rng: &mut Mt19937,
    ) -> LstmCell {
        let mut cell = LstmCell::init(input_size, hidden_size, rng);
        let span = (max_timesteps as f64 - 2.0).max(0.0);
        let forget: Vec<f64> = (0..hidden_size)
            .map(|_| ln(1.0 + rng.random() * span))
            .collect();
        cell.input.b = Vector::from(forget.iter().map(|b| -b).collect::<Vec<_>>());
        cell.forget.b = Vector::from(forget);
        cell
    }

    /// One timestep, PyTorch's equations, one line each: returns (hₜ, cₜ).
    ///
    /// # Panics
    ///
    /// If `x_t` does not have d values or `h_prev`, `c_prev` Dh values.
    /// | symbol | shape | here |
    /// |---|---|---|
    /// | xₜ (`x_t`) | d | the input at step t |
    /// | hₜ₋₁ (`h_prev`), cₜ₋₁ (`c_prev`) | Dh | the state from the step before |
    /// | hₜ, cₜ (returned) | Dh | the new hidden state (은닉 상태) and cell state (셀 상태) |
    ///
    /// ```text
    /// iₜ = σ(Wxᵢ·xₜ + Whᵢ·hₜ₋₁ + bᵢ)      fₜ = σ(Wx_f·xₜ + Wh_f·hₜ₋₁ + b_f)
    /// gₜ = tanh(Wx_g·xₜ + Wh_g·hₜ₋₁ + b_g)  oₜ = σ(Wxₒ·xₜ + Whₒ·hₜ₋₁ + bₒ)
    /// cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ             hₜ = oₜ ⊙ tanh(cₜ)
    /// ```
    ///
    /// # Examples
    ///
    /// With every weight zero each gate is σ(0) = ½ and the candidate is 0, so the memory
    /// halves: c₁ = ½·c₀, h₁ = ½·tanh(c₁).
    ///
    /// ```
    /// use rnn_from_scratch::{LstmCell, Matrix, Vector};
    /// use rnn_from_scratch::cells::{Gate};
    ///
    /// let zero = || Gate::new(Matrix::zeros(2, 3), Matrix::zeros(2, 2), Vector::zeros(2)).unwrap();
    /// let cell = LstmCell::new(zero(), zero(), zero(), zero())?; // d = 3, Dh = 2
    /// let (h1, c1) = cell.step(&Vector::from(vec![1.0, 2.0, 3.0]), &Vector::zeros(2), &Vector::from(vec![0.8, -0.4]));
    /// assert_eq!(c1.as_slice(), &[0.4, -0.2]);
    /// assert!((h1[1] - 0.5 * (-0.2_f64).tanh()).abs() < 1e-16);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    #[track_caller]
    pub fn step(&self, x_t: &Vector, h_prev: &Vector, c_prev: &Vector) -> (Vector, Vector) {
        let (h_t, c_t, _) = self.step_with_gates(x_t, h_prev, c_prev);
        (h_t, c_t)
    }

    /// [`step`](LstmCell::step), also returning the gates [iₜ, fₜ, gₜ, oₜ] (for backward).
    #[track_caller]
    fn step_with_gates(
        &self,
        x_t: &Vector,
        h_prev: &Vector,
        c_prev: &Vector,
    ) -> (Vector, Vector, [Vector; 4]) {
        let i_t = self.input.affine(x_t, h_prev).map(sigmoid); //     iₜ = σ(Wxᵢ·xₜ + Whᵢ·hₜ₋₁ + bᵢ)
        let f_t = self.forget.affine(x_t, h_prev).map(sigmoid); //    fₜ = σ(Wx_f·xₜ + Wh_f·hₜ₋₁ + b_f)
        let g_t = self.candidate.affine(x_t, h_prev).tanh(); //        gₜ = tanh(Wx_g·xₜ + Wh_g·hₜ₋₁ + b_g)
        let o_t = self.output.affine(x_t, h_prev).map(sigmoid); //    oₜ = σ(Wxₒ·xₜ + Whₒ·hₜ₋₁ + bₒ)
        let c_t = f_t.hadamard(c_prev) + i_t.hadamard(&g_t); //        cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ
        let h_t = o_t.hadamard(&c_t.tanh()); //                        hₜ = oₜ ⊙ tanh(cₜ)
        (h_t, c_t, [i_t, f_t, g_t, o_t])
    }

    /// Every timestep of a sequence: all hₜ (timesteps × Dh) and the last cₜ.
    ///
    /// # Errors
    ///
    /// `inputs must be timesteps×d with d = 3, got 5×4`, `h0 must have Dh = 4 values, got
    /// 2`, `c0 must have Dh = 4 values, got 5`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{LstmCell, Matrix, Mt19937, Vector};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let cell = LstmCell::init(3, 4, &mut rng);
    /// let (hs, c_last) = cell.forward(&Matrix::random(6, 3, &mut rng), &Vector::zeros(4), &Vector::zeros(4))?;
    /// assert_eq!((hs.shape(), c_last.len()), ((6, 4), 4));
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn forward(
        &self,
        inputs: &Matrix,
        h0: &Vector,
        c0: &Vector,
    ) -> Result<(Matrix, Vector), ShapeError> {
        let (hs, last, _) = self.forward_cached(inputs, &join(h0, c0, self.hidden_size())?)?;
        Ok((hs, Vector::from(&last.as_slice()[self.hidden_size()..])))
    }

    /// d.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rnn_from_scratch::LstmCell::init(3, 4, &mut rnn_from_scratch::Mt19937::new(0));
    /// assert_eq!((cell.input_size(), cell.hidden_size()), (3, 4));
    /// ```
    pub fn input_size(&self) -> usize {
        self.input.input_size()
    }

    /// Dh.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rnn_from_scratch::LstmCell::init(3, 4, &mut rnn_from_scratch::Mt19937::new(0));
    /// assert_eq!(cell.hidden_size(), 4);
    /// ```
    pub fn hidden_size(&self) -> usize {
        self.input.hidden_size()
    }

    /// The gates in PyTorch's order: input (iₜ), forget (fₜ), candidate (gₜ), output (oₜ).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{LstmCell, Mt19937};
    ///
    /// let cell = LstmCell::init(3, 4, &mut Mt19937::new(0));
    /// let [_, forget, _, _] = cell.gates();
    /// assert_eq!(forget.b().as_slice(), &[1.0; 4]); // the forget bias starts at 1
    /// assert_eq!(forget.wx().shape(), (4, 3)); // Dh×d
    /// ```
    pub fn gates(&self) -> [&Gate; 4] {
        [&self.input, &self.forget, &self.candidate, &self.output]
    }
}

/// [h; c] as one state vector, after checking both lengths.
fn join(h0: &Vector, c0: &Vector, hidden_size: usize) -> Result<Vector, ShapeError> {
    ShapeError::check_vector("h0", "Dh", hidden_size, h0.len())?;
    ShapeError::check_vector("c0", "Dh", hidden_size, c0.len())?;
    Ok(Vector::from([h0.as_slice(), c0.as_slice()].concat()))
}

super::parameters::arrays!(
    LstmCell,
    input.wx "input gate Wx",
    input.wh "input gate Wh",
    input.b "input gate b",
    forget.wx "forget gate Wx",
    forget.wh "forget gate Wh",
    forget.b "forget gate b",
    candidate.wx "candidate Wx",
    candidate.wh "candidate Wh",
    candidate.b "candidate b",
    output.wx "output gate Wx",
    output.wh "output gate Wh",
    output.b "output gate b",
);

/// Everything the LSTM's backward pass needs: hₜ, cₜ (index 0 = the initial state), the
/// gates of every step, and the inputs.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::Cell;
/// use rnn_from_scratch::{LstmCell, Matrix, Mt19937, Vector};
///
/// let cell = LstmCell::init(2, 3, &mut Mt19937::new(0));
/// let (hs, _, cache) = cell.forward_cached(&Matrix::zeros(4, 2), &Vector::zeros(6))?;
/// let (grads, dstate0, dinputs) = cell.backward(&cache, &Matrix::zeros(4, 3)); // the cache feeds backward
/// assert_eq!((hs.shape(), dstate0.len(), dinputs.shape()), ((4, 3), 6, (4, 2)));
/// # let _ = grads;
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub struct LstmCache {
    hs: Vec<Vector>,
    cs: Vec<Vector>,
    gates: Vec<[Vector; 4]>,
    inputs: Matrix,
}

/// The LSTM's backward pass, next to its forward pass. The state is [h; c] (2·Dh values).
impl Cell for LstmCell {
    type Cache = LstmCache;

    /// The cell state cₜ, and the input, forget and output gates iₜ, fₜ, oₜ.
    fn inside(cache: &LstmCache, t: usize) -> Vec<(&'static str, Vector)> {
        let [i_t, f_t, _, o_t] = &cache.gates[t];
        let c_t = cache.cs[t + 1].clone(); // cs[0] is c₀
        vec![
            ("cell state c", c_t),
            ("input gate i", i_t.clone()),
            ("forget gate f", f_t.clone()),
            ("output gate o", o_t.clone()),
        ]
    }

    super::cell::own_sizes!();

    fn state_size(&self) -> usize {
        2 * self.hidden_size()
    }

    fn forward_cached(
        &self,
        inputs: &Matrix,
        state0: &Vector,
    ) -> Result<(Matrix, Vector, LstmCache), ShapeError> {
        let dh = self.hidden_size();
        check_sequence(self, inputs, ("the state [h0; c0]", "2·Dh"), state0)?;
        let mut cache = LstmCache {
            hs: vec![Vector::from(&state0.as_slice()[..dh])],
            cs: vec![Vector::from(&state0.as_slice()[dh..])],
            gates: Vec::new(),
            inputs: inputs.clone(),
        };
        for t in 0..inputs.shape().0 {
            let (h_t, c_t, gates) =
                self.step_with_gates(&Vector::from(inputs.row(t)), &cache.hs[t], &cache.cs[t]);
            cache.hs.push(h_t);
            cache.cs.push(c_t);
            cache.gates.push(gates);
        }
        let hs = stack_finite("the hidden state", &cache.hs[1..], dh)?;
        stack_finite("the cell state", &cache.cs[1..], dh)?;
        let (h_last, c_last) = (&cache.hs[cache.hs.len() - 1], &cache.cs[cache.cs.len() - 1]);
        let last = Vector::from([h_last.as_slice(), c_last.as_slice()].concat());
        Ok((hs, last, cache))
    }

    /// From ∂L/∂hₜ of every step, back through time (σ′ = σ(1 − σ), tanh′ = 1 − tanh²):
    ///
    /// ```text
    /// dh      = dhsₜ + dh_next                              Dh
    /// do      = dh ⊙ tanh(cₜ)                               ∂L/∂oₜ
    /// dc      = dc_next + dh ⊙ oₜ ⊙ (1 − tanh²(cₜ))         ∂L/∂cₜ
    /// di, df, dg = dc ⊙ gₜ, dc ⊙ cₜ₋₁, dc ⊙ iₜ
    /// daᵢ = di ⊙ iₜ(1 − iₜ),  da_f = df ⊙ fₜ(1 − fₜ),  da_g = dg ⊙ (1 − gₜ²),  daₒ = do ⊙ oₜ(1 − oₜ)
    /// for each gate k:  dWxₖ += daₖ·xₜᵀ,  dWhₖ += daₖ·hₜ₋₁ᵀ,  dbₖ += daₖ
    /// dc_next = dc ⊙ fₜ                                     the memory's path back: only ⊙ fₜ
    /// dh_next = Σₖ Whₖᵀ·daₖ,   dxₜ = Σₖ Wxₖᵀ·daₖ
    /// ```
    ///
    /// The state is [h_T; c_T]: ∂L/∂h_T joins the last row of `dhs`, and ∂L/∂c_T starts
    /// the backward loop's `dc_next` (zero when nothing reads c_T).
    fn backward_with_last(
        &self,
        cache: &LstmCache,
        dhs: &Matrix,
        dlast: &Vector,
    ) -> (LstmCell, Vector, Matrix) {
        let dh_size = self.hidden_size();
        let mut g = zeros_like(self);
        let transposed: Vec<(Matrix, Matrix)> = self
            .gates()
            .iter()
            .map(|gate| (gate.wx.transpose(), gate.wh.transpose()))
            .collect();
        let timesteps = cache.gates.len();
        let mut dxs = Matrix::zeros(timesteps, self.input_size());
        let (dh_last, dc_last) = dlast.as_slice().split_at(dh_size);
        let mut dh_next = Vector::from(dh_last); // ∂L/∂h_T from after the end
        let mut dc_next = Vector::from(dc_last); // ∂L/∂c_T from after the end
        for t in (1..=timesteps).rev() {
            let [i_t, f_t, g_t, o_t] = &cache.gates[t - 1];
            let (c_t, c_prev, h_prev) = (&cache.cs[t], &cache.cs[t - 1], &cache.hs[t - 1]);
            let x_t = Vector::from(cache.inputs.row(t - 1));
            let tanh_c = c_t.tanh();
            let dh = Vector::from(dhs.row(t - 1)) + &dh_next; //                 dh = dhsₜ + dh_next
            let d_o = dh.hadamard(&tanh_c); //                                   do = dh ⊙ tanh(cₜ)
            let dc = &dc_next + &dh.hadamard(o_t).hadamard(&tanh_c.map(|t| 1.0 - t * t)); // dc
            let da = [
                dc.hadamard(g_t).hadamard(&i_t.map(|s| s * (1.0 - s))), //       daᵢ
                dc.hadamard(c_prev).hadamard(&f_t.map(|s| s * (1.0 - s))), //    da_f
                dc.hadamard(i_t).hadamard(&g_t.map(|v| 1.0 - v * v)),   //         da_g
                d_o.hadamard(&o_t.map(|s| s * (1.0 - s))),              //                    daₒ
            ];
            let grads = [&mut g.input, &mut g.forget, &mut g.candidate, &mut g.output];
            let mut dh_prev = Vector::zeros(dh_size);
            let mut dx = Vector::zeros(self.input_size());
            for ((gate, da_k), (wx_transposed, wh_transposed)) in
                grads.into_iter().zip(&da).zip(&transposed)
            {
                gate.wx.add_outer(da_k, &x_t); //    dWxₖ += daₖ·xₜᵀ
                gate.wh.add_outer(da_k, h_prev); //  dWhₖ += daₖ·hₜ₋₁ᵀ
                gate.b += da_k; //                            dbₖ += daₖ
                dh_prev += &(wh_transposed * da_k); //        dh_next = Σₖ Whₖᵀ·daₖ
                dx += &(wx_transposed * da_k); //             dxₜ = Σₖ Wxₖᵀ·daₖ
            }
            dxs.row_mut(t - 1).copy_from_slice(dx.as_slice());
            dc_next = dc.hadamard(f_t); //                    dc_next = dc ⊙ fₜ
            dh_next = dh_prev;
        }
        let dstate0 = Vector::from([dh_next.as_slice(), dc_next.as_slice()].concat());
        (g, dstate0, dxs)
    }
}
