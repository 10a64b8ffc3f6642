//! 연습 6 · BPTT (backpropagation through time): the backward pass of a whole sequence.

use crate::e2_forward::forward;
use crate::e5_step_backward::step_backward;
use rnn_from_scratch::{Matrix, Vector};

/// The gradients of a whole sequence: the same Wx, Wh and b serve every timestep, so their
/// gradients are sums over the timesteps.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    /// ∂L/∂Wx, Dh×d.
    pub dwx: Matrix,
    /// ∂L/∂Wh, Dh×Dh.
    pub dwh: Matrix,
    /// ∂L/∂b, Dh×1.
    pub db: Vector,
    /// ∂L/∂h₀, Dh×1.
    pub dh0: Vector,
}

/// Given ∂L/∂hₜ from the output at every timestep (`dhs`, row t), walk from the last timestep
/// to the first. At timestep t the hidden state hₜ reaches the loss two ways, through the
/// output and through hₜ₊₁, so
///
/// ```text
/// ∂L/∂hₜ = dhs[t] + (∂L/∂hₜ from timestep t + 1, the dh_prev of exercise 5)
/// ```
///
/// and each timestep's ∂L/∂Wx, ∂L/∂Wh, ∂L/∂b are added up.
///
/// | 기호 symbol | 모양 shape | 인자 argument |
/// |---|---|---|
/// | I₁ … I_T | timesteps×d | `inputs` |
/// | h₀ | Dh×1 | `h0` |
/// | ∂L/∂hₜ from the output | timesteps×Dh | `dhs` |
///
/// 도움말 (hints): your [`forward`] (exercise 2) gives every hₜ; your [`step_backward`]
/// (exercise 5) does one timestep; `m += &other` adds matrices, `v += &other` vectors;
/// `(0..timesteps).rev()` walks backwards.
pub fn bptt(
    wx: &Matrix,
    wh: &Matrix,
    b: &Vector,
    inputs: &Matrix,
    h0: &Vector,
    dhs: &Matrix,
) -> Gradients {
    todo!("연습 6: 마지막 시점부터 거꾸로, ∂L/∂hₜ = dhs[t] + 다음 시점에서 온 ∂L/∂hₜ")
}
