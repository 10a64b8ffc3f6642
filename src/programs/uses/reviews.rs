//! `rnn sentiment` on real reviews: Korean movie reviews in NSMC's format
//! ([`io::reviews`](crate::io::reviews)), many-to-one (다 대 일), against a bag of words.
//!
//! **Tokens: syllables and pairs of syllables.** A Korean word (어절) is a stem and
//! endings glued together (재미있었는데, 재미없다, 재밌네요), so a vocabulary of
//! space-separated words is huge and most test words were never seen. Hangul syllables are
//! few (about 2,000 cover NSMC) and carry the stems and endings themselves: 없 in 재미없다,
//! 노잼. The reader knows them without a dictionary from outside, learned from the training
//! file alone: every character seen at least [`MIN_COUNT`] times is a token (syllables,
//! Latin letters, digits, punctuation, emoticons like ㅋ and ㅠ), the space is a token (it
//! marks where words end), and anything rarer is `<unk>`. Every pair of neighbouring
//! characters seen at least [`PAIR_MIN_COUNT`] times is a token too (재미, 노잼, 최고,
//! "안 ": about 38,000 pairs in 135,000 reviews): at each step the model reads the pair
//! that ends there if it knows it, else the character ([`encode`]). A pair's row of E is
//! its own, so 재미 is not the sum of 재 and 미; on a development split this moved one
//! forward LSTM from 0.851 to 0.864 on average over five seeds (`many_to_one`'s table). A
//! review with no token at all (NSMC has a few empty ones) is read as one `<unk>`, so
//! every review gets a prediction.
//!
//! **The model**: a [`TwoWayClassifier`], two [`Classifier`]s: each is Iₜ = E\[idₜ\] (an
//! embedding), a cell, its last hidden state → softmax over {negative, positive}; one reads
//! the review from its first character, the other from its last, each trained on its own
//! by [`fit`] (the batched path in length-sorted mini-batches, on every core) and
//! ending as the moving average of its weights ([`FitOptions::average`]), and the answer
//! is the mean of their probabilities. [`explain`] reads one review and gives
//! both readers' probability of positive at each character (`rnn sentiment --input …
//! --explain`).
//!
//! **The baseline**: logistic regression on space-separated words
//! ([`BagOfWords::train_l2`]), trained on the same file: it sees
//! which words a review has, not their order, and a word it never saw is nothing to it.

use super::bag_of_words::BagOfWords;
use super::frame::{self, Answer, Event, Need, Plan, Shape, Shared, Use, files_or};
use super::two_way::TwoWayClassifier;
use super::{Training, overflowed};
use crate::cells::Classifier;
use crate::io::data::DataError;
use crate::io::reviews::Review;
use crate::io::text::{Vocabulary, display_width};
use crate::linalg::Mt19937;
use crate::train::threads::map_jobs;
use crate::train::{Batches, Example, FitOptions, Input, TrainError, fit};
use std::path::Path;

/// How often a character must occur in the training reviews to be a token of its own.
pub const MIN_COUNT: usize = 3;

/// How often a pair of neighbouring characters (the space among them) must occur in the
/// training reviews to be a token of its own.
pub const PAIR_MIN_COUNT: usize = 5;

/// `<unk>`, id 0 of the tokens, for every character that is not a token; written U+FFFD,
/// the character Unicode keeps for one that cannot be shown.
pub const UNKNOWN: char = '\u{FFFD}';

