//! `rnn sentiment`, `rnn tagger`, `rnn caption`: the notes' three shapes of use, trained.

use super::args::{Args, CliError, failure, usage};
use super::output::{display_width, errln, outln, warn_if_not_better};
use super::progress::Progress;
use rnn_from_scratch::cells::{AnyCell, Seq2Seq};
use rnn_from_scratch::io::heat_map;
use rnn_from_scratch::io::save::write_atomically;
use rnn_from_scratch::io::text::Vocabulary;
use rnn_from_scratch::io::{conllu, digits, reviews};
use rnn_from_scratch::programs::memory;
use rnn_from_scratch::programs::uses::reviews as movie_reviews;
use rnn_from_scratch::programs::uses::reviews::{load as load_classifier, save as save_classifier};
use rnn_from_scratch::programs::uses::sentiment::{self, Language};
use rnn_from_scratch::programs::uses::tagger::PieceTagger;
use rnn_from_scratch::programs::uses::tagging::{self, Reading};
use rnn_from_scratch::programs::uses::translation::{
    load as load_translator, save as save_translator,
};
use rnn_from_scratch::programs::uses::treebank::TrainedTagger;
use rnn_from_scratch::programs::uses::treebank::{load as load_tagger, save as save_tagger};
use rnn_from_scratch::programs::uses::two_way::TwoWayClassifier;
use rnn_from_scratch::programs::uses::{Training, digit_captions, numbers, translation, treebank};
use std::path::Path;

pub const SENTIMENT_HELP: &str = include_str!("help/sentiment.txt");

/// The flags shared by the three programs, and `--quiet`; `--batch` is at most the
/// program's number of training examples.
fn training(args: &mut Args, epochs: usize, examples: usize) -> Result<(Training, bool), CliError> {
    let defaults = Training {
        epochs,
        ..Training::default()
    };
    training_from(args, defaults, examples)
}

/// [`training`] with the program's own defaults (cell, Dh, epochs, batch).
fn training_from(
    args: &mut Args,
    defaults: Training,
    examples: usize,
) -> Result<(Training, bool), CliError> {
    // The default batch shrinks to fit a small training set; a --batch given is checked.
    let batch = match args.has("batch") {
        true => args.count("batch", defaults.batch, 1, examples)?,
        false => defaults.batch.min(examples),
    };
    let training = Training {
        cell: args.cell_or(defaults.cell)?,
        hidden: args.count("hidden", defaults.hidden, 1, 1024)?,
        epochs: args.count("epochs", defaults.epochs, 1, 100_000)?,
        seed: args.seed()?,
        threads: args.threads()?,
        batch,
        embedding: None,
    };
    Ok((training, args.flag("quiet")?))
}

/// After a data file is read: a `--batch` given (flags are read before any file) must not
/// exceed the `examples` it holds; the default shrinks to fit.
fn fit_batch(
    command: &str,
    training: &mut Training,
    given: bool,
    examples: usize,
) -> Result<(), CliError> {
    if given && training.batch > examples {
        return Err(usage!(
            "{command}: --batch must be a whole number from 1 to {examples} (the training \
             examples), got {}",
            training.batch
        ));
    }
    training.batch = training.batch.min(examples);
    Ok(())
}

/// The flags of the programs on real data, then the end of the flags: the shared ones
/// ([`training_from`]), `--embedding E` where the program has an embedding (its default
/// from `defaults`), and `--lr`.
fn real_data_flags(
    mut args: Args,
    defaults: Training,
    learning_rate: f64,
    examples: usize,
) -> Result<(Training, f64, bool), CliError> {
    let (mut training, quiet) = training_from(&mut args, defaults, examples)?;
    if let Some(e) = defaults.embedding {
        training.embedding = Some(args.count("embedding", e, 1, 1024)?);
    }
    let learning_rate = args.positive("lr", learning_rate)?;
    args.finish()?;
    Ok((training, learning_rate, quiet))
}

/// `--embedding E`: words through a V×E table instead of one-hot vectors.
fn embedding(args: &mut Args) -> Result<Option<usize>, CliError> {
    args.optional_count("embedding", 1, 1024)
}

/// Progress after each epoch: the mean loss per training example (`per`: a review, a
/// sentence, a number), in nats.
fn tick(progress: &mut Progress, epoch: usize, loss: f64, per: &str) {
    progress.update(epoch as u64, &format!("mean loss {loss:.4} nats per {per}"));
}

