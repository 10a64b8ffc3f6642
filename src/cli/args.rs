//! A small hand-written parser for `--flag value` and `--flag=value` arguments.

use rnn_from_scratch::cells::CellKind;
use rnn_from_scratch::io::folder::check_writable;
pub use rnn_from_scratch::io::text::quoted;
use rnn_from_scratch::train::OptimizerKind;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::str::FromStr;

/// Why a program stopped: its message, printed as one line on stderr, and the exit code: 2
/// for a mistake on the command line (an unknown flag, a bad value), 1 for a failure while
/// running (a file that cannot be read or written, a model that will not load, a loss that
/// is not finite), 0 when whoever read the output closed it (`rnn … | head`): stop quietly.
#[derive(Debug)]
pub struct CliError {
    /// 2, 1 or 0, as above.
    pub code: u8,
    /// The one line to print (none for code 0).
    pub message: String,
}

/// `CliError` with code 2 and the message `format!(…)`: a mistake on the command line.
macro_rules! usage {
    ($($arg:tt)*) => {
        $crate::cli::args::CliError { code: 2, message: format!($($arg)*) }
    };
}

/// `CliError` with code 1 and the message `format!(…)`: a failure while running.
macro_rules! failure {
    ($($arg:tt)*) => {
        $crate::cli::args::CliError { code: 1, message: format!($($arg)*) }
    };
}

pub(crate) use {failure, usage};

/// What reading the flags gives: a value, or why the program stops.
pub type Read<T> = Result<T, CliError>;

/// The arguments of one command, taken flag by flag; whatever is left at the end is an
/// unknown flag.
pub struct Args {
    /// The command's name, for messages (`rnn`, `rnn char-rnn train`).
    command: String,
    /// (flag, value) pairs in order; `value` is `None` for a bare `--quiet`. A value is
    /// an `OsString`: a file name need not be UTF-8.
    items: Vec<(String, Option<OsString>)>,
}

impl Args {
    /// Splits `--flag value`, `--flag=value` and bare `--flag`s. A word that does not
    /// start with `--` is the value of the flag before it. Words need not be UTF-8 (a
    /// file name on Linux may be any bytes); flag names must be.
    pub fn parse(command: &str, words: &[OsString]) -> Read<Args> {
        let mut items: Vec<(String, Option<OsString>)> = Vec::new();
        for word in words {
            if let Some((name, value)) = split_flag(command, word)? {
                items.push((name, value));
            } else if word == "-h" {
                items.push(("help".to_string(), None));
            } else if let Some((_, value @ None)) = items.last_mut() {
                *value = Some(word.clone());
            } else {
                let word = quoted(&word.to_string_lossy());
                return Err(usage!(
                    "{command}: unexpected argument {word} (see {command} --help)"
                ));
            }
        }
        Ok(Args {
            command: command.to_string(),
            items,
        })
    }

    /// Removes and returns the value of `--name` as text, if given.
    fn take(&mut self, name: &str) -> Read<Option<String>> {
        let text = self.take_os(name)?.map(OsString::into_string).transpose();
        let command = &self.command;
        text.map_err(|value| {
            let value = quoted(&value.to_string_lossy());
            usage!("{command}: --{name} must be text (UTF-8), got {value}")
        })
    }

    /// `--name FILE`: a path, which need not be UTF-8; `None` if not given.
    pub fn path(&mut self, name: &str) -> Read<Option<PathBuf>> {
        let path = self.take_os(name)?.map(PathBuf::from);
        if path.as_ref().is_some_and(|p| p.as_os_str().is_empty()) {
            let what = ["file", "folder"][usize::from(matches!(name, "save" | "load"))];
            return Err(usage!("{}: --{name} needs a {what} name", self.command));
        }
        Ok(path)
    }

    /// `--name FILE` for a file the program writes (`--plot`, `--html`), checked now, before
    /// any work, so that a long run does not fail at its end: its folder exists and can be
    /// written in, and a file already there may be written by this user (exit code 1 if
    /// not; see [`check_writable`]).
    pub fn output(&mut self, name: &str) -> Read<Option<PathBuf>> {
        let path = self.path(name)?;
        if let Some(path) = &path {
            check_writable(path).map_err(|e| failure!("{}: --{name} {e}", self.command))?;
        }
        Ok(path)
    }

