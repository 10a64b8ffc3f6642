#![doc = include_str!("../../docs/long-memory.md")]
#![doc = include_str!("../../docs/hangul-code-font.html")]

use crate::cells::{AnyCell, Cell, GruCell, Init, LstmCell, SequenceModel};
use crate::cells::{BatchStep, CellKind};
use crate::io::svg::Plot;
use crate::linalg::{Matrix, Mt19937};
use crate::programs::memory::sequence_training;
use crate::programs::uses::frame::Need;
use crate::train::threads::map_jobs;
use crate::train::{
    Example, Input, OptimizerKind, TrainError, clip_global_norm, loss_and_gradients_examples,
};

/// Symbols: 0 = `A`, 1 = `B` (the classes), then the distractors.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::long_memory::SYMBOLS;
/// assert_eq!((SYMBOLS[0], SYMBOLS[1]), ('A', 'B')); // the two classes
/// ```
pub const SYMBOLS: [char; 6] = ['A', 'B', 'c', 'd', 'e', 'f'];

/// One sequence of the task: its one-hot inputs (T × 6) and its class (0 for `A`, 1 for `B`).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{programs::long_memory::example, Mt19937};
///
/// let (inputs, class) = example(10, &mut Mt19937::new(0));
/// assert_eq!(inputs.shape(), (10, 6));
/// assert_eq!(inputs[(0, class)], 1.0); // the first symbol is the class
/// assert!((1..10).all(|t| inputs[(t, 0)] == 0.0 && inputs[(t, 1)] == 0.0)); // then only distractors
/// ```
pub fn example(timesteps: usize, rng: &mut Mt19937) -> (Matrix, usize) {
    let class = rng.below(2);
    let mut inputs = Matrix::zeros(timesteps, SYMBOLS.len());
    for t in 0..timesteps {
        let symbol = if t == 0 {
            class
        } else {
            2 + rng.below(SYMBOLS.len() - 2)
        };
        inputs[(t, symbol)] = 1.0;
    }
    (inputs, class)
}

/// How long to train, and on what.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::long_memory::Budget;
/// use rnn_from_scratch::train::OptimizerKind;
///
/// let budget = Budget { steps: 20, batch: 4, optimizer: OptimizerKind::Adam, learning_rate: 0.01, test_size: 50 };
/// assert_eq!(budget.steps * budget.batch, 80); // sequences seen in training
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// Optimiser steps.
    pub steps: usize,
    /// Sequences per step (their gradients are summed).
    pub batch: usize,
    /// The update rule.
    pub optimizer: OptimizerKind,
    /// Its learning rate.
    pub learning_rate: f64,
    /// Held-out sequences for the accuracy.
    pub test_size: usize,
}

