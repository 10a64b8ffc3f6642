//! Saving and loading a trained model (the character model, and the sentiment model of
//! [`reviews`](crate::programs::uses::reviews)): a folder of `.npy` files that numpy opens,
//! plus the vocabulary and a short description.
//!
//! ```text
//! model/
//!   model.txt    what this is: `rnn-from-scratch model`, `program sentiment` (none for a
//!                character model), `cell rnn` (or lstm, gru), the sizes, then one line per
//!                weight file with its shape and the weight's name: `array wh.npy 100×100 Wh`
//!   vocab.txt    the tokens, one per line, each character as U+XXXX, in index order
//!                (a sentiment model's pairs of characters: `U+C7AC U+BBF8` for 재미)
//!   wx.npy  wh.npy  b.npy  wy.npy  by.npy     the weights (np.load opens each);
//!                an LSTM has input_gate_wx.npy, forget_gate_wh.npy, …
//! ```
//!
//! **Nothing a user had is lost.** A save replaces a folder only if it is a model this
//! crate saved (its `model.txt` starts with the line `rnn-from-scratch model`) and holds
//! nothing but the files that save wrote: a folder of someone's work, or a model beside
//! which a user put `NOTES.md`, is refused with a message, untouched
//! ([`check_save_target`], which `char-rnn train --save` runs before it trains).
//!
//! **Nothing is lost if a save is interrupted.** The new model is written to
//! `model.saving-<pid>-<n>/` first; only when every file is complete is the old folder
//! moved to `model.previous-<pid>-<n>/`, the new one renamed to `model/`, and the old one
//! removed. At no moment is the previous model half-overwritten: if the program is killed
//! between the two renames, both models are whole beside `model/` and loading names them.
//! One process at a time saves to a folder (`model.rnn-save-lock`); a symbolic link to a
//! model folder stays a link and the folder it names is replaced; see
//! [`folder`](super::folder).
//!
//! **A model folder is not trusted.** Loading opens only the files the cell kind in
//! `model.txt` has (`wx.npy`, `forget_gate_wh.npy`, …) and only if they are regular files
//! in the folder: a `model.txt` naming `../../etc/passwd`, or a FIFO in place of `wx.npy`,
//! is refused before anything is opened. Loading never deletes anything.

use super::data::DataError;
use super::folder::{
    Destination, SaveLock, destination, io_error, leftovers, probe_folder, real_folder,
    replace_file, replace_folder,
};
use super::memory;
use super::npy;
use super::text::Vocabulary;
use crate::cells::{AnyCell, Cell, CellKind, CharModel, Parameters, PieceTagger, TwoWayClassifier};
use crate::cells::{Attention, Seq2Seq, SequenceModel};
use crate::linalg::Mt19937;
use std::fs;
use std::io::Write;
use std::path::Path;

/// The first line of every `model.txt`.
pub(crate) const MANIFEST_TITLE: &str = "rnn-from-scratch model";

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so
/// `path` is always either the old file or the complete new one.
///
/// A symbolic link is followed: the file it names is replaced, beside itself, and the
/// link stays. A device or a FIFO (`/dev/null`, a named pipe, `/dev/stdout`) is written
/// through in place, as a shell's `>` writes it; it is never replaced by a file.
///
/// # Errors
///
/// `path` is empty or a folder, or cannot be written: the message names the file.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::save::write_atomically;
///
/// let path = std::env::temp_dir().join(format!("rnn-doc-atomic-{}.txt", std::process::id()));
/// write_atomically(&path, b"first")?;
/// write_atomically(&path, b"second")?;
/// assert_eq!(std::fs::read(&path).unwrap(), b"second");
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), DataError> {
    match destination(path)? {
        Destination::Replace(real) => replace_file(&real, bytes),
        Destination::InPlace(device) => fs::OpenOptions::new()
            .append(true)
            .open(&device)
            .and_then(|mut file| file.write_all(bytes))
            .map_err(|e| io_error(&device, e)),
    }
}

