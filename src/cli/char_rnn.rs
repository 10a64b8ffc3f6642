//! `rnn char-rnn train` and `rnn char-rnn sample`: a character-level language model.

use super::args::{Args, CliError, failure, usage};
use super::output::outln;
use super::progress::Progress;
use rnn_from_scratch::Matrix;
use rnn_from_scratch::Mt19937;
use rnn_from_scratch::cells::CellKind;
use rnn_from_scratch::io::corpus::CORPUS;
use rnn_from_scratch::io::page::{Strip, page};
use rnn_from_scratch::io::svg::Plot;
use rnn_from_scratch::io::text::Vocabulary;
use rnn_from_scratch::programs::char_model::{self, Event, Options};
use rnn_from_scratch::programs::char_model::{load as load_char_model, save as save_char_model};
use rnn_from_scratch::programs::{inspect, memory};
use rnn_from_scratch::train::TrainError;
use std::ffi::OsString;
use std::path::Path;

pub const HELP: super::Help = super::help_text!("char_rnn");

pub fn run(_command: &str, words: &[OsString]) -> Result<(), CliError> {
    match words.first().and_then(|w| w.to_str()) {
        Some("train") => super::with_help("rnn char-rnn train", &words[1..], HELP, train),
        Some("sample") => super::with_help("rnn char-rnn sample", &words[1..], HELP, sample),
        Some("inspect") => super::with_help("rnn char-rnn inspect", &words[1..], HELP, inspect),
        None | Some("--help" | "-h" | "help") => super::show_help(HELP),
        _ => Err(usage!(
            "rnn char-rnn: unknown command {}: use train, sample or inspect (see rnn char-rnn --help)",
            super::args::quoted(&words[0].to_string_lossy())
        )),
    }
}

/// The training text: `--text FILE`, read as every data file is
/// ([`read_text`](rnn_from_scratch::io::data::read_text): at most `max_bytes`, a
/// byte-order mark dropped, line endings made `\n`), or the built-in corpus.
fn read_text(command: &str, path: Option<&Path>, max_bytes: u64) -> Result<String, CliError> {
    let Some(path) = path else {
        return Ok(CORPUS.to_string());
    };
    let limit = "the --max-text-mb limit; raise it to read the whole file";
    let text = rnn_from_scratch::io::data::read_text(path, max_bytes, limit)
        .map_err(|e| failure!("{command}: --text {e}"))?;
    if text.is_empty() {
        return Err(failure!(
            "{command}: --text {}: the file is empty: there is nothing to learn",
            path.display()
        ));
    }
    Ok(text)
}

