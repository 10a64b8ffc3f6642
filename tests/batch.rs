//! Mini-batches: each cell's batched path (one matrix product per step) equals B separate
//! literal runs, and a batch of different lengths is refused with a message.

mod common;

use rnn_from_scratch::cells::{BatchStep, Inputs};
use rnn_from_scratch::cells::{Parameters, Stacked};
use rnn_from_scratch::{Activation, Init, Matrix, Mt19937, OutputLayer, RnnCell, Vector};

/// Xavier weights and a bias that is not zero: an equality test with b = 0 could not see
/// a batched pass that forgets to add b.
fn cell_with_bias(d: usize, dh: usize, rng: &mut Mt19937) -> RnnCell {
    let xavier = Init::Xavier.cell(d, dh, rng);
    let b = Vector::randn(dh, rng).map(|x| 0.5 * x);
    RnnCell::new(xavier.wx().clone(), xavier.wh().clone(), b).unwrap()
}

/// Each cell's batched step on dense rows, every sequence from a state of its own
/// (`state0`, as a character model's streams carry them), against the literal
/// `forward_cached` and `backward` one sequence at a time: the states, the last states,
/// and (for a random ∂L/∂Hₜ) every weight gradient, ∂L/∂state₀ and ∂L/∂Xₜ, within 1e-12.
fn rows_equal_literal<C: BatchStep>(name: &str, make: impl Fn(usize, usize, &mut Mt19937) -> C) {
    let mut rng = Mt19937::new(21);
    for case in 0..20 {
        let (b, timesteps, d, dh) = (
            1 + rng.below(4),
            1 + rng.below(9),
            1 + rng.below(9),
            1 + rng.below(40),
        );
        let cell = make(d, dh, &mut rng);
        let (h, s) = (cell.hidden_size(), cell.state_size());
        let xs = Matrix::random(timesteps * b, d, &mut rng); // row t·B + r
        let state0 = Matrix::random(b, s, &mut rng);
        let dhs = Matrix::random(timesteps * b, h, &mut rng);
        let (hs, cache) = cell.forward_rows(
            Inputs::Rows(xs.as_slice()),
            b,
            timesteps,
            Some(state0.as_slice()),
        );
        let last = cell.last_state(&cache);
        let (grad, dstate0, dxs) = cell.backward_rows(&cache, dhs.as_slice());
        let close = |x: f64, y: f64, what: &str| {
            assert!(
                (x - y).abs() <= 1e-12 * (1.0 + y.abs()),
                "{name} case {case}: {what} {x} vs {y}"
            );
        };
        let mut sum: Vec<Vec<f64>> = grad
            .parameters()
            .iter()
            .map(|(_, a)| vec![0.0; a.len()])
            .collect();
        let mut dstate_sum = vec![0.0; s];
        for r in 0..b {
            let rows = |m: &Matrix| {
                Matrix::from_rows(
                    &(0..timesteps)
                        .map(|t| m.row(t * b + r).to_vec())
                        .collect::<Vec<_>>(),
                )
                .unwrap()
            };
            let (states, last_r, cache) = cell
                .forward_cached(&rows(&xs), &Vector::from(state0.row(r)))
                .unwrap();
            for t in 0..timesteps {
                for (x, y) in hs[(t * b + r) * h..(t * b + r + 1) * h]
                    .iter()
                    .zip(states.row(t))
                {
                    close(*x, *y, "Hₜ");
                }
            }
            for (x, y) in last[r * s..(r + 1) * s].iter().zip(last_r.as_slice()) {
                close(*x, *y, "last state");
            }
            let (g, ds, dx) = cell.backward(&cache, &rows(&dhs));
            for (acc, (_, a)) in sum.iter_mut().zip(g.parameters()) {
                acc.iter_mut().zip(a).for_each(|(acc, a)| *acc += a);
            }
            dstate_sum
                .iter_mut()
                .zip(ds.as_slice())
                .for_each(|(acc, a)| *acc += a);
            for t in 0..timesteps {
                for (x, y) in dxs[(t * b + r) * d..(t * b + r + 1) * d]
                    .iter()
                    .zip(dx.row(t))
                {
                    close(*x, *y, "∂L/∂Xₜ");
                }
            }
        }
        for ((parameter, a), want) in grad.parameters().into_iter().zip(&sum) {
            a.iter()
                .zip(want)
                .for_each(|(x, y)| close(*x, *y, parameter));
        }
        dstate0
            .as_slice()
            .iter()
            .zip(&dstate_sum)
            .for_each(|(x, y)| close(*x, *y, "∂L/∂state₀"));
    }
}

