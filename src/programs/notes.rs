//! The notes' numpy program (2. 파이썬으로 RNN 구현하기), line for line: each numpy line
//! as a comment above the Rust line that does it. `cargo run` runs it and prints what numpy
//! prints after `np.random.seed(seed)`, byte for byte (`tests/notes_program.rs` compares).
//!
//! One name needs a word: the notes call the new hidden state `output_t`. It is hₜ, the
//! hidden state (은닉 상태값), not the output Oₜ = f(Wy·hₜ + by) of the notes' second
//! formula, which this program never computes. The name is kept here so that the two
//! programs read alike.

use crate::cells::{Init, RnnCell};
use crate::linalg::{Matrix, Mt19937, ShapeError, Vector};
use crate::programs::trace::trace;
use std::fmt::Display;

/// The notes' program up to its loop: `np.random.seed(seed)`, the inputs (timesteps × d)
/// and the cell's weights Wx (Dh×d), Wh (Dh×Dh) and b (Dh), drawn in the program's order.
/// `init` chooses the weights: [`Init::Uniform`] is the notes' `np.random.random`.
///
/// ```text
/// import numpy as np; np.random.seed(seed)
/// inputs = np.random.random((timesteps,input_size))
/// Wx = np.random.random((hidden_size,input_size))
/// Wh = np.random.random((hidden_size,hidden_size))
/// b = np.random.random((hidden_size,))
/// ```
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::Init;
/// use rnn_from_scratch::programs::notes::setup;
///
/// let (inputs, cell) = setup(0, 10, 4, 8, Init::Uniform);
/// assert_eq!(inputs.shape(), (10, 4)); // timesteps × d
/// assert_eq!((cell.wx().shape(), cell.wh().shape()), ((8, 4), (8, 8)));
/// assert_eq!(inputs[(0, 0)], 0.5488135039273248); // np.random.seed(0); np.random.random()
/// ```
pub fn setup(
    seed: u32,
    timesteps: usize,
    input_size: usize,
    hidden_size: usize,
    init: Init,
) -> (Matrix, RnnCell) {
    // import numpy as np; np.random.seed(seed)
    let mut rng = Mt19937::new(seed);
    // inputs = np.random.random((timesteps,input_size))
    let inputs = Matrix::random(timesteps, input_size, &mut rng);
    // Wx = np.random.random((hidden_size,input_size))
    // Wh = np.random.random((hidden_size,hidden_size))
    // b = np.random.random((hidden_size,))
    let cell = init.cell(input_size, hidden_size, &mut rng);
    (inputs, cell)
}

