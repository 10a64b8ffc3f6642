//! Text as a sequence: characters, their indices, one-hot vectors, and sampling.
//!
//! A character model reads text one character (`char`, a Unicode scalar value, not a
//! byte) at a time, so the Korean notes work as well as English: `순` is one character,
//! not three bytes. Each distinct character gets an index in 0..V; the input at step t is
//! the one-hot vector of that index (d = V), and the target is the next character's index.

use super::data::DataError;
use std::collections::HashMap;
use std::hash::Hash;

/// Tokens and their ids: id i ↔ the i-th token. One type serves every reader of the
/// crate: the characters of a text (`Vocabulary<char>`, the default, sorted by code point
/// so the same text always gives the same ids), the words of the generated sentences, the
/// syllables of the reviews and the word pieces of the tagger (`Vocabulary<String>` or
/// `<char>` in order of first sight, [`Vocabulary::counted`]).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::text::Vocabulary;
///
/// let vocab = Vocabulary::from_text("순환 신경망");
/// assert_eq!(vocab.len(), 6); // ' ', 경, 망, 순, 신, 환
/// assert_eq!(vocab.token(0), &' ');
/// assert_eq!(vocab.encode("신경")?, vec![4, 1]);
/// assert_eq!(vocab.decode(&[3, 5]), "순환");
///
/// let words = "the movie is not bad the".split(' ').map(String::from);
/// let seen_twice = Vocabulary::counted(words, |_, count| count >= 2);
/// assert_eq!(seen_twice.tokens(), ["the"]);
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary<T: Eq + Hash = char> {
    tokens: Vec<T>,
    ids: HashMap<T, usize>,
}

impl<T: Clone + Eq + Hash> Vocabulary<T> {
    /// The distinct `tokens`, in order of first sight, each kept if `keep(token, count)`
    /// says so (`count`: how often it came).
    ///
    /// # Examples
    ///
    /// See [`Vocabulary`].
    pub fn counted(tokens: impl IntoIterator<Item = T>, keep: impl Fn(&T, usize) -> bool) -> Self {
        let (mut counts, mut order) = (HashMap::<T, usize>::new(), Vec::new());
        for token in tokens {
            let n = counts.entry(token.clone()).or_insert(0);
            if *n == 0 {
                order.push(token);
            }
            *n += 1;
        }
        order.retain(|token| keep(token, counts[token]));
        Vocabulary::of(order)
    }

    /// The vocabulary of exactly these tokens, in this order (as a saved model lists
    /// them).
    ///
    /// # Errors
    ///
    /// A token that comes twice: `the vocabulary must be distinct: 'a' comes twice`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::io::text::Vocabulary;
    ///
    /// assert_eq!(Vocabulary::from_tokens(vec!['b', 'a'])?.index_of(&'a'), Some(1));
    /// let err = Vocabulary::from_tokens(vec!['a', 'b', 'a']).unwrap_err();
    /// assert_eq!(err.to_string(), "the vocabulary must be distinct: 'a' comes twice");
    /// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
    /// ```
    pub fn from_tokens(tokens: Vec<T>) -> Result<Self, DataError>
    where
        T: std::fmt::Debug,
    {
        let vocab = Vocabulary::of(tokens);
        // A token that comes twice has the id of its last place, not of its first.
        let mut places = vocab.tokens.iter().enumerate();
        if let Some((_, token)) = places.find(|&(i, t)| vocab.ids[t] != i) {
            return Err(DataError::new(format!(
                "the vocabulary must be distinct: {token:?} comes twice"
            )));
        }
        Ok(vocab)
    }

    /// The vocabulary of these distinct tokens, in this order.
    fn of(tokens: Vec<T>) -> Self {
        let ids = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i))
            .collect();
        Vocabulary { tokens, ids }
    }

    /// V, the number of tokens.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(rnn_from_scratch::io::text::Vocabulary::from_text("hello").len(), 4); // e h l o
    /// ```
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// `true` if there are no tokens.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::io::text::Vocabulary;
    /// assert!(Vocabulary::from_text("").is_empty() && !Vocabulary::from_text("a").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The tokens, in id order.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(rnn_from_scratch::io::text::Vocabulary::from_text("순환").tokens(), ['순', '환']);
    /// ```
    pub fn tokens(&self) -> &[T] {
        &self.tokens
    }

    /// The token with id i.
    ///
    /// # Panics
    ///
    /// If i ≥ V.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(rnn_from_scratch::io::text::Vocabulary::from_text("ba").token(0), &'a');
    /// ```
    #[track_caller]
    pub fn token(&self, i: usize) -> &T {
        &self.tokens[i]
    }

    /// The id of `token`, if it is in the vocabulary.
    ///
    /// # Examples
    ///
    /// ```
    /// let vocab = rnn_from_scratch::io::text::Vocabulary::from_text("abc");
    /// assert_eq!(vocab.index_of(&'c'), Some(2));
    /// assert_eq!(vocab.index_of(&'z'), None);
    /// ```
    pub fn index_of<Q: Eq + Hash + ?Sized>(&self, token: &Q) -> Option<usize>
    where
        T: std::borrow::Borrow<Q>,
    {
        self.ids.get(token).copied()
    }
}

