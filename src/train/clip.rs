//! Gradient clipping: keep one bad step from throwing the weights far away.

use super::TrainError;
use crate::cells::Parameters;

/// Clips every gradient value into [−limit, limit] (min-char-rnn clips to ±5):
///
/// ```text
/// gᵢ ← min(max(gᵢ, −limit), limit)
/// ```
///
/// Simple and cheap, but it changes the gradient's direction when only some values are
/// clipped; [`clip_global_norm`] does not.
///
/// # Panics
///
/// If `limit` is not a positive number (a negative one would flip every gradient, NaN
/// would switch clipping off): `clip_values: the limit must be a positive number, got -1`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::clip_values;
/// use rnn_from_scratch::{cells::Parameters, Init, Mt19937};
///
/// let mut g = Init::Xavier.cell(1, 2, &mut Mt19937::new(0)); // a gradient shaped like the cell
/// g.parameters_mut()[1].1[0] = 9.0; //  Wh[0, 0]
/// g.parameters_mut()[2].1[1] = -7.0; // b[1]
/// clip_values(&mut g, 5.0);
/// assert_eq!((g.wh()[(0, 0)], g.b()[1]), (5.0, -5.0));
/// ```
#[track_caller]
pub fn clip_values(gradients: &mut impl Parameters, limit: f64) {
    assert!(
        limit > 0.0,
        "clip_values: the limit must be a positive number, got {limit}"
    );
    map_values(gradients, |g| g.clamp(-limit, limit));
}

/// Scales the whole gradient down if its global norm exceeds `max_norm`, keeping its
/// direction (Pascanu et al., 2013):
///
/// ```text
/// ‖g‖ = √(Σ over every value of every parameter of gᵢ²)
/// g ← g · max_norm / ‖g‖     if ‖g‖ > max_norm
/// ```
///
/// Returns ‖g‖ before clipping (worth logging: a norm that keeps growing means exploding
/// gradients).
///
/// # Errors
///
/// A gradient value is NaN or infinite: `the gradient norm is NaN: a gradient is not a
/// finite number`, or `max_norm` is not a positive number (`max_norm must be a positive
/// number, got -1`). Nothing is changed then. (A finite gradient whose norm is too large
/// for an `f64`, 1e200 say, is measured without overflowing and scaled down.)
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::clip_global_norm;
/// use rnn_from_scratch::{Matrix, RnnCell, Vector};
///
/// let wx = Matrix::from_vec(1, 1, vec![3.0])?;
/// let mut g = RnnCell::new(wx, Matrix::zeros(1, 1), Vector::from(vec![4.0]))?; // ‖g‖ = 5
/// let norm = clip_global_norm(&mut g, 1.0)?;
/// assert_eq!(norm, 5.0);
/// assert!((g.wx()[(0, 0)] - 0.6).abs() < 1e-15 && (g.b()[0] - 0.8).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn clip_global_norm(gradients: &mut impl Parameters, max_norm: f64) -> Result<f64, TrainError> {
    if max_norm.is_nan() || max_norm <= 0.0 {
        return Err(TrainError::new(format!(
            "max_norm must be a positive number, got {max_norm}"
        )));
    }
    let arrays = gradients.parameters();
    let values = || arrays.iter().flat_map(|(_, values)| values.iter());
    if let Some(bad) = values().find(|g| !g.is_finite()) {
        let norm = bad.abs(); // NaN, or ∞ for ±∞
        return Err(TrainError::new(format!(
            "the gradient norm is {norm}: a gradient is not a finite number"
        )));
    }
    let norm = values().map(|g| g * g).sum::<f64>().sqrt();
    if norm.is_finite() {
        if norm > max_norm {
            let scale = max_norm / norm;
            map_values(gradients, |g| g * scale);
        }
        return Ok(norm);
    }
    // Every value is finite but Σ gᵢ² overflowed (values near 1e200): measure it as
    // ‖g‖ = m·√(Σ (gᵢ/m)²) with m = max |gᵢ|, and scale in two steps,
    // gᵢ·(max_norm/m)/(‖g‖/m), so that no intermediate overflows or underflows.
    let largest = values().fold(0.0_f64, |m, g| m.max(g.abs()));
    let relative = values().map(|g| (g / largest).powi(2)).sum::<f64>().sqrt();
    let (a, b) = (max_norm / largest, relative);
    map_values(gradients, |g| g * a / b);
    Ok(largest * relative)
}

/// gᵢ ← f(gᵢ) for every value of every array.
fn map_values(gradients: &mut impl Parameters, f: impl Fn(f64) -> f64) {
    for (_, values) in gradients.parameters_mut() {
        for g in values.iter_mut() {
            *g = f(*g);
        }
    }
}
