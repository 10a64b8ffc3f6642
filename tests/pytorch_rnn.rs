//! `RnnCell::forward` against PyTorch's `nn.RNN` (tanh, float64): Wx = weight_ih_l0,
//! Wh = weight_hh_l0, b = bias_ih_l0 + bias_hh_l0 (values from tests/golden/pytorch_rnn.py).

mod common;

use rnn_from_scratch::RnnCell;

#[test]
fn forward_equals_pytorch_nn_rnn_to_1e_12() {
    let cases = common::golden("pytorch_rnn.txt");
    assert_eq!(cases.len(), 6);
    for case in &cases {
        let b = &case.vector("bias_ih_l0") + &case.vector("bias_hh_l0");
        let cell =
            RnnCell::new(case.matrix("weight_ih_l0"), case.matrix("weight_hh_l0"), b).unwrap();
        let ours = cell
            .forward(&case.matrix("inputs"), &case.vector("h0"))
            .unwrap();
        let theirs = case.matrix("output");
        assert_eq!(ours.shape(), theirs.shape(), "{}", case.name);
        let worst = common::max_abs_diff(ours.as_slice(), theirs.as_slice());
        assert!(worst <= 1e-12, "{}: off by {worst:e}", case.name);
    }
}

#[test]
fn parameter_count_is_keras_not_pytorch() {
    // Keras counts one bias (Dh·d + Dh·Dh + Dh); PyTorch's nn.RNN has two.
    let case = &common::golden("pytorch_rnn.txt")[0]; // d = 4, Dh = 8
    let b = &case.vector("bias_ih_l0") + &case.vector("bias_hh_l0");
    let cell = RnnCell::new(case.matrix("weight_ih_l0"), case.matrix("weight_hh_l0"), b).unwrap();
    assert_eq!(cell.num_parameters(), 8 * 4 + 8 * 8 + 8);
}
