//! Many-to-many (다 대 다): part-of-speech tagging (품사 태깅), one tag per word, where
//! many words can be a noun or a verb and only the context says which.
//!
//! The grammar: six sentence templates over the tags DET, PRON, MODAL, ADJ, NOUN, VERB.
//! `fish`, `duck`, `saw`, `plant`, `water`, `light`, `book` and `can` are both nouns and
//! verbs (`can` is a modal too): "the duck saw the plant" (NOUN VERB … NOUN) but "they
//! saw the duck" (… VERB … NOUN). In two templates the first word's tag is decided only by
//! the word *after* it: "water the plant" (VERB) against "fish saw the
//! boat" (NOUN): there a left-to-right RNN must guess, and a bidirectional one can know.

use super::frame::{self, Event, Examples, Shared, Use};
use super::{one_hot_words, word_ids, word_vocabulary};
use crate::cells::BatchStep;
use crate::cells::{Bidirectional, Embedded, Embedding, SequenceModel, Stacked};
use crate::io::text::Vocabulary;
use crate::linalg::{Mt19937, ShapeError, Vector};
use crate::train::{Batches, Example, FitOptions, Input, TrainError, fit};
use std::path::Path;

/// The tags, in class order.
///
/// # Examples
///
/// ```
/// assert_eq!(rnn_from_scratch::programs::uses::tagging::TAGS[4], "NOUN");
/// ```
pub const TAGS: [&str; 6] = ["DET", "PRON", "MODAL", "ADJ", "NOUN", "VERB"];

const DET: usize = 0;
const PRON: usize = 1;
const MODAL: usize = 2;
const ADJ: usize = 3;
const NOUN: usize = 4;
const VERB: usize = 5;

/// Words that are both nouns and verbs.
const AMBIGUOUS: [&str; 8] = [
    "fish", "duck", "saw", "plant", "water", "light", "book", "can",
];

fn words_for(tag: usize) -> Vec<&'static str> {
    match tag {
        DET => vec!["the", "a"],
        PRON => vec!["they", "we", "you"],
        MODAL => vec!["can", "will", "must"],
        ADJ => vec!["old", "green", "big"],
        NOUN => [&["lake", "boat", "tree", "dog"][..], &AMBIGUOUS[..]].concat(),
        _ => [&["see", "eat", "like"][..], &AMBIGUOUS[..]].concat(),
    }
}

/// The sentence templates, as tag sequences.
const TEMPLATES: [&[usize]; 6] = [
    &[DET, NOUN, VERB, DET, NOUN],   // the duck saw the plant
    &[PRON, VERB, DET, ADJ, NOUN],   // they water the green plant
    &[PRON, MODAL, VERB, DET, NOUN], // we can fish the lake
    &[DET, ADJ, NOUN, MODAL, VERB],  // the old dog will eat
    &[VERB, DET, NOUN],              // water the plant       (first word: VERB)
    &[NOUN, VERB, DET, NOUN],        // fish saw the boat     (first word: NOUN)
];

/// A random tagged sentence from the grammar: (words, tags).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{programs::uses::tagging::{sentence, TAGS}, Mt19937};
///
/// let (words, tags) = sentence(&mut Mt19937::new(1));
/// assert_eq!(words.len(), tags.len());
/// assert!(tags.iter().all(|&t| t < TAGS.len()));
/// ```
pub fn sentence(rng: &mut Mt19937) -> (Vec<String>, Vec<usize>) {
    let template = TEMPLATES[rng.below(TEMPLATES.len())];
    let words = template
        .iter()
        .map(|&tag| {
            let choices = words_for(tag);
            choices[rng.below(choices.len())].to_string()
        })
        .collect();
    (words, template.to_vec())
}

