//! Embeddings (임베딩): "input_size는 NLP에서 각 단어의 임베딩 벡터 차원을 의미한다" — the
//! notes' d is the size of each word's embedding vector.
//!
//! A one-hot input spends d = V values on one word, all of them zero but one, and says
//! nothing about which words are alike. An embedding is a V×E table of learned numbers:
//! word `id` is row `id` of the table, E values (E ≪ V), so Iₜ = E[idₜ] and the notes' d
//! is E. Wx·Iₜ then costs Dh·E instead of Dh·V, and words used alike end up with rows
//! alike. The table is trained with everything else: its gradient is the gradient of the
//! cell's inputs, added to the rows that were read (and no other row).
//!
//! ```text
//! Iₜ = E[idₜ]                    E: V×E, Iₜ: E values (the notes' d = E)
//! ∂L/∂E[v] = Σ over t with idₜ = v of ∂L/∂Iₜ
//! ```
//!
//! [`Embedded`] puts a table under any cell (an RNN, an LSTM, a stack, a bidirectional
//! pair): it reads token ids (as one-hot rows, so every program and [`fit`](crate::train::fit)
//! works unchanged) and hands the cell their rows of the table.

use super::Cell;
use super::cell::check_sequence;
use crate::linalg::{Matrix, Mt19937, ShapeError, Vector};

/// A V×E embedding table: row `id` is the input vector of token `id`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::Embedding;
/// use rnn_from_scratch::Matrix;
///
/// let table = Embedding::new(Matrix::from_rows(&[vec![0.1, 0.2], vec![0.3, 0.4], vec![0.5, 0.6]])?)?;
/// let inputs = table.lookup(&[2, 0])?; // two timesteps, E = 2 values each
/// assert_eq!(inputs.row(0), &[0.5, 0.6]);
/// assert_eq!(inputs.row(1), &[0.1, 0.2]);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Embedding {
    table: Matrix,
}

impl Embedding {
    /// The table, after checking it has at least one row and one column and only finite
    /// values.
    ///
    /// # Errors
    ///
    /// `the embedding table E must be V×E with V, E ≥ 1, got 0×3`, or a value that is not
    /// finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::Embedding, Matrix};
    /// let err = Embedding::new(Matrix::zeros(0, 3)).unwrap_err();
    /// assert_eq!(err.to_string(), "the embedding table E must be V×E with V, E ≥ 1, got 0×3");
    /// ```
    pub fn new(table: Matrix) -> Result<Embedding, ShapeError> {
        let (v, e) = table.shape();
        if v == 0 || e == 0 {
            return Err(ShapeError::new(format!(
                "the embedding table E must be V×E with V, E ≥ 1, got {v}×{e}"
            )));
        }
        ShapeError::check_finite_matrix("E", &table)?;
        Ok(Embedding { table })
    }

    /// A gradient of the table (∂L/∂E), built without [`new`](Embedding::new)'s
    /// finiteness check, so that an overflow (a huge learning rate) reaches the clipping,
    /// which names it.
    pub(crate) fn gradient(table: Matrix) -> Embedding {
        Embedding { table }
    }

    /// A fresh V×E table, every value drawn from N(0, 1) as `torch.nn.Embedding` draws it.
    ///
    /// # Panics
    ///
    /// If V or E is 0: `Embedding::init: the embedding table E must be V×E with V, E ≥ 1,
    /// got 0×8` ([`Embedding::new`] returns that as an error).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::Embedding, Mt19937};
    /// let table = Embedding::init(100, 8, &mut Mt19937::new(0));
    /// assert_eq!((table.vocab_size(), table.size()), (100, 8));
    /// ```
    pub fn init(vocab_size: usize, size: usize, rng: &mut Mt19937) -> Embedding {
        Embedding::new(Matrix::randn(vocab_size, size, rng))
            .unwrap_or_else(|e| panic!("Embedding::init: {e}"))
    }

    /// V, the number of rows (tokens).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::Embedding, Mt19937};
    /// assert_eq!(Embedding::init(10, 4, &mut Mt19937::new(0)).vocab_size(), 10);
    /// ```
    pub fn vocab_size(&self) -> usize {
        self.table.shape().0
    }

