//! The registry is the one place that lists the kinds of cell: `cells/registry.rs` holds
//! the table, and its macros write every dispatch (the literal step, saving and loading,
//! the batched step). No other file dispatches on a kind, matches or compares one, or lists
//! the kinds' names by hand (a help text says `{cells}`), so a new cell is its own files and
//! one line of the table.

use rnn_from_scratch::cells::CellKind;

/// Every `.rs` file under `dir`, recursively.
fn sources(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_file_but_the_registry_dispatches_on_the_kind_of_cell() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let mut checked = 0;
    for file in files {
        if file.ends_with("cells/registry.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue; // documentation may name a kind
            }
            for kind in CellKind::ALL {
                let variant = format!("{kind:?}"); // the enum variant: Rnn, Lstm, Gru
                for dispatch in [
                    format!("AnyCell::{variant}("),
                    format!("AnyCache::{variant}("),
                    format!("AnyBatchCache::{variant}("),
                ] {
                    assert!(
                        !code.contains(&dispatch),
                        "{}:{}: `{dispatch}` dispatches on the kind of cell outside the \
                         registry; let the registry's macros write it",
                        file.display(),
                        n + 1
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 5_000, "read {checked} lines of code");
}

/// Every file under `dir` (recursively) whose name ends with `ending`.
fn files(dir: &std::path::Path, ending: &str, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ending, found);
        } else if path.to_string_lossy().ends_with(ending) {
            found.push(path);
        }
    }
}

/// Whether `line` matches on a kind (`CellKind::Gru =>`), compares with one
/// (`== CellKind::Gru`, `matches!(kind, CellKind::Gru)`), or lists the kinds' names by hand
/// (`rnn|lstm|gru`, `rnn, lstm or gru`).
fn names_a_kind_outside_the_registry(line: &str) -> Option<String> {
    for kind in CellKind::ALL {
        let variant = format!("CellKind::{kind:?}");
        let Some(at) = line.find(&variant) else {
            continue;
        };
        let before = line[..at].trim_end();
        let after = line[at + variant.len()..].trim_start();
        let compared = before.ends_with("==") || before.ends_with("!=");
        let matched =
            after.starts_with("=>") || after.starts_with('|') || line.contains("matches!(");
        if compared || matched || line.trim_start().starts_with("if let") {
            return Some(format!("`{variant}` is matched or compared"));
        }
    }
    let words: Vec<String> = line
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::to_string)
        .collect();
    let kinds = words
        .windows(2)
        .filter(|pair| pair.iter().all(|w| CellKind::from_name(w).is_some()))
        .count();
    let listed = kinds > 0
        || ["or", "and"].iter().any(|joint| {
            words.windows(3).any(|w| {
                CellKind::from_name(&w[0]).is_some()
                    && w[1] == *joint
                    && CellKind::from_name(&w[2]).is_some()
            })
        });
    listed.then(|| "the kinds' names are listed by hand: take them from the registry".into())
}

#[test]
fn no_file_but_the_registry_matches_compares_or_lists_the_kinds() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    files(&root.join("src"), ".rs", &mut found);
    files(&root.join("src"), ".txt", &mut found);
    let mut checked = 0;
    for file in found {
        if file.ends_with("cells/registry.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue; // documentation may name kinds
            }
            if let Some(why) = names_a_kind_outside_the_registry(line) {
                panic!("{}:{}: {why}: {line}", file.display(), n + 1);
            }
            checked += 1;
        }
    }
    assert!(checked > 5_000, "read {checked} lines");
}

#[test]
fn the_check_finds_what_it_looks_for() {
    for line in [
        "    if cell == CellKind::Gru { \"a\" } else { \"an\" }",
        "            CellKind::Rnn => {",
        "  --cell KIND         rnn, lstm or gru (each on its fast path)",
        "usage: rnn bench [--cell rnn|lstm|gru] [--hidden 100,512]",
        "                \"{}: unknown cell '{kind_name}' (rnn, lstm or gru)\",",
    ] {
        assert!(names_a_kind_outside_the_registry(line).is_some(), "{line}");
    }
    for line in [
        "            cell: CellKind::Lstm,",
        "usage: rnn bench [--cell {cells}] [--hidden 100,512]",
        "    let dh = options.hidden; // an rnn of 100 units",
    ] {
        assert!(names_a_kind_outside_the_registry(line).is_none(), "{line}");
    }
}
