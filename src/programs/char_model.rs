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
//! waits for the one before, so one core does everything. With [`Options::batch`] = B the
//! text is cut into B equal parts read side by side (d2l.ai calls it sequential
//! partitioning): each step takes the next chunk of every part, each part carrying its own
//! state, and follows the mean of their gradients. The B chunks of a step are independent,
//! so [`Options::threads`] threads compute them at once, each stream on a fixed thread,
//! and their gradients are summed in the streams' order: the weights never depend on the
//! number of threads, bit for bit. A step reads B chunks, so it learns from B times the
//! text; `rnn char-rnn train` reads 2 streams by default (both cores of a 2-core machine),
//! and `--batch 1` is min-char-rnn's loop exactly, the one the numpy and PyTorch
//! comparisons run.

use crate::cells::{Cell, CellKind, CharModel, one_hot};
use crate::linalg::Mt19937;
use crate::linalg::elementary::ln;
use crate::train::OptimizerKind;
use crate::train::TrainError;
use crate::train::char_rnn::Trainer;

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
    /// is cut into B equal parts; each step takes the next chunk of every part and
    /// follows their mean gradient (the module's docs say more).
    pub batch: usize,
    /// Threads that share the streams (the result does not depend on it, bit for bit).
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
    mut on_event: impl FnMut(Event) -> Result<(), TrainError>,
) -> Result<Report, TrainError> {
    let Options { seq_len, iters, .. } = *options;
    if !(0.0..1.0).contains(&options.validate) {
        return Err(TrainError::new(format!(
            "the held-out share must be at least 0 and below 1, got {}",
            options.validate
        )));
    }
    // The last `validate` of the text is held out: training reads only what comes before.
    let cut = data.len() - (data.len() as f64 * options.validate) as usize;
    let (data, held_out) = data.split_at(cut);
    if options.validate > 0.0 && held_out.len() < 2 {
        return Err(TrainError::new(format!(
            "the held-out end of the text has {} characters; it needs at least 2 (a character \
             and the one after it): hold out more, or give a longer text",
            held_out.len()
        )));
    }
    let batch = options.batch;
    if batch == 0 || options.threads == 0 {
        return Err(TrainError::new(format!(
            "the batch and the threads must be at least 1, got {batch} and {}",
            options.threads
        )));
    }
    // Stream k reads part k of the text, from starts[k] up to ends[k]: a chunk and the
    // character after it must fit in the part, as min-char-rnn's loop has it.
    let part = data.len() / batch;
    if part < seq_len + 1 {
        return Err(TrainError::new(too_short(data.len(), seq_len, batch)));
    }
    let starts: Vec<usize> = (0..batch).map(|k| k * part).collect();
    let ends: Vec<usize> = (1..=batch)
        .map(|k| if k == batch { data.len() } else { k * part })
        .collect();
    let mut rng = Mt19937::new(options.seed);
    let model = CharModel::for_characters(options.cell, vocab_size, options.hidden, &mut rng);
    let optimizer = options.optimizer.build(options.learning_rate);
    let mut trainer =
        Trainer::new(model, optimizer, options.clip).with_streams(batch, options.threads);

    let per_char = |chunk_loss: f64| chunk_loss / seq_len as f64;
    let mut smooth_loss = ln(vocab_size as f64) * seq_len as f64; // −ln(1/V) per character
    let plot_every = (iters / 500).max(1);
    let mut curve = vec![(0.0, per_char(smooth_loss))];
    let mut held_out_curve = Vec::new();
    let mut sample_rng = Mt19937::new(options.seed.wrapping_add(1));
    let mut positions = starts.clone();
    for n in 0..iters {
        for k in 0..batch {
            if positions[k] + seq_len + 1 >= ends[k] || n == 0 {
                trainer.reset_stream(k); // a new pass over its part: forget the carried state
                positions[k] = starts[k];
            }
        }
        let chunks: Vec<(&[usize], &[usize])> = positions
            .iter()
            .map(|&p| (&data[p..p + seq_len], &data[p + 1..p + seq_len + 1]))
            .collect();
        let loss = trainer.step_streams(&chunks)?;
        smooth_loss = smooth_loss * 0.999 + loss * 0.001;
        positions.iter_mut().for_each(|p| *p += seq_len);
        let done = n + 1;
        if done % plot_every == 0 {
            curve.push((done as f64, per_char(smooth_loss)));
        }
        on_event(Event::Step {
            done,
            loss: per_char(smooth_loss),
        })?;
        if options.sample_every > 0 && done % options.sample_every == 0 {
            diverged(per_char(smooth_loss), vocab_size, done)?;
            let model = trainer.model();
            let prompt = [data[positions[0].min(data.len() - 1)]];
            let mut sample = prompt.to_vec();
            sample.extend(model.generate(&prompt, 200, 1.0, &mut sample_rng));
            let held_out = (options.validate > 0.0).then(|| held_out_loss(&model, held_out));
            if let Some(loss) = held_out {
                held_out_curve.push((done as f64, loss));
            }
            on_event(Event::Checkpoint {
                done,
                model: Box::new(model),
                sample,
                held_out,
            })?;
        }
    }
    diverged(per_char(smooth_loss), vocab_size, iters)?;
    let model = trainer.model();
    if options.validate > 0.0
        && held_out_curve
            .last()
            .is_none_or(|&(at, _)| at < iters as f64)
    {
        held_out_curve.push((iters as f64, held_out_loss(&model, held_out)));
    }
    Ok(Report {
        model,
        loss: per_char(smooth_loss),
        curve,
        held_out_curve,
    })
}

