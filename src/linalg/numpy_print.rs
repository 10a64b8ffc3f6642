//! `print(total_hidden_states)`: numpy's way of printing an array, so output can be
//! compared with the notes' program character for character.
//!
//! numpy's default print options are 8 decimals (`precision=8`), rows wrapped at 75
//! characters (`linewidth=75`), and arrays of more than 1000 values summarised with `...`
//! around the first and last 3 rows and columns (`threshold=1000`, `edgeitems=3`). Each
//! value is the shortest decimal that reads back to the same `f64`, cut at 8 decimals,
//! with trailing zeros dropped (`floatmode='maxprec'`), and all values are padded to one
//! width so the columns line up. When the nonzero values span more than a factor of 1000,
//! or one is below 0.0001 or at least 1e8, every value is printed in scientific notation.
//!
//! [`Matrix`] and [`Vector`] use this for [`Display`](std::fmt::Display):
//!
//! ```
//! use rnn_from_scratch::{Matrix, Vector};
//!
//! assert_eq!(Vector::from(vec![0.5, 0.25, 1.0]).to_string(), "[0.5  0.25 1.  ]");
//! let m = Matrix::from_rows(&[vec![0.5, -0.25], vec![1e-5, 3.0]]).unwrap();
//! assert_eq!(m.to_string(), "[[ 5.0e-01 -2.5e-01]\n [ 1.0e-05  3.0e+00]]");
//! ```

use super::{Matrix, Vector};

/// numpy's `linewidth`.
const LINE_WIDTH: usize = 75;
/// numpy's `precision`.
const PRECISION: usize = 8;
/// numpy's `threshold`: arrays with more values than this are summarised.
const THRESHOLD: usize = 1000;
/// numpy's `edgeitems`: values kept at each end of a summarised axis.
const EDGE_ITEMS: usize = 3;

/// `print(v)` for a 1-D numpy array holding `v`'s values.
pub(crate) fn format_vector(v: &Vector) -> String {
    format_array(&[v.as_slice()], true)
}

/// `print(m)` for a 2-D numpy array holding `m`'s values.
pub(crate) fn format_matrix(m: &Matrix) -> String {
    let rows: Vec<&[f64]> = (0..m.shape().0).map(|i| m.row(i)).collect();
    format_array(&rows, false)
}

/// Which indices of an axis of length `len` are shown: all, or the first and last
/// [`EDGE_ITEMS`] with `...` between them.
fn shown(len: usize, summarise: bool) -> (Vec<usize>, bool) {
    if summarise && len > 2 * EDGE_ITEMS {
        let mut idx: Vec<usize> = (0..EDGE_ITEMS).collect();
        idx.extend(len - EDGE_ITEMS..len);
        (idx, true)
    } else {
        ((0..len).collect(), false)
    }
}

fn format_array(rows: &[&[f64]], one_dimensional: bool) -> String {
    let cols = rows.first().map_or(0, |r| r.len());
    if rows.len() * cols == 0 {
        return "[]".to_string();
    }
    let summarise = rows.len() * cols > THRESHOLD;
    let (row_idx, rows_cut) = shown(rows.len(), summarise && !one_dimensional);
    let (col_idx, cols_cut) = shown(cols, summarise);
    let shown_values: Vec<f64> = row_idx
        .iter()
        .flat_map(|&i| col_idx.iter().map(move |&j| rows[i][j]))
        .collect();
    let format = FloatFormat::new(&shown_values);

    // numpy's `_formatArray`: the innermost axis wraps its words at `elem_width`.
    let format_row = |row: &[f64], hanging_indent: &str, elem_width: usize| -> String {
        let mut text = String::new();
        let mut line = hanging_indent.to_string();
        let mut words: Vec<String> = Vec::new();
        for (k, &j) in col_idx.iter().enumerate() {
            if cols_cut && k == EDGE_ITEMS {
                words.push("...".to_string());
            }
            words.push(format.format(row[j]));
        }
        let last = words.len() - 1;
        for (k, word) in words.iter().enumerate() {
            // Wrap only if it helps: a line holding just the indent takes the word anyway.
            if line.len() + word.chars().count() > elem_width && line.len() > hanging_indent.len() {
                text.push_str(line.trim_end());
                text.push('\n');
                line = hanging_indent.to_string();
            }
            line.push_str(word);
            if k != last {
                line.push(' ');
            }
        }
        text.push_str(&line);
        format!("[{}]", &text[hanging_indent.len()..])
    };

    if one_dimensional {
        return format_row(rows[0], " ", LINE_WIDTH - 1);
    }
    // Each row sits one column in, behind the outer `[`, and keeps one column for its `]`.
    let mut out = String::from("[");
    for (k, &i) in row_idx.iter().enumerate() {
        if k > 0 {
            out.push_str("\n ");
        }
        if rows_cut && k == EDGE_ITEMS {
            out.push_str("...\n ");
        }
        out.push_str(&format_row(rows[i], "  ", LINE_WIDTH - 2));
    }
    out.push(']');
    out
}

