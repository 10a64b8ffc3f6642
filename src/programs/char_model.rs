//! `rnn char-rnn train`: min-char-rnn's training loop, for any cell, on several streams of
//! text at once.
//!
//! The text is cut into chunks of `seq_len` characters; each chunk is one step of
//! truncated backpropagation through time, predicting every next character, with the
//! hidden state carried from chunk to chunk and reset at each new pass over the text. The
//! loss is smoothed as min-char-rnn smooths it (0.999·old + 0.001·new), starting from
//! ln V per character, what a model that knows nothing scores.
//!
//! **Streams.** min-char-rnn reads its text from start to end, one chunk a step: each step
//! waits for the one before. With [`Options::batch`] = B the text is cut into B equal
//! parts read side by side (d2l.ai calls it sequential partitioning): each step takes the
//! next chunk of every part, each part carrying its own state, and follows the mean of
//! their gradients. The B chunks of a step are one mini-batch of B rows of token ids, so
//! each time step of the cell is one `B×Dh · Dh×Dh` product instead of B products of one
//! row: the weights, which a step is bound by reading, are read once for all B. The
//! training goes through the crate's one loop ([`fit_with`]): the B streams are its
//! examples, each of its epochs one step over a batch of all of them, each stream's state
//! carried from chunk to chunk by the closure that gives the loop each batch's gradients,
//! every gradient value clipped to ±5 ([`Clip::Values`]). A step reads B chunks, so it
//! learns from B times the text; `rnn char-rnn train` reads 2 streams by default, and
//! `--batch 1` is min-char-rnn's loop exactly, the one the numpy and PyTorch comparisons
//! run.

use crate::cells::{AnyCell, Cell, CellKind, CharModel, Parameters, one_hot};
use crate::io::data::DataError;
use crate::io::save::Saved;
use crate::io::svg::Plot;
use crate::io::text::Vocabulary;
use crate::linalg::Mt19937;
use crate::linalg::elementary::ln;
use crate::programs::memory;
use crate::programs::uses::frame::Need;
use crate::train::{Batches, Clip, Example, FitOptions, Input, OptimizerKind};
use crate::train::{SequenceGradients, TrainError, diverged, fit_with, in_chunks};
use std::path::Path;

/// What to train. [`Options::default`] is `rnn char-rnn train` without flags: min-char-rnn's
/// sizes, 2 streams, every core.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::char_model::Options;
/// let options = Options::default();
/// assert_eq!((options.hidden, options.seq_len, options.iters), (100, 25, 20_000)); // min-char-rnn's
/// assert_eq!(options.batch, 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Which cell.
    pub cell: CellKind,
    /// Dh.
    pub hidden: usize,
    /// Characters per chunk of truncated BPTT.
    pub seq_len: usize,
    /// The optimiser's learning rate.
    pub learning_rate: f64,
    /// The update rule.
    pub optimizer: OptimizerKind,
    /// Training steps, each one chunk of every stream.
    pub iters: u64,
    /// The seed of the initial weights (and, plus one, of the samples).
    pub seed: u32,
    /// Every gradient value is clipped to [−clip, clip].
    pub clip: f64,
    /// A [`Event::Checkpoint`] every this many steps (0: only at the end).
    pub sample_every: u64,
    /// The share of the text held out at its end (0: none): never trained on, its loss
    /// measured at every checkpoint, to see when the model starts to memorise.
    pub validate: f64,
    /// Streams of text read side by side, B (1: min-char-rnn's loop). The training text
    /// is cut into B equal parts; each step takes the next chunk of every part, as one
    /// batch, and follows their mean gradient (the module's docs say more).
    pub batch: usize,
    /// Threads that share the streams, in chunks of 16 (as [`fit`](crate::train::fit)
    /// shares a mini-batch's examples; up to 16 streams are one batched pass on one
    /// thread). The result does not depend on it, bit for bit.
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            cell: CellKind::Rnn,
            hidden: 100,
            seq_len: 25,
            learning_rate: 0.1,
            optimizer: OptimizerKind::Adagrad,
            iters: 20_000,
            seed: 0,
            clip: 5.0,
            sample_every: 2000,
            validate: 0.0,
            batch: 2,
            threads: crate::train::threads::available(),
        }
    }
}

