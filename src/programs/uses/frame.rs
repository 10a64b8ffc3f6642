//! One frame for every use: read the data → examples → a model of one of the notes' shapes
//! → train → score on held-out data beside the baselines → a report; and save, load,
//! `--input` and `--explain` alike for every use. A use ([`Use`]) is its data and a short
//! description of what it trains and how it answers; the command line reads the flags every
//! use shares once ([`Shared`]) and runs any use the same way.
//!
//! | `rnn …` | the use | the notes' shape | data |
//! |---|---|---|---|
//! | `sentiment` | [`reviews::Options`](super::reviews::Options) | many-to-one (다 대 일): a sequence in, one answer at the end | Korean movie reviews (NSMC) |
//! | `sentiment --generated` | [`sentiment::Generated`](super::sentiment::Generated) | many-to-one (다 대 일) | generated reviews, where negation makes word order matter |
//! | `spam` | [`spam::Spam`](super::spam::Spam) | many-to-one (다 대 일) | text messages (SMS Spam Collection) |
//! | `tagger --train` | [`treebank::Options`](super::treebank::Options) | many-to-many (다 대 다): an answer at every step | a treebank (CoNLL-U) |
//! | `tagger` | [`tagging::Reading`](super::tagging::Reading) | many-to-many (다 대 다) | generated sentences |
//! | `caption` | [`digit_captions::Options`](super::digit_captions::Options) | one-to-many (일 대 다): one input, a sequence out | handwritten digits (UCI) |
//! | `translate` | [`translation::Options`](super::translation::Options) | encoder–decoder (인코더–디코더): an encoder reads the input, a decoder writes an output of another length | numbers and their readings |
//! | `chatbot` | [`chatbot::Options`](super::chatbot::Options) | encoder–decoder (인코더–디코더) | questions and answers (Chatbot_data) |

use crate::cells::CellKind;
use crate::io::data::DataError;
use crate::io::save::Saved;
use crate::io::text::Vocabulary;
use crate::train::{FitOptions, TrainError};
use std::path::Path;

/// The flags every use shares, read in one place by the command line: which cell, its Dh,
/// E, how many epochs, the mini-batch, the seed of the data and the weights, the threads,
/// and the learning rate, the dropout rate and the L2 penalty.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::uses::frame::Shared;
///
/// let shared = Shared { cell: CellKind::Lstm, epochs: 40, ..Shared::default() };
/// assert_eq!((shared.hidden, shared.fit_options().batch), (16, 8));
/// assert_eq!((shared.learning_rate, shared.dropout, shared.l2), (0.01, 0.0, 0.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shared {
    /// The cell, from the registry.
    pub cell: CellKind,
    /// Dh.
    pub hidden: usize,
    /// Passes over the training data.
    pub epochs: usize,
    /// The seed of the data (which sentences are held out) and of the weights.
    pub seed: u32,
    /// Threads sharing each mini-batch (the figures are the same for any number).
    pub threads: usize,
    /// Examples per mini-batch (one optimiser step each).
    pub batch: usize,
    /// `Some(E)`: the words enter through a V×E embedding table
    /// ([`Embedding`](crate::cells::Embedding), d = E)
    /// instead of as one-hot vectors (d = V).
    pub embedding: Option<usize>,
    /// Adam's learning rate.
    pub learning_rate: f64,
    /// The dropout rate on the recurrent layer's inputs and outputs while training; 0 for
    /// none.
    pub dropout: f64,
    /// The L2 penalty λ on every weight; 0 for none.
    pub l2: f64,
}

impl Shared {
    /// How [`fit`](crate::train::fit) trains: [`FitOptions::default`] (Adam, the global norm
    /// of the gradient clipped to 5) with these epochs, mini-batches of `self.batch` (8 by
    /// default), threads, learning rate and L2 penalty.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::frame::Shared;
    /// use rnn_from_scratch::train::Clip;
    /// let fit = Shared { learning_rate: 0.005, ..Shared::default() }.fit_options();
    /// assert_eq!((fit.epochs, fit.learning_rate, fit.clip), (40, 0.005, Clip::Norm(5.0)));
    /// assert_eq!((fit.l2, fit.batch), (0.0, 8));
    /// ```
    pub fn fit_options(&self) -> FitOptions {
        FitOptions {
            epochs: self.epochs,
            batch: self.batch,
            threads: self.threads,
            learning_rate: self.learning_rate,
            l2: self.l2,
            ..FitOptions::default()
        }
    }

