//! A look inside a trained character model (`rnn char-rnn inspect`): what each unit of hₜ
//! (and of the LSTM's cell state and gates) does while the model reads a text, which units
//! follow a simple feature of the text, and what the model guesses comes next.
//!
//! Karpathy's "visualizing and understanding recurrent networks" found cells that track
//! quotes and the position in a line; [`findings`] looks for such units by measuring, over
//! the text, Pearson's r between each unit's value and each feature of [`FEATURES`]. A unit
//! with |r| near 1 tracks the feature; most units track none of them cleanly, and saying so
//! is part of the lesson.

use crate::cells::{AnyCell, Cell, CharModel, one_hot};
use crate::io::text::Vocabulary;
use crate::linalg::Matrix;
use crate::train::TrainError;

/// The simple features of a text, at each character, that a unit might follow.
pub const FEATURES: [&str; 5] = [
    "inside brackets",
    "inside quotes",
    "position in the line",
    "Hangul",
    "end of a sentence",
];

/// The value of each of [`FEATURES`] at each character of `text`: 1 or 0 (inside round,
/// square or Korean brackets; inside straight or curly double quotes, reset where a
/// paragraph ends; a Hangul syllable; `.`, `?` or `!`), and the character's position in its
/// line (0 for the line break).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::inspect::features;
///
/// let text: Vec<char> = "a (b) \"c\"\n다.".chars().collect();
/// let inside: Vec<f64> = features(&text).iter().map(|f| f[0]).collect();
/// assert_eq!(inside, [0., 0., 1., 1., 0., 0., 0., 0., 0., 0., 0., 0.]);
/// let column: Vec<f64> = features(&text).iter().map(|f| f[2]).collect();
/// assert_eq!(&column[9..], [0., 1., 2.]);
/// ```
pub fn features(text: &[char]) -> Vec<[f64; 5]> {
    let (mut depth, mut quoted, mut column, mut previous) = (0_u32, false, 0, '\0');
    let mut all = Vec::with_capacity(text.len());
    for &c in text {
        match c {
            '(' | '[' | '「' | '『' | '（' => depth += 1,
            ')' | ']' | '」' | '』' | '）' => depth = depth.saturating_sub(1),
            '"' => quoted = !quoted,
            '“' => quoted = true,
            '”' => quoted = false,
            '\n' if previous == '\n' => (depth, quoted) = (0, false), // a paragraph ends
            _ => {}
        }
        column = if c == '\n' { 0 } else { column + 1 };
        previous = c;
        let hangul = ('가'..='힣').contains(&c);
        let end = matches!(c, '.' | '?' | '!');
        all.push([
            (depth > 0) as u8 as f64,
            quoted as u8 as f64,
            column as f64,
            hangul as u8 as f64,
            end as u8 as f64,
        ]);
    }
    all
}

/// What the model does at each character of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// The characters read.
    pub text: Vec<char>,
    /// Each state, named, as timesteps × Dh: `hidden state h` first, then what the cell
    /// holds inside ([`Cell::inside`]: the LSTM's cell state and gates, the GRU's gates).
    pub states: Vec<(&'static str, Matrix)>,
    /// After each character, the model's most likely next characters, most likely first,
    /// with their probabilities.
    pub guesses: Vec<Vec<(char, f64)>>,
}

