//! Saving and loading a character model: a folder of `.npy` files that numpy opens, plus
//! the vocabulary and a short description.
//!
//! ```text
//! model/
//!   model.txt    what this is: `rnn-from-scratch model`, `cell rnn` (or lstm, gru), the
//!                sizes, then one line per weight file with its shape: `array wh.npy 100×100`
//!   vocab.txt    the characters, one per line as U+XXXX, in index order
//!   wx.npy  wh.npy  b.npy  wy.npy  by.npy     the weights (np.load opens each);
//!                an LSTM has input_gate_wx.npy, forget_gate_wh.npy, …
//! ```
//!
//! **Nothing is lost if a save is interrupted.** The new model is written to
//! `model.saving/` first; only when every file is complete is the old folder moved to
//! `model.previous/`, the new one renamed to `model/`, and the old one removed. At no
//! moment is the previous model half-overwritten: if the program stops between the two
//! renames, the previous model is whole in `model.previous/` and loading says so.
//! A folder that exists but is not a saved model is never replaced.

use super::npy::{self, NpyError};
use super::text::Vocabulary;
use crate::cells::{CellKind, CharModel, Parameters};
use crate::linalg::Mt19937;
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The first line of every `model.txt`.
const MANIFEST_TITLE: &str = "rnn-from-scratch model";

/// A model that could not be saved or loaded; the message names the file and what was
/// wrong.
/// # Examples
///
/// ```
/// use rnn_from_scratch::save::load_char_model;
///
/// let err = load_char_model(std::path::Path::new("no-such-model")).unwrap_err();
/// assert_eq!(err.to_string(), "no-such-model: no such folder");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveError {
    message: String,
}

impl SaveError {
    fn new(message: impl Into<String>) -> SaveError {
        SaveError {
            message: message.into(),
        }
    }
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SaveError {}

impl From<NpyError> for SaveError {
    fn from(e: NpyError) -> SaveError {
        SaveError::new(e.to_string())
    }
}

/// `dir` with `suffix` added to its last component: `model` → `model.saving`.
fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let mut name = dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "model".into());
    name.push(suffix);
    dir.with_file_name(name)
}

fn io_error(path: &Path, e: std::io::Error) -> SaveError {
    SaveError::new(format!("{}: {e}", path.display()))
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so
/// `path` is always either the old file or the complete new one.
///
/// # Errors
///
/// The folder cannot be written: the message names the file.
/// # Examples
///
/// ```
/// use rnn_from_scratch::save::write_atomically;
///
/// let path = std::env::temp_dir().join(format!("rnn-doc-atomic-{}.txt", std::process::id()));
/// write_atomically(&path, b"first")?;
/// write_atomically(&path, b"second")?;
/// assert_eq!(std::fs::read(&path).unwrap(), b"second");
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), rnn_from_scratch::save::SaveError>(())
/// ```
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let temporary = sibling(path, &format!(".tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&temporary);
        io_error(path, e)
    })
}

