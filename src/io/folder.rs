//! Writing files and folders without ever losing what was there: the machinery under
//! [`write_atomically`](super::save::write_atomically) and
//! [`save`](super::save::save).
//!
//! **What a path names.** A path is followed through its symbolic links to what they name,
//! and that is what gets replaced, beside itself; the link stays a link. A device or a FIFO
//! (`/dev/null`, a pipe, `/dev/stdout`) is written through in place, never replaced.
//!
//! **A folder is replaced whole.** A save writes the new folder beside the old one,
//! `DIR.saving-<pid>-<n>`, every file synced, then swaps: `DIR` → `DIR.previous-<pid>-<n>`,
//! the new one → `DIR`, and only then removes the old one, which it has just moved there.
//! If the process is killed at any moment, a complete model survives: `DIR` itself, or (in
//! the instant between the two renames) the two folders beside it, which loading names.
//! The crate deletes no folder it did not make in the same save: what a killed save left
//! stays until the user removes it.
//!
//! **One writer at a time.** `DIR.rnn-save-lock` is locked with the operating system's
//! advisory file lock ([`File::try_lock`](std::fs::File::try_lock)), which holds across
//! processes, containers sharing a volume and PID namespaces on one host, and is released
//! by the kernel when its process dies, however it dies: no lock is ever stale.

use super::data::{DataError, io_error};
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Component, Path, PathBuf};
use std::process;
use std::sync::Mutex;

/// `dir` with `suffix` added to its last component: `model` → `model.rnn-save-lock`.
pub(crate) fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let mut name = dir.file_name().unwrap_or("model".as_ref()).to_os_string();
    name.push(suffix);
    dir.with_file_name(name)
}

/// Follows `path` through its symbolic links (at most 40, as Linux does) to the path they
/// end at; `None` for a link into `/proc` (`/dev/stdout` → `/proc/self/fd/1`), which names
/// an open file of the process, whatever lies behind it.
fn follow_links(path: &Path) -> Result<Option<PathBuf>, DataError> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current).map_err(|e| io_error(&current, e))?;
                if target.starts_with("/proc") {
                    return Ok(None);
                }
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(Some(current)),
        }
    }
    Err(DataError::new(format!(
        "{}: too many symbolic links to follow",
        path.display()
    )))
}

/// Where a write to `path` goes: `Some` regular file its links name (or nothing yet), to
/// replace through a temporary file beside it and a rename; `None` for a device, FIFO or
/// socket, or a link into `/proc` (`/dev/stdout`), which is opened and written through, as
/// a shell's `>` would.
///
/// # Errors
///
/// `path` is empty or names a folder, or its links go round.
pub(crate) fn destination(path: &Path) -> Result<Option<PathBuf>, DataError> {
    if path.as_os_str().is_empty() {
        return Err(DataError::new("the file to write has no name"));
    }
    let Some(real) = follow_links(path)? else {
        return Ok(None);
    };
    match fs::metadata(&real) {
        Ok(meta) if meta.is_dir() => Err(DataError::new(format!(
            "{}: this is a folder; give the name of a file to write",
            path.display()
        ))),
        Ok(meta) if !meta.is_file() => Ok(None),
        _ => Ok(Some(real)),
    }
}

/// The folder a save of `dir` really replaces: `dir` followed through its symbolic links
/// (a link to a model folder stays a link; the folder it names is replaced).
///
/// # Errors
///
/// `dir` is empty or has no name of its own (`.`, `..`, `/`): a save renames the folder
/// it writes, so it must be named.
pub(crate) fn real_folder(dir: &Path) -> Result<PathBuf, DataError> {
    if dir.as_os_str().is_empty() {
        return Err(DataError::new("the folder to save in has no name"));
    }
    if !matches!(dir.components().next_back(), Some(Component::Normal(_))) {
        return Err(DataError::new(format!(
            "{}: a model is saved as a folder of its own; give it a name (such as model)",
            dir.display()
        )));
    }
    // `z/Q/.` and `m/` name the folders `z/Q` and `m`: renamed as such, not as `z/Q/.`.
    let dir: PathBuf = dir.components().collect();
    Ok(follow_links(&dir)?.unwrap_or(dir))
}

