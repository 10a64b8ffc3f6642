//! 도움말의 코드는 붙여 넣는 자리에서 그대로 컴파일되어야 합니다. 이 테스트는 연습 파일(받은
//! 그대로의 `src/e*.rs`)마다 `todo!()` 바로 위의 도움말 주석에서 `// `를 지우고, 그 파일들로 된
//! 이 프로젝트의 복사본을 `cargo check`로 컴파일합니다. 학습자가 읽는 글자 그대로를 컴파일하므로
//! 도움말과 코드가 어긋날 수 없습니다. 풀이와 함께(`--features solutions`) CI에서 돕니다.
//!
//! (Every hint's code compiles where a learner pastes it: this uncomments the hint above each
//! `todo!()` in a copy of the project and runs `cargo check` on it.)
#![cfg(feature = "solutions")]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const EXERCISES: [&str; 8] = [
    "e1_step.rs",
    "e2_forward.rs",
    "e3_output.rs",
    "e4_cross_entropy.rs",
    "e5_step_backward.rs",
    "e6_bptt.rs",
    "e7_lstm_step.rs",
    "e8_gradient_check.rs",
];

fn here() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The exercise file with the hint above each `todo!()` uncommented, and how many hint lines
/// that made code. A hint is the run of `//` lines right above a `todo!()`: prose down to
/// its last bare `//` line, then the code, each line written `// code`.
fn with_hints_uncommented(text: &str) -> (String, usize) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut uncommented = 0;
    let todos: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim_start().starts_with("todo!("))
        .collect();
    for todo in todos {
        let mut first = todo;
        while first > 0 && lines[first - 1].trim_start().starts_with("//") {
            first -= 1;
        }
        let code = (first..todo)
            .rfind(|&i| lines[i].trim() == "//")
            .map_or(todo, |bare| bare + 1);
        assert!(
            code < todo,
            "no hint code above the todo!() on line {}:\n{}",
            todo + 1,
            lines[first..=todo].join("\n")
        );
        for line in &mut lines[code..todo] {
            let indent = line.len() - line.trim_start().len();
            let rest = line[indent..]
                .strip_prefix("// ")
                .expect("a hint line is `// code`");
            *line = format!("{}{rest}", &line[..indent]);
            uncommented += 1;
        }
    }
    (lines.join("\n") + "\n", uncommented)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn every_hint_compiles_where_a_learner_pastes_it() {
    let copy = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hint-code");
    let _ = fs::remove_dir_all(copy.join("src"));
    copy_dir(&here().join("src"), &copy.join("src"));
    let crate_root = here().join("../..").canonicalize().unwrap();
    let manifest = fs::read_to_string(here().join("Cargo.toml")).unwrap();
    assert!(manifest.contains(r#"path = "../..""#));
    let manifest = manifest.replace(
        r#"path = "../..""#,
        &format!("path = {:?}", crate_root.display().to_string()),
    );
    fs::write(copy.join("Cargo.toml"), manifest).unwrap();
    let mut hint_lines = 0;
    for exercise in EXERCISES {
        let text = fs::read_to_string(here().join("src").join(exercise)).unwrap();
        let (pasted, lines) = with_hints_uncommented(&text);
        assert!(lines >= 2, "{exercise}: {lines} hint lines");
        hint_lines += lines;
        fs::write(copy.join("src").join(exercise), pasted).unwrap();
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--message-format", "short"])
        .arg("--manifest-path")
        .arg(copy.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(copy.join("target"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the hints' code, uncommented in {}, does not compile:\n{}",
        copy.join("src").display(),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(hint_lines >= 40, "{hint_lines} lines of hint code in all");
}

#[test]
fn the_hint_code_is_below_the_last_bare_comment_line() {
    let text =
        "fn f(wx: &Matrix) {\n    // 도움말\n    //\n    // let y = &wx * v;\n    todo!()\n}\n";
    let (pasted, lines) = with_hints_uncommented(text);
    assert_eq!(lines, 1);
    assert!(
        pasted.contains("\n    let y = &wx * v;\n    todo!()"),
        "{pasted}"
    );
    assert!(pasted.contains("\n    // 도움말\n    //\n"), "{pasted}");
}

#[test]
fn the_solutions_carry_the_exercises_doc_comments_and_checks() {
    let outside_bodies = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("//") || l.starts_with("#[") || l.starts_with("    crate::"))
            .map(str::to_string)
            .collect()
    };
    for exercise in EXERCISES {
        let read = |dir: &str| fs::read_to_string(here().join(dir).join(exercise)).unwrap();
        assert_eq!(
            outside_bodies(&read("src/solutions")),
            outside_bodies(&read("src")),
            "{exercise}: the solution's comments or check differ from the exercise's"
        );
    }
}

#[test]
fn the_chapters_quote_the_hints_as_they_stand() {
    let hints: String = EXERCISES
        .iter()
        .map(|e| fs::read_to_string(here().join("src").join(e)).unwrap())
        .collect();
    for chapter in ["../exercises.md", "../ko/exercises.md"] {
        let text = fs::read_to_string(here().join(chapter)).unwrap();
        let quoted: Vec<&str> = text.lines().filter(|l| l.starts_with("// let ")).collect();
        assert!(!quoted.is_empty(), "{chapter} quotes no hint");
        for line in quoted {
            assert!(
                hints.contains(&format!("    {line}\n")),
                "{chapter}: {line}"
            );
        }
    }
}
