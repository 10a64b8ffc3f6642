//! `rnn tagger` on a real treebank (CoNLL-U, [`io::conllu`](crate::io::conllu)):
//! many-to-many (다 대 다), a UPOS tag (품사) for every word, read both ways.
//!
//! **Words from their characters.** A tagger that gives each word a row of its own knows
//! nothing of a word it never saw, and in Korean most words of a new text are new: an
//! 어절 is a stem with its endings (행사는, 주관하고, 참여한다), and the same stem takes
//! dozens of forms. The endings are what tell the tag (는 and 가 after a noun, 한다 and 하고
//! on a verb), and they are the word's last syllables. So a word here is the sum of learned
//! rows (an embedding, [`Embedding`]) for its **pieces**: its first 1, 2 and 3 characters,
//! its last 1, 2 and 3 characters, its shape (`Xxxx`, `dd`, `hhh` for Hangul) and, if it
//! occurs twice or more in training, the word itself. A new word still has its pieces: 참여한다
//! shares 한다 with every -하다 verb seen in training. No dictionary from outside: the
//! pieces come from the training file.
//!
//! **The model**: Iₜ = Σ E\[piece\] (E values), a [`Bidirectional`] cell (Dh each way, so
//! every tag sees the whole sentence, as 가 after a noun does), and a softmax over the
//! training file's tags at every step, trained by BPTT through both directions and into the
//! rows of the pieces. **The baseline** tags each word with its most frequent tag in
//! training, and a word never seen with the most frequent tag of all.

use super::bag_of_words::feature_accuracy;
use super::frame::{self, Answer, Event, Need, Shared, Use, files_or};
use super::overflowed;
use super::tagger::PieceTagger;
use crate::cells::{AnyCell, Bidirectional, Embedding};
use crate::cells::{Dropout, Inputs};
use crate::io::conllu::{Sentence, read};
use crate::io::data::DataError;
use crate::io::text::Vocabulary;
use crate::linalg::{Matrix, Mt19937};
use crate::train::threads::map_jobs;
use crate::train::{Batches, SequenceGradients, TrainError, batch_loss, fit_with};
use std::collections::HashMap;
use std::path::Path;

/// The pieces a word is read as: `w:` the word (lowercase), `p1:` … `p3:` its first
/// characters, `s1:` … `s3:` its last, and `shape:` its kinds of characters.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::treebank::pieces;
/// assert_eq!(pieces("참여한다"), ["w:참여한다", "p1:참", "p2:참여", "p3:참여한", "s1:다", "s2:한다", "s3:여한다", "shape:h"]);
/// assert_eq!(pieces("Tom")[7], "shape:Xx");
/// ```
pub fn pieces(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.to_lowercase().chars().collect();
    let n = chars.len();
    let text = |chars: &[char]| chars.iter().collect::<String>();
    let mut all = vec![format!("w:{}", text(&chars))];
    all.extend((1..=3).map(|k| format!("p{k}:{}", text(&chars[..k.min(n)]))));
    all.extend((1..=3).map(|k| format!("s{k}:{}", text(&chars[n - k.min(n)..]))));
    let mut shape = String::new();
    for c in word.chars() {
        let kind = match c {
            '0'..='9' => 'd',
            '\u{AC00}'..='\u{D7A3}' => 'h',
            c if c.is_uppercase() => 'X',
            c if c.is_lowercase() => 'x',
            c => c,
        };
        if !shape.ends_with(kind) {
            shape.push(kind);
        }
    }
    all.push(format!("shape:{shape}"));
    all
}

/// The pieces learned from the training sentences, each with an id: every prefix, suffix
/// and shape seen, and every word seen at least twice (a word seen once teaches the model
/// to rely on the word itself, which a new word does not have).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::conllu::Sentence;
/// use rnn_from_scratch::programs::uses::treebank::{ids_of, learn_pieces};
///
/// let s = Sentence { words: vec!["go".into(), "go".into(), "went".into()], tags: vec!["VERB".into(); 3] };
/// let learned = learn_pieces(&[s]);
/// assert_eq!(ids_of(&learned, "went").len(), 7); // 3 prefixes, 3 suffixes, a shape: no w:went
/// assert_eq!(ids_of(&learned, "go").len(), 8); // w:go too
/// ```
pub fn learn_pieces(sentences: &[Sentence]) -> Vocabulary<String> {
    let all = sentences
        .iter()
        .flat_map(|s| &s.words)
        .flat_map(|w| pieces(w));
    Vocabulary::counted(all, |piece, count| !piece.starts_with("w:") || count >= 2)
}

