//! Each cell's fast path (its batched step with B = 1 and token ids in:
//! `SequenceModel::loss_and_gradients_ids`, what the character model trains on) computes
//! the same loss, gradients and last state as the literal `SequenceModel::loss_and_gradients`
//! on one-hot inputs, to 1e-12, over 100 random models per cell whose sizes cross every
//! block boundary of the kernels.

mod common;

use rnn_from_scratch::cells::BatchStep;
use rnn_from_scratch::cells::{Parameters, SequenceModel, one_hot};
use rnn_from_scratch::{Activation, Mt19937, OutputLayer, RnnCell, Vector};

/// A random output layer of V classes over Dh hidden values.
fn output(v: usize, dh: usize, rng: &mut Mt19937) -> OutputLayer {
    OutputLayer::new(
        common::randn(v, dh, 0.5, rng),
        Vector::from(common::randn(1, v, 0.1, rng).as_slice()),
        Activation::Softmax,
    )
    .unwrap()
}

/// A random plain-RNN character model (d = V).
fn rnn_model(v: usize, dh: usize, rng: &mut Mt19937) -> SequenceModel<RnnCell> {
    let cell = RnnCell::new(
        common::randn(dh, v, 0.5, rng),
        common::randn(dh, dh, 0.3, rng),
        Vector::from(common::randn(1, dh, 0.1, rng).as_slice()),
    )
    .unwrap();
    SequenceModel::new(cell, output(v, dh, rng)).unwrap()
}

#[test]
fn fast_path_refuses_bad_indices() {
    let mut rng = Mt19937::new(1);
    let rnn = rnn_model(5, 4, &mut rng);
    let err = rnn
        .loss_and_gradients_ids(&[0, 9], &[1, 1], &[0.0; 4])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "input 9 at timestep 1 is not a character: d = 5, so inputs must be below 5"
    );
    let err = rnn
        .loss_and_gradients_ids(&[0, 1], &[1, 5], &[0.0; 4])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "target 5 at timestep 1 is not a class: V = 5, so targets must be below 5"
    );
    let err = rnn
        .loss_and_gradients_ids(&[0, 1], &[1], &[0.0; 4])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "inputs and targets must have the same length, got 2 and 1"
    );
    let err = rnn
        .loss_and_gradients_ids(&[0], &[1], &[0.0; 3])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "state0 must have the cell's 4 state values, got 3"
    );
}

/// A random LSTM character model: every gate's weights and biases random (none zero).
fn lstm_model(v: usize, dh: usize, rng: &mut Mt19937) -> SequenceModel<rnn_from_scratch::LstmCell> {
    let mut gate = || {
        rnn_from_scratch::cells::Gate::new(
            common::randn(dh, v, 0.5, rng),
            common::randn(dh, dh, 0.4, rng),
            Vector::from(common::randn(1, dh, 0.3, rng).as_slice()),
        )
        .unwrap()
    };
    let (i, f, g, o) = (gate(), gate(), gate(), gate());
    let cell = rnn_from_scratch::LstmCell::new(i, f, g, o).unwrap();
    SequenceModel::new(cell, output(v, dh, rng)).unwrap()
}

/// A random GRU character model: every weight and bias random (none zero).
fn gru_model(
    v: usize,
    dh: usize,
    rng: &mut Mt19937,
) -> SequenceModel<rnn_from_scratch::cells::GruCell> {
    let mut gate = || {
        rnn_from_scratch::cells::Gate::new(
            common::randn(dh, v, 0.5, rng),
            common::randn(dh, dh, 0.4, rng),
            Vector::from(common::randn(1, dh, 0.3, rng).as_slice()),
        )
        .unwrap()
    };
    let (r, z, n) = (gate(), gate(), gate());
    let b_hn = Vector::from(common::randn(1, dh, 0.3, rng).as_slice());
    let cell = rnn_from_scratch::cells::GruCell::new(r, z, n, b_hn).unwrap();
    SequenceModel::new(cell, output(v, dh, rng)).unwrap()
}