/// How every value of one array is printed: numpy's `FloatingFormat` in its default
/// `maxprec` mode.
struct FloatFormat {
    scientific: bool,
    /// Width of the part before the `.`, sign included.
    pad_left: usize,
    /// Digits after the `.` (positional: pad with spaces; scientific: pad with zeros).
    pad_right: usize,
    /// Digits of the exponent (scientific only), at least 2.
    exp_digits: usize,
}

impl FloatFormat {
    fn new(values: &[f64]) -> FloatFormat {
        let finite: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        let non_zero: Vec<f64> = finite
            .iter()
            .map(|x| x.abs())
            .filter(|&x| x != 0.0)
            .collect();
        let max = non_zero.iter().copied().fold(f64::NAN, f64::max);
        let min = non_zero.iter().copied().fold(f64::NAN, f64::min);
        let scientific = !non_zero.is_empty() && (max >= 1e8 || min < 1e-4 || max / min > 1000.0);
        let mut format = FloatFormat {
            scientific,
            pad_left: 0,
            pad_right: 0,
            exp_digits: 0,
        };
        for &x in &finite {
            let (int_part, frac_part, exponent) = format.shortest(x);
            format.pad_left = format.pad_left.max(int_part.len());
            format.pad_right = format.pad_right.max(frac_part.len());
            let exp_len = exponent.map_or(0, |e| e.unsigned_abs().to_string().len().max(2));
            format.exp_digits = format.exp_digits.max(exp_len);
        }
        if finite.len() < values.len() {
            // `nan` and `inf` right-align in the positional width.
            format.pad_left = format.pad_left.max(3);
        }
        format
    }

    /// The shortest digits that read back to `x`, cut (with rounding) at 8 decimals and
    /// with trailing zeros dropped: (sign and integer part, fraction digits, exponent).
    fn shortest(&self, x: f64) -> (String, String, Option<i32>) {
        let s = match self.scientific {
            true => format!("{x:.PRECISION$e}"),
            false => format!("{x:.PRECISION$}"),
        };
        // `{:e}` writes `1.50000000e-5`, `{:.8}` no exponent.
        let (mantissa, exponent) = match s.split_once('e') {
            Some((mantissa, e)) => (mantissa, Some(e.parse().expect("an integer exponent"))),
            None => (s.as_str(), None),
        };
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let frac_part = frac_part.trim_end_matches('0').to_string();
        (int_part.to_string(), frac_part, exponent)
    }

    fn format(&self, x: f64) -> String {
        if !x.is_finite() {
            let word = if x.is_nan() {
                "nan"
            } else if x > 0.0 {
                "inf"
            } else {
                "-inf"
            };
            let width = self.pad_left + 1 + self.pad_right + self.exp_part_width();
            return format!("{word:>width$}");
        }
        let (int_part, frac_part, exponent) = self.shortest(x);
        let left = format!("{int_part:>width$}", width = self.pad_left);
        match exponent {
            None => format!("{left}.{frac_part:<width$}", width = self.pad_right),
            Some(e) => {
                let sign = if e < 0 { '-' } else { '+' };
                format!(
                    "{left}.{frac_part:0<width$}e{sign}{digits:0>exp$}",
                    width = self.pad_right,
                    digits = e.unsigned_abs(),
                    exp = self.exp_digits
                )
            }
        }
    }

    fn exp_part_width(&self) -> usize {
        if self.scientific {
            2 + self.exp_digits
        } else {
            0
        }
    }
}
