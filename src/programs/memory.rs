//! Memory known before it is spent: every program estimates, from the sizes it is asked
//! for, the bytes its arrays will take, and refuses a request the machine cannot hold
//! with a message that names the estimate and the flag to lower, instead of being killed
//! halfway by the operating system.
//!
//! The estimates count the `f64` arrays (8 bytes a value) that grow with the sizes: the
//! weights and what training keeps beside them, the per-step caches, the text. They are
//! estimates, within a factor of about two; the limit and the check are in
//! [`io::memory`](crate::io::memory): what the machine says it has free.

use crate::cells::CellKind;
use crate::programs::uses::frame::Need;

/// The notes' program: the inputs (timesteps × d), every hidden state twice (the list
/// and the stacked matrix), and Wx, Wh, b; with what they are and the flags that lower them.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::memory::notes_program;
/// assert_eq!(notes_program(10, 4, 8).0, 8 * (10 * 4 + 2 * 10 * 8 + 8 * 4 + 8 * 8 + 8));
/// ```
pub fn notes_program(timesteps: usize, input_size: usize, hidden_size: usize) -> Need {
    let (t, d, dh) = (timesteps as u128, input_size as u128, hidden_size as u128);
    let bytes = 8 * (t * d + 2 * t * dh + dh * d + dh * dh + dh);
    let what = "the inputs, the weights and every hidden state";
    (bytes, what, "--timesteps, --input-size or --hidden-size")
}

/// Training a character model of `kind` (d = V = `vocab_size`, Dh = `hidden_size`) on
/// `streams` streams of chunks of `seq_len`: the weights and two optimiser arrays (Adam's
/// moments; Adagrad has one), a gradient per stream (and their mean, with more than one),
/// and per stream and step what the backward pass keeps: each gate's values, the states
/// hₜ (and cₜ), the gradient flowing back, the one-hot input and the output probabilities.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::memory::char_training;
///
/// // min-char-rnn's sizes take about a megabyte
/// assert!(char_training(CellKind::Rnn, 76, 100, 25, 1) < 1 << 20);
/// // 100000 steps of Dh = 4096: gigabytes (the steps' states, 100000 × 4096 values each)
/// assert!(char_training(CellKind::Rnn, 76, 4096, 100_000, 1) > 8 << 30);
/// // and 8 streams of them, 8 times that
/// assert!(char_training(CellKind::Rnn, 76, 4096, 100_000, 8) > 64 << 30);
/// ```
pub fn char_training(
    kind: CellKind,
    vocab_size: usize,
    hidden_size: usize,
    seq_len: usize,
    streams: usize,
) -> u128 {
    let [v, dh, t, b] = [vocab_size, hidden_size, seq_len, streams].map(|x| x as u128);
    let weights = kind.num_parameters(vocab_size, hidden_size) + v * dh + v;
    // Each gate has a Wh (Dh×Dh) and a b (Dh): with d = 0 and Dh = 1, two values a gate.
    let gates = kind.num_parameters(0, 1) / 2;
    let per_step = (gates + 2) * dh + 2 * v;
    let gradients = if b > 1 { b + 1 } else { 1 };
    8 * ((3 + gradients) * weights + b * t * per_step)
}

/// A text of `bytes` bytes read for training: the text, and one index (8 bytes) per
/// character.
///
/// # Examples
///
/// ```
/// assert_eq!(rnn_from_scratch::programs::memory::text(1000), 9000);
/// ```
pub fn text(bytes: u64) -> u128 {
    9 * bytes as u128
}

/// Training a recurrent model of `kind` through the batched path: `layers` layers of
/// Dh = `hidden_size` over inputs of `input_size` values, an output layer of
/// `output_size`, `rows` sequences of up to `timesteps` steps in flight on each of
/// `threads` threads. Counted: the weights, the optimiser's two arrays and a gradient per
/// thread; per row, step and layer what the backward pass keeps (each gate's values, hₜ
/// and cₜ, the input and the output probabilities).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::memory::sequence_training;
///
/// // The review classifier's sizes: a few megabytes
/// assert!(sequence_training(CellKind::Lstm, 64, 128, 2, 140, 32, 1, 2) < 64 << 20);
/// // One review of 60 million characters: far more than a machine has
/// assert!(sequence_training(CellKind::Lstm, 64, 128, 2, 60_000_000, 1, 1, 2) > 100 << 30);
/// ```
#[allow(clippy::too_many_arguments)] // each is one size of the model or its batches
pub fn sequence_training(
    kind: CellKind,
    input_size: usize,
    hidden_size: usize,
    output_size: usize,
    timesteps: usize,
    rows: usize,
    layers: usize,
    threads: usize,
) -> u128 {
    let [d, dh, v, t] = [input_size, hidden_size, output_size, timesteps].map(|x| x as u128);
    let [b, l, n] = [rows, layers, threads].map(|x| x as u128);
    let layer = |d: usize| kind.num_parameters(d, hidden_size);
    let weights = layer(input_size) + l.saturating_sub(1) * layer(hidden_size) + v * dh + v;
    let gates = kind.num_parameters(0, 1) / 2;
    let per_step = l * (gates + 2) * dh + d + v;
    8 * ((3 + n) * weights + n * b * t * per_step)
}