/// Whether a save may replace `dir`, checked before anything is written (and, by the
/// command line, before training starts): `dir` is not there yet and its parent can be
/// written, or it is a model this crate saved (its `model.txt` starts with the marker line
/// `rnn-from-scratch model`) holding only the files that save wrote.
///
/// # Errors
///
/// `dir` is a file, or a folder that is not one of our models, or one that holds files a
/// user added (`model: not replaced: it holds NOTES.md, which this crate did not write;
/// move it out or choose another folder`), or a parent that cannot be written.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::save::check_save_target;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-target-{}", std::process::id()));
/// assert!(check_save_target(&dir).is_ok()); // not there yet: it can be made
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("thesis.tex"), "x").unwrap();
/// let err = check_save_target(&dir).unwrap_err();
/// assert!(err.to_string().contains("is not a model saved by this crate"), "{err}");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn check_save_target(dir: &Path) -> Result<(), DataError> {
    let (path, dir) = (dir, &real_folder(dir)?);
    let shown = path.display();
    // Can a folder be made beside it (its parent must be there already: a save makes one
    // folder, never a path of them)? Make one and remove it, as a save would.
    probe_folder(path, dir, "save", |p| {
        fs::create_dir(p).and_then(|()| fs::remove_dir(p))
    })?;
    if fs::symlink_metadata(dir).is_err() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(DataError::new(format!(
            "{shown}: this is a file, not a folder; it will not be replaced: choose another name"
        )));
    }
    let manifest = fs::read_to_string(dir.join("model.txt")).unwrap_or_default();
    if manifest.lines().next() != Some(MANIFEST_TITLE) {
        return Err(DataError::new(format!(
            "{shown}: this folder exists and is not a model saved by this crate (no model.txt \
             starting with '{MANIFEST_TITLE}'); it will not be replaced: choose another folder"
        )));
    }
    let ours = files_of(&manifest);
    let entries = fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    // A file of one of our names is ours only if it is a regular file: a folder, a link
    // or a FIFO in its place is the user's, and a save would delete it.
    let mut foreign: Vec<String> = entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let name = entry.file_name().to_string_lossy().into_owned();
            match entry.file_type().ok().and_then(|t| kind_of(&t)) {
                Some(kind) if ours.contains(&name) => Some(format!("{name} ({kind})")),
                _ => (!ours.contains(&name)).then_some(name),
            }
        })
        .collect();
    if !foreign.is_empty() {
        foreign.sort();
        let count = foreign.len();
        foreign.truncate(3);
        let more = if count > 3 {
            format!(" and {} more", count - 3)
        } else {
            String::new()
        };
        let them = if count == 1 { "it" } else { "them" };
        return Err(DataError::new(format!(
            "{shown}: not replaced: it holds {}{more}, which this crate did not write; move \
             {them} out or choose another folder",
            foreign.join(", ")
        )));
    }
    // Its files are removed once the new model is in place: the folder must let us.
    probe_folder(path, &dir.join("model.txt"), "save", |p| {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(p)?;
        fs::remove_file(p)
    })
}

/// What a file that is not a regular file is: `a folder`, `a symbolic link`, `a device,
/// FIFO or socket`; `None` for a regular file.
fn kind_of(file_type: &fs::FileType) -> Option<&'static str> {
    Some(if file_type.is_file() {
        return None;
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_dir() {
        "a folder"
    } else {
        "a device, FIFO or socket"
    })
}

/// The files a saved model's folder holds: `model.txt`, its vocabulary files, and the
/// registry's weight files for the program and cell kind its `model.txt` names (never what
/// its `array` lines say: a crafted `model.txt` must not make a user's file count as ours).
fn files_of(manifest: &str) -> Vec<String> {
    let mut files = vec!["model.txt".to_string()];
    let kind = manifest
        .lines()
        .find_map(|l| l.strip_prefix("cell "))
        .and_then(CellKind::from_name);
    if let Some(program) = Program::of(manifest) {
        files.extend(program.vocabularies().iter().map(|f| f.to_string()));
        if let Some(kind) = kind {
            files.extend(Layout::sized(program, kind, 3).weight_files());
        }
    }
    files
}

/// The programs whose models are saved: their layouts differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Program {
    /// `char-rnn`: a [`CharModel`], d = V one-hot characters.
    CharRnn,
    /// `sentiment`: a [`TwoWayClassifier`] of syllable and pair ids, E = `embedding_size`;
    /// the backward reader's files end in `_2` (`e_2.npy`).
    Sentiment,
    /// `tagger`: a [`PieceTagger`], V pieces, E, and `classes` tags.
    Tagger,
    /// `translate`: a [`Seq2Seq`] from V source tokens to `classes` target tokens (the
    /// last two are `<start>` and `<end>`).
    Translate,
}

impl Program {
    const ALL: [Program; 4] = [
        Program::CharRnn,
        Program::Sentiment,
        Program::Tagger,
        Program::Translate,
    ];

    /// The `program` line of `model.txt`; a folder without one holds a character model
    /// (saved before any other program could save). `None`: a program this crate does
    /// not know.
    fn of(manifest: &str) -> Option<Program> {
        match manifest.lines().find_map(|l| l.strip_prefix("program ")) {
            None => Some(Program::CharRnn),
            Some(name) => Program::ALL.into_iter().find(|p| p.name() == name),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Program::CharRnn => "char-rnn",
            Program::Sentiment => "sentiment",
            Program::Tagger => "tagger",
            Program::Translate => "translate",
        }
    }

    /// Its vocabulary files, one token a line (each character as U+XXXX).
    fn vocabularies(self) -> &'static [&'static str] {
        match self {
            Program::CharRnn | Program::Sentiment => &["vocab.txt"],
            Program::Tagger => &["vocab.txt", "tags.txt"],
            Program::Translate => &[],
        }
    }
}

/// What a saved model is: the program, the cell, and the sizes that fix every shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    program: Program,
    kind: CellKind,
    /// V, the input vocabulary's size.
    v: usize,
    /// E, the embedding's size (sentiment and tagger).
    e: usize,
    /// Dh.
    dh: usize,
    /// The output's size: the tags, the target tokens (tagger, translate; 2 for sentiment).
    classes: usize,
    /// Da, the attention's size (translate with attention; 0: none).
    attention: usize,
}

