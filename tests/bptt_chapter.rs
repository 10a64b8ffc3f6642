//! The BPTT chapter (`docs/bptt.md`) shows the code it derives: every line of a code block
//! that names a source file (`// src/…` on its first line) stands in that file, so the
//! chapter cannot drift from the code.

#[test]
fn every_line_the_bptt_chapter_quotes_stands_in_the_file_it_names() {
    let root = env!("CARGO_MANIFEST_DIR");
    let chapter = std::fs::read_to_string(format!("{root}/docs/bptt.md")).unwrap();
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
                "docs/bptt.md quotes a line {path} does not have:\n{line}"
            );
            quoted += 1;
        }
    }
    assert!(quoted >= 15, "the chapter quotes {quoted} lines of code");
}
