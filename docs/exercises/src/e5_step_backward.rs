//! 연습 5 · 한 시점의 역전파 (the backward pass of one timestep).

use rnn_from_scratch::{Matrix, Vector};

/// The gradients of one timestep (∂L/∂ of each).
#[derive(Debug, Clone, PartialEq)]
pub struct StepGradients {
    /// ∂L/∂Wx, Dh×d.
    pub dwx: Matrix,
    /// ∂L/∂Wh, Dh×Dh.
    pub dwh: Matrix,
    /// ∂L/∂b, Dh×1.
    pub db: Vector,
    /// ∂L/∂hₜ₋₁, Dh×1: what flows on to the timestep before.
    pub dh_prev: Vector,
}

/// From ∂L/∂hₜ (`dh_t`) back through hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b):
///
/// ```text
/// δ        = ∂L/∂hₜ ⊙ (1 − hₜ²)     tanh'(a) = 1 − tanh(a)², and tanh(a) is hₜ
/// ∂L/∂Wx   = δ · Iₜᵀ                 Dh×d   (an outer product)
/// ∂L/∂Wh   = δ · hₜ₋₁ᵀ               Dh×Dh
/// ∂L/∂b    = δ                       Dh×1
/// ∂L/∂hₜ₋₁ = Whᵀ · δ                 Dh×1
/// ```
///
/// | 기호 symbol | 모양 shape | 인자 argument |
/// |---|---|---|
/// | Wh | Dh×Dh | `wh` |
/// | Iₜ | d×1 | `input_t` |
/// | hₜ₋₁ | Dh×1 | `h_prev` |
/// | hₜ | Dh×1 | `h_t` (the step's result) |
/// | ∂L/∂hₜ | Dh×1 | `dh_t` |
///
/// 도움말 (hints): `a.hadamard(&b)` (⊙), `v.map(|h| 1.0 - h * h)`, `Matrix::outer(&a, &b)`
/// (a·bᵀ), `m.transpose()`.
pub fn step_backward(
    wh: &Matrix,
    input_t: &Vector,
    h_prev: &Vector,
    h_t: &Vector,
    dh_t: &Vector,
) -> StepGradients {
    todo!("연습 5: δ = ∂L/∂hₜ ⊙ (1 − hₜ²), 그다음 ∂L/∂Wx, ∂L/∂Wh, ∂L/∂b, ∂L/∂hₜ₋₁")
}