impl Layout {
    /// Every size `n` (for the weight files' names, which do not depend on the sizes).
    fn sized(program: Program, kind: CellKind, n: usize) -> Layout {
        Layout {
            program,
            kind,
            v: n,
            e: n,
            dh: n,
            classes: n,
            attention: if program == Program::Translate { n } else { 0 },
        }
    }

    /// Fresh models of this layout.
    fn char_model(&self) -> CharModel {
        CharModel::for_characters(self.kind, self.v, self.dh, &mut Mt19937::new(0))
    }

    fn classifier(&self) -> TwoWayClassifier {
        TwoWayClassifier::for_ids(self.kind, self.v, self.e, self.dh, 2, &mut Mt19937::new(0))
    }

    fn tagger(&self) -> PieceTagger {
        PieceTagger::init(
            self.kind,
            self.v,
            self.e,
            self.dh,
            self.classes,
            &mut Mt19937::new(0),
        )
    }

    fn translator(&self) -> Seq2Seq<AnyCell> {
        let rng = &mut Mt19937::new(0);
        let encoder = self.kind.build(self.v, self.dh, rng);
        let decoder = SequenceModel::with_softmax(
            self.kind.build(self.classes, self.dh, rng),
            self.classes,
            rng,
        );
        let (start, end) = (
            self.classes.saturating_sub(2),
            self.classes.saturating_sub(1),
        );
        let model =
            Seq2Seq::new(encoder, decoder, start, end).expect("a layout read from model.txt");
        match self.attention {
            0 => model,
            da => model
                .with_attention(Attention::init(self.dh, da, rng))
                .expect("Dh from the layout"),
        }
    }

    /// The weight files: one per array, named after the weight (`wx.npy`, `e.npy`,
    /// `forget_gate_wh.npy`); where two parts of a model share names (the tagger's two
    /// directions, the encoder and the decoder), the second part's files end in `_2`.
    fn weight_files(&self) -> Vec<String> {
        let names: Vec<&str> = match self.program {
            Program::CharRnn => self.char_model().parameters().iter().map(|p| p.0).collect(),
            Program::Sentiment => self.classifier().parameters().iter().map(|p| p.0).collect(),
            Program::Tagger => self.tagger().parameters().iter().map(|p| p.0).collect(),
            Program::Translate => self.translator().parameters().iter().map(|p| p.0).collect(),
        };
        file_names(&names)
    }

    /// The number of weights: checked before anything is allocated.
    fn values(&self) -> u128 {
        let (v, e, dh, c) = (
            self.v as u128,
            self.e as u128,
            self.dh as u128,
            self.classes as u128,
        );
        let cell = |d: usize| self.kind.num_parameters(d, self.dh);
        match self.program {
            Program::CharRnn => cell(self.v) + v * dh + v,
            Program::Sentiment => 2 * (v * e + cell(self.e) + 2 * dh + 2), // two readers
            Program::Tagger => v.max(1) * e + 2 * cell(self.e) + c * 2 * dh + c,
            Program::Translate => {
                let da = self.attention as u128;
                let attention = match da {
                    0 => 0,
                    _ => 2 * da * dh + da + 2 * dh * dh + dh, // Wa, Ua, va, Wc, bc
                };
                cell(self.v) + cell(self.classes) + c * dh + c + attention
            }
        }
    }

    /// `model.txt` up to its `array` lines.
    fn header(&self) -> String {
        let mut header = format!("{MANIFEST_TITLE}\n");
        if self.program != Program::CharRnn {
            header.push_str(&format!("program {}\n", self.program.name()));
        }
        header.push_str(&format!(
            "cell {}\nvocab_size {}\n",
            self.kind.name(),
            self.v
        ));
        if matches!(self.program, Program::Sentiment | Program::Tagger) {
            header.push_str(&format!("embedding_size {}\n", self.e));
        }
        header.push_str(&format!("hidden_size {}\n", self.dh));
        if matches!(self.program, Program::Tagger | Program::Translate) {
            header.push_str(&format!("classes {}\n", self.classes));
        }
        if self.attention > 0 {
            header.push_str(&format!("attention_size {}\n", self.attention));
        }
        header
    }

