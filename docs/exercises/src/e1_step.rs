//! 연습 1 · RNN 한 시점 (one timestep of the RNN): the notes' first formula.

use rnn_from_scratch::{Matrix, Vector};

/// 은닉 상태 (hidden state) hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b).
///
/// | 기호 symbol | 모양 shape | 인자 argument |
/// |---|---|---|
/// | Iₜ | d×1 | `input_t` |
/// | hₜ₋₁ | Dh×1 | `h_prev` |
/// | Wx | Dh×d | `wx` |
/// | Wh | Dh×Dh | `wh` |
/// | b | Dh×1 | `b` |
/// | hₜ | Dh×1 | 반환값 (the result) |
///
/// 노트는 `ht-1Wh`라고 쓰지만, Wh가 Dh×Dh이고 hₜ₋₁이 Dh×1이면 정의되는 곱은 Wh·hₜ₋₁뿐입니다.
/// (The notes write `ht-1Wh`; with these shapes only Wh·hₜ₋₁ is defined.)
///
/// 도움말 (hints): `&wx * input_t` is a matrix times a vector, `a + &b` adds vectors,
/// `v.tanh()` applies tanh to every value.
pub fn step(wx: &Matrix, wh: &Matrix, b: &Vector, input_t: &Vector, h_prev: &Vector) -> Vector {
    todo!("연습 1: hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)")
}
