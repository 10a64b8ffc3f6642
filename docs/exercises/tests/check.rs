//! `cargo test`: one test per exercise, in the notes' order. A failing test prints a hint in
//! Korean: which symbol or shape is wrong, the expected and actual values, and the mistake
//! that gives exactly your numbers.

use rnn_exercises::check;
use rnn_exercises::*;

/// Fails the test with the hint, set apart so it is easy to find in cargo's output.
fn report(result: Result<(), String>) {
    if let Err(hint) = result {
        panic!("\n\n{hint}\n\n");
    }
}

#[test]
fn e1_step() {
    report(check::e1_step(e1_step::step));
}

#[test]
fn e2_forward() {
    report(check::e2_forward(e2_forward::forward));
}

#[test]
fn e3_output() {
    report(check::e3_output(e3_output::output));
}

#[test]
fn e4_cross_entropy() {
    report(check::e4_cross_entropy(e4_cross_entropy::cross_entropy));
}

#[test]
fn e5_step_backward() {
    report(check::e5_step_backward(|wh, input_t, h_prev, h_t, dh_t| {
        let g = e5_step_backward::step_backward(wh, input_t, h_prev, h_t, dh_t);
        (g.dwx, g.dwh, g.db, g.dh_prev)
    }));
}

#[test]
fn e6_bptt() {
    report(check::e6_bptt(|wx, wh, b, inputs, h0, dhs| {
        let g = e6_bptt::bptt(wx, wh, b, inputs, h0, dhs);
        (g.dwx, g.dwh, g.db, g.dh0)
    }));
}

#[test]
fn e7_lstm_step() {
    report(check::e7_lstm_step(e7_lstm_step::lstm_step));
}

#[test]
fn e8_gradient_check() {
    report(check::e8_gradient_check(
        e8_gradient_check::numerical_gradient,
        e8_gradient_check::worst_entry,
    ));
}