/// The one body of the cells' fast-path tests: 100 random models (sizes crossing the
/// kernels' blocks), the fast step against the literal one on one-hot inputs, every
/// gradient value within 1e-12, and the state carried out.
fn fast_equals_literal<C: BatchStep>(
    name: &str,
    seed: u32,
    make: impl Fn(usize, usize, &mut Mt19937) -> SequenceModel<C>,
) {
    let mut rng = Mt19937::new(seed);
    let mut worst = 0.0_f64;
    for case in 0..100 {
        let v = 1 + rng.below(40);
        let dh = 1 + rng.below(70); // crosses 8, 32 and 64
        let timesteps = rng.below(14); // 0 and lengths that are not multiples of 4
        let model = make(v, dh, &mut rng);
        let inputs: Vec<usize> = (0..timesteps).map(|_| rng.below(v)).collect();
        let targets: Vec<usize> = (0..timesteps).map(|_| rng.below(v)).collect();
        let state0: Vec<f64> = (0..model.zero_state().len())
            .map(|_| 0.5 * rng.randn())
            .collect();
        let every_step: Vec<(usize, usize)> = targets.iter().copied().enumerate().collect();
        let (loss, literal, last) = model
            .loss_and_gradients(
                &one_hot(&inputs, v),
                &every_step,
                &Vector::from(state0.clone()),
            )
            .unwrap();
        let (fast_loss, gradients, fast_last) = model
            .loss_and_gradients_ids(&inputs, &targets, &state0)
            .unwrap();
        assert!(
            (fast_loss - loss).abs() <= 1e-12 * (1.0 + loss.abs()),
            "{name} case {case}: loss {fast_loss} vs {loss}"
        );
        for ((parameter, a), (_, b)) in gradients.parameters().into_iter().zip(literal.parameters())
        {
            for (x, y) in a.iter().zip(b) {
                let e = (x - y).abs();
                worst = worst.max(e);
                assert!(
                    e <= 1e-12 * (1.0 + y.abs()),
                    "{name} case {case} (V={v} Dh={dh} T={timesteps}): {parameter} {x} vs {y}"
                );
            }
        }
        for (x, y) in gradients
            .state0
            .as_slice()
            .iter()
            .zip(literal.state0.as_slice())
        {
            assert!(
                (x - y).abs() <= 1e-12,
                "{name} case {case}: initial state gradient"
            );
        }
        for (x, y) in fast_last.iter().zip(last.as_slice()) {
            assert!((x - y).abs() <= 1e-12, "{name} case {case}: last state");
        }
    }
    println!("fast {name} vs literal: worst gradient difference {worst:.1e}");
}

#[test]
fn fast_rnn_equals_literal_over_100_random_models() {
    fast_equals_literal("RNN", 11, rnn_model);
}

#[test]
fn fast_lstm_equals_literal_over_100_random_models() {
    fast_equals_literal("LSTM", 12, lstm_model);
}

#[test]
fn fast_gru_equals_literal_over_100_random_models() {
    fast_equals_literal("GRU", 13, gru_model);
}

/// Several streams of text (`Trainer::with_streams`): one step follows the mean of the
/// streams' gradients, each from its own carried state, computed here on the literal path
/// stream by stream; on 1 and on 3 threads.
#[test]
fn streams_follow_the_mean_gradient_of_separate_runs() {
    use rnn_from_scratch::cells::{CellKind, CharModel};
    use rnn_from_scratch::train::{OptimizerKind, char_rnn::Trainer};

    let v = 7;
    let chunks: [(&[usize], &[usize]); 3] = [
        (&[0, 1, 2, 3], &[1, 2, 3, 4]),
        (&[6, 5, 4, 3], &[5, 4, 3, 2]),
        (&[2, 2, 6, 0], &[2, 6, 0, 1]),
    ];
    for &kind in CellKind::ALL {
        let mut rng = Mt19937::new(5);
        let mut expected = CharModel::for_characters(kind, v, 6, &mut rng);
        // Larger weights than min-char-rnn's 0.01, so that every term counts.
        for (_, values) in expected.parameters_mut() {
            values.iter_mut().for_each(|w| *w = 0.3 * rng.randn());
        }
        for threads in [1, 3] {
            let mut model = expected.clone();
            let mut trainer = Trainer::new(model.clone(), OptimizerKind::Sgd.build(1.0), 1e9)
                .with_streams(3, threads);
            let mut states = vec![model.zero_state(); 3];
            for step in 0..2 {
                let loss = trainer.step_streams(&chunks).unwrap();
                // The same step by hand: each stream alone, then θ −= mean gradient.
                let mut sum: Option<Vec<Vec<f64>>> = None;
                let mut expected_loss = 0.0;
                for (k, (inputs, targets)) in chunks.iter().enumerate() {
                    let every_step: Vec<(usize, usize)> =
                        targets.iter().copied().enumerate().collect();
                    let (loss, g, last) = model
                        .loss_and_gradients(&one_hot(inputs, v), &every_step, &states[k])
                        .unwrap();
                    expected_loss += loss / 3.0;
                    states[k] = last;
                    let g: Vec<Vec<f64>> = g.parameters().iter().map(|(_, a)| a.to_vec()).collect();
                    sum = Some(match sum {
                        None => g,
                        Some(s) => s
                            .iter()
                            .zip(&g)
                            .map(|(s, g)| s.iter().zip(g).map(|(s, g)| s + g).collect())
                            .collect(),
                    });
                }
                for ((_, w), g) in model.parameters_mut().into_iter().zip(sum.unwrap()) {
                    w.iter_mut().zip(&g).for_each(|(w, g)| *w -= g / 3.0);
                }
                assert!((loss - expected_loss).abs() < 1e-10, "{kind:?} step {step}");
                let trained = trainer.model();
                for ((name, a), (_, b)) in trained.parameters().iter().zip(model.parameters()) {
                    let worst = a
                        .iter()
                        .zip(b)
                        .map(|(a, b)| (a - b).abs())
                        .fold(0.0, f64::max);
                    assert!(worst < 1e-10, "{kind:?} {name} step {step}: {worst:e}");
                }
            }
        }
    }
}
