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
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::{clip_values, Gradients};
///
/// let mut g = Gradients::zeros(1, 2, 2);
/// g.wh[(0, 0)] = 9.0;
/// g.by[1] = -7.0;
/// clip_values(&mut g, 5.0);
/// assert_eq!((g.wh[(0, 0)], g.by[1]), (5.0, -5.0));
/// ```
pub fn clip_values(gradients: &mut impl Parameters, limit: f64) {
    for (_, values) in gradients.parameters_mut() {
        for g in values.iter_mut() {
            *g = g.clamp(-limit, limit);
        }
    }
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
/// The norm is NaN or infinite: `the gradient norm is NaN: a gradient is not a finite
/// number`. Nothing is changed then.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::{clip_global_norm, Gradients};
///
/// let mut g = Gradients::zeros(1, 1, 1);
/// g.wx[(0, 0)] = 3.0;
/// g.by[0] = 4.0; // ‖g‖ = 5
/// let norm = clip_global_norm(&mut g, 1.0)?;
/// assert_eq!(norm, 5.0);
/// assert!((g.wx[(0, 0)] - 0.6).abs() < 1e-15 && (g.by[0] - 0.8).abs() < 1e-15);
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn clip_global_norm(gradients: &mut impl Parameters, max_norm: f64) -> Result<f64, TrainError> {
    let norm = gradients
        .parameters()
        .iter()
        .flat_map(|(_, values)| values.iter())
        .map(|g| g * g)
        .sum::<f64>()
        .sqrt();
    if !norm.is_finite() {
        return Err(TrainError::new(format!(
            "the gradient norm is {norm}: a gradient is not a finite number"
        )));
    }
    if norm > max_norm {
        let scale = max_norm / norm;
        for (_, values) in gradients.parameters_mut() {
            for g in values.iter_mut() {
                *g *= scale;
            }
        }
    }
    Ok(norm)
}
