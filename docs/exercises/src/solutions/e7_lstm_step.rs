//! 연습 7 · LSTM 한 시점 (one timestep of the LSTM): the answer to the long-term dependency
//! problem the notes' first line names.

use rnn_from_scratch::Vector;
use rnn_from_scratch::cells::{Gate, sigmoid};

/// One LSTM timestep, from the four gates' weights:
///
/// ```text
/// iₜ = σ(Wxᵢ·xₜ + Whᵢ·hₜ₋₁ + bᵢ)        입력 게이트 (input gate)
/// fₜ = σ(Wx_f·xₜ + Wh_f·hₜ₋₁ + b_f)     망각 게이트 (forget gate)
/// gₜ = tanh(Wx_g·xₜ + Wh_g·hₜ₋₁ + b_g)  후보 (candidate)
/// oₜ = σ(Wxₒ·xₜ + Whₒ·hₜ₋₁ + bₒ)        출력 게이트 (output gate)
/// cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ              셀 상태 (cell state)
/// hₜ = oₜ ⊙ tanh(cₜ)                    은닉 상태 (hidden state)
/// ```
///
/// | 기호 symbol | 모양 shape | 인자 argument |
/// |---|---|---|
/// | each gate's Wx, Wh, b | Dh×d, Dh×Dh, Dh×1 | `input`, `forget`, `candidate`, `output` |
/// | xₜ | d×1 | `x_t` |
/// | hₜ₋₁, cₜ₋₁ | Dh×1 each | `h_prev`, `c_prev` |
/// | (hₜ, cₜ) | Dh×1 each | 반환값 (the result) |
///
/// 도움말 (hints): `gate.affine(x_t, h_prev)` is Wx·xₜ + Wh·hₜ₋₁ + b (exercise 1 without the
/// tanh); `sigmoid(z)` is σ of one number, so `v.map(sigmoid)`; `a.hadamard(&b)` is ⊙.
pub fn lstm_step(
    [input, forget, candidate, output]: [&Gate; 4],
    x_t: &Vector,
    h_prev: &Vector,
    c_prev: &Vector,
) -> (Vector, Vector) {
    let i_t = input.affine(x_t, h_prev).map(sigmoid);
    let f_t = forget.affine(x_t, h_prev).map(sigmoid);
    let g_t = candidate.affine(x_t, h_prev).tanh();
    let o_t = output.affine(x_t, h_prev).map(sigmoid);
    let c_t = f_t.hadamard(c_prev) + i_t.hadamard(&g_t);
    let h_t = o_t.hadamard(&c_t.tanh());
    (h_t, c_t)
}
