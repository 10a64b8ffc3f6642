//! `rnn translate`: an encoder–decoder ([`Seq2Seq`]) learns to read numbers aloud:
//! `20260` → `이만이백육십` (or `twenty thousand two hundred sixty`), and, reversed, the
//! reading back into digits. Input and output have different lengths, and the lengths do
//! not follow each other (`10000` → `만` is five digits in, one syllable out; `97` →
//! `구십칠` two in, three out): the notes' "입력과 출력의 길이를 다르게" made concrete.
//!
//! The translation is defined by a rule ([`numbers`](super::numbers)), so every pair is
//! right and the held-out numbers are simply numbers never shown in training.

use super::frame::{self, Answer, Event, Need, Shared, Use};
use super::numbers::{DIGIT_TOKENS, Language, MAX_DIGITS, digits, largest, token};
use crate::cells::{AnyCell, Attention, Cell, CellKind, Seq2Seq, SequenceModel};
use crate::io::data::DataError;
use crate::io::save::Saved;
use crate::linalg::{Matrix, Mt19937};
use crate::train::{Batches, Example, TrainError, fit_seq2seq};
use std::collections::HashSet;
use std::path::Path;

/// Which way to translate: numerals into a language's reading, or (`reverse`) a reading
/// back into numerals.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::numbers::Language;
/// use rnn_from_scratch::programs::uses::translation::Direction;
///
/// let back = Direction { language: Language::English, reverse: true, digits: 5 };
/// assert_eq!(back.source(20260), "twenty thousand two hundred sixty");
/// assert_eq!(back.target(20260), "20260");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Direction {
    /// The language of the reading.
    pub language: Language,
    /// `false`: digits → reading; `true`: reading → digits.
    pub reverse: bool,
    /// The most digits a number may have: 1 to [`MAX_DIGITS`] (5: up to 99,999).
    pub digits: usize,
}

impl Direction {
    /// How a saved model records it: `digits ko`, `ko digits`, `digits en`, `en digits`
    /// (what is read, then what is written).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::{numbers::Language, translation::Direction};
    /// let back = Direction { language: Language::English, reverse: true, digits: 5 };
    /// assert_eq!(back.code(), "en digits");
    /// assert_eq!(Direction::from_code("en digits"), Some(back));
    /// assert_eq!(Direction::from_code("fr digits"), None);
    /// ```
    pub fn code(self) -> String {
        let language = self.language.code();
        let sides = match self.reverse {
            false => format!("digits {language}"),
            true => format!("{language} digits"),
        };
        match self.digits {
            5 => sides,
            n => format!("{sides} {n}"),
        }
    }

    /// The direction [`code`](Direction::code) wrote, if it is one.
    pub fn from_code(code: &str) -> Option<Direction> {
        let mut all = (0..4 * MAX_DIGITS).map(|k| Direction {
            language: [Language::Korean, Language::English][k / (2 * MAX_DIGITS)],
            reverse: k / MAX_DIGITS % 2 == 1,
            digits: 1 + k % MAX_DIGITS,
        });
        all.find(|d| d.code() == code)
    }

    /// Whether `model` reads this direction's source tokens and writes its target tokens
    /// (then `<start>` and `<end>`).
    pub fn fits(self, model: &Seq2Seq<AnyCell>) -> bool {
        let v_in = model.encoder().input_size();
        let v_out = model.decoder().output().output_size();
        (v_in, v_out) == (self.source_tokens().len(), self.target_tokens().len() + 2)
    }

