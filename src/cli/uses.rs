//! `rnn sentiment`, `rnn tagger`, `rnn caption`: the notes' three shapes of use, trained.

use super::args::{Args, CliError};
use super::progress::Progress;
use rnn_from_scratch::cells::{Bidirectional, CellKind, Stacked};
use rnn_from_scratch::programs::uses::sentiment::{self, Language};
use rnn_from_scratch::programs::uses::{captioning, tagging};
use rnn_from_scratch::train::{FitOptions, OptimizerKind};
use rnn_from_scratch::{Mt19937, ShapeError};

pub const SENTIMENT_HELP: &str = "\
rnn sentiment: many-to-one (다 대 일), sentiment classification of generated reviews

Reviews like \"the movie is not bad\" or \"영화가 재미있지 않다\": negation flips the label,
so word order matters. A recurrent classifier (last hidden state → softmax) is compared
with a bag-of-words baseline on 30% held-out sentences, negated and plain.

usage: rnn sentiment [--language en|ko] [--cell rnn|lstm|gru] [--hidden 16] [--epochs 40]
                     [--seed 0] [--quiet]

The last line is
`held-out accuracy: rnn <a>, bag-of-words <b>; negated: rnn <c>, bag-of-words <d>`.
";

/// Options shared by the three programs.
struct Common {
    cell: CellKind,
    hidden: usize,
    epochs: usize,
    seed: u32,
    quiet: bool,
}

fn common(args: &mut Args, epochs: usize) -> Result<Common, CliError> {
    Ok(Common {
        cell: args.cell()?,
        hidden: args.count("hidden", 16, 1, 1024)?,
        epochs: args.count("epochs", epochs, 1, 100_000)?,
        seed: args.seed()?,
        quiet: args.flag("quiet")?,
    })
}

fn options(epochs: usize) -> FitOptions {
    FitOptions {
        epochs,
        batch: 8,
        optimizer: OptimizerKind::Adam,
        learning_rate: 0.01,
        clip: 5.0,
    }
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
    let common = common(&mut args, 40)?;
    args.finish()?;
    let vocab_size = sentiment::vocabulary(language).len();
    let mut progress = Progress::new(common.epochs as u64, "epochs", common.quiet);
    let cell = common
        .cell
        .build(vocab_size, common.hidden, &mut Mt19937::new(common.seed));
    let report = sentiment::run(
        cell,
        language,
        &options(common.epochs),
        common.seed,
        |e, l| tick(&mut progress, e, l),
    )
    .map_err(|e| CliError::Failure(format!("rnn sentiment: {e}")))?;
    progress.finish();
    if !common.quiet {
        println!(
            "{} held-out sentences. Plain ones: rnn {:.3}, bag-of-words {:.3}. Some negated ones:",
            report.test_size, report.rnn_plain, report.bag_of_words_plain
        );
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
            println!(
                "  {text}{pad}{:<9} rnn: {:<9} bag-of-words: {}",
                label(*truth),
                label(*rnn),
                label(*bag)
            );
        }
    }
    println!(
        "held-out accuracy: rnn {:.3}, bag-of-words {:.3}; negated: rnn {:.3}, bag-of-words {:.3}",
        report.rnn, report.bag_of_words, report.rnn_negated, report.bag_of_words_negated
    );
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
                  [--epochs 15] [--seed 0] [--quiet]

The last line is `held-out token accuracy: <a>, most-frequent-tag baseline: <b>`.
";

pub fn tagger(mut args: Args) -> Result<(), CliError> {
    let bidirectional = args.flag("bidirectional")?;
    let layers = args.count("layers", 1, 1, 8)?;
    let common = common(&mut args, 15)?;
    args.finish()?;
    let mut progress = Progress::new(common.epochs as u64, "epochs", common.quiet);
    let mut rng = Mt19937::new(common.seed);
    let opts = options(common.epochs);
    let to_error = |e: ShapeError| CliError::Failure(format!("rnn tagger: {e}"));
    let fresh = |d: usize, rng: &mut Mt19937| common.cell.build(d, common.hidden, rng);
    // Layer 1 reads the words; each layer above reads the hidden states below (2·Dh of
    // them when bidirectional).
    let mut d = tagging::vocabulary().len();
    let tick = |e, l| tick(&mut progress, e, l);
    let report = if bidirectional {
        let mut stack = Vec::new();
        for _ in 0..layers {
            let forward = fresh(d, &mut rng);
            stack.push(Bidirectional::new(forward, fresh(d, &mut rng)).map_err(to_error)?);
            d = 2 * common.hidden;
        }
        tagging::run(
            Stacked::new(stack).map_err(to_error)?,
            &opts,
            common.seed,
            tick,
        )
    } else {
        let mut stack = Vec::new();
        for _ in 0..layers {
            stack.push(fresh(d, &mut rng));
            d = common.hidden;
        }
        tagging::run(
            Stacked::new(stack).map_err(to_error)?,
            &opts,
            common.seed,
            tick,
        )
    }
    .map_err(|e| CliError::Failure(format!("rnn tagger: {e}")))?;
    progress.finish();
    if !common.quiet {
        println!(
            "{} tagger, {layers} layer{}; on the ambiguous words alone: {:.3}. Sentences that start with one:",
            if bidirectional {
                "bidirectional"
            } else {
                "left-to-right"
            },
            if layers == 1 { "" } else { "s" },
            report.ambiguous_accuracy
        );
        for (words, tags, predicted) in &report.samples {
            let show = |t: &[usize]| {
                t.iter()
                    .map(|&t| tagging::TAGS[t])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            println!(
                "  {:<28} true: {:<26} predicted: {}",
                words.join(" "),
                show(tags),
                show(predicted)
            );
        }
    }
    println!(
        "held-out token accuracy: {:.3}, most-frequent-tag baseline: {:.3}",
        report.accuracy, report.baseline
    );
    Ok(())
}

pub const CAPTION_HELP: &str = "\
rnn caption: one-to-many (일 대 다), image captioning (이미지 캡셔닝) of tiny images

An image is 8 features (big/small, red/green/blue, circle/square/triangle); its caption
is \"a big red circle\". The image is the input at step 1; then the model writes one
word per step, each fed back, until <end>. 14 images train it; the 4 held out are
combinations it has never seen.

usage: rnn caption [--cell rnn|lstm|gru] [--hidden 16] [--epochs 300] [--seed 0] [--quiet]

The last line is `held-out exact captions: <a>`.
";

pub fn caption(mut args: Args) -> Result<(), CliError> {
    let common = common(&mut args, 300)?;
    args.finish()?;
    let mut progress = Progress::new(common.epochs as u64, "epochs", common.quiet);
    let d = captioning::FEATURES + captioning::vocabulary().len();
    let cell = common
        .cell
        .build(d, common.hidden, &mut Mt19937::new(common.seed));
    let opts = FitOptions {
        batch: 2,
        ..options(common.epochs)
    };
    let report = captioning::run(cell, &opts, common.seed, |e, l| tick(&mut progress, e, l))
        .map_err(|e| CliError::Failure(format!("rnn caption: {e}")))?;
    progress.finish();
    if !common.quiet {
        println!(
            "training images captioned exactly: {:.3}. Held-out images:",
            report.train_exact
        );
        for (truth, written) in &report.held_out {
            let mark = if truth == written { "✓" } else { "✗" };
            println!("  {mark} true: {truth:<24} written: {written}");
        }
    }
    println!("held-out exact captions: {:.3}", report.exact);
    Ok(())
}
