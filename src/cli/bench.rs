//! `rnn bench`: how fast one training step is, in iterations/s and GFLOP/s.

use super::args::{Args, CliError};
use rnn_from_scratch::programs::bench::{Options, run as run_bench};

pub const HELP: &str = "\
rnn bench: the speed of one training step of the character model, on one thread

A step is what `rnn char-rnn train` does per iteration: forward and backward through a
chunk (BPTT), clipping to ±5, an Adagrad update. Random characters stand in for text.

usage: rnn bench [--hidden 100,512] [--vocab 76] [--seq-len 25] [--seconds 3] [--literal]

  --hidden LIST   hidden sizes Dh to time, comma-separated           [100,512]
  --vocab V       vocabulary size (d = V)                            [76]
  --seq-len T     characters per chunk                               [25]
  --seconds S     time spent on each size                            [3]
  --literal       also time the literal formula path (loss_and_gradients), for comparison

Build with --release: cargo run --release -- bench
";

pub fn run(mut args: Args) -> Result<(), CliError> {
    let options = Options {
        hidden: args.counts("hidden", &[100, 512], 1, 8192)?,
        vocab: args.count("vocab", 76, 1, 100_000)?,
        seq_len: args.count("seq-len", 25, 1, 100_000)?,
        seconds: args.positive("seconds", 3.0)?,
        literal: args.flag("literal")?,
    };
    args.finish()?;
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; use `cargo run --release -- bench` for real figures"
        );
    }
    let (vocab, seq_len) = (options.vocab, options.seq_len);
    run_bench(&options, |row| {
        println!(
            "{:<13} hidden {:4}, V {vocab}, seq-len {seq_len}: {:9.0} it/s, {:6.2} GFLOP/s ({} steps in {:.2} s)",
            format!("{} path:", row.path),
            row.hidden,
            row.rate(),
            row.gflops(),
            row.steps,
            row.seconds
        );
    });
    Ok(())
}
