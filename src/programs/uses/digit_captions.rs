//! `rnn caption` on real images: one to three handwritten digits side by side (the UCI
//! digits, [`io::digits`](crate::io::digits)), captioned with the number's reading, token
//! by token until `<end>`: `372` → 삼 백 칠 십 이, or with English, `three hundred
//! seventy-two` ([`numbers`](super::numbers)).
//!
//! **The image, once, as the first input.** An image of k digits is 8×8k pixels; it is
//! put in an 8×24 frame (empty columns on the right), and its 192 values (pixel / 16) are
//! the input at step 1, beside a one-hot part that is zero there. From step 2 the input
//! is the token written before (the true one in training, the model's own when it
//! writes): zero pixels, one-hot token. So Iₜ has d = 192 + V values, and the picture
//! reaches later steps only through the hidden state, as in the notes' one-to-many
//! drawing.
//!
//! **Held out**: the images scored are built only from the last 297 digits of the file
//! (lines 1,501 to 1,797); training images only from the first 1,500. So every held-out
//! image shows handwriting the model has never seen, not merely a new combination.

use super::frame::{self, Answer, Event, Need, Shared, Use};
use super::numbers::{Language, digits};
use crate::cells::CellKind;
use crate::cells::{AnyCell, Cell, SequenceModel, Stacked, greedy};
use crate::io::data::DataError;
use crate::io::digits::{DIGITS, Digit};
use crate::io::save::Saved;
use crate::linalg::{Matrix, Mt19937, Vector};
use crate::train::threads::map_jobs;
use crate::train::{Batches, Example, Input, TrainError, fit};
use std::path::Path;

/// Digits from this place in the file on are held out (lines 1,501 to 1,797).
pub const HELD_OUT_FROM: usize = 1500;

/// Pixels in the frame: 8 rows of 24 columns.
pub const PIXELS: usize = 8 * 24;

/// The longest caption the model may write before it is stopped: 9 syllables or words,
/// twice over.
const MAX_TOKENS: usize = 18;

/// An image of a number: the digits drawn, left to right.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::digits::Digit;
/// use rnn_from_scratch::programs::uses::digit_captions::Picture;
///
/// let three = Digit { pixels: vec![16; 64], digit: 3 };
/// let seven = Digit { pixels: vec![8; 64], digit: 7 };
/// let picture = Picture { digits: vec![&three, &seven] };
/// assert_eq!(picture.number(), 37);
/// let frame = picture.frame();
/// assert_eq!((frame[0], frame[8], frame[16]), (1.0, 0.5, 0.0)); // row 1: 3's, 7's, empty
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture<'a> {
    /// One to three digit images.
    pub digits: Vec<&'a Digit>,
}

impl Picture<'_> {
    /// The number the digits write.
    pub fn number(&self) -> u32 {
        self.digits.iter().fold(0, |n, d| 10 * n + d.digit as u32)
    }

    /// The 8×24 frame, row by row, pixel / 16 (0 to 1): the digits side by side from
    /// the left, empty columns after them.
    pub fn frame(&self) -> Vec<f64> {
        let mut frame = vec![0.0; PIXELS];
        for (k, digit) in self.digits.iter().enumerate() {
            for row in 0..8 {
                for col in 0..8 {
                    frame[row * 24 + 8 * k + col] = f64::from(digit.pixels[row * 8 + col]) / 16.0;
                }
            }
        }
        frame
    }

    /// The image as text, one line per pixel row: ` ` `.` `:` `#` from light to dark.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::io::digits::Digit;
    /// use rnn_from_scratch::programs::uses::digit_captions::Picture;
    /// let one = Digit { pixels: (0..64).map(|p| if p % 8 == 3 { 16 } else { 0 }).collect(), digit: 1 };
    /// assert_eq!(Picture { digits: vec![&one] }.art()[0], "   #    ");
    /// ```
    pub fn art(&self) -> Vec<String> {
        (0..8)
            .map(|row| {
                self.digits
                    .iter()
                    .flat_map(|d| d.pixels[row * 8..row * 8 + 8].iter())
                    .map(|&v| match v {
                        0..=2 => ' ',
                        3..=7 => '.',
                        8..=12 => ':',
                        _ => '#',
                    })
                    .collect()
            })
            .collect()
    }
}

