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
use crate::io::page::{Strip, page};
use crate::io::text::Vocabulary;
use crate::linalg::Matrix;
use crate::programs::char_model::a_or_an;
use crate::train::TrainError;
use std::iter::zip;

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
    let (inputs, zero) = (one_hot(&ids, vocab.len()), model.zero_state());
    let failed = |e: crate::linalg::ShapeError| TrainError::new(e.to_string());
    let (hs, _, cache) = model
        .cell()
        .forward_cached(&inputs, &zero)
        .map_err(failed)?;
    let mut states = vec![("hidden state h", hs.clone())];
    let insides: Vec<_> = (0..ids.len()).map(|t| AnyCell::inside(&cache, t)).collect();
    for (k, &(name, _)) in insides.first().into_iter().flatten().enumerate() {
        let rows: Vec<_> = insides.iter().map(|inside| inside[k].1.clone()).collect();
        states.push((name, Matrix::stack(&rows).map_err(failed)?));
    }
    let probabilities = model.output().forward(&hs).map_err(failed)?;
    // After character t, each character with its probability, the most likely first.
    let guesses = |t| {
        let mut ranked: Vec<_> =
            zip(vocab.tokens().to_vec(), probabilities.row(t).to_vec()).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked.truncate(top);
        ranked
    };
    Ok(Trace {
        text: text.chars().collect(),
        states,
        guesses: (0..ids.len()).map(guesses).collect(),
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
                        (best.state, best.unit, best.r) = (state, unit, r);
                    }
                }
            }
            best
        })
        .collect()
}

/// What `rnn char-rnn inspect` shows of a [`Trace`]: the table's lines (the unit that
/// follows each feature best) and the page ([`page`]) of the text drawn again and again,
/// each character coloured by one unit's value after reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    /// The lines to print.
    pub lines: Vec<String>,
    /// The HTML page.
    pub html: String,
    /// How many drawings of the text the page holds.
    pub drawings: usize,
}

/// The table and the page of `read`, a trace of `model` reading the text called `source`:
/// the unit `unit` drawn in every state (by default the one that follows a feature best),
/// then the unit that follows each feature.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, CharModel};
/// use rnn_from_scratch::io::text::Vocabulary;
/// use rnn_from_scratch::programs::inspect::{inspect, trace};
/// use rnn_from_scratch::Mt19937;
///
/// let vocab = Vocabulary::from_text("(헌법) 제1조.\n");
/// let model = CharModel::for_characters(CellKind::Gru, vocab.len(), 4, &mut Mt19937::new(0));
/// let read = trace(&model, &vocab, "(헌법) 제1조.\n(헌법)", 3)?;
/// let shown = inspect(&model, &read, "the constitution", Some(2));
/// assert_eq!(shown.lines.len(), 6); // the heading, then one line per feature
/// assert!(shown.html.contains("Inside a GRU character model (Dh = 4)"));
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn inspect(model: &CharModel, read: &Trace, source: &str, unit: Option<usize>) -> Inspection {
    let found = findings(read);
    let (lines, table) = table(read, &found);
    let best = found
        .iter()
        .filter(|f| !f.r.is_nan())
        .max_by(|a, b| a.r.abs().total_cmp(&b.r.abs()));
    let chosen = unit.or(best.map(|f| f.unit)).unwrap_or(0);
    let strips = strips(read, &found, chosen);
    let tip = |g: &Vec<(char, f64)>| {
        let shown: Vec<String> = g.iter().map(|(c, p)| format!("{:?} {p:.2}", c)).collect();
        format!("next: {}", shown.join(", "))
    };
    let tips: Vec<String> = read.guesses.iter().map(tip).collect();
    let kind = model.cell().kind();
    let (a, name, dh) = (
        a_or_an(kind),
        kind.name().to_uppercase(),
        model.cell().hidden_size(),
    );
    let title = format!("Inside {a} {name} character model (Dh = {dh})");
    let intro = format!(
        "{} characters of {source}, read from the zero state. Each block below is the text \
         again, each character coloured by one unit's value after reading it.",
        read.text.len()
    );
    Inspection {
        lines,
        html: page(&title, &intro, &table, &read.text, &tips, &strips),
        drawings: strips.len(),
    }
}

/// The lines that name the unit following each feature best, and the same as the page's
/// table (its first row the header). A feature absent from the text (no brackets, say), or
/// everywhere in it, has no unit that follows it: r is not defined.
fn table(read: &Trace, found: &[Finding]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut table = vec![["feature", "state", "unit", "r"].map(String::from).to_vec()];
    let mut lines = vec![format!(
        "the unit that follows each feature best (Pearson's r over {} characters):",
        read.text.len()
    )];
    let values = features(&read.text);
    for (k, f) in found.iter().enumerate() {
        let row = if f.r.is_nan() {
            let shown = match values.iter().all(|v| v[k] == 0.0) {
                true => "not in this text",
                false => "in all of this text",
            };
            let feature = f.feature;
            lines.push(format!("  {feature:<22} {shown}, so no unit follows it"));
            [f.feature, "—", "—", shown].map(String::from)
        } else {
            let r = format!("{:+.3}", f.r);
            let (feature, state, unit) = (f.feature, f.state, f.unit);
            lines.push(format!("  {feature:<22} {state:<15} unit {unit:<4} r {r}"));
            [feature.into(), state.into(), unit.to_string(), r]
        };
        table.push(row.to_vec());
    }
    (lines, table)
}

/// The drawings of the text: unit `chosen` in every state, then the unit that follows each
/// feature. A cell state is not bounded by 1: a strip beyond ±1 is drawn scaled by its
/// largest |value|, and says so.
fn strips(read: &Trace, found: &[Finding], chosen: usize) -> Vec<Strip> {
    let column = |m: &Matrix, k: usize| (0..m.shape().0).map(|t| m[(t, k)]).collect::<Vec<f64>>();
    let strip = |label: String, values: Vec<f64>| {
        let scale = values.iter().fold(1.0_f64, |s, v| s.max(v.abs()));
        let label = match scale > 1.0 {
            true => format!("{label} (÷ {scale:.2}, its largest |value|)"),
            false => label,
        };
        Strip {
            label,
            values: values.iter().map(|v| v / scale).collect(),
        }
    };
    let mut strips: Vec<Strip> = read
        .states
        .iter()
        .map(|(name, m)| strip(format!("{name}, unit {chosen}"), column(m, chosen)))
        .collect();
    for f in found.iter().filter(|f| !f.r.is_nan()) {
        let (_, m) = read
            .states
            .iter()
            .find(|(name, _)| *name == f.state)
            .expect("a state of the trace");
        let (feature, state, unit, r) = (f.feature, f.state, f.unit, f.r);
        let label = format!("{feature}: {state}, unit {unit} (r {r:+.3})");
        strips.push(strip(label, column(m, f.unit)));
    }
    strips
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
