//! Korean everywhere a learner reads: with `--lang ko` (any program), or where the locale is
//! Korean (`LC_ALL`, `LC_MESSAGES` or `LANG` starting with `ko`), every line the programs
//! write (help, progress, reports, warnings, errors, the text of plots and pages) is written
//! in Korean. The programs write English; this file's catalogue, `help/messages.ko.txt`,
//! gives each English message its Korean twin, and every line on its way out is matched
//! against it (the catalogue's `{}` stand for the values a message carries, which are
//! themselves translated where they are messages). Of the messages that match a line, the
//! reading that matches the most characters wins. A line the catalogue does not know is
//! written as it is; the figure lines that scripts read have twins the same as their
//! English, so they stay English whole. `tests/messages.rs` finds every message in the code
//! and fails when one has no Korean twin.

use rnn_from_scratch::io::text::display_width;
use std::collections::HashMap;
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
    let lang = |w: &std::ffi::OsString| w == "--lang" || w.to_string_lossy().starts_with("--lang=");
    while let Some(k) = words.iter().position(lang) {
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
    let set = |name| std::env::var(name).ok().filter(|value| !value.is_empty());
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(set);
    locale.is_some_and(|locale| locale.starts_with("ko"))
}

/// One English message and its Korean twin: how long the English is without its values,
/// the English cut at its `{}` into the pieces between them, and the Korean as written
/// ([`fill`] puts the values in).
type Twin = (usize, Vec<&'static str>, &'static str);

/// The catalogue, read once from `en: …` lines, each followed by its `ko: …` line: the
/// messages without values by their English, then the others, longest first (a message
/// that holds another is tried first).
fn catalogue() -> &'static (HashMap<&'static str, &'static str>, Vec<Twin>) {
    static CATALOGUE: OnceLock<(HashMap<&str, &str>, Vec<Twin>)> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let (mut exact, mut templates, mut english) = (HashMap::new(), Vec::new(), None);
        for line in MESSAGES.lines() {
            if let Some(en) = line.strip_prefix("en: ") {
                english = Some(en);
            } else if let (Some(korean), Some(en)) = (line.strip_prefix("ko: "), english.take()) {
                let pieces: Vec<&str> = en.split("{}").collect();
                match pieces.len() {
                    1 => _ = exact.insert(en, korean),
                    _ => templates.push((pieces.iter().map(|p| p.len()).sum(), pieces, korean)),
                }
            }
        }
        templates.sort_by_key(|twin: &Twin| std::cmp::Reverse(twin.0));
        (exact, templates)
    })
}

/// The values `text` gives the `{}` of `pieces`, if `text` is that message: the pieces in
/// order, each value between two of them as short as it can be (the last one runs to the
/// end).
fn values<'a>(pieces: &[&str], text: &'a str) -> Option<Vec<&'a str>> {
    let (first, rest) = pieces.split_first()?;
    let (last, middle) = rest.split_last()?;
    let mut rest = text.strip_prefix(first)?.strip_suffix(last)?;
    let mut found = Vec::with_capacity(middle.len() + 1);
    for piece in middle {
        let at = rest.find(piece)?;
        found.push(&rest[..at]);
        rest = &rest[at + piece.len()..];
    }
    found.push(rest);
    Some(found)
}

/// `text` in Korean where the catalogue knows it (each line on its own, as it is or without
/// the spaces around it; each value a message carries translated too), else as it is.
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
    let each = |line| translate_value(line, true, &mut HashMap::new()).0;
    text.split('\n').map(each).collect::<Vec<_>>().join("\n")
}

/// What is known of the parts of one line (and whether a word of the catalogue was
/// wanted there): each part's Korean, and how many of its characters the catalogue's
/// messages matched.
type Known<'a> = HashMap<(&'a str, bool), (String, usize)>;