impl Vocabulary<char> {
    /// Every distinct character of `text`, sorted.
    ///
    /// # Examples
    ///
    /// ```
    /// let vocab = rnn_from_scratch::io::text::Vocabulary::from_text("hello");
    /// assert_eq!(vocab.tokens(), ['e', 'h', 'l', 'o']);
    /// ```
    pub fn from_text(text: &str) -> Vocabulary {
        let mut chars: Vec<char> = text.chars().collect();
        chars.sort_unstable();
        chars.dedup();
        Vocabulary::of(chars)
    }

    /// The vocabulary of exactly these characters, which must be sorted and distinct
    /// (as a saved model lists them).
    ///
    /// # Errors
    ///
    /// `the vocabulary must be sorted and distinct: 'b' comes after 'c'`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::io::text::Vocabulary;
    ///
    /// assert!(Vocabulary::from_chars(vec!['a', 'b']).is_ok());
    /// let err = Vocabulary::from_chars(vec!['c', 'b']).unwrap_err();
    /// assert_eq!(err.to_string(), "the vocabulary must be sorted and distinct: 'b' comes after 'c'");
    /// ```
    pub fn from_chars(chars: Vec<char>) -> Result<Vocabulary, DataError> {
        if let Some(&[before, after]) = chars.windows(2).find(|w| w[0] >= w[1]) {
            return Err(DataError::new(format!(
                "the vocabulary must be sorted and distinct: {after:?} comes after {before:?}"
            )));
        }
        Ok(Vocabulary::of(chars))
    }

    /// The index of every character of `text`.
    ///
    /// # Errors
    ///
    /// A character not in the vocabulary: `the character 'z' (U+007A) at position 3 is not
    /// in the vocabulary of 26 characters`.
    ///
    /// # Examples
    ///
    /// ```
    /// let vocab = rnn_from_scratch::io::text::Vocabulary::from_text("abc");
    /// let err = vocab.encode("abz").unwrap_err();
    /// assert_eq!(err.to_string(), "the character 'z' (U+007A) at position 2 is not in the vocabulary of 3 characters");
    /// ```
    pub fn encode(&self, text: &str) -> Result<Vec<usize>, DataError> {
        text.chars()
            .enumerate()
            .map(|(position, c)| {
                let (code, size) = (c as u32, self.len());
                self.index_of(&c).ok_or_else(|| {
                    DataError::new(format!(
                        "the character {c:?} (U+{code:04X}) at position {position} is not in the vocabulary of {size} characters"
                    ))
                })
            })
            .collect()
    }

    /// The characters with these indices, as a string.
    ///
    /// # Panics
    ///
    /// If an index is ≥ V.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::io::text::Vocabulary;
    /// let vocab = Vocabulary::from_text("abc");
    /// assert_eq!(vocab.decode(&[2, 0, 1]), "cab");
    /// ```
    #[track_caller]
    pub fn decode(&self, indices: &[usize]) -> String {
        indices.iter().map(|&i| self.tokens[i]).collect()
    }
}

/// How many columns `c` takes on a terminal: 2 for Hangul (and its jamo), 1 otherwise.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::text::display_width;
/// assert_eq!(("가a".chars().map(display_width).sum::<usize>()), 3);
/// ```
pub fn display_width(c: char) -> usize {
    match c {
        '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{D7A3}' => 2,
        _ => 1,
    }
}

/// A value the user gave, quoted for a message: `'…'`, cut to its first 60 characters
/// (and its length said) when it is longer than 80, so that a 100 KB argument does not
/// fill the screen.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::text::quoted;
/// assert_eq!(quoted("fast"), "'fast'");
/// assert!(quoted(&"7".repeat(100)).ends_with("…' (100 characters)"));
/// ```
pub fn quoted(value: &str) -> String {
    let n = value.chars().count();
    if n <= 80 {
        return format!("'{value}'");
    }
    let head: String = value.chars().take(60).collect();
    format!("'{head}…' ({n} characters)")
}
