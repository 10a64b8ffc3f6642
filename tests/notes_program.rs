//! The notes' program (section 2): `rnn` prints what numpy prints, byte for byte, for the
//! cases of tests/golden/notes_program.py (seeds 0, 1, 42, 2026, 2³² − 1, other sizes,
//! a summarised 40×30 matrix, and the Xavier variant); and the crate's hidden states equal
//! numpy's to 1e-12.

mod common;

use rnn_from_scratch::{Init, Matrix, Mt19937, Vector};

fn golden_dir() -> String {
    format!("{}/tests/golden/notes_program", env!("CARGO_MANIFEST_DIR"))
}

/// (file stem, seed, timesteps, input_size, hidden_size, init) of every golden case.
fn cases() -> Vec<(String, u32, usize, usize, usize, String)> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(golden_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "values") {
            let text = std::fs::read_to_string(&path).unwrap();
            let header: Vec<&str> = text.lines().next().unwrap().split(' ').collect();
            cases.push((
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                header[0].parse().unwrap(),
                header[1].parse().unwrap(),
                header[2].parse().unwrap(),
                header[3].parse().unwrap(),
                header[4].to_string(),
            ));
        }
    }
    cases.sort();
    assert_eq!(cases.len(), 10, "the ten cases of notes_program.py");
    cases
}

fn rnn(args: &[&str]) -> std::process::Output {
    common::rnn_output(args)
}

#[test]
fn cargo_run_prints_numpys_output_for_seed_0() {
    let out = rnn(&[]);
    assert!(out.status.success());
    let expected = std::fs::read_to_string(format!("{}/seed0.stdout", golden_dir())).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
    assert!(expected.starts_with("(1, 8)\n(2, 8)\n"));
    assert!(expected.contains("[[0.91170118 0.93488513"));
}

#[test]
fn every_golden_case_prints_byte_for_byte_as_numpy() {
    for (stem, seed, timesteps, input_size, hidden_size, init) in cases() {
        let out = rnn(&[
            "--seed",
            &seed.to_string(),
            "--timesteps",
            &timesteps.to_string(),
            "--input-size",
            &input_size.to_string(),
            "--hidden-size",
            &hidden_size.to_string(),
            "--init",
            &init,
        ]);
        assert!(out.status.success(), "{stem}");
        let expected = std::fs::read_to_string(format!("{}/{stem}.stdout", golden_dir())).unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), expected, "{stem}");
    }
}

#[test]
fn hidden_states_equal_numpys_to_1e_12() {
    for (stem, seed, timesteps, input_size, hidden_size, init) in cases() {
        let text = std::fs::read_to_string(format!("{}/{stem}.values", golden_dir())).unwrap();
        let numpy: Vec<f64> = text
            .lines()
            .skip(1)
            .flat_map(|line| line.split(' ').map(|w| w.parse::<f64>().unwrap()))
            .collect();
        let mut rng = Mt19937::new(seed);
        let inputs = Matrix::random(timesteps, input_size, &mut rng);
        let init = if init == "xavier" {
            Init::Xavier
        } else {
            Init::Uniform
        };
        let cell = init.cell(input_size, hidden_size, &mut rng);
        let ours = cell.forward(&inputs, &Vector::zeros(hidden_size)).unwrap();
        assert_eq!(ours.shape(), (timesteps, hidden_size));
        let worst = common::max_abs_diff(ours.as_slice(), &numpy);
        assert!(worst <= 1e-12, "{stem}: off by {worst:e}");
    }
}

