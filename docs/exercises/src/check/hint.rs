//! 검사 자체입니다. 함수마다 여러분의 답을 작고 무작위한 값으로 실행해 크레이트 자신의 구현과
//! 비교하고, 맞으면 `Ok(())`, 틀리면 `Err(도움말)`을 돌려줍니다. 도움말은 어느 기호나 모양이
//! 틀렸는지, 기대값과 실제값, 그리고 여러분의 숫자와 정확히 같은 값을 내는 흔한 실수의 이름입니다.
//! [`crate::check`]의 같은 이름의 함수가 이 도움말로 테스트를 실패시키고, `tests/hints.rs`는 실수를
//! 하나씩 심어 두고 저마다 제 도움말이 나오는지 봅니다.
//!
//! (The checks themselves: `Err(hint)` when an answer differs from the crate's own
//! implementation, checked against numpy and PyTorch in the crate's tests.)

use rnn_from_scratch::cells::{Cell, Gate, sigmoid};
use rnn_from_scratch::{Activation, LstmCell, Matrix, Mt19937, OutputLayer, RnnCell, Vector};
use std::cell::{Cell as Flag, RefCell};
use std::panic::{self, AssertUnwindSafe, catch_unwind};
use std::sync::Once;

/// d, Dh, the timesteps and V of every check: small enough to read in a message.
const D: usize = 3;
const DH: usize = 4;
const T: usize = 5;
const V: usize = 6;

thread_local! {
    /// True while [`attempt`] runs an answer on this thread.
    static CATCHING: Flag<bool> = const { Flag::new(false) };
    /// Where that answer panicked: `src/e1_step.rs:22:5`.
    static PANICKED_AT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Runs an answer: a `todo!()` still there, or a panic, becomes a hint that says where it is.
///
/// While the answer runs, the panic hook only notes where it panicked: the default hook would
/// print the `todo!()` message a first time, and the hint a second.
fn attempt<R>(exercise: &str, answer: impl FnOnce() -> R) -> Result<R, String> {
    static QUIET_WHILE_CATCHING: Once = Once::new();
    QUIET_WHILE_CATCHING.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| match CATCHING.get() {
            true => PANICKED_AT.set(info.location().map(|l| l.to_string()).unwrap_or_default()),
            false => default(info),
        }));
    });
    CATCHING.set(true);
    let result = catch_unwind(AssertUnwindSafe(answer));
    CATCHING.set(false);
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let at = match PANICKED_AT.take() {
            at if at.is_empty() => "그 파일(src/e*.rs)".to_string(),
            at => at,
        };
        match message.strip_prefix("not yet implemented") {
            Some(what) => format!(
                "{exercise}: 아직 todo!()입니다{what}\n  → {at}의 todo!()를 지우고 답을 쓰세요."
            ),
            None => {
                let mut hint = format!("{exercise}: 답을 계산하다가 {at}에서 패닉이 났습니다: {message}");
                if message.contains(" matrix") || message.contains("must have the same length") {
                    hint.push_str("\n  → 그 줄에서 두 값의 모양이 맞지 않습니다: 문서 주석의 표에서 인자마다의 모양을 보세요.");
                }
                hint
            }
        }
    })
}

