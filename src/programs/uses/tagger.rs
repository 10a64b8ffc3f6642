//! The tagger of real treebanks: each word read as the sum of the learned rows of its
//! pieces (its first and last characters, its shape, the word itself), both directions of
//! the sentence read by a [`Bidirectional`] cell, and a softmax over the tags at every
//! word ([`programs::uses::treebank`](crate::programs::uses::treebank) learns the pieces and
//! trains it).

use crate::cells::{AnyCell, Bidirectional, Cell, CellKind, Embedding, SequenceModel, greedy};
use crate::io::save::Saved;
use crate::linalg::{Matrix, Mt19937, ShapeError, Vector};

/// The weights of the treebank tagger: E (a row per piece, V×E), and the bidirectional cell
/// with its softmax over the tags.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::CellKind;
/// use rnn_from_scratch::programs::uses::tagger::PieceTagger;
/// use rnn_from_scratch::Mt19937;
///
/// let tagger = PieceTagger::init(CellKind::Lstm, 30, 8, 6, 17, &mut Mt19937::new(0));
/// let tags = tagger.tag(&[vec![0, 4], vec![2], vec![]])?; // three words: their pieces' ids
/// assert!(tags.len() == 3 && tags.iter().all(|&t| t < 17));
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PieceTagger {
    /// E, the pieces' rows (the cell reads E values: d = E).
    pub table: Embedding,
    /// The bidirectional cell and its softmax.
    pub model: SequenceModel<Bidirectional<AnyCell>>,
}

impl PieceTagger {
    /// A fresh tagger: E = [`Embedding::init`] (V = `pieces` rows of E values), two `kind`
    /// cells (Dh each, one a direction) and a softmax over `tags`, drawn in that order.
    pub fn init(
        kind: CellKind,
        pieces: usize,
        e: usize,
        dh: usize,
        tags: usize,
        rng: &mut Mt19937,
    ) -> PieceTagger {
        let table = Embedding::init(pieces.max(1), e, rng);
        let (ahead, behind) = (kind.build(e, dh, rng), kind.build(e, dh, rng));
        let cell = Bidirectional::new(ahead, behind).expect("two cells of one shape");
        let model = SequenceModel::with_softmax(cell, tags, rng);
        PieceTagger { table, model }
    }

    /// Iₜ = Σ E\[piece\] for every word (a word's pieces' ids): timesteps × E.
    ///
    /// # Panics
    ///
    /// If an id is not below V.
    pub fn inputs(&self, words: &[Vec<usize>]) -> Matrix {
        let table = self.table.table();
        let mut x = Matrix::zeros(words.len(), self.table.size());
        for (t, ids) in words.iter().enumerate() {
            let row = x.row_mut(t);
            for &id in ids {
                for (xi, ti) in row.iter_mut().zip(table.row(id)) {
                    *xi += ti;
                }
            }
        }
        x
    }

    /// The likeliest tag of every word.
    ///
    /// # Errors
    ///
    /// The weights overflow f64 on this sentence (a learning rate far too large).
    pub fn tag(&self, words: &[Vec<usize>]) -> Result<Vec<usize>, ShapeError> {
        let (model, inputs) = (&self.model, self.inputs(words));
        let (hs, _, _) = model.cell().forward_cached(&inputs, &model.zero_state())?;
        let probabilities = model.output().forward(&hs)?;
        let tag = |t| greedy(&Vector::from(probabilities.row(t)));
        Ok((0..words.len()).map(tag).collect())
    }
}

crate::cells::parameters::parts!(PieceTagger, table, model);

/// How the tagger is saved: `vocab.txt` holds its pieces and `tags.txt` its tags,
/// `model.txt` its cell, V, E, Dh and the tags; the backward direction's files end in `_2`.
impl Saved for PieceTagger {
    const PROGRAM: &'static str = "tagger";
    const VOCABULARIES: &'static [(&'static str, &'static str, &'static str)] = &[
        ("vocab.txt", "vocab_size", "pieces"),
        ("tags.txt", "classes", "tags"),
    ];
    const SIZES: &'static [(&'static str, bool)] = &[
        ("vocab_size", true),
        ("embedding_size", true),
        ("hidden_size", true),
        ("classes", true),
    ];

    fn kind(&self) -> CellKind {
        self.model.cell().cells().0.kind()
    }

    fn sizes(&self) -> Vec<usize> {
        let dh = self.model.cell().hidden_size() / 2;
        let classes = self.model.output().output_size();
        vec![self.table.vocab_size(), self.table.size(), dh, classes]
    }

    fn count(kind: CellKind, sizes: &[usize]) -> u128 {
        let [v, e, dh, c] = [0, 1, 2, 3].map(|k| sizes[k] as u128);
        let cell = kind.num_parameters(sizes[1], sizes[2]);
        v.max(1) * e + 2 * cell + c * 2 * dh + c // E, both directions, Wy, by
    }

    fn fresh(kind: CellKind, sizes: &[usize]) -> Result<Self, String> {
        let (v, e, dh, tags) = (sizes[0], sizes[1], sizes[2], sizes[3]);
        let rng = &mut Mt19937::new(0);
        Ok(PieceTagger::init(kind, v, e, dh, tags, rng))
    }
}