    /// The tokens the encoder reads.
    fn source_tokens(self) -> &'static [&'static str] {
        if self.reverse {
            self.language.tokens_for(self.digits)
        } else {
            &DIGIT_TOKENS
        }
    }

    /// The tokens the decoder writes (then `<start>` and `<end>` after them).
    fn target_tokens(self) -> &'static [&'static str] {
        if self.reverse {
            &DIGIT_TOKENS
        } else {
            self.language.tokens_for(self.digits)
        }
    }

    /// `n` as token ids on the side that is read, or written (`reading` = true for the
    /// language's side).
    fn ids(self, n: u64, reading: bool) -> Vec<usize> {
        if reading {
            self.language.reading(n)
        } else {
            digits(n)
        }
    }

    /// Token ids of the written side as text.
    fn render_target(self, ids: &[usize]) -> String {
        if self.reverse {
            ids.iter().map(|&i| token(&DIGIT_TOKENS, i)).collect()
        } else {
            self.language.render(ids)
        }
    }

    /// `n` as the encoder reads it, as text.
    ///
    /// # Examples
    ///
    /// See [`Direction`].
    pub fn source(self, n: u64) -> String {
        if self.reverse {
            self.language.read(n)
        } else {
            n.to_string()
        }
    }

    /// `n` as the decoder should write it, as text.
    ///
    /// # Examples
    ///
    /// See [`Direction`].
    pub fn target(self, n: u64) -> String {
        Direction {
            reverse: !self.reverse,
            ..self
        }
        .source(n)
    }

    /// Reads a text typed by the user into the number it names, so its translation can be
    /// checked: digits (forward), or a reading (reverse) that must be the rule's reading of
    /// some number.
    ///
    /// # Errors
    ///
    /// `'123456' is not a number from 0 to 99999`, an empty input, an unknown token
    /// (`'열' is not a token of the Korean readings (…)`), or tokens that are not a
    /// reading (`'만만' is not the Korean reading of a number from 0 to 99999`).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::numbers::Language;
    /// use rnn_from_scratch::programs::uses::translation::Direction;
    ///
    /// let ko = Direction { language: Language::Korean, reverse: false, digits: 5 };
    /// assert_eq!(ko.parse("20260")?, 20260);
    /// assert_eq!(ko.parse("100000").unwrap_err(), "'100000' is not a number from 0 to 99999");
    /// let back = Direction { reverse: true, ..ko };
    /// assert_eq!(back.parse("이만 이백육십")?, 20260);
    /// assert_eq!(back.parse("만만").unwrap_err(), "'만만' is not the Korean reading of a number from 0 to 99999");
    /// # Ok::<(), String>(())
    /// ```
    pub fn parse(self, text: &str) -> Result<u64, String> {
        let (text, max) = (text.trim(), largest(self.digits));
        if !self.reverse {
            return match text.parse::<u64>() {
                Ok(n) if n <= max && text.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
                _ if text.is_empty() => Err("an empty number".to_string()),
                _ => Err(format!("'{text}' is not a number from 0 to {max}")),
            };
        }
        let ids = self.language.tokenize(text)?;
        let n = self.language.number(&ids).filter(|&n| n <= max);
        n.ok_or_else(|| {
            format!(
                "'{text}' is not the {} reading of a number from 0 to {max}",
                self.language.name()
            )
        })
    }
}

/// What `rnn translate` trains on and how.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::translation::Options;
/// assert_eq!(Options::default().shared.hidden, 64);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The cell (the encoder's and the decoder's), Dh, epochs, seed, threads, batch; Adam's
    /// learning rate.
    pub shared: Shared,
    /// How many numbers train the model.
    pub train_size: usize,
    /// How many numbers, never seen in training, score it.
    pub held_out_size: usize,
    /// Whether the decoder looks back at every encoder state ([`Attention`], Da = Dh).
    pub attention: bool,
    /// How many partial translations the decoder keeps
    /// ([`Seq2Seq::translate_beam`]); 1 is greedy decoding.
    pub beam: usize,
    /// What it translates into what.
    pub direction: Direction,
}

impl Default for Options {
    /// A GRU, Dh 64, 12 epochs over 12,000 numbers in mini-batches of 32, Adam at 0.01;
    /// 1,000 held out; digits of numbers up to 99,999 into their Korean reading.
    fn default() -> Options {
        Options {
            shared: Shared {
                cell: CellKind::Gru,
                hidden: 64,
                epochs: 12,
                batch: 32,
                ..Shared::default()
            },
            train_size: 12_000,
            held_out_size: 1_000,
            attention: false,
            beam: 1,
            direction: Direction {
                language: Language::Korean,
                reverse: false,
                digits: 5,
            },
        }
    }
}

