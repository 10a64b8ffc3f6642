//! BPTT of the LSTM and the GRU (and the RNN through the same generic model) against
//! central finite differences: every entry of every gradient, including the initial
//! state (h₀, and c₀ for the LSTM), over 36 random small models per cell, with targets at
//! every step (many-to-many) and at the last step only (many-to-one).

mod common;

use rnn_from_scratch::cells::Cell;
use rnn_from_scratch::cells::{Gate, GruCell};
use rnn_from_scratch::{LstmCell, Matrix, Mt19937, RnnCell, Vector};

/// Dh ∈ {1, 3, 8}, d and V ∈ {2, 5}, T ∈ {1, 2, 12}, alternating many-to-many and
/// many-to-one: 36 models.
fn sizes() -> Vec<(usize, usize, usize, usize, bool)> {
    let mut all = Vec::new();
    for dh in [1, 3, 8] {
        for d in [2, 5] {
            for v in [2, 5] {
                for t in [1, 2, 12] {
                    all.push((dh, d, v, t, all.len() % 2 == 1));
                }
            }
        }
    }
    all
}

fn random_gates_scale(rng: &mut Mt19937) -> f64 {
    [0.3, 0.8][rng.below(2)]
}

/// A gate with random weights (normal, times `scale`) and random biases, so no gate sits
/// exactly at its initial value.
fn random_gate(dh: usize, d: usize, scale: f64, bias_scale: f64, rng: &mut Mt19937) -> Gate {
    Gate::new(
        common::randn(dh, d, scale, rng),
        common::randn(dh, dh, scale, rng),
        Vector::from(common::randn(1, dh, bias_scale, rng).as_slice()),
    )
    .unwrap()
}

/// The one body of the gated cells' gradient tests: for every size of [`sizes`], a cell
/// from `make(dh, d, scale, rng)`, checked entry by entry against finite differences.
fn gradients_match<C: Cell + std::fmt::Debug>(
    name: &str,
    seed: u32,
    make: impl Fn(usize, usize, f64, &mut Mt19937) -> C,
) {
    let mut rng = Mt19937::new(seed);
    let (mut entries, mut worst) = (0, 0.0_f64);
    for (dh, d, v, t, one) in sizes() {
        let scale = random_gates_scale(&mut rng);
        let cell = make(dh, d, scale, &mut rng);
        let (n, w) = common::check_sequence_model(
            &format!("{name} Dh={dh} d={d} V={v} T={t}"),
            cell,
            v,
            t,
            one,
            &mut rng,
        );
        entries += n;
        worst = worst.max(w);
    }
    println!("{name}: {entries} entries, worst |analytic − numeric| = {worst:.2e}");
}

#[test]
fn lstm_gradients_match_finite_differences() {
    gradients_match("LSTM", 21, |dh, d, scale, rng| {
        let mut gate = || random_gate(dh, d, scale, 0.5, rng);
        let (i, f, g, o) = (gate(), gate(), gate(), gate());
        LstmCell::new(i, f, g, o).unwrap()
    });
}

#[test]
fn gru_gradients_match_finite_differences() {
    gradients_match("GRU", 22, |dh, d, scale, rng| {
        let mut gate = || random_gate(dh, d, scale, 0.5, rng);
        let (r, z, n) = (gate(), gate(), gate());
        let b_hn = Vector::from(common::randn(1, dh, 0.5, rng).as_slice());
        GruCell::new(r, z, n, b_hn).unwrap()
    });
}

#[test]
fn rnn_cell_through_the_generic_model_matches_too() {
    let mut rng = Mt19937::new(23);
    for (dh, d, v, t, one) in sizes() {
        let cell = RnnCell::new(
            common::randn(dh, d, 0.6, &mut rng),
            common::randn(dh, dh, 0.6, &mut rng),
            Vector::from(common::randn(1, dh, 0.3, &mut rng).as_slice()),
        )
        .unwrap();
        common::check_sequence_model(
            &format!("RNN Dh={dh} d={d} V={v} T={t}"),
            cell,
            v,
            t,
            one,
            &mut rng,
        );
    }
}

