//! The programs on real data: `rnn sentiment` on reviews in NSMC's format and `rnn caption`
//! on handwritten digits: the promised last lines, the committed files, the same figures
//! for any number of threads, and one clear line (exit 1) for a file that cannot be used,
//! naming the file and the line.

mod common;

use rnn_from_scratch::io::reviews::{SAMPLE, parse};

fn rnn(args: &[&str]) -> (String, String, Option<i32>) {
    common::run_rnn(args)
}

/// The sample's header and its first `n` reviews, as a file's text.
fn first_reviews(n: usize) -> String {
    SAMPLE
        .lines()
        .take(n + 1)
        .map(|l| format!("{l}\n"))
        .collect()
}

/// A small, quick model: Dh 16, E 8, one epoch.
const SMALL: [&str; 7] = [
    "--hidden",
    "16",
    "--embedding",
    "8",
    "--epochs",
    "1",
    "--quiet",
];

#[test]
fn a_run_on_files_ends_with_the_promised_line() {
    let dir = common::Scratch::new("reviews");
    let train = dir.join("train.txt");
    std::fs::write(&train, first_reviews(3000)).unwrap();
    let test = dir.join("test.txt");
    let lines: Vec<&str> = SAMPLE.lines().collect();
    std::fs::write(
        &test,
        format!("{}\n{}\n", lines[0], lines[19_001..].join("\n")),
    )
    .unwrap();
    let (train, test) = (train.to_str().unwrap(), test.to_str().unwrap());
    let args = |threads| {
        [
            &[
                "sentiment",
                "--train",
                train,
                "--test",
                test,
                "--threads",
                threads,
            ][..],
            &SMALL,
        ]
        .concat()
    };
    let (stdout, stderr, code) = rnn(&args("1"));
    assert_eq!(code, Some(0), "{stderr}");
    let last = stdout.lines().last().unwrap();
    let rest = last
        .strip_prefix("held-out accuracy on 1000 reviews: lstm ")
        .unwrap_or_else(|| panic!("{last}"));
    let (a, rest) = rest
        .split_once(" (forward ")
        .unwrap_or_else(|| panic!("{last}"));
    let (forward, rest) = rest
        .split_once(", backward ")
        .unwrap_or_else(|| panic!("{last}"));
    let (backward, b) = rest
        .split_once("), bag-of-words ")
        .unwrap_or_else(|| panic!("{last}"));
    for x in [a, forward, backward, b] {
        assert_eq!(x.len(), 5, "3 decimals: {last}");
        assert!(
            (0.5..=1.0).contains(&x.parse::<f64>().unwrap()),
            "better than chance: {last}"
        );
    }
    let (two, _, _) = rnn(&args("2"));
    assert_eq!(stdout, two, "--threads 1 and 2 differ");
    // --train without --test: the last 10% of the file is held out.
    let (stdout, stderr, code) = rnn(&[
        &["sentiment", "--train", train, "--cell", "gru"][..],
        &SMALL,
    ]
    .concat());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.starts_with("held-out accuracy on 300 reviews: gru "),
        "{stdout}"
    );
}

#[test]
fn the_progress_counts_each_readers_epochs_as_announced() {
    // Two readers train one after the other, `--epochs 2` each: the progress says which
    // reader and counts its own epochs, as the first line announces.
    let dir = common::Scratch::new("reviews_progress");
    let train = dir.join("train.txt");
    std::fs::write(&train, first_reviews(200)).unwrap();
    let args = [
        "sentiment",
        "--train",
        train.to_str().unwrap(),
        "--epochs",
        "2",
    ];
    let (_, stderr, code) = rnn(&[&args[..], &SMALL[..4]].concat());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("on 180 reviews, 2 epochs each;"),
        "{stderr}"
    );
    for reader in ["forward reader", "backward reader"] {
        for epoch in ["epoch 1 of 2, ", "epoch 2 of 2, "] {
            assert!(stderr.contains(&format!("{reader}, {epoch}")), "{stderr}");
        }
    }
    assert!(!stderr.contains(" of 4,"), "{stderr}");
}