/// Trains `cell` (with a fresh 2-class softmax output) on the task with sequences of
/// `timesteps` symbols, and returns the accuracy on held-out sequences.
///
/// Training: the budget's optimiser, gradients of `batch` sequences summed, global-norm
/// clipping at 1.
/// The held-out sequences come from their own generator (`seed + 1`), so none was seen
/// in training.
///
/// # Errors
///
/// A learning rate so large that the weights overflow: the model cannot be scored (the
/// message of the other trainers: `the trained model cannot be evaluated: …; training
/// diverged: try a smaller learning rate`).
///
/// # Panics
///
/// If `timesteps`, `budget.batch` or `budget.test_size` is 0 (`train_and_test: a budget
/// needs at least one held-out sequence`): there would be no task, no gradient, or no
/// accuracy to report; or if `cell` does not read the task's d = 6 symbols.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::long_memory::Budget;
/// use rnn_from_scratch::train::OptimizerKind;
///
/// let budget = Budget { steps: 20, batch: 4, optimizer: OptimizerKind::Adam, learning_rate: 0.01, test_size: 50 };
/// use rnn_from_scratch::programs::long_memory::{train_and_test, SYMBOLS};
/// use rnn_from_scratch::{LstmCell, Mt19937};
///
/// let accuracy = train_and_test(LstmCell::init(SYMBOLS.len(), 4, &mut Mt19937::new(0)), 3, budget, 0)?;
/// assert!((0.0..=1.0).contains(&accuracy));
/// let huge = Budget { learning_rate: 1e308, ..budget };
/// let err = train_and_test(LstmCell::init(SYMBOLS.len(), 4, &mut Mt19937::new(0)), 3, huge, 0);
/// assert!(err.unwrap_err().to_string().ends_with("training diverged: try a smaller learning rate"));
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
#[track_caller]
pub fn train_and_test<C: BatchStep>(
    cell: C,
    timesteps: usize,
    budget: Budget,
    seed: u32,
) -> Result<f64, TrainError> {
    assert!(
        timesteps > 0,
        "train_and_test: a sequence needs at least one symbol"
    );
    assert!(
        budget.batch > 0,
        "train_and_test: a budget needs at least one sequence per step"
    );
    assert!(
        budget.test_size > 0,
        "train_and_test: a budget needs at least one held-out sequence"
    );
    let mut rng = Mt19937::new(seed);
    let mut model = SequenceModel::with_softmax(cell, 2, &mut rng);
    let mut optimizer = budget.optimizer.build(budget.learning_rate);
    for _ in 0..budget.steps {
        let one = |(inputs, class)| Example {
            inputs: Input::Rows(inputs),
            targets: vec![(timesteps - 1, class)],
        };
        let batch: Vec<Example> = (0..budget.batch)
            .map(|_| one(example(timesteps, &mut rng)))
            .collect();
        // The batched path: the batch's sequences (all T long) as one pass, one matrix
        // product per step, equal to the sum of the separate runs within rounding.
        let (_, mut g, _) = loss_and_gradients_examples(&model, &batch, None, None)
            .expect("the task fits the model");
        if clip_global_norm(&mut g, 1.0).is_err() {
            break; // a non-finite gradient: stop here and report what was learned
        }
        optimizer.step(&mut model, &g);
    }
    accuracy(&model, timesteps, budget.test_size, seed.wrapping_add(1))
}

/// The fraction of `count` fresh sequences whose class the model predicts.
///
/// # Errors
///
/// A model whose state overflows (weights destroyed by a learning rate far too large).
///
/// # Panics
///
/// If `count` is 0: `accuracy: there are no sequences to score`.
///
/// # Examples
///
/// An untrained model guesses: about half right.
///
/// ```
/// use rnn_from_scratch::cells::SequenceModel;
/// use rnn_from_scratch::programs::long_memory::{accuracy, SYMBOLS};
/// use rnn_from_scratch::{Mt19937};
/// use rnn_from_scratch::cells::{GruCell};
///
/// let model = SequenceModel::with_softmax(GruCell::init(SYMBOLS.len(), 4, &mut Mt19937::new(0)), 2, &mut Mt19937::new(1));
/// let a = accuracy(&model, 10, 400, 7)?;
/// assert!((0.3..0.7).contains(&a), "{a}");
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
#[track_caller]
pub fn accuracy<C: Cell>(
    model: &SequenceModel<C>,
    timesteps: usize,
    count: usize,
    seed: u32,
) -> Result<f64, TrainError> {
    assert!(count > 0, "accuracy: there are no sequences to score");
    let mut rng = Mt19937::new(seed);
    let state0 = model.zero_state();
    let mut correct = 0;
    for _ in 0..count {
        let (inputs, class) = example(timesteps, &mut rng);
        let p = model
            .predict_last(&inputs, &state0)
            .map_err(|e| crate::programs::uses::overflowed(&e))?;
        correct += usize::from(crate::cells::greedy(&p) == class);
    }
    Ok(correct as f64 / count as f64)
}

/// How one of [`CELLS`] is made for length T: from (T, Dh, the job's generator), the cell,
/// which [`compare`] trains and tests ([`train_and_test`]).
pub type Contender = fn(usize, usize, &mut Mt19937) -> AnyCell;