    /// Removes and returns the value of `--name`, if given, as the bytes the shell passed.
    fn take_os(&mut self, name: &str) -> Read<Option<OsString>> {
        let Some(k) = self.items.iter().position(|(flag, _)| flag == name) else {
            return Ok(None);
        };
        let (_, value) = self.items.remove(k);
        if self.items.iter().any(|(flag, _)| flag == name) {
            return Err(usage!("{}: --{name} is given twice", self.command));
        }
        let command = &self.command;
        value
            .map(Some)
            .ok_or_else(|| usage!("{command}: --{name} needs a value (see {command} --help)"))
    }

    /// The value of `--name` as text, if given, left for whoever takes it.
    pub fn peek(&self, name: &str) -> Option<String> {
        let (_, value) = self.items.iter().find(|(flag, _)| flag == name)?;
        value.as_ref().and_then(|v| v.to_str()).map(String::from)
    }

    /// `true` if `--name` was given, with or without a value (nothing is taken).
    pub fn has(&self, name: &str) -> bool {
        self.items.iter().any(|(flag, _)| flag == name)
    }

    /// `true` if the bare flag `--name` was given (once or more: `--quiet --quiet` is
    /// as quiet as `--quiet`).
    pub fn flag(&mut self, name: &str) -> Read<bool> {
        let mut given = false;
        while let Some(k) = self.items.iter().position(|(flag, _)| flag == name) {
            if let (_, Some(value)) = &self.items[k] {
                let (command, value) = (&self.command, quoted(&value.to_string_lossy()));
                return Err(usage!("{command}: --{name} takes no value, got {value}"));
            }
            self.items.remove(k);
            given = true;
        }
        Ok(given)
    }

    /// `--seed S`: a whole number from 0 to 4294967295 (np.random.seed's range), or 0.
    pub fn seed(&mut self) -> Read<u32> {
        let what = "a whole number from 0 to 4294967295";
        Ok(self.optional("seed", what)?.unwrap_or(0))
    }

    /// `--threads N`: how many threads share the work, 1 to 256; by default every core
    /// the machine has.
    pub fn threads(&mut self) -> Read<usize> {
        let every_core = rnn_from_scratch::train::threads::available();
        self.count("threads", every_core, 1, 256)
    }

    /// `--cell KIND`: a kind of cell from the registry, or `default`.
    pub fn cell_or(&mut self, default: CellKind) -> Read<CellKind> {
        let names: Vec<&str> = CellKind::ALL.iter().map(|k| k.name()).collect();
        let name = self.choice("cell", &names, default.name())?;
        Ok(CellKind::from_name(&name).expect("every choice names a cell"))
    }

    /// The value of `--name` parsed as `T`, or `None` if not given.
    pub fn optional<T: FromStr>(&mut self, name: &str, what: &str) -> Read<Option<T>> {
        let Some(text) = self.take(name)? else {
            return Ok(None);
        };
        let command = &self.command;
        let wrong = || usage!("{command}: --{name} must be {what}, got {}", quoted(&text));
        text.parse().map(Some).map_err(|_| wrong())
    }

    /// A whole number in `min..=max`, or `default`.
    pub fn count(&mut self, name: &str, default: usize, min: usize, max: usize) -> Read<usize> {
        let what = format!("a whole number from {min} to {max}");
        self.number(name, default, &what, |n| (min..=max).contains(&n))
    }

    /// A finite number greater than 0, or `default`.
    pub fn positive(&mut self, name: &str, default: f64) -> Read<f64> {
        let ok = |x: f64| x.is_finite() && x > 0.0;
        self.number(name, default, "a finite number greater than 0", ok)
    }

    /// A finite number ≥ 0, or `default`.
    pub fn at_least_zero(&mut self, name: &str, default: f64) -> Read<f64> {
        let ok = |x: f64| x.is_finite() && x >= 0.0;
        self.number(name, default, "a number ≥ 0", ok)
    }

    /// A dropout rate: a number from 0 up to (not including) 1, or `default`.
    pub fn rate(&mut self, name: &str, default: f64) -> Read<f64> {
        let what = "a number from 0 up to, not including, 1";
        self.number(name, default, what, |x| (0.0..1.0).contains(&x))
    }

