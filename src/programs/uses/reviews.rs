//! `rnn sentiment` on real reviews: Korean movie reviews in NSMC's format
//! ([`io::reviews`](crate::io::reviews)), many-to-one (다 대 일), against a bag of words.
//!
//! **Tokens: syllables.** A Korean word (어절) is a stem and endings glued together
//! (재미있었는데, 재미없다, 재밌네요), so a vocabulary of space-separated words is huge and most
//! test words were never seen. Hangul syllables are few (about 2,000 cover NSMC) and carry
//! the stems and endings themselves: 없 in 재미없다, 노잼. The reader knows them without a
//! dictionary from outside, learned from the training file alone: every character seen at
//! least [`MIN_COUNT`] times is a token (syllables, Latin letters, digits, punctuation,
//! emoticons like ㅋ and ㅠ), the space is a token (it marks where words end), and anything
//! rarer is `<unk>`. A review with no token at all (NSMC has a few empty ones) is read as
//! one `<unk>`, so every review gets a prediction.
//!
//! **The model**: a [`Classifier`]: Iₜ = E\[idₜ\] (an embedding), a cell, its last hidden
//! state → softmax over {negative, positive}; trained by [`fit_batched`] (the batched path
//! in length-sorted mini-batches, on every core). [`explain`] reads one review and gives
//! the probability of positive after each character (`rnn sentiment --input … --explain`).
//!
//! **The baseline**: logistic regression on space-separated words
//! ([`BagOfWords::train_l2`]), trained on the same file: it sees
//! which words a review has, not their order, and a word it never saw is nothing to it.

use super::bag_of_words::BagOfWords;
use super::{Training, overflowed};
use crate::cells::{Cell, Classifier, greedy};
use crate::io::reviews::Review;
use crate::io::text::Vocabulary;
use crate::linalg::{Matrix, Mt19937, Vector};
use crate::train::threads::map_jobs;
use crate::train::{Batches, Example, FitOptions, Input, TrainError, fit_batched};

/// How often a character must occur in the training reviews to be a token of its own.
pub const MIN_COUNT: usize = 3;

/// `<unk>`, id 0 of the syllables, for every character that is not a token; written
/// U+FFFD, the character Unicode keeps for one that cannot be shown.
pub const UNKNOWN: char = '\u{FFFD}';

/// The characters of the training reviews, each seen at least [`MIN_COUNT`] times, as
/// tokens in order of first sight; id 0 is [`UNKNOWN`], for everything else.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::reviews::Review;
/// use rnn_from_scratch::programs::uses::reviews::{encode, syllables};
///
/// let reviews = vec![Review { text: "재미 재미 재미 재미없다".into(), positive: false }];
/// let syllables = syllables(&reviews);
/// assert_eq!(syllables.len(), 4); // <unk>, 재, 미 and the space: 3 times or more (없, 다: once)
/// assert_eq!(encode(&syllables, "재미없다"), [1, 2, 0, 0]);
/// assert_eq!(encode(&syllables, ""), [0]); // an empty review: one <unk>
/// ```
pub fn syllables(reviews: &[Review]) -> Vocabulary<char> {
    let chars = reviews.iter().flat_map(|r| normalized(&r.text));
    let keep = |&c: &char, count| c == UNKNOWN || count >= MIN_COUNT;
    Vocabulary::counted(std::iter::once(UNKNOWN).chain(chars), keep)
}

/// A review as token ids of `syllables`: one per character (runs of spaces as one space, no
/// space at either end), `<unk>` (0) for a character that is not a token; at least one id.
///
/// # Examples
///
/// See [`syllables`].
pub fn encode(syllables: &Vocabulary<char>, text: &str) -> Vec<usize> {
    let ids: Vec<usize> = normalized(text)
        .map(|c| syllables.index_of(&c).unwrap_or(0))
        .collect();
    if ids.is_empty() { vec![0] } else { ids }
}

