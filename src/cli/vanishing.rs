//! `rnn vanishing`: the long-term dependency problem, measured.

use super::args::{Args, UsageError};
use rnn_from_scratch::save::write_atomically;
use rnn_from_scratch::svg::Plot;
use rnn_from_scratch::vanishing::{gradient_norms_through_time, with_largest_singular_value};
use rnn_from_scratch::{LstmCell, Matrix, Mt19937, RnnCell, Vector};

pub const HELP: &str = "\
rnn vanishing: why a plain RNN forgets (장기 의존성 문제), measured

A gradient of norm 1 arrives at the last hidden state; the table shows the norm of what
is left of it k steps back, ‖∂L/∂h(T−k)‖, for a plain RNN whose Wh has largest singular
value σ (below 1 it vanishes geometrically; above 1 it can grow until tanh saturates),
and for an LSTM as initialised (forget-gate bias 1), whose memory cₜ carries it back
multiplied only by the forget gate.

usage: rnn vanishing [--hidden 32] [--timesteps 60] [--seed 0] [--plot FILE.svg]
";

const SIGMAS: [f64; 5] = [0.5, 0.9, 1.5, 3.0, 6.0];

/// Small inputs keep tanh near its linear range, so what the table shows is Wh's doing.
const INPUT_SCALE: f64 = 0.01;

pub fn run(mut args: Args) -> Result<(), UsageError> {
    let hidden = args.count("hidden", 32, 1, 1024)?;
    let timesteps = args.count("timesteps", 60, 1, 10_000)?;
    let seed: u32 = args.value("seed", "a whole number from 0 to 4294967295", 0)?;
    let plot: Option<std::path::PathBuf> = args.optional("plot", "a file name")?;
    args.finish()?;

    let d = 8;
    let mut rng = Mt19937::new(seed);
    let inputs = randn(timesteps, d, INPUT_SCALE, &mut rng);
    let wx = randn(hidden, d, 1.0 / (d as f64).sqrt(), &mut rng);
    let dh_last = {
        let v = randn(1, hidden, 1.0, &mut rng);
        let norm = v.norm();
        Vector::from(v.as_slice().iter().map(|x| x / norm).collect::<Vec<_>>())
    };
    let mut columns: Vec<(String, Vec<f64>)> = Vec::new();
    for sigma in SIGMAS {
        let wh = with_largest_singular_value(hidden, sigma, &mut rng);
        let cell = RnnCell::new(wx.clone(), wh, Vector::zeros(hidden)).expect("shapes made to fit");
        let norms = gradient_norms_through_time(&cell, &inputs, &Vector::zeros(hidden), &dh_last)
            .expect("shapes made to fit");
        columns.push((format!("RNN σ={sigma}"), norms));
    }
    // The LSTM as initialised (forget-gate bias 1).
    let lstm = LstmCell::init(d, hidden, &mut rng);
    let norms = gradient_norms_through_time(&lstm, &inputs, &Vector::zeros(2 * hidden), &dh_last)
        .expect("shapes made to fit");
    columns.push(("LSTM".to_string(), norms));

    println!(
        "‖∂L/∂h(T−k)‖ for a gradient of norm 1 at the last step (Dh = {hidden}, d = {d}, T = {timesteps}, seed {seed})"
    );
    println!(
        "σ = the largest singular value of Wh (power iteration); the LSTM's column is ‖∂L/∂[h; c]‖"
    );
    print!("{:>5}", "k");
    for (name, _) in &columns {
        print!("{name:>13}");
    }
    println!();
    let mut ks: Vec<usize> = [0, 1, 2, 5, 10, 20, 30, 40, 50, 60, 80, 100]
        .into_iter()
        .filter(|&k| k <= timesteps)
        .collect();
    if ks.last() != Some(&timesteps) {
        ks.push(timesteps);
    }
    for k in ks {
        print!("{k:>5}");
        for (_, norms) in &columns {
            print!("{:>13.3e}", norms[k]);
        }
        println!();
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
        write_atomically(&path, p.to_svg().as_bytes())
            .map_err(|e| UsageError(format!("rnn vanishing: {e}")))?;
        eprintln!("wrote the plot to {}", path.display());
    }
    Ok(())
}

fn randn(rows: usize, cols: usize, scale: f64, rng: &mut Mt19937) -> Matrix {
    Matrix::randn(rows, cols, rng).map(|x| scale * x)
}
