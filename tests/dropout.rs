//! Dropout on the batched path: its gradients against central differences with the masks
//! fixed (they depend on the seed and the sequence, never on the weights), the same
//! weights on any number of threads, other weights with another seed, and bad rates
//! refused in one line. Then the L2 penalty (weight decay): exactly λ·w more gradient.

use rnn_from_scratch::cells::{CellKind, Classifier, Dropout, SequenceModel};
use rnn_from_scratch::train::{
    Batches, Clip, Example, FitOptions, Input, OptimizerKind, TrainError, fit, fit_with,
    gradient_check, loss_and_gradients_examples,
};
use rnn_from_scratch::{Mt19937, Vector};

/// Sequences of lengths 1 to 4 (so several buckets), a class at the end or at every step.
fn examples(v: usize, tagged: bool, rng: &mut Mt19937) -> Vec<Example> {
    (0..7)
        .map(|k| {
            let ids: Vec<usize> = (0..1 + k % 4).map(|_| rng.below(v)).collect();
            let targets = if tagged {
                (0..ids.len()).map(|t| (t, rng.below(3))).collect()
            } else {
                vec![(ids.len() - 1, rng.below(3))]
            };
            Example {
                inputs: Input::Ids(ids),
                targets,
            }
        })
        .collect()
}

#[test]
fn dropout_gradients_match_central_differences_with_the_masks_fixed() {
    let mut worst: f64 = 0.0;
    for &kind in CellKind::ALL {
        for (seed, tagged) in [(0, false), (1, true)] {
            let mut rng = Mt19937::new(seed);
            // Under an embedding: the cell drops the rows it looks up.
            let model = Classifier::for_ids(kind, 6, 3, 4, 3, &mut rng);
            let data = examples(6, tagged, &mut rng);
            let dropout = Dropout {
                rate: 0.4,
                seed: 11 + seed as u64,
            };
            let (_, g, _) =
                loss_and_gradients_examples(&model, &data, None, Some(&dropout)).unwrap();
            let (_, plain, _) = loss_and_gradients_examples(&model, &data, None, None).unwrap();
            assert_ne!(
                g.output.wy(),
                plain.output.wy(),
                "{kind:?}: nothing dropped"
            );
            let loss = |m: &Classifier| {
                loss_and_gradients_examples(m, &data, None, Some(&dropout))
                    .unwrap()
                    .0
            };
            let check = gradient_check(&model, &g, loss);
            assert!(
                check.failures(1e-7, 1e-5).is_empty(),
                "{kind:?} embedded: {:?}",
                check.worst(1e-7, 1e-5)
            );
            worst = worst.max(check.max_error());
            // A cell reading dense rows (here one-hot rows of the same ids): the default
            // drop, before the cell reads them.
            let model = SequenceModel::with_softmax(kind.build(6, 4, &mut rng), 3, &mut rng);
            let rows: Vec<Example> = data
                .iter()
                .map(|e| Example {
                    inputs: Input::Rows(e.inputs.rows(6).into_owned()),
                    targets: e.targets.clone(),
                })
                .collect();
            let (_, g, _) =
                loss_and_gradients_examples(&model, &rows, None, Some(&dropout)).unwrap();
            let check = gradient_check(&model, &g, |m| {
                loss_and_gradients_examples(m, &rows, None, Some(&dropout))
                    .unwrap()
                    .0
            });
            assert!(
                check.failures(1e-7, 1e-5).is_empty(),
                "{kind:?} rows: {:?}",
                check.worst(1e-7, 1e-5)
            );
            worst = worst.max(check.max_error());
        }
    }
    println!("dropout: worst gradient difference {worst:.1e}");
}

#[test]
fn a_mask_drops_about_p_of_the_values_and_keeps_the_mean() {
    let dropout = Dropout { rate: 0.3, seed: 5 };
    let keys: Vec<usize> = (0..200).collect();
    let masks = &dropout.masks(&keys, &[50])[0];
    let dropped = masks.iter().filter(|&&m| m == 0.0).count() as f64 / masks.len() as f64;
    let mean = masks.iter().sum::<f64>() / masks.len() as f64;
    assert!((dropped - 0.3).abs() < 0.02, "{dropped}");
    assert!((mean - 1.0).abs() < 0.03, "{mean}");
    // Another step, other masks; the same step, the same masks.
    assert_ne!(
        dropout.at_step(1).masks(&[0], &[50]),
        dropout.at_step(2).masks(&[0], &[50])
    );
    assert_eq!(
        dropout.at_step(1).masks(&[0], &[50]),
        dropout.at_step(1).masks(&[0], &[50])
    );
}

fn options(threads: usize) -> FitOptions {
    FitOptions {
        epochs: 2,
        batch: 40,
        threads,
        ..FitOptions::default()
    }
}

