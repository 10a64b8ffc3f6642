//! Dropout (드롭아웃): while training, each value a layer passes on is set to zero with
//! probability p, and the values kept are scaled by 1/(1 − p), so that their expected
//! value is what it would have been; at test time nothing is dropped. A network trained
//! so cannot lean on any one unit, which fights 과적합 (overfitting): see the chapter
//! [`overfitting`](crate::overfitting).
//!
//! ```text
//! mᵦ ∈ {0, 1/(1 − p)}ʷ     one mask per sequence b, each value 0 with probability p
//! X̃ₜ,ᵦ = Xₜ,ᵦ ⊙ mᵦ          the same mask at every step t (variational dropout)
//! ∂L/∂Xₜ,ᵦ = ∂L/∂X̃ₜ,ᵦ ⊙ mᵦ   the backward pass: the same product
//! ```
//!
//! The mask is drawn once per sequence and used at every step (Gal and Ghahramani's
//! *variational* dropout, 2016): a fresh mask at every step would shake the recurrent
//! state with new noise at every timestep. A sequence's masks depend only on a seed and
//! the sequence's place in the training set ([`Dropout::masks`]), never on which thread
//! computes it, so training with dropout gives the same weights on any number of threads.

use crate::linalg::Mt19937;

/// Dropout at rate p (`rate`), with the seed its masks are drawn from.
///
/// | symbol | shape |
/// |---|---|
/// | masks of B sequences | B×w, each value 0 or 1/(1 − p) |
/// | rows they apply to | T·B×w, row t·B + b for sequence b at step t |
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::Dropout;
///
/// let dropout = Dropout { rate: 0.5, seed: 7 }; // sequences 3 and 9 of the training set:
/// let [masks]: [Vec<f64>; 1] = dropout.masks(&[3, 9], &[4]).try_into().unwrap(); // w = 4
/// assert!(masks.iter().all(|&m| m == 0.0 || m == 2.0)); // kept values doubled: 1/(1 − 0.5)
/// assert_eq!(masks[..4], dropout.masks(&[3], &[4])[0][..]); // sequence 3's, whoever asks
/// let mut rows = vec![1.0; 2 * 2 * 4]; // T = 2 steps of B = 2 sequences
/// Dropout::apply(&mut rows, &masks, 4);
/// assert_eq!(rows[..4], masks[..4]); // step 0 of sequence 3
/// assert_eq!(rows[8..12], masks[..4]); // step 1 of sequence 3: the same mask
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dropout {
    /// p, the probability of dropping each value: in [0, 1).
    pub rate: f64,
    /// Where the masks come from: one seed, one set of masks.
    pub seed: u64,
}

impl Dropout {
    /// The masks of the sequences `keys` (their places in the training set): for each
    /// width w in `widths`, a B×w matrix (row by row) whose values are 0 with probability
    /// p, else 1/(1 − p). Sequence b's rows of every matrix come from one generator seeded
    /// by the seed and its key alone.
    pub fn masks(&self, keys: &[usize], widths: &[usize]) -> Vec<Vec<f64>> {
        let keep = 1.0 / (1.0 - self.rate);
        let mut masks: Vec<Vec<f64>> = widths
            .iter()
            .map(|w| Vec::with_capacity(keys.len() * w))
            .collect();
        for &key in keys {
            let mut rng = Mt19937::new(mix(self.seed ^ mix(key as u64)) as u32);
            for (mask, &w) in masks.iter_mut().zip(widths) {
                mask.extend((0..w).map(|_| if rng.random() < self.rate { 0.0 } else { keep }));
            }
        }
        masks
    }

    /// Multiplies row t·B + b of `rows` (T·B×w, step-major) by row b of `masks` (B×w):
    /// X̃ₜ,ᵦ = Xₜ,ᵦ ⊙ mᵦ, and also ∂L/∂Xₜ,ᵦ = ∂L/∂X̃ₜ,ᵦ ⊙ mᵦ on the way back.
    pub fn apply(rows: &mut [f64], masks: &[f64], width: usize) {
        for (row, mask) in rows
            .chunks_exact_mut(width)
            .zip(masks.chunks_exact(width).cycle())
        {
            for (x, m) in row.iter_mut().zip(mask) {
                *x *= m;
            }
        }
    }

    /// A new seed for every optimiser step, from the step's number: the masks of a
    /// sequence change from step to step and stay the same on every thread.
    pub fn at_step(&self, step: u64) -> Dropout {
        Dropout {
            rate: self.rate,
            seed: mix(self.seed ^ mix(step.wrapping_add(0x5EED))),
        }
    }
}

/// SplitMix64's finaliser: every bit of `z` stirred into every bit of the result, so
/// that neighbouring keys (sequence 3, sequence 4) give unrelated seeds.
fn mix(z: u64) -> u64 {
    let z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