#[test]
fn gate_shape_errors_name_the_gate() {
    let gate = |dh: usize, d: usize| {
        rnn_from_scratch::cells::Gate::new(
            Matrix::zeros(dh, d),
            Matrix::zeros(dh, dh),
            Vector::zeros(dh),
        )
        .unwrap()
    };
    let err = LstmCell::new(gate(4, 3), gate(3, 3), gate(4, 3), gate(4, 3)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "forget gate: Wx must be Dh×d = 4×3, got 3×3"
    );
    let err = LstmCell::new(gate(4, 3), gate(4, 3), gate(4, 2), gate(4, 3)).unwrap_err();
    assert_eq!(err.to_string(), "candidate: Wx must be Dh×d = 4×3, got 4×2");
    let err = GruCell::new(gate(4, 3), gate(4, 5), gate(4, 3), Vector::zeros(4)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "update gate: Wx must be Dh×d = 4×3, got 4×5"
    );
    let err = GruCell::new(gate(4, 3), gate(4, 3), gate(4, 3), Vector::zeros(2)).unwrap_err();
    assert_eq!(err.to_string(), "b_hn must have Dh = 4 values, got 2");
    let err = rnn_from_scratch::cells::Gate::new(
        Matrix::zeros(4, 3),
        Matrix::zeros(4, 3),
        Vector::zeros(4),
    )
    .unwrap_err();
    assert_eq!(
        err.in_context("forget gate").to_string(),
        "forget gate: Wh must be Dh×Dh = 4×4, got 4×3"
    );
    // PyTorch's stacked weights: a wrong gate is named when split.
    let err = LstmCell::from_pytorch(
        &Matrix::zeros(16, 3),
        &Matrix::zeros(16, 3),
        &Vector::zeros(16),
        &Vector::zeros(16),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "weight_hh_l0 must be 4Dh×Dh = 16×4, got 16×3"
    );
    let err = LstmCell::from_pytorch(
        &Matrix::zeros(10, 3),
        &Matrix::zeros(10, 3),
        &Vector::zeros(10),
        &Vector::zeros(10),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "weight_ih_l0 must have 4·Dh rows: got 10");
}

#[test]
fn lstm_and_gru_forward_check_their_inputs() {
    let mut rng = Mt19937::new(1);
    let lstm = LstmCell::init(3, 4, &mut rng);
    let err = lstm
        .forward(&Matrix::zeros(5, 2), &Vector::zeros(4), &Vector::zeros(4))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "inputs must be timesteps×d with d = 3, got 5×2"
    );
    let err = lstm
        .forward(&Matrix::zeros(5, 3), &Vector::zeros(4), &Vector::zeros(5))
        .unwrap_err();
    assert_eq!(err.to_string(), "c0 must have Dh = 4 values, got 5");
    let gru = GruCell::init(3, 4, &mut rng);
    let err = gru
        .forward(&Matrix::zeros(5, 3), &Vector::zeros(2))
        .unwrap_err();
    assert_eq!(err.to_string(), "h0 must have Dh = 4 values, got 2");
    assert_eq!(
        gru.forward(&Matrix::zeros(0, 3), &Vector::zeros(4))
            .unwrap()
            .shape(),
        (0, 4)
    );
}

#[test]
fn lstm_state_bounds_hold_over_many_seeds() {
    // |cₜ| ≤ |cₜ₋₁| + 1 (f ≤ 1 and |i·g| ≤ 1) and |hₜ| ≤ 1, elementwise, at every step.
    for seed in 0..100 {
        let mut rng = Mt19937::new(seed);
        let (d, dh) = (1 + rng.below(5), 1 + rng.below(6));
        let mut gate = || random_gate(dh, d, 3.0, 2.0, &mut rng);
        let (i, f, g, o) = (gate(), gate(), gate(), gate());
        let cell = LstmCell::new(i, f, g, o).unwrap();
        let (mut h, mut c) = (
            Vector::zeros(dh),
            Vector::from(common::randn(1, dh, 2.0, &mut rng).as_slice()),
        );
        for _ in 0..20 {
            let x = Vector::from(common::randn(1, d, 2.0, &mut rng).as_slice());
            let (h_next, c_next) = cell.step(&x, &h, &c);
            for k in 0..dh {
                assert!(c_next[k].abs() <= c[k].abs() + 1.0 + 1e-12, "seed {seed}");
                assert!(h_next[k].abs() <= 1.0, "seed {seed}");
            }
            (h, c) = (h_next, c_next);
        }
    }
}