/// The characters of `text` with whitespace runs made one space and both ends trimmed.
fn normalized(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut words = text.split_whitespace().peekable();
    std::iter::from_fn(move || words.next().map(|w| (w, words.peek().is_some())))
        .flat_map(|(w, more)| w.chars().chain(more.then_some(' ')))
}

/// A review's space-separated words that are in `words`, as ids (the baseline knows
/// nothing of a word it never saw).
fn word_ids(text: &str, words: &Vocabulary<String>) -> Vec<usize> {
    text.split_whitespace()
        .filter_map(|w| words.index_of(w))
        .collect()
}

/// The baseline that counts syllable n-grams: logistic regression on which syllable
/// 1-, 2- and 3-grams a review has (each seen at least twice in `train`, the space among
/// the syllables, so 노잼 and "안 좋" are features), trained on `train` with `epochs`
/// full-batch Adam steps and an L2 penalty `l2` ([`BagOfWords::train_l2`]). Returns its
/// accuracy on `test` and how many n-grams it learned.
///
/// It reads order a little (within three syllables) and nothing beyond: the strongest of
/// the simple baselines here.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::reviews::Review;
/// use rnn_from_scratch::programs::uses::reviews::ngram_baseline;
///
/// let review = |text: &str, positive| Review { text: text.into(), positive };
/// let train = vec![review("안 좋다", false), review("좋다", true), review("안 좋다", false), review("좋다", true)];
/// let (accuracy, ngrams) = ngram_baseline(&train, &[review("안 좋다", false), review("좋다", true)], 100, 0.1);
/// assert_eq!(accuracy, 1.0); // "안 " and "안 좋" tell the two apart; a bag of words of 좋다 alone could not
/// assert_eq!(ngrams, 9); // 안 ␣ 좋 다, 안␣ ␣좋 좋다, 안␣좋 ␣좋다 (␣ the space)
/// ```
pub fn ngram_baseline(train: &[Review], test: &[Review], epochs: usize, l2: f64) -> (f64, usize) {
    let grams = |text: &str| -> Vec<String> {
        let chars: Vec<char> = normalized(text).collect();
        let mut all: Vec<String> = (1..=3)
            .flat_map(|n| chars.windows(n).map(|w| w.iter().collect::<String>()))
            .collect();
        all.sort_unstable();
        all.dedup(); // which n-grams, not how often
        all
    };
    let vocab = Vocabulary::counted(train.iter().flat_map(|r| grams(&r.text)), |_, n| n >= 2);
    let ids = |text: &str| -> Vec<usize> {
        grams(text)
            .iter()
            .filter_map(|g| vocab.index_of(g))
            .collect()
    };
    let data: Vec<(Vec<usize>, usize)> = train
        .iter()
        .map(|r| (ids(&r.text), r.positive as usize))
        .collect();
    let model = BagOfWords::train_l2(&data, vocab.len(), 2, epochs, l2);
    let right = test
        .iter()
        .filter(|r| model.predict(&ids(&r.text)) == r.positive as usize)
        .count();
    (right as f64 / test.len().max(1) as f64, vocab.len())
}

/// What training and scoring on real reviews measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Reviews trained on, and scored.
    pub train_size: usize,
    /// Reviews scored.
    pub test_size: usize,
    /// V: syllable tokens and `<unk>`.
    pub vocab_size: usize,
    /// The share of the test reviews' characters that were `<unk>`.
    pub unknown_share: f64,
    /// The recurrent classifier's held-out accuracy.
    pub rnn: f64,
    /// The bag of words' held-out accuracy.
    pub bag_of_words: f64,
    /// The distinct words the bag of words learned.
    pub words: usize,
    /// With [`Options::baselines`]: the syllable n-gram baseline's held-out accuracy and
    /// the n-grams it learned ([`ngram_baseline`]).
    pub ngrams: Option<(f64, usize)>,
    /// The trained model and its syllables, to save ([`save_classifier`]) or to read a
    /// review with ([`explain`]).
    ///
    /// [`save_classifier`]: crate::io::save::save_classifier
    pub model: Classifier,
    /// The tokens the model reads ([`syllables`]).
    pub syllables: Vocabulary<char>,
    /// A few held-out reviews, right and wrong: (the review, its label is positive, the
    /// model's probability of positive).
    pub samples: Vec<(String, bool, f64)>,
}