    /// A value of `--name` for which `ok` holds (described as `what` in the message), or
    /// `default`.
    pub fn number<T: FromStr + std::fmt::Display + Copy>(
        &mut self,
        name: &str,
        default: T,
        what: &str,
        ok: impl Fn(T) -> bool,
    ) -> Read<T> {
        let x = self.optional(name, what)?.unwrap_or(default);
        match ok(x) {
            true => Ok(x),
            false => Err(usage!("{}: --{name} must be {what}, got {x}", self.command)),
        }
    }

    /// One of `choices`, or `default`.
    pub fn choice(&mut self, name: &str, choices: &[&str], default: &str) -> Read<String> {
        let value = self.take(name)?.unwrap_or_else(|| default.to_string());
        let (command, all, got) = (&self.command, choices.join(", "), quoted(&value));
        match choices.contains(&value.as_str()) {
            true => Ok(value),
            false => Err(usage!(
                "{command}: --{name} must be one of {all}, got {got}"
            )),
        }
    }

    /// A comma-separated list of whole numbers in `min..=max`, or `default`.
    pub fn counts(
        &mut self,
        name: &str,
        default: &[usize],
        min: usize,
        max: usize,
    ) -> Read<Vec<usize>> {
        let Some(text) = self.take(name)? else {
            return Ok(default.to_vec());
        };
        text.split(',')
            .map(|word| match word.trim().parse::<usize>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(usage!(
                    "{}: --{name} must list whole numbers from {min} to {max}, got {}",
                    self.command,
                    quoted(word)
                )),
            })
            .collect()
    }

    /// `--optimizer`: one of `choices` (names of [`OptimizerKind`]), or `default`.
    pub fn optimizer(&mut self, choices: &[&str], default: &str) -> Read<OptimizerKind> {
        let name = self.choice("optimizer", choices, default)?;
        Ok(OptimizerKind::from_name(&name).expect("every choice names an optimiser"))
    }

    /// Fails on any flag no one asked for.
    pub fn finish(self) -> Read<()> {
        let command = &self.command;
        match self.items.first() {
            None => Ok(()),
            Some((flag, _)) if flag == "dropout" => Err(usage!(
                "{command}: --dropout is not a flag here: dropout is for training on real data: \
                 rnn sentiment, and rnn tagger --train"
            )),
            Some((flag, _)) => {
                let flag = quoted(&format!("--{flag}"));
                Err(usage!(
                    "{command}: unknown flag {flag} (see {command} --help)"
                ))
            }
        }
    }
}

/// `--name=value` → (name, Some(value)), `--name` → (name, None), anything else → None.
/// The value keeps the shell's bytes; the name must be UTF-8.
fn split_flag(command: &str, word: &OsStr) -> Read<Option<(String, Option<OsString>)>> {
    let bytes = word.as_encoded_bytes();
    let Some(rest) = bytes.strip_prefix(b"--") else {
        return Ok(None);
    };
    let mut parts = rest.splitn(2, |&b| b == b'=');
    let (name, value) = (parts.next().unwrap_or_default(), parts.next());
    let flag = quoted(&word.to_string_lossy());
    let name = std::str::from_utf8(name)
        .map_err(|_| usage!("{command}: unknown flag {flag} (see {command} --help)"))?;
    let value = value
        .map(|v| os_string_from(command, name, v))
        .transpose()?;
    Ok(Some((name.to_string(), value)))
}

/// The `OsString` of the bytes after `--name=`.
#[cfg(unix)]
fn os_string_from(_command: &str, _name: &str, value: &[u8]) -> Read<OsString> {
    use std::os::unix::ffi::OsStrExt;
    Ok(OsStr::from_bytes(value).to_os_string())
}

/// The `OsString` of the bytes after `--name=` (UTF-8 only, off Unix).
#[cfg(not(unix))]
fn os_string_from(command: &str, name: &str, value: &[u8]) -> Read<OsString> {
    match std::str::from_utf8(value) {
        Ok(text) => Ok(OsString::from(text)),
        Err(_) => Err(usage!(
            "{command}: --{name}=VALUE must be UTF-8 here; give it as --{name} VALUE"
        )),
    }
}