    /// E, the size of each row: the notes' d for the cell above.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::Embedding, Mt19937};
    /// assert_eq!(Embedding::init(10, 4, &mut Mt19937::new(0)).size(), 4);
    /// ```
    pub fn size(&self) -> usize {
        self.table.shape().1
    }

    /// The table, V×E.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::Embedding, Mt19937};
    /// assert_eq!(Embedding::init(10, 4, &mut Mt19937::new(0)).table().shape(), (10, 4));
    /// ```
    pub fn table(&self) -> &Matrix {
        &self.table
    }

    /// Iₜ = E\[idₜ\] for every timestep: a timesteps × E matrix.
    ///
    /// # Errors
    ///
    /// An id that is not a row: `id 7 at timestep 2 is not in the vocabulary: V = 5, so
    /// ids must be below 5`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::Embedding, Mt19937};
    /// let table = Embedding::init(5, 3, &mut Mt19937::new(0));
    /// assert_eq!(table.lookup(&[4, 4, 0])?.shape(), (3, 3));
    /// let err = table.lookup(&[0, 1, 7]).unwrap_err();
    /// assert_eq!(err.to_string(), "id 7 at timestep 2 is not in the vocabulary: V = 5, so ids must be below 5");
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn lookup(&self, ids: &[usize]) -> Result<Matrix, ShapeError> {
        check_ids(ids, self.vocab_size())?;
        let rows = ids.iter().flat_map(|&id| self.table.row(id)).copied();
        Matrix::from_vec(ids.len(), self.size(), rows.collect())
    }

    /// The gradient of the table from ∂L/∂Iₜ (`dinputs`, timesteps × E): row `idₜ` gains
    /// row t of `dinputs`; a row no id read stays 0 and is never visited.
    pub(crate) fn backward(&self, ids: &[usize], dinputs: &Matrix) -> Embedding {
        let mut gradient = Matrix::zeros(self.vocab_size(), self.size());
        for (t, &id) in ids.iter().enumerate() {
            for (g, d) in gradient.row_mut(id).iter_mut().zip(dinputs.row(t)) {
                *g += d; //                                  ∂L/∂E[idₜ] += ∂L/∂Iₜ
            }
        }
        Embedding { table: gradient }
    }
}

/// Every id is below `v`, the vocabulary's size: `id 7 at timestep 2 is not in the
/// vocabulary: V = 5, so ids must be below 5`.
pub(crate) fn check_ids(ids: &[usize], v: usize) -> Result<(), ShapeError> {
    match ids.iter().position(|&id| id >= v) {
        None => Ok(()),
        Some(t) => Err(ShapeError::new(format!(
            "id {} at timestep {t} is not in the vocabulary: V = {v}, so ids must be below {v}",
            ids[t]
        ))),
    }
}

super::parameters::arrays!(Embedding, table "E");

/// An embedding table under a cell: it reads token ids, given as one-hot rows of V values
/// (so it is a [`Cell`] with d = V, and trains with [`fit`](crate::train::fit) like any
/// other), looks up their rows of the table, and feeds those (E values each) to the cell.
///
/// | symbol | shape |
/// |---|---|
/// | inputs (one-hot ids) | timesteps × V |
/// | E | V×E |
/// | the cell's d | E |
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{one_hot, Cell, Embedded, Embedding};
/// use rnn_from_scratch::{LstmCell, Mt19937, Vector};
///
/// let mut rng = Mt19937::new(0);
/// let cell = Embedded::new(Embedding::init(1000, 16, &mut rng), LstmCell::init(16, 8, &mut rng))?;
/// assert_eq!(cell.input_size(), 1000); // reads ids of a 1000-word vocabulary
/// let (hs, _, _) = cell.forward_cached(&one_hot(&[3, 999, 3], 1000), &Vector::zeros(16))?;
/// assert_eq!(hs.shape(), (3, 8));
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Embedded<C: Cell> {
    embedding: Embedding,
    cell: C,
}

