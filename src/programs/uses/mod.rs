//! The notes' three shapes of use, trained: [`reviews`] (many-to-one, 다 대 일, real Korean
//! movie reviews) and [`sentiment`] (the same on generated reviews, where negation makes
//! word order matter); [`tagging`] (many-to-many, 다 대 다); [`digit_captions`]
//! (one-to-many, 일 대 다, real handwritten digits); [`translation`] (input and output of
//! different lengths, the encoder–decoder), on the rule of [`numbers`]; and
//! [`bag_of_words`], the baseline that ignores word order.
//!
//! Every generator is seeded and its grammar is in its source, visible: the data is as
//! much a part of the lesson as the model.

pub mod bag_of_words;
pub mod chatbot;
pub mod digit_captions;
pub mod frame;
pub mod numbers;
pub mod reviews;
pub mod sentiment;
pub mod spam;
pub mod tagger;
pub mod tagging;
pub mod translation;
pub mod treebank;
pub mod two_way;

use crate::cells::{CellKind, one_hot};
use crate::io::text::Vocabulary;
use crate::linalg::Matrix;
use crate::train::{FitOptions, TrainError};

/// How the three programs make and train their model: which cell, its Dh, how many
/// epochs, and the seed of the data and the weights.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::uses::Training;
///
/// let training = Training { cell: CellKind::Lstm, epochs: 40, ..Training::default() };
/// assert_eq!((training.hidden, training.fit_options().batch), (16, 8));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Training {
    /// The cell, from the registry.
    pub cell: CellKind,
    /// Dh.
    pub hidden: usize,
    /// Passes over the training data.
    pub epochs: usize,
    /// The seed of the data (which sentences are held out) and of the weights.
    pub seed: u32,
    /// Threads sharing each mini-batch (the figures are the same for any number).
    pub threads: usize,
    /// Examples per mini-batch (one optimiser step each).
    pub batch: usize,
    /// `Some(E)`: the words enter through a V×E embedding table
    /// ([`Embedding`](crate::cells::Embedding), d = E)
    /// instead of as one-hot vectors (d = V).
    pub embedding: Option<usize>,
}

impl Default for Training {
    /// An RNN with Dh = 16, 40 epochs, seed 0, mini-batches of 8.
    fn default() -> Training {
        Training {
            cell: CellKind::Rnn,
            hidden: 16,
            epochs: 40,
            seed: 0,
            threads: 1,
            batch: 8,
            embedding: None,
        }
    }
}

impl Training {
    /// How [`fit`](crate::train::fit) trains: [`FitOptions::default`] (Adam, lr 0.01, the
    /// global norm of the gradient clipped to 5) with these epochs, mini-batches of
    /// `self.batch` (8 by default) and threads.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::Training;
    /// use rnn_from_scratch::train::Clip;
    /// let fit = Training::default().fit_options();
    /// assert_eq!((fit.epochs, fit.learning_rate, fit.clip), (40, 0.01, Clip::Norm(5.0)));
    /// ```
    pub fn fit_options(&self) -> FitOptions {
        FitOptions {
            epochs: self.epochs,
            batch: self.batch,
            threads: self.threads,
            ..FitOptions::default()
        }
    }

    /// What training with these settings holds in memory
    /// ([`memory::sequence_training`](crate::programs::memory::sequence_training) with this
    /// cell, batch and threads): the weights of `layers` layers reading d values into Dh
    /// with `outputs` outputs, and each thread's batch of `timesteps` steps.
    pub fn states(&self, [d, dh, outputs, timesteps, layers]: [usize; 5]) -> u128 {
        let (cell, batch, threads) = (self.cell, self.batch, self.threads);
        crate::programs::memory::sequence_training(
            cell, d, dh, outputs, timesteps, batch, layers, threads,
        )
    }
}
/// The vocabulary of generated sentences: every word, in order of first sight.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::word_vocabulary;
/// let vocab = word_vocabulary(&[vec!["not".to_string(), "good".to_string(), "not".to_string()]]);
/// assert_eq!((vocab.len(), vocab.token(1).as_str()), (2, "good"));
/// ```
pub fn word_vocabulary(sentences: &[Vec<String>]) -> Vocabulary<String> {
    Vocabulary::counted(sentences.iter().flatten().cloned(), |_, _| true)
}

/// The ids of `words`, each a word of the generated sentences `vocab` was made from.
///
/// # Panics
///
/// If a word is not in `vocab`.
#[track_caller]
pub(crate) fn word_ids(vocab: &Vocabulary<String>, words: &[String]) -> Vec<usize> {
    let id = |w: &String| {
        vocab
            .index_of(w)
            .unwrap_or_else(|| panic!("{w:?} is not in the vocabulary"))
    };
    words.iter().map(id).collect()
}

/// The one-hot rows of `words` (timesteps × V): the input of a model without an embedding.
#[track_caller]
pub(crate) fn one_hot_words(vocab: &Vocabulary<String>, words: &[String]) -> Matrix {
    one_hot(&word_ids(vocab, words), vocab.len())
}

pub(crate) fn fit_shuffled<C: crate::cells::BatchStep>(
    model: &mut crate::cells::SequenceModel<C>,
    examples: &[crate::train::Example],
    options: &crate::train::FitOptions,
    rng: &mut crate::linalg::Mt19937,
    on_epoch: impl FnMut(usize, f64),
) -> Result<(), TrainError> {
    let plan = crate::train::Batches::shuffled();
    crate::train::fit(model, examples, options, 0.0, rng, plan, on_epoch)
}

/// A trained model whose forward pass overflows f64 on held-out data: its weights are
/// finite but huge, the mark of a learning rate far too large. Named, never a panic.
pub(crate) fn overflowed(e: &crate::linalg::ShapeError) -> TrainError {
    TrainError::new(format!(
        "the trained model cannot be evaluated: {e}; training diverged: try a smaller learning rate"
    ))
}
