//! # 연습 문제 · Exercises
//!
//! Eight functions in the notes' order, each a `todo!()` for you to fill in. `cargo test`
//! in this folder checks them one by one and, when an answer is wrong, says in Korean which
//! symbol or shape is wrong, with the expected and the actual values. The chapter that goes
//! with them is `docs/exercises.md` (한국어: `docs/ko/exercises.md`).
//!
//! | file | 연습 | teaches |
//! |---|---|---|
//! | `e1_step.rs` | RNN 한 시점 | hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b) |
//! | `e2_forward.rs` | 시퀀스 전체 | the notes' program: carry hₜ from one timestep to the next |
//! | `e3_output.rs` | 출력층 | Oₜ = softmax(Wy·hₜ + by), without overflow |
//! | `e4_cross_entropy.rs` | 크로스 엔트로피 | L = −ln Oₜ\[target\] |
//! | `e5_step_backward.rs` | 한 시점의 역전파 | δ = ∂L/∂hₜ ⊙ (1 − hₜ²), then ∂L/∂Wx, ∂L/∂Wh, ∂L/∂b, ∂L/∂hₜ₋₁ |
//! | `e6_bptt.rs` | BPTT | the backward pass through time: ∂L/∂hₜ₋₁ flows into the step before |
//! | `e7_lstm_step.rs` | LSTM 한 시점 | the four gates, the cell state cₜ and hₜ |
//! | `e8_gradient_check.rs` | 기울기 검사 | central differences that find a planted bug |
//!
//! `cargo test --features solutions` runs the answers in `src/solutions/` instead: look
//! there only after trying.

#![forbid(unsafe_code)]
// Until an exercise is solved its arguments are unused: no warning for that.
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