/// Draws `count` pictures from `pool`: 1, 2 or 3 digits (equally often), the first not
/// 0 unless it is alone, each digit a random image of it from the pool.
///
/// # Panics
///
/// If the pool lacks a digit (the UCI file has about 180 of each).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::digits::Digit;
/// use rnn_from_scratch::programs::uses::digit_captions::pictures;
/// use rnn_from_scratch::Mt19937;
///
/// let pool: Vec<Digit> = (0..10).map(|d| Digit { pixels: vec![0; 64], digit: d }).collect();
/// let drawn = pictures(&pool, 50, &mut Mt19937::new(0));
/// assert!(drawn.iter().all(|p| p.number() < 1000 && (p.digits.len() == 1 || p.digits[0].digit != 0)));
/// ```
pub fn pictures<'a>(pool: &'a [Digit], count: usize, rng: &mut Mt19937) -> Vec<Picture<'a>> {
    let by_digit: Vec<Vec<&Digit>> = (0..10)
        .map(|d| pool.iter().filter(|x| x.digit == d).collect())
        .collect();
    (0..count)
        .map(|_| {
            let k = 1 + rng.below(3);
            let digits = (0..k)
                .map(|place| {
                    let first = (place == 0 && k > 1) as usize; // of several: not 0
                    let d = first + rng.below(10 - first);
                    let images = &by_digit[d];
                    assert!(!images.is_empty(), "pictures: no image of the digit {d}");
                    images[rng.below(images.len())]
                })
                .collect();
            Picture { digits }
        })
        .collect()
}

/// What `rnn caption --digits` trains on.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::digit_captions::Options;
/// assert_eq!(Options::default().shared.hidden, 128);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Cell, Dh, epochs, batch, seed, threads; Adam's learning rate.
    pub shared: Shared,
    /// The language of the captions.
    pub language: Language,
    /// Pictures drawn from the training digits.
    pub train_pictures: usize,
    /// Pictures drawn from the held-out digits, to score.
    pub held_out_pictures: usize,
    /// Recurrent layers, each reading the states of the one below ([`Stacked`]): with two,
    /// the picture meets two layers of features at step 1.
    pub layers: usize,
}

impl Default for Options {
    /// Two LSTM layers, Dh 128, 10 epochs over 24,000 pictures in mini-batches of 32, Adam
    /// at 0.002; Korean captions; 1,000 held-out pictures.
    fn default() -> Options {
        Options {
            shared: Shared {
                cell: CellKind::Lstm,
                hidden: 128,
                epochs: 10,
                batch: 32,
                learning_rate: 0.002,
                ..Shared::default()
            },
            language: Language::Korean,
            train_pictures: 24_000,
            held_out_pictures: 1_000,
            layers: 2,
        }
    }
}

/// A digits file's images as the training pool (the first [`HELD_OUT_FROM`]) and the
/// held-out pool (the rest).
///
/// # Errors
///
/// Fewer than 1,510 images (at least 10 must be held out), or a pool without some digit.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::digits::{parse, DIGITS};
/// use rnn_from_scratch::programs::uses::digit_captions::pools;
/// let (train, test) = pools(parse(DIGITS, "digits.csv")?)?;
/// assert_eq!(train.len(), 1500);
/// assert!(pools(train).is_err());
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn pools(mut digits: Vec<Digit>) -> Result<(Vec<Digit>, Vec<Digit>), DataError> {
    if digits.len() < HELD_OUT_FROM + 10 {
        return Err(DataError::new(format!(
            "caption: the digits file has {} images; it needs at least {} (the first \
             {HELD_OUT_FROM} train, the rest, at least 10, are held out)",
            digits.len(),
            HELD_OUT_FROM + 10
        )));
    }
    let test_pool = digits.split_off(HELD_OUT_FROM);
    for (pool, name) in [(&digits, "training"), (&test_pool, "held-out")] {
        if let Some(d) = (0..10).find(|&d| pool.iter().all(|x| x.digit != d)) {
            return Err(DataError::new(format!(
                "caption: the {name} digits have no image of a {d}"
            )));
        }
    }
    Ok((digits, test_pool))
}