/// The tokens of the training reviews, in order of first sight: id 0 is [`UNKNOWN`], then
/// every character seen at least [`MIN_COUNT`] times and every pair of neighbouring
/// characters seen at least [`PAIR_MIN_COUNT`] times (재미, 노잼, "다 ": the space counts).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::reviews::Review;
/// use rnn_from_scratch::programs::uses::reviews::tokens;
///
/// let reviews = vec![Review { text: "재미 재미 재미 재미 재미없다".into(), positive: false }];
/// let tokens = tokens(&reviews);
/// assert_eq!(tokens.tokens(), ["\u{FFFD}", "재", "미", " ", "재미"]);
/// // 재 and 미 5 times, the space 4 (a character needs 3); the pair 재미 5 (a pair needs
/// // 5); "미 " and " 재" 4 times, 없 and 다 once: <unk>
/// ```
pub fn tokens(reviews: &[Review]) -> Vocabulary<String> {
    let pieces = reviews.iter().flat_map(|r| {
        let chars: Vec<char> = normalized(&r.text).collect();
        let ones = chars.iter().map(char::to_string);
        let pairs = chars.windows(2).map(|pair| pair.iter().collect::<String>());
        ones.chain(pairs).collect::<Vec<String>>()
    });
    let keep = |token: &String, count| match token.chars().count() {
        1 => token.starts_with(UNKNOWN) || count >= MIN_COUNT,
        _ => count >= PAIR_MIN_COUNT,
    };
    Vocabulary::counted(std::iter::once(UNKNOWN.to_string()).chain(pieces), keep)
}