impl Options {
    /// What training holds in memory ([`Need`]) on a text of `bytes` bytes and V = `v`
    /// characters: the text, the weights, their gradients and a chunk's caches.
    pub fn memory(&self, v: usize, bytes: usize) -> Need {
        let model = memory::char_training(self.cell, v, self.hidden, self.seq_len, self.batch);
        let bytes = model + memory::text(bytes as u64);
        let what = "the text, the weights, their gradients and a chunk's caches";
        (bytes, what, "--hidden, --seq-len or --batch")
    }
}

/// What happens during training, for the caller to show or act on.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::char_model::{train, Event, Options};
///
/// let data = [0, 1, 2].repeat(20);
/// let options = Options { hidden: 4, seq_len: 5, iters: 10, sample_every: 5, ..Options::default() };
/// let mut checkpoints = 0;
/// train(&data, 3, &options, |event| {
///     if let Event::Checkpoint { sample, .. } = event {
///         assert_eq!(sample.len(), 201); // the prompt, then 200 characters
///         checkpoints += 1;
///     }
///     Ok(())
/// })?;
/// assert_eq!(checkpoints, 2);
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
#[derive(Debug)]
pub enum Event {
    /// A step is done; `loss` is the smoothed loss in nats per character.
    Step {
        /// Steps done so far.
        done: u64,
        /// The smoothed loss per character.
        loss: f64,
    },
    /// Every `sample_every` steps: the model as it is, and a 200-character sample of it
    /// (character ids, the prompt first).
    Checkpoint {
        /// Steps done so far.
        done: u64,
        /// The model now.
        model: Box<CharModel>,
        /// The prompt character, then 200 sampled ones.
        sample: Vec<usize>,
        /// The loss on the held-out end of the text, in nats per character (with
        /// [`Options::validate`] above 0).
        held_out: Option<f64>,
    },
}

/// What training made and measured.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::char_model::{train, Options};
///
/// let data = [0, 1, 2].repeat(20);
/// let options = Options { hidden: 4, seq_len: 5, iters: 1000, ..Options::default() };
/// let report = train(&data, 3, &options, |_| Ok(()))?;
/// assert_eq!(report.curve.len(), 501); // the start, then every other step
/// assert!(report.held_out_curve.is_empty()); // nothing held out
/// assert!(report.loss < report.curve[0].1);
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Report {
    /// The trained model.
    pub model: CharModel,
    /// The smoothed loss at the end, in nats per character.
    pub loss: f64,
    /// (iteration, smoothed loss per character), about 500 points, for a plot.
    pub curve: Vec<(f64, f64)>,
    /// (iteration, held-out loss per character) at each checkpoint and at the end, with
    /// [`Options::validate`] above 0.
    pub held_out_curve: Vec<(f64, f64)>,
}

