//! Line plots as hand-written SVG: a loss curve, a gradient norm against distance, an
//! accuracy against sequence length. Open the file in any browser.
//!
//! ```
//! use rnn_from_scratch::io::svg::Plot;
//!
//! let svg = Plot::new("loss", "iteration", "nats/char")
//!     .series("smoothed loss", vec![(0.0, 4.3), (100.0, 3.1), (200.0, 2.6)])
//!     .to_svg();
//! assert!(svg.starts_with("<svg") && svg.contains("smoothed loss") && svg.ends_with("</svg>\n"));
//! ```

use std::fmt::Write;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 420.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 56.0;
/// The plot's width inside its margins.
const PLOT_W: f64 = WIDTH - LEFT - RIGHT;
/// The plot's height inside its margins.
const PLOT_H: f64 = HEIGHT - TOP - BOTTOM;
const COLORS: [&str; 6] = [
    "#3367d6", "#d6652b", "#2b9d5c", "#a33bb5", "#b5a02b", "#555555",
];

/// A plot of one or more lines, with axes, ticks, labels and a legend.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::svg::Plot;
/// let plot = Plot::new("loss", "iteration", "nats").series("train", vec![(0.0, 4.3), (100.0, 2.1)]);
/// assert!(plot.to_svg().starts_with("<svg"));
/// ```
#[derive(Debug, Clone)]
pub struct Plot {
    title: String,
    x_label: String,
    y_label: String,
    series: Vec<(String, Vec<(f64, f64)>)>,
    log_y: bool,
}

impl Plot {
    /// An empty plot with a title and axis labels.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::io::svg::Plot;
    /// let plot = Plot::new("loss", "iteration", "nats").series("train", vec![(0.0, 4.3), (100.0, 2.1)]);
    /// assert!(plot.to_svg().contains("iteration"));
    /// ```
    pub fn new(title: &str, x_label: &str, y_label: &str) -> Plot {
        Plot {
            title: title.to_string(),
            x_label: x_label.to_string(),
            y_label: y_label.to_string(),
            series: Vec::new(),
            log_y: false,
        }
    }

    /// Adds a line through `points` (x, y), named `label` in the legend. Points that are
    /// not finite (or not positive, on a log scale) are left out.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::io::svg::Plot;
    /// let plot = Plot::new("loss", "iteration", "nats").series("train", vec![(0.0, 4.3), (100.0, 2.1)]);
    /// let two = plot.series("held out", vec![(0.0, 4.3), (100.0, 2.4)]);
    /// assert!(two.to_svg().contains("held out"));
    /// ```
    pub fn series(mut self, label: &str, points: Vec<(f64, f64)>) -> Plot {
        self.series.push((label.to_string(), points));
        self
    }

    /// A logarithmic y axis (for quantities that shrink or grow geometrically).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::io::svg::Plot;
    /// let svg = Plot::new("norms", "distance", "‖∂L/∂hₜ‖").log_y().series("a", vec![(0.0, 1.0), (1.0, 1e-6)]).to_svg();
    /// assert!(svg.contains("1e-6"));
    /// ```
    pub fn log_y(mut self) -> Plot {
        self.log_y = true;
        self
    }

    /// Where the point (`x`, `y`) is drawn, or `None` if it cannot be: NaN, infinite, beyond
    /// ±1e300 (the axis arithmetic would overflow), or `y` not positive on a log axis.
    fn shown(&self, (x, y): (f64, f64)) -> Option<(f64, f64)> {
        match (self.log_y, drawable(x) && drawable(y)) {
            (true, true) if y > 0.0 => Some((x, y.log10())),
            (false, true) => Some((x, y)),
            _ => None,
        }
    }

