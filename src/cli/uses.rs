//! `rnn sentiment`, `rnn tagger`, `rnn caption`: the notes' three shapes of use, trained.

use super::args::{Args, CliError, failure, usage};
use super::output::{errln, outln, warn_if_not_better};
use super::progress::Progress;
use rnn_from_scratch::programs::uses::frame::{Answer, Event, Shared, Use};
use rnn_from_scratch::programs::uses::numbers::{self, Language};
use rnn_from_scratch::programs::uses::translation::{self, Translator};
use rnn_from_scratch::programs::uses::{digit_captions, sentiment, tagging, treebank};
use std::path::Path;

pub fn sentiment(mut args: Args) -> Result<(), CliError> {
    if !args.flag("generated")? {
        if args.has("language") {
            return Err(usage!(
                "rnn sentiment: --language chooses the generated reviews' language: add \
                 --generated (the real reviews are Korean)"
            ));
        }
        let mut options = rnn_from_scratch::programs::uses::reviews::Options::default();
        if !args.has("load") {
            options.baselines = args.flag("baselines")?;
            options.all_samples = args.flag("all-samples")?;
            options.average = args.rate("average", options.average)?;
        }
        return run_use(&options, args, None, &|_| Ok(())).map(drop);
    }
    let real = [
        "train", "test", "save", "load", "input", "explain", "dropout", "l2", "average",
    ];
    if let Some(flag) = real.into_iter().find(|f| args.has(f)) {
        return Err(usage!(
            "rnn sentiment: --{flag} is for the real reviews; the generated ones are made anew \
             each run: leave out --generated or --{flag}"
        ));
    }
    let language = language(&mut args, "language", ["en", "ko"])?;
    run_use(&sentiment::Generated(language), args, None, &|_| Ok(())).map(drop)
}

/// `rnn spam` (see `rnn spam --help`).
pub fn spam(mut args: Args) -> Result<(), CliError> {
    let mut spam = rnn_from_scratch::programs::uses::spam::Spam::default();
    if !args.has("load") {
        spam.0.baselines = args.flag("baselines")?;
        spam.0.average = args.rate("average", spam.0.average)?;
    }
    run_use(&spam, args, None, &|_| Ok(())).map(drop)
}

/// `rnn chatbot` (see `rnn chatbot --help`): with `--load DIR` and no `--input`, a talk
/// ([`talk`]).
pub fn chatbot(mut args: Args) -> Result<(), CliError> {
    use rnn_from_scratch::programs::uses::chatbot::Options;
    let options = Options {
        beam: args.count("beam", 1, 1, 64)?,
        without_question: args.has("load") || !args.flag("no-baseline")?,
        ..Options::default()
    };
    run_use(&options, args, None, &|_| Ok(())).map(drop)
}

pub fn tagger(mut args: Args) -> Result<(), CliError> {
    if args.has("test") && !args.has("train") && !args.has("load") {
        return Err(usage!(
            "rnn tagger: --test needs --train FILE.conllu (the sentences to learn from)"
        ));
    }
    if args.has("train") || args.has("test") || args.has("load") {
        let mut options = treebank::Options::default();
        args.flag("bidirectional")?; // the treebank tagger always reads both ways
        options.baselines = !args.has("load") && args.flag("baselines")?;
        return run_use(&options, args, None, &|_| Ok(())).map(drop);
    }
    if args.has("input") || args.has("save") {
        return Err(usage!(
            "rnn tagger: --input and --save are for a model trained on a treebank: add --train \
             FILE.conllu (or --load DIR)"
        ));
    }
    let reading = tagging::Reading {
        bidirectional: args.flag("bidirectional")?,
        layers: args.count("layers", 1, 1, 8)?,
    };
    run_use(&reading, args, None, &|_| Ok(())).map(drop)
}

