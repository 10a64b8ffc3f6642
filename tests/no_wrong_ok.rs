//! No `Ok` that is wrong, no NaN that spreads unannounced: every input the issue "Nothing
//! lost, nothing silent" found returning a wrong answer is refused with a message or
//! computed right; and a property over random models and extreme finite inputs: whatever
//! a public forward function returns as `Ok` is finite.

mod common;

use rnn_from_scratch::cells::{Bidirectional, Stacked};
use rnn_from_scratch::cells::{CellKind, Parameters, SequenceModel, greedy, sample};
use rnn_from_scratch::train::{Batches, Clip, Example, FitOptions, Input, OptimizerKind};
use rnn_from_scratch::train::{clip_global_norm, fit};
use rnn_from_scratch::{Activation, Init, Matrix, Mt19937, OutputLayer, RnnCell, Vector};

/// The panic message of `f`.
fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let err = std::panic::catch_unwind(f).expect_err("it should panic");
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap()
}

#[test]
fn a_tiny_temperature_is_greedy_and_nan_is_refused() {
    let z = Vector::from(vec![1.0, 3.0, 2.0]);
    let mut rng = Mt19937::new(0);
    for temperature in [1e-310, 1e-300, f64::MIN_POSITIVE] {
        assert_eq!(sample(&z, temperature, &mut rng), 1, "T = {temperature}");
    }
    assert_eq!(
        panic_message(|| {
            sample(&z, f64::NAN, &mut Mt19937::new(0));
        }),
        "sample: the temperature is NaN"
    );
    assert_eq!(
        panic_message(|| {
            greedy(&Vector::zeros(0));
        }),
        "greedy: there are no scores to choose from"
    );
    assert_eq!(
        panic_message(|| {
            sample(
                &Vector::from(vec![0.0, f64::NAN]),
                1.0,
                &mut Mt19937::new(0),
            );
        }),
        "greedy: score 1 is NaN"
    );
}

#[test]
fn character_models_refuse_a_clip_that_is_not_positive() {
    use rnn_from_scratch::programs::char_model::{Options, train};
    let data = [0, 1, 2].repeat(20);
    for &cell in CellKind::ALL {
        let options = Options {
            cell,
            hidden: 4,
            seq_len: 5,
            iters: 3,
            clip: -1.0,
            ..Options::default()
        };
        let err = train(&data, 3, &options, |_| Ok(())).unwrap_err();
        assert_eq!(
            err.to_string(),
            "fit: clip must be a positive number, got -1"
        );
    }
}

#[test]
fn fit_refuses_a_clip_or_learning_rate_that_is_not_positive() {
    let mut rng = Mt19937::new(0);
    let cell = Init::Xavier.cell(2, 3, &mut rng);
    let mut model = SequenceModel::with_softmax(cell, 2, &mut rng);
    let examples = vec![Example {
        inputs: Input::Rows(Matrix::zeros(3, 2)),
        targets: vec![(2, 1)],
    }];
    let options = |clip, learning_rate| FitOptions {
        batch: 1,
        optimizer: OptimizerKind::Sgd,
        learning_rate,
        clip,
        ..FitOptions::default()
    };
    for (clip, lr, message) in [
        (
            Clip::Norm(-1.0),
            0.1,
            "fit: clip must be a positive number, got -1",
        ),
        (
            Clip::Values(f64::NAN),
            0.1,
            "fit: clip must be a positive number, got NaN",
        ),
        (
            Clip::Norm(5.0),
            -0.1,
            "fit: the learning rate must be a positive number, got -0.1",
        ),
        (
            Clip::Values(5.0),
            f64::INFINITY,
            "fit: the learning rate must be a positive number, got inf",
        ),
    ] {
        let plan = Batches::shuffled();
        let options = options(clip, lr);
        let err = fit(
            &mut model,
            &examples,
            &options,
            0.0,
            &mut rng,
            plan,
            |_, _| {},
        );
        assert_eq!(err.unwrap_err().to_string(), message);
    }
    let no_threads = FitOptions {
        threads: 0,
        ..options(Clip::Norm(5.0), 0.1)
    };
    let plan = Batches::shuffled();
    let err = fit(
        &mut model,
        &examples,
        &no_threads,
        0.0,
        &mut rng,
        plan,
        |_, _| {},
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "fit: threads must be at least 1");
}

