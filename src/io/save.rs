//! Saving and loading a trained model, the same for every program: a folder of `.npy`
//! files that numpy opens, plus the vocabularies and a short description. Each program's
//! model says once, beside itself, what its folder holds ([`Saved`]: its program's name,
//! its vocabulary files, the sizes that fix its shapes, and how a fresh one is made);
//! [`save`] and [`load`] do the rest.
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
//! ([`check_save_target`], which every program's `--save` runs before it trains).
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

use super::data::{DataError, io_error};
use super::folder::{
    SaveLock, destination, leftovers, make_file, probe_folder, real_folder, replace_file,
    replace_folder,
};
use super::memory;
use super::npy;
use crate::cells::{CellKind, Parameters};
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
        Some(real) => replace_file(&real, bytes),
        None => fs::OpenOptions::new()
            .append(true)
            .open(path)
            .and_then(|mut file| file.write_all(bytes))
            .map_err(|e| io_error(path, e)),
    }
}

/// Whether a save of a model of `M` may replace `dir`, checked before anything is written
/// (and, by the command line, before training starts): `dir` is not there yet and its
/// parent can be written, or it is a model of the same program this crate saved (its
/// `model.txt` starts with the marker line `rnn-from-scratch model`) holding only the
/// files that save wrote.
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
/// use rnn_from_scratch::cells::CharModel;
/// use rnn_from_scratch::io::save::check_save_target;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-target-{}", std::process::id()));
/// assert!(check_save_target::<CharModel>(&dir).is_ok()); // not there yet: it can be made
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("thesis.tex"), "x").unwrap();
/// let err = check_save_target::<CharModel>(&dir).unwrap_err();
/// assert!(err.to_string().contains("is not a model saved by this crate"), "{err}");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn check_save_target<M: Saved>(dir: &Path) -> Result<(), DataError> {
    let (path, dir) = (dir, &real_folder(dir)?);
    let shown = path.display();
    // Can a folder be made beside it (its parent must be there already: a save makes one
    // folder, never a path of them)? Make one and remove it, as a save would.
    let make_folder = |p: &Path| fs::create_dir(p).and_then(|()| fs::remove_dir(p));
    probe_folder(path, dir, "save", make_folder)?;
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
    let Some(ours) = files_of::<M>(&manifest) else {
        let (held, wanted) = (program_of(&manifest), M::PROGRAM);
        return Err(DataError::new(format!(
            "{shown}: this folder holds a {held} model; it will not be replaced by a {wanted} \
             model: choose another folder"
        )));
    };
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
        let more = match count {
            0..=3 => String::new(),
            _ => format!(" and {} more", count - 3),
        };
        let them = if count == 1 { "it" } else { "them" };
        return Err(DataError::new(format!(
            "{shown}: not replaced: it holds {}{more}, which this crate did not write; move \
             {them} out or choose another folder",
            foreign.join(", ")
        )));
    }
    // Its files are removed once the new model is in place: the folder must let us.
    probe_folder(path, &dir.join("model.txt"), "save", make_file)
}

/// What a file that is not a regular file is: `a folder`, `a symbolic link`, `a device,
/// FIFO or socket`; `None` for a regular file.
fn kind_of(t: &fs::FileType) -> Option<&'static str> {
    match (t.is_file(), t.is_symlink(), t.is_dir()) {
        (true, _, _) => None,
        (_, true, _) => Some("a symbolic link"),
        (_, _, true) => Some("a folder"),
        _ => Some("a device, FIFO or socket"),
    }
}

