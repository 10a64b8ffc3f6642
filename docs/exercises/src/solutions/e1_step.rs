//! 연습 1 · RNN 한 시점: 노트의 첫 번째 식을 코드로 옮깁니다.
//! (Exercise 1 · one timestep of the RNN: the notes' first formula.)

use rnn_from_scratch::{Matrix, Vector};

/// 현재 시점의 은닉 상태 hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)를 계산합니다.
/// (The hidden state of one timestep.)
///
/// | 기호 | 모양 | 인자 |
/// |---|---|---|
/// | Iₜ: 현재 시점의 입력 | d×1 | `input_t` |
/// | hₜ₋₁: 이전 시점의 은닉 상태 | Dh×1 | `h_prev` |
/// | Wx: 입력에 곱하는 가중치 | Dh×d | `wx` |
/// | Wh: 이전 은닉 상태에 곱하는 가중치 | Dh×Dh | `wh` |
/// | b: 편향 | Dh×1 | `b` |
/// | hₜ: 현재 시점의 은닉 상태 | Dh×1 | 반환값 |
///
/// 노트는 `ht-1Wh`라고 쓰지만, Wh가 Dh×Dh이고 hₜ₋₁이 Dh×1이면 정의되는 곱은 Wh·hₜ₋₁뿐입니다.
/// (The notes write `ht-1Wh`; with these shapes only Wh·hₜ₋₁ is defined.)
///
/// 인자는 모두 참조(`&Matrix`, `&Vector`)로 들어옵니다. 함수 안의 도움말은 주석 표시 `// `만
/// 지우면 그 자리에서 그대로 컴파일되는 코드입니다.
/// (The arguments are references; the hints inside compile as written where they are.)
pub fn step(wx: &Matrix, wh: &Matrix, b: &Vector, input_t: &Vector, h_prev: &Vector) -> Vector {
    (&(wx * input_t) + &(wh * h_prev) + b).tanh()
}

// 검사: `cargo test e1`이 돌리는 테스트입니다. 답이 틀리면 실패 메시지가 이 줄을 가리키고, 어느
// 값이 어떻게 틀렸는지 알려 줍니다. 지우지 마세요. (The check `cargo test e1` runs: keep it.)
#[test]
fn check() {
    crate::check::e1_step(step);
}