/// `expected` against `actual` (both row-major, `cols` values a row): the shape first, then
/// the first value off by more than 1e-9 (relative), then the mistakes whose values are
/// exactly `actual`.
fn verdict(
    exercise: &str,
    symbol: &str,
    shape: &str,
    expected: (&[f64], usize),
    actual: (&[f64], usize),
    mistakes: &[(&str, Vec<f64>)],
) -> Result<(), String> {
    let ((want, cols), (got, got_cols)) = (expected, actual);
    let show = |n: usize, c: usize| match c {
        1 => format!("{n}"),
        _ => format!("{}×{c}", n / c.max(1)),
    };
    if want.len() != got.len() || cols != got_cols {
        return Err(format!(
            "{exercise}: {symbol}의 모양이 틀렸습니다: {shape} = {} 이어야 하는데 {} 입니다.",
            show(want.len(), cols),
            show(got.len(), got_cols)
        ));
    }
    let off = |a: f64, b: f64| (a - b).abs() > 1e-9 * (1.0 + a.abs()) || b.is_nan();
    let Some(k) = (0..want.len()).find(|&k| off(want[k], got[k])) else {
        return Ok(());
    };
    let at = match cols {
        _ if want.len() == 1 => String::new(),
        1 => format!("[{k}]"),
        _ => format!("[{}, {}]", k / cols, k % cols),
    };
    let mut hint = format!(
        "{exercise}: {symbol}{at} 값이 틀렸습니다: 기대값 {:.6}, 실제값 {:.6}",
        want[k], got[k]
    );
    if got.iter().any(|x| !x.is_finite()) {
        hint.push_str("\n  → inf나 NaN이 나왔습니다: 0으로 나누거나, exp가 넘치거나, ln(0)을 하지 않았는지 보세요.");
    }
    for (mistake, values) in mistakes {
        if values.len() == got.len() && (0..got.len()).all(|k| !off(values[k], got[k])) {
            hint.push_str(&format!("\n  → {mistake}"));
        }
    }
    Err(hint)
}

/// The values of one check: seeded, zero-centred and small, so tanh is not saturated
/// (the notes' np.random.random weights would saturate it, and hide mistakes).
struct Values {
    wx: Matrix,
    wh: Matrix,
    b: Vector,
    inputs: Matrix,
    h0: Vector,
    rng: Mt19937,
}

fn values(seed: u32) -> Values {
    let mut rng = Mt19937::new(seed);
    let scaled = |m: Matrix| m.map(|x| 0.5 * x);
    Values {
        wx: scaled(Matrix::randn(DH, D, &mut rng)),
        wh: scaled(Matrix::randn(DH, DH, &mut rng)),
        b: Vector::randn(DH, &mut rng).map(|x| 0.5 * x),
        inputs: Matrix::randn(T, D, &mut rng),
        h0: Vector::randn(DH, &mut rng).map(|x| 0.5 * x),
        rng,
    }
}

fn row(m: &Matrix, t: usize) -> Vector {
    Vector::from(m.row(t))
}

fn vec_of(m: &Matrix) -> (&[f64], usize) {
    (m.as_slice(), m.shape().1)
}

fn of(v: &Vector) -> (&[f64], usize) {
    (v.as_slice(), 1)
}

/// Exercise 1: hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b).
pub fn e1_step(
    step: impl Fn(&Matrix, &Matrix, &Vector, &Vector, &Vector) -> Vector,
) -> Result<(), String> {
    let name = "연습 1 (RNN 한 시점)";
    let Values {
        wx,
        wh,
        b,
        inputs,
        h0,
        ..
    } = values(1);
    let input_t = row(&inputs, 0);
    let cell = RnnCell::new(wx.clone(), wh.clone(), b.clone()).expect("the check's shapes");
    let want = cell.step(&input_t, &h0);
    let got = attempt(name, || step(&wx, &wh, &b, &input_t, &h0))?;
    let (x, h) = (&wx * &input_t, &wh * &h0);
    let mistakes = [
        (
            "tanh를 빠뜨렸습니다: Wx·Iₜ + Wh·hₜ₋₁ + b에 tanh를 씌우세요.",
            (&(&x + &h) + &b).into_vec(),
        ),
        ("편향 b를 더하지 않았습니다.", (&x + &h).tanh().into_vec()),
        (
            "Wh·hₜ₋₁ 항이 없습니다: 이전 시점의 은닉 상태가 빠졌습니다.",
            (&x + &b).tanh().into_vec(),
        ),
        (
            "Wh 대신 Whᵀ를 곱했습니다: 노트의 ht-1Wh는 이 모양에서 Wh·hₜ₋₁로 읽습니다.",
            (&(&x + &(&wh.transpose() * &h0)) + &b).tanh().into_vec(),
        ),
    ];
    verdict(name, "hₜ", "Dh×1", of(&want), of(&got), &mistakes)
}