/// How far above ln V, the loss of a model that knows nothing, the smoothed loss may rise
/// before the run counts as diverged: 10 nats per character, a perplexity 22,000 times
/// the vocabulary's.
pub const DIVERGED_ABOVE_CHANCE: f64 = 10.0;

/// Stops a run whose smoothed loss (`loss`, nats per character, after `done` steps) is
/// far above ln V (`vocab_size`), the loss of a model that knows nothing: its weights are
/// finite, but they predict worse than a guess, and saving them would replace a good model.
///
/// # Errors
///
/// `the loss is 13944.215 nats/char at iteration 30, far above ln V = 2.303, what a model
/// that knows nothing scores: training diverged, and this model is not kept`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::char_model::diverged;
///
/// assert!(diverged(2.0, 10, 30).is_ok()); // ln 10 = 2.303: still learning
/// let err = diverged(13944.215, 10, 30).unwrap_err();
/// assert!(err.to_string().starts_with("the loss is 13944.215 nats/char at iteration 30"));
/// ```
pub fn diverged(loss: f64, vocab_size: usize, done: u64) -> Result<(), TrainError> {
    let chance = ln(vocab_size as f64);
    if loss.is_finite() && loss <= chance + DIVERGED_ABOVE_CHANCE {
        return Ok(());
    }
    Err(TrainError::new(format!(
        "the loss is {loss:.3} nats/char at iteration {done}, far above ln V = {chance:.3}, \
         what a model that knows nothing scores: training diverged, and this model is not kept"
    )))
}

/// What is wrong when `len` characters to train on are too few for `batch` parts of one
/// chunk of `seq_len` and the character after it.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::char_model::too_short;
///
/// assert_eq!(
///     too_short(40, 25, 2),
///     "the text has 40 characters to train on; --batch 2 streams of --seq-len 25 need at \
///      least 52 (2 parts of one chunk and the character after it): give a longer text, or \
///      a smaller --batch or --seq-len"
/// );
/// ```
pub fn too_short(len: usize, seq_len: usize, batch: usize) -> String {
    if batch == 1 {
        format!(
            "the text has {len} characters to train on; --seq-len {seq_len} needs at least {} \
             (one chunk and the character after it)",
            seq_len + 1
        )
    } else {
        format!(
            "the text has {len} characters to train on; --batch {batch} streams of --seq-len \
             {seq_len} need at least {} ({batch} parts of one chunk and the character after \
             it): give a longer text, or a smaller --batch or --seq-len",
            batch * (seq_len + 1)
        )
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