/// The longest output the decoder may write for numbers of `digits` digits: twice the
/// longest reading (5 digits: 9 syllables, 6 words; 12 digits: 23 syllables, 20 words),
/// so a model that never writes `<end>` still stops.
fn max_output(digits: usize) -> usize {
    if digits <= 5 { 18 } else { 4 * digits }
}

/// The model's translation of `n` in `direction`, as text, with a beam of `beam` (1:
/// greedy decoding): a trained [`Translator::model`], or one loaded
/// ([`Use::load`]).
///
/// # Panics
///
/// If the model does not read `direction`'s source tokens ([`Direction::fits`] says).
pub fn translate(model: &Seq2Seq<AnyCell>, direction: Direction, n: u64, beam: usize) -> String {
    let source = direction.ids(n, direction.reverse);
    let written = model
        .translate_beam(&source, max_output(direction.digits), beam)
        .expect("the source tokens are the encoder's");
    direction.render_target(&written)
}

/// Where the attention of `model` looked while it translated `n`: the tokens read (the
/// columns), the tokens written then `<end>` if it wrote it (the rows), and the weights αₖ
/// (rows × columns), for [`heat_map::alignment`](crate::io::heat_map::alignment). `None`
/// for a model without attention.
///
/// # Panics
///
/// As [`translate`].
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::frame::{Shared, Use};
/// use rnn_from_scratch::programs::uses::translation::{alignment, split, Options};
///
/// let options = Options { attention: true, ..Options::default() };
/// let shared = Shared { epochs: 1, hidden: 4, ..options.shared };
/// let (train, held_out) = split(0, 40, 5, 99_999);
/// let report = options.run(&train, &held_out, &shared, &mut |_| {})?;
/// let ko = options.direction;
/// let (read, written, weights) = alignment(&report.trained.model, ko, 20260).unwrap();
/// assert_eq!(read, ["2", "0", "2", "6", "0"]);
/// assert_eq!(weights.shape(), (written.len(), 5));
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn alignment(
    model: &Seq2Seq<AnyCell>,
    direction: Direction,
    n: u64,
) -> Option<(Vec<&'static str>, Vec<&'static str>, Matrix)> {
    model.attention()?;
    let source = direction.ids(n, direction.reverse);
    let (written, weights) = model
        .alignment(&source, max_output(direction.digits))
        .expect("the source tokens are the encoder's");
    let read = source.iter().map(|&i| token(direction.source_tokens(), i));
    let target = |&i: &usize| token(direction.target_tokens(), i);
    let mut wrote: Vec<&str> = written.iter().map(target).collect();
    if weights.shape().0 > wrote.len() {
        wrote.push("<end>");
    }
    Some((read.collect(), wrote, weights))
}

/// The numbers 0 to 99,999 in an order drawn from `seed`: the first `held_out` are held
/// out, the next `train` train the model. Disjoint by construction.
///
/// # Panics
///
/// If `train + held_out` is more than the 100,000 numbers there are (`split: 100000
/// numbers to train on and 1 held out, but there are 100000`); `rnn translate` refuses such
/// sizes first.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::translation::split;
/// let (train, held_out) = split(0, 100, 10, 99_999);
/// assert!(held_out.iter().all(|n| !train.contains(n)));
/// ```
pub fn split(seed: u32, train: usize, held_out: usize, max: u64) -> (Vec<u64>, Vec<u64>) {
    let there_are = max.saturating_add(1);
    assert!(
        (train.saturating_add(held_out) as u64) <= there_are,
        "split: {train} numbers to train on and {held_out} held out, but there are {there_are}"
    );
    let mut rng = Mt19937::new(seed);
    let numbers: Vec<u64> = if there_are <= 1_000_000 {
        // Few enough to shuffle them all (the 5-digit runs' figures come from this).
        let mut all: Vec<u64> = (0..=max).collect();
        rng.shuffle(&mut all);
        all.truncate(held_out + train);
        all
    } else {
        // Drawn one by one, skipping repeats: as good as a shuffle of all of them.
        let (mut seen, mut drawn) = (HashSet::new(), Vec::with_capacity(held_out + train));
        while drawn.len() < held_out + train {
            let n = (rng.random() * there_are as f64) as u64 % there_are;
            if seen.insert(n) {
                drawn.push(n);
            }
        }
        drawn
    };
    let held: Vec<u64> = numbers[..held_out].to_vec();
    let train: Vec<u64> = numbers[held_out..held_out + train].to_vec();
    (train, held)
}