/// Trains a character model on `data` (character ids below `vocab_size`), calling
/// `on_event` after every step and at every checkpoint; an error from `on_event` (a save
/// that failed, say) stops training and is returned.
///
/// # Errors
///
/// `data` shorter than one chunk and the character after it, a loss that is not finite
/// (`the loss is NaN at iteration 1234; the weights were not updated`), a run that
/// diverged (see [`diverged`]; checked before every checkpoint and at the end, so a
/// destroyed model never reaches `on_event` or the report), or an error from `on_event`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::char_model::{train, Options};
/// use rnn_from_scratch::io::text::Vocabulary;
///
/// let text = "abcabcabcabcabcabcabcabcabcabc".repeat(4);
/// let vocab = Vocabulary::from_text(&text);
/// let data = vocab.encode(&text)?;
/// let options = Options { hidden: 8, seq_len: 10, iters: 300, ..Options::default() };
/// let report = train(&data, vocab.len(), &options, |_| Ok(()))?;
/// assert!(report.loss < 3.0_f64.ln()); // below what knowing nothing scores
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn train(
    data: &[usize],
    vocab_size: usize,
    options: &Options,
    on_event: impl FnMut(Event) -> Result<(), TrainError>,
) -> Result<Report, TrainError> {
    // The held-out end needs a character and the one after it, and stream k, which reads
    // part k of the text, a chunk and the character after it, as min-char-rnn's loop has it.
    check_text(data.len(), options).map_err(TrainError::new)?;
    let (batch, seq_len) = (options.batch, options.seq_len);
    // The last `validate` of the text is held out: training reads only what comes before.
    let cut = data.len() - (data.len() as f64 * options.validate) as usize;
    let (data, held_out) = data.split_at(cut);
    let mut rng = Mt19937::new(options.seed);
    let mut model = CharModel::for_characters(options.cell, vocab_size, options.hidden, &mut rng);
    let fit = FitOptions {
        epochs: options.iters as usize,
        batch,
        optimizer: options.optimizer,
        learning_rate: options.learning_rate,
        clip: Clip::Values(options.clip),
        threads: options.threads,
        ..FitOptions::default()
    };
    let per_char = |chunk_loss: f64| chunk_loss / seq_len as f64;
    let smooth_loss = ln(vocab_size as f64) * seq_len as f64; // −ln(1/V) per character
    let mut streams = Streams {
        data,
        held_out,
        options,
        positions: vec![0; batch],
        states: vec![0.0; batch * model.cell().state_size()],
        done: 0,
        smooth_loss,
        curve: vec![(0.0, per_char(smooth_loss))],
        held_out_curve: Vec::new(),
        sample_rng: Mt19937::new(options.seed.wrapping_add(1)),
        on_event,
    };
    // The B streams are the loop's examples, and each of its epochs is one step: one batch
    // of all B.
    let plan = Batches::shuffled();
    let step = |model: &CharModel, _: &[usize]| streams.step(model);
    fit_with(&mut model, batch, &fit, &mut rng, plan, |_, _| {}, step)?;
    streams.checkpoint(&model)?; // the last step's, if one is due
    let (loss, iters) = (per_char(streams.smooth_loss), options.iters as f64);
    let at = format!("iteration {}", options.iters);
    diverged(loss, vocab_size, "nats/char", &at)?;
    let mut held_out_curve = streams.held_out_curve;
    if options.validate > 0.0 && held_out_curve.last().is_none_or(|&(at, _)| at < iters) {
        held_out_curve.push((iters, held_out_loss(&model, held_out)));
    }
    Ok(Report {
        model,
        loss,
        curve: streams.curve,
        held_out_curve,
    })
}

/// A training's B streams of text between the loop's steps: where each reads, the state
/// each carries, and what the run has measured. Stream k reads part k of the text (the
/// last part takes what is left over).
struct Streams<'a, F> {
    data: &'a [usize],
    held_out: &'a [usize],
    options: &'a Options,
    /// Where each stream reads its next chunk.
    positions: Vec<usize>,
    /// Each stream's state (B × the cell's state), carried from chunk to chunk.
    states: Vec<f64>,
    /// Steps done.
    done: u64,
    /// The smoothed loss of a chunk (nats), min-char-rnn's.
    smooth_loss: f64,
    curve: Vec<(f64, f64)>,
    held_out_curve: Vec<(f64, f64)>,
    sample_rng: Mt19937,
    on_event: F,
}

