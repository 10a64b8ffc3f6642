//! `rnn vanishing`: the long-term dependency problem, measured.

use super::args::{Args, CliError, failure};
use super::output::errln;
use rnn_from_scratch::programs::vanishing::{Options, measure};

pub const HELP: super::Help = super::help_text!("vanishing");

pub fn run(mut args: Args) -> Result<(), CliError> {
    let options = Options {
        hidden: args.count("hidden", 32, 1, 1024)?,
        timesteps: args.count("timesteps", 60, 1, 10_000)?,
        seed: args.seed()?,
    };
    let plot = args.output("plot")?;
    args.finish()?;
    let report = measure(&options);
    super::output::lines(&report.lines(&options))?;
    if let Some(path) = plot {
        let svg = report.plot();
        super::write_page(&path, &svg).map_err(|e| failure!("rnn vanishing: {e}"))?;
        errln!("wrote the plot to {}", path.display());
    }
    Ok(())
}