/// Reads `text` with `model` from the zero state, keeping every state and the `top`
/// guesses after each character.
///
/// # Errors
///
/// A character not in `vocab` (named with its position), or a model whose state
/// overflows.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, CharModel};
/// use rnn_from_scratch::io::text::Vocabulary;
/// use rnn_from_scratch::programs::inspect::trace;
/// use rnn_from_scratch::Mt19937;
///
/// let vocab = Vocabulary::from_text("헌법 제1조");
/// let model = CharModel::for_characters(CellKind::Lstm, vocab.len(), 6, &mut Mt19937::new(0));
/// let read = trace(&model, &vocab, "제1조 헌법", 3)?;
/// let names: Vec<&str> = read.states.iter().map(|s| s.0).collect();
/// assert_eq!(names, ["hidden state h", "cell state c", "input gate i", "forget gate f", "output gate o"]);
/// assert_eq!((read.states[1].1.shape(), read.guesses[0].len()), ((6, 6), 3));
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn trace(
    model: &CharModel,
    vocab: &Vocabulary,
    text: &str,
    top: usize,
) -> Result<Trace, TrainError> {
    let ids = vocab
        .encode(text)
        .map_err(|e| TrainError::new(e.to_string()))?;
    let inputs = one_hot(&ids, vocab.len());
    let failed = |e: crate::linalg::ShapeError| TrainError::new(e.to_string());
    let (hs, _, cache) = model
        .cell()
        .forward_cached(&inputs, &model.zero_state())
        .map_err(failed)?;
    let mut states = vec![("hidden state h", hs.clone())];
    let insides: Vec<_> = (0..ids.len()).map(|t| AnyCell::inside(&cache, t)).collect();
    for (k, &(name, _)) in insides
        .first()
        .map_or(&[][..], |v| v.as_slice())
        .iter()
        .enumerate()
    {
        let rows: Vec<_> = insides.iter().map(|inside| inside[k].1.clone()).collect();
        states.push((name, Matrix::stack(&rows).map_err(failed)?));
    }
    let probabilities = model.output().forward(&hs).map_err(failed)?;
    let guesses = (0..ids.len())
        .map(|t| {
            let mut ranked: Vec<(char, f64)> = probabilities
                .row(t)
                .iter()
                .enumerate()
                .map(|(i, &p)| (*vocab.token(i), p))
                .collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
            ranked.truncate(top);
            ranked
        })
        .collect();
    Ok(Trace {
        text: text.chars().collect(),
        states,
        guesses,
    })
}

/// The unit that follows a feature best: which state, which unit, and Pearson's r between
/// its value and the feature over the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finding {
    /// One of [`FEATURES`].
    pub feature: &'static str,
    /// The state the unit is in (`hidden state h`, `cell state c`, a gate).
    pub state: &'static str,
    /// Its index, 0 … Dh − 1.
    pub unit: usize,
    /// Pearson's r, −1 … 1 (the sign says whether the unit rises or falls with the
    /// feature); NaN where the feature never changes in the text.
    pub r: f64,
}

/// For each of [`FEATURES`], the unit of any state with the largest |r|.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::Matrix;
/// use rnn_from_scratch::programs::inspect::{findings, Trace};
///
/// let text: Vec<char> = "ab\nabc\na".chars().collect();
/// let column: Vec<f64> = vec![1., 2., 0., 1., 2., 3., 0., 1.]; // unit 1 counts the position
/// let h = Matrix::from_vec(8, 2, column.iter().flat_map(|&c| [0.3, c / 4.0]).collect())?;
/// let trace = Trace { text, states: vec![("hidden state h", h)], guesses: vec![] };
/// let found = findings(&trace);
/// assert_eq!((found[2].feature, found[2].unit), ("position in the line", 1));
/// assert!((found[2].r - 1.0).abs() < 1e-12);
/// assert!(found[0].r.is_nan()); // no brackets in this text
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub fn findings(trace: &Trace) -> Vec<Finding> {
    let values = features(&trace.text);
    (0..FEATURES.len())
        .map(|f| {
            let feature: Vec<f64> = values.iter().map(|v| v[f]).collect();
            let mut best = Finding {
                feature: FEATURES[f],
                state: trace.states[0].0,
                unit: 0,
                r: f64::NAN,
            };
            for (state, m) in &trace.states {
                for unit in 0..m.shape().1 {
                    let column: Vec<f64> = (0..m.shape().0).map(|t| m[(t, unit)]).collect();
                    let r = pearson(&column, &feature);
                    if r.abs() > best.r.abs() || (best.r.is_nan() && !r.is_nan()) {
                        best = Finding {
                            state,
                            unit,
                            r,
                            ..best
                        };
                    }
                }
            }
            best
        })
        .collect()
}

/// Pearson's r of two series; NaN if either never changes.
fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        let (dx, dy) = (x - ma, y - mb);
        (ab, aa, bb) = (ab + dx * dy, aa + dx * dx, bb + dy * dy);
    }
    if aa == 0.0 || bb == 0.0 {
        f64::NAN
    } else {
        ab / (aa * bb).sqrt()
    }
}
