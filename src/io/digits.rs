//! Handwritten digits as 8×8 images (the UCI "Optical Recognition of Handwritten Digits"
//! set): one image a line, 64 pixel values from 0 to 16 (row by row) then the digit,
//! comma-separated.

use super::data::{DataError, read_with, some};
use std::path::Path;

/// The digits file committed with the crate (`docs/data/digits/digits.csv`, 1,797
/// images, 265 KB; `docs/data/SOURCES.md`): what `rnn caption --digits` reads by default.
pub const DIGITS: &str = include_str!("../../docs/data/digits/digits.csv");

/// One 8×8 image of a handwritten digit.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::digits::parse;
/// let line = format!("{},7", ["0"; 64].join(","));
/// let digits = parse(&line, "d.csv")?;
/// assert_eq!((digits[0].digit, digits[0].pixels.len()), (7, 64));
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digit {
    /// 64 values from 0 (white) to 16 (black), row by row.
    pub pixels: Vec<u8>,
    /// The digit it shows, 0 to 9.
    pub digit: usize,
}

/// Reads a digits file (see [`parse`]).
///
/// # Errors
///
/// A file that cannot be read or is not UTF-8 (`d.csv: cannot read it: …`), and
/// [`parse`]'s errors.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::digits::read;
/// let err = read(std::path::Path::new("no-such.csv")).unwrap_err();
/// assert!(err.to_string().starts_with("no-such.csv: cannot read it: "));
/// ```
pub fn read(path: &Path) -> Result<Vec<Digit>, DataError> {
    read_with(path, parse)
}

/// The images of a file's text (`name` is the file's, for messages). Blank lines are
/// skipped.
///
/// # Errors
///
/// One message naming the file, the line and what was expected:
/// `d.csv: line 4: expected 65 comma-separated numbers (64 pixels, then the digit), got 63`,
/// `d.csv: line 2: pixel 12 must be a whole number from 0 to 16, got '17'`,
/// `d.csv: line 9: the digit must be 0 to 9, got '12'`, or no image at all.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::digits::parse;
/// let err = parse("0,1,2\n", "d.csv").unwrap_err();
/// assert_eq!(err.to_string(), "d.csv: line 1: expected 65 comma-separated numbers (64 pixels, then the digit), got 3");
/// let bright = format!("{},17,3", ["0"; 63].join(","));
/// let err = parse(&bright, "d.csv").unwrap_err();
/// assert_eq!(err.to_string(), "d.csv: line 1: pixel 64 must be a whole number from 0 to 16, got '17'");
/// ```
pub fn parse(text: &str, name: &str) -> Result<Vec<Digit>, DataError> {
    let mut digits = Vec::new();
    let lines = (1..).zip(text.lines());
    for (at, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields.len() != 65 {
            return Err(DataError::new(format!(
                "{name}: line {at}: expected 65 comma-separated numbers (64 pixels, then the \
                 digit), got {}",
                fields.len()
            )));
        }
        let pixel = |(p, field): (usize, &&str)| match field.parse::<u8>() {
            Ok(v) if v <= 16 => Ok(v),
            _ => Err(DataError::new(format!(
                "{name}: line {at}: pixel {p} must be a whole number from 0 to 16, got '{field}'"
            ))),
        };
        let pixels: Result<_, _> = (1..).zip(&fields[..64]).map(pixel).collect();
        let pixels = pixels?;
        let (last, digit) = (fields[64], fields[64].parse().ok().filter(|d| *d <= 9));
        let Some(digit) = digit else {
            return Err(DataError::new(format!(
                "{name}: line {at}: the digit must be 0 to 9, got '{last}'"
            )));
        };
        digits.push(Digit { pixels, digit });
    }
    some(digits, name, "images (an empty file)")
}
