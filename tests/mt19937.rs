//! `Mt19937` against numpy's `np.random.seed` / `random` / `randn`, for 9 seeds including
//! 0 and 2³² − 1 (values from tests/golden/mt19937.py).

mod common;

use rnn_from_scratch::{Matrix, Mt19937};

#[test]
fn random_equals_numpy_exactly_for_every_seed() {
    let cases = common::golden("mt19937.txt");
    assert_eq!(cases.len(), 9);
    for case in &cases {
        let seed: u32 = case.name.parse().unwrap();
        let mut rng = Mt19937::new(seed);
        let ours: Vec<f64> = (0..1000).map(|_| rng.random()).collect();
        // Bit for bit: the same integers through the same arithmetic.
        assert_eq!(
            ours.as_slice(),
            case.vector("random").as_slice(),
            "seed {seed}"
        );
    }
}

#[test]
fn randn_equals_numpy_for_every_seed() {
    for case in &common::golden("mt19937.txt") {
        let seed: u32 = case.name.parse().unwrap();
        let mut rng = Mt19937::new(seed);
        let ours: Vec<f64> = (0..1001).map(|_| rng.randn()).collect();
        // log and sqrt come from different C libraries in numpy and Rust: allow 4 ulps.
        let theirs = case.vector("randn");
        for (k, (a, b)) in ours.iter().zip(theirs.as_slice()).enumerate() {
            assert!(
                (a - b).abs() <= 4.0 * f64::EPSILON * b.abs().max(1.0),
                "seed {seed}, draw {k}: {a} vs {b}"
            );
        }
    }
}

#[test]
fn matrix_random_fills_rows_in_numpy_order() {
    for case in &common::golden("mt19937.txt") {
        let seed: u32 = case.name.parse().unwrap();
        let m = Matrix::random(3, 5, &mut Mt19937::new(seed));
        assert_eq!(m, case.matrix("random_3x5"), "seed {seed}");
    }
}

#[test]
fn same_seed_same_numbers_different_seed_different_numbers() {
    let draw = |seed| {
        (0..10)
            .map(|_| Mt19937::new(seed).random())
            .collect::<Vec<_>>()
    };
    assert_eq!(draw(7), draw(7));
    assert_ne!(Mt19937::new(7).random(), Mt19937::new(8).random());
}

#[test]
fn below_stays_in_range_and_covers_it() {
    let mut rng = Mt19937::new(3);
    let mut seen = [0usize; 5];
    for _ in 0..5000 {
        seen[rng.below(5)] += 1;
    }
    assert!(seen.iter().all(|&n| (800..1200).contains(&n)), "{seen:?}");
}

#[test]
#[should_panic(expected = "Mt19937::below(0): there is no integer in 0..0")]
fn below_zero_says_why() {
    Mt19937::new(0).below(0);
}