#[test]
fn rows_from_carried_states_equal_the_literal_path_for_every_cell() {
    rows_equal_literal("RNN", cell_with_bias);
    rows_equal_literal("LSTM", random_lstm);
    rows_equal_literal("GRU", random_gru);
    rows_equal_literal("bidirectional GRU", both_gru);
    rows_equal_literal("stacked LSTM", |d, dh, rng| {
        Stacked::new(vec![random_lstm(d, dh, rng), random_lstm(dh, dh, rng)]).unwrap()
    });
}

/// How [`equals_separate`] gives the batch its inputs and targets.
#[derive(Clone, Copy)]
struct Shape {
    /// Each sequence's length drawn on its own (the length buckets' case).
    ragged: bool,
    /// A tag at every step (many-to-many), or one at the last (many-to-one).
    tagged: bool,
    /// One-hot rows instead of token ids.
    rows: bool,
}

/// The one body of the batched paths' tests: 30 random embedded models of `make`'s cell
/// (non-zero biases, sizes crossing the kernels' blocks), a batch through
/// `loss_and_gradients_examples` against the sum of the separate literal runs, every
/// gradient value within 1e-12.
fn equals_separate<C: BatchStep>(
    name: &str,
    shape: Shape,
    make: impl Fn(usize, usize, &mut Mt19937) -> C,
) {
    use rnn_from_scratch::cells::{Embedded, Embedding, SequenceModel, one_hot};
    use rnn_from_scratch::train::{Example, Input, loss_and_gradients_examples};
    let mut worst = 0.0_f64;
    for seed in 0..30 {
        let mut rng = Mt19937::new(seed);
        let (v, e, dh, t, b) = (
            2 + rng.below(30),
            1 + rng.below(9),
            1 + rng.below(20),
            1 + rng.below(9),
            1 + rng.below(6),
        );
        let cell = Embedded::new(
            Embedding::new(Matrix::randn(v, e, &mut rng)).unwrap(),
            make(e, dh, &mut rng),
        )
        .unwrap();
        let h = rnn_from_scratch::cells::Cell::hidden_size(&cell); // 2·Dh for a bidirectional pair
        let output = OutputLayer::new(
            Matrix::randn(3, h, &mut rng),
            Vector::randn(3, &mut rng),
            Activation::Softmax,
        )
        .unwrap();
        let model = SequenceModel::new(cell, output).unwrap();
        let ids: Vec<Vec<usize>> = (0..b)
            .map(|_| {
                let t = if shape.ragged { 1 + rng.below(9) } else { t };
                (0..t).map(|_| rng.below(v)).collect()
            })
            .collect();
        let tags: Vec<Vec<usize>> = ids
            .iter()
            .map(|s| s.iter().map(|_| rng.below(3)).collect())
            .collect();
        let examples: Vec<Example> = ids
            .iter()
            .zip(&tags)
            .map(|(s, y)| Example {
                inputs: if shape.rows {
                    Input::Rows(one_hot(s, v))
                } else {
                    Input::Ids(s.clone())
                },
                targets: if shape.tagged {
                    y.iter().copied().enumerate().collect()
                } else {
                    vec![(s.len() - 1, y[s.len() - 1])]
                },
            })
            .collect();
        let (loss, got, _) = loss_and_gradients_examples(&model, &examples, None, None).unwrap();
        let (want_loss, want) = common::literal_sum(&model, &examples);
        assert!(
            (loss - want_loss).abs() <= 1e-12 * (1.0 + want_loss.abs()),
            "{name} seed {seed}"
        );
        for ((array, x), (_, y)) in got.parameters().into_iter().zip(want.parameters()) {
            for (x, y) in x.iter().zip(y) {
                let err = (x - y).abs();
                worst = worst.max(err);
                assert!(
                    err <= 1e-12 * (1.0 + y.abs()),
                    "{name} seed {seed}: {array} {x} vs {y}"
                );
            }
        }
        for (x, y) in got.state0.as_slice().iter().zip(want.state0.as_slice()) {
            assert!(
                (x - y).abs() <= 1e-12,
                "{name} seed {seed}: state0 {x} vs {y}"
            );
        }
    }
    let Shape {
        ragged,
        tagged,
        rows,
    } = shape;
    println!(
        "batched {name} (ragged: {ragged}, tagged: {tagged}, rows: {rows}) vs separate runs: worst difference {worst:.1e}"
    );
}