/// One line in Korean, with how many of its characters the catalogue's messages matched
/// (0: none, the line as it is); a message of one word only where `word` says a word is
/// wanted. Of the messages that match, the reading that matches the most characters wins,
/// the values' messages counted in: `error: rnn bench: --seconds must be at most 3600 …`
/// is `error: {}` around the message of `rnn bench`, not a flag's `{}: --{} must be {},
/// got {}` that swallowed `error: rnn bench`. A line with no Latin letter (numbers,
/// Hangul) is written as it is, without looking.
fn translate_line<'a>(line: &'a str, word: bool, known: &mut Known<'a>) -> (String, usize) {
    if !line.chars().any(|c| c.is_ascii_alphabetic()) {
        return (line.to_string(), 0);
    }
    if let Some(found) = known.get(&(line, word)) {
        return found.clone();
    }
    let (exact, templates) = catalogue();
    if let Some(korean) = exact.get(line)
        && (word || line.contains(' '))
    {
        return (korean.to_string(), line.len());
    }
    let mut best = (line.to_string(), 0);
    for (literal, english, korean) in templates {
        let Some(found) = values(english, line) else {
            continue;
        };
        let (korean, matched) = fill(korean, &found, known);
        if literal + matched > best.1 {
            best = (korean, literal + matched);
        }
    }
    known.insert((line, word), best.clone());
    best
}

/// A value a message carries (or a line), in Korean where it is a message itself: as it
/// is, or without the spaces that pad it (`negative ` in a column), which are kept around
/// it, the padding after it made up to the column's width again.
fn translate_value<'a>(value: &'a str, word: bool, known: &mut Known<'a>) -> (String, usize) {
    let whole = translate_line(value, word, known);
    let core = value.trim();
    if core.len() == value.len() || core.is_empty() {
        return whole;
    }
    let (korean, matched) = translate_line(core, word, known);
    if matched <= whole.1 {
        return whole;
    }
    let start = value.len() - value.trim_start().len();
    let (before, after) = (&value[..start], &value[start + core.len()..]);
    let width = |text: &str| text.chars().map(display_width).sum::<usize>();
    let pad = match after.is_empty() {
        true => 0,
        false => (width(core) + after.len())
            .saturating_sub(width(&korean))
            .max(1),
    };
    (format!("{before}{korean}{}", " ".repeat(pad)), matched)
}

/// A Korean twin with the `values` of its English put in, and how many of their characters
/// the catalogue's messages matched: `{}` is the next value, `{k}` the k-th (from 1); `{~}`
/// and `{~k}` the same, in a place that takes a word of the catalogue (`reviews`,
/// `positive`), which is then translated too. Elsewhere a value of one word is kept as it
/// is: a name the user chose (a file called `reviews`), a flag, a cell. A value the twin
/// leaves out is not written (the English plural's `s`).
fn fill<'a>(korean: &str, values: &[&'a str], known: &mut Known<'a>) -> (String, usize) {
    let (mut out, mut matched, mut rest, mut next) = (String::new(), 0, korean, 0);
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let slot = &rest[open + 1..close];
        let k = match slot.strip_prefix('~').unwrap_or(slot) {
            "" => {
                next += 1;
                Some(next - 1)
            }
            number => number.parse::<usize>().ok().and_then(|k| k.checked_sub(1)),
        };
        out.push_str(&rest[..open]);
        let after = (close + 1).min(rest.len());
        match k.and_then(|k| values.get(k)) {
            Some(&value) => {
                let (korean, n) = translate_value(value, slot.starts_with('~'), known);
                out.push_str(&korean);
                matched += n;
            }
            None => out.push_str(&rest[open..after]),
        }
        rest = &rest[after..];
    }
    out.push_str(rest);
    (out, matched)
}

/// A page or a plot (SVG, HTML) with the text between its tags, and the tips of its
/// `title="…"` attributes, in Korean.
pub fn translate_markup(markup: &str) -> String {
    if !korean() {
        return markup.to_string();
    }
    let mut out = String::with_capacity(markup.len());
    // Each piece: the text before a tag, then the tag.
    for piece in markup.split_inclusive('>') {
        let (text, tag) = piece.split_at(piece.find('<').unwrap_or(piece.len()));
        out.push_str(&translate(text));
        match tag.split_once(" title=\"") {
            Some((before, after)) => {
                let (title, end) = after.split_at(after.find('"').unwrap_or(after.len()));
                out.push_str(&format!("{before} title=\"{}{end}", translate(title)));
            }
            None => out.push_str(tag),
        }
    }
    out
}

/// A help text in English, or its Korean twin when the programs speak Korean.
pub fn help((english, korean): super::Help) -> &'static str {
    if self::korean() { korean } else { english }
}
