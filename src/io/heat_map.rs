//! A matrix drawn as a heat map in hand-written SVG: one square per value, so a reader
//! *sees* what `print(total_hidden_states)` lists. Made for hidden states, which tanh
//! keeps in (−1, 1): blue for −1, white for 0, red for +1, with the colour scale beside
//! the squares. The same squares draw an attention's weights ([`alignment`]).
//!
//! ```
//! use rnn_from_scratch::io::heat_map::heat_map;
//! use rnn_from_scratch::Matrix;
//!
//! let states = Matrix::from_rows(&[vec![-1.0, 0.0], vec![0.5, 1.0]])?;
//! let svg = heat_map("hidden states", &states, "timestep t", "unit of hₜ");
//! assert!(svg.starts_with("<svg") && svg.matches("<rect").count() >= 4);
//! # Ok::<(), rnn_from_scratch::ShapeError>(())
//! ```

use super::svg::{END, MIDDLE, escape, text};
use crate::linalg::Matrix;
use std::fmt::Write;

/// The colour of `value`, clamped to [−1, 1]: blue (−1) to white (0) to red (+1),
/// ColorBrewer's RdBu ends.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::heat_map::colour;
/// assert_eq!(colour(0.0), "#ffffff");
/// assert_eq!(colour(1.0), "#b2182b");
/// assert_eq!(colour(-7.0), "#2166ac"); // clamped
/// ```
pub fn colour(value: f64) -> String {
    const RED: [f64; 3] = [178.0, 24.0, 43.0];
    const BLUE: [f64; 3] = [33.0, 102.0, 172.0];
    let v = (if value.is_nan() { 0.0 } else { value }).clamp(-1.0, 1.0);
    let end = if v >= 0.0 { RED } else { BLUE };
    let mix = |c: f64| (255.0 + (c - 255.0) * v.abs()).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(end[0]), mix(end[1]), mix(end[2]))
}

/// The SVG document: `values` row by row (row i at the top is the first row), each
/// value a square in [`colour`], the rows labelled 1, 2, … along `row_label` and the
/// columns 1, 2, … along `col_label`, and the colour scale from −1 to 1 at the right.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::heat_map::heat_map;
/// use rnn_from_scratch::Matrix;
///
/// let svg = heat_map("h", &Matrix::zeros(10, 8), "timestep t", "unit");
/// assert_eq!(svg.matches("fill=\"#ffffff\"").count(), 80 + 1); // 80 squares, and 0 on the scale
/// assert!(!svg.contains("\n\n")); // no blank line: it can sit inline in a markdown chapter
/// ```
pub fn heat_map(title: &str, values: &Matrix, row_label: &str, col_label: &str) -> String {
    let (rows, cols) = values.shape();
    let (left, top) = (56.0, 48.0);
    let size = (480.0 / cols.max(1) as f64)
        .min(320.0 / rows.max(1) as f64)
        .clamp(2.0, 28.0);
    let (grid_w, grid_h) = (size * cols as f64, size * rows as f64);
    let mut svg = open(title, left, grid_w, top + grid_h.max(120.0) + 44.0);
    for i in 0..rows {
        for j in 0..cols {
            let (x, y) = (left + j as f64 * size, top + i as f64 * size);
            let v = values[(i, j)];
            let (fill, t, unit) = (colour(v), i + 1, j + 1);
            let _ = writeln!(
                svg,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{size:.1}" height="{size:.1}" fill="{fill}"><title>t = {t}, unit {unit}: {v:.8}</title></rect>"#
            );
        }
    }
    // Row numbers (every one while they fit) and the axis names.
    let every = ((14.0 / size).ceil() as usize).max(1);
    for i in (0..rows).step_by(every) {
        let y = top + (i as f64 + 0.5) * size + 4.0;
        text(&mut svg, (left - 6.0, y), END, &(i + 1).to_string());
    }
    let (middle, label) = (top + grid_h / 2.0, escape(row_label));
    let _ = writeln!(
        svg,
        r#"<text x="14" y="{middle:.1}" transform="rotate(-90 14 {middle:.1})" text-anchor="middle">{label}</text>"#
    );
    let columns = format!("{} (1 to {cols})", escape(col_label));
    text(
        &mut svg,
        (left + grid_w / 2.0, top + grid_h + 20.0),
        MIDDLE,
        &columns,
    );
    end(svg, left + grid_w + 24.0, top, -1.0)
}