    /// The layout `model.txt` records.
    fn read(dir: &Path, manifest: &str) -> Result<Layout, DataError> {
        let manifest_path = dir.join("model.txt");
        let program = Program::of(manifest).ok_or_else(|| {
            DataError::new(format!(
                "{}: unknown program '{}' (char-rnn, sentiment, tagger or translate)",
                manifest_path.display(),
                manifest_value(manifest, dir, "program").unwrap_or("")
            ))
        })?;
        let kind_name = manifest_value(manifest, dir, "cell")?;
        let kind = CellKind::from_name(kind_name).ok_or_else(|| {
            DataError::new(format!(
                "{}: unknown cell '{kind_name}' ({})",
                manifest_path.display(),
                CellKind::names()
            ))
        })?;
        let size = |key: &str| -> Result<usize, DataError> {
            let text = manifest_value(manifest, dir, key)?;
            match text.parse::<usize>() {
                Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
                _ => Err(DataError::new(format!(
                    "{}: {key} must be a size, got '{text}'",
                    manifest_path.display()
                ))),
            }
        };
        let e = match program {
            Program::Sentiment | Program::Tagger => size("embedding_size")?,
            _ => 0,
        };
        let classes = match program {
            Program::Tagger | Program::Translate => size("classes")?,
            _ => 2,
        };
        if program == Program::Translate && classes < 3 {
            return Err(DataError::new(format!(
                "{}: classes must count the target tokens, <start> and <end>: at least 3, got {classes}",
                manifest_path.display()
            )));
        }
        let (v, dh) = (size("vocab_size")?, size("hidden_size")?);
        let has_attention = manifest.lines().any(|l| l.starts_with("attention_size "));
        let attention = match program {
            Program::Translate if has_attention => size("attention_size")?,
            _ => 0,
        };
        Ok(Layout {
            program,
            kind,
            v,
            e,
            dh,
            classes,
            attention,
        })
    }

    /// A shape in the notes' letters, read off the sizes: `[100, 76]` with Dh = 100 and
    /// V = 76 → `Dh×V` (where two sizes are equal, the first letter listed wins: the
    /// numbers say the rest).
    fn letters(&self, shape: &[usize]) -> String {
        let letter = |n: usize| match n {
            _ if n == self.dh => "Dh",
            _ if n == self.v => "V",
            _ if n == self.e => "E",
            _ if n == 2 * self.dh => "2·Dh",
            _ if n == self.classes => "V_out",
            _ if n == self.attention => "Da",
            _ => "?",
        };
        let letters: Vec<&str> = shape.iter().map(|&n| letter(n)).collect();
        letters.join("×")
    }
}

/// Saves a character model (any cell) and its vocabulary as the folder `dir` (see the
/// module docs). Each weight is one `.npy` file named after it: `wx.npy` … `by.npy` for
/// the RNN, `forget_gate_wh.npy` and so on for the LSTM and the GRU.
///
/// # Errors
///
/// `dir` exists but is not a saved model, a weight is NaN or infinite, or a file cannot
/// be written; the previous model in `dir`, if any, is then untouched.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{io::save, io::text::Vocabulary, Mt19937};
/// use rnn_from_scratch::cells::{CellKind, CharModel};
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-save-{}", std::process::id()));
/// let vocab = Vocabulary::from_text("hello, 세계");
/// for &kind in CellKind::ALL {
///     let model = CharModel::for_characters(kind, vocab.len(), 6, &mut Mt19937::new(0));
///     save::save_char_model(&dir, &model, &vocab)?;
///     assert_eq!(save::load_char_model(&dir)?, (model, vocab.clone()));
/// }
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn save_char_model(dir: &Path, model: &CharModel, vocab: &Vocabulary) -> Result<(), DataError> {
    let (kind, v, dh) = (model.cell().kind(), vocab.len(), model.cell().hidden_size());
    let layout = Layout {
        program: Program::CharRnn,
        kind,
        v,
        e: 0,
        dh,
        classes: v,
        attention: 0,
    };
    save(dir, &layout, model, &[&chars(vocab)], "")
}

/// Saves the sentiment model (a [`TwoWayClassifier`] of syllables and pairs of syllables)
/// and its tokens as the folder `dir`, as [`save_char_model`] saves a character model: the
/// same safe replacement, `program sentiment` and `embedding_size` in `model.txt`, `e.npy`
/// for the forward reader's embedding (`e_2.npy`, `wx_2.npy` … the backward reader's), and
/// `vocab.txt` in the tokens' id order (`<unk>`, U+FFFD, first; a pair as its two
/// characters, `U+C7AC U+BBF8` for 재미).
///
/// # Errors
///
/// As [`save_char_model`].
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, TwoWayClassifier};
/// use rnn_from_scratch::io::{reviews::Review, save};
/// use rnn_from_scratch::programs::uses::reviews::tokens;
/// use rnn_from_scratch::Mt19937;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-save-sentiment-{}", std::process::id()));
/// let vocab = tokens(&[Review { text: "재미 재미 재미 재미 재미".into(), positive: true }]);
/// assert!(vocab.index_of("재미").is_some()); // a pair: two characters on one line
/// let model = TwoWayClassifier::for_ids(CellKind::Lstm, vocab.len(), 4, 6, 2, &mut Mt19937::new(0));
/// save::save_classifier(&dir, &model, &vocab)?;
/// assert_eq!(save::load_classifier(&dir)?, (model, vocab));
/// let err = save::load_char_model(&dir).unwrap_err();
/// assert!(err.to_string().ends_with("holds a sentiment model, not a char-rnn model"), "{err}");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn save_classifier(
    dir: &Path,
    model: &TwoWayClassifier,
    vocab: &Vocabulary<String>,
) -> Result<(), DataError> {
    let reader = &model.forward;
    let (kind, dh) = (reader.cell().cell().kind(), reader.cell().hidden_size());
    let (v, e) = (vocab.len(), reader.cell().embedding().size());
    let layout = Layout {
        program: Program::Sentiment,
        kind,
        v,
        e,
        dh,
        classes: 2,
        attention: 0,
    };
    save(dir, &layout, model, &[vocab.tokens()], "")
}

