//! `rnn char-rnn train` / `sample` and `rnn bench` from the outside: the final line, saving
//! and loading, and one clear line and a non-zero exit for every bad input.

mod common;

use common::Scratch;
use std::path::{Path, PathBuf};
use std::process::Output;

fn rnn(args: &[&str]) -> Output {
    common::rnn_output(args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> Scratch {
    Scratch::new(name)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// Trains a small model on the file `text` (`iters` steps, Dh = `hidden`) and saves it as
/// `dir/model`; returns that folder.
fn saved_model(dir: &Path, text: &str, iters: &str, hidden: &str) -> PathBuf {
    let model = dir.join("model");
    let out = rnn(&[
        "char-rnn",
        "train",
        "--text",
        text,
        "--iters",
        iters,
        "--hidden",
        hidden,
        "--quiet",
        "--save",
        model.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    model
}

const TEXT: &str = "the cat sat on the mat. 고양이가 매트 위에 앉았다. the cat sat on the mat.\n";

/// `trained N iterations in T s (X it/s), loss L nats/char, perplexity P`
fn parse_final_line(stdout: &str) -> (u64, f64, f64) {
    let line = stdout.lines().last().expect("a final line");
    let words: Vec<&str> = line.split(' ').collect();
    assert_eq!(words[0], "trained", "{line}");
    assert_eq!(&words[2..4], ["iterations", "in"], "{line}");
    assert!(
        words[5] == "s" && words[6].starts_with('(') && words[7] == "it/s),",
        "{line}"
    );
    assert_eq!(&words[8], &"loss", "{line}");
    assert_eq!(&words[10..12], ["nats/char,", "perplexity"], "{line}");
    (
        words[1].parse().unwrap(),
        words[9].parse().unwrap(),
        words[12].parse().unwrap(),
    )
}

#[test]
fn train_prints_one_final_line_and_learns() {
    let dir = scratch("train");
    let text = write(&dir, "text.txt", TEXT.repeat(20).as_bytes());
    let plot = dir.join("loss.svg");
    let out = rnn(&[
        "char-rnn",
        "train",
        "--text",
        &text,
        "--hidden",
        "16",
        "--seq-len",
        "10",
        "--iters",
        "600",
        "--quiet",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        out.stderr.is_empty(),
        "--quiet keeps stderr empty: {}",
        stderr(&out)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    let (iters, loss, perplexity) = parse_final_line(&stdout);
    assert_eq!(iters, 600);
    assert!((perplexity - loss.exp()).abs() < 0.01 * perplexity);
    // The smoothed loss starts at ln V; after 600 steps it must have dropped.
    let v = TEXT
        .chars()
        .collect::<std::collections::BTreeSet<_>>()
        .len() as f64;
    assert!(loss < v.ln() - 0.3, "loss {loss} vs ln V = {}", v.ln());
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("<polyline"));
}

#[test]
fn progress_and_samples_go_to_stderr() {
    let dir = scratch("progress");
    let text = write(&dir, "text.txt", TEXT.repeat(10).as_bytes());
    let out = rnn(&[
        "char-rnn",
        "train",
        "--text",
        &text,
        "--hidden",
        "8",
        "--iters",
        "40",
        "--sample-every",
        "20",
        "--seq-len",
        "8",
    ]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(err.contains("training an RNN on"), "{err}");
    assert!(err.contains("--- sample at iteration 20 ---"), "{err}");
    assert!(err.contains("it/s") && err.contains("s left"), "{err}");
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}

#[test]
fn trains_on_the_built_in_corpus_without_text() {
    let out = rnn(&[
        "char-rnn", "train", "--iters", "20", "--hidden", "8", "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    parse_final_line(&String::from_utf8(out.stdout).unwrap());
}

#[test]
fn save_then_sample_is_deterministic_and_numpy_shaped() {
    let dir = scratch("save");
    let text = write(&dir, "text.txt", TEXT.repeat(10).as_bytes());
    let model = saved_model(&dir, &text, "100", "12");
    let model_arg = model.to_str().unwrap();
    for file in [
        "model.txt",
        "vocab.txt",
        "wx.npy",
        "wh.npy",
        "b.npy",
        "wy.npy",
        "by.npy",
    ] {
        assert!(model.join(file).is_file(), "{file} missing");
    }
    let sample = |seed: &str| {
        rnn(&[
            "char-rnn", "sample", "--load", model_arg, "--prompt", "the 고", "--len", "30",
            "--seed", seed,
        ])
    };
    let (a, b, c) = (sample("1"), sample("1"), sample("2"));
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout, "same seed, same text");
    assert_ne!(a.stdout, c.stdout, "another seed, another text");
    let text = String::from_utf8(a.stdout).unwrap();
    assert!(
        text.starts_with("the 고") && text.trim_end_matches('\n').chars().count() == 5 + 30,
        "{text:?}"
    );
    let greedy = rnn(&[
        "char-rnn",
        "sample",
        "--load",
        model_arg,
        "--temperature",
        "0",
        "--len",
        "10",
    ]);
    assert!(greedy.status.success());
}

#[test]
fn a_folder_that_is_not_a_model_is_never_replaced() {
    let dir = scratch("not-a-model");
    let text = write(&dir, "text.txt", TEXT.repeat(10).as_bytes());
    write(&dir, "precious.txt", b"do not lose me");
    let out = rnn(&[
        "char-rnn",
        "train",
        "--text",
        &text,
        "--iters",
        "5",
        "--hidden",
        "4",
        "--quiet",
        "--save",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("this folder exists and is not a model saved by this crate"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(dir.join("precious.txt")).unwrap(),
        b"do not lose me"
    );
}

#[test]
fn a_non_finite_loss_stops_training_and_keeps_the_saved_model() {
    let dir = scratch("nan");
    let text = write(&dir, "text.txt", TEXT.repeat(10).as_bytes());
    let model = saved_model(&dir, &text, "30", "6");
    let model_arg = model.to_str().unwrap();
    let before = std::fs::read(model.join("wh.npy")).unwrap();
    // A learning rate of 1e308 throws the weights to infinity after one step.
    for every in ["1", "0"] {
        let bad = rnn(&[
            "char-rnn",
            "train",
            "--text",
            &text,
            "--iters",
            "30",
            "--hidden",
            "6",
            "--quiet",
            "--optimizer",
            "sgd",
            "--lr",
            "1e308",
            "--sample-every",
            every,
            "--save",
            model_arg,
        ]);
        assert_eq!(bad.status.code(), Some(1)); // a non-finite loss
        let err = stderr(&bad);
        assert!(
            err.starts_with("error: rnn char-rnn train: training stopped"),
            "{err}"
        );
        assert!(err.contains("iteration"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert_eq!(
        std::fs::read(model.join("wh.npy")).unwrap(),
        before,
        "the saved model is intact"
    );
    assert!(
        rnn(&["char-rnn", "sample", "--load", model_arg, "--len", "5"])
            .status
            .success()
    );
}

#[test]
fn loading_a_damaged_model_names_the_file() {
    let dir = scratch("damaged");
    let text = write(&dir, "text.txt", TEXT.repeat(10).as_bytes());
    let model = saved_model(&dir, &text, "3", "5");
    let model_arg = model.to_str().unwrap();
    let wh = std::fs::read(model.join("wh.npy")).unwrap();
    let sample = || rnn(&["char-rnn", "sample", "--load", model_arg, "--len", "5"]);

    std::fs::write(model.join("wh.npy"), &wh[..wh.len() - 16]).unwrap();
    let err = stderr(&sample());
    assert!(
        err.contains(
            "wh.npy: truncated: the shape (5, 5) needs 200 bytes of values, the file has 184"
        ),
        "{err}"
    );

    std::fs::write(
        model.join("wh.npy"),
        rnn_from_scratch::io::npy::to_bytes(&[5, 4], &[0.0; 20]),
    )
    .unwrap();
    let err = stderr(&sample());
    assert!(
        err.contains("wh.npy: Wh must be Dh×Dh = 5×5, got 5×4"),
        "{err}"
    );

    std::fs::remove_file(model.join("wh.npy")).unwrap();
    let err = stderr(&sample());
    assert!(err.contains("wh.npy: No such file or directory"), "{err}");

    let err = stderr(&rnn(&[
        "char-rnn",
        "sample",
        "--load",
        dir.join("nowhere").to_str().unwrap(),
    ]));
    assert!(err.contains("nowhere: no such folder"), "{err}");

    // model.txt and vocab.txt that do not fit.
    let manifest = std::fs::read_to_string(model.join("model.txt")).unwrap();
    let vocab = std::fs::read_to_string(model.join("vocab.txt")).unwrap();
    let cases = [
        (
            "model.txt",
            manifest.replace("cell rnn", "cell transformer"),
            "model.txt: unknown cell 'transformer' (rnn, lstm, gru)",
        ),
        (
            "model.txt",
            manifest.replace("hidden_size 5", "hidden_size five"),
            "model.txt: hidden_size must be a size, got 'five'",
        ),
        (
            "model.txt",
            manifest.replace("vocab_size", "vocab_size 1\nold_vocab_size"),
            "characters, but model.txt says vocab_size 1",
        ),
        (
            "model.txt",
            "a shopping list\n".to_string(),
            "not a model saved by this crate (the first line should be 'rnn-from-scratch model')",
        ),
        (
            "vocab.txt",
            vocab.replacen("U+", "X+", 1),
            "vocab.txt: line 1 is not a character (U+XXXX): \"X+",
        ),
        (
            "vocab.txt",
            {
                let mut lines: Vec<&str> = vocab.lines().collect();
                lines.swap(0, 1); // the same characters, out of order
                lines.join("\n") + "\n"
            },
            "vocab.txt: the vocabulary must be sorted and distinct",
        ),
    ];
    for (file, text, message) in cases {
        std::fs::write(model.join(file), text).unwrap();
        let out = sample();
        assert_eq!(out.status.code(), Some(1)); // a model that will not load
        assert!(
            stderr(&out).contains(message),
            "expected …{message}\ngot {}",
            stderr(&out)
        );
        std::fs::write(model.join("model.txt"), &manifest).unwrap();
        std::fs::write(model.join("vocab.txt"), &vocab).unwrap();
    }

    // An interrupted save: the model is whole in model.previous-<pid>, and loading says so.
    std::fs::write(model.join("wh.npy"), &wh).unwrap();
    std::fs::rename(&model, dir.join("model.previous-4000000")).unwrap();
    let err = stderr(&sample());
    assert!(
        err.contains("model.previous-4000000 holds the model from before an interrupted save"),
        "{err}"
    );
}

#[test]
fn every_bad_input_gets_one_line_and_a_non_zero_exit() {
    let dir = scratch("bad");
    let text = write(&dir, "text.txt", TEXT.as_bytes());
    let empty = write(&dir, "empty.txt", b"");
    let short = write(&dir, "short.txt", b"abc");
    let latin1 = write(&dir, "latin1.txt", b"caf\xe9 au lait");
    let folder = dir.to_str().unwrap().to_string();
    let missing = dir.join("missing.txt").to_string_lossy().into_owned();
    let train = |extra: &[&str]| {
        let mut args = vec!["char-rnn", "train"];
        args.extend_from_slice(extra);
        args.extend_from_slice(if extra.contains(&"--hidden") {
            &["--iters", "2"][..]
        } else {
            &["--iters", "2", "--hidden", "4"][..]
        });
        rnn(&args)
    };
    let cases: Vec<(Output, String)> = vec![
        (train(&["--text", &missing]), format!("--text {missing}: cannot read it: No such file or directory (os error 2)")),
        (train(&["--text", &folder]), format!("--text {folder}: this is a folder, not a text file")),
        (train(&["--text", &empty]), format!("--text {empty}: the file is empty: there is nothing to learn")),
        (train(&["--text", &short]), "the text has 3 characters to train on; --batch 2 streams of --seq-len 25 need at least 52 (2 parts of one chunk and the character after it): give a longer text, or a smaller --batch or --seq-len".into()),
        (train(&["--text", &short, "--batch", "1"]), "the text has 3 characters to train on; --seq-len 25 needs at least 26 (one chunk and the character after it)".into()),
        (train(&["--text", &latin1]), format!("--text {latin1}: line 1: byte 4 (offset 3 in the file) is not UTF-8; save the file as UTF-8")),
        (train(&["--text", &text, "--batch", "4"]), "the text has 64 characters to train on; --batch 4 streams of --seq-len 25 need at least 104 (4 parts of one chunk and the character after it): give a longer text, or a smaller --batch or --seq-len".into()),
        (train(&["--text", &text, "--batch", "0"]), "--batch must be a whole number from 1 to 4096, got 0".into()),
        (train(&["--text", &text, "--threads", "0"]), "--threads must be a whole number from 1 to 256, got 0".into()),
        (train(&["--text", &text, "--seq-len", "0"]), "--seq-len must be a whole number from 1 to 100000, got 0".into()),
        (train(&["--text", &text, "--hidden", "0"]), "--hidden must be a whole number from 1 to 4096, got 0".into()),
        (train(&["--text", &text, "--lr", "0"]), "--lr must be a finite number greater than 0, got 0".into()),
        (train(&["--text", &text, "--lr", "-0.1"]), "--lr must be a finite number greater than 0, got -0.1".into()),
        (train(&["--text", &text, "--lr", "nan"]), "--lr must be a finite number greater than 0, got NaN".into()),
        (train(&["--text", &text, "--lr", "inf"]), "--lr must be a finite number greater than 0, got inf".into()),
        (train(&["--text", &text, "--lr", "fast"]), "--lr must be a finite number greater than 0, got 'fast'".into()),
        (rnn(&["char-rnn", "train", "--text", &text, "--iters", "many"]), "--iters must be a whole number from 1 to 1000000000, got 'many'".into()),
        (train(&["--text", &text, "--optimizer", "rmsprop"]), "--optimizer must be one of adagrad, sgd, adam, got 'rmsprop'".into()),
        (train(&["--text", &text, "--hiden", "3"]), "unknown flag '--hiden' (see rnn char-rnn train --help)".into()),
        (rnn(&["char-rnn", "fly"]), "unknown command 'fly': use train, sample or inspect (see rnn char-rnn --help)".into()),
        (rnn(&["char-rnn", "sample"]), "--load DIR is required (a model saved by train --save DIR)".into()),
        (rnn(&["char-rnn", "sample", "--load", &folder, "--temperature", "-1"]), "--temperature must be a finite number of at least 0, got -1".into()),
        (rnn(&["bench", "--hidden", "0"]), "--hidden must list whole numbers from 1 to 8192, got '0'".into()),
    ];
    for (out, message) in cases {
        let err = stderr(&out);
        // A file that cannot be used is a failure while running (1); a bad flag, a usage
        // error (2).
        let file_failure =
            message.starts_with("cannot read --text") || message.starts_with("--text ");
        let code = if file_failure { 1 } else { 2 };
        assert_eq!(out.status.code(), Some(code), "{message}: {err}");
        assert!(
            err.starts_with("error: rnn") && err.ends_with(&format!("{message}\n")),
            "expected …{message}\ngot {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_prompt_character_outside_the_vocabulary_is_named() {
    let dir = scratch("prompt");
    let text = write(&dir, "text.txt", TEXT.repeat(5).as_bytes());
    let model = saved_model(&dir, &text, "3", "4");
    let model_arg = model.to_str().unwrap();
    let out = rnn(&[
        "char-rnn", "sample", "--load", model_arg, "--prompt", "the dog",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).ends_with("--prompt: the character 'd' (U+0064) at position 4 is not in the vocabulary of 23 characters\n"), "{}", stderr(&out));
}

#[test]
fn bench_prints_figures() {
    let out = rnn(&[
        "bench",
        "--hidden",
        "8",
        "--vocab",
        "5",
        "--seq-len",
        "4",
        "--seconds",
        "0.05",
        "--literal",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("fast path:") && stdout.contains("literal path:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("it/s") && stdout.contains("GFLOP/s"),
        "{stdout}"
    );
}

#[test]
fn lstm_and_gru_models_train_save_and_sample() {
    let dir = scratch("cells");
    let text = write(&dir, "text.txt", TEXT.repeat(10).as_bytes());
    for cell in ["lstm", "gru"] {
        let model = dir.join(cell);
        let model_arg = model.to_str().unwrap();
        let out = rnn(&[
            "char-rnn",
            "train",
            "--text",
            &text,
            "--cell",
            cell,
            "--hidden",
            "8",
            "--iters",
            "60",
            "--seq-len",
            "10",
            "--quiet",
            "--save",
            model_arg,
        ]);
        assert!(out.status.success(), "{cell}: {}", stderr(&out));
        let (_, loss, _) = parse_final_line(&String::from_utf8(out.stdout).unwrap());
        assert!(loss.is_finite());
        let manifest = std::fs::read_to_string(model.join("model.txt")).unwrap();
        assert!(manifest.contains(&format!("cell {cell}")), "{manifest}");
        let sample = rnn(&[
            "char-rnn", "sample", "--load", model_arg, "--prompt", "the", "--len", "20",
        ]);
        assert!(sample.status.success(), "{cell}: {}", stderr(&sample));
        assert!(String::from_utf8(sample.stdout).unwrap().starts_with("the"));
    }
    // A damaged gate file is named with its gate.
    let lstm = dir.join("lstm");
    std::fs::write(
        lstm.join("forget_gate_wh.npy"),
        rnn_from_scratch::io::npy::to_bytes(&[8, 7], &[0.0; 56]),
    )
    .unwrap();
    let out = rnn(&["char-rnn", "sample", "--load", lstm.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("forget_gate_wh.npy: forget gate Wh must be Dh×Dh = 8×8, got 8×7"),
        "{}",
        stderr(&out)
    );
    let out = rnn(&["char-rnn", "train", "--cell", "transformer"]);
    assert!(
        stderr(&out).ends_with("--cell must be one of rnn, lstm, gru, got 'transformer'\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bench_times_the_batched_classifier() {
    let out = rnn(&[
        "bench",
        "--cell",
        "gru",
        "--batch",
        "2",
        "--seq-len",
        "3",
        "--embedding",
        "3",
        "--hidden",
        "4",
        "--vocab",
        "10",
        "--threads",
        "2",
        "--seconds",
        "0.05",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("gru classifier: batch 2, seq-len 3, E 3, hidden 4, V 10, 2 threads: ")
            && last.contains(" sequences/s, ")
            && last.contains(" GFLOP/s ("),
        "{last}"
    );
    let out = rnn(&["bench", "--batch", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: rnn bench: --batch must be a whole number from 1 to 10000, got 0\n"
    );
}

#[test]
fn validate_holds_out_the_end_of_the_text_and_reports_its_loss() {
    let dir = scratch("validate");
    let text = write(
        &dir,
        "t.txt",
        "the cat sat on the mat. ".repeat(60).as_bytes(),
    );
    let out = rnn(&[
        "char-rnn",
        "train",
        "--text",
        &text,
        "--validate",
        "0.1",
        "--iters",
        "300",
        "--sample-every",
        "100",
        "--hidden",
        "16",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let samples = stderr(&out).matches(", held-out loss ").count();
    assert_eq!(
        samples,
        3,
        "a held-out loss at every sample: {}",
        stderr(&out)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("held-out loss (the last 10% of the text, never trained on): "))
        .unwrap_or_else(|| panic!("{stdout}"));
    let loss: f64 = line
        .rsplit(": ")
        .next()
        .unwrap()
        .trim_end_matches(" nats/char")
        .parse()
        .unwrap();
    assert!(loss < 2.0, "a repeated sentence is easy to predict: {loss}");
    parse_final_line(&stdout); // the last line is still the usual one
    for bad in ["1", "-0.1", "x"] {
        let out = rnn(&["char-rnn", "train", "--validate", bad]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out)
                .contains("--validate must be a fraction from 0 up to (not including) 1, got "),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn streams_train_the_same_on_one_thread_and_on_two() {
    // Twenty streams of text (two chunks of the batch, 16 and 4) on 1 and on 2 threads: the
    // same printed loss and the same saved files, byte for byte, for every cell.
    let dir = scratch("streams");
    let text = write(&dir, "text.txt", TEXT.repeat(8).as_bytes());
    for cell in ["rnn", "lstm", "gru"] {
        let run = |threads: &str| {
            let model = dir.join(format!("{cell}-{threads}"));
            let out = rnn(&[
                "char-rnn",
                "train",
                "--text",
                &text,
                "--cell",
                cell,
                "--hidden",
                "8",
                "--seq-len",
                "10",
                "--iters",
                "150",
                "--batch",
                "20",
                "--threads",
                threads,
                "--quiet",
                "--save",
                model.to_str().unwrap(),
            ]);
            assert!(out.status.success(), "{}", stderr(&out));
            let (iters, loss, _) = parse_final_line(&String::from_utf8_lossy(&out.stdout));
            let mut names: Vec<PathBuf> = std::fs::read_dir(&model)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .collect();
            names.sort();
            let files: Vec<Vec<u8>> = names
                .iter()
                .map(|path| std::fs::read(path).unwrap())
                .collect();
            assert!(files.len() >= 5, "{cell}: {names:?}");
            (iters, loss, files)
        };
        let (one, two) = (run("1"), run("2"));
        assert_eq!(one, two, "{cell}");
        assert!(one.1 < 4.0, "{cell}: twenty streams learn too ({})", one.1);
    }
}

#[test]
fn inspect_writes_one_self_contained_page_and_prints_the_findings() {
    let dir = scratch("inspect");
    let text = write(
        &dir,
        "text.txt",
        "(the cat) sat. \"고양이\" 앉았다.\n".repeat(20).as_bytes(),
    );
    let model = &dir.join("lstm");
    let out = rnn(&[
        "char-rnn",
        "train",
        "--text",
        &text,
        "--cell",
        "lstm",
        "--hidden",
        "8",
        "--iters",
        "50",
        "--quiet",
        "--save",
        model.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = &dir.join("inside.html");
    let out = rnn(&[
        "char-rnn",
        "inspect",
        "--load",
        model.to_str().unwrap(),
        "--text",
        &text,
        "--html",
        html.to_str().unwrap(),
        "--chars",
        "300",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "the unit that follows each feature best (Pearson's r over 300 characters):"
    );
    for (line, feature) in lines[1..6].iter().zip([
        "inside brackets",
        "inside quotes",
        "position in the line",
        "Hangul",
        "end of a sentence",
    ]) {
        assert!(
            line.trim_start().starts_with(feature) && line.contains(" r "),
            "{line}"
        );
    }
    // Five states of the chosen unit (h, c and three gates), then one drawing a feature.
    assert!(
        lines[6].starts_with("wrote ") && lines[6].ends_with("(10 drawings of the text)"),
        "{stdout}"
    );
    let page = std::fs::read_to_string(html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<h2>forget gate f, unit "));
    assert!(!page.contains("<script") && !page.contains("http") && !page.contains("<link"));
    assert_eq!(
        page.matches("title=\"").count(),
        10 * 300,
        "a tip on every character of every drawing"
    );
    // A text with no brackets and no quotes: no unit is named for them.
    let plain = write(
        &dir,
        "plain.txt",
        "the cat sat. 고양이 앉았다.\n".repeat(20).as_bytes(),
    );
    let out = rnn(&[
        "char-rnn",
        "inspect",
        "--load",
        model.to_str().unwrap(),
        "--text",
        &plain,
        "--html",
        html.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    for (line, feature) in lines[1..3].iter().zip(["inside brackets", "inside quotes"]) {
        assert_eq!(
            line.split_whitespace().collect::<Vec<_>>().join(" "),
            format!("{feature} not in this text, so no unit follows it")
        );
    }
    assert!(
        lines[3].contains(" unit ") && lines[3].contains(" r "),
        "{stdout}"
    );
    let page = std::fs::read_to_string(html).unwrap();
    assert!(page.contains("not in this text"));
    assert!(page.contains("<title>Inside an LSTM character model (Dh = 8)</title>"));
}

#[test]
fn inspect_mistakes_are_one_line() {
    let dir = scratch("inspect-errors");
    let text = write(&dir, "text.txt", TEXT.as_bytes());
    let model = saved_model(&dir, &text, "5", "4");
    let model = model.to_str().unwrap();
    let other = write(&dir, "other.txt", "xyz".as_bytes());
    let html = &dir.join("p.html");
    let html = html.to_str().unwrap();
    let cases: [(&[&str], &str, i32); 5] = [
        (&["--html", html], "--load DIR is required", 2),
        (&["--load", model], "--html FILE.html is required", 2),
        (
            &["--load", model, "--html", html, "--unit", "4"],
            "--unit must be a unit of hₜ, 0 to Dh − 1 = 3, got 4",
            2,
        ),
        (
            &["--load", model, "--html", html, "--text", &other],
            "--text: the character 'x' (U+0078) at position 0 is not in the vocabulary",
            1,
        ),
        (
            &["--load", "no-model", "--html", html],
            "no-model: no such folder",
            1,
        ),
    ];
    for (flags, message, exit) in cases {
        let out = rnn(&[&["char-rnn", "inspect"][..], flags].concat());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(exit), "{flags:?}: {err}");
        assert!(
            err.starts_with("error: rnn char-rnn inspect: ") && err.contains(message),
            "{flags:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert!(
        !Path::new(html).exists(),
        "no page is written when the run fails"
    );
}