fn train(mut args: Args) -> Result<(), CliError> {
    const COMMAND: &str = "rnn char-rnn train";
    let text_path = args.path("text")?;
    let max_text_mb = args.count("max-text-mb", 100, 1, 100_000)? as u64;
    let options = Options {
        cell: args.cell()?,
        hidden: args.count("hidden", 100, 1, 4096)?,
        seq_len: args.count("seq-len", 25, 1, 100_000)?,
        learning_rate: args.positive("lr", 0.1)?,
        optimizer: args.optimizer(&["adagrad", "sgd", "adam"], "adagrad")?,
        iters: args.count("iters", 20_000, 1, 1_000_000_000)? as u64,
        seed: args.seed()?,
        clip: args.positive("clip", 5.0)?,
        sample_every: args.count("sample-every", 2000, 0, usize::MAX)? as u64,
        validate: args.value("validate", "a fraction from 0 up to (not including) 1", 0.0)?,
        batch: args.count("batch", 2, 1, 4096)?,
        threads: args.threads()?,
    };
    if !(0.0..1.0).contains(&options.validate) {
        return Err(usage!(
            "{COMMAND}: --validate must be a fraction from 0 up to (not including) 1, got {}",
            options.validate
        ));
    }
    let save_dir = args.path("save")?;
    let plot_path = args.output("plot")?;
    let quiet = args.flag("quiet")?;
    args.finish()?;

    // Before any training: the folder a save would replace must be ours to replace, and no
    // other trainer may be saving there; the lock is held until this run ends.
    let _lock =
        super::saving::lock::<rnn_from_scratch::cells::CharModel>(COMMAND, save_dir.as_deref())?;
    let text = read_text(COMMAND, text_path.as_deref(), max_text_mb * 1_000_000)?;
    let vocab = Vocabulary::from_text(&text);
    let data = vocab
        .encode(&text)
        .expect("every character of the text is in its own vocabulary");
    let (v, seq_len, batch) = (vocab.len(), options.seq_len, options.batch);
    let held_out = (data.len() as f64 * options.validate) as usize;
    if options.validate > 0.0 && held_out < 2 {
        return Err(usage!(
            "{COMMAND}: --validate {} holds out {held_out} of the text's {} characters; it \
             needs at least 2 (a character and the one after it): hold out more",
            options.validate,
            data.len()
        ));
    }
    let trained = data.len() - held_out;
    if trained / batch < seq_len + 1 {
        return Err(usage!(
            "{COMMAND}: {}",
            char_model::too_short(trained, seq_len, batch)
        ));
    }
    let needed = memory::char_training(options.cell, v, options.hidden, seq_len, batch)
        + memory::text(text.len() as u64);
    super::check_memory(
        COMMAND,
        needed,
        "the text, the weights, their gradients and a chunk's caches",
        "--hidden, --seq-len or --batch",
    )?;
    let cell = options.cell;
    let mut progress = Progress::new(options.iters, "it", quiet);
    let threads = options.threads.min(batch.div_ceil(16)); // chunks of 16 streams
    progress.message(&format!(
        "training {} {} on {} characters{}, vocabulary V = {v}, hidden Dh = {}, chunks of {seq_len}, \
         {}{}",
        a_or_an(cell),
        cell.name().to_uppercase(),
        data.len(),
        match (data.len() as f64 * options.validate) as usize {
            0 => String::new(),
            held => format!(" (the last {held} held out)"),
        },
        options.hidden,
        match (batch, threads) {
            (1, _) => "one stream (min-char-rnn's loop, one core)".to_string(),
            (_, 1) => format!("{batch} streams as one batch, one core"),
            _ => format!("{batch} streams as one batch, in chunks of 16 on {threads} threads"),
        },
        if text_path.is_none() { " (대한민국헌법, the Korean constitution; --text FILE for another)" } else { "" }
    ));
    let mut last_saved: Option<u64> = None;
    let mut save_failed = false;
    let result = char_model::train(&data, v, &options, |event| {
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
                if let Some(dir) = &save_dir {
                    save_char_model(dir, &model, &vocab).map_err(|e| {
                        save_failed = true;
                        TrainError::new(format!("could not save at iteration {done}: {e}"))
                    })?;
                    last_saved = Some(done);
                }
            }
        }
        Ok(())
    });
    progress.finish();
    let report = result.map_err(|e| {
        let kept = match (&save_dir, last_saved) {
            (Some(dir), Some(at)) => format!(
                "; the model saved in {} at iteration {at} is intact",
                dir.display()
            ),
            _ => String::new(),
        };
        // The learning rate is to blame for a loss that ran away, not for a full disk.
        let hint = if save_failed || e.to_string().contains("learning rate") {
            ""
        } else {
            " (try a smaller --lr)"
        };
        failure!("{COMMAND}: training stopped: {e}{kept}{hint}")
    })?;
    let seconds = progress.elapsed();
    if let Some(dir) = &save_dir {
        save_char_model(dir, &report.model, &vocab).map_err(|e| failure!("{COMMAND}: {e}"))?;
        super::saving::saved(&mut progress, dir);
    }
    if let Some(path) = &plot_path {
        let svg = Plot::new(
            &format!(
                "char-rnn ({}): hidden {}, seq-len {seq_len}, V = {v}",
                cell.name(),
                options.hidden
            ),
            "iteration",
            "smoothed loss (nats per character)",
        )
        .series("smoothed loss", report.curve);
        let svg = if report.held_out_curve.is_empty() {
            svg
        } else {
            svg.series("held-out loss", report.held_out_curve.clone())
        }
        .to_svg();
        super::write_page(path, &svg).map_err(|e| failure!("{COMMAND}: {e}"))?;
        progress.message(&format!("wrote the loss curve to {}", path.display()));
    }
    let iters = options.iters;
    if let Some(&(_, loss)) = report.held_out_curve.last() {
        outln!(
            "held-out loss (the last {:.0}% of the text, never trained on): {loss:.3} nats/char",
            100.0 * options.validate
        )?;
    }
    outln!(
        "trained {iters} iterations in {seconds:.2} s ({:.0} it/s), loss {:.3} nats/char, perplexity {:.2}",
        iters as f64 / seconds,
        report.loss,
        report.loss.exp()
    )?;
    Ok(())
}

