//! Korean everywhere a learner reads: with `--lang ko` (any program), or where the locale is
//! Korean (`LC_ALL`, `LC_MESSAGES` or `LANG` starting with `ko`), every line the programs
//! write (help, progress, reports, warnings, errors, the text of plots and pages) is written
//! in Korean. The programs write English; this file's catalogue, `help/messages.ko.txt`,
//! gives each English message its Korean twin, and every line on its way out is matched
//! against it (the catalogue's `{}` stand for the values a message carries, which are
//! themselves translated where they are messages). A line the catalogue does not know is
//! written as it is: the figure lines that scripts read stay English on purpose.
//! `tests/messages.rs` finds every message in the code and fails when one has no Korean
//! twin.

use rnn_from_scratch::io::text::display_width;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the programs speak Korean (set once, by [`choose`]).
static KOREAN: AtomicBool = AtomicBool::new(false);

/// The catalogue: each English message with its Korean twin.
const MESSAGES: &str = include_str!("help/messages.ko.txt");

/// Chooses the language: `--lang ko|en` if given (taken out of `words`), else the locale's.
///
/// # Errors
///
/// `--lang` with another value, or none.
pub fn choose(words: &mut Vec<std::ffi::OsString>) -> Result<(), String> {
    let mut korean = locale_is_korean();
    while let Some(k) = words
        .iter()
        .position(|w| w == "--lang" || w.to_string_lossy().starts_with("--lang="))
    {
        let word = words.remove(k).to_string_lossy().into_owned();
        let value = match word.strip_prefix("--lang=") {
            Some(value) => value.to_string(),
            None if k < words.len() => words.remove(k).to_string_lossy().into_owned(),
            None => return Err("--lang needs a value: ko or en".into()),
        };
        korean = match value.as_str() {
            "ko" => true,
            "en" => false,
            _ => return Err(format!("--lang must be one of en, ko, got '{value}'")),
        };
    }
    KOREAN.store(korean, Ordering::Relaxed);
    Ok(())
}

/// Whether the programs speak Korean.
pub fn korean() -> bool {
    KOREAN.load(Ordering::Relaxed)
}

/// Whether the locale is Korean: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set
/// starts with `ko`, as command-line tools read it.
fn locale_is_korean() -> bool {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default();
    locale.starts_with("ko")
}

/// One English message and its Korean twin: the English cut at its `{}` into the pieces
/// between them; the Korean with `{}` (the values in order) or `{1}`, `{2}`, … (in any
/// order).
struct Twin {
    english: Vec<String>,
    korean: String,
}

/// The catalogue, read once: `en: …` lines, each followed by its `ko: …` line.
fn twins() -> &'static [Twin] {
    static TWINS: OnceLock<Vec<Twin>> = OnceLock::new();
    TWINS.get_or_init(|| {
        let mut twins = Vec::new();
        let mut english = None;
        for line in MESSAGES.lines() {
            if let Some(en) = line.strip_prefix("en: ") {
                english = Some(en.split("{}").map(String::from).collect());
            } else if let (Some(ko), Some(en)) = (line.strip_prefix("ko: "), english.take()) {
                twins.push(Twin {
                    english: en,
                    korean: ko.to_string(),
                });
            }
        }
        // The longest English first: a message that holds another is matched whole.
        twins.sort_by_key(|t| std::cmp::Reverse(t.english.iter().map(String::len).sum::<usize>()));
        twins
    })
}

/// The values `text` gives the `{}` of `pieces`, if `text` is that message: the pieces in
/// order, each value between two of them as short as it can be (the last one runs to the
/// end).
fn values<'a>(pieces: &[String], text: &'a str) -> Option<Vec<&'a str>> {
    let rest = text.strip_prefix(pieces[0].as_str())?;
    let (last, middle) = pieces[1..].split_last()?;
    let mut found = Vec::new();
    let mut rest = rest;
    for piece in middle {
        let at = rest.find(piece.as_str())?;
        found.push(&rest[..at]);
        rest = &rest[at + piece.len()..];
    }
    found.push(rest.strip_suffix(last.as_str())?);
    Some(found)
}