/// Exercise 2: every hₜ of a sequence.
pub fn e2_forward(
    forward: impl Fn(&Matrix, &Matrix, &Vector, &Matrix, &Vector) -> Matrix,
) -> Result<(), String> {
    let name = "연습 2 (시퀀스 전체)";
    let Values {
        wx,
        wh,
        b,
        inputs,
        h0,
        ..
    } = values(2);
    let cell = RnnCell::new(wx.clone(), wh.clone(), b.clone()).expect("the check's shapes");
    let want = cell.forward(&inputs, &h0).expect("the check's shapes");
    let got = attempt(name, || forward(&wx, &wh, &b, &inputs, &h0))?;
    let from_h0: Vec<f64> = (0..T)
        .flat_map(|t| cell.step(&row(&inputs, t), &h0).into_vec())
        .collect();
    let mistakes = [(
        "매 시점 h₀를 썼습니다: 각 hₜ를 다음 시점의 hₜ₋₁로 넘기세요 (노트의 hidden_state_t = output_t).",
        from_h0,
    )];
    verdict(
        name,
        "total_hidden_states",
        "timesteps×Dh",
        vec_of(&want),
        vec_of(&got),
        &mistakes,
    )
}

/// Exercise 3: Oₜ = softmax(Wy·hₜ + by), also where Wy·hₜ is about 1000.
pub fn e3_output(output: impl Fn(&Matrix, &Vector, &Vector) -> Vector) -> Result<(), String> {
    let name = "연습 3 (출력층)";
    let mut rng = values(3).rng;
    let h_t = Vector::randn(DH, &mut rng).tanh();
    let by = Vector::randn(V, &mut rng);
    for scale in [1.0, 1000.0] {
        let wy = Matrix::randn(V, DH, &mut rng).map(|x| scale * x);
        let layer = OutputLayer::new(wy.clone(), by.clone(), Activation::Softmax)
            .expect("the check's shapes");
        let want = layer.step(&h_t);
        let got = attempt(name, || output(&wy, &by, &h_t))?;
        let z = &(&wy * &h_t) + &by;
        let sum: f64 = z.as_slice().iter().map(|x| x.exp()).sum();
        let no_bias = &wy * &h_t;
        let largest = no_bias
            .as_slice()
            .iter()
            .fold(f64::NEG_INFINITY, |m, &x| m.max(x));
        let no_bias_sum: f64 = no_bias.as_slice().iter().map(|x| (x - largest).exp()).sum();
        let mistakes = [
            (
                "softmax를 빠뜨렸습니다: Wy·hₜ + by를 확률로 바꾸세요.",
                z.clone().into_vec(),
            ),
            (
                "정규화하지 않았습니다: exp(zᵢ)를 Σⱼ exp(zⱼ)로 나누어 합이 1이 되게 하세요.",
                z.map(f64::exp).into_vec(),
            ),
            (
                "합으로 나누기 전에 exp를 하지 않았습니다.",
                z.map(|x| x / z.as_slice().iter().sum::<f64>()).into_vec(),
            ),
            (
                "by를 더하지 않았습니다.",
                no_bias
                    .map(|x| (x - largest).exp() / no_bias_sum)
                    .into_vec(),
            ),
        ];
        let mut result = verdict(name, "Oₜ", "V×1", of(&want), of(&got), &mistakes);
        if scale > 1.0 && sum.is_infinite() && got.as_slice().iter().any(|x| !x.is_finite()) {
            result = result.map_err(|hint| {
                hint + "\n  → Wy·hₜ가 1000쯤이면 exp가 넘칩니다 (exp(1000) = inf): exp 전에 z에서 max(z)를 빼세요. 결과는 같습니다."
            });
        }
        result?;
    }
    Ok(())
}

