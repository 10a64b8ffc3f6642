//! The batched step ([`BatchStep`]): a cell run on B sequences at once, the notes'
//! formula with a batch dimension, each step one matrix product per input side. Its
//! [`Inputs`] are dense rows or token ids; each cell's own batched step lives beside its
//! literal step, in its folder (`rnn/batched.rs`, `lstm/batched.rs`, `gru/batched.rs`);
//! here are the composites (a [`Bidirectional`] pair, a [`Stacked`] stack, an
//! [`Embedded`] cell); the registry writes [`AnyCell`](super::AnyCell)'s. Row t·B + b of
//! every per-step array belongs to sequence b at step t.

use super::{Bidirectional, Cell, Embedded, Embedding, Gate, Stacked};
use crate::linalg::kernels::{Transposed, add_matmul, add_outer_products};
use crate::linalg::{Matrix, Vector};

/// The inputs of a batch, step-major: row (or id) t·B + b belongs to sequence b at step t.
///
/// A token id *is* a one-hot row of width d: its product with Wx is column `id` of Wx, a
/// lookup instead of d multiply-adds per row, and its gradient touches that column alone.
/// So a character model (d = V, ids in) and a classifier over embeddings (dense rows in)
/// run through the same batched step.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{BatchStep, Inputs};
/// use rnn_from_scratch::{cells::one_hot, Init, Mt19937};
///
/// let cell = Init::Xavier.cell(5, 3, &mut Mt19937::new(0)); // d = 5, Dh = 3
/// let ids = [4, 0, 2]; // one sequence (B = 1) of 3 steps
/// let (by_id, _) = cell.forward_rows(Inputs::Ids(&ids), 1, 3, None);
/// let (by_row, _) = cell.forward_rows(Inputs::Rows(one_hot(&ids, 5).as_slice()), 1, 3, None);
/// assert!(by_id.iter().zip(&by_row).all(|(a, b)| (a - b).abs() < 1e-15));
/// ```
#[derive(Debug, Clone, Copy)]
pub enum Inputs<'a> {
    /// Dense rows Xₜ, T·B×d.
    Rows(&'a [f64]),
    /// Token ids, T·B, each below d.
    Ids(&'a [usize]),
}

/// What a forward pass keeps of its [`Inputs`] for the backward pass.
#[derive(Debug, Clone)]
pub enum KeptInputs {
    /// Dense rows Xₜ, T·B×d.
    Rows(Vec<f64>),
    /// Token ids, T·B.
    Ids(Vec<usize>),
}

impl Inputs<'_> {
    /// Wx (G×d, row-major) made ready for [`add_step`](Inputs::add_step) on B rows:
    /// transposed once for a batch of dense rows, as it is for ids (a column read per id).
    pub(crate) fn weights<'w>(self, wx: &'w [f64], d: usize, b: usize) -> Transposed<'w> {
        match self {
            Inputs::Rows(_) => Transposed::new(wx, d, b),
            Inputs::Ids(_) => Transposed::new(wx, d, 1),
        }
    }

    /// Zₜ += Xₜ·Wxᵀ for the B rows of step t (`z`: B×G): a matrix product for dense rows,
    /// column idₜ of Wx for an id.
    pub(crate) fn add_step(self, z: &mut [f64], wx: &Transposed, t: usize, b: usize) {
        let d = wx.cols;
        match self {
            Inputs::Rows(xs) => wx.add_product(z, &xs[t * b * d..(t + 1) * b * d]),
            Inputs::Ids(ids) => {
                let (g, m) = (z.len() / b, wx.m);
                for (row, &id) in z.chunks_exact_mut(g).zip(&ids[t * b..(t + 1) * b]) {
                    for (j, z) in row.iter_mut().enumerate() {
                        *z += m[j * d + id]; // column id of Wx: the one-hot product
                    }
                }
            }
        }
    }

    /// Panics, naming what is wrong, unless these are T·B rows of d values (or T·B ids
    /// below d) and `state0`, if any, is B rows of `state_size` values: the checks of
    /// [`BatchStep::forward_rows`], made by each cell before it reads anything.
    #[track_caller]
    pub(crate) fn check(
        self,
        (b, timesteps, d): (usize, usize, usize),
        state0: Option<&[f64]>,
        state_size: usize,
    ) {
        let rows = b * timesteps;
        match self {
            Inputs::Rows(xs) => assert!(
                xs.len() == rows * d,
                "forward_rows: {timesteps} steps of B = {b} need {rows} rows of d = {d} values, got {} values",
                xs.len()
            ),
            Inputs::Ids(ids) => {
                assert!(
                    ids.len() == rows,
                    "forward_rows: {timesteps} steps of B = {b} need {rows} ids, got {}",
                    ids.len()
                );
                if let Some(k) = ids.iter().position(|&id| id >= d) {
                    panic!("forward_rows: id {} (row {k}) is not below d = {d}", ids[k]);
                }
            }
        }
        if let Some(state0) = state0 {
            assert!(
                state0.len() == b * state_size,
                "forward_rows: state0 must be B = {b} rows of the cell's {state_size} state values, got {} values",
                state0.len()
            );
        }
    }

    /// A copy, for the cache.
    pub(crate) fn keep(self) -> KeptInputs {
        match self {
            Inputs::Rows(xs) => KeptInputs::Rows(xs.to_vec()),
            Inputs::Ids(ids) => KeptInputs::Ids(ids.to_vec()),
        }
    }
}