/// A review as token ids, one per character (runs of spaces as one space, no space at
/// either end): at step t the pair of characters t − 1 and t if it is a token, else
/// character t if it is, else `<unk>` (0); at least one id. So 재미없다 is read as 재,
/// 재미, 미없, 없다 when those pairs are tokens: each step still ends at one character, and
/// the model is asked after each (`explain`).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::reviews::Review;
/// use rnn_from_scratch::programs::uses::reviews::{encode, tokens};
///
/// let tokens = tokens(&vec![Review { text: "재미 재미 재미 재미 재미".into(), positive: true }; 1]);
/// let id = |t: &str| tokens.index_of(t).unwrap();
/// assert_eq!(encode(&tokens, "재미없다"), [id("재"), id("재미"), 0, 0]); // 없, 다: <unk>
/// assert_eq!(encode(&tokens, "미재"), [id("미"), id("재")]); // 미재 is not a pair token
/// assert_eq!(encode(&tokens, ""), [0]); // an empty review: one <unk>
/// ```
pub fn encode(tokens: &Vocabulary<String>, text: &str) -> Vec<usize> {
    let chars: Vec<char> = normalized(text).collect();
    let id = |piece: &[char]| tokens.index_of(piece.iter().collect::<String>().as_str());
    let ids: Vec<usize> = (0..chars.len())
        .map(|t| {
            let pair = t.checked_sub(1).and_then(|s| id(&chars[s..=t]));
            pair.or_else(|| id(&chars[t..=t])).unwrap_or(0)
        })
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
    /// The recurrent classifier's held-out accuracy: both readers' mean
    /// ([`TwoWayClassifier`]).
    pub rnn: f64,
    /// Each reader's own held-out accuracy: (forward, backward).
    pub readers: (f64, f64),
    /// The bag of words' held-out accuracy.
    pub bag_of_words: f64,
    /// The distinct words the bag of words learned.
    pub words: usize,
    /// With [`Options::baselines`]: the syllable n-gram baseline's held-out accuracy and
    /// the n-grams it learned ([`ngram_baseline`]).
    pub ngrams: Option<(f64, usize)>,
    /// The trained model and its tokens, to save ([`save`]) or to read a
    /// review with ([`explain`]).
    ///
    pub model: TwoWayClassifier,
    /// The tokens the model reads ([`tokens`]).
    pub tokens: Vocabulary<String>,
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
    /// Print held-out reviews with abusive words too ([`ABUSIVE`]); by default they are not
    /// among the reviews shown.
    pub all_samples: bool,
    /// What the examples are, plural (`reviews`; `messages` for spam).
    pub items: &'static str,
    /// The names of the two classes, 0 then 1 (`negative`, `positive`; `ham`, `spam`).
    pub labels: [&'static str; 2],
    /// The dropout rate on the recurrent layer's inputs and outputs while training
    /// ([`Dropout`](crate::cells::Dropout)); 0 for none.
    pub dropout: f64,
    /// The L2 penalty λ on every weight ([`FitOptions::l2`]); 0 for none.
    pub l2: f64,
    /// β of the weights' moving average, each reader ending as its average
    /// ([`FitOptions::average`]); 0 for none.
    pub average: f64,
}

/// The n-gram baseline's full-batch Adam steps in `rnn sentiment --baselines`.
pub const NGRAM_EPOCHS: usize = 200;

/// The n-gram baseline's L2 penalty in `rnn sentiment --baselines`.
pub const NGRAM_L2: f64 = 3.0;

impl Default for Options {
    /// LSTM readers, E 64, Dh 128, 2 epochs each in mini-batches of 32, Adam at 0.002, each
    /// ending as its weights' moving average (β 0.999); the bag of words 100 full-batch
    /// steps with an L2 penalty of 1.
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
            all_samples: false,
            items: "reviews",
            labels: ["negative", "positive"],
            dropout: 0.0,
            l2: 0.0,
            average: 0.999,
        }
    }
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
/// let report = run(&train, &test, &Options { training, learning_rate: 0.01, ..Options::default() }, &mut |_| {})?;
/// assert_eq!((report.rnn, report.bag_of_words), (1.0, 1.0));
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn run(
    train: &[Review],
    test: &[Review],
    options: &Options,
    on_event: &mut dyn FnMut(Event),
) -> Result<Report, TrainError> {
    if train.is_empty() || test.is_empty() {
        return Err(TrainError::new(
            "sentiment: there must be reviews to train on and to score",
        ));
    }
    let training = &options.training;
    let mut rng = Mt19937::new(training.seed);
    let tokens = tokens(train);
    let v = tokens.len();
    let e = training.embedding.unwrap_or(64);
    let mut model = TwoWayClassifier::for_ids(training.cell, v, e, training.hidden, 2, &mut rng);
    let data = Data {
        train_ids: train.iter().map(|r| encode(&tokens, &r.text)).collect(),
        train_labels: train.iter().map(|r| r.positive as usize).collect(),
        test_ids: test.iter().map(|r| encode(&tokens, &r.text)).collect(),
    };
    for (reader, backward) in [(&mut model.forward, false), (&mut model.backward, true)] {
        train_model(reader, &data, options, &mut rng, backward, on_event)?;
    }
    let ngrams = match options.baselines {
        true => " and the syllable n-grams (about 20 s on 135,000 reviews)",
        false => "",
    };
    on_event(Event::Note(format!(
        "scoring the held-out {}, then training the bag of words{ngrams}",
        options.items
    )));
    let each_way = classify(&model, &data.test_ids, training.threads)?;
    let class = |p: f64| (p > 0.5) as usize;
    let said = |p: &dyn Fn(&(f64, f64)) -> f64| each_way.iter().map(|r| class(p(r))).collect();
    let both = |&(ahead, behind): &(f64, f64)| (ahead + behind) / 2.0; // p = ½·(p→ + p←)
    let predictions: Vec<usize> = said(&both);
    let (forward, backward): (Vec<usize>, Vec<usize>) = (said(&|r| r.0), said(&|r| r.1));
    let positive: Vec<(usize, f64)> = each_way.iter().map(|r| (class(both(r)), both(r))).collect();
    let accuracy = |said: &[usize]| {
        said.iter()
            .zip(test)
            .filter(|&(&p, r)| p == r.positive as usize)
            .count() as f64
            / test.len() as f64
    };

    let (bag_said, words) = bag_of_words(train, test, options);
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
        readers: (accuracy(&forward), accuracy(&backward)),
        bag_of_words: accuracy(&bag_said),
        words,
        ngrams: options
            .baselines
            .then(|| ngram_baseline(train, test, NGRAM_EPOCHS, NGRAM_L2)),
        samples: samples(test, &positive, options.all_samples),
        model,
        tokens,
    })
}

/// The bag of words (logistic regression on space-separated words,
/// [`BagOfWords::train_l2`]) trained on `train`: its answer for each review of `test`, and
/// how many words it knows.
fn bag_of_words(train: &[Review], test: &[Review], options: &Options) -> (Vec<usize>, usize) {
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
    let said = test
        .iter()
        .map(|r| bag.predict(&word_ids(&r.text, &words)))
        .collect();
    (said, words.len())
}

/// The reviews as token ids, and the training labels.
struct Data {
    train_ids: Vec<Vec<usize>>,
    train_labels: Vec<usize>,
    test_ids: Vec<Vec<usize>>,
}

