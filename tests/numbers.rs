//! The readings of numbers of up to 12 digits (`rnn translate --max-digits`): Korean in
//! groups of 만 and 억, English in thousands, millions and billions; every reading read back
//! to its number, and only a number's own reading accepted.

use rnn_from_scratch::Mt19937;
use rnn_from_scratch::programs::uses::numbers::{Language, largest};
use rnn_from_scratch::programs::uses::translation::Direction;

#[test]
fn twelve_digit_readings_follow_the_rule() {
    let ko = |n| Language::Korean.read(n);
    assert_eq!(ko(100_000_000), "일억"); // 억 keeps its 일
    assert_eq!(ko(110_000), "십일만");
    assert_eq!(ko(100_010_000), "일억만"); // 만 never does
    assert_eq!(ko(120_000_010_000), "천이백억만");
    assert_eq!(
        ko(999_999_999_999),
        "구천구백구십구억구천구백구십구만구천구백구십구"
    );
    let en = |n| Language::English.read(n);
    assert_eq!(en(1_000_000), "one million");
    assert_eq!(en(2_000_000_017), "two billion seventeen");
    assert_eq!(
        en(999_999_999_999),
        "nine hundred ninety-nine billion nine hundred ninety-nine million nine hundred \
         ninety-nine thousand nine hundred ninety-nine"
    );
}

#[test]
fn every_reading_reads_back_and_only_its_own() {
    let mut rng = Mt19937::new(7);
    for language in [Language::Korean, Language::English] {
        let mut seen = std::collections::HashMap::new();
        for k in 0..20_000 {
            let digits = 1 + k % 12;
            let n = (rng.random() * (largest(digits) + 1) as f64) as u64;
            let text = language.read(n);
            let ids = language.tokenize(&text).unwrap();
            assert_eq!(language.number(&ids), Some(n), "{text}");
            assert_eq!(
                *seen.entry(text.clone()).or_insert(n),
                n,
                "{text} is two numbers"
            );
        }
    }
    let ko = Language::Korean;
    for not_a_reading in ["만만", "일만", "이이", "십백", "억"] {
        assert_eq!(
            ko.number(&ko.tokenize(not_a_reading).unwrap()),
            None,
            "{not_a_reading}"
        );
    }
    let en = Language::English;
    for not_a_reading in ["one thousand thousand", "hundred", "twenty ten", "one one"] {
        assert_eq!(
            en.number(&en.tokenize(not_a_reading).unwrap()),
            None,
            "{not_a_reading}"
        );
    }
}

#[test]
fn a_direction_of_twelve_digits_parses_its_numbers_and_names_its_range() {
    let ko12 = Direction {
        language: Language::Korean,
        reverse: false,
        digits: 12,
    };
    assert_eq!(ko12.parse("999999999999"), Ok(999_999_999_999));
    assert_eq!(
        ko12.parse("1000000000000"),
        Err("'1000000000000' is not a number from 0 to 999999999999".to_string())
    );
    let back = Direction {
        reverse: true,
        ..ko12
    };
    assert_eq!(back.parse("삼천억이만"), Ok(300_000_020_000));
    let five = Direction { digits: 5, ..back };
    assert_eq!(
        five.parse("일억"),
        Err("'일억' is not the Korean reading of a number from 0 to 99999".to_string())
    );
    assert_eq!(
        (ko12.code(), Direction::from_code("digits ko 12")),
        ("digits ko 12".to_string(), Some(ko12))
    );
    assert_eq!(Direction { digits: 5, ..ko12 }.code(), "digits ko");
}
