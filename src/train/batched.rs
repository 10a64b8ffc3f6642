//! The one body of every batched loss ([`batch_loss`]: B sequences of one length through
//! the cell's [`BatchStep`], each from its own state or from zero, with or without
//! dropout), and the one fast softmax cross-entropy of every batched path
//! ([`softmax_cross_entropy`]). Row t·B + b of every per-step array belongs to sequence b
//! at step t.

use super::SequenceGradients;
use crate::cells::{BatchStep, Dropout, Inputs, OutputLayer, SequenceModel, check_targets};
use crate::linalg::ShapeError;
use crate::linalg::elementary::{exp, ln};
use crate::linalg::kernels::{add_matmul, add_matvec, add_outer_products, axpy};

/// The summed loss and gradients of a batch of B sequences of one length through the
/// cell's batched step, each sequence's state after its last step (B × the state), and
/// ∂L/∂Xₜ of the inputs as given (T·B×d, [`BatchStep::backward_rows`]'s; the real-data
/// tagger adds it into the rows of its pieces):
/// the targets are (row, class) pairs, row t·B + b for sequence b at step t. Each sequence
/// starts from its row of `state0` (B × the state; `None`: from zero).
///
/// With `dropout` (the rate and seed, and each sequence's place in the training set), a
/// mask per sequence drops the recurrent layer's inputs (X̃ₜ = Xₜ ⊙ m, by the cell:
/// [`BatchStep::forward_rows_dropped`], which starts from zero) and another its outputs on
/// their way to the softmax (h̃ₜ = hₜ ⊙ m′), the same masks at every step.
#[allow(clippy::type_complexity)]
pub(crate) fn batch_loss<C: BatchStep>(
    model: &SequenceModel<C>,
    inputs: Inputs,
    (b, timesteps): (usize, usize),
    targets: &[(usize, usize)],
    state0: Option<&[f64]>,
    dropout: Option<(&Dropout, &[usize])>,
) -> Result<(f64, SequenceGradients<C>, Vec<f64>, Vec<f64>), ShapeError> {
    let cell = model.cell();
    let widths = [cell.dropped_width(), cell.hidden_size()];
    let masks = dropout.map(|(dropout, keys)| dropout.masks(keys, &widths));
    let (mut hs, cache) = match &masks {
        None => cell.forward_rows(inputs, b, timesteps, state0),
        Some(masks) => cell.forward_rows_dropped(inputs, b, timesteps, &masks[0]),
    };
    let drop_outputs = |rows: &mut Vec<f64>| {
        if let Some(masks) = &masks {
            Dropout::apply(rows, &masks[1], widths[1]);
        }
    };
    drop_outputs(&mut hs); //                                       h̃ₜ = hₜ ⊙ m′
    let (loss, output, mut dhs) = softmax_cross_entropy(model.output(), &hs, targets)?;
    drop_outputs(&mut dhs); //                                      ∂L/∂hₜ = ∂L/∂h̃ₜ ⊙ m′
    let (d_cell, state0, mut dxs) = cell.backward_rows(&cache, &dhs);
    if let Some(masks) = &masks {
        Dropout::apply(&mut dxs, &masks[0], widths[0]); //          ∂L/∂Xₜ = ∂L/∂X̃ₜ ⊙ m
    }
    let gradients = SequenceGradients {
        cell: d_cell,
        output,
        state0,
    };
    Ok((loss, gradients, cell.last_state(&cache), dxs))
}

