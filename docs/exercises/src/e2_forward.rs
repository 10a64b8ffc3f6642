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
    todo!("연습 2: 시점마다 step을 부르고 hₜ를 다음 시점의 hₜ₋₁로 넘기세요")
}
