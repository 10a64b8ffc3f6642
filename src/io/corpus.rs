//! The text `rnn char-rnn train` learns when no `--text` is given: 대한민국헌법, the
//! Constitution of the Republic of Korea (`docs/data/texts/ko-constitution.txt`, 45 KB,
//! 380 distinct characters; not protected by copyright, `docs/data/SOURCES.md`), built into
//! the binary. After the default minute of training its samples read as Korean law:
//! `국회의원의 임기는 …`, `②국민의 선거에 관한 사항은 법률로 정한다.`

/// The Korean constitution, the default training text.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::corpus::CORPUS;
/// assert!(CORPUS.starts_with("대한민국헌법"));
/// assert_eq!(rnn_from_scratch::io::text::Vocabulary::from_text(CORPUS).len(), 380);
/// ```
pub const CORPUS: &str = include_str!("../../docs/data/texts/ko-constitution.txt");
