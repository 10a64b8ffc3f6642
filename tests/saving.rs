//! Saving never loses what a user had: a folder is replaced only if it is a model this
//! crate saved and holds nothing else; the check runs before training; one trainer at a
//! time saves to a folder (an advisory file lock, released by the kernel when its holder
//! dies); an interrupted save leaves a complete model that loading names.

mod common;

use common::{Scratch, rnn_output};
use rnn_from_scratch::io::folder::SaveLock;
use std::path::Path;
use std::process::Output;

const TEXT: &str = "the cat sat on the mat. 고양이가 매트 위에 앉았다. the cat sat on the mat.\n";

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `char-rnn train` on a small text, saving to `save`, with `extra` flags.
fn train(dir: &Path, save: &str, extra: &[&str]) -> Output {
    let text = dir.join("text.txt");
    if !text.exists() {
        std::fs::write(&text, TEXT.repeat(10)).unwrap();
    }
    let mut args = vec!["char-rnn", "train", "--text", text.to_str().unwrap()];
    if !extra.contains(&"--iters") {
        args.extend_from_slice(&["--iters", "20"]);
    }
    args.extend_from_slice(&[
        "--hidden",
        "4",
        "--seq-len",
        "10",
        "--quiet",
        "--save",
        save,
    ]);
    args.extend_from_slice(extra);
    rnn_output(&args)
}