impl<F: FnMut(Event) -> Result<(), TrainError>> Streams<'_, F> {
    /// One step's loss (summed over the streams' chunks) and the streams' mean gradient:
    /// the next chunk of every stream, as one batch of B rows of token ids, each from its
    /// carried state; one stream is min-char-rnn's step (its gradient is not rescaled).
    fn step(&mut self, model: &CharModel) -> Result<(f64, SequenceGradients<AnyCell>), TrainError> {
        self.checkpoint(model)?; // the step before's, on the weights it left
        let (seq_len, batch, text) = (self.options.seq_len, self.options.batch, self.data);
        let (part, size) = (text.len() / batch, self.states.len() / batch);
        let ends = (1..batch).map(|k| k * part).chain([text.len()]);
        for (k, end) in ends.enumerate() {
            if self.done == 0 || self.positions[k] + seq_len + 1 >= end {
                self.positions[k] = k * part; // a new pass over its part:
                self.states[k * size..(k + 1) * size].fill(0.0); // forget the carried state
            }
        }
        let chunk = |&p: &usize| Example {
            inputs: Input::Ids(text[p..p + seq_len].to_vec()),
            targets: (0..).zip(text[p + 1..=p + seq_len].to_vec()).collect(),
        };
        let examples: Vec<Example> = self.positions.iter().map(chunk).collect();
        let (streams, threads) = ((0..batch).collect::<Vec<_>>(), self.options.threads);
        let states = Some(&self.states[..]);
        let (loss, mut g, last) = in_chunks(model, &examples, &streams, states, None, threads)
            .map_err(|e| TrainError::new(e.to_string()))?;
        self.done += 1;
        if !loss.is_finite() {
            return Err(TrainError::new(format!(
                "the loss is {loss} at iteration {}; the weights were not updated",
                self.done
            )));
        }
        self.states = last;
        if batch > 1 {
            for (_, values) in g.parameters_mut() {
                values.iter_mut().for_each(|g| *g /= batch as f64); // the streams' mean
            }
        }
        self.smooth_loss = self.smooth_loss * 0.999 + loss / batch as f64 * 0.001;
        self.positions.iter_mut().for_each(|p| *p += seq_len);
        let (done, smooth) = (self.done, self.smooth_loss / seq_len as f64);
        if done % (self.options.iters / 500).max(1) == 0 {
            self.curve.push((done as f64, smooth));
        }
        (self.on_event)(Event::Step { done, loss: smooth })?;
        Ok((loss, g))
    }
    /// Every `sample_every` steps: stops a run that diverged, then shows the model as the
    /// last step left it (a sample, and the held-out loss).
    fn checkpoint(&mut self, model: &CharModel) -> Result<(), TrainError> {
        let (done, every) = (self.done, self.options.sample_every);
        if every == 0 || done == 0 || done % every != 0 {
            return Ok(());
        }
        let loss = self.smooth_loss / self.options.seq_len as f64;
        let classes = model.output().output_size();
        diverged(loss, classes, "nats/char", &format!("iteration {done}"))?;
        let prompt = [self.data[self.positions[0].min(self.data.len() - 1)]];
        let mut sample = prompt.to_vec();
        sample.extend(model.generate(&prompt, 200, 1.0, &mut self.sample_rng));
        let held_out = (self.options.validate > 0.0).then(|| held_out_loss(model, self.held_out));
        self.held_out_curve
            .extend(held_out.map(|loss| (done as f64, loss)));
        let model = Box::new(model.clone());
        (self.on_event)(Event::Checkpoint {
            done,
            model,
            sample,
            held_out,
        })
    }
}

/// The training text of `rnn char-rnn`: the file at `path`, read as every data file is
/// ([`read_text`](crate::io::data::read_text): at most `max_bytes`, a byte-order mark
/// dropped, line endings made `\n`), or without one the built-in corpus
/// ([`CORPUS`](crate::io::corpus::CORPUS), 대한민국헌법).
///
/// # Errors
///
/// A file that cannot be read, one longer than `max_bytes` (the `--max-text-mb` limit), or
/// an empty one: `notes.txt: the file is empty: there is nothing to learn`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::char_model::read_text;
/// assert!(read_text(None, 1_000_000)?.contains("대한민국"));
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn read_text(path: Option<&Path>, max_bytes: u64) -> Result<String, DataError> {
    let Some(path) = path else {
        return Ok(crate::io::corpus::CORPUS.to_string());
    };
    let limit = "the --max-text-mb limit; raise it to read the whole file";
    let text = crate::io::data::read_text(path, max_bytes, limit)?;
    match text.is_empty() {
        true => Err(DataError::new(format!(
            "{}: the file is empty: there is nothing to learn",
            path.display()
        ))),
        false => Ok(text),
    }
}

