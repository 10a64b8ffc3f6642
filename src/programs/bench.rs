//! `rnn bench`: how fast one training step of the character model is, in iterations per
//! second and GFLOP/s, on the fast path and (for comparison) the literal one.
//!
//! A step is what `rnn char-rnn train --batch 1` does per iteration, timed by running it:
//! forward and backward through a chunk (BPTT), clipping to ±5, an Adagrad update. Random
//! characters stand in for text.

use super::{char_model, memory};
use crate::cells::{CellKind, CharModel, Embedded, Embedding, SequenceModel, one_hot};
use crate::linalg::Mt19937;
use crate::programs::uses::frame::Need;
use crate::train::{Adagrad, Batches, Example, FitOptions, Input, Optimizer, clip_values, fit};
use std::time::Instant;

/// What to time.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The cell of the character model.
    pub cell: CellKind,
    /// The hidden sizes Dh to time.
    pub hidden: Vec<usize>,
    /// V, the vocabulary size (d = V).
    pub vocab: usize,
    /// Characters per chunk.
    pub seq_len: usize,
    /// Seconds spent on each size (and path).
    pub seconds: f64,
    /// Also time the literal path.
    pub literal: bool,
}

/// One timing: of the character model's training step (`fast` or `literal`), or of the
/// classifier's sequences (`classifier`, [`classifier`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// `fast`, `literal` or `classifier`.
    pub path: &'static str,
    /// Dh.
    pub hidden: usize,
    /// Steps timed (for the classifier: sequences trained, batches × batch size).
    pub steps: usize,
    /// Seconds they took.
    pub seconds: f64,
    /// Floating-point operations of one step (forward, backward, update), or of one
    /// sequence's forward and backward pass.
    pub flops_per_step: f64,
}

impl Row {
    /// Steps per second.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::bench::Row;
    /// let row = Row { path: "fast", hidden: 100, steps: 500, seconds: 2.0, flops_per_step: 1e6 };
    /// assert_eq!((row.rate(), row.gflops()), (250.0, 0.25));
    /// ```
    pub fn rate(&self) -> f64 {
        self.steps as f64 / self.seconds
    }

    /// GFLOP/s: [`rate`](Row::rate) × the step's floating-point operations / 10⁹.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::bench::Row;
    /// let row = Row { path: "fast", hidden: 100, steps: 1000, seconds: 1.0, flops_per_step: 2e6 };
    /// assert_eq!(row.gflops(), 2.0);
    /// ```
    pub fn gflops(&self) -> f64 {
        self.rate() * self.flops_per_step / 1e9
    }

    /// The line `rnn bench` prints for this timing of the character model of `options`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::CellKind;
    /// use rnn_from_scratch::programs::bench::{Options, Row};
    /// let options = Options { cell: CellKind::Gru, hidden: vec![100], vocab: 76, seq_len: 25, seconds: 1.0, literal: false };
    /// let row = Row { path: "fast", hidden: 100, steps: 500, seconds: 2.0, flops_per_step: 1e6 };
    /// assert_eq!(row.line(&options), "gru fast path:    hidden  100, V 76, seq-len 25:       250 it/s,   0.25 GFLOP/s (500 steps in 2.00 s)");
    /// ```
    pub fn line(&self, options: &Options) -> String {
        let (cell, path) = (options.cell.name(), format!("{} path:", self.path));
        let (hidden, vocab, seq_len) = (self.hidden, options.vocab, options.seq_len);
        let (rate, gflops, steps, seconds) = (self.rate(), self.gflops(), self.steps, self.seconds);
        format!(
            "{cell} {path:<13} hidden {hidden:4}, V {vocab}, seq-len {seq_len}: {rate:9.0} it/s, {gflops:6.2} GFLOP/s ({steps} steps in {seconds:.2} s)"
        )
    }

    /// The line `rnn bench --batch B` prints for this timing of the classifier of
    /// `options` ([`classifier`]).
    pub fn classifier_line(&self, options: &ClassifierOptions) -> String {
        let (cell, batch, seq_len) = (options.cell.name(), options.batch, options.seq_len);
        let (embedding, hidden, vocab) = (options.embedding, options.hidden, options.vocab);
        let (threads, rate, gflops) = (options.threads, self.rate(), self.gflops());
        let (steps, seconds) = (self.steps, self.seconds);
        let plural = if threads == 1 { "" } else { "s" };
        format!(
            "{cell} classifier: batch {batch}, seq-len {seq_len}, E {embedding}, hidden {hidden}, V {vocab}, {threads} thread{plural}: {rate:.0} sequences/s, {gflops:.2} GFLOP/s ({steps} sequences in {seconds:.2} s)"
        )
    }
}

