//! A matrix drawn as a heat map in hand-written SVG: one square per value, so a reader
//! *sees* what `print(total_hidden_states)` lists. Made for hidden states, which tanh
//! keeps in (−1, 1): blue for −1, white for 0, red for +1, with the colour scale beside
//! the squares.
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

use super::svg::escape;
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
    let v = if value.is_nan() {
        0.0
    } else {
        value.clamp(-1.0, 1.0)
    };
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
    let (left, top, scale_width) = (56.0, 48.0, 70.0);
    let size = (480.0 / cols.max(1) as f64)
        .min(320.0 / rows.max(1) as f64)
        .clamp(2.0, 28.0);
    let (grid_w, grid_h) = (size * cols as f64, size * rows as f64);
    // Wide enough for the title's characters (about 6.5 px each at 14 px).
    let title_width = left + 6.5 * title.chars().count() as f64;
    let width = (left + grid_w + 24.0 + scale_width).max(title_width);
    let height = top + grid_h.max(120.0) + 44.0;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        svg,
        r#"<text x="{left}" y="22" font-size="14">{}</text>"#,
        escape(title)
    );
    for i in 0..rows {
        for j in 0..cols {
            let (x, y) = (left + j as f64 * size, top + i as f64 * size);
            let _ = writeln!(
                svg,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{size:.1}" height="{size:.1}" fill="{}"><title>t = {}, unit {}: {:.8}</title></rect>"#,
                colour(values[(i, j)]),
                i + 1,
                j + 1,
                values[(i, j)]
            );
        }
    }
    // Row numbers (every one while they fit) and the axis names.
    let every = ((14.0 / size).ceil() as usize).max(1);
    for i in (0..rows).step_by(every) {
        let y = top + (i as f64 + 0.5) * size + 4.0;
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{y:.1}" text-anchor="end">{}</text>"#,
            left - 6.0,
            i + 1
        );
    }
    let _ = writeln!(
        svg,
        r#"<text x="14" y="{:.1}" transform="rotate(-90 14 {:.1})" text-anchor="middle">{}</text>"#,
        top + grid_h / 2.0,
        top + grid_h / 2.0,
        escape(row_label)
    );
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{} (1 to {cols})</text>"#,
        left + grid_w / 2.0,
        top + grid_h + 20.0,
        escape(col_label)
    );
    // The colour scale: 21 bands from +1 (top) to −1 (bottom).
    let (scale_x, band) = (left + grid_w + 24.0, 6.0);
    for k in 0..=20 {
        let v = 1.0 - k as f64 / 10.0;
        let _ = writeln!(
            svg,
            r#"<rect x="{scale_x:.1}" y="{:.1}" width="16" height="{band}" fill="{}"/>"#,
            top + k as f64 * band,
            colour(v)
        );
    }
    for (v, k) in [("+1", 0.0), ("0", 10.0), ("−1", 20.0)] {
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}">{v}</text>"#,
            scale_x + 22.0,
            top + k * band + band
        );
    }
    svg.push_str("</svg>\n");
    svg
}
