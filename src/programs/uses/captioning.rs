//! One-to-many (일 대 다): image captioning (이미지 캡셔닝), one tiny "image" in, a
//! sentence out.
//!
//! An image here is a feature vector of 8 values: its size (big, small), its colour (red,
//! green, blue) and its shape (circle, square, triangle), one-hot each. Its caption is
//! `a SIZE COLOUR SHAPE <end>`, e.g. "a big red circle". The image is the input at step 1;
//! at each later step the input is the word the model is asked to continue from
//! (the previous word of the caption in training, its own previous word when it writes).
//! Of the 18 images, 4 are held out: the model has seen every size, colour and shape, but
//! never those combinations, so it must compose.

use super::{Training, WordVocabulary};
use crate::cells::{Cell, SequenceModel};
use crate::linalg::{Matrix, Mt19937, Vector};
use crate::train::{Example, FitOptions, TrainError, fit};

/// The sizes, colours and shapes.
///
/// # Examples
///
/// ```
/// assert_eq!(rnn_from_scratch::tasks::captioning::SIZES, ["big", "small"]);
/// ```
pub const SIZES: [&str; 2] = ["big", "small"];
/// The colours.
///
/// # Examples
///
/// ```
/// assert_eq!(rnn_from_scratch::tasks::captioning::COLOURS.len(), 3);
/// ```
pub const COLOURS: [&str; 3] = ["red", "green", "blue"];
/// The shapes.
///
/// # Examples
///
/// ```
/// assert_eq!(rnn_from_scratch::tasks::captioning::SHAPES[2], "triangle");
/// ```
pub const SHAPES: [&str; 3] = ["circle", "square", "triangle"];

/// Values of an image's feature vector.
///
/// # Examples
///
/// ```
/// assert_eq!(rnn_from_scratch::tasks::captioning::FEATURES, 2 + 3 + 3);
/// ```
pub const FEATURES: usize = SIZES.len() + COLOURS.len() + SHAPES.len();

/// The longest caption the model may write before it is stopped.
const MAX_WORDS: usize = 8;

/// An image: indices into [`SIZES`], [`COLOURS`], [`SHAPES`].
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::tasks::captioning::Image;
/// assert_eq!(Image { size: 0, colour: 2, shape: 1 }.caption().join(" "), "a big blue square <end>");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Image {
    /// Index into [`SIZES`].
    pub size: usize,
    /// Index into [`COLOURS`].
    pub colour: usize,
    /// Index into [`SHAPES`].
    pub shape: usize,
}

impl Image {
    /// The feature vector: three one-hot groups side by side.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::tasks::captioning::Image;
    ///
    /// let f = Image { size: 1, colour: 0, shape: 2 }.features();
    /// assert_eq!(f.as_slice(), &[0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0]);
    /// ```
    pub fn features(&self) -> Vector {
        let mut f = Vector::zeros(FEATURES);
        f[self.size] = 1.0;
        f[SIZES.len() + self.colour] = 1.0;
        f[SIZES.len() + COLOURS.len() + self.shape] = 1.0;
        f
    }