impl Options {
    /// What timing Dh = `hidden` holds in memory (as a [`Need`], its text made for this
    /// size): the weights, their gradients and a chunk's caches, for each path.
    pub fn memory(&self, hidden: usize) -> (u128, String, &'static str) {
        let chunk = memory::char_training(self.cell, self.vocab, hidden, self.seq_len, 1);
        let what = format!("hidden {hidden}: the weights, their gradients and a chunk's caches");
        let bytes = 2 * chunk + 8 * 64 * self.seq_len as u128;
        (bytes, what, "--hidden, --vocab or --seq-len")
    }
}

/// Times every size of `options.hidden`, calling `on_row` as each timing is done (an
/// error from it stops the run and is returned), and returns them all.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::bench::{run, Options};
///
/// use rnn_from_scratch::cells::CellKind;
///
/// let options = Options { cell: CellKind::Lstm, hidden: vec![8], vocab: 5, seq_len: 4, seconds: 0.01, literal: true };
/// let rows = run(&options, |_| Ok::<(), ()>(())).unwrap();
/// assert_eq!(rows.iter().map(|r| r.path).collect::<Vec<_>>(), ["fast", "literal"]);
/// assert!(rows.iter().all(|r| r.steps > 0));
/// ```
pub fn run<E>(
    options: &Options,
    mut on_row: impl FnMut(&Row) -> Result<(), E>,
) -> Result<Vec<Row>, E> {
    let (vocab, seq_len, seconds) = (options.vocab, options.seq_len, options.seconds);
    let mut rng = Mt19937::new(0);
    let data: Vec<usize> = (0..seq_len * 64 + 1).map(|_| rng.below(vocab)).collect();
    let mut rows = Vec::new();
    for &hidden in &options.hidden {
        let flops_per_step = flops_per_step(options.cell, hidden, vocab, seq_len) as f64;
        let mut record = |path, (steps, seconds)| {
            let row = Row {
                path,
                hidden,
                steps,
                seconds,
                flops_per_step,
            };
            on_row(&row)?;
            rows.push(row);
            Ok(())
        };
        // The fast path: the character model's own training, one stream, `steps` steps.
        let train = |steps: usize| {
            let options = char_model::Options {
                cell: options.cell,
                hidden,
                seq_len,
                iters: steps as u64,
                sample_every: 0,
                batch: 1,
                threads: 1,
                ..char_model::Options::default()
            };
            char_model::train(&data, vocab, &options, |_| Ok(())).expect("random text trains");
        };
        record("fast", timed(seconds, train))?;
        if options.literal {
            let mut model = CharModel::for_characters(options.cell, vocab, hidden, &mut rng);
            let mut adagrad = Adagrad::new(0.1);
            let state0 = model.zero_state();
            let literal = |steps: usize| {
                for k in 0..steps {
                    let p = (k % 64) * seq_len;
                    let (x, y) = (&data[p..p + seq_len], &data[p + 1..p + seq_len + 1]);
                    let every_step: Vec<(usize, usize)> = y.iter().copied().enumerate().collect();
                    let (_, mut g, _) = model
                        .loss_and_gradients(&one_hot(x, vocab), &every_step, &state0)
                        .expect("in range");
                    clip_values(&mut g, 5.0);
                    adagrad.step(&mut model, &g);
                }
            };
            record("literal", timed(seconds, literal))?;
        }
    }
    Ok(rows)
}

/// Floating-point operations of one training step of a character model (a multiply-add
/// counts 2), for reporting GFLOP/s: per timestep and per gate, Wh·hₜ₋₁, Whᵀ·d_gate and
/// dWh (Dh·Dh multiply-adds each), and for the output Wy·hₜ, Wyᵀ·dz and dWy (V·Dh each).
/// The one-hot input costs no product; the elementwise work is not counted. A gate is a
/// Wh and a b, so a cell's gates are its weights at d = 0, Dh = 1, halved: 1 for the RNN,
/// 4 for the LSTM, 3 for the GRU.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::bench::flops_per_step;
///
/// assert_eq!(flops_per_step(CellKind::Rnn, 100, 76, 25), 25 * 2 * (3 * 100 * 100 + 3 * 76 * 100));
/// assert_eq!(flops_per_step(CellKind::Lstm, 100, 76, 25), 25 * 2 * (4 * 3 * 100 * 100 + 3 * 76 * 100));
/// ```
pub fn flops_per_step(
    cell: CellKind,
    hidden_size: usize,
    vocab_size: usize,
    timesteps: usize,
) -> u64 {
    // Per timestep, for each of the cell's Wh (1 for the RNN, 4 for the LSTM, 3 for the
    // GRU): Wh·hₜ₋₁, Whᵀ·dh and dWh; and Wy·hₜ, Wyᵀ·dz and dWy. A one-hot input costs no
    // product, and the elementwise work is not counted.
    let gates = (cell.num_parameters(0, 1) / 2) as u64;
    let (h, v, t) = (hidden_size as u64, vocab_size as u64, timesteps as u64);
    t * 2 * (gates * 3 * h * h + 3 * v * h)
}

