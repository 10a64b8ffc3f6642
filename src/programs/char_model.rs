//! `rnn char-rnn train`: min-char-rnn's training loop, for any cell.
//!
//! The text is cut into chunks of `seq_len` characters; each chunk is one step of
//! truncated backpropagation through time, predicting every next character, with the
//! hidden state carried from chunk to chunk and reset at each new pass over the text. The
//! loss is smoothed as min-char-rnn smooths it (0.999·old + 0.001·new), starting from
//! ln V per character, what a model that knows nothing scores.

use crate::cells::{Cell, CellKind, CharModel, one_hot};
use crate::linalg::Mt19937;
use crate::train::OptimizerKind;
use crate::train::TrainError;
use crate::train::char_rnn::Trainer;

/// What to train. [`Options::default`] is `rnn char-rnn train` without flags.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::char_model::Options;
/// let options = Options::default();
/// assert_eq!((options.hidden, options.seq_len, options.iters), (100, 25, 20_000)); // min-char-rnn's
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
    /// Training steps, one chunk each.
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
/// (`the loss is NaN at iteration 1234; the weights were not updated`), or an error from
/// `on_event`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::char_model::{train, Options};
/// use rnn_from_scratch::text::Vocabulary;
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
    if data.len() < seq_len + 1 {
        return Err(TrainError::new(format!(
            "the text has {} characters; --seq-len {seq_len} needs at least {} \
             (one chunk and the character after it)",
            data.len(),
            seq_len + 1
        )));
    }
    let mut rng = Mt19937::new(options.seed);
    let model = CharModel::for_characters(options.cell, vocab_size, options.hidden, &mut rng);
    let optimizer = options.optimizer.build(options.learning_rate);
    let mut trainer = Trainer::for_model(model, optimizer, options.clip);

    let per_char = |chunk_loss: f64| chunk_loss / seq_len as f64;
    let mut smooth_loss = (vocab_size as f64).ln() * seq_len as f64; // −ln(1/V) per character
    let plot_every = (iters / 500).max(1);
    let mut curve = vec![(0.0, per_char(smooth_loss))];
    let mut held_out_curve = Vec::new();
    let mut sample_rng = Mt19937::new(options.seed.wrapping_add(1));
    let mut p = 0;
    for n in 0..iters {
        if p + seq_len + 1 >= data.len() || n == 0 {
            trainer.reset_hidden(); // a new pass over the text: forget the carried state
            p = 0;
        }
        let inputs = &data[p..p + seq_len];
        let targets = &data[p + 1..p + seq_len + 1];
        let loss = trainer.step(inputs, targets)?;
        smooth_loss = smooth_loss * 0.999 + loss * 0.001;
        p += seq_len;
        let done = n + 1;
        if done % plot_every == 0 {
            curve.push((done as f64, per_char(smooth_loss)));
        }
        on_event(Event::Step {
            done,
            loss: per_char(smooth_loss),
        })?;
        if options.sample_every > 0 && done % options.sample_every == 0 {
            let model = trainer.model();
            let prompt = [data[p.min(data.len() - 1)]];
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
            total -= probabilities[(t, next)].ln(); //   −ln p(next)
        }
        state = last;
    }
    total / (text.len() - 1) as f64
}
