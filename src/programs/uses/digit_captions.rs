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

use super::Training;
use super::numbers::Language;
use crate::cells::{AnyCell, Cell, SequenceModel, Stacked, greedy};
use crate::io::digits::Digit;
use crate::linalg::{Matrix, Mt19937, Vector};
use crate::train::threads::map_jobs;
use crate::train::{Batches, Example, Input, TrainError, fit};

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
                    let d = if place == 0 && k > 1 {
                        1 + rng.below(9)
                    } else {
                        rng.below(10)
                    };
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
/// assert_eq!(Options::default().training.hidden, 128);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Cell, Dh, epochs, batch, seed, threads.
    pub training: Training,
    /// The language of the captions.
    pub language: Language,
    /// Pictures drawn from the training digits.
    pub train_pictures: usize,
    /// Pictures drawn from the held-out digits, to score.
    pub held_out_pictures: usize,
    /// Adam's learning rate.
    pub learning_rate: f64,
    /// Recurrent layers, each reading the states of the one below ([`Stacked`]): with two,
    /// the picture meets two layers of features at step 1.
    pub layers: usize,
}

impl Default for Options {
    /// Two LSTM layers, Dh 128, 10 epochs over 24,000 pictures in mini-batches of 32, Adam
    /// at 0.002; Korean captions; 1,000 held-out pictures.
    fn default() -> Options {
        Options {
            training: Training {
                cell: crate::cells::CellKind::Lstm,
                hidden: 128,
                epochs: 10,
                batch: 32,
                ..Training::default()
            },
            language: Language::Korean,
            train_pictures: 24_000,
            held_out_pictures: 1_000,
            learning_rate: 0.002,
            layers: 2,
        }
    }
}

/// What `rnn caption --digits` measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The fraction of held-out pictures captioned exactly (every token, then `<end>`).
    pub exact: f64,
    /// How many held-out pictures were scored.
    pub held_out: usize,
    /// A few held-out pictures: (text art, written caption, true caption).
    pub examples: Vec<(Vec<String>, String, String)>,
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

/// Trains a fresh cell on pictures of the training digits and scores it on pictures of
/// the held-out ones; `on_batch(epoch, pictures done)` and `on_epoch(epoch, mean loss)`
/// follow the training.
///
/// # Errors
///
/// A file with too few images to hold out any after the first 1,500 (fewer than 1,510),
/// a training or held-out part without some digit, or a
/// training failure (a non-finite loss).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::digits::{parse, DIGITS};
/// use rnn_from_scratch::programs::uses::digit_captions::{run, Options};
/// use rnn_from_scratch::programs::uses::Training;
///
/// let digits = parse(DIGITS, "digits.csv")?;
/// let options = Options { training: Training { epochs: 1, hidden: 8, ..Options::default().training }, train_pictures: 50, held_out_pictures: 10, ..Options::default() };
/// let report = run(&digits, &options, |_, _| {}, |_, _| {}).unwrap();
/// assert_eq!(report.held_out, 10);
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn run(
    digits: &[Digit],
    options: &Options,
    on_batch: impl FnMut(usize, usize),
    on_epoch: impl FnMut(usize, f64),
) -> Result<Report, TrainError> {
    if digits.len() < HELD_OUT_FROM + 10 {
        return Err(TrainError::new(format!(
            "caption: the digits file has {} images; it needs at least {} (the first \
             {HELD_OUT_FROM} train, the rest, at least 10, are held out)",
            digits.len(),
            HELD_OUT_FROM + 10
        )));
    }
    let (train_pool, test_pool) = digits.split_at(HELD_OUT_FROM);
    for (pool, name) in [(train_pool, "training"), (test_pool, "held-out")] {
        if let Some(d) = (0..10).find(|&d| pool.iter().all(|x| x.digit != d)) {
            return Err(TrainError::new(format!(
                "caption: the {name} digits have no image of a {d}"
            )));
        }
    }
    let training = &options.training;
    let language = options.language;
    let mut rng = Mt19937::new(training.seed);
    let v = language.tokens().len() + 1; // the tokens, then <end>
    let end = v - 1;
    if options.layers == 0 {
        return Err(TrainError::new("caption: a model needs at least one layer"));
    }
    let layers: Vec<AnyCell> = (0..options.layers)
        .map(|k| {
            let d = if k == 0 { PIXELS + v } else { training.hidden };
            training.cell.build(d, training.hidden, &mut rng)
        })
        .collect();
    let cell = Stacked::new(layers).map_err(|e| TrainError::new(e.to_string()))?;
    let mut model = SequenceModel::with_softmax(cell, v, &mut rng);

    let train = pictures(train_pool, options.train_pictures, &mut rng);
    let examples: Vec<Example> = train
        .iter()
        .map(|p| {
            let mut tokens = language.reading(p.number().into());
            tokens.push(end);
            Example {
                inputs: Input::Rows(inputs(&p.frame(), &tokens[..tokens.len() - 1], v)),
                targets: tokens.into_iter().enumerate().collect(),
            }
        })
        .collect();
    let fit_options = crate::train::FitOptions {
        learning_rate: options.learning_rate,
        ..training.fit_options()
    };
    // The batched path: a mini-batch's captions of one length run as one pass.
    let plan = Batches {
        lengths: None,
        on_batch,
        chance: None,
    };
    fit(
        &mut model,
        &examples,
        &fit_options,
        0.0,
        &mut rng,
        plan,
        on_epoch,
    )?;

    let test = pictures(test_pool, options.held_out_pictures, &mut rng);
    let written = map_jobs(
        &test,
        training.threads,
        |p| describe(&model, &p.frame(), v),
        |_, _| {},
    );
    let right = test
        .iter()
        .zip(&written)
        .filter(|(p, w)| **w == language.reading(p.number().into()))
        .count();
    let examples = test
        .iter()
        .zip(&written)
        .take(4)
        .map(|(p, w)| {
            (
                p.art(),
                language.render(w),
                language.read(p.number().into()),
            )
        })
        .collect();
    Ok(Report {
        exact: right as f64 / test.len().max(1) as f64,
        held_out: test.len(),
        examples,
    })
}
