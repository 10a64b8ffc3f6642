//! Reading a data file (reviews, a treebank, digits): the one error type of `io` (the
//! readers, `.npy` files, saved models, text), and the one way the readers read a file,
//! capped in size and forgiving of a byte-order mark and old line endings.

use std::path::Path;

crate::linalg::message_error!(
    /// A file, a saved model or a text that cannot be used: the message is all there is, and
    /// it names the file, the line and what was expected.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::io::reviews::parse;
    /// use rnn_from_scratch::cells::CharModel;
    /// use rnn_from_scratch::io::save::load;
    ///
    /// let err = parse("id\tdocument\tlabel\n1\tgood\t5\n", "r.txt").unwrap_err();
    /// assert_eq!(err.to_string(), "r.txt: line 2: the label must be 0 or 1, got '5'");
    /// let err = load::<CharModel>(std::path::Path::new("no-such-model")).unwrap_err();
    /// assert_eq!(err.to_string(), "no-such-model: no such folder");
    /// ```
    DataError,
    /// An error with this message (the caller names the file and the line).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::io::data::DataError;
    /// assert_eq!(DataError::new("f: empty").to_string(), "f: empty");
    /// ```
    new
);

impl DataError {
    /// The same error, with the file it happened in before the message.
    pub(crate) fn in_file(self, path: &Path) -> DataError {
        io_error(path, self.message)
    }
}

/// An error (an I/O error, or any other), with the path it happened at: `PATH: message`.
pub(crate) fn io_error(path: &Path, e: impl std::fmt::Display) -> DataError {
    DataError::new(format!("{}: {e}", path.display()))
}

/// What a reader read, unless it read nothing: `NAME: no reviews (an empty file, or only
/// the header)`, `none` saying what there is none of.
pub(crate) fn some<T>(items: Vec<T>, name: &str, none: &str) -> Result<Vec<T>, DataError> {
    if items.is_empty() {
        return Err(DataError::new(format!("{name}: no {none}")));
    }
    Ok(items)
}

/// The most bytes a data file may have: ten times the largest file of `docs/data/`
/// (NSMC's 14 MB). A larger file, or a device such as `/dev/zero`, is refused after this
/// many bytes, before it fills the memory.
pub const MAX_DATA_BYTES: u64 = 150_000_000;

/// A data file's text given to `parse` with the file's name (for its messages), as
/// [`read_text`] reads it, at most [`MAX_DATA_BYTES`].
pub(crate) fn read_with<T>(
    path: &Path,
    parse: impl FnOnce(&str, &str) -> Result<T, DataError>,
) -> Result<T, DataError> {
    let limit = "the most a data file may be here; give a part of it";
    let text = read_text(path, MAX_DATA_BYTES, limit)?;
    parse(&text, &path.display().to_string())
}

/// A text file as every reader of the crate reads it: at most `max_bytes` (checked while
/// reading, so `/dev/zero` stops too; `limit` says what sets it, in the message), a UTF-8
/// byte-order mark (U+FEFF, which Windows editors write) dropped, Windows (`\r\n`) and old
/// Mac (a lone `\r`) line endings read as line breaks, and bytes that are not UTF-8 named
/// by line and byte.
///
/// # Errors
///
/// `NAME: cannot read it: …`, `NAME: this is a folder, not a text file`, `NAME: larger
/// than 1 MB, {limit}`, `NAME: line 2: byte 5 (offset 22 in the file) is not UTF-8; save
/// the file as UTF-8`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::data::read_text;
///
/// let path = std::env::temp_dir().join(format!("rnn-doc-read-text-{}.txt", std::process::id()));
/// std::fs::write(&path, "\u{feff}one\r\ntwo\rthree").unwrap();
/// assert_eq!(read_text(&path, 100, "")?, "one\ntwo\nthree");
/// std::fs::write(&path, b"ok\nb\xffad").unwrap();
/// let err = read_text(&path, 100, "").unwrap_err().to_string();
/// assert!(err.ends_with("line 2: byte 2 (offset 4 in the file) is not UTF-8; save the file as UTF-8"));
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn read_text(path: &Path, max_bytes: u64, limit: &str) -> Result<String, DataError> {
    use std::io::Read;
    let name = path.display().to_string();
    let cannot = |e: std::io::Error| DataError::new(format!("{name}: cannot read it: {e}"));
    if path.is_dir() {
        return Err(DataError::new(format!(
            "{name}: this is a folder, not a text file"
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(max_bytes + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() as u64 > max_bytes {
        let size = match max_bytes {
            n if n >= 1_000_000 => format!("{} MB", n / 1_000_000),
            n => format!("{n} bytes"),
        };
        return Err(DataError::new(format!(
            "{name}: larger than {size}, {limit}"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let offset = valid.len();
        let byte = offset - valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
        DataError::new(format!(
            "{name}: line {line}: byte {byte} (offset {offset} in the file) is not UTF-8; save \
             the file as UTF-8"
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}