pub fn caption(mut args: Args) -> Result<(), CliError> {
    let mut options = digit_captions::Options::default();
    if !args.has("load") {
        options.language = language(&mut args, "language", ["ko", "en"])?;
        options.train_pictures = args.count("train", options.train_pictures, 1, 1_000_000)?;
        options.layers = args.count("layers", options.layers, 1, 4)?;
        options.held_out_pictures =
            args.count("held-out", options.held_out_pictures, 1, 100_000)?;
    }
    // --digits FILE is the use's data file (what --train is to the others).
    let digits = args.path("digits")?;
    run_use(&options, args, digits.as_deref(), &|_| Ok(())).map(drop)
}

pub fn translate(mut args: Args) -> Result<(), CliError> {
    let plot = args.output("plot")?;
    let mut options = translation::Options::default();
    if args.has("load") {
        let fixed = ["to", "reverse", "held-out", "max-digits", "attention"];
        if let Some(flag) = fixed.into_iter().find(|f| args.has(f)) {
            return Err(usage!(
                "rnn translate: --{flag} is fixed by the saved model (--load): leave it out"
            ));
        }
    } else {
        options.direction = translation::Direction {
            language: language(&mut args, "to", ["ko", "en"])?,
            reverse: args.flag("reverse")?,
            digits: args.count("max-digits", 5, 1, numbers::MAX_DIGITS)?,
        };
        let (most, train_default, held_default) = options.limits();
        let train = args.count("train", train_default, 1, most)?;
        let held_out = args.count("held-out", held_default, 1, 10_000)?;
        options = options.sized(train, held_out).map_err(|e| usage!("{e}"))?;
        options.attention = args.flag("attention")?;
        if plot.is_some() && !options.attention {
            return Err(usage!(
                "rnn translate: --plot draws where the attention looked: add --attention"
            ));
        }
    }
    options.beam = args.count("beam", 1, 1, 64)?;
    let input = args.peek("input");
    let needs_attention = |t: &Translator| match plot.is_some() && t.model.attention().is_none() {
        true => Err(usage!("rnn translate: --plot: this model has no attention")),
        false => Ok(()),
    };
    let translator = run_use(&options, args, None, &needs_attention)?;
    let drawn = plot.and_then(|path| Some((path, translator?.plot(input.as_deref())?)));
    if let Some((path, (number, svg))) = drawn {
        super::write_page("rnn translate: --plot", &path, &svg)?;
        let path = path.display();
        errln!("wrote the attention's alignment for {number} to {path}");
    }
    Ok(())
}

/// Runs a use through the frame ([`Use`]): the flags every use shares, read here for all
/// of them; then `--load` and `--input`, or the data (`data`, if given, read instead of
/// `--train`: `caption --digits FILE`), the training with its progress, the report,
/// `--save` and `--input`; `loaded_check` checks a loaded model before it answers
/// (`translate --plot` needs attention). Gives the model trained or loaded, for what a
/// use's own command still does with it (`translate --plot`).
fn run_use<U: Use>(
    u: &U,
    mut args: Args,
    data: Option<&Path>,
    loaded_check: &dyn Fn(&U::Trained) -> Result<(), CliError>,
) -> Result<Option<U::Trained>, CliError> {
    let command = U::COMMAND;
    let takes = |flag: &str| U::FLAGS.contains(&flag);
    let input = takes("input").then(|| args.optional::<String>("input", "text"));
    let input = input.transpose()?.flatten();
    if input.as_deref().is_some_and(|text| text.trim().is_empty()) {
        return Err(usage!("{command}: --input is empty: give {}", U::INPUT));
    }
    let explain = takes("explain") && args.flag("explain")?;
    if explain && input.is_none() {
        return Err(usage!(
            "{command}: --explain shows how the model reads --input TEXT: give --input"
        ));
    }
    let dir = takes("load").then(|| args.path("load")).transpose()?;
    if let Some(dir) = dir.flatten() {
        let text = input.unwrap_or_default();
        let talk = U::TALKS && text.is_empty();
        loaded(command, args, if talk { "-" } else { &text }, U::INPUT)?;
        let trained = u
            .load(&dir)
            .map_err(|e| failure!("{command}: --load: {e}"))?;
        loaded_check(&trained)?;
        match talk {
            true => self::talk(u, &trained)?,
            false => answer(u, &trained, &text, explain)?,
        }
        return Ok(Some(trained));
    }
    train_use(u, args, data, input.map(|text| (text, explain))).map(Some)
}

