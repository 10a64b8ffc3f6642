//! Writing the results: `outln!` and `out!` are `println!` and `print!` that return an
//! error instead of panicking when standard output cannot be written.
//!
//! A reader who pipes a long output into `head` closes the pipe early; the program then
//! ends quietly with status 0, as `head` users expect (the part they asked for was
//! written). A full disk or another write error is a failure: one line on stderr and
//! status 1. `errln!` writes to stderr and ignores errors: there is nowhere left to report
//! them.

use super::args::CliError;
use std::io::Write;

/// Writes `text` to stdout (no newline added), as [`outln!`] and [`out!`] do.
pub fn write(text: std::fmt::Arguments) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_fmt(text)
        .and_then(|()| stdout.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => CliError::OutputClosed,
            _ => CliError::Failure(format!("cannot write the output: {e}")),
        })
}

/// `println!` that returns `Result<(), CliError>`.
macro_rules! outln {
    () => {
        $crate::cli::output::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::output::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` that returns `Result<(), CliError>`.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::output::write(format_args!($($arg)*))
    };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub(crate) use {errln, out, outln};
