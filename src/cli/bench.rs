//! `rnn bench`: how fast one training step is, in iterations/s and GFLOP/s.

use super::args::{Args, CliError, usage};
use super::output::{errln, outln};
use rnn_from_scratch::cells::CellKind;
use rnn_from_scratch::programs::bench::{ClassifierOptions, Options, classifier, run as run_bench};

pub fn run(mut args: Args) -> Result<(), CliError> {
    if args.has("batch") {
        let batch = args.count("batch", 1, 1, 10_000)?;
        if args.has("literal") {
            return Err(usage!(
                "rnn bench: --literal times the one-sequence path (the character model's \
                 literal formulas) and does not combine with --batch, which times the batched \
                 classifier: give one or the other"
            ));
        }
        return run_classifier(args, batch);
    }
    let options = Options {
        cell: args.cell_or(CellKind::Rnn)?,
        hidden: args.counts("hidden", &[100, 512], 1, 8192)?,
        vocab: args.count("vocab", 76, 1, 100_000)?,
        seq_len: args.count("seq-len", 25, 1, 100_000)?,
        seconds: args.positive("seconds", 3.0)?,
        literal: args.flag("literal")?,
    };
    args.finish()?;
    if options.seconds > 3600.0 {
        return Err(usage!(
            "rnn bench: --seconds must be at most 3600 (an hour per size), got {}",
            options.seconds
        ));
    }
    for &hidden in &options.hidden {
        let (bytes, what, lower) = options.memory(hidden);
        super::check_memory("rnn bench", (bytes, &what, lower))?;
    }
    if cfg!(debug_assertions) {
        errln!("note: this is a debug build; use `cargo run --release -- bench` for real figures");
    }
    run_bench(&options, |row| outln!("{}", row.line(&options))).map(drop)
}

/// `rnn bench --batch B`: the many-to-one classifier on random ids.
fn run_classifier(mut args: Args, batch: usize) -> Result<(), CliError> {
    let options = ClassifierOptions {
        cell: args.cell_or(CellKind::Rnn)?,
        batch,
        seq_len: args.count("seq-len", 35, 1, 100_000)?,
        embedding: args.count("embedding", 64, 1, 4096)?,
        hidden: args.count("hidden", 128, 1, 4096)?,
        vocab: args.count("vocab", 2000, 1, 1_000_000)?,
        threads: args.threads()?,
        seconds: args.positive("seconds", 3.0)?,
    };
    args.finish()?;
    if options.seconds > 3600.0 {
        return Err(usage!(
            "rnn bench: --seconds must be at most 3600, got {}",
            options.seconds
        ));
    }
    super::check_memory("rnn bench", options.memory())?;
    outln!("{}", classifier(&options).classifier_line(&options))
}
