//! Every bad shape and bad value gets an error whose message names the notes' symbol and
//! both shapes; the operators panic with the same text.

use rnn_from_scratch::{Activation, Matrix, OutputLayer, RnnCell, Vector};

fn cell(d: usize, dh: usize) -> RnnCell {
    RnnCell::new(
        Matrix::zeros(dh, d),
        Matrix::zeros(dh, dh),
        Vector::zeros(dh),
    )
    .unwrap()
}

#[test]
fn rnn_cell_new_names_the_symbol_and_both_shapes() {
    let err = |wx: Matrix, wh: Matrix, b: Vector| RnnCell::new(wx, wh, b).unwrap_err().to_string();
    assert_eq!(
        err(Matrix::zeros(6, 5), Matrix::zeros(6, 4), Vector::zeros(6)),
        "Wh must be Dh×Dh = 6×6, got 6×4"
    );
    assert_eq!(
        err(Matrix::zeros(6, 5), Matrix::zeros(5, 6), Vector::zeros(6)),
        "Wh must be Dh×Dh = 6×6, got 5×6"
    );
    assert_eq!(
        err(Matrix::zeros(8, 4), Matrix::zeros(8, 8), Vector::zeros(4)),
        "b must have Dh = 8 values, got 4"
    );
}

#[test]
fn forward_names_inputs_and_h0() {
    let c = cell(5, 6);
    let err = c
        .forward(&Matrix::zeros(7, 4), &Vector::zeros(6))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "inputs must be timesteps×d with d = 5, got 7×4"
    );
    let err = c
        .forward(&Matrix::zeros(7, 5), &Vector::zeros(2))
        .unwrap_err();
    assert_eq!(err.to_string(), "h0 must have Dh = 6 values, got 2");
    let err = c
        .forward_last(&Matrix::zeros(7, 4), &Vector::zeros(6))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "inputs must be timesteps×d with d = 5, got 7×4"
    );
}

#[test]
fn non_finite_values_are_refused_where_they_enter() {
    let mut wx = Matrix::zeros(3, 2);
    wx[(1, 0)] = f64::NAN;
    let err = RnnCell::new(wx, Matrix::zeros(3, 3), Vector::zeros(3)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Wx must hold finite numbers, got NaN at (1, 0)"
    );
    let b = Vector::from(vec![0.0, f64::INFINITY, 0.0]);
    let err = RnnCell::new(Matrix::zeros(3, 2), Matrix::zeros(3, 3), b).unwrap_err();
    assert_eq!(err.to_string(), "b must hold finite numbers, got inf at 1");
    let mut inputs = Matrix::zeros(4, 2);
    inputs[(3, 1)] = f64::NEG_INFINITY;
    let err = cell(2, 3).forward(&inputs, &Vector::zeros(3)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "inputs must hold finite numbers, got -inf at (3, 1)"
    );
    let mut wy = Matrix::zeros(2, 3);
    wy[(0, 2)] = f64::NAN;
    let err = OutputLayer::new(wy, Vector::zeros(2), Activation::Softmax).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Wy must hold finite numbers, got NaN at (0, 2)"
    );
}

#[test]
#[should_panic(expected = "Iₜ must have d = 5 values, got 3")]
fn step_panics_naming_input_t() {
    cell(5, 6).step(&Vector::zeros(3), &Vector::zeros(6));
}

#[test]
#[should_panic(expected = "hₜ₋₁ must have Dh = 6 values, got 2")]
fn step_panics_naming_h_prev() {
    cell(5, 6).step(&Vector::zeros(5), &Vector::zeros(2));
}

#[test]
fn output_layer_errors() {
    let err =
        OutputLayer::new(Matrix::zeros(3, 8), Vector::zeros(2), Activation::Softmax).unwrap_err();
    assert_eq!(err.to_string(), "by must have V = 3 values, got 2");
    let layer =
        OutputLayer::new(Matrix::zeros(4, 3), Vector::zeros(4), Activation::Softmax).unwrap();
    let err = layer.forward(&Matrix::zeros(5, 2)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "hidden states must be timesteps×Dh with Dh = 3, got 5×2"
    );
}

#[test]
#[should_panic(expected = "hₜ must have Dh = 3 values, got 2")]
fn output_step_panics_naming_h_t() {
    let layer =
        OutputLayer::new(Matrix::zeros(4, 3), Vector::zeros(4), Activation::Softmax).unwrap();
    layer.step(&Vector::zeros(2));
}

