//! `rnn` (no subcommand): the notes' numpy program, line for line.
//!
//! stdout is exactly what the notes' program prints after `np.random.seed(seed)`, so it
//! can be compared with numpy's with `diff`; the explanation goes to stderr.

use super::args::{Args, CliError};
use super::output::{errln, outln};
use rnn_from_scratch::io::heat_map::heat_map;
use rnn_from_scratch::io::save::write_atomically;
use rnn_from_scratch::programs::memory;
use rnn_from_scratch::programs::trace::trace;
use rnn_from_scratch::{Init, Matrix, Mt19937, RnnCell, Vector};

pub const HELP: &str = "\
rnn: the notes' numpy program (2. 파이썬으로 RNN 구현하기), in Rust

Prints exactly what the notes' program prints when np.random.seed(SEED) is put first:
the shape of the growing list of hidden states after each step, (1, 8) … (10, 8),
then the timesteps×hidden_size matrix of all hidden states, as numpy prints it.
An explanation of the numbers follows on stderr.

usage: rnn [--seed N] [--timesteps T] [--input-size D] [--hidden-size DH] [--init uniform|xavier]
           [--trace] [--trace-step K] [--plot FILE.svg]

  --seed N          np.random.seed(N), 0 to 4294967295               [0]
  --timesteps T     the program's timesteps (시점의 수)                [10]
  --input-size D    the program's input_size, d (단어 벡터의 차원)     [4]
  --hidden-size DH  the program's hidden_size, Dh (은닉 상태 크기)     [8]
  --init KIND       uniform: the notes' np.random.random weights      [uniform]
                    xavier:  small zero-centred weights, b = 0 (see the docs of `init`)
  --trace           instead, step through timestep 1 by hand: Iₜ, Wx, Wh, b, hₜ₋₁,
                    Wx·Iₜ, Wh·hₜ₋₁, their sum with b, and tanh of it, as numpy prints them
  --trace-step K    the same for timestep K (1 to T)
  --plot FILE.svg   also draw the hidden states as a heat map (blue −1, white 0, red +1)
  -h, --help        this text

";

/// The largest sizes accepted: far beyond a teaching example, well within memory.
const MAX_SIZE: usize = 4096;
const MAX_TIMESTEPS: usize = 1_000_000;

pub fn run(mut args: Args) -> Result<(), CliError> {
    let seed: u32 = args.seed()?;
    let timesteps = args.count("timesteps", 10, 1, MAX_TIMESTEPS)?;
    let input_size = args.count("input-size", 4, 1, MAX_SIZE)?;
    let hidden_size = args.count("hidden-size", 8, 1, MAX_SIZE)?;
    let init = match args
        .choice("init", &["uniform", "xavier"], "uniform")?
        .as_str()
    {
        "xavier" => Init::Xavier,
        _ => Init::Uniform,
    };
    // --trace-step K implies --trace; --trace alone is step 1.
    let trace_step: Option<usize> = args.optional("trace-step", "a whole number from 1")?;
    let plot = args.path("plot")?;
    let trace_step = match (args.flag("trace")?, trace_step) {
        (_, Some(k)) => Some(k),
        (true, None) => Some(1),
        (false, None) => None,
    };
    args.finish()?;
    let needed = memory::notes_program(timesteps, input_size, hidden_size);
    memory::check(
        needed,
        memory::available(),
        "the inputs, the weights and every hidden state",
        "--timesteps, --input-size or --hidden-size",
    )
    .map_err(|e| CliError::Usage(format!("rnn: {e}")))?;

    // import numpy as np; np.random.seed(seed)
    let mut rng = Mt19937::new(seed);

    // inputs = np.random.random((timesteps,input_size))
    let inputs = Matrix::random(timesteps, input_size, &mut rng);

    // hidden_state_t = np.zeros((hidden_size,))
    let mut hidden_state_t = Vector::zeros(hidden_size);

    // Wx = np.random.random((hidden_size,input_size))
    // Wh = np.random.random((hidden_size,hidden_size))
    // b = np.random.random((hidden_size,))
    let cell = init.cell(input_size, hidden_size, &mut rng);
    if let Some(k) = trace_step {
        return print_trace(&cell, &inputs, k);
    }

    // total_hidden_states = []
    let mut total_hidden_states: Vec<Vector> = Vec::new();

    // for input_t in inputs:
    for t in 0..timesteps {
        let input_t = Vector::from(inputs.row(t));
        // output_t = np.tanh(np.dot(Wx,input_t) + np.dot(Wh,hidden_state_t) + b)
        let output_t = cell.step(&input_t, &hidden_state_t);
        // total_hidden_states.append(list(output_t))
        total_hidden_states.push(output_t.clone());
        // print(np.shape(total_hidden_states))
        outln!("({}, {})", total_hidden_states.len(), hidden_size)?;
        // hidden_state_t = output_t
        hidden_state_t = output_t;
    }

    // total_hidden_states = np.stack(total_hidden_states)
    let total_hidden_states =
        Matrix::stack(&total_hidden_states).expect("every hidden state has hidden_size values");
    // print(total_hidden_states)
    outln!("{total_hidden_states}")?;

    errln!("{}", explain(&total_hidden_states, init));
    if let Some(path) = plot {
        let svg = heat_map(
            &plot_title(&total_hidden_states, init, seed),
            &total_hidden_states,
            "timestep t",
            "unit of hₜ",
        );
        write_atomically(&path, svg.as_bytes())
            .map_err(|e| CliError::Failure(format!("rnn: {e}")))?;
        errln!(
            "wrote the heat map of the hidden states to {}",
            path.display()
        );
    }
    Ok(())
}

