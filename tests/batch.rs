//! Mini-batches: each cell's batched path (one matrix product per step) equals B separate
//! literal runs, and a batch of different lengths is refused with a message.

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

/// The one body of the batched paths' tests: 30 random embedded models of `make`'s cell
/// (non-zero biases, sizes crossing the kernels' blocks), a batch through `batched`
/// against the sum of the separate runs, every gradient value within 1e-12. A `ragged`
/// batch draws each sequence's length on its own.
fn batched_equals_separate<C: rnn_from_scratch::cells::Cell>(
    name: &str,
    ragged: bool,
    make: impl Fn(usize, usize, &mut Mt19937) -> C,
    batched: impl Fn(
        &rnn_from_scratch::cells::SequenceModel<rnn_from_scratch::cells::Embedded<C>>,
        &[Vec<usize>],
        &[usize],
    ) -> (
        f64,
        rnn_from_scratch::train::SequenceGradients<rnn_from_scratch::cells::Embedded<C>>,
    ),
) {
    let last = |tags: &[Vec<usize>]| tags.iter().map(|t| t[t.len() - 1]).collect::<Vec<_>>();
    equals_separate(name, ragged, false, make, |model, ids, tags| {
        batched(model, ids, &last(tags))
    });
}

/// [`batched_equals_separate`] for a tag at every step (`tagged`) or at the last only:
/// `batched(model, ids, tags)` gets every step's tag either way.
fn equals_separate<C: rnn_from_scratch::cells::Cell>(
    name: &str,
    ragged: bool,
    tagged: bool,
    make: impl Fn(usize, usize, &mut Mt19937) -> C,
    batched: impl Fn(
        &rnn_from_scratch::cells::SequenceModel<rnn_from_scratch::cells::Embedded<C>>,
        &[Vec<usize>],
        &[Vec<usize>],
    ) -> (
        f64,
        rnn_from_scratch::train::SequenceGradients<rnn_from_scratch::cells::Embedded<C>>,
    ),
) {
    use rnn_from_scratch::cells::{Embedded, Embedding, SequenceModel, one_hot};
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
                let t = if ragged { 1 + rng.below(9) } else { t };
                (0..t).map(|_| rng.below(v)).collect()
            })
            .collect();
        let tags: Vec<Vec<usize>> = ids
            .iter()
            .map(|s| s.iter().map(|_| rng.below(3)).collect())
            .collect();
        let (loss, got) = batched(&model, &ids, &tags);
        let separate = ids.iter().zip(&tags).map(|(s, y)| {
            let targets: Vec<(usize, usize)> = if tagged {
                y.iter().copied().enumerate().collect()
            } else {
                vec![(s.len() - 1, y[s.len() - 1])]
            };
            (one_hot(s, v), targets)
        });
        let (want_loss, want) = model
            .loss_and_gradients_sum(separate, &model.zero_state())
            .unwrap();
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
    println!(
        "batched {name} (ragged: {ragged}, tagged: {tagged}) vs separate runs: worst difference {worst:.1e}"
    );
}

/// A gate with random weights and a bias that is not zero.
fn random_gate(d: usize, dh: usize, rng: &mut Mt19937) -> rnn_from_scratch::Gate {
    let scale = |x: f64| 0.5 * x;
    rnn_from_scratch::Gate::new(
        Matrix::randn(dh, d, rng).map(scale),
        Matrix::randn(dh, dh, rng).map(scale),
        Vector::randn(dh, rng).map(scale),
    )
    .unwrap()
}

#[test]
fn batched_embedded_lstm_equals_the_sum_of_separate_runs() {
    batched_equals_separate("LSTM", false, random_lstm, |model, ids, labels| {
        model.loss_and_gradients_batch(ids, labels).unwrap()
    });
}

#[test]
fn batched_embedded_gru_equals_the_sum_of_separate_runs() {
    batched_equals_separate("GRU", false, random_gru, |model, ids, labels| {
        model.loss_and_gradients_batch(ids, labels).unwrap()
    });
}

