//! `rnn long-memory`: a plain RNN, an LSTM and a GRU on a task that needs memory across T
//! steps.

use super::args::{Args, CliError, failure};
use super::output::{errln, outln, warn_if_not_better};
use super::progress::Progress;
use rnn_from_scratch::programs::long_memory::{Budget, CELLS, Options, compare};

/// Adam's learning rate unless --lr says otherwise.
const DEFAULT_LEARNING_RATE: f64 = 0.002;

pub fn run(mut args: Args) -> Result<(), CliError> {
    let options = Options {
        lengths: args.counts("lengths", &[5, 10, 20, 50, 100], 1, 10_000)?,
        hidden: args.count("hidden", 16, 1, 512)?,
        budget: Budget {
            steps: args.count("steps", 600, 1, 1_000_000)?,
            batch: args.count("batch", 8, 1, 10_000)?,
            learning_rate: args.positive("lr", DEFAULT_LEARNING_RATE)?,
            optimizer: args.optimizer(&["adam", "adagrad", "sgd"], "adam")?,
            test_size: 400,
        },
        seed: args.seed()?,
        threads: args.threads()?,
    };
    let plot = args.output("plot")?;
    let quiet = args.flag("quiet")?;
    args.finish()?;
    super::check_memory("rnn long-memory", options.memory())?;
    let budget = options.budget;
    // A job's work is about T·steps·batch symbols read: progress counts those, so the
    // estimate of the time left holds though T = 100 takes 20 times as long as T = 5.
    let work = |t: usize| (t * budget.steps * budget.batch) as u64;
    let total = options.lengths.iter().map(|&t| work(t)).sum::<u64>() * CELLS.len() as u64;
    let (mut progress, mut done) = (Progress::new(total, "symbols", quiet), 0);
    let report = compare(&options, |t, cell, accuracy| {
        done += work(t);
        progress.message(&format!("T = {t:3}: {cell:4} accuracy {accuracy:.3}"));
        progress.update(done, "read in training");
    });
    progress.finish();
    let report = report.map_err(|e| failure!("rnn long-memory: {e}"))?;
    super::output::lines(&report.lines(&options, progress.elapsed()))?;
    if let Some(path) = plot {
        super::write_page("rnn long-memory", &path, &report.plot(&options))?;
        errln!("wrote the plot to {}", path.display());
    }
    outln!("{}", report.figure())?;
    // Even the shortest sequences, which every cell learns at the defaults, at chance:
    // nothing was learned.
    let (shortest, best) = report.shortest();
    let what = format!("chance + 0.1 at the shortest T = {shortest}");
    let rates = (budget.learning_rate, DEFAULT_LEARNING_RATE);
    warn_if_not_better(&(best, 0.6, what), rates);
    Ok(())
}
