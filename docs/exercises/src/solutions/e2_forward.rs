//! 연습 2 · 시퀀스 전체 (a whole sequence): the notes' numpy program, as a function.

use crate::e1_step::step;
use rnn_from_scratch::{Matrix, Vector};

/// Every hidden state of a sequence: h₁ … h_T, each hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b), starting
/// from h₀. This is the notes' loop: `for input_t in inputs:` … `hidden_state_t = output_t`.
///
/// | 기호 symbol | 모양 shape | 인자 argument |
/// |---|---|---|
/// | I₁ … I_T | timesteps×d (row t is Iₜ) | `inputs` |
/// | h₀ | Dh×1 | `h0` |
/// | h₁ … h_T | timesteps×Dh (row t is hₜ) | 반환값 (the result; the notes' `total_hidden_states`) |
///
/// 도움말 (hints): use your [`step`] from exercise 1; `inputs.row(t)` is a `&[f64]`
/// (`Vector::from(inputs.row(t))`); `Matrix::stack(&states)` makes one row per vector, like
/// the notes' `np.stack`.
pub fn forward(wx: &Matrix, wh: &Matrix, b: &Vector, inputs: &Matrix, h0: &Vector) -> Matrix {
    let mut h_prev = h0.clone();
    let mut states = Vec::new();
    for t in 0..inputs.shape().0 {
        let input_t = Vector::from(inputs.row(t));
        let h_t = step(wx, wh, b, &input_t, &h_prev);
        states.push(h_t.clone());
        h_prev = h_t; // 다음 시점의 hₜ₋₁ (the next timestep's hₜ₋₁)
    }
    Matrix::stack(&states).expect("every hₜ has Dh values")
}