impl KeptInputs {
    /// One gate's gradient in the backward pass (`weights`: Wx, G×d): dWx = Σ dZᵀ·X, adding
    /// dZ·Wx to ∂L/∂Xₜ in `dxs` (T·B×d), dWh = Σ dZₕᵀ·Hₜ₋₁ (`dz_h`: the dZ that meets Wh,
    /// dZ itself but for the GRU's candidate; `h_prevs`: every Hₜ₋₁, T·B×G) and db = Σ dZ,
    /// from dZ of every step (T·B×G). For ids, dWx gains row k of dZ in column idₖ alone,
    /// and `dxs` stays empty: a token is not a number to move. A gradient, not weights:
    /// built without [`Gate::new`]'s finiteness check, so that an overflow (a huge learning
    /// rate) reaches the clipping, which names it.
    pub(crate) fn gate_gradient(
        &self,
        (dz, dz_h): (&[f64], &[f64]),
        weights: &Matrix,
        h_prevs: &[f64],
        dxs: &mut Vec<f64>,
    ) -> Gate {
        let (g, d) = weights.shape();
        let mut wx = Matrix::zeros(g, d); //                                  dWx
        match self {
            KeptInputs::Rows(xs) => {
                add_outer_products(wx.as_mut_slice(), dz, xs, g, d); // dWx = Σ dZᵀ·X
                dxs.resize(xs.len(), 0.0);
                add_matmul(dxs, dz, weights.as_slice(), g, d); //      dX += dZ·Wx
            }
            KeptInputs::Ids(ids) => {
                let dwx = wx.as_mut_slice();
                for (row, &id) in dz.chunks_exact(g).zip(ids) {
                    for (j, dz) in row.iter().enumerate() {
                        dwx[j * d + id] += dz; //                     dWx[:, id] += dZ row
                    }
                }
            }
        }
        let mut wh = Matrix::zeros(g, g);
        add_outer_products(wh.as_mut_slice(), dz_h, h_prevs, g, g); // dWh = Σ dZₕᵀ·Hₜ₋₁
        let b = sum_rows(dz, g); //                                    db = Σ dZ
        Gate { wx, wh, b }
    }
}

