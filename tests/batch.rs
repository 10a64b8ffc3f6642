//! Mini-batches: the batched forward pass (one matrix product per step) equals B separate
//! runs, and a batch of different lengths is refused with a message.

use rnn_from_scratch::{Init, Matrix, Mt19937, Vector};

#[test]
fn forward_batch_equals_separate_runs() {
    for seed in 0..50 {
        let mut rng = Mt19937::new(seed);
        let (d, dh, t, b) = (
            1 + rng.below(5),
            1 + rng.below(8),
            rng.below(9),
            1 + rng.below(6),
        );
        let cell = Init::Xavier.cell(d, dh, &mut rng);
        let batch: Vec<Matrix> = (0..b).map(|_| Matrix::random(t, d, &mut rng)).collect();
        let h0 = Matrix::random(b, dh, &mut rng);
        let states = cell.forward_batch(&batch, &h0).unwrap();
        for (i, inputs) in batch.iter().enumerate() {
            let one = cell.forward(inputs, &Vector::from(h0.row(i))).unwrap();
            assert_eq!(states[i].shape(), one.shape());
            for (a, b) in states[i].as_slice().iter().zip(one.as_slice()) {
                assert!((a - b).abs() < 1e-14, "seed {seed}, sequence {i}");
            }
        }
    }
}

#[test]
fn forward_batch_refuses_ragged_and_mismatched_batches() {
    let mut rng = Mt19937::new(0);
    let cell = Init::Xavier.cell(3, 4, &mut rng);
    let ragged = vec![
        Matrix::zeros(5, 3),
        Matrix::zeros(5, 3),
        Matrix::zeros(7, 3),
    ];
    let err = cell
        .forward_batch(&ragged, &Matrix::zeros(3, 4))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "batch: every sequence must have 5 timesteps like sequence 0, sequence 2 has 7"
    );
    let err = cell
        .forward_batch(&[Matrix::zeros(5, 3)], &Matrix::zeros(2, 4))
        .unwrap_err();
    assert_eq!(err.to_string(), "h0 must be B×Dh = 1×4, got 2×4");
    let err = cell
        .forward_batch(&[Matrix::zeros(5, 2)], &Matrix::zeros(1, 4))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "sequence 0: inputs must be timesteps×d with d = 3, got 5×2"
    );
    let err = cell.forward_batch(&[], &Matrix::zeros(0, 4)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "batch: a batch needs at least one sequence"
    );
}
