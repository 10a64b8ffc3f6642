//! Korean everywhere a learner reads (`src/cli/lang.rs`): every message the code writes
//! has its Korean twin in `src/cli/help/messages.ko.txt`, every help text its `.ko.txt`, and
//! the programs speak Korean with `--lang ko`.

mod common;

use std::path::Path;

/// The messages of the code: the first string of every `usage!`, `failure!`, `errln!`,
/// `outln!`, `out!`, `…Error::new`, `Answer::…`, `Event::Note`, `.message(`, `lines.push(`,
/// `format!` after `figure:` or `what`, each value written `{}`, with the file it is in.
fn messages_in_code() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let starts = [
        "usage!(",
        "failure!(",
        "errln!(",
        "outln!(",
        "out!(",
        "Error::new(",
        "Event::Note(",
        ".message(",
        "lines.push(",
        "figure: ",
        "Answer::Unreadable(",
        "Answer::Failed(",
    ];
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let text = match text.find("#[cfg(test)]") {
            Some(at) => &text[..at],
            None => &text,
        };
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect();
        for start in starts {
            for (at, _) in code.match_indices(start) {
                let rest = code[at + start.len()..].trim_start();
                let rest = rest.strip_prefix("format!(").unwrap_or(rest).trim_start();
                if let Some(literal) = string_literal(rest) {
                    let template = placeholders(&literal);
                    if template.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 3 {
                        let shown = file.strip_prefix(&root).unwrap().display().to_string();
                        found.push((template, shown));
                    }
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// The string literal `text` starts with, its escapes and line continuations read.
fn string_literal(text: &str) -> Option<String> {
    let mut chars = text.strip_prefix('"')?.chars().peekable();
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                '\n' => {
                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                }
                'n' => out.push('\n'),
                't' => out.push('\t'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// `{name}`, `{:.3}`, `{x:>w$}` → `{}`; `{{` and `}}` stay as the braces they print.
fn placeholders(format: &str) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('{', Some('{')) => {
                chars.next();
                out.push('{');
            }
            ('}', Some('}')) => {
                chars.next();
                out.push('}');
            }
            ('{', _) => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                out.push_str("{}");
            }
            (c, _) => out.push(c),
        }
    }
    out
}

/// The catalogue's (English, Korean) pairs.
fn catalogue() -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli/help/messages.ko.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let mut pairs = Vec::new();
    let mut english = None;
    for line in text.lines() {
        if let Some(en) = line.strip_prefix("en: ") {
            english = Some(en.to_string());
        } else if let Some(ko) = line.strip_prefix("ko: ") {
            pairs.push((
                english.take().expect("an en: line before each ko: line"),
                ko.to_string(),
            ));
        }
    }
    pairs
}

/// Lines the programs write that are not messages to translate: the formula lines of
/// `rnn --trace`, symbols and numpy's names, the same in every language (the figure lines
/// that scripts read stay English too, by a twin the same as the English, which keeps them
/// whole).
const NOT_MESSAGES: &[&str] = &[
    "hₜ₋₁ = {} = hidden_state_t ({})",
    "Wx·Iₜ = np.dot(Wx,input_t) ({})",
    "Wh·hₜ₋₁ = np.dot(Wh,hidden_state_t) ({})",
    "Wx·Iₜ + Wh·hₜ₋₁ + b ({})",
];