/// Exercise 4: L = −ln Oₜ[target].
pub fn e4_cross_entropy(cross_entropy: impl Fn(&Vector, usize) -> f64) -> Result<(), String> {
    let name = "연습 4 (크로스 엔트로피)";
    let mut rng = values(4).rng;
    let o_t = rnn_from_scratch::softmax(&Vector::randn(V, &mut rng));
    let uniform = Vector::from(vec![1.0 / V as f64; V]);
    for (o, target) in [(&o_t, 2), (&o_t, 5), (&uniform, 0)] {
        let want = -o[target].ln();
        let got = attempt(name, || cross_entropy(o, target))?;
        let mistakes = [
            (
                "부호가 반대입니다: L = −ln Oₜ[target]는 0 이상입니다.",
                vec![o[target].ln()],
            ),
            (
                "log10을 썼습니다: 자연로그 ln을 쓰세요.",
                vec![-o[target].log10()],
            ),
            ("로그를 빠뜨렸습니다.", vec![-o[target]]),
        ];
        verdict(
            name,
            &format!("L (target = {target})"),
            "한 수",
            (&[want], 1),
            (&[got], 1),
            &mistakes,
        )?;
    }
    Ok(())
}

/// One timestep's gradients, as [`e5_step_backward`] checks them: (∂L/∂Wx, ∂L/∂Wh, ∂L/∂b,
/// ∂L/∂hₜ₋₁).
pub type StepGradients = (Matrix, Matrix, Vector, Vector);

/// The crate's gradients of `inputs` from `h0` with ∂L/∂hₜ = `dhs`: (∂L/∂Wx, ∂L/∂Wh, ∂L/∂b,
/// ∂L/∂h₀).
fn crate_gradients(v: &Values, inputs: &Matrix, dhs: &Matrix) -> StepGradients {
    let cell = RnnCell::new(v.wx.clone(), v.wh.clone(), v.b.clone()).expect("the check's shapes");
    let (_, _, cache) = cell
        .forward_cached(inputs, &v.h0)
        .expect("the check's shapes");
    let (g, dh0, _) = cell.backward(&cache, dhs);
    (g.wx().clone(), g.wh().clone(), g.b().clone(), dh0)
}

/// One timestep by hand, with a chosen δ and a chosen matrix for ∂L/∂hₜ₋₁ (the mistakes).
fn by_hand(delta: &Vector, input_t: &Vector, h_prev: &Vector, back: &Matrix) -> StepGradients {
    (
        Matrix::outer(delta, input_t),
        Matrix::outer(delta, h_prev),
        delta.clone(),
        back * delta,
    )
}

fn compare_gradients(
    name: &str,
    want: &StepGradients,
    got: &StepGradients,
    mistakes: &[(&str, StepGradients)],
    h_prev: &str,
) -> Result<(), String> {
    let pick = |k: usize, g: &StepGradients| match k {
        0 => g.0.as_slice().to_vec(),
        1 => g.1.as_slice().to_vec(),
        2 => g.2.as_slice().to_vec(),
        _ => g.3.as_slice().to_vec(),
    };
    let cols = |k: usize, g: &StepGradients| match k {
        0 => g.0.shape().1,
        1 => g.1.shape().1,
        _ => 1,
    };
    let symbols = [
        ("∂L/∂Wx".to_string(), "Dh×d"),
        ("∂L/∂Wh".to_string(), "Dh×Dh"),
        ("∂L/∂b".to_string(), "Dh×1"),
        (format!("∂L/∂{h_prev}"), "Dh×1"),
    ];
    for (k, (symbol, shape)) in symbols.iter().enumerate() {
        let listed: Vec<(&str, Vec<f64>)> =
            mistakes.iter().map(|(m, g)| (*m, pick(k, g))).collect();
        verdict(
            name,
            symbol,
            shape,
            (&pick(k, want), cols(k, want)),
            (&pick(k, got), cols(k, got)),
            &listed,
        )?;
    }
    Ok(())
}

