//! Stacked and bidirectional RNNs: BPTT through every layer and both directions against
//! central finite differences (every weight and the initial state), and the shapes they
//! refuse.

mod common;

use rnn_from_scratch::cells::Cell;
use rnn_from_scratch::cells::{Bidirectional, GruCell, Stacked};
use rnn_from_scratch::{Init, LstmCell, Matrix, Mt19937, Vector};

/// Every weight and the initial state of one model, V = 3, 7 steps, a target at each.
fn check<C: Cell + std::fmt::Debug>(name: &str, cell: C, rng: &mut Mt19937) -> f64 {
    common::check_sequence_model(name, cell, 3, 7, false, rng).1
}

#[test]
fn stacked_and_bidirectional_gradients_match_finite_differences() {
    let mut rng = Mt19937::new(31);
    let mut worst = 0.0_f64;
    for seed in 0..6 {
        let mut r = Mt19937::new(seed);
        let stack = Stacked::new(vec![
            Init::Xavier.cell(3, 4, &mut r),
            Init::Xavier.cell(4, 5, &mut r),
            Init::Xavier.cell(5, 2, &mut r),
        ])
        .unwrap();
        worst = worst.max(check("3-layer RNN", stack, &mut rng));
        let lstms = Stacked::new(vec![
            LstmCell::init(3, 4, &mut r),
            LstmCell::init(4, 3, &mut r),
        ])
        .unwrap();
        worst = worst.max(check("2-layer LSTM", lstms, &mut rng));
        let bi = Bidirectional::new(
            Init::Xavier.cell(3, 4, &mut r),
            Init::Xavier.cell(3, 4, &mut r),
        )
        .unwrap();
        worst = worst.max(check("bidirectional RNN", bi, &mut rng));
        let bi_gru =
            Bidirectional::new(GruCell::init(2, 3, &mut r), GruCell::init(2, 3, &mut r)).unwrap();
        worst = worst.max(check("bidirectional GRU", bi_gru, &mut rng));
        let deep_bi = Stacked::new(vec![
            Bidirectional::new(
                Init::Xavier.cell(3, 2, &mut r),
                Init::Xavier.cell(3, 2, &mut r),
            )
            .unwrap(),
            Bidirectional::new(
                Init::Xavier.cell(4, 3, &mut r),
                Init::Xavier.cell(4, 3, &mut r),
            )
            .unwrap(),
        ])
        .unwrap();
        worst = worst.max(check("stacked bidirectional RNN", deep_bi, &mut rng));
    }
    println!("deep and bidirectional: worst |analytic − numeric| = {worst:.2e}");
}

#[test]
fn bidirectional_sees_the_future_and_the_forward_half_does_not() {
    let mut r = Mt19937::new(2);
    let bi = Bidirectional::new(
        Init::Xavier.cell(2, 3, &mut r),
        Init::Xavier.cell(2, 3, &mut r),
    )
    .unwrap();
    let inputs = common::randn(5, 2, 1.0, &mut r);
    let mut changed = inputs.clone();
    changed[(4, 0)] += 1.0; // change only the last input
    let (a, _, _) = bi.forward_cached(&inputs, &Vector::zeros(6)).unwrap();
    let (b, _, _) = bi.forward_cached(&changed, &Vector::zeros(6)).unwrap();
    assert_eq!(a.row(0)[..3], b.row(0)[..3], "h→₁ cannot depend on x₅");
    assert_ne!(a.row(0)[3..], b.row(0)[3..], "h←₁ does depend on x₅");
}

#[test]
fn mismatched_layers_are_named() {
    let mut r = Mt19937::new(0);
    let err = Stacked::new(vec![
        Init::Xavier.cell(3, 5, &mut r),
        Init::Xavier.cell(5, 4, &mut r),
        Init::Xavier.cell(3, 2, &mut r),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "layer 3: Wx must be Dh₃×Dh₂ = 2×4, got 2×3"
    );
    let err = Stacked::<rnn_from_scratch::RnnCell>::new(vec![]).unwrap_err();
    assert_eq!(err.to_string(), "a stack needs at least one layer");
    let err = Bidirectional::new(
        Init::Xavier.cell(3, 4, &mut r),
        Init::Xavier.cell(3, 5, &mut r),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "backward cell: it must have d = 3 and Dh = 4 like the forward cell, got d = 3 and Dh = 5"
    );
    let stack = Stacked::new(vec![
        Init::Xavier.cell(3, 5, &mut r),
        Init::Xavier.cell(5, 4, &mut r),
    ])
    .unwrap();
    let err = stack
        .forward_cached(&Matrix::zeros(2, 3), &Vector::zeros(5))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "state0 must have the layers' states = 9 values, got 5"
    );
}
