//! `rnn sentiment`, `rnn tagger`, `rnn caption`: the notes' three shapes of use, trained.

use super::args::{Args, CliError};
use super::output::outln;
use super::progress::Progress;
use rnn_from_scratch::programs::uses::sentiment::{self, Language};
use rnn_from_scratch::programs::uses::tagging::{self, Reading};
use rnn_from_scratch::programs::uses::{Training, captioning, numbers, translation};

pub const SENTIMENT_HELP: &str = "\
rnn sentiment: many-to-one (다 대 일), sentiment classification of generated reviews

Reviews like \"the movie is not bad\" or \"영화가 재미있지 않다\": negation flips the label,
so word order matters. A recurrent classifier (last hidden state → softmax) is compared
with a bag-of-words baseline on 30% held-out sentences, negated and plain.

usage: rnn sentiment [--language en|ko] [--cell rnn|lstm|gru] [--hidden 16] [--epochs 40]
                     [--embedding E] [--batch 8] [--seed 0] [--threads N] [--quiet]

--embedding E gives every word a row of E learned values (an embedding, 임베딩) instead
of a one-hot vector of the vocabulary's size, and trains through the batched path: each
mini-batch of --batch B reviews runs as one matrix product per step, reviews of one
length together (length buckets), chunks of 16 shared by --threads N threads.

The last line is
`held-out accuracy: <cell> <a>, bag-of-words <b>; negated: <cell> <c>, bag-of-words <d>`,
where <cell> is rnn, lstm or gru, the one trained.
";

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
    let training = Training {
        cell: args.cell_or(defaults.cell)?,
        hidden: args.count("hidden", defaults.hidden, 1, 1024)?,
        epochs: args.count("epochs", defaults.epochs, 1, 100_000)?,
        seed: args.seed()?,
        threads: args.threads()?,
        batch: args.count("batch", defaults.batch, 1, examples)?,
        embedding: None,
    };
    Ok((training, args.flag("quiet")?))
}

/// `--embedding E`: words through a V×E table instead of one-hot vectors.
fn embedding(args: &mut Args) -> Result<Option<usize>, CliError> {
    args.optional_count("embedding", 1, 1024)
}

/// Progress after each epoch.
fn tick(progress: &mut Progress, epoch: usize, loss: f64) {
    progress.update(epoch as u64, &format!("mean loss {loss:.4}"));
}

