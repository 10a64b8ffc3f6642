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
//! **The model**: a [`TwoWayClassifier`], two [`Classifier`](crate::cells::Classifier)s:
//! each is Iₜ = E\[idₜ\] (an embedding), a cell, its last hidden state → softmax over
//! {negative, positive}; one reads the review from its first character, the other from its
//! last, each trained on its own by [`fit`] (the batched path in length-sorted mini-batches,
//! on every core) and ending as the moving average of its weights
//! ([`FitOptions::average`]), and the answer is the mean of their probabilities.
//! [`explain`] reads one review and gives both readers' probability of positive at each
//! character (`rnn sentiment --input … --explain`).
//!
//! **The baseline**: logistic regression on space-separated words
//! ([`BagOfWords::train_l2`](super::bag_of_words::BagOfWords::train_l2)), trained on the same file: it sees
//! which words a review has, not their order, and a word it never saw is nothing to it.

use super::bag_of_words::feature_accuracy;
use super::frame::{self, Answer, Event, Need, Shared, Use, files_or};
use super::overflowed;
use super::two_way::TwoWayClassifier;
use crate::io::data::DataError;
use crate::io::reviews::Review;
use crate::io::text::{Vocabulary, display_width};
use crate::linalg::Mt19937;
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
    let at = |t: usize| {
        let pair = t.checked_sub(1).and_then(|s| id(&chars[s..=t]));
        pair.or_else(|| id(&chars[t..=t])).unwrap_or(0)
    };
    let ids: Vec<usize> = (0..chars.len()).map(at).collect();
    if ids.is_empty() { vec![0] } else { ids }
}

/// The characters of `text` with whitespace runs made one space and both ends trimmed.
fn normalized(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut words = text.split_whitespace().peekable();
    std::iter::from_fn(move || words.next().map(|w| (w, words.peek().is_some())))
        .flat_map(|(w, more)| w.chars().chain(more.then_some(' ')))
}

/// The baseline that counts syllable n-grams: logistic regression on which syllable
/// 1-, 2- and 3-grams a review has (each seen at least twice in `train`, the space among
/// the syllables, so 노잼 and "안 좋" are features), trained on `train` with `epochs`
/// full-batch Adam steps and an L2 penalty `l2` ([`BagOfWords::train_l2`](super::bag_of_words::BagOfWords::train_l2)). Returns its
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
    let grams = |r: &Review| -> (Vec<String>, usize) {
        let chars: Vec<char> = normalized(&r.text).collect();
        let mut all: Vec<String> = (1..=3)
            .flat_map(|n| chars.windows(n).map(|w| w.iter().collect::<String>()))
            .collect();
        all.sort_unstable();
        all.dedup(); // which n-grams, not how often
        (all, r.positive as usize)
    };
    let all = |reviews: &[Review]| reviews.iter().map(grams).collect::<Vec<_>>();
    feature_accuracy(&all(train), &all(test), 2, 2, epochs, l2)
}

/// How to train on real reviews: the shared flags ([`Shared`]: its `embedding` is E;
/// `None` means 64), and the bag of words' passes.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::reviews::Options;
/// let options = Options::default();
/// let shared = options.shared;
/// assert_eq!((shared.hidden, shared.embedding), (128, Some(64)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Cell, Dh, E, epochs, batch, seed, threads; Adam's learning rate; the dropout rate on
    /// the recurrent layer's inputs and outputs while training
    /// ([`Dropout`](crate::cells::Dropout)); the L2 penalty λ on every weight
    /// ([`FitOptions::l2`]).
    pub shared: Shared,
    /// Full-batch Adam steps of the bag of words.
    pub bag_epochs: usize,
    /// The bag of words' L2 penalty ([`BagOfWords::train_l2`](super::bag_of_words::BagOfWords::train_l2)).
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
            shared: Shared {
                cell: crate::cells::CellKind::Lstm,
                hidden: 128,
                epochs: 2,
                batch: 32,
                embedding: Some(64),
                learning_rate: 0.002,
                ..Shared::default()
            },
            bag_epochs: 100,
            bag_l2: 1.0,
            baselines: false,
            all_samples: false,
            items: "reviews",
            labels: ["negative", "positive"],
            average: 0.999,
        }
    }
}

