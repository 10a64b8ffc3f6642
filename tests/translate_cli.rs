//! `rnn translate`: its promised last line, the user's inputs, the same figures for
//! any number of threads, and clear errors (exit 2) for inputs outside the translation.

mod common;

fn rnn(args: &[&str]) -> (String, String, Option<i32>) {
    common::run_rnn(args)
}

/// A short run: 1,500 numbers, 3 epochs, 100 held out.
const SHORT: [&str; 8] = [
    "--train",
    "1500",
    "--epochs",
    "3",
    "--held-out",
    "100",
    "--hidden",
    "32",
];

#[test]
fn a_short_run_ends_with_the_promised_line_and_translates_the_input() {
    let (stdout, stderr, code) =
        rnn(&[&["translate"], &SHORT[..], &["--input", "20260, 7"]].concat());
    assert_eq!(code, Some(0), "{stderr}");
    // The figure line, then the answers to --input (one a number).
    let lines: Vec<&str> = stdout.lines().collect();
    let last = lines[lines.len() - 3];
    let score: f64 = last
        .strip_prefix("held-out exact translations: ")
        .unwrap_or_else(|| panic!("{last}"))
        .parse()
        .unwrap();
    assert_eq!(last, format!("held-out exact translations: {score:.3}"));
    assert!((0.0..=1.0).contains(&score), "{stdout}"); // too short to learn: see the chapter's example
    assert!(
        lines[0].starts_with("gru digits → Korean, Dh 32"),
        "{stdout}"
    );
    assert!(
        stdout.contains("(expected 이만이백육십)") && stdout.contains("(expected 칠)"),
        "{stdout}"
    );
}

#[test]
fn every_direction_runs_and_threads_do_not_change_the_figures() {
    for direction in [
        &["--to", "en"][..],
        &["--reverse"],
        &["--to", "en", "--reverse"],
    ] {
        let args = |threads| {
            [
                &["translate"],
                &SHORT[..],
                direction,
                &["--threads", threads],
            ]
            .concat()
        };
        let (one, stderr, code) = rnn(&args("1"));
        assert_eq!(code, Some(0), "{stderr}");
        let (two, _, _) = rnn(&args("2"));
        assert_eq!(one, two, "{direction:?}: --threads 1 and 2 differ");
    }
    let (stdout, _, _) = rnn(&[
        &[
            "translate",
            "--to",
            "en",
            "--reverse",
            "--input",
            "forty-two",
        ][..],
        &SHORT,
    ]
    .concat());
    assert!(stdout.contains("(expected 42)"), "{stdout}");
}