/// The ids of the learned pieces of `word` (pieces never seen are left out; a word with
/// none at all is read as zeros).
pub fn ids_of(learned: &Vocabulary<String>, word: &str) -> Vec<usize> {
    let id = |p: &String| learned.index_of(p);
    pieces(word).iter().filter_map(id).collect()
}

/// The baseline built from hand-made features: logistic regression on each word's pieces
/// (its first and last 1 to 3 characters, its shape, the word itself: [`pieces`]) and its
/// neighbours' words, every feature seen in `train` (no recurrence: what a word's tag
/// depends on beyond its neighbours is out of its reach). Trained with `epochs`
/// full-batch Adam steps and an L2 penalty `l2` ([`feature_accuracy`]); returns its
/// accuracy on every word of `test`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::conllu::Sentence;
/// use rnn_from_scratch::programs::uses::treebank::feature_baseline;
///
/// let s = |words: &[&str], tags: &[&str]| Sentence {
///     words: words.iter().map(|w| w.to_string()).collect(),
///     tags: tags.iter().map(|t| t.to_string()).collect(),
/// };
/// let train = vec![s(&["the", "dog", "runs"], &["DET", "NOUN", "VERB"]), s(&["a", "cat", "sleeps"], &["DET", "NOUN", "VERB"])];
/// let test = vec![s(&["the", "cat", "runs"], &["DET", "NOUN", "VERB"])];
/// assert_eq!(feature_baseline(&train, &test, 100, 0.01), 1.0);
/// ```
pub fn feature_baseline(train: &[Sentence], test: &[Sentence], epochs: usize, l2: f64) -> f64 {
    let tags = tag_set(train);
    let each = |sentences: &[Sentence]| -> Vec<(Vec<String>, usize)> {
        let words = sentences
            .iter()
            .flat_map(|s| (0..s.words.len()).map(move |i| (s, i)));
        let features = |(s, i): (&Sentence, usize)| {
            let word = |j: Option<usize>| match j.and_then(|j| s.words.get(j)) {
                Some(w) => w.to_lowercase(),
                None => "<edge>".to_string(),
            };
            let mut all = pieces(&s.words[i]);
            all.push(format!("w-1:{}", word(i.checked_sub(1))));
            all.push(format!("w+1:{}", word(Some(i + 1))));
            (all, tags.index_of(&s.tags[i]).unwrap_or(usize::MAX))
        };
        words.map(features).collect()
    };
    feature_accuracy(&each(train), &each(test), tags.len(), 1, epochs, l2).0
}

/// The tags of `sentences`, in order of first sight: one a class of the softmax.
fn tag_set(sentences: &[Sentence]) -> Vocabulary<String> {
    let tags = sentences.iter().flat_map(|s| s.tags.iter().cloned());
    Vocabulary::counted(tags, |_, _| true)
}

/// The gradient of a [`PieceTagger`], the same arrays.
struct TaggerGradients {
    table: Embedding,
    model: SequenceGradients<Bidirectional<AnyCell>>,
}

crate::cells::parameters::parts!(TaggerGradients, table, model);

/// A sentence as the tagger reads it: each word's piece ids, and its tag ids.
struct Encoded {
    words: Vec<Vec<usize>>,
    tags: Vec<usize>,
}

/// The trained tagger with the pieces and tags it learned.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainedTagger {
    /// The weights: E, both directions' cells, the softmax.
    pub weights: PieceTagger,
    /// The pieces learned ([`learn_pieces`]), one a row of E.
    pub pieces: Vocabulary<String>,
    /// The tags, one a class of the softmax.
    pub tags: Vocabulary<String>,
}

impl TrainedTagger {
    /// The tag of each word of `words`: a word never seen is read from its pieces (its
    /// prefixes, suffixes and shape), as the held-out words are.
    ///
    /// # Errors
    ///
    /// A model whose state overflows (diverged training).
    pub fn tag(&self, words: &[String]) -> Result<Vec<String>, TrainError> {
        let ids: Vec<Vec<usize>> = words.iter().map(|w| ids_of(&self.pieces, w)).collect();
        let said = self.weights.tag(&ids).map_err(|e| overflowed(&e))?;
        let name = |t: usize| self.tags.token(t).clone();
        Ok(said.into_iter().map(name).collect())
    }
}

