//! `rnn` (no subcommand): the notes' numpy program
//! ([`programs::notes`](rnn_from_scratch::programs::notes), line for line), printed.
//!
//! stdout is exactly what the notes' program prints after `np.random.seed(seed)`, so it
//! can be compared with numpy's with `diff`; the explanation goes to stderr.

use super::args::{Args, CliError, failure, usage};
use super::output::{errln, outln};
use rnn_from_scratch::io::heat_map::heat_map;
use rnn_from_scratch::programs::memory;
use rnn_from_scratch::programs::notes;
use rnn_from_scratch::programs::trace::trace;
use rnn_from_scratch::{Init, Matrix, RnnCell, Vector};

pub const HELP: super::Help = super::help_text!("notes");

/// The largest sizes accepted: far beyond a teaching example, well within memory.
const MAX_SIZE: usize = 4096;
const MAX_TIMESTEPS: usize = 1_000_000;

pub fn run(mut args: Args) -> Result<(), CliError> {
    let seed: u32 = args.seed()?;
    let timesteps = args.count("timesteps", 10, 1, MAX_TIMESTEPS)?;
    let input_size = args.count("input-size", 4, 1, MAX_SIZE)?;
    let hidden_size = args.count("hidden-size", 8, 1, MAX_SIZE)?;
    let xavier = args.choice("init", &["uniform", "xavier"], "uniform")? == "xavier";
    let init = if xavier { Init::Xavier } else { Init::Uniform };
    // --trace-step K implies --trace; --trace alone is step 1.
    let trace_step: Option<usize> = args.optional("trace-step", "a whole number from 1")?;
    let plot = args.output("plot")?;
    let trace_step = trace_step.or(args.flag("trace")?.then_some(1));
    args.finish()?;
    let needed = memory::notes_program(timesteps, input_size, hidden_size);
    super::check_memory(
        "rnn",
        needed,
        "the inputs, the weights and every hidden state",
        "--timesteps, --input-size or --hidden-size",
    )?;

    let (inputs, cell) = notes::setup(seed, timesteps, input_size, hidden_size, init);
    if let Some(k) = trace_step {
        return print_trace(&cell, &inputs, k);
    }
    // The notes' loop, printing np.shape(total_hidden_states) after each step.
    let total_hidden_states =
        notes::run(&inputs, &cell, |(rows, cols)| outln!("({rows}, {cols})"))?;
    // print(total_hidden_states)
    outln!("{total_hidden_states}")?;

    errln!("{}", notes::explain(&total_hidden_states, init));
    if let Some(path) = plot {
        let svg = heat_map(
            &notes::plot_title(&total_hidden_states, init, seed),
            &total_hidden_states,
            "timestep t",
            "unit of hₜ",
        );
        super::write_page(&path, &svg).map_err(|e| failure!("rnn: {e}"))?;
        errln!(
            "wrote the heat map of the hidden states to {}",
            path.display()
        );
    }
    Ok(())
}

/// `--trace`: timestep `k` of the notes' formula, one value after another, each labelled
/// with the notes' symbol, the program's name for it and its shape, printed as numpy
/// prints it (`tests/golden/notes_program.py` prints the same with numpy). With `--lang ko`
/// the three labels that are words are in Korean (the catalogue's twins); the values are the
/// same.
fn print_trace(cell: &RnnCell, inputs: &Matrix, k: usize) -> Result<(), CliError> {
    let (timesteps, (dh, d)) = (inputs.shape().0, cell.wx().shape());
    let step = trace(cell, inputs, &Vector::zeros(dh), k).map_err(|e| usage!("rnn: {e}"))?;
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
        "hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b) = output_t, the hidden state (not the output Oₜ) ({})",
        column(dh, "Dh")
    )?;
    outln!("{}", step.h_t)?;
    Ok(())
}