pub fn sentiment(mut args: Args) -> Result<(), CliError> {
    if !args.flag("generated")? {
        return real_reviews(args);
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
    let language = match args.choice("language", &["en", "ko"], "en")?.as_str() {
        "ko" => Language::Korean,
        _ => Language::English,
    };
    let (mut training, quiet) = training(&mut args, 40, sentiment::training_size(language))?;
    training.embedding = embedding(&mut args)?;
    args.finish()?;
    let cell = training.cell.name();
    let mut progress = Progress::new(training.epochs as u64, "epochs", quiet);
    let report = sentiment::program(&training, language, |e, l| {
        tick(&mut progress, e, l, "review")
    })
    .map_err(|e| failure!("rnn sentiment: {e}"))?;
    progress.finish();
    if !quiet {
        outln!(
            "{} held-out sentences. Plain ones: {cell} {:.3}, bag-of-words {:.3}. Some negated ones:",
            report.test_size,
            report.rnn_plain,
            report.bag_of_words_plain
        )?;
        let label = |p: bool| if p { "positive" } else { "negative" };
        for (text, truth, rnn, bag) in &report.samples {
            // Hangul takes two columns on a terminal: pad by display width, not characters.
            let width: usize = text.chars().map(display_width).sum();
            let pad = " ".repeat(34usize.saturating_sub(width));
            outln!(
                "  {text}{pad}{:<9} {cell}: {:<9} bag-of-words: {}",
                label(*truth),
                label(*rnn),
                label(*bag)
            )?;
        }
    }
    outln!(
        "held-out accuracy: {cell} {:.3}, bag-of-words {:.3}; negated: {cell} {:.3}, bag-of-words {:.3}",
        report.rnn,
        report.bag_of_words,
        report.rnn_negated,
        report.bag_of_words_negated
    )?;
    Ok(())
}

pub const TAGGER_HELP: &str = include_str!("help/tagger.txt");

pub fn tagger(mut args: Args) -> Result<(), CliError> {
    if args.has("train") || args.has("test") || args.has("load") {
        return treebank_tagger(args);
    }
    if args.has("input") || args.has("save") {
        return Err(CliError::Usage(
            "rnn tagger: --input and --save are for a model trained on a treebank: add --train \
             FILE.conllu (or --load DIR)"
                .into(),
        ));
    }
    let bidirectional = args.flag("bidirectional")?;
    let layers = args.count("layers", 1, 1, 8)?;
    let (mut training, quiet) = training(&mut args, 15, tagging::TRAINING_SIZE)?;
    training.embedding = embedding(&mut args)?;
    args.finish()?;
    let mut progress = Progress::new(training.epochs as u64, "epochs", quiet);
    let reading = Reading {
        bidirectional,
        layers,
    };
    let report = tagging::program(&training, reading, |e, l| {
        tick(&mut progress, e, l, "sentence")
    })
    .map_err(|e| failure!("rnn tagger: {e}"))?;
    progress.finish();
    if !quiet {
        outln!(
            "{} tagger, {layers} layer{}; on the ambiguous words alone: {:.3}. Sentences that start with one:",
            if bidirectional {
                "bidirectional"
            } else {
                "left-to-right"
            },
            if layers == 1 { "" } else { "s" },
            report.ambiguous_accuracy
        )?;
        for (words, tags, predicted) in &report.samples {
            let show = |t: &[usize]| {
                t.iter()
                    .map(|&t| tagging::TAGS[t])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            outln!(
                "  {:<28} true: {:<26} predicted: {}",
                words.join(" "),
                show(tags),
                show(predicted)
            )?;
        }
    }
    outln!(
        "held-out token accuracy: {:.3}, most-frequent-tag baseline: {:.3}",
        report.accuracy,
        report.baseline
    )?;
    Ok(())
}

pub const CAPTION_HELP: &str = include_str!("help/caption.txt");

pub fn caption(args: Args) -> Result<(), CliError> {
    digit_captions(args)
}

pub const TRANSLATE_HELP: &str = include_str!("help/translate.txt");

pub fn translate(mut args: Args) -> Result<(), CliError> {
    if let Some(dir) = args.path("load")? {
        return loaded_translator(args, &dir);
    }
    let defaults = translation::Options::default();
    let language = match args.choice("to", &["ko", "en"], "ko")?.as_str() {
        "en" => numbers::Language::English,
        _ => numbers::Language::Korean,
    };
    let direction = translation::Direction {
        language,
        reverse: args.flag("reverse")?,
        digits: args.count("max-digits", 5, 1, numbers::MAX_DIGITS)?,
    };
    // At most 90% of the numbers there are (90,000 of 5 digits) train, and a million at most.
    let there_are = numbers::largest(direction.digits).saturating_add(1);
    let most = (there_are / 10 * 9).min(1_000_000) as usize;
    let train_size = args.count("train", defaults.train_size.min(most), 1, most)?;
    let held_default = defaults.held_out_size.min((there_are / 10).max(1) as usize);
    let held_out_size = args.count("held-out", held_default, 1, 10_000)?;
    if (train_size + held_out_size) as u64 > there_are {
        return Err(usage!(
            "rnn translate: --train {train_size} and --held-out {held_out_size} need more \
             numbers than the {there_are} of up to {} digits",
            direction.digits
        ));
    }
    let save_dir = args.path("save")?;
    let attention = args.flag("attention")?;
    let beam = args.count("beam", 1, 1, 64)?;
    let plot = args.output("plot")?;
    if plot.is_some() && !attention {
        return Err(CliError::Usage(
            "rnn translate: --plot draws where the attention looked: add --attention".into(),
        ));
    }
    let (training, quiet) = training_from(&mut args, defaults.training, train_size)?;
    let learning_rate = args.positive("lr", defaults.learning_rate)?;
    let text = args.optional::<String>("input", "text")?;
    let inputs = numbers_to_translate(direction, text.as_deref())?;
    args.finish()?;
    // An encoder and a decoder, each with a batch of up to 18 (4 a digit) tokens a thread.
    let needed = 2 * memory::sequence_training(
        training.cell,
        34,
        training.hidden,
        34,
        18.max(4 * direction.digits),
        training.batch,
        1,
        training.threads,
    );
    let _lock = super::saving::lock::<Seq2Seq<AnyCell>>("rnn translate", save_dir.as_deref())?;
    super::check_memory(
        "rnn translate",
        needed,
        "the encoder's and the decoder's weights and each thread's batch",
        "--hidden or --batch",
    )?;
    let options = translation::Options {
        training,
        train_size,
        held_out_size,
        learning_rate,
        attention,
        beam,
    };
    let mut progress = Progress::new(training.epochs as u64, "epochs", quiet);
    let report = translation::run(&options, direction, |e, l| {
        tick(&mut progress, e, l, "number")
    })
    .map_err(|e| failure!("rnn translate: {e}"))?;
    progress.finish();
    if !quiet {
        outln!(
            "{} {} → {}, Dh {}{}; held-out numbers (never seen in training):",
            training.cell.name(),
            if direction.reverse {
                language.name()
            } else {
                "digits"
            },
            if direction.reverse {
                "digits"
            } else {
                language.name()
            },
            training.hidden,
            match (attention, beam) {
                (true, 1) => ", with attention".to_string(),
                (false, 1) => String::new(),
                (true, k) => format!(", with attention, beam {k}"),
                (false, k) => format!(", beam {k}"),
            }
        )?;
        for (source, written, expected) in &report.examples {
            let mark = if written == expected { "✓" } else { "✗" };
            outln!("  {mark} {source}  →  {written}   (expected {expected})")?;
        }
    }
    translate_inputs(&report.model, direction, beam, &inputs)?;
    outln!("held-out exact translations: {:.3}", report.exact)?;
    if let Some(dir) = &save_dir {
        save_translator(dir, &report.model, &direction.code())
            .map_err(|e| failure!("rnn translate: {e}"))?;
        super::saving::saved(&mut progress, dir);
    }
    if let Some(path) = &plot {
        // Your first number, or else the first held-out one with the most digits.
        let digits = |n: &u64| n.to_string().len();
        let most = report.held_out.iter().map(digits).max();
        let longest = report.held_out.iter().find(|n| Some(digits(n)) == most);
        let shown = inputs.first().map(|(_, n)| *n).or(longest.copied());
        let n = shown.expect("at least one number is held out");
        plot_alignment(&report.model, direction, n, path)?;
    }
    Ok(())
}

/// `--input`: comma-separated numbers (or readings, reversed), each one the direction
/// reads; none without `--input`.
fn numbers_to_translate(
    direction: translation::Direction,
    text: Option<&str>,
) -> Result<Vec<(String, u64)>, CliError> {
    let items = text.into_iter().flat_map(|text| text.split(','));
    let parse = |item: &str| direction.parse(item).map(|n| (item.trim().to_string(), n));
    items
        .map(parse)
        .collect::<Result<_, _>>()
        .map_err(|e| usage!("rnn translate: --input: {e}"))
}

/// Each of your numbers translated, marked ✓ or ✗ against the rule's reading.
fn translate_inputs(
    model: &Seq2Seq<AnyCell>,
    direction: translation::Direction,
    beam: usize,
    inputs: &[(String, u64)],
) -> Result<(), CliError> {
    for (text, n) in inputs {
        let written = translation::translate(model, direction, *n, beam);
        let expected = direction.target(*n);
        let mark = if written == expected { "✓" } else { "✗" };
        outln!("  {mark} your input {text}  →  {written}   (expected {expected})")?;
    }
    Ok(())
}

/// Draws where the attention looked while the model translated `n` (`--plot`).
fn plot_alignment(
    model: &Seq2Seq<AnyCell>,
    direction: translation::Direction,
    n: u64,
    path: &Path,
) -> Result<(), CliError> {
    let (read, written, weights) = translation::alignment(model, direction, n)
        .ok_or_else(|| usage!("rnn translate: --plot: this model has no attention"))?;
    let title = format!("attention weights αₖ, translating {}", direction.source(n));
    let svg = heat_map::alignment(&title, &weights, &written, &read);
    write_atomically(path, svg.as_bytes()).map_err(|e| failure!("rnn translate: --plot: {e}"))?;
    errln!(
        "wrote the attention's alignment for {} to {}",
        direction.source(n),
        path.display()
    );
    Ok(())
}

/// `rnn translate --load DIR --input …`: a saved model translates your numbers, in the
/// direction it was trained for.
fn loaded_translator(mut args: Args, dir: &Path) -> Result<(), CliError> {
    let plot = args.output("plot")?;
    let beam = args.count("beam", 1, 1, 64)?;
    if let Some(flag) = ["to", "reverse", "held-out", "max-digits", "attention"]
        .into_iter()
        .find(|f| args.has(f))
    {
        return Err(usage!(
            "rnn translate: --{flag} is fixed by the saved model (--load): leave it out"
        ));
    }
    let text = args
        .optional::<String>("input", "text")?
        .unwrap_or_default();
    loaded(
        "rnn translate",
        args,
        &[],
        &text,
        "the numbers to translate, such as --input \"42, 20260\"",
    )?;
    let failure = |e: String| failure!("rnn translate: --load: {e}");
    let (model, code) = load_translator(dir).map_err(|e| failure(e.to_string()))?;
    let direction = translation::Direction::from_code(&code)
        .filter(|d| d.fits(&model))
        .ok_or_else(|| {
            failure(format!(
                "{}: the direction '{code}' is not one this model translates",
                dir.display()
            ))
        })?;
    if plot.is_some() && model.attention().is_none() {
        return Err(CliError::Usage(
            "rnn translate: --plot: this model has no attention".into(),
        ));
    }
    let numbers = numbers_to_translate(direction, Some(&text))?;
    translate_inputs(&model, direction, beam, &numbers)?;
    if let (Some(path), Some(&(_, n))) = (&plot, numbers.first()) {
        plot_alignment(&model, direction, n, path)?;
    }
    Ok(())
}

/// `rnn sentiment` on real reviews (see [`SENTIMENT_HELP`]).
fn real_reviews(mut args: Args) -> Result<(), CliError> {
    let failure = |e: &dyn std::fmt::Display| failure!("rnn sentiment: {e}");
    if args.has("language") {
        return Err(CliError::Usage(
            "rnn sentiment: --language chooses the generated reviews' language: add --generated \
             (the real reviews are Korean)"
                .into(),
        ));
    }
    let input = args.optional::<String>("input", "text")?;
    let explain = args.flag("explain")?;
    if explain && input.is_none() {
        return Err(CliError::Usage(
            "rnn sentiment: --explain shows how the model reads --input TEXT: give --input".into(),
        ));
    }
    if input.as_deref().is_some_and(|text| text.trim().is_empty()) {
        return Err(CliError::Usage(
            "rnn sentiment: --input is empty: give a review to read, such as --input \"이 영화 진짜 노잼\"".into(),
        ));
    }
    if let Some(dir) = args.path("load")? {
        return loaded_reviews(args, &dir, &input.unwrap_or_default(), explain);
    }
    let train_path = args.path("train")?;
    let test_path = args.path("test")?;
    let save_dir = args.path("save")?;
    let defaults = movie_reviews::Options::default();
    let batch_given = args.has("batch");
    let baselines = args.flag("baselines")?;
    let dropout = args.rate("dropout", defaults.dropout)?;
    let l2 = args.at_least_zero("l2", defaults.l2)?;
    let average = args.rate("average", defaults.average)?;
    let (mut training, learning_rate, quiet) =
        real_data_flags(args, defaults.training, defaults.learning_rate, usize::MAX)?;
    let _lock = super::saving::lock::<TwoWayClassifier>("rnn sentiment", save_dir.as_deref())?;
    let (mut train, mut test) = match &train_path {
        Some(path) => (reviews::read(path).map_err(|e| failure(&e))?, Vec::new()),
        None => {
            let mut all = reviews::sample();
            let test = all.split_off(reviews::SAMPLE_TRAIN);
            (all, test)
        }
    };
    if let Some(path) = &test_path {
        test = reviews::read(path).map_err(|e| failure(&e))?;
    } else if train_path.is_some() {
        test = last_tenth(&mut train);
    }
    check_split(&train, &test, "reviews").map_err(|e| failure(&e))?;
    fit_batch("rnn sentiment", &mut training, batch_given, train.len())?;
    let longest = train.iter().chain(&test).map(|r| r.text.chars().count());
    let needed = memory::sequence_training(
        training.cell,
        training.embedding.unwrap_or(64),
        training.hidden,
        2,
        longest.max().unwrap_or(1),
        training.batch,
        1,
        training.threads,
    ) + memory::text(train.iter().chain(&test).map(|r| r.text.len() as u64).sum());
    super::check_memory(
        "rnn sentiment",
        needed,
        "the reviews, the weights, and a batch of the longest review's states on each thread",
        "--batch, --hidden or --embedding, or leave out the longest reviews",
    )?;
    let options = movie_reviews::Options {
        training,
        learning_rate,
        baselines,
        dropout,
        l2,
        average,
        ..defaults
    };
    // Two readers, one after the other: the forward one's epochs, then the backward one's.
    let epochs = (training.epochs as u64, train.len() as u64);
    let readers = &["forward reader", "backward reader"];
    let mut progress = Progress::by_epoch(epochs, readers, "reviews", quiet);
    progress.message(&format!(
        "training two {}s (E {}, Dh {}), one reading forward, then one reading backward, on {} reviews, {} epoch{} each; then the bag of words{}",
        training.cell.name().to_uppercase(),
        training.embedding.unwrap_or(64),
        training.hidden,
        train.len(),
        training.epochs,
        if training.epochs == 1 { "" } else { "s" },
        if baselines {
            " and the syllable n-grams"
        } else {
            ""
        }
    ));
    let mut last_loss = String::new();
    let report = movie_reviews::run(&train, &test, &options, |event| match event {
        movie_reviews::Event::Batch {
            epoch,
            done,
            total,
            backward,
        } => {
            let epochs_before = epoch - 1 + if backward { training.epochs } else { 0 };
            progress.update((epochs_before * total + done) as u64, &last_loss);
        }
        movie_reviews::Event::Epoch {
            epoch,
            loss,
            backward,
        } => {
            let reader = if backward { "backward" } else { "forward" };
            last_loss =
                format!("{reader} reader's epoch {epoch}: mean loss {loss:.4} nats per review");
        }
        movie_reviews::Event::Baselines => progress.message(&format!(
            "scoring the held-out reviews, then training the bag of words{}",
            if baselines {
                " and the syllable n-grams (about 20 s on 135,000 reviews)"
            } else {
                ""
            }
        )),
    })
    .map_err(|e| failure(&e))?;
    progress.finish();
    let cell = training.cell.name();
    if !quiet {
        outln!(
            "{} reviews trained on, {} tokens (characters and pairs of characters, <unk> {:.2}% of the held-out text); bag of words: {} words{}",
            report.train_size,
            report.vocab_size,
            100.0 * report.unknown_share,
            report.words,
            match report.ngrams {
                Some((_, n)) => format!("; syllable 1-3-grams: {n}"),
                None => String::new(),
            }
        )?;
        outln!(
            "Held-out reviews, right (✓) and wrong (✗), with the {cell}'s probability of positive:"
        )?;
        for (text, positive, p) in &report.samples {
            let mark = if (*p > 0.5) == *positive {
                "✓"
            } else {
                "✗"
            };
            let label = if *positive { "positive" } else { "negative" };
            let shown: String = text.chars().take(50).collect();
            let cut = if shown.len() < text.len() { "…" } else { "" };
            outln!("  {mark} {p:.3}  {label}  {shown}{cut}")?;
        }
    }
    let ngrams = match report.ngrams {
        Some((accuracy, _)) => format!(", syllable 1-3-grams {accuracy:.3}"),
        None => String::new(),
    };
    outln!(
        "held-out accuracy on {} reviews: {cell} {:.3} (forward {:.3}, backward {:.3}), bag-of-words {:.3}{ngrams}",
        report.test_size,
        report.rnn,
        report.readers.0,
        report.readers.1,
        report.bag_of_words
    )?;
    let chance = 0.5; // the two labels are balanced
    let rate = (learning_rate, defaults.learning_rate);
    warn_if_not_better(report.rnn, chance + 0.05, "chance", rate.0, rate.1);
    if let Some(dir) = &save_dir {
        save_classifier(dir, &report.model, &report.tokens).map_err(|e| failure(&e))?;
        super::saving::saved(&mut progress, dir);
    }
    match &input {
        Some(text) => read_review(&report.model, &report.tokens, text, explain),
        None => Ok(()),
    }
}

/// `rnn sentiment --load DIR --input TEXT`: a saved model reads a review.
fn loaded_reviews(args: Args, dir: &Path, text: &str, explain: bool) -> Result<(), CliError> {
    loaded(
        "rnn sentiment",
        args,
        &["generated", "dropout", "l2", "average"],
        text,
        "the review to read",
    )?;
    let (model, tokens) =
        load_classifier(dir).map_err(|e| failure!("rnn sentiment: --load: {e}"))?;
    read_review(&model, &tokens, text, explain)
}

/// `--load DIR`: refuses the training flags (and `others`), reads the last flags, and
/// needs `--input TEXT` (`text`, here empty if not given; `what` says what it is).
fn loaded(
    command: &str,
    mut args: Args,
    others: &[&str],
    text: &str,
    what: &str,
) -> Result<(), CliError> {
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
    ];
    if let Some(flag) = training.iter().chain(others).find(|f| args.has(f)) {
        return Err(usage!(
            "{command}: --{flag} is for training; --load reads a model already trained: leave \
             out one of them"
        ));
    }
    let _ = (args.flag("quiet")?, args.threads()?);
    args.finish()?;
    match text.is_empty() {
        true => Err(usage!("{command}: --load needs --input TEXT, {what}")),
        false => Ok(()),
    }
}

/// The model's answer on `text`: with `explain`, each reader's probability of positive at
/// each character; then the last line, `positive 0.873` or `negative 0.127` (the two
/// readers' mean probability of positive).
fn read_review(
    model: &TwoWayClassifier,
    tokens: &Vocabulary<String>,
    text: &str,
    explain: bool,
) -> Result<(), CliError> {
    let known = |c: &char| {
        !c.is_whitespace()
            && tokens
                .index_of(c.to_string().as_str())
                .is_some_and(|id| id > 0)
    };
    if !text.chars().any(|c| known(&c)) {
        return Err(usage!(
            "rnn sentiment: --input {}: none of its characters is one the model learned \
             (each would be read as <unk>)",
            super::args::quoted(text)
        ));
    }
    let (read, p) =
        movie_reviews::explain(model, tokens, text).map_err(|e| failure!("rnn sentiment: {e}"))?;
    if explain {
        outln!(
            "The probability of positive read forward up to each character (→) and backward \
             from the end down to it (←); the answer is the mean of → at the last and ← at the \
             first (<unk>: not a token):"
        )?;
        let bar = |p: f64| "█".repeat((p * 10.0).round() as usize);
        for &(c, ahead, behind) in &read {
            let shown = if c == ' ' { '␣' } else { c };
            let pad = if display_width(shown) == 1 { " " } else { "" };
            let unknown = if c == ' ' || known(&c) { "" } else { "  <unk>" };
            let (a, b) = (bar(ahead), bar(behind));
            outln!("  {shown}{pad}  → {ahead:.3} {a:<10}|  ← {behind:.3} {b:<10}|{unknown}")?;
        }
    }
    outln!("{} {p:.3}", if p > 0.5 { "positive" } else { "negative" })
}

/// `rnn caption` on real digits (see [`CAPTION_HELP`]).
fn digit_captions(mut args: Args) -> Result<(), CliError> {
    let failure = |e: &dyn std::fmt::Display| failure!("rnn caption: {e}");
    let digits_path = args.path("digits")?;
    let language = match args.choice("language", &["ko", "en"], "ko")?.as_str() {
        "en" => numbers::Language::English,
        _ => numbers::Language::Korean,
    };
    let defaults = digit_captions::Options::default();
    let train_pictures = args.count("train", defaults.train_pictures, 1, 1_000_000)?;
    let layers = args.count("layers", defaults.layers, 1, 4)?;
    let held_out_pictures = args.count("held-out", defaults.held_out_pictures, 1, 100_000)?;
    let (training, learning_rate, quiet) = real_data_flags(
        args,
        defaults.training,
        defaults.learning_rate,
        train_pictures,
    )?;
    // Each training picture is kept as its caption's inputs (up to 18 steps of the picture
    // and the previous token); then each thread's batch through `layers` layers.
    let pictures = (train_pictures + held_out_pictures) as u128;
    let needed = 8 * pictures * 18 * (digit_captions::PIXELS as u128 + 32)
        + 2 * memory::sequence_training(
            training.cell,
            digit_captions::PIXELS,
            training.hidden,
            32,
            18,
            training.batch,
            layers,
            training.threads,
        );
    super::check_memory(
        "rnn caption",
        needed,
        "the pictures, the weights and each thread's batch of captions",
        "--train, --hidden, --layers or --batch",
    )?;
    let digits = match digits_path {
        Some(path) => digits::read(&path).map_err(|e| failure(&e))?,
        None => {
            digits::parse(digits::DIGITS, "docs/data/digits/digits.csv").map_err(|e| failure(&e))?
        }
    };
    let options = digit_captions::Options {
        training,
        language,
        train_pictures,
        held_out_pictures,
        learning_rate,
        layers,
    };
    let epochs = (training.epochs as u64, train_pictures as u64);
    let mut first = Progress::by_epoch(epochs, &[], "pictures", quiet);
    first.message(&format!(
        "training a captioner ({layers} {} layer{}, Dh {}) on {train_pictures} pictures, {} \
         epoch{}; drawing the pictures first",
        training.cell.name().to_uppercase(),
        if layers == 1 { "" } else { "s" },
        training.hidden,
        training.epochs,
        if training.epochs == 1 { "" } else { "s" }
    ));
    let progress = std::cell::RefCell::new(first);
    let last_loss = std::cell::RefCell::new(String::new());
    let report = digit_captions::run(
        &digits,
        &options,
        |epoch, done| {
            let at = ((epoch - 1) * train_pictures + done) as u64;
            progress.borrow_mut().update(at, &last_loss.borrow());
        },
        |epoch, loss| {
            *last_loss.borrow_mut() =
                format!("epoch {epoch}'s mean loss {loss:.4} nats per caption")
        },
    )
    .map_err(|e| failure(&e))?;
    let mut progress = progress.into_inner();
    progress.finish();
    if !quiet {
        outln!("held-out pictures (handwriting never seen in training):")?;
        for (art, written, truth) in &report.examples {
            let mark = if written == truth { "✓" } else { "✗" };
            for (k, line) in art.iter().enumerate() {
                let note = match k {
                    3 => format!("{mark} written: {written}"),
                    4 => format!("  true:    {truth}"),
                    _ => String::new(),
                };
                outln!("  |{line:<24}|  {note}")?;
            }
            outln!()?;
        }
    }
    outln!("held-out exact captions: {:.3}", report.exact)?;
    Ok(())
}

/// `rnn tagger --train FILE.conllu` (see [`TAGGER_HELP`]).
fn treebank_tagger(mut args: Args) -> Result<(), CliError> {
    let failure = |e: &dyn std::fmt::Display| failure!("rnn tagger: {e}");
    args.flag("bidirectional")?; // the treebank tagger always reads both ways
    let input = args.optional::<String>("input", "text")?;
    if input.as_deref().is_some_and(|text| text.trim().is_empty()) {
        return Err(CliError::Usage(
            "rnn tagger: --input is empty: give a sentence to tag, such as --input \"나는 학교에 간다\"".into(),
        ));
    }
    if let Some(dir) = args.path("load")? {
        let text = input.unwrap_or_default();
        let others = ["dropout", "l2"];
        loaded("rnn tagger", args, &others, &text, "the sentence to tag")?;
        let (weights, pieces, tags) =
            load_tagger(&dir).map_err(|e| failure(&format!("--load: {e}")))?;
        let tagger = TrainedTagger::new(weights, pieces, tags).map_err(|e| failure(&e))?;
        return tag_sentence(&tagger, &text);
    }
    let Some(train_path) = args.path("train")? else {
        return Err(CliError::Usage(
            "rnn tagger: --test needs --train FILE.conllu (the sentences to learn from)".into(),
        ));
    };
    let test_path = args.path("test")?;
    let save_dir = args.path("save")?;
    let defaults = treebank::Options::default();
    let batch_given = args.has("batch");
    let baselines = args.flag("baselines")?;
    let dropout = args.rate("dropout", defaults.dropout)?;
    let l2 = args.at_least_zero("l2", defaults.l2)?;
    let (mut training, learning_rate, quiet) =
        real_data_flags(args, defaults.training, defaults.learning_rate, usize::MAX)?;
    let _lock = super::saving::lock::<PieceTagger>("rnn tagger", save_dir.as_deref())?;
    let mut train = conllu::read(&train_path).map_err(|e| failure(&e))?;
    let test = match test_path {
        Some(path) => conllu::read(&path).map_err(|e| failure(&e))?,
        None => last_tenth(&mut train),
    };
    check_split(&train, &test, "sentences").map_err(|e| failure(&e))?;
    fit_batch("rnn tagger", &mut training, batch_given, train.len())?;
    let longest = train.iter().chain(&test).map(|s| s.words.len());
    let words: usize = train.iter().map(|s| s.words.len()).sum();
    let e = training.embedding.unwrap_or(64);
    let needed = memory::sequence_training(
        training.cell,
        e,
        2 * training.hidden, // both directions
        17,
        longest.max().unwrap_or(1),
        training.batch,
        1,
        training.threads,
    ) + 8 * 3 * (8 * words as u128 * e as u128); // the pieces' table, its gradient and Adam's
    super::check_memory(
        "rnn tagger",
        needed,
        "the word pieces' table, the weights, and a batch of the longest sentence's states",
        "--batch, --hidden or --embedding",
    )?;
    let options = treebank::Options {
        training,
        learning_rate,
        baselines,
        dropout,
        l2,
    };
    let mut progress = Progress::new(training.epochs as u64, "epochs", quiet);
    let report = treebank::run(&train, &test, &options, |e, l| {
        tick(&mut progress, e, l, "sentence")
    })
    .map_err(|e| failure(&e))?;
    progress.finish();
    if !quiet {
        outln!(
            "{} words scored, {:.1}% never seen in training: on those, tagger {:.3}, baseline {:.3} ({} word pieces learned)",
            report.test_words,
            100.0 * report.unseen_share,
            report.unseen_accuracy,
            report.unseen_baseline,
            report.pieces
        )?;
        outln!("Held-out sentences (a wrong tag is shown as tagger✗true):")?;
        for (words, truth, said) in &report.samples {
            let right = truth == said;
            let tagged: Vec<String> = words
                .iter()
                .zip(truth.iter().zip(said))
                .map(|(w, (t, s))| match t == s {
                    true => format!("{w}/{s}"),
                    false => format!("{w}/{s}✗{t}"),
                })
                .collect();
            outln!("  {} {}", if right { "✓" } else { "✗" }, tagged.join(" "))?;
        }
    }
    let features = match report.features {
        Some(accuracy) => format!(", feature baseline: {accuracy:.3}"),
        None => String::new(),
    };
    outln!(
        "held-out token accuracy: {:.3}, most-frequent-tag baseline: {:.3}{features}",
        report.accuracy,
        report.baseline
    )?;
    let what = "the most-frequent-tag baseline";
    let rate = (learning_rate, defaults.learning_rate);
    warn_if_not_better(report.accuracy, report.baseline, what, rate.0, rate.1);
    if let Some(dir) = &save_dir {
        let (weights, pieces, tags) = report.tagger.parts();
        save_tagger(dir, weights, pieces, tags).map_err(|e| failure(&e))?;
        super::saving::saved(&mut progress, dir);
    }
    match input {
        Some(text) => tag_sentence(&report.tagger, &text),
        None => Ok(()),
    }
}

/// `text`'s words (split at spaces), each with its tag, as one line: `나는/PRON 간다/VERB`.
fn tag_sentence(tagger: &TrainedTagger, text: &str) -> Result<(), CliError> {
    let words: Vec<String> = text.split_whitespace().map(String::from).collect();
    let tags = tagger
        .tag(&words)
        .map_err(|e| failure!("rnn tagger: {e}"))?;
    let tagged: Vec<String> = words
        .iter()
        .zip(&tags)
        .map(|(w, t)| format!("{w}/{t}"))
        .collect();
    outln!("{}", tagged.join(" "))
}

/// The last 10% of a training file, split off as its held-out part (`--train` without
/// `--test`).
fn last_tenth<T>(train: &mut Vec<T>) -> Vec<T> {
    train.split_off(train.len() - train.len() / 10)
}

/// Refuses a training or held-out part with nothing in it.
fn check_split<T>(train: &[T], test: &[T], what: &str) -> Result<(), String> {
    if train.is_empty() || test.is_empty() {
        return Err(format!("there are too few {what} to train on and to score"));
    }
    Ok(())
}