/// The save of every program (see the module docs).
/// Saves the treebank tagger with the pieces and the tags it learned (`vocab.txt`,
/// `tags.txt`), as [`save_char_model`] saves a character model; the backward direction's
/// files end in `_2` (`wx_2.npy`).
///
/// # Errors
///
/// As [`save_char_model`].
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, PieceTagger};
/// use rnn_from_scratch::io::{save, text::Vocabulary};
/// use rnn_from_scratch::Mt19937;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-save-tagger-{}", std::process::id()));
/// let words = |text: &str| Vocabulary::counted(text.split(' ').map(String::from), |_, _| true);
/// let (pieces, tags) = (words("p:학 s:다 w:나는"), words("NOUN VERB PRON"));
/// let tagger = PieceTagger::init(CellKind::Gru, pieces.len(), 4, 5, tags.len(), &mut Mt19937::new(0));
/// save::save_tagger(&dir, &tagger, &pieces, &tags)?;
/// assert_eq!(save::load_tagger(&dir)?, (tagger, pieces, tags));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn save_tagger(
    dir: &Path,
    tagger: &PieceTagger,
    pieces: &Vocabulary<String>,
    tags: &Vocabulary<String>,
) -> Result<(), DataError> {
    let (cell, table) = (tagger.model().cell(), tagger.table());
    let kind = cell.cells().0.kind();
    let (v, e, dh, classes) = (
        pieces.len(),
        table.size(),
        cell.hidden_size() / 2,
        tags.len(),
    );
    let layout = Layout {
        program: Program::Tagger,
        kind,
        v,
        e,
        dh,
        classes,
        attention: 0,
    };
    save(dir, &layout, tagger, &[pieces.tokens(), tags.tokens()], "")
}

/// Saves the encoder–decoder of `rnn translate`, with `direction`, the line that says what
/// it translates (`digits ko` …), which [`load_translator`] gives back.
///
/// # Errors
///
/// As [`save_char_model`].
pub fn save_translator(
    dir: &Path,
    model: &Seq2Seq<AnyCell>,
    direction: &str,
) -> Result<(), DataError> {
    let (kind, v, dh) = (
        model.encoder().kind(),
        model.encoder().input_size(),
        model.encoder().hidden_size(),
    );
    let classes = model.decoder().output().output_size();
    let layout = Layout {
        program: Program::Translate,
        kind,
        v,
        e: 0,
        dh,
        classes,
        attention: model.attention().map_or(0, |a| a.attention_size()),
    };
    save(
        dir,
        &layout,
        model,
        &[],
        &format!("direction {direction}\n"),
    )
}

/// One character a token: the character model's and the reviews' vocabularies.
fn chars(vocab: &Vocabulary) -> Vec<String> {
    vocab.tokens().iter().map(char::to_string).collect()
}

/// The save of every program (see the module docs): `vocabularies` in the program's
/// vocabulary files, `extra` lines in `model.txt` after the sizes.
fn save(
    dir: &Path,
    layout: &Layout,
    model: &impl Parameters,
    vocabularies: &[&[String]],
    extra: &str,
) -> Result<(), DataError> {
    refuse_non_finite(dir, model)?;
    let _lock = SaveLock::acquire(dir)?;
    check_save_target(dir)?;
    let dir = &real_folder(dir)?;
    let mut manifest = layout.header() + extra;
    let parameters = model.parameters();
    let files = file_names(&parameters.iter().map(|p| p.0).collect::<Vec<_>>());
    for (((name, _), shape), file) in parameters.iter().zip(model.shapes()).zip(&files) {
        manifest.push_str(&format!("array {file} {} {name}\n", show_shape(&shape)));
    }
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .zip(parameters.iter().zip(model.shapes()))
        .map(|(file, ((_, values), shape))| (file, npy::to_bytes(&shape, values)))
        .collect();
    for (name, tokens) in layout.program.vocabularies().iter().zip(vocabularies) {
        // Each character of a token as U+XXXX, so spaces and line breaks survive.
        let line = |t: &String| {
            t.chars()
                .map(|c| format!("U+{:04X}", c as u32))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let text: String = tokens.iter().map(|t| line(t) + "\n").collect();
        files.push((name.to_string(), text.into_bytes()));
    }
    files.push(("model.txt".to_string(), manifest.into_bytes()));
    // model.txt goes last: a folder with a model.txt is complete.
    replace_folder(dir, &files, "model.txt")
}

/// `forget gate Wh` → `forget_gate_wh.npy`, for every parameter name; a name that comes
/// again gets `_2`, `_3`, … (`wx.npy`, then `wx_2.npy`).
fn file_names(names: &[&str]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    names
        .iter()
        .map(|name| {
            let stem = name.to_lowercase().replace(' ', "_");
            let count = seen.iter().filter(|s| **s == stem).count();
            seen.push(stem.clone());
            match count {
                0 => format!("{stem}.npy"),
                n => format!("{stem}_{}.npy", n + 1),
            }
        })
        .collect()
}

/// `[100, 76]` → `100×76`.
fn show_shape(shape: &[usize]) -> String {
    let parts: Vec<String> = shape.iter().map(usize::to_string).collect();
    parts.join("×")
}

/// A model with a NaN or an infinity is not saved: it would replace a good one with one
/// that can only produce NaN.
fn refuse_non_finite(dir: &Path, model: &impl Parameters) -> Result<(), DataError> {
    for (name, values) in model.parameters() {
        if let Some(k) = values.iter().position(|x| !x.is_finite()) {
            return Err(DataError::new(format!(
                "{}: not saved: {name} holds {} (at index {k}); the model already there is kept",
                dir.display(),
                values[k]
            )));
        }
    }
    Ok(())
}

/// Loads a character model saved by [`save_char_model`].
///
/// # Errors
///
/// A missing folder or file, a file that is not what it should be, a folder another
/// program saved, or a shape that does not fit the sizes in `model.txt`, each named:
/// `model/wh.npy: Wh must be Dh×Dh = 100×100, got 100×99`, `model/vocab.txt: line 3 is not
/// a character (U+XXXX): "abc"`.
///
/// # Examples
///
/// See [`save_char_model`] for a save and load; a folder that is not a model is named:
///
/// ```
/// use rnn_from_scratch::io::save::load_char_model;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-not-a-model-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let err = load_char_model(&dir).unwrap_err();
/// assert!(err.to_string().contains("model.txt"), "{err}");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn load_char_model(dir: &Path) -> Result<(CharModel, Vocabulary), DataError> {
    let (model, lists, _) = load(dir, Program::CharRnn, Layout::char_model)?;
    Ok((model, char_vocabulary(dir, &lists[0])?))
}

