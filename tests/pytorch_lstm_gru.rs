//! `LstmCell` and `GruCell` against PyTorch's `nn.LSTM` and `nn.GRU` (float64), from their
//! stacked weights (values from tests/golden/pytorch_lstm_gru.py).

mod common;

use rnn_from_scratch::LstmCell;
use rnn_from_scratch::cells::GruCell;

#[test]
fn lstm_equals_pytorch_nn_lstm_to_1e_12() {
    let cases: Vec<_> = common::golden("pytorch_lstm_gru.txt")
        .into_iter()
        .filter(|c| c.name.starts_with("lstm"))
        .collect();
    assert_eq!(cases.len(), 5);
    for case in &cases {
        let cell = LstmCell::from_pytorch(
            &case.matrix("weight_ih_l0"),
            &case.matrix("weight_hh_l0"),
            &case.vector("bias_ih_l0"),
            &case.vector("bias_hh_l0"),
        )
        .unwrap();
        let (hs, c_last) = cell
            .forward(
                &case.matrix("inputs"),
                &case.vector("h0"),
                &case.vector("c0"),
            )
            .unwrap();
        let worst_h = common::max_abs_diff(hs.as_slice(), case.matrix("output").as_slice());
        let worst_c = common::max_abs_diff(c_last.as_slice(), case.vector("c_n").as_slice());
        assert!(
            worst_h <= 1e-12 && worst_c <= 1e-12,
            "{}: h off by {worst_h:e}, c by {worst_c:e}",
            case.name
        );
    }
}

#[test]
fn gru_equals_pytorch_nn_gru_to_1e_12() {
    let cases: Vec<_> = common::golden("pytorch_lstm_gru.txt")
        .into_iter()
        .filter(|c| c.name.starts_with("gru"))
        .collect();
    assert_eq!(cases.len(), 5);
    for case in &cases {
        let cell = GruCell::from_pytorch(
            &case.matrix("weight_ih_l0"),
            &case.matrix("weight_hh_l0"),
            &case.vector("bias_ih_l0"),
            &case.vector("bias_hh_l0"),
        )
        .unwrap();
        let hs = cell
            .forward(&case.matrix("inputs"), &case.vector("h0"))
            .unwrap();
        let worst = common::max_abs_diff(hs.as_slice(), case.matrix("output").as_slice());
        assert!(worst <= 1e-12, "{}: off by {worst:e}", case.name);
    }
}