/// An encoder–decoder of `v_in` tokens in and `v_out` out (the last two `<start>` and
/// `<end>`): the encoder's and the decoder's cells as `cell(v)` builds them, a softmax over
/// the `v_out` tokens, and an attention of Da values (none for 0), drawn in that order.
///
/// # Errors
///
/// Fewer than 3 tokens out, or cells of two sizes.
pub(crate) fn encoder_decoder<C: Cell>(
    mut cell: impl FnMut(usize, &mut Mt19937) -> C,
    [v_in, v_out, da]: [usize; 3],
    rng: &mut Mt19937,
) -> Result<Seq2Seq<C>, String> {
    if v_out < 3 {
        return Err(format!(
            "classes must count the target tokens, <start> and <end>: at least 3, got {v_out}"
        ));
    }
    let encoder = cell(v_in, rng);
    let decoder = SequenceModel::with_softmax(cell(v_out, rng), v_out, rng);
    let dh = encoder.hidden_size();
    let model = Seq2Seq::new(encoder, decoder, v_out - 2, v_out - 1).map_err(|e| e.to_string())?;
    match da {
        0 => Ok(model),
        da => model
            .with_attention(Attention::init(dh, da, rng))
            .map_err(|e| e.to_string()),
    }
}

/// The share of `held_out` that `model` translates exactly (with a beam of `beam`), and
/// eight of them to show, as lines: the first wrong ones (up to 3), after right ones.
fn score(
    model: &Seq2Seq<AnyCell>,
    direction: Direction,
    held_out: &[u64],
    beam: usize,
) -> (f64, Vec<String>) {
    let translated = |&n: &u64| translate(model, direction, n, beam);
    let written: Vec<String> = held_out.iter().map(translated).collect();
    let pairs = || held_out.iter().zip(&written);
    let right = |&(&n, w): &(&u64, &String)| *w == direction.target(n);
    let line = |(&n, w): (&u64, &String)| {
        let (source, expected) = (direction.source(n), direction.target(n));
        let mark = if *w == expected { "✓" } else { "✗" };
        format!("  {mark} {source}  →  {w}   (expected {expected})")
    };
    let wrong: Vec<String> = pairs().filter(|p| !right(p)).take(3).map(line).collect();
    let mut lines: Vec<String> = pairs()
        .filter(right)
        .take(8 - wrong.len())
        .map(line)
        .collect();
    lines.extend(wrong);
    let exact = pairs().filter(right).count() as f64 / held_out.len() as f64;
    (exact, lines)
}

