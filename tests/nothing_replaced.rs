//! Nothing a user had is replaced or deleted, and no run that went bad is called good: every
//! case here was found by hostile testing, and each test reproduces it in a scratch folder
//! (a test that needs root, such as `mknod`, says so and skips where it is not root).

mod common;

use common::Scratch;
use rnn_from_scratch::cells::{CellKind, CharModel, Embedding, Seq2Seq, SequenceModel};
use rnn_from_scratch::io::svg::Plot;
use rnn_from_scratch::io::text::Vocabulary;
use rnn_from_scratch::io::{conllu, reviews};
use rnn_from_scratch::programs::char_model;
use rnn_from_scratch::programs::uses::translation;
use rnn_from_scratch::programs::vanishing::{gradient_norms_through_time, largest_singular_value};
use rnn_from_scratch::{Activation, Matrix, Mt19937, OutputLayer, RnnCell, Vector};
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const TEXT: &str = "the cat sat on the mat. 고양이가 매트 위에 앉았다. the cat sat on the mat.\n";

/// Runs `rnn args` with `dir` as the working folder.
fn rnn_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rnn"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A tiny character model trained and saved as `dir/name`, with `extra` flags.
fn train(dir: &Path, name: &str, extra: &[&str]) -> Output {
    let text = dir.join("text.txt");
    if !text.exists() {
        std::fs::write(&text, TEXT.repeat(10)).unwrap();
    }
    let mut args = vec!["char-rnn", "train", "--text", "text.txt", "--save", name];
    if !extra.contains(&"--iters") {
        args.extend(["--iters", "20"]);
    }
    if !extra.contains(&"--hidden") {
        args.extend(["--hidden", "4"]);
    }
    args.extend(["--seq-len", "10", "--quiet"]);
    args.extend(extra);
    rnn_in(dir, &args)
}

