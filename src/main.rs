//! `rnn`: the crate's programs. With no arguments it runs the notes' numpy program
//! (`2. 파이썬으로 RNN 구현하기`); `rnn --help` lists everything there is to run.

#![forbid(unsafe_code)]

mod cli;

use cli::output::errln;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::heap::keep_freed_memory();
    let mut words: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let chosen = cli::lang::choose(&mut words).map_err(|e| cli::args::usage!("rnn: {e}"));
    match chosen.and_then(|()| cli::run(&words)) {
        Err(cli::args::CliError { code, message }) if code > 0 => {
            // One line, whatever the message quotes.
            let message = cli::lang::translate(&format!("error: {message}"));
            errln!("{}", cli::output::printable(&message, false));
            ExitCode::from(code)
        }
        _ => ExitCode::SUCCESS,
    }
}