/// Loads the sentiment model saved by [`save_classifier`].
///
/// # Errors
///
/// As [`load_char_model`]; a character model's folder is named: `model: this folder holds
/// a char-rnn model, not a sentiment model`.
///
/// # Examples
///
/// See [`save_classifier`].
pub fn load_classifier(dir: &Path) -> Result<(TwoWayClassifier, Vocabulary<String>), DataError> {
    let manifest = read_manifest(dir)?;
    let one_reader = !manifest.lines().any(|l| l.starts_with("array e_2.npy "));
    if Program::of(&manifest) == Some(Program::Sentiment) && one_reader {
        return Err(DataError::new(format!(
            "{}: a sentiment model with one reader, saved before the model read reviews both \
             ways; train it again and save it (rnn sentiment --train FILE --save DIR)",
            dir.join("model.txt").display()
        )));
    }
    let (model, mut lists, _) = load(dir, Program::Sentiment, Layout::classifier)?;
    let tokens = lists.pop().unwrap_or_default();
    Vocabulary::from_tokens(tokens)
        .map_err(|e| e.in_file(&dir.join("vocab.txt")))
        .map(|vocab| (model, vocab))
}

/// Loads the tagger saved by [`save_tagger`], with its pieces and its tags.
///
/// # Errors
///
/// As [`load_char_model`].
///
/// # Examples
///
/// See [`save_tagger`].
pub fn load_tagger(
    dir: &Path,
) -> Result<(PieceTagger, Vocabulary<String>, Vocabulary<String>), DataError> {
    let (model, mut lists, _) = load(dir, Program::Tagger, Layout::tagger)?;
    let vocabulary = |tokens: Vec<String>, file: &str| {
        Vocabulary::from_tokens(tokens).map_err(|e| e.in_file(&dir.join(file)))
    };
    let tags = vocabulary(lists.pop().unwrap_or_default(), "tags.txt")?;
    Ok((
        model,
        vocabulary(lists.pop().unwrap_or_default(), "vocab.txt")?,
        tags,
    ))
}

/// Loads the encoder–decoder saved by [`save_translator`], with its `direction` line.
///
/// # Errors
///
/// As [`load_char_model`], or a `model.txt` without a `direction` line.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, Seq2Seq, SequenceModel};
/// use rnn_from_scratch::io::save;
/// use rnn_from_scratch::Mt19937;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-save-translate-{}", std::process::id()));
/// let mut rng = Mt19937::new(0);
/// let decoder = SequenceModel::with_softmax(CellKind::Gru.build(7, 5, &mut rng), 7, &mut rng);
/// let model = Seq2Seq::new(CellKind::Gru.build(10, 5, &mut rng), decoder, 5, 6)?;
/// save::save_translator(&dir, &model, "digits ko")?;
/// assert_eq!(save::load_translator(&dir)?, (model, "digits ko".to_string()));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_translator(dir: &Path) -> Result<(Seq2Seq<AnyCell>, String), DataError> {
    let (model, _, manifest) = load(dir, Program::Translate, Layout::translator)?;
    Ok((
        model,
        manifest_value(&manifest, dir, "direction")?.to_string(),
    ))
}

