//! The long-term dependency problem (장기 의존성 문제), measured: how the gradient that
//! reaches hₜ₋ₖ from a loss at step t shrinks (or grows) with the distance k.

use crate::cells::{Cell, LstmCell, RnnCell};
use crate::io::svg::Plot;
use crate::linalg::{Matrix, Mt19937, ShapeError, Vector};

/// The largest singular value σ_max(M) = max ‖M·v‖ / ‖v‖, by power iteration on MᵀM:
/// v ← MᵀM·v / ‖MᵀM·v‖ converges to the top singular vector, and ‖M·v‖ to σ_max.
///
/// `iterations` of 100 give 6 or more correct digits unless the top two singular values
/// are nearly equal.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{programs::vanishing::largest_singular_value, Matrix};
///
/// // diag(3, 1) rotated is still σ_max = 3.
/// let m = Matrix::from_rows(&[vec![0.0, 3.0], vec![1.0, 0.0]])?;
/// assert!((largest_singular_value(&m, 100) - 3.0).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub fn largest_singular_value(m: &Matrix, iterations: usize) -> f64 {
    let (_, cols) = m.shape();
    if cols == 0 {
        return 0.0;
    }
    // Scaled by the largest entry, so that entries near 1e300 do not overflow: σ(M) = s·σ(M/s).
    let scale = m.as_slice().iter().fold(0.0_f64, |a, x| a.max(x.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return scale;
    }
    let m = &m.map(|x| x / scale);
    let m_transposed = m.transpose();
    // A fixed start that is not orthogonal to any direction in practice.
    let mut v = Vector::from((0..cols).map(|k| 1.0 + 0.1 * k as f64).collect::<Vec<_>>());
    for _ in 0..iterations {
        let w = &m_transposed * &(m * &v); // MᵀM·v
        let norm = w.norm();
        if norm == 0.0 {
            return 0.0;
        }
        v = (1.0 / norm) * &w;
    }
    scale * (m * &v).norm()
}

/// ‖∂L/∂stateₜ₋ₖ‖ for k = 0 … timesteps: how much of a gradient arriving at the last
/// hidden state (`dh_last`, Dh values) is left k steps back.
///
/// For each k, the cell runs forward over the last k inputs from the state it had at
/// t − k, and backward from `dh_last`; ∂L/∂state₀ of that run is ∂L/∂stateₜ₋ₖ. For the
/// RNN that is the product the BPTT chapter derives:
///
/// ```text
/// ∂L/∂hₜ₋ₖ = (Whᵀ·diag(1 − hₜ₋ₖ₊₁²)) ··· (Whᵀ·diag(1 − hₜ²)) · ∂L/∂hₜ
/// ```
///
/// (For the LSTM the state is [h; c] and the norm covers both.)
///
/// # Errors
///
/// The shape errors of the cell's forward pass, `dh_last must have Dh = 8 values, got 3`,
/// a `dh_last` that is not finite, or a norm k steps back beyond f64's range.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{programs::vanishing::gradient_norms_through_time, Matrix, RnnCell, Vector};
///
/// // Wh = 0.5·I and tiny inputs: each step back multiplies the gradient by about 0.5.
/// let wh = Matrix::from_rows(&[vec![0.5, 0.0], vec![0.0, 0.5]])?;
/// let cell = RnnCell::new(Matrix::zeros(2, 1), wh, Vector::zeros(2))?;
/// let norms = gradient_norms_through_time(&cell, &Matrix::zeros(4, 1), &Vector::zeros(2), &Vector::from(vec![1.0, 0.0]))?;
/// assert_eq!(norms, vec![1.0, 0.5, 0.25, 0.125, 0.0625]);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub fn gradient_norms_through_time<C: Cell>(
    cell: &C,
    inputs: &Matrix,
    state0: &Vector,
    dh_last: &Vector,
) -> Result<Vec<f64>, ShapeError> {
    let dh = cell.hidden_size();
    ShapeError::check_vector("dh_last", "Dh", dh, dh_last.len())?;
    ShapeError::check_finite_vector("dh_last", dh_last)?;
    // The backward pass is linear in dh_last: run it on the unit direction and scale the
    // norms back, so that a dh_last of 1e200 does not overflow on the way.
    let size = dh_last.norm();
    if size == 0.0 {
        return Ok(vec![0.0; inputs.shape().0 + 1]);
    }
    let unit = dh_last.map(|x| x / size);
    let (timesteps, d) = inputs.shape();
    // The state at every step: states[t] is the state after t inputs.
    let mut states = vec![state0.clone()];
    for t in 0..timesteps {
        let one = Matrix::from_vec(1, d, inputs.row(t).to_vec())?;
        let (_, next, _) = cell.forward_cached(&one, &states[t])?;
        states.push(next);
    }
    let mut norms = vec![size]; // k = 0: the gradient as it arrives
    for k in 1..=timesteps {
        let start = timesteps - k;
        let suffix = Matrix::from_vec(k, d, inputs.as_slice()[start * d..].to_vec())?;
        let (_, _, cache) = cell.forward_cached(&suffix, &states[start])?;
        let mut dhs = Matrix::zeros(k, dh);
        dhs.row_mut(k - 1).copy_from_slice(unit.as_slice());
        let (_, dstate, _) = cell.backward(&cache, &dhs);
        let norm = size * dstate.norm();
        if !norm.is_finite() {
            return Err(ShapeError::new(format!(
                "the gradient norm {k} steps back is {norm}: it exceeds f64 (dh_last's norm is \
                 {size:e}); give a smaller dh_last"
            )));
        }
        norms.push(norm);
    }
    Ok(norms)
}