/// The notes' loop over the inputs, from h₀ = 0: one [`RnnCell::step`] a timestep, each
/// hₜ appended to the list of hidden states; `print_shape` is called after each append
/// with the list's shape, `(1, 8)` … `(10, 8)`, where the notes print
/// `np.shape(total_hidden_states)`. Returns the stacked timesteps × Dh matrix.
///
/// # Errors
///
/// Whatever `print_shape` returns (the command line's output closed, say).
///
/// # Panics
///
/// As [`RnnCell::step`]: an input row that is not d long (it is, from [`setup`]), or a sum
/// that overflows f64.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::Init;
/// use rnn_from_scratch::programs::notes::{run, setup};
///
/// let (inputs, cell) = setup(0, 10, 4, 8, Init::Uniform);
/// let mut shapes = Vec::new();
/// let states = run(&inputs, &cell, |shape| {
///     shapes.push(shape);
///     Ok::<(), ()>(())
/// })?;
/// assert_eq!(shapes.first(), Some(&(1, 8)));
/// assert_eq!(shapes.last(), Some(&(10, 8)));
/// assert!(states.as_slice()[8..].iter().all(|h| *h > 0.999)); // seed 0: saturated from step 2 on
/// # Ok::<(), ()>(())
/// ```
pub fn run<E>(
    inputs: &Matrix,
    cell: &RnnCell,
    mut print_shape: impl FnMut((usize, usize)) -> Result<(), E>,
) -> Result<Matrix, E> {
    let (timesteps, hidden_size) = (inputs.shape().0, cell.hidden_size());
    // hidden_state_t = np.zeros((hidden_size,))
    let mut hidden_state_t = Vector::zeros(hidden_size);
    // total_hidden_states = []
    let mut total_hidden_states: Vec<Vector> = Vec::new();
    // for input_t in inputs:
    for t in 0..timesteps {
        let input_t = Vector::from(inputs.row(t));
        // output_t = np.tanh(np.dot(Wx,input_t) + np.dot(Wh,hidden_state_t) + b)
        // (output_t is hₜ, the new hidden state: not the output Oₜ)
        let output_t = cell.step(&input_t, &hidden_state_t);
        // total_hidden_states.append(list(output_t))
        total_hidden_states.push(output_t.clone());
        // print(np.shape(total_hidden_states))
        print_shape((total_hidden_states.len(), hidden_size))?;
        // hidden_state_t = output_t
        hidden_state_t = output_t;
    }
    // total_hidden_states = np.stack(total_hidden_states)
    if timesteps == 0 {
        return Ok(Matrix::zeros(0, hidden_size));
    }
    Ok(Matrix::stack(&total_hidden_states).expect("every hidden state has hidden_size values"))
}

/// A heat map's title for the hidden states: the initialisation and how many values after
/// step 1 are saturated (above 0.999 in size).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Init, Matrix};
/// use rnn_from_scratch::programs::notes::plot_title;
///
/// let states = Matrix::from_vec(2, 2, vec![0.5, 0.5, 0.9995, 0.2]).unwrap();
/// assert_eq!(plot_title(&states, Init::Uniform, 0), "hₜ, np.random.random weights, seed 0: 1 of 2 values after step 1 above 0.999");
/// ```
pub fn plot_title(states: &Matrix, init: Init, seed: u32) -> String {
    let (after_first, saturated) = after_first_step(states);
    let weights = match init {
        Init::Uniform => "np.random.random weights",
        Init::Xavier => "Xavier weights",
        Init::PyTorch => "PyTorch's weights",
        Init::Small => "randn·0.01 weights",
    };
    format!(
        "hₜ, {weights}, seed {seed}: {saturated} of {} values after step 1 above 0.999",
        after_first.len()
    )
}

/// The hidden values from timestep 2 on, and how many of them are above 0.999 in size.
fn after_first_step(states: &Matrix) -> (&[f64], usize) {
    let hidden_size = states.shape().1;
    let values = &states.as_slice()[hidden_size.min(states.as_slice().len())..];
    (values, values.iter().filter(|h| h.abs() > 0.999).count())
}

