//! Many-to-one (다 대 일): sentiment classification (감성 분류) of short reviews whose
//! label depends on word order: negation flips it.
//!
//! The grammar, in English: `SUBJECT VERB [ADVERB] [not] ADJECTIVE`, e.g. "the movie is
//! really not boring" (a third of the reviews are negated, as in real reviews most are not). In Korean: `SUBJECT [ADVERB] ADJECTIVE [지 않] 다`, e.g. "영화가 정말
//! 지루하지 않다", cut into morphemes so that the negation 지 않 is its own pair of tokens:
//! `영화 가 정말 지루하 지 않 다`. A sentence is positive if its adjective is positive
//! and it is not negated, or its adjective is negative and it is negated.

use super::bag_of_words::BagOfWords;
use super::frame::{self, Event, Examples, Shared, Use};
use super::numbers::Language;
use super::{one_hot_words, word_ids, word_vocabulary};
use crate::cells::{BatchStep, Cell, Embedded, Embedding, SequenceModel};
use crate::io::text::{Vocabulary, display_width};
use crate::linalg::Mt19937;
use crate::train::{Batches, Example, FitOptions, Input, TrainError, fit};
use std::path::Path;

/// One generated review.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::sentiment::sentences;
/// use rnn_from_scratch::programs::uses::numbers::Language;
/// let all = sentences(Language::English);
/// assert!(all.iter().any(|s| s.negated && s.positive)); // "not bad" is positive
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The tokens the model reads, one per timestep.
    pub tokens: Vec<String>,
    /// The sentence as a reader writes it.
    pub text: String,
    /// The label: positive (class 1) or negative (class 0).
    pub positive: bool,
    /// Whether the sentence has a negation.
    pub negated: bool,
}

const EN_SUBJECTS: [&str; 5] = [
    "the movie",
    "this film",
    "the story",
    "the acting",
    "the music",
];
const EN_VERBS: [&str; 2] = ["is", "was"];
const EN_ADVERBS: [&str; 4] = ["", "really", "very", "quite"];
const EN_POSITIVE: [&str; 5] = ["good", "great", "fun", "moving", "clever"];
const EN_NEGATIVE: [&str; 5] = ["bad", "boring", "dull", "awful", "silly"];

const KO_SUBJECTS: [(&str, &str); 5] = [
    ("영화", "가"),
    ("이 영화", "는"),
    ("줄거리", "가"),
    ("연기", "가"),
    ("음악", "이"),
];
const KO_ADVERBS: [&str; 4] = ["", "정말", "아주", "꽤"];
const KO_POSITIVE: [&str; 5] = ["재미있", "좋", "훌륭하", "신나", "멋지"];
const KO_NEGATIVE: [&str; 5] = ["재미없", "지루하", "나쁘", "시시하", "따분하"];

/// The one verb (동사) among the stems: a verb ends a plain sentence in ㄴ다/는다, an
/// adjective (형용사) in 다, so 신나 reads 신난다 and 신나지 않는다, where 재미있 reads
/// 재미있다 and 재미있지 않다.
const KO_VERBS: [&str; 1] = ["신나"];

/// Every sentence the grammar makes (300 in each language, a third of them negated), in a
/// fixed order.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::sentiment::sentences;
/// use rnn_from_scratch::programs::uses::numbers::Language;
///
/// let en = sentences(Language::English);
/// let s = en.iter().find(|s| s.text == "the movie was not bad").unwrap();
/// assert!(s.positive && s.negated);
/// let ko = sentences(Language::Korean);
/// let s = ko.iter().find(|s| s.text == "영화가 재미있지 않다").unwrap();
/// assert!(!s.positive && s.negated);
/// assert_eq!(s.tokens, ["영화", "가", "재미있", "지", "않", "다"]);
/// ```
pub fn sentences(language: Language) -> Vec<Sentence> {
    let adjectives = |good: [&'static str; 5], bad: [&'static str; 5]| {
        [good.map(|a| (a, true)), bad.map(|a| (a, false))].concat()
    };
    let mut all = Vec::new();
    match language {
        Language::English => english(&adjectives(EN_POSITIVE, EN_NEGATIVE), &mut all),
        Language::Korean => korean(&adjectives(KO_POSITIVE, KO_NEGATIVE), &mut all),
    }
    all
}