/// A character model's vocabulary: one character a token, sorted (a shuffled vocab.txt
/// would scramble it unseen) and distinct.
fn char_vocabulary(dir: &Path, tokens: &[String]) -> Result<Vocabulary, DataError> {
    let path = dir.join("vocab.txt");
    let mut chars = Vec::with_capacity(tokens.len());
    for (k, token) in tokens.iter().enumerate() {
        let mut each = token.chars();
        match (each.next(), each.next()) {
            (Some(c), None) => chars.push(c),
            _ => {
                return Err(DataError::new(format!(
                    "{}: line {} is not one character: {token:?}",
                    path.display(),
                    k + 1
                )));
            }
        }
    }
    Vocabulary::from_chars(chars).map_err(|e| e.in_file(&path))
}

/// The load of every program: the layout from `model.txt`, checked against `program`,
/// the vocabulary files (their tokens, checked against the sizes), every array's shape
/// before anything is allocated, then the weights. Gives the model, the vocabularies'
/// tokens and `model.txt`.
fn load<M: Parameters>(
    dir: &Path,
    program: Program,
    build: impl FnOnce(&Layout) -> M,
) -> Result<(M, Vec<Vec<String>>, String), DataError> {
    let manifest = read_manifest(dir)?;
    let layout = Layout::read(dir, &manifest)?;
    if layout.program != program {
        return Err(DataError::new(format!(
            "{}: this folder holds a {} model, not a {} model",
            dir.display(),
            layout.program.name(),
            program.name()
        )));
    }
    let mut lists = Vec::new();
    for (file, (key, size)) in program
        .vocabularies()
        .iter()
        .zip([("vocab_size", layout.v), ("classes", layout.classes)])
    {
        let tokens = read_tokens(&dir.join(file))?;
        if tokens.len() != size {
            let what = match (program, key) {
                (Program::Tagger, "classes") => "tags",
                (Program::Tagger, _) => "pieces",
                (Program::Sentiment, _) => "tokens",
                _ => "characters",
            };
            return Err(DataError::new(format!(
                "{}: {} {what}, but model.txt says {key} {size}",
                dir.join(file).display(),
                tokens.len()
            )));
        }
        if program == Program::CharRnn {
            char_vocabulary(dir, &tokens)?; // before any weight
        }
        lists.push(tokens);
    }
    check_before_allocating(dir, &manifest, &layout)?;
    let mut model = build(&layout);
    let shapes = model.shapes();
    let parameters = model.parameters_mut();
    let files = file_names(&parameters.iter().map(|p| p.0).collect::<Vec<_>>());
    for (((name, slot), expected), file) in parameters.into_iter().zip(shapes).zip(files) {
        let path = dir.join(file);
        let in_file = |message: String| DataError::new(format!("{}: {message}", path.display()));
        regular_file(&path)?;
        // The header first (and the file's size against it): a file of the wrong shape is
        // refused before its values are read, however large it is.
        let shape = npy::read_shape(&path)?;
        if shape != expected {
            return Err(in_file(format!(
                "{name} must be {} = {}, got {} (its header says so; no value was read)",
                layout.letters(&expected),
                show_shape(&expected),
                show_shape(&shape)
            )));
        }
        let bytes = fs::read(&path).map_err(|e| io_error(&path, e))?;
        let (_, values) = npy::from_bytes(&bytes).map_err(|e| in_file(e.to_string()))?;
        if let Some(k) = values.iter().position(|x| !x.is_finite()) {
            return Err(in_file(format!(
                "{name} holds {} (at index {k}); weights must be finite",
                values[k]
            )));
        }
        slot.copy_from_slice(&values);
    }
    Ok((model, lists, manifest))
}

/// Before a model is allocated: the memory its weights take (from the sizes in
/// `model.txt`) must be free, and every array file's header must say the shape
/// `model.txt` records for it, and the shapes must add up to what the layout has. A
/// `model.txt` edited to `hidden_size 60000` is refused here, not by the operating system
/// halfway through.
fn check_before_allocating(dir: &Path, manifest: &str, layout: &Layout) -> Result<(), DataError> {
    let manifest_path = dir.join("model.txt");
    let values = layout.values();
    let (kind, v, dh) = (layout.kind.name(), layout.v, layout.dh);
    memory::check(
        16 * values,
        memory::available(),
        &format!("{values} weights, read and placed"),
        "the model's size",
    )
    .map_err(|e| {
        DataError::new(format!(
            "{}: cell {kind}, V = {v}, Dh = {dh}: {e}",
            manifest_path.display()
        ))
    })?;
    let mut recorded: u128 = 0;
    let expected = layout.weight_files();
    for line in manifest.lines().filter_map(|l| l.strip_prefix("array ")) {
        let mut words = line.splitn(3, ' ');
        let (file, shape_text) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        let name = words.next().unwrap_or(file);
        if !expected.iter().any(|f| f == file) {
            return Err(DataError::new(format!(
                "{}: the line 'array {line}' names {file:?}, which is not a file of a saved {kind} \
                 model ({}); nothing was opened",
                manifest_path.display(),
                expected.join(", ")
            )));
        }
        let shape: Option<Vec<usize>> = shape_text.split('×').map(|n| n.parse().ok()).collect();
        let Some(shape) = shape else {
            return Err(DataError::new(format!(
                "{}: the line 'array {line}' does not give a shape like 100×76",
                manifest_path.display()
            )));
        };
        let path = dir.join(file);
        regular_file(&path)?;
        let in_file = npy::read_shape(&path)?;
        if in_file != shape {
            return Err(DataError::new(format!(
                "{}: {name} must be {} = {}, got {}",
                path.display(),
                layout.letters(&shape),
                show_shape(&shape),
                show_shape(&in_file)
            )));
        }
        recorded += shape.iter().map(|&n| n as u128).product::<u128>();
    }
    if recorded != 0 && recorded != values {
        return Err(DataError::new(format!(
            "{}: cell {kind}, V = {v}, Dh = {dh} has {values} weights, but its arrays hold {recorded}",
            manifest_path.display()
        )));
    }
    Ok(())
}

