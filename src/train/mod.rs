//! Training: backpropagation through time, proven gradients, optimisers.
//!
//! The notes stop at the forward pass. This chapter makes the network learn: a loss that
//! says how wrong the outputs are ([`Rnn::loss_and_gradients`]), its gradient with respect
//! to every weight by backpropagation through time (BPTT, derived step by step in
//! [`bptt_chapter`](crate::bptt_chapter)), a check of those gradients against finite
//! differences ([`gradient_check`]), and the update rules that use them ([`Sgd`],
//! [`Adagrad`], [`Adam`], with [`clip_values`] and [`clip_global_norm`]).
//!
//! [`fast`], [`fast_lstm`] and [`fast_gru`] hold the same computation rewritten for speed,
//! for the character models of `rnn char-rnn train --cell rnn|lstm|gru`; tests prove each
//! equal to the literal path within 1e-12. [`batched_rnn`], [`batched_lstm`] and
//! [`batched_gru`] train a mini-batch of sequences through a cell at once ([`BatchStep`],
//! alone or in a bidirectional pair, many-to-one or with a tag at every step:
//! [`loss_and_gradients_tagged`]), the notes' formula with a batch dimension; [`buckets`]
//! lets one batch hold sequences of different lengths.
//!
//! How the work is split between cores: [`threads`] hands whole jobs (a training, a chunk
//! of a mini-batch) to scoped threads; a character model's steps are too short for that,
//! so [`char_rnn::Trainer::with_streams`] keeps a [`crew`] of threads for the whole
//! training, each computing its fixed share of the streams of text at every step. Either
//! way every result is summed in a fixed order, so the weights never depend on the number
//! of threads.

mod batch;
mod batched;
pub mod batched_gru;
pub mod batched_lstm;
pub mod batched_rnn;
mod bptt;
pub mod buckets;
pub mod char_rnn;
mod clip;
pub mod crew;
pub mod fast;
pub mod fast_gru;
pub mod fast_lstm;
mod fit;
mod gradient_check;
mod kernels;
mod optimizer;
mod seq2seq;
mod sequence;
pub mod threads;

pub use batched::{AnyTape, BatchStep, loss_and_gradients_rows, loss_and_gradients_tagged};
pub use bptt::{Gradients, Rnn};
pub use buckets::{
    BatchedCell, fit_batched, fit_buckets, fit_ids, fit_tagged, loss_and_gradients_buckets,
    loss_and_gradients_tagged_buckets,
};
pub use clip::{clip_global_norm, clip_values};
pub(crate) use fit::{Batches, fit_planned};
pub use fit::{Example, FitOptions, fit, fit_observed};
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
/// use rnn_from_scratch::train::{clip_global_norm, Gradients};
///
/// let mut g = Gradients::zeros(2, 3, 4);
/// g.wh[(0, 1)] = f64::NAN;
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