impl<C: Cell> Embedded<C> {
    /// The table under the cell, after checking the cell reads E values.
    ///
    /// # Errors
    ///
    /// `the cell must read d = E = 16 values, got d = 12`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{Embedded, Embedding};
    /// use rnn_from_scratch::{Mt19937};
    /// use rnn_from_scratch::cells::{GruCell};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let err = Embedded::new(Embedding::init(50, 16, &mut rng), GruCell::init(12, 8, &mut rng)).unwrap_err();
    /// assert_eq!(err.to_string(), "the cell must read d = E = 16 values, got d = 12");
    /// ```
    pub fn new(embedding: Embedding, cell: C) -> Result<Embedded<C>, ShapeError> {
        if cell.input_size() != embedding.size() {
            return Err(ShapeError::new(format!(
                "the cell must read d = E = {} values, got d = {}",
                embedding.size(),
                cell.input_size()
            )));
        }
        Ok(Embedded { embedding, cell })
    }

    /// The table.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{Embedded, Embedding};
    /// use rnn_from_scratch::{Init, Mt19937};
    /// let mut rng = Mt19937::new(0);
    /// let cell = Embedded::new(Embedding::init(50, 4, &mut rng), Init::Xavier.cell(4, 3, &mut rng))?;
    /// assert_eq!(cell.embedding().vocab_size(), 50);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn embedding(&self) -> &Embedding {
        &self.embedding
    }

    /// The cell above the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{Embedded, Embedding};
    /// use rnn_from_scratch::{Init, Mt19937};
    /// let mut rng = Mt19937::new(0);
    /// let cell = Embedded::new(Embedding::init(50, 4, &mut rng), Init::Xavier.cell(4, 3, &mut rng))?;
    /// assert_eq!(cell.cell().hidden_size(), 3);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn cell(&self) -> &C {
        &self.cell
    }
}

/// The token ids of one-hot rows: row t must be all zeros but a single 1.
pub(crate) fn ids_of(inputs: &Matrix) -> Result<Vec<usize>, ShapeError> {
    (0..inputs.shape().0)
        .map(|t| {
            let row = inputs.row(t);
            let ones: Vec<usize> = (0..row.len()).filter(|&v| row[v] == 1.0).collect();
            match ones[..] {
                [id] if row.iter().filter(|&&x| x != 0.0).count() == 1 => Ok(id),
                _ => Err(ShapeError::new(format!(
                    "row {t} of the inputs is not one-hot: an embedding reads token ids, one 1 \
                     among zeros"
                ))),
            }
        })
        .collect()
}

super::parameters::parts!(impl<C: Cell> Embedded<C>, embedding, cell);

/// The embedding's backward pass, next to its forward pass: the cell's ∂L/∂Iₜ goes to the
/// rows that were read.
impl<C: Cell> Cell for Embedded<C> {
    type Cache = (Vec<usize>, C::Cache);

    fn input_size(&self) -> usize {
        self.embedding.vocab_size()
    }

    fn hidden_size(&self) -> usize {
        self.cell.hidden_size()
    }

    fn state_size(&self) -> usize {
        self.cell.state_size()
    }

    fn forward_cached(
        &self,
        inputs: &Matrix,
        state0: &Vector,
    ) -> Result<(Matrix, Vector, Self::Cache), ShapeError> {
        check_sequence(self, inputs, ("state0", "the cell's state"), state0)?;
        let ids = ids_of(inputs)?;
        let rows = self.embedding.lookup(&ids)?; //              Iₜ = E[idₜ]
        let (hs, last, cache) = self.cell.forward_cached(&rows, state0)?;
        Ok((hs, last, (ids, cache)))
    }

    /// The cell's backward pass, then ∂L/∂E\[idₜ\] += ∂L/∂Iₜ. Token ids are indices, not
    /// quantities to nudge, so the gradient of the one-hot inputs is returned as zeros
    /// (timesteps × V) rather than computed (it would cost timesteps·E·V for nothing).
    ///
    /// As [`backward`](Cell::backward), with the cell's own handling of ∂L/∂(last state).
    fn backward_with_last(
        &self,
        (ids, cache): &Self::Cache,
        dhs: &Matrix,
        dlast: &Vector,
    ) -> (Self, Vector, Matrix) {
        let (cell, dstate0, drows) = self.cell.backward_with_last(cache, dhs, dlast);
        let embedding = self.embedding.backward(ids, &drows);
        let dinputs = Matrix::zeros(ids.len(), self.input_size());
        (Embedded { embedding, cell }, dstate0, dinputs)
    }
}