    /// What training with these settings holds in memory
    /// ([`memory::sequence_training`](crate::programs::memory::sequence_training) with this
    /// cell, batch and threads): the weights of `layers` layers reading d values into Dh
    /// with `outputs` outputs, and each thread's batch of `timesteps` steps.
    pub fn states(&self, [d, dh, outputs, timesteps, layers]: [usize; 5]) -> u128 {
        let (cell, batch, threads) = (self.cell, self.batch, self.threads);
        crate::programs::memory::sequence_training(
            cell, d, dh, outputs, timesteps, batch, layers, threads,
        )
    }
}

impl Default for Shared {
    /// An RNN with Dh = 16, 40 epochs, seed 0, one thread, mini-batches of 8, no embedding;
    /// Adam at 0.01, no dropout, no L2 penalty.
    fn default() -> Shared {
        Shared {
            cell: CellKind::Rnn,
            hidden: 16,
            epochs: 40,
            seed: 0,
            threads: 1,
            batch: 8,
            embedding: None,
            learning_rate: 0.01,
            dropout: 0.0,
            l2: 0.0,
        }
    }
}

/// What a use tells while it trains (for progress).
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A line to show: what is trained now, or what comes next.
    Note(String),
    /// `done` examples of epoch `epoch` trained; epochs count on over the parts a use
    /// trains one after another (the backward reader's first epoch follows the forward
    /// reader's last).
    Batch {
        /// 1-based.
        epoch: usize,
        /// Examples done in this epoch.
        done: usize,
    },
    /// Epoch `epoch` ended with this mean loss per example, in nats (`what`: whose loss,
    /// such as `forward reader's epoch 2`).
    Epoch {
        /// 1-based.
        epoch: usize,
        /// The mean loss.
        loss: f64,
        /// Whose epoch it was.
        what: String,
    },
}

/// How long a use trains, for its progress line: `epochs` passes of `per_epoch` examples,
/// once, or once for each of `rounds` trained one after another (the two readers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Epochs (of each round).
    pub epochs: usize,
    /// Examples per epoch.
    pub per_epoch: usize,
    /// The parts trained one after another, each for `epochs` (none: one model).
    pub rounds: &'static [&'static str],
}

/// What a use's run gives: the trained model (and what it reads with), the report's lines
/// and its last line, and the figure a warning compares with what learning nothing scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Report<T> {
    /// The trained model, to save or to answer `--input` with.
    pub trained: T,
    /// The lines shown unless `--quiet`: held-out examples right and wrong, details.
    pub lines: Vec<String>,
    /// The last line of stdout, which scripts read: the held-out figure beside the
    /// baselines.
    pub figure: String,
    /// (the held-out score, what a model that learned nothing scores, its name): a score
    /// no better is warned about.
    pub against: (f64, f64, String),
}