/// The English sentences of [`sentences`], each adjective with its sentiment.
fn english(adjectives: &[(&str, bool)], all: &mut Vec<Sentence>) {
    for subject in EN_SUBJECTS {
        for (v, verb) in EN_VERBS.iter().enumerate() {
            for adverb in EN_ADVERBS {
                for negated in [false, true] {
                    // "not" only after no adverb or "really": a third of the reviews.
                    if negated && !matches!(adverb, "" | "really") {
                        continue;
                    }
                    for &(adjective, good) in adjectives {
                        // One verb per adjective (by parity): as many sentences as in Korean.
                        if (v + adjective.len()) % 2 == 1 {
                            continue;
                        }
                        let not = if negated { "not" } else { "" };
                        let words = subject.split(' ').chain([*verb, adverb, not, adjective]);
                        let words: Vec<&str> = words.filter(|w| !w.is_empty()).collect();
                        all.push(Sentence {
                            text: words.join(" "),
                            tokens: words.iter().map(|w| w.to_string()).collect(),
                            positive: good != negated,
                            negated,
                        });
                    }
                }
            }
        }
    }
}

/// The Korean sentences of [`sentences`], each stem with its sentiment.
fn korean(stems: &[(&str, bool)], all: &mut Vec<Sentence>) {
    for (subject, particle) in KO_SUBJECTS {
        for adverb in KO_ADVERBS {
            for negated in [false, true] {
                // 지 않 only after no adverb or 정말: a third of the reviews.
                if negated && !matches!(adverb, "" | "정말") {
                    continue;
                }
                for &(stem, good) in stems {
                    let tokens = subject.split(' ').chain([particle, adverb, stem]);
                    let mut tokens: Vec<&str> = tokens.filter(|w| !w.is_empty()).collect();
                    // Without an adverb, one space between the subject and the stem.
                    let mut text =
                        format!("{subject}{particle} {adverb} {stem}").replace("  ", " ");
                    let verb = KO_VERBS.contains(&stem);
                    let (ending, written): (&[&str], &str) = match (negated, verb) {
                        (false, false) => (&["다"], "다"),    //              재미있다
                        (false, true) => (&["ㄴ다"], "난다"), //           신나 + ㄴ다 = 신난다
                        (true, false) => (&["지", "않", "다"], "지 않다"), // 재미있지 않다
                        (true, true) => (&["지", "않", "는다"], "지 않는다"), // 신나지 않는다
                    };
                    if (negated, verb) == (false, true) {
                        text.pop(); // 나, written again as 난
                    }
                    tokens.extend(ending);
                    text.push_str(written);
                    all.push(Sentence {
                        tokens: tokens.iter().map(|w| w.to_string()).collect(),
                        text,
                        positive: good != negated,
                        negated,
                    });
                }
            }
        }
    }
}

/// Every word (or morpheme) of the language's sentences: d for a model that reads them.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::sentiment::vocabulary;
/// use rnn_from_scratch::programs::uses::numbers::Language;
/// assert_eq!(vocabulary(Language::English).index_of("not").is_some(), true);
/// assert!(vocabulary(Language::Korean).index_of("않").is_some()); // the negation is a token of its own
/// ```
pub fn vocabulary(language: Language) -> Vocabulary<String> {
    let lists: Vec<Vec<String>> = sentences(language).into_iter().map(|s| s.tokens).collect();
    word_vocabulary(&lists)
}