/// Many-to-one, one length, token ids.
const LAST: Shape = Shape {
    ragged: false,
    tagged: false,
    rows: false,
};

/// A gate with random weights and a bias that is not zero.
fn random_gate(d: usize, dh: usize, rng: &mut Mt19937) -> rnn_from_scratch::cells::Gate {
    let scale = |x: f64| 0.5 * x;
    rnn_from_scratch::cells::Gate::new(
        Matrix::randn(dh, d, rng).map(scale),
        Matrix::randn(dh, dh, rng).map(scale),
        Vector::randn(dh, rng).map(scale),
    )
    .unwrap()
}

#[test]
fn batched_embedded_cells_equal_the_sum_of_separate_runs() {
    equals_separate("LSTM", LAST, random_lstm);
    equals_separate("GRU", LAST, random_gru);
    equals_separate("RNN", LAST, random_rnn);
    equals_separate(
        "LSTM, one-hot rows",
        Shape { rows: true, ..LAST },
        random_lstm,
    );
}

#[test]
fn a_batch_names_the_example_that_does_not_fit() {
    use rnn_from_scratch::LstmCell;
    use rnn_from_scratch::cells::{Embedded, Embedding, SequenceModel, one_hot};
    use rnn_from_scratch::train::{Example, Input, loss_and_gradients_examples};
    let mut rng = Mt19937::new(0);
    let cell = Embedded::new(
        Embedding::init(5, 2, &mut rng),
        LstmCell::init(2, 3, &mut rng),
    )
    .unwrap();
    let model = SequenceModel::with_softmax(cell, 2, &mut rng);
    let err = |examples: &[Example]| {
        loss_and_gradients_examples(&model, examples, None, None)
            .unwrap_err()
            .to_string()
    };
    let ids = |ids: &[usize], y: usize| Example {
        inputs: Input::Ids(ids.to_vec()),
        targets: vec![(ids.len().saturating_sub(1), y)],
    };
    assert_eq!(err(&[]), "batch: a batch needs at least one example");
    // Example 2 is the first of its bucket (length 1): the message still says 2.
    assert_eq!(
        err(&[ids(&[1, 2], 0), ids(&[3, 4], 1), ids(&[9], 0)]),
        "example 2: id 9 at timestep 0 is not in the vocabulary: V = 5, so ids must be below 5"
    );
    assert_eq!(
        err(&[ids(&[1, 2], 0), ids(&[3], 2)]),
        "example 1: target 2 at timestep 0 is not a class: there are 2"
    );
    assert_eq!(
        err(&[ids(&[1, 2], 0), ids(&[], 1)]),
        "example 1: it has no timestep; an example needs at least one"
    );
    let late = Example {
        inputs: Input::Ids(vec![1, 2]),
        targets: vec![(2, 0)],
    };
    assert_eq!(
        err(&[late]),
        "example 0: a target at timestep 2, but there are only 2 timesteps"
    );
    let narrow = Example {
        inputs: Input::Rows(one_hot(&[1, 2], 4)),
        targets: vec![(1, 0)],
    };
    assert_eq!(
        err(&[narrow]),
        "example 0: inputs must be timesteps×d = 2×5, got 2×4"
    );
}