/// The input rows of a caption's steps: the frame at step 1, then each fed token.
fn inputs(frame: &[f64], fed: &[usize], v: usize) -> Matrix {
    let mut m = Matrix::zeros(fed.len() + 1, PIXELS + v);
    m.row_mut(0)[..PIXELS].copy_from_slice(frame);
    for (t, &token) in fed.iter().enumerate() {
        m[(t + 1, PIXELS + token)] = 1.0;
    }
    m
}

/// Greedy captioning: the picture, then the likeliest token each step, fed back, until
/// `<end>` (the last token id, `v − 1`) or [`MAX_TOKENS`].
fn describe<C: Cell>(model: &SequenceModel<C>, frame: &[f64], v: usize) -> Vec<usize> {
    let cell = model.cell();
    let mut state = model.zero_state();
    let mut input = inputs(frame, &[], v);
    let mut written = Vec::new();
    while written.len() < MAX_TOKENS {
        let (hs, next, _) = cell
            .forward_cached(&input, &state)
            .expect("inputs made to fit");
        state = next;
        let token = greedy(&model.output().step(&Vector::from(hs.row(0))));
        if token == v - 1 {
            break;
        }
        written.push(token);
        input = Matrix::zeros(1, PIXELS + v);
        input[(0, PIXELS + token)] = 1.0;
    }
    written
}

/// A fresh captioner of V tokens (`<end>` last): `layers` stacked cells of `kind`, Dh each
/// (the first reads a picture and a token, PIXELS + V values, the others the layer below),
/// a softmax over V tokens.
fn fresh(
    kind: CellKind,
    [v, dh, layers]: [usize; 3],
    rng: &mut Mt19937,
) -> Result<SequenceModel<Stacked<AnyCell>>, String> {
    let cells = (0..layers).map(|k| kind.build(if k == 0 { PIXELS + v } else { dh }, dh, rng));
    let cell = Stacked::new(cells.collect()).map_err(|e| e.to_string())?;
    Ok(SequenceModel::with_softmax(cell, v, rng))
}

/// The training examples of `pictures`: the picture then each token of the reading in
/// `language` in, the reading and `<end>` (token `v − 1`) out.
fn examples(pictures: &[Picture], language: Language, v: usize) -> Vec<Example> {
    let example = |p: &Picture| {
        let mut tokens = language.reading(p.number().into());
        tokens.push(v - 1); // <end>
        let inputs = Input::Rows(inputs(&p.frame(), &tokens[..tokens.len() - 1], v));
        let targets = tokens.into_iter().enumerate().collect();
        Example { inputs, targets }
    };
    pictures.iter().map(example).collect()
}

/// A trained captioner: the model and the language of its captions.
#[derive(Debug, Clone, PartialEq)]
pub struct Captioner {
    /// The stacked cells and their softmax over the caption's tokens and `<end>`.
    pub model: SequenceModel<Stacked<AnyCell>>,
    /// The language of its captions.
    pub language: Language,
}

/// How a captioner is saved: `model.txt` holds its cell, V (the caption's tokens and
/// `<end>`), Dh, its layers, and the language of its captions (`language ko`); d is the
/// picture's pixels and V.
impl Saved for SequenceModel<Stacked<AnyCell>> {
    const PROGRAM: &'static str = "caption";
    const VOCABULARIES: &'static [(&'static str, &'static str, &'static str)] = &[];
    const SIZES: &'static [(&'static str, bool)] = &[
        ("vocab_size", true),
        ("hidden_size", true),
        ("layers", true),
    ];

    fn kind(&self) -> CellKind {
        self.cell().layers()[0].kind()
    }

    fn sizes(&self) -> Vec<usize> {
        let layers = self.cell().layers();
        let v = self.output().output_size();
        vec![v, layers[0].hidden_size(), layers.len()]
    }

    fn count(kind: CellKind, sizes: &[usize]) -> u128 {
        let [v, dh, layers] = [0, 1, 2].map(|k| sizes[k]);
        let first = kind.num_parameters(PIXELS + v, dh);
        let above = (layers as u128 - 1) * kind.num_parameters(dh, dh);
        first + above + (v * dh + v) as u128 // Wy, by
    }

    fn fresh(kind: CellKind, sizes: &[usize]) -> Result<Self, String> {
        fresh(kind, [0, 1, 2].map(|k| sizes[k]), &mut Mt19937::new(0))
    }
}

