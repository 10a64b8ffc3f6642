//! Text as a sequence: characters, their indices, one-hot vectors, and sampling.
//!
//! A character model reads text one character (`char`, a Unicode scalar value, not a
//! byte) at a time, so the Korean notes work as well as English: `순` is one character,
//! not three bytes. Each distinct character gets an index in 0..V; the input at step t is
//! the one-hot vector of that index (d = V), and the target is the next character's index.

/// The characters of a text, sorted by code point: index i ↔ the i-th character.
/// Sorting makes the order deterministic: the same text always gives the same indices.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::text::Vocabulary;
///
/// let vocab = Vocabulary::from_text("순환 신경망");
/// assert_eq!(vocab.len(), 6); // ' ', 경, 망, 순, 신, 환
/// assert_eq!(vocab.char(0), ' ');
/// assert_eq!(vocab.encode("신경")?, vec![4, 1]);
/// assert_eq!(vocab.decode(&[3, 5]), "순환");
/// # Ok::<(), rnn_from_scratch::io::text::TextError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    chars: Vec<char>,
}

/// A character that is not in the vocabulary, or an index that is not a character.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::text::Vocabulary;
///
/// let err = Vocabulary::from_text("abc").encode("abd").unwrap_err();
/// assert!(err.to_string().contains('d'), "{err}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    message: String,
}

crate::linalg::message_error!(TextError);

impl Vocabulary {
    /// Every distinct character of `text`, sorted.
    ///
    /// # Examples
    ///
    /// ```
    /// let vocab = rnn_from_scratch::io::text::Vocabulary::from_text("hello");
    /// assert_eq!(vocab.chars(), &['e', 'h', 'l', 'o']);
    /// ```
    pub fn from_text(text: &str) -> Vocabulary {
        let mut chars: Vec<char> = text.chars().collect();
        chars.sort_unstable();
        chars.dedup();
        Vocabulary { chars }
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
    pub fn from_chars(chars: Vec<char>) -> Result<Vocabulary, TextError> {
        if let Some(w) = chars.windows(2).find(|w| w[0] >= w[1]) {
            return Err(TextError {
                message: format!(
                    "the vocabulary must be sorted and distinct: {:?} comes after {:?}",
                    w[1], w[0]
                ),
            });
        }
        Ok(Vocabulary { chars })
    }

    /// V, the number of characters.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(rnn_from_scratch::io::text::Vocabulary::from_text("hello").len(), 4); // e h l o
    /// ```
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// `true` if there are no characters.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::io::text::Vocabulary;
    /// assert!(Vocabulary::from_text("").is_empty() && !Vocabulary::from_text("a").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The characters, in index order.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(rnn_from_scratch::io::text::Vocabulary::from_text("순환").chars(), &['순', '환']);
    /// ```
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// The character with index i.
    ///
    /// # Panics
    ///
    /// If i ≥ V.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(rnn_from_scratch::io::text::Vocabulary::from_text("ba").char(0), 'a');
    /// ```
    #[track_caller]
    pub fn char(&self, i: usize) -> char {
        self.chars[i]
    }

    /// The index of `c`, if it is in the vocabulary.
    ///
    /// # Examples
    ///
    /// ```
    /// let vocab = rnn_from_scratch::io::text::Vocabulary::from_text("abc");
    /// assert_eq!(vocab.index_of('c'), Some(2));
    /// assert_eq!(vocab.index_of('z'), None);
    /// ```
    pub fn index_of(&self, c: char) -> Option<usize> {
        self.chars.binary_search(&c).ok()
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
    pub fn encode(&self, text: &str) -> Result<Vec<usize>, TextError> {
        text.chars()
            .enumerate()
            .map(|(position, c)| {
                self.index_of(c).ok_or_else(|| TextError {
                    message: format!(
                        "the character {c:?} (U+{:04X}) at position {position} is not in the vocabulary of {} characters",
                        c as u32,
                        self.len()
                    ),
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
        indices.iter().map(|&i| self.chars[i]).collect()
    }
}