/// B rows made of parts side by side: row r is [part 0's row r, part 1's row r, …], each
/// part's rows `widths[k]` wide.
pub(crate) fn join_columns<P: AsRef<[f64]>>(parts: &[P], widths: &[usize]) -> Vec<f64> {
    let rows = parts[0].as_ref().len().checked_div(widths[0]).unwrap_or(0);
    let mut joined = Vec::with_capacity(parts.iter().map(|p| p.as_ref().len()).sum());
    for r in 0..rows {
        for (part, &w) in parts.iter().zip(widths) {
            joined.extend_from_slice(&part.as_ref()[r * w..(r + 1) * w]);
        }
    }
    joined
}

/// The inverse of [`join_columns`]: rows cut into parts `widths` wide.
pub(crate) fn split_columns(rows: &[f64], widths: &[usize]) -> Vec<Vec<f64>> {
    let total: usize = widths.iter().sum();
    let mut parts: Vec<Vec<f64>> = widths.iter().map(|_| Vec::new()).collect();
    for row in rows.chunks_exact(total.max(1)) {
        let mut start = 0;
        for (part, &w) in parts.iter_mut().zip(widths) {
            part.extend_from_slice(&row[start..start + w]);
            start += w;
        }
    }
    parts
}

/// A cell that runs B sequences of one length at once, the notes' formula with a batch
/// dimension: Xₜ (B×d) in for every step, Hₜ (B×Dh) out, each step one matrix product per
/// input side (or, for token ids, one column lookup). Rows are laid out step-major: row
/// t·B + b of the inputs and of the returned states belongs to sequence b at step t.
///
/// This is each cell's fast path; its literal reference is the cell's own
/// [`Cell::forward_cached`] and [`Cell::backward`], one sequence at a time, and the tests
/// (`tests/batch.rs`, `tests/fast_path.rs`) hold the two equal within 1e-12.
///
/// The one batched loss of any examples is built on it
/// ([`loss_and_gradients_examples`](crate::train::loss_and_gradients_examples): a
/// classifier's mini-batch, or a character model's streams of text with their carried
/// states); a [`Bidirectional`] pair, a [`Stacked`] stack and an [`Embedded`] cell are
/// batched steps too.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{BatchStep, Inputs};
/// use rnn_from_scratch::{Matrix, Mt19937, RnnCell, Vector, Init};
///
/// let cell = Init::Xavier.cell(2, 3, &mut Mt19937::new(0)); // d = 2, Dh = 3
/// let xs = Matrix::random(4 * 2, 2, &mut Mt19937::new(1)); // 4 steps of B = 2
/// let (hs, _) = cell.forward_rows(Inputs::Rows(xs.as_slice()), 2, 4, None);
/// // sequence 1's last state, as one sequence alone would have it
/// let alone = Matrix::from_rows(&(0..4).map(|t| xs.row(2 * t + 1).to_vec()).collect::<Vec<_>>())?;
/// let h = cell.forward_last(&alone, &Vector::zeros(3))?;
/// assert!((hs[(3 * 2 + 1) * 3] - h[0]).abs() < 1e-12);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub trait BatchStep: Cell + Sized {
    /// What the forward pass keeps for the backward pass.
    type BatchCache: Send + Sync;

    /// Hₜ for every step (T·B×Dh) from the inputs of every step, each sequence starting
    /// from its row of `state0` (B × [`Cell::state_size`]; `None`: from zero), and the
    /// cache.
    ///
    /// # Panics
    ///
    /// If the inputs are not T·B rows of d values (or T·B ids below d), or `state0` is not
    /// B rows of the state: `forward_rows: 3 steps of B = 2 need 6 rows of d = 4 values,
    /// got 20 values`.
    fn forward_rows(
        &self,
        inputs: Inputs,
        b: usize,
        timesteps: usize,
        state0: Option<&[f64]>,
    ) -> (Vec<f64>, Self::BatchCache);

    /// From ∂L/∂Hₜ for every step (`dhs`, T·B×Dh): the gradient of every weight (as a
    /// cell), ∂L/∂state₀ summed over the batch, and ∂L/∂Xₜ (T·B×d; empty for ids).
    fn backward_rows(&self, cache: &Self::BatchCache, dhs: &[f64]) -> (Self, Vector, Vec<f64>);

    /// Each sequence's state after its last step (B × [`Cell::state_size`]), to carry into
    /// the next chunk of its text.
    fn last_state(&self, cache: &Self::BatchCache) -> Vec<f64>;

    /// The width of the inputs the recurrent layer reads, which input dropout drops: d,
    /// or E under an embedding.
    fn dropped_width(&self) -> usize {
        self.input_size()
    }

    /// [`forward_rows`](BatchStep::forward_rows) from zero with dropout on the recurrent
    /// layer's inputs ([`Dropout`](super::Dropout)): sequence b's input at every step
    /// multiplied by row b of `masks` (B × [`dropped_width`](BatchStep::dropped_width)),
    /// X̃ₜ = Xₜ ⊙ m. Dense rows are dropped before the cell reads them (ids are made one-hot
    /// rows first), so the weights' gradients are right and the ∂L/∂Xₜ that
    /// [`backward_rows`](BatchStep::backward_rows) returns is ∂L/∂X̃ₜ: multiply it by the
    /// masks ([`Dropout::apply`](super::Dropout::apply)) for ∂L/∂Xₜ. An [`Embedded`] cell
    /// drops the rows it looks up and carries the masks to its own backward pass.
    fn forward_rows_dropped(
        &self,
        inputs: Inputs,
        b: usize,
        timesteps: usize,
        masks: &[f64],
    ) -> (Vec<f64>, Self::BatchCache) {
        let d = self.input_size();
        let mut xs = match inputs {
            Inputs::Rows(rows) => rows.to_vec(),
            Inputs::Ids(ids) => super::one_hot(ids, d).as_slice().to_vec(),
        };
        super::Dropout::apply(&mut xs, masks, d);
        self.forward_rows(Inputs::Rows(&xs), b, timesteps, None)
    }
}