#[test]
fn every_message_of_the_code_has_its_korean_twin() {
    let known: Vec<String> = catalogue().into_iter().map(|(en, _)| en).collect();
    let missing: Vec<String> = messages_in_code()
        .into_iter()
        .filter(|(template, _)| {
            // A message of several lines is translated line by line.
            template
                .split('\n')
                .filter(|line| line.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 3)
                .any(|line| !known.iter().any(|k| k == line) && !NOT_MESSAGES.contains(&line))
        })
        .map(|(template, file)| format!("{file}: {template:?}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} messages have no Korean twin in src/cli/help/messages.ko.txt:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn every_twin_is_korean_and_carries_the_same_values() {
    let mut seen = std::collections::HashSet::new();
    for (en, ko) in catalogue() {
        assert!(seen.insert(en.clone()), "{en:?} has two twins");
        let values = en.matches("{}").count();
        // A value glued to the end of an English word (`epoch{}`: the plural's s) is one
        // Korean does not say: a twin that numbers its values may leave it out.
        let plural = |k: usize| {
            let before = en.split("{}").nth(k - 1).unwrap_or_default();
            before.ends_with(|c: char| c.is_ascii_alphabetic())
        };
        // `{~}`, `{~k}`: the same, in a place that takes a word of the catalogue.
        let ko = ko.replace("{~", "{");
        let numbered = (1..=values).all(|k| ko.contains(&format!("{{{k}}}")) || plural(k));
        assert!(
            ko.matches("{}").count() == values || (numbered && !ko.contains("{}")),
            "{en:?} carries {values} values, its twin {ko:?} does not"
        );
        let beyond = format!("{{{}}}", values + 1);
        assert!(
            !ko.contains(&beyond),
            "{en:?}: its twin {ko:?} has {beyond}"
        );
        let hangul = ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
        assert!(
            hangul || en == ko || en.starts_with("{}"),
            "{en:?}: {ko:?} is not Korean"
        );
    }
}

#[test]
fn every_help_text_has_its_korean_twin() {
    let help = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli/help");
    for entry in std::fs::read_dir(&help).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".txt") || name.ends_with(".ko.txt") {
            continue;
        }
        let english = std::fs::read_to_string(&path).unwrap();
        let twin = help.join(name.replace(".txt", ".ko.txt"));
        let korean =
            std::fs::read_to_string(&twin).unwrap_or_else(|e| panic!("{}: {e}", twin.display()));
        assert_ne!(
            english, korean,
            "{name}: its Korean twin is still the English"
        );
        // Every flag the English names, the Korean names too.
        for flag in english.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            if flag.starts_with("--") && flag.len() > 2 {
                assert!(
                    korean.contains(flag),
                    "{name}: the Korean twin never names {flag}"
                );
            }
        }
    }
}

#[test]
fn the_programs_speak_korean_with_lang_ko_or_a_korean_locale() {
    let (_, stderr, code) = common::run_rnn(&["--lang", "ko", "bench", "--hidden", "0"]);
    assert_eq!(code, Some(2));
    assert!(stderr.starts_with("오류: "), "{stderr}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rnn"))
        .args(["bench", "--hidden", "0"])
        .env("LC_ALL", "ko_KR.UTF-8")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("오류: "));
    let (_, stderr, code) = common::run_rnn(&["--lang", "fr", "bench"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: rnn: --lang must be one of en, ko, got 'fr'\n"
    );
}

#[test]
fn a_composed_line_is_read_whole_and_a_name_stays_as_it_is() {
    let korean = |args: &[&str]| {
        let mut all = vec!["--lang", "ko"];
        all.extend_from_slice(args);
        common::run_rnn(&all)
    };
    // `error: {}` around bench's own message, not a flag's message that swallowed `error:`.
    let (_, stderr, _) = korean(&["bench", "--seconds", "5000"]);
    assert_eq!(
        stderr,
        "오류: rnn bench: --seconds 값은 3600(크기마다 한 시간) 이하여야 합니다(받은 값: 5000)\n"
    );
    // A file called `reviews` is a name, not the catalogue's word `reviews`.
    let (_, stderr, _) = korean(&["sentiment", "--train", "reviews"]);
    assert!(
        stderr.starts_with("오류: rnn sentiment: reviews: 읽을 수 없습니다: "),
        "{stderr}"
    );
    // Progress, the report and its padded columns in Korean; the figure line stays English.
    let (stdout, stderr, code) = korean(&[
        "sentiment",
        "--generated",
        "--epochs",
        "2",
        "--hidden",
        "4",
        "--seed",
        "1",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("에포크 2/2  리뷰 하나당 평균 손실 ") && stderr.contains("초 남음"),
        "{stderr}"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("떼어 둔 문장 "), "{stdout}");
    let label = |line: &str| line.find(['긍', '부']).expect("a label");
    assert!(
        lines[1..lines.len() - 1]
            .iter()
            .all(|l| label(l) == label(lines[1]))
    );
    assert!(lines[1].contains("  rnn: ") && lines[1].contains("  단어 가방: "));
    assert!(lines[lines.len() - 1].starts_with("held-out accuracy: rnn "));
}
