//! 연습 6 · BPTT (시간에 따른 역전파): 시퀀스 전체의 역전파입니다.
//! (Exercise 6 · backpropagation through time: the backward pass of a whole sequence.)

use crate::e2_forward::forward;
use crate::e5_step_backward::step_backward;
use rnn_from_scratch::{Matrix, Vector};

/// 시퀀스 전체의 기울기입니다. 모든 시점이 같은 Wx, Wh, b를 쓰므로, 그 기울기는 시점마다의
/// 기울기를 모두 더한 것입니다.
/// (The gradients of a whole sequence: sums over the timesteps.)
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    /// ∂L/∂Wx, Dh×d.
    pub dwx: Matrix,
    /// ∂L/∂Wh, Dh×Dh.
    pub dwh: Matrix,
    /// ∂L/∂b, Dh×1.
    pub db: Vector,
    /// ∂L/∂h₀, Dh×1: 첫 은닉 상태 h₀로 흘러가는 기울기입니다.
    pub dh0: Vector,
}

/// 시점마다 출력 쪽에서 온 ∂L/∂hₜ(`dhs`의 t번 행)가 주어지면, 마지막 시점부터 첫 시점까지 거꾸로
/// 갑니다. 시점 t의 은닉 상태 hₜ는 두 길로 손실에 영향을 줍니다. 출력을 거치는 길과 hₜ₊₁을
/// 거치는 길입니다. 그래서
/// (Walk from the last timestep to the first; hₜ reaches the loss through the output and
/// through hₜ₊₁, so)
///
/// ```text
/// ∂L/∂hₜ = dhs[t] + (시점 t + 1에서 온 ∂L/∂hₜ, 곧 연습 5의 dh_prev)
/// ```
///
/// 이고, 시점마다의 ∂L/∂Wx, ∂L/∂Wh, ∂L/∂b를 더해 갑니다. 첫 시점의 dh_prev가 ∂L/∂h₀입니다.
/// (and each timestep's gradients are added up; the first timestep's dh_prev is ∂L/∂h₀.)
///
/// | 기호 | 모양 | 인자 |
/// |---|---|---|
/// | I₁ … I_T: 시점마다의 입력 | timesteps×d | `inputs` |
/// | h₀: 초기 은닉 상태 | Dh×1 | `h0` |
/// | 출력 쪽에서 온 ∂L/∂hₜ | timesteps×Dh | `dhs` |
/// | 네 기울기 | Dh×d, Dh×Dh, Dh×1, Dh×1 | 반환값 ([`Gradients`]) |
///
/// 모든 hₜ는 연습 2의 [`forward`]가, 한 시점의 역전파는 연습 5의 [`step_backward`]가 계산합니다.
/// (Your [`forward`] gives every hₜ; your [`step_backward`] does one timestep.)
pub fn bptt(
    wx: &Matrix,
    wh: &Matrix,
    b: &Vector,
    inputs: &Matrix,
    h0: &Vector,
    dhs: &Matrix,
) -> Gradients {
    let hs = forward(wx, wh, b, inputs, h0);
    let (timesteps, dh) = hs.shape();
    let mut total = Gradients {
        dwx: Matrix::zeros(wx.shape().0, wx.shape().1),
        dwh: Matrix::zeros(dh, dh),
        db: Vector::zeros(dh),
        dh0: Vector::zeros(dh),
    };
    let mut from_later = Vector::zeros(dh); // 마지막 시점 뒤에서는 아무 기울기도 오지 않습니다
    for t in (0..timesteps).rev() {
        let h_prev = if t == 0 {
            h0.clone()
        } else {
            Vector::from(hs.row(t - 1))
        };
        let dh_t = &Vector::from(dhs.row(t)) + &from_later;
        let input_t = Vector::from(inputs.row(t));
        let g = step_backward(wh, &input_t, &h_prev, &Vector::from(hs.row(t)), &dh_t);
        total.dwx += &g.dwx;
        total.dwh += &g.dwh;
        total.db += &g.db;
        from_later = g.dh_prev;
    }
    total.dh0 = from_later;
    total
}

// 검사: `cargo test e6`이 돌리는 테스트입니다. 답이 틀리면 실패 메시지가 이 줄을 가리키고, 어느
// 값이 어떻게 틀렸는지 알려 줍니다. 지우지 마세요. (The check `cargo test e6` runs: keep it.)
#[test]
fn check() {
    crate::check::e6_bptt(bptt);
}
