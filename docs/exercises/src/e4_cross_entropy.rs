//! 연습 4 · 크로스 엔트로피: 예측 하나가 얼마나 틀렸는지를 재는 손실 함수입니다.
//! (Exercise 4 · cross-entropy: how wrong one prediction is.)

use rnn_from_scratch::Vector;

/// L = −ln Oₜ\[target\]: 정답 클래스가 `target`일 때, 확률 `o_t`를 예측한 손실입니다. 정답을
/// 확신하면 0이고, V개의 클래스에 고르게 걸면 ln V입니다.
/// (The loss of predicting `o_t` when the right class is `target`.)
///
/// | 기호 | 모양 | 인자 |
/// |---|---|---|
/// | Oₜ: 출력층이 낸 확률 | V×1 | `o_t` (연습 3의 결과) |
/// | target: 정답 클래스 | 0 ≤ target < V | `target` |
/// | L: 손실 | 수 하나 (단위는 nats) | 반환값 |
pub fn cross_entropy(o_t: &Vector, target: usize) -> f64 {
    // 도움말: 아래 줄들의 `// `를 지우면 이 자리에서 그대로 컴파일됩니다 (CI가 확인합니다).
    // (Hints: uncommented, the lines below compile right here; CI checks that they do.)
    //
    // let p = o_t[target]; // Oₜ[target]: 정답 클래스의 확률 (f64 하나)
    // let natural_log = p.ln(); // 자연로그 ln (log10은 상용로그입니다)
    todo!("연습 4: L = −ln Oₜ[target]")
}

// 검사: `cargo test e4`가 돌리는 테스트입니다. 답이 틀리면 실패 메시지가 이 줄을 가리키고, 어느
// 값이 어떻게 틀렸는지 알려 줍니다. 지우지 마세요. (The check `cargo test e4` runs: keep it.)
#[test]
fn check() {
    crate::check::e4_cross_entropy(cross_entropy);
}
