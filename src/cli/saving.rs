//! `--save DIR`, the same for every program that saves: the folder checked and locked
//! before any training, and what is said after the save.

use super::args::{CliError, failure, usage};
use super::progress::Progress;
use rnn_from_scratch::io::data::DataError;
use rnn_from_scratch::io::folder::{SaveLock, leftovers};
use rnn_from_scratch::io::save::{Saved, check_save_target};
use std::path::Path;

/// Before any training: the folder a save would replace must be ours to replace, and no
/// other trainer may be saving there; the lock is held until the returned value is dropped
/// (the end of the run).
pub fn lock<M: Saved>(command: &str, dir: Option<&Path>) -> Result<Option<SaveLock>, CliError> {
    let Some(dir) = dir else {
        return Ok(None);
    };
    if dir.file_name().is_none() {
        return Err(usage!(
            "{command}: --save {}: a model is saved as a folder of its own; give it a name \
             (such as model)",
            dir.display()
        ));
    }
    let failure = |e: DataError| failure!("{command}: {e}");
    check_save_target::<M>(dir).map_err(failure)?;
    Ok(Some(SaveLock::acquire(dir).map_err(failure)?))
}

/// After a save: where the model is, and any folder an interrupted save left beside it
/// (named, never deleted).
pub fn saved(progress: &mut Progress, dir: &Path) {
    progress.message(&format!("saved the model in {}", dir.display()));
    let left = leftovers(dir);
    if let Some(first) = left.first() {
        let more = match left.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        progress.message(&format!(
            "note: {}{more} beside it, left by an interrupted save, is not deleted by this \
             crate: remove it if you do not need it",
            first.display()
        ));
    }
}