#[test]
fn inputs_outside_the_translation_are_usage_errors() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["--input", "100000"],
            "rnn translate: --input: '100000' is not a number from 0 to 99999",
        ),
        (
            &["--input", "12, -3"],
            "rnn translate: --input: '-3' is not a number from 0 to 99999",
        ),
        (
            &["--input", "7,"],
            "rnn translate: --input: an empty number",
        ),
        (
            &["--reverse", "--input", "열"],
            "rnn translate: --input: '열' is not a token of the Korean readings (영 일 이 삼 사 오 육 칠 팔 구 십 백 천 만 억)",
        ),
        (
            &["--reverse", "--input", "만만"],
            "rnn translate: --input: '만만' is not the Korean reading of a number from 0 to 99999",
        ),
        (
            &["--to", "fr"],
            "rnn translate: --to must be one of ko, en, got 'fr'",
        ),
    ];
    for (args, message) in cases {
        let (_, stderr, code) = rnn(&[&["translate"], args].concat());
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let (_, stderr, code) = rnn(&[
        "translate",
        "--to",
        "en",
        "--reverse",
        "--input",
        "eleventy",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("'eleventy' is not a token of the English readings"),
        "{stderr}"
    );
    let (_, stderr, code) = rnn(&["translate", "--train", "95000"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--train must be a whole number from 1 to 90000, got 95000"),
        "{stderr}"
    );
}

#[test]
fn twelve_digit_numbers_train_and_a_wrong_max_digits_is_a_usage_error() {
    let args = [
        "--max-digits",
        "12",
        "--train",
        "200",
        "--held-out",
        "10",
        "--epochs",
        "1",
    ];
    let (stdout, stderr, code) = rnn(&[
        &["translate"][..],
        &args,
        &["--hidden", "8", "--input", "300000020000"],
    ]
    .concat());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("your input 300000020000") && stdout.contains("(expected 삼천억이만)"),
        "{stdout}"
    );
    for bad in ["0", "13"] {
        let (_, stderr, code) = rnn(&["translate", "--max-digits", bad]);
        assert_eq!(code, Some(2));
        assert_eq!(
            stderr.trim_end(),
            format!(
                "error: rnn translate: --max-digits must be a whole number from 1 to 12, got {bad}"
            )
        );
    }
    let (_, stderr, code) = rnn(&["translate", "--max-digits", "2", "--held-out", "50"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(
            "--train 90 and --held-out 50 need more numbers than the 100 of up to 2 digits"
        ),
        "{stderr}"
    );
}

#[test]
fn attention_trains_plots_its_alignment_saves_and_loads() {
    let dir = common::Scratch::new("translate-attention");
    let (plot, model) = (dir.join("alignment.svg"), dir.join("model"));
    let (p, m) = (plot.to_str().unwrap(), model.to_str().unwrap());
    let (stdout, stderr, code) = rnn(&[
        &["translate", "--attention"][..],
        &SHORT,
        &["--input", "20260", "--plot", p, "--save", m],
    ]
    .concat());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.starts_with("gru digits → Korean, Dh 32, with attention;"),
        "{stdout}"
    );
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("attention weights αₖ, translating 20260<"));
    for digit in ["2", "0", "6"] {
        assert!(svg.contains(&format!(">{digit}</text>")), "{svg}"); // the columns: 2 0 2 6 0
    }
    assert!(svg.contains("looking at 6: "), "{svg}");
    let manifest = std::fs::read_to_string(model.join("model.txt")).unwrap();
    assert!(manifest.contains("attention_size 32\n"), "{manifest}");
    // The loaded model writes what the trained one wrote, and plots again.
    let written = stdout
        .lines()
        .find(|l| l.contains("your input 20260"))
        .unwrap();
    std::fs::remove_file(&plot).unwrap();
    let (loaded, stderr, code) = rnn(&["translate", "--load", m, "--input", "20260", "--plot", p]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(loaded.trim_end(), written, "{loaded}");
    assert!(plot.exists());
}

#[test]
fn attention_flags_given_wrongly_are_usage_errors() {
    let dir = common::Scratch::new("translate-attention-flags");
    // A plot that cannot be written is found before training: a failure, exit 1.
    let (_, stderr, code) = rnn(&[
        "translate",
        "--attention",
        "--plot",
        "/no/such/folder/a.svg",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "error: rnn translate: --plot /no/such/folder/a.svg: cannot write here: the folder \
         /no/such/folder does not exist; make it first\n"
    );
    let cases: [(&[&str], &str); 3] = [
        (
            &["--beam", "0"],
            "rnn translate: --beam must be a whole number from 1 to 64, got 0",
        ),
        (
            &["--plot", "a.svg"],
            "rnn translate: --plot draws where the attention looked: add --attention",
        ),
        (
            &[
                "--load",
                dir.to_str().unwrap(),
                "--attention",
                "--input",
                "7",
            ],
            "rnn translate: --attention is fixed by the saved model (--load): leave it out",
        ),
    ];
    for (args, message) in cases {
        let (_, stderr, code) = rnn(&[&["translate"], args].concat());
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end(), format!("error: {message}"), "{args:?}");
    }
}

#[test]
fn plot_with_a_saved_model_without_attention_is_a_usage_error() {
    let dir = common::Scratch::new("translate-plain-plot");
    let model = dir.join("model");
    let m = model.to_str().unwrap();
    let (_, stderr, code) = rnn(&[&["translate"][..], &SHORT, &["--save", m, "--quiet"]].concat());
    assert_eq!(code, Some(0), "{stderr}");
    let plot = dir.join("a.svg");
    let (stdout, stderr, code) = rnn(&[
        "translate",
        "--load",
        m,
        "--input",
        "7",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "", "refused before translating");
    assert_eq!(
        stderr.trim_end(),
        "error: rnn translate: --plot: this model has no attention"
    );
    assert!(!plot.exists());
}

#[test]
fn attention_gives_the_same_figures_on_one_thread_and_on_two() {
    let args = |threads| {
        [
            &[
                "translate",
                "--attention",
                "--beam",
                "2",
                "--threads",
                threads,
            ][..],
            &SHORT,
        ]
        .concat()
    };
    let (one, stderr, code) = rnn(&args("1"));
    assert_eq!(code, Some(0), "{stderr}");
    let (two, _, _) = rnn(&args("2"));
    assert_eq!(one, two, "--threads 1 and 2 differ");
}