/// How to train on a treebank.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::treebank::Options;
/// assert_eq!(Options::default().shared.hidden, 64);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Cell (each direction), Dh (each direction), E (`embedding`), epochs, batch, seed,
    /// threads; Adam's learning rate; the dropout rate on the recurrent layer's inputs and
    /// outputs while training ([`Dropout`]); the L2 penalty λ on every weight
    /// ([`FitOptions::l2`](crate::train::FitOptions::l2)).
    pub shared: Shared,
    /// Also train and score the feature baseline ([`feature_baseline`], with
    /// [`FEATURE_EPOCHS`] and [`FEATURE_L2`]).
    pub baselines: bool,
}

/// The feature baseline's full-batch Adam steps in `rnn tagger --baselines`.
pub const FEATURE_EPOCHS: usize = 200;

/// The feature baseline's L2 penalty in `rnn tagger --baselines`.
pub const FEATURE_L2: f64 = 0.3;

impl Default for Options {
    /// An LSTM each way, Dh 64, E 64, 20 epochs in mini-batches of 8 sentences, Adam at
    /// 0.002, dropout 0.3 and an L2 penalty of 0.005 (chosen on the development split:
    /// see the chapter [`overfitting`](crate::overfitting)).
    fn default() -> Options {
        Options {
            shared: Shared {
                cell: crate::cells::CellKind::Lstm,
                hidden: 64,
                epochs: 20,
                batch: 8,
                embedding: Some(64),
                learning_rate: 0.002,
                dropout: 0.3,
                l2: 0.005,
                ..Shared::default()
            },
            baselines: false,
        }
    }
}

/// A piece tagger of `(pieces, tags)` rows and classes, trained on the encoded sentences in
/// mini-batches of sentences of one length.
fn train_tagger(
    train: &[Encoded],
    (pieces, tags): (usize, usize),
    shared: &Shared,
    rng: &mut Mt19937,
    on_epoch: impl FnMut(usize, f64),
) -> Result<PieceTagger, TrainError> {
    let e = shared.embedding.unwrap_or(64);
    let (kind, dh) = (shared.cell, shared.hidden);
    let mut tagger = PieceTagger::init(kind, pieces, e, dh, tags, rng);
    let fit = shared.fit_options();
    let lengths: Vec<usize> = train.iter().map(|s| s.words.len()).collect();
    let words = lengths.iter().sum::<usize>() as f64 / lengths.len().max(1) as f64;
    let plan = Batches {
        chance: Some((words, tags)), // a tag for every word
        ..Batches::by_length(&lengths, |_, _| {})
    };
    // Drawn only with dropout, so that without it the figures stay as they were.
    let dropout = (shared.dropout > 0.0).then(|| Dropout {
        rate: shared.dropout,
        seed: rng.next_u32().into(),
    });
    let mut step = 0;
    let batch = |tagger: &PieceTagger, places: &[usize]| {
        step += 1;
        let dropout = dropout.map(|dropout| dropout.at_step(step));
        batch_gradients(tagger, train, places, dropout, fit.threads)
    };
    fit_with(&mut tagger, train.len(), &fit, rng, plan, on_epoch, batch)?;
    Ok(tagger)
}

/// The loss and the gradient of one mini-batch: its sentences of each length run as one
/// batched pass ([`bucket_gradients`]), shortest first, each in the batch's order (as
/// [`fit`](crate::train::fit)'s buckets), the lengths shared by the threads; ∂L/∂Iₜ
/// summed into the rows of the pieces.
fn batch_gradients(
    tagger: &PieceTagger,
    train: &[Encoded],
    batch: &[usize],
    dropout: Option<Dropout>,
    threads: usize,
) -> Result<(f64, TaggerGradients), TrainError> {
    let length = |k: &usize| train[*k].words.len();
    let mut lengths: Vec<usize> = batch.iter().map(length).collect();
    lengths.sort_unstable();
    lengths.dedup();
    let bucket = |n: &usize| batch.iter().copied().filter(|k| length(k) == *n).collect();
    let buckets: Vec<Vec<usize>> = lengths.iter().map(bucket).collect();
    let read = |places: &Vec<usize>| places.iter().map(|&k| &train[k]).collect::<Vec<_>>();
    let work = |places: &Vec<usize>| {
        let dropout = dropout.as_ref().map(|d| (d, places.as_slice()));
        bucket_gradients(tagger, &read(places), dropout)
    };
    let each = map_jobs(&buckets, threads, work, |_, _| {});
    let mut table = Matrix::zeros(tagger.table.vocab_size(), tagger.table.size());
    let mut total = None;
    for (places, part) in buckets.iter().zip(each) {
        let (loss, g, dxs) = part.map_err(|err| TrainError::new(err.to_string()))?;
        add_to_pieces(&mut table, &read(places), &dxs);
        SequenceGradients::accumulate(&mut total, (loss, g));
    }
    let (loss, model) = total.expect("a batch holds a sentence");
    let table = Embedding::gradient(table);
    Ok((loss, TaggerGradients { table, model }))
}