/// How a translator is saved: `model.txt` holds its cell, V (source tokens), Dh, the target
/// tokens (the last two `<start>` and `<end>`), Da if it has attention, and the direction it
/// translates (`direction digits ko`); the decoder's files end in `_2`.
impl Saved for Seq2Seq<AnyCell> {
    const PROGRAM: &'static str = "translate";
    const VOCABULARIES: &'static [(&'static str, &'static str, &'static str)] = &[];
    const SIZES: &'static [(&'static str, bool)] = &[
        ("vocab_size", true),
        ("hidden_size", true),
        ("classes", true),
        ("attention_size", false),
    ];

    fn kind(&self) -> CellKind {
        self.encoder().kind()
    }

    fn sizes(&self) -> Vec<usize> {
        let (encoder, decoder) = (self.encoder(), self.decoder());
        let da = self.attention().map_or(0, |a| a.attention_size());
        let classes = decoder.output().output_size();
        vec![encoder.input_size(), encoder.hidden_size(), classes, da]
    }

    fn count(kind: CellKind, sizes: &[usize]) -> u128 {
        let [v, dh, c, da] = [0, 1, 2, 3].map(|k| sizes[k]);
        let (dh, c128, da) = (dh as u128, c as u128, da as u128);
        let attention = match da {
            0 => 0,
            _ => 2 * da * dh + da + 2 * dh * dh + dh, // Wa, Ua, va, Wc, bc
        };
        let cells = kind.num_parameters(v, sizes[1]) + kind.num_parameters(c, sizes[1]);
        cells + c128 * dh + c128 + attention
    }

    fn fresh(kind: CellKind, sizes: &[usize]) -> Result<Self, String> {
        let [v, dh, classes, da] = [0, 1, 2, 3].map(|k| sizes[k]);
        let rng = &mut Mt19937::new(0);
        encoder_decoder(|v, r| kind.build(v, dh, r), [v, classes, da], rng)
    }
}

/// A trained translator: the model, the direction it translates, its beam, and the numbers
/// held out of its training (none for a loaded one).
#[derive(Debug, Clone)]
pub struct Translator {
    /// The encoder–decoder.
    pub model: Seq2Seq<AnyCell>,
    /// What it translates into what.
    pub direction: Direction,
    /// How many partial translations it keeps (1: greedy).
    pub beam: usize,
    /// The numbers held out of its training.
    pub held_out: Vec<u64>,
}

impl Translator {
    /// `--input`: comma-separated numbers (or readings, reversed), each one the direction
    /// reads, with the text each was read from.
    ///
    /// # Errors
    ///
    /// An item that is not a number the direction reads, named.
    pub fn numbers(direction: Direction, text: &str) -> Result<Vec<(String, u64)>, String> {
        let parse = |item: &str| direction.parse(item).map(|n| (item.trim().to_string(), n));
        text.split(',').map(parse).collect()
    }

    /// `--plot`: where the attention looked (a heat map, as SVG) translating your first
    /// number of `input`, or else the first held-out one with the most digits; with the
    /// number's source text. `None` with no number to draw.
    ///
    /// # Panics
    ///
    /// If the model has no attention.
    pub fn plot(&self, input: Option<&str>) -> Option<(String, String)> {
        let direction = self.direction;
        let yours = input.and_then(|text| Translator::numbers(direction, text).ok());
        let digits = |n: &u64| n.to_string().len();
        let most = self.held_out.iter().map(digits).max();
        let longest = self.held_out.iter().find(|n| Some(digits(n)) == most);
        let shown = yours.and_then(|numbers| numbers.first().map(|&(_, n)| n));
        let n = shown.or(longest.copied())?;
        let (read, written, weights) =
            alignment(&self.model, direction, n).expect("the model has attention");
        let title = format!("attention weights αₖ, translating {}", direction.source(n));
        let svg = crate::io::heat_map::alignment(&title, &weights, &written, &read);
        Some((direction.source(n), svg))
    }
}

impl Options {
    /// The sizes `rnn translate` may take, for numbers of up to `direction.digits` digits:
    /// the most that may train (90% of the numbers there are, 90,000 of 5 digits; a million
    /// at most), and the default training and held-out sizes (these options', fewer where
    /// there are too few numbers).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::translation::Options;
    /// let mut options = Options::default();
    /// assert_eq!(options.limits(), (90_000, 12_000, 1_000));
    /// options.direction.digits = 2;
    /// assert_eq!(options.limits(), (90, 90, 10));
    /// ```
    pub fn limits(&self) -> (usize, usize, usize) {
        let there_are = largest(self.direction.digits).saturating_add(1);
        let most = (there_are / 10 * 9).min(1_000_000) as usize;
        let held_out = self.held_out_size.min((there_are / 10).max(1) as usize);
        (most, self.train_size.min(most), held_out)
    }

