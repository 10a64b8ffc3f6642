//! `rnn spam`: the notes' spam detection (스팸 메일 분류), many-to-one on real text messages,
//! through the same frame as every use.

mod common;

use common::run_rnn as rnn;

/// A small, quick model.
const SMALL: [&str; 8] = [
    "--hidden",
    "8",
    "--embedding",
    "8",
    "--epochs",
    "1",
    "--quiet",
    "--average",
];

#[test]
fn a_short_run_ends_with_the_promised_line_and_a_saved_filter_reads_a_message() {
    let dir = common::Scratch::new("spam");
    let model = dir.join("filter");
    let m = model.to_str().unwrap();
    let (stdout, stderr, code) = rnn(&[
        &["spam", "--save", m, "--input", "WIN a FREE prize now!"][..],
        &SMALL,
        &["0"],
    ]
    .concat());
    assert_eq!(code, Some(0), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    let figure = lines[lines.len() - 2];
    let words: Vec<&str> = figure.split(' ').collect();
    assert_eq!(
        &words[..6],
        ["held-out", "accuracy", "on", "450", "messages:", "lstm"],
        "{figure}"
    );
    assert!(figure.contains("), bag-of-words 0."), "{figure}");
    let answer = lines[lines.len() - 1];
    assert!(
        answer.starts_with("spam 0.") || answer.starts_with("ham 0."),
        "{answer}"
    );
    // The same filter, loaded: the same answer.
    let (loaded, stderr, code) = rnn(&["spam", "--load", m, "--input", "WIN a FREE prize now!"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(loaded.trim_end(), answer);
    // A spam filter is not a sentiment model, and the other way round.
    let (_, stderr, code) = rnn(&["sentiment", "--load", m, "--input", "좋다"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("this folder holds a spam model, not a sentiment model"),
        "{stderr}"
    );
}

#[test]
fn a_messages_file_that_cannot_be_used_is_one_line_naming_the_line() {
    let dir = common::Scratch::new("spam-files");
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "ham\tsee you\neggs\tbacon\n").unwrap();
    let (_, stderr, code) = rnn(&["spam", "--train", bad.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        format!(
            "error: rnn spam: {}: line 2: the label must be ham or spam, got 'eggs'\n",
            bad.display()
        )
    );
}
