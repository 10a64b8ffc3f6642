//! 연습 7 · LSTM 한 시점: 노트의 첫 줄이 말하는 RNN의 장기 의존성 문제를 보완한 LSTM입니다.
//! (Exercise 7 · one timestep of the LSTM, the answer to the long-term dependency problem.)

use rnn_from_scratch::Vector;
use rnn_from_scratch::cells::{Gate, sigmoid};

/// LSTM의 한 시점을 네 게이트의 가중치로 계산합니다.
/// (One LSTM timestep, from the four gates' weights.)
///
/// ```text
/// iₜ = σ(Wxᵢ·xₜ + Whᵢ·hₜ₋₁ + bᵢ)        입력 게이트 (input gate)
/// fₜ = σ(Wx_f·xₜ + Wh_f·hₜ₋₁ + b_f)     삭제 게이트 (forget gate)
/// gₜ = tanh(Wx_g·xₜ + Wh_g·hₜ₋₁ + b_g)  셀 상태에 더할 후보 (candidate)
/// oₜ = σ(Wxₒ·xₜ + Whₒ·hₜ₋₁ + bₒ)        출력 게이트 (output gate)
/// cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ              셀 상태 (cell state)
/// hₜ = oₜ ⊙ tanh(cₜ)                    은닉 상태 (hidden state)
/// ```
///
/// | 기호 | 모양 | 인자 |
/// |---|---|---|
/// | 게이트마다의 Wx, Wh, b | Dh×d, Dh×Dh, Dh×1 | `input`, `forget`, `candidate`, `output` |
/// | xₜ: 현재 시점의 입력 | d×1 | `x_t` |
/// | hₜ₋₁, cₜ₋₁: 이전 시점의 은닉 상태와 셀 상태 | 각각 Dh×1 | `h_prev`, `c_prev` |
/// | (hₜ, cₜ): 은닉 상태가 먼저입니다 | 각각 Dh×1 | 반환값 |
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

// 검사: `cargo test e7`이 돌리는 테스트입니다. 답이 틀리면 실패 메시지가 이 줄을 가리키고, 어느
// 값이 어떻게 틀렸는지 알려 줍니다. 지우지 마세요. (The check `cargo test e7` runs: keep it.)
#[test]
fn check() {
    crate::check::e7_lstm_step(lstm_step);
}