impl Options {
    /// The tokens of `train` ([`tokens`]) and the two readers trained on it, the forward
    /// one, then the backward one (its events say which).
    fn train_readers(
        &self,
        train: &[Review],
        shared: &Shared,
        on: &mut dyn FnMut(Event),
    ) -> Result<(TwoWayClassifier, Vocabulary<String>), TrainError> {
        let (epochs, e) = (shared.epochs, shared.embedding.unwrap_or(64));
        on(Event::Note(format!(
            "training two {}s (E {e}, Dh {}), one reading forward, then one reading backward, on {} {}, {epochs} epoch{} each; then the bag of words{}",
            shared.cell.name().to_uppercase(),
            shared.hidden,
            train.len(),
            self.items,
            if epochs == 1 { "" } else { "s" },
            ["", " and the syllable n-grams"][self.baselines as usize]
        )));
        let mut rng = Mt19937::new(shared.seed);
        let tokens = tokens(train);
        let (cell, v, dh) = (shared.cell, tokens.len(), shared.hidden);
        let mut model = TwoWayClassifier::for_ids(cell, v, e, dh, 2, &mut rng);
        let ids: Vec<Vec<usize>> = train.iter().map(|r| encode(&tokens, &r.text)).collect();
        let lengths: Vec<usize> = ids.iter().map(Vec::len).collect();
        let options = FitOptions {
            average: self.average,
            ..shared.fit_options()
        };
        // Each reader in length-sorted mini-batches ([`fit`]), the backward one on the ids
        // reversed, each ending as its weights' moving average (β `average`).
        for (reader, backward) in [(&mut model.forward, false), (&mut model.backward, true)] {
            let read = |ids: &Vec<usize>| match backward {
                true => ids.iter().rev().copied().collect(),
                false => ids.clone(),
            };
            let example = |(ids, review): (&Vec<usize>, &Review)| Example {
                inputs: Input::Ids(read(ids)),
                targets: vec![(ids.len().saturating_sub(1), review.positive as usize)],
            };
            let examples: Vec<Example> = ids.iter().zip(train).map(example).collect();
            // The backward reader's epochs count on from the forward reader's.
            let (way, before) = [("forward", 0), ("backward", epochs)][backward as usize];
            let name = |epoch| format!("{way} reader's epoch {epoch}");
            frame::told(on, before, name, |on_batch, on| {
                let (plan, dropout) = (Batches::by_length(&lengths, on_batch), shared.dropout);
                fit(reader, &examples, &options, dropout, &mut rng, plan, on)
            })?;
        }
        Ok((model, tokens))
    }

    /// Up to three held-out reviews the model got right and three it got wrong, in file
    /// order, each with `positive`, its probability of the second label; none with an
    /// [`ABUSIVE`] word unless `all_samples`.
    fn samples(&self, test: &[Review], positive: &[f64]) -> Vec<String> {
        let [no, yes] = self.labels;
        let clean = |r: &Review| self.all_samples || !ABUSIVE.iter().any(|w| r.text.contains(w));
        let mut lines = Vec::new();
        for (mark, right) in [("✓", true), ("✗", false)] {
            let shown = test
                .iter()
                .zip(positive)
                .filter(|&(r, &p)| ((p > 0.5) == r.positive) == right && clean(r));
            for (review, p) in shown.take(3) {
                let text = &review.text;
                let label = if review.positive { yes } else { no };
                let cut: String = text.chars().take(50).collect();
                let more = if cut.len() < text.len() { "…" } else { "" };
                lines.push(format!("  {mark} {p:.3}  {label}  {cut}{more}"));
            }
        }
        lines
    }
}