/// Trains one reader on the training reviews' ids (forward, or reversed for the
/// `backward` reader, which its events say), in length-sorted mini-batches
/// ([`fit`]).
fn train_model(
    model: &mut Classifier,
    data: &Data,
    options: &Options,
    rng: &mut Mt19937,
    backward: bool,
    on_event: &mut dyn FnMut(Event),
) -> Result<(), TrainError> {
    let options_fit = FitOptions {
        learning_rate: options.learning_rate,
        l2: options.l2,
        average: options.average,
        ..options.training.fit_options()
    };
    let ids = &data.train_ids;
    let examples: Vec<Example> = ids
        .iter()
        .zip(&data.train_labels)
        .map(|(ids, &label)| Example {
            inputs: Input::Ids(match backward {
                true => ids.iter().rev().copied().collect(),
                false => ids.clone(),
            }),
            targets: vec![(ids.len().saturating_sub(1), label)],
        })
        .collect();
    let lengths: Vec<usize> = ids.iter().map(Vec::len).collect();
    // The backward reader's epochs count on from the forward reader's.
    let (before, reader) = match backward {
        true => (options.training.epochs, "backward"),
        false => (0, "forward"),
    };
    let on_event = std::cell::RefCell::new(on_event);
    let plan = Batches::by_length(&lengths, |epoch, done| {
        let epoch = before + epoch;
        (on_event.borrow_mut())(Event::Batch { epoch, done })
    });
    fit(
        model,
        &examples,
        &options_fit,
        options.dropout,
        rng,
        plan,
        |epoch, loss| {
            let what = format!("{reader} reader's epoch {epoch}");
            let epoch = before + epoch;
            (on_event.borrow_mut())(Event::Epoch { epoch, loss, what })
        },
    )
}

/// Each reader's probability of positive for each review (forward, backward), on
/// `threads` threads.
fn classify(
    model: &TwoWayClassifier,
    ids: &[Vec<usize>],
    threads: usize,
) -> Result<Vec<(f64, f64)>, TrainError> {
    let chunks: Vec<&[Vec<usize>]> = ids.chunks(256).collect();
    let each = map_jobs(
        &chunks,
        threads,
        |chunk| {
            chunk
                .iter()
                .map(|s| {
                    let (ahead, behind) = model.read(s).map_err(|e| overflowed(&e))?;
                    Ok((ahead.row(s.len() - 1)[1], behind.row(0)[1]))
                })
                .collect::<Result<Vec<_>, TrainError>>()
        },
        |_, _| {},
    );
    Ok(each.into_iter().collect::<Result<Vec<_>, _>>()?.concat())
}

/// The review as the two readers read it, one character at a time: for each character,
/// the forward reader's probability of positive after reading up to it (what it would
/// answer if the review stopped there) and the backward reader's after reading from the
/// end down to it; then the answer, the mean of the forward reader's last and the backward
/// reader's first ([`TwoWayClassifier::predict`]). Spaces are collapsed as [`encode`] does;
/// a character that is not a token is read as `<unk>`; an empty review is one `<unk>`
/// ([`UNKNOWN`]).
///
/// # Errors
///
/// A model whose hidden state overflowed (diverged training).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::uses::two_way::TwoWayClassifier;
/// use rnn_from_scratch::io::reviews::Review;
/// use rnn_from_scratch::programs::uses::reviews::{explain, tokens};
/// use rnn_from_scratch::Mt19937;
///
/// let vocab = tokens(&[Review { text: "노잼 노잼 노잼".into(), positive: false }]);
/// let model = TwoWayClassifier::for_ids(CellKind::Gru, vocab.len(), 4, 8, 2, &mut Mt19937::new(0));
/// let (read, p) = explain(&model, &vocab, "진짜  노잼")?;
/// let chars: String = read.iter().map(|&(c, _, _)| c).collect();
/// assert_eq!(chars, "진짜 노잼"); // 진 and 짜 are read as <unk>
/// let (forward_last, backward_first) = (read[4].1, read[0].2);
/// assert!((p - (forward_last + backward_first) / 2.0).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
#[allow(clippy::type_complexity)]
pub fn explain(
    model: &TwoWayClassifier,
    tokens: &Vocabulary<String>,
    text: &str,
) -> Result<(Vec<(char, f64, f64)>, f64), TrainError> {
    let ids = encode(tokens, text);
    let (ahead, behind) = model.read(&ids).map_err(|e| overflowed(&e))?;
    let mut chars: Vec<char> = normalized(text).collect();
    if chars.is_empty() {
        chars.push(UNKNOWN);
    }
    let read = chars
        .into_iter()
        .enumerate()
        .map(|(t, c)| (c, ahead.row(t)[1], behind.row(t)[1]))
        .collect();
    let answer = (ahead.row(ids.len() - 1)[1] + behind.row(0)[1]) / 2.0;
    Ok((read, answer))
}

