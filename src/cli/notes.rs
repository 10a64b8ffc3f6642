//! `rnn` (no subcommand): the notes' numpy program
//! ([`programs::notes`](rnn_from_scratch::programs::notes), line for line), printed.
//!
//! stdout is exactly what the notes' program prints after `np.random.seed(seed)`, so it
//! can be compared with numpy's with `diff`; the explanation goes to stderr.

use super::args::{Args, CliError, usage};
use super::output::{errln, outln};
use rnn_from_scratch::Init;
use rnn_from_scratch::io::heat_map::heat_map;
use rnn_from_scratch::programs::memory;
use rnn_from_scratch::programs::notes;

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
    let need = memory::notes_program(timesteps, input_size, hidden_size);
    super::check_memory("rnn", need)?;

    let (inputs, cell) = notes::setup(seed, timesteps, input_size, hidden_size, init);
    if let Some(k) = trace_step {
        let lines = notes::trace_lines(&cell, &inputs, k).map_err(|e| usage!("rnn: {e}"))?;
        return super::output::lines(&lines);
    }
    // The notes' loop, printing np.shape(total_hidden_states) after each step.
    let total_hidden_states =
        notes::run(&inputs, &cell, |(rows, cols)| outln!("({rows}, {cols})"))?;
    // print(total_hidden_states)
    outln!("{total_hidden_states}")?;

    errln!("{}", notes::explain(&total_hidden_states, init));
    if let Some(path) = plot {
        let title = notes::plot_title(&total_hidden_states, init, seed);
        let svg = heat_map(&title, &total_hidden_states, "timestep t", "unit of hₜ");
        super::write_page("rnn", &path, &svg)?;
        let path = path.display();
        errln!("wrote the heat map of the hidden states to {path}");
    }
    Ok(())
}
