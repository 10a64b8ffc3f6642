//! The command line of the `rnn` binary: one subcommand per program.

pub mod args;
pub mod notes;

use args::{Args, UsageError};

/// Runs the program named by `words` (the arguments after `rnn`).
pub fn run(words: &[String]) -> Result<(), UsageError> {
    match words.first().map(String::as_str) {
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
