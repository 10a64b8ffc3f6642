//! `rnn sentiment`, `rnn tagger`, `rnn caption`: the notes' three shapes of use, trained.

use super::args::{Args, UsageError};
use super::progress::Progress;
use rnn_from_scratch::tasks::sentiment::{self, Language};
use rnn_from_scratch::train::char_rnn::OptimizerKind;
use rnn_from_scratch::train::{Cell, FitOptions};
use rnn_from_scratch::{GruCell, Init, LstmCell, Mt19937};

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
    cell: String,
    hidden: usize,
    epochs: usize,
    seed: u32,
    quiet: bool,
}

fn common(args: &mut Args, epochs: usize) -> Result<Common, UsageError> {
    Ok(Common {
        cell: args.choice("cell", &["rnn", "lstm", "gru"], "rnn")?,
        hidden: args.count("hidden", 16, 1, 1024)?,
        epochs: args.count("epochs", epochs, 1, 100_000)?,
        seed: args.value("seed", "a whole number from 0 to 4294967295", 0)?,
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

/// Runs `task` with the cell named on the command line.
macro_rules! with_cell {
    ($common:expr, $d:expr, $rng:expr, |$cell:ident| $task:expr) => {
        match $common.cell.as_str() {
            "lstm" => {
                let $cell = LstmCell::init($d, $common.hidden, $rng);
                $task
            }
            "gru" => {
                let $cell = GruCell::init($d, $common.hidden, $rng);
                $task
            }
            _ => {
                let $cell = Init::PyTorch.cell($d, $common.hidden, $rng);
                $task
            }
        }
    };
}

fn epoch_progress(total: usize, quiet: bool) -> (Progress, impl FnMut(&mut Progress, usize, f64)) {
    (
        Progress::new(total as u64, quiet),
        |p: &mut Progress, epoch: usize, loss: f64| {
            p.update(epoch as u64, &format!("epoch loss {loss:.4}"))
        },
    )
}

pub fn sentiment(mut args: Args) -> Result<(), UsageError> {
    let language = match args.choice("language", &["en", "ko"], "en")?.as_str() {
        "ko" => Language::Korean,
        _ => Language::English,
    };
    let common = common(&mut args, 40)?;
    args.finish()?;
    let vocab_size = {
        let lists: Vec<Vec<String>> = sentiment::sentences(language)
            .into_iter()
            .map(|s| s.tokens)
            .collect();
        rnn_from_scratch::tasks::WordVocabulary::from_sentences(&lists).len()
    };
    let (mut progress, mut tick) = epoch_progress(common.epochs, common.quiet);
    let mut rng = Mt19937::new(common.seed);
    let report = with_cell!(common, vocab_size, &mut rng, |cell| {
        sentiment::run(
            cell,
            language,
            &options(common.epochs),
            common.seed,
            |e, l| tick(&mut progress, e, l),
        )
    })
    .map_err(|e| UsageError(format!("rnn sentiment: {e}")))?;
    progress.finish();
    if !common.quiet {
        println!(
            "{} held-out sentences. Plain ones: rnn {:.3}, bag-of-words {:.3}. Some negated ones:",
            report.test_size, report.rnn_plain, report.bag_of_words_plain
        );
        let label = |p: bool| if p { "positive" } else { "negative" };
        for (text, truth, rnn, bag) in &report.samples {
            println!(
                "  {text:<32} {:<9} rnn: {:<9} bag-of-words: {}",
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

#[allow(dead_code)]
fn _uses(c: &impl Cell) -> usize {
    c.hidden_size()
}