#[test]
fn embedded_cells_match_finite_differences_and_touch_only_the_rows_read() {
    use rnn_from_scratch::cells::{Embedded, Embedding, one_hot};
    let mut rng = Mt19937::new(24);
    for (k, (v, e, dh, t, one)) in [
        (6, 3, 4, 5, false),
        (9, 2, 3, 7, true),
        (4, 5, 2, 1, false),
        (12, 4, 5, 12, true),
    ]
    .into_iter()
    .enumerate()
    {
        let table = Embedding::new(common::randn(v, e, 0.8, &mut rng)).unwrap();
        let ids: Vec<usize> = (0..t).map(|_| rng.below(v / 2)).collect(); // rows ≥ V/2 unread
        let inputs = one_hot(&ids, v);
        // An LSTM, a GRU and a bidirectional RNN above the table.
        let lstm = LstmCell::init(e, dh, &mut rng);
        common::check_sequence_model_on(
            &format!("Embedded LSTM {k}"),
            Embedded::new(table.clone(), lstm).unwrap(),
            3,
            inputs.clone(),
            one,
            &mut rng,
        );
        let gru = GruCell::init(e, dh, &mut rng);
        common::check_sequence_model_on(
            &format!("Embedded GRU {k}"),
            Embedded::new(table.clone(), gru).unwrap(),
            3,
            inputs.clone(),
            one,
            &mut rng,
        );
        // Only the rows read get a gradient.
        let cell = Embedded::new(
            table,
            RnnCell::new(
                common::randn(dh, e, 0.5, &mut rng),
                common::randn(dh, dh, 0.5, &mut rng),
                Vector::from(common::randn(1, dh, 0.5, &mut rng).as_slice()),
            )
            .unwrap(),
        )
        .unwrap();
        let model = rnn_from_scratch::cells::SequenceModel::with_softmax(cell, 3, &mut rng);
        let (_, g, _) = model
            .loss_and_gradients(&inputs, &[(t - 1, 1)], &model.zero_state())
            .unwrap();
        let de = g.cell.embedding().table();
        for row in 0..v {
            let touched = de.row(row).iter().any(|&x| x != 0.0);
            assert_eq!(touched, ids.contains(&row), "row {row} of dE, ids {ids:?}");
        }
    }
}

#[test]
fn an_embedding_refuses_what_is_not_a_token_id() {
    use rnn_from_scratch::cells::{Embedded, Embedding};
    let mut rng = Mt19937::new(0);
    let cell = Embedded::new(
        Embedding::init(4, 2, &mut rng),
        GruCell::init(2, 3, &mut rng),
    )
    .unwrap();
    use rnn_from_scratch::cells::Cell;
    let not_one_hot =
        Matrix::from_rows(&[vec![0.0, 1.0, 0.0, 0.0], vec![0.5, 0.5, 0.0, 0.0]]).unwrap();
    let err = cell
        .forward_cached(&not_one_hot, &Vector::zeros(3))
        .err()
        .expect("refused");
    assert_eq!(
        err.to_string(),
        "row 1 of the inputs is not one-hot: an embedding reads token ids, one 1 among zeros"
    );
    let err = cell
        .forward_cached(&Matrix::zeros(2, 5), &Vector::zeros(3))
        .err()
        .expect("refused");
    assert_eq!(
        err.to_string(),
        "inputs must be timesteps×d with d = 4, got 2×5"
    );
}
