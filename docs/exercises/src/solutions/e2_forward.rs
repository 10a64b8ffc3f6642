//! 연습 2 · 시퀀스 전체: 노트의 numpy 프로그램을 함수 하나로 옮깁니다.
//! (Exercise 2 · a whole sequence: the notes' numpy program, as a function.)

use crate::e1_step::step;
use rnn_from_scratch::{Matrix, Vector};

/// 시퀀스의 모든 은닉 상태 h₁ … h_T를 계산합니다. 시점마다 hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)이고,
/// 첫 시점의 hₜ₋₁은 h₀입니다. 노트의 반복문 `for input_t in inputs:` … `hidden_state_t =
/// output_t`가 바로 이 함수입니다.
/// (Every hidden state of a sequence, starting from h₀: the notes' loop.)
///
/// | 기호 | 모양 | 인자 |
/// |---|---|---|
/// | I₁ … I_T: 시점마다의 입력 | timesteps×d (t번 행이 Iₜ) | `inputs` |
/// | h₀: 초기 은닉 상태 | Dh×1 | `h0` |
/// | h₁ … h_T: 시점마다의 은닉 상태 | timesteps×Dh (t번 행이 hₜ) | 반환값 (노트의 `total_hidden_states`) |
///
/// 한 시점의 계산은 연습 1에서 쓴 [`step`]을 부르세요.
/// (Call your [`step`] from exercise 1 at every timestep.)
pub fn forward(wx: &Matrix, wh: &Matrix, b: &Vector, inputs: &Matrix, h0: &Vector) -> Matrix {
    let mut h_prev = h0.clone();
    let mut states = Vec::new();
    for t in 0..inputs.shape().0 {
        let input_t = Vector::from(inputs.row(t));
        let h_t = step(wx, wh, b, &input_t, &h_prev);
        states.push(h_t.clone());
        h_prev = h_t; // 노트의 hidden_state_t = output_t: 다음 시점의 hₜ₋₁
    }
    Matrix::stack(&states).expect("hₜ마다 값이 Dh개")
}

// 검사: `cargo test e2`가 돌리는 테스트입니다. 답이 틀리면 실패 메시지가 이 줄을 가리키고, 어느
// 값이 어떻게 틀렸는지 알려 줍니다. 지우지 마세요. (The check `cargo test e2` runs: keep it.)
#[test]
fn check() {
    crate::check::e2_forward(forward);
}
