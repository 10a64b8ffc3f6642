//! 연습 8 · 기울기 검사: 역전파로 구한 기울기가 맞는지 확인하는 방법입니다.
//! (Exercise 8 · gradient check: how to know a backward pass is right.)

/// 모든 i에 대해 ∂f/∂xᵢ ≈ (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / 2ε를 계산합니다. 중앙 차분이라고 하며,
/// 오차가 ε²에 비례해 줄어듭니다(한쪽 차분의 오차는 ε에 비례합니다).
/// (Central differences, whose error shrinks like ε².)
///
/// | 기호 | 모양 | 인자 |
/// |---|---|---|
/// | f | 값 n개 → 수 하나 | `f` |
/// | x | 값 n개 | `x` |
/// | ε | 작은 수, 예를 들어 1e-5 | `eps` |
/// | ∂f/∂x | 값 n개 | 반환값 |
pub fn numerical_gradient(f: &dyn Fn(&[f64]) -> f64, x: &[f64], eps: f64) -> Vec<f64> {
    // 도움말: 아래 줄들의 `// `를 지우면 이 자리에서 그대로 컴파일됩니다 (CI가 확인합니다).
    // (Hints: uncommented, the lines below compile right here; CI checks that they do.)
    //
    // let mut shifted = x.to_vec(); // 바꿀 수 있는 복사본 (x는 빌려 온 슬라이스라 바꿀 수 없습니다)
    // shifted[0] = x[0] + eps; // 0번 값만 ε만큼 옮깁니다
    // let above = f(&shifted); // f(x + ε·e₀): 수 하나
    // let mut gradient = Vec::new(); // 결과를 모을 Vec<f64>
    // gradient.push(above); // 값 하나를 뒤에 붙입니다
    todo!("연습 8: (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / 2ε")
}

/// 역전파로 구한 기울기(`analytic`)와 중앙 차분(`numerical`)이 가장 크게 어긋나는 곳의 index i와
/// 그곳의 상대 오차 |aᵢ − nᵢ| / max(|aᵢ|, |nᵢ|, 1e-8)을 돌려줍니다(1e-8은 아주 작은 두 수가
/// 멀리 떨어져 보이지 않게 합니다). 1e-6쯤보다 작으면 두 기울기가 일치하는 것이고, 버그가 있으면
/// 1e-2 이상이 나옵니다.
/// (Where the two gradients disagree most, and the relative error there.)
pub fn worst_entry(analytic: &[f64], numerical: &[f64]) -> (usize, f64) {
    // 도움말: 아래 줄들의 `// `를 지우면 이 자리에서 그대로 컴파일됩니다 (CI가 확인합니다).
    // (Hints: uncommented, the lines below compile right here; CI checks that they do.)
    //
    // for (i, (&a, &n)) in analytic.iter().zip(numerical).enumerate() {
    //     let gap = (a - n).abs(); // |aᵢ − nᵢ|
    //     let floor = a.abs().max(n.abs()); // max(|aᵢ|, |nᵢ|)
    // } // i = 0, 1, …와 그 자리의 aᵢ, nᵢ
    // let worst = (0, 0.0); // (index, 오차): 튜플 하나로 두 값을 돌려줍니다
    todo!("연습 8: |aᵢ − nᵢ| / max(|aᵢ|, |nᵢ|, 1e-8)이 가장 큰 i")
}

// 검사: `cargo test e8`이 돌리는 테스트입니다. 답이 틀리면 실패 메시지가 이 줄을 가리키고, 어느
// 값이 어떻게 틀렸는지 알려 줍니다. 지우지 마세요. (The check `cargo test e8` runs: keep it.)
#[test]
fn check() {
    crate::check::e8_gradient_check(numerical_gradient, worst_entry);
}
