//! Replacing a folder without ever losing one: the machinery under
//! [`save_char_model`](super::save::save_char_model).
//!
//! A save writes the new folder beside the old one, `DIR.saving-<pid>`, every file synced,
//! then swaps: `DIR` → `DIR.previous-<pid>`, `DIR.saving-<pid>` → `DIR`, and only then
//! removes `DIR.previous-<pid>`. The names carry the process id, so two processes never
//! write the same temporary folder. A lock file, `DIR.lock`, created atomically and holding
//! the writer's process id, lets one process at a time save to `DIR`; a lock whose process
//! is gone (killed, say) is stale and taken over.
//!
//! If a process is killed at any moment, a complete model survives: `DIR` itself, or (in
//! the instant between the two renames) `DIR.previous-<pid>` and `DIR.saving-<pid>`,
//! which loading names. Once `DIR` is whole again, the next save or load removes what
//! the killed process left.

use super::save::SaveError;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `dir` with `suffix` added to its last component: `model` → `model.lock`.
pub(crate) fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let mut name = dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "model".into());
    name.push(suffix);
    dir.with_file_name(name)
}

/// An I/O error, with the path it happened at.
pub(crate) fn io_error(path: &Path, e: std::io::Error) -> SaveError {
    SaveError::new(format!("{}: {e}", path.display()))
}

/// Whether process `pid` is running. Where that cannot be known (no `/proc`), it is
/// assumed to be, so a lock is never taken from a live writer.
fn alive(pid: u32) -> bool {
    if !Path::new("/proc/self").exists() {
        return true;
    }
    pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
}

/// The right to save to a folder: `DIR.lock`, holding this process's id, removed when the
/// lock is dropped (at the end of the save, or of the training that holds it).
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
/// assert!(!dir.with_file_name(format!("rnn-doc-lock-{}.lock", std::process::id())).exists());
/// # Ok::<(), rnn_from_scratch::save::SaveError>(())
/// ```
#[derive(Debug)]
pub struct SaveLock {
    path: PathBuf,
    /// `false` if this process held the lock already (the outer holder removes it).
    owned: bool,
}

impl SaveLock {
    /// Takes the lock of `dir`: creates `DIR.lock` atomically, or finds it held by this
    /// process, or by a process that is gone (a stale lock, taken over).
    ///
    /// # Errors
    ///
    /// Another running process holds it: `model: another trainer (process 1234) is
    /// saving here; wait for it to finish or choose another folder (model.lock)`; or the
    /// lock cannot be written.
    pub fn acquire(dir: &Path) -> Result<SaveLock, SaveError> {
        let path = sibling(dir, ".lock");
        for _ in 0..3 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    let written = file
                        .write_all(std::process::id().to_string().as_bytes())
                        .and_then(|()| file.sync_all());
                    if let Err(e) = written {
                        let _ = fs::remove_file(&path);
                        return Err(io_error(&path, e));
                    }
                    return Ok(SaveLock { path, owned: true });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path)
                        .ok()
                        .and_then(|text| text.trim().parse::<u32>().ok());
                    match holder {
                        Some(pid) if pid == std::process::id() => {
                            return Ok(SaveLock { path, owned: false });
                        }
                        Some(pid) if alive(pid) => {
                            return Err(SaveError::new(format!(
                                "{}: another trainer (process {pid}) is saving here; wait for \
                                 it to finish or choose another folder ({})",
                                dir.display(),
                                path.display()
                            )));
                        }
                        // Its process is gone (or the file is half-written by one that
                        // died creating it): stale. Remove it and try again.
                        _ => {
                            let _ = fs::remove_file(&path);
                        }
                    }
                }
                Err(e) => return Err(io_error(&path, e)),
            }
        }
        Err(SaveError::new(format!(
            "{}: could not take the lock {}; delete it if no trainer is running",
            dir.display(),
            path.display()
        )))
    }
}

impl Drop for SaveLock {
    fn drop(&mut self) {
        if self.owned {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The folders an interrupted save of `dir` may have left beside it, `DIR.saving-<pid>`
/// and `DIR.previous-<pid>`, with the process id and whether that process is still
/// running.
pub(crate) fn leftovers(dir: &Path) -> Vec<(PathBuf, u32, bool)> {
    let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = fs::read_dir(&parent) else {
        return Vec::new();
    };
    let mut found: Vec<(PathBuf, u32, bool)> = entries
        .filter_map(|entry| {
            let entry_name = entry.ok()?.file_name().into_string().ok()?;
            let rest = entry_name.strip_prefix(name)?;
            let pid = rest
                .strip_prefix(".saving-")
                .or_else(|| rest.strip_prefix(".previous-"))?
                .parse::<u32>()
                .ok()?;
            Some((dir.with_file_name(&entry_name), pid, alive(pid)))
        })
        .collect();
    found.sort();
    found
}

/// Removes what killed saves of `dir` left, once `dir` is whole again: the temporary
/// folders of processes that are gone, and a lock whose process is gone. (While `dir` is
/// missing, the leftovers are kept: loading names the complete ones.)
pub(crate) fn clean_leftovers(dir: &Path) {
    if !dir.is_dir() {
        return;
    }
    for (path, _, running) in leftovers(dir) {
        if !running && written_by_a_save(&path) {
            let _ = fs::remove_dir_all(&path);
        }
    }
    let lock = sibling(dir, ".lock");
    let holder = fs::read_to_string(&lock)
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok());
    if holder.is_some_and(|pid| !alive(pid)) {
        let _ = fs::remove_file(&lock);
    }
}

/// Whether `folder` holds nothing but what a save writes (`model.txt`, `vocab.txt`,
/// `.npy` files), and its `model.txt`, if it has one yet, is one of ours: a folder a user
/// happened to name `model.saving-42` is never removed.
fn written_by_a_save(folder: &Path) -> bool {
    let Ok(entries) = fs::read_dir(folder) else {
        return false;
    };
    let ours = entries.into_iter().all(|entry| {
        entry.is_ok_and(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            e.path().is_file()
                && (name == "model.txt" || name == "vocab.txt" || name.ends_with(".npy"))
        })
    });
    let manifest = folder.join("model.txt");
    ours && (!manifest.exists()
        || fs::read_to_string(&manifest)
            .is_ok_and(|text| text.lines().next() == Some(super::save::MANIFEST_TITLE)))
}

/// Writes `files` (name, bytes) as the folder `dir`, replacing the folder there only once
/// the new one is complete and synced; `last` is written after every other file (the
/// file whose presence says the folder is complete). The caller holds the [`SaveLock`]
/// and has checked that `dir` may be replaced.
pub(crate) fn replace_folder(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    last: &str,
) -> Result<(), SaveError> {
    let pid = std::process::id();
    let saving = sibling(dir, &format!(".saving-{pid}"));
    let previous = sibling(dir, &format!(".previous-{pid}"));
    clean_leftovers(dir);
    if saving.exists() {
        fs::remove_dir_all(&saving).map_err(|e| io_error(&saving, e))?;
    }
    fs::create_dir_all(&saving).map_err(|e| io_error(&saving, e))?;
    let ordered = files
        .iter()
        .filter(|(n, _)| n != last)
        .chain(files.iter().filter(|(n, _)| n == last));
    for (name, bytes) in ordered {
        let path = saving.join(name);
        let write = || -> std::io::Result<()> {
            let mut file = fs::File::create(&path)?;
            file.write_all(bytes)?;
            file.sync_all()
        };
        if let Err(e) = write() {
            let _ = fs::remove_dir_all(&saving);
            return Err(io_error(&path, e));
        }
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
