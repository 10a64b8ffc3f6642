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

/// One line in Korean, if the catalogue knows it.
fn translate_line(line: &str) -> String {
    if line.trim().is_empty() {
        return line.to_string();
    }
    for twin in twins() {
        if twin.english.len() == 1 {
            if twin.english[0] == line {
                return twin.korean.clone();
            }
            continue;
        }
        let Some(found) = values(&twin.english, line) else {
            continue;
        };
        let found: Vec<String> = found.into_iter().map(translate_line).collect();
        let mut korean = twin.korean.clone();
        for (k, value) in found.iter().enumerate() {
            korean = korean.replace(&format!("{{{}}}", k + 1), value);
        }
        let mut values = found.iter();
        while let Some(at) = korean.find("{}") {
            let value = values.next().map_or("", String::as_str);
            korean.replace_range(at..at + 2, value);
        }
        return korean;
    }
    line.to_string()
}

/// A page or a plot (SVG, HTML) with the text between its tags in Korean.
pub fn translate_markup(markup: &str) -> String {
    if !korean() {
        return markup.to_string();
    }
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(open) = rest.find('>') {
        out.push_str(&rest[..=open]);
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
