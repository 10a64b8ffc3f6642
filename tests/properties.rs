//! Properties that hold for every model, checked over 200 seeds of the crate's own
//! `Mt19937` with random sizes.

mod common;

use rnn_from_scratch::{Activation, Init, Matrix, Mt19937, OutputLayer, RnnCell, Vector, softmax};

const SEEDS: u32 = 200;

/// A random size in 1..=max.
fn size(rng: &mut Mt19937, max: usize) -> usize {
    1 + rng.below(max)
}

fn random_cell(rng: &mut Mt19937) -> (RnnCell, Matrix) {
    let (d, dh, timesteps) = (size(rng, 6), size(rng, 9), rng.below(15));
    let scale = [0.1, 1.0, 5.0][rng.below(3)];
    let cell = RnnCell::new(
        common::randn(dh, d, scale, rng),
        common::randn(dh, dh, scale, rng),
        common::randn_vector(dh, scale, rng),
    )
    .unwrap();
    let inputs = common::randn(timesteps, d, 3.0, rng);
    (cell, inputs)
}

#[test]
fn hidden_values_stay_within_minus_one_and_one() {
    for seed in 0..SEEDS {
        let mut rng = Mt19937::new(seed);
        let (cell, inputs) = random_cell(&mut rng);
        let h0 = common::randn_vector(cell.hidden_size(), 1.0, &mut rng);
        let states = cell.forward(&inputs, &h0).unwrap();
        assert!(
            states.as_slice().iter().all(|h| h.abs() <= 1.0),
            "seed {seed}"
        );
    }
}

#[test]
fn zero_weights_give_tanh_of_b_at_every_step() {
    for seed in 0..SEEDS {
        let mut rng = Mt19937::new(seed);
        let (d, dh) = (size(&mut rng, 6), size(&mut rng, 9));
        let b = common::randn_vector(dh, 2.0, &mut rng);
        let cell = RnnCell::new(Matrix::zeros(dh, d), Matrix::zeros(dh, dh), b.clone()).unwrap();
        let inputs = common::randn(5, d, 1.0, &mut rng);
        let states = cell
            .forward(&inputs, &common::randn_vector(dh, 1.0, &mut rng))
            .unwrap();
        for t in 0..5 {
            assert_eq!(states.row(t), b.tanh().as_slice(), "seed {seed}, t {t}");
        }
    }
}

#[test]
fn same_seed_gives_identical_output() {
    for seed in 0..SEEDS {
        let run = || {
            let mut rng = Mt19937::new(seed);
            let inputs = Matrix::random(6, 3, &mut rng);
            let cell = Init::Uniform.cell(3, 5, &mut rng);
            cell.forward(&inputs, &Vector::zeros(5)).unwrap()
        };
        assert_eq!(run(), run(), "seed {seed}");
    }
}

#[test]
fn forward_is_step_repeated_and_forward_last_is_its_last_row() {
    for seed in 0..SEEDS {
        let mut rng = Mt19937::new(seed);
        let (cell, inputs) = random_cell(&mut rng);
        let h0 = common::randn_vector(cell.hidden_size(), 0.5, &mut rng);
        let states = cell.forward(&inputs, &h0).unwrap();
        let mut h = h0.clone();
        for t in 0..inputs.shape().0 {
            h = cell.step(&Vector::from(inputs.row(t)), &h);
            assert_eq!(states.row(t), h.as_slice(), "seed {seed}, t {t}");
        }
        assert_eq!(cell.forward_last(&inputs, &h0).unwrap(), h, "seed {seed}");
    }
}

#[test]
fn matvec_is_linear() {
    for seed in 0..SEEDS {
        let mut rng = Mt19937::new(seed);
        let (rows, cols) = (size(&mut rng, 7), size(&mut rng, 7));
        let m = common::randn(rows, cols, 1.0, &mut rng);
        let (x, y) = (
            common::randn_vector(cols, 1.0, &mut rng),
            common::randn_vector(cols, 1.0, &mut rng),
        );
        let a = rng.randn();
        // M(a·x + y) = a·Mx + My
        let left = &m * &(&(a * &x) + &y);
        let right = &(a * &(&m * &x)) + &(&m * &y);
        for i in 0..rows {
            assert!(
                (left[i] - right[i]).abs() <= 1e-12 * (1.0 + right[i].abs()),
                "seed {seed}"
            );
        }
    }
}

#[test]
fn matmul_is_associative_within_rounding() {
    for seed in 0..SEEDS {
        let mut rng = Mt19937::new(seed);
        let (n, k, l, m) = (
            size(&mut rng, 6),
            size(&mut rng, 6),
            size(&mut rng, 6),
            size(&mut rng, 6),
        );
        let a = common::randn(n, k, 1.0, &mut rng);
        let b = common::randn(k, l, 1.0, &mut rng);
        let c = common::randn(l, m, 1.0, &mut rng);
        let left = &(&a * &b) * &c;
        let right = &a * &(&b * &c);
        let scale = 1.0 + right.as_slice().iter().fold(0.0_f64, |s, x| s.max(x.abs()));
        for (x, y) in left.as_slice().iter().zip(right.as_slice()) {
            assert!((x - y).abs() <= 1e-12 * scale, "seed {seed}");
        }
    }
}

#[test]
fn matvec_agrees_with_matmul_by_a_column_and_with_the_transpose() {
    for seed in 0..SEEDS {
        let mut rng = Mt19937::new(seed);
        let (rows, cols) = (size(&mut rng, 7), size(&mut rng, 7));
        let m = common::randn(rows, cols, 1.0, &mut rng);
        let x = common::randn_vector(cols, 1.0, &mut rng);
        let column = Matrix::from_vec(cols, 1, x.as_slice().to_vec()).unwrap();
        assert_eq!(
            (&m * &x).as_slice(),
            (&m * &column).as_slice(),
            "seed {seed}"
        );
        assert_eq!(m.transpose().transpose(), m);
    }
}

#[test]
fn softmax_is_a_distribution_even_for_huge_logits() {
    for seed in 0..SEEDS {
        let mut rng = Mt19937::new(seed);
        let n = size(&mut rng, 10);
        let scale = [1.0, 1e3, 1e300][rng.below(3)];
        let z = common::randn_vector(n, scale, &mut rng);
        let p = softmax(&z);
        let sum: f64 = p.as_slice().iter().sum();
        assert!(
            p.as_slice().iter().all(|x| x.is_finite() && *x >= 0.0),
            "seed {seed}: {p:?}"
        );
        assert!((sum - 1.0).abs() < 1e-12, "seed {seed}: sums to {sum}");
    }
    let p = Activation::Softmax.apply(&Vector::from(vec![1e300, -1e300]));
    assert_eq!(p.as_slice(), &[1.0, 0.0]);
}

#[test]
fn output_layer_rows_are_distributions() {
    for seed in 0..SEEDS {
        let mut rng = Mt19937::new(seed);
        let (cell, inputs) = random_cell(&mut rng);
        let v = size(&mut rng, 5);
        let layer = OutputLayer::new(
            common::randn(v, cell.hidden_size(), 1.0, &mut rng),
            common::randn_vector(v, 1.0, &mut rng),
            Activation::Softmax,
        )
        .unwrap();
        let outputs = layer
            .forward(
                &cell
                    .forward(&inputs, &Vector::zeros(cell.hidden_size()))
                    .unwrap(),
            )
            .unwrap();
        for t in 0..outputs.shape().0 {
            assert!(
                (outputs.row(t).iter().sum::<f64>() - 1.0).abs() < 1e-12,
                "seed {seed}"
            );
        }
    }
}