/// ∂L/∂E\[piece\] += ∂L/∂Iₜ, for every piece of word t of each of the B sentences (`dxs`:
/// T·B×E, row t·B + b for sentence b's word t, as [`bucket_gradients`] gives it).
fn add_to_pieces(table: &mut Matrix, sentences: &[&Encoded], dxs: &[f64]) {
    let (b, e) = (sentences.len(), table.shape().1);
    for (r, sentence) in sentences.iter().enumerate() {
        for (t, ids) in sentence.words.iter().enumerate() {
            let dx = &dxs[(t * b + r) * e..(t * b + r + 1) * e];
            for &id in ids {
                for (d, x) in table.row_mut(id).iter_mut().zip(dx) {
                    *d += x; // ∂L/∂E[piece] += ∂L/∂Iₜ, for every piece of word t
                }
            }
        }
    }
}

/// Scoring: the tagger's tags (`tagged`) and the most-frequent-tag baseline's, on every
/// word of `test`: [words, the tagger right, the baseline right, words never seen in
/// training, the tagger right on those, the baseline right on those].
fn score(
    train: &[Sentence],
    train_encoded: &[Encoded],
    tags: usize,
    (test, test_encoded, tagged): (&[Sentence], &[Encoded], &[Vec<usize>]),
) -> [usize; 6] {
    let mut counts: HashMap<&str, HashMap<usize, usize>> = HashMap::new();
    let mut overall = vec![0; tags];
    for (s, enc) in train.iter().zip(train_encoded) {
        for (w, &t) in s.words.iter().zip(&enc.tags) {
            *counts.entry(w.as_str()).or_default().entry(t).or_insert(0) += 1;
            overall[t] += 1;
        }
    }
    let most = |c: &HashMap<usize, usize>| {
        c.iter()
            .max_by_key(|&(&t, &n)| (n, std::cmp::Reverse(t)))
            .map(|(&t, _)| t)
    };
    let most_overall = (0..overall.len())
        .max_by_key(|&t| (overall[t], std::cmp::Reverse(t)))
        .unwrap_or(0);
    let (mut n, mut right, mut base, mut unseen, mut unseen_right, mut unseen_base) =
        (0, 0, 0, 0, 0, 0);
    for ((s, enc), said) in test.iter().zip(test_encoded).zip(tagged) {
        for ((w, &truth), &p) in s.words.iter().zip(&enc.tags).zip(said) {
            let known = counts.get(w.as_str());
            let b = known.and_then(most).unwrap_or(most_overall);
            n += 1;
            right += (p == truth) as usize;
            base += (b == truth) as usize;
            if known.is_none() {
                unseen += 1;
                unseen_right += (p == truth) as usize;
                unseen_base += (b == truth) as usize;
            }
        }
    }
    [n, right, base, unseen, unseen_right, unseen_base]
}

/// Up to two held-out sentences of at most 12 words tagged all right, then two with a
/// mistake, in file order, as lines: each word with the tagger's tag, a wrong one shown as
/// tagger✗true.
fn samples(
    test: &[Sentence],
    encoded: &[Encoded],
    tagged: &[Vec<usize>],
    tags: &Vocabulary<String>,
) -> Vec<String> {
    let name = |t: usize| tags.tokens().get(t).cloned().unwrap_or_else(|| "?".into());
    let mut shown = Vec::new();
    for (mark, all_right) in [("✓", true), ("✗", false)] {
        let picked = test
            .iter()
            .zip(encoded)
            .zip(tagged)
            .filter(|((s, e), said)| s.words.len() <= 12 && (e.tags == **said) == all_right);
        for ((s, _), said) in picked.take(2) {
            let words = s.words.iter().zip(&s.tags).zip(said);
            let tagged: Vec<String> = words
                .map(|((w, t), &p)| match (name(p), t) {
                    (p, t) if p == *t => format!("{w}/{p}"),
                    (p, t) => format!("{w}/{p}✗{t}"),
                })
                .collect();
            shown.push(format!("  {mark} {}", tagged.join(" ")));
        }
    }
    shown
}

