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

use crate::cells::one_hot;
use crate::io::text::Vocabulary;
use crate::linalg::Matrix;
use crate::train::TrainError;

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

/// A trained model whose forward pass overflows f64 on held-out data: its weights are
/// finite but huge, the mark of a learning rate far too large. Named, never a panic.
pub(crate) fn overflowed(e: &crate::linalg::ShapeError) -> TrainError {
    TrainError::new(format!(
        "the trained model cannot be evaluated: {e}; training diverged: try a smaller learning rate"
    ))
}