/// The bag of words (logistic regression on space-separated words, [`feature_accuracy`])
/// trained on `train` with `epochs` full-batch steps and the L2 penalty `l2`: its accuracy
/// on `test`, and how many words it knows.
fn bag_of_words(train: &[Review], test: &[Review], epochs: usize, l2: f64) -> (f64, usize) {
    let words = |reviews: &[Review]| -> Vec<(Vec<String>, usize)> {
        let words = |r: &Review| r.text.split_whitespace().map(String::from).collect();
        let each = |r: &Review| (words(r), r.positive as usize);
        reviews.iter().map(each).collect()
    };
    feature_accuracy(&words(train), &words(test), 2, 1, epochs, l2)
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
    let step = |(t, c): (usize, char)| (c, ahead.row(t)[1], behind.row(t)[1]);
    let read = chars.into_iter().enumerate().map(step).collect();
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

/// `rnn sentiment` on real reviews, through the frame ([`Use`]): NSMC's reviews (the
/// committed sample without `--train`), two readers of syllables and pairs, the bag of
/// words beside them.
///
/// # Examples
///
/// Trained and scored ([`Use::run`]):
///
/// ```
/// use rnn_from_scratch::io::reviews::Review;
/// use rnn_from_scratch::programs::uses::frame::{Shared, Use};
/// use rnn_from_scratch::programs::uses::reviews::Options;
///
/// let review = |text: &str, positive| Review { text: text.into(), positive };
/// let train: Vec<Review> = (0..40).map(|k| if k % 2 == 0 { review("재밌다 최고", true) } else { review("별로다 노잼", false) }).collect();
/// let test = vec![review("최고 재밌다", true), review("노잼", false)];
/// let options = Options::default();
/// let shared = Shared { hidden: 8, embedding: Some(4), epochs: 20, batch: 8, learning_rate: 0.01, ..options.shared };
/// let report = options.run(&train, &test, &shared, &mut |_| {})?;
/// assert_eq!(report.against.0, 1.0); // both readers' mean
/// assert!(report.figure.ends_with("bag-of-words 1.000"), "{}", report.figure);
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
///
/// Saved as a folder ([`Use::save`]): `e.npy` for the forward reader's embedding (`e_2.npy`,
/// `wx_2.npy` … the backward reader's), and `vocab.txt` in the tokens' id order (`<unk>`,
/// U+FFFD, first; a pair as its two characters, `U+C7AC U+BBF8` for 재미); loaded back
/// ([`Use::load`]), where a folder of one reader (saved before the model read reviews both
/// ways) is named:
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::io::reviews::Review;
/// use rnn_from_scratch::programs::uses::frame::Use;
/// use rnn_from_scratch::programs::uses::reviews::{tokens, Options};
/// use rnn_from_scratch::programs::uses::two_way::TwoWayClassifier;
/// use rnn_from_scratch::Mt19937;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-save-sentiment-{}", std::process::id()));
/// let vocab = tokens(&[Review { text: "재미 재미 재미 재미 재미".into(), positive: true }]);
/// assert!(vocab.index_of("재미").is_some()); // a pair: two characters on one line
/// let model = TwoWayClassifier::for_ids(CellKind::Lstm, vocab.len(), 4, 6, 2, &mut Mt19937::new(0));
/// let trained = (model, vocab);
/// Options::save(&trained, &dir)?;
/// assert_eq!(Options::default().load(&dir)?, trained);
/// let err = rnn_from_scratch::programs::char_model::load(&dir).unwrap_err();
/// assert!(err.to_string().ends_with("holds a sentiment model, not a char-rnn model"), "{err}");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
impl Use for Options {
    type Item = Review;
    type Trained = (TwoWayClassifier, Vocabulary<String>);
    type Model = TwoWayClassifier;
    const COMMAND: &'static str = "rnn sentiment";
    const ITEMS: &'static str = "reviews";
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
        "lr",
    ];
    const INPUT: &'static str = "a review to read, such as --input \"이 영화 진짜 노잼\"";

    fn defaults(&self) -> Shared {
        self.shared
    }

    fn data(
        &self,
        train: Option<&Path>,
        test: Option<&Path>,
        _: &Shared,
    ) -> frame::Examples<Review> {
        let sample = || {
            let mut all = crate::io::reviews::sample();
            let test = all.split_off(crate::io::reviews::SAMPLE_TRAIN);
            (all, test)
        };
        files_or(train, test, crate::io::reviews::read, sample, "reviews")
    }

    fn memory(&self, train: &[Review], test: &[Review], shared: &Shared) -> Need {
        let longest = train.iter().chain(test).map(|r| r.text.chars().count());
        let text = train.iter().chain(test).map(|r| r.text.len() as u64).sum();
        let e = shared.embedding.unwrap_or(64);
        let states = shared.states([e, shared.hidden, 2, longest.max().unwrap_or(1), 1]);
        (
            states + crate::programs::memory::text(text),
            "the reviews, the weights, and a batch of the longest review's states on each thread",
            "--batch, --hidden or --embedding, or leave out the longest reviews",
        )
    }

    const ROUNDS: &'static [&'static str] = &["forward reader", "backward reader"];

    /// Trains the two readers on `train` (each by [`fit`], in length-sorted mini-batches),
    /// then the bag of words (and with `baselines` the syllable n-grams), and scores them
    /// all on `test`; the lines show up to three held-out reviews the model got right and
    /// three it got wrong, in file order (none with an [`ABUSIVE`] word unless
    /// `all_samples`).
    fn run(
        &self,
        train: &[Review],
        test: &[Review],
        shared: &Shared,
        on: &mut dyn FnMut(Event),
    ) -> Result<frame::Report<Self::Trained>, TrainError> {
        let (cell, items, yes) = (shared.cell.name(), self.items, self.labels[1]);
        let (model, tokens) = self.train_readers(train, shared, on)?;
        let test_ids: Vec<Vec<usize>> = test.iter().map(|r| encode(&tokens, &r.text)).collect();
        let ngrams = match self.baselines {
            true => " and the syllable n-grams (about 20 s on 135,000 reviews)",
            false => "",
        };
        on(Event::Note(format!(
            "scoring the held-out {items}, then training the bag of words{ngrams}"
        )));
        // Each reader's probability of positive for each review (forward, backward).
        let each_way = frame::each_in_chunks(&test_ids, 256, shared.threads, |ids| {
            let (ahead, behind) = model.read(ids).map_err(|e| overflowed(&e))?;
            Ok((ahead.row(ids.len() - 1)[1], behind.row(0)[1]))
        })?;
        let both = |&(ahead, behind): &(f64, f64)| (ahead + behind) / 2.0; // p = ½·(p→ + p←)
        let right = |p: f64, r: &Review| (p > 0.5) == r.positive;
        let pairs = each_way.iter().zip(test);
        let accuracy = |p: &dyn Fn(&(f64, f64)) -> f64| {
            let said = pairs.clone().filter(|&(r, review)| right(p(r), review));
            said.count() as f64 / test.len() as f64
        };
        let (bag, words) = bag_of_words(train, test, self.bag_epochs, self.bag_l2);
        let ngram = || ngram_baseline(train, test, NGRAM_EPOCHS, NGRAM_L2);
        let ngrams = self.baselines.then(ngram);
        let (chars, unknown) =
            (test_ids.iter().flatten()).fold((0, 0), |(n, u), &id| (n + 1, u + (id == 0) as usize));
        let mut lines = vec![
            format!(
                "{} {items} trained on, {} tokens (characters and pairs of characters, <unk> {:.2}% of the held-out text); bag of words: {words} words{}",
                train.len(),
                tokens.len(),
                100.0 * unknown as f64 / chars.max(1) as f64,
                ngrams.map_or(String::new(), |(_, n)| format!("; syllable 1-3-grams: {n}"))
            ),
            format!(
                "Held-out {items}, right (✓) and wrong (✗), with the {cell}'s probability of {yes}:"
            ),
        ];
        let positive: Vec<f64> = each_way.iter().map(both).collect();
        lines.extend(self.samples(test, &positive));
        let ngrams = ngrams.map_or(String::new(), |(a, _)| {
            format!(", syllable 1-3-grams {a:.3}")
        });
        // Always answering the more common label scores this (reviews: balanced, 0.5).
        let common = test.iter().filter(|r| r.positive).count() as f64 / test.len() as f64;
        let chance = common.max(1.0 - common);
        let rnn = accuracy(&both);
        let figure = format!(
            "held-out accuracy on {} {items}: {cell} {rnn:.3} (forward {:.3}, backward {:.3}), bag-of-words {bag:.3}{ngrams}",
            test.len(),
            accuracy(&|r| r.0),
            accuracy(&|r| r.1),
        );
        Ok(frame::Report {
            trained: (model, tokens),
            lines,
            figure,
            against: (rnn, chance + 0.05, "chance".into()),
        })
    }

    fn save((model, tokens): &Self::Trained, dir: &Path) -> Result<(), DataError> {
        crate::io::save::save(dir, model, &[tokens.tokens()], "")
    }

    fn load(&self, dir: &Path) -> Result<Self::Trained, DataError> {
        let manifest = crate::io::save::read_manifest(dir)?;
        let ours = manifest.lines().any(|l| l == "program sentiment");
        if ours && !manifest.lines().any(|l| l.starts_with("array e_2.npy ")) {
            return Err(DataError::new(format!(
                "{}: a sentiment model with one reader, saved before the model read reviews both \
                 ways; train it again and save it (rnn sentiment --train FILE --save DIR)",
                dir.join("model.txt").display()
            )));
        }
        let (model, mut vocabularies, _) = frame::load(dir)?;
        Ok((model, vocabularies.remove(0)))
    }

    /// With `explain`, each reader's probability of positive at each character; then the
    /// last line, `positive 0.873` or `negative 0.127` (the two readers' mean probability of
    /// positive).
    fn answer(&self, (model, tokens): &Self::Trained, text: &str, explain: bool) -> frame::Lines {
        let known = |c: &char| {
            let id = tokens.index_of(c.to_string().as_str());
            !c.is_whitespace() && id.is_some_and(|id| id > 0)
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