/// Runs `steps(n)`, n steps, for a warm-up, then to measure one step's time, then for
/// about `seconds`; returns (steps, seconds taken) of the last run.
fn timed(seconds: f64, mut steps: impl FnMut(usize)) -> (usize, f64) {
    steps(3);
    let start = Instant::now();
    steps(10);
    let step = start.elapsed().as_secs_f64() / 10.0;
    let n = ((seconds / step.max(1e-9)) as usize).max(10);
    let start = Instant::now();
    steps(n);
    (n, start.elapsed().as_secs_f64())
}

/// What `rnn bench --batch B` times: a many-to-one classifier on random token ids,
/// embedding → cell → last hidden state → 2-way softmax, trained with Adam on mini-batches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassifierOptions {
    /// The cell.
    pub cell: CellKind,
    /// Sequences per batch.
    pub batch: usize,
    /// Tokens per sequence.
    pub seq_len: usize,
    /// E, the embedding size.
    pub embedding: usize,
    /// Dh.
    pub hidden: usize,
    /// V, the vocabulary size.
    pub vocab: usize,
    /// Threads sharing each batch.
    pub threads: usize,
    /// Seconds to time.
    pub seconds: f64,
}

impl ClassifierOptions {
    /// What the timing holds in memory ([`Need`]): per thread at once, one sequence's
    /// one-hot inputs, caches and gradient, beside the model, its gradient and Adam's two
    /// moments.
    pub fn memory(&self) -> Need {
        let (seq_len, vocab, threads) = (self.seq_len, self.vocab, self.threads);
        let (embedding, hidden) = (self.embedding, self.hidden);
        let weights = self.cell.num_parameters(embedding, hidden) + (vocab * embedding) as u128;
        let per_sequence = (seq_len * (vocab + 10 * hidden)) as u128 + weights;
        let rows = self.batch.min(threads * 4) as u128;
        let bytes = 8 * (4 * weights + rows * per_sequence);
        let what = "the model, Adam and a batch's caches";
        (bytes, what, "--vocab, --embedding, --hidden or --batch")
    }
}

/// Trains the classifier of [`ClassifierOptions`] on random ids and labels for about
/// `seconds` with [`fit`]: each batch cut into chunks of 16 sequences shared by `threads`
/// threads, the gradient clipped to a global norm of 5, one Adam step per batch. The row's
/// `path` is `classifier` and its steps are the sequences trained.
///
/// The operations counted per sequence: per timestep and gate, Wx·Iₜ (Dh·E multiply-adds)
/// and Wh·hₜ₋₁ (Dh·Dh), three times (forward, and the two products of the backward pass).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::bench::{classifier, ClassifierOptions};
///
/// let options = ClassifierOptions { cell: CellKind::Lstm, batch: 4, seq_len: 5, embedding: 8, hidden: 8, vocab: 50, threads: 2, seconds: 0.01 };
/// let row = classifier(&options);
/// assert!(row.steps >= 4 && row.steps % 4 == 0);
/// assert_eq!(row.flops_per_step, 5.0 * 2.0 * 3.0 * 4.0 * (8.0 * 8.0 + 8.0 * 8.0));
/// ```
pub fn classifier(options: &ClassifierOptions) -> Row {
    let (batch, seq_len, vocab) = (options.batch, options.seq_len, options.vocab);
    let (embedding, hidden) = (options.embedding, options.hidden);
    let rng = &mut Mt19937::new(0);
    let table = Embedding::init(vocab, embedding, rng);
    let cell = Embedded::new(table, options.cell.build(embedding, hidden, rng))
        .expect("the cell reads E values");
    let mut model = SequenceModel::with_softmax(cell, 2, rng);
    let how = FitOptions {
        batch,
        learning_rate: 0.001,
        threads: options.threads,
        ..FitOptions::default()
    };
    let (batches, seconds) = timed(options.seconds, |batches| {
        let examples: Vec<Example> = (0..batches * batch)
            .map(|_| Example {
                inputs: Input::Ids((0..seq_len).map(|_| rng.below(vocab)).collect()),
                targets: vec![(seq_len - 1, rng.below(2))],
            })
            .collect();
        let plan = Batches::shuffled();
        fit(&mut model, &examples, &how, 0.0, rng, plan, |_, _| {})
            .expect("the batch fits the model");
    });
    let gates = (options.cell.num_parameters(0, 1) / 2) as f64;
    let (e, h, t) = (embedding as f64, hidden as f64, seq_len as f64);
    Row {
        path: "classifier",
        hidden,
        steps: batches * batch,
        seconds,
        flops_per_step: t * 2.0 * 3.0 * gates * (h * e + h * h),
    }
}
