//! 검사 자체를 검사합니다: 흔한 실수를 하나씩 심어 두면 저마다 제 한국어 도움말이 나와야 합니다.
//! 풀이와 함께 돌리므로(`cargo test --features solutions`, CI가 그렇게 합니다), 여러분의
//! `cargo test`에는 연습 여덟 개만 나옵니다.
//! (The checks themselves, checked: each common mistake, planted, must get its Korean hint.)
#![cfg(feature = "solutions")]

use rnn_exercises::check::hint as check;
use rnn_exercises::e1_step::step;
use rnn_exercises::e2_forward::forward;
use rnn_exercises::e5_step_backward::step_backward;
use rnn_exercises::e6_bptt::bptt;
use rnn_exercises::e7_lstm_step::lstm_step;
use rnn_exercises::e8_gradient_check::{numerical_gradient, worst_entry};
use rnn_from_scratch::cells::{Gate, sigmoid};
use rnn_from_scratch::{Matrix, Vector};

fn hint(result: Result<(), String>) -> String {
    result.expect_err("the planted mistake must fail the check")
}

#[test]
fn a_todo_names_its_exercise() {
    let h = hint(check::e1_step(|_, _, _, _, _| {
        todo!("연습 1: hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)")
    }));
    assert!(
        h.starts_with("연습 1 (RNN 한 시점): 아직 todo!()입니다: 연습 1: hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)\n  → tests/hints.rs:"),
        "{h}"
    );
    assert!(h.ends_with("의 todo!()를 지우고 답을 쓰세요."), "{h}");
}

#[test]
fn a_panic_in_an_answer_says_where() {
    let wrong_shape = |wx: &Matrix, _: &Matrix, _: &Vector, _: &Vector, h: &Vector| wx * h;
    let h = hint(check::e1_step(wrong_shape));
    assert!(
        h.starts_with("연습 1 (RNN 한 시점): 답을 계산하다가 tests/hints.rs:")
            && h.contains(
                "에서 패닉이 났습니다: matvec: a 4×3 matrix needs a vector of 3 values, got 4"
            )
            && h.contains("두 값의 모양이 맞지 않습니다"),
        "{h}"
    );
}

#[test]
fn the_step_without_tanh_or_with_wh_transposed_is_named() {
    let no_tanh =
        |wx: &Matrix, wh: &Matrix, b: &Vector, x: &Vector, h: &Vector| &(&(wx * x) + &(wh * h)) + b;
    let h = hint(check::e1_step(no_tanh));
    assert!(
        h.contains("hₜ[0] 값이 틀렸습니다: 기대값") && h.contains("tanh를 빠뜨렸습니다"),
        "{h}"
    );
    let transposed = |wx: &Matrix, wh: &Matrix, b: &Vector, x: &Vector, h: &Vector| {
        (&(&(wx * x) + &(&wh.transpose() * h)) + b).tanh()
    };
    assert!(hint(check::e1_step(transposed)).contains("Wh 대신 Whᵀ를 곱했습니다"));
}

#[test]
fn a_wrong_shape_names_the_symbol_and_both_shapes() {
    let short = |wx: &Matrix, wh: &Matrix, b: &Vector, x: &Vector, h: &Vector| {
        Vector::from(&step(wx, wh, b, x, h).as_slice()[..3])
    };
    assert_eq!(
        hint(check::e1_step(short)),
        "연습 1 (RNN 한 시점): hₜ의 모양이 틀렸습니다: Dh×1 = 4 이어야 하는데 3 입니다."
    );
}

#[test]
fn a_forward_that_never_carries_the_state_is_named() {
    let from_h0 = |wx: &Matrix, wh: &Matrix, b: &Vector, inputs: &Matrix, h0: &Vector| {
        let rows: Vec<Vector> = (0..inputs.shape().0)
            .map(|t| step(wx, wh, b, &Vector::from(inputs.row(t)), h0))
            .collect();
        Matrix::stack(&rows).unwrap()
    };
    let h = hint(check::e2_forward(from_h0));
    assert!(
        h.contains("total_hidden_states[1, 0] 값이 틀렸습니다")
            && h.contains("매 시점 h₀를 썼습니다"),
        "{h}"
    );
}