/// The rows of `m` (T·B×width, step-major) with the steps in reverse order.
pub(crate) fn reversed_steps<T: Copy>(m: &[T], block: usize) -> Vec<T> {
    m.chunks_exact(block).rev().flatten().copied().collect()
}

/// Two cells, one reading each batch forward and one backward; Hₜ = [H→ₜ, H←ₜ] (B×2Dh),
/// as [`Bidirectional`] does for one sequence.
impl<C: BatchStep> BatchStep for Bidirectional<C> {
    type BatchCache = (C::BatchCache, C::BatchCache, usize, usize);

    fn forward_rows(
        &self,
        inputs: Inputs,
        b: usize,
        timesteps: usize,
        state0: Option<&[f64]>,
    ) -> (Vec<f64>, Self::BatchCache) {
        let (d, s) = (self.input_size(), self.forward.state_size());
        let dh = self.forward.hidden_size();
        let states = state0.map(|rows| split_columns(rows, &[s, s]));
        let start = |k: usize| states.as_ref().map(|parts| parts[k].as_slice());
        let (hs_f, cache_f) = self.forward.forward_rows(inputs, b, timesteps, start(0));
        let (xs, ids); // the inputs with the steps in reverse order
        let reversed = match inputs {
            Inputs::Rows(rows) => {
                xs = reversed_steps(rows, b * d);
                Inputs::Rows(&xs)
            }
            Inputs::Ids(steps) => {
                ids = reversed_steps(steps, b);
                Inputs::Ids(&ids)
            }
        };
        let (hs_b, cache_b) = self.backward.forward_rows(reversed, b, timesteps, start(1));
        let hs_b = reversed_steps(&hs_b, b * dh); // row t·B + b is H←ₜ again
        let hs = join_columns(&[&hs_f, &hs_b], &[dh, dh]);
        (hs, (cache_f, cache_b, b, timesteps))
    }

    fn last_state(&self, (cache_f, cache_b, _, _): &Self::BatchCache) -> Vec<f64> {
        let s = self.forward.state_size();
        let ahead = self.forward.last_state(cache_f);
        join_columns(&[&ahead, &self.backward.last_state(cache_b)], &[s, s])
    }

