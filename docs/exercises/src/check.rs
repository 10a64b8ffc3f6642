//! `cargo test`의 검사입니다. 연습 파일마다 맨 아래의 `#[test] fn check()`가 여기의 함수를
//! 부릅니다. 함수는 여러분의 답을 작고 무작위한 값으로 실행해 크레이트 자신의 구현(크레이트의
//! 테스트가 numpy, PyTorch와 맞춰 본 구현)과 비교하고, 다르면 도움말과 함께 테스트를 실패시킵니다.
//! 도움말은 어느 기호나 모양이 틀렸는지, 기대값과 실제값, 그리고 여러분의 숫자와 정확히 같은 값을
//! 내는 흔한 실수의 이름을 알려 줍니다. 실패 위치(`panicked at src/e1_step.rs:…`)는 `check()`를
//! 부른 줄, 곧 여러분의 파일입니다.
//!
//! (The checks behind `cargo test`. Each exercise file's `#[test] fn check()` calls one; a
//! wrong answer fails the test with a Korean hint, at that line of your file.)

pub mod hint;

use crate::e5_step_backward::StepGradients;
use crate::e6_bptt::Gradients;
use rnn_from_scratch::cells::Gate;
use rnn_from_scratch::{Matrix, Vector};

/// 도움말이 있으면 그것으로 실패합니다. 위치는 검사를 부른 줄입니다.
/// (Fails with the hint, at the line that called the check.)
#[track_caller]
fn report(result: Result<(), String>) {
    if let Err(hint) = result {
        panic!("\n\n{hint}\n\n");
    }
}

/// 연습 1: hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b).
#[track_caller]
pub fn e1_step(step: impl Fn(&Matrix, &Matrix, &Vector, &Vector, &Vector) -> Vector) {
    report(hint::e1_step(step));
}

/// 연습 2: 시퀀스의 모든 hₜ.
#[track_caller]
pub fn e2_forward(forward: impl Fn(&Matrix, &Matrix, &Vector, &Matrix, &Vector) -> Matrix) {
    report(hint::e2_forward(forward));
}

/// 연습 3: Oₜ = softmax(Wy·hₜ + by).
#[track_caller]
pub fn e3_output(output: impl Fn(&Matrix, &Vector, &Vector) -> Vector) {
    report(hint::e3_output(output));
}

/// 연습 4: L = −ln Oₜ\[target\].
#[track_caller]
pub fn e4_cross_entropy(cross_entropy: impl Fn(&Vector, usize) -> f64) {
    report(hint::e4_cross_entropy(cross_entropy));
}

/// 연습 5: 한 시점의 역전파.
#[track_caller]
pub fn e5_step_backward(
    step_backward: impl Fn(&Matrix, &Vector, &Vector, &Vector, &Vector) -> StepGradients,
) {
    report(hint::e5_step_backward(|wh, input_t, h_prev, h_t, dh_t| {
        let g = step_backward(wh, input_t, h_prev, h_t, dh_t);
        (g.dwx, g.dwh, g.db, g.dh_prev)
    }));
}

/// 연습 6: BPTT.
#[track_caller]
pub fn e6_bptt(bptt: impl Fn(&Matrix, &Matrix, &Vector, &Matrix, &Vector, &Matrix) -> Gradients) {
    report(hint::e6_bptt(|wx, wh, b, inputs, h0, dhs| {
        let g = bptt(wx, wh, b, inputs, h0, dhs);
        (g.dwx, g.dwh, g.db, g.dh0)
    }));
}

/// 연습 7: LSTM 한 시점.
#[track_caller]
pub fn e7_lstm_step(lstm_step: impl Fn([&Gate; 4], &Vector, &Vector, &Vector) -> (Vector, Vector)) {
    report(hint::e7_lstm_step(lstm_step));
}

/// 연습 8: 중앙 차분, 그리고 가장 크게 어긋나는 원소.
#[track_caller]
pub fn e8_gradient_check(
    numerical_gradient: impl Fn(&dyn Fn(&[f64]) -> f64, &[f64], f64) -> Vec<f64>,
    worst_entry: impl Fn(&[f64], &[f64]) -> (usize, f64),
) {
    report(hint::e8_gradient_check(numerical_gradient, worst_entry));
}
