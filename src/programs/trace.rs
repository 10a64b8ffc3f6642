//! `cargo run -- --trace`: one timestep of the notes' formula, by hand,
//!
//! ```text
//! hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)
//! ```
//!
//! every intermediate value kept: the two products, their sum with b, and tanh of it.
//! What [`RnnCell::step`] does in one line, here in five, so a reader can check each
//! against the notes (or numpy) on paper.

use crate::cells::RnnCell;
use crate::linalg::{Matrix, ShapeError, Vector};

/// Every value of one timestep, in the order the formula computes them.
///
/// | field | the notes | shape |
/// |---|---|---|
/// | `input_t` | Iₜ | d |
/// | `h_prev` | hₜ₋₁ | Dh |
/// | `wx_input_t` | Wx·Iₜ | Dh |
/// | `wh_h_prev` | Wh·hₜ₋₁ | Dh |
/// | `pre_activation` | Wx·Iₜ + Wh·hₜ₋₁ + b | Dh |
/// | `h_t` | hₜ = tanh(…) | Dh |
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// t, counted from 1 as the notes count.
    pub timestep: usize,
    /// Iₜ, row t − 1 of the inputs.
    pub input_t: Vector,
    /// hₜ₋₁: h₀ at t = 1, else the state the steps before made.
    pub h_prev: Vector,
    /// Wx·Iₜ.
    pub wx_input_t: Vector,
    /// Wh·hₜ₋₁.
    pub wh_h_prev: Vector,
    /// Wx·Iₜ + Wh·hₜ₋₁ + b.
    pub pre_activation: Vector,
    /// hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b).
    pub h_t: Vector,
}

/// Runs the cell over `inputs` from `h0` up to timestep `timestep` (1-based) and returns
/// that step's values, computed one product at a time.
///
/// # Errors
///
/// A shape that does not fit (as [`RnnCell::forward`]), or a timestep outside
/// 1..=timesteps: `--trace-step must be a timestep from 1 to 10, got 11`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::trace::trace;
/// use rnn_from_scratch::{Init, Matrix, Mt19937, Vector};
///
/// let mut rng = Mt19937::new(0);
/// let inputs = Matrix::random(10, 4, &mut rng);
/// let cell = Init::Uniform.cell(4, 8, &mut rng);
/// let step = trace(&cell, &inputs, &Vector::zeros(8), 1)?;
/// assert_eq!(step.h_t, cell.step(&step.input_t, &step.h_prev)); // the one line, in five
/// assert_eq!(step.wh_h_prev.as_slice(), &[0.0; 8]); // h₀ = 0
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub fn trace(
    cell: &RnnCell,
    inputs: &Matrix,
    h0: &Vector,
    timestep: usize,
) -> Result<Trace, ShapeError> {
    let timesteps = inputs.shape().0;
    if timestep == 0 || timestep > timesteps {
        return Err(ShapeError::new(format!(
            "--trace-step must be a timestep from 1 to {timesteps}, got {timestep}"
        )));
    }
    let states = cell.forward(inputs, h0)?;
    let h_prev = if timestep == 1 {
        h0.clone()
    } else {
        Vector::from(states.row(timestep - 2))
    };
    let input_t = Vector::from(inputs.row(timestep - 1));
    let wx_input_t = cell.wx() * &input_t; //                     Wx·Iₜ
    let wh_h_prev = cell.wh() * &h_prev; //                       Wh·hₜ₋₁
    let pre_activation = &wx_input_t + &wh_h_prev + cell.b(); //  Wx·Iₜ + Wh·hₜ₋₁ + b
    let h_t = pre_activation.tanh(); //                           hₜ = tanh(…)
    Ok(Trace {
        timestep,
        input_t,
        h_prev,
        wx_input_t,
        wh_h_prev,
        pre_activation,
        h_t,
    })
}