#[test]
fn a_finite_gradient_too_large_to_square_is_measured_and_clipped() {
    // A gradient shaped like a cell: Wx, Wh, b of one value each.
    let wx = Matrix::from_vec(1, 1, vec![3e200]).unwrap();
    let b = Vector::from(vec![4e200]); // ‖g‖ = 5e200, whose square overflows f64
    let mut g = RnnCell::new(wx, Matrix::zeros(1, 1), b).unwrap();
    let norm = clip_global_norm(&mut g, 1.0).unwrap();
    assert!((norm / 5e200 - 1.0).abs() < 1e-15, "{norm}");
    assert!((g.wx()[(0, 0)] - 0.6).abs() < 1e-15 && (g.b()[0] - 0.8).abs() < 1e-15);
    g.parameters_mut()[1].1[0] = f64::NAN; // Wh
    assert_eq!(
        clip_global_norm(&mut g, 1.0).unwrap_err().to_string(),
        "the gradient norm is NaN: a gradient is not a finite number"
    );
    assert_eq!(
        clip_global_norm(&mut g, -1.0).unwrap_err().to_string(),
        "max_norm must be a positive number, got -1"
    );
}

#[test]
fn an_overflowing_forward_pass_is_refused_not_returned_full_of_nan() {
    // At step 2, Wx·I₂ = 1e10·1e308 − 1e10·1e308: two terms that overflow, to ∞ and −∞,
    // and ∞ − ∞ = NaN (tanh would have kept a lone ∞ finite).
    let inputs = Matrix::from_rows(&[vec![0.5, 0.5], vec![1e308, 1e308]]).unwrap();
    let cell = RnnCell::new(
        Matrix::from_rows(&[vec![1e10, -1e10]]).unwrap(),
        Matrix::zeros(1, 1),
        Vector::zeros(1),
    )
    .unwrap();
    let err = cell.forward(&inputs, &Vector::zeros(1)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the hidden state at timestep 2 is not finite (NaN): a product of the inputs and the \
         weights overflowed f64; scale the inputs or the weights down"
    );
    assert_eq!(
        cell.forward_last(&inputs, &Vector::zeros(1))
            .unwrap_err()
            .to_string(),
        err.to_string()
    );
}

#[test]
fn long_memory_refuses_a_budget_with_nothing_to_score() {
    use rnn_from_scratch::programs::long_memory::{Budget, SYMBOLS, train_and_test};
    let budget = Budget {
        steps: 1,
        batch: 1,
        optimizer: OptimizerKind::Adam,
        learning_rate: 0.01,
        test_size: 0,
    };
    assert_eq!(
        panic_message(|| {
            let _ = train_and_test(
                Init::Xavier.cell(SYMBOLS.len(), 2, &mut Mt19937::new(0)),
                3,
                budget,
                0,
            );
        }),
        "train_and_test: a budget needs at least one held-out sequence"
    );
    assert_eq!(
        panic_message(|| {
            let budget = Budget {
                batch: 0,
                test_size: 5,
                ..budget
            };
            let _ = train_and_test(
                Init::Xavier.cell(SYMBOLS.len(), 2, &mut Mt19937::new(0)),
                3,
                budget,
                0,
            );
        }),
        "train_and_test: a budget needs at least one sequence per step"
    );
    assert_eq!(
        panic_message(|| {
            Matrix::zeros(usize::MAX, 2);
        }),
        format!(
            "Matrix::zeros: {}×2 values do not fit in memory",
            usize::MAX
        )
    );
}

/// Extreme finite values: huge, tiny, of both signs, and ordinary ones.
fn extreme(rng: &mut Mt19937) -> f64 {
    let magnitude = [1e308, 1e300, 1e150, 1e10, 1.0, 1e-300, 0.0][rng.below(7)];
    let sign = if rng.below(2) == 0 { 1.0 } else { -1.0 };
    sign * magnitude * (0.5 + rng.random())
}

fn extreme_matrix(rows: usize, cols: usize, rng: &mut Mt19937) -> Matrix {
    let values = (0..rows * cols).map(|_| extreme(rng)).collect();
    Matrix::from_vec(rows, cols, values).unwrap()
}