/// [`run_use`] without `--load`: the data, the training with its progress, the report,
/// `--save` and the answer to `--input` (`input`: the text, and `--explain`).
fn train_use<U: Use>(
    u: &U,
    mut args: Args,
    data: Option<&Path>,
    input: Option<(String, bool)>,
) -> Result<U::Trained, CliError> {
    let command = U::COMMAND;
    let takes = |flag: &str| U::FLAGS.contains(&flag);
    let failure = |e: &dyn std::fmt::Display| failure!("{command}: {e}");
    let mut path = |flag| match takes(flag) {
        true => args.path(flag),
        false => Ok(None),
    };
    let (save_dir, train, test) = (path("save")?, path("train")?, path("test")?);
    if let Some((text, _)) = &input {
        let checked = u.check_input(text);
        checked.map_err(|why| usage!("{command}: --input: {why}"))?;
    }
    let defaults = u.defaults();
    let batch_given = args.has("batch");
    let (mut shared, quiet) = shared_flags(&mut args, &defaults, takes, u.batch_limit())?;
    args.finish()?;
    let _lock = super::saving::lock::<U::Model>(command, save_dir.as_deref())?;
    let read = u.data(train.as_deref().or(data), test.as_deref(), &shared);
    let (train, test) = read.map_err(|e| failure(&e))?;
    let (plan, batch, items) = (u.plan(&train, &shared), shared.batch, U::ITEMS);
    let examples = plan.per_epoch;
    if batch_given && batch > examples {
        return Err(usage!(
            "{command}: --batch must be a whole number from 1 to {examples}, got {batch} (there \
             are {examples} training {items})"
        ));
    }
    shared.batch = batch.min(examples);
    super::check_memory(command, u.memory(&train, &test, &shared))?;
    let mut progress = match U::EPOCHS_ONLY {
        true => Progress::new(plan.epochs as u64, "epochs", quiet),
        false => Progress::by_epoch(plan, U::ITEMS, quiet),
    };
    let mut last_loss = String::new();
    let report = u.run(&train, &test, &shared, &mut |event| match event {
        Event::Note(text) => progress.message(&text),
        Event::Batch { epoch, done } => {
            progress.update(((epoch - 1) * examples + done) as u64, &last_loss)
        }
        Event::Epoch { epoch, loss, what } => {
            let per = U::ITEMS.trim_end_matches('s');
            last_loss = match U::EPOCHS_ONLY {
                true => format!("mean loss {loss:.4} nats per {per}"),
                false => format!("{what}: mean loss {loss:.4} nats per {per}"),
            };
            let at = epoch * if U::EPOCHS_ONLY { 1 } else { examples };
            progress.update(at as u64, &last_loss);
        }
    });
    progress.finish();
    let report = report.map_err(|e| failure(&e))?;
    let shown = report.lines.iter().filter(|_| !quiet);
    shown
        .chain([&report.figure])
        .try_for_each(|line| outln!("{line}"))?;
    let rates = (shared.learning_rate, defaults.learning_rate);
    warn_if_not_better(&report.against, rates);
    if let Some(dir) = &save_dir {
        U::save(&report.trained, dir).map_err(|e| failure(&e))?;
        super::saving::saved(&mut progress, dir);
    }
    if let Some((text, explain)) = &input {
        answer(u, &report.trained, text, *explain)?;
    }
    Ok(report.trained)
}

