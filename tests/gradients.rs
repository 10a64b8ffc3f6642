//! Backpropagation through time against central finite differences: every entry of every
//! gradient (Wx, Wh, b, Wy, by and h₀) of 54 random small models passes
//! |analytic − numeric| ≤ 1e-8 + 1e-6·max(|a|, |n|); and the check catches the classic
//! BPTT bugs.

mod common;

use rnn_from_scratch::cells::SequenceModel;
use rnn_from_scratch::train::{SequenceGradients, gradient_check};
use rnn_from_scratch::{Activation, Matrix, Mt19937, OutputLayer, RnnCell, Vector, softmax};

/// The notes' two formulas together: the RNN cell under a softmax output layer.
type Rnn = SequenceModel<RnnCell>;

const ABS: f64 = 1e-8;
const REL: f64 = 1e-6;

struct Problem {
    rnn: Rnn,
    inputs: Matrix,
    /// A target at every step: (timestep, class).
    targets: Vec<(usize, usize)>,
    h0: Vector,
}

fn problem(d: usize, dh: usize, v: usize, timesteps: usize, seed: u32) -> Problem {
    let mut rng = Mt19937::new(seed);
    let cell = RnnCell::new(
        common::randn(dh, d, 0.5, &mut rng),
        common::randn(dh, dh, 0.5, &mut rng),
        common::randn_vector(dh, 0.3, &mut rng),
    )
    .unwrap();
    let output = OutputLayer::new(
        common::randn(v, dh, 0.5, &mut rng),
        common::randn_vector(v, 0.3, &mut rng),
        Activation::Softmax,
    )
    .unwrap();
    Problem {
        rnn: Rnn::new(cell, output).unwrap(),
        inputs: common::randn(timesteps, d, 1.0, &mut rng),
        targets: (0..timesteps).map(|t| (t, rng.below(v))).collect(),
        h0: common::randn_vector(dh, 0.5, &mut rng),
    }
}

/// Every combination of Dh ∈ {1, 3, 8}, d ∈ {2, 5}, V ∈ {2, 5}, T ∈ {1, 2, 12}: 36 models,
/// plus 18 more with random sizes.
fn problems() -> Vec<(String, Problem)> {
    let mut all = Vec::new();
    let mut seed = 0;
    for dh in [1, 3, 8] {
        for d in [2, 5] {
            for v in [2, 5] {
                for t in [1, 2, 12] {
                    seed += 1;
                    all.push((
                        format!("Dh={dh} d={d} V={v} T={t}"),
                        problem(d, dh, v, t, seed),
                    ));
                }
            }
        }
    }
    let mut rng = Mt19937::new(99);
    for _ in 0..18 {
        let (dh, d, v, t) = (
            1 + rng.below(8),
            1 + rng.below(5),
            2 + rng.below(4),
            1 + rng.below(12),
        );
        seed += 1;
        all.push((
            format!("Dh={dh} d={d} V={v} T={t}"),
            problem(d, dh, v, t, seed),
        ));
    }
    all
}

#[test]
fn every_gradient_entry_matches_finite_differences_on_54_models() {
    let problems = problems();
    assert_eq!(problems.len(), 54);
    let (mut worst_error, mut entries) = (0.0_f64, 0);
    for (name, p) in &problems {
        let (_, g, _) = p
            .rnn
            .loss_and_gradients(&p.inputs, &p.targets, &p.h0)
            .unwrap();
        let params = gradient_check(&p.rnn, &g, |rnn: &Rnn| {
            rnn.loss(&p.inputs, &p.targets, &p.h0).unwrap()
        });
        let h0 = gradient_check(&p.h0, &g.state0, |h0: &Vector| {
            p.rnn.loss(&p.inputs, &p.targets, h0).unwrap()
        });
        for check in [&params, &h0] {
            let failures = check.failures(ABS, REL);
            assert!(failures.is_empty(), "{name}: {failures:?}");
            worst_error = worst_error.max(check.max_error());
            entries += check.entries.len();
        }
    }
    println!("checked {entries} gradient entries; worst |analytic − numeric| = {worst_error:.2e}");
    assert!(entries > 3000);
}

/// Which classic mistake to make in [`buggy_gradients`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum Bug {
    None,
    /// Forget the gradient carried back from step t+1: dh = Wyᵀ·dz only.
    DropCarriedDhNext,
    /// Forget tanh's derivative: dh_raw = dh.
    DropTanhDerivative,
    /// Use hₜ where hₜ₋₁ belongs: dWh += dh_raw·hₜᵀ.
    UseCurrentHInDwh,
}