/// How to train on real reviews: the shared [`Training`] (its `embedding` is E; `None`
/// means 64), and the bag of words' passes.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::reviews::Options;
/// let options = Options::default();
/// assert_eq!((options.training.hidden, options.training.embedding), (128, Some(64)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Cell, Dh, E, epochs, batch, seed, threads.
    pub training: Training,
    /// Adam's learning rate.
    pub learning_rate: f64,
    /// Full-batch Adam steps of the bag of words.
    pub bag_epochs: usize,
    /// The bag of words' L2 penalty ([`BagOfWords::train_l2`]).
    pub bag_l2: f64,
    /// Also train and score the syllable n-gram baseline ([`ngram_baseline`], with
    /// [`NGRAM_EPOCHS`] and [`NGRAM_L2`]).
    pub baselines: bool,
    /// The dropout rate on the recurrent layer's inputs and outputs while training
    /// ([`Dropout`](crate::cells::Dropout)); 0 for none.
    pub dropout: f64,
    /// The L2 penalty λ on every weight ([`FitOptions::l2`]); 0 for none.
    pub l2: f64,
}

/// The n-gram baseline's full-batch Adam steps in `rnn sentiment --baselines`.
pub const NGRAM_EPOCHS: usize = 200;

/// The n-gram baseline's L2 penalty in `rnn sentiment --baselines`.
pub const NGRAM_L2: f64 = 3.0;

impl Default for Options {
    /// An LSTM, E 64, Dh 128, 2 epochs in mini-batches of 32, Adam at 0.002; the bag of
    /// words 100 full-batch steps with an L2 penalty of 1.
    fn default() -> Options {
        Options {
            training: Training {
                cell: crate::cells::CellKind::Lstm,
                hidden: 128,
                epochs: 2,
                batch: 32,
                embedding: Some(64),
                ..Training::default()
            },
            learning_rate: 0.002,
            bag_epochs: 100,
            bag_l2: 1.0,
            baselines: false,
            dropout: 0.0,
            l2: 0.0,
        }
    }
}

/// What [`run`] tells as it goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// `done` of `total` reviews of epoch `epoch` trained.
    Batch {
        /// 1-based.
        epoch: usize,
        /// Reviews done in this epoch.
        done: usize,
        /// Reviews per epoch.
        total: usize,
    },
    /// Epoch `epoch` ended with this mean loss per review.
    Epoch {
        /// 1-based.
        epoch: usize,
        /// Mean cross-entropy per review, in nats.
        loss: f64,
    },
    /// The recurrent model is trained: the held-out reviews are scored and the baselines
    /// trained now.
    Baselines,
}