    fn backward_rows(
        &self,
        (cache_f, cache_b, b, _): &Self::BatchCache,
        dhs: &[f64],
    ) -> (Self, Vector, Vec<f64>) {
        let dh = self.forward.hidden_size();
        let [d_ahead, d_behind]: [Vec<f64>; 2] =
            split_columns(dhs, &[dh, dh]).try_into().expect("two parts");
        let (g_f, s_f, dx_f) = self.forward.backward_rows(cache_f, &d_ahead);
        let (g_b, s_b, dx_b) = self
            .backward
            .backward_rows(cache_b, &reversed_steps(&d_behind, b * dh));
        let dx_b = reversed_steps(&dx_b, b * self.input_size());
        let dxs = dx_f.iter().zip(&dx_b).map(|(a, c)| a + c).collect();
        let state0 = Vector::from([s_f.as_slice(), s_b.as_slice()].concat());
        let gradient = Bidirectional::new(g_f, g_b).expect("the two directions' shapes");
        (gradient, state0, dxs)
    }
}

/// The batched step under an embedding: Xₜ gathered from the table (a row E\[id\] per
/// id; dense rows are multiplied by E, which for one-hot rows is the same lookup), the
/// cell's batched step on them, and ∂L/∂Xₜ added back to the rows read (∂L/∂E). As the
/// literal [`Embedded`] does, the inputs' own gradient is not computed: ids have none,
/// and dense rows get zeros.
impl<C: BatchStep> BatchStep for Embedded<C> {
    type BatchCache = (KeptInputs, Option<Vec<f64>>, C::BatchCache);

    fn forward_rows(
        &self,
        inputs: Inputs,
        b: usize,
        timesteps: usize,
        state0: Option<&[f64]>,
    ) -> (Vec<f64>, Self::BatchCache) {
        self.forward_embedded(inputs, (b, timesteps), state0, None)
    }

    fn dropped_width(&self) -> usize {
        self.embedding().size()
    }

    fn forward_rows_dropped(
        &self,
        inputs: Inputs,
        b: usize,
        timesteps: usize,
        masks: &[f64],
    ) -> (Vec<f64>, Self::BatchCache) {
        self.forward_embedded(inputs, (b, timesteps), None, Some(masks))
    }

    fn backward_rows(
        &self,
        (inputs, masks, cache): &Self::BatchCache,
        dhs: &[f64],
    ) -> (Self, Vector, Vec<f64>) {
        let (d_cell, state0, mut dxs) = self.cell().backward_rows(cache, dhs);
        let (v, e) = (self.input_size(), self.embedding().size());
        if let Some(masks) = masks {
            super::Dropout::apply(&mut dxs, masks, e); // ∂L/∂Xₜ = ∂L/∂X̃ₜ ⊙ m
        }
        let (embedding, dinputs) = match inputs {
            KeptInputs::Ids(ids) => {
                let dxs = Matrix::from_vec(ids.len(), e, dxs).expect("T·B rows of E");
                (self.embedding().backward(ids, &dxs), Vec::new()) // ∂L/∂E[id] += ∂L/∂Xₜ
            }
            KeptInputs::Rows(rows) => {
                let mut d_table = Matrix::zeros(v, e);
                add_outer_products(d_table.as_mut_slice(), rows, &dxs, v, e); // ∂L/∂E = Xᵀ·∂L/∂Xₜ
                (Embedding::gradient(d_table), vec![0.0; rows.len()])
            }
        };
        let gradient = Embedded::new(embedding, d_cell).expect("the shapes of the model");
        (gradient, state0, dinputs)
    }

    fn last_state(&self, (_, _, cache): &Self::BatchCache) -> Vec<f64> {
        self.cell().last_state(cache)
    }
}