#[test]
fn matrix_constructors_say_what_they_needed() {
    let err = Matrix::from_vec(2, 3, vec![0.0; 5]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Matrix::from_vec: a 2×3 matrix needs 2·3 = 6 values, got 5"
    );
    let err = Matrix::from_vec(usize::MAX, 2, vec![]).unwrap_err();
    assert!(err.to_string().starts_with("Matrix::from_vec: a "), "{err}");
    let err = Matrix::from_rows(&[vec![1.0], vec![1.0, 2.0]]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Matrix::from_rows: every row must have 1 values like row 0, row 1 has 2"
    );
    let err = Matrix::stack(&[
        Vector::zeros(8),
        Vector::zeros(8),
        Vector::zeros(8),
        Vector::zeros(4),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Matrix::stack: every vector must have 8 values like vector 0, vector 3 has 4"
    );
}

#[test]
fn products_say_both_shapes() {
    let m = Matrix::zeros(2, 3);
    assert_eq!(
        m.matvec(&Vector::zeros(4)).unwrap_err().to_string(),
        "matvec: a 2×3 matrix needs a vector of 3 values, got 4"
    );
    assert_eq!(
        m.matmul(&Matrix::zeros(4, 2)).unwrap_err().to_string(),
        "matmul: a 2×3 matrix times a 4×2 matrix; the second needs 3 rows"
    );
    assert_eq!(
        Vector::zeros(2)
            .dot(&Vector::zeros(3))
            .unwrap_err()
            .to_string(),
        "dot: the vectors must have the same length, got 2 and 3"
    );
}

#[test]
#[should_panic(expected = "matvec: a 2×3 matrix needs a vector of 3 values, got 4")]
fn mul_operator_panics_with_the_matvec_text() {
    let _ = &Matrix::zeros(2, 3) * &Vector::zeros(4);
}

#[test]
#[should_panic(expected = "matmul: a 2×3 matrix times a 2×3 matrix; the second needs 3 rows")]
fn matmul_operator_panics_with_the_matmul_text() {
    let m = Matrix::zeros(2, 3);
    let _ = &m * &m;
}

#[test]
#[should_panic(expected = "+: the vectors must have the same length, got 8 and 4")]
fn add_operator_panics_with_both_lengths() {
    let _ = &Vector::zeros(8) + &Vector::zeros(4);
}

#[test]
fn the_operators_panic_at_the_formula_line_not_inside_the_crate() {
    use std::cell::RefCell;
    use std::panic::{self, AssertUnwindSafe};
    thread_local!(static AT: RefCell<Option<String>> = const { RefCell::new(None) });
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        match AT.with_borrow(|at| at.is_some()) {
            true => AT.set(info.location().map(|l| l.file().to_string())),
            false => default(info),
        }
    }));
    let panicked_at = |formula: &dyn Fn()| {
        AT.set(Some(String::new()));
        let _ = panic::catch_unwind(AssertUnwindSafe(formula));
        AT.take().unwrap_or_default()
    };
    let (m, v) = (Matrix::zeros(2, 3), Vector::zeros(4));
    assert_eq!(panicked_at(&|| drop(&m * &v)), file!());
    assert_eq!(panicked_at(&|| drop(&m * &m)), file!());
    assert_eq!(panicked_at(&|| drop(&v + &Vector::zeros(2))), file!());
}

#[test]
#[should_panic(expected = "index (2, 0) is outside a 2×3 matrix")]
fn indexing_outside_says_the_shape() {
    let _ = Matrix::zeros(2, 3)[(2, 0)];
}

#[test]
#[should_panic(expected = "row 2 of a 2×3 matrix does not exist")]
fn row_outside_says_the_shape() {
    let _ = Matrix::zeros(2, 3).row(2);
}

#[test]
fn empty_sequence_gives_empty_timesteps_by_dh_matrix() {
    let c = cell(5, 6);
    assert_eq!(
        c.forward(&Matrix::zeros(0, 5), &Vector::zeros(6))
            .unwrap()
            .shape(),
        (0, 6)
    );
    let h0 = Vector::from(vec![0.5; 6]);
    assert_eq!(c.forward_last(&Matrix::zeros(0, 5), &h0).unwrap(), h0);
}

#[test]
fn shape_error_is_a_std_error() {
    fn takes_error(_: &dyn std::error::Error) {}
    let err = Matrix::zeros(1, 1).matvec(&Vector::zeros(2)).unwrap_err();
    takes_error(&err);
    assert_eq!(
        err.clone().in_context("layer 2").to_string(),
        format!("layer 2: {err}")
    );
}
