//! Spam detection (스팸 메일 분류), the notes' other many-to-one use: "메일이 정상 메일인지 스팸
//! 메일인지 판별하는 스팸 메일 분류(spam detection)". The messages of the SMS Spam Collection,
//! read as the movie reviews are ([`reviews`](super::reviews)): every character and every
//! pair of neighbouring characters seen often enough is a token, two readers (forward and
//! backward) each end in a softmax over ham and spam, and their mean is the answer; a bag of
//! words beside them.

use super::frame::{self, Event, Need, Shared, Use, files_or};
use super::reviews::Options;
use super::two_way::TwoWayClassifier;
use crate::cells::CellKind;
use crate::io::data::DataError;
use crate::io::reviews::{Review, SMS, parse_sms, read_sms};
use crate::io::save::Saved;
use crate::io::text::Vocabulary;
use crate::train::TrainError;
use std::path::Path;

/// `rnn spam`: the reviews' two readers and bag of words, on text messages labelled ham or
/// spam.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::spam::Spam;
/// let spam = Spam::default();
/// assert_eq!((spam.0.items, spam.0.labels), ("messages", ["ham", "spam"]));
/// assert_eq!(spam.0.shared.epochs, 8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spam(pub Options);

impl Default for Spam {
    /// The reviews' model and training ([`Options::default`]), on messages, for 8 epochs
    /// instead of 2: there are 30 times fewer messages than reviews, and a reader's
    /// held-out accuracy still climbs after 2 epochs (0.938 at 2, 0.998 to 1.000 at 8).
    fn default() -> Spam {
        let reviews = Options::default();
        Spam(Options {
            items: "messages",
            labels: ["ham", "spam"],
            shared: Shared {
                epochs: 8,
                ..reviews.shared
            },
            ..reviews
        })
    }
}

/// A spam filter as saved: the two readers of a [`TwoWayClassifier`], under the program
/// name `spam` (so that `rnn sentiment --load` refuses it, and `rnn spam --load` a
/// sentiment model).
#[derive(Debug, Clone, PartialEq)]
pub struct SpamFilter {
    /// The readers.
    pub reader: TwoWayClassifier,
}

crate::cells::parameters::parts!(SpamFilter, reader);

impl Saved for SpamFilter {
    const PROGRAM: &'static str = "spam";
    const VOCABULARIES: &'static [(&'static str, &'static str, &'static str)] =
        TwoWayClassifier::VOCABULARIES;
    const SIZES: &'static [(&'static str, bool)] = TwoWayClassifier::SIZES;

    fn kind(&self) -> CellKind {
        self.reader.kind()
    }

    fn sizes(&self) -> Vec<usize> {
        self.reader.sizes()
    }

    fn count(kind: CellKind, sizes: &[usize]) -> u128 {
        TwoWayClassifier::count(kind, sizes)
    }

    fn fresh(kind: CellKind, sizes: &[usize]) -> Result<Self, String> {
        TwoWayClassifier::fresh(kind, sizes).map(|reader| SpamFilter { reader })
    }
}

impl Use for Spam {
    type Item = Review;
    type Trained = (TwoWayClassifier, Vocabulary<String>);
    type Model = SpamFilter;
    const COMMAND: &'static str = "rnn spam";
    const ITEMS: &'static str = "messages";
    const FLAGS: &'static [&'static str] = <Options as Use>::FLAGS;
    const ROUNDS: &'static [&'static str] = <Options as Use>::ROUNDS;
    const INPUT: &'static str =
        "a message to read, such as --input \"WINNER! Claim your free prize now, txt 80808\"";

    fn defaults(&self) -> Shared {
        self.0.defaults()
    }

    /// The messages of `train` (UCI's format), or the committed 4,500; the last tenth held
    /// out unless `test` is given.
    fn data(
        &self,
        train: Option<&Path>,
        test: Option<&Path>,
        _: &Shared,
    ) -> frame::Examples<Review> {
        let committed = || {
            let mut all = parse_sms(SMS, "docs/data/spam/SMSSpamCollection.dev")
                .expect("the committed messages are well formed");
            let held_out = all.split_off(all.len() - all.len() / 10);
            (all, held_out)
        };
        files_or(train, test, read_sms, committed, "messages")
    }

    fn memory(&self, train: &[Review], test: &[Review], shared: &Shared) -> Need {
        self.0.memory(train, test, shared)
    }

    fn run(
        &self,
        train: &[Review],
        test: &[Review],
        shared: &Shared,
        on: &mut dyn FnMut(Event),
    ) -> Result<frame::Report<Self::Trained>, TrainError> {
        self.0.run(train, test, shared, on)
    }

    fn save((reader, tokens): &Self::Trained, dir: &Path) -> Result<(), DataError> {
        let reader = reader.clone();
        crate::io::save::save(dir, &SpamFilter { reader }, &[tokens.tokens()], "")
    }

    fn load(&self, dir: &Path) -> Result<Self::Trained, DataError> {
        let (filter, mut vocabularies, _) = frame::load::<SpamFilter>(dir)?;
        Ok((filter.reader, vocabularies.remove(0)))
    }

    /// As a review is read ([`reviews`](super::reviews)): with `explain`, each reader's probability of spam
    /// at each character; the last line `spam 0.981` or `ham 0.012`.
    fn answer(&self, trained: &Self::Trained, text: &str, explain: bool) -> frame::Lines {
        self.0.answer(trained, text, explain)
    }
}