/// What `rnn sentiment --generated` measures.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::uses::sentiment::{run, vocabulary};
/// use rnn_from_scratch::programs::uses::numbers::Language;
/// use rnn_from_scratch::train::FitOptions;
/// use rnn_from_scratch::Mt19937;
///
/// let d = vocabulary(Language::English).len();
/// let cell = CellKind::Rnn.build(d, 8, &mut Mt19937::new(0));
/// let options = FitOptions::default();
/// let report = run(cell, Language::English, &options, 0, |_, _| {})?;
/// assert!(report.test_size > 0 && (0.0..=1.0).contains(&report.rnn));
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Held-out sentences.
    pub test_size: usize,
    /// Held-out accuracy of the RNN, all sentences.
    pub rnn: f64,
    /// Held-out accuracy of the bag-of-words baseline, all sentences.
    pub bag_of_words: f64,
    /// The same on the negated held-out sentences only.
    pub rnn_negated: f64,
    /// The RNN on the plain (not negated) held-out sentences.
    pub rnn_plain: f64,
    /// The baseline on the plain held-out sentences.
    pub bag_of_words_plain: f64,
    /// The same on the negated held-out sentences only.
    pub bag_of_words_negated: f64,
    /// (sentence, truth, RNN's answer, baseline's answer) for a few held-out sentences.
    pub samples: Vec<(String, bool, bool, bool)>,
}

/// Generates the sentences, holds out 30% (seeded shuffle), trains `cell` (many-to-one:
/// the last hidden state → a 2-class softmax) and the bag-of-words baseline, and scores
/// both on the held-out sentences.
///
/// # Errors
///
/// A non-finite loss during training.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::uses::sentiment::{run, vocabulary};
/// use rnn_from_scratch::programs::uses::numbers::Language;
/// use rnn_from_scratch::train::FitOptions;
/// use rnn_from_scratch::Mt19937;
///
/// let d = vocabulary(Language::English).len();
/// let cell = CellKind::Rnn.build(d, 8, &mut Mt19937::new(0));
/// let options = FitOptions::default();
/// let report = run(cell, Language::English, &options, 0, |_, _| {})?;
/// assert!((0.0..=1.0).contains(&report.bag_of_words_negated));
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn run<C: BatchStep>(
    cell: C,
    language: Language,
    options: &FitOptions,
    seed: u32,
    on_epoch: impl FnMut(usize, f64),
) -> Result<Report, TrainError> {
    let shuffled = |m: &mut _, e: &[Example], o: &_, rng: &mut _, on| {
        fit(m, e, o, 0.0, rng, Batches::shuffled(), on)
    };
    run_with(cell, language, options, seed, on_epoch, shuffled)
}

/// [`run`] with the trainer given: [`fit`] in shuffled mini-batches, as
/// [`run`] has it, or any other (length-sorted ones, or one review at a time on the
/// literal path).
///
/// # Errors
///
/// As [`run`].
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{Embedded, Embedding, GruCell};
/// use rnn_from_scratch::programs::uses::sentiment::{run_with, vocabulary};
/// use rnn_from_scratch::programs::uses::numbers::Language;
/// use rnn_from_scratch::train::{fit, Batches, FitOptions};
/// use rnn_from_scratch::Mt19937;
///
/// let mut rng = Mt19937::new(0);
/// let v = vocabulary(Language::English).len();
/// let cell = Embedded::new(Embedding::init(v, 8, &mut rng), GruCell::init(8, 8, &mut rng))?;
/// let options = FitOptions { batch: 32, threads: 2, ..FitOptions::default() };
/// let lengths = |examples: &[_]| -> Vec<usize> { examples.iter().map(|e: &rnn_from_scratch::train::Example| e.inputs.timesteps()).collect() };
/// let batched = |model: &mut _, examples: &[_], options: &_, rng: &mut _, on_epoch| {
///     fit(model, examples, options, 0.0, rng, Batches::by_length(&lengths(examples), |_, _| {}), on_epoch)
/// };
/// let report = run_with(cell, Language::English, &options, 0, |_, _| {}, batched)?;
/// assert!((0.0..=1.0).contains(&report.rnn));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_with<C: Cell, F>(
    cell: C,
    language: Language,
    options: &FitOptions,
    seed: u32,
    on_epoch: F,
    trainer: impl FnOnce(
        &mut SequenceModel<C>,
        &[Example],
        &FitOptions,
        &mut Mt19937,
        F,
    ) -> Result<(), TrainError>,
) -> Result<Report, TrainError>
where
    F: FnMut(usize, f64),
{
    let mut rng = Mt19937::new(seed);
    let mut all = sentences(language);
    rng.shuffle(&mut all);
    let vocab = word_vocabulary(&all.iter().map(|s| s.tokens.clone()).collect::<Vec<_>>());
    let test = all.split_off(training_size(language));
    let train = all;

    let example = |s: &Sentence| Example {
        inputs: Input::Ids(word_ids(&vocab, &s.tokens)),
        targets: vec![(s.tokens.len() - 1, s.positive as usize)],
    };
    let examples: Vec<Example> = train.iter().map(example).collect();
    let mut model = SequenceModel::with_softmax(cell, 2, &mut rng);
    trainer(&mut model, &examples, options, &mut rng, on_epoch)?;

    let counted = |s: &Sentence| (word_ids(&vocab, &s.tokens), s.positive as usize);
    let bag_data: Vec<(Vec<usize>, usize)> = train.iter().map(counted).collect();
    let bag = BagOfWords::train_l2(&bag_data, vocab.len(), 2, 300, 0.0);

    score(&model, &bag, &vocab, &test)
}

