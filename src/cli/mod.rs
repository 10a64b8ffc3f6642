//! The command line of the `rnn` binary: one subcommand per program, parsing and printing
//! only. The work is done by the library ([`rnn_from_scratch::programs`]).

pub mod args;
pub mod bench;
pub mod char_rnn;
pub mod heap;
pub mod lang;
pub mod long_memory;
pub mod notes;
pub mod output;
pub mod progress;
pub mod saving;
pub mod uses;
pub mod vanishing;

use args::{Args, CliError, usage};

use rnn_from_scratch::cells::CellKind;
use std::ffi::OsString;

/// A program of the binary: its name, one line for `rnn --help`, and how to run it.
struct Program {
    name: &'static str,
    summary: &'static str,
    run: fn(&str, &[OsString]) -> Result<(), CliError>,
}

/// Every program: `rnn --help` lists them and [`run`] dispatches on them, from this one
/// table.
const PROGRAMS: &[Program] = &[
    Program {
        name: "char-rnn",
        summary: "train a character-level language model (BPTT), or sample from one",
        run: char_rnn::run,
    },
    Program {
        name: "bench",
        summary: "time one training step: iterations/s and GFLOP/s",
        run: |command, words| with_help(command, words, help_text!("bench"), bench::run),
    },
    Program {
        name: "vanishing",
        summary: "why plain RNNs forget: gradient norms k steps back",
        run: |command, words| with_help(command, words, help_text!("vanishing"), vanishing::run),
    },
    Program {
        name: "long-memory",
        summary: "RNN, LSTM and GRU on remembering the first of T symbols",
        run: |command, words| {
            with_help(command, words, help_text!("long_memory"), long_memory::run)
        },
    },
    Program {
        name: "sentiment",
        summary: "many-to-one: sentiment of Korean movie reviews (NSMC), or generated ones",
        run: |command, words| with_help(command, words, help_text!("sentiment"), uses::sentiment),
    },
    Program {
        name: "spam",
        summary: "many-to-one: spam or ham, for English text messages (SMS Spam Collection)",
        run: |command, words| with_help(command, words, help_text!("spam"), uses::spam),
    },
    Program {
        name: "tagger",
        summary: "many-to-many: part-of-speech tagging of a treebank (CoNLL-U), or generated",
        run: |command, words| with_help(command, words, help_text!("tagger"), uses::tagger),
    },
    Program {
        name: "caption",
        summary: "one-to-many: the reading of handwritten digits (삼백칠십이), word by word",
        run: |command, words| with_help(command, words, help_text!("caption"), uses::caption),
    },
    Program {
        name: "translate",
        summary: "encoder–decoder: numbers into their Korean or English reading, and back",
        run: |command, words| with_help(command, words, help_text!("translate"), uses::translate),
    },
    Program {
        name: "chatbot",
        summary: "encoder–decoder: a Korean chatbot that answers what you say (Chatbot_data)",
        run: |command, words| with_help(command, words, help_text!("chatbot"), uses::chatbot),
    },
    Program {
        name: "help",
        summary: "this text",
        run: |command, words| {
            Args::parse(command, words)?.finish()?;
            output::write_raw(&help())
        },
    },
];

/// `rnn --help`: the notes' program, then every program of [`PROGRAMS`].
pub fn help() -> String {
    let mut text = lang::help(notes::HELP).trim_end().to_string();
    let others = lang::translate("Other programs (each has --help):");
    text.push_str(&format!("\n\n{others}\n"));
    for program in PROGRAMS {
        let summary = lang::translate(program.summary);
        text.push_str(&format!("  rnn {:<14} {summary}\n", program.name));
    }
    text
}

/// Runs the program named by `words` (the arguments after `rnn`); without one, the
/// notes' program.
pub fn run(words: &[OsString]) -> Result<(), CliError> {
    let first = words.first().map(|w| w.to_string_lossy());
    let Some(first) = first.filter(|w| !w.starts_with('-')) else {
        let mut args = Args::parse("rnn", words)?;
        return match args.flag("help")? {
            true => output::write_raw(&help()),
            false => notes::run(args),
        };
    };
    if let Some(program) = PROGRAMS.iter().find(|p| p.name == first) {
        return (program.run)(&format!("rnn {first}"), &words[1..]);
    }
    let distance = |p: &&Program| edit_distance(p.name, &first);
    let hint = match PROGRAMS.iter().min_by_key(distance) {
        Some(p) if distance(&p) <= 2 => format!(": did you mean 'rnn {}'?", p.name),
        _ => String::new(),
    };
    Err(usage!(
        "rnn: unknown program '{first}'{hint} (see rnn --help for the list)"
    ))
}

/// A program run on its flags.
pub type Run = fn(Args) -> Result<(), CliError>;

/// Parses `words` for `command`, answering `--help` with `help`, else running `run`.
pub fn with_help(command: &str, words: &[OsString], help: Help, run: Run) -> Result<(), CliError> {
    let mut args = Args::parse(command, words)?;
    match args.flag("help")? {
        true => show_help(help),
        false => run(args),
    }
}

/// A program's help text, in English and in Korean (`help/NAME.txt`, `help/NAME.ko.txt`).
pub type Help = (&'static str, &'static str);

/// The [`Help`] of `help/NAME.txt` and its Korean twin.
macro_rules! help_text {
    ($name:literal) => {
        (
            include_str!(concat!("help/", $name, ".txt")),
            include_str!(concat!("help/", $name, ".ko.txt")),
        )
    };
}
pub(crate) use help_text;

/// Prints a help text in the programs' language, `{cells}` replaced by the registry's kinds
/// of cell (`rnn|lstm|gru`), so that no help text lists them by hand.
pub fn show_help(help: Help) -> Result<(), CliError> {
    let kinds: Vec<&str> = CellKind::ALL.iter().map(|k| k.name()).collect();
    // Written as it is: a help text is already in its language.
    output::write_raw(&lang::help(help).replace("{cells}", &kinds.join("|")))
}

/// Writes a plot or a page (`--plot`, `--html`) to `path`, its text in the programs'
/// language; a failure is `command`'s.
pub fn write_page(command: &str, path: &std::path::Path, markup: &str) -> Result<(), CliError> {
    let markup = lang::translate_markup(markup);
    let written = rnn_from_scratch::io::save::write_atomically(path, markup.as_bytes());
    written.map_err(|e| args::failure!("{command}: {e}"))
}

/// How many single-character insertions, deletions or substitutions turn `a` into `b`
/// (Levenshtein), to suggest the program a typo meant.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Refuses, before anything is allocated, a run whose arrays (the bytes of a program's
/// [`Need`](rnn_from_scratch::programs::uses::frame::Need), estimated by
/// [`rnn_from_scratch::programs::memory`]) would not fit in the memory the machine has free:
/// a usage error naming what the memory is for and the flags to lower.
pub fn check_memory(command: &str, need: (u128, &str, &str)) -> Result<(), CliError> {
    let (bytes, what, flags) = need;
    use rnn_from_scratch::io::memory::{available, check};
    check(bytes, available(), what, flags).map_err(|e| usage!("{command}: {e}"))
}
