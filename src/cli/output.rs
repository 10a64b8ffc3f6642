//! Writing the results: `outln!` is `println!` that returns an
//! error instead of panicking when standard output cannot be written.
//!
//! A reader who pipes a long output into `head` closes the pipe early; the program then
//! ends quietly with status 0, as `head` users expect (the part they asked for was
//! written). A full disk or another write error is a failure: one line on stderr and
//! status 1. `errln!` writes to stderr and ignores errors: there is nowhere left to report
//! them.

use super::args::{CliError, failure};
use std::io::Write;

/// `text` as a terminal should show it: a control character (ESC, BEL, a carriage
/// return, from a user's `--input` or a text the model learned) written as its escape
/// (`\u{1b}`), so that nothing printed can move the cursor or recolour the terminal. Line
/// breaks and tabs are kept where `lines` is true, escaped too where the text must stay
/// on one line (an error message).
pub fn printable(text: &str, lines: bool) -> std::borrow::Cow<'_, str> {
    let kept = |c: char| !c.is_control() || (lines && (c == '\n' || c == '\t'));
    if text.chars().all(kept) {
        return text.into();
    }
    let escape = |c: char| match kept(c) {
        true => c.to_string(),
        false => c.escape_default().to_string(),
    };
    text.chars().map(escape).collect::<String>().into()
}

/// Writes `text` to stdout as it is (a help text, already in its language; a sample of
/// generated text), each control character escaped.
pub fn write_raw(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(printable(text, true).as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => CliError {
                code: 0,
                message: String::new(),
            },
            _ => failure!("cannot write the output: {e}"),
        })
}

/// `println!` that returns `Result<(), CliError>`, in the programs' language
/// ([`lang::translate`](super::lang::translate)), each control character escaped
/// ([`printable`]).
macro_rules! outln {
    ($($arg:tt)*) => {{
        let text = $crate::cli::lang::translate(&format!("{}\n", format_args!($($arg)*)));
        $crate::cli::output::write_raw(&text)
    }};
}

/// `eprintln!` that never panics, each control character escaped ([`printable`]).
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = $crate::cli::lang::translate(&format!($($arg)*));
        let text = $crate::cli::output::printable(&text, true);
        let _ = writeln!(std::io::stderr(), "{text}");
    }};
}

pub(crate) use {errln, outln};

/// Writes each of `lines` as [`outln!`] does: a program's report.
pub fn lines(lines: &[String]) -> Result<(), CliError> {
    lines.iter().try_for_each(|line| outln!("{line}"))
}

/// A warning line on stderr when a trained model's `score` is no better than the simple
/// `baseline` printed beside it (`what` names it): the figures are real and printed, but a
/// reader should not take them for a model that learned. With a learning rate above the
/// program's default (`rates`: the one trained with, the default) the likely cause is named.
pub fn warn_if_not_better((score, baseline, what): &(f64, f64, String), rates: (f64, f64)) {
    let (learning_rate, default_rate) = rates;
    if score > baseline {
        return;
    }
    let shown = match (1e-4..1e6).contains(&learning_rate) {
        true => format!("{learning_rate}"),
        false => format!("{learning_rate:e}"),
    };
    let cause = match learning_rate > default_rate {
        true => format!(
            "; --lr {shown} is above the default {default_rate}, and a learning rate \
             too large destroys what a model learns: try a smaller --lr"
        ),
        false => String::new(),
    };
    // A figure where lower is better (a perplexity) comes negated, so that higher is better
    // here too: shown as it was printed.
    let (score, baseline) = (score.abs(), baseline.abs());
    errln!(
        "warning: the model scored {score:.3}, no better than {what} ({baseline:.3}): it has \
         not learned the task{cause}"
    );
}
