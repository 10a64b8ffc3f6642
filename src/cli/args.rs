//! A small hand-written parser for `--flag value` and `--flag=value` arguments.

use rnn_from_scratch::train::char_rnn::OptimizerKind;
use std::fmt;
use std::str::FromStr;

/// A command-line mistake: printed as one line on stderr, exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for UsageError {
    fn from(message: String) -> UsageError {
        UsageError(message)
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
    pub fn parse(command: &str, words: &[String]) -> Result<Args, UsageError> {
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
                        return Err(UsageError(format!(
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
    fn take(&mut self, name: &str) -> Result<Option<String>, UsageError> {
        let Some(k) = self.items.iter().position(|(flag, _)| flag == name) else {
            return Ok(None);
        };
        let (_, value) = self.items.remove(k);
        if self.items.iter().any(|(flag, _)| flag == name) {
            return Err(UsageError(format!(
                "{}: --{name} is given twice",
                self.command
            )));
        }
        match value {
            Some(value) => Ok(Some(value)),
            None => Err(UsageError(format!(
                "{}: --{name} needs a value (see {} --help)",
                self.command, self.command
            ))),
        }
    }

    /// `true` if the bare flag `--name` was given.
    pub fn flag(&mut self, name: &str) -> Result<bool, UsageError> {
        let Some(k) = self.items.iter().position(|(flag, _)| flag == name) else {
            return Ok(false);
        };
        if let (_, Some(value)) = &self.items[k] {
            return Err(UsageError(format!(
                "{}: --{name} takes no value, got '{value}'",
                self.command
            )));
        }
        self.items.remove(k);
        Ok(true)
    }

    /// The value of `--name` parsed as `T` (described as `what` in messages), or `default`.
    pub fn value<T: FromStr>(
        &mut self,
        name: &str,
        what: &str,
        default: T,
    ) -> Result<T, UsageError> {
        Ok(self.optional(name, what)?.unwrap_or(default))
    }

    /// The value of `--name` parsed as `T`, or `None` if not given.
    pub fn optional<T: FromStr>(
        &mut self,
        name: &str,
        what: &str,
    ) -> Result<Option<T>, UsageError> {
        match self.take(name)? {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                UsageError(format!(
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
    ) -> Result<usize, UsageError> {
        let what = format!("a whole number from {min} to {max}");
        let n: usize = self.value(name, &what, default)?;
        if n < min || n > max {
            return Err(UsageError(format!(
                "{}: --{name} must be {what}, got {n}",
                self.command
            )));
        }
        Ok(n)
    }

    /// A finite number greater than 0, or `default`.
    pub fn positive(&mut self, name: &str, default: f64) -> Result<f64, UsageError> {
        let what = "a finite number greater than 0";
        let x: f64 = self.value(name, what, default)?;
        if !(x.is_finite() && x > 0.0) {
            return Err(UsageError(format!(
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
    ) -> Result<String, UsageError> {
        let value = self.take(name)?.unwrap_or_else(|| default.to_string());
        if !choices.contains(&value.as_str()) {
            return Err(UsageError(format!(
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
    ) -> Result<Vec<usize>, UsageError> {
        let Some(text) = self.take(name)? else {
            return Ok(default.to_vec());
        };
        text.split(',')
            .map(|word| match word.trim().parse::<usize>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(UsageError(format!(
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
    ) -> Result<OptimizerKind, UsageError> {
        let name = self.choice("optimizer", choices, default)?;
        Ok(OptimizerKind::from_name(&name).expect("every choice names an optimiser"))
    }

    /// Fails on any flag no one asked for.
    pub fn finish(self) -> Result<(), UsageError> {
        match self.items.first() {
            None => Ok(()),
            Some((flag, _)) => Err(UsageError(format!(
                "{}: unknown flag '--{flag}' (see {} --help)",
                self.command, self.command
            ))),
        }
    }
}