pub fn sentiment(mut args: Args) -> Result<(), CliError> {
    let language = match args.choice("language", &["en", "ko"], "en")?.as_str() {
        "ko" => Language::Korean,
        _ => Language::English,
    };
    let (mut training, quiet) = training(&mut args, 40, sentiment::training_size(language))?;
    training.embedding = embedding(&mut args)?;
    args.finish()?;
    let cell = training.cell.name();
    let mut progress = Progress::new(training.epochs as u64, "epochs", quiet);
    let report = sentiment::program(&training, language, |e, l| tick(&mut progress, e, l))
        .map_err(|e| CliError::Failure(format!("rnn sentiment: {e}")))?;
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
            let width: usize = text
                .chars()
                .map(|c| {
                    if ('\u{1100}'..='\u{D7A3}').contains(&c) {
                        2
                    } else {
                        1
                    }
                })
                .sum();
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

pub const TAGGER_HELP: &str = "\
rnn tagger: many-to-many (다 대 다), part-of-speech tagging (품사 태깅) of generated sentences

Sentences like \"the duck saw the plant\" / \"they saw the duck\", where fish, duck, saw,
plant, water, light, book and can are nouns or verbs depending on their neighbours. A
softmax over six tags at every step; compared with tagging each word with its most
frequent tag. --bidirectional reads each sentence both ways (Dh per direction);
--layers N stacks N recurrent layers, each reading the hidden states of the one below.

usage: rnn tagger [--bidirectional] [--layers 1] [--cell rnn|lstm|gru] [--hidden 16]
                  [--epochs 15] [--embedding E] [--batch 8] [--seed 0] [--threads N]
                  [--quiet]

The last line is `held-out token accuracy: <a>, most-frequent-tag baseline: <b>`.
";

pub fn tagger(mut args: Args) -> Result<(), CliError> {
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
    let report = tagging::program(&training, reading, |e, l| tick(&mut progress, e, l))
        .map_err(|e| CliError::Failure(format!("rnn tagger: {e}")))?;
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

pub const CAPTION_HELP: &str = "\
rnn caption: one-to-many (일 대 다), image captioning (이미지 캡셔닝) of tiny images

An image is 8 features (big/small, red/green/blue, circle/square/triangle); its caption
is \"a big red circle\". The image is the input at step 1; then the model writes one
word per step, each fed back, until <end>. 14 images train it; the 4 held out are
combinations it has never seen.

usage: rnn caption [--cell rnn|lstm|gru] [--hidden 16] [--epochs 300] [--batch 8]
                   [--seed 0] [--threads N] [--quiet]

--threads N (default: every core) shares each mini-batch's examples between N threads;
the figures are the same for any N.

The last line is `held-out exact captions: <a>`.
";

pub fn caption(mut args: Args) -> Result<(), CliError> {
    let (training, quiet) = training(&mut args, 300, captioning::training_size())?;
    args.finish()?;
    let mut progress = Progress::new(training.epochs as u64, "epochs", quiet);
    let report = captioning::program(&training, |e, l| tick(&mut progress, e, l))
        .map_err(|e| CliError::Failure(format!("rnn caption: {e}")))?;
    progress.finish();
    if !quiet {
        outln!(
            "training images captioned exactly: {:.3}. Held-out images:",
            report.train_exact
        )?;
        for (truth, written) in &report.held_out {
            let mark = if truth == written { "✓" } else { "✗" };
            outln!("  {mark} true: {truth:<24} written: {written}")?;
        }
    }
    outln!("held-out exact captions: {:.3}", report.exact)?;
    Ok(())
}

pub const TRANSLATE_HELP: &str = "\
rnn translate: input and output of different lengths (encoder–decoder, 시퀀스-투-시퀀스)

An encoder reads a number's digits; its last hidden state starts a decoder, which writes
the number's reading one token per step until <end>: 20260 → 이만이백육십 (Sino-Korean
numerals, by syllable), or with --to en, twenty thousand two hundred sixty (by word).
--reverse translates the reading back into digits. Trained with teacher forcing on
--train numbers from 0 to 99,999, scored by greedy decoding on --held-out others never
seen in training.

usage: rnn translate [--to ko|en] [--reverse] [--cell rnn|lstm|gru] [--hidden 64]
                     [--epochs 12] [--batch 32] [--train 12000] [--held-out 1000]
                     [--seed 0] [--threads N] [--input \"TEXT, TEXT\"] [--quiet]

--input translates your own numbers (or readings, with --reverse) after training,
comma-separated: --input \"20260, 7\" or --reverse --input \"이만이백육십, 칠\".

The last line is `held-out exact translations: <a>`.
";

pub fn translate(mut args: Args) -> Result<(), CliError> {
    let defaults = translation::Options::default();
    let language = match args.choice("to", &["ko", "en"], "ko")?.as_str() {
        "en" => numbers::Language::English,
        _ => numbers::Language::Korean,
    };
    let direction = translation::Direction {
        language,
        reverse: args.flag("reverse")?,
    };
    let train_size = args.count("train", defaults.train_size, 1, 90_000)?;
    let held_out_size = args.count("held-out", defaults.held_out_size, 1, 10_000)?;
    let (training, quiet) = training_from(&mut args, defaults.training, train_size)?;
    let inputs: Vec<(String, u32)> = match args.optional::<String>("input", "text")? {
        None => Vec::new(),
        Some(text) => text
            .split(',')
            .map(|item| {
                direction
                    .parse(item)
                    .map(|n| (item.trim().to_string(), n))
                    .map_err(|e| CliError::Usage(format!("rnn translate: --input: {e}")))
            })
            .collect::<Result<_, _>>()?,
    };
    args.finish()?;
    let options = translation::Options {
        training,
        train_size,
        held_out_size,
    };
    let mut progress = Progress::new(training.epochs as u64, "epochs", quiet);
    let report = translation::run(&options, direction, |e, l| tick(&mut progress, e, l))
        .map_err(|e| CliError::Failure(format!("rnn translate: {e}")))?;
    progress.finish();
    if !quiet {
        outln!(
            "{} {} → {}, Dh {}; held-out numbers (never seen in training):",
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
            training.hidden
        )?;
        for (source, written, expected) in &report.examples {
            let mark = if written == expected { "✓" } else { "✗" };
            outln!("  {mark} {source}  →  {written}   (expected {expected})")?;
        }
    }
    for (text, n) in &inputs {
        let written = report.translate(*n);
        let expected = direction.target(*n);
        let mark = if written == expected { "✓" } else { "✗" };
        outln!("  {mark} your input {text}  →  {written}   (expected {expected})")?;
    }
    outln!("held-out exact translations: {:.3}", report.exact)?;
    Ok(())
}
