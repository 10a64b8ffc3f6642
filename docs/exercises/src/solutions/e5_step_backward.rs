//! 연습 5 · 한 시점의 역전파: 한 시점의 기울기를 구합니다.
//! (Exercise 5 · the backward pass of one timestep.)

use rnn_from_scratch::{Matrix, Vector};

/// 한 시점의 기울기(손실 L을 각 값으로 미분한 값)입니다.
/// (The gradients of one timestep.)
#[derive(Debug, Clone, PartialEq)]
pub struct StepGradients {
    /// ∂L/∂Wx, Dh×d.
    pub dwx: Matrix,
    /// ∂L/∂Wh, Dh×Dh.
    pub dwh: Matrix,
    /// ∂L/∂b, Dh×1.
    pub db: Vector,
    /// ∂L/∂hₜ₋₁, Dh×1: 이전 시점으로 흘러가는 기울기입니다.
    pub dh_prev: Vector,
}

/// ∂L/∂hₜ(`dh_t`)에서 출발해 hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)를 거꾸로 지나갑니다.
/// (From ∂L/∂hₜ back through the step.)
///
/// ```text
/// δ        = ∂L/∂hₜ ⊙ (1 − hₜ²)     tanh'(a) = 1 − tanh(a)²이고, tanh(a)가 곧 hₜ입니다
/// ∂L/∂Wx   = δ · Iₜᵀ                 Dh×d  (외적)
/// ∂L/∂Wh   = δ · hₜ₋₁ᵀ               Dh×Dh
/// ∂L/∂b    = δ                       Dh×1
/// ∂L/∂hₜ₋₁ = Whᵀ · δ                 Dh×1
/// ```
///
/// | 기호 | 모양 | 인자 |
/// |---|---|---|
/// | Wh: 이전 은닉 상태에 곱하는 가중치 | Dh×Dh | `wh` |
/// | Iₜ: 현재 시점의 입력 | d×1 | `input_t` |
/// | hₜ₋₁: 이전 시점의 은닉 상태 | Dh×1 | `h_prev` |
/// | hₜ: 현재 시점의 은닉 상태 (연습 1의 결과) | Dh×1 | `h_t` |
/// | ∂L/∂hₜ | Dh×1 | `dh_t` |
/// | 네 기울기 | 위의 식 | 반환값 ([`StepGradients`]) |
pub fn step_backward(
    wh: &Matrix,
    input_t: &Vector,
    h_prev: &Vector,
    h_t: &Vector,
    dh_t: &Vector,
) -> StepGradients {
    let delta = dh_t.hadamard(&h_t.map(|h| 1.0 - h * h));
    StepGradients {
        dwx: Matrix::outer(&delta, input_t),
        dwh: Matrix::outer(&delta, h_prev),
        db: delta.clone(),
        dh_prev: &wh.transpose() * &delta,
    }
}

// 검사: `cargo test e5`가 돌리는 테스트입니다. 답이 틀리면 실패 메시지가 이 줄을 가리키고, 어느
// 값이 어떻게 틀렸는지 알려 줍니다. 지우지 마세요. (The check `cargo test e5` runs: keep it.)
#[test]
fn check() {
    crate::check::e5_step_backward(step_backward);
}