#[test]
fn trace_prints_each_value_of_one_timestep_as_numpy_does() {
    // tests/golden/notes_program.py, TRACE_CASES: the same labels and numpy's printing.
    for (stem, args) in [
        ("trace_seed0_step1", &["--seed", "0", "--trace"][..]),
        (
            "trace_seed0_step3",
            &["--seed", "0", "--trace-step", "3"][..],
        ),
        (
            "trace_seed7_t3_d5_h6_step2",
            &[
                "--seed",
                "7",
                "--timesteps",
                "3",
                "--input-size",
                "5",
                "--hidden-size",
                "6",
                "--trace-step",
                "2",
            ][..],
        ),
        (
            "trace_seed0_xavier_step10",
            &["--seed", "0", "--init", "xavier", "--trace-step", "10"][..],
        ),
    ] {
        let out = rnn(args);
        assert_eq!(out.status.code(), Some(0), "{stem}");
        let expected = std::fs::read_to_string(format!("{}/{stem}.stdout", golden_dir())).unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), expected, "{stem}");
    }
    // In Korean: numpy's values on the same lines, the three labels that are words in Korean.
    let out = rnn(&["--seed", "0", "--trace-step", "3", "--lang", "ko"]);
    assert_eq!(out.status.code(), Some(0));
    let korean = String::from_utf8(out.stdout).unwrap();
    let english =
        std::fs::read_to_string(format!("{}/trace_seed0_step3.stdout", golden_dir())).unwrap();
    assert_eq!(korean.lines().count(), english.lines().count());
    let differ: Vec<(&str, &str)> = korean
        .lines()
        .zip(english.lines())
        .filter(|(k, e)| k != e)
        .collect();
    assert_eq!(differ.len(), 3, "{differ:?}");
    assert!(
        korean.starts_with("시점 10개 중 t = 3, 손으로 계산하기: hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)\n")
    );
    assert!(korean.contains("Iₜ = input_t, inputs의 2번 행 (d×1 = 4×1)\n"));
    assert!(korean.contains("= output_t, 출력 Oₜ가 아니라 은닉 상태 (Dh×1 = 8×1)\n"));
    let out = rnn(&["--trace-step", "11"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: rnn: --trace-step must be a timestep from 1 to 10, got 11\n"
    );
    let out = rnn(&["--trace-step", "0"]);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: rnn: --trace-step must be a timestep from 1 to 10, got 0\n"
    );
}

#[test]
fn the_explanation_goes_to_stderr() {
    let out = rnn(&[]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("72 of 72 hidden values (100%) are above 0.999"),
        "{stderr}"
    );
    assert!(stderr.contains("--init xavier"));
    let xavier = String::from_utf8(rnn(&["--init", "xavier"]).stderr).unwrap();
    assert!(xavier.contains("0 of 72 hidden values (0%)"), "{xavier}");
}

#[test]
fn help_lists_every_flag() {
    for flag in ["--help", "-h", "help"] {
        let out = rnn(&[flag]);
        assert!(out.status.success());
        let help = String::from_utf8(out.stdout).unwrap();
        for word in [
            "--seed",
            "--timesteps",
            "--input-size",
            "--hidden-size",
            "--init",
            "--trace",
            "--trace-step",
        ] {
            assert!(help.contains(word), "{flag}: {word} missing");
        }
    }
}

#[test]
fn bad_flags_give_one_line_and_exit_code_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--seed", "abc"],
            "error: rnn: --seed must be a whole number from 0 to 4294967295, got 'abc'\n",
        ),
        (
            &["--seed", "-1"],
            "error: rnn: --seed must be a whole number from 0 to 4294967295, got '-1'\n",
        ),
        (
            &["--seed", "4294967296"],
            "error: rnn: --seed must be a whole number from 0 to 4294967295, got '4294967296'\n",
        ),
        (
            &["--timesteps", "0"],
            "error: rnn: --timesteps must be a whole number from 1 to 1000000, got 0\n",
        ),
        (
            &["--hidden-size", "1.5"],
            "error: rnn: --hidden-size must be a whole number from 1 to 4096, got '1.5'\n",
        ),
        (
            &["--input-size", "99999"],
            "error: rnn: --input-size must be a whole number from 1 to 4096, got 99999\n",
        ),
        (
            &["--init", "zeros"],
            "error: rnn: --init must be one of uniform, xavier, got 'zeros'\n",
        ),
        (
            &["--seed"],
            "error: rnn: --seed needs a value (see rnn --help)\n",
        ),
        (
            &["--sede", "3"],
            "error: rnn: unknown flag '--sede' (see rnn --help)\n",
        ),
        (
            &["seed"],
            "error: rnn: unknown program 'seed' (see rnn --help for the list)\n",
        ),
        (
            &["sentimnet"],
            "error: rnn: unknown program 'sentimnet': did you mean 'rnn sentiment'? (see rnn --help for the list)\n",
        ),
        (
            &["help", "--bogus", "1"],
            "error: rnn help: unknown flag '--bogus' (see rnn help --help)\n",
        ),
        (
            &["--seed", "1", "--seed", "2"],
            "error: rnn: --seed is given twice\n",
        ),
    ];
    for (args, message) in cases {
        let out = rnn(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(String::from_utf8(out.stderr).unwrap(), *message, "{args:?}");
    }
}

