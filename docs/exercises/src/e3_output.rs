//! 연습 3 · 출력층 (the output layer): the notes' second formula, with softmax as f.

use rnn_from_scratch::{Matrix, Vector};

/// Oₜ = softmax(Wy·hₜ + by): the probability of each of V classes (or characters).
///
/// softmax(z)ᵢ = exp(zᵢ) / Σⱼ exp(zⱼ). Subtract max(z) from every zᵢ first: the result is
/// the same, and exp never overflows (exp(1000) is `inf` in f64).
///
/// | 기호 symbol | 모양 shape | 인자 argument |
/// |---|---|---|
/// | hₜ | Dh×1 | `h_t` |
/// | Wy | V×Dh | `wy` |
/// | by | V×1 | `by` (the notes write one `b` for both formulas: they are two biases) |
/// | Oₜ | V×1 | 반환값 (the result): V values ≥ 0 that sum to 1 |
///
/// 도움말 (hints): `v.as_slice()`, `v.map(|x| …)`, `Vector::from(vec)`; `f64::exp`.
pub fn output(wy: &Matrix, by: &Vector, h_t: &Vector) -> Vector {
    todo!("연습 3: Oₜ = softmax(Wy·hₜ + by)")
}
