//! Movie reviews in NSMC's format (the Naver Sentiment Movie Corpus, the data set the
//! notes' book trains its Korean sentiment model on): a header line, then one review a
//! line, `id<TAB>document<TAB>label`, label 0 (negative) or 1 (positive).
//!
//! ```text
//! id<TAB>document<TAB>label
//! 1001<TAB>배우들 연기가 좋았다<TAB>1
//! ```

use super::data::{DataError, read_with, some};
use std::path::Path;

/// A balanced sample of NSMC-format reviews committed with the crate
/// (`docs/data/nsmc/sample.txt`, 20,000 reviews, 1.9 MB; `docs/data/SOURCES.md`): what
/// `rnn sentiment` and the tests use when no file is given. Its first [`SAMPLE_TRAIN`]
/// reviews train, the rest score.
pub const SAMPLE: &str = include_str!("../../docs/data/nsmc/sample.txt");

/// How many of [`SAMPLE`]'s reviews are for training; the other 4,000 are held out.
pub const SAMPLE_TRAIN: usize = 16_000;

/// [`SAMPLE`]'s reviews.
///
/// # Examples
///
/// ```
/// let sample = rnn_from_scratch::io::reviews::sample();
/// assert_eq!(sample.len(), 20_000);
/// assert_eq!(sample.iter().filter(|r| r.positive).count(), 10_000); // balanced
/// ```
pub fn sample() -> Vec<Review> {
    parse(SAMPLE, "docs/data/nsmc/sample.txt").expect("the committed sample is well formed")
}

/// One labelled review.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::reviews::parse;
/// let reviews = parse("id\tdocument\tlabel\n1\t재밌다\t1\n", "r.txt")?;
/// assert_eq!((reviews[0].text.as_str(), reviews[0].positive), ("재밌다", true));
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The document, as written (it may be empty: NSMC has a few empty reviews).
    pub text: String,
    /// Label 1.
    pub positive: bool,
}

/// Reads a review file (see [`parse`]).
///
/// # Errors
///
/// A file that cannot be read or is not UTF-8 (`reviews.txt: No such file or directory`),
/// and [`parse`]'s errors.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::reviews::read;
/// let err = read(std::path::Path::new("no-such-file.txt")).unwrap_err();
/// assert!(err.to_string().starts_with("no-such-file.txt: cannot read it: "));
/// ```
pub fn read(path: &Path) -> Result<Vec<Review>, DataError> {
    read_with(path, parse)
}

/// The reviews of a file's text (`name` is the file's, for messages). The header line is
/// required (`id<TAB>document<TAB>label`); a line ending in `\r\n` is read as `\n`.
///
/// # Errors
///
/// One message naming the file, the line and what was expected:
/// `r.txt: line 3: expected 3 tab-separated columns (id, document, label), got 2`,
/// `r.txt: line 2: the label must be 0 or 1, got 'x'`, a missing header
/// (`r.txt: line 1: expected the header 'id<TAB>document<TAB>label', got '…'`), or a
/// file with no review (`r.txt: no reviews (an empty file, or only the header)`).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::reviews::parse;
/// let err = parse("id\tdocument\tlabel\n1\tno label here\n", "r.txt").unwrap_err();
/// assert_eq!(err.to_string(), "r.txt: line 2: expected 3 tab-separated columns (id, document, label), got 2");
/// let err = parse("", "r.txt").unwrap_err();
/// assert_eq!(err.to_string(), "r.txt: no reviews (an empty file, or only the header)");
/// ```
pub fn parse(text: &str, name: &str) -> Result<Vec<Review>, DataError> {
    let mut lines = (1..).zip(text.lines());
    if let Some((_, header)) = lines.next()
        && header.trim_end() != "id\tdocument\tlabel"
    {
        let shown: String = header.chars().take(40).collect();
        return Err(DataError::new(format!(
            "{name}: line 1: expected the header 'id<TAB>document<TAB>label', got '{shown}'"
        )));
    }
    let mut reviews = Vec::new();
    for (at, line) in lines {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() != 3 {
            return Err(DataError::new(format!(
                "{name}: line {at}: expected 3 tab-separated columns (id, document, label), got {}",
                columns.len()
            )));
        }
        let positive = match columns[2] {
            "0" => false,
            "1" => true,
            other => {
                return Err(DataError::new(format!(
                    "{name}: line {at}: the label must be 0 or 1, got '{other}'"
                )));
            }
        };
        reviews.push(Review {
            text: columns[1].to_string(),
            positive,
        });
    }
    some(reviews, name, "reviews (an empty file, or only the header)")
}

/// The SMS Spam Collection's messages as it gives them (UCI's format: `label<TAB>message`,
/// label `ham` or `spam`, no header), read as reviews whose `positive` says spam: the
/// committed 4,500 (`docs/data/spam/SMSSpamCollection.dev`).
pub const SMS: &str = include_str!("../../docs/data/spam/SMSSpamCollection.dev");

/// The messages of an SMS Spam Collection file's text (`name` is the file's, for messages):
/// each a [`Review`] whose `positive` is true for spam.
///
/// # Errors
///
/// A line without a tab, a label other than `ham` or `spam`
/// (`s.txt: line 2: the label must be ham or spam, got 'eggs'`), or no message.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::reviews::parse_sms;
/// let messages = parse_sms("ham\tsee you at 6\nspam\tWIN a prize! txt 8080\n", "s.txt")?;
/// assert_eq!((messages.len(), messages[1].positive), (2, true));
/// let err = parse_sms("ham\tok\neggs\tspam\n", "s.txt").unwrap_err();
/// assert_eq!(err.to_string(), "s.txt: line 2: the label must be ham or spam, got 'eggs'");
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn parse_sms(text: &str, name: &str) -> Result<Vec<Review>, DataError> {
    let mut messages = Vec::new();
    for (at, line) in (1..).zip(text.lines()).filter(|(_, l)| !l.is_empty()) {
        let Some((label, message)) = line.split_once('\t') else {
            return Err(DataError::new(format!(
                "{name}: line {at}: expected a label, a tab and the message"
            )));
        };
        let spam = match label {
            "ham" => false,
            "spam" => true,
            other => {
                return Err(DataError::new(format!(
                    "{name}: line {at}: the label must be ham or spam, got '{other}'"
                )));
            }
        };
        messages.push(Review {
            text: message.to_string(),
            positive: spam,
        });
    }
    some(messages, name, "messages (an empty file)")
}

/// Reads an SMS Spam Collection file ([`parse_sms`]), as every data file is read.
///
/// # Errors
///
/// As [`parse_sms`], or a file that cannot be read.
pub fn read_sms(path: &Path) -> Result<Vec<Review>, DataError> {
    read_with(path, parse_sms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_header_and_crlf_lines() {
        let err = parse("1\tgood\t1\n", "r.txt").unwrap_err();
        assert_eq!(
            err.to_string(),
            "r.txt: line 1: expected the header 'id<TAB>document<TAB>label', got '1\tgood\t1'"
        );
        let reviews = parse("id\tdocument\tlabel\r\n1\t\t0\r\n2\tgood\t1\r\n", "r.txt").unwrap();
        assert_eq!(reviews.len(), 2);
        assert_eq!(reviews[0].text, ""); // an empty review is kept: the caller decides
        assert!(reviews[1].positive);
    }
}
