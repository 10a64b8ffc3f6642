//! A small hand-written parser for `--flag value` and `--flag=value` arguments.

use rnn_from_scratch::cells::CellKind;
use rnn_from_scratch::train::OptimizerKind;
use std::fmt;
use std::str::FromStr;

/// Why a program stopped: printed as one line on stderr.
#[derive(Debug)]
pub enum CliError {
    /// A mistake on the command line (an unknown flag, a bad value): exit code 2.
    Usage(String),
    /// A failure while running (a file that cannot be read or written, a model that will
    /// not load, a loss that is not finite): exit code 1.
    Failure(String),
}

impl CliError {
    /// 2 for a usage error, 1 for a failure while running.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Failure(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) | CliError::Failure(message) => f.write_str(message),
        }
    }
}

/// The arguments of one command, taken flag by flag; whatever is left at the end is an
/// unknown flag.
pub struct Args {
    /// The command's name, for messages (`rnn`, `rnn char-rnn train`).
    command: String,
    /// (flag, value) pairs in order; `value` is `None` for a bare `--quiet`.
    items: Vec<(String, Option<String>)>,
}

impl Args {
    /// Splits `--flag value`, `--flag=value` and bare `--flag`s. A word that does not
    /// start with `--` is the value of the flag before it.
    pub fn parse(command: &str, words: &[String]) -> Result<Args, CliError> {
        let mut items: Vec<(String, Option<String>)> = Vec::new();
        for word in words {
            if let Some(flag) = word.strip_prefix("--") {
                match flag.split_once('=') {
                    Some((name, value)) => items.push((name.to_string(), Some(value.to_string()))),
                    None => items.push((flag.to_string(), None)),
                }
            } else if word == "-h" {
                items.push(("help".to_string(), None));
            } else {
                match items.last_mut() {
                    Some((_, value @ None)) => *value = Some(word.clone()),
                    _ => {
                        return Err(CliError::Usage(format!(
                            "{command}: unexpected argument '{word}' (see {command} --help)"
                        )));
                    }
                }
            }
        }
        Ok(Args {
            command: command.to_string(),
            items,
        })
    }

    /// Removes and returns the value of `--name`, if given.
    fn take(&mut self, name: &str) -> Result<Option<String>, CliError> {
        let Some(k) = self.items.iter().position(|(flag, _)| flag == name) else {
            return Ok(None);
        };
        let (_, value) = self.items.remove(k);
        if self.items.iter().any(|(flag, _)| flag == name) {
            return Err(CliError::Usage(format!(
                "{}: --{name} is given twice",
                self.command
            )));
        }
        match value {
            Some(value) => Ok(Some(value)),
            None => Err(CliError::Usage(format!(
                "{}: --{name} needs a value (see {} --help)",
                self.command, self.command
            ))),
        }
    }

    /// `true` if the bare flag `--name` was given (once or more: `--quiet --quiet` is
    /// as quiet as `--quiet`).
    pub fn flag(&mut self, name: &str) -> Result<bool, CliError> {
        let mut given = false;
        while let Some(k) = self.items.iter().position(|(flag, _)| flag == name) {
            if let (_, Some(value)) = &self.items[k] {
                return Err(CliError::Usage(format!(
                    "{}: --{name} takes no value, got '{value}'",
                    self.command
                )));
            }
            self.items.remove(k);
            given = true;
        }
        Ok(given)
    }

    /// `--seed S`: a whole number from 0 to 4294967295 (np.random.seed's range), or 0.
    pub fn seed(&mut self) -> Result<u32, CliError> {
        self.value("seed", "a whole number from 0 to 4294967295", 0)
    }

    /// `--threads N`: how many threads share the work, 1 to 256; by default every core
    /// the machine has.
    pub fn threads(&mut self) -> Result<usize, CliError> {
        self.count(
            "threads",
            rnn_from_scratch::programs::threads::available(),
            1,
            256,
        )
    }

    /// `--cell KIND`: a kind of cell from the registry, or `rnn`.
    pub fn cell(&mut self) -> Result<CellKind, CliError> {
        let names: Vec<&str> = CellKind::ALL.iter().map(|k| k.name()).collect();
        let name = self.choice("cell", &names, "rnn")?;
        Ok(CellKind::from_name(&name).expect("every choice names a cell"))
    }

    /// The value of `--name` parsed as `T` (described as `what` in messages), or `default`.
    pub fn value<T: FromStr>(&mut self, name: &str, what: &str, default: T) -> Result<T, CliError> {
        Ok(self.optional(name, what)?.unwrap_or(default))
    }

    /// The value of `--name` parsed as `T`, or `None` if not given.
    pub fn optional<T: FromStr>(&mut self, name: &str, what: &str) -> Result<Option<T>, CliError> {
        match self.take(name)? {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                CliError::Usage(format!(
                    "{}: --{name} must be {what}, got '{text}'",
                    self.command
                ))
            }),
        }
    }

    /// A whole number in `min..=max`, or `default`.
    pub fn count(
        &mut self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, CliError> {
        let what = format!("a whole number from {min} to {max}");
        let n: usize = self.value(name, &what, default)?;
        if n < min || n > max {
            return Err(CliError::Usage(format!(
                "{}: --{name} must be {what}, got {n}",
                self.command
            )));
        }
        Ok(n)
    }

    /// A finite number greater than 0, or `default`.
    pub fn positive(&mut self, name: &str, default: f64) -> Result<f64, CliError> {
        let what = "a finite number greater than 0";
        let x: f64 = self.value(name, what, default)?;
        if !(x.is_finite() && x > 0.0) {
            return Err(CliError::Usage(format!(
                "{}: --{name} must be {what}, got {x}",
                self.command
            )));
        }
        Ok(x)
    }

    /// One of `choices`, or `default`.
    pub fn choice(
        &mut self,
        name: &str,
        choices: &[&str],
        default: &str,
    ) -> Result<String, CliError> {
        let value = self.take(name)?.unwrap_or_else(|| default.to_string());
        if !choices.contains(&value.as_str()) {
            return Err(CliError::Usage(format!(
                "{}: --{name} must be one of {}, got '{value}'",
                self.command,
                choices.join(", ")
            )));
        }
        Ok(value)
    }

    /// A comma-separated list of whole numbers in `min..=max`, or `default`.
    pub fn counts(
        &mut self,
        name: &str,
        default: &[usize],
        min: usize,
        max: usize,
    ) -> Result<Vec<usize>, CliError> {
        let Some(text) = self.take(name)? else {
            return Ok(default.to_vec());
        };
        text.split(',')
            .map(|word| match word.trim().parse::<usize>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(CliError::Usage(format!(
                    "{}: --{name} must list whole numbers from {min} to {max}, got '{word}'",
                    self.command
                ))),
            })
            .collect()
    }

    /// `--optimizer`: one of `choices` (names of [`OptimizerKind`]), or `default`.
    pub fn optimizer(
        &mut self,
        choices: &[&str],
        default: &str,
    ) -> Result<OptimizerKind, CliError> {
        let name = self.choice("optimizer", choices, default)?;
        Ok(OptimizerKind::from_name(&name).expect("every choice names an optimiser"))
    }

    /// Fails on any flag no one asked for.
    pub fn finish(self) -> Result<(), CliError> {
        match self.items.first() {
            None => Ok(()),
            Some((flag, _)) => Err(CliError::Usage(format!(
                "{}: unknown flag '--{flag}' (see {} --help)",
                self.command, self.command
            ))),
        }
    }
}