/// An LSTM cell with four random gates.
fn random_lstm(e: usize, dh: usize, rng: &mut Mt19937) -> rnn_from_scratch::LstmCell {
    let (i, f, g, o) = (
        random_gate(e, dh, rng),
        random_gate(e, dh, rng),
        random_gate(e, dh, rng),
        random_gate(e, dh, rng),
    );
    rnn_from_scratch::LstmCell::new(i, f, g, o).unwrap()
}

/// A GRU cell with three random gates and a random b_hn.
fn random_gru(e: usize, dh: usize, rng: &mut Mt19937) -> rnn_from_scratch::cells::GruCell {
    let (r, z, n) = (
        random_gate(e, dh, rng),
        random_gate(e, dh, rng),
        random_gate(e, dh, rng),
    );
    let b_hn = Vector::randn(dh, rng).map(|x| 0.5 * x);
    rnn_from_scratch::cells::GruCell::new(r, z, n, b_hn).unwrap()
}

/// A plain RNN cell with random weights and bias.
fn random_rnn(e: usize, dh: usize, rng: &mut Mt19937) -> RnnCell {
    let gate = random_gate(e, dh, rng);
    RnnCell::new(gate.wx().clone(), gate.wh().clone(), gate.b().clone()).unwrap()
}

#[test]
fn length_buckets_equal_the_sum_of_separate_runs_for_every_cell() {
    let ragged = Shape {
        ragged: true,
        ..LAST
    };
    equals_separate("RNN", ragged, random_rnn);
    equals_separate("LSTM", ragged, random_lstm);
    equals_separate("GRU", ragged, random_gru);
    equals_separate(
        "GRU, one-hot rows",
        Shape {
            rows: true,
            ..ragged
        },
        random_gru,
    );
}

/// Ragged many-to-one examples over V = 7: is the first token 1?
fn ragged_examples(rng: &mut Mt19937) -> Vec<rnn_from_scratch::train::Example> {
    use rnn_from_scratch::cells::one_hot;
    (0..60)
        .map(|k| {
            let len = 1 + rng.below(8);
            let ids: Vec<usize> = (0..len)
                .map(|t| if t == 0 { k % 2 } else { 2 + rng.below(5) })
                .collect();
            rnn_from_scratch::train::Example {
                inputs: rnn_from_scratch::train::Input::Rows(one_hot(&ids, 7)),
                targets: vec![(len - 1, k % 2)],
            }
        })
        .collect()
}