/// The loss of B sentences of one length, the gradient of the cell and the softmax, and
/// ∂L/∂Iₜ for every word (T·B×E, row t·B + b for sentence b's word t), to reach the
/// pieces' rows: Iₜ = Σ E\[piece\] for every word, then one batched pass through the
/// bidirectional cell, the one every batched loss takes (`train::batch_loss`). With
/// `dropout` (and the sentences' places), each sentence's inputs Iₜ and outputs hₜ are
/// dropped by its masks.
#[allow(clippy::type_complexity)]
fn bucket_gradients(
    tagger: &PieceTagger,
    sentences: &[&Encoded],
    dropout: Option<(&Dropout, &[usize])>,
) -> Result<(f64, SequenceGradients<Bidirectional<AnyCell>>, Vec<f64>), crate::linalg::ShapeError> {
    let (b, timesteps) = (sentences.len(), sentences[0].words.len());
    let rows: Vec<Matrix> = sentences.iter().map(|s| tagger.inputs(&s.words)).collect();
    let xs: Vec<f64> = (0..timesteps)
        .flat_map(|t| rows.iter().flat_map(move |m| m.row(t)))
        .copied()
        .collect();
    let targets: Vec<(usize, usize)> = (0..timesteps * b)
        .map(|row| (row, sentences[row % b].tags[row / b]))
        .collect();
    let (model, inputs) = (&tagger.model, Inputs::Rows(&xs));
    let (loss, g, _, dxs) = batch_loss(model, inputs, (b, timesteps), &targets, None, dropout)?;
    Ok((loss, g, dxs))
}