/// What `rnn tagger` measures.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::uses::tagging::{run, vocabulary};
/// use rnn_from_scratch::train::FitOptions;
/// use rnn_from_scratch::Mt19937;
///
/// let cell = CellKind::Rnn.build(vocabulary().len(), 8, &mut Mt19937::new(0));
/// let options = FitOptions::default();
/// let report = run(cell, &options, 0, false, |_, _| {})?;
/// assert!((0.0..=1.0).contains(&report.accuracy) && report.baseline > 0.5);
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Held-out token accuracy of the recurrent tagger.
    pub accuracy: f64,
    /// Held-out token accuracy of tagging every word with its most frequent training tag.
    pub baseline: f64,
    /// The recurrent tagger's accuracy on the ambiguous words only.
    pub ambiguous_accuracy: f64,
    /// A few held-out sentences: (words, true tags, predicted tags).
    pub samples: Vec<(Vec<String>, Vec<usize>, Vec<usize>)>,
}

/// Generates 1500 training and 500 held-out sentences (seeded), trains `cell` with a
/// softmax over the tags at every step ([`fit`] in shuffled mini-batches, or `by_length`
/// in length-sorted ones, as for a cell under an embedding), and compares it with the
/// most-frequent-tag baseline.
///
/// # Errors
///
/// A non-finite loss during training.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::uses::tagging::{run, vocabulary};
/// use rnn_from_scratch::train::FitOptions;
/// use rnn_from_scratch::Mt19937;
///
/// let cell = CellKind::Rnn.build(vocabulary().len(), 8, &mut Mt19937::new(0));
/// let options = FitOptions::default();
/// let report = run(cell, &options, 0, false, |_, _| {})?;
/// assert!(!report.samples.is_empty());
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn run<C: BatchStep>(
    cell: C,
    options: &FitOptions,
    seed: u32,
    by_length: bool,
    on_epoch: impl FnMut(usize, f64),
) -> Result<Report, TrainError> {
    let rng = &mut Mt19937::new(seed);
    let train: Vec<(Vec<String>, Vec<usize>)> = (0..TRAINING_SIZE).map(|_| sentence(rng)).collect();
    let test: Vec<(Vec<String>, Vec<usize>)> = (0..500).map(|_| sentence(rng)).collect();
    let vocab = vocabulary();

    let example = |(words, tags): &(Vec<String>, Vec<usize>)| Example {
        inputs: Input::Ids(word_ids(&vocab, words)),
        targets: tags.iter().copied().enumerate().collect(),
    };
    let examples: Vec<Example> = train.iter().map(example).collect();
    let mut model = SequenceModel::with_softmax(cell, TAGS.len(), rng);
    let lengths: Vec<usize> = examples.iter().map(|e| e.inputs.timesteps()).collect();
    let plan = Batches {
        lengths: by_length.then_some(&lengths[..]),
        ..Batches::shuffled()
    };
    fit(&mut model, &examples, options, 0.0, rng, plan, on_epoch)?;

    // The baseline: each word's most frequent tag in training (ties: the lower tag).
    let mut counts = vec![[0usize; TAGS.len()]; vocab.len()];
    for (words, tags) in &train {
        for (w, &t) in words.iter().zip(tags) {
            counts[vocab.index_of(w).expect("known")][t] += 1;
        }
    }
    let most_frequent = |w: &str| {
        let c = &counts[vocab.index_of(w).expect("known")];
        (0..TAGS.len())
            .max_by_key(|&t| (c[t], usize::MAX - t))
            .expect("six tags")
    };

    let state0 = model.zero_state();
    let (mut right, mut base_right, mut total, mut ambiguous, mut ambiguous_right) =
        (0, 0, 0, 0, 0);
    let mut samples = Vec::new();
    for (words, tags) in &test {
        let (states, _, _) = model
            .cell()
            .forward_cached(&one_hot_words(&vocab, words), &state0)
            .map_err(|e| TrainError::new(e.to_string()))?;
        let predicted: Vec<usize> = (0..words.len())
            .map(|t| crate::cells::greedy(&model.output().step(&Vector::from(states.row(t)))))
            .collect();
        for ((w, &tag), &p) in words.iter().zip(tags).zip(&predicted) {
            total += 1;
            right += (p == tag) as usize;
            base_right += (most_frequent(w) == tag) as usize;
            if AMBIGUOUS.contains(&w.as_str()) {
                ambiguous += 1;
                ambiguous_right += (p == tag) as usize;
            }
        }
        if samples.len() < 4 && AMBIGUOUS.contains(&words[0].as_str()) {
            samples.push((words.clone(), tags.clone(), predicted));
        }
    }
    Ok(Report {
        accuracy: right as f64 / total as f64,
        baseline: base_right as f64 / total as f64,
        ambiguous_accuracy: ambiguous_right as f64 / ambiguous.max(1) as f64,
        samples,
    })
}