/// Writes a folder of `files` (name, bytes) as `dir`, replacing a model already there
/// only once the new one is complete (see the module docs).
fn write_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), SaveError> {
    if dir.exists() && !dir.join("model.txt").is_file() {
        return Err(SaveError::new(format!(
            "{}: this folder exists and is not a saved model (it has no model.txt); \
             it will not be replaced: choose another folder",
            dir.display()
        )));
    }
    let saving = sibling(dir, ".saving");
    let previous = sibling(dir, ".previous");
    if saving.exists() {
        fs::remove_dir_all(&saving).map_err(|e| io_error(&saving, e))?;
    }
    fs::create_dir_all(&saving).map_err(|e| io_error(&saving, e))?;
    // model.txt goes last: a folder with a model.txt is complete.
    let mut ordered: Vec<&(String, Vec<u8>)> =
        files.iter().filter(|(n, _)| n != "model.txt").collect();
    ordered.extend(files.iter().filter(|(n, _)| n == "model.txt"));
    for (name, bytes) in ordered {
        let path = saving.join(name);
        let mut file = fs::File::create(&path).map_err(|e| io_error(&path, e))?;
        file.write_all(bytes).map_err(|e| io_error(&path, e))?;
        file.sync_all().map_err(|e| io_error(&path, e))?;
    }
    if dir.exists() {
        if previous.exists() {
            fs::remove_dir_all(&previous).map_err(|e| io_error(&previous, e))?;
        }
        fs::rename(dir, &previous).map_err(|e| io_error(dir, e))?;
    }
    fs::rename(&saving, dir).map_err(|e| io_error(dir, e))?;
    if previous.exists() {
        fs::remove_dir_all(&previous).map_err(|e| io_error(&previous, e))?;
    }
    Ok(())
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
/// use rnn_from_scratch::{save, text::Vocabulary, Mt19937};
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
/// # Ok::<(), save::SaveError>(())
/// ```
pub fn save_char_model(dir: &Path, model: &CharModel, vocab: &Vocabulary) -> Result<(), SaveError> {
    refuse_non_finite(dir, model)?;
    let (v, dh) = (model.output().output_size(), model.cell().hidden_size());
    let mut manifest = format!(
        "{MANIFEST_TITLE}\ncell {}\nvocab_size {v}\nhidden_size {dh}\n",
        model.cell().kind().name()
    );
    for ((name, _), shape) in model.parameters().iter().zip(model.shapes()) {
        manifest.push_str(&format!(
            "array {} {}\n",
            file_name(name),
            show_shape(&shape)
        ));
    }
    let vocab_text: String = vocab
        .chars()
        .iter()
        .map(|&c| format!("U+{:04X}\n", c as u32))
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = model
        .parameters()
        .into_iter()
        .zip(model.shapes())
        .map(|((name, values), shape)| (file_name(name), npy::to_bytes(&shape, values)))
        .collect();
    files.push(("vocab.txt".to_string(), vocab_text.into_bytes()));
    files.push(("model.txt".to_string(), manifest.into_bytes()));
    write_folder(dir, &files)
}

/// `forget gate Wh` → `forget_gate_wh.npy`.
fn file_name(parameter: &str) -> String {
    format!("{}.npy", parameter.to_lowercase().replace(' ', "_"))
}

/// A shape in the notes' letters, read off the sizes: `[100, 76]` with Dh = 100 and
/// V = 76 → `Dh×V` (where V = Dh, the letter is Dh: the numbers say the rest).
fn in_letters(shape: &[usize], v: usize, dh: usize) -> String {
    let letters: Vec<&str> = shape
        .iter()
        .map(|&n| {
            if n == dh {
                "Dh"
            } else if n == v {
                "V"
            } else {
                "?"
            }
        })
        .collect();
    letters.join("×")
}

/// `[100, 76]` → `100×76`.
fn show_shape(shape: &[usize]) -> String {
    let parts: Vec<String> = shape.iter().map(usize::to_string).collect();
    parts.join("×")
}

/// A model with a NaN or an infinity is not saved: it would replace a good one with one
/// that can only produce NaN.
fn refuse_non_finite(dir: &Path, model: &impl Parameters) -> Result<(), SaveError> {
    for (name, values) in model.parameters() {
        if let Some(k) = values.iter().position(|x| !x.is_finite()) {
            return Err(SaveError::new(format!(
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
/// A missing folder or file, a file that is not what it should be, or a shape that does
/// not fit the sizes in `model.txt`, each named: `model/wh.npy: Wh must be Dh×Dh =
/// 100×100, got 100×99`, `model/vocab.txt: line 3 is not a character (U+XXXX): "abc"`.
/// # Examples
///
/// See [`save_char_model`] for a save and load; a folder that is not a model is named:
///
/// ```
/// use rnn_from_scratch::save::load_char_model;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-not-a-model-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let err = load_char_model(&dir).unwrap_err();
/// assert!(err.to_string().contains("model.txt"), "{err}");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn load_char_model(dir: &Path) -> Result<(CharModel, Vocabulary), SaveError> {
    let manifest = read_manifest(dir)?;
    let manifest_path = dir.join("model.txt");
    let kind_name = manifest_value(&manifest, dir, "cell")?;
    let kind = CellKind::from_name(kind_name).ok_or_else(|| {
        SaveError::new(format!(
            "{}: unknown cell '{kind_name}' (rnn, lstm or gru)",
            manifest_path.display()
        ))
    })?;
    let size = |key: &str| -> Result<usize, SaveError> {
        let text = manifest_value(&manifest, dir, key)?;
        match text.parse::<usize>() {
            Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
            _ => Err(SaveError::new(format!(
                "{}: {key} must be a size, got '{text}'",
                manifest_path.display()
            ))),
        }
    };
    let (v, dh) = (size("vocab_size")?, size("hidden_size")?);
    let vocab = read_vocabulary(dir)?;
    if vocab.len() != v {
        return Err(SaveError::new(format!(
            "{}: {} characters, but model.txt says vocab_size {v}",
            dir.join("vocab.txt").display(),
            vocab.len()
        )));
    }
    let mut model = CharModel::for_characters(kind, v, dh, &mut Mt19937::new(0));
    let shapes = model.shapes();
    for ((name, slot), expected) in model.parameters_mut().into_iter().zip(shapes) {
        let path = dir.join(file_name(name));
        let in_file = |message: String| SaveError::new(format!("{}: {message}", path.display()));
        let bytes = fs::read(&path).map_err(|e| io_error(&path, e))?;
        let (shape, values) = npy::from_bytes(&bytes).map_err(|e| in_file(e.to_string()))?;
        if shape != expected {
            return Err(in_file(format!(
                "{name} must be {} = {}, got {}",
                in_letters(&expected, v, dh),
                show_shape(&expected),
                show_shape(&shape)
            )));
        }
        if let Some(k) = values.iter().position(|x| !x.is_finite()) {
            return Err(in_file(format!(
                "{name} holds {} (at index {k}); weights must be finite",
                values[k]
            )));
        }
        slot.copy_from_slice(&values);
    }
    Ok((model, vocab))
}

/// `model.txt`'s lines, after checking it is one of ours; explains an interrupted save.
pub(crate) fn read_manifest(dir: &Path) -> Result<String, SaveError> {
    if !dir.exists() {
        let previous = sibling(dir, ".previous");
        if previous.join("model.txt").is_file() {
            return Err(SaveError::new(format!(
                "{}: no model here, but {} holds the model from before an interrupted save; \
                 rename it to {} to use it",
                dir.display(),
                previous.display(),
                dir.display()
            )));
        }
        return Err(SaveError::new(format!("{}: no such folder", dir.display())));
    }
    if !dir.is_dir() {
        return Err(SaveError::new(format!(
            "{}: not a folder (a saved model is a folder)",
            dir.display()
        )));
    }
    let path = dir.join("model.txt");
    let text = fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
    if text.lines().next() != Some(MANIFEST_TITLE) {
        return Err(SaveError::new(format!(
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
) -> Result<&'a str, SaveError> {
    manifest
        .lines()
        .find_map(|line| {
            line.strip_prefix(key)
                .and_then(|rest| rest.strip_prefix(' '))
        })
        .ok_or_else(|| {
            SaveError::new(format!(
                "{}: no '{key}' line",
                dir.join("model.txt").display()
            ))
        })
}

/// The vocabulary from `vocab.txt`.
pub(crate) fn read_vocabulary(dir: &Path) -> Result<Vocabulary, SaveError> {
    let path = dir.join("vocab.txt");
    let text = fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
    let mut chars = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let c = line
            .strip_prefix("U+")
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32)
            .ok_or_else(|| {
                SaveError::new(format!(
                    "{}: line {} is not a character (U+XXXX): {line:?}",
                    path.display(),
                    k + 1
                ))
            })?;
        chars.push(c);
    }
    Vocabulary::from_chars(chars).map_err(|e| SaveError::new(format!("{}: {e}", path.display())))
}