/// A random Dh×Dh matrix (standard normal entries) scaled so that its largest singular
/// value is exactly `sigma`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{programs::vanishing::{largest_singular_value, with_largest_singular_value}, Mt19937};
///
/// let wh = with_largest_singular_value(6, 1.5, &mut Mt19937::new(0));
/// assert!((largest_singular_value(&wh, 500) - 1.5).abs() < 1e-9);
/// ```
pub fn with_largest_singular_value(hidden_size: usize, sigma: f64, rng: &mut Mt19937) -> Matrix {
    let values: Vec<f64> = (0..hidden_size * hidden_size)
        .map(|_| rng.randn())
        .collect();
    let m = Matrix::from_vec(hidden_size, hidden_size, values).expect("Dh·Dh values");
    let scale = sigma / largest_singular_value(&m, 500);
    m.map(|w| w * scale)
}

/// The σ_max(Wh) values `rnn vanishing` compares.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::vanishing::SIGMAS;
/// assert!(SIGMAS.iter().any(|&s| s < 1.0) && SIGMAS.iter().any(|&s| s > 1.0)); // both sides of 1
/// ```
pub const SIGMAS: [f64; 5] = [0.5, 0.9, 1.5, 3.0, 6.0];

/// Small inputs keep tanh near its linear range, so what the table shows is Wh's doing.
const INPUT_SCALE: f64 = 0.01;

/// d, the size of the random inputs.
///
/// # Examples
///
/// ```
/// assert_eq!(rnn_from_scratch::programs::vanishing::INPUT_SIZE, 8);
/// ```
pub const INPUT_SIZE: usize = 8;

/// What `rnn vanishing` measures.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::vanishing::{measure, Options, SIGMAS};
/// let report = measure(&Options { hidden: 4, timesteps: 5, seed: 0 });
/// assert_eq!(report.columns.len(), SIGMAS.len() + 1); // every σ, then the LSTM
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Dh.
    pub hidden: usize,
    /// T, the length of the sequence.
    pub timesteps: usize,
    /// The seed of every random draw.
    pub seed: u32,
}

/// One column per model: its name and ‖∂L/∂h(T−k)‖ for k = 0 … T.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::vanishing::{measure, Options};
/// let report = measure(&Options { hidden: 4, timesteps: 5, seed: 0 });
/// let (name, norms) = report.columns.last().unwrap();
/// assert_eq!((name.as_str(), norms.len()), ("LSTM", 6)); // k = 0 … T
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// (`RNN σ=0.5`, norms), …, (`LSTM`, norms).
    pub columns: Vec<(String, Vec<f64>)>,
}

