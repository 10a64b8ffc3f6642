//! Treebanks in CoNLL-U (the Universal Dependencies format): one word a line, ten
//! tab-separated columns (ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS, MISC),
//! a blank line after each sentence, `#` comment lines. Lines whose ID is a range (`3-4`,
//! a multiword token) or has a dot (`5.1`, an empty node) are not words and are skipped.
//! Only FORM and UPOS (the part-of-speech tag, 품사) are kept.

use super::data::{DataError, read_with, some};
use std::path::Path;

/// One sentence: its words and their UPOS tags, one each.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::conllu::parse;
/// let text = "# text = I ran\n1\tI\tI\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\tran\trun\tVERB\t_\t_\t0\troot\t_\t_\n\n";
/// let sentences = parse(text, "t.conllu")?;
/// assert_eq!((sentences[0].words.join(" "), sentences[0].tags.join(" ")), ("I ran".into(), "PRON VERB".into()));
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The words (FORM).
    pub words: Vec<String>,
    /// Their tags (UPOS).
    pub tags: Vec<String>,
}

/// Reads a CoNLL-U file (see [`parse`]).
///
/// # Errors
///
/// A file that cannot be read or is not UTF-8, and [`parse`]'s errors.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::conllu::read;
/// let err = read(std::path::Path::new("no-such.conllu")).unwrap_err();
/// assert!(err.to_string().starts_with("no-such.conllu: cannot read it: "));
/// ```
pub fn read(path: &Path) -> Result<Vec<Sentence>, DataError> {
    read_with(path, parse)
}

/// The sentences of a file's text (`name` is the file's, for messages). A sentence
/// without a blank line after it at the end of the file still counts.
///
/// # Errors
///
/// One message naming the file, the line and what was expected:
/// `t.conllu: line 4: expected 10 tab-separated columns (ID, FORM, LEMMA, UPOS, XPOS,
/// FEATS, HEAD, DEPREL, DEPS, MISC), got 3`, `t.conllu: line 2: the UPOS tag is empty`,
/// or no sentence at all.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::conllu::parse;
/// let err = parse("1\tI\tI\n", "t.conllu").unwrap_err();
/// assert_eq!(err.to_string(), "t.conllu: line 1: expected 10 tab-separated columns (ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS, MISC), got 3");
/// let multiword = "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\t_\t_\t0\troot\t_\t_\n2\tn't\tnot\tPART\t_\t_\t1\tadvmod\t_\t_\n";
/// assert_eq!(parse(multiword, "t.conllu")?[0].tags, ["AUX", "PART"]);
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn parse(text: &str, name: &str) -> Result<Vec<Sentence>, DataError> {
    let (mut found, mut current) = (Vec::new(), Sentence::default());
    // A blank line after the last: the sentence before it ends there.
    for (at, line) in (1..).zip(text.lines().chain([""])) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !current.words.is_empty() {
                found.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() != 10 {
            return Err(DataError::new(format!(
                "{name}: line {at}: expected 10 tab-separated columns (ID, FORM, LEMMA, UPOS, \
                 XPOS, FEATS, HEAD, DEPREL, DEPS, MISC), got {}",
                columns.len()
            )));
        }
        if columns[0].contains(['-', '.']) {
            continue; // a multiword token or an empty node: not a word
        }
        if columns[3].is_empty() || columns[3] == "_" {
            return Err(DataError::new(format!(
                "{name}: line {at}: the UPOS tag is empty"
            )));
        }
        current.words.push(columns[1].to_string());
        current.tags.push(columns[3].to_string());
    }
    some(found, name, "sentences (an empty file, or only comments)")
}
