//! `rnn`: the crate's programs. With no arguments it runs the notes' numpy program
//! (`2. 파이썬으로 RNN 구현하기`); `rnn --help` lists everything there is to run.

#![forbid(unsafe_code)]

mod cli;

use cli::output::errln;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::heap::keep_freed_memory();
    let mut words: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if let Err(e) = cli::lang::choose(&mut words) {
        errln!("error: rnn: {e}");
        return ExitCode::from(2);
    }
    match cli::run(&words) {
        Ok(()) => ExitCode::SUCCESS,
        Err(cli::args::CliError::OutputClosed) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, whatever the message quotes.
            let message = cli::lang::translate(&format!("error: {e}"));
            errln!("{}", cli::output::printable(&message, false));
            ExitCode::from(e.exit_code())
        }
    }
}
