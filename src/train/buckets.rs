//! Sequences of different lengths in one mini-batch, by **length buckets**.
//!
//! The batched paths ([`batched_rnn`](super::batched_rnn), [`batched_lstm`](super::batched_lstm),
//! [`batched_gru`](super::batched_gru)) need one length T for the whole batch: every
//! step is one `B×E · E×Dh` product, and a row that has run out of tokens has nothing to
//! put in it. Real sentences are ragged. Two cures are common:
//!
//! - **masking** pads every sequence to the longest and multiplies the padded steps'
//!   updates by 0 (PyTorch's `pack_padded_sequence` does the bookkeeping). It wastes the
//!   padded steps' work and every formula grows a mask.
//! - **length buckets** put the sequences of one length together and run each bucket
//!   through the batched path unchanged. No step is wasted and no formula changes.
//!
//! This crate takes buckets: [`loss_and_gradients_buckets`] groups the batch by length
//! (shortest first, each bucket in the batch's order), runs each bucket as one batch, and
//! adds the buckets' losses and gradients in that order. Because the loss of a batch is
//! the sum of its sequences' losses, the result is the sum of the B separate runs,
//! within rounding (`tests/batch.rs` checks 1e-12), whatever the lengths. A batch of one
//! length is one bucket, the batched path itself.

use super::{SequenceGradients, add_into};
use crate::cells::{Cell, Embedded, GruCell, LstmCell, RnnCell, SequenceModel};
use crate::linalg::ShapeError;

/// A cell with a batched path: many-to-one, embedded input, one length per batch.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{Embedded, Embedding, LstmCell, SequenceModel};
/// use rnn_from_scratch::train::BatchedCell;
/// use rnn_from_scratch::Mt19937;
///
/// let mut rng = Mt19937::new(0);
/// let cell = Embedded::new(Embedding::init(10, 3, &mut rng), LstmCell::init(3, 4, &mut rng))?;
/// let model = SequenceModel::with_softmax(cell, 2, &mut rng);
/// let (loss, _) = LstmCell::loss_and_gradients_batch(&model, &[vec![1, 2], vec![3, 4]], &[0, 1])?;
/// assert!(loss > 0.0);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub trait BatchedCell: Cell + Sized {
    /// The summed loss and gradients of a batch of sequences of one length, each
    /// labelled at its last step: the cell's `SequenceModel::loss_and_gradients_batch`.
    ///
    /// # Errors
    ///
    /// As the batched path's: an empty or ragged batch, a label count other than B, an
    /// id ≥ V or a label ≥ the number of classes.
    ///
    /// # Examples
    ///
    /// See [the trait](BatchedCell).
    #[allow(clippy::type_complexity)]
    fn loss_and_gradients_batch(
        model: &SequenceModel<Embedded<Self>>,
        ids: &[Vec<usize>],
        labels: &[usize],
    ) -> Result<(f64, SequenceGradients<Embedded<Self>>), ShapeError>;
}

/// One line per cell with a batched path.
macro_rules! batched_cells {
    ($($cell:ty),* $(,)?) => {$(
        impl BatchedCell for $cell {
            fn loss_and_gradients_batch(
                model: &SequenceModel<Embedded<Self>>,
                ids: &[Vec<usize>],
                labels: &[usize],
            ) -> Result<(f64, SequenceGradients<Embedded<Self>>), ShapeError> {
                model.loss_and_gradients_batch(ids, labels)
            }
        }
    )*};
}

batched_cells!(RnnCell, LstmCell, GruCell);

/// The summed loss and gradients of B sequences of any lengths, each labelled at its
/// last step: one batched run per length (see [the module docs](self)).
///
/// | | shape |
/// |---|---|
/// | `ids[k]` | Tₖ token ids, each below V |
/// | `labels` | B classes, each below the output size |
/// | each bucket's step | `Bₗ×E · E×Dh`, Bₗ the sequences of length l |
///
/// # Errors
///
/// Checked on the whole batch first, so every message names the sequence's place in
/// `ids`: no sequences, a label count other than B, an empty sequence, an id ≥ V
/// (`sequence 3: …`) or a label ≥ the number of classes
/// (`batch: label 5 of sequence 2 is not a class: …`).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{one_hot, Embedded, Embedding, GruCell, SequenceModel};
/// use rnn_from_scratch::train::loss_and_gradients_buckets;
/// use rnn_from_scratch::Mt19937;
///
/// let mut rng = Mt19937::new(0);
/// let cell = Embedded::new(Embedding::init(20, 4, &mut rng), GruCell::init(4, 6, &mut rng))?;
/// let model = SequenceModel::with_softmax(cell, 2, &mut rng);
/// let ids = vec![vec![3, 1, 4, 1], vec![5, 9], vec![2, 6, 5, 3]]; // lengths 4, 2, 4
/// let (loss, _) = loss_and_gradients_buckets(&model, &ids, &[1, 0, 1])?;
/// let separate = ids.iter().zip([1, 0, 1]).map(|(s, y)| (one_hot(s, 20), vec![(s.len() - 1, y)]));
/// let (want, _) = model.loss_and_gradients_sum(separate, &model.zero_state()).map_err(|(_, e)| e)?;
/// assert!((loss - want).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[allow(clippy::type_complexity)]
pub fn loss_and_gradients_buckets<C: BatchedCell>(
    model: &SequenceModel<Embedded<C>>,
    ids: &[Vec<usize>],
    labels: &[usize],
) -> Result<(f64, SequenceGradients<Embedded<C>>), ShapeError> {
    if ids.is_empty() {
        return Err(ShapeError::new(
            "batch: a batch needs at least one sequence",
        ));
    }
    if labels.len() != ids.len() {
        return Err(ShapeError::new(format!(
            "batch: {} sequences need {} labels, got {}",
            ids.len(),
            ids.len(),
            labels.len()
        )));
    }
    let classes = model.output().output_size();
    for (k, (s, &y)) in ids.iter().zip(labels).enumerate() {
        if s.is_empty() {
            return Err(ShapeError::new(format!(
                "batch: sequence {k} has no tokens; a sequence needs at least one"
            )));
        }
        model
            .cell()
            .embedding()
            .lookup(s)
            .map_err(|err| err.in_context(&format!("sequence {k}")))?;
        if y >= classes {
            return Err(ShapeError::new(format!(
                "batch: label {y} of sequence {k} is not a class: the output has {classes}, \
                 so labels must be below {classes}"
            )));
        }
    }

    // The buckets: the places in `ids` of each length, shortest length first.
    let mut lengths: Vec<usize> = ids.iter().map(Vec::len).collect();
    lengths.sort_unstable();
    lengths.dedup();
    let mut total: Option<(f64, SequenceGradients<Embedded<C>>)> = None;
    for length in lengths {
        let places: Vec<usize> = (0..ids.len()).filter(|&k| ids[k].len() == length).collect();
        let bucket_ids: Vec<Vec<usize>> = places.iter().map(|&k| ids[k].clone()).collect();
        let bucket_labels: Vec<usize> = places.iter().map(|&k| labels[k]).collect();
        let (loss, g) = C::loss_and_gradients_batch(model, &bucket_ids, &bucket_labels)?;
        total = Some(match total {
            None => (loss, g),
            Some((sum, mut sum_g)) => {
                add_into(&mut sum_g, &g); //            the weights' gradients
                sum_g.state0 += &g.state0; //           and the initial state's
                (sum + loss, sum_g)
            }
        });
    }
    Ok(total.expect("a batch of at least one sequence has at least one length"))
}
