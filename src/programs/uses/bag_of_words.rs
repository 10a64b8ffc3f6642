//! The bag-of-words baseline: a softmax classifier on word counts, blind to word order.

use crate::cells::softmax;
use crate::linalg::{Matrix, Vector};
use crate::train::{Adam, Optimizer};

/// A linear classifier on how often each word occurs: p = softmax(W·counts + b).
///
/// It sees *which* words a sentence has, not in what order, so "not good" and "good
/// not" are the same to it; and no linear score can make both "good" and "not bad"
/// positive while "bad" and "not good" are negative (the score of "not" would have to be
/// both below −score(good) and above −score(bad)). That is what the RNN beats.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::tasks::bag_of_words::BagOfWords;
///
/// // word 0 means class 1, word 1 means class 0
/// let data = vec![(vec![0], 1), (vec![1], 0), (vec![0, 0], 1), (vec![1, 1], 0)];
/// let model = BagOfWords::train(&data, 2, 2, 200);
/// assert_eq!(model.predict(&[0]), 1);
/// assert_eq!(model.predict(&[1]), 0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BagOfWords {
    /// classes × vocabulary size, then the bias: as one array for the optimiser.
    weights: Vector,
    vocab_size: usize,
    classes: usize,
}

impl crate::cells::Parameters for BagOfWords {
    fn parameters(&self) -> Vec<(&'static str, &[f64])> {
        vec![("W and b", self.weights.as_slice())]
    }

    fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
        vec![("W and b", self.weights.as_mut_slice())]
    }
}

impl BagOfWords {
    /// Trains on (word indices, class) pairs with Adam (lr 0.05), `epochs` full passes
    /// (the whole data set per step: it is small, and the problem is convex).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::tasks::bag_of_words::BagOfWords;
    ///
    /// // word 0 means class 1, word 1 means class 0
    /// let data = vec![(vec![0, 2], 1), (vec![1, 2], 0), (vec![0], 1), (vec![1], 0)];
    /// let model = BagOfWords::train(&data, 3, 2, 200);
    /// assert_eq!(model.predict(&[0, 2]), 1);
    /// ```
    pub fn train(
        data: &[(Vec<usize>, usize)],
        vocab_size: usize,
        classes: usize,
        epochs: usize,
    ) -> BagOfWords {
        let zeros = || BagOfWords {
            weights: Vector::zeros(classes * (vocab_size + 1)),
            vocab_size,
            classes,
        };
        let mut model = zeros();
        let mut adam = Adam::new(0.05);
        for _ in 0..epochs {
            let mut gradient = zeros();
            for (words, class) in data {
                let counts = model.counts(words);
                let mut dz = model.probabilities(&counts);
                dz[*class] -= 1.0; // softmax cross-entropy: dz = p − onehot
                for c in 0..classes {
                    for (j, x) in counts.as_slice().iter().enumerate() {
                        gradient.weights[c * (vocab_size + 1) + j] += dz[c] * x; // dW = dz·countsᵀ (and db)
                    }
                }
            }
            adam.step(&mut model, &gradient);
        }
        model
    }

    /// The counts vector of a sentence, with a 1 appended for the bias.
    fn counts(&self, words: &[usize]) -> Vector {
        let mut counts = Vector::zeros(self.vocab_size + 1);
        for &w in words {
            counts[w] += 1.0;
        }
        counts[self.vocab_size] = 1.0;
        counts
    }

    fn probabilities(&self, counts: &Vector) -> Vector {
        let w = Matrix::from_vec(
            self.classes,
            self.vocab_size + 1,
            self.weights.as_slice().to_vec(),
        )
        .expect("classes·(V+1)");
        softmax(&(&w * counts))
    }

    /// The likeliest class of a sentence.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::tasks::bag_of_words::BagOfWords;
    ///
    /// // word 0 means class 1, word 1 means class 0
    /// let data = vec![(vec![0, 2], 1), (vec![1, 2], 0), (vec![0], 1), (vec![1], 0)];
    /// let model = BagOfWords::train(&data, 3, 2, 200);
    /// assert_eq!(model.predict(&[1]), 0);
    /// ```
    pub fn predict(&self, words: &[usize]) -> usize {
        crate::cells::greedy(&self.probabilities(&self.counts(words)))
    }
}
