//! `rnn bench`: how fast one training step is, in iterations/s and GFLOP/s.

use super::args::{Args, CliError};
use super::output::{errln, outln};
use rnn_from_scratch::programs::bench::{Options, run as run_bench};
use rnn_from_scratch::programs::memory;

pub const HELP: &str = "\
rnn bench: the speed of one training step of the character model (any cell), on one thread

A step is what `rnn char-rnn train` does per iteration: forward and backward through a
chunk (BPTT), clipping to ±5, an Adagrad update. Random characters stand in for text.

usage: rnn bench [--cell rnn|lstm|gru] [--hidden 100,512] [--vocab 76] [--seq-len 25]
                 [--seconds 3] [--literal]

  --cell KIND     the character model's cell                         [rnn]

  --hidden LIST   hidden sizes Dh to time, comma-separated           [100,512]
  --vocab V       vocabulary size (d = V)                            [76]
  --seq-len T     characters per chunk                               [25]
  --seconds S     time spent on each size, at most 3600               [3]
  --literal       also time the literal formula path (loss_and_gradients), for comparison

Build with --release: cargo run --release -- bench
";

pub fn run(mut args: Args) -> Result<(), CliError> {
    let options = Options {
        cell: args.cell()?,
        hidden: args.counts("hidden", &[100, 512], 1, 8192)?,
        vocab: args.count("vocab", 76, 1, 100_000)?,
        seq_len: args.count("seq-len", 25, 1, 100_000)?,
        seconds: args.positive("seconds", 3.0)?,
        literal: args.flag("literal")?,
    };
    args.finish()?;
    if options.seconds > 3600.0 {
        return Err(CliError::Usage(format!(
            "rnn bench: --seconds must be at most 3600 (an hour per size), got {}",
            options.seconds
        )));
    }
    let limit = memory::available();
    for &hidden in &options.hidden {
        let needed =
            2 * memory::char_training(options.cell, options.vocab, hidden, options.seq_len)
                + 8 * 64 * options.seq_len as u128;
        memory::check(
            needed,
            limit,
            &format!("hidden {hidden}: the weights, their gradients and a chunk's caches"),
            "--hidden, --vocab or --seq-len",
        )
        .map_err(|e| CliError::Usage(format!("rnn bench: {e}")))?;
    }
    if cfg!(debug_assertions) {
        errln!("note: this is a debug build; use `cargo run --release -- bench` for real figures");
    }
    let (vocab, seq_len) = (options.vocab, options.seq_len);
    let mut failed = None;
    run_bench(&options, |row| {
        let written = outln!(
            "{} {:<13} hidden {:4}, V {vocab}, seq-len {seq_len}: {:9.0} it/s, {:6.2} GFLOP/s ({} steps in {:.2} s)",
            options.cell.name(),
            format!("{} path:", row.path),
            row.hidden,
            row.rate(),
            row.gflops(),
            row.steps,
            row.seconds
        );
        // The first write that fails (a closed pipe, a full disk) is the one reported.
        if let (Err(e), None) = (written, &failed) {
            failed = Some(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(())
}