/// The trained `model` and the bag of words `bag` scored on the held-out sentences, all of
/// them, the negated ones and the plain ones; the first six negated ones kept as samples.
fn score<C: Cell>(
    model: &SequenceModel<C>,
    bag: &BagOfWords,
    vocab: &Vocabulary<String>,
    test: &[Sentence],
) -> Result<Report, TrainError> {
    let state0 = model.zero_state();
    let mut said = Vec::new(); // (the sentence, the RNN's answer, the baseline's)
    for s in test {
        let p = model
            .predict_last(&one_hot_words(vocab, &s.tokens), &state0)
            .map_err(|e| TrainError::new(e.to_string()))?;
        let bag_says = bag.predict(&word_ids(vocab, &s.tokens)) == 1;
        said.push((s, crate::cells::greedy(&p) == 1, bag_says));
    }
    // The share of the sentences `negated` picks that answer `k` (0 the RNN's, 1 the
    // baseline's) gets right.
    let right = |negated: &dyn Fn(bool) -> bool, k: usize| {
        let picked = said.iter().filter(|said| negated(said.0.negated));
        let n = picked.clone().count().max(1);
        let right = picked.filter(|&&(s, rnn, bag)| [rnn, bag][k] == s.positive);
        right.count() as f64 / n as f64
    };
    let (rnn, bag) = (0, 1);
    let (all, negated, plain) = (|_| true, |n| n, |n: bool| !n);
    let shown = said.iter().filter(|said| said.0.negated).take(6);
    Ok(Report {
        test_size: test.len(),
        rnn: right(&all, rnn),
        bag_of_words: right(&all, bag),
        rnn_negated: right(&negated, rnn),
        bag_of_words_negated: right(&negated, bag),
        rnn_plain: right(&plain, rnn),
        bag_of_words_plain: right(&plain, bag),
        samples: shown
            .map(|&(s, r, b)| (s.text.clone(), s.positive, r, b))
            .collect(),
    })
}

/// How many reviews [`run`] trains on: 70% of [`sentences`], the rest held out. A
/// mini-batch cannot be larger.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::sentiment::{sentences, training_size};
/// use rnn_from_scratch::programs::uses::numbers::Language;
/// let all = sentences(Language::Korean).len();
/// assert_eq!(training_size(Language::Korean), all * 7 / 10);
/// ```
pub fn training_size(language: Language) -> usize {
    sentences(language).len() * 7 / 10
}

/// `rnn sentiment --generated`, through the frame ([`Use`]): the generated reviews of a
/// language, a data set made anew each run from the seed; the notes' cell reads them
/// ([`run`]), the bag of words beside it. Nothing is saved or loaded.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::frame::{Shared, Use};
/// use rnn_from_scratch::programs::uses::sentiment::Generated;
/// use rnn_from_scratch::programs::uses::numbers::Language;
///
/// let shared = Shared { epochs: 1, ..Shared::default() };
/// let generated = Generated(Language::English);
/// let report = generated.run(&[], &[], &shared, &mut |_| {})?;
/// assert!(report.lines[0].starts_with("90 held-out sentences. Plain ones: rnn "));
/// assert!(report.figure.starts_with("held-out accuracy: rnn "));
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated(pub Language);