    /// The SVG document. Points that cannot be drawn (NaN, infinite, beyond ±1e300, or
    /// not positive on a log axis) are left out.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::io::svg::Plot;
    /// let plot = Plot::new("loss", "iteration", "nats").series("train", vec![(0.0, 4.3), (100.0, 2.1)]);
    /// let svg = plot.to_svg();
    /// assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    /// ```
    pub fn to_svg(&self) -> String {
        let shown = |(_, points): &(String, Vec<(f64, f64)>)| {
            points.iter().filter_map(|&p| self.shown(p)).collect()
        };
        let points: Vec<Vec<(f64, f64)>> = self.series.iter().map(shown).collect();
        let axes = self.axes(&points);
        let mut s = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="12">
<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>
<text x="{}" y="24" text-anchor="middle" font-size="15">{}</text>
"#,
            WIDTH / 2.0,
            escape(&self.title)
        );
        self.draw_axes(&mut s, &axes);
        self.draw_curves(&mut s, &axes, &points);
        s + "</svg>\n"
    }

    /// The ranges and ticks of both axes, to hold every point.
    fn axes(&self, points: &[Vec<(f64, f64)>]) -> Axes {
        let (high, low) = (f64::INFINITY, f64::NEG_INFINITY);
        let (mut x_min, mut x_max, mut y_min, mut y_max) = (high, low, high, low);
        for &(x, y) in points.iter().flatten() {
            (x_min, x_max, y_min, y_max) = (x_min.min(x), x_max.max(x), y_min.min(y), y_max.max(y));
        }
        if !x_min.is_finite() {
            (x_min, x_max, y_min, y_max) = (0.0, 1.0, 0.0, 1.0);
        }
        let (x_ticks, x_min, x_max) = nice_ticks(x_min, x_max);
        let (y_ticks, y_min, y_max) = match self.log_y {
            true => decades(y_min, y_max),
            false => nice_ticks(y_min, y_max),
        };
        Axes {
            x: (x_min, x_max),
            y: (y_min, y_max),
            x_ticks,
            y_ticks,
        }
    }

    /// The grid, the ticks' labels, the frame and the axes' names.
    fn draw_axes(&self, s: &mut String, axes: &Axes) {
        let (right, bottom) = (LEFT + PLOT_W, TOP + PLOT_H);
        for &t in &axes.x_ticks {
            let x = axes.px(t);
            let _ = writeln!(
                s,
                r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{bottom:.1}" stroke="#eee"/>"##
            );
            text(s, (x, bottom + 16.0), MIDDLE, &number(t));
        }
        for &t in &axes.y_ticks {
            let y = axes.py(t);
            let label = match self.log_y {
                true => format!("1e{}", t as i64),
                false => number(t),
            };
            let _ = writeln!(
                s,
                r##"<line x1="{LEFT}" y1="{y:.1}" x2="{right:.1}" y2="{y:.1}" stroke="#eee"/>"##
            );
            text(s, (LEFT - 6.0, y + 4.0), END, &label);
        }
        let _ = writeln!(
            s,
            r##"<rect x="{LEFT}" y="{TOP}" width="{PLOT_W}" height="{PLOT_H}" fill="none" stroke="#333"/>"##
        );
        let at = (LEFT + PLOT_W / 2.0, HEIGHT - 14.0);
        text(s, at, MIDDLE, &escape(&self.x_label));
        let (middle, label) = (TOP + PLOT_H / 2.0, escape(&self.y_label));
        let _ = writeln!(
            s,
            r#"<text x="16" y="{middle:.1}" text-anchor="middle" transform="rotate(-90 16 {middle:.1})">{label}</text>"#
        );
    }

    /// Each series as a line (or a dot), and the legend over them.
    fn draw_curves(&self, s: &mut String, axes: &Axes, points: &[Vec<(f64, f64)>]) {
        let widths = self.series.iter().map(|(label, _)| text_width(label));
        let longest = widths.fold(0.0, f64::max);
        let (box_w, box_h) = (longest + 44.0, 18.0 * self.series.len() as f64 + 6.0);
        let (box_x, box_y) = legend_corner(axes, points, (box_w, box_h));
        let mut legend = String::new();
        if !self.series.is_empty() {
            let _ = writeln!(
                legend,
                r##"<rect x="{box_x:.1}" y="{box_y:.1}" width="{box_w:.1}" height="{box_h:.1}" fill="white" fill-opacity="0.85" stroke="#ccc"/>"##
            );
        }
        for (k, ((label, _), points)) in self.series.iter().zip(points).enumerate() {
            let color = COLORS[k % COLORS.len()];
            let at = |&(x, y): &(f64, f64)| format!("{:.1},{:.1}", axes.px(x), axes.py(y));
            let path: Vec<String> = points.iter().map(at).collect();
            if let [(x, y)] = points[..] {
                let (cx, cy) = (axes.px(x), axes.py(y));
                let _ = writeln!(
                    s,
                    r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="3" fill="{color}"/>"#
                );
            } else if !path.is_empty() {
                let _ = writeln!(
                    s,
                    r#"<polyline fill="none" stroke="{color}" stroke-width="1.8" points="{}"/>"#,
                    path.join(" ")
                );
            }
            let (lx, ly, label) = (box_x + 6.0, box_y + 12.0 + 18.0 * k as f64, escape(label));
            let (x2, text_x, text_y) = (lx + 22.0, lx + 28.0, ly + 4.0);
            let _ = writeln!(
                legend,
                r#"<line x1="{lx}" y1="{ly}" x2="{x2}" y2="{ly}" stroke="{color}" stroke-width="3"/>"#
            );
            let _ = writeln!(legend, r#"<text x="{text_x}" y="{text_y}">{label}</text>"#);
        }
        s.push_str(&legend);
    }
}