/// Every word of the grammar.
///
/// # Examples
///
/// ```
/// let vocab = rnn_from_scratch::programs::uses::tagging::vocabulary();
/// assert!(vocab.index_of("duck").is_some()); // a noun or a verb, by its neighbours
/// ```
pub fn vocabulary() -> Vocabulary<String> {
    let lists: Vec<Vec<String>> = (0..TAGS.len())
        .map(|t| words_for(t).iter().map(|w| w.to_string()).collect())
        .collect();
    word_vocabulary(&lists)
}

/// How the tagger reads a sentence: left to right, or both ways (Dh per direction), with
/// `layers` recurrent layers stacked.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::tagging::Reading;
/// assert_eq!(Reading::default(), Reading { bidirectional: false, layers: 1 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Read each sentence both ways.
    pub bidirectional: bool,
    /// Recurrent layers, each reading the hidden states of the one below.
    pub layers: usize,
}

impl Default for Reading {
    fn default() -> Reading {
        Reading {
            bidirectional: false,
            layers: 1,
        }
    }
}

/// How many generated sentences [`run`] trains on (500 more are held out). A mini-batch
/// cannot be larger.
///
/// # Examples
///
/// ```
/// assert_eq!(rnn_from_scratch::programs::uses::tagging::TRAINING_SIZE, 1500);
/// ```
pub const TRAINING_SIZE: usize = 1500;

/// `rnn tagger`: a stack of `reading.layers` fresh cells of `shared.cell` (each
/// bidirectional if asked), trained and scored by [`run`]. Layer 1 reads the words; each
/// layer above reads the hidden states below (2·Dh of them when bidirectional).
///
/// # Errors
///
/// As [`run`]; `layers` of 0.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::{frame::Shared, tagging::{program, Reading}};
///
/// let reading = Reading { bidirectional: true, layers: 2 };
/// let report = program(&Shared { epochs: 1, ..Shared::default() }, reading, |_, _| {})?;
/// assert!(report.baseline > 0.5);
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn program(
    shared: &Shared,
    reading: Reading,
    on_epoch: impl FnMut(usize, f64),
) -> Result<Report, TrainError> {
    if reading.layers == 0 {
        return Err(TrainError::new("a tagger needs at least one layer"));
    }
    let mut rng = Mt19937::new(shared.seed);
    let to_error = |e: ShapeError| TrainError::new(e.to_string());
    let fresh = |d: usize, rng: &mut Mt19937| shared.cell.build(d, shared.hidden, rng);
    let options = shared.fit_options();
    let v = vocabulary().len();
    // With --embedding E the table comes first and layer 1 reads E values, not V.
    let table = shared.embedding.map(|e| Embedding::init(v, e, &mut rng));
    let first = table.as_ref().map_or(v, Embedding::size);
    let seed = shared.seed;
    if reading.bidirectional {
        // A layer above the first reads both directions' states: 2·Dh values.
        let d = |k| if k == 0 { first } else { 2 * shared.hidden };
        let mut pair = |k| Bidirectional::new(fresh(d(k), &mut rng), fresh(d(k), &mut rng));
        let stack: Result<Vec<_>, _> = (0..reading.layers).map(&mut pair).collect();
        run_on(stack.map_err(to_error)?, table, &options, seed, on_epoch)
    } else {
        let d = |k| if k == 0 { first } else { shared.hidden };
        let stack = (0..reading.layers).map(|k| fresh(d(k), &mut rng)).collect();
        run_on(stack, table, &options, seed, on_epoch)
    }
}