impl Report {
    /// The table `rnn vanishing` prints for `options`: what is measured, then a row per k
    /// (0, 1, 2, 5, 10, … up to T, and T) and a column per model.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::vanishing::{measure, Options};
    /// let options = Options { hidden: 4, timesteps: 5, seed: 0 };
    /// let lines = measure(&options).lines(&options);
    /// assert_eq!(lines.len(), 3 + 4); // the heading's three lines, then k = 0, 1, 2 and 5
    /// assert!(lines[2].ends_with("LSTM"));
    /// ```
    pub fn lines(&self, options: &Options) -> Vec<String> {
        let (hidden, timesteps, seed) = (options.hidden, options.timesteps, options.seed);
        let d = INPUT_SIZE;
        let mut lines = vec![format!(
            "‖∂L/∂h(T−k)‖ for a gradient of norm 1 at the last step (Dh = {hidden}, d = {d}, T = {timesteps}, seed {seed})"
        )];
        lines.push(
            "σ = the largest singular value of Wh (power iteration); the LSTM's column is ‖∂L/∂[h; c]‖"
                .to_string(),
        );
        let names = self.columns.iter().map(|(name, _)| format!("{name:>13}"));
        lines.push(format!("{:>5}", "k") + &names.collect::<String>());
        // Every k of the list below T, then T.
        let ks = [0, 1, 2, 5, 10, 20, 30, 40, 50, 60, 80, 100].into_iter();
        for k in ks.filter(|&k| k < timesteps).chain([timesteps]) {
            let norms = self.columns.iter().map(|(_, n)| format!("{:>13.3e}", n[k]));
            lines.push(format!("{k:>5}") + &norms.collect::<String>());
        }
        lines
    }

    /// The norms against k, a line per model, on a log scale, as an SVG.
    pub fn plot(&self) -> String {
        let mut p = Plot::new(
            "gradient left k steps back",
            "k (steps back from the loss)",
            "‖∂L/∂h(T−k)‖",
        )
        .log_y();
        for (name, norms) in &self.columns {
            let points = norms.iter().enumerate().map(|(k, &n)| (k as f64, n));
            p = p.series(name, points.collect());
        }
        p.to_svg()
    }
}

/// A gradient of norm 1 arrives at the last hidden state of a plain RNN for every σ of
/// [`SIGMAS`] (the same Wx and inputs, Wh with that largest singular value), and of an
/// LSTM as initialised (forget bias 1); returns the norm of what is left k steps back.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::vanishing::{measure, Options};
///
/// let report = measure(&Options { hidden: 8, timesteps: 20, seed: 0 });
/// let (name, norms) = &report.columns[0];
/// assert_eq!(name, "RNN σ=0.5");
/// assert!((norms[0] - 1.0).abs() < 1e-12 && norms[20] < 1e-5); // vanished
/// ```
pub fn measure(options: &Options) -> Report {
    let (hidden, timesteps, seed) = (options.hidden, options.timesteps, options.seed);
    let d = INPUT_SIZE;
    let mut rng = Mt19937::new(seed);
    let randn = |rows, cols, scale: f64, rng: &mut Mt19937| {
        Matrix::randn(rows, cols, rng).map(|x| scale * x)
    };
    let inputs = randn(timesteps, d, INPUT_SCALE, &mut rng);
    let wx = randn(hidden, d, 1.0 / (d as f64).sqrt(), &mut rng);
    let v = randn(1, hidden, 1.0, &mut rng);
    let norm = v.norm();
    let dh_last = Vector::from(v.as_slice()).map(|x| x / norm);
    let mut columns: Vec<(String, Vec<f64>)> = Vec::new();
    for sigma in SIGMAS {
        let wh = with_largest_singular_value(hidden, sigma, &mut rng);
        let cell = RnnCell::new(wx.clone(), wh, Vector::zeros(hidden)).expect("shapes made to fit");
        let norms = gradient_norms_through_time(&cell, &inputs, &Vector::zeros(hidden), &dh_last)
            .expect("shapes made to fit");
        columns.push((format!("RNN σ={sigma}"), norms));
    }
    // The LSTM as initialised (forget-gate bias 1).
    let lstm = LstmCell::init(d, hidden, &mut rng);
    let norms = gradient_norms_through_time(&lstm, &inputs, &Vector::zeros(2 * hidden), &dh_last)
        .expect("shapes made to fit");
    columns.push(("LSTM".to_string(), norms));
    Report { columns }
}