/// The files a saved model's folder holds: `model.txt`, its vocabulary files, and the
/// weight files of a model of `M` with the cell kind its `model.txt` names (never what its
/// `array` lines say: a crafted `model.txt` must not make a user's file count as ours).
/// `None` when the folder holds another program's model.
fn files_of<M: Saved>(manifest: &str) -> Option<Vec<String>> {
    if program_of(manifest) != M::PROGRAM {
        return None;
    }
    let mut files = vec!["model.txt".to_string()];
    files.extend(M::VOCABULARIES.iter().map(|(file, _, _)| file.to_string()));
    let kind = value(manifest, "cell").and_then(CellKind::from_name);
    files.extend(kind.map(weight_files::<M>).unwrap_or_default());
    Some(files)
}

/// The weight files of a model of `M` with cells of `kind`: one per array, named after the
/// weight ([`file_names`]), whatever its sizes.
fn weight_files<M: Saved>(kind: CellKind) -> Vec<String> {
    let sizes: Vec<usize> = M::SIZES.iter().map(|_| 3).collect();
    M::fresh(kind, &sizes).map_or(Vec::new(), |model| {
        file_names(model.parameters().iter().map(|p| p.0))
    })
}

/// The `program` line of `model.txt`; a folder without one holds a character model (saved
/// before any other program could save).
fn program_of(manifest: &str) -> &str {
    value(manifest, "program").unwrap_or(CHAR_RNN)
}

/// The program name of the character model, which `model.txt` does not write.
const CHAR_RNN: &str = "char-rnn";

/// A model that a program saves, described once, beside the model: what `model.txt` calls
/// its program, its vocabulary files, the sizes that fix every shape, and how a fresh one of
/// those sizes is made (loading fills its weights from the files). Saving and loading
/// ([`save`], [`load`]) are the same for every program.
pub trait Saved: Parameters + Sized {
    /// The `program` line of `model.txt` (`sentiment`); the character model's is
    /// `char-rnn`, which `model.txt` leaves out.
    const PROGRAM: &'static str;
    /// Its vocabulary files: (file, the size it must have, what its tokens are), such as
    /// `("tags.txt", "classes", "tags")`.
    const VOCABULARIES: &'static [(&'static str, &'static str, &'static str)];
    /// The sizes `model.txt` records, in order, and whether each must be there
    /// (`attention_size` may be missing: no attention).
    const SIZES: &'static [(&'static str, bool)];
    /// The kind of its cells.
    fn kind(&self) -> CellKind;
    /// Its sizes, in the order of [`SIZES`](Saved::SIZES) (0 for one that is not there).
    fn sizes(&self) -> Vec<usize>;
    /// How many weights a model of `kind` and `sizes` has, counted without making one:
    /// loading checks it against the free memory before anything is allocated.
    fn count(kind: CellKind, sizes: &[usize]) -> u128;
    /// A fresh model of `kind` and `sizes`; an error names sizes that make no model.
    fn fresh(kind: CellKind, sizes: &[usize]) -> Result<Self, String>;

    /// Checks the vocabularies' tokens (read from the files in `dir`), before any weight is
    /// read; by default, any tokens will do.
    fn check_vocabularies(dir: &Path, tokens: &[Vec<String>]) -> Result<(), DataError> {
        let _ = (dir, tokens);
        Ok(())
    }
}

