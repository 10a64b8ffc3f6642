//! 연습 4 · 크로스 엔트로피 (cross-entropy): how wrong one prediction is.

use rnn_from_scratch::Vector;

/// L = −ln Oₜ\[target\]: the loss of predicting the probabilities `o_t` when the right class
/// is `target`. 0 for a sure right answer; ln V for a uniform guess over V classes.
///
/// | 기호 symbol | 모양 shape | 인자 argument |
/// |---|---|---|
/// | Oₜ | V×1 | `o_t` (from exercise 3) |
/// | target | 0 ≤ target < V | `target` |
/// | L | a number (nats) | 반환값 (the result) |
///
/// 도움말 (hints): `o_t[target]`, `f64::ln` (the natural logarithm).
pub fn cross_entropy(o_t: &Vector, target: usize) -> f64 {
    -o_t[target].ln()
}