/// Exercise 5: the backward pass of one timestep, given ∂L/∂hₜ.
pub fn e5_step_backward(
    step_backward: impl Fn(&Matrix, &Vector, &Vector, &Vector, &Vector) -> StepGradients,
) -> Result<(), String> {
    let name = "연습 5 (한 시점의 역전파)";
    let mut v = values(5);
    let input_t = row(&v.inputs, 0);
    let one = Matrix::stack(std::slice::from_ref(&input_t)).expect("one row");
    let dh_t = Vector::randn(DH, &mut v.rng);
    let dhs = Matrix::stack(std::slice::from_ref(&dh_t)).expect("one row");
    let want = crate_gradients(&v, &one, &dhs);
    let cell = RnnCell::new(v.wx.clone(), v.wh.clone(), v.b.clone()).expect("the check's shapes");
    let h_t = cell.step(&input_t, &v.h0);
    let got = attempt(name, || step_backward(&v.wh, &input_t, &v.h0, &h_t, &dh_t))?;
    let delta = dh_t.hadamard(&h_t.map(|h| 1.0 - h * h));
    let wht = v.wh.transpose();
    let mistakes = [
        (
            "tanh의 미분 (1 − hₜ²)을 빠뜨렸습니다: δ = ∂L/∂hₜ ⊙ (1 − hₜ²).",
            by_hand(&dh_t, &input_t, &v.h0, &wht),
        ),
        (
            "1 − hₜ₋₁²를 썼습니다: tanh의 미분은 이 시점의 hₜ로 계산합니다.",
            by_hand(
                &dh_t.hadamard(&v.h0.map(|h| 1.0 - h * h)),
                &input_t,
                &v.h0,
                &wht,
            ),
        ),
        (
            "∂L/∂hₜ₋₁에 Whᵀ 대신 Wh를 곱했습니다: 순전파가 Wh·hₜ₋₁이면 역전파는 Whᵀ·δ입니다.",
            by_hand(&delta, &input_t, &v.h0, &v.wh),
        ),
    ];
    compare_gradients(name, &want, &got, &mistakes, "hₜ₋₁")
}

/// Exercise 6: BPTT over a whole sequence.
pub fn e6_bptt(
    bptt: impl Fn(&Matrix, &Matrix, &Vector, &Matrix, &Vector, &Matrix) -> StepGradients,
) -> Result<(), String> {
    let name = "연습 6 (BPTT)";
    let mut v = values(6);
    let dhs = Matrix::randn(T, DH, &mut v.rng);
    let want = crate_gradients(&v, &v.inputs, &dhs);
    let got = attempt(name, || bptt(&v.wx, &v.wh, &v.b, &v.inputs, &v.h0, &dhs))?;
    // Each timestep on its own, with nothing from the later ones: not BPTT.
    let cell = RnnCell::new(v.wx.clone(), v.wh.clone(), v.b.clone()).expect("the check's shapes");
    let hs = cell.forward(&v.inputs, &v.h0).expect("the check's shapes");
    let mut alone = (
        Matrix::zeros(DH, D),
        Matrix::zeros(DH, DH),
        Vector::zeros(DH),
        Vector::zeros(DH),
    );
    for t in 0..T {
        let h_prev = if t == 0 {
            v.h0.clone()
        } else {
            row(&hs, t - 1)
        };
        let delta = row(&dhs, t).hadamard(&row(&hs, t).map(|h| 1.0 - h * h));
        let g = by_hand(&delta, &row(&v.inputs, t), &h_prev, &v.wh.transpose());
        alone.0 += &g.0;
        alone.1 += &g.1;
        alone.2 += &g.2;
        if t == 0 {
            alone.3 = g.3;
        }
    }
    let no_dh0 = (
        want.0.clone(),
        want.1.clone(),
        want.2.clone(),
        Vector::zeros(DH),
    );
    let mistakes = [
        (
            "다음 시점에서 온 ∂L/∂hₜ를 더하지 않았습니다: hₜ는 출력과 hₜ₊₁, 두 길로 손실에 영향을 줍니다 (∂L/∂hₜ = dhs[t] + 다음 시점의 ∂L/∂hₜ₋₁).",
            alone,
        ),
        (
            "dh0을 채우지 않았습니다: ∂L/∂h₀가 0 그대로입니다. 첫 시점(t = 0)에서 step_backward가 돌려준 dh_prev가 첫 은닉 상태 h₀로 흘러가는 기울기 ∂L/∂h₀입니다.",
            no_dh0,
        ),
    ];
    compare_gradients(name, &want, &got, &mistakes, "h₀")
}

