//! The registry is the one place that lists the kinds of cell: `cells/registry.rs` holds
//! the table, and its macros write every dispatch (the literal step, saving and loading,
//! the batched step). No other file names a kind's variant, so a new cell is its own files
//! and one line of the table.

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