impl<C: BatchStep> Embedded<C> {
    /// The batched step under the table, with the looked-up rows dropped by `masks` if
    /// any (X̃ₜ = E\[idₜ\] ⊙ m).
    fn forward_embedded(
        &self,
        inputs: Inputs,
        (b, timesteps): (usize, usize),
        state0: Option<&[f64]>,
        masks: Option<&[f64]>,
    ) -> (Vec<f64>, <Self as BatchStep>::BatchCache) {
        let table = self.embedding().table().as_slice();
        let e = self.embedding().size();
        let mut xs: Vec<f64> = match inputs {
            Inputs::Ids(ids) => ids
                .iter()
                .flat_map(|&id| &table[id * e..(id + 1) * e])
                .copied()
                .collect(),
            Inputs::Rows(rows) => {
                let mut xs = vec![0.0; timesteps * b * e];
                add_matmul(&mut xs, rows, table, self.input_size(), e); // X·E
                xs
            }
        };
        if let Some(masks) = masks {
            super::Dropout::apply(&mut xs, masks, e); //          X̃ₜ = Xₜ ⊙ m
        }
        let (hs, cache) = self
            .cell()
            .forward_rows(Inputs::Rows(&xs), b, timesteps, state0);
        (hs, (inputs.keep(), masks.map(<[f64]>::to_vec), cache))
    }
}

/// The sum of the rows (each `size` values): ∂L/∂state₀ of a batch summed over its
/// sequences, as the separate runs' sum would be, or a bias gradient summed over every
/// step and sequence.
pub(crate) fn sum_rows(rows: &[f64], size: usize) -> Vector {
    let mut sum = vec![0.0; size];
    for row in rows.chunks_exact(size) {
        for (s, x) in sum.iter_mut().zip(row) {
            *s += x;
        }
    }
    Vector::from(sum)
}

/// A stack: each layer reads the states of the one below, as [`Stacked`] does for one
/// sequence; the backward pass hands each layer's ∂L/∂Xₜ down as the layer below's
/// ∂L/∂Hₜ.
impl<C: BatchStep> BatchStep for Stacked<C> {
    type BatchCache = Vec<C::BatchCache>;

    fn forward_rows(
        &self,
        inputs: Inputs,
        b: usize,
        timesteps: usize,
        state0: Option<&[f64]>,
    ) -> (Vec<f64>, Self::BatchCache) {
        let sizes: Vec<usize> = self.layers.iter().map(Cell::state_size).collect();
        let states = state0.map(|rows| split_columns(rows, &sizes));
        let mut below: Option<Vec<f64>> = None;
        let mut caches = Vec::with_capacity(self.layers.len());
        for (k, layer) in self.layers.iter().enumerate() {
            let input = below.as_deref().map_or(inputs, Inputs::Rows);
            let start = states.as_ref().map(|parts| parts[k].as_slice());
            let (hs, cache) = layer.forward_rows(input, b, timesteps, start);
            caches.push(cache);
            below = Some(hs); // this layer's Hₜ are the next layer's Xₜ
        }
        (below.unwrap_or_default(), caches)
    }

    fn last_state(&self, caches: &Self::BatchCache) -> Vec<f64> {
        let sizes: Vec<usize> = self.layers.iter().map(Cell::state_size).collect();
        let lasts: Vec<Vec<f64>> = self
            .layers
            .iter()
            .zip(caches)
            .map(|(l, t)| l.last_state(t))
            .collect();
        join_columns(&lasts, &sizes)
    }

    fn backward_rows(&self, caches: &Self::BatchCache, dhs: &[f64]) -> (Self, Vector, Vec<f64>) {
        let mut grads = Vec::with_capacity(self.layers.len());
        let mut states = Vec::with_capacity(self.layers.len());
        let mut d_above = dhs.to_vec();
        for (layer, cache) in self.layers.iter().zip(caches).rev() {
            let (g, state0, dxs) = layer.backward_rows(cache, &d_above);
            grads.push(g);
            states.push(state0.into_vec());
            d_above = dxs;
        }
        grads.reverse();
        states.reverse();
        let state0 = Vector::from(states.concat());
        (Stacked { layers: grads }, state0, d_above)
    }
}
