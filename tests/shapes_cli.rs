//! `rnn sentiment --generated`, `rnn tagger`, `rnn caption`: their promised last lines,
//! what they must show (the RNN beats the baselines where word order matters),
//! determinism for a seed, and clear errors. (Real data: `real_data.rs`.)

mod common;

fn rnn(args: &[&str]) -> (String, String, Option<i32>) {
    common::run_rnn(args)
}

/// The numbers of a line, in order.
fn numbers(line: &str) -> Vec<f64> {
    line.split([' ', ',', ';'])
        .filter_map(|w| w.parse().ok())
        .collect()
}

#[test]
fn sentiment_rnn_wins_on_negated_reviews_in_both_languages() {
    for language in ["en", "ko"] {
        let (stdout, stderr, code) = rnn(&[
            "sentiment",
            "--generated",
            "--language",
            language,
            "--epochs",
            "25",
            "--quiet",
        ]);
        assert_eq!(code, Some(0), "{stderr}");
        let last = stdout.lines().last().unwrap();
        assert!(last.starts_with("held-out accuracy: rnn "), "{last}");
        assert!(
            last.contains(", bag-of-words ") && last.contains("; negated: rnn "),
            "{last}"
        );
        let n = numbers(last);
        assert_eq!(n.len(), 4, "{last}");
        let (_rnn, _bag, rnn_negated, bag_negated) = (n[0], n[1], n[2], n[3]);
        assert!(rnn_negated >= bag_negated + 0.5, "{language}: {last}");
    }
}

#[test]
fn tagger_beats_the_baseline_and_bidirectional_helps() {
    let (one_way, stderr, code) = rnn(&["tagger", "--epochs", "10", "--quiet"]);
    assert_eq!(code, Some(0), "{stderr}");
    let last = one_way.lines().last().unwrap();
    assert!(
        last.starts_with("held-out token accuracy: ")
            && last.contains(", most-frequent-tag baseline: "),
        "{last}"
    );
    let (acc, baseline) = (numbers(last)[0], numbers(last)[1]);
    assert!(acc > baseline + 0.1, "{last}");
    let (both_ways, _, _) = rnn(&["tagger", "--epochs", "10", "--quiet", "--bidirectional"]);
    let bi = numbers(both_ways.lines().last().unwrap())[0];
    assert!(bi > acc, "bidirectional {bi} vs left-to-right {acc}");
    // A stack of two bidirectional layers (layer 2 reads 2·Dh values) trains too.
    let (deep, stderr, code) = rnn(&[
        "tagger",
        "--epochs",
        "5",
        "--layers",
        "2",
        "--bidirectional",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(deep.contains("bidirectional tagger, 2 layers"), "{deep}");
}

#[test]
fn bad_flags_are_refused_with_one_line() {
    for (args, message) in [
        (
            &["sentiment", "--generated", "--language", "fr"][..],
            "error: rnn sentiment: --language must be one of en, ko, got 'fr'\n",
        ),
        (
            &["tagger", "--cell", "cnn"][..],
            "error: rnn tagger: --cell must be one of rnn, lstm, gru, got 'cnn'\n",
        ),
        (
            &["caption", "--hidden", "0"][..],
            "error: rnn caption: --hidden must be a whole number from 1 to 1024, got 0\n",
        ),
        (
            &["caption", "--epochs", "x"][..],
            "error: rnn caption: --epochs must be a whole number from 1 to 100000, got 'x'\n",
        ),
    ] {
        let (stdout, stderr, code) = rnn(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(stdout.is_empty());
        assert_eq!(stderr, message);
    }
}

#[test]
fn sentiment_names_the_cell_it_trained() {
    let (stdout, stderr, code) = rnn(&[
        "sentiment",
        "--generated",
        "--cell",
        "lstm",
        "--epochs",
        "2",
        "--quiet",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with("held-out accuracy: lstm "), "{last}");
    assert!(last.contains("; negated: lstm "), "{last}");
}

#[test]
fn an_embedding_under_the_word_level_programs() {
    // --embedding E: the words through a V×E table; the RNN still wins where order matters.
    let (stdout, stderr, code) = rnn(&["sentiment", "--generated", "--embedding", "8", "--quiet"]);
    assert_eq!(code, Some(0), "{stderr}");
    let n = numbers(stdout.lines().last().unwrap());
    assert!(
        n[2] >= n[3] + 0.5,
        "negated: rnn {} vs bag-of-words {}",
        n[2],
        n[3]
    );
    let (stdout, stderr, code) = rnn(&["tagger", "--embedding", "8", "--bidirectional", "--quiet"]);
    assert_eq!(code, Some(0), "{stderr}");
    let n = numbers(stdout.lines().last().unwrap());
    assert!(n[0] > n[1] + 0.1, "{stdout}");
    let (_, stderr, code) = rnn(&["sentiment", "--generated", "--embedding", "0"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: rnn sentiment: --embedding must be a whole number from 1 to 1024, got 0\n"
    );
}

#[test]
fn one_thread_or_two_give_the_same_figures() {
    for program in [
        &["sentiment", "--generated", "--epochs", "5"][..],
        &["tagger", "--epochs", "3"][..],
        // The batched path: 4 chunks of 16 per mini-batch, shared by the threads.
        &[
            "sentiment",
            "--generated",
            "--epochs",
            "5",
            "--embedding",
            "8",
            "--batch",
            "64",
            "--cell",
            "gru",
        ][..],
    ] {
        let run = |threads: &str| {
            let mut args = program.to_vec();
            args.extend_from_slice(&["--quiet", "--threads", threads]);
            rnn(&args)
        };
        let (one, two) = (run("1"), run("2"));
        assert_eq!(one.2, Some(0), "{}", one.1);
        assert_eq!(one.0, two.0, "{program:?}");
    }
    let (_, stderr, code) = rnn(&["caption", "--threads", "0"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: rnn caption: --threads must be a whole number from 1 to 256, got 0\n"
    );
    let (_, stderr, code) = rnn(&["tagger", "--batch", "0"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: rnn tagger: --batch must be a whole number from 1 to 1500, got 0\n"
    );
    // A batch larger than the data: the limit is the number of training examples.
    let (_, stderr, code) = rnn(&["tagger", "--batch", "1501"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: rnn tagger: --batch must be a whole number from 1 to 1500, got 1501\n"
    );
}
