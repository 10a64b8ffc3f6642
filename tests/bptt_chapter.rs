//! The BPTT chapter (`docs/bptt.md`, and its Korean twin `docs/ko/bptt.md`) shows the code
//! it derives: every line of a code block that names a source file (`// src/…` on its
//! first line) stands in that file, so the chapter cannot drift from the code.

#[test]
fn every_line_the_bptt_chapter_quotes_stands_in_the_file_it_names() {
    let root = env!("CARGO_MANIFEST_DIR");
    for chapter in ["docs/bptt.md", "docs/ko/bptt.md"] {
        let quoted = quoted_lines(root, chapter);
        assert!(quoted >= 15, "{chapter} quotes {quoted} lines of code");
    }
}

/// Checks every quoted line of `chapter`; returns how many there were.
fn quoted_lines(root: &str, chapter: &str) -> usize {
    let chapter = std::fs::read_to_string(format!("{root}/{chapter}")).unwrap();
    let mut quoted = 0;
    for block in chapter.split("```text\n").skip(1) {
        let block = block.split("```").next().unwrap();
        let mut lines = block.lines();
        let Some(path) = lines.next().and_then(|l| l.strip_prefix("// ")) else {
            continue;
        };
        if !path.starts_with("src/") {
            continue;
        }
        let source = std::fs::read_to_string(format!("{root}/{path}")).unwrap();
        let source_lines: Vec<&str> = source.lines().map(str::trim).collect();
        for line in lines.map(str::trim).filter(|l| !l.is_empty()) {
            assert!(
                source_lines.contains(&line),
                "the chapter quotes a line {path} does not have:\n{line}"
            );
            quoted += 1;
        }
    }
    quoted
}