fn trained(threads: usize, dropout: f64, seed: u32) -> Vec<f64> {
    let mut rng = Mt19937::new(0);
    let mut model = Classifier::for_ids(CellKind::Lstm, 9, 4, 5, 3, &mut rng);
    let data: Vec<Example> = (0..80).flat_map(|_| examples(9, false, &mut rng)).collect();
    let plan = Batches::shuffled();
    let mut rng = Mt19937::new(seed);
    fit(
        &mut model,
        &data,
        &options(threads),
        dropout,
        &mut rng,
        plan,
        |_, _| {},
    )
    .unwrap();
    model.output().wy().as_slice().to_vec()
}

#[test]
fn dropout_training_is_the_same_on_one_and_two_threads_and_moves_with_the_seed() {
    let one = trained(1, 0.3, 0);
    assert_eq!(one, trained(2, 0.3, 0)); // bit for bit
    assert_ne!(one, trained(1, 0.3, 1));
    assert_ne!(one, trained(1, 0.0, 0));
}

#[test]
fn a_rate_outside_zero_to_one_is_refused_in_one_line() {
    let mut rng = Mt19937::new(0);
    let model = Classifier::for_ids(CellKind::Gru, 9, 4, 5, 3, &mut rng);
    let data = examples(9, false, &mut rng);
    for (rate, shown) in [(1.0, "1"), (-0.1, "-0.1"), (f64::NAN, "NaN"), (2.5, "2.5")] {
        let plan = Batches::shuffled();
        let err = fit(
            &mut model.clone(),
            &data,
            &options(1),
            rate,
            &mut rng,
            plan,
            |_, _| {},
        );
        assert_eq!(
            err.unwrap_err().to_string(),
            format!("dropout must be in [0, 1), got {shown}")
        );
    }
}

/// SGD at 0.1 on a loss whose gradient is always `gradient`, from the weights `w`, for
/// `epochs` steps (one example, batch 1), with the L2 penalty `l2` and the weights'
/// moving average `average`: the weights it ends with.
fn sgd(
    w: &[f64],
    gradient: &[f64],
    epochs: usize,
    l2: f64,
    average: f64,
) -> Result<Vec<f64>, TrainError> {
    let mut w = Vector::from(w.to_vec());
    let options = FitOptions {
        epochs,
        batch: 1,
        optimizer: OptimizerKind::Sgd,
        learning_rate: 0.1,
        clip: Clip::Norm(100.0),
        l2,
        average,
        ..FitOptions::default()
    };
    let constant = |_: &Vector, _: &[usize]| Ok((0.0, Vector::from(gradient.to_vec())));
    let mut rng = Mt19937::new(0);
    fit_with(
        &mut w,
        1,
        &options,
        &mut rng,
        Batches::shuffled(),
        |_, _| {},
        constant,
    )?;
    Ok(w.as_slice().to_vec())
}

#[test]
fn the_l2_penalty_adds_lambda_times_each_weight_to_its_gradient() {
    // A loss whose own gradient is zero: one SGD step moves w by −lr·λ·w alone.
    let step = |l2: f64| sgd(&[2.0, -4.0], &[0.0, 0.0], 1, l2, 0.0);
    let moved = step(0.5).unwrap();
    assert!(
        (moved[0] - 1.9).abs() < 1e-15 && (moved[1] + 3.8).abs() < 1e-15,
        "{moved:?}"
    );
    assert_eq!(step(0.0).unwrap(), [2.0, -4.0]);
    for (l2, shown) in [(-1.0, "-1"), (f64::NAN, "NaN"), (f64::INFINITY, "inf")] {
        assert_eq!(
            step(l2).unwrap_err().to_string(),
            format!("fit: l2 must be a number ≥ 0, got {shown}")
        );
    }
}

#[test]
fn the_moving_average_of_the_weights_follows_its_formula_step_by_step() {
    // A loss whose gradient is 1: SGD at 0.1 takes w = 2 to 1.9, 1.8, 1.7. The average
    // starts at 2 and follows w̄ ← β·w̄ + (1 − β)·w with β = min(0.9, (1 + t)/(10 + t)).
    let train = |average: f64| sgd(&[2.0], &[1.0], 3, 0.0, average).map(|w| w[0]);
    let mut by_hand = 2.0;
    for (t, w) in [1.9, 1.8, 1.7].into_iter().enumerate() {
        let beta = f64::min(0.9, (1.0 + t as f64) / (10.0 + t as f64));
        by_hand = beta * by_hand + (1.0 - beta) * w;
    }
    assert!((by_hand - 1.73).abs() < 1e-12, "{by_hand}"); // 0.1·2 + 0.9·1.9, then 2/11, 3/12
    assert!((train(0.9).unwrap() - by_hand).abs() < 1e-15);
    assert!((train(0.0).unwrap() - 1.7).abs() < 1e-15); // off: the last weights
    for (average, shown) in [(1.0, "1"), (-0.5, "-0.5"), (f64::NAN, "NaN")] {
        assert_eq!(
            train(average).unwrap_err().to_string(),
            format!("fit: average must be in [0, 1), got {shown}")
        );
    }
}