#[test]
fn a_softmax_that_overflows_or_does_not_normalise_is_named() {
    let naive = |wy: &Matrix, by: &Vector, h: &Vector| {
        let e = (&(wy * h) + by).map(f64::exp);
        let sum: f64 = e.as_slice().iter().sum();
        e.map(|x| x / sum)
    };
    let h = hint(check::e3_output(naive));
    assert!(
        h.contains("exp 전에 z에서 max(z)를 빼세요") && h.contains("inf나 NaN"),
        "{h}"
    );
    let unnormalised = |wy: &Matrix, by: &Vector, h: &Vector| (&(wy * h) + by).map(f64::exp);
    assert!(hint(check::e3_output(unnormalised)).contains("정규화하지 않았습니다"));
}

#[test]
fn a_cross_entropy_with_the_wrong_sign_or_log_is_named() {
    assert!(hint(check::e4_cross_entropy(|o, t| o[t].ln())).contains("부호가 반대입니다"));
    assert!(hint(check::e4_cross_entropy(|o, t| -o[t].log10())).contains("log10을 썼습니다"));
}

#[test]
fn a_step_backward_without_the_tanh_derivative_or_with_wh_is_named() {
    let no_derivative = |wh: &Matrix, x: &Vector, h_prev: &Vector, _h: &Vector, dh: &Vector| {
        (
            Matrix::outer(dh, x),
            Matrix::outer(dh, h_prev),
            dh.clone(),
            &wh.transpose() * dh,
        )
    };
    let h = hint(check::e5_step_backward(no_derivative));
    assert!(
        h.starts_with("연습 5 (한 시점의 역전파): ∂L/∂Wx[0, 0]")
            && h.contains("(1 − hₜ²)을 빠뜨렸습니다"),
        "{h}"
    );
    let untransposed = |wh: &Matrix, x: &Vector, h_prev: &Vector, h_t: &Vector, dh: &Vector| {
        let g = step_backward(wh, x, h_prev, h_t, dh);
        let delta = dh.hadamard(&h_t.map(|h| 1.0 - h * h));
        (g.dwx, g.dwh, g.db, wh * &delta)
    };
    let h = hint(check::e5_step_backward(untransposed));
    assert!(
        h.contains("∂L/∂hₜ₋₁[") && h.contains("Whᵀ 대신 Wh를 곱했습니다"),
        "{h}"
    );
}

#[test]
fn bptt_without_what_flows_from_later_timesteps_is_named() {
    let alone =
        |wx: &Matrix, wh: &Matrix, b: &Vector, inputs: &Matrix, h0: &Vector, dhs: &Matrix| {
            let hs = forward(wx, wh, b, inputs, h0);
            let (t_max, dh) = hs.shape();
            let mut total = (
                Matrix::zeros(dh, wx.shape().1),
                Matrix::zeros(dh, dh),
                Vector::zeros(dh),
                Vector::zeros(dh),
            );
            for t in 0..t_max {
                let h_prev = if t == 0 {
                    h0.clone()
                } else {
                    Vector::from(hs.row(t - 1))
                };
                let g = step_backward(
                    wh,
                    &Vector::from(inputs.row(t)),
                    &h_prev,
                    &Vector::from(hs.row(t)),
                    &Vector::from(dhs.row(t)),
                );
                total.0 += &g.dwx;
                total.1 += &g.dwh;
                total.2 += &g.db;
                if t == 0 {
                    total.3 = g.dh_prev;
                }
            }
            total
        };
    assert!(hint(check::e6_bptt(alone)).contains("다음 시점에서 온 ∂L/∂hₜ를 더하지 않았습니다"));
}