/// An attention's alignment (어텐션 가중치): row k is the weights αₖ the decoder gave the
/// source tokens when it wrote `written[k]`, a square per weight from white (0) to red
/// (1), each row labelled with the token written and each column with the token read,
/// and the colour scale from 0 to 1 at the right.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::heat_map::alignment;
/// use rnn_from_scratch::Matrix;
///
/// let weights = Matrix::from_rows(&[vec![0.9, 0.1], vec![0.2, 0.8]])?;
/// let svg = alignment("20 → 이십", &weights, &["이", "십"], &["2", "0"]);
/// assert!(svg.contains(">이</text>") && svg.contains(">0</text>"));
/// assert!(svg.contains("wrote 십 looking at 0: 0.800"));
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub fn alignment(title: &str, weights: &Matrix, written: &[&str], read: &[&str]) -> String {
    let (rows, cols) = weights.shape();
    let longest = |labels: &[&str]| {
        let widths = labels.iter().map(|l| text_width(l, 12.0));
        widths.fold(0.0, f64::max)
    };
    // Room for the labels: short ones stand upright above their column, longer ones (an
    // English word) on their end.
    let upright = longest(read) <= 14.0;
    let (size, left) = (24.0, 24.0 + longest(written));
    let top = 48.0 + if upright { 0.0 } else { longest(read) };
    let (grid_w, grid_h) = (size * cols as f64, size * rows as f64);
    let mut svg = open(title, left, grid_w, top + grid_h.max(130.0) + 40.0);
    for (k, token) in written.iter().enumerate().take(rows) {
        for (j, source) in read.iter().enumerate().take(cols) {
            let (x, y) = (left + j as f64 * size, top + k as f64 * size);
            let w = weights[(k, j)];
            let (fill, token, source) = (colour(w), escape(token), escape(source));
            let _ = writeln!(
                svg,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{size}" height="{size}" fill="{fill}" stroke="#eeeeee"><title>wrote {token} looking at {source}: {w:.3}</title></rect>"##
            );
        }
        let y = top + (k as f64 + 0.5) * size + 4.0;
        text(&mut svg, (left - 6.0, y), END, &escape(token));
    }
    for (j, source) in read.iter().enumerate().take(cols) {
        let (x, y) = (left + (j as f64 + 0.5) * size, top - 6.0);
        let turned = format!(r#" transform="rotate(-90 {:.1} {y:.1})""#, x + 4.0);
        let (at, attributes) = match upright {
            true => ((x, y), MIDDLE),
            false => ((x + 4.0, y), turned.as_str()),
        };
        text(&mut svg, at, attributes, &escape(source));
    }
    let _ = writeln!(
        svg,
        r#"<text x="{left:.0}" y="{:.1}">rows: written (then &lt;end&gt;); columns: read</text>"#,
        top + grid_h + 22.0
    );
    end(svg, left + grid_w + 24.0, top, 0.0)
}

/// The document's start for squares `grid_w` wide from `left`: its size (with room for
/// the colour scale at the right), a white page and the title (the page widened to fit the
/// title).
fn open(title: &str, left: f64, grid_w: f64, height: f64) -> String {
    let width = (left + grid_w + 24.0 + 70.0).max(left + text_width(title, 14.0));
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="{left:.0}" y="22" font-size="14">{}</text>
"#,
        escape(title)
    )
}

/// About how wide `text` is at `px` pixels: a Latin letter or digit 6.5 px at 14 px, a
/// Hangul syllable (or another wide character) about `px`.
fn text_width(text: &str, px: f64) -> f64 {
    let wide = |c: char| matches!(c as u32, 0x1100..=0x11FF | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xFF00..=0xFF60);
    text.chars()
        .map(|c| if wide(c) { px } else { 6.5 / 14.0 * px })
        .sum()
}

/// The document's end: the colour scale at (`x`, `top`), 21 bands from +1 at the top down
/// to `low` (−1 for values in (−1, 1), 0 for weights), labelled at both ends and the
/// middle.
fn end(mut svg: String, x: f64, top: f64, low: f64) -> String {
    let band = 6.0;
    for k in 0..=20 {
        let y = top + k as f64 * band;
        let fill = colour(1.0 - (1.0 - low) * k as f64 / 20.0);
        let _ = writeln!(
            svg,
            r#"<rect x="{x:.1}" y="{y:.1}" width="16" height="{band}" fill="{fill}"/>"#
        );
    }
    let [high, middle, bottom] = match low < 0.0 {
        true => ["+1", "0", "−1"],
        false => ["1", "0.5", "0"],
    };
    for (v, k) in [(high, 0.0), (middle, 10.0), (bottom, 20.0)] {
        text(&mut svg, (x + 22.0, top + k * band + band), "", v);
    }
    svg + "</svg>\n"
}
