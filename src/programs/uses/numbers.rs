//! The translation `rnn translate` learns: a number of up to 12 digits (99,999 by
//! default) and its reading, in Korean (Sino-Korean numerals, 한자어 수사: `20260` →
//! `이만이백육십`) or in English (`twenty thousand two hundred sixty`). The rule is written
//! out here, so every pair is right by construction and the lengths differ: 5 digits in,
//! 1 to 9 syllables or 1 to 6 words out.
//!
//! Korean, as it is read aloud: the digits go in groups of four, 만 (10⁴) and 억 (10⁸);
//! inside a group each non-zero digit is read with its place (십 10, 백 100, 천 1,000), a 1
//! before a place is not read (`10` is 십, not 일십; `10000` is 만, the one group that
//! drops its 일; `100000000` is 일억), zeros are silent, and 0 alone is 영. English: groups of
//! three with thousand, million and billion, a hyphen between tens and units
//! (`ninety-nine`), no "and".

/// The largest number with a reading at the default 5 digits.
pub const MAX: u32 = 99_999;

/// The most digits a number here may have: up to 999,999,999,999.
pub const MAX_DIGITS: usize = 12;

/// The largest number of `digits` digits: 10^digits − 1.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::numbers::largest;
/// assert_eq!((largest(5), largest(12)), (99_999, 999_999_999_999));
/// ```
pub fn largest(digits: usize) -> u64 {
    10_u64.pow(digits.min(MAX_DIGITS) as u32) - 1
}

/// The tokens of the Korean readings: one syllable each.
pub const KOREAN_TOKENS: [&str; 15] = [
    "영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구", "십", "백", "천", "만", "억",
];

/// The tokens of the English readings: one word each (`ninety-nine` is two, joined by a
/// hyphen when printed).
pub const ENGLISH_TOKENS: [&str; 32] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
];

/// The tokens of the numerals: the ten digits.
pub const DIGIT_TOKENS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// A language a number can be read in, and the language of the generated reviews
/// ([`sentiment`](super::sentiment): "the movie is not good", "영화가 재미있지 않다").
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::numbers::Language;
/// assert_eq!(Language::Korean.read(372), "삼백칠십이");
/// assert_eq!(Language::English.read(372), "three hundred seventy-two");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Sino-Korean numerals, syllable by syllable.
    Korean,
    /// English words.
    English,
}