/// The output layer's softmax cross-entropy on chosen rows of `hs` (N×Dh, row-major),
/// and its backward pass: the one every batched path and the character model use.
/// `targets` lists (row, class) pairs. Returns the loss (nats), the gradient of Wy and by
/// (as a layer), and ∂L/∂hᵣ for every row of `hs` (zero where no target reads it).
///
/// ```text
/// zᵣ   = Wy·hᵣ + by                    V
/// L   += ln Σᵢ e^(zᵣ,ᵢ) − zᵣ[y]         −ln softmax(zᵣ)[y]
/// dz   = softmax(zᵣ) − onehot(y)       V
/// dWy  = Σ dz·hᵣᵀ    dby = Σ dz        V×Dh, V
/// dhᵣ  = Wyᵀ·dz                        Dh
/// ```
///
/// Its literal reference, one vector at a time, is [`OutputLayer::cross_entropy`]. Written
/// for speed: the rows read are gathered first, so that dWy is one sum of outer products
/// and Wyᵀ·dz one product walking Wy's rows, both after the loop (`kernels.rs`).
///
/// # Errors
///
/// As [`OutputLayer::cross_entropy`]: a row past the end of `hs`, a class ≥ V, or `hs` of
/// another width than Dh.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Activation, Matrix, Mt19937, OutputLayer, Vector};
/// use rnn_from_scratch::train::softmax_cross_entropy;
///
/// let mut rng = Mt19937::new(0);
/// let output = OutputLayer::new(Matrix::random(4, 3, &mut rng), Vector::zeros(4), Activation::Softmax)?;
/// let hs = Matrix::random(2, 3, &mut rng);
/// let (fast, g, dhs) = softmax_cross_entropy(&output, hs.as_slice(), &[(1, 2), (0, 3)])?;
/// let (literal, lg, ldhs) = output.cross_entropy(&hs, &[(1, 2), (0, 3)])?;
/// assert!((fast - literal).abs() < 1e-12);
/// assert!((g.wy()[(2, 1)] - lg.wy()[(2, 1)]).abs() < 1e-12);
/// assert!((dhs[4] - ldhs[(1, 1)]).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub fn softmax_cross_entropy(
    output: &OutputLayer,
    hs: &[f64],
    targets: &[(usize, usize)],
) -> Result<(f64, OutputLayer, Vec<f64>), ShapeError> {
    let (v, dh) = (output.output_size(), output.hidden_size());
    if dh == 0 || !hs.len().is_multiple_of(dh) {
        return Err(ShapeError::new(format!(
            "hidden states must be rows of Dh = {dh} values, got {} values",
            hs.len()
        )));
    }
    check_targets(targets, hs.len() / dh, v)?;
    let (wy, by) = (output.wy().as_slice(), output.by().as_slice());
    let n = targets.len();
    let mut h_read = Vec::with_capacity(n * dh);
    for &(t, _) in targets {
        h_read.extend_from_slice(&hs[t * dh..(t + 1) * dh]);
    }
    let mut dz = vec![0.0; n * v];
    let mut loss = 0.0;
    for (k, &(_, y)) in targets.iter().enumerate() {
        let z = &mut dz[k * v..(k + 1) * v];
        z.copy_from_slice(by); //                           by
        add_matvec(z, wy, dh, &h_read[k * dh..(k + 1) * dh]); // zᵣ = Wy·hᵣ + by
        let max = z.iter().fold(f64::NEG_INFINITY, |m, &z| m.max(z));
        let z_y = z[y] - max;
        let mut sum = 0.0;
        for z in z.iter_mut() {
            *z = exp(*z - max); //                           e^(zᵢ − max)
            sum += *z;
        }
        loss += ln(sum) - z_y; //                            ln Σᵢ e^(zᵢ − max) − (z_y − max)
        for z in z.iter_mut() {
            *z /= sum; //                                    softmax(zᵣ)
        }
        z[y] -= 1.0; //                                      dz = softmax(zᵣ) − onehot(y)
    }
    // A gradient, not weights: the layer's arrays overwritten, without `new`'s finiteness
    // check, so that an overflow reaches the clipping, which names it.
    let mut gradient = output.clone();
    let (dwy, dby) = (gradient.wy.as_mut_slice(), gradient.by.as_mut_slice());
    dwy.fill(0.0);
    add_outer_products(dwy, &dz, &h_read, v, dh); //          dWy = Σ dz·hᵣᵀ
    dby.fill(0.0);
    for row in dz.chunks_exact(v) {
        axpy(dby, 1.0, row); //                              dby = Σ dz
    }
    let mut dh_read = vec![0.0; n * dh];
    add_matmul(&mut dh_read, &dz, wy, v, dh); //             Wyᵀ·dz, every row at once
    let mut dhs = vec![0.0; hs.len()];
    for (k, &(t, _)) in targets.iter().enumerate() {
        axpy(
            &mut dhs[t * dh..(t + 1) * dh],
            1.0,
            &dh_read[k * dh..(k + 1) * dh],
        );
    }
    Ok((loss, gradient, dhs))
}