/// Why the hidden states look the way they do, measured on this run: how many are
/// saturated and what tanh's slope is there, and what `init` has to do with it. (`rnn
/// --lang ko` writes it in Korean, line by line, from the command line's catalogue of
/// messages.)
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::Init;
/// use rnn_from_scratch::programs::notes::{explain, run, setup};
///
/// let (inputs, cell) = setup(0, 10, 4, 8, Init::Uniform);
/// let states = run(&inputs, &cell, |_| Ok::<(), ()>(())).unwrap();
/// assert!(explain(&states, Init::Uniform).contains("72 of 72 hidden values (100%) are above 0.999"));
/// ```
pub fn explain(states: &Matrix, init: Init) -> String {
    let timesteps = states.shape().0;
    let (after_first, saturated) = after_first_step(states);
    let slope = |h: &f64| 1.0 - h * h;
    let mean_slope = after_first.iter().map(slope).sum::<f64>() / after_first.len().max(1) as f64;
    if timesteps < 2 {
        return "(Run with --timesteps 2 or more to see how the hidden state evolves.)".to_string();
    }
    let mut text = format!(
        "\nFrom timestep 2 on, {saturated} of {} hidden values ({:.0}%) are above 0.999 in size; \
         tanh's slope 1 − hₜ² there averages {mean_slope:.2e}.\n",
        after_first.len(),
        100.0 * saturated as f64 / after_first.len() as f64,
    );
    let mostly_saturated = 2 * saturated > after_first.len();
    match (init, mostly_saturated) {
        (Init::Uniform, true) => text.push_str(
            "Why: np.random.random draws every weight from [0, 1), all positive, so \
             Wx·Iₜ + Wh·hₜ₋₁ + b is a sum of many\npositive terms and tanh saturates near 1. \
             A saturated tanh passes almost no gradient back, so such a network\nhardly learns. \
             Try `cargo run -- --init xavier`: small weights centred on 0 keep hₜ spread over (−1, 1).",
        ),
        (Init::Uniform, false) => text.push_str(
            "np.random.random's weights are all positive, but with these sizes the sums \
             Wx·Iₜ + Wh·hₜ₋₁ + b have few terms\nand most values stay below saturation.\n\
             With the notes' sizes (d = 4, Dh = 8) most are above 0.999 from step 2 on: \
             all with seed 0, 83% to 94% with seeds 1, 2, 3, 6.",
        ),
        (_, _) => text.push_str(
            "With small weights centred on 0 (here Xavier's, uniform on ±√(6/(fan_in+fan_out)), b = 0) \
             the sums stay near 0,\nwhere tanh is nearly linear and its slope near 1: gradients can flow. \
             Compare `cargo run` (the notes' all-positive weights).",
        ),
    }
    text
}

/// `rnn --trace`: timestep `k` of the notes' formula, one value after another, each labelled
/// with the notes' symbol, the program's name for it and its shape, printed as numpy
/// prints it (`tests/golden/notes_program.py` prints the same with numpy). With `--lang ko`
/// the three labels that are words are in Korean (the catalogue's twins); the values are the
/// same.
///
/// # Errors
///
/// As [`trace`]: a timestep outside 1..=timesteps.
pub fn trace_lines(cell: &RnnCell, inputs: &Matrix, k: usize) -> Result<Vec<String>, ShapeError> {
    let (timesteps, (dh, d)) = (inputs.shape().0, cell.wx().shape());
    let step = trace(cell, inputs, &Vector::zeros(dh), k)?;
    let h_prev = if k == 1 { "h₀" } else { "hₜ₋₁" };
    let mut lines = vec![format!(
        "timestep t = {k} of {timesteps}, by hand: hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)"
    )];
    // Each value under its label: the notes' symbol, the program's name, the shape.
    let mut show = |label: String, value: &dyn Display| lines.extend([label, value.to_string()]);
    let column = |label: &str| format!("{label} (Dh×1 = {dh}×1)");
    let input_t = format!("Iₜ = input_t, row {} of inputs (d×1 = {d}×1)", k - 1);
    show(input_t, &step.input_t);
    show(format!("Wx (Dh×d = {dh}×{d})"), cell.wx());
    show(format!("Wh (Dh×Dh = {dh}×{dh})"), cell.wh());
    show(column("b"), cell.b());
    let h_prev = format!("hₜ₋₁ = {h_prev} = hidden_state_t");
    show(column(&h_prev), &step.h_prev);
    show(column("Wx·Iₜ = np.dot(Wx,input_t)"), &step.wx_input_t);
    let wh_h_prev = column("Wh·hₜ₋₁ = np.dot(Wh,hidden_state_t)");
    show(wh_h_prev, &step.wh_h_prev);
    show(column("Wx·Iₜ + Wh·hₜ₋₁ + b"), &step.pre_activation);
    let h_t = "hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b) = output_t, the hidden state (not the output Oₜ)";
    show(column(h_t), &step.h_t);
    Ok(lines)
}
