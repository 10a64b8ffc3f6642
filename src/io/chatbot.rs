//! Question–answer pairs in the format of Chatbot_data_for_Korean (Youngsook Song, 2018):
//! CSV with the header `Q,A,label`, a field with a comma in double quotes (`""` for a quote
//! inside), one pair a line; label 0 everyday talk, 1 a breakup, 2 love.
//!
//! ```text
//! Q,A,label
//! 12시 땡!,하루가 또 가네요.,0
//! 가족 있어?,"저를 만들어 준 사람을 부모님, 저랑 이야기해 주는 사람을 친구로 생각하고 있어요",0
//! ```

use super::data::{DataError, read_with, some};
use std::path::Path;

/// The committed pairs: `docs/data/chatbot/ChatbotData.dev.csv` (MIT).
pub const CHATBOT: &str = include_str!("../../docs/data/chatbot/ChatbotData.dev.csv");

/// One question and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// What the person says.
    pub question: String,
    /// What the chatbot answers.
    pub answer: String,
}

/// The pairs of a file's text (`name` is the file's, for messages).
///
/// # Errors
///
/// A missing header (`c.csv: line 1: expected the header 'Q,A,label', got '…'`), a line
/// without three fields or with an unclosed quote, an empty question or answer, or no pair.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::chatbot::parse;
/// let pairs = parse("Q,A,label\n안녕,\"안녕하세요, 반가워요\",0\n", "c.csv")?;
/// assert_eq!((pairs[0].question.as_str(), pairs[0].answer.as_str()), ("안녕", "안녕하세요, 반가워요"));
/// let err = parse("Q,A,label\n안녕\n", "c.csv").unwrap_err();
/// assert_eq!(err.to_string(), "c.csv: line 2: expected 3 comma-separated fields (Q, A, label), got 1");
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn parse(text: &str, name: &str) -> Result<Vec<Exchange>, DataError> {
    let mut lines = (1..).zip(text.lines());
    if let Some((_, header)) = lines.next()
        && header.trim_end() != "Q,A,label"
    {
        let shown: String = header.chars().take(40).collect();
        return Err(DataError::new(format!(
            "{name}: line 1: expected the header 'Q,A,label', got '{shown}'"
        )));
    }
    let mut pairs = Vec::new();
    for (at, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let fields = fields(line)
            .ok_or_else(|| DataError::new(format!("{name}: line {at}: a quote is never closed")))?;
        if fields.len() != 3 {
            return Err(DataError::new(format!(
                "{name}: line {at}: expected 3 comma-separated fields (Q, A, label), got {}",
                fields.len()
            )));
        }
        let (question, answer) = (fields[0].trim(), fields[1].trim());
        if question.is_empty() || answer.is_empty() {
            return Err(DataError::new(format!(
                "{name}: line {at}: the question and the answer must not be empty"
            )));
        }
        pairs.push(Exchange {
            question: question.to_string(),
            answer: answer.to_string(),
        });
    }
    some(pairs, name, "pairs (an empty file, or only the header)")
}

/// The fields of one CSV line (`None` for a quote never closed).
fn fields(line: &str) -> Option<Vec<String>> {
    let mut fields = vec![String::new()];
    let (mut chars, mut quoted) = (line.chars().peekable(), false);
    while let Some(c) = chars.next() {
        let field = fields.last_mut().expect("one field at least");
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => fields.push(String::new()),
            (c, _) => field.push(c),
        }
    }
    (!quoted).then_some(fields)
}

/// Reads a file of question–answer pairs ([`parse`]), as every data file is read.
///
/// # Errors
///
/// As [`parse`], or a file that cannot be read.
pub fn read(path: &Path) -> Result<Vec<Exchange>, DataError> {
    read_with(path, parse)
}
