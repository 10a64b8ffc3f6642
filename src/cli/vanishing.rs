//! `rnn vanishing`: the long-term dependency problem, measured.

use super::args::{Args, CliError};
use super::output::errln;
use rnn_from_scratch::programs::vanishing::{Options, measure};

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
        super::write_page("rnn vanishing", &path, &report.plot())?;
        errln!("wrote the plot to {}", path.display());
    }
    Ok(())
}
