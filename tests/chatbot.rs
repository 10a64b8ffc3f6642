//! `rnn chatbot`: the notes' chatbot (챗봇), an encoder–decoder with attention that answers
//! in Korean, through the same frame as every use.

mod common;

use common::run_rnn as rnn;
use rnn_from_scratch::io::chatbot::{CHATBOT, parse};
use rnn_from_scratch::programs::uses::chatbot::chrf;
use std::io::Write;
use std::process::{Command, Stdio};

/// The first `n` pairs of the committed data, as a file's text.
fn first_pairs(n: usize) -> String {
    CHATBOT
        .lines()
        .take(n + 1)
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn the_committed_pairs_are_read_whole() {
    let pairs = parse(CHATBOT, "ChatbotData.dev.csv").unwrap();
    assert_eq!(pairs.len(), 10_000);
    // A quoted answer with a comma inside is one field.
    assert!(pairs.iter().any(|p| p.answer.contains(", ")));
}

#[test]
fn chrf_counts_character_ngrams_and_weighs_recall_more() {
    assert_eq!(chrf(&["좋은 하루"], &["좋은 하루"]), 1.0);
    let (short, long) = (
        chrf(&["좋은"], &["좋은 하루"]),
        chrf(&["좋은 하루 보내요"], &["좋은 하루"]),
    );
    assert!(short < long, "{short} {long}"); // the missing words cost more than extra ones
}

#[test]
fn a_short_run_ends_with_the_promised_line_and_a_saved_chatbot_talks() {
    let dir = common::Scratch::new("chatbot");
    let train = dir.join("pairs.csv");
    std::fs::write(&train, first_pairs(200)).unwrap();
    let model = dir.join("bot");
    let (t, m) = (train.to_str().unwrap(), model.to_str().unwrap());
    let small = ["--hidden", "8", "--epochs", "1", "--quiet"];
    let (stdout, stderr, code) = rnn(&[
        &["chatbot", "--train", t, "--save", m, "--input", "안녕"][..],
        &small,
    ]
    .concat());
    assert_eq!(code, Some(0), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    let figure = lines[lines.len() - 2];
    assert!(
        figure.starts_with("held-out answers: perplexity ") && figure.ends_with(" without"),
        "{figure}"
    );
    let reply = lines[lines.len() - 1];
    // Loaded, the same reply; and a talk on standard input, a reply a line.
    let (loaded, stderr, code) = rnn(&["chatbot", "--load", m, "--input", "안녕"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(loaded.trim_end_matches('\n'), reply);
    let mut child = Command::new(env!("CARGO_BIN_EXE_rnn"))
        .args(["chatbot", "--load", m])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("안녕\n\n심심해\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let talk = String::from_utf8(out.stdout).unwrap();
    assert_eq!(talk.lines().count(), 2, "{talk}");
    assert_eq!(talk.lines().next(), Some(reply));
}

#[test]
fn one_thread_or_two_give_the_same_figures() {
    let dir = common::Scratch::new("chatbot-threads");
    let train = dir.join("pairs.csv");
    std::fs::write(&train, first_pairs(120)).unwrap();
    let t = train.to_str().unwrap();
    let run = |threads| {
        let args = ["chatbot", "--train", t, "--hidden", "8", "--epochs", "1"];
        let (stdout, stderr, code) = rnn(&[&args[..], &["--threads", threads, "--quiet"]].concat());
        assert_eq!(code, Some(0), "{stderr}");
        stdout
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn the_model_with_the_question_starts_from_the_decoder_without_it() {
    let dir = common::Scratch::new("chatbot-start");
    let train = dir.join("pairs.csv");
    std::fs::write(&train, first_pairs(120)).unwrap();
    let t = train.to_str().unwrap();
    // The figure with the question, from the default run and from a run without the
    // baseline: they differ only if the first started from the baseline's weights.
    let with = |more: &[&str]| {
        let args = [
            "chatbot", "--train", t, "--hidden", "8", "--epochs", "1", "--quiet",
        ];
        let (stdout, stderr, code) = rnn(&[&args[..], more].concat());
        assert_eq!(code, Some(0), "{stderr}");
        let last = stdout.lines().last().unwrap().to_string();
        let figure = last.split(" per character with").next().unwrap();
        figure
            .trim_start_matches("held-out answers: perplexity ")
            .to_string()
    };
    let (started, fresh) = (with(&[]), with(&["--no-baseline"]));
    assert!(started.parse::<f64>().is_ok(), "{started}");
    assert_ne!(started, fresh);
}