/// A plot's axes: the ranges drawn and their ticks.
struct Axes {
    x: (f64, f64),
    y: (f64, f64),
    x_ticks: Vec<f64>,
    y_ticks: Vec<f64>,
}

impl Axes {
    /// Where `x` is drawn, in pixels from the left.
    fn px(&self, x: f64) -> f64 {
        LEFT + (x - self.x.0) / (self.x.1 - self.x.0) * PLOT_W
    }

    /// Where `y` is drawn, in pixels from the top.
    fn py(&self, y: f64) -> f64 {
        TOP + PLOT_H - (y - self.y.0) / (self.y.1 - self.y.0) * PLOT_H
    }
}

/// The legend's corner (a box of `size`): the one of the plot's four that the curves cross
/// least (top right first), so that it hides as little as it can.
fn legend_corner(axes: &Axes, points: &[Vec<(f64, f64)>], size: (f64, f64)) -> (f64, f64) {
    let (box_w, box_h) = size;
    let (left, right) = (LEFT + 10.0, LEFT + PLOT_W - box_w - 10.0);
    let (top, bottom) = (TOP + 4.0, TOP + PLOT_H - box_h - 4.0);
    let corners = [(right, top), (left, top), (right, bottom), (left, bottom)];
    let at = |&(x, y): &(f64, f64)| (axes.px(x), axes.py(y));
    let hits = |&(bx, by): &(f64, f64)| {
        let inside = |(x, y): (f64, f64)| x >= bx && x <= bx + box_w && y >= by && y <= by + box_h;
        let mut n = 0;
        for line in points {
            for pair in line.windows(2) {
                let ((x0, y0), (x1, y1)) = (at(&pair[0]), at(&pair[1]));
                let step = |f: f64| (x0 + f * (x1 - x0), y0 + f * (y1 - y0));
                n += (0..=20).filter(|&k| inside(step(k as f64 / 20.0))).count();
            }
            n += line.iter().filter(|p| inside(at(p))).count();
        }
        n
    };
    corners.into_iter().min_by_key(hits).unwrap_or(corners[0])
}

/// Ticks at powers of ten (y is a decade's exponent) covering [lo, hi]: every one up to 8
/// decades, then every 2nd, 5th, 10th, …
fn decades(lo: f64, hi: f64) -> (Vec<f64>, f64, f64) {
    let (lo, hi) = (lo.floor() as i64, hi.ceil().max(lo.floor() + 1.0) as i64);
    let stride = [1, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|s| (hi - lo) / s <= 8)
        .unwrap_or(100);
    let lo = lo.div_euclid(stride) * stride;
    let hi = -((-hi).div_euclid(stride)) * stride;
    let ticks = (lo..=hi)
        .step_by(stride as usize)
        .map(|e| e as f64)
        .collect();
    (ticks, lo as f64, hi as f64)
}

/// Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten, about
/// five of them. Returns the ticks and the widened range.
fn nice_ticks(lo: f64, hi: f64) -> (Vec<f64>, f64, f64) {
    let pad = if hi - lo < 1e-12 { 0.5 } else { 0.0 };
    let (lo, hi) = (lo - pad, hi + pad);
    let raw = (hi - lo) / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let start = (lo / step).floor() * step;
    let end = (hi / step).ceil() * step;
    let count = ((end - start) / step).round() as usize;
    let ticks = (0..=count).map(|k| start + k as f64 * step).collect();
    (ticks, start, end)
}

/// About how wide `text` is at the plot's 12-pixel sans-serif: Hangul and other wide
/// characters take about twice a Latin letter.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c as u32 >= 0x1100 { 12.5 } else { 7.0 })
        .sum()
}

/// Whether a coordinate can be placed on an axis: finite and within ±1e300, so that the
/// spans and ticks computed from it stay finite.
fn drawable(v: f64) -> bool {
    v.is_finite() && v.abs() <= 1e300
}

/// A tick label: no trailing zeros, no `-0`.
fn number(x: f64) -> String {
    let x = if x.abs() < 1e-12 { 0.0 } else { x };
    if x.abs() >= 1e5 || (x != 0.0 && x.abs() < 1e-3) {
        return format!("{x:e}");
    }
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `<text x="…" y="…"…>body</text>`, the place to a tenth of a pixel, with `attributes`
/// ([`MIDDLE`], [`END`], or none) and `body` as it is (escape it first).
pub(crate) fn text(s: &mut String, (x, y): (f64, f64), attributes: &str, body: &str) {
    let _ = writeln!(
        s,
        r#"<text x="{x:.1}" y="{y:.1}"{attributes}>{body}</text>"#
    );
}

/// A text centred on its place.
pub(crate) const MIDDLE: &str = r#" text-anchor="middle""#;
/// A text that ends at its place.
pub(crate) const END: &str = r#" text-anchor="end""#;

/// Text made safe inside SVG (XML): `&`, `<` and `>` escaped.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let (ticks, lo, hi) = nice_ticks(0.3, 9.7);
        assert_eq!(ticks, vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!((lo, hi), (0.0, 10.0));
        let (ticks, _, _) = nice_ticks(2.0, 2.0);
        assert!(ticks.len() >= 2);
    }

    #[test]
    fn labels_are_escaped_and_non_finite_points_left_out() {
        let svg = Plot::new("a < b & c", "x", "y")
            .series("s", vec![(0.0, 1.0), (1.0, f64::NAN), (2.0, 3.0)])
            .to_svg();
        assert!(svg.contains("a &lt; b &amp; c"));
        assert!(!svg.contains("NaN"));
    }

    /// The legend box's x and y, from the SVG.
    fn legend_corner(svg: &str) -> (f64, f64) {
        let rect = svg
            .lines()
            .find(|l| l.contains("fill-opacity"))
            .expect("a legend");
        let value = |key: &str| -> f64 {
            let start = rect.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
            let end = rect[start..].find('"').unwrap() + start;
            rect[start..end].parse().unwrap()
        };
        (value("x"), value("y"))
    }

    #[test]
    fn the_legend_goes_to_the_corner_the_curves_leave_free_and_fits_its_labels() {
        // A curve falling from the top left to the bottom right leaves the other two
        // corners free; the first of them in order, top right, is chosen.
        let falling = Plot::new("t", "x", "y")
            .series("falling", vec![(0.0, 1.0), (1.0, 0.0)])
            .to_svg();
        assert!(legend_corner(&falling).0 > WIDTH / 2.0);
        // A curve rising from the bottom left to the top right: top left is free.
        let rising = Plot::new("t", "x", "y")
            .series("rising", vec![(0.0, 0.0), (1.0, 1.0)])
            .to_svg();
        let (x, y) = legend_corner(&rising);
        assert!(x < WIDTH / 2.0 && y < HEIGHT / 2.0, "{x} {y}");
        // A long label widens the box.
        let long = Plot::new("t", "x", "y")
            .series(&"긴 이름".repeat(10), vec![(0.0, 0.0), (1.0, 1.0)])
            .to_svg();
        assert!(long.contains(r#"width="489.0""#), "{long}"); // 30 × 12.5 + 10 × 7 + 44
    }
}