/// The cells [`compare`] trains side by side, each a kind of cell with an initialisation,
/// named as the table's columns: `rnn`, the plain RNN with PyTorch's initialisation
/// ([`Init::PyTorch`]); `lstm`, the LSTM with its memory initialised to reach T steps
/// ("chrono", [`LstmCell::init_chrono`]); `lstm(b_f=1)`, the LSTM as [`LstmCell::init`]
/// makes it (forget bias 1); `gru`, the GRU as [`GruCell::init`] makes it.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::long_memory::CELLS;
/// let names: Vec<&str> = CELLS.iter().map(|c| c.0).collect();
/// assert_eq!(names, ["rnn", "lstm", "lstm(b_f=1)", "gru"]);
/// ```
pub const CELLS: [(&str, Contender); 4] = [
    ("rnn", |_, dh, rng| {
        Init::PyTorch.cell(SYMBOLS.len(), dh, rng).into()
    }),
    ("lstm", |t, dh, rng| {
        LstmCell::init_chrono(SYMBOLS.len(), dh, t, rng).into()
    }),
    ("lstm(b_f=1)", |_, dh, rng| {
        LstmCell::init(SYMBOLS.len(), dh, rng).into()
    }),
    ("gru", |_, dh, rng| {
        GruCell::init(SYMBOLS.len(), dh, rng).into()
    }),
];

/// What `rnn long-memory` runs: every cell of [`CELLS`] at every length.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::long_memory::{Budget, Options};
/// use rnn_from_scratch::train::OptimizerKind;
///
/// let budget = Budget { steps: 5, batch: 2, optimizer: OptimizerKind::Adam, learning_rate: 0.01, test_size: 20 };
/// let options = Options { lengths: vec![3], hidden: 4, budget, seed: 0, threads: 1 };
/// assert_eq!(options.lengths, [3]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The sequence lengths T.
    pub lengths: Vec<usize>,
    /// Dh of every cell.
    pub hidden: usize,
    /// How each is trained and tested.
    pub budget: Budget,
    /// The seed (each length draws from `seed + 1000·T`).
    pub seed: u32,
    /// How many threads share the jobs (one job = one cell at one length).
    pub threads: usize,
}

impl Options {
    /// What the jobs hold in memory ([`Need`]): each thread runs one (cell, T) job at a time,
    /// its batch in training, then the held-out sequences (an LSTM's, the largest).
    pub fn memory(&self) -> Need {
        let longest = self.lengths.iter().copied().max().unwrap_or(1);
        let rows = self.budget.batch.max(self.budget.test_size);
        let (kind, d, dh) = (CellKind::Lstm, SYMBOLS.len(), self.hidden);
        let bytes = sequence_training(kind, d, dh, 2, longest, rows, 1, self.threads);
        let what = "each thread's sequences, their states and the weights";
        (bytes, what, "--lengths, --batch or --hidden")
    }
}

/// The held-out accuracy of every cell at every length.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::long_memory::{Budget, Options};
/// use rnn_from_scratch::train::OptimizerKind;
///
/// let budget = Budget { steps: 5, batch: 2, optimizer: OptimizerKind::Adam, learning_rate: 0.01, test_size: 20 };
/// let options = Options { lengths: vec![3], hidden: 4, budget, seed: 0, threads: 1 };
/// let report = rnn_from_scratch::programs::long_memory::compare(&options, |_, _, _| {})?;
/// let (t, accuracies) = report.rows[0];
/// assert_eq!((t, accuracies.len()), (3, 4)); // rnn, lstm, lstm(b_f=1), gru
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// One row per length, in the order of [`Options::lengths`]: (T, the accuracy of each
    /// cell of [`CELLS`]).
    pub rows: Vec<(usize, [f64; 4])>,
}

impl Report {
    /// The report as `rnn long-memory` prints it, `seconds` after it started: what was
    /// trained, the table (a row per T, a column per cell of [`CELLS`]) and the time; its
    /// last line ([`Report::figure`]) apart.
    pub fn lines(&self, options: &Options, seconds: f64) -> Vec<String> {
        let (budget, threads, hidden) = (options.budget, options.threads, options.hidden);
        let (steps, optimizer, batch) = (budget.steps, budget.optimizer, budget.batch);
        let (test_size, lr) = (budget.test_size, budget.learning_rate);
        let mut lines = vec![format!(
            "held-out accuracy on {test_size} sequences per T (chance 0.5); hidden {hidden}, {steps} {optimizer:?} steps of {batch} sequences, lr {lr}"
        )];
        let names = CELLS.iter().map(|(name, _)| format!(" {name:>12}"));
        lines.push(format!("{:>5}", "T") + &names.collect::<String>());
        for (t, row) in &self.rows {
            let row = row.iter().map(|accuracy| format!(" {accuracy:>12.3}"));
            lines.push(format!("{t:>5}") + &row.collect::<String>());
        }
        let plural = if threads == 1 { "" } else { "s" };
        lines.push(format!("({seconds:.1} s on {threads} thread{plural})"));
        lines
    }