#[test]
fn the_committed_sample_is_balanced_and_well_formed() {
    let reviews = parse(SAMPLE, "sample").unwrap();
    assert_eq!(reviews.len(), 20_000);
    let held_out_positive = reviews[16_000..].iter().filter(|r| r.positive).count();
    assert!(
        (1900..=2100).contains(&held_out_positive),
        "{held_out_positive}"
    );
    assert!(SAMPLE.len() <= 2_000_000, "the sample must stay under 2 MB");
}

#[test]
fn unusable_files_are_one_line_naming_the_file_and_the_line() {
    let dir = common::Scratch::new("bad-reviews");
    let header = "id\tdocument\tlabel\n";
    let cases = [
        (
            "columns.txt",
            format!("{header}1\tgood\t1\n2\tno label\n"),
            "line 3: expected 3 tab-separated columns (id, document, label), got 2",
        ),
        (
            "label.txt",
            format!("{header}1\tgood\t7\n"),
            "line 2: the label must be 0 or 1, got '7'",
        ),
        (
            "empty.txt",
            String::new(),
            "no reviews (an empty file, or only the header)",
        ),
        (
            "header.txt",
            "1\tgood\t1\n".to_string(),
            "line 1: expected the header 'id<TAB>document<TAB>label'",
        ),
    ];
    for (name, text, message) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let shown = path.display().to_string();
        for flag in ["--train", "--test"] {
            let (stdout, stderr, code) = rnn(&["sentiment", flag, &shown, "--quiet"]);
            assert_eq!(code, Some(1), "{name} {flag}: {stderr}");
            assert!(stdout.is_empty());
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(
                stderr.starts_with(&format!("error: rnn sentiment: {shown}: {message}")),
                "{stderr}"
            );
        }
    }
    let missing = dir.join("missing.txt");
    let (_, stderr, code) = rnn(&["sentiment", "--train", missing.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("missing.txt: cannot read it: "), "{stderr}");
}

#[test]
fn digit_files_that_cannot_be_used_are_one_line_naming_the_line() {
    let dir = common::Scratch::new("bad-digits");
    let row = |pixel: &str, digit: &str| format!("{},{pixel},{digit}\n", ["0"; 63].join(","));
    let cases = [
        (
            "short.csv",
            "1,2,3\n".to_string(),
            "line 1: expected 65 comma-separated numbers (64 pixels, then the digit), got 3",
        ),
        (
            "pixel.csv",
            format!("{}{}", row("4", "1"), row("17", "1")),
            "line 2: pixel 64 must be a whole number from 0 to 16, got '17'",
        ),
        (
            "digit.csv",
            row("4", "12"),
            "line 1: the digit must be 0 to 9, got '12'",
        ),
        ("empty.csv", String::new(), "no images (an empty file)"),
    ];
    for (name, text, message) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let shown = path.display().to_string();
        let (stdout, stderr, code) = rnn(&["caption", "--digits", &shown, "--quiet"]);
        assert_eq!(code, Some(1), "{name}: {stderr}");
        assert!(stdout.is_empty());
        assert_eq!(stderr, format!("error: rnn caption: {shown}: {message}\n"));
    }
    // Well formed, but too few images to hold out lines 1501-1797.
    let few = dir.join("few.csv");
    std::fs::write(&few, row("4", "1").repeat(20)).unwrap();
    let (_, stderr, code) = rnn(&["caption", "--digits", few.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("the digits file has 20 images; it needs at least 1510"),
        "{stderr}"
    );
}