#[test]
fn bptt_that_never_fills_dh0_is_named() {
    let no_dh0 =
        |wx: &Matrix, wh: &Matrix, b: &Vector, inputs: &Matrix, h0: &Vector, dhs: &Matrix| {
            let g = bptt(wx, wh, b, inputs, h0, dhs);
            (g.dwx, g.dwh, g.db, Vector::zeros(h0.len()))
        };
    let h = hint(check::e6_bptt(no_dh0));
    assert!(
        h.starts_with("연습 6 (BPTT): ∂L/∂h₀[0] 값이 틀렸습니다: 기대값")
            && h.contains("실제값 0.000000")
            && h.contains("dh0을 채우지 않았습니다"),
        "{h}"
    );
}

#[test]
fn an_lstm_step_without_the_forget_gate_or_the_tanh_of_c_is_named() {
    let no_forget = |[i, _f, g, o]: [&Gate; 4], x: &Vector, h: &Vector, c: &Vector| {
        let c_t = c + &i.affine(x, h).map(sigmoid).hadamard(&g.affine(x, h).tanh());
        (o.affine(x, h).map(sigmoid).hadamard(&c_t.tanh()), c_t)
    };
    assert!(
        hint(check::e7_lstm_step(no_forget)).contains("삭제 게이트 fₜ를 cₜ₋₁에 곱하지 않았습니다")
    );
    let no_tanh = |gates: [&Gate; 4], x: &Vector, h: &Vector, c: &Vector| {
        let (_, c_t) = lstm_step(gates, x, h, c);
        (gates[3].affine(x, h).map(sigmoid).hadamard(&c_t), c_t)
    };
    let h = hint(check::e7_lstm_step(no_tanh));
    assert!(
        h.contains("hₜ (은닉 상태)[") && h.contains("hₜ = oₜ ⊙ cₜ로 계산했습니다"),
        "{h}"
    );
}

#[test]
fn an_lstm_step_that_returns_c_and_h_swapped_is_named() {
    let swapped = |gates: [&Gate; 4], x: &Vector, h: &Vector, c: &Vector| {
        let (h_t, c_t) = lstm_step(gates, x, h, c);
        (c_t, h_t)
    };
    let h = hint(check::e7_lstm_step(swapped));
    assert!(
        h.starts_with("연습 7 (LSTM 한 시점): cₜ (셀 상태)[0] 값이 틀렸습니다")
            && h.contains("(cₜ, hₜ) 순서로 돌려주었습니다. 반환값은 (hₜ, cₜ)"),
        "{h}"
    );
}

#[test]
fn a_one_sided_difference_or_an_absolute_error_is_named() {
    let one_sided = |f: &dyn Fn(&[f64]) -> f64, x: &[f64], eps: f64| {
        (0..x.len())
            .map(|i| {
                let mut s = x.to_vec();
                s[i] += eps;
                (f(&s) - f(x)) / eps
            })
            .collect::<Vec<_>>()
    };
    assert!(hint(check::e8_gradient_check(one_sided, worst_entry)).contains("한쪽 차분"));
    let absolute = |a: &[f64], n: &[f64]| {
        let errors: Vec<f64> = a.iter().zip(n).map(|(a, n)| (a - n).abs()).collect();
        let at = (0..errors.len())
            .max_by(|&i, &j| errors[i].total_cmp(&errors[j]))
            .unwrap();
        (at, errors[at])
    };
    let h = hint(check::e8_gradient_check(numerical_gradient, absolute));
    assert!(h.contains("절대 오차"), "{h}");
    let first = |_: &[f64], _: &[f64]| (0, 1.0);
    let h = hint(check::e8_gradient_check(numerical_gradient, first));
    assert!(
        h.contains("맞는 기울기에서 worst_entry가 index 0의 상대 오차"),
        "{h}"
    );
}