#[test]
fn batched_lstm_refuses_ragged_and_mismatched_batches() {
    use rnn_from_scratch::LstmCell;
    use rnn_from_scratch::cells::{Embedded, Embedding, SequenceModel};
    let mut rng = Mt19937::new(0);
    let cell = Embedded::new(
        Embedding::init(5, 2, &mut rng),
        LstmCell::init(2, 3, &mut rng),
    )
    .unwrap();
    let model = SequenceModel::with_softmax(cell, 2, &mut rng);
    let err = |ids: &[Vec<usize>], labels: &[usize]| {
        model
            .loss_and_gradients_batch(ids, labels)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(err(&[], &[]), "batch: a batch needs at least one sequence");
    assert_eq!(
        err(&[vec![1, 2], vec![3]], &[0, 1]),
        "batch: every sequence must have 2 tokens like sequence 0, sequence 1 has 1"
    );
    assert_eq!(
        err(&[vec![1, 2]], &[0, 1]),
        "batch: 1 sequences need 1 labels, got 2"
    );
    assert_eq!(
        err(&[vec![1, 2], vec![3, 7]], &[0, 1]),
        "sequence 1: id 7 at timestep 1 is not in the vocabulary: V = 5, so ids must be below 5"
    );
    assert_eq!(
        err(&[vec![1, 2]], &[2]),
        "batch: label 2 of sequence 0 is not a class: the output has 2, so labels must be below 2"
    );
}

#[test]
fn batched_embedded_rnn_equals_the_sum_of_separate_runs() {
    batched_equals_separate("RNN", false, random_rnn, |model, ids, labels| {
        model.loss_and_gradients_batch(ids, labels).unwrap()
    });
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
fn random_gru(e: usize, dh: usize, rng: &mut Mt19937) -> rnn_from_scratch::GruCell {
    let (r, z, n) = (
        random_gate(e, dh, rng),
        random_gate(e, dh, rng),
        random_gate(e, dh, rng),
    );
    let b_hn = Vector::randn(dh, rng).map(|x| 0.5 * x);
    rnn_from_scratch::GruCell::new(r, z, n, b_hn).unwrap()
}

/// A plain RNN cell with random weights and bias.
fn random_rnn(e: usize, dh: usize, rng: &mut Mt19937) -> RnnCell {
    let gate = random_gate(e, dh, rng);
    RnnCell::new(gate.wx().clone(), gate.wh().clone(), gate.b().clone()).unwrap()
}

#[test]
fn length_buckets_equal_the_sum_of_separate_runs_for_every_cell() {
    use rnn_from_scratch::train::loss_and_gradients_buckets;
    // One closure per cell: a closure cannot be generic over the model's type.
    batched_equals_separate("RNN", true, random_rnn, |m, ids, labels| {
        loss_and_gradients_buckets(m, ids, labels).unwrap()
    });
    batched_equals_separate("LSTM", true, random_lstm, |m, ids, labels| {
        loss_and_gradients_buckets(m, ids, labels).unwrap()
    });
    batched_equals_separate("GRU", true, random_gru, |m, ids, labels| {
        loss_and_gradients_buckets(m, ids, labels).unwrap()
    });
}

#[test]
fn length_buckets_name_the_sequence_in_the_whole_batch() {
    use rnn_from_scratch::GruCell;
    use rnn_from_scratch::cells::{Embedded, Embedding, SequenceModel};
    use rnn_from_scratch::train::loss_and_gradients_buckets;
    let mut rng = Mt19937::new(0);
    let cell = Embedded::new(
        Embedding::init(5, 2, &mut rng),
        GruCell::init(2, 3, &mut rng),
    )
    .unwrap();
    let model = SequenceModel::with_softmax(cell, 2, &mut rng);
    let err = |ids: &[Vec<usize>], labels: &[usize]| {
        loss_and_gradients_buckets(&model, ids, labels)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(err(&[], &[]), "batch: a batch needs at least one sequence");
    assert_eq!(
        err(&[vec![1, 2]], &[0, 1]),
        "batch: 1 sequences need 1 labels, got 2"
    );
    // Sequence 2 is the first of its bucket (length 1): the message still says 2.
    assert_eq!(
        err(&[vec![1, 2], vec![3, 4], vec![9]], &[0, 1, 0]),
        "sequence 2: id 9 at timestep 0 is not in the vocabulary: V = 5, so ids must be below 5"
    );
    assert_eq!(
        err(&[vec![1, 2], vec![3]], &[0, 2]),
        "batch: label 2 of sequence 1 is not a class: the output has 2, so labels must be below 2"
    );
    assert_eq!(
        err(&[vec![1, 2], vec![]], &[0, 1]),
        "batch: sequence 1 has no tokens; a sequence needs at least one"
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
                inputs: one_hot(&ids, 7),
                targets: vec![(len - 1, k % 2)],
            }
        })
        .collect()
}

/// `fit_buckets` against `fit` on the same model, examples and seed: the same weights
/// within rounding; and `--threads 1` against 2 (four chunks per batch): bit for bit.
fn fit_buckets_matches_fit<C: BatchStep + Clone>(
    name: &str,
    make: impl Fn(usize, usize, &mut Mt19937) -> C,
) {
    use rnn_from_scratch::cells::Parameters;
    use rnn_from_scratch::cells::{Embedded, Embedding, SequenceModel};
    use rnn_from_scratch::train::{FitOptions, OptimizerKind, fit, fit_buckets};
    let mut rng = Mt19937::new(7);
    let examples = ragged_examples(&mut rng);
    let cell = Embedded::new(Embedding::init(7, 4, &mut rng), make(4, 6, &mut rng)).unwrap();
    let model = SequenceModel::with_softmax(cell, 2, &mut rng);
    let options = |threads| FitOptions {
        epochs: 4,
        batch: 60,
        optimizer: OptimizerKind::Adam,
        learning_rate: 0.01,
        clip: 5.0,
        threads,
    };
    let trained = |threads, buckets: bool| {
        let mut m = model.clone();
        let mut losses = Vec::new();
        let on_epoch = |_, loss| losses.push(loss);
        if buckets {
            fit_buckets(
                &mut m,
                &examples,
                &options(threads),
                &mut Mt19937::new(1),
                on_epoch,
            )
        } else {
            fit(
                &mut m,
                &examples,
                &options(threads),
                &mut Mt19937::new(1),
                on_epoch,
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
    assert!(worst < 1e-10, "{name}: {worst:e} from fit");
    for (a, b) in losses_one.iter().zip(&losses_literal) {
        assert!((a - b).abs() < 1e-10, "{name}: loss {a} vs {b}");
    }
    assert!(
        losses_one[3] < losses_one[0],
        "{name} learns: {losses_one:?}"
    );
    println!("fit_buckets {name}: worst weight difference from fit {worst:.1e}");
}

#[test]
fn fit_buckets_trains_as_fit_does_on_any_thread_count() {
    fit_buckets_matches_fit("RNN", random_rnn);
    fit_buckets_matches_fit("LSTM", random_lstm);
    fit_buckets_matches_fit("GRU", random_gru);
}

#[test]
fn fit_buckets_refuses_examples_that_are_not_many_to_one() {
    use rnn_from_scratch::cells::{Embedded, Embedding, SequenceModel, one_hot};
    use rnn_from_scratch::train::{Example, FitOptions, OptimizerKind, fit_buckets};
    let mut rng = Mt19937::new(0);
    let cell = Embedded::new(Embedding::init(5, 2, &mut rng), random_rnn(2, 3, &mut rng)).unwrap();
    let mut model = SequenceModel::with_softmax(cell, 2, &mut rng);
    let options = FitOptions {
        epochs: 1,
        batch: 4,
        optimizer: OptimizerKind::Adam,
        learning_rate: 0.01,
        clip: 5.0,
        threads: 1,
    };
    let mut err = |examples: &[Example]| {
        fit_buckets(
            &mut model,
            examples,
            &options,
            &mut Mt19937::new(0),
            |_, _| {},
        )
        .unwrap_err()
        .to_string()
    };
    let good = Example {
        inputs: one_hot(&[1, 2, 3], 5),
        targets: vec![(2, 1)],
    };
    let tagged = Example {
        inputs: one_hot(&[1, 2], 5),
        targets: vec![(0, 1), (1, 0)],
    };
    assert_eq!(
        err(&[good.clone(), tagged]),
        "example 1: the batched path trains many-to-one: one target, at the last step (1), got [(0, 1), (1, 0)]"
    );
    let mut not_one_hot = good.clone();
    not_one_hot.inputs[(1, 0)] = 0.5;
    assert_eq!(
        err(&[good.clone(), not_one_hot]),
        "example 1: row 1 of the inputs is not one-hot: an embedding reads token ids, one 1 among zeros"
    );
    let mut bad_label = good;
    bad_label.targets = vec![(2, 4)];
    assert_eq!(
        err(&[bad_label]),
        "example 0: target 4 at timestep 2 is not a class: V = 2, so targets must be below 2"
    );
}

#[test]
fn sentiment_scores_the_same_through_the_batched_path() {
    use rnn_from_scratch::cells::{Embedded, Embedding, LstmCell};
    use rnn_from_scratch::programs::uses::sentiment::{Language, run, run_with, vocabulary};
    use rnn_from_scratch::train::{FitOptions, OptimizerKind, fit_buckets};
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
        optimizer: OptimizerKind::Adam,
        learning_rate: 0.01,
        clip: 5.0,
        threads: 2,
    };
    let one_by_one = run(cell.clone(), Language::Korean, &options, 0, |_, _| {}).unwrap();
    let batched = run_with(cell, Language::Korean, &options, 0, |_, _| {}, fit_buckets).unwrap();
    assert_eq!(one_by_one, batched);
}

/// Many-to-many through the batched path.
fn tagged<C: rnn_from_scratch::cells::BatchStep>(
    model: &rnn_from_scratch::cells::SequenceModel<rnn_from_scratch::cells::Embedded<C>>,
    ids: &[Vec<usize>],
    tags: &[Vec<usize>],
) -> (
    f64,
    rnn_from_scratch::train::SequenceGradients<rnn_from_scratch::cells::Embedded<C>>,
) {
    rnn_from_scratch::train::loss_and_gradients_tagged(model, ids, tags).unwrap()
}

fn both_lstm(
    e: usize,
    dh: usize,
    rng: &mut Mt19937,
) -> rnn_from_scratch::Bidirectional<rnn_from_scratch::LstmCell> {
    rnn_from_scratch::Bidirectional::new(random_lstm(e, dh, rng), random_lstm(e, dh, rng)).unwrap()
}

fn both_gru(
    e: usize,
    dh: usize,
    rng: &mut Mt19937,
) -> rnn_from_scratch::Bidirectional<rnn_from_scratch::GruCell> {
    rnn_from_scratch::Bidirectional::new(random_gru(e, dh, rng), random_gru(e, dh, rng)).unwrap()
}

fn both_rnn(e: usize, dh: usize, rng: &mut Mt19937) -> rnn_from_scratch::Bidirectional<RnnCell> {
    rnn_from_scratch::Bidirectional::new(random_rnn(e, dh, rng), random_rnn(e, dh, rng)).unwrap()
}

#[test]
fn tagged_batches_equal_separate_runs_for_every_cell_and_both_directions() {
    equals_separate("LSTM", false, true, random_lstm, tagged);
    equals_separate("GRU", false, true, random_gru, tagged);
    equals_separate("RNN", false, true, random_rnn, tagged);
    equals_separate("bidirectional LSTM", false, true, both_lstm, tagged);
    equals_separate("bidirectional GRU", false, true, both_gru, tagged);
    equals_separate("bidirectional RNN", false, true, both_rnn, tagged);
    // A bidirectional pair, many-to-one, through the same layer.
    batched_equals_separate(
        "bidirectional LSTM, last step",
        false,
        both_lstm,
        |model, ids, labels| model.loss_and_gradients_batch(ids, labels).unwrap(),
    );
}