#[test]
fn the_saturation_chapter_shows_what_plot_draws_now() {
    // docs/saturation.md and its Korean twin hold the heat maps of `--plot` inline; they
    // must not drift.
    let dir = common::Scratch::new("saturation");
    for chapter in ["docs/saturation.md", "docs/ko/saturation.md"] {
        let root = env!("CARGO_MANIFEST_DIR");
        let chapter = std::fs::read_to_string(format!("{root}/{chapter}")).unwrap();
        let svgs: Vec<&str> = chapter
            .split("<svg")
            .skip(1)
            .map(|rest| &rest[..rest.find("</svg>").unwrap()])
            .collect();
        assert_eq!(svgs.len(), 2);
        for (svg, extra) in svgs.iter().zip([&[][..], &["--init", "xavier"][..]]) {
            let path = dir.join("states.svg");
            let mut args = vec!["--plot", path.to_str().unwrap()];
            args.extend_from_slice(extra);
            let out = rnn(&args);
            assert_eq!(out.status.code(), Some(0));
            let drawn = std::fs::read_to_string(&path).unwrap();
            assert_eq!(
                format!("<svg{svg}</svg>\n"),
                drawn,
                "{extra:?}: run the commands in docs/saturation.md again"
            );
        }
    }
}

/// Runs `rnn args` with the locale variables set as given (the others removed).
fn rnn_with_locale(args: &[&str], locale: &[(&str, &str)]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_rnn"));
    command.args(args);
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    command.envs(locale.iter().copied());
    command.output().unwrap()
}

#[test]
fn the_explanation_speaks_korean_with_lang_ko_or_a_korean_locale_and_stdout_stays_numpys() {
    let english = rnn_with_locale(&[], &[("LANG", "C.UTF-8")]);
    let korean = rnn_with_locale(&["--lang", "ko"], &[("LANG", "C.UTF-8")]);
    let by_locale = rnn_with_locale(&[], &[("LANG", "ko_KR.UTF-8")]);
    assert_eq!(
        korean.stdout, english.stdout,
        "stdout is numpy's in every language"
    );
    assert_eq!(by_locale.stdout, english.stdout);
    let stderr = |o: &std::process::Output| String::from_utf8(o.stderr.clone()).unwrap();
    assert!(stderr(&english).contains("72 of 72 hidden values (100%) are above 0.999"));
    assert!(
        stderr(&korean)
            .contains("시점 2부터 은닉 상태값 72개 중 72개(100%)의 절댓값이 0.999를 넘습니다")
    );
    assert_eq!(stderr(&by_locale), stderr(&korean));
    let forced = rnn_with_locale(&["--lang", "en"], &[("LC_ALL", "ko_KR.UTF-8")]);
    assert_eq!(stderr(&forced), stderr(&english));
    let wrong = rnn_with_locale(&["--lang", "fr"], &[]);
    assert_eq!(wrong.status.code(), Some(2));
    assert_eq!(
        stderr(&wrong),
        "error: rnn: --lang must be one of en, ko, got 'fr'\n"
    );
}