/// `fit` (the batched path) against `fit_with` given the literal path's gradients, on the
/// same model, examples and seed: the same weights within rounding; and `--threads 1`
/// against 2 (four chunks per batch): bit for bit.
fn fit_matches_the_literal_path<C: BatchStep + Clone>(
    name: &str,
    make: impl Fn(usize, usize, &mut Mt19937) -> C,
) {
    use rnn_from_scratch::cells::Parameters;
    use rnn_from_scratch::cells::{Embedded, Embedding, SequenceModel};
    use rnn_from_scratch::train::{Batches, FitOptions, fit, fit_with};
    let mut rng = Mt19937::new(7);
    let examples = ragged_examples(&mut rng);
    let cell = Embedded::new(Embedding::init(7, 4, &mut rng), make(4, 6, &mut rng)).unwrap();
    let model = SequenceModel::with_softmax(cell, 2, &mut rng);
    let options = |threads| FitOptions {
        epochs: 4,
        batch: 60,
        threads,
        ..FitOptions::default()
    };
    let trained = |threads, batched: bool| {
        let mut m = model.clone();
        let mut losses = Vec::new();
        let on_epoch = |_, loss| losses.push(loss);
        let (options, rng) = (&options(threads), &mut Mt19937::new(1));
        if batched {
            fit(
                &mut m,
                &examples,
                options,
                0.0,
                rng,
                Batches::shuffled(),
                on_epoch,
            )
        } else {
            let literal = |m: &SequenceModel<_>, batch: &[usize]| {
                Ok(common::literal_sum(m, batch.iter().map(|&k| &examples[k])))
            };
            let count = examples.len();
            fit_with(
                &mut m,
                count,
                options,
                rng,
                Batches::shuffled(),
                on_epoch,
                literal,
            )
        }
        .unwrap();
        (m, losses)
    };
    let (one, losses_one) = trained(1, true);
    let (two, losses_two) = trained(2, true);
    let (literal, losses_literal) = trained(1, false);
    assert!(
        one.parameters() == two.parameters(),
        "{name}: the thread count changed the weights"
    );
    assert_eq!(losses_one, losses_two, "{name}");
    let mut worst = 0.0_f64;
    for ((_, x), (_, y)) in one.parameters().into_iter().zip(literal.parameters()) {
        for (x, y) in x.iter().zip(y) {
            worst = worst.max((x - y).abs());
        }
    }
    assert!(worst < 1e-10, "{name}: {worst:e} from the literal path");
    for (a, b) in losses_one.iter().zip(&losses_literal) {
        assert!((a - b).abs() < 1e-10, "{name}: loss {a} vs {b}");
    }
    assert!(
        losses_one[3] < losses_one[0],
        "{name} learns: {losses_one:?}"
    );
    println!("fit {name}: worst weight difference from the literal path {worst:.1e}");
}

#[test]
fn fit_trains_as_the_literal_path_does_on_any_thread_count() {
    fit_matches_the_literal_path("RNN", random_rnn);
    fit_matches_the_literal_path("LSTM", random_lstm);
    fit_matches_the_literal_path("GRU", random_gru);
}

#[test]
fn fit_names_the_example_that_does_not_fit() {
    use rnn_from_scratch::cells::{Embedded, Embedding, SequenceModel};
    use rnn_from_scratch::train::{Batches, Example, FitOptions, Input, fit};
    let mut rng = Mt19937::new(0);
    let cell = Embedded::new(Embedding::init(5, 2, &mut rng), random_rnn(2, 3, &mut rng)).unwrap();
    let mut model = SequenceModel::with_softmax(cell, 2, &mut rng);
    let options = FitOptions {
        batch: 4,
        ..FitOptions::default()
    };
    let good = Example {
        inputs: Input::Ids(vec![1, 2, 3]),
        targets: vec![(2, 1)],
    };
    let bad_label = Example {
        inputs: Input::Ids(vec![1, 2]),
        targets: vec![(1, 4)],
    };
    let err = fit(
        &mut model,
        &[good, bad_label],
        &options,
        0.0,
        &mut Mt19937::new(0),
        Batches::shuffled(),
        |_, _| {},
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "example 1: target 4 at timestep 1 is not a class: there are 2"
    );
}

