//! The bag-of-words baseline: a softmax classifier on word counts, blind to word order.

use crate::cells::softmax;
use crate::io::text::Vocabulary;
use crate::linalg::Vector;
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
/// use rnn_from_scratch::programs::uses::bag_of_words::BagOfWords;
///
/// // word 0 means class 1, word 1 means class 0
/// let data = vec![(vec![0], 1), (vec![1], 0), (vec![0, 0], 1), (vec![1, 1], 0)];
/// let model = BagOfWords::train_l2(&data, 2, 2, 200, 0.0);
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
    /// (the whole data set per step: it is small, and the problem is convex), with an L2
    /// penalty: the loss is the summed
    /// cross-entropy plus `l2`/2 · Σ W² (the bias is not penalised), as scikit-learn's
    /// `LogisticRegression(C = 1/l2)` has it. On real text, with a weight for each of
    /// hundreds of thousands of words, most seen once, the penalty keeps a word seen once
    /// from deciding alone.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::bag_of_words::BagOfWords;
    ///
    /// let data = vec![(vec![0, 2], 1), (vec![1, 2], 0), (vec![0], 1), (vec![1], 0)];
    /// let model = BagOfWords::train_l2(&data, 3, 2, 200, 1.0);
    /// assert_eq!((model.predict(&[0]), model.predict(&[1])), (1, 0));
    /// // word 0 means class 1, word 1 means class 0; no penalty
    /// let model = BagOfWords::train_l2(&data, 3, 2, 200, 0.0);
    /// assert_eq!(model.predict(&[0, 2]), 1);
    /// ```
    pub fn train_l2(
        data: &[(Vec<usize>, usize)],
        vocab_size: usize,
        classes: usize,
        epochs: usize,
        l2: f64,
    ) -> BagOfWords {
        let zeros = || BagOfWords {
            weights: Vector::zeros(classes * (vocab_size + 1)),
            vocab_size,
            classes,
        };
        let mut model = zeros();
        let mut adam = Adam::new(0.05);
        let width = vocab_size + 1;
        for _ in 0..epochs {
            let mut gradient = zeros();
            let rows = model.weights.as_slice().chunks(width);
            for (grad, row) in gradient.weights.as_mut_slice().chunks_mut(width).zip(rows) {
                for (g, w) in grad[..vocab_size].iter_mut().zip(row) {
                    *g = l2 * w; // ∂(l2/2 · W²)/∂W, the bias (last column) left out
                }
            }
            for (words, class) in data {
                let mut dz = model.probabilities(words);
                dz[*class] -= 1.0; // softmax cross-entropy: dz = p − onehot
                // dW = dz·countsᵀ and db = dz, touching only the sentence's words: counts
                // are sparse (a few words of a vocabulary of thousands).
                for c in 0..classes {
                    let row = &mut gradient.weights.as_mut_slice()[c * width..(c + 1) * width];
                    for &w in words {
                        row[w] += dz[c];
                    }
                    row[vocab_size] += dz[c];
                }
            }
            adam.step(&mut model, &gradient);
        }
        model
    }

    /// p = softmax(W·counts + b), summing W's columns of the sentence's words (a word
    /// that occurs twice is added twice: its count).
    fn probabilities(&self, words: &[usize]) -> Vector {
        let width = self.vocab_size + 1;
        let w = self.weights.as_slice();
        let z: Vec<f64> = (0..self.classes)
            .map(|c| {
                let row = &w[c * width..(c + 1) * width];
                row[self.vocab_size] + words.iter().map(|&j| row[j]).sum::<f64>()
            })
            .collect();
        softmax(&Vector::from(z))
    }

    /// The likeliest class of a sentence.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::programs::uses::bag_of_words::BagOfWords;
    ///
    /// // word 0 means class 1, word 1 means class 0
    /// let data = vec![(vec![0, 2], 1), (vec![1, 2], 0), (vec![0], 1), (vec![1], 0)];
    /// let model = BagOfWords::train_l2(&data, 3, 2, 200, 0.0);
    /// assert_eq!(model.predict(&[1]), 0);
    /// ```
    pub fn predict(&self, words: &[usize]) -> usize {
        crate::cells::greedy(&self.probabilities(words))
    }
}

/// A baseline on hand-made features: [`BagOfWords::train_l2`] on `train`'s (features,
/// class) pairs, every feature seen at least `min_count` times in `train` a word of it (the
/// others are nothing to it), `epochs` full-batch steps with the L2 penalty `l2`. Returns
/// its accuracy on `test` (a class it cannot give, such as `usize::MAX`, counts as wrong)
/// and how many features it learned.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::bag_of_words::feature_accuracy;
/// let item = |words: &str, class| (words.split(' ').map(String::from).collect(), class);
/// let train = vec![item("good fun", 1), item("bad dull", 0), item("good", 1), item("bad", 0)];
/// let test = [item("fun good", 1), item("dull", 0), item("new", usize::MAX)];
/// let (accuracy, features) = feature_accuracy(&train, &test, 2, 1, 200, 0.0);
/// assert_eq!((accuracy, features), (2.0 / 3.0, 4)); // a class it cannot give: wrong
/// ```
pub fn feature_accuracy(
    train: &[(Vec<String>, usize)],
    test: &[(Vec<String>, usize)],
    classes: usize,
    min_count: usize,
    epochs: usize,
    l2: f64,
) -> (f64, usize) {
    let all = train.iter().flat_map(|(f, _)| f.iter().cloned());
    let known = Vocabulary::counted(all, |_, n| n >= min_count);
    let ids = |f: &[String]| -> Vec<usize> { f.iter().filter_map(|x| known.index_of(x)).collect() };
    let data: Vec<(Vec<usize>, usize)> = train.iter().map(|(f, c)| (ids(f), *c)).collect();
    let model = BagOfWords::train_l2(&data, known.len(), classes, epochs, l2);
    let right = test.iter().filter(|(f, c)| model.predict(&ids(f)) == *c);
    (right.count() as f64 / test.len().max(1) as f64, known.len())
}
