#![doc = include_str!("../docs/long-memory.md")]

use crate::train::char_rnn::OptimizerKind;
use crate::train::{Cell, SequenceModel, add_into, clip_global_norm};
use crate::{Matrix, Mt19937};

/// Symbols: 0 = `A`, 1 = `B` (the classes), then the distractors.
pub const SYMBOLS: [char; 6] = ['A', 'B', 'c', 'd', 'e', 'f'];

/// One sequence of the task: its one-hot inputs (T × 6) and its class (0 for `A`, 1 for `B`).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{long_memory::example, Mt19937};
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
#[derive(Debug, Clone, Copy)]
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
pub fn train_and_test<C: Cell>(cell: C, timesteps: usize, budget: Budget, seed: u32) -> f64 {
    let mut rng = Mt19937::new(seed);
    let mut model = SequenceModel::with_softmax(cell, 2, &mut rng);
    let mut optimizer = budget.optimizer.build(budget.learning_rate);
    let state0 = model.zero_state();
    for _ in 0..budget.steps {
        let mut total = None;
        for _ in 0..budget.batch {
            let (inputs, class) = example(timesteps, &mut rng);
            let (_, g, _) = model
                .loss_and_gradients(&inputs, &[(timesteps - 1, class)], &state0)
                .expect("the task fits the model");
            match &mut total {
                None => total = Some(g),
                Some(t) => add_into(t, &g),
            }
        }
        let mut g = total.expect("batch ≥ 1");
        if clip_global_norm(&mut g, 1.0).is_err() {
            break; // a non-finite gradient: stop here and report what was learned
        }
        optimizer.step(&mut model, &g);
    }
    accuracy(&model, timesteps, budget.test_size, seed.wrapping_add(1))
}

/// The fraction of `count` fresh sequences whose class the model predicts.
pub fn accuracy<C: Cell>(
    model: &SequenceModel<C>,
    timesteps: usize,
    count: usize,
    seed: u32,
) -> f64 {
    let mut rng = Mt19937::new(seed);
    let state0 = model.zero_state();
    let correct = (0..count)
        .filter(|_| {
            let (inputs, class) = example(timesteps, &mut rng);
            let p = model
                .predict_last(&inputs, &state0)
                .expect("the task fits the model");
            crate::text::greedy(&p) == class
        })
        .count();
    correct as f64 / count.max(1) as f64
}

/// The number of trainable values of a model with this cell and a 2-class output.
pub fn num_parameters<C: Cell>(cell: &C) -> usize {
    crate::train::Parameters::num_values(cell) + 2 * cell.hidden_size() + 2
}
