//! Shared by the integration tests: reading `tests/golden/*.txt` (format in
//! `tests/golden/golden.py`) and comparing numbers.

#![allow(dead_code)] // each test file uses a different part

use rnn_from_scratch::cells::{Cell, SequenceModel};
use rnn_from_scratch::train::{Example, SequenceGradients, gradient_check};
use rnn_from_scratch::{Activation, Matrix, Mt19937, OutputLayer, Vector};
use std::collections::HashMap;
use std::process::Command;

/// One `case NAME` block of a golden file: its arrays by key.
pub struct Case {
    pub name: String,
    arrays: HashMap<String, Matrix>,
}

impl Case {
    /// The array `key`, as a matrix (rows × cols as written).
    pub fn matrix(&self, key: &str) -> Matrix {
        self.arrays
            .get(key)
            .unwrap_or_else(|| panic!("case {}: no array '{key}' in the golden file", self.name))
            .clone()
    }

    /// The array `key`, which must be one row, as a vector.
    pub fn vector(&self, key: &str) -> Vector {
        let m = self.matrix(key);
        assert!(
            m.shape().0 <= 1,
            "case {}: '{key}' is not one row",
            self.name
        );
        Vector::from(m.as_slice())
    }
}

/// Every case of `tests/golden/{file}`.
pub fn golden(file: &str) -> Vec<Case> {
    let path = format!("{}/tests/golden/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut cases: Vec<Case> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("case ") {
            cases.push(Case {
                name: name.to_string(),
                arrays: HashMap::new(),
            });
            continue;
        }
        let mut words = line.split(' ');
        let key = words.next().expect("a key");
        let rows: usize = words.next().and_then(|w| w.parse().ok()).expect("rows");
        let cols: usize = words.next().and_then(|w| w.parse().ok()).expect("cols");
        let values: Vec<f64> = words.map(|w| w.parse().expect("a float")).collect();
        let m = Matrix::from_vec(rows, cols, values).expect("rows·cols values");
        let case = cases.last_mut().expect("a `case` line first");
        case.arrays.insert(key.to_string(), m);
    }
    cases
}

/// The literal path's loss and gradients of a batch: each example alone through
/// `SequenceModel::loss_and_gradients` from the zero state, ids as one-hot rows, the sums
/// taken in the examples' order. The reference the batched path is held to.
pub fn literal_sum<'a, C: Cell>(
    model: &SequenceModel<C>,
    examples: impl IntoIterator<Item = &'a Example>,
) -> (f64, SequenceGradients<C>) {
    let d = model.cell().input_size();
    let mut total = None;
    for e in examples {
        let (loss, g, _) = model
            .loss_and_gradients(&e.inputs.rows(d), &e.targets, &model.zero_state())
            .unwrap();
        SequenceGradients::accumulate(&mut total, (loss, g));
    }
    total.expect("at least one example")
}

/// Largest |a − b| over two equal-shaped slices.
pub fn max_abs_diff(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len(), "different lengths");
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

/// A rows × cols matrix of normal values with standard deviation `scale`.
pub fn randn(rows: usize, cols: usize, scale: f64, rng: &mut Mt19937) -> Matrix {
    Matrix::randn(rows, cols, rng).map(|x| scale * x)
}

/// `n` normal values with standard deviation `scale`.
pub fn randn_vector(n: usize, scale: f64, rng: &mut Mt19937) -> Vector {
    Vector::randn(n, rng).map(|x| scale * x)
}

/// The gradient checks' tolerance: |a − n| ≤ ABS + REL·max(|a|, |n|).
pub const ABS: f64 = 1e-8;
/// See [`ABS`].
pub const REL: f64 = 1e-6;

/// Gradient-checks a cell inside a [`SequenceModel`] with a random softmax output
/// (V classes), random inputs, targets at every step or only the last, and a random
/// initial state: every weight and the state, |a − n| ≤ 1e-8 + 1e-6·max(|a|, |n|).
/// Returns (entries checked, worst |analytic − numeric|).
pub fn check_sequence_model<C: Cell + std::fmt::Debug>(
    name: &str,
    cell: C,
    v: usize,
    timesteps: usize,
    many_to_one: bool,
    rng: &mut Mt19937,
) -> (usize, f64) {
    let inputs = randn(timesteps, cell.input_size(), 1.0, rng);
    check_sequence_model_on(name, cell, v, inputs, many_to_one, rng)
}

/// [`check_sequence_model`] on the inputs given (one-hot ids for an embedding, say).
#[allow(dead_code)] // not every test file uses every helper
pub fn check_sequence_model_on<C: Cell + std::fmt::Debug>(
    name: &str,
    cell: C,
    v: usize,
    inputs: Matrix,
    many_to_one: bool,
    rng: &mut Mt19937,
) -> (usize, f64) {
    let output = OutputLayer::new(
        randn(v, cell.hidden_size(), 0.7, rng),
        Vector::from(randn(1, v, 0.3, rng).as_slice()),
        Activation::Softmax,
    )
    .unwrap();
    let model = SequenceModel::new(cell, output).unwrap();
    let timesteps = inputs.shape().0;
    let targets: Vec<(usize, usize)> = if many_to_one {
        vec![(timesteps - 1, rng.below(v))]
    } else {
        (0..timesteps).map(|t| (t, rng.below(v))).collect()
    };
    let state0 = Vector::from(randn(1, model.cell().state_size(), 0.5, rng).as_slice());
    let (_, g, _) = model
        .loss_and_gradients(&inputs, &targets, &state0)
        .unwrap();
    let weights = gradient_check(&model, &g, |m: &SequenceModel<C>| {
        m.loss(&inputs, &targets, &state0).unwrap()
    });
    let state = gradient_check(&state0, &g.state0, |s: &Vector| {
        model.loss(&inputs, &targets, s).unwrap()
    });
    let mut worst = 0.0_f64;
    for c in [&weights, &state] {
        let failures = c.failures(ABS, REL);
        assert!(failures.is_empty(), "{name}: {failures:?}");
        worst = worst.max(c.max_error());
    }
    (weights.entries.len() + state.entries.len(), worst)
}

/// Runs the `rnn` binary with `args`: the one way the tests run it.
#[allow(dead_code)] // not every test file uses every helper
pub fn rnn_output(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rnn"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs the `rnn` binary: (stdout, stderr, exit code).
#[allow(dead_code)]
pub fn run_rnn(args: &[&str]) -> (String, String, Option<i32>) {
    let out = rnn_output(args);
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

/// A fresh folder in the temporary directory, removed when the test is done (also when
/// it fails), so `cargo test` leaves nothing behind.
#[allow(dead_code)]
pub struct Scratch(std::path::PathBuf);

#[allow(dead_code)]
impl Scratch {
    /// `rnn-test-<pid>-<name>`, empty.
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("rnn-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