/// `rnn caption`, through the frame ([`Use`]): handwritten digits (UCI), pictures of one to
/// three of them, captioned with their reading.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::digits::{parse, DIGITS};
/// use rnn_from_scratch::programs::uses::digit_captions::{pools, Options};
/// use rnn_from_scratch::programs::uses::frame::{Shared, Use};
///
/// let (train, test) = pools(parse(DIGITS, "digits.csv")?)?;
/// let options = Options { train_pictures: 50, held_out_pictures: 10, ..Options::default() };
/// let shared = Shared { epochs: 1, hidden: 8, ..options.shared };
/// let report = options.run(&train, &test, &shared, &mut |_| {}).unwrap();
/// assert!(report.figure.starts_with("held-out exact captions: "));
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
impl Use for Options {
    type Item = Digit;
    type Trained = Captioner;
    type Model = SequenceModel<Stacked<AnyCell>>;
    const COMMAND: &'static str = "rnn caption";
    const ITEMS: &'static str = "pictures";
    const FLAGS: &'static [&'static str] = &["save", "load", "input", "lr"];
    const INPUT: &'static str =
        "a number of one to three digits to draw and caption, such as --input 42";

    fn defaults(&self) -> Shared {
        self.shared
    }

    /// The digits of `train` (a file of UCI's format), or the committed ones: the first
    /// 1,500 are drawn into training pictures, the rest into held-out ones.
    fn data(&self, train: Option<&Path>, _: Option<&Path>, _: &Shared) -> frame::Examples<Digit> {
        let digits = match train {
            Some(path) => crate::io::digits::read(path)?,
            None => crate::io::digits::parse(DIGITS, "docs/data/digits/digits.csv")?,
        };
        pools(digits)
    }

    fn check_input(&self, text: &str) -> Result<(), String> {
        number(text).map(drop)
    }

    fn memory(&self, _: &[Digit], _: &[Digit], shared: &Shared) -> Need {
        // Each training picture is kept as its caption's inputs (up to 18 steps of the
        // picture and the previous token); then each thread's batch through the layers.
        let pictures = (self.train_pictures + self.held_out_pictures) as u128;
        let states = shared.states([PIXELS, shared.hidden, 32, 18, self.layers]);
        (
            8 * pictures * 18 * (PIXELS as u128 + 32) + 2 * states,
            "the pictures, the weights and each thread's batch of captions",
            "--train, --hidden, --layers or --batch",
        )
    }

    fn plan(&self, _: &[Digit], shared: &Shared) -> frame::Plan {
        frame::Plan {
            epochs: shared.epochs,
            per_epoch: self.train_pictures,
            rounds: &[],
        }
    }

    /// Trains a fresh captioner on pictures drawn from the training digits (`train`) and
    /// scores it on pictures of the held-out ones (`test`, [`pools`]) by the fraction
    /// captioned exactly; its lines show four of them.
    fn run(
        &self,
        train: &[Digit],
        test: &[Digit],
        shared: &Shared,
        on: &mut dyn FnMut(Event),
    ) -> Result<frame::Report<Captioner>, TrainError> {
        let language = self.language;
        let (layers, epochs) = (self.layers, shared.epochs);
        on(Event::Note(format!(
            "training a captioner ({layers} {} layer{}, Dh {}) on {} pictures, {epochs} epoch{}; drawing the pictures first",
            shared.cell.name().to_uppercase(),
            if layers == 1 { "" } else { "s" },
            shared.hidden,
            self.train_pictures,
            if epochs == 1 { "" } else { "s" }
        )));
        let mut rng = Mt19937::new(shared.seed);
        let v = language.tokens().len() + 1; // the tokens, then <end>
        if layers == 0 {
            return Err(TrainError::new("caption: a model needs at least one layer"));
        }
        let sizes = [v, shared.hidden, layers];
        let mut model = fresh(shared.cell, sizes, &mut rng).map_err(TrainError::new)?;
        let examples = examples(&pictures(train, self.train_pictures, &mut rng), language, v);
        // The batched path: a mini-batch's captions of one length run as one pass.
        let options = shared.fit_options();
        let name = |epoch| format!("epoch {epoch}'s");
        frame::told(on, 0, name, |on_batch, on| {
            let plan = Batches::telling(on_batch);
            fit(&mut model, &examples, &options, 0.0, &mut rng, plan, on)
        })?;
        let test = pictures(test, self.held_out_pictures, &mut rng);
        let describe = |p: &Picture| describe(&model, &p.frame(), v);
        let written = map_jobs(&test, shared.threads, describe, |_, _| {});
        let mut lines = vec!["held-out pictures (handwriting never seen in training):".to_string()];
        for (p, w) in test.iter().zip(&written).take(4) {
            let (written, truth) = (language.render(w), language.read(p.number().into()));
            let mark = if written == truth { "✓" } else { "✗" };
            for (k, line) in p.art().iter().enumerate() {
                let note = match k {
                    3 => format!("{mark} written: {written}"),
                    4 => format!("  true:    {truth}"),
                    _ => String::new(),
                };
                lines.push(format!("  |{line:<24}|  {note}"));
            }
            lines.push(String::new());
        }
        let right = test.iter().zip(&written);
        let right = right.filter(|(p, w)| **w == language.reading(p.number().into()));
        let exact = right.count() as f64 / test.len().max(1) as f64;
        Ok(frame::Report {
            figure: format!("held-out exact captions: {exact:.3}"),
            against: (exact, f64::NEG_INFINITY, String::new()),
            trained: Captioner { model, language },
            lines,
        })
    }

    fn save(captioner: &Captioner, dir: &Path) -> Result<(), DataError> {
        let extra = format!("language {}\n", captioner.language.code());
        crate::io::save::save(dir, &captioner.model, &[], &extra)
    }

    fn load(&self, dir: &Path) -> Result<Captioner, DataError> {
        let (model, _, manifest) = frame::load::<Self::Model>(dir)?;
        let code = crate::io::save::manifest_value(&manifest, dir, "language")?;
        let language = Language::from_code(code).unwrap_or(Language::Korean);
        Ok(Captioner { model, language })
    }

    /// Draws `text`'s digits from held-out handwriting (each digit's first held-out image
    /// of the committed digits) and captions the picture: its text art, then the caption.
    fn answer(&self, captioner: &Captioner, text: &str, _: bool) -> frame::Lines {
        let n = number(text).map_err(Answer::Unreadable)?;
        let all = crate::io::digits::parse(DIGITS, "digits.csv")
            .map_err(|e| Answer::Failed(e.to_string()))?;
        let held_out = &all[HELD_OUT_FROM..];
        let image = |d: usize| held_out.iter().find(|x| x.digit == d).expect("every digit");
        let picture = Picture {
            digits: digits(n.into()).into_iter().map(image).collect(),
        };
        let v = captioner.model.output().output_size();
        let written = describe(&captioner.model, &picture.frame(), v);
        let framed = |l: &String| format!("  |{l:<24}|");
        let mut lines: Vec<String> = picture.art().iter().map(framed).collect();
        lines.push(captioner.language.render(&written));
        Ok(lines)
    }
}

/// `--input`: a number of one to three digits.
fn number(text: &str) -> Result<u32, String> {
    let text = text.trim();
    match text.parse::<u32>() {
        Ok(n) if text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(format!(
            "{}: a caption's picture holds one to three digits, such as 42",
            crate::io::text::quoted(text)
        )),
    }
}
