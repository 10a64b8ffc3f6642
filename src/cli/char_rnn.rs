//! `rnn char-rnn train`, `rnn char-rnn sample` and `rnn char-rnn inspect`: a
//! character-level language model.

use super::args::{Args, CliError, failure, usage};
use super::output::{outln, write_raw};
use super::progress::Progress;
use rnn_from_scratch::Mt19937;
use rnn_from_scratch::cells::{CellKind, CharModel};
use rnn_from_scratch::io::text::Vocabulary;
use rnn_from_scratch::programs::char_model::{self, Event, Options, load, save};
use rnn_from_scratch::programs::inspect;
use rnn_from_scratch::train::TrainError;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub const HELP: super::Help = super::help_text!("char_rnn");

/// The command of `rnn char-rnn train`, for its messages.
const TRAIN: &str = "rnn char-rnn train";

pub fn run(_command: &str, words: &[OsString]) -> Result<(), CliError> {
    let run: super::Run = match words.first().and_then(|w| w.to_str()) {
        Some("train") => train,
        Some("sample") => sample,
        Some("inspect") => inspect,
        None | Some("--help" | "-h" | "help") => return super::show_help(HELP),
        _ => {
            return Err(usage!(
                "rnn char-rnn: unknown command {}: use train, sample or inspect (see rnn char-rnn --help)",
                super::args::quoted(&words[0].to_string_lossy())
            ));
        }
    };
    let command = format!("rnn char-rnn {}", words[0].to_string_lossy());
    super::with_help(&command, &words[1..], HELP, run)
}

/// `rnn char-rnn train`: the flags read, the folder of `--save` locked, the text read and
/// checked, then [`train_on`].
fn train(mut args: Args) -> Result<(), CliError> {
    let text_path = args.path("text")?;
    let max_text_mb = args.count("max-text-mb", 100, 1, 100_000)? as u64;
    let fraction = "a fraction from 0 up to (not including) 1";
    let options = Options {
        cell: args.cell_or(CellKind::Rnn)?,
        hidden: args.count("hidden", 100, 1, 4096)?,
        seq_len: args.count("seq-len", 25, 1, 100_000)?,
        learning_rate: args.positive("lr", 0.1)?,
        optimizer: args.optimizer(&["adagrad", "sgd", "adam"], "adagrad")?,
        iters: args.count("iters", 20_000, 1, 1_000_000_000)? as u64,
        seed: args.seed()?,
        clip: args.positive("clip", 5.0)?,
        sample_every: args.count("sample-every", 2000, 0, usize::MAX)? as u64,
        batch: args.count("batch", 2, 1, 4096)?,
        threads: args.threads()?,
        validate: args.number("validate", 0.0, fraction, |x| (0.0..1.0).contains(&x))?,
    };
    let save_dir = args.path("save")?;
    let plot_path = args.output("plot")?;
    let quiet = args.flag("quiet")?;
    args.finish()?;
    // Before any training: the folder a save would replace must be ours to replace, and no
    // other trainer may be saving there; the lock is held until this run ends.
    let save = save_dir.as_deref();
    let _lock = super::saving::lock::<CharModel>(TRAIN, save)?;
    let text = char_model::read_text(text_path.as_deref(), max_text_mb * 1_000_000)
        .map_err(|e| failure!("{TRAIN}: --text {e}"))?;
    let vocab = Vocabulary::from_text(&text);
    let data = vocab
        .encode(&text)
        .expect("every character of the text is in its own vocabulary");
    char_model::check_text(data.len(), &options).map_err(|e| usage!("{TRAIN}: {e}"))?;
    let (o, v) = (&options, vocab.len());
    super::check_memory(TRAIN, o.memory(v, text.len()))?;
    let mut progress = Progress::new(o.iters, "it", quiet);
    progress.message(&char_model::describe(o, data.len(), v, text_path.is_none()));
    train_on(&data, &vocab, &options, save, plot_path, progress)
}

/// The model trained with its progress and checkpoints (each saved with `--save`), then
/// saved, plotted, reported.
fn train_on(
    data: &[usize],
    vocab: &Vocabulary,
    options: &Options,
    save_dir: Option<&Path>,
    plot_path: Option<PathBuf>,
    mut progress: Progress,
) -> Result<(), CliError> {
    // What a stop says of the model saved at the last checkpoint, and whether a save failed.
    let (mut kept, mut save_failed) = (String::new(), false);
    let result = char_model::train(data, vocab.len(), options, |event| {
        match event {
            Event::Step { done, loss } => {
                progress.update(done, &format!("loss {loss:.3} nats/char"));
            }
            Event::Checkpoint {
                done,
                model,
                sample,
                held_out,
            } => {
                let held_out = held_out.map_or(String::new(), |loss| {
                    format!(", held-out loss {loss:.3} nats/char")
                });
                progress.message(&format!(
                    "--- sample at iteration {done}{held_out} ---\n{}\n---",
                    vocab.decode(&sample)
                ));
                if let Some(dir) = save_dir {
                    save(dir, &model, vocab).map_err(|e| {
                        save_failed = true;
                        TrainError::new(format!("could not save at iteration {done}: {e}"))
                    })?;
                    let dir = dir.display();
                    kept = format!("; the model saved in {dir} at iteration {done} is intact");
                }
            }
        }
        Ok(())
    });
    progress.finish();
    // Why training stopped, and whether the model saved at the last checkpoint is intact;
    // the learning rate is named as a cause unless the error already names it or a save
    // failed (the learning rate is to blame for a loss that ran away, not for a full disk).
    let report = result.map_err(|e| {
        let hint = match save_failed || e.to_string().contains("learning rate") {
            true => "",
            false => " (try a smaller --lr)",
        };
        failure!("{TRAIN}: training stopped: {e}{kept}{hint}")
    })?;
    let seconds = progress.elapsed();
    if let Some(dir) = save_dir {
        save(dir, &report.model, vocab).map_err(|e| failure!("{TRAIN}: {e}"))?;
        super::saving::saved(&mut progress, dir);
    }
    if let Some(path) = &plot_path {
        let svg = char_model::plot(&report, options, vocab.len());
        super::write_page(TRAIN, path, &svg)?;
        progress.message(&format!("wrote the loss curve to {}", path.display()));
    }
    super::output::lines(&char_model::summary(&report, options, seconds))
}

