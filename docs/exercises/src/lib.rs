//! # 연습 문제 · Exercises
//!
//! 노트의 순서대로 연습 여덟 개를 직접 풉니다. 연습마다 함수의 본문이 처음에는 `todo!()`입니다.
//! 이 폴더에서 `cargo test`를 실행하면 연습 파일마다 맨 아래의 `check()` 테스트가 답을 하나씩
//! 검사하고, 답이 틀리면 그 파일(`src/e1_step.rs:…`)을 가리키며 어느 기호나 모양이 틀렸는지
//! 기대값과 실제값을 함께 한국어로 알려 줍니다. 함께 읽을 장은 `docs/ko/exercises.md`(English:
//! `docs/exercises.md`)입니다.
//!
//! (Eight exercises in the notes' order, each a `todo!()` for you to fill in; `cargo test`
//! checks them and, when an answer is wrong, points at your file with a hint in Korean.)
//!
//! | 파일 | 연습 | 직접 쓰는 것 |
//! |---|---|---|
//! | `e1_step.rs` | RNN 한 시점 | hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b) |
//! | `e2_forward.rs` | 시퀀스 전체 | 노트의 프로그램: hₜ를 다음 시점으로 넘기며 모든 hₜ |
//! | `e3_output.rs` | 출력층 | Oₜ = softmax(Wy·hₜ + by), exp가 넘치지 않게 |
//! | `e4_cross_entropy.rs` | 크로스 엔트로피 | L = −ln Oₜ\[target\] |
//! | `e5_step_backward.rs` | 한 시점의 역전파 | δ = ∂L/∂hₜ ⊙ (1 − hₜ²), 그다음 ∂L/∂Wx, ∂L/∂Wh, ∂L/∂b, ∂L/∂hₜ₋₁ |
//! | `e6_bptt.rs` | BPTT | 시간에 따른 역전파: ∂L/∂hₜ₋₁이 이전 시점으로 흘러갑니다 |
//! | `e7_lstm_step.rs` | LSTM 한 시점 | 네 게이트, 셀 상태 cₜ와 은닉 상태 hₜ |
//! | `e8_gradient_check.rs` | 기울기 검사 | 심어 둔 버그를 찾아내는 중앙 차분 |
//!
//! `cargo test --features solutions`는 여러분의 파일 대신 `src/solutions/`의 풀이를 넣어
//! 실행합니다. 풀이는 직접 풀어 본 뒤에 보세요.
//! (`--features solutions` runs the answers in `src/solutions/` instead: look there only after
//! trying.)

#![forbid(unsafe_code)]
// 풀기 전에는 인자를 쓰지 않으므로, 그 경고는 내지 않습니다. (Until solved, arguments are unused.)
#![cfg_attr(not(feature = "solutions"), allow(unused_variables, unused_imports))]

pub mod check;

#[cfg_attr(feature = "solutions", path = "solutions/e1_step.rs")]
pub mod e1_step;
#[cfg_attr(feature = "solutions", path = "solutions/e2_forward.rs")]
pub mod e2_forward;
#[cfg_attr(feature = "solutions", path = "solutions/e3_output.rs")]
pub mod e3_output;
#[cfg_attr(feature = "solutions", path = "solutions/e4_cross_entropy.rs")]
pub mod e4_cross_entropy;
#[cfg_attr(feature = "solutions", path = "solutions/e5_step_backward.rs")]
pub mod e5_step_backward;
#[cfg_attr(feature = "solutions", path = "solutions/e6_bptt.rs")]
pub mod e6_bptt;
#[cfg_attr(feature = "solutions", path = "solutions/e7_lstm_step.rs")]
pub mod e7_lstm_step;
#[cfg_attr(feature = "solutions", path = "solutions/e8_gradient_check.rs")]
pub mod e8_gradient_check;