/// Checks, before any training, that a text of `len` characters can train with `options`:
/// a held-out share (`--validate`) from 0 up to 1 that holds at least 2 characters, at
/// least one stream and one thread, and in each of the B streams a chunk and the character
/// after it. The error is said in the flags' words.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::char_model::{check_text, Options};
///
/// let options = Options { validate: 0.01, ..Options::default() };
/// assert!(check_text(1000, &options).is_ok());
/// assert!(check_text(100, &options).unwrap_err().starts_with("--validate 0.01 holds out 1 "));
/// let two = Options { seq_len: 25, batch: 2, ..Options::default() };
/// assert_eq!(
///     check_text(40, &two).unwrap_err(),
///     "the text has 40 characters to train on; --batch 2 streams of --seq-len 25 need at \
///      least 52 (2 parts of one chunk and the character after it): give a longer text, or \
///      a smaller --batch or --seq-len"
/// );
/// ```
pub fn check_text(len: usize, options: &Options) -> Result<(), String> {
    let (validate, seq_len, batch) = (options.validate, options.seq_len, options.batch);
    if !(0.0..1.0).contains(&validate) {
        return Err(format!(
            "the held-out share must be at least 0 and below 1, got {validate}"
        ));
    }
    if batch == 0 || options.threads == 0 {
        let threads = options.threads;
        return Err(format!(
            "the batch and the threads must be at least 1, got {batch} and {threads}"
        ));
    }
    let held_out = (len as f64 * validate) as usize;
    if validate > 0.0 && held_out < 2 {
        return Err(format!(
            "--validate {validate} holds out {held_out} of the text's {len} characters; it \
             needs at least 2 (a character and the one after it): hold out more"
        ));
    }
    let trained = len - held_out;
    match (trained / batch > seq_len, batch) {
        (true, _) => Ok(()),
        (false, 1) => Err(format!(
            "the text has {trained} characters to train on; --seq-len {seq_len} needs at least \
             {} (one chunk and the character after it)",
            seq_len + 1
        )),
        (false, _) => Err(format!(
            "the text has {trained} characters to train on; --batch {batch} streams of \
             --seq-len {seq_len} need at least {} ({batch} parts of one chunk and the \
             character after it): give a longer text, or a smaller --batch or --seq-len",
            batch * (seq_len + 1)
        )),
    }
}

/// The line said before training: the cell, the text's characters (and the end held
/// out), V, Dh, the chunks and how the streams run; `built_in`: the text is the built-in
/// corpus.
pub fn describe(options: &Options, chars: usize, v: usize, built_in: bool) -> String {
    let (batch, cell, hidden) = (options.batch, options.cell, options.hidden);
    let threads = options.threads.min(batch.div_ceil(16)); // chunks of 16 streams
    let (a, name, seq_len) = (a_or_an(cell), cell.name().to_uppercase(), options.seq_len);
    let held = match (chars as f64 * options.validate) as usize {
        0 => String::new(),
        held => format!(" (the last {held} held out)"),
    };
    let streams = match (batch, threads) {
        (1, _) => "one stream (min-char-rnn's loop, one core)".to_string(),
        (_, 1) => format!("{batch} streams as one batch, one core"),
        _ => format!("{batch} streams as one batch, in chunks of 16 on {threads} threads"),
    };
    let corpus = match built_in {
        true => " (대한민국헌법, the Korean constitution; --text FILE for another)",
        false => "",
    };
    format!(
        "training {a} {name} on {chars} characters{held}, vocabulary V = {v}, hidden Dh = \
         {hidden}, chunks of {seq_len}, {streams}{corpus}"
    )
}