/// BPTT written out again, with one deliberate mistake (or none).
fn buggy_gradients(p: &Problem, bug: Bug) -> SequenceGradients<RnnCell> {
    let (wx, wh, b) = (p.rnn.cell().wx(), p.rnn.cell().wh(), p.rnn.cell().b());
    let (wy, by) = (p.rnn.output().wy(), p.rnn.output().by());
    let mut hs = vec![p.h0.clone()];
    for t in 0..p.targets.len() {
        let x_t = Vector::from(p.inputs.row(t));
        hs.push((wx * &x_t + wh * &hs[t] + b).tanh());
    }
    let (d, dh_size, v) = (wx.shape().1, wx.shape().0, wy.shape().0);
    let (mut g_wx, mut g_wh, mut g_b) = (
        Matrix::zeros(dh_size, d),
        Matrix::zeros(dh_size, dh_size),
        Vector::zeros(dh_size),
    );
    let (mut g_wy, mut g_by) = (Matrix::zeros(v, dh_size), Vector::zeros(v));
    let mut dh_next = Vector::zeros(dh_size);
    for t in (1..hs.len()).rev() {
        let x_t = Vector::from(p.inputs.row(t - 1));
        let mut dz = softmax(&(wy * &hs[t] + by));
        dz[p.targets[t - 1].1] -= 1.0;
        g_wy += &Matrix::outer(&dz, &hs[t]);
        g_by += &dz;
        let dh = if bug == Bug::DropCarriedDhNext {
            &wy.transpose() * &dz
        } else {
            &wy.transpose() * &dz + &dh_next
        };
        let dh_raw = if bug == Bug::DropTanhDerivative {
            dh
        } else {
            hs[t].map(|h| 1.0 - h * h).hadamard(&dh)
        };
        g_b += &dh_raw;
        g_wx += &Matrix::outer(&dh_raw, &x_t);
        let h_used = if bug == Bug::UseCurrentHInDwh {
            &hs[t]
        } else {
            &hs[t - 1]
        };
        g_wh += &Matrix::outer(&dh_raw, h_used);
        dh_next = &wh.transpose() * &dh_raw;
    }
    SequenceGradients {
        cell: RnnCell::new(g_wx, g_wh, g_b).unwrap(),
        output: OutputLayer::new(g_wy, g_by, Activation::Softmax).unwrap(),
        state0: dh_next,
    }
}

#[test]
fn the_check_catches_the_classic_bptt_bugs() {
    let p = problem(3, 4, 3, 6, 7);
    let loss = |rnn: &Rnn| rnn.loss(&p.inputs, &p.targets, &p.h0).unwrap();
    let correct = buggy_gradients(&p, Bug::None);
    assert!(
        gradient_check(&p.rnn, &correct, loss)
            .failures(ABS, REL)
            .is_empty(),
        "the rewrite itself is right"
    );
    for bug in [
        Bug::DropCarriedDhNext,
        Bug::DropTanhDerivative,
        Bug::UseCurrentHInDwh,
    ] {
        let check = gradient_check(&p.rnn, &buggy_gradients(&p, bug), loss);
        let failures = check.failures(ABS, REL);
        let worst = check.worst(ABS, REL).unwrap();
        assert!(failures.len() >= 3, "{bug:?} went unnoticed");
        // The worst entry is off by far more than rounding: the check is not borderline.
        assert!(worst.error() > 1e-3, "{bug:?}: worst {worst:?}");
        println!(
            "{bug:?}: {} of {} entries fail; worst {} [{}]: analytic {:.6}, numeric {:.6}",
            failures.len(),
            check.entries.len(),
            worst.parameter,
            worst.index,
            worst.analytic,
            worst.numeric
        );
    }
}

#[test]
fn loss_and_gradients_refuses_bad_targets() {
    let p = problem(2, 3, 4, 5, 1);
    let err = p
        .rnn
        .loss_and_gradients(&p.inputs, &[(4, 1), (5, 0)], &p.h0)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a target at timestep 5, but there are only 5 timesteps"
    );
    let err = p
        .rnn
        .loss_and_gradients(&p.inputs, &[(0, 0), (2, 7)], &p.h0)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "target 7 at timestep 2 is not a class: V = 4, so targets must be below 4"
    );
    let err = p
        .rnn
        .loss_and_gradients(&Matrix::zeros(5, 3), &[(0, 0)], &p.h0)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "inputs must be timesteps×d with d = 2, got 5×3"
    );
}

#[test]
fn rnn_new_refuses_mismatched_layers() {
    let cell = RnnCell::new(Matrix::zeros(8, 3), Matrix::zeros(8, 8), Vector::zeros(8)).unwrap();
    let tanh = OutputLayer::new(Matrix::zeros(5, 8), Vector::zeros(5), Activation::Tanh).unwrap();
    let err = Rnn::new(cell, tanh).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the output activation must be Softmax for the cross-entropy loss, got Tanh"
    );
}

#[test]
fn loss_is_stable_for_huge_logits() {
    // Scores of ±1e4 would make e^z overflow; log-sum-exp keeps the loss finite and exact.
    let cell = RnnCell::new(
        Matrix::zeros(1, 1),
        Matrix::zeros(1, 1),
        Vector::from(vec![20.0]),
    )
    .unwrap();
    let output = OutputLayer::new(
        Matrix::from_vec(2, 1, vec![1e4, -1e4]).unwrap(),
        Vector::zeros(2),
        Activation::Softmax,
    )
    .unwrap();
    let rnn = Rnn::new(cell, output).unwrap();
    let (loss, g, _) = rnn
        .loss_and_gradients(&Matrix::zeros(1, 1), &[(0, 1)], &Vector::zeros(1))
        .unwrap();
    assert!((loss - 2e4).abs() < 1e-6, "{loss}");
    assert!(g.output.wy().as_slice().iter().all(|x| x.is_finite()));
}