#[test]
fn a_short_digit_captioning_run_ends_with_the_promised_line() {
    let args = |threads| {
        [
            "caption",
            "--train",
            "300",
            "--held-out",
            "40",
            "--epochs",
            "1",
            "--hidden",
            "16",
            "--language",
            "en",
            "--threads",
            threads,
        ]
    };
    let (stdout, stderr, code) = rnn(&args("1"));
    assert_eq!(code, Some(0), "{stderr}");
    let last = stdout.lines().last().unwrap();
    let score: f64 = last
        .strip_prefix("held-out exact captions: ")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(last, format!("held-out exact captions: {score:.3}"));
    assert!(stdout.contains("true:    "), "{stdout}");
    let (two, _, _) = rnn(&args("2"));
    assert_eq!(stdout, two, "--threads 1 and 2 differ");
    // Two layers: the picture meets two layers of features at step 1.
    let (stdout, stderr, code) = rnn(&[
        "caption",
        "--train",
        "100",
        "--held-out",
        "10",
        "--epochs",
        "1",
        "--hidden",
        "8",
        "--layers",
        "2",
        "--quiet",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("held-out exact captions: "), "{stdout}");
    let (_, stderr, code) = rnn(&["caption", "--layers", "0"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            Some(2),
            "error: rnn caption: --layers must be a whole number from 1 to 4, got 0\n"
        )
    );
}

/// A small CoNLL-U file: `n` sentences of a noun-verb grammar, with a comment, a
/// multiword token and an empty node, which are not words.
fn treebank(n: usize, offset: usize) -> String {
    let nouns = ["dog", "cat", "bird", "fish", "horse", "mouse"];
    let verbs = ["runs", "sleeps", "eats", "sings"];
    let mut text = String::new();
    for k in offset..offset + n {
        text.push_str(&format!("# sent_id = {k}\n"));
        text.push_str("1\tthe\tthe\tDET\t_\t_\t2\tdet\t_\t_\n");
        text.push_str(&format!(
            "2\t{}\t_\tNOUN\t_\t_\t3\tnsubj\t_\t_\n",
            nouns[k % 6]
        ));
        text.push_str("2.1\tghost\t_\t_\t_\t_\t_\t_\t_\t_\n");
        text.push_str("3-4\tsings'\t_\t_\t_\t_\t_\t_\t_\t_\n");
        text.push_str(&format!(
            "3\t{}\t_\tVERB\t_\t_\t0\troot\t_\t_\n",
            verbs[k % 4]
        ));
        text.push_str("4\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_\n\n");
    }
    text
}

#[test]
fn a_treebank_run_ends_with_the_promised_line() {
    let dir = common::Scratch::new("treebank");
    let train = dir.join("train.conllu");
    std::fs::write(&train, treebank(60, 0)).unwrap();
    let test = dir.join("test.conllu");
    std::fs::write(&test, treebank(10, 100)).unwrap();
    let (train, test) = (train.to_str().unwrap(), test.to_str().unwrap());
    let args = |threads| {
        [
            "tagger",
            "--train",
            train,
            "--test",
            test,
            "--hidden",
            "8",
            "--embedding",
            "8",
            "--epochs",
            "8",
            "--lr",
            "0.02",
            "--threads",
            threads,
        ]
    };
    let (stdout, stderr, code) = rnn(&args("1"));
    assert_eq!(code, Some(0), "{stderr}");
    let last = stdout.lines().last().unwrap();
    assert_eq!(
        last, "held-out token accuracy: 1.000, most-frequent-tag baseline: 1.000",
        "{stdout}"
    );
    assert!(
        stdout.starts_with("40 words scored, 0.0% never seen in training"),
        "{stdout}"
    );
    let (two, _, _) = rnn(&args("2"));
    assert_eq!(stdout, two, "--threads 1 and 2 differ");
}

#[test]
fn treebank_files_that_cannot_be_used_are_one_line_naming_the_line() {
    let dir = common::Scratch::new("bad-treebank");
    let cases = [
        (
            "columns.conllu",
            "# a comment\n1\tthe\tthe\tDET\n".to_string(),
            "line 2: expected 10 tab-separated columns (ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS, MISC), got 4",
        ),
        (
            "upos.conllu",
            "1\tthe\tthe\t_\t_\t_\t0\troot\t_\t_\n".to_string(),
            "line 1: the UPOS tag is empty",
        ),
        (
            "empty.conllu",
            "# only a comment\n".to_string(),
            "no sentences (an empty file, or only comments)",
        ),
    ];
    for (name, text, message) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let shown = path.display().to_string();
        let (_, stderr, code) = rnn(&["tagger", "--train", &shown]);
        assert_eq!(code, Some(1), "{name}: {stderr}");
        assert_eq!(stderr, format!("error: rnn tagger: {shown}: {message}\n"));
    }
    let (_, stderr, code) = rnn(&["sentiment", "--language", "ko"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--language chooses the generated reviews' language: add --generated"),
        "{stderr}"
    );
    let (_, stderr, code) = rnn(&["tagger", "--test", "x.conllu"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--test needs --train FILE.conllu"),
        "{stderr}"
    );
}

#[test]
fn a_saved_sentiment_model_reads_your_review_and_explains_it() {
    let dir = common::Scratch::new("sentiment-save");
    let train = dir.join("train.txt");
    std::fs::write(&train, first_reviews(400)).unwrap();
    let model = dir.join("model");
    let (model, train) = (model.to_str().unwrap(), train.to_str().unwrap());
    let trained = rnn(&[
        &[
            "sentiment",
            "--train",
            train,
            "--save",
            model,
            "--input",
            "재밌다",
        ][..],
        &SMALL,
    ]
    .concat());
    assert_eq!(trained.2, Some(0), "{}", trained.1);
    let answer = trained.0.lines().last().unwrap().to_string();
    assert!(
        answer.starts_with("positive 0.") || answer.starts_with("negative 0."),
        "{answer}"
    );
    // The same model, loaded: the same answer, after one line per character with --explain.
    let (stdout, stderr, code) = rnn(&[
        "sentiment",
        "--load",
        model,
        "--input",
        "재밌다",
        "--explain",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.last(), Some(&answer.as_str()));
    assert_eq!(lines.len(), 1 + 3 + 1, "{stdout}"); // a heading, 재 밌 다, the answer
    let p: f64 = answer[9..].parse().unwrap();
    // Each line: the forward reader's probability (→) and the backward reader's (←).
    let read = |line: &str, arrow: &str| -> f64 {
        let after = line.split(arrow).nth(1).expect(arrow);
        after.split_whitespace().next().unwrap().parse().unwrap()
    };
    let (forward_last, backward_first) = (read(lines[3], "→"), read(lines[1], "←"));
    assert!(
        (p - (forward_last + backward_first) / 2.0).abs() <= 0.0015,
        "the answer is the mean of → after the last character and ← after the first: {stdout}"
    );
    // A folder of one reader (as saved before the backward reader existed) is refused,
    // naming why, and left as it was.
    let old = dir.join("one-reader");
    std::fs::create_dir(&old).unwrap();
    for entry in std::fs::read_dir(model).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.contains("_2") && name != "model.txt" {
            std::fs::copy(&path, old.join(&name)).unwrap();
        }
    }
    let manifest = std::fs::read_to_string(std::path::Path::new(model).join("model.txt")).unwrap();
    let one: Vec<&str> = manifest.lines().filter(|l| !l.contains("_2.npy")).collect();
    std::fs::write(old.join("model.txt"), one.join("\n") + "\n").unwrap();
    let (_, stderr, code) = rnn(&[
        "sentiment",
        "--load",
        old.to_str().unwrap(),
        "--input",
        "재밌다",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("model.txt: a sentiment model with one reader, saved before the model read reviews both ways; train it again and save it"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn sentiment_input_and_load_mistakes_are_one_line() {
    let dir = common::Scratch::new("sentiment-load-errors");
    let char_model = dir.join("char");
    let char_model = char_model.to_str().unwrap();
    let made = rnn(&[
        "char-rnn", "train", "--iters", "5", "--save", char_model, "--quiet",
    ]);
    assert_eq!(made.2, Some(0), "{}", made.1);
    let cases: [(&[&str], &str, i32); 9] = [
        (
            &["--input", "  "],
            "--input is empty: give a review to read",
            2,
        ),
        (
            &["--explain"],
            "--explain shows how the model reads --input TEXT",
            2,
        ),
        (&["--load", char_model], "--load needs --input TEXT", 2),
        (
            &["--load", char_model, "--input", "좋다", "--epochs", "3"],
            "--epochs is for training; --load reads a model already trained",
            2,
        ),
        (
            &["--load", char_model, "--input", "좋다"],
            "this folder holds a char-rnn model, not a sentiment model",
            1,
        ),
        (
            &["--load", char_model, "--input", "좋다", "--average", "0.9"],
            "--average is for training; --load reads a model already trained",
            2,
        ),
        (
            &["--generated", "--save", "m"],
            "--save is for the real reviews",
            2,
        ),
        (
            &["--generated", "--average", "0.9"],
            "--average is for the real reviews",
            2,
        ),
        (
            &["--load", "no-such-model", "--input", "좋다"],
            "--load: no-such-model: no such folder",
            1,
        ),
    ];
    for (flags, message, exit) in cases {
        let (_, stderr, code) = rnn(&[&["sentiment"][..], flags].concat());
        assert_eq!(code, Some(exit), "{flags:?}: {stderr}");
        assert!(
            stderr.starts_with("error: rnn sentiment: ") && stderr.contains(message),
            "{flags:?}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn a_review_of_characters_the_model_never_saw_is_refused() {
    let dir = common::Scratch::new("sentiment-unknown");
    let train = dir.join("train.txt");
    std::fs::write(&train, first_reviews(200)).unwrap();
    let (train, model) = (train.to_str().unwrap().to_string(), dir.join("m"));
    let model = model.to_str().unwrap();
    let (_, stderr, code) = rnn(&[
        &["sentiment", "--train", &train, "--save", model][..],
        &SMALL,
    ]
    .concat());
    assert_eq!(code, Some(0), "{stderr}");
    let (_, stderr, code) = rnn(&["sentiment", "--load", model, "--input", "ÆØÅ ÞÐ"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr.trim_end(),
        "error: rnn sentiment: --input: 'ÆØÅ ÞÐ': none of its characters is one the model learned (each would be read as <unk>)"
    );
}

#[test]
fn a_treebank_run_shows_held_out_sentences_and_tags_your_own() {
    let dir = common::Scratch::new("treebank-input");
    let train = dir.join("train.conllu");
    std::fs::write(&train, treebank(60, 0)).unwrap();
    let train = train.to_str().unwrap();
    let small = ["--hidden", "8", "--embedding", "8", "--epochs", "2"];
    let (stdout, stderr, code) = rnn(&[
        &["tagger", "--train", train, "--input", "one  two three"][..],
        &small,
    ]
    .concat());
    assert_eq!(code, Some(0), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[1],
        "Held-out sentences (a wrong tag is shown as tagger✗true):"
    );
    assert!(
        lines[2].starts_with("  ✓ ") || lines[2].starts_with("  ✗ "),
        "{stdout}"
    );
    let tagged: Vec<&str> = lines.last().unwrap().split(' ').collect();
    assert_eq!(tagged.len(), 3, "{stdout}");
    assert!(
        tagged[0].starts_with("one/") && tagged[2].starts_with("three/"),
        "{stdout}"
    );
    let (_, stderr, code) = rnn(&["tagger", "--train", train, "--input", " "]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("error: rnn tagger: --input is empty"),
        "{stderr}"
    );
}

#[test]
fn a_saved_tagger_and_a_saved_translator_work_without_training() {
    let dir = common::Scratch::new("tagger-translate-save");
    let train = dir.join("train.conllu");
    std::fs::write(&train, treebank(60, 0)).unwrap();
    let (tagger, translator) = (dir.join("tagger"), dir.join("translator"));
    let (train, tagger, translator) = (
        train.to_str().unwrap(),
        tagger.to_str().unwrap(),
        translator.to_str().unwrap(),
    );
    let small = [
        "--hidden",
        "8",
        "--embedding",
        "8",
        "--epochs",
        "2",
        "--quiet",
    ];
    let trained = rnn(&[
        &[
            "tagger", "--train", train, "--save", tagger, "--input", "one two",
        ][..],
        &small,
    ]
    .concat());
    assert_eq!(trained.2, Some(0), "{}", trained.1);
    let loaded = rnn(&["tagger", "--load", tagger, "--input", "one two"]);
    assert_eq!(loaded.2, Some(0), "{}", loaded.1);
    assert_eq!(
        loaded.0.trim_end(),
        trained.0.lines().last().unwrap(),
        "the saved tagger tags as the trained one"
    );

    let small = [
        "--hidden",
        "8",
        "--epochs",
        "1",
        "--train",
        "200",
        "--held-out",
        "10",
        "--quiet",
    ];
    let trained = rnn(&[
        &[
            "translate",
            "--to",
            "en",
            "--save",
            translator,
            "--input",
            "42",
        ][..],
        &small,
    ]
    .concat());
    assert_eq!(trained.2, Some(0), "{}", trained.1);
    let answer = trained
        .0
        .lines()
        .find(|l| l.contains("your input 42"))
        .unwrap()
        .to_string();
    let loaded = rnn(&["translate", "--load", translator, "--input", "42"]);
    assert_eq!(
        (loaded.0.trim_end(), loaded.2),
        (answer.as_str(), Some(0)),
        "{}",
        loaded.1
    );

    let cases: [(&[&str], &str, i32); 5] = [
        (
            &[
                "translate",
                "--load",
                translator,
                "--input",
                "42",
                "--reverse",
            ],
            "--reverse is fixed by the saved model",
            2,
        ),
        (
            &["translate", "--load", translator],
            "--load needs --input TEXT",
            2,
        ),
        (
            &["translate", "--load", translator, "--input", "100000"],
            "--input: '100000' is not a number from 0 to 99999",
            2,
        ),
        (
            &["tagger", "--load", translator, "--input", "one"],
            "this folder holds a translate model, not a tagger model",
            1,
        ),
        (
            &[
                "tagger", "--load", tagger, "--input", "one", "--epochs", "3",
            ],
            "--epochs is for training",
            2,
        ),
    ];
    for (args, message, exit) in cases {
        let (_, stderr, code) = rnn(args);
        assert_eq!(code, Some(exit), "{args:?}: {stderr}");
        assert!(
            stderr.contains(message) && stderr.lines().count() == 1,
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn baselines_adds_the_syllable_ngrams_to_the_last_line() {
    let dir = common::Scratch::new("reviews-baselines");
    let train = dir.join("train.txt");
    std::fs::write(&train, first_reviews(3000)).unwrap();
    let (stdout, stderr, code) = rnn(&[
        &[
            "sentiment",
            "--train",
            train.to_str().unwrap(),
            "--baselines",
        ][..],
        &SMALL,
    ]
    .concat());
    assert_eq!(code, Some(0), "{stderr}");
    let last = stdout.lines().last().unwrap();
    let (_, ngrams) = last
        .split_once(", syllable 1-3-grams ")
        .unwrap_or_else(|| panic!("{last}"));
    assert_eq!(ngrams.len(), 5, "3 decimals: {last}");
    let accuracy: f64 = ngrams.parse().unwrap();
    assert!(
        (0.6..=1.0).contains(&accuracy),
        "better than chance: {last}"
    );
    assert!(
        last.starts_with("held-out accuracy on 300 reviews: lstm "),
        "{last}"
    );
}

#[test]
fn a_treebank_run_with_baselines_adds_the_feature_baseline() {
    let dir = common::Scratch::new("treebank-baselines");
    let train = dir.join("train.conllu");
    std::fs::write(&train, treebank(60, 0)).unwrap();
    let (stdout, stderr, code) = rnn(&[
        "tagger",
        "--train",
        train.to_str().unwrap(),
        "--hidden",
        "8",
        "--epochs",
        "2",
        "--baselines",
        "--quiet",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let last = stdout.lines().last().unwrap();
    assert!(
        last.ends_with(", most-frequent-tag baseline: 1.000, feature baseline: 1.000"),
        "{last}"
    );
}

#[test]
fn dropout_trains_the_same_on_one_and_two_threads_and_bad_rates_are_refused() {
    let dir = common::Scratch::new("dropout");
    let reviews = dir.join("train.txt");
    std::fs::write(&reviews, first_reviews(600)).unwrap();
    let conllu = dir.join("train.conllu");
    std::fs::write(&conllu, treebank(40, 0)).unwrap();
    let (reviews, conllu) = (reviews.to_str().unwrap(), conllu.to_str().unwrap());
    for program in [
        &["sentiment", "--train", reviews][..],
        &["tagger", "--train", conllu][..],
    ] {
        let run = |threads: &str| {
            let small = ["--hidden", "8", "--epochs", "2", "--quiet"];
            let args = [program, &small, &["--dropout", "0.3", "--threads", threads]].concat();
            let (stdout, stderr, code) = rnn(&args);
            assert_eq!(code, Some(0), "{args:?}: {stderr}");
            stdout
        };
        assert_eq!(run("1"), run("2"), "{program:?}");
    }
    let cases: [(&[&str], &str); 8] = [
        (
            &["sentiment", "--average", "1"],
            "rnn sentiment: --average must be a number from 0 up to, not including, 1, got 1",
        ),
        (
            &["tagger", "--train", conllu, "--l2", "-1"],
            "rnn tagger: --l2 must be a number ≥ 0, got -1",
        ),
        (
            &["sentiment", "--l2", "inf"],
            "rnn sentiment: --l2 must be a number ≥ 0, got inf",
        ),
        (
            &["sentiment", "--train", reviews, "--dropout", "1"],
            "rnn sentiment: --dropout must be a number from 0 up to, not including, 1, got 1",
        ),
        (
            &["tagger", "--train", conllu, "--dropout", "-0.2"],
            "rnn tagger: --dropout must be a number from 0 up to, not including, 1, got -0.2",
        ),
        (
            &["tagger", "--train", conllu, "--dropout", "NaN"],
            "rnn tagger: --dropout must be a number from 0 up to, not including, 1, got NaN",
        ),
        (
            &["sentiment", "--dropout", "half"],
            "rnn sentiment: --dropout must be a number from 0 up to, not including, 1, got 'half'",
        ),
        (
            &["vanishing", "--dropout", "0.5"],
            "rnn vanishing: --dropout is not a flag here: dropout is for training on real data: \
             rnn sentiment, and rnn tagger --train",
        ),
    ];
    for (args, message) in cases {
        let (_, stderr, code) = rnn(args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end(), format!("error: {message}"), "{args:?}");
    }
}

#[test]
fn the_reviews_shown_leave_out_abusive_words_unless_asked() {
    use rnn_from_scratch::programs::uses::reviews::ABUSIVE;
    let dir = common::Scratch::new("sentiment-clean");
    let train = dir.join("train.txt");
    std::fs::write(&train, first_reviews(300)).unwrap();
    // Held-out reviews: abusive ones first, of both labels, then clean ones.
    let mut test = String::from("id\tdocument\tlabel\n");
    for (k, text) in ["존나 재밌다", "ㅅㅂ 최악", "병신 같은 영화", "좆같다 진짜"]
        .iter()
        .enumerate()
    {
        test.push_str(&format!("{k}\t{text}\t{}\n", k % 2));
    }
    for line in SAMPLE.lines().skip(1000).take(40) {
        test.push_str(&format!("{line}\n"));
    }
    let test_path = dir.join("test.txt");
    std::fs::write(&test_path, test).unwrap();
    let args = |extra: &[&'static str]| {
        let mut args = vec![
            "sentiment",
            "--train",
            train.to_str().unwrap(),
            "--test",
            test_path.to_str().unwrap(),
            "--hidden",
            "8",
            "--embedding",
            "4",
            "--epochs",
            "1",
        ];
        args.extend_from_slice(extra);
        args
    };
    let (stdout, stderr, code) = rnn(&args(&[]));
    assert_eq!(code, Some(0), "{stderr}");
    let shown: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("  ✓") || l.starts_with("  ✗"))
        .collect();
    assert!(!shown.is_empty(), "{stdout}");
    assert!(
        shown.iter().all(|l| !ABUSIVE.iter().any(|w| l.contains(w))),
        "{stdout}"
    );
    let (all, _, code) = rnn(&args(&["--all-samples"]));
    assert_eq!(code, Some(0));
    assert!(ABUSIVE.iter().any(|w| all.contains(w)), "{all}");
    // The scores count every review either way.
    assert_eq!(stdout.lines().last(), all.lines().last());
}