/// `model.txt`'s lines, after checking it is one of ours; explains an interrupted save.
pub(crate) fn read_manifest(dir: &Path) -> Result<String, DataError> {
    if !dir.exists() {
        // An interrupted save: name every complete model it left, and only those.
        let whole: Vec<String> = leftovers(dir)
            .into_iter()
            .filter(|path| load_char_model(path).is_ok())
            .map(|path| {
                let what = if path.to_string_lossy().contains(".previous-") {
                    "the model from before an interrupted save"
                } else {
                    "the model an interrupted save had finished writing"
                };
                format!("{} holds {what}", path.display())
            })
            .collect();
        if !whole.is_empty() {
            return Err(DataError::new(format!(
                "{}: no model here, but {}; rename one to {} to use it",
                dir.display(),
                whole.join(", and "),
                dir.display()
            )));
        }
        return Err(DataError::new(format!("{}: no such folder", dir.display())));
    }
    if !dir.is_dir() {
        return Err(DataError::new(format!(
            "{}: not a folder (a saved model is a folder)",
            dir.display()
        )));
    }
    let path = dir.join("model.txt");
    let text = read_small(&path, 64 * 1024)?;
    if text.lines().next() != Some(MANIFEST_TITLE) {
        return Err(DataError::new(format!(
            "{}: not a model saved by this crate (the first line should be '{MANIFEST_TITLE}')",
            path.display()
        )));
    }
    Ok(text)
}

/// The value of `key value` in `model.txt`.
pub(crate) fn manifest_value<'a>(
    manifest: &'a str,
    dir: &Path,
    key: &str,
) -> Result<&'a str, DataError> {
    manifest
        .lines()
        .find_map(|line| {
            line.strip_prefix(key)
                .and_then(|rest| rest.strip_prefix(' '))
        })
        .ok_or_else(|| {
            DataError::new(format!(
                "{}: no '{key}' line",
                dir.join("model.txt").display()
            ))
        })
}

/// The tokens of a vocabulary file: one a line, each character as U+XXXX (a line of
/// several, space-separated, is a token of several characters).
fn read_tokens(path: &Path) -> Result<Vec<String>, DataError> {
    let text = read_small(path, 16 * 1024 * 1024)?;
    let mut tokens = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let code = |word: &str| {
            word.strip_prefix("U+")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .and_then(char::from_u32)
        };
        let token: Option<String> = line.split(' ').map(code).collect();
        match token {
            Some(token) if !token.is_empty() => tokens.push(token),
            _ => {
                return Err(DataError::new(format!(
                    "{}: line {} is not a character (U+XXXX): {line:?}",
                    path.display(),
                    k + 1
                )));
            }
        }
    }
    Ok(tokens)
}

/// A text file of at most `limit` bytes, checked before it is read: a `model.txt` or
/// `vocab.txt` swapped for something huge is refused, not loaded into memory
/// (`model/vocab.txt: 2000000000 bytes, more than a vocabulary file can be (16777216)`).
fn read_small(path: &Path, limit: u64) -> Result<String, DataError> {
    regular_file(path)?;
    let size = fs::metadata(path).map_err(|e| io_error(path, e))?.len();
    if size > limit {
        return Err(DataError::new(format!(
            "{}: {size} bytes, more than this file can be in a saved model ({limit})",
            path.display()
        )));
    }
    let text = fs::read_to_string(path).map_err(|e| io_error(path, e))?;
    // A byte-order mark (U+FEFF) from an editor that saved the file again is not text.
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

/// Checked before a file of a saved model is opened: it must be a regular file in the
/// folder, not a link (which may lead anywhere), a FIFO or a device (which would hang or
/// never end).
fn regular_file(path: &Path) -> Result<(), DataError> {
    let meta = fs::symlink_metadata(path).map_err(|e| io_error(path, e))?;
    let Some(what) = kind_of(&meta.file_type()) else {
        return Ok(());
    };
    Err(DataError::new(format!(
        "{}: this is {what}, not a regular file; a saved model holds regular files only, \
         and nothing was opened",
        path.display()
    )))
}
