//! Each cell's fast path (its batched step with token ids in, from a carried state:
//! `train::loss_and_gradients_examples`, what the character model trains on) computes the
//! same loss, gradients and last state as the literal `SequenceModel::loss_and_gradients`
//! on one-hot inputs, to 1e-12, over 100 random models per cell whose sizes cross every
//! block boundary of the kernels; and several streams of text follow the mean gradient of
//! the separate literal runs.

mod common;

use rnn_from_scratch::cells::BatchStep;
use rnn_from_scratch::cells::{Parameters, SequenceModel, one_hot};
use rnn_from_scratch::train::{Example, Input, loss_and_gradients_examples};
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

/// One chunk of a text: ids in, the next id wanted at every step.
fn chunk(inputs: &[usize], targets: &[usize]) -> Example {
    Example {
        inputs: Input::Ids(inputs.to_vec()),
        targets: targets.iter().copied().enumerate().collect(),
    }
}

#[test]
fn fast_path_refuses_bad_indices() {
    let mut rng = Mt19937::new(1);
    let rnn = rnn_model(5, 4, &mut rng);
    let err = |examples: &[Example], states: &[f64]| {
        loss_and_gradients_examples(&rnn, examples, Some(states), None)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(&[chunk(&[0, 9], &[1, 1])], &[0.0; 4]),
        "example 0: id 9 at timestep 1 is not in the vocabulary: V = 5, so ids must be below 5"
    );
    assert_eq!(
        err(
            &[chunk(&[0, 1], &[1, 1]), chunk(&[0, 1], &[1, 5])],
            &[0.0; 8]
        ),
        "example 1: target 5 at timestep 1 is not a class: there are 5"
    );
    assert_eq!(
        err(&[chunk(&[0], &[1])], &[0.0; 3]),
        "batch: states must be B = 1 rows of the cell's 4 state values, without dropout \
         (which starts from zero), got 3 values"
    );
    let dropout = rnn_from_scratch::cells::Dropout { rate: 0.5, seed: 0 };
    let err =
        loss_and_gradients_examples(&rnn, &[chunk(&[0], &[1])], Some(&[0.0; 4]), Some(&dropout));
    assert_eq!(
        err.unwrap_err().to_string(),
        "batch: states must be B = 1 rows of the cell's 4 state values, without dropout \
         (which starts from zero), got 4 values"
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
        let batched =
            loss_and_gradients_examples(&model, &[chunk(&inputs, &targets)], Some(&state0), None);
        if timesteps == 0 {
            let message = batched.err().map(|e| e.to_string());
            assert_eq!(
                message.as_deref(),
                Some("example 0: it has no timestep; an example needs at least one")
            );
            continue;
        }
        let (fast_loss, gradients, fast_last) = batched.unwrap();
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

/// Several streams of text (`rnn char-rnn train --batch 3`): one step follows the mean of
/// the streams' gradients, each from its own carried state, computed here on the literal
/// path stream by stream. The text is 3 parts of 13 characters, so each stream reads its
/// chunks of 4 at 0 and 4, then starts its part again.
#[test]
fn streams_follow_the_mean_gradient_of_separate_runs() {
    use rnn_from_scratch::cells::{CellKind, CharModel};
    use rnn_from_scratch::programs::char_model::{Options, train};
    use rnn_from_scratch::train::OptimizerKind;

    let v = 7;
    let mut rng = Mt19937::new(5);
    let data: Vec<usize> = (0..39).map(|_| rng.below(v)).collect();
    for &kind in CellKind::ALL {
        let options = Options {
            cell: kind,
            hidden: 6,
            seq_len: 4,
            learning_rate: 1.0,
            optimizer: OptimizerKind::Sgd,
            iters: 3,
            clip: 1e9,
            sample_every: 0,
            batch: 3,
            threads: 2,
            ..Options::default()
        };
        let report = train(&data, v, &options, |_| Ok(())).unwrap();
        // The same steps by hand: each stream alone, then θ −= mean gradient.
        let mut model = CharModel::for_characters(kind, v, 6, &mut Mt19937::new(0));
        let mut states = vec![model.zero_state(); 3];
        for step in 0..3 {
            let at = [0, 4, 0][step]; // the third step starts every part again
            let mut sum: Option<Vec<Vec<f64>>> = None;
            for (k, state) in states.iter_mut().enumerate() {
                if at == 0 {
                    *state = model.zero_state();
                }
                let p = 13 * k + at;
                let every_step: Vec<(usize, usize)> =
                    data[p + 1..p + 5].iter().copied().enumerate().collect();
                let (_, g, last) = model
                    .loss_and_gradients(&one_hot(&data[p..p + 4], v), &every_step, state)
                    .unwrap();
                *state = last;
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
        }
        for ((name, a), (_, b)) in report.model.parameters().iter().zip(model.parameters()) {
            let worst = a
                .iter()
                .zip(b)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            assert!(worst < 1e-10, "{kind:?} {name}: {worst:e}");
        }
    }
}

/// Twenty streams of text are two chunks of the batch (16 and 4), shared by the threads:
/// the same weights on one thread and on two, bit for bit.
#[test]
fn twenty_streams_train_the_same_on_one_thread_and_on_two() {
    use rnn_from_scratch::cells::CellKind;
    use rnn_from_scratch::programs::char_model::{Options, train};

    let mut rng = Mt19937::new(9);
    let data: Vec<usize> = (0..20 * 30).map(|_| rng.below(6)).collect();
    for &cell in CellKind::ALL {
        let run = |threads| {
            let options = Options {
                cell,
                hidden: 5,
                seq_len: 6,
                iters: 12,
                batch: 20,
                threads,
                ..Options::default()
            };
            train(&data, 6, &options, |_| Ok(())).unwrap()
        };
        let (one, two) = (run(1), run(2));
        assert_eq!(one.model, two.model, "{cell:?}");
        assert_eq!(one.curve, two.curve, "{cell:?}");
    }
}