/// Trains a syllable-level classifier and the bag of words on `train`, and scores both on
/// `test`.
///
/// # Errors
///
/// No training reviews, more `training.batch` than reviews, or a training failure (a
/// non-finite loss).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::reviews::Review;
/// use rnn_from_scratch::programs::uses::reviews::{run, Options};
/// use rnn_from_scratch::programs::uses::Training;
///
/// let review = |text: &str, positive| Review { text: text.into(), positive };
/// let train: Vec<Review> = (0..40).map(|k| if k % 2 == 0 { review("재밌다 최고", true) } else { review("별로다 노잼", false) }).collect();
/// let test = vec![review("최고 재밌다", true), review("노잼", false)];
/// let training = Training { hidden: 8, embedding: Some(4), epochs: 20, batch: 8, ..Options::default().training };
/// let report = run(&train, &test, &Options { training, learning_rate: 0.01, ..Options::default() }, |_| {})?;
/// assert_eq!((report.rnn, report.bag_of_words), (1.0, 1.0));
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn run(
    train: &[Review],
    test: &[Review],
    options: &Options,
    mut on_event: impl FnMut(Event),
) -> Result<Report, TrainError> {
    if train.is_empty() || test.is_empty() {
        return Err(TrainError::new(
            "sentiment: there must be reviews to train on and to score",
        ));
    }
    let training = &options.training;
    let mut rng = Mt19937::new(training.seed);
    let syllables = syllables(train);
    let v = syllables.len();
    let e = training.embedding.unwrap_or(64);
    let mut model = Classifier::for_ids(training.cell, v, e, training.hidden, 2, &mut rng);
    let data = Data {
        train_ids: train.iter().map(|r| encode(&syllables, &r.text)).collect(),
        train_labels: train.iter().map(|r| r.positive as usize).collect(),
        test_ids: test.iter().map(|r| encode(&syllables, &r.text)).collect(),
    };
    train_model(&mut model, &data, options, &mut rng, &mut on_event)?;
    on_event(Event::Baselines);
    let positive = classify(&model, &data.test_ids, training.threads)?;
    let predictions: Vec<usize> = positive.iter().map(|&(class, _)| class).collect();
    let accuracy = |said: &[usize]| {
        said.iter()
            .zip(test)
            .filter(|&(&p, r)| p == r.positive as usize)
            .count() as f64
            / test.len() as f64
    };

    let train_words = train
        .iter()
        .flat_map(|r| r.text.split_whitespace().map(String::from));
    let words = Vocabulary::counted(train_words, |_, _| true);
    let bag_data: Vec<(Vec<usize>, usize)> = train
        .iter()
        .map(|r| (word_ids(&r.text, &words), r.positive as usize))
        .collect();
    let bag = BagOfWords::train_l2(
        &bag_data,
        words.len(),
        2,
        options.bag_epochs,
        options.bag_l2,
    );
    let bag_said: Vec<usize> = test
        .iter()
        .map(|r| bag.predict(&word_ids(&r.text, &words)))
        .collect();

    let (chars, unknown) = data
        .test_ids
        .iter()
        .flatten()
        .fold((0, 0), |(n, u), &id| (n + 1, u + (id == 0) as usize));
    Ok(Report {
        train_size: train.len(),
        test_size: test.len(),
        vocab_size: v,
        unknown_share: unknown as f64 / chars.max(1) as f64,
        rnn: accuracy(&predictions),
        bag_of_words: accuracy(&bag_said),
        words: words.len(),
        ngrams: options
            .baselines
            .then(|| ngram_baseline(train, test, NGRAM_EPOCHS, NGRAM_L2)),
        samples: samples(test, &positive),
        model,
        syllables,
    })
}

/// The reviews as token ids, and the training labels.
struct Data {
    train_ids: Vec<Vec<usize>>,
    train_labels: Vec<usize>,
    test_ids: Vec<Vec<usize>>,
}

/// Trains `model` on the training reviews in length-sorted mini-batches ([`fit_batched`]).
fn train_model(
    model: &mut Classifier,
    data: &Data,
    options: &Options,
    rng: &mut Mt19937,
    mut on_event: impl FnMut(Event),
) -> Result<(), TrainError> {
    let total = data.train_ids.len();
    let fit = FitOptions {
        learning_rate: options.learning_rate,
        dropout: options.dropout,
        l2: options.l2,
        ..options.training.fit_options()
    };
    let examples: Vec<Example> = data
        .train_ids
        .iter()
        .zip(&data.train_labels)
        .map(|(ids, &label)| Example {
            inputs: Input::Ids(ids.clone()),
            targets: vec![(ids.len().saturating_sub(1), label)],
        })
        .collect();
    let lengths: Vec<usize> = data.train_ids.iter().map(Vec::len).collect();
    let on_event = std::cell::RefCell::new(&mut on_event);
    let plan = Batches::by_length(&lengths, |epoch, done| {
        (on_event.borrow_mut())(Event::Batch { epoch, done, total })
    });
    fit_batched(model, &examples, &fit, rng, plan, |epoch, loss| {
        (on_event.borrow_mut())(Event::Epoch { epoch, loss })
    })
}