/// `--load DIR`, the model `sample` and `inspect` read: required.
fn load_dir(args: &mut Args, command: &str) -> Result<PathBuf, CliError> {
    args.path("load")?.ok_or_else(|| {
        usage!("{command}: --load DIR is required (a model saved by train --save DIR)")
    })
}

fn sample(mut args: Args) -> Result<(), CliError> {
    const COMMAND: &str = "rnn char-rnn sample";
    let dir = load_dir(&mut args, COMMAND)?;
    let prompt: Option<String> = args.optional("prompt", "text")?;
    let len = args.count("len", 200, 0, 10_000_000)?;
    let ok = |t: f64| t.is_finite() && t >= 0.0;
    let temperature = args.number("temperature", 1.0, "a finite number of at least 0", ok)?;
    let seed: u32 = args.seed()?;
    args.finish()?;

    let (model, vocab) = load(&dir).map_err(|e| failure!("{COMMAND}: {e}"))?;
    let prompt = match prompt {
        Some(p) if p.is_empty() => return Err(usage!("{COMMAND}: --prompt must not be empty")),
        Some(p) => p,
        None if vocab.index_of(&'\n').is_some() => "\n".to_string(),
        None => vocab.token(0).to_string(),
    };
    let prompt_indices = vocab
        .encode(&prompt)
        .map_err(|e| usage!("{COMMAND}: --prompt: {e}"))?;
    // Written as it is drawn, a few thousand characters at a time, so that `| head` ends
    // a long sample at once.
    let mut text = prompt;
    let mut rng = Mt19937::new(seed);
    model.generate_each(&prompt_indices, len, temperature, &mut rng, |c| {
        text.push(*vocab.token(c));
        match text.len() >= 4096 {
            true => write_raw(&std::mem::take(&mut text)),
            false => Ok(()),
        }
    })?;
    // Generated text is written as it is, never read as a message to translate.
    write_raw(&(text + "\n"))
}

/// `rnn char-rnn inspect`: what the units of a saved model follow while it reads a text,
/// printed as a table and drawn as one HTML page.
fn inspect(mut args: Args) -> Result<(), CliError> {
    const COMMAND: &str = "rnn char-rnn inspect";
    let usage = |m: String| usage!("{COMMAND}: {m}");
    let dir = load_dir(&mut args, COMMAND)?;
    let html = args.output("html")?;
    let html_path =
        html.ok_or_else(|| usage("--html FILE.html is required (the page to write)".into()))?;
    let text_path = args.path("text")?;
    let chars = args.count("chars", 1500, 2, 100_000)?;
    let unit: Option<usize> = args.optional("unit", "a unit of hₜ, from 0")?;
    args.finish()?;
    let failure = |e: &dyn std::fmt::Display| failure!("{COMMAND}: {e}");
    let (model, vocab) = load(&dir).map_err(|e| failure(&e))?;
    let dh = model.cell().hidden_size();
    if let Some(k) = unit.filter(|&k| k >= dh) {
        return Err(usage(format!(
            "--unit must be a unit of hₜ, 0 to Dh − 1 = {}, got {k}",
            dh - 1
        )));
    }
    let text = char_model::read_text(text_path.as_deref(), 100_000_000)
        .map_err(|e| failure!("{COMMAND}: --text {e}"))?;
    let text: String = text.chars().take(chars).collect();
    let read = inspect::trace(&model, &vocab, &text, 3).map_err(|e| {
        failure(&format!(
            "--text: {e}: give a text like the one the model was trained on"
        ))
    })?;
    let name = text_path.as_deref().and_then(Path::file_name);
    let source = name.map_or("the Korean constitution".into(), |n| n.to_string_lossy());
    let shown = inspect::inspect(&model, &read, &source, unit);
    super::output::lines(&shown.lines)?;
    super::write_page(COMMAND, &html_path, &shown.html)?;
    let (path, drawings) = (html_path.display(), shown.drawings);
    outln!("wrote {path} ({drawings} drawings of the text)")
}
