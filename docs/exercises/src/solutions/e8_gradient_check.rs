//! 연습 8 · 기울기 검사 (gradient check): how to know a backward pass is right.

/// ∂f/∂xᵢ ≈ (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / 2ε for every i: the central difference, whose
/// error shrinks like ε² (a one-sided difference's shrinks like ε).
///
/// | 기호 symbol | 모양 shape | 인자 argument |
/// |---|---|---|
/// | f | n values → a number | `f` |
/// | x | n values | `x` |
/// | ε | a small number, e.g. 1e-5 | `eps` |
/// | ∂f/∂x | n values | 반환값 (the result) |
///
/// 도움말 (hints): `let mut shifted = x.to_vec();` then change `shifted[i]` and call
/// `f(&shifted)`.
pub fn numerical_gradient(f: &dyn Fn(&[f64]) -> f64, x: &[f64], eps: f64) -> Vec<f64> {
    let mut shifted = x.to_vec();
    (0..x.len())
        .map(|i| {
            shifted[i] = x[i] + eps;
            let above = f(&shifted);
            shifted[i] = x[i] - eps;
            let below = f(&shifted);
            shifted[i] = x[i];
            (above - below) / (2.0 * eps)
        })
        .collect()
}

/// Where a backward pass's gradient (`analytic`) and the central differences (`numerical`)
/// disagree most: the index i and the relative error
/// |aᵢ − nᵢ| / max(|aᵢ|, |nᵢ|, 1e-8) there (the floor keeps two tiny numbers from looking far
/// apart). Below about 1e-6 the two agree; a bug gives 1e-2 or more.
///
/// 도움말 (hints): `analytic.iter().zip(numerical).enumerate()`, `f64::abs`, `f64::max`.
pub fn worst_entry(analytic: &[f64], numerical: &[f64]) -> (usize, f64) {
    let mut worst = (0, 0.0);
    for (i, (&a, &n)) in analytic.iter().zip(numerical).enumerate() {
        let error = (a - n).abs() / a.abs().max(n.abs()).max(1e-8);
        if error > worst.1 {
            worst = (i, error);
        }
    }
    worst
}
