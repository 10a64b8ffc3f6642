//! One word for each concept in the crate's Korean. The table of `docs/ko/glossary.md`,
//! section "용어 하나에 낱말 하나", gives for each concept the word this crate uses and the
//! names other books use for it. This test reads that table and fails, naming the file and
//! the line, where a Korean text uses one of the other names: the Korean chapters
//! (`docs/ko/`), `docs/README.ko.md`, and every line with Hangul in `src/` (doc comments,
//! help texts, the notes program's Korean explanation), in the English chapters and in
//! `README.md` (their Korean words in parentheses).
//!
//! Two rules keep it from crying wolf. A word of the table hides the other names inside it
//! (하이퍼파라미터 is not 파라미터). An other name that is a verb (닿다) is looked for by its
//! stem (닿), so that every ending is found. What the table cannot tell apart by the word
//! alone (스텝 for an optimiser's step, not a timestep) is kept by reading, not here.

use std::path::{Path, PathBuf};

const GLOSSARY: &str = "docs/ko/glossary.md";
/// The heading of the table's section, in both twins of the glossary.
const SECTION: &str = "용어 하나에 낱말 하나";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One row of the table: the crate's word(s) and the other names.
struct Row {
    words: Vec<String>,
    others: Vec<String>,
}

/// The cells of a Markdown table row, trimmed.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

/// A cell's names: comma-separated, "—" for none.
fn names(cell: &str) -> Vec<String> {
    cell.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != "—")
        .map(str::to_string)
        .collect()
}

/// The table of the glossary's section `SECTION`.
fn table(glossary: &str) -> Vec<Row> {
    let mut lines = glossary
        .lines()
        .skip_while(|l| !(l.starts_with('#') && l.contains(SECTION)))
        .skip(1)
        .take_while(|l| !l.starts_with('#'))
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'));
    let header = cells(lines.next().expect("the table's header"));
    assert_eq!(header.len(), 3, "{GLOSSARY}: the table has three columns");
    lines
        .skip(1) // |---|---|---|
        .map(|line| {
            let row = cells(line);
            assert_eq!(row.len(), 3, "{GLOSSARY}: a row of three cells: {line}");
            Row {
                words: names(&row[0]),
                others: names(&row[2]),
            }
        })
        .collect()
}

/// What is looked for in the text: a verb (ending in 다) by its stem.
fn searched(other: &str) -> &str {
    other.strip_suffix('다').unwrap_or(other)
}

/// Every use of an other name in `text`, as (line number, other name, the crate's word),
/// the lines of the table's own section aside.
fn misuses(text: &str, rows: &[Row]) -> Vec<(usize, String, String)> {
    let mut found = Vec::new();
    let mut in_table_section = false;
    for (k, line) in text.lines().enumerate() {
        let heading = line.trim_start_matches("//!").trim_start();
        if heading.starts_with('#') {
            in_table_section = heading.contains(SECTION);
        }
        if in_table_section {
            continue;
        }
        // The crate's own words hide what they contain.
        let mut masked = line.to_string();
        for word in rows.iter().flat_map(|r| &r.words) {
            masked = masked.replace(word.as_str(), &" ".repeat(word.len()));
        }
        for row in rows {
            for other in &row.others {
                if masked.contains(searched(other)) {
                    found.push((k + 1, other.clone(), row.words.join(", ")));
                }
            }
        }
    }
    found
}

fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// The files of `dir` (recursively) whose name ends with one of `endings`.
fn files(dir: &Path, endings: &[&str], into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, endings, into);
        } else if endings.iter().any(|e| path.to_string_lossy().ends_with(e)) {
            into.push(path);
        }
    }
}

/// Every text a Korean reader meets: the Korean pages, and the Korean words of `src/`, of
/// the exercises, of the English chapters and of the README.
fn korean_texts() -> Vec<PathBuf> {
    let mut paths = Vec::new();
    files(&root().join("docs/ko"), &[".md"], &mut paths);
    files(&root().join("src"), &[".rs", ".txt"], &mut paths);
    files(&root().join("docs/exercises/src"), &[".rs"], &mut paths);
    files(&root().join("docs/exercises/tests"), &[".rs"], &mut paths);
    paths.push(root().join("docs/exercises/README.md"));
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            paths.push(path); // the English chapters and docs/README.ko.md
        }
    }
    paths.push(root().join("README.md"));
    paths.sort();
    paths
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn no_korean_text_uses_a_name_the_glossary_lists_as_the_other_one() {
    let rows = table(&read(&root().join(GLOSSARY)));
    assert!(rows.len() >= 20, "the table has {} rows", rows.len());
    let texts = korean_texts();
    assert!(texts.len() >= 60, "found {} texts", texts.len());
    let mut report = Vec::new();
    for path in &texts {
        let text = read(path);
        if !has_hangul(&text) {
            continue;
        }
        let relative = path.strip_prefix(root()).unwrap().display().to_string();
        for (line, other, word) in misuses(&text, &rows) {
            report.push(format!(
                "{relative}:{line}: \"{other}\" where the crate says \"{word}\" ({GLOSSARY})"
            ));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn the_table_has_the_books_words_and_the_rules_find_what_they_should() {
    let rows = table(&read(&root().join(GLOSSARY)));
    let word_of = |other: &str| {
        rows.iter()
            .find(|r| r.others.iter().any(|o| o == other))
            .map(|r| r.words.join(", "))
    };
    // The book's words (DESIGN.md, "Writing Korean"), each with the other name it replaces.
    assert_eq!(word_of("망각 게이트").as_deref(), Some("삭제 게이트"));
    assert_eq!(word_of("교차 엔트로피").as_deref(), Some("크로스 엔트로피"));
    assert_eq!(word_of("파라미터").as_deref(), Some("매개변수"));
    assert_eq!(word_of("청크").as_deref(), Some("구간"));
    assert_eq!(word_of("스트림").as_deref(), Some("흐름"));
    // A planted use is found, with its line; a word of the table hides what it contains;
    // a verb is found in any ending.
    let planted = "첫 줄\n셀은 망각 게이트로 옛것을 지웁니다.\n하이퍼파라미터는 학습률입니다.\n여기에 닿는 기울기";
    let found = misuses(planted, &rows);
    let lines: Vec<(usize, &str)> = found.iter().map(|(l, o, _)| (*l, o.as_str())).collect();
    assert_eq!(lines, [(2, "망각 게이트"), (4, "닿다")]);
    // The table's own section may name them (in either twin), the next section may not.
    let sections = "## 용어 하나에 낱말 하나\n| 교차 엔트로피 |\n## 다음\n교차 엔트로피\n\
                    //! ## One word (용어 하나에 낱말 하나)\n//! | 교차 엔트로피 |";
    let found = misuses(sections, &rows);
    let lines: Vec<usize> = found.iter().map(|(l, _, _)| *l).collect();
    assert_eq!(lines, [4]);
}
