//! The page of `rnn char-rnn inspect`: one self-contained HTML file (inline CSS, no
//! script, nothing fetched) with a table, then the text drawn again and again, each time
//! with every character coloured by one unit's value: blue for −1, white for 0, red for
//! +1 ([`colour`]). Hovering a character shows the value and the model's guesses for the
//! next one.

use super::heat_map::colour;
use super::svg::escape;
use std::fmt::Write;

/// One drawing of the text: its heading, and one value per character.
#[derive(Debug, Clone, PartialEq)]
pub struct Strip {
    /// What the colours are, e.g. `hidden state h, unit 17`.
    pub label: String,
    /// One value per character, drawn with [`colour`] (clamped to −1 … 1).
    pub values: Vec<f64>,
}

/// The page: `title`, the paragraph `intro`, `table` (its first row the header), then each
/// strip of `text`, with `tips[t]` shown on hovering character t.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::page::{page, Strip};
///
/// let text: Vec<char> = "a<b\n".chars().collect();
/// let strip = Strip { label: "unit 0".into(), values: vec![1.0, 0.0, -1.0, 0.5] };
/// let tips = vec!["next: b".to_string(); 4];
/// let html = page("inside", "what the units do", &[vec!["feature".into(), "r".into()]], &text, &tips, &[strip]);
/// assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<h2>unit 0</h2>"));
/// assert!(html.contains("background:#b2182b") && html.contains("&lt;")); // +1 is red; < is escaped
/// assert!(!html.contains("<script") && !html.contains("http")); // self-contained
/// ```
pub fn page(
    title: &str,
    intro: &str,
    table: &[Vec<String>],
    text: &[char],
    tips: &[String],
    strips: &[Strip],
) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{0}</title><style>\n\
         body{{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45}}\n\
         table{{border-collapse:collapse}} td,th{{border:1px solid #bbb;padding:.15em .6em;text-align:left}}\n\
         .text{{font-family:monospace;font-size:15px;white-space:pre-wrap;word-break:break-all;border:1px solid #ddd;padding:.5em}}\n\
         .scale span{{display:inline-block;width:4em;text-align:center}}\n\
         </style></head><body>\n<h1>{0}</h1>\n<p>{1}</p>\n<table>\n",
        escape(title),
        escape(intro)
    );
    for (k, row) in table.iter().enumerate() {
        let cell = if k == 0 { "th" } else { "td" };
        let cells: String = row
            .iter()
            .map(|c| format!("<{cell}>{}</{cell}>", escape(c)))
            .collect();
        let _ = writeln!(html, "<tr>{cells}</tr>");
    }
    html.push_str("</table>\n<p class=\"scale\">");
    for v in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        let fill = colour(v);
        let _ = write!(html, "<span style=\"background:{fill}\">{v:+}</span>");
    }
    html.push_str(" (hover over a character for its value and the model's next guesses)</p>\n");
    for strip in strips {
        let label = escape(&strip.label);
        let _ = write!(html, "<h2>{label}</h2>\n<p class=\"text\">");
        for (t, &c) in text.iter().enumerate() {
            let shown = match c {
                '\n' => "↵\n".to_string(),
                c => escape(&c.to_string()),
            };
            let value = strip.values.get(t).copied().unwrap_or(f64::NAN);
            let fill = colour(value);
            let tip = escape(tips.get(t).map_or("", String::as_str));
            let _ = write!(
                html,
                "<span style=\"background:{fill}\" title=\"{value:.3} · {tip}\">{shown}</span>"
            );
        }
        html.push_str("</p>\n");
    }
    html + "</body></html>\n"
}