fn sample(mut args: Args) -> Result<(), CliError> {
    const COMMAND: &str = "rnn char-rnn sample";
    let Some(dir) = args.path("load")? else {
        return Err(usage!(
            "{COMMAND}: --load DIR is required (a model saved by train --save DIR)"
        ));
    };
    let prompt: Option<String> = args.optional("prompt", "text")?;
    let len = args.count("len", 200, 0, 10_000_000)?;
    let temperature: f64 = args.value("temperature", "a finite number of at least 0", 1.0)?;
    if !(temperature.is_finite() && temperature >= 0.0) {
        return Err(usage!(
            "{COMMAND}: --temperature must be a finite number of at least 0, got {temperature}"
        ));
    }
    let seed: u32 = args.seed()?;
    args.finish()?;

    let (model, vocab) = load_char_model(&dir).map_err(|e| failure!("{COMMAND}: {e}"))?;
    let prompt = match prompt {
        Some(p) if p.is_empty() => {
            return Err(usage!("{COMMAND}: --prompt must not be empty"));
        }
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
            true => super::output::write_raw(&std::mem::take(&mut text)),
            false => Ok(()),
        }
    })?;
    // Generated text is written as it is, never read as a message to translate.
    super::output::write_raw(&(text + "\n"))
}

/// `rnn char-rnn inspect`: what the units of a saved model follow while it reads a text,
/// printed as a table and drawn as one HTML page.
fn inspect(mut args: Args) -> Result<(), CliError> {
    const COMMAND: &str = "rnn char-rnn inspect";
    let usage = |m: String| usage!("{COMMAND}: {m}");
    let Some(dir) = args.path("load")? else {
        return Err(usage(
            "--load DIR is required (a model saved by train --save DIR)".into(),
        ));
    };
    let Some(html_path) = args.output("html")? else {
        return Err(usage(
            "--html FILE.html is required (the page to write)".into(),
        ));
    };
    let text_path = args.path("text")?;
    let chars = args.count("chars", 1500, 2, 100_000)?;
    let unit: Option<usize> = args.optional("unit", "a unit of hₜ, from 0")?;
    args.finish()?;
    let failure = |e: &dyn std::fmt::Display| failure!("{COMMAND}: {e}");
    let (model, vocab) = load_char_model(&dir).map_err(|e| failure(&e))?;
    let dh = model.cell().hidden_size();
    if let Some(k) = unit.filter(|&k| k >= dh) {
        return Err(usage(format!(
            "--unit must be a unit of hₜ, 0 to Dh − 1 = {}, got {k}",
            dh - 1
        )));
    }
    let text = read_text(COMMAND, text_path.as_deref(), 100_000_000)?;
    let text: String = text.chars().take(chars).collect();
    let read = inspect::trace(&model, &vocab, &text, 3).map_err(|e| {
        failure(&format!(
            "--text: {e}: give a text like the one the model was trained on"
        ))
    })?;
    let found = inspect::findings(&read);
    let mut table = vec![vec![
        "feature".to_string(),
        "state".into(),
        "unit".into(),
        "r".into(),
    ]];
    outln!(
        "the unit that follows each feature best (Pearson's r over {} characters):",
        read.text.len()
    )?;
    // A feature absent from the text (no brackets, say), or everywhere in it, has no unit
    // that follows it: r is not defined.
    let values = inspect::features(&read.text);
    for (k, f) in found.iter().enumerate() {
        if f.r.is_nan() {
            let absent = values.iter().all(|v| v[k] == 0.0);
            let shown = if absent {
                "not in this text"
            } else {
                "in all of this text"
            };
            outln!("  {:<22} {shown}, so no unit follows it", f.feature)?;
            table.push([f.feature, "—", "—", shown].map(String::from).to_vec());
            continue;
        }
        let r = format!("{:+.3}", f.r);
        outln!(
            "  {:<22} {:<15} unit {:<4} r {r}",
            f.feature,
            f.state,
            f.unit
        )?;
        table.push(vec![
            f.feature.into(),
            f.state.into(),
            f.unit.to_string(),
            r,
        ]);
    }
    // The unit drawn in every state: --unit, or the one that follows a feature best.
    let best = found
        .iter()
        .filter(|f| !f.r.is_nan())
        .max_by(|a, b| a.r.abs().total_cmp(&b.r.abs()));
    let chosen = unit.or(best.map(|f| f.unit)).unwrap_or(0);
    let column = |m: &Matrix, k: usize| (0..m.shape().0).map(|t| m[(t, k)]).collect::<Vec<f64>>();
    // A cell state is not bounded by 1: a strip beyond ±1 is drawn scaled by its largest
    // |value|, and says so.
    let strip = |label: String, values: Vec<f64>| {
        let scale = values.iter().fold(1.0_f64, |s, v| s.max(v.abs()));
        let label = match scale > 1.0 {
            true => format!("{label} (÷ {scale:.2}, its largest |value|)"),
            false => label,
        };
        Strip {
            label,
            values: values.iter().map(|v| v / scale).collect(),
        }
    };
    let mut strips: Vec<Strip> = read
        .states
        .iter()
        .map(|(name, m)| strip(format!("{name}, unit {chosen}"), column(m, chosen)))
        .collect();
    for f in found.iter().filter(|f| !f.r.is_nan()) {
        let m = &read
            .states
            .iter()
            .find(|(name, _)| *name == f.state)
            .expect("a state of the trace")
            .1;
        let label = format!(
            "{}: {}, unit {} (r {:+.3})",
            f.feature, f.state, f.unit, f.r
        );
        strips.push(strip(label, column(m, f.unit)));
    }
    let tips: Vec<String> = read
        .guesses
        .iter()
        .map(|g| {
            let shown: Vec<String> = g.iter().map(|(c, p)| format!("{:?} {p:.2}", c)).collect();
            format!("next: {}", shown.join(", "))
        })
        .collect();
    let title = format!(
        "Inside {} {} character model (Dh = {dh})",
        a_or_an(model.cell().kind()),
        model.cell().kind().name().to_uppercase()
    );
    let intro = format!(
        "{} characters of {}, read from the zero state. Each block below is the text again, \
         each character coloured by one unit's value after reading it.",
        read.text.len(),
        text_path
            .as_deref()
            .and_then(|p| p.file_name())
            .map_or("the Korean constitution".into(), |n| n
                .to_string_lossy()
                .into_owned())
    );
    let html = page(&title, &intro, &table, &read.text, &tips, &strips);
    super::write_page(&html_path, &html).map_err(|e| failure(&e))?;
    outln!(
        "wrote {} ({} drawings of the text)",
        html_path.display(),
        strips.len()
    )
}

/// The article before a cell's name, said letter by letter: "an RNN", "an LSTM" (said
/// el-es-tee-em), "a GRU": "an" before a letter whose name starts with a vowel sound.
fn a_or_an(cell: CellKind) -> &'static str {
    match cell
        .name()
        .starts_with(['a', 'e', 'f', 'h', 'i', 'l', 'm', 'n', 'o', 'r', 's', 'x'])
    {
        true => "an",
        false => "a",
    }
}
