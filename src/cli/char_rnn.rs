//! `rnn char-rnn train` and `rnn char-rnn sample`: a character-level language model.

use super::args::{Args, UsageError};
use super::corpus::CORPUS;
use super::progress::Progress;
use rnn_from_scratch::Mt19937;
use rnn_from_scratch::save::{load_char_model, save_char_model, write_atomically};
use rnn_from_scratch::svg::Plot;
use rnn_from_scratch::text::Vocabulary;
use rnn_from_scratch::train::char_rnn::{CellKind, CharModel, Trainer};
use std::path::{Path, PathBuf};

pub const HELP: &str = "\
rnn char-rnn: a character-level language model (min-char-rnn's, trained by BPTT)

usage:
  rnn char-rnn train  [--text FILE] [--cell rnn|lstm|gru] [--hidden 100] [--seq-len 25] [--lr 0.1]
                      [--optimizer adagrad|sgd|adam] [--iters 20000] [--seed 0] [--clip 5]
                      [--save DIR] [--sample-every 2000] [--plot loss.svg] [--quiet]
  rnn char-rnn sample --load DIR [--prompt TEXT] [--len 200] [--temperature 1] [--seed 0]

train:
  --text FILE         UTF-8 text to learn (default: this crate's own documentation)
  --cell KIND         rnn (fast path), lstm or gru (literal path, slower)       [rnn]
  --hidden DH         hidden size Dh                                        [100]
  --seq-len T         characters per chunk of truncated BPTT                [25]
  --lr LR             learning rate                                         [0.1]
  --optimizer NAME    adagrad (min-char-rnn's), sgd or adam                 [adagrad]
  --iters N           training steps, one chunk each                        [20000]
  --seed S            seed of the initial weights (np.random.seed)          [0]
  --clip C            clip every gradient value to [-C, C]                  [5]
  --save DIR          save the model there (at every sample and at the end)
  --sample-every K    show a 200-character sample every K steps (0: never)  [2000]
  --plot FILE.svg     write the smoothed loss curve as an SVG plot
  --quiet             print only the final line

  Progress and samples go to stderr. The last line on stdout is
  `trained N iterations in T s (X it/s), loss L nats/char, perplexity P`:
  L is the smoothed loss (0.999·old + 0.001·new, as min-char-rnn) per character,
  P = e^L. A model that knows nothing scores P = the vocabulary size.

sample:
  --load DIR          a model saved by `train --save DIR`
  --prompt TEXT       text to start from (default: a line break, or the first character)
  --len N             characters to generate                                [200]
  --temperature T     1 samples the model; lower is safer; 0 always takes the likeliest [1]
  --seed S            seed of the sampling                                  [0]

Build with --release for speed: cargo run --release -- char-rnn train
";

pub fn run(words: &[String]) -> Result<(), UsageError> {
    match words.first().map(String::as_str) {
        Some("train") => super::with_help("rnn char-rnn train", &words[1..], HELP, train),
        Some("sample") => super::with_help("rnn char-rnn sample", &words[1..], HELP, sample),
        None | Some("--help" | "-h" | "help") => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(UsageError(format!(
            "rnn char-rnn: unknown command '{other}': use train or sample (see rnn char-rnn --help)"
        ))),
    }
}

/// The training text: `--text FILE`, or the built-in corpus.
fn read_text(command: &str, path: Option<&Path>) -> Result<String, UsageError> {
    let Some(path) = path else {
        return Ok(CORPUS.to_string());
    };
    let shown = path.display();
    if path.is_dir() {
        return Err(UsageError(format!(
            "{command}: --text {shown} is a folder, not a text file"
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| UsageError(format!("{command}: cannot read --text {shown}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        UsageError(format!(
            "{command}: --text {shown} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    if text.is_empty() {
        return Err(UsageError(format!(
            "{command}: --text {shown} is empty: there is nothing to learn"
        )));
    }
    Ok(text)
}

fn train(mut args: Args) -> Result<(), UsageError> {
    const COMMAND: &str = "rnn char-rnn train";
    let text_path: Option<PathBuf> = args.optional("text", "a file name")?;
    let cell = CellKind::from_name(&args.choice("cell", &["rnn", "lstm", "gru"], "rnn")?)
        .expect("every choice names a cell");
    let hidden = args.count("hidden", 100, 1, 4096)?;
    let seq_len = args.count("seq-len", 25, 1, 100_000)?;
    let lr = args.positive("lr", 0.1)?;
    let optimizer = args.optimizer(&["adagrad", "sgd", "adam"], "adagrad")?;
    let iters = args.count("iters", 20_000, 1, 1_000_000_000)? as u64;
    let seed: u32 = args.value("seed", "a whole number from 0 to 4294967295", 0)?;
    let clip = args.positive("clip", 5.0)?;
    let save_dir: Option<PathBuf> = args.optional("save", "a folder name")?;
    let sample_every = args.count("sample-every", 2000, 0, usize::MAX)? as u64;
    let plot_path: Option<PathBuf> = args.optional("plot", "a file name")?;
    let quiet = args.flag("quiet")?;
    args.finish()?;

    let text = read_text(COMMAND, text_path.as_deref())?;
    let vocab = Vocabulary::from_text(&text);
    let data = vocab
        .encode(&text)
        .expect("every character of the text is in its own vocabulary");
    if data.len() < seq_len + 1 {
        return Err(UsageError(format!(
            "{COMMAND}: the text has {} characters; --seq-len {seq_len} needs at least {} \
             (one chunk and the character after it)",
            data.len(),
            seq_len + 1
        )));
    }
    let v = vocab.len();
    let mut rng = Mt19937::new(seed);
    let model = CharModel::new(cell, v, hidden, &mut rng);
    let mut trainer = Trainer::for_model(model, optimizer.build(lr), clip);

    let mut progress = Progress::new(iters, quiet);
    progress.message(&format!(
        "training a{} {} on {} characters, vocabulary V = {v}, hidden Dh = {hidden}, chunks of {seq_len}{}",
        if cell == CellKind::Rnn { "n" } else { "" },
        cell.name().to_uppercase(),
        data.len(),
        if text_path.is_none() { " (the crate's own docs; --text FILE for another)" } else { "" }
    ));
    let chunk_loss_at_start = (v as f64).ln() * seq_len as f64;
    let mut smooth_loss = chunk_loss_at_start; // −ln(1/V) per character, as min-char-rnn
    let plot_every = (iters / 500).max(1);
    let mut curve = vec![(0.0, smooth_loss / seq_len as f64)];
    let mut sample_rng = Mt19937::new(seed.wrapping_add(1));
    let mut last_saved: Option<u64> = None;
    let mut p = 0;
    for n in 0..iters {
        if p + seq_len + 1 >= data.len() || n == 0 {
            trainer.reset_hidden(); // a new pass over the text: forget the carried state
            p = 0;
        }
        let inputs = &data[p..p + seq_len];
        let targets = &data[p + 1..p + seq_len + 1];
        let loss = match trainer.step(inputs, targets) {
            Ok(loss) => loss,
            Err(e) => {
                progress.finish();
                let kept = match (&save_dir, last_saved) {
                    (Some(dir), Some(at)) => format!(
                        "; the model saved in {} at iteration {at} is intact",
                        dir.display()
                    ),
                    _ => String::new(),
                };
                return Err(UsageError(format!(
                    "{COMMAND}: training stopped: {e}{kept} (try a smaller --lr)"
                )));
            }
        };
        smooth_loss = smooth_loss * 0.999 + loss * 0.001;
        p += seq_len;
        let done = n + 1;
        if done % plot_every == 0 {
            curve.push((done as f64, smooth_loss / seq_len as f64));
        }
        progress.update(
            done,
            &format!("loss {:.3} nats/char", smooth_loss / seq_len as f64),
        );
        if sample_every > 0 && done % sample_every == 0 {
            if !quiet {
                let prompt = [data[p.min(data.len() - 1)]];
                let generated = trainer.model.generate(&prompt, 200, 1.0, &mut sample_rng);
                progress.message(&format!(
                    "--- sample at iteration {done} ---\n{}{}\n---",
                    vocab.decode(&prompt),
                    vocab.decode(&generated)
                ));
            }
            if let Some(dir) = &save_dir {
                save_char_model(dir, &trainer.model, &vocab).map_err(|e| {
                    progress.finish();
                    UsageError(format!(
                        "{COMMAND}: training stopped at iteration {done}: {e}"
                    ))
                })?;
                last_saved = Some(done);
            }
        }
    }
    progress.finish();
    let seconds = progress.elapsed();
    if let Some(dir) = &save_dir {
        save_char_model(dir, &trainer.model, &vocab)
            .map_err(|e| UsageError(format!("{COMMAND}: {e}")))?;
        progress.message(&format!("saved the model in {}", dir.display()));
    }
    if let Some(path) = &plot_path {
        let svg = Plot::new(
            &format!(
                "char-rnn ({}): hidden {hidden}, seq-len {seq_len}, V = {v}",
                cell.name()
            ),
            "iteration",
            "smoothed loss (nats per character)",
        )
        .series("smoothed loss", curve)
        .to_svg();
        write_atomically(path, svg.as_bytes())
            .map_err(|e| UsageError(format!("{COMMAND}: {e}")))?;
        progress.message(&format!("wrote the loss curve to {}", path.display()));
    }
    let per_char = smooth_loss / seq_len as f64;
    println!(
        "trained {iters} iterations in {seconds:.2} s ({:.0} it/s), loss {per_char:.3} nats/char, perplexity {:.2}",
        iters as f64 / seconds,
        per_char.exp()
    );
    Ok(())
}

fn sample(mut args: Args) -> Result<(), UsageError> {
    const COMMAND: &str = "rnn char-rnn sample";
    let Some(dir): Option<PathBuf> = args.optional("load", "a folder name")? else {
        return Err(UsageError(format!(
            "{COMMAND}: --load DIR is required (a model saved by train --save DIR)"
        )));
    };
    let prompt: Option<String> = args.optional("prompt", "text")?;
    let len = args.count("len", 200, 0, 10_000_000)?;
    let temperature: f64 = args.value("temperature", "a finite number of at least 0", 1.0)?;
    if !(temperature.is_finite() && temperature >= 0.0) {
        return Err(UsageError(format!(
            "{COMMAND}: --temperature must be a finite number of at least 0, got {temperature}"
        )));
    }
    let seed: u32 = args.value("seed", "a whole number from 0 to 4294967295", 0)?;
    args.finish()?;

    let (model, vocab) =
        load_char_model(&dir).map_err(|e| UsageError(format!("{COMMAND}: {e}")))?;
    let prompt = match prompt {
        Some(p) if p.is_empty() => {
            return Err(UsageError(format!("{COMMAND}: --prompt must not be empty")));
        }
        Some(p) => p,
        None if vocab.index_of('\n').is_some() => "\n".to_string(),
        None => vocab.char(0).to_string(),
    };
    let prompt_indices = vocab
        .encode(&prompt)
        .map_err(|e| UsageError(format!("{COMMAND}: --prompt: {e}")))?;
    let generated = model.generate(&prompt_indices, len, temperature, &mut Mt19937::new(seed));
    println!("{prompt}{}", vocab.decode(&generated));
    Ok(())
}
