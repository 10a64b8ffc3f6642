//! `rnn bench`: how fast one training step is, in iterations/s and GFLOP/s.

use super::args::{Args, CliError};
use rnn_from_scratch::Mt19937;
use rnn_from_scratch::text::one_hot;
use rnn_from_scratch::train::char_rnn::{OptimizerKind, Trainer, init};
use rnn_from_scratch::train::fast::flops_per_step;
use rnn_from_scratch::train::{Adagrad, Optimizer, clip_values};
use std::time::Instant;

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
    let sizes = args.counts("hidden", &[100, 512], 1, 8192)?;
    let vocab = args.count("vocab", 76, 1, 100_000)?;
    let seq_len = args.count("seq-len", 25, 1, 100_000)?;
    let seconds = args.positive("seconds", 3.0)?;
    let literal = args.flag("literal")?;
    args.finish()?;
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; use `cargo run --release -- bench` for real figures"
        );
    }
    let mut rng = Mt19937::new(0);
    let data: Vec<usize> = (0..seq_len * 64 + 1).map(|_| rng.below(vocab)).collect();
    let chunk = |k: usize| {
        let p = (k % 64) * seq_len;
        (&data[p..p + seq_len], &data[p + 1..p + seq_len + 1])
    };
    for hidden in sizes {
        let flops = flops_per_step(hidden, vocab, seq_len) as f64;
        let mut trainer = Trainer::new(
            init(vocab, hidden, &mut rng),
            OptimizerKind::Adagrad.build(0.1),
            5.0,
        );
        let (steps, elapsed) = timed(seconds, |k| {
            let (x, y) = chunk(k);
            trainer.step(x, y).expect("random indices are in range");
        });
        let rate = steps as f64 / elapsed;
        println!(
            "fast path:    hidden {hidden:4}, V {vocab}, seq-len {seq_len}: {rate:9.0} it/s, {:6.2} GFLOP/s ({steps} steps in {elapsed:.2} s)",
            rate * flops / 1e9
        );
        if literal {
            let rnn = init(vocab, hidden, &mut rng);
            let mut model = rnn.clone();
            let mut adagrad = Adagrad::new(0.1);
            let h0 = rnn_from_scratch::Vector::zeros(hidden);
            let (steps, elapsed) = timed(seconds, |k| {
                let (x, y) = chunk(k);
                let (_, mut g, _) = model
                    .loss_and_gradients(&one_hot(x, vocab), y, &h0)
                    .expect("in range");
                clip_values(&mut g, 5.0);
                adagrad.step(&mut model, &g);
            });
            let rate = steps as f64 / elapsed;
            println!(
                "literal path: hidden {hidden:4}, V {vocab}, seq-len {seq_len}: {rate:9.0} it/s, {:6.2} GFLOP/s ({steps} steps in {elapsed:.2} s)",
                rate * flops / 1e9
            );
        }
    }
    Ok(())
}

/// Runs `step(k)` for k = 0, 1, … until `seconds` have passed (after a short warm-up);
/// returns (steps, seconds taken).
fn timed(seconds: f64, mut step: impl FnMut(usize)) -> (usize, f64) {
    for k in 0..3 {
        step(k);
    }
    let start = Instant::now();
    let mut steps = 0;
    while start.elapsed().as_secs_f64() < seconds {
        for _ in 0..10 {
            step(steps);
            steps += 1;
        }
    }
    (steps, start.elapsed().as_secs_f64())
}