/// A name beside `path` that nothing has yet, made with `make` (which must fail with
/// `AlreadyExists` if the name is taken): `model.saving-1234-0`, then `-1`, ….
fn make_fresh<T>(
    path: &Path,
    kind: &str,
    make: impl Fn(&Path) -> std::io::Result<T>,
) -> Result<(PathBuf, T), DataError> {
    let pid = process::id();
    for n in 0..1000 {
        let fresh = sibling(path, &format!(".{kind}-{pid}-{n}"));
        match make(&fresh) {
            Ok(made) => return Ok((fresh, made)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_error(&fresh, e)),
        }
    }
    Err(DataError::new(format!(
        "{}: no free name for a temporary {kind} beside it",
        path.display()
    )))
}

/// A new file at `p`, to write; `AlreadyExists` if something is there.
fn create_new(p: &Path) -> std::io::Result<fs::File> {
    fs::OpenOptions::new().write(true).create_new(true).open(p)
}

/// Writes `bytes` to `file` and waits until they are on the disk.
fn write_synced(file: &mut fs::File, bytes: &[u8]) -> std::io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes a new file at `p` and removes it: whether a file can be made there.
pub(crate) fn make_file(p: &Path) -> std::io::Result<()> {
    create_new(p)?;
    fs::remove_file(p)
}

/// Whether the regular file `path` (if it is there) may be replaced: only if this user
/// may write it, as a shell's `>` may. Opening it for writing, without truncating, asks the
/// operating system (modes, owners, access lists) and changes nothing. Returns its
/// permissions, for the file that replaces it.
fn writable(path: &Path) -> Result<Option<fs::Permissions>, DataError> {
    let Ok(meta) = fs::metadata(path) else {
        return Ok(None);
    };
    match fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => Ok(Some(meta.permissions())),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => Err(DataError::new(format!(
            "{}: you may not write this file; it is left as it was",
            path.display()
        ))),
        Err(e) => Err(io_error(path, e)),
    }
}

/// Writes `bytes` as the regular file `path` through a new temporary file beside it and a
/// rename; a file that was there, which this user must be allowed to write, keeps its
/// permissions.
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), DataError> {
    let permissions = writable(path)?;
    let (temporary, mut file) = make_fresh(path, "tmp", create_new)?;
    let written = write_synced(&mut file, bytes)
        .and_then(|()| permissions.map_or(Ok(()), |p| fs::set_permissions(&temporary, p)))
        .and_then(|()| fs::rename(&temporary, path));
    written.map_err(|e| {
        let _ = fs::remove_file(&temporary);
        io_error(path, e)
    })
}

/// Whether a file can be written at `path` ([`write_atomically`](super::save::write_atomically)),
/// checked before any work so that a long run does not fail at its end: its folder exists
/// and can be written in (a temporary file is made there and removed), and a file already
/// there may be written by this user. A device or a FIFO is not opened (a FIFO with no
/// reader would wait): it is written through when the time comes.
///
/// # Errors
///
/// `path` is empty or a folder, its folder is missing or cannot be written in, or the file
/// there may not be written, each named.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::folder::check_writable;
///
/// let dir = std::env::temp_dir();
/// assert!(check_writable(&dir.join("plot.svg")).is_ok());
/// let err = check_writable(&dir.join("no-such-folder/plot.svg")).unwrap_err();
/// assert!(err.to_string().contains("the folder") && err.to_string().contains("does not exist"));
/// ```
pub fn check_writable(path: &Path) -> Result<(), DataError> {
    let Some(real) = destination(path)? else {
        return Ok(());
    };
    writable(&real)?;
    probe_folder(path, &real, "write", make_file)
}

/// Whether the folder `real` is in exists and can be written in: `make` makes (and
/// removes) something of a fresh name beside `real`. The message names `shown`: `model:
/// cannot save here: …` for the `verb` `save`.
pub(crate) fn probe_folder(
    shown: &Path,
    real: &Path,
    verb: &str,
    make: impl Fn(&Path) -> std::io::Result<()>,
) -> Result<(), DataError> {
    let shown = shown.display();
    let probe = sibling(real, &format!(".probe-{}", process::id()));
    make(&probe).map_err(|e| {
        let parent = real.parent().filter(|p| !p.as_os_str().is_empty());
        match parent {
            Some(parent) if !parent.exists() => DataError::new(format!(
                "{shown}: cannot {verb} here: the folder {} does not exist; make it first",
                parent.display()
            )),
            _ => DataError::new(format!("{shown}: cannot {verb} here: {e}")),
        }
    })
}

/// The locks this process holds, so that a save inside a training that holds its
/// folder's lock does not wait for itself.
static HELD: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The first line of a lock file: a file of that name without it is not ours.
const LOCK_TITLE: &str = "rnn-from-scratch save lock";

