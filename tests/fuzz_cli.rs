//! The binary against hostile command lines: random programs, random flags (known,
//! misspelt, repeated) and random values (negative, huge, NaN, empty, not UTF-8, a folder
//! where a file is wanted…), seeded and bounded. Whatever happens: no panic (exit code
//! 101), no death by a signal, and every refusal is one line on stderr that starts with
//! `error: `. A run still going after half a second was accepted and is stopped: the test
//! is about refusals, not about how long a valid request takes.

mod common;

use rnn_from_scratch::Mt19937;
use std::ffi::OsString;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PROGRAMS: [&[&str]; 11] = [
    &[],
    &["char-rnn", "train"],
    &["char-rnn", "sample"],
    &["bench"],
    &["vanishing"],
    &["long-memory"],
    &["sentiment"],
    &["tagger"],
    &["caption"],
    &["translate"],
    &["help"],
];

const FLAGS: [&str; 47] = [
    "seed",
    "timesteps",
    "input-size",
    "hidden-size",
    "init",
    "text",
    "cell",
    "hidden",
    "seq-len",
    "lr",
    "optimizer",
    "iters",
    "clip",
    "save",
    "sample-every",
    "plot",
    "quiet",
    "load",
    "prompt",
    "len",
    "temperature",
    "vocab",
    "seconds",
    "literal",
    "lengths",
    "steps",
    "batch",
    "threads",
    "language",
    "epochs",
    "bidirectional",
    "layers",
    "max-text-mb",
    "generated",
    "train",
    "test",
    "to",
    "reverse",
    "input",
    "held-out",
    "help",
    "hiden",
    "sede",
    "",
    "-",
    "quiet=1",
    "text=",
];

/// A hostile value: `dir` is a scratch folder for file-like values.
fn value(rng: &mut Mt19937, dir: &std::path::Path) -> OsString {
    let texts = [
        "0",
        "-1",
        "1",
        "2",
        "3",
        "1e18",
        "1e308",
        "-0",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "",
        " ",
        "4294967296",
        "18446744073709551616",
        "1.5",
        "0x10",
        "rnn",
        "lstm",
        "gru",
        "transformer",
        "adam",
        "sgd",
        "ko",
        "fr",
        "xavier",
        "5,10",
        "5,,10",
        "a,b",
        "1e-310",
        "99999999999999999999999",
        "--quiet",
        "모델",
        "/dev/null",
        "/dev/zero",
        "/",
    ];
    match rng.below(5) {
        0 => OsString::from(dir.join("missing.txt")),
        1 => OsString::from(dir.as_os_str()),
        2 => non_utf8(),
        _ => OsString::from(texts[rng.below(texts.len())]),
    }
}

#[cfg(unix)]
fn non_utf8() -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(vec![0xff, b'.', b't', b'x', b't'])
}

#[cfg(not(unix))]
fn non_utf8() -> OsString {
    OsString::from("\u{fffd}.txt")
}

/// How a run ended: its exit code, its stderr, and whether a signal killed it.
type Ending = (Option<i32>, String, bool);

/// Runs `rnn args`, stopping it after `limit`; returns how it ended, or `None` if it was
/// stopped (still running: a valid request).
fn run(args: &[OsString], limit: Duration) -> Option<Ending> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rnn"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            let killed_by_signal = status.code().is_none();
            return Some((
                status.code(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
                killed_by_signal,
            ));
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn hostile_command_lines_are_refused_in_one_line_never_with_a_panic() {
    let dir = common::Scratch::new("fuzz");
    let cases: Vec<Vec<OsString>> = {
        let mut rng = Mt19937::new(2026);
        (0..240)
            .map(|_| {
                let mut args: Vec<OsString> = PROGRAMS[rng.below(PROGRAMS.len())]
                    .iter()
                    .map(OsString::from)
                    .collect();
                for _ in 0..1 + rng.below(4) {
                    let flag = FLAGS[rng.below(FLAGS.len())];
                    args.push(OsString::from(format!("--{flag}")));
                    if rng.below(4) != 0 {
                        args.push(value(&mut rng, &dir));
                    }
                }
                args
            })
            .collect()
    };
    // Four at a time: the runs mostly wait on process start-up.
    let outcomes: Vec<(Vec<OsString>, Option<Ending>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .chunks(cases.len().div_ceil(4))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|args| (args.clone(), run(args, Duration::from_millis(500))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let mut refused = 0;
    for (args, outcome) in &outcomes {
        let Some((code, stderr, killed_by_signal)) = outcome else {
            continue;
        };
        assert!(!killed_by_signal, "{args:?} died by a signal:\n{stderr}");
        assert_ne!(*code, Some(101), "{args:?} panicked:\n{stderr}");
        if *code == Some(2) {
            refused += 1;
            assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        }
        if *code != Some(0) {
            let last = stderr.lines().last().unwrap_or("");
            assert!(last.starts_with("error: "), "{args:?}: {stderr}");
        }
    }
    let stopped = outcomes.iter().filter(|(_, o)| o.is_none()).count();
    println!(
        "{refused} refused, {stopped} still running at 0.5 s, of {}",
        outcomes.len()
    );
    // Whether the fuzzer is hostile, judged on the runs that ended: how many ended within
    // the limit depends on how busy the machine is, never what they answered.
    let ended = outcomes.len() - stopped;
    assert!(
        refused * 2 > ended,
        "only {refused} of the {ended} runs that ended were refused: is the fuzzer hostile?"
    );
}
