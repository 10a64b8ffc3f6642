//! The text `rnn char-rnn train` learns when no `--text` is given: this crate's own
//! documentation, built into the binary.

/// The README and the documentation chapters, one after another.
///
/// # Examples
///
/// ```
/// assert!(rnn_from_scratch::io::corpus::CORPUS.contains("순환 신경망"));
/// ```
pub const CORPUS: &str = concat!(
    include_str!("../../README.md"),
    "\n",
    include_str!("../../docs/notes-map.md"),
    "\n",
    include_str!("../../docs/bptt.md"),
);