/// The right to save to a folder: `DIR.rnn-save-lock`, locked with the operating
/// system's advisory file lock, which the kernel releases when the process ends however
/// it ends. The file says which process holds it, for the message another writer gets;
/// it is removed when the lock is dropped (at the end of the save, or of the training
/// that holds it).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::folder::SaveLock;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-lock-{}", std::process::id()));
/// let lock = SaveLock::acquire(&dir)?;
/// assert!(SaveLock::acquire(&dir).is_ok()); // this process holds it already
/// drop(lock);
/// let file = format!("rnn-doc-lock-{}.rnn-save-lock", std::process::id());
/// assert!(!dir.with_file_name(file).exists());
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
#[derive(Debug)]
pub struct SaveLock {
    path: PathBuf,
    /// The locked file; `None` if this process held the lock already (the outer holder
    /// releases it).
    file: Option<fs::File>,
}

impl SaveLock {
    /// Takes the lock of `dir` (followed through its links, as a save is).
    ///
    /// # Errors
    ///
    /// Another process holds it: `model: another process is saving here (model.rnn-save-lock
    /// says: process 1234); wait for it to finish or choose another folder`; a file of the
    /// lock's name that this crate did not write (it is left alone); or the lock cannot be
    /// written.
    pub fn acquire(dir: &Path) -> Result<SaveLock, DataError> {
        let real = real_folder(dir)?;
        let path = sibling(&real, ".rnn-save-lock");
        let (shown, lock) = (dir.display(), path.display());
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        if held.contains(&path) {
            return Ok(SaveLock { path, file: None });
        }
        for _ in 0..3 {
            let file = match fs::symlink_metadata(&path) {
                Err(e) if e.kind() == ErrorKind::NotFound => match create_locked(&path)? {
                    Some(file) => file,
                    None => continue, // another process made it first: look again
                },
                Err(e) => return Err(io_error(&path, e)),
                Ok(meta) if !meta.is_file() => return Err(not_a_lock(&path)),
                Ok(_) => {
                    // A lock is there: held by a running process, or left by one that died
                    // (the kernel released its lock), or a user's file of that name.
                    let file = match fs::OpenOptions::new().read(true).write(true).open(&path) {
                        Ok(file) => file,
                        Err(e) if e.kind() == ErrorKind::NotFound => continue,
                        Err(e) => return Err(io_error(&path, e)),
                    };
                    match file.try_lock() {
                        Ok(()) => {}
                        Err(fs::TryLockError::WouldBlock) => {
                            let said = fs::read_to_string(&path).unwrap_or_default();
                            let holder = said.lines().nth(1).unwrap_or("a process starting up");
                            return Err(DataError::new(format!(
                                "{shown}: another process is saving here ({lock} says: {holder}); \
                                 wait for it to finish or choose another folder"
                            )));
                        }
                        Err(fs::TryLockError::Error(e)) => return Err(io_error(&path, e)),
                    }
                    // Only a lock this crate wrote, word for word, is removed; then it is
                    // made anew. (Removed while locked: whoever opened it meanwhile finds,
                    // once it locks, that it is gone, and looks again.)
                    let said = fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
                    if !same_file(&file, &path) {
                        continue;
                    }
                    if !is_our_lock(&said) {
                        return Err(not_a_lock(&path));
                    }
                    fs::remove_file(&path).map_err(|e| io_error(&path, e))?;
                    continue;
                }
            };
            held.push(path.clone());
            return Ok(SaveLock {
                path,
                file: Some(file),
            });
        }
        Err(DataError::new(format!(
            "{shown}: could not take the lock {lock}: other processes keep taking it"
        )))
    }
}

/// What this process writes in its lock file.
fn lock_text() -> String {
    format!("{LOCK_TITLE}\nprocess {}\n", process::id())
}