impl Language {
    /// The tokens of this language's readings.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::numbers::Language;
    /// assert_eq!(Language::Korean.tokens().len(), 15);
    /// ```
    pub fn tokens(self) -> &'static [&'static str] {
        match self {
            Language::Korean => &KOREAN_TOKENS,
            Language::English => &ENGLISH_TOKENS,
        }
    }

    /// The tokens the readings of numbers of up to `digits` digits use, a prefix of
    /// [`tokens`](Language::tokens): 억 from 9 digits on, million from 7, billion from 10
    /// (so a model of 5 digits has the vocabulary it always had).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::numbers::Language;
    /// assert_eq!((Language::Korean.tokens_for(5).len(), Language::Korean.tokens_for(12).len()), (14, 15));
    /// assert_eq!(Language::English.tokens_for(8).last(), Some(&"million"));
    /// ```
    pub fn tokens_for(self, digits: usize) -> &'static [&'static str] {
        let needed = match self {
            Language::Korean => 14 + (digits > 8) as usize,
            Language::English => 30 + (digits > 6) as usize + (digits > 9) as usize,
        };
        &self.tokens()[..needed]
    }

    /// The number whose reading is `ids`, if they are one: the inverse of
    /// [`reading`](Language::reading).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::numbers::Language;
    /// let ko = Language::Korean;
    /// assert_eq!(ko.number(&ko.tokenize("삼천억이만")?), Some(300_000_020_000));
    /// assert_eq!(ko.number(&ko.tokenize("만만")?), None); // tokens, but no number's reading
    /// # Ok::<(), String>(())
    /// ```
    pub fn number(self, ids: &[usize]) -> Option<u64> {
        // Add up the groups (a digit, times its place inside the group: 이백, three hundred),
        // each times its unit (만, 억, thousand …), then keep the number only if its own
        // reading is exactly `ids`: one reading per number.
        let (mut total, mut group, mut digit) = (0_u64, 0_u64, 0_u64);
        for &id in ids {
            let k = id as u32;
            match (self, id) {
                (_, 0..=9) | (Language::English, 10..=19) => {
                    digit = digit.saturating_add(id as u64)
                }
                (Language::English, 20..=27) => digit = digit.saturating_add((id as u64 - 18) * 10),
                (Language::Korean, 10..=12) => {
                    (group, digit) = (group.saturating_add(digit.max(1) * 10_u64.pow(k - 9)), 0)
                }
                (Language::English, 28) => {
                    (group, digit) = (group.saturating_add(digit.max(1) * 100), 0)
                }
                (Language::Korean, 13 | 14) | (Language::English, 29..=31) => {
                    let unit = match self {
                        Language::Korean => 10_u64.pow(4 * (k - 12)),
                        Language::English => 1_000_u64.pow(k - 28),
                    };
                    let part = group.saturating_add(digit).max(1).saturating_mul(unit);
                    (total, group, digit) = (total.saturating_add(part), 0, 0);
                }
                _ => return None,
            }
        }
        let n = total.saturating_add(group).saturating_add(digit);
        (n <= largest(MAX_DIGITS) && self.reading(n) == ids).then_some(n)
    }

    /// The reading of `n` as token ids (into [`tokens`](Language::tokens)).
    ///
    /// # Panics
    ///
    /// If `n` has more than [`MAX_DIGITS`] digits.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::numbers::{Language, KOREAN_TOKENS};
    /// let ids = Language::Korean.reading(20260);
    /// let syllables: String = ids.iter().map(|&i| KOREAN_TOKENS[i]).collect();
    /// assert_eq!(syllables, "이만이백육십");
    /// ```
    #[track_caller]
    pub fn reading(self, n: u64) -> Vec<usize> {
        let max = largest(MAX_DIGITS);
        assert!(n <= max, "reading: {n} is above {max}");
        match self {
            Language::Korean => korean(n),
            Language::English => english(n),
        }
    }

    /// The reading of `n` as text: Korean syllables run together, English words spaced,
    /// with a hyphen between tens and units.
    ///
    /// # Panics
    ///
    /// If `n` has more than [`MAX_DIGITS`] digits.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::numbers::Language;
    /// assert_eq!(Language::Korean.read(10_000), "만");
    /// assert_eq!(Language::Korean.read(120_000_010_000), "천이백억만");
    /// assert_eq!(Language::English.read(2_000_000_017), "two billion seventeen");
    /// assert_eq!(Language::Korean.read(0), "영");
    /// assert_eq!(Language::English.read(20260), "twenty thousand two hundred sixty");
    /// assert_eq!(Language::English.read(99_999), "ninety-nine thousand nine hundred ninety-nine");
    /// ```
    #[track_caller]
    pub fn read(self, n: u64) -> String {
        self.render(&self.reading(n))
    }

    /// Token ids as text, as [`read`](Language::read) writes them.
    ///
    /// # Panics
    ///
    /// If an id is not below the number of [`tokens`](Language::tokens).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::numbers::Language;
    /// assert_eq!(Language::English.render(&[27, 9, 28]), "ninety-nine hundred");
    /// ```
    pub fn render(self, ids: &[usize]) -> String {
        let tokens = self.tokens();
        match self {
            Language::Korean => ids.iter().map(|&i| token(tokens, i)).collect(),
            Language::English => {
                let mut text = String::new();
                for (k, &i) in ids.iter().enumerate() {
                    if k > 0 {
                        let tens_then_unit = (20..28).contains(&ids[k - 1]) && (1..10).contains(&i);
                        text.push(if tens_then_unit { '-' } else { ' ' });
                    }
                    text.push_str(token(tokens, i));
                }
                text
            }
        }
    }

    /// Splits a reading typed by a user into token ids: Korean by syllable (spaces
    /// ignored), English by spaces and hyphens.
    ///
    /// # Errors
    ///
    /// An empty reading, or a token that is not in the language: `'열' is not a token of
    /// the Korean readings (영 일 이 삼 사 오 육 칠 팔 구 십 백 천 만)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::numbers::Language;
    /// assert_eq!(Language::English.tokenize("ninety-nine")?, [27, 9]);
    /// let err = Language::Korean.tokenize("열하나").unwrap_err();
    /// assert!(err.starts_with("'열' is not a token of the Korean readings"));
    /// # Ok::<(), String>(())
    /// ```
    pub fn tokenize(self, text: &str) -> Result<Vec<usize>, String> {
        let tokens = self.tokens();
        let pieces: Vec<String> = match self {
            Language::Korean => text
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(String::from)
                .collect(),
            Language::English => text
                .split(|c: char| c.is_whitespace() || c == '-')
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect(),
        };
        if pieces.is_empty() {
            return Err(format!("an empty {} reading", self.name()));
        }
        let unknown = |p: &String| {
            let all = tokens.join(" ");
            format!(
                "'{p}' is not a token of the {} readings ({all})",
                self.name()
            )
        };
        let id = |p: &String| tokens.iter().position(|t| t == p).ok_or_else(|| unknown(p));
        pieces.iter().map(id).collect()
    }

    /// `Korean` or `English`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::numbers::Language;
    /// assert_eq!(Language::English.name(), "English");
    /// ```
    pub fn name(self) -> &'static str {
        ["Korean", "English"][self as usize]
    }

    /// The language's code, in flags (`--to ko`) and in saved models (`language ko`): `ko`,
    /// `en`; and back, `None` for another code.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::numbers::Language;
    /// assert_eq!(Language::from_code(Language::English.code()), Some(Language::English));
    /// assert_eq!(Language::from_code("fr"), None);
    /// ```
    pub fn code(self) -> &'static str {
        ["ko", "en"][self as usize]
    }

    /// The language of a [`code`](Language::code).
    pub fn from_code(code: &str) -> Option<Language> {
        [Language::Korean, Language::English]
            .into_iter()
            .find(|l| l.code() == code)
    }
}

