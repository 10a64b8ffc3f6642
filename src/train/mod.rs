//! Training: backpropagation through time, proven gradients, optimisers.
//!
//! The notes stop at the forward pass. This chapter makes the network learn: a loss that
//! says how wrong the outputs are ([`SequenceModel::loss_and_gradients`]), its gradient
//! with respect to every weight by backpropagation through time (BPTT, derived step by
//! step in [`bptt_chapter`](crate::bptt_chapter), written out in [`RnnCell`]'s
//! `backward`), a check of those gradients against finite differences
//! ([`gradient_check`]), and the update rules that use them ([`Sgd`], [`Adagrad`],
//! [`Adam`], with [`clip_values`] and [`clip_global_norm`]).
//!
//! Each cell has its literal path (its own `forward_cached` and `backward`, one formula a
//! line) and one fast path beside it, in its folder: the batched step
//! ([`BatchStep`](crate::cells::BatchStep)) runs a mini-batch of B sequences at once, the
//! notes' formula with a batch dimension, whose inputs are dense rows or token ids
//! ([`Inputs`](crate::cells::Inputs)); the tests hold the two equal within 1e-12. A
//! character model's chunk is that path with B = 1 and ids in
//! ([`SequenceModel::loss_and_gradients_ids`]); any other batch of [`Example`]s (ids or
//! rows in; one target, a target per step, or any) is one loss,
//! [`loss_and_gradients_examples`], which groups it by length itself ([`buckets`]), and
//! one trainer, [`fit_batched`]. One softmax cross-entropy serves them all ([`softmax_cross_entropy`]).
//!
//! How the work is split between cores: [`threads`] hands whole jobs (a training, a chunk
//! of a mini-batch) to scoped threads; a character model's steps are too short for that,
//! so [`char_rnn::Trainer::with_streams`] keeps a [`crew`] of threads for the whole
//! training, each computing its fixed share of the streams of text at every step. Either
//! way every result is summed in a fixed order, so the weights never depend on the number
//! of threads.
//!
//! [`SequenceModel::loss_and_gradients`]: crate::cells::SequenceModel::loss_and_gradients
//! [`SequenceModel::loss_and_gradients_ids`]: crate::cells::SequenceModel::loss_and_gradients_ids
//! [`RnnCell`]: crate::RnnCell

mod batched;
pub mod buckets;
pub mod char_rnn;
mod clip;
pub mod crew;
mod fit;
mod gradient_check;
mod optimizer;
mod seq2seq;
mod sequence;
pub mod threads;

pub use batched::softmax_cross_entropy;
pub use buckets::{CHUNK, fit_batched, loss_and_gradients_examples};
pub use clip::{clip_global_norm, clip_values};
pub use fit::{
    Batches, DIVERGED_ABOVE_CHANCE, Example, FitOptions, Input, diverged, fit, fit_with,
};
pub use gradient_check::{GradientCheck, GradientEntry, gradient_check};
pub use optimizer::{Adagrad, Adam, Optimizer, OptimizerKind, Sgd};
pub use seq2seq::{Pair, Seq2SeqGradients, fit_seq2seq};
pub use sequence::SequenceGradients;

/// Training went wrong in a way that would otherwise poison every later number: a loss or
/// a gradient norm that is NaN or infinite. The message says which and when.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::clip_global_norm;
/// use rnn_from_scratch::{cells::Parameters, Init, Mt19937};
///
/// let mut g = Init::Xavier.cell(2, 3, &mut Mt19937::new(0)); // a gradient shaped like the cell
/// g.parameters_mut()[1].1[1] = f64::NAN; // Wh[0, 1]
/// let err = clip_global_norm(&mut g, 5.0).unwrap_err();
/// assert_eq!(err.to_string(), "the gradient norm is NaN: a gradient is not a finite number");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainError {
    message: String,
}

impl TrainError {
    /// A training error with this message.
    ///
    /// # Examples
    ///
    /// ```
    /// let e = rnn_from_scratch::train::TrainError::new("the loss is NaN at iteration 7");
    /// assert_eq!(e.to_string(), "the loss is NaN at iteration 7");
    /// ```
    pub fn new(message: impl Into<String>) -> TrainError {
        TrainError {
            message: message.into(),
        }
    }
}

crate::linalg::message_error!(TrainError);