#[test]
fn a_folder_with_a_model_txt_of_its_own_is_not_replaced_and_training_does_not_start() {
    // The case of the issue: any folder holding a file named model.txt was replaced.
    let dir = Scratch::new("saving-foreign");
    let project = dir.join("p");
    std::fs::create_dir_all(project.join("src")).unwrap();
    std::fs::write(project.join("model.txt"), "notes").unwrap();
    std::fs::write(project.join("thesis.tex"), "x").unwrap();
    let out = train(&dir, project.to_str().unwrap(), &["--iters", "100000000"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not a model saved by this crate"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty(), "no training happened");
    assert_eq!(std::fs::read(project.join("thesis.tex")).unwrap(), b"x");
    assert!(project.join("src").is_dir());
}

#[test]
fn files_a_user_put_beside_a_model_are_never_deleted() {
    let dir = Scratch::new("saving-notes");
    let model = dir.join("model");
    let save = model.to_str().unwrap();
    assert_eq!(train(&dir, save, &[]).status.code(), Some(0));
    std::fs::write(model.join("NOTES.md"), "my notes").unwrap();
    std::fs::create_dir(model.join("checkpoints")).unwrap();
    let before = std::fs::read(model.join("wh.npy")).unwrap();
    let out = train(&dir, save, &["--seed", "3"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: rnn char-rnn train: {save}: not replaced: it holds NOTES.md, checkpoints, which \
             this crate did not write; move them out or choose another folder\n"
        )
    );
    assert_eq!(std::fs::read(model.join("NOTES.md")).unwrap(), b"my notes");
    assert!(model.join("checkpoints").is_dir());
    assert_eq!(std::fs::read(model.join("wh.npy")).unwrap(), before);
    // Without them, the model is ours alone and is replaced.
    std::fs::remove_file(model.join("NOTES.md")).unwrap();
    std::fs::remove_dir(model.join("checkpoints")).unwrap();
    assert_eq!(train(&dir, save, &["--seed", "3"]).status.code(), Some(0));
    assert_ne!(std::fs::read(model.join("wh.npy")).unwrap(), before);
}

#[test]
fn a_path_that_cannot_be_saved_to_is_refused_before_training() {
    let dir = Scratch::new("saving-unwritable");
    std::fs::write(dir.join("a-file"), "x").unwrap();
    let under_a_file = dir.join("a-file").join("model");
    let out = train(
        &dir,
        under_a_file.to_str().unwrap(),
        &["--iters", "100000000"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot save here"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    let out = train(&dir, "", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: rnn char-rnn train: --save needs a folder name\n"
    );
    // A file is not a folder, and is not replaced either.
    let out = train(&dir, dir.join("a-file").to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("this is a file, not a folder"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_second_trainer_is_refused_while_the_first_holds_the_lock_and_a_dead_holder_leaves_none() {
    let dir = Scratch::new("saving-lock");
    let model = dir.join("model");
    let save = model.to_str().unwrap();
    let lock = dir.join("model.rnn-save-lock");
    // A live process holds it: this test's own process, through the library.
    let held = SaveLock::acquire(&model).unwrap();
    let out = train(&dir, save, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: rnn char-rnn train: {save}: another process is saving here ({} says: \
             process {}); wait for it to finish or choose another folder\n",
            lock.display(),
            std::process::id()
        )
    );
    assert!(!model.exists());
    drop(held);
    assert!(
        !lock.exists(),
        "the lock is removed when its holder lets go"
    );
    // A process killed while it held the lock leaves the file, but the kernel released
    // the lock with the process: the file names a process id that may be running again
    // (1, after a restart), and the next trainer takes it all the same.
    std::fs::write(&lock, "rnn-from-scratch save lock\nprocess 1\n").unwrap();
    let out = train(&dir, save, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(model.join("model.txt").is_file());
    assert!(!lock.exists(), "the lock is removed when training ends");
}

#[test]
fn an_interrupted_save_is_named_truly_and_what_it_left_is_never_deleted() {
    let dir = Scratch::new("saving-interrupted");
    let model = dir.join("model");
    let save = model.to_str().unwrap();
    assert_eq!(train(&dir, save, &[]).status.code(), Some(0));
    // Killed between the two renames: the old model in .previous-<pid>, the new one whole
    // in .saving-<pid>; and a third, half-written folder that must not be named.
    let copy = |to: &str| {
        let to = dir.join(to);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(&model).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    };
    copy("model.saving-4000001");
    std::fs::create_dir(dir.join("model.saving-4000002")).unwrap();
    // A folder of the user's that only happens to have such a name is never removed.
    std::fs::create_dir(dir.join("model.previous-4000003")).unwrap();
    std::fs::write(dir.join("model.previous-4000003").join("thesis.tex"), "x").unwrap();
    std::fs::rename(&model, dir.join("model.previous-4000001")).unwrap();
    let out = rnn_output(&["char-rnn", "sample", "--load", save]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: rnn char-rnn sample: {save}: no model here, but {0}/model.previous-4000001 \
             holds the model from before an interrupted save, and {0}/model.saving-4000001 holds \
             the model an interrupted save had finished writing; rename one to {save} to use it\n",
            dir.display()
        )
    );
    // Renamed back, the next save works and removes nothing it did not make: what the
    // killed process left stays, for the user to look at.
    std::fs::rename(dir.join("model.previous-4000001"), &model).unwrap();
    assert_eq!(train(&dir, save, &[]).status.code(), Some(0));
    let mut left: Vec<String> = std::fs::read_dir(&*dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("model."))
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "model.previous-4000003",
            "model.saving-4000001",
            "model.saving-4000002"
        ]
    );
    assert!(
        dir.join("model.previous-4000003")
            .join("thesis.tex")
            .is_file()
    );
}

/// Each program's model counts its weights without making one (what loading checks against
/// the free memory): the count is the number of values a fresh one has, for every kind of
/// cell and several sizes.
#[test]
fn every_saved_model_counts_its_weights_as_a_fresh_one_has_them() {
    use rnn_from_scratch::cells::{AnyCell, CellKind, CharModel, Seq2Seq};
    use rnn_from_scratch::io::save::Saved;
    use rnn_from_scratch::programs::uses::{tagger::PieceTagger, two_way::TwoWayClassifier};
    fn check<M: Saved>(sizes: &[usize]) {
        for &kind in CellKind::ALL {
            let model = M::fresh(kind, sizes).unwrap();
            assert_eq!(
                M::count(kind, sizes),
                model.num_values() as u128,
                "{} {kind:?} {sizes:?}",
                M::PROGRAM
            );
            assert_eq!(model.sizes(), sizes, "{}", M::PROGRAM);
            assert_eq!(model.kind(), kind);
        }
    }
    for n in [3, 7] {
        check::<CharModel>(&[n + 2, n]);
        check::<TwoWayClassifier>(&[n + 4, n + 1, n]);
        check::<PieceTagger>(&[n + 4, n + 1, n, 5]);
        check::<Seq2Seq<AnyCell>>(&[n + 4, n, 6, 0]);
        check::<Seq2Seq<AnyCell>>(&[n + 4, n, 6, 3]);
    }
}