/// The digits of `n` as token ids into [`DIGIT_TOKENS`]: `20260` → `[2, 0, 2, 6, 0]`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::numbers::digits;
/// assert_eq!(digits(20260), [2, 0, 2, 6, 0]);
/// assert_eq!(digits(0), [0]);
/// ```
pub fn digits(n: u64) -> Vec<usize> {
    n.to_string()
        .bytes()
        .map(|b| usize::from(b - b'0'))
        .collect()
}

/// Sino-Korean: 만, 천, 백, 십 and the units, each non-zero digit with its place.
fn korean(n: u64) -> Vec<usize> {
    if n == 0 {
        return vec![0]; // 영
    }
    let mut ids = Vec::new();
    for (group, unit) in [(100_000_000, Some(14)), (10_000, Some(13)), (1, None)] {
        let g = n / group % 10_000; // 억, 만, and the last four digits
        if g == 0 {
            continue;
        }
        if !(g == 1 && unit == Some(13)) {
            ids.extend(korean_below_10000(g)); // 만 alone, never 일만
        }
        ids.extend(unit);
    }
    ids
}

/// A group of up to four digits: 천, 백, 십 with their digits (a 1 not read), then the units.
fn korean_below_10000(n: u64) -> Vec<usize> {
    let mut ids = Vec::new();
    let mut rest = n;
    for (place, syllable) in [(1_000, 12), (100, 11), (10, 10)] {
        let digit = (rest / place) as usize;
        rest %= place;
        if digit > 1 {
            ids.push(digit); // 이 … 구: the digit is read
        }
        if digit > 0 {
            ids.push(syllable); // 일 before a place is silent: 십, 백, 천
        }
    }
    if rest > 0 {
        ids.push(rest as usize);
    }
    ids
}

fn english(n: u64) -> Vec<usize> {
    if n == 0 {
        return vec![0];
    }
    let mut ids = Vec::new();
    let groups = [
        (1_000_000_000, Some(31)),
        (1_000_000, Some(30)),
        (1_000, Some(29)),
        (1, None),
    ];
    for (group, word) in groups {
        let g = n / group % 1_000; // billion, million, thousand, and the last three digits
        if g > 0 {
            ids.extend(english_below_1000(g));
            ids.extend(word);
        }
    }
    ids
}

fn english_below_1000(n: u64) -> Vec<usize> {
    let mut ids = Vec::new();
    let (hundreds, rest) = ((n / 100) as usize, (n % 100) as usize);
    if hundreds > 0 {
        ids.extend([hundreds, 28]); // "<unit> hundred"
    }
    match rest {
        0 => {}
        1..=19 => ids.push(rest), // one … nineteen
        _ => {
            ids.push(18 + rest / 10); // twenty (20) … ninety (27)
            if rest % 10 > 0 {
                ids.push(rest % 10);
            }
        }
    }
    ids
}

/// Token `i` of `tokens`, or `<?>` for an id outside the table, so that a model's wrong
/// output is shown (and scored wrong), never a panic.
pub(crate) fn token(tokens: &'static [&'static str], i: usize) -> &'static str {
    tokens.get(i).copied().unwrap_or("<?>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_readings_follow_the_rule() {
        let read = |n| Language::Korean.read(n);
        assert_eq!(read(1), "일");
        assert_eq!(read(11), "십일");
        assert_eq!(read(101), "백일");
        assert_eq!(read(1_010), "천십");
        assert_eq!(read(11_111), "만천백십일");
        assert_eq!(read(21_000), "이만천");
        assert_eq!(read(99_999), "구만구천구백구십구");
    }

    #[test]
    fn english_readings_follow_the_rule() {
        let read = |n| Language::English.read(n);
        assert_eq!(read(13), "thirteen");
        assert_eq!(read(40), "forty");
        assert_eq!(read(105), "one hundred five");
        assert_eq!(read(1_000), "one thousand");
        assert_eq!(read(70_019), "seventy thousand nineteen");
        assert_eq!(read(12_345), "twelve thousand three hundred forty-five");
    }

    #[test]
    fn every_reading_is_different_and_reads_back() {
        for language in [Language::Korean, Language::English] {
            let mut seen = std::collections::HashSet::new();
            for n in 0..=MAX {
                let text = language.read(n.into());
                let ids = language.tokenize(&text).unwrap();
                assert_eq!(ids, language.reading(n.into()));
                assert_eq!(language.number(&ids), Some(n.into()), "{text}");
                assert!(seen.insert(text), "{n}");
            }
        }
    }
}