/// `text` in Korean where the catalogue knows it (each line on its own, each value a
/// message carries translated too), else as it is.
///
/// # Examples
///
/// ```ignore
/// assert_eq!(translate("saved the model in m"), "모델을 m에 저장했습니다");
/// ```
pub fn translate(text: &str) -> String {
    if !korean() {
        return text.to_string();
    }
    let lines: Vec<String> = text.split('\n').map(translate_line).collect();
    lines.join("\n")
}

/// One line in Korean, if the catalogue knows it. A line with no Latin letter (numbers,
/// Hangul) is written as it is, without looking.
fn translate_line(line: &str) -> String {
    if !line.chars().any(|c| c.is_ascii_alphabetic()) {
        return line.to_string();
    }
    for twin in twins() {
        if twin.english.len() == 1 {
            if twin.english[0] == line {
                return twin.korean.clone();
            }
            continue;
        }
        if let Some(found) = values(&twin.english, line) {
            let found: Vec<String> = found.into_iter().map(translate_value).collect();
            return fill(&twin.korean, &found);
        }
    }
    line.to_string()
}

/// A value a message carries, in Korean where it is a message itself: as it is, or else
/// without the spaces that pad it (`negative ` in a column), which are kept around it,
/// the padding after it made up to the column's width again.
fn translate_value(value: &str) -> String {
    let korean = translate_line(value);
    let core = value.trim();
    if korean != value || core.len() == value.len() || core.is_empty() {
        return korean;
    }
    let start = value.len() - value.trim_start().len();
    let (before, after) = (&value[..start], &value[start + core.len()..]);
    let core_korean = translate_line(core);
    let width = |text: &str| text.chars().map(display_width).sum::<usize>();
    let pad = match after.is_empty() {
        true => 0,
        false => (width(core) + after.len())
            .saturating_sub(width(&core_korean))
            .max(1),
    };
    format!("{before}{core_korean}{}", " ".repeat(pad))
}

/// The Korean twin with its values put in: `{}` takes the next value, `{k}` the k-th
/// (from 1). A value left out of a twin is not written (the English plural's `s`).
fn fill(korean: &str, values: &[String]) -> String {
    let mut out =
        String::with_capacity(korean.len() + values.iter().map(String::len).sum::<usize>());
    let (mut rest, mut next) = (korean, 0);
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(after.len());
        let k = match &after[..close] {
            "" => {
                next += 1;
                Some(next - 1)
            }
            number => number.parse::<usize>().ok().and_then(|k| k.checked_sub(1)),
        };
        match k {
            Some(k) => out.push_str(values.get(k).map_or("", String::as_str)),
            None => out.push_str(&rest[open..(open + 2 + close).min(rest.len())]),
        }
        rest = &rest[(open + 2 + close).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// A page or a plot (SVG, HTML) with the text between its tags, and the tips of its
/// `title="…"` attributes, in Korean.
pub fn translate_markup(markup: &str) -> String {
    if !korean() {
        return markup.to_string();
    }
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(open) = rest.find('>') {
        let tag = &rest[..=open];
        match tag.find(" title=\"") {
            Some(at) => {
                let start = at + " title=\"".len();
                let end = start + tag[start..].find('"').unwrap_or(tag.len() - start);
                out.push_str(&tag[..start]);
                out.push_str(&translate(&tag[start..end]));
                out.push_str(&tag[end..]);
            }
            None => out.push_str(tag),
        }
        rest = &rest[open + 1..];
        let end = rest.find('<').unwrap_or(rest.len());
        out.push_str(&translate(&rest[..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The help text `english`, or its Korean twin `korean` when the programs speak Korean.
pub fn help<'a>(english: &'a str, korean: &'a str) -> &'a str {
    if self::korean() { korean } else { english }
}
