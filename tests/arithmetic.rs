//! The arithmetic, pinned to the last bit: short trainings of every kind the programs run,
//! whose losses must come out exactly these numbers on every processor and system.
//!
//! Training turns a difference in the last bit of one product into other weights, and
//! then into other figures in the chapters (`rnn caption --seed 0` once scored 0.837 built
//! with FMA and 0.786 without). So the crate computes one way everywhere: every
//! multiply-add of the kernels fused (`f64::mul_add`), and eˣ, ln and tanh of its own,
//! never the C library's (`src/linalg/elementary.rs`). A build for another processor must
//! pass these unchanged, for instance:
//!
//! ```text
//! RUSTFLAGS="-C target-cpu=x86-64-v2" cargo test --test arithmetic --target-dir /tmp/v2
//! ```
//!
//! If a change to the code fails them, the arithmetic changed (a sum taken in another
//! order, a multiply-add fused or not, another eˣ): every figure the chapters quote may
//! have moved with it. Rerun those, then write the new numbers here.

use rnn_from_scratch::Mt19937;
use rnn_from_scratch::cells::{Attention, CellKind, Classifier, Seq2Seq, SequenceModel};
use rnn_from_scratch::programs::char_model::{self, held_out_loss};
use rnn_from_scratch::train::{
    Batches, Clip, Example, FitOptions, Input, OptimizerKind, fit, fit_seq2seq,
    loss_and_gradients_examples,
};

/// Adam at 0.01, batches of 8, the norm clipped to 5, no penalty, no average.
fn options(epochs: usize) -> FitOptions {
    FitOptions {
        epochs,
        batch: 8,
        optimizer: OptimizerKind::Adam,
        learning_rate: 0.01,
        clip: Clip::Norm(5.0),
        threads: 1,
        ..FitOptions::default()
    }
}

/// `n` sequences of 2 to 9 ids below `v`, the class the first id's parity.
fn examples(n: usize, v: usize, rng: &mut Mt19937) -> Vec<Example> {
    (0..n)
        .map(|_| {
            let ids: Vec<usize> = (0..2 + rng.below(8)).map(|_| rng.below(v)).collect();
            let class = ids[0] % 2;
            Example {
                targets: vec![(ids.len() - 1, class)],
                inputs: Input::Ids(ids),
            }
        })
        .collect()
}

/// Three losses, each of one example alone: a mean of many would round a difference away.
fn three(loss: impl Fn(usize) -> f64) -> [f64; 3] {
    [loss(0), loss(1), loss(2)]
}

#[test]
fn character_models_train_to_the_same_bits() {
    // The character model's path: randn·0.01 weights, the batched step with two streams
    // (row walks, dot products), Adagrad, every value clipped. Then the trained model's
    // losses on three chunks of the text.
    let text: Vec<usize> = "the cat sat on the mat and the rat ran at the cat"
        .bytes()
        .map(|b| {
            if b == b' ' {
                0
            } else {
                (b - b'a') as usize % 12 + 1
            }
        })
        .collect();
    let mut last = Vec::new();
    for &kind in CellKind::ALL {
        let options = char_model::Options {
            cell: kind,
            hidden: 21,
            seq_len: 12,
            iters: 30,
            sample_every: 0,
            batch: 2,
            threads: 1,
            ..char_model::Options::default()
        };
        let report = char_model::train(&text, 13, &options, |_| Ok(())).unwrap();
        last.push(three(|k| {
            held_out_loss(&report.model, &text[k * 13..k * 13 + 13])
        }));
    }
    assert_eq!(
        last,
        [
            [0.29873028137509827, 2.3063066181461593, 1.0157088074515972],
            [0.301315529128293, 2.5450684687554737, 1.142267860140209],
            [0.26530744878392837, 2.2887424140085266, 1.1050936300776084],
        ],
        "rnn, lstm, gru after 30 steps"
    );
}

#[test]
fn batched_classifiers_train_to_the_same_bits() {
    // The classifier's path: embedding, the batched step on 8 rows (register tiles), the
    // gates' σ and tanh, the fast softmax cross-entropy, Adam. Then three examples' losses.
    let mut trained = Vec::new();
    for &kind in CellKind::ALL {
        let mut rng = Mt19937::new(1);
        let mut model = Classifier::for_ids(kind, 30, 8, 19, 2, &mut rng);
        let data = examples(48, 30, &mut rng);
        fit(
            &mut model,
            &data,
            &options(3),
            0.0,
            &mut rng,
            Batches::shuffled(),
            |_, _| {},
        )
        .unwrap();
        trained.push(three(|k| {
            loss_and_gradients_examples(&model, &data[k..=k], None, None)
                .unwrap()
                .0
        }));
    }
    assert_eq!(
        trained,
        [
            [0.5369190682965341, 0.12826326698043858, 0.3689429793326437],
            [0.6960632500690147, 0.5926506864443215, 0.576563839330442],
            [0.30153597181032565, 0.5792004237102133, 0.46825377311134975],
        ],
        "rnn, lstm, gru after 3 epochs"
    );
}

#[test]
fn the_literal_path_and_attention_train_to_the_same_bits() {
    // The formulas one line each (Vector::tanh, sigmoid, softmax) on one-hot rows, and an
    // encoder–decoder with attention (its tanh, its softmax).
    let mut rng = Mt19937::new(2);
    let mut model = SequenceModel::with_softmax(CellKind::Lstm.build(30, 7, &mut rng), 2, &mut rng);
    let data: Vec<Example> = examples(24, 30, &mut rng)
        .into_iter()
        .map(|e| Example {
            inputs: Input::Rows(e.inputs.rows(30).into_owned()),
            targets: e.targets,
        })
        .collect();
    let plan = Batches::shuffled();
    fit(
        &mut model,
        &data,
        &options(2),
        0.0,
        &mut rng,
        plan,
        |_, _| {},
    )
    .unwrap();
    let literal = three(|k| {
        let rows = data[k].inputs.rows(30);
        let state0 = model.zero_state();
        model
            .loss_and_gradients(&rows, &data[k].targets, &state0)
            .unwrap()
            .0
    });

    let decoder = SequenceModel::with_softmax(CellKind::Gru.build(6, 5, &mut rng), 6, &mut rng);
    let mut translator = Seq2Seq::new(CellKind::Gru.build(8, 5, &mut rng), decoder, 0, 1)
        .unwrap()
        .with_attention(Attention::init(5, 4, &mut rng))
        .unwrap();
    let pairs: Vec<(Vec<usize>, Vec<usize>)> = (0..16)
        .map(|_| {
            let source: Vec<usize> = (0..1 + rng.below(5)).map(|_| rng.below(8)).collect();
            let target = source.iter().map(|&s| 2 + s % 4).collect();
            (source, target)
        })
        .collect();
    let examples: Vec<Example> = pairs
        .iter()
        .map(|(source, target)| Example {
            inputs: Input::Ids(source.clone()),
            targets: target.iter().copied().enumerate().collect(),
        })
        .collect();
    let plan = Batches::shuffled();
    fit_seq2seq(
        &mut translator,
        &examples,
        &options(2),
        &mut rng,
        plan,
        |_, _| {},
    )
    .unwrap();
    let attention = three(|k| {
        let (source, target) = &pairs[k];
        translator.loss_and_gradients(source, target).unwrap().0
    });
    assert_eq!(
        [literal, attention],
        [
            [0.6117226270645041, 0.7593887529439078, 0.6067303138883176],
            [7.045122112615019, 10.610935521869266, 5.215973072667952],
        ],
        "literal lstm, gru with attention after 2 epochs"
    );
}