impl Use for Generated {
    type Item = Sentence;
    type Trained = ();
    type Model = super::two_way::TwoWayClassifier; // never saved: no `--save` here
    const COMMAND: &'static str = "rnn sentiment";
    const ITEMS: &'static str = "reviews";
    const FLAGS: &'static [&'static str] = &["embedding"];
    const INPUT: &'static str = "";
    const EPOCHS_ONLY: bool = true;

    /// The notes' cell, Dh 16, 40 epochs in mini-batches of 8 ([`Shared::default`]).
    fn defaults(&self) -> Shared {
        Shared::default()
    }

    /// The reviews as [`run`] holds them out: 70% to train on, in an order drawn from the
    /// seed.
    fn batch_limit(&self) -> usize {
        training_size(self.0)
    }

    fn data(&self, _: Option<&Path>, _: Option<&Path>, shared: &Shared) -> Examples<Sentence> {
        let mut all = sentences(self.0);
        Mt19937::new(shared.seed).shuffle(&mut all);
        let test = all.split_off(training_size(self.0));
        Ok((all, test))
    }

    /// A fresh cell of `shared.cell` (d = the vocabulary size of the language), trained and
    /// scored by [`run`]. With `shared.embedding` set, the cell reads a V×E table and trains
    /// through the batched path ([`fit`]: one matrix product per step for
    /// the reviews of one length); the held-out figures are those of the literal path on the
    /// same model (`tests/batch.rs` checks), in less time: with E 16 on one thread, the LSTM
    /// trains in 0.11 s where one review at a time took 0.35 s.
    ///
    /// Its figures, as lines: the plain held-out sentences' scores, then a few negated ones,
    /// each with its truth and what the cell and the bag of words said; the last line, which
    /// scripts read, the held-out accuracy of the cell and of the bag of words, on all the
    /// sentences and on the negated ones.
    fn run(
        &self,
        _: &[Sentence],
        _: &[Sentence],
        shared: &Shared,
        on: &mut dyn FnMut(Event),
    ) -> Result<frame::Report<()>, TrainError> {
        let (language, options, seed) = (self.0, shared.fit_options(), shared.seed);
        let (v, mut rng) = (vocabulary(language).len(), Mt19937::new(seed));
        let name = |epoch| format!("epoch {epoch}");
        let report = frame::told(on, 0, name, |_, on_epoch| match shared.embedding {
            None => {
                let cell = shared.cell.build(v, shared.hidden, &mut rng); // one-hot words
                run(cell, language, &options, seed, on_epoch)
            }
            Some(e) => {
                // Iₜ = E[idₜ]: the cell reads E values instead of V (the notes' d = E).
                let table = Embedding::init(v, e, &mut rng);
                let cell = shared.cell.build(e, shared.hidden, &mut rng);
                let cell =
                    Embedded::new(table, cell).map_err(|e| TrainError::new(e.to_string()))?;
                run(cell, language, &options, seed, on_epoch)
            }
        })?;
        let cell = shared.cell.name();
        let mut lines = vec![format!(
            "{} held-out sentences. Plain ones: {cell} {:.3}, bag-of-words {:.3}. Some negated ones:",
            report.test_size, report.rnn_plain, report.bag_of_words_plain
        )];
        let label = |p: bool| if p { "positive" } else { "negative" };
        for (text, truth, rnn, bag) in &report.samples {
            // Hangul takes two columns on a terminal: pad by display width, not characters.
            let width: usize = text.chars().map(display_width).sum();
            let pad = " ".repeat(34usize.saturating_sub(width));
            lines.push(format!(
                "  {text}{pad}{:<9} {cell}: {:<9} bag-of-words: {}",
                label(*truth),
                label(*rnn),
                label(*bag)
            ));
        }
        Ok(frame::Report {
            trained: (),
            lines,
            figure: format!(
                "held-out accuracy: {cell} {:.3}, bag-of-words {:.3}; negated: {cell} {:.3}, bag-of-words {:.3}",
                report.rnn, report.bag_of_words, report.rnn_negated, report.bag_of_words_negated
            ),
            against: (report.rnn, f64::NEG_INFINITY, String::new()),
        })
    }
}