/// `Ok` ⇒ every value finite.
fn finite_if_ok(what: &str, result: Result<Matrix, rnn_from_scratch::ShapeError>) {
    if let Ok(m) = result {
        assert!(
            m.as_slice().iter().all(|x| x.is_finite()),
            "{what} returned Ok with a value that is not finite"
        );
    }
}

#[test]
fn every_public_forward_function_returns_finite_values_or_an_error() {
    use rnn_from_scratch::cells::Cell;
    let mut refused = 0;
    for seed in 0..200 {
        let mut rng = Mt19937::new(seed);
        let (d, dh, t) = (1 + rng.below(4), 1 + rng.below(4), 1 + rng.below(5));
        // Weights: ordinary or extreme.
        let scale = [1.0, 1e150, 1e300][rng.below(3)];
        let wx = common::randn(dh, d, scale, &mut rng);
        let wh = common::randn(dh, dh, scale, &mut rng);
        let b = Vector::from(common::randn(1, dh, scale, &mut rng).as_slice());
        let inputs = extreme_matrix(t, d, &mut rng);
        let Ok(rnn) = RnnCell::new(wx, wh, b) else {
            continue; // randn·1e300 can overflow to ∞, which `new` refuses
        };
        let h0 = Vector::zeros(dh);
        let forward = rnn.forward(&inputs, &h0);
        refused += usize::from(forward.is_err());
        finite_if_ok("RnnCell::forward", forward);
        finite_if_ok(
            "RnnCell::forward_last",
            rnn.forward_last(&inputs, &h0)
                .map(|h| Matrix::stack(&[h]).unwrap()),
        );
        for kind in CellKind::ALL {
            let cell = kind.build(d, dh, &mut rng);
            let state0 = Vector::zeros(cell.state_size());
            finite_if_ok(
                kind.name(),
                cell.forward_cached(&inputs, &state0).map(|(hs, _, _)| hs),
            );
            let stacked = Stacked::new(vec![cell.clone(), kind.build(dh, dh, &mut rng)]).unwrap();
            finite_if_ok(
                "Stacked",
                stacked
                    .forward_cached(&inputs, &Vector::zeros(stacked.state_size()))
                    .map(|(hs, _, _)| hs),
            );
            let both = Bidirectional::new(cell.clone(), kind.build(d, dh, &mut rng)).unwrap();
            finite_if_ok(
                "Bidirectional",
                both.forward_cached(&inputs, &Vector::zeros(both.state_size()))
                    .map(|(hs, _, _)| hs),
            );
            let wy = extreme_matrix(2, dh, &mut rng);
            let output = OutputLayer::new(wy, Vector::zeros(2), Activation::Softmax).unwrap();
            let model = SequenceModel::new(cell, output.clone()).unwrap();
            finite_if_ok(
                "SequenceModel::predict_last",
                model
                    .predict_last(&inputs, &model.zero_state())
                    .map(|p| Matrix::stack(&[p]).unwrap()),
            );
            finite_if_ok(
                "OutputLayer::forward",
                output.forward(&extreme_matrix(t, dh, &mut rng)),
            );
        }
    }
    assert!(
        refused > 0,
        "the extreme inputs never overflowed: the test tests nothing"
    );
}

/// Streams of text (`char_model::train`): every count that cannot work is refused with a
/// message naming it.
#[test]
fn stream_and_thread_counts_that_cannot_work_are_refused() {
    use rnn_from_scratch::programs::char_model::{Options, train};

    let data = [0, 1, 2].repeat(20); // 60 characters
    let run = |batch, threads| {
        let options = Options {
            hidden: 4,
            seq_len: 5,
            iters: 3,
            batch,
            threads,
            ..Options::default()
        };
        train(&data, 3, &options, |_| Ok(()))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        run(0, 1),
        "the batch and the threads must be at least 1, got 0 and 1"
    );
    assert_eq!(
        run(2, 0),
        "the batch and the threads must be at least 1, got 2 and 0"
    );
    assert_eq!(
        run(11, 1),
        "the text has 60 characters to train on; --batch 11 streams of --seq-len 5 need at \
         least 66 (11 parts of one chunk and the character after it): give a longer text, or \
         a smaller --batch or --seq-len"
    );
    // 10 parts of 6 characters are just enough.
    let options = Options {
        hidden: 4,
        seq_len: 5,
        iters: 3,
        batch: 10,
        ..Options::default()
    };
    assert!(train(&data, 3, &options, |_| Ok(())).is_ok());
}