    /// Its true caption, `a SIZE COLOUR SHAPE <end>`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::tasks::captioning::Image;
    /// assert_eq!(Image { size: 1, colour: 0, shape: 0 }.caption().join(" "), "a small red circle <end>");
    /// ```
    pub fn caption(&self) -> Vec<String> {
        [
            "a",
            SIZES[self.size],
            COLOURS[self.colour],
            SHAPES[self.shape],
            "<end>",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect()
    }
}

/// Every image, in a fixed order.
///
/// # Examples
///
/// ```
/// assert_eq!(rnn_from_scratch::tasks::captioning::images().len(), 2 * 3 * 3);
/// ```
pub fn images() -> Vec<Image> {
    let mut all = Vec::new();
    for size in 0..SIZES.len() {
        for colour in 0..COLOURS.len() {
            for shape in 0..SHAPES.len() {
                all.push(Image {
                    size,
                    colour,
                    shape,
                });
            }
        }
    }
    all
}

/// The caption words, `<end>` included.
///
/// # Examples
///
/// ```
/// let vocab = rnn_from_scratch::tasks::captioning::vocabulary();
/// assert_eq!(vocab.len(), 1 + 2 + 3 + 3 + 1); // a, sizes, colours, shapes, <end>
/// ```
pub fn vocabulary() -> WordVocabulary {
    WordVocabulary::from_sentences(&images().iter().map(Image::caption).collect::<Vec<_>>())
}

/// The inputs for an image and the words fed after it: row 0 is [features; 0], row t is
/// [0; one-hot of word t−1].
fn inputs(image: &Image, words: &[usize], vocab_size: usize) -> Matrix {
    let d = FEATURES + vocab_size;
    let mut m = Matrix::zeros(words.len() + 1, d);
    m.row_mut(0)[..FEATURES].copy_from_slice(image.features().as_slice());
    for (t, &w) in words.iter().enumerate() {
        m[(t + 1, FEATURES + w)] = 1.0;
    }
    m
}

/// The caption a model writes for an image: greedy decoding, each word fed back, until
/// `<end>` or 8 words.
///
/// # Examples
///
/// An untrained model writes something, never more than 8 words:
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, SequenceModel};
/// use rnn_from_scratch::tasks::captioning::{describe, images, vocabulary, FEATURES};
/// use rnn_from_scratch::Mt19937;
///
/// let vocab = vocabulary();
/// let cell = CellKind::Rnn.build(FEATURES + vocab.len(), 8, &mut Mt19937::new(0));
/// let model = SequenceModel::with_softmax(cell, vocab.len(), &mut Mt19937::new(1));
/// assert!(describe(&model, &images()[0], &vocab).len() <= 8);
/// ```
pub fn describe<C: Cell>(
    model: &SequenceModel<C>,
    image: &Image,
    vocab: &WordVocabulary,
) -> Vec<String> {
    let end = vocab.index("<end>").expect("<end> is a word");
    let mut words: Vec<usize> = Vec::new();
    while words.len() < MAX_WORDS {
        // The whole prefix again each time: simple, and captions are five words long.
        let (states, _, _) = model
            .cell()
            .forward_cached(&inputs(image, &words, vocab.len()), &model.zero_state())
            .expect("inputs made to fit");
        let last = Vector::from(states.row(states.shape().0 - 1));
        let next = crate::cells::greedy(&model.output().step(&last));
        words.push(next);
        if next == end {
            break;
        }
    }
    words.iter().map(|&w| vocab.word(w).to_string()).collect()
}

/// What `rnn caption` measures.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::tasks::captioning::{run, vocabulary, FEATURES};
/// use rnn_from_scratch::train::{FitOptions, OptimizerKind};
/// use rnn_from_scratch::Mt19937;
///
/// let cell = CellKind::Gru.build(FEATURES + vocabulary().len(), 8, &mut Mt19937::new(0));
/// let options = FitOptions { epochs: 2, batch: 2, optimizer: OptimizerKind::Adam, learning_rate: 0.01, clip: 5.0, threads: 1 };
/// let report = run(cell, &options, 0, |_, _| {})?;
/// assert_eq!(report.held_out.len(), 4);
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// (true caption, written caption) for every held-out image.
    pub held_out: Vec<(String, String)>,
    /// The fraction of held-out images whose caption is written exactly.
    pub exact: f64,
    /// The same on the training images.
    pub train_exact: f64,
}

/// The held-out images: one per shape and colour, so every word is still seen in training.
const HELD_OUT: [Image; 4] = [
    Image {
        size: 0,
        colour: 0,
        shape: 1,
    },
    Image {
        size: 1,
        colour: 1,
        shape: 0,
    },
    Image {
        size: 0,
        colour: 2,
        shape: 2,
    },
    Image {
        size: 1,
        colour: 0,
        shape: 2,
    },
];

