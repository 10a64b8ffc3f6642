//! Tokens in and out of a cell: a token id becomes an input Iₜ ([`one_hot`]), and an
//! output Oₜ becomes a token id again ([`greedy`], [`sample`]).

use super::softmax;
use crate::linalg::{Matrix, Mt19937, Vector};

/// The one-hot matrix of a sequence of indices: row t is all zeros but a 1 in column
/// `indices[t]`; timesteps × `size`. This is the inputs matrix of a character model
/// (d = V).
///
/// # Panics
///
/// If an index is ≥ `size`: `one_hot: index 5 at timestep 1 is not below 3`.
///
/// # Examples
///
/// ```
/// let x = rnn_from_scratch::cells::one_hot(&[2, 0], 3);
/// assert_eq!(x.row(0), &[0.0, 0.0, 1.0]);
/// assert_eq!(x.row(1), &[1.0, 0.0, 0.0]);
/// ```
#[track_caller]
pub fn one_hot(indices: &[usize], size: usize) -> Matrix {
    let mut m = Matrix::zeros(indices.len(), size);
    for (t, &i) in indices.iter().enumerate() {
        assert!(
            i < size,
            "one_hot: index {i} at timestep {t} is not below {size}"
        );
        m[(t, i)] = 1.0;
    }
    m
}

/// Draws an index from softmax(z / temperature).
///
/// Temperature 1 samples the model's own distribution; below 1 sharpens it toward the
/// likeliest characters, above 1 flattens it toward uniform. Temperature 0 (or less) is
/// [`greedy`]: always the likeliest; so is any temperature so small that only the
/// likeliest is left (1e-310, say: the scores are shifted by their maximum before the
/// division, so nothing overflows).
///
/// # Panics
///
/// If the temperature is NaN (`sample: the temperature is NaN`), or, as [`greedy`], if
/// `z` is empty or a score is NaN.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{cells::sample, Mt19937, Vector};
///
/// let z = Vector::from(vec![0.0, 5.0, 0.0]);
/// let mut rng = Mt19937::new(0);
/// assert_eq!(sample(&z, 0.0, &mut rng), 1);
/// let ones = (0..1000).filter(|_| sample(&z, 1.0, &mut rng) == 1).count();
/// assert!((970..1000).contains(&ones)); // p = e⁵/(e⁵ + 2) ≈ 0.987
/// ```
#[track_caller]
pub fn sample(z: &Vector, temperature: f64, rng: &mut Mt19937) -> usize {
    assert!(!temperature.is_nan(), "sample: the temperature is NaN");
    let best = greedy(z); // checks z: not empty, no NaN
    if temperature <= 0.0 {
        return best;
    }
    // (zᵢ − max z)/T ≤ 0: e^· cannot overflow, however small T is.
    let max = z[best];
    let p = softmax(&z.map(|zi| (zi - max) / temperature));
    let u = rng.random();
    let mut cumulative = 0.0;
    for (i, pi) in p.as_slice().iter().enumerate() {
        cumulative += pi;
        if u < cumulative {
            return i;
        }
    }
    p.len() - 1 // u fell in the rounding gap below 1
}

/// The index of the largest score (the first, on a tie): greedy decoding.
///
/// # Panics
///
/// If `z` is empty (`greedy: there are no scores to choose from`) or a score is NaN
/// (`greedy: score 2 is NaN`): there is no likeliest then.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{cells::greedy, Vector};
/// assert_eq!(greedy(&Vector::from(vec![0.1, 0.7, 0.7, -1.0])), 1);
/// ```
#[track_caller]
pub fn greedy(z: &Vector) -> usize {
    assert!(!z.is_empty(), "greedy: there are no scores to choose from");
    if let Some(i) = z.as_slice().iter().position(|zi| zi.is_nan()) {
        panic!("greedy: score {i} is NaN");
    }
    let mut best = 0;
    for (i, &zi) in z.as_slice().iter().enumerate() {
        if zi > z[best] {
            best = i;
        }
    }
    best
}