/// Abusive words that the held-out reviews shown leave out by default
/// ([`Options::all_samples`]): swear words and slurs, as NSMC's reviews spell them, so that
/// a class can run the program. The scores count every review; only the ones printed are
/// chosen.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::reviews::ABUSIVE;
/// assert!(ABUSIVE.contains(&"ㅅㅂ") && ABUSIVE.contains(&"존나"));
/// ```
pub const ABUSIVE: [&str; 15] = [
    "ㅅㅂ",
    "ㅆㅂ",
    "시발",
    "씨발",
    "씨바",
    "시bal",
    "존나",
    "졸라",
    "ㅈㄴ",
    "좆",
    "병신",
    "ㅂㅅ",
    "개새끼",
    "썅",
    "지랄",
];

/// Up to three held-out reviews the model got right and three it got wrong, in file order;
/// none with an [`ABUSIVE`] word unless `all` is true.
fn samples(test: &[Review], said: &[(usize, f64)], all: bool) -> Vec<(String, bool, f64)> {
    let mut shown = Vec::new();
    let clean = |r: &Review| all || !ABUSIVE.iter().any(|w| r.text.contains(w));
    for right in [true, false] {
        let picked = test
            .iter()
            .zip(said)
            .filter(|(r, (class, _))| (*class == r.positive as usize) == right && clean(r))
            .take(3);
        shown.extend(picked.map(|(r, &(_, p))| (r.text.clone(), r.positive, p)));
    }
    shown
}

/// Saves the sentiment model and its tokens as the folder `dir`
/// ([`io::save::save`](crate::io::save::save)): `e.npy` for the forward reader's embedding
/// (`e_2.npy`, `wx_2.npy` … the backward reader's), and `vocab.txt` in the tokens' id order
/// (`<unk>`, U+FFFD, first; a pair as its two characters, `U+C7AC U+BBF8` for 재미).
///
/// # Errors
///
/// As [`io::save::save`](crate::io::save::save).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::io::reviews::Review;
/// use rnn_from_scratch::programs::uses::reviews::{load, save, tokens};
/// use rnn_from_scratch::programs::uses::two_way::TwoWayClassifier;
/// use rnn_from_scratch::Mt19937;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-save-sentiment-{}", std::process::id()));
/// let vocab = tokens(&[Review { text: "재미 재미 재미 재미 재미".into(), positive: true }]);
/// assert!(vocab.index_of("재미").is_some()); // a pair: two characters on one line
/// let model = TwoWayClassifier::for_ids(CellKind::Lstm, vocab.len(), 4, 6, 2, &mut Mt19937::new(0));
/// save(&dir, &model, &vocab)?;
/// assert_eq!(load(&dir)?, (model, vocab));
/// let err = rnn_from_scratch::programs::char_model::load(&dir).unwrap_err();
/// assert!(err.to_string().ends_with("holds a sentiment model, not a char-rnn model"), "{err}");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn save(
    dir: &Path,
    model: &TwoWayClassifier,
    tokens: &Vocabulary<String>,
) -> Result<(), DataError> {
    crate::io::save::save(dir, model, &[tokens.tokens()], "")
}