/// `--trace`: timestep `k` of the notes' formula, one value after another, each labelled
/// with the notes' symbol, the program's name for it and its shape, printed as numpy
/// prints it (`tests/golden/notes_program.py` prints the same with numpy).
fn print_trace(cell: &RnnCell, inputs: &Matrix, k: usize) -> Result<(), CliError> {
    let (timesteps, (dh, d)) = (inputs.shape().0, cell.wx().shape());
    let step = trace(cell, inputs, &Vector::zeros(dh), k)
        .map_err(|e| CliError::Usage(format!("rnn: {e}")))?;
    let column = |n: usize, letters: &str| format!("{letters}×1 = {n}×1");
    let h_prev = if k == 1 { "h₀" } else { "hₜ₋₁" };
    outln!("timestep t = {k} of {timesteps}, by hand: hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)")?;
    outln!("Iₜ = input_t, row {} of inputs ({})", k - 1, column(d, "d"))?;
    outln!("{}", step.input_t)?;
    outln!("Wx ({})", format_args!("Dh×d = {dh}×{d}"))?;
    outln!("{}", cell.wx())?;
    outln!("Wh ({})", format_args!("Dh×Dh = {dh}×{dh}"))?;
    outln!("{}", cell.wh())?;
    outln!("b ({})", column(dh, "Dh"))?;
    outln!("{}", cell.b())?;
    outln!("hₜ₋₁ = {h_prev} = hidden_state_t ({})", column(dh, "Dh"))?;
    outln!("{}", step.h_prev)?;
    outln!("Wx·Iₜ = np.dot(Wx,input_t) ({})", column(dh, "Dh"))?;
    outln!("{}", step.wx_input_t)?;
    outln!("Wh·hₜ₋₁ = np.dot(Wh,hidden_state_t) ({})", column(dh, "Dh"))?;
    outln!("{}", step.wh_h_prev)?;
    outln!("Wx·Iₜ + Wh·hₜ₋₁ + b ({})", column(dh, "Dh"))?;
    outln!("{}", step.pre_activation)?;
    outln!(
        "hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b) = output_t ({})",
        column(dh, "Dh")
    )?;
    outln!("{}", step.h_t)?;
    Ok(())
}

/// The heat map's title: the initialisation and how many values after step 1 are
/// saturated (above 0.999 in size).
fn plot_title(states: &Matrix, init: Init, seed: u32) -> String {
    let hidden_size = states.shape().1;
    let after_first = &states.as_slice()[hidden_size.min(states.as_slice().len())..];
    let saturated = after_first.iter().filter(|h| h.abs() > 0.999).count();
    let weights = match init {
        Init::Uniform => "np.random.random weights",
        Init::Xavier => "Xavier weights",
        Init::PyTorch => "PyTorch's weights",
    };
    format!(
        "hₜ, {weights}, seed {seed}: {saturated} of {} values after step 1 above 0.999",
        after_first.len()
    )
}

/// Why the values look the way they do, measured on this run.
fn explain(states: &Matrix, init: Init) -> String {
    let (timesteps, hidden_size) = states.shape();
    let after_first = &states.as_slice()[hidden_size.min(states.as_slice().len())..];
    let saturated = after_first.iter().filter(|h| h.abs() > 0.999).count();
    let slope = |h: &f64| 1.0 - h * h;
    let mean_slope = after_first.iter().map(slope).sum::<f64>() / after_first.len().max(1) as f64;
    let mut text = String::new();
    if timesteps < 2 {
        return "(Run with --timesteps 2 or more to see how the hidden state evolves.)".to_string();
    }
    text.push_str(&format!(
        "\nFrom timestep 2 on, {saturated} of {} hidden values ({:.0}%) are above 0.999 in size; \
         tanh's slope 1 − hₜ² there averages {mean_slope:.2e}.\n",
        after_first.len(),
        100.0 * saturated as f64 / after_first.len() as f64,
    ));
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
             Wx·Iₜ + Wh·hₜ₋₁ + b have few terms\nand most values stay below saturation. \
             With the notes' sizes (d = 4, Dh = 8) every value from step 2 on is above 0.999.",
        ),
        (_, _) => text.push_str(
            "With small weights centred on 0 (here Xavier's, uniform on ±√(6/(fan_in+fan_out)), b = 0) \
             the sums stay near 0,\nwhere tanh is nearly linear and its slope near 1: gradients can flow. \
             Compare `cargo run` (the notes' all-positive weights).",
        ),
    }
    text
}