/// Each review's class by the model (0 negative, 1 positive) and its probability of
/// positive, on `threads` threads.
fn classify(
    model: &Classifier,
    ids: &[Vec<usize>],
    threads: usize,
) -> Result<Vec<(usize, f64)>, TrainError> {
    let chunks: Vec<&[Vec<usize>]> = ids.chunks(256).collect();
    let each = map_jobs(
        &chunks,
        threads,
        |chunk| {
            chunk
                .iter()
                .map(|s| {
                    let hs = hidden_states(model, s)?;
                    let p = model.output().step(&Vector::from(hs.row(hs.shape().0 - 1)));
                    Ok((greedy(&p), p[1]))
                })
                .collect::<Result<Vec<_>, TrainError>>()
        },
        |_, _| {},
    );
    Ok(each.into_iter().collect::<Result<Vec<_>, _>>()?.concat())
}

/// hₜ for every token of a review (timesteps × Dh).
fn hidden_states(model: &Classifier, ids: &[usize]) -> Result<Matrix, TrainError> {
    let rows = model.cell().embedding().lookup(ids).expect("ids below V");
    let state0 = Vector::zeros(model.cell().state_size());
    let (hs, _, _) = model
        .cell()
        .cell()
        .forward_cached(&rows, &state0)
        .map_err(|e| overflowed(&e))?;
    Ok(hs)
}

/// The review as the model reads it, one character at a time, with the probability of
/// positive after each (what the model would answer if the review stopped there): the
/// last is its answer. Spaces are collapsed as [`encode`] does; a character that is not a
/// token is read as `<unk>`; an empty review is one `<unk>` ([`UNKNOWN`]).
///
/// # Errors
///
/// A model whose hidden state overflowed (diverged training).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, Classifier};
/// use rnn_from_scratch::io::reviews::Review;
/// use rnn_from_scratch::programs::uses::reviews::{explain, syllables};
/// use rnn_from_scratch::Mt19937;
///
/// let vocab = syllables(&[Review { text: "노잼 노잼 노잼".into(), positive: false }]);
/// let model = Classifier::for_ids(CellKind::Gru, vocab.len(), 4, 8, 2, &mut Mt19937::new(0));
/// let read = explain(&model, &vocab, "진짜  노잼")?;
/// let chars: String = read.iter().map(|&(c, _)| c).collect();
/// assert_eq!(chars, "진짜 노잼"); // 진 and 짜 are read as <unk>
/// assert!(read.iter().all(|&(_, p)| (0.0..=1.0).contains(&p)));
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn explain(
    model: &Classifier,
    syllables: &Vocabulary<char>,
    text: &str,
) -> Result<Vec<(char, f64)>, TrainError> {
    let hs = hidden_states(model, &encode(syllables, text))?;
    let mut chars: Vec<char> = normalized(text).collect();
    if chars.is_empty() {
        chars.push(UNKNOWN);
    }
    let p = |t: usize| model.output().step(&Vector::from(hs.row(t)))[1];
    Ok(chars
        .into_iter()
        .enumerate()
        .map(|(t, c)| (c, p(t)))
        .collect())
}

/// Up to three held-out reviews the model got right and three it got wrong, in file order.
fn samples(test: &[Review], said: &[(usize, f64)]) -> Vec<(String, bool, f64)> {
    let mut shown = Vec::new();
    for right in [true, false] {
        let picked = test
            .iter()
            .zip(said)
            .filter(|(r, (class, _))| (*class == r.positive as usize) == right)
            .take(3);
        shown.extend(picked.map(|(r, &(_, p))| (r.text.clone(), r.positive, p)));
    }
    shown
}