/// The loss curves of a training (`--plot`), as an SVG: the smoothed loss, and the
/// held-out loss where there is one; `v`: the vocabulary's size.
pub fn plot(report: &Report, options: &Options, v: usize) -> String {
    let (cell, hidden, seq_len) = (options.cell.name(), options.hidden, options.seq_len);
    let title = format!("char-rnn ({cell}): hidden {hidden}, seq-len {seq_len}, V = {v}");
    let loss = "smoothed loss (nats per character)";
    let svg = Plot::new(&title, "iteration", loss).series("smoothed loss", report.curve.clone());
    match report.held_out_curve.is_empty() {
        true => svg,
        false => svg.series("held-out loss", report.held_out_curve.clone()),
    }
    .to_svg()
}

/// The report's last lines: the held-out loss (with `--validate`), then the iterations,
/// their speed (`seconds` they took), the loss and the perplexity.
pub fn summary(report: &Report, options: &Options, seconds: f64) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(&(_, loss)) = report.held_out_curve.last() {
        lines.push(format!(
            "held-out loss (the last {:.0}% of the text, never trained on): {loss:.3} nats/char",
            100.0 * options.validate
        ));
    }
    let (iters, loss) = (options.iters, report.loss);
    let (rate, perplexity) = (iters as f64 / seconds, loss.exp());
    lines.push(format!(
        "trained {iters} iterations in {seconds:.2} s ({rate:.0} it/s), loss {loss:.3} nats/char, perplexity {perplexity:.2}"
    ));
    lines
}

/// The article before a cell's name, said letter by letter: "an RNN", "an LSTM" (said
/// el-es-tee-em), "a GRU": "an" before a letter whose name starts with a vowel sound.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::char_model::a_or_an;
/// assert_eq!((a_or_an(CellKind::Lstm), a_or_an(CellKind::Gru)), ("an", "a"));
/// ```
pub fn a_or_an(cell: CellKind) -> &'static str {
    match cell
        .name()
        .starts_with(['a', 'e', 'f', 'h', 'i', 'l', 'm', 'n', 'o', 'r', 's', 'x'])
    {
        true => "an",
        false => "a",
    }
}

/// The mean loss per character of `model` predicting each character of `text` from the
/// ones before it: −ln p(next), averaged, reading from a zero state in chunks of 1,000
/// characters with the state carried across (so the whole text is one long read, as in
/// training, without a text-sized one-hot matrix).
///
/// # Panics
///
/// If `text` has fewer than 2 characters or a character not below the model's V.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, CharModel};
/// use rnn_from_scratch::programs::char_model::held_out_loss;
/// use rnn_from_scratch::Mt19937;
///
/// let model = CharModel::for_characters(CellKind::Lstm, 4, 8, &mut Mt19937::new(0));
/// let loss = held_out_loss(&model, &[0, 1, 2, 3, 0, 1]);
/// assert!((loss - 4.0_f64.ln()).abs() < 0.01); // untrained: about ln V
/// ```
pub fn held_out_loss(model: &CharModel, text: &[usize]) -> f64 {
    assert!(
        text.len() >= 2,
        "held_out_loss: the text needs at least 2 characters"
    );
    let v = model.cell().input_size();
    let mut state = model.zero_state();
    let mut total = 0.0;
    for start in (0..text.len() - 1).step_by(1000) {
        let end = (start + 1000).min(text.len() - 1);
        let (hs, last, _) = model
            .cell()
            .forward_cached(&one_hot(&text[start..end], v), &state)
            .expect("one-hot characters below V");
        let probabilities = model.output().forward(&hs).expect("Wy reads Dh values");
        for (t, &next) in text[start + 1..=end].iter().enumerate() {
            total -= ln(probabilities[(t, next)]); //   −ln p(next)
        }
        state = last;
    }
    total / (text.len() - 1) as f64
}