/// Loads the sentiment model saved by [`save`], with its tokens.
///
/// # Errors
///
/// As [`io::save::load`](crate::io::save::load); a folder of one reader (saved before the
/// model read reviews both ways) is named.
pub fn load(dir: &Path) -> Result<(TwoWayClassifier, Vocabulary<String>), DataError> {
    let manifest = crate::io::save::read_manifest(dir)?;
    let ours = manifest.lines().any(|l| l == "program sentiment");
    if ours && !manifest.lines().any(|l| l.starts_with("array e_2.npy ")) {
        return Err(DataError::new(format!(
            "{}: a sentiment model with one reader, saved before the model read reviews both \
             ways; train it again and save it (rnn sentiment --train FILE --save DIR)",
            dir.join("model.txt").display()
        )));
    }
    let mut loaded = crate::io::save::load::<TwoWayClassifier>(dir)?;
    let tokens = loaded.vocabularies.pop().unwrap_or_default();
    let vocab = Vocabulary::from_tokens(tokens).map_err(|e| e.in_file(&dir.join("vocab.txt")))?;
    Ok((loaded.model, vocab))
}

/// `rnn sentiment` on real reviews, through the frame ([`Use`]): NSMC's reviews (the
/// committed sample without `--train`), two readers of syllables and pairs, the bag of
/// words beside them.
impl Use for Options {
    type Item = Review;
    type Trained = (TwoWayClassifier, Vocabulary<String>);
    type Model = TwoWayClassifier;
    const COMMAND: &'static str = "rnn sentiment";
    const ITEMS: &'static str = "reviews";
    const SHAPE: Shape = Shape::ManyToOne;
    const FLAGS: &'static [&'static str] = &[
        "train",
        "test",
        "save",
        "load",
        "input",
        "explain",
        "embedding",
        "dropout",
        "l2",
    ];
    const INPUT: &'static str = "a review to read, such as --input \"이 영화 진짜 노잼\"";

    fn defaults(&self) -> Shared {
        let (learning_rate, dropout, l2) = (self.learning_rate, self.dropout, self.l2);
        let training = self.training;
        Shared {
            training,
            learning_rate,
            dropout,
            l2,
        }
    }

    fn data(
        &self,
        train: Option<&Path>,
        test: Option<&Path>,
        _: &Shared,
    ) -> Result<(Vec<Review>, Vec<Review>), DataError> {
        let sample = || {
            let mut all = crate::io::reviews::sample();
            let test = all.split_off(crate::io::reviews::SAMPLE_TRAIN);
            (all, test)
        };
        files_or(train, test, crate::io::reviews::read, sample, "reviews")
    }

    fn memory(&self, train: &[Review], test: &[Review], shared: &Shared) -> Need {
        let training = &shared.training;
        let longest = train.iter().chain(test).map(|r| r.text.chars().count());
        let text = train.iter().chain(test).map(|r| r.text.len() as u64).sum();
        let e = training.embedding.unwrap_or(64);
        let (cell, dh, batch) = (training.cell, training.hidden, training.batch);
        let states = crate::programs::memory::sequence_training(
            cell,
            e,
            dh,
            2,
            longest.max().unwrap_or(1),
            batch,
            1,
            training.threads,
        );
        (
            states + crate::programs::memory::text(text),
            "the reviews, the weights, and a batch of the longest review's states on each thread",
            "--batch, --hidden or --embedding, or leave out the longest reviews",
        )
    }

    fn plan(&self, train: &[Review], shared: &Shared) -> Plan {
        Plan {
            epochs: shared.training.epochs,
            per_epoch: train.len(),
            rounds: &["forward reader", "backward reader"],
        }
    }

    fn run(
        &self,
        train: &[Review],
        test: &[Review],
        shared: &Shared,
        on: &mut dyn FnMut(Event),
    ) -> Result<frame::Report<Self::Trained>, TrainError> {
        let training = shared.training;
        let options = Options {
            training,
            learning_rate: shared.learning_rate,
            dropout: shared.dropout,
            l2: shared.l2,
            ..*self
        };
        let epochs = training.epochs;
        on(Event::Note(format!(
            "training two {}s (E {}, Dh {}), one reading forward, then one reading backward, on {} {}, {epochs} epoch{} each; then the bag of words{}",
            training.cell.name().to_uppercase(),
            training.embedding.unwrap_or(64),
            training.hidden,
            train.len(),
            self.items,
            if epochs == 1 { "" } else { "s" },
            if self.baselines {
                " and the syllable n-grams"
            } else {
                ""
            }
        )));
        let report = run(train, test, &options, on)?;
        let (cell, items, [no, yes]) = (training.cell.name(), self.items, self.labels);
        let mut lines = vec![
            format!(
                "{} {items} trained on, {} tokens (characters and pairs of characters, <unk> {:.2}% of the held-out text); bag of words: {} words{}",
                report.train_size,
                report.vocab_size,
                100.0 * report.unknown_share,
                report.words,
                match report.ngrams {
                    Some((_, n)) => format!("; syllable 1-3-grams: {n}"),
                    None => String::new(),
                }
            ),
            format!(
                "Held-out {items}, right (✓) and wrong (✗), with the {cell}'s probability of {yes}:"
            ),
        ];
        for (text, positive, p) in &report.samples {
            let mark = if (*p > 0.5) == *positive {
                "✓"
            } else {
                "✗"
            };
            let label = if *positive { yes } else { no };
            let shown: String = text.chars().take(50).collect();
            let cut = if shown.len() < text.len() { "…" } else { "" };
            lines.push(format!("  {mark} {p:.3}  {label}  {shown}{cut}"));
        }
        let ngrams = match report.ngrams {
            Some((accuracy, _)) => format!(", syllable 1-3-grams {accuracy:.3}"),
            None => String::new(),
        };
        // Always answering the more common label scores this (reviews: balanced, 0.5).
        let common = test.iter().filter(|r| r.positive).count() as f64 / test.len() as f64;
        let chance = common.max(1.0 - common);
        let figure = format!(
            "held-out accuracy on {} {items}: {cell} {:.3} (forward {:.3}, backward {:.3}), bag-of-words {:.3}{ngrams}",
            report.test_size, report.rnn, report.readers.0, report.readers.1, report.bag_of_words
        );
        Ok(frame::Report {
            trained: (report.model, report.tokens),
            lines,
            figure,
            against: (report.rnn, chance + 0.05, "chance".into()),
        })
    }

    fn save((model, tokens): &Self::Trained, dir: &Path) -> Result<(), DataError> {
        save(dir, model, tokens)
    }

    fn load(&self, dir: &Path) -> Result<Self::Trained, DataError> {
        load(dir)
    }

    /// With `explain`, each reader's probability of positive at each character; then the
    /// last line, `positive 0.873` or `negative 0.127` (the two readers' mean probability of
    /// positive).
    fn answer(
        &self,
        (model, tokens): &Self::Trained,
        text: &str,
        explain: bool,
    ) -> Result<Vec<String>, Answer> {
        let known = |c: &char| {
            !c.is_whitespace()
                && tokens
                    .index_of(c.to_string().as_str())
                    .is_some_and(|id| id > 0)
        };
        if !text.chars().any(|c| known(&c)) {
            return Err(Answer::Unreadable(format!(
                "{}: none of its characters is one the model learned (each would be read as \
                 <unk>)",
                crate::io::text::quoted(text)
            )));
        }
        let (read, p) =
            self::explain(model, tokens, text).map_err(|e| Answer::Failed(e.to_string()))?;
        let mut lines = Vec::new();
        if explain {
            lines.push(format!(
                "The probability of {} read forward up to each character (→) and backward \
                 from the end down to it (←); the answer is the mean of → at the last and ← at \
                 the first (<unk>: not a token):",
                self.labels[1]
            ));
            let bar = |p: f64| "█".repeat((p * 10.0).round() as usize);
            for &(c, ahead, behind) in &read {
                let shown = if c == ' ' { '␣' } else { c };
                let pad = if display_width(shown) == 1 { " " } else { "" };
                let unknown = if c == ' ' || known(&c) { "" } else { "  <unk>" };
                let (a, b) = (bar(ahead), bar(behind));
                lines.push(format!(
                    "  {shown}{pad}  → {ahead:.3} {a:<10}|  ← {behind:.3} {b:<10}|{unknown}"
                ));
            }
        }
        lines.push(format!("{} {p:.3}", self.labels[(p > 0.5) as usize]));
        Ok(lines)
    }
}
