//! What the three batched paths ([`batched_rnn`](super::batched_rnn),
//! [`batched_lstm`](super::batched_lstm), [`batched_gru`](super::batched_gru)) share: the
//! batch's check, the embedding's lookup and its gradient, a transpose. Row t·B + b of
//! every per-step array belongs to sequence b at step t.

use crate::cells::Embedding;
use crate::linalg::{Matrix, ShapeError};

/// A batch of token ids checked where it enters: not empty, one label per sequence,
/// every sequence at least one token long and every id a row of `embedding`, each
/// message naming the sequence's place in `ids`. Lengths may differ (the buckets' case).
pub(crate) fn check_ids(
    embedding: &Embedding,
    ids: &[Vec<usize>],
    labels: &[usize],
) -> Result<(), ShapeError> {
    let b = ids.len();
    if b == 0 {
        return Err(ShapeError::new(
            "batch: a batch needs at least one sequence",
        ));
    }
    if labels.len() != b {
        return Err(ShapeError::new(format!(
            "batch: {b} sequences need {b} labels, got {}",
            labels.len()
        )));
    }
    for (k, s) in ids.iter().enumerate() {
        if s.is_empty() {
            return Err(ShapeError::new(format!(
                "batch: sequence {k} has no tokens; a sequence needs at least one"
            )));
        }
        embedding
            .lookup(s)
            .map_err(|err| err.in_context(&format!("sequence {k}")))?;
    }
    Ok(())
}

/// [`check_ids`], and every sequence of one length, as one batched run needs. Returns
/// (B, timesteps).
pub(crate) fn check_batch(
    embedding: &Embedding,
    ids: &[Vec<usize>],
    labels: &[usize],
) -> Result<(usize, usize), ShapeError> {
    check_ids(embedding, ids, labels)?;
    let timesteps = ids[0].len();
    if let Some(k) = ids.iter().position(|s| s.len() != timesteps) {
        return Err(ShapeError::new(format!(
            "batch: every sequence must have {timesteps} tokens like sequence 0, sequence {k} has {}",
            ids[k].len()
        )));
    }
    Ok((ids.len(), timesteps))
}

/// Xₜ (B×E): row b is E[idₜ] of sequence b, copied from the table (`table` V×E,
/// row-major).
pub(crate) fn gather_rows(x_t: &mut [f64], table: &[f64], ids: &[Vec<usize>], t: usize) {
    let e = x_t.len() / ids.len();
    for (row, s) in x_t.chunks_exact_mut(e).zip(ids) {
        row.copy_from_slice(&table[s[t] * e..(s[t] + 1) * e]);
    }
}

/// ∂L/∂E (V×E) from ∂L/∂Xₜ of every step (T·B×E): each step's row b is added to the
/// table row that was read, E[idₜ of b]; no other row is touched.
pub(crate) fn embedding_gradient(dxs: &[f64], ids: &[Vec<usize>], v: usize) -> Matrix {
    let b = ids.len();
    let e = dxs.len() / (b * ids[0].len());
    let mut d_table = Matrix::zeros(v, e);
    for (k, dx) in dxs.chunks_exact(e).enumerate() {
        let (t, r) = (k / b, k % b);
        for (d, x) in d_table.row_mut(ids[r][t]).iter_mut().zip(dx) {
            *d += x;
        }
    }
    d_table
}

/// A row-major rows × cols matrix, transposed (cols × rows).
pub(crate) fn transposed(m: &[f64], rows: usize, cols: usize) -> Vec<f64> {
    let mut t = vec![0.0; m.len()];
    for i in 0..rows {
        for j in 0..cols {
            t[j * rows + i] = m[i * cols + j];
        }
    }
    t
}
