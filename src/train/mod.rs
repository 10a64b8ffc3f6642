//! Training: backpropagation through time, proven gradients, optimisers, one loop.
//!
//! The notes stop at the forward pass. This chapter makes the network learn: a loss that
//! says how wrong the outputs are, its gradient with respect to every weight by
//! backpropagation through time (BPTT, derived step by step in
//! [`bptt_chapter`](crate::bptt_chapter), written out in [`RnnCell`]'s `backward`), a
//! check of those gradients against finite differences ([`gradient_check`]), and the
//! update rules that use them ([`Sgd`], [`Adagrad`], [`Adam`], with [`clip_values`] and
//! [`clip_global_norm`]).
//!
//! Three losses with their gradients, one for each way in:
//!
//! - [`SequenceModel::loss_and_gradients`]: the literal one, one sequence at a time, each
//!   cell's own `forward_cached` and `backward`, one formula a line. It is the reference.
//! - [`loss_and_gradients_examples`]: any batch of [`Example`]s (ids or rows in; one
//!   target, a target per step, or any; any lengths, grouped by length itself) through
//!   each cell's batched step ([`BatchStep`](crate::cells::BatchStep)), the notes' formula
//!   with a batch dimension, whose inputs are dense rows or token ids
//!   ([`Inputs`](crate::cells::Inputs)); the tests hold it equal to the literal one within
//!   1e-12. A character model's streams of text are such a batch: B rows of token ids,
//!   each carrying its state from chunk to chunk.
//! - [`Seq2Seq::loss_and_gradients`](crate::cells::Seq2Seq::loss_and_gradients): the
//!   encoder–decoder's, teacher-forced.
//!
//! One training loop, [`fit_with`], takes any model and any of those gradients: mini-batches,
//! the L2 penalty, clipping ([`Clip`]), the optimiser's step, the weights' moving average,
//! all set by one [`FitOptions`]. [`fit`] (a [`SequenceModel`](crate::cells::SequenceModel)
//! on examples) and [`fit_seq2seq`] are that loop with their loss; the character model
//! (`rnn char-rnn train`) and the real-data tagger give it their own.
//!
//! How the work is split between cores: [`threads`] hands whole jobs (a training, a chunk
//! of 16 examples of a mini-batch) to scoped threads, and every result is summed in the
//! jobs' order, so the weights never depend on the number of threads.
//!
//! [`SequenceModel::loss_and_gradients`]: crate::cells::SequenceModel::loss_and_gradients
//! [`RnnCell`]: crate::RnnCell

mod batched;
mod clip;
mod examples;
mod fit;
mod gradient_check;
mod optimizer;
mod seq2seq;
mod sequence;
pub mod threads;

pub(crate) use batched::batch_loss;
pub use batched::softmax_cross_entropy;
pub use clip::{clip_global_norm, clip_values};
pub(crate) use examples::in_chunks;
pub use examples::{Example, Input, loss_and_gradients_examples};
pub use fit::{Batches, Clip, DIVERGED_ABOVE_CHANCE, FitOptions, diverged, fit, fit_with};
pub use gradient_check::{GradientCheck, GradientEntry, gradient_check};
pub use optimizer::{Adagrad, Adam, Optimizer, OptimizerKind, Sgd};
pub use seq2seq::{Seq2SeqGradients, fit_seq2seq};
pub use sequence::SequenceGradients;

crate::linalg::message_error!(
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
    TrainError,
    /// A training error with this message.
    ///
    /// # Examples
    ///
    /// ```
    /// let e = rnn_from_scratch::train::TrainError::new("the loss is NaN at iteration 7");
    /// assert_eq!(e.to_string(), "the loss is NaN at iteration 7");
    /// ```
    new
);