/// A use of the notes' RNN: its data, and how its model trains, scores, saves and answers.
/// Adding a use is a data reader and an implementation of this trait.
pub trait Use {
    /// One example as read: a review, a sentence, a picture, a number.
    type Item: Sync;
    /// The trained model with what it reads with (its tokens): saved, loaded, asked.
    type Trained;
    /// The model as saved ([`Saved`]).
    type Model: crate::io::save::Saved;
    /// The command: `rnn sentiment`.
    const COMMAND: &'static str;
    /// The examples, plural: `reviews`.
    const ITEMS: &'static str;
    /// The shared flags this use takes beyond the training ones (`cell`, `hidden`,
    /// `epochs`, `batch`, `seed`, `threads`, `quiet`): any of `train`, `test` (files),
    /// `save`, `load`, `input`, `explain`, `embedding`, `dropout`, `l2`, `lr`.
    const FLAGS: &'static [&'static str];

    /// What `--input` is, for a message: `a review to read, such as --input "이 영화 진짜 노잼"`.
    const INPUT: &'static str;

    /// Whether `--load DIR` without `--input` is a talk: each line of standard input
    /// answered in turn (the chatbot); otherwise `--load` needs `--input`.
    const TALKS: bool = false;

    /// The parts trained one after another, each for the epochs (none: one model), for
    /// progress ([`Plan::rounds`]): the two readers.
    const ROUNDS: &'static [&'static str] = &[];

    /// Whether its progress counts epochs alone (`3/40 epochs`), for a data set so small
    /// that an epoch takes a blink (the generated ones).
    const EPOCHS_ONLY: bool = false;

    /// The shared flags' defaults.
    fn defaults(&self) -> Shared;

    /// The examples: `train` read from a file (its last tenth held out unless `test` is
    /// given), or the use's own (made from `shared`'s seed, where it is generated).
    ///
    /// # Errors
    ///
    /// A file that cannot be read.
    fn data(
        &self,
        train: Option<&Path>,
        test: Option<&Path>,
        shared: &Shared,
    ) -> Examples<Self::Item>;

    /// Checks `--input` before any training, so that a mistake in it is not found after a
    /// long run: an error says why it cannot be read. By default any text will do.
    ///
    /// # Errors
    ///
    /// The input cannot be read.
    fn check_input(&self, input: &str) -> Result<(), String> {
        let _ = input;
        Ok(())
    }

    /// What training will hold in memory: (bytes, what they are, the flags that lower
    /// them). By default nothing worth checking (a generated data set of a few thousand
    /// short sentences).
    fn memory(&self, train: &[Self::Item], test: &[Self::Item], shared: &Shared) -> Need {
        let _ = (train, test, shared);
        (0, "", "")
    }

    /// The most examples a mini-batch may hold, where it is known before the data is read
    /// (a generated set's training size): a larger `--batch` is refused as it is read.
    fn batch_limit(&self) -> usize {
        usize::MAX
    }

    /// How long training is, for progress.
    fn plan(&self, train: &[Self::Item], shared: &Shared) -> Plan {
        Plan {
            epochs: shared.epochs,
            per_epoch: train.len(),
            rounds: Self::ROUNDS,
        }
    }

    /// Trains on `train` and scores on `test` beside the baselines, telling `on` as it
    /// goes.
    ///
    /// # Errors
    ///
    /// A training that fails (a loss that is not finite, or far above what a model that
    /// knows nothing scores).
    fn run(
        &self,
        train: &[Self::Item],
        test: &[Self::Item],
        shared: &Shared,
        on: &mut dyn FnMut(Event),
    ) -> Result<Report<Self::Trained>, TrainError>;

    /// Saves the trained model as the folder `dir`. By default nothing: a use without `save`
    /// among its [`FLAGS`](Use::FLAGS) is never asked.
    ///
    /// # Errors
    ///
    /// As [`io::save::save`](crate::io::save::save).
    fn save(trained: &Self::Trained, dir: &Path) -> Result<(), DataError> {
        let _ = (trained, dir);
        Ok(())
    }

    /// Loads a model saved by [`save`](Use::save); by default none (no `load` among the
    /// [`FLAGS`](Use::FLAGS)).
    ///
    /// # Errors
    ///
    /// As [`io::save::load`](crate::io::save::load).
    fn load(&self, dir: &Path) -> Result<Self::Trained, DataError> {
        unreachable!("{}: {} takes no --load", dir.display(), Self::COMMAND)
    }

    /// The model's answer to `input` (with `explain`, how it read it), as lines; the last
    /// line is the answer. By default none (no `input` among the [`FLAGS`](Use::FLAGS)).
    ///
    /// # Errors
    ///
    /// An input the model cannot read (a usage error), or a model that overflows on it.
    fn answer(&self, trained: &Self::Trained, input: &str, explain: bool) -> Lines {
        let _ = (trained, input, explain);
        Ok(Vec::new())
    }
}

/// A use's answer as lines ([`Use::answer`]), or why there is none.
pub type Lines = Result<Vec<String>, Answer>;

/// A use's examples as read ([`Use::data`]): (training, held-out), or why they cannot be.
pub type Examples<T> = Result<(Vec<T>, Vec<T>), DataError>;

/// Memory a use needs: (bytes, what they hold, the flags that lower them).
pub type Need = (u128, &'static str, &'static str);

/// Why a use could not answer `--input`.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The input is not one the model can read: a usage error.
    Unreadable(String),
    /// The model failed on it.
    Failed(String),
}

