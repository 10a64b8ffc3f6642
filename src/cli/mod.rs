//! The command line of the `rnn` binary: one subcommand per program.

pub mod args;
pub mod bench;
pub mod char_rnn;
pub mod corpus;
pub mod long_memory;
pub mod notes;
pub mod progress;
pub mod shapes;
pub mod vanishing;

use args::{Args, UsageError};

/// Runs the program named by `words` (the arguments after `rnn`).
pub fn run(words: &[String]) -> Result<(), UsageError> {
    match words.first().map(String::as_str) {
        Some("char-rnn") => char_rnn::run(&words[1..]),
        Some("long-memory") => with_help(
            "rnn long-memory",
            &words[1..],
            long_memory::HELP,
            long_memory::run,
        ),
        Some("sentiment") => with_help(
            "rnn sentiment",
            &words[1..],
            shapes::SENTIMENT_HELP,
            shapes::sentiment,
        ),
        Some("caption") => with_help(
            "rnn caption",
            &words[1..],
            shapes::CAPTION_HELP,
            shapes::caption,
        ),
        Some("tagger") => with_help(
            "rnn tagger",
            &words[1..],
            shapes::TAGGER_HELP,
            shapes::tagger,
        ),
        Some("vanishing") => with_help(
            "rnn vanishing",
            &words[1..],
            vanishing::HELP,
            vanishing::run,
        ),
        Some("bench") => with_help("rnn bench", &words[1..], bench::HELP, bench::run),
        Some("help") => {
            print!("{}", notes::HELP);
            Ok(())
        }
        _ => {
            let mut args = Args::parse("rnn", words)?;
            if args.flag("help")? {
                print!("{}", notes::HELP);
                return Ok(());
            }
            notes::run(args)
        }
    }
}

/// Parses `words` for `command`, answering `--help` with `help`, else running `run`.
fn with_help(
    command: &str,
    words: &[String],
    help: &str,
    run: fn(Args) -> Result<(), UsageError>,
) -> Result<(), UsageError> {
    let mut args = Args::parse(command, words)?;
    if args.flag("help")? {
        print!("{help}");
        return Ok(());
    }
    run(args)
}