/// Whether `said` is what [`lock_text`] writes, for some process: the only lock file the
/// crate may remove.
fn is_our_lock(said: &str) -> bool {
    let pid = said.strip_prefix(&format!("{LOCK_TITLE}\nprocess "));
    let pid = pid.and_then(|rest| rest.strip_suffix('\n'));
    pid.is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Makes the lock file `path`, locked and already holding [`lock_text`], so that no other
/// process ever sees it empty: written and locked under a temporary name, then linked under
/// its own (a hard link, which never replaces a file that is there). `None` if another
/// process made one first. Where the file system has no hard links (FAT), the file is made
/// in place and written.
fn create_locked(path: &Path) -> Result<Option<fs::File>, DataError> {
    let write_locked = |file: &mut fs::File| -> std::io::Result<()> {
        write_synced(file, lock_text().as_bytes())?;
        file.try_lock().map_err(std::io::Error::from)
    };
    let (temporary, mut file) = make_fresh(path, "tmp", create_new)?;
    let linked = write_locked(&mut file).and_then(|()| fs::hard_link(&temporary, path));
    let _ = fs::remove_file(&temporary);
    match linked {
        Ok(()) => Ok(Some(file)),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(None),
        Err(_) => match create_new(path) {
            Ok(mut file) => write_locked(&mut file)
                .map(|()| Some(file))
                .map_err(|e| io_error(path, e)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(None),
            Err(e) => Err(io_error(path, e)),
        },
    }
}

/// A file of the lock's name that this crate did not write.
fn not_a_lock(path: &Path) -> DataError {
    DataError::new(format!(
        "{}: this is not a lock this crate wrote; it is left alone: move it away or save to \
         another folder",
        path.display()
    ))
}

/// Whether the open `file` is still the file at `path`.
#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether the open `file` is still the file at `path` (elsewhere: whether it is there).
#[cfg(not(unix))]
fn same_file(_file: &fs::File, path: &Path) -> bool {
    path.is_file()
}

impl Drop for SaveLock {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            // While this process's list is held, so no thread of it acquires meanwhile.
            let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
            // Removed while still locked (the file is closed, and the lock released, only
            // after): another process that opened it meanwhile finds it gone once it
            // locks, and tries again.
            let _ = fs::remove_file(&self.path);
            drop(file);
            held.retain(|p| p != &self.path);
        }
    }
}

/// The folders an interrupted save of `dir` may have left beside it, `DIR.saving-…` and
/// `DIR.previous-…`, in name order. They are only ever named, never removed: a folder of
/// that name may be a user's copy, and the crate cannot prove it wrote it.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::folder::leftovers;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-leftovers-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("model.saving-42-0")).unwrap();
/// assert_eq!(leftovers(&dir.join("model")), [dir.join("model.saving-42-0")]);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
    let entries = fs::read_dir(parent.unwrap_or(Path::new(".")));
    let (Some(name), Ok(entries)) = (dir.file_name().and_then(|n| n.to_str()), entries) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|entry| {
            let entry_name = entry.ok()?.file_name().into_string().ok()?;
            let rest = entry_name.strip_prefix(name)?;
            let id = rest
                .strip_prefix(".saving-")
                .or_else(|| rest.strip_prefix(".previous-"))?;
            (!id.is_empty()).then(|| dir.with_file_name(&entry_name))
        })
        .collect();
    found.sort();
    found
}

/// Writes `files` (name, bytes) as the folder `dir`, in their order (the last one written
/// is the file whose presence says the folder is complete), replacing the folder there only
/// once the new one is complete and synced. The caller holds the [`SaveLock`], has followed
/// `dir`'s links ([`real_folder`]) and has checked that `dir` may be replaced. Nothing is
/// removed but the folders this call made.
pub(crate) fn replace_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), DataError> {
    let (saving, ()) = make_fresh(dir, "saving", |p| fs::create_dir(p))?;
    for (name, bytes) in files {
        let path = saving.join(name);
        if let Err(e) = fs::File::create(&path).and_then(|mut file| write_synced(&mut file, bytes))
        {
            let _ = fs::remove_dir_all(&saving);
            return Err(io_error(&path, e));
        }
    }
    let previous = if dir.exists() {
        let (previous, ()) = make_fresh(dir, "previous", |p| {
            // A rename replaces an empty folder: make sure the name is free first.
            if fs::symlink_metadata(p).is_ok() {
                return Err(ErrorKind::AlreadyExists.into());
            }
            fs::rename(dir, p)
        })
        .inspect_err(|_| {
            let _ = fs::remove_dir_all(&saving);
        })?;
        Some(previous)
    } else {
        None
    };
    fs::rename(&saving, dir).map_err(|e| {
        let old = previous.as_ref().map_or(String::new(), |p| {
            format!(", and the model it replaces is in {}", p.display())
        });
        DataError::new(format!(
            "{}: {e}; the new model is whole in {}{old}",
            dir.display(),
            saving.display()
        ))
    })?;
    if let Some(previous) = previous {
        fs::remove_dir_all(&previous).map_err(|e| io_error(&previous, e))?;
    }
    Ok(())
}