/// The data of a use that reads files: `train` read with `read` and its last tenth held
/// out, unless `test` is given; without `train`, `built_in`. Either part empty is an error.
///
/// # Errors
///
/// A file that cannot be read, or too few examples to train on and to score.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::frame::files_or;
///
/// let read = |_: &std::path::Path| Ok((0..20).collect::<Vec<u32>>());
/// let (train, test) = files_or(Some("t".as_ref()), None, read, || (vec![], vec![]), "numbers")?;
/// assert_eq!((train.len(), test), (18, vec![18, 19])); // the last tenth held out
/// let err = files_or(None, None, read, || (vec![1], vec![]), "numbers").unwrap_err();
/// assert_eq!(err.to_string(), "there are too few numbers to train on and to score");
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn files_or<T>(
    train: Option<&Path>,
    test: Option<&Path>,
    read: impl Fn(&Path) -> Result<Vec<T>, DataError>,
    built_in: impl FnOnce() -> (Vec<T>, Vec<T>),
    items: &str,
) -> Examples<T> {
    let (mut training, mut held_out) = match train {
        Some(path) => (read(path)?, Vec::new()),
        None => built_in(),
    };
    if let Some(path) = test {
        held_out = read(path)?;
    } else if train.is_some() {
        held_out = training.split_off(training.len() - training.len() / 10);
    }
    if training.is_empty() || held_out.is_empty() {
        return Err(DataError::new(format!(
            "there are too few {items} to train on and to score"
        )));
    }
    Ok((training, held_out))
}

/// Loads a model of `M` saved as the folder `dir` ([`io::save::load`](crate::io::save::load)):
/// the model, its vocabularies (those of [`Saved::VOCABULARIES`], in order) and the text of
/// `model.txt`, for a use's own lines.
///
/// # Errors
///
/// As [`io::save::load`](crate::io::save::load), or a vocabulary file whose tokens repeat
/// (named).
#[allow(clippy::type_complexity)]
pub fn load<M: Saved>(dir: &Path) -> Result<(M, Vec<Vocabulary<String>>, String), DataError> {
    let loaded = crate::io::save::load::<M>(dir)?;
    let files = M::VOCABULARIES.iter().map(|(file, _, _)| dir.join(file));
    let vocabularies = files
        .zip(loaded.vocabularies)
        .map(|(file, tokens)| Vocabulary::from_tokens(tokens).map_err(|e| e.in_file(&file)));
    let vocabularies = vocabularies.collect::<Result<_, _>>()?;
    Ok((loaded.model, vocabularies, loaded.manifest))
}

/// `f` of each of `items`, in order, in chunks of `chunk` items shared by `threads` threads
/// (the same results for any number); the first error, if any.
///
/// # Errors
///
/// The first item's error.
pub fn each_in_chunks<T: Sync, R: Send>(
    items: &[T],
    chunk: usize,
    threads: usize,
    f: impl Fn(&T) -> Result<R, TrainError> + Sync,
) -> Result<Vec<R>, TrainError> {
    let chunks: Vec<&[T]> = items.chunks(chunk).collect();
    let work = |chunk: &&[T]| chunk.iter().map(&f).collect::<Result<Vec<R>, _>>();
    let each = crate::train::threads::map_jobs(&chunks, threads, work, |_, _| {});
    let each = each.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(each.into_iter().flatten().collect())
}

/// Runs `train` with the callbacks a fit takes (`on_batch(epoch, done)`, `on_epoch(epoch,
/// loss)`) told to `on` as [`Event`]s: the epochs counted on from `before` (the epochs of
/// the parts trained before this one), each epoch's loss named `name(epoch)`.
pub fn told<R>(
    on: &mut dyn FnMut(Event),
    before: usize,
    name: impl Fn(usize) -> String,
    train: impl FnOnce(&mut dyn FnMut(usize, usize), &mut dyn FnMut(usize, f64)) -> R,
) -> R {
    let on = std::cell::RefCell::new(on);
    let mut on_batch = |epoch, done| {
        let epoch = before + epoch;
        (on.borrow_mut())(Event::Batch { epoch, done })
    };
    let mut on_epoch = |epoch, loss| {
        let what = name(epoch);
        let epoch = before + epoch;
        (on.borrow_mut())(Event::Epoch { epoch, loss, what })
    };
    train(&mut on_batch, &mut on_epoch)
}