/// [`run`] on the `layers` stacked, through the batched path (one matrix product per step
/// for the sentences of one length): one-hot words in shuffled mini-batches, or under
/// `table` in length-sorted ones ([`fit`]: a batch holds sentences of one or two lengths).
fn run_on<C: BatchStep>(
    layers: Vec<C>,
    table: Option<Embedding>,
    options: &FitOptions,
    seed: u32,
    on_epoch: impl FnMut(usize, f64),
) -> Result<Report, TrainError> {
    let to_error = |e: ShapeError| TrainError::new(e.to_string());
    let cell = Stacked::new(layers).map_err(to_error)?;
    match table {
        None => run(cell, options, seed, false, on_epoch),
        Some(table) => {
            let cell = Embedded::new(table, cell).map_err(to_error)?;
            run(cell, options, seed, true, on_epoch)
        }
    }
}

/// `rnn tagger` without `--train`, through the frame ([`Use`]): the generated sentences, a
/// data set made anew each run from the seed, read as `self` says ([`program`]), the
/// most-frequent-tag baseline beside it. Nothing is saved or loaded.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::frame::{Shared, Use};
/// use rnn_from_scratch::programs::uses::tagging::Reading;
///
/// let shared = Shared { epochs: 1, ..Shared::default() };
/// let report = Reading::default().run(&[], &[], &shared, &mut |_| {})?;
/// assert!(report.lines[0].starts_with("left-to-right tagger, 1 layer; on the ambiguous words alone: "));
/// assert!(report.figure.starts_with("held-out token accuracy: "));
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
impl Use for Reading {
    type Item = (Vec<String>, Vec<usize>);
    type Trained = ();
    type Model = super::tagger::PieceTagger; // never saved: no `--save` here
    const COMMAND: &'static str = "rnn tagger";
    const ITEMS: &'static str = "sentences";
    const FLAGS: &'static [&'static str] = &["embedding"];
    const INPUT: &'static str = "";
    const EPOCHS_ONLY: bool = true;

    /// The notes' cell, Dh 16, 15 epochs in mini-batches of 8.
    fn defaults(&self) -> Shared {
        Shared {
            epochs: 15,
            ..Shared::default()
        }
    }

    /// The sentences as [`run`] draws them from the seed: [`TRAINING_SIZE`] to train on, 500
    /// held out.
    fn batch_limit(&self) -> usize {
        TRAINING_SIZE
    }

    fn data(&self, _: Option<&Path>, _: Option<&Path>, shared: &Shared) -> Examples<Self::Item> {
        let mut rng = Mt19937::new(shared.seed);
        let train = (0..TRAINING_SIZE).map(|_| sentence(&mut rng)).collect();
        Ok((train, (0..500).map(|_| sentence(&mut rng)).collect()))
    }

    /// [`program`]'s figures, as lines: how the tagger read, its score on the ambiguous
    /// words, and a few sentences that start with one, tagged; the last line, which scripts
    /// read, the held-out token accuracy beside the baseline's.
    fn run(
        &self,
        _: &[Self::Item],
        _: &[Self::Item],
        shared: &Shared,
        on: &mut dyn FnMut(Event),
    ) -> Result<frame::Report<()>, TrainError> {
        let name = |epoch| format!("epoch {epoch}");
        let report = frame::told(on, 0, name, |_, on_epoch| program(shared, *self, on_epoch))?;
        let layers = self.layers;
        let mut lines = vec![format!(
            "{} tagger, {layers} layer{}; on the ambiguous words alone: {:.3}. Sentences that start with one:",
            ["left-to-right", "bidirectional"][self.bidirectional as usize],
            if layers == 1 { "" } else { "s" },
            report.ambiguous_accuracy
        )];
        for (words, tags, predicted) in &report.samples {
            let show = |t: &[usize]| t.iter().map(|&t| TAGS[t]).collect::<Vec<_>>().join(" ");
            lines.push(format!(
                "  {:<28} true: {:<26} predicted: {}",
                words.join(" "),
                show(tags),
                show(predicted)
            ));
        }
        Ok(frame::Report {
            trained: (),
            lines,
            figure: format!(
                "held-out token accuracy: {:.3}, most-frequent-tag baseline: {:.3}",
                report.accuracy, report.baseline
            ),
            against: (report.accuracy, f64::NEG_INFINITY, String::new()),
        })
    }
}