/// Exercise 7: one LSTM timestep.
pub fn e7_lstm_step(
    lstm_step: impl Fn([&Gate; 4], &Vector, &Vector, &Vector) -> (Vector, Vector),
) -> Result<(), String> {
    let name = "연습 7 (LSTM 한 시점)";
    let mut rng = values(7).rng;
    let mut gate = || {
        let small = |m: Matrix| m.map(|x| 0.5 * x);
        Gate::new(
            small(Matrix::randn(DH, D, &mut rng)),
            small(Matrix::randn(DH, DH, &mut rng)),
            Vector::randn(DH, &mut rng),
        )
        .expect("the check's shapes")
    };
    let gates = [gate(), gate(), gate(), gate()];
    let x_t = Vector::randn(D, &mut rng);
    let h_prev = Vector::randn(DH, &mut rng).tanh();
    let c_prev = Vector::randn(DH, &mut rng);
    let cell = LstmCell::new(
        gates[0].clone(),
        gates[1].clone(),
        gates[2].clone(),
        gates[3].clone(),
    )
    .expect("the check's shapes");
    let (want_h, want_c) = cell.step(&x_t, &h_prev, &c_prev);
    let [i, f, g, o] = &gates;
    let (got_h, got_c) = attempt(name, || lstm_step([i, f, g, o], &x_t, &h_prev, &c_prev))?;
    let gate_of = |gate: &Gate| gate.affine(&x_t, &h_prev).map(sigmoid);
    let (i_t, f_t, o_t) = (gate_of(i), gate_of(f), gate_of(o));
    let g_t = g.affine(&x_t, &h_prev).tanh();
    let g_sigmoid = gate_of(g);
    let c_no_forget = &c_prev + &i_t.hadamard(&g_t);
    let c_sigmoid = f_t.hadamard(&c_prev) + i_t.hadamard(&g_sigmoid);
    let c_mistakes = [
        (
            "삭제 게이트 fₜ를 cₜ₋₁에 곱하지 않았습니다: cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ.",
            c_no_forget.into_vec(),
        ),
        (
            "후보 gₜ에 σ를 썼습니다: gₜ = tanh(Wx_g·xₜ + Wh_g·hₜ₋₁ + b_g).",
            c_sigmoid.into_vec(),
        ),
        (
            "cₜ 자리에 hₜ가 있습니다: (cₜ, hₜ) 순서로 돌려주었습니다. 반환값은 (hₜ, cₜ), 은닉 상태가 먼저입니다.",
            want_h.clone().into_vec(),
        ),
    ];
    verdict(
        name,
        "cₜ (셀 상태)",
        "Dh×1",
        of(&want_c),
        of(&got_c),
        &c_mistakes,
    )?;
    let h_mistakes = [
        (
            "hₜ = oₜ ⊙ cₜ로 계산했습니다: hₜ = oₜ ⊙ tanh(cₜ).",
            o_t.hadamard(&want_c).into_vec(),
        ),
        (
            "출력 게이트를 빠뜨렸습니다: hₜ = oₜ ⊙ tanh(cₜ).",
            want_c.tanh().into_vec(),
        ),
    ];
    verdict(
        name,
        "hₜ (은닉 상태)",
        "Dh×1",
        of(&want_h),
        of(&got_h),
        &h_mistakes,
    )
}