/// Every file of a folder, by name, with its bytes.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Waits for `child` at most `limit`; kills it and fails if it is still running then.
fn wait_at_most(mut child: std::process::Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("{what}: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

// 1. A plot goes through a device, a FIFO or a link; it replaces only a regular file.

#[test]
fn a_plot_is_written_through_a_device_in_place() {
    let dir = Scratch::new("nr-device");
    if !is_root() {
        eprintln!("skipped: mknod needs root");
        return;
    }
    let made = Command::new("mknod")
        .args(["-m", "666", "null", "c", "1", "3"])
        .current_dir(&*dir)
        .status()
        .unwrap();
    assert!(made.success());
    let out = rnn_in(&dir, &["vanishing", "--plot", "null"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let kind = std::fs::symlink_metadata(dir.join("null"))
        .unwrap()
        .file_type();
    assert!(kind.is_char_device(), "the device is still a device");
}

#[test]
fn a_plot_is_written_through_a_fifo_to_whoever_reads_it() {
    let dir = Scratch::new("nr-fifo");
    let made = Command::new("mkfifo")
        .arg("pipe")
        .current_dir(&*dir)
        .status()
        .unwrap();
    assert!(made.success());
    let pipe = dir.join("pipe");
    let reader = std::thread::spawn(move || std::fs::read(pipe).unwrap());
    let child = Command::new(env!("CARGO_BIN_EXE_rnn"))
        .args(["vanishing", "--plot", "pipe"])
        .current_dir(&*dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_at_most(child, Duration::from_secs(600), "vanishing --plot pipe");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let read = reader.join().unwrap();
    assert!(read.starts_with(b"<svg"), "the reader got the plot");
    let kind = std::fs::symlink_metadata(dir.join("pipe"))
        .unwrap()
        .file_type();
    assert!(kind.is_fifo(), "the FIFO is still a FIFO");
}

#[test]
fn a_plot_follows_a_link_and_replaces_its_target_and_a_dangling_one_makes_it() {
    let dir = Scratch::new("nr-link");
    std::fs::write(dir.join("real.svg"), "old").unwrap();
    symlink("real.svg", dir.join("link.svg")).unwrap();
    let out = rnn_in(&dir, &["vanishing", "--plot", "link.svg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let link = std::fs::symlink_metadata(dir.join("link.svg")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    assert!(
        std::fs::read(dir.join("real.svg"))
            .unwrap()
            .starts_with(b"<svg")
    );
    symlink("made.svg", dir.join("dangling.svg")).unwrap();
    let out = rnn_in(&dir, &["vanishing", "--plot", "dangling.svg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read(dir.join("made.svg"))
            .unwrap()
            .starts_with(b"<svg")
    );
    let names: Vec<String> = contents(&dir).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["dangling.svg", "link.svg", "made.svg", "real.svg"]);
}

#[test]
fn a_plot_with_no_name_or_onto_a_folder_is_refused_with_its_reason() {
    let dir = Scratch::new("nr-plot-names");
    let out = rnn_in(&dir, &["vanishing", "--plot", ""]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: rnn vanishing: --plot needs a file name\n"
    );
    std::fs::create_dir(dir.join("plots")).unwrap();
    let out = rnn_in(&dir, &["vanishing", "--plot", "plots"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("plots: this is a folder; give the name of a file to write"),
        "{}",
        stderr(&out)
    );
    assert!(dir.join("plots").is_dir());
}

#[test]
fn a_save_onto_a_link_to_a_model_replaces_the_folder_it_names_and_keeps_the_link() {
    let dir = Scratch::new("nr-save-link");
    assert_eq!(train(&dir, "real", &[]).status.code(), Some(0));
    symlink("real", dir.join("link")).unwrap();
    let before = std::fs::read(dir.join("real/wh.npy")).unwrap();
    let out = train(&dir, "link", &["--seed", "3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let link = std::fs::symlink_metadata(dir.join("link")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    assert_ne!(std::fs::read(dir.join("real/wh.npy")).unwrap(), before);
    // A dangling link: the model is saved where it points.
    symlink("elsewhere", dir.join("dangling")).unwrap();
    let out = train(&dir, "dangling", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("elsewhere/model.txt").is_file());
    let out = rnn_in(
        &dir,
        &["char-rnn", "sample", "--load", "dangling", "--len", "5"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

// 2. The lock has a name no other program uses, and a file the crate did not write is
// never removed.

#[test]
fn saving_as_cargo_leaves_cargo_lock_alone() {
    let dir = Scratch::new("nr-cargo-lock");
    let lock = "# generated by Cargo\nversion = 4\n";
    std::fs::write(dir.join("Cargo.lock"), lock).unwrap();
    let out = train(&dir, "Cargo", &["--hidden", "8"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("Cargo.lock")).unwrap(),
        lock
    );
    assert!(dir.join("Cargo/model.txt").is_file());
    assert!(!dir.join("Cargo.rnn-save-lock").exists());
    // A file of the lock's own name that is someone else's is refused and kept.
    std::fs::write(dir.join("Cargo.rnn-save-lock"), "my notes").unwrap();
    let out = train(&dir, "Cargo", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("Cargo.rnn-save-lock: this is not a lock this crate wrote; it is left alone"),
        "{}",
        stderr(&out)
    );
    let kept = std::fs::read_to_string(dir.join("Cargo.rnn-save-lock")).unwrap();
    assert_eq!(kept, "my notes");
}

// 3. Loading deletes nothing.

#[test]
fn loading_a_model_deletes_no_folder_beside_it() {
    let dir = Scratch::new("nr-load");
    assert_eq!(train(&dir, "m", &[]).status.code(), Some(0));
    for copy in ["m.previous-999999", "m.saving-999998"] {
        std::fs::create_dir(dir.join(copy)).unwrap();
        for (name, bytes) in contents(&dir.join("m")) {
            std::fs::write(dir.join(copy).join(name), bytes).unwrap();
        }
    }
    let out = rnn_in(&dir, &["char-rnn", "sample", "--load", "m", "--len", "5"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("m.previous-999999/model.txt").is_file());
    assert!(dir.join("m.saving-999998/model.txt").is_file());
}

// 4. The lock is the kernel's: held while its process lives, gone the moment it dies.

#[test]
fn a_trainer_killed_while_saving_releases_the_folder_at_once() {
    let dir = Scratch::new("nr-kill");
    std::fs::write(dir.join("text.txt"), TEXT.repeat(10)).unwrap();
    let mut first = Command::new(env!("CARGO_BIN_EXE_rnn"))
        .args(["char-rnn", "train", "--text", "text.txt", "--save", "m"])
        .args(["--hidden", "4", "--seq-len", "10", "--iters", "1000000000"])
        .args(["--sample-every", "20", "--quiet"])
        .current_dir(&*dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !dir.join("m/model.txt").exists() {
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "no save in 600 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = train(&dir, "m", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "m: another process is saving here (m.rnn-save-lock says: process {})",
            first.id()
        )),
        "{}",
        stderr(&out)
    );
    first.kill().unwrap(); // SIGKILL: no destructor runs
    first.wait().unwrap();
    let out = train(&dir, "m", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let loaded = rnn_in(&dir, &["char-rnn", "sample", "--load", "m", "--len", "5"]);
    assert_eq!(loaded.status.code(), Some(0), "{}", stderr(&loaded));
}

// 5. A model folder is not trusted.

#[test]
fn a_model_txt_cannot_name_a_file_outside_its_folder() {
    let dir = Scratch::new("nr-outside");
    assert_eq!(train(&dir, "m", &[]).status.code(), Some(0));
    let manifest = std::fs::read_to_string(dir.join("m/model.txt")).unwrap();
    let crafted = manifest.replace("array wx.npy", "array ../../../../etc/passwd");
    std::fs::write(dir.join("m/model.txt"), crafted).unwrap();
    let out = rnn_in(&dir, &["char-rnn", "sample", "--load", "m"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "names \"../../../../etc/passwd\", which is not a file of a saved rnn model \
             (wx.npy, wh.npy, b.npy, wy.npy, by.npy); nothing was opened"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_model_txt_that_lists_a_users_file_does_not_make_a_save_delete_it() {
    let dir = Scratch::new("nr-thesis");
    assert_eq!(train(&dir, "m", &[]).status.code(), Some(0));
    let mut manifest = std::fs::read_to_string(dir.join("m/model.txt")).unwrap();
    manifest.push_str("array thesis.tex 1×1 Wx\n");
    std::fs::write(dir.join("m/model.txt"), manifest).unwrap();
    std::fs::write(dir.join("m/thesis.tex"), "three years").unwrap();
    let out = train(&dir, "m", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("it holds thesis.tex, which this crate did not write"),
        "{}",
        stderr(&out)
    );
    let thesis = std::fs::read_to_string(dir.join("m/thesis.tex")).unwrap();
    assert_eq!(thesis, "three years");
}

#[test]
fn a_fifo_in_place_of_a_weight_file_is_refused_without_waiting() {
    let dir = Scratch::new("nr-fifo-weight");
    assert_eq!(train(&dir, "m", &[]).status.code(), Some(0));
    std::fs::remove_file(dir.join("m/wx.npy")).unwrap();
    let made = Command::new("mkfifo")
        .arg("m/wx.npy")
        .current_dir(&*dir)
        .status()
        .unwrap();
    assert!(made.success());
    let child = Command::new(env!("CARGO_BIN_EXE_rnn"))
        .args(["char-rnn", "sample", "--load", "m"])
        .current_dir(&*dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_at_most(child, Duration::from_secs(120), "sample --load with a FIFO");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: rnn char-rnn sample: m/wx.npy: this is a device, FIFO or socket, not a regular \
         file; a saved model holds regular files only, and nothing was opened\n"
    );
}

// 6. A run that went bad says so.

#[test]
fn a_diverged_character_model_stops_with_exit_1_and_the_saved_one_is_kept() {
    let dir = Scratch::new("nr-diverged");
    assert_eq!(train(&dir, "m", &["--hidden", "8"]).status.code(), Some(0));
    let before = contents(&dir.join("m"));
    let out = train(
        &dir,
        "m",
        &["--iters", "30", "--hidden", "8", "--lr", "100000"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("at iteration 30, far above ln V"), "{err}");
    assert!(
        err.ends_with(
            "training diverged, and this model is not kept (try a smaller learning rate)\n"
        ),
        "{err}"
    );
    assert!(
        out.stdout.is_empty(),
        "no final line that looks like success"
    );
    assert_eq!(
        contents(&dir.join("m")),
        before,
        "the saved model is as it was"
    );
}

#[test]
fn a_use_that_learned_nothing_at_a_huge_learning_rate_warns() {
    let dir = Scratch::new("nr-warn");
    // At the default learning rate the shortest sequences are learned: no warning.
    let out = rnn_in(&dir, &["long-memory", "--lengths", "5", "--hidden", "4"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let out = rnn_in(
        &dir,
        &[
            "long-memory",
            "--lengths",
            "5",
            "--steps",
            "5",
            "--hidden",
            "4",
            "--lr",
            "1e307",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains(
            "warning: the model scored 0.480, no better than chance + 0.1 at the shortest T = 5 \
             (0.600): it has not learned the task; --lr 1e307 is above the default 0.002"
        ),
        "{}",
        stderr(&out)
    );
}

// 7. The decoder never writes <start>.

#[test]
fn translate_never_panics_on_a_start_token_and_scores_it_wrong() {
    let dir = Scratch::new("nr-translate");
    for seed in 0..12 {
        let seed = seed.to_string();
        let out = rnn_in(
            &dir,
            &[
                "translate",
                "--epochs",
                "1",
                "--train",
                "50",
                "--held-out",
                "5",
                "--hidden",
                "4",
                "--seed",
                &seed,
                "--quiet",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "seed {seed}: {}", stderr(&out));
    }
    // And in the library: over many random models, no returned id is <start>.
    for seed in 0..200 {
        let rng = &mut Mt19937::new(seed);
        let decoder = SequenceModel::with_softmax(CellKind::Gru.build(6, 3, rng), 6, rng);
        let model = Seq2Seq::new(CellKind::Gru.build(4, 3, rng), decoder, 4, 5).unwrap();
        let written = model.translate(&[0, 1, 2], 12).unwrap();
        assert!(!written.contains(&4), "seed {seed}: {written:?}");
    }
}

// 8. A huge learning rate stops the batched trainers with a message, not a panic.

#[test]
fn a_huge_learning_rate_stops_every_batched_trainer_with_a_message() {
    let dir = Scratch::new("nr-huge-lr");
    let ud = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/data/ud/ko_gsd-ud-dev.conllu"
    );
    let runs: [&[&str]; 3] = [
        &[
            "sentiment",
            "--epochs",
            "1",
            "--hidden",
            "8",
            "--embedding",
            "8",
            "--lr",
            "1e154",
        ],
        &[
            "tagger", "--train", ud, "--epochs", "1", "--hidden", "8", "--lr", "1e154",
        ],
        &[
            "caption", "--train", "200", "--epochs", "1", "--lr", "1e308",
        ],
    ];
    for args in runs {
        let out = rnn_in(&dir, args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            err.contains("training diverged") || err.contains("the gradient norm is NaN"),
            "{args:?}: {err}"
        );
    }
}

// 9. Memory is estimated before it is spent, and data files are capped.

#[test]
fn requests_too_large_for_memory_are_refused_before_allocating() {
    let dir = Scratch::new("nr-memory");
    let runs: [&[&str]; 3] = [
        &[
            "long-memory",
            "--lengths",
            "10000",
            "--batch",
            "10000",
            "--hidden",
            "512",
        ],
        &[
            "translate",
            "--train",
            "90000",
            "--batch",
            "90000",
            "--hidden",
            "1024",
        ],
        &[
            "caption", "--train", "1000000", "--hidden", "1024", "--layers", "4",
        ],
    ];
    for args in runs {
        let out = rnn_in(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("this needs about"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // One review of 20 million characters: its states would take far more than the memory.
    let review = format!(
        "id\tdocument\tlabel\n1\t{}\t1\n2\tgood\t0\n",
        "a".repeat(20_000_000)
    );
    std::fs::write(dir.join("huge.txt"), review).unwrap();
    let out = rnn_in(
        &dir,
        &["sentiment", "--train", "huge.txt", "--test", "huge.txt"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("this needs about"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_data_file_that_never_ends_is_refused_and_flags_are_checked_before_reading() {
    let dir = Scratch::new("nr-zero");
    let out = rnn_in(&dir, &["sentiment", "--train", "/dev/zero", "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: rnn sentiment: unknown flag '--bogus' (see rnn sentiment --help)\n"
    );
    for args in [
        ["sentiment", "--train", "/dev/zero"],
        ["tagger", "--train", "/dev/zero"],
        ["caption", "--digits", "/dev/zero"],
    ] {
        let out = rnn_in(&dir, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains(
                "/dev/zero: larger than 150 MB, the most a data file may be here; give a part of it"
            ),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

// 10. Library panics are documented, with a message.

#[test]
#[should_panic(
    expected = "Embedding::init: the embedding table E must be V×E with V, E ≥ 1, got 0×4"
)]
fn an_empty_embedding_panics_with_its_shape() {
    Embedding::init(0, 4, &mut Mt19937::new(0));
}

#[test]
#[should_panic(expected = "split: 100000 numbers to train on and 1 held out, but there are 100000")]
fn a_split_of_more_numbers_than_there_are_panics_with_the_counts() {
    translation::split(0, 100_000, 1, 99_999);
}

// 11. No silent NaN or infinity from finite inputs.

#[test]
fn norms_are_right_for_huge_and_tiny_entries() {
    let huge = Vector::from(vec![1e200, 1e200]).norm();
    assert!((huge / (2f64.sqrt() * 1e200) - 1.0).abs() < 1e-15, "{huge}");
    let tiny = Matrix::from_vec(2, 2, vec![1e-200; 4]).unwrap().norm();
    assert!((tiny / 2e-200 - 1.0).abs() < 1e-15, "{tiny}");
    assert_eq!(Vector::from(vec![3.0, 4.0]).norm(), 5.0);
    assert!(Vector::from(vec![1.0, f64::NAN]).norm().is_nan());
    let m = Matrix::from_rows(&[vec![1e300, -1e300], vec![1e300, 1e300]]).unwrap();
    let sigma = largest_singular_value(&m, 50);
    assert!(
        (sigma / (2f64.sqrt() * 1e300) - 1.0).abs() < 1e-12,
        "{sigma}"
    );
}

#[test]
#[should_panic(expected = "the hidden state at timestep 1 is not finite (NaN)")]
fn a_step_that_overflows_panics_with_the_reason() {
    let cell = RnnCell::new(
        Matrix::from_rows(&[vec![1e300, 1e300]]).unwrap(),
        Matrix::zeros(1, 1),
        Vector::zeros(1),
    )
    .unwrap();
    cell.step(&Vector::from(vec![1e10, -1e10]), &Vector::zeros(1));
}

#[test]
#[should_panic(expected = "the output at timestep 1 is not finite")]
fn an_output_step_that_overflows_panics_with_the_reason() {
    let wy = Matrix::from_rows(&[vec![1e300, 1e300]]).unwrap();
    let output = OutputLayer::new(wy, Vector::zeros(1), Activation::Identity).unwrap();
    output.step(&Vector::from(vec![1e10, -1e10]));
}

#[test]
fn gradient_norms_of_a_huge_gradient_are_finite_and_scale_with_it() {
    let rng = &mut Mt19937::new(0);
    let cell = RnnCell::new(
        Matrix::randn(2, 3, rng),
        Matrix::randn(2, 2, rng),
        Vector::zeros(2),
    )
    .unwrap();
    let inputs = Matrix::random(5, 3, rng);
    let h0 = Vector::zeros(2);
    let one = gradient_norms_through_time(&cell, &inputs, &h0, &Vector::from(vec![1.0, 1.0]));
    let huge = gradient_norms_through_time(&cell, &inputs, &h0, &Vector::from(vec![1e200, 1e200]));
    for (a, b) in one.unwrap().iter().zip(huge.unwrap()) {
        assert!(
            b.is_finite() && (b / (a * 1e200) - 1.0).abs() < 1e-12,
            "{a} {b}"
        );
    }
    let inf =
        gradient_norms_through_time(&cell, &inputs, &h0, &Vector::from(vec![f64::INFINITY, 0.0]));
    assert_eq!(
        inf.unwrap_err().to_string(),
        "dh_last must hold finite numbers, got inf at 0"
    );
}

#[test]
fn a_plot_leaves_out_points_it_cannot_place() {
    let svg = Plot::new("t", "x", "y")
        .series(
            "s",
            vec![(0.0, 1.0), (1.0, f64::MAX), (f64::MAX, 2.0), (2.0, 3.0)],
        )
        .to_svg();
    assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
}

// Messages.

#[test]
fn a_held_out_share_too_small_to_hold_anything_is_a_usage_error() {
    let dir = Scratch::new("nr-validate");
    std::fs::write(dir.join("text.txt"), TEXT.repeat(10)).unwrap();
    let out = rnn_in(
        &dir,
        &[
            "char-rnn",
            "train",
            "--text",
            "text.txt",
            "--validate",
            "0.0000001",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--validate 0.0000001 holds out 0 of the text's 640 characters"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_default_batch_shrinks_to_a_small_training_set() {
    let dir = Scratch::new("nr-caption-batch");
    let out = rnn_in(
        &dir,
        &["caption", "--train", "10", "--epochs", "1", "--quiet"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = rnn_in(&dir, &["caption", "--train", "10", "--batch", "32"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--batch must be a whole number from 1 to 10, got 32"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_byte_order_mark_and_old_mac_line_endings_are_read_and_bad_utf8_is_placed() {
    let dir = Scratch::new("nr-bom");
    let nsmc = "\u{feff}id\tdocument\tlabel\n1\tgood\t1\n";
    std::fs::write(dir.join("r.txt"), nsmc).unwrap();
    assert_eq!(reviews::read(&dir.join("r.txt")).unwrap().len(), 1);
    let conllu = "1\tI\tI\tPRON\t_\t_\t0\troot\t_\t_\r\r1\tyou\tyou\tPRON\t_\t_\t0\troot\t_\t_\r";
    std::fs::write(dir.join("t.conllu"), conllu).unwrap();
    assert_eq!(conllu::read(&dir.join("t.conllu")).unwrap().len(), 2);
    std::fs::write(
        dir.join("bad.txt"),
        b"id\tdocument\tlabel\n1\tgo\xffod\t1\n",
    )
    .unwrap();
    let err = reviews::read(&dir.join("bad.txt")).unwrap_err().to_string();
    assert!(
        err.ends_with(
            "bad.txt: line 2: byte 5 (offset 22 in the file) is not UTF-8; save the file as UTF-8"
        ),
        "{err}"
    );
    // The character model's text is read as every data file is: the BOM dropped, CRLF
    // and CR read as line ends, bad UTF-8 placed by line and byte.
    let text = format!("\u{feff}{}", "ab\r\nab\rab\n".repeat(20));
    std::fs::write(dir.join("t.txt"), text).unwrap();
    let out = rnn_in(
        &dir,
        &[
            "char-rnn",
            "train",
            "--text",
            "t.txt",
            "--iters",
            "5",
            "--hidden",
            "4",
            "--seq-len",
            "5",
            "--quiet",
            "--save",
            "ab",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let vocab = std::fs::read_to_string(dir.join("ab/vocab.txt")).unwrap();
    assert_eq!(
        vocab, "U+000A\nU+0061\nU+0062\n",
        "only a, b and the line end"
    );
    std::fs::write(dir.join("bad.txt"), b"one\ntw\xffo\n").unwrap();
    let out = rnn_in(&dir, &["char-rnn", "train", "--text", "bad.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: rnn char-rnn train: --text bad.txt: line 2: byte 3 (offset 6 in the file) is not \
         UTF-8; save the file as UTF-8\n"
    );
    // A model.txt saved again by an editor that adds a BOM still loads.
    let vocab = Vocabulary::from_text("abc");
    let model = CharModel::for_characters(CellKind::Rnn, 3, 2, &mut Mt19937::new(0));
    let m = dir.join("m");
    char_model::save(&m, &model, &vocab).unwrap();
    let manifest = std::fs::read_to_string(m.join("model.txt")).unwrap();
    std::fs::write(m.join("model.txt"), format!("\u{feff}{manifest}")).unwrap();
    assert_eq!(char_model::load(&m).unwrap(), (model, vocab));
}

#[test]
fn a_save_to_the_current_folder_or_under_a_missing_one_is_refused_and_leaves_nothing() {
    let dir = Scratch::new("nr-save-names");
    let out = train(&dir, ".", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: rnn char-rnn train: --save .: a model is saved as a folder of its own; give it a \
         name (such as model)\n"
    );
    let out = train(&dir, "deep/er/model", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: rnn char-rnn train: deep/er/model: cannot save here: the folder deep/er does not \
         exist; make it first\n"
    );
    assert!(!dir.join("deep").exists(), "no folder is left behind");
}

// 10. Only regular files the crate wrote are ever removed: a folder, a link or a FIFO of a
// model file's name, or a user's file of the lock's name, stops the save by name.

/// Everything under `dir`, as (path, kind, bytes of a regular file), for "nothing touched".
fn tree(dir: &Path) -> Vec<(String, String, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let name = path.to_string_lossy().into_owned();
        if meta.is_dir() {
            found.push((name, "folder".into(), Vec::new()));
            found.extend(tree(&path));
        } else if meta.is_file() {
            found.push((name, "file".into(), std::fs::read(&path).unwrap()));
        } else {
            found.push((name, format!("{:?}", meta.file_type()), Vec::new()));
        }
    }
    found.sort();
    found
}

#[test]
fn a_save_never_deletes_a_folder_a_link_or_a_fifo_of_a_model_files_name() {
    let dir = Scratch::new("nr-not-ours");
    assert_eq!(train(&dir, "m", &[]).status.code(), Some(0));
    std::fs::remove_file(dir.join("m/wx.npy")).unwrap();
    std::fs::create_dir_all(dir.join("m/wx.npy/sub")).unwrap();
    std::fs::write(dir.join("m/wx.npy/thesis.tex"), "three years").unwrap();
    let before = tree(&dir);
    let out = train(&dir, "m", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: rnn char-rnn train: m: not replaced: it holds wx.npy (a folder), which this \
         crate did not write; move it out or choose another folder\n"
    );
    assert_eq!(tree(&dir), before, "nothing touched");

    std::fs::remove_dir_all(dir.join("m")).unwrap();
    assert_eq!(train(&dir, "m", &[]).status.code(), Some(0));
    std::fs::rename(dir.join("m/vocab.txt"), dir.join("mine.txt")).unwrap();
    symlink("../mine.txt", dir.join("m/vocab.txt")).unwrap();
    std::fs::remove_file(dir.join("m/wh.npy")).unwrap();
    let made = Command::new("mkfifo")
        .arg("m/wh.npy")
        .current_dir(&*dir)
        .status();
    assert!(made.unwrap().success());
    let before = tree(&dir);
    let out = train(&dir, "m", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "it holds vocab.txt (a symbolic link), wh.npy (a device, FIFO or socket), which \
             this crate did not write; move them out"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(&dir), before, "nothing touched");
}

#[test]
fn only_a_lock_the_crate_wrote_word_for_word_is_ever_removed() {
    let dir = Scratch::new("nr-lock-content");
    for users in ["", "rnn-from-scratch save lock\n", "my notes\n"] {
        std::fs::write(dir.join("m.rnn-save-lock"), users).unwrap();
        let out = train(&dir, "m", &[]);
        assert_eq!(out.status.code(), Some(1), "{users:?}");
        assert_eq!(
            stderr(&out),
            "error: rnn char-rnn train: m.rnn-save-lock: this is not a lock this crate wrote; \
             it is left alone: move it away or save to another folder\n"
        );
        let kept = std::fs::read_to_string(dir.join("m.rnn-save-lock")).unwrap();
        assert_eq!(kept, users, "the user's file is as it was");
        assert!(!dir.join("m").exists());
    }
    // One left by a process that died (the kernel released its lock) is the crate's own.
    std::fs::write(
        dir.join("m.rnn-save-lock"),
        "rnn-from-scratch save lock\nprocess 4242\n",
    )
    .unwrap();
    assert_eq!(train(&dir, "m", &[]).status.code(), Some(0));
    assert!(!dir.join("m.rnn-save-lock").exists());
}

// 11. A run that blew up stops with exit 1 and leaves the saved model as it was.

#[test]
fn a_run_that_blew_up_is_never_saved_over_a_good_model() {
    let dir = Scratch::new("nr-blew-up");
    let translate = |lr: &str| {
        rnn_in(
            &dir,
            &[
                "translate",
                "--epochs",
                "1",
                "--hidden",
                "8",
                "--train",
                "300",
                "--held-out",
                "20",
                "--quiet",
                "--save",
                "good",
                "--lr",
                lr,
            ],
        )
    };
    assert_eq!(translate("0.01").status.code(), Some(0));
    let before = contents(&dir.join("good"));
    let out = translate("1e6");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nats per target at epoch 1, far above ln V = ")
            && stderr(&out).contains("training diverged, and this model is not kept"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        contents(&dir.join("good")),
        before,
        "the good model is kept"
    );

    let sentiment = |lr: &str| {
        rnn_in(
            &dir,
            &[
                "sentiment",
                "--epochs",
                "1",
                "--hidden",
                "4",
                "--embedding",
                "4",
                "--quiet",
                "--save",
                "reviews",
                "--lr",
                lr,
            ],
        )
    };
    assert_eq!(sentiment("0.01").status.code(), Some(0));
    let before = contents(&dir.join("reviews"));
    for lr in ["1000", "1e6", "1e30"] {
        let out = sentiment(lr);
        assert_eq!(out.status.code(), Some(1), "--lr {lr}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("training diverged"),
            "{}",
            stderr(&out)
        );
        assert_eq!(contents(&dir.join("reviews")), before, "--lr {lr}");
    }
}

#[test]
fn long_memory_with_a_learning_rate_that_overflows_fails_in_one_line() {
    let dir = Scratch::new("nr-long-lr");
    for optimizer in ["adam", "adagrad", "sgd"] {
        let out = rnn_in(
            &dir,
            &[
                "long-memory",
                "--lengths",
                "5",
                "--steps",
                "5",
                "--hidden",
                "4",
                "--optimizer",
                optimizer,
                "--lr",
                "1.7976931348623157e308",
                "--quiet",
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{optimizer}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.starts_with("error: rnn long-memory: the trained model cannot be evaluated: ")
                && err.ends_with("training diverged: try a smaller learning rate\n")
                && err.lines().count() == 1,
            "{optimizer}: {err}"
        );
    }
}

// 12. Outputs are checked before any training, and written as a shell's `>` would.

/// Runs `rnn args` in `dir` as an ordinary user: as nobody (uid 65534, through `setpriv`)
/// when the tests run as root, who may write anything; `None` where that cannot be done.
fn as_ordinary_user(dir: &Path, args: &[&str]) -> Option<Output> {
    if !is_root() {
        return Some(rnn_in(dir, args));
    }
    let owned = Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(dir)
        .status();
    if !owned.is_ok_and(|s| s.success()) {
        return None;
    }
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_rnn"))
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    // The binary may sit where nobody may not run it (a home folder): then skip.
    let could_not_run = out.status.code() == Some(126) || out.status.code() == Some(127);
    (!could_not_run).then_some(out)
}

#[test]
fn a_plot_the_user_may_not_write_is_refused_and_a_replaced_one_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Scratch::new("nr-plot-modes");
    std::fs::write(dir.join("mine.svg"), "old").unwrap();
    std::fs::set_permissions(dir.join("mine.svg"), PermissionsExt::from_mode(0o640)).unwrap();
    let out = rnn_in(&dir, &["vanishing", "--plot", "mine.svg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let meta = std::fs::metadata(dir.join("mine.svg")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640, "the mode is kept");

    std::fs::write(dir.join("ro.svg"), "read only").unwrap();
    std::fs::set_permissions(dir.join("ro.svg"), PermissionsExt::from_mode(0o444)).unwrap();
    let Some(out) = as_ordinary_user(&dir, &["vanishing", "--plot", "ro.svg"]) else {
        eprintln!("skipped: cannot run as an ordinary user here");
        return;
    };
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: rnn vanishing: --plot ro.svg: you may not write this file; it is left as it was\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("ro.svg")).unwrap(),
        "read only"
    );
}

#[test]
fn every_output_is_checked_before_any_training() {
    let dir = Scratch::new("nr-outputs-first");
    std::fs::write(dir.join("text.txt"), TEXT.repeat(10)).unwrap();
    // Each would train for minutes before writing: each stops at once, saying why.
    let runs: [(&[&str], &str); 3] = [
        (
            &[
                "char-rnn",
                "train",
                "--text",
                "text.txt",
                "--iters",
                "2000000",
                "--plot",
                "nodir/x.svg",
            ],
            "error: rnn char-rnn train: --plot nodir/x.svg: cannot write here: the folder \
             nodir does not exist; make it first\n",
        ),
        (
            &["long-memory", "--plot", "nodir/x.svg"],
            "error: rnn long-memory: --plot nodir/x.svg: cannot write here: the folder nodir \
             does not exist; make it first\n",
        ),
        (
            &[
                "char-rnn",
                "inspect",
                "--load",
                "nomodel",
                "--html",
                "nodir/x.html",
            ],
            "error: rnn char-rnn inspect: --html nodir/x.html: cannot write here: the folder \
             nodir does not exist; make it first\n",
        ),
    ];
    for (args, expected) in runs {
        let out = rnn_in(&dir, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), expected, "{args:?}");
    }
    // `z/Q/.` names the folder z/Q.
    std::fs::create_dir(dir.join("z")).unwrap();
    let out = train(&dir, "z/Q/.", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("z/Q/model.txt").is_file());

    // A model folder the user may not change is found out before training.
    assert_eq!(train(&dir, "m7", &[]).status.code(), Some(0));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.join("m7"), PermissionsExt::from_mode(0o555)).unwrap();
    let before = tree(&dir.join("m7"));
    let args = [
        "char-rnn", "train", "--text", "text.txt", "--iters", "2000000", "--save", "m7",
    ];
    let Some(out) = as_ordinary_user(&dir, &args) else {
        eprintln!("skipped: cannot run as an ordinary user here");
        return;
    };
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: rnn char-rnn train: m7: cannot save here: Permission denied (os error 13)\n"
    );
    assert_eq!(tree(&dir.join("m7")), before, "nothing touched");
    let names: Vec<String> = std::fs::read_dir(&*dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("m7.")), "{names:?}");
}

// 13. A model file's header is checked before its values are read.

#[test]
fn a_huge_weight_file_of_the_wrong_shape_is_refused_by_its_header() {
    let dir = Scratch::new("nr-sparse");
    assert_eq!(train(&dir, "m", &[]).status.code(), Some(0));
    let manifest = std::fs::read_to_string(dir.join("m/model.txt")).unwrap();
    let without_arrays: String = manifest
        .lines()
        .filter(|l| !l.starts_with("array "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("m/model.txt"), without_arrays).unwrap();
    // A 1 GiB wx.npy whose header says 4×33554432: sparse, so it takes no disk.
    let mut header =
        "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 33554432), }".to_string();
    header.push_str(&" ".repeat((64 - (10 + header.len() + 1) % 64) % 64));
    header.push('\n');
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend((header.len() as u16).to_le_bytes());
    bytes.extend(header.as_bytes());
    let path = dir.join("m/wx.npy");
    std::fs::write(&path, &bytes).unwrap();
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    if file.set_len(bytes.len() as u64 + 8 * 4 * 33554432).is_err() {
        eprintln!("skipped: no sparse files here");
        return;
    }
    let out = rnn_in(&dir, &["char-rnn", "sample", "--load", "m"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "m/wx.npy: Wx must be Dh×V = 4×23, got 4×33554432 (its header says so; no value \
             was read)"
        ),
        "{}",
        stderr(&out)
    );
}

// 14. Terminal hygiene: what a user typed cannot drive the terminal, a long argument is
// quoted short, and a long sample is written as it goes.

#[test]
fn control_characters_are_escaped_and_long_arguments_are_quoted_short() {
    let dir = Scratch::new("nr-terminal");
    let input = "재미 \u{1b}[31m있다";
    let out = rnn_in(
        &dir,
        &[
            "sentiment",
            "--epochs",
            "1",
            "--hidden",
            "4",
            "--embedding",
            "4",
            "--quiet",
            "--input",
            input,
            "--explain",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.contains("\\u{1b}"), "{stdout}");

    let out = rnn_in(&dir, &["tagger", "--seed", "1\u{1b}[2J\u{7}"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: rnn tagger: --seed must be a whole number from 0 to 4294967295, got \
         '1\\u{1b}[2J\\u{7}'\n"
    );
    let long = "7".repeat(100_000);
    let out = rnn_in(&dir, &["vanishing", "--seed", &long]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: rnn vanishing: --seed must be a whole number from 0 to 4294967295, got \
             '{}…' (100000 characters)\n",
            "7".repeat(60)
        )
    );
    let out = rnn_in(&dir, &["bench", "--batch", "2", "--literal"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--literal times the one-sequence path")
            && stderr(&out).contains("does not combine with --batch"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_long_sample_written_as_it_goes_is_the_sample_drawn() {
    let dir = Scratch::new("nr-stream");
    assert_eq!(train(&dir, "m", &[]).status.code(), Some(0));
    let out = rnn_in(
        &dir,
        &["char-rnn", "sample", "--load", "m", "--len", "9000"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (model, vocab) = char_model::load(&dir.join("m")).unwrap();
    let drawn = model.generate(
        &[vocab.index_of(&'\n').unwrap()],
        9000,
        1.0,
        &mut Mt19937::new(0),
    );
    let expected = format!("\n{}\n", vocab.decode(&drawn));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}