/// Saves `model` as the folder `dir`: `model.txt` (its program, cell, sizes, `extra` lines,
/// then one `array` line per weight file), a `.npy` file per weight, and each vocabulary
/// of [`Saved::VOCABULARIES`] (one token a line, each character as U+XXXX, so that spaces
/// and line breaks survive). The folder is replaced whole, and only if it is one of ours
/// (see the module docs).
///
/// # Errors
///
/// `dir` exists but is not a saved model of this program, holds files a user added, a
/// weight is NaN or infinite, or a file cannot be written; the previous model in `dir`, if
/// any, is then untouched.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, CharModel};
/// use rnn_from_scratch::io::save::{load, save};
/// use rnn_from_scratch::Mt19937;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-save-{}", std::process::id()));
/// let tokens = vec!["a".to_string(), "b".to_string()];
/// for &kind in CellKind::ALL {
///     let model = CharModel::for_characters(kind, 2, 6, &mut Mt19937::new(0));
///     save(&dir, &model, &[&tokens], "")?;
///     let loaded = load::<CharModel>(&dir)?;
///     assert_eq!((loaded.model, loaded.vocabularies), (model, vec![tokens.clone()]));
/// }
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn save<M: Saved>(
    dir: &Path,
    model: &M,
    vocabularies: &[&[String]],
    extra: &str,
) -> Result<(), DataError> {
    refuse_non_finite(dir, model)?;
    let _lock = SaveLock::acquire(dir)?;
    check_save_target::<M>(dir)?;
    let dir = &real_folder(dir)?;
    let mut manifest = format!("{MANIFEST_TITLE}\n");
    if M::PROGRAM != CHAR_RNN {
        manifest.push_str(&format!("program {}\n", M::PROGRAM));
    }
    manifest.push_str(&format!("cell {}\n", model.kind().name()));
    for ((name, _), size) in M::SIZES.iter().zip(model.sizes()).filter(|s| s.1 > 0) {
        manifest.push_str(&format!("{name} {size}\n"));
    }
    manifest.push_str(extra);
    let parameters = model.parameters();
    let names = file_names(parameters.iter().map(|p| p.0));
    let mut files = Vec::new();
    for (((name, values), shape), file) in parameters.iter().zip(model.shapes()).zip(names) {
        manifest.push_str(&format!("array {file} {} {name}\n", show_shape(&shape)));
        files.push((file, npy::to_bytes(&shape, values)));
    }
    for ((file, _, _), tokens) in M::VOCABULARIES.iter().zip(vocabularies) {
        let code = |c: char| format!("U+{:04X}", c as u32);
        let line = |t: &String| t.chars().map(code).collect::<Vec<_>>().join(" ") + "\n";
        let text: String = tokens.iter().map(line).collect();
        files.push((file.to_string(), text.into_bytes()));
    }
    // model.txt goes last: a folder with a model.txt is complete.
    files.push(("model.txt".to_string(), manifest.into_bytes()));
    replace_folder(dir, &files)
}

/// What [`load`] gives back: the model, the tokens of each vocabulary file (in the order of
/// [`Saved::VOCABULARIES`]), and `model.txt` (for a program's own lines).
#[derive(Debug)]
pub struct Loaded<M> {
    /// The model, its weights read from the files.
    pub model: M,
    /// Each vocabulary's tokens.
    pub vocabularies: Vec<Vec<String>>,
    /// The text of `model.txt`.
    pub manifest: String,
}

/// Loads a model of `M` saved by [`save`]: `model.txt` read and checked (its program, cell
/// and sizes), the vocabulary files (their tokens counted against the sizes), every
/// array's header checked and the memory its weights need before anything is allocated,
/// then the weights.
///
/// # Errors
///
/// A missing folder or file, a file that is not what it should be, a folder another program
/// saved, or a shape that does not fit the sizes in `model.txt`, each named:
/// `model/wh.npy: Wh must be Dh×Dh = 100×100, got 100×99`, `model/vocab.txt: line 3 is not
/// a character (U+XXXX): "abc"`, `model: this folder holds a tagger model, not a sentiment
/// model`.
///
/// # Examples
///
/// See [`save`].
pub fn load<M: Saved>(dir: &Path) -> Result<Loaded<M>, DataError> {
    let manifest = read_manifest(dir)?;
    let layout = layout::<M>(dir, &manifest)?;
    let mut vocabularies = Vec::new();
    for &(file, key, what) in M::VOCABULARIES {
        let path = dir.join(file);
        let tokens = read_tokens(&path)?;
        let (count, size, shown) = (tokens.len(), layout.size(key), path.display());
        if count != size {
            return Err(DataError::new(format!(
                "{shown}: {count} {what}, but model.txt says {key} {size}"
            )));
        }
        vocabularies.push(tokens);
    }
    M::check_vocabularies(dir, &vocabularies)?;
    check_before_allocating(dir, &manifest, &layout)?;
    let mut model =
        M::fresh(layout.kind, &layout.sizes).map_err(|e| io_error(&dir.join("model.txt"), e))?;
    read_weights(dir, &mut model, &layout)?;
    Ok(Loaded {
        model,
        vocabularies,
        manifest,
    })
}

