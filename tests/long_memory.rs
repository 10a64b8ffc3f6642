//! The long-term dependency chapter: the measured gradient norms follow the BPTT product,
//! σ_max is right, and the two programs print what they promise.

mod common;

use rnn_from_scratch::programs::vanishing::{
    gradient_norms_through_time, largest_singular_value, with_largest_singular_value,
};
use rnn_from_scratch::{Mt19937, RnnCell, Vector};

#[test]
fn gradient_norms_equal_the_explicit_bptt_product() {
    // ∂L/∂hₜ₋ₖ = (Whᵀ·diag(1 − hₜ₋ₖ₊₁²)) ··· (Whᵀ·diag(1 − hₜ²)) · ∂L/∂hₜ, written out here.
    let mut rng = Mt19937::new(3);
    let (d, dh, timesteps) = (3, 5, 12);
    let cell = RnnCell::new(
        common::randn(dh, d, 0.8, &mut rng),
        common::randn(dh, dh, 0.6, &mut rng),
        Vector::from(common::randn(1, dh, 0.2, &mut rng).as_slice()),
    )
    .unwrap();
    let inputs = common::randn(timesteps, d, 1.0, &mut rng);
    let h0 = Vector::from(common::randn(1, dh, 0.3, &mut rng).as_slice());
    let dh_last = Vector::from(common::randn(1, dh, 1.0, &mut rng).as_slice());
    let norms = gradient_norms_through_time(&cell, &inputs, &h0, &dh_last).unwrap();

    let states = cell.forward(&inputs, &h0).unwrap();
    let mut grad = dh_last.clone();
    assert_eq!(norms[0], grad.norm());
    for (k, norm) in norms.iter().enumerate().skip(1) {
        let h_t = Vector::from(states.row(timesteps - k));
        grad = &cell.wh().transpose() * &h_t.map(|h| 1.0 - h * h).hadamard(&grad);
        assert!(
            (norm - grad.norm()).abs() <= 1e-12 * grad.norm(),
            "k = {k}: {} vs {}",
            norm,
            grad.norm()
        );
    }
}

#[test]
fn largest_singular_value_bounds_every_stretch() {
    for seed in 0..50 {
        let mut rng = Mt19937::new(seed);
        let (rows, cols) = (1 + rng.below(8), 1 + rng.below(8));
        let m = common::randn(rows, cols, 1.0, &mut rng);
        let sigma = largest_singular_value(&m, 1000);
        // Never below what any vector sees, never above the Frobenius norm.
        for _ in 0..20 {
            let v = Vector::from(common::randn(1, cols, 1.0, &mut rng).as_slice());
            assert!(
                (&m * &v).norm() <= sigma * v.norm() * (1.0 + 1e-9),
                "seed {seed}"
            );
        }
        assert!(sigma <= m.norm() * (1.0 + 1e-12));
        assert!(sigma >= m.norm() / (rows.min(cols) as f64).sqrt() * (1.0 - 1e-9));
    }
    let wh = with_largest_singular_value(10, 0.9, &mut Mt19937::new(1));
    assert!((largest_singular_value(&wh, 2000) - 0.9).abs() < 1e-9);
}

fn rnn(args: &[&str]) -> (String, String, Option<i32>) {
    common::run_rnn(args)
}

#[test]
fn vanishing_prints_a_table_and_a_plot() {
    let plot = std::env::temp_dir().join(format!("rnn-vanishing-{}.svg", std::process::id()));
    let (stdout, stderr, code) = rnn(&[
        "vanishing",
        "--hidden",
        "8",
        "--timesteps",
        "20",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("RNN σ=0.5") && stdout.contains("LSTM"),
        "{stdout}"
    );
    let row = |k: &str| -> Vec<f64> {
        let line = stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(k))
            .unwrap();
        line.split_whitespace()
            .skip(1)
            .map(|w| w.parse().unwrap())
            .collect()
    };
    let (first, last) = (row("1"), row("20"));
    assert!(
        last[0] < 1e-6 * first[0],
        "σ = 0.5 vanishes: {first:?} → {last:?}"
    );
    assert!(last[4] > first[4], "σ = 6 explodes: {first:?} → {last:?}");
    assert!(
        std::fs::read_to_string(&plot)
            .unwrap()
            .contains("<polyline")
    );
    let _ = std::fs::remove_file(plot);
}

#[test]
fn long_memory_ends_with_the_promised_line() {
    let (stdout, stderr, code) = rnn(&[
        "long-memory",
        "--lengths",
        "3,4",
        "--steps",
        "40",
        "--batch",
        "2",
        "--quiet",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "--quiet: {stderr}");
    let last = stdout.lines().last().unwrap();
    let words: Vec<&str> = last.split(' ').collect();
    assert_eq!(
        (words[0], words[1], words[2], words[4]),
        ("longest", "T=4:", "rnn", "lstm"),
        "{last}"
    );
    // One thread or two: the same figures (only the timing line differs).
    let (one_thread, _, _) = rnn(&[
        "long-memory",
        "--lengths",
        "3,4",
        "--steps",
        "40",
        "--batch",
        "2",
        "--quiet",
        "--threads",
        "1",
    ]);
    let without_time = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.contains(" s on "))
            .map(String::from)
            .collect()
    };
    assert_eq!(without_time(&stdout), without_time(&one_thread));
    let (_, stderr, code) = rnn(&["long-memory", "--lengths", "3,x"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: rnn long-memory: --lengths must list whole numbers from 1 to 10000, got 'x'\n"
    );
}

#[test]
fn at_t_50_the_lstm_remembers_and_the_rnn_guesses() {
    // The chapter's row for T = 50 (default settings, seed 0):
    // rnn 0.453, lstm (chrono) 1.000, lstm (b_f = 1) 1.000, gru 0.495. Deterministic, so
    // each figure must come back to the printed digit.
    let (stdout, stderr, code) = rnn(&["long-memory", "--lengths", "50", "--quiet"]);
    assert_eq!(code, Some(0), "{stderr}");
    let row: Vec<f64> = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("50 "))
        .unwrap_or_else(|| panic!("no row for T = 50 in\n{stdout}"))
        .split_whitespace()
        .skip(1)
        .map(|w| w.parse().unwrap())
        .collect();
    let claimed = [0.453, 1.000, 1.000, 0.495];
    for (got, want) in row.iter().zip(claimed) {
        assert!(
            (got - want).abs() < 5e-4,
            "{row:?} vs the documented {claimed:?}"
        );
    }
}
