//! `rnn vanishing`: the long-term dependency problem, measured.

use super::args::{Args, CliError, failure};
use super::output::{errln, out, outln};
use rnn_from_scratch::io::svg::Plot;
use rnn_from_scratch::programs::vanishing::{INPUT_SIZE, Options, measure};

pub const HELP: super::Help = super::help_text!("vanishing");

pub fn run(mut args: Args) -> Result<(), CliError> {
    let hidden = args.count("hidden", 32, 1, 1024)?;
    let timesteps = args.count("timesteps", 60, 1, 10_000)?;
    let seed: u32 = args.seed()?;
    let plot = args.output("plot")?;
    args.finish()?;

    let report = measure(&Options {
        hidden,
        timesteps,
        seed,
    });
    let columns = report.columns;
    let d = INPUT_SIZE;
    outln!(
        "‖∂L/∂h(T−k)‖ for a gradient of norm 1 at the last step (Dh = {hidden}, d = {d}, T = {timesteps}, seed {seed})"
    )?;
    outln!(
        "σ = the largest singular value of Wh (power iteration); the LSTM's column is ‖∂L/∂[h; c]‖"
    )?;
    out!("{:>5}", "k")?;
    for (name, _) in &columns {
        out!("{name:>13}")?;
    }
    outln!()?;
    let mut ks: Vec<usize> = [0, 1, 2, 5, 10, 20, 30, 40, 50, 60, 80, 100]
        .into_iter()
        .filter(|&k| k <= timesteps)
        .collect();
    if ks.last() != Some(&timesteps) {
        ks.push(timesteps);
    }
    for k in ks {
        out!("{k:>5}")?;
        for (_, norms) in &columns {
            out!("{:>13.3e}", norms[k])?;
        }
        outln!()?;
    }
    if let Some(path) = plot {
        let mut p = Plot::new(
            "gradient left k steps back",
            "k (steps back from the loss)",
            "‖∂L/∂h(T−k)‖",
        )
        .log_y();
        for (name, norms) in &columns {
            p = p.series(
                name,
                norms
                    .iter()
                    .enumerate()
                    .map(|(k, &n)| (k as f64, n))
                    .collect(),
            );
        }
        super::write_page(&path, &p.to_svg()).map_err(|e| failure!("rnn vanishing: {e}"))?;
        errln!("wrote the plot to {}", path.display());
    }
    Ok(())
}
