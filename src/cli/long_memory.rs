//! `rnn long-memory`: a plain RNN, an LSTM and a GRU on a task that needs memory across T
//! steps.

use super::args::{Args, UsageError};
use super::progress::Progress;
use rnn_from_scratch::long_memory::{Budget, SYMBOLS, train_and_test};
use rnn_from_scratch::save::write_atomically;
use rnn_from_scratch::svg::Plot;
use rnn_from_scratch::{GruCell, Init, LstmCell, Mt19937};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

pub const HELP: &str = "\
rnn long-memory: can the model remember the first symbol of a long sequence?

Each sequence is A or B followed by T−1 random distractors (c d e f); the model reads all
T symbols and must say whether the first was A or B (guessing scores 0.5). A plain RNN,
an LSTM and a GRU of the same hidden size are trained the same way (the same optimiser,
number of steps and sequences) for each T, and tested on 400 held-out sequences.
Columns: rnn; lstm with its memory initialised to span T steps (chrono initialisation);
lstm(b_f=1), the LSTM's usual initialisation; gru.

usage: rnn long-memory [--lengths 5,10,20,50,100] [--hidden 16] [--steps 600] [--batch 8]
                       [--optimizer adam|adagrad|sgd] [--lr 0.002] [--seed 0]
                       [--plot FILE.svg] [--quiet]

The last line is `longest T=<T>: rnn <accuracy>, lstm <accuracy>`.
Build with --release: cargo run --release -- long-memory
";

/// The cells compared: the plain RNN, the LSTM with its memory initialised to reach T steps
/// ("chrono"), the LSTM as [`LstmCell::init`] makes it (forget bias 1), and the GRU.
const CELLS: [&str; 4] = ["rnn", "lstm", "lstm(b_f=1)", "gru"];

pub fn run(mut args: Args) -> Result<(), UsageError> {
    let lengths = args.counts("lengths", &[5, 10, 20, 50, 100], 1, 10_000)?;
    let hidden = args.count("hidden", 16, 1, 512)?;
    let steps = args.count("steps", 600, 1, 1_000_000)?;
    let batch = args.count("batch", 8, 1, 10_000)?;
    let learning_rate = args.positive("lr", 0.002)?;
    let optimizer = args.optimizer(&["adam", "adagrad", "sgd"], "adam")?;
    let seed: u32 = args.value("seed", "a whole number from 0 to 4294967295", 0)?;
    let plot: Option<std::path::PathBuf> = args.optional("plot", "a file name")?;
    let quiet = args.flag("quiet")?;

    args.finish()?;
    let budget = Budget {
        steps,
        batch,
        optimizer,
        learning_rate,
        test_size: 400,
    };

    // Every (cell, T) pair is one job; two threads share them (the machine has 2 cores).
    let jobs: Vec<(usize, usize)> = lengths
        .iter()
        .enumerate()
        .flat_map(|(i, _)| (0..CELLS.len()).map(move |c| (i, c)))
        .collect();
    let results = Mutex::new(vec![[f64::NAN; CELLS.len()]; lengths.len()]);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let progress = Mutex::new(Progress::new(jobs.len() as u64, quiet));
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&(i, c)) = jobs.get(k) else { break };
                    let t = lengths[i];

                    let job_seed = seed.wrapping_add(1000 * t as u32);
                    let mut rng = Mt19937::new(job_seed);
                    let d = SYMBOLS.len();
                    let accuracy = match CELLS[c] {
                        "rnn" => train_and_test(
                            Init::PyTorch.cell(d, hidden, &mut rng),
                            t,
                            budget,
                            job_seed,
                        ),
                        "lstm" => train_and_test(
                            LstmCell::init_chrono(d, hidden, t, &mut rng),
                            t,
                            budget,
                            job_seed,
                        ),
                        "lstm(b_f=1)" => {
                            train_and_test(LstmCell::init(d, hidden, &mut rng), t, budget, job_seed)
                        }
                        _ => {
                            train_and_test(GruCell::init(d, hidden, &mut rng), t, budget, job_seed)
                        }
                    };
                    results.lock().expect("no panics while held")[i][c] = accuracy;
                    let finished = done.fetch_add(1, Ordering::SeqCst) + 1;
                    let mut p = progress.lock().expect("no panics while held");
                    p.message(&format!("T = {t:3}: {:4} accuracy {accuracy:.3}", CELLS[c]));
                    p.update(finished as u64, "jobs");
                }
            });
        }
    });
    progress.lock().expect("threads are done").finish();
    let results = results.into_inner().expect("threads are done");
    let seconds = start.elapsed().as_secs_f64();

    println!(
        "held-out accuracy on {} sequences per T (chance 0.5); hidden {hidden}, {steps} {optimizer:?} steps of {batch} sequences, lr {learning_rate}",
        budget.test_size
    );
    print!("{:>5}", "T");
    for name in CELLS {
        print!(" {name:>12}");
    }
    println!();
    for (t, row) in lengths.iter().zip(&results) {
        print!("{t:>5}");
        for accuracy in row {
            print!(" {accuracy:>12.3}");
        }
        println!();
    }
    println!("({seconds:.1} s on 2 threads)");
    if let Some(path) = plot {
        let mut p = Plot::new(
            "remembering the first of T symbols",
            "T (sequence length)",
            "held-out accuracy",
        );
        for (c, name) in CELLS.iter().enumerate() {
            p = p.series(
                name,
                lengths
                    .iter()
                    .zip(&results)
                    .map(|(&t, row)| (t as f64, row[c]))
                    .collect(),
            );
        }
        write_atomically(&path, p.to_svg().as_bytes())
            .map_err(|e| UsageError(format!("rnn long-memory: {e}")))?;
        eprintln!("wrote the plot to {}", path.display());
    }
    let (longest, last) = lengths
        .iter()
        .zip(&results)
        .max_by_key(|(t, _)| **t)
        .expect("at least one length");
    println!(
        "longest T={longest}: rnn {:.3}, lstm {:.3}",
        last[0], last[1]
    );
    Ok(())
}