/// Trains `cell` (whose input size must be [`FEATURES`] + the vocabulary's size) to
/// caption the 14 training images, then writes captions for the 4 held-out ones.
///
/// # Errors
///
/// A cell of the wrong input size, or a non-finite loss.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::tasks::captioning::{run, vocabulary, FEATURES};
/// use rnn_from_scratch::train::{FitOptions, OptimizerKind};
/// use rnn_from_scratch::Mt19937;
///
/// let cell = CellKind::Gru.build(FEATURES + vocabulary().len(), 8, &mut Mt19937::new(0));
/// let options = FitOptions { epochs: 2, batch: 2, optimizer: OptimizerKind::Adam, learning_rate: 0.01, clip: 5.0, threads: 1 };
/// let report = run(cell, &options, 0, |_, _| {})?;
/// assert!((0.0..=1.0).contains(&report.exact));
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn run<C: Cell>(
    cell: C,
    options: &FitOptions,
    seed: u32,
    on_epoch: impl FnMut(usize, f64),
) -> Result<Report, TrainError> {
    let mut rng = Mt19937::new(seed);
    let vocab = vocabulary();
    let v = vocab.len();
    if cell.input_size() != FEATURES + v {
        return Err(TrainError::new(format!(
            "the cell must read d = {FEATURES} features + {v} words = {}, got {}",
            FEATURES + v,
            cell.input_size()
        )));
    }
    let train = training_images();
    let examples: Vec<Example> = train
        .iter()
        .map(|image| {
            let words: Vec<usize> = image
                .caption()
                .iter()
                .map(|w| vocab.index(w).expect("known"))
                .collect();
            // Fed: the image, then every word but the last; asked: every word.
            let fed = &words[..words.len() - 1];
            Example {
                inputs: inputs(image, fed, v),
                targets: words.iter().copied().enumerate().collect(),
            }
        })
        .collect();
    let mut model = SequenceModel::with_softmax(cell, v, &mut rng);
    fit(&mut model, &examples, options, &mut rng, on_epoch)?;

    let exact = |images: &[Image]| {
        images
            .iter()
            .filter(|i| describe(&model, i, &vocab) == i.caption())
            .count() as f64
            / images.len() as f64
    };
    let held_out = HELD_OUT
        .iter()
        .map(|i| {
            (
                i.caption()[..4].join(" "),
                describe(&model, i, &vocab).join(" ").replace(" <end>", ""),
            )
        })
        .collect();
    Ok(Report {
        held_out,
        exact: exact(&HELD_OUT),
        train_exact: exact(&train),
    })
}

/// How many images [`run`] trains on: every image but the held-out ones. A mini-batch
/// cannot be larger.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::captioning::{images, training_size};
/// assert_eq!(training_size(), images().len() - 4);
/// ```
pub fn training_size() -> usize {
    training_images().len()
}

/// Every image but the held-out ones.
fn training_images() -> Vec<Image> {
    images()
        .into_iter()
        .filter(|i| !HELD_OUT.contains(i))
        .collect()
}

/// `rnn caption`: a fresh cell of `training.cell` (d = the image features + the caption
/// words), trained and scored by [`run`] with mini-batches of 2 (there are only 14
/// training images).
///
/// # Errors
///
/// As [`run`].
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::{captioning::program, Training};
///
/// let report = program(&Training { epochs: 2, ..Training::default() }, |_, _| {})?;
/// assert_eq!(report.held_out.len(), 4);
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn program(
    training: &Training,
    on_epoch: impl FnMut(usize, f64),
) -> Result<Report, TrainError> {
    let d = FEATURES + vocabulary().len();
    let cell = training
        .cell
        .build(d, training.hidden, &mut Mt19937::new(training.seed));
    let options = FitOptions {
        batch: 2,
        ..training.fit_options()
    };
    run(cell, &options, training.seed, on_epoch)
}