/// What `manifest` (the text of `dir`'s `model.txt`) says of a model of `M`, checked: its
/// program, its cell and its sizes.
fn layout<M: Saved>(dir: &Path, manifest: &str) -> Result<Layout<M>, DataError> {
    let manifest_path = dir.join("model.txt");
    let shown = manifest_path.display();
    let (program, wanted) = (program_of(manifest), M::PROGRAM);
    if program != wanted {
        return Err(DataError::new(format!(
            "{}: this folder holds a {program} model, not a {wanted} model",
            dir.display()
        )));
    }
    let kind_name = manifest_value(manifest, dir, "cell")?;
    let names = CellKind::names();
    let kind = CellKind::from_name(kind_name)
        .ok_or_else(|| DataError::new(format!("{shown}: unknown cell '{kind_name}' ({names})")))?;
    let mut sizes = Vec::new();
    for &(key, needed) in M::SIZES {
        if !needed && value(manifest, key).is_none() {
            sizes.push(0);
            continue;
        }
        let text = manifest_value(manifest, dir, key)?;
        let Some(size) = text.parse().ok().filter(|n| (1..=1_000_000).contains(n)) else {
            return Err(DataError::new(format!(
                "{shown}: {key} must be a size, got '{text}'"
            )));
        };
        sizes.push(size);
    }
    Ok(Layout {
        kind,
        sizes,
        model: std::marker::PhantomData,
    })
}

/// Reads every array of `model` from its `.npy` file in `dir`: the header first, checked
/// against the shape `layout` gives, then the values, which must be finite.
fn read_weights<M: Saved>(dir: &Path, model: &mut M, layout: &Layout<M>) -> Result<(), DataError> {
    let shapes = model.shapes();
    let parameters = model.parameters_mut();
    let files = file_names(parameters.iter().map(|p| p.0));
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
    Ok(())
}

/// What `model.txt` says of a model of `M`: its cell and its sizes.
struct Layout<M> {
    kind: CellKind,
    sizes: Vec<usize>,
    model: std::marker::PhantomData<M>,
}

impl<M: Saved> Layout<M> {
    /// The size `key` (0 if the model has none).
    fn size(&self, key: &str) -> usize {
        let k = M::SIZES.iter().position(|(name, _)| *name == key);
        k.map_or(0, |k| self.sizes[k])
    }

    /// A shape in the notes' letters, read off the sizes: `[100, 76]` with Dh = 100 and
    /// V = 76 → `Dh×V` (where two sizes are equal, the first letter listed wins: the
    /// numbers say the rest).
    fn letters(&self, shape: &[usize]) -> String {
        let dh = self.size("hidden_size");
        let named = [
            ("Dh", dh),
            ("V", self.size("vocab_size")),
            ("E", self.size("embedding_size")),
            ("2·Dh", 2 * dh),
            ("V_out", self.size("classes")),
            ("Da", self.size("attention_size")),
        ];
        let letter = |n: usize| {
            let found = named.iter().find(|(_, size)| *size == n && n > 0);
            found.map_or("?", |(letter, _)| letter)
        };
        let letters: Vec<&str> = shape.iter().map(|&n| letter(n)).collect();
        letters.join("×")
    }
}

/// `forget gate Wh` → `forget_gate_wh.npy`, for every parameter name; a name that comes
/// again gets `_2`, `_3`, … (`wx.npy`, then `wx_2.npy`).
fn file_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    names
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