/// Exercise 8: central differences, then the worst entry, which must find a planted bug in
/// a gradient of Wh.
pub fn e8_gradient_check(
    numerical_gradient: impl Fn(&dyn Fn(&[f64]) -> f64, &[f64], f64) -> Vec<f64>,
    worst_entry: impl Fn(&[f64], &[f64]) -> (usize, f64),
) -> Result<(), String> {
    let name = "연습 8 (기울기 검사)";
    // f(x) = x₀² + 3·x₀·x₁ + sin(x₂), whose gradient is known exactly.
    let f = |x: &[f64]| x[0] * x[0] + 3.0 * x[0] * x[1] + x[2].sin();
    let x: [f64; 3] = [0.7, -1.2, 0.4];
    let exact = [2.0 * x[0] + 3.0 * x[1], 3.0 * x[0], x[2].cos()];
    let eps = 1e-5;
    let got = attempt(name, || numerical_gradient(&f, &x, eps))?;
    let one_sided: Vec<f64> = (0..3)
        .map(|i| {
            let mut s = x.to_vec();
            s[i] += eps;
            (f(&s) - f(&x)) / eps
        })
        .collect();
    let close = |a: &[f64], b: &[f64], tol: f64| {
        a.len() == b.len() && a.iter().zip(b).all(|(p, q)| (p - q).abs() <= tol)
    };
    if !close(&got, &exact, 1e-8) {
        let mut hint = format!(
            "{name}: numerical_gradient가 틀렸습니다: 기대값 {exact:.6?}, 실제값 {got:.6?}"
        );
        if close(
            &got.iter().map(|g| g / 2.0).collect::<Vec<_>>(),
            &exact,
            1e-8,
        ) {
            hint.push_str("\n  → ε로 나눴습니다: 중앙 차분은 2ε로 나눕니다.");
        } else if close(&got, &one_sided, 1e-12) {
            hint.push_str("\n  → 한쪽 차분 (f(x + ε) − f(x)) / ε입니다: (f(x + ε) − f(x − ε)) / 2ε를 쓰세요 (오차가 ε가 아니라 ε²에 비례합니다).");
        }
        return Err(hint);
    }
    // L = Σₜ Σᵢ rₜᵢ·hₜᵢ as a function of Wh; its gradient from the crate, with one planted bug.
    let mut v = values(8);
    let r = Matrix::randn(T, DH, &mut v.rng);
    let loss = |wh_values: &[f64]| {
        let wh = Matrix::from_vec(DH, DH, wh_values.to_vec()).expect("Dh×Dh values");
        let cell = RnnCell::new(v.wx.clone(), wh, v.b.clone()).expect("the check's shapes");
        let hs = cell.forward(&v.inputs, &v.h0).expect("the check's shapes");
        hs.as_slice()
            .iter()
            .zip(r.as_slice())
            .map(|(h, r)| h * r)
            .sum::<f64>()
    };
    let right = crate_gradients(&v, &v.inputs, &r).1.as_slice().to_vec();
    let planted = 5; // Wh[1, 1]
    let mut buggy = right.clone();
    buggy[planted] *= 1.1;
    let numerical = attempt(name, || numerical_gradient(&loss, v.wh.as_slice(), 1e-5))?;
    let (clean_at, clean_error) = attempt(name, || worst_entry(&right, &numerical))?;
    if clean_error.is_nan() || clean_error >= 1e-6 {
        return Err(format!(
            "{name}: 맞는 기울기에서 worst_entry가 index {clean_at}의 상대 오차 {clean_error:.3e}를 냈습니다: 1e-6보다 작아야 합니다\n  → 상대 오차는 |aᵢ − nᵢ| / max(|aᵢ|, |nᵢ|, 1e-8)입니다."
        ));
    }
    let (at, error) = attempt(name, || worst_entry(&buggy, &numerical))?;
    let want_error = (buggy[planted] - numerical[planted]).abs()
        / buggy[planted].abs().max(numerical[planted].abs());
    if at != planted {
        return Err(format!(
            "{name}: 심어 둔 버그는 ∂L/∂Wh[1, 1] (index {planted})에 있는데, worst_entry는 index {at}을(를) 골랐습니다."
        ));
    }
    verdict(
        name,
        "worst_entry의 상대 오차",
        "한 수",
        (&[want_error], 1),
        (&[error], 1),
        &[(
            "절대 오차 |aᵢ − nᵢ|를 냈습니다: max(|aᵢ|, |nᵢ|, 1e-8)로 나누세요.",
            vec![(buggy[planted] - numerical[planted]).abs()],
        )],
    )
}