/// How a character model is saved ([`save`]): `vocab.txt` holds its characters, and
/// `model.txt` its cell, V and Dh (no `program` line: the first program that saved).
impl Saved for CharModel {
    const PROGRAM: &'static str = "char-rnn";
    const VOCABULARIES: &'static [(&'static str, &'static str, &'static str)] =
        &[("vocab.txt", "vocab_size", "characters")];
    const SIZES: &'static [(&'static str, bool)] = &[("vocab_size", true), ("hidden_size", true)];

    fn kind(&self) -> CellKind {
        self.cell().kind()
    }

    fn sizes(&self) -> Vec<usize> {
        vec![self.output().output_size(), self.cell().hidden_size()]
    }

    fn count(kind: CellKind, sizes: &[usize]) -> u128 {
        let (v, dh) = (sizes[0], sizes[1]);
        kind.num_parameters(v, dh) + (v * dh + v) as u128 // the cell, Wy, by
    }

    fn fresh(kind: CellKind, sizes: &[usize]) -> Result<Self, String> {
        Ok(CharModel::for_characters(
            kind,
            sizes[0],
            sizes[1],
            &mut Mt19937::new(0),
        ))
    }

    fn check_vocabularies(dir: &Path, tokens: &[Vec<String>]) -> Result<(), DataError> {
        characters(dir, &tokens[0]).map(drop)
    }
}

/// Saves a character model (any cell) and its vocabulary as the folder `dir`, as every
/// model is saved ([`io::save::save`](crate::io::save::save)): `wx.npy`, `wh.npy`, `b.npy`,
/// `wy.npy`, `by.npy` (an LSTM's `input_gate_wx.npy`, …), `vocab.txt` and `model.txt`.
///
/// # Errors
///
/// As [`io::save::save`](crate::io::save::save).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, CharModel};
/// use rnn_from_scratch::io::text::Vocabulary;
/// use rnn_from_scratch::programs::char_model::{load, save};
/// use rnn_from_scratch::Mt19937;
///
/// let dir = std::env::temp_dir().join(format!("rnn-doc-save-chars-{}", std::process::id()));
/// let vocab = Vocabulary::from_text("hello, 세계");
/// for &kind in CellKind::ALL {
///     let model = CharModel::for_characters(kind, vocab.len(), 6, &mut Mt19937::new(0));
///     save(&dir, &model, &vocab)?;
///     assert_eq!(load(&dir)?, (model, vocab.clone()));
/// }
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn save(dir: &Path, model: &CharModel, vocab: &Vocabulary) -> Result<(), DataError> {
    let tokens: Vec<String> = vocab.tokens().iter().map(char::to_string).collect();
    crate::io::save::save(dir, model, &[&tokens], "")
}

/// Loads a character model saved by [`save`], with its vocabulary: one character a token,
/// sorted (a shuffled `vocab.txt` would scramble it unseen) and distinct.
///
/// # Errors
///
/// As [`io::save::load`](crate::io::save::load), or a `vocab.txt` line that is not one
/// character: `model/vocab.txt: line 3 is not one character: "ab"`.
pub fn load(dir: &Path) -> Result<(CharModel, Vocabulary), DataError> {
    let loaded = crate::io::save::load::<CharModel>(dir)?;
    Ok((loaded.model, characters(dir, &loaded.vocabularies[0])?))
}

/// The vocabulary of a character model's `vocab.txt`: one character a token, sorted and
/// distinct.
fn characters(dir: &Path, tokens: &[String]) -> Result<Vocabulary, DataError> {
    let path = dir.join("vocab.txt");
    let mut chars = Vec::new();
    for (k, token) in tokens.iter().enumerate() {
        let mut each = token.chars();
        match (each.next(), each.next()) {
            (Some(c), None) => chars.push(c),
            _ => {
                return Err(DataError::new(format!(
                    "{}: line {} is not one character: {token:?}",
                    path.display(),
                    k + 1
                )));
            }
        }
    }
    Vocabulary::from_chars(chars).map_err(|e| e.in_file(&path))
}