/// Before a model is allocated: the memory its weights take (from the sizes in
/// `model.txt`) must be free, and every array file's header must say the shape
/// `model.txt` records for it, and the shapes must add up to what the layout has. A
/// `model.txt` edited to `hidden_size 60000` is refused here, not by the operating system
/// halfway through.
fn check_before_allocating<M: Saved>(
    dir: &Path,
    manifest: &str,
    layout: &Layout<M>,
) -> Result<(), DataError> {
    let manifest_path = dir.join("model.txt");
    let shown = manifest_path.display();
    let values = M::count(layout.kind, &layout.sizes);
    let kind = layout.kind.name();
    let (v, dh) = (layout.size("vocab_size"), layout.size("hidden_size"));
    let needed = format!("{values} weights, read and placed");
    let free = memory::available();
    memory::check(16 * values, free, &needed, "the model's size")
        .map_err(|e| DataError::new(format!("{shown}: cell {kind}, V = {v}, Dh = {dh}: {e}")))?;
    let mut recorded: u128 = 0;
    let expected = weight_files::<M>(layout.kind);
    for line in manifest.lines().filter_map(|l| l.strip_prefix("array ")) {
        let mut words = line.splitn(3, ' ');
        let (file, shape_text) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        let name = words.next().unwrap_or(file);
        if !expected.iter().any(|f| f == file) {
            return Err(DataError::new(format!(
                "{shown}: the line 'array {line}' names {file:?}, which is not a file of a saved \
                 {kind} model ({}); nothing was opened",
                expected.join(", ")
            )));
        }
        let shape: Option<Vec<usize>> = shape_text.split('×').map(|n| n.parse().ok()).collect();
        let Some(shape) = shape else {
            return Err(DataError::new(format!(
                "{shown}: the line 'array {line}' does not give a shape like 100×76"
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
            "{shown}: cell {kind}, V = {v}, Dh = {dh} has {values} weights, but its arrays hold \
             {recorded}"
        )));
    }
    Ok(())
}

/// `model.txt`'s lines, after checking it is one of ours; explains an interrupted save.
pub(crate) fn read_manifest(dir: &Path) -> Result<String, DataError> {
    let shown = dir.display();
    if !dir.exists() {
        // An interrupted save: name every complete model it left, and only those.
        let whole: Vec<String> = leftovers(dir)
            .into_iter()
            .filter(|path| read_manifest(path).is_ok())
            .map(|path| {
                let what = match path.to_string_lossy().contains(".previous-") {
                    true => "the model from before an interrupted save",
                    false => "the model an interrupted save had finished writing",
                };
                format!("{} holds {what}", path.display())
            })
            .collect();
        if !whole.is_empty() {
            return Err(DataError::new(format!(
                "{shown}: no model here, but {}; rename one to {shown} to use it",
                whole.join(", and ")
            )));
        }
        return Err(DataError::new(format!("{shown}: no such folder")));
    }
    if !dir.is_dir() {
        return Err(DataError::new(format!(
            "{shown}: not a folder (a saved model is a folder)"
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
    let path = dir.join("model.txt");
    value(manifest, key)
        .ok_or_else(|| DataError::new(format!("{}: no '{key}' line", path.display())))
}

/// The value of the line `key value` in `model.txt`, if it has one.
fn value<'a>(manifest: &'a str, key: &str) -> Option<&'a str> {
    let mut lines = manifest.lines();
    lines.find_map(|l| l.strip_prefix(key)?.strip_prefix(' '))
}

/// The tokens of a vocabulary file: one a line, each character as U+XXXX (a line of
/// several, space-separated, is a token of several characters).
fn read_tokens(path: &Path) -> Result<Vec<String>, DataError> {
    let text = read_small(path, 16 * 1024 * 1024)?;
    let mut tokens = Vec::new();
    let code = |word: &str| {
        let hex = word.strip_prefix("U+")?;
        u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
    };
    for (k, line) in text.lines().enumerate() {
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