/// `rnn tagger --train FILE.conllu`, through the frame ([`Use`]): a treebank's sentences,
/// the piece tagger reading both ways, the most-frequent-tag baseline beside it.
///
/// # Examples
///
/// Trained and scored ([`Use::run`]); a tag of `test` never seen in training cannot be
/// written, so such words count as wrong for both (and are rare: a tag set is small):
///
/// ```
/// use rnn_from_scratch::io::conllu::Sentence;
/// use rnn_from_scratch::programs::uses::frame::{Shared, Use};
/// use rnn_from_scratch::programs::uses::treebank::Options;
///
/// let s = |w: &[&str], t: &[&str]| Sentence { words: w.iter().map(|x| x.to_string()).collect(), tags: t.iter().map(|x| x.to_string()).collect() };
/// let train: Vec<Sentence> = (0..20).map(|_| s(&["the", "dog", "runs"], &["DET", "NOUN", "VERB"])).collect();
/// let test = vec![s(&["the", "cat", "runs"], &["DET", "NOUN", "VERB"])];
/// let options = Options { baselines: true, ..Options::default() };
/// let shared = Shared { hidden: 8, embedding: Some(8), epochs: 10, learning_rate: 0.02, dropout: 0.0, l2: 0.0, ..options.shared };
/// let report = options.run(&train, &test, &shared, &mut |_| {})?;
/// assert!(report.lines[0].starts_with("3 words scored"));
/// let (accuracy, baseline, _) = report.against;
/// assert!(accuracy >= baseline);
/// assert!(report.figure.contains("feature baseline")); // with `baselines`
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
///
/// Saved with the pieces and the tags it learned (`vocab.txt`, `tags.txt`) as a folder
/// ([`Use::save`], [`io::save::save`](crate::io::save::save)); the backward direction's
/// files end in `_2` (`wx_2.npy`):
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::io::text::Vocabulary;
/// use rnn_from_scratch::programs::uses::frame::Use;
/// use rnn_from_scratch::programs::uses::tagger::PieceTagger;
/// use rnn_from_scratch::programs::uses::treebank::{Options, TrainedTagger};
/// use rnn_from_scratch::Mt19937;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-save-tagger-{}", std::process::id()));
/// let words = |text: &str| Vocabulary::counted(text.split(' ').map(String::from), |_, _| true);
/// let (pieces, tags) = (words("p:학 s:다 w:나는"), words("NOUN VERB PRON"));
/// let weights = PieceTagger::init(CellKind::Gru, pieces.len(), 4, 5, tags.len(), &mut Mt19937::new(0));
/// let tagger = TrainedTagger { weights, pieces, tags };
/// Options::save(&tagger, &dir)?;
/// assert_eq!(Options::default().load(&dir)?, tagger);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
impl Use for Options {
    type Item = Sentence;
    type Trained = TrainedTagger;
    type Model = PieceTagger;
    const COMMAND: &'static str = "rnn tagger";
    const ITEMS: &'static str = "sentences";
    const FLAGS: &'static [&'static str] = &[
        "train",
        "test",
        "save",
        "load",
        "input",
        "embedding",
        "dropout",
        "l2",
        "lr",
    ];
    const INPUT: &'static str = "a sentence to tag, such as --input \"나는 학교에 간다\"";

    fn defaults(&self) -> Shared {
        self.shared
    }

    fn data(
        &self,
        train: Option<&Path>,
        test: Option<&Path>,
        _: &Shared,
    ) -> frame::Examples<Sentence> {
        if train.is_none() {
            return Err(DataError::new(
                "--test needs --train FILE.conllu (the sentences to learn from)",
            ));
        }
        files_or(train, test, read, Default::default, "sentences")
    }

    fn memory(&self, train: &[Sentence], test: &[Sentence], shared: &Shared) -> Need {
        let longest = train.iter().chain(test).map(|s| s.words.len());
        let longest = longest.max().unwrap_or(1);
        let words: usize = train.iter().map(|s| s.words.len()).sum();
        let e = shared.embedding.unwrap_or(64);
        // Dh each way: 2·Dh values a step.
        let states = shared.states([e, 2 * shared.hidden, 17, longest, 1]);
        (
            states + 8 * 3 * (8 * words as u128 * e as u128), // the pieces' table, its gradient and Adam's
            "the word pieces' table, the weights, and a batch of the longest sentence's states",
            "--batch, --hidden or --embedding",
        )
    }

    /// Learns the pieces and the tags of `train`, trains a bidirectional tagger on it in
    /// mini-batches of sentences of one length, and scores it and the baselines on `test`.
    fn run(
        &self,
        train: &[Sentence],
        test: &[Sentence],
        shared: &Shared,
        on: &mut dyn FnMut(Event),
    ) -> Result<frame::Report<TrainedTagger>, TrainError> {
        let mut rng = Mt19937::new(shared.seed);
        let pieces = learn_pieces(train);
        let tags = tag_set(train);
        let tag_id = |t: &String| tags.index_of(t).unwrap_or(usize::MAX);
        let encode = |s: &Sentence| Encoded {
            words: s.words.iter().map(|w| ids_of(&pieces, w)).collect(),
            tags: s.tags.iter().map(tag_id).collect(),
        };
        let train_encoded: Vec<Encoded> = train.iter().map(encode).collect();
        let sizes = (pieces.len(), tags.len());
        let name = |epoch| format!("epoch {epoch}");
        let tagger = frame::told(on, 0, name, |_, on_epoch| {
            train_tagger(&train_encoded, sizes, shared, &mut rng, on_epoch)
        })?;
        let test_encoded: Vec<Encoded> = test.iter().map(encode).collect();
        let threads = shared.threads;
        let tag = |s: &Encoded| tagger.tag(&s.words).map_err(|e| overflowed(&e));
        let tagged = frame::each_in_chunks(&test_encoded, 32, threads, tag)?;
        let scored = (test, test_encoded.as_slice(), tagged.as_slice());
        let [n, right, base, unseen, unseen_right, unseen_base] =
            score(train, &train_encoded, tags.len(), scored);
        let share = |a: usize, b: usize| a as f64 / b.max(1) as f64;
        let mut lines = vec![
            format!(
                "{n} words scored, {:.1}% never seen in training: on those, tagger {:.3}, baseline {:.3} ({} word pieces learned)",
                100.0 * share(unseen, n),
                share(unseen_right, unseen),
                share(unseen_base, unseen),
                pieces.len()
            ),
            "Held-out sentences (a wrong tag is shown as tagger✗true):".to_string(),
        ];
        lines.extend(samples(test, &test_encoded, &tagged, &tags));
        let feature = || feature_baseline(train, test, FEATURE_EPOCHS, FEATURE_L2);
        let features = self.baselines.then(feature);
        let features = features.map_or(String::new(), |a| format!(", feature baseline: {a:.3}"));
        let (accuracy, baseline) = (share(right, n), share(base, n));
        let figure = format!(
            "held-out token accuracy: {accuracy:.3}, most-frequent-tag baseline: {baseline:.3}{features}"
        );
        let what = "the most-frequent-tag baseline".to_string();
        Ok(frame::Report {
            against: (accuracy, baseline, what),
            trained: TrainedTagger {
                weights: tagger,
                pieces,
                tags,
            },
            lines,
            figure,
        })
    }

    fn save(tagger: &TrainedTagger, dir: &Path) -> Result<(), DataError> {
        let lists = [tagger.pieces.tokens(), tagger.tags.tokens()];
        crate::io::save::save(dir, &tagger.weights, &lists, "")
    }

    fn load(&self, dir: &Path) -> Result<TrainedTagger, DataError> {
        let (weights, vocabularies, _) = frame::load(dir)?;
        let [pieces, tags]: [_; 2] = vocabularies.try_into().expect("vocab.txt and tags.txt");
        Ok(TrainedTagger {
            weights,
            pieces,
            tags,
        })
    }

    /// `text`'s words (split at spaces), each with its tag, as one line: `나는/PRON 간다/VERB`.
    fn answer(&self, tagger: &TrainedTagger, text: &str, _: bool) -> frame::Lines {
        let words: Vec<String> = text.split_whitespace().map(String::from).collect();
        let failed = |e: TrainError| Answer::Failed(e.to_string());
        let tags = tagger.tag(&words).map_err(failed)?;
        let pair = |(w, t): (&String, &String)| format!("{w}/{t}");
        let tagged: Vec<String> = words.iter().zip(&tags).map(pair).collect();
        Ok(vec![tagged.join(" ")])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::CellKind;
    use crate::train::gradient_check;

    /// The tagger's batched pass with dropout, against central differences with the masks
    /// fixed: the cell's and the softmax's weights, and E through ∂L/∂Iₜ summed into the
    /// rows of every piece read, as training sums it.
    #[test]
    fn dropout_gradients_match_central_differences_with_the_masks_fixed() {
        let words = |w: &[&[usize]]| w.iter().map(|ids| ids.to_vec()).collect();
        let sentences = [
            Encoded {
                words: words(&[&[0, 2], &[1], &[3, 4, 5]]),
                tags: vec![1, 0, 4],
            },
            Encoded {
                words: words(&[&[5], &[2, 3], &[0, 0]]),
                tags: vec![2, 2, 3],
            },
        ];
        let read: Vec<&Encoded> = sentences.iter().collect();
        let (dropout, keys) = (Dropout { rate: 0.4, seed: 9 }, [7, 11]);
        let mut worst: f64 = 0.0;
        for &kind in CellKind::ALL {
            let tagger = PieceTagger::init(kind, 6, 3, 4, 5, &mut Mt19937::new(3));
            let loss = |t: &PieceTagger| {
                let (loss, _, _) = bucket_gradients(t, &read, Some((&dropout, &keys))).unwrap();
                loss
            };
            let (_, g, dxs) = bucket_gradients(&tagger, &read, Some((&dropout, &keys))).unwrap();
            let table = tagger.table.clone();
            let check = gradient_check(&tagger.model, &g, |m| {
                loss(&PieceTagger {
                    table: table.clone(),
                    model: m.clone(),
                })
            });
            assert!(
                check.failures(1e-7, 1e-5).is_empty(),
                "{kind:?}: {:?}",
                check.worst(1e-7, 1e-5)
            );
            worst = worst.max(check.max_error());
            let mut d_table = Matrix::zeros(table.vocab_size(), table.size());
            add_to_pieces(&mut d_table, &read, &dxs);
            let model = tagger.model.clone();
            let check = gradient_check(&table, &Embedding::gradient(d_table), |table| {
                loss(&PieceTagger {
                    table: table.clone(),
                    model: model.clone(),
                })
            });
            assert!(
                check.failures(1e-7, 1e-5).is_empty(),
                "{kind:?} E: {:?}",
                check.worst(1e-7, 1e-5)
            );
            worst = worst.max(check.max_error());
        }
        println!("the tagger's dropout: worst gradient difference {worst:.1e}");
    }
}