/// The flags every use shares ([`Shared`]): the mini-batch, the cell, Dh, epochs, seed and
/// threads, `--quiet`, and where the use `takes` them, E, the learning rate, the dropout
/// rate and the L2 penalty.
fn shared_flags(
    args: &mut Args,
    defaults: &Shared,
    takes: impl Fn(&str) -> bool,
    batch_limit: usize,
) -> Result<(Shared, bool), CliError> {
    let d = *defaults;
    let batch = args.count("batch", d.batch, 1, batch_limit)?;
    let mut training = Shared {
        cell: args.cell_or(d.cell)?,
        hidden: args.count("hidden", d.hidden, 1, 1024)?,
        epochs: args.count("epochs", d.epochs, 1, 100_000)?,
        seed: args.seed()?,
        threads: args.threads()?,
        batch,
        embedding: None,
        ..d
    };
    let quiet = args.flag("quiet")?;
    if takes("embedding") && (args.has("embedding") || d.embedding.is_some()) {
        let e = args.count("embedding", d.embedding.unwrap_or(1), 1, 1024)?;
        training.embedding = Some(e);
    }
    type Read = fn(&mut Args, &str, f64) -> Result<f64, CliError>;
    let mut number = |flag, read: Read, default| match takes(flag) {
        true => read(args, flag, default),
        false => Ok(default),
    };
    let shared = Shared {
        learning_rate: number("lr", Args::positive, defaults.learning_rate)?,
        dropout: number("dropout", Args::rate, defaults.dropout)?,
        l2: number("l2", Args::at_least_zero, defaults.l2)?,
        ..training
    };
    Ok((shared, quiet))
}

/// A talk with a loaded model ([`Use::TALKS`]): each line of standard input answered in
/// turn, until an empty line or the input's end.
fn talk<U: Use>(u: &U, trained: &U::Trained) -> Result<(), CliError> {
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stdin());
    if terminal {
        errln!("Say something (an empty line or Ctrl-D ends the talk):");
    }
    for line in std::io::stdin().lines() {
        // (The chatbot is the one use that talks.)
        let line = line.map_err(|e| failure!("rnn chatbot: cannot read standard input: {e}"))?;
        match (line.trim().is_empty(), terminal) {
            (true, true) => break,
            (true, false) => continue,
            (false, _) => answer(u, trained, &line, false)?,
        }
    }
    Ok(())
}

/// Prints the model's answer to `--input` (the last line the answer itself).
fn answer<U: Use>(u: &U, trained: &U::Trained, text: &str, explain: bool) -> Result<(), CliError> {
    let command = U::COMMAND;
    let lines = u.answer(trained, text, explain).map_err(|e| match e {
        Answer::Unreadable(why) => usage!("{command}: --input: {why}"),
        Answer::Failed(why) => failure!("{command}: {why}"),
    })?;
    lines.iter().try_for_each(|line| outln!("{line}"))
}

/// `--load DIR`: refuses the training flags, reads the last flags, and needs `--input
/// TEXT` (`text`, here empty if not given; `what` says what it is).
fn loaded(command: &str, mut args: Args, text: &str, what: &str) -> Result<(), CliError> {
    let training = [
        "train",
        "test",
        "save",
        "cell",
        "hidden",
        "embedding",
        "epochs",
        "batch",
        "lr",
        "seed",
        "dropout",
        "l2",
        "average",
        "generated",
    ];
    if let Some(flag) = training.iter().find(|f| args.has(f)) {
        return Err(usage!(
            "{command}: --{flag} is for training; --load reads a model already trained: leave \
             out one of them"
        ));
    }
    let _ = (args.flag("quiet")?, args.threads()?, args.finish()?);
    let given = (!text.is_empty()).then_some(());
    given.ok_or_else(|| usage!("{command}: --load needs --input TEXT, {what}"))
}

/// `--language` or `--to`: the language of the reviews or the readings, one of `codes`, the
/// first the default.
fn language(args: &mut Args, flag: &str, codes: [&str; 2]) -> Result<Language, CliError> {
    let code = args.choice(flag, &codes, codes[0])?;
    Ok(Language::from_code(&code).expect("ko or en"))
}
