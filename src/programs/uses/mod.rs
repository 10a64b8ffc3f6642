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
pub mod digit_captions;
pub mod numbers;
pub mod reviews;
pub mod sentiment;
pub mod tagging;
pub mod translation;
pub mod treebank;

use crate::cells::{CellKind, one_hot};
use crate::train::{FitOptions, OptimizerKind, TrainError};

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
    /// How [`fit`](crate::train::fit) trains: Adam (lr 0.01), mini-batches of
    /// `self.batch` (8 by default), the global norm of the gradient clipped to 5.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::Training;
    /// let fit = Training::default().fit_options();
    /// assert_eq!((fit.epochs, fit.learning_rate, fit.clip), (40, 0.01, 5.0));
    /// ```
    pub fn fit_options(&self) -> FitOptions {
        FitOptions {
            epochs: self.epochs,
            batch: self.batch,
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.01,
            clip: 5.0,
            threads: self.threads,
        }
    }
}
use crate::linalg::Matrix;

/// A vocabulary of words (not characters), in first-seen order.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::WordVocabulary;
/// let vocab = WordVocabulary::from_sentences(&[vec!["not".to_string(), "good".to_string()]]);
/// assert_eq!(vocab.word(1), "good");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WordVocabulary {
    words: Vec<String>,
}

impl WordVocabulary {
    /// Every distinct word of `sentences`, in the order first seen.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::WordVocabulary;
    ///
    /// let vocab = WordVocabulary::from_sentences(&[vec!["not".to_string(), "good".to_string()], vec!["good".to_string()]]);
    /// assert_eq!(vocab.len(), 2);
    /// assert_eq!(vocab.index("good"), Some(1));
    /// ```
    pub fn from_sentences(sentences: &[Vec<String>]) -> WordVocabulary {
        let mut words: Vec<String> = Vec::new();
        for w in sentences.iter().flatten() {
            if !words.contains(w) {
                words.push(w.clone());
            }
        }
        WordVocabulary { words }
    }

    /// The number of words.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::WordVocabulary;
    /// let vocab = WordVocabulary::from_sentences(&[vec!["not".to_string(), "good".to_string()]]);
    /// assert_eq!(vocab.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// `true` if there are no words.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::WordVocabulary;
    /// let vocab = WordVocabulary::from_sentences(&[vec!["not".to_string(), "good".to_string()]]);
    /// assert!(!vocab.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The index of `word`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::WordVocabulary;
    /// let vocab = WordVocabulary::from_sentences(&[vec!["not".to_string(), "good".to_string()]]);
    /// assert_eq!((vocab.index("not"), vocab.index("bad")), (Some(0), None));
    /// ```
    pub fn index(&self, word: &str) -> Option<usize> {
        self.words.iter().position(|w| w == word)
    }

    /// The word with index i.
    ///
    /// # Panics
    ///
    /// If i is not below the vocabulary's size.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::WordVocabulary;
    /// let vocab = WordVocabulary::from_sentences(&[vec!["not".to_string(), "good".to_string()]]);
    /// assert_eq!(vocab.word(0), "not");
    /// ```
    #[track_caller]
    pub fn word(&self, i: usize) -> &str {
        &self.words[i]
    }

    /// The index of every word of a sentence.
    ///
    /// # Panics
    ///
    /// If a word is not in the vocabulary (the tasks only encode their own sentences).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::WordVocabulary;
    /// let vocab = WordVocabulary::from_sentences(&[vec!["not".to_string(), "good".to_string()]]);
    /// assert_eq!(vocab.ids(&["good".to_string(), "not".to_string()]), [1, 0]);
    /// ```
    #[track_caller]
    pub fn ids(&self, words: &[String]) -> Vec<usize> {
        words
            .iter()
            .map(|w| {
                self.index(w)
                    .unwrap_or_else(|| panic!("{w:?} is not in the vocabulary"))
            })
            .collect()
    }

    /// The one-hot inputs of a sentence (words × vocabulary size).
    ///
    /// # Panics
    ///
    /// If a word is not in the vocabulary (the tasks only encode their own sentences).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::WordVocabulary;
    /// let vocab = WordVocabulary::from_sentences(&[vec!["not".to_string(), "good".to_string()]]);
    /// assert_eq!(vocab.encode(&["good".to_string()]).row(0), &[0.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn encode(&self, sentence: &[String]) -> Matrix {
        let indices: Vec<usize> = sentence
            .iter()
            .map(|w| {
                self.index(w)
                    .unwrap_or_else(|| panic!("the word {w:?} is not in the vocabulary"))
            })
            .collect();
        one_hot(&indices, self.len())
    }
}

/// [`fit_batched`](crate::train::fit_batched) with [`fit`](crate::train::fit)'s shuffled
/// mini-batches: the trainer the uses hand to their `run_with`.
pub(crate) fn fit_shuffled<C: crate::cells::BatchStep>(
    model: &mut crate::cells::SequenceModel<C>,
    examples: &[crate::train::Example],
    options: &crate::train::FitOptions,
    rng: &mut crate::linalg::Mt19937,
    on_epoch: impl FnMut(usize, f64),
) -> Result<(), TrainError> {
    let plan = crate::train::Batches::shuffled();
    crate::train::fit_batched(model, examples, options, rng, plan, on_epoch)
}

/// A trained model whose forward pass overflows f64 on held-out data: its weights are
/// finite but huge, the mark of a learning rate far too large. Named, never a panic.
pub(crate) fn overflowed(e: &crate::linalg::ShapeError) -> TrainError {
    TrainError::new(format!(
        "the trained model cannot be evaluated: {e}; training diverged: try a smaller learning rate"
    ))
}