    /// These options with `train` numbers to train on and `held_out` to score.
    ///
    /// # Errors
    ///
    /// More numbers than there are: `rnn translate: --train 90 and --held-out 20 need more
    /// numbers than the 100 of up to 2 digits` (the command's message).
    pub fn sized(self, train: usize, held_out: usize) -> Result<Options, String> {
        let digits = self.direction.digits;
        let there_are = largest(digits).saturating_add(1);
        if (train + held_out) as u64 > there_are {
            return Err(format!(
                "rnn translate: --train {train} and --held-out {held_out} need more numbers than \
                 the {there_are} of up to {digits} digits"
            ));
        }
        Ok(Options {
            train_size: train,
            held_out_size: held_out,
            ..self
        })
    }
}

/// `rnn translate`, through the frame ([`Use`]): numbers and their readings (a rule, so
/// the data is made here: [`split`]), the encoder–decoder, exact translations scored.
///
/// # Examples
///
/// Trained on the numbers `train` and scored on `held_out` (never seen in training:
/// [`split`]) by the fraction translated exactly ([`Use::run`]); the encoder and the decoder
/// are two cells of the shared cell with the same Dh, both reading one-hot tokens:
///
/// ```
/// use rnn_from_scratch::programs::uses::frame::{Shared, Use};
/// use rnn_from_scratch::programs::uses::translation::{split, Direction, Options};
/// use rnn_from_scratch::programs::uses::numbers::Language;
///
/// let direction = Direction { language: Language::English, reverse: true, digits: 5 };
/// let options = Options { direction, ..Options::default() };
/// let shared = Shared { epochs: 2, hidden: 8, ..options.shared };
/// let (train, held_out) = split(0, 100, 20, 99_999);
/// let report = options.run(&train, &held_out, &shared, &mut |_| {})?;
/// assert!((0.0..=1.0).contains(&report.against.0));
/// assert!(report.lines[1].contains("(expected ")); // a held-out number, and its digits
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
///
/// Saved as a folder ([`Use::save`], [`io::save::save`](crate::io::save::save)) with the
/// line that says what it translates (`direction digits ko` …), which [`Use::load`] reads
/// back:
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, Seq2Seq, SequenceModel};
/// use rnn_from_scratch::programs::uses::frame::Use;
/// use rnn_from_scratch::programs::uses::translation::{Options, Translator};
/// use rnn_from_scratch::Mt19937;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-save-translate-{}", std::process::id()));
/// let mut rng = Mt19937::new(0);
/// let direction = Options::default().direction; // digits → Korean
/// let v = direction.language.tokens_for(5).len() + 2; // the readings' tokens, <start>, <end>
/// let decoder = SequenceModel::with_softmax(CellKind::Gru.build(v, 5, &mut rng), v, &mut rng);
/// let model = Seq2Seq::new(CellKind::Gru.build(10, 5, &mut rng), decoder, v - 2, v - 1)?;
/// let translator = Translator { model, direction, beam: 1, held_out: vec![] };
/// Options::save(&translator, &dir)?;
/// assert_eq!(Options::default().load(&dir)?.model, translator.model);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Use for Options {
    type Item = u64;
    type Trained = Translator;
    type Model = Seq2Seq<AnyCell>;
    const COMMAND: &'static str = "rnn translate";
    const ITEMS: &'static str = "numbers";
    const FLAGS: &'static [&'static str] = &["save", "load", "input", "lr"];
    const INPUT: &'static str = "the numbers to translate, such as --input \"42, 20260\"";

    fn defaults(&self) -> Shared {
        self.shared
    }

    fn data(&self, _: Option<&Path>, _: Option<&Path>, shared: &Shared) -> frame::Examples<u64> {
        let max = largest(self.direction.digits);
        let (train, held_out) = (self.train_size, self.held_out_size);
        Ok(split(shared.seed, train, held_out, max))
    }

    fn check_input(&self, text: &str) -> Result<(), String> {
        Translator::numbers(self.direction, text).map(drop)
    }

    fn memory(&self, _: &[u64], _: &[u64], shared: &Shared) -> Need {
        // An encoder and a decoder, each with a batch of up to 18 (4 a digit) tokens a thread.
        let steps = 18.max(4 * self.direction.digits);
        let bytes = 2 * shared.states([34, shared.hidden, 34, steps, 1]);
        let what = "the encoder's and the decoder's weights and each thread's batch";
        (bytes, what, "--hidden or --batch")
    }

    fn run(
        &self,
        train: &[u64],
        test: &[u64],
        shared: &Shared,
        on: &mut dyn FnMut(Event),
    ) -> Result<frame::Report<Translator>, TrainError> {
        let (direction, mut rng) = (self.direction, Mt19937::new(shared.seed));
        let (kind, dh) = (shared.cell, shared.hidden);
        let da = if self.attention { dh } else { 0 };
        let v_in = direction.source_tokens().len();
        let sizes = [v_in, direction.target_tokens().len() + 2, da];
        let cells = |v, rng: &mut Mt19937| kind.build(v, dh, rng);
        let mut model = encoder_decoder(cells, sizes, &mut rng).map_err(TrainError::new)?;
        let examples: Vec<Example> = train
            .iter()
            .map(|&n| {
                let target = direction.ids(n, !direction.reverse);
                Example::translation(direction.ids(n, direction.reverse), &target)
            })
            .collect();
        let fit = shared.fit_options();
        let name = |epoch| format!("epoch {epoch}");
        frame::told(on, 0, name, |on_batch, on_epoch| {
            let plan = Batches::telling(on_batch);
            fit_seq2seq(&mut model, &examples, &fit, &mut rng, plan, on_epoch)
        })?;
        let (exact, shown) = score(&model, direction, test, self.beam);
        let (from, to) = match direction.reverse {
            true => (direction.language.name(), "digits"),
            false => ("digits", direction.language.name()),
        };
        let how = match (self.attention, self.beam) {
            (true, 1) => ", with attention".to_string(),
            (false, 1) => String::new(),
            (true, k) => format!(", with attention, beam {k}"),
            (false, k) => format!(", beam {k}"),
        };
        let cell = kind.name();
        let mut lines = vec![format!(
            "{cell} {from} → {to}, Dh {dh}{how}; held-out numbers (never seen in training):"
        )];
        lines.extend(shown);
        Ok(frame::Report {
            figure: format!("held-out exact translations: {exact:.3}"),
            against: (exact, f64::NEG_INFINITY, String::new()),
            trained: Translator {
                model,
                direction,
                beam: self.beam,
                held_out: test.to_vec(),
            },
            lines,
        })
    }

    fn save(translator: &Translator, dir: &Path) -> Result<(), DataError> {
        let direction = format!("direction {}\n", translator.direction.code());
        crate::io::save::save(dir, &translator.model, &[], &direction)
    }

    fn load(&self, dir: &Path) -> Result<Translator, DataError> {
        let (model, _, manifest) = frame::load::<Seq2Seq<AnyCell>>(dir)?;
        let code = crate::io::save::manifest_value(&manifest, dir, "direction")?;
        let direction = Direction::from_code(code)
            .filter(|d| d.fits(&model))
            .ok_or_else(|| {
                DataError::new(format!(
                    "{}: the direction '{code}' is not one this model translates",
                    dir.display()
                ))
            })?;
        let (beam, held_out) = (self.beam, Vec::new());
        Ok(Translator {
            model,
            direction,
            beam,
            held_out,
        })
    }

    /// Each number translated, marked ✓ or ✗ against the rule's reading.
    fn answer(&self, translator: &Translator, text: &str, _: bool) -> frame::Lines {
        let direction = translator.direction;
        let numbers = Translator::numbers(direction, text).map_err(Answer::Unreadable)?;
        let line = |(text, n): &(String, u64)| {
            let written = translate(&translator.model, direction, *n, translator.beam);
            let expected = direction.target(*n);
            let mark = if written == expected { "✓" } else { "✗" };
            format!("  {mark} your input {text}  →  {written}   (expected {expected})")
        };
        Ok(numbers.iter().map(line).collect())
    }
}
