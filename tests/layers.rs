//! Knowledge flows one way: linalg → cells → train and io → programs → cli. This test
//! reads every file of `src/` and fails if a layer names a layer above it (or train and io,
//! which sit side by side, name each other). Comments are skipped: a doc link to a chapter
//! further on is not an import.

use std::path::{Path, PathBuf};

/// The layers, lowest first, with their rank. Equal ranks may not name each other.
const LAYERS: [(&str, usize); 6] = [
    ("linalg", 0),
    ("cells", 1),
    ("train", 2),
    ("io", 2),
    ("programs", 3),
    ("cli", 4),
];

fn rank(layer: &str) -> Option<usize> {
    LAYERS
        .iter()
        .find(|(name, _)| *name == layer)
        .map(|&(_, r)| r)
}

/// The layer a file of `src/` belongs to: its first folder (`src/main.rs` is the cli;
/// `src/lib.rs` and the doc-only `src/glossary.rs` are above every layer).
fn layer_of(relative: &Path) -> Option<&'static str> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    match first {
        "main.rs" => Some("cli"),
        _ => LAYERS.iter().map(|(name, _)| *name).find(|n| *n == first),
    }
}

/// Every way `line` (code, in a file of `layer`) breaks the rule, as messages.
fn violations(layer: &str, line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let own = rank(layer).expect("a layer");
    let mut found = Vec::new();
    for prefix in ["crate::", "rnn_from_scratch::"] {
        let mut rest = code;
        while let Some(k) = rest.find(prefix) {
            rest = &rest[k + prefix.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if layer == "cli" {
                continue; // the binary sits on top and may use anything
            }
            match rank(&name) {
                Some(_) if name == layer => {}
                Some(r) if r < own => {}
                Some(_) => found.push(format!("{layer} names {name}, a layer above or beside it")),
                None => found.push(format!(
                    "{layer} names `{prefix}{name}`: name it by its layer (crate::linalg::…, crate::cells::…)"
                )),
            }
        }
    }
    if code.contains("super::super::") {
        found.push(format!(
            "{layer} reaches out with super::super::: name the layer"
        ));
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_layer_names_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in &files {
        let relative = path.strip_prefix(&src).expect("under src/");
        let Some(layer) = layer_of(relative) else {
            continue;
        };
        checked += 1;
        let text = std::fs::read_to_string(path).expect("readable");
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for v in violations(layer, line) {
                problems.push(format!("src/{}:{}: {v}", relative.display(), n + 1));
            }
        }
    }
    assert!(
        checked > 30,
        "only {checked} files were read: is src/ laid out in layers?"
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_check_catches_what_it_should() {
    // A cell reaching into training, an io file reaching into train (its sibling), a
    // file naming a root re-export instead of the layer: all caught.
    assert_eq!(violations("cells", "use crate::train::Trainer;").len(), 1);
    assert_eq!(violations("io", "use crate::train::Parameters;").len(), 1);
    assert_eq!(violations("linalg", "use crate::cells::Cell;").len(), 1);
    assert_eq!(violations("train", "use crate::Matrix;").len(), 1);
    assert_eq!(violations("cells", "use super::super::train;").len(), 1);
    // Looking down, or at oneself, is fine; so is anything in a comment, or in the cli.
    assert!(violations("programs", "use crate::train::fit; use crate::io::svg;").is_empty());
    assert!(violations("cells", "use crate::cells::Gate; // crate::train::fit").is_empty());
    assert!(violations("cli", "use rnn_from_scratch::programs::uses;").is_empty());
    assert_eq!(layer_of(Path::new("cells/rnn.rs")), Some("cells"));
    assert_eq!(layer_of(Path::new("main.rs")), Some("cli"));
    assert_eq!(layer_of(Path::new("lib.rs")), None);
}