#[test]
fn sentiment_scores_the_same_through_the_batched_path() {
    use rnn_from_scratch::cells::{Embedded, Embedding, LstmCell, SequenceModel};
    use rnn_from_scratch::programs::uses::numbers::Language;
    use rnn_from_scratch::programs::uses::sentiment::{run, run_with, vocabulary};
    use rnn_from_scratch::train::{Batches, FitOptions, fit_with};
    let mut rng = Mt19937::new(3);
    let v = vocabulary(Language::Korean).len();
    let cell = Embedded::new(
        Embedding::init(v, 6, &mut rng),
        LstmCell::init(6, 8, &mut rng),
    )
    .unwrap();
    let options = FitOptions {
        epochs: 6,
        batch: 24,
        threads: 2,
        ..FitOptions::default()
    };
    let batched = run(cell.clone(), Language::Korean, &options, 0, |_, _| {}).unwrap();
    let one_by_one = run_with(
        cell,
        Language::Korean,
        &options,
        0,
        |_, _| {},
        |m, examples, o, r, on| {
            let literal = |m: &SequenceModel<_>, batch: &[usize]| {
                Ok(common::literal_sum(m, batch.iter().map(|&k| &examples[k])))
            };
            fit_with(m, examples.len(), o, r, Batches::shuffled(), on, literal)
        },
    )
    .unwrap();
    assert_eq!(one_by_one, batched);
}

fn both_lstm(
    e: usize,
    dh: usize,
    rng: &mut Mt19937,
) -> rnn_from_scratch::cells::Bidirectional<rnn_from_scratch::LstmCell> {
    rnn_from_scratch::cells::Bidirectional::new(random_lstm(e, dh, rng), random_lstm(e, dh, rng))
        .unwrap()
}

fn both_gru(
    e: usize,
    dh: usize,
    rng: &mut Mt19937,
) -> rnn_from_scratch::cells::Bidirectional<rnn_from_scratch::cells::GruCell> {
    rnn_from_scratch::cells::Bidirectional::new(random_gru(e, dh, rng), random_gru(e, dh, rng))
        .unwrap()
}

fn both_rnn(
    e: usize,
    dh: usize,
    rng: &mut Mt19937,
) -> rnn_from_scratch::cells::Bidirectional<RnnCell> {
    rnn_from_scratch::cells::Bidirectional::new(random_rnn(e, dh, rng), random_rnn(e, dh, rng))
        .unwrap()
}

#[test]
fn tagged_batches_equal_separate_runs_for_every_cell_and_both_directions() {
    let tagged = Shape {
        tagged: true,
        ..LAST
    };
    equals_separate("LSTM", tagged, random_lstm);
    equals_separate("GRU", tagged, random_gru);
    equals_separate("RNN", tagged, random_rnn);
    equals_separate("bidirectional LSTM", tagged, both_lstm);
    equals_separate("bidirectional GRU", tagged, both_gru);
    equals_separate("bidirectional RNN", tagged, both_rnn);
    equals_separate(
        "bidirectional RNN, ragged rows",
        Shape {
            ragged: true,
            rows: true,
            ..tagged
        },
        both_rnn,
    );
    // A bidirectional pair, many-to-one, through the same layer.
    equals_separate("bidirectional LSTM, last step", LAST, both_lstm);
}

#[test]
fn forward_rows_names_inputs_of_the_wrong_size() {
    let cell = Init::Xavier.cell(4, 3, &mut Mt19937::new(0)); // d = 4, Dh = 3
    let message = |f: Box<dyn Fn() + std::panic::UnwindSafe>| {
        let err = std::panic::catch_unwind(f).unwrap_err();
        err.downcast_ref::<String>().cloned().unwrap_or_default()
    };
    let c = cell.clone();
    assert_eq!(
        message(Box::new(move || {
            c.forward_rows(Inputs::Rows(&[0.0; 20]), 2, 3, None);
        })),
        "forward_rows: 3 steps of B = 2 need 6 rows of d = 4 values, got 20 values"
    );
    let c = cell.clone();
    assert_eq!(
        message(Box::new(move || {
            c.forward_rows(Inputs::Ids(&[0, 4]), 1, 2, None);
        })),
        "forward_rows: id 4 (row 1) is not below d = 4"
    );
    let c = cell;
    assert_eq!(
        message(Box::new(move || {
            c.forward_rows(Inputs::Ids(&[0, 1]), 1, 2, Some(&[0.0; 2]));
        })),
        "forward_rows: state0 must be B = 1 rows of the cell's 3 state values, got 2 values"
    );
}
