//! 연습 3 · 출력층: 노트의 두 번째 식을, 활성화 함수 f를 소프트맥스 함수로 하여 옮깁니다.
//! (Exercise 3 · the output layer: the notes' second formula, with softmax as f.)

use rnn_from_scratch::{Matrix, Vector};

/// Oₜ = softmax(Wy·hₜ + by): V개의 클래스(또는 문자) 각각의 확률입니다.
/// (The probability of each of V classes.)
///
/// softmax(z)ᵢ = exp(zᵢ) / Σⱼ exp(zⱼ)입니다. exp를 하기 전에 모든 zᵢ에서 max(z)를 빼세요.
/// 결과는 같고, exp가 넘치지 않습니다(f64에서 exp(1000)은 `inf`입니다).
/// (Subtract max(z) first: the same result, and exp never overflows.)
///
/// | 기호 | 모양 | 인자 |
/// |---|---|---|
/// | hₜ: 현재 시점의 은닉 상태 | Dh×1 | `h_t` |
/// | Wy: 출력층의 가중치 | V×Dh | `wy` |
/// | by: 출력층의 편향 | V×1 | `by` (노트는 두 식 모두 `b`라고 쓰지만 서로 다른 편향입니다) |
/// | Oₜ | V×1 | 반환값: 0 이상이고 합이 1인 값 V개 |
pub fn output(wy: &Matrix, by: &Vector, h_t: &Vector) -> Vector {
    let z = &(wy * h_t) + by;
    let largest = z
        .as_slice()
        .iter()
        .fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    let e = z.map(|x| (x - largest).exp());
    let sum: f64 = e.as_slice().iter().sum();
    e.map(|x| x / sum)
}

// 검사: `cargo test e3`이 돌리는 테스트입니다. 답이 틀리면 실패 메시지가 이 줄을 가리키고, 어느
// 값이 어떻게 틀렸는지 알려 줍니다. 지우지 마세요. (The check `cargo test e3` runs: keep it.)
#[test]
fn check() {
    crate::check::e3_output(output);
}
