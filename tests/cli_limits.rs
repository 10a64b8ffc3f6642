//! The binary in hostile environments: arguments that are not UTF-8, a reader who closes
//! the pipe, a full disk, requests larger than the machine, files that never end, and a
//! saved model edited to claim a size its files do not have.

mod common;

use common::{Scratch, rnn_output};
use std::process::{Command, Stdio};

/// A small character model trained on a short text and saved as `dir/model`.
fn saved_model(dir: &std::path::Path, hidden: &str) -> std::path::PathBuf {
    std::fs::write(dir.join("text.txt"), "the cat sat on the mat. ".repeat(20)).unwrap();
    let model = dir.join("model");
    let out = rnn_output(&[
        "char-rnn",
        "train",
        "--text",
        dir.join("text.txt").to_str().unwrap(),
        "--iters",
        "3",
        "--hidden",
        hidden,
        "--quiet",
        "--save",
        model.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    model
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_a_file_name() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let dir = Scratch::new("limits-utf8");
    let mut name = dir.as_os_str().to_os_string().into_vec();
    name.extend_from_slice(b"/\xff.txt");
    let name = OsString::from_vec(name);
    std::fs::write(&name, "abcabcabcabcabcabcabcabcabcabcabcabc").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rnn"))
        .args([
            "char-rnn",
            "train",
            "--iters",
            "2",
            "--seq-len",
            "5",
            "--quiet",
            "--text",
        ])
        .arg(&name)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A value that must be text says so.
    let out = Command::new(env!("CARGO_BIN_EXE_rnn"))
        .arg("--seed")
        .arg(OsString::from_vec(vec![0xff]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: rnn: --seed must be text (UTF-8), got '\u{fffd}'\n"
    );
}

#[test]
fn a_closed_pipe_ends_quietly_and_a_full_disk_is_an_error() {
    // `rnn --timesteps 100000 | head -1`: the reader goes away after one line.
    let mut child = Command::new(env!("CARGO_BIN_EXE_rnn"))
        .args(["--timesteps", "100000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 7];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    assert_eq!(&first, b"(1, 8)\n");
    drop(child.stdout.take()); // close the pipe
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    if std::path::Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_rnn"))
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            stderr(&out),
            "error: cannot write the output: No space left on device (os error 28)\n"
        );
    }
}

#[test]
fn requests_larger_than_the_machine_are_refused_before_anything_is_allocated() {
    let out = rnn_output(&[
        "--hidden-size",
        "4096",
        "--input-size",
        "4096",
        "--timesteps",
        "1000000",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: rnn: this needs about 98.6 GB of memory"),
        "{err}"
    );
    assert!(
        err.ends_with("lower --timesteps, --input-size or --hidden-size\n"),
        "{err}"
    );
    let out = rnn_output(&[
        "bench",
        "--hidden",
        "8192",
        "--vocab",
        "100000",
        "--seq-len",
        "100000",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("lower --hidden, --vocab or --seq-len"),
        "{}",
        stderr(&out)
    );
    let out = rnn_output(&["bench", "--seconds", "1e18"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: rnn bench: --seconds must be at most 3600 (an hour per size), got 1000000000000000000\n"
    );
    if std::path::Path::new("/dev/zero").exists() {
        let out = rnn_output(&[
            "char-rnn",
            "train",
            "--text",
            "/dev/zero",
            "--max-text-mb",
            "1",
        ]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            stderr(&out),
            "error: rnn char-rnn train: --text /dev/zero: larger than 1 MB, the --max-text-mb \
             limit; raise it to read the whole file\n"
        );
    }
}

#[test]
fn a_model_txt_that_claims_more_than_its_files_hold_is_refused_before_allocating() {
    let dir = Scratch::new("limits-model");
    let model = saved_model(&dir, "8");
    let manifest = std::fs::read_to_string(model.join("model.txt")).unwrap();
    let sample = || rnn_output(&["char-rnn", "sample", "--load", model.to_str().unwrap()]);
    // So large it could never be allocated here: refused by its size.
    std::fs::write(
        model.join("model.txt"),
        manifest.replace("hidden_size 8", "hidden_size 60000"),
    )
    .unwrap();
    let out = sample();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cell rnn, V = 11, Dh = 60000: this needs about"),
        "{}",
        stderr(&out)
    );
    // Small, but not what its files hold: refused by the headers.
    std::fs::write(
        model.join("model.txt"),
        manifest.replace("hidden_size 8", "hidden_size 9"),
    )
    .unwrap();
    let out = sample();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cell rnn, V = 11, Dh = 9 has 299 weights, but its arrays hold 259"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_model_folder_with_a_huge_text_file_is_refused_before_reading_it() {
    let dir = Scratch::new("limits-huge");
    let model = saved_model(&dir, "4");
    // 17 MB of vocabulary: more than any vocab.txt can be; refused by its size.
    let huge = std::fs::File::create(model.join("vocab.txt")).unwrap();
    huge.set_len(17 * 1024 * 1024).unwrap();
    let out = rnn_output(&["char-rnn", "sample", "--load", model.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "vocab.txt: 17825792 bytes, more than this file can be in a saved model (16777216)"
        ),
        "{}",
        stderr(&out)
    );
}
