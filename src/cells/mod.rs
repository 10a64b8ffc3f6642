//! The cells: what a recurrent layer computes at one timestep, and what every cell
//! provides.
//!
//! This layer sits on [`linalg`](crate::linalg) and on nothing else. It holds the notes'
//! formulas and the cells that extend them, each with its backward pass next to its
//! forward pass:
//!
//! | file | what |
//! |---|---|
//! | `cell.rs` | [`Cell`], the contract: sizes, forward over a sequence, backward |
//! | `parameters.rs` | [`Parameters`]: every weight array by the notes' name, with its shape |
//! | `gate.rs` | [`Gate`], the affine part Wx·Iₜ + Wh·hₜ₋₁ + b |
//! | `rnn/` | [`RnnCell`], hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b): the literal step in `mod.rs`, the batched one in `batched.rs` |
//! | `output.rs` | [`OutputLayer`], Oₜ = f(Wy·hₜ + by), and [`Activation`] |
//! | `tokens.rs` | a token id in ([`one_hot`]) and out ([`greedy`], [`sample`]) |
//! | `lstm/`, `gru/` | [`LstmCell`], [`GruCell`], each as `rnn/` is: literal and batched side by side |
//! | `batch.rs` | [`BatchStep`]: one step of B rows at once, whose input is dense rows or token ids ([`Inputs`]) |
//! | `stacked.rs` | [`Stacked`] and [`Bidirectional`]: cells built out of cells |
//! | `dropout.rs` | [`Dropout`] (드롭아웃): masks that zero a share of a layer's values while training |
//! | `embedding.rs` | [`Embedding`], a V×E table (임베딩), and [`Embedded`], one under any cell |
//! | `init.rs` | where the weights come from: [`Init`] |
//! | `model.rs` | [`SequenceModel`]: a cell and its output layer |
//! | `registry.rs` | [`CellKind`] and [`AnyCell`]: the one table of cells by name |
//! | `seq2seq.rs` | [`Seq2Seq`]: an encoder and a decoder (인코더–디코더) |
//! | `attention.rs` | [`Attention`]: the decoder looking back at every encoder state |
//!
//! Training (the loss, BPTT over a whole model, optimisers) is one layer up, in
//! [`train`](crate::train).

mod attention;
mod batch;
mod cell;
mod dropout;
mod embedding;
mod gate;
mod gru;
mod init;
mod lstm;
pub(crate) mod model;
mod output;
pub(crate) mod parameters;
mod registry;
mod rnn;
mod seq2seq;
mod stacked;
mod tokens;

pub use attention::{Attention, AttentionStep};
pub use batch::{BatchStep, Inputs, KeptInputs};
pub use cell::Cell;
pub use dropout::Dropout;
pub(crate) use embedding::check_ids;
pub use embedding::{Embedded, Embedding};
pub use gate::Gate;
pub use gru::{GruBatchCache, GruCache, GruCell};
pub use init::Init;
pub use lstm::{LstmBatchCache, LstmCache, LstmCell};
pub use model::SequenceModel;
pub(crate) use output::check_targets;
pub use output::{Activation, OutputLayer, log_sum_exp, sigmoid, softmax};
pub(crate) use parameters::zeros_like;
pub use parameters::{Parameters, add_into};
pub use registry::{AnyBatchCache, AnyCache, AnyCell, CellKind};
pub use rnn::{RnnBatchCache, RnnCell};
pub use seq2seq::Seq2Seq;
pub(crate) use seq2seq::tokens;
pub use stacked::{Bidirectional, Stacked};
pub use tokens::{greedy, one_hot, sample};

/// A character model: any registered cell with a softmax output, d = V one-hot inputs.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, CharModel};
/// use rnn_from_scratch::Mt19937;
///
/// let model = CharModel::for_characters(CellKind::Lstm, 5, 8, &mut Mt19937::new(0));
/// assert_eq!(model.cell().input_size(), 5); // d = V: one-hot characters
/// ```
pub type CharModel = SequenceModel<AnyCell>;

/// A classifier of token ids: an embedding (V×E), any registered cell reading its E
/// values, and a softmax over the classes from the last hidden state (the reviews' model,
/// [`programs::uses::reviews`](crate::programs::uses::reviews)).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{Cell, CellKind, Classifier};
/// use rnn_from_scratch::Mt19937;
///
/// let model = Classifier::for_ids(CellKind::Lstm, 50, 8, 16, 2, &mut Mt19937::new(0));
/// assert_eq!((model.cell().input_size(), model.output().output_size()), (50, 2)); // d = V ids
/// ```
pub type Classifier = SequenceModel<Embedded<AnyCell>>;
