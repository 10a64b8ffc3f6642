//! Two readers, one each way (양방향): a sequence of token ids read from its first token to
//! its last by one [`Classifier`] and from its last to its first by another, the answer the
//! mean of their two distributions.
//!
//! A many-to-one reader going forward ends with what it read last fresh in its state and
//! what it read first faded (the vanishing gradient, `vanishing`); one going backward, the
//! other way round. They make different mistakes, so their mean makes fewer than either:
//! an ensemble (앙상블) of two, each trained on its own. It is the bidirectional idea of
//! [`Bidirectional`](crate::cells::Bidirectional), put to a many-to-one task: there every step
//! gets both directions' states; here the whole sequence gets both readers' answers.
//!
//! ```text
//! p→ = softmax(Wy→·h→ + b→)   h→: the forward reader's state after id₁, …, id_T
//! p← = softmax(Wy←·h← + b←)   h←: the backward reader's state after id_T, …, id₁
//! p  = ½·(p→ + p←)
//! ```
//!
//! | symbol | shape |
//! |---|---|
//! | each reader's E | V×E |
//! | each reader's cell | d = E, Dh |
//! | each reader's Wy, b | classes×Dh, classes |
//! | p→, p←, p | classes |

use crate::cells::{Cell, CellKind, Classifier};
use crate::io::save::Saved;
use crate::linalg::{Matrix, Mt19937, ShapeError, Vector};

/// A forward and a backward [`Classifier`] of the same tokens; see the module.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{one_hot, CellKind};
/// use rnn_from_scratch::programs::uses::two_way::TwoWayClassifier;
/// use rnn_from_scratch::Mt19937;
///
/// let model = TwoWayClassifier::for_ids(CellKind::Lstm, 30, 4, 8, 2, &mut Mt19937::new(0));
/// let ids = [3, 1, 4, 1, 5];
/// let p = model.predict(&ids)?; // ½·(p→ + p←)
/// // The same, each reader on its own: the forward one on the ids, the backward one on
/// // them reversed, each after its last step.
/// let (forward, backward) = (&model.forward, &model.backward);
/// let ahead = forward.predict_last(&one_hot(&ids, 30), &forward.zero_state())?;
/// let behind = backward.predict_last(&one_hot(&[5, 1, 4, 1, 3], 30), &backward.zero_state())?;
/// for k in 0..2 {
///     assert!((p[k] - (ahead[k] + behind[k]) / 2.0).abs() < 1e-12);
/// }
/// assert_ne!(ahead, behind); // two readers, two sets of weights
/// assert!(model.predict(&[]).is_err() && model.predict(&[30]).is_err()); // no ids; V = 30
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TwoWayClassifier {
    /// Reads idₜ from the first to the last.
    pub forward: Classifier,
    /// Reads idₜ from the last to the first.
    pub backward: Classifier,
}

impl TwoWayClassifier {
    /// Two fresh [`Classifier::for_ids`], the forward reader's weights drawn first.
    pub fn for_ids(
        kind: CellKind,
        vocab_size: usize,
        embedding_size: usize,
        hidden_size: usize,
        classes: usize,
        rng: &mut Mt19937,
    ) -> TwoWayClassifier {
        let mut reader =
            || Classifier::for_ids(kind, vocab_size, embedding_size, hidden_size, classes, rng);
        let (forward, backward) = (reader(), reader());
        TwoWayClassifier { forward, backward }
    }

    /// Each reader's distribution after each token: row t of the first matrix is p→ after
    /// reading id₁ … idₜ, row t of the second is p← after reading id_T down to idₜ. The
    /// answer ([`predict`](TwoWayClassifier::predict)) is the mean of the first's last row
    /// and the second's first row: each reader after the whole sequence.
    ///
    /// # Errors
    ///
    /// No ids, an id not below V, or a state that overflowed (a diverged model).
    pub fn read(&self, ids: &[usize]) -> Result<(Matrix, Matrix), ShapeError> {
        if ids.is_empty() {
            return Err(ShapeError::new("a prediction needs at least one timestep"));
        }
        let each_step = |reader: &Classifier, ids: &[usize]| {
            let rows = reader.cell().embedding().lookup(ids)?; // Iₜ = E[idₜ]
            let state0 = reader.zero_state();
            let (hs, _, _) = reader.cell().cell().forward_cached(&rows, &state0)?;
            reader.output().forward(&hs)
        };
        let reversed: Vec<usize> = ids.iter().rev().copied().collect();
        let ahead = each_step(&self.forward, ids)?;
        let behind = each_step(&self.backward, &reversed)?;
        let back = |t| Vector::from(behind.row(t));
        let back_in_order: Vec<Vector> = (0..ids.len()).rev().map(back).collect();
        Ok((ahead, Matrix::stack(&back_in_order)?))
    }

    /// p = ½·(p→ + p←), both readers after the whole sequence.
    ///
    /// # Errors
    ///
    /// As [`read`](TwoWayClassifier::read).
    pub fn predict(&self, ids: &[usize]) -> Result<Vector, ShapeError> {
        let (ahead, behind) = self.read(ids)?;
        let (last, first) = (ahead.row(ids.len() - 1), behind.row(0));
        let both = last.iter().zip(first).map(|(a, b)| 0.5 * (a + b));
        Ok(Vector::from(both.collect::<Vec<f64>>()))
    }
}

crate::cells::parameters::parts!(TwoWayClassifier, forward, backward);

/// How the sentiment model is saved: `vocab.txt` holds its tokens, `model.txt` its cell, V, E
/// and Dh; the backward reader's files end in `_2` (`e_2.npy`, `wx_2.npy`).
impl Saved for TwoWayClassifier {
    const PROGRAM: &'static str = "sentiment";
    const VOCABULARIES: &'static [(&'static str, &'static str, &'static str)] =
        &[("vocab.txt", "vocab_size", "tokens")];
    const SIZES: &'static [(&'static str, bool)] = &[
        ("vocab_size", true),
        ("embedding_size", true),
        ("hidden_size", true),
    ];

    fn kind(&self) -> CellKind {
        self.forward.cell().cell().kind()
    }

    fn sizes(&self) -> Vec<usize> {
        let reader = self.forward.cell();
        let table = reader.embedding();
        vec![table.vocab_size(), table.size(), reader.hidden_size()]
    }

    fn count(kind: CellKind, sizes: &[usize]) -> u128 {
        let (v, e, dh) = (sizes[0] as u128, sizes[1] as u128, sizes[2] as u128);
        2 * (v * e + kind.num_parameters(sizes[1], sizes[2]) + 2 * dh + 2) // two readers
    }

    fn fresh(kind: CellKind, sizes: &[usize]) -> Result<Self, String> {
        let (v, e, dh) = (sizes[0], sizes[1], sizes[2]);
        let rng = &mut Mt19937::new(0);
        Ok(TwoWayClassifier::for_ids(kind, v, e, dh, 2, rng))
    }
}