    /// The last line, which scripts read: `longest T=<T>: rnn <accuracy>, lstm <accuracy>`.
    pub fn figure(&self) -> String {
        let (longest, last) = self
            .rows
            .iter()
            .max_by_key(|(t, _)| *t)
            .expect("at least one length");
        let (rnn, lstm) = (last[0], last[1]);
        format!("longest T={longest}: rnn {rnn:.3}, lstm {lstm:.3}")
    }

    /// The shortest T and the best accuracy there, which every cell reaches well above
    /// chance at the defaults: near 0.5, nothing was learned.
    pub fn shortest(&self) -> (usize, f64) {
        let (shortest, first) = self
            .rows
            .iter()
            .min_by_key(|(t, _)| *t)
            .expect("at least one length");
        (*shortest, first.iter().copied().fold(0.0, f64::max))
    }

    /// The accuracies against T, a line per cell beside chance (0.5, what a cell that
    /// remembers nothing reaches), as an SVG.
    pub fn plot(&self, options: &Options) -> String {
        let mut p = Plot::new(
            "remembering the first of T symbols",
            "T (sequence length)",
            "held-out accuracy",
        );
        for (c, (name, _)) in CELLS.iter().enumerate() {
            let points = self.rows.iter().map(|(t, row)| (*t as f64, row[c]));
            p = p.series(name, points.collect());
        }
        let longest = options.lengths.iter().copied().max().unwrap_or(1);
        let chance = vec![(options.lengths[0] as f64, 0.5), (longest as f64, 0.5)];
        p.series("chance (0.5)", chance).to_svg()
    }
}

/// Trains and tests every cell of [`CELLS`] at every length, sharing the jobs between
/// `options.threads` threads ([`map_jobs`]); `on_job(T, cell, accuracy)` is called as
/// each finishes. The figures do not depend on the number of threads: each job has its
/// own generator, seeded from T.
///
/// # Errors
///
/// The first job, in the table's order, whose model could not be scored
/// ([`train_and_test`]).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::long_memory::{compare, Budget, Options};
/// use rnn_from_scratch::train::OptimizerKind;
///
/// let budget = Budget { steps: 5, batch: 2, optimizer: OptimizerKind::Adam, learning_rate: 0.01, test_size: 20 };
/// let options = Options { lengths: vec![3, 4], hidden: 4, budget, seed: 0, threads: 2 };
/// let report = compare(&options, |_, _, _| {})?;
/// assert_eq!(report.rows.len(), 2);
/// assert_eq!(report, compare(&Options { threads: 1, ..options }, |_, _, _| {})?);
/// # Ok::<(), rnn_from_scratch::train::TrainError>(())
/// ```
pub fn compare(
    options: &Options,
    mut on_job: impl FnMut(usize, &str, f64) + Send,
) -> Result<Report, TrainError> {
    let jobs: Vec<(usize, usize)> = (0..options.lengths.len())
        .flat_map(|i| (0..CELLS.len()).map(move |c| (i, c)))
        .collect();
    let job = |&(i, c): &(usize, usize)| {
        let t = options.lengths[i];
        let job_seed = options.seed.wrapping_add(1000 * t as u32);
        let cell = (CELLS[c].1)(t, options.hidden, &mut Mt19937::new(job_seed));
        train_and_test(cell, t, options.budget, job_seed)
    };
    let done = |k: usize, accuracy: &Result<f64, TrainError>| {
        if let Ok(accuracy) = accuracy {
            on_job(options.lengths[jobs[k].0], CELLS[jobs[k].1].0, *accuracy)
        }
    };
    let accuracies = map_jobs(&jobs, options.threads, job, done).into_iter();
    let accuracies = accuracies.collect::<Result<Vec<f64>, TrainError>>()?;
    let rows = options.lengths.iter().zip(accuracies.chunks(CELLS.len()));
    let rows = rows.map(|(&t, row)| (t, std::array::from_fn(|c| row[c])));
    let rows = rows.collect();
    Ok(Report { rows })
}
