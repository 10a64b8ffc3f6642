//! Deep and bidirectional RNNs: cells built out of cells.

use super::batch::{join_columns, reversed_steps, split_columns};
use super::cell::check_sequence;
use super::{Cell, Parameters};
use crate::linalg::{Matrix, ShapeError, Vector};

/// A stacked (deep) RNN: layer 1 reads the inputs, and each later layer reads the
/// sequence of hidden states of the layer below as its inputs.
///
/// ```text
/// hₜ⁽¹⁾ = cell₁(xₜ,     hₜ₋₁⁽¹⁾)
/// hₜ⁽ˡ⁾ = cellₗ(hₜ⁽ˡ⁻¹⁾, hₜ₋₁⁽ˡ⁾)      the layer below's hₜ is this layer's input
/// ```
///
/// | layer | Wx | Wh |
/// |---|---|---|
/// | 1 | Dh₁×d | Dh₁×Dh₁ |
/// | 2 | Dh₂×Dh₁ | Dh₂×Dh₂ |
/// | l | Dhₗ×Dhₗ₋₁ | Dhₗ×Dhₗ |
///
/// The stack's hidden state is the top layer's; its carried state is every layer's,
/// one after another. Backpropagation runs through time in each layer and down through
/// the layers: the gradient of a layer's *inputs* is the gradient of the hidden states of
/// the layer below.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Init, Matrix, Mt19937, Vector};
/// use rnn_from_scratch::cells::{Stacked};
/// use rnn_from_scratch::cells::Cell;
///
/// let mut rng = Mt19937::new(0);
/// let deep = Stacked::new(vec![Init::Xavier.cell(3, 5, &mut rng), Init::Xavier.cell(5, 4, &mut rng)])?;
/// assert_eq!((deep.input_size(), deep.hidden_size(), deep.state_size()), (3, 4, 9));
/// let (hs, _, _) = deep.forward_cached(&Matrix::zeros(6, 3), &Vector::zeros(9))?;
/// assert_eq!(hs.shape(), (6, 4));
///
/// let err = Stacked::new(vec![Init::Xavier.cell(3, 5, &mut rng), Init::Xavier.cell(6, 4, &mut rng)]).unwrap_err();
/// assert_eq!(err.to_string(), "layer 2: Wx must be Dh₂×Dh₁ = 4×5, got 4×6");
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Stacked<C: Cell> {
    pub(crate) layers: Vec<C>,
}

impl<C: Cell> Stacked<C> {
    /// The stack of these layers, bottom first, after checking that each layer reads what
    /// the one below writes.
    ///
    /// # Errors
    ///
    /// No layers (`a stack needs at least one layer`), or a layer whose input size is not
    /// the hidden size of the layer below: `layer 2: Wx must be Dh₂×Dh₁ = 4×5, got 4×6`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Init, Mt19937};
    /// use rnn_from_scratch::cells::{Stacked};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let err = Stacked::new(vec![Init::Xavier.cell(3, 4, &mut rng), Init::Xavier.cell(5, 2, &mut rng)]).unwrap_err();
    /// assert!(err.to_string().contains("layer 2"), "{err}");
    /// ```
    pub fn new(layers: Vec<C>) -> Result<Stacked<C>, ShapeError> {
        if layers.is_empty() {
            return Err(ShapeError::new("a stack needs at least one layer"));
        }
        for (k, pair) in layers.windows(2).enumerate() {
            let (l, below, above) = (k + 2, pair[0].hidden_size(), &pair[1]);
            if above.input_size() != below {
                let (dh, d) = (above.hidden_size(), above.input_size());
                return Err(ShapeError::new(format!(
                    "layer {l}: Wx must be Dh{}×Dh{} = {dh}×{below}, got {dh}×{d}",
                    subscript(l),
                    subscript(l - 1)
                )));
            }
        }
        Ok(Stacked { layers })
    }

    /// The layers, bottom first.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{Init, Mt19937};
    /// use rnn_from_scratch::cells::{Stacked};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let stack = Stacked::new(vec![Init::Xavier.cell(3, 4, &mut rng), Init::Xavier.cell(4, 2, &mut rng)])?;
    /// assert_eq!(stack.layers()[1].hidden_size(), 2);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn layers(&self) -> &[C] {
        &self.layers
    }
}

/// ₁, ₂, … for layer numbers in messages.
fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}

impl<C: Cell> Parameters for Stacked<C> {
    fn parameters(&self) -> Vec<(&'static str, &[f64])> {
        self.layers.iter().flat_map(|l| l.parameters()).collect()
    }

    fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
        self.layers
            .iter_mut()
            .flat_map(|l| l.parameters_mut())
            .collect()
    }

    fn shapes(&self) -> Vec<Vec<usize>> {
        self.layers.iter().flat_map(|l| l.shapes()).collect()
    }
}

impl<C: Cell> Cell for Stacked<C> {
    type Cache = Vec<C::Cache>;

    fn input_size(&self) -> usize {
        self.layers[0].input_size()
    }

    fn hidden_size(&self) -> usize {
        self.layers[self.layers.len() - 1].hidden_size()
    }

    fn state_size(&self) -> usize {
        self.layers.iter().map(Cell::state_size).sum()
    }

    fn forward_cached(
        &self,
        inputs: &Matrix,
        state0: &Vector,
    ) -> Result<(Matrix, Vector, Self::Cache), ShapeError> {
        check_sequence(self, inputs, ("state0", "the layers' states"), state0)?;
        let mut below = inputs.clone();
        let mut last = Vec::with_capacity(state0.len());
        let mut caches = Vec::with_capacity(self.layers.len());
        let mut offset = 0;
        for (k, layer) in self.layers.iter().enumerate() {
            let size = layer.state_size();
            let layer_state = Vector::from(&state0.as_slice()[offset..offset + size]);
            offset += size;
            let (hs, layer_last, cache) = layer
                .forward_cached(&below, &layer_state)
                .map_err(|e| e.in_context(&format!("layer {}", k + 1)))?;
            last.extend_from_slice(layer_last.as_slice());
            caches.push(cache);
            below = hs; // this layer's hₜ are the next layer's inputs
        }
        Ok((below, Vector::from(last), caches))
    }

    /// Top layer first: each layer's backward gives the gradient of its inputs, which is
    /// the `dhs` of the layer below.
    ///
    /// Each layer gets its own part of ∂L/∂(the last states), as it got its part of state₀.
    fn backward_with_last(
        &self,
        caches: &Self::Cache,
        dhs: &Matrix,
        dlast: &Vector,
    ) -> (Self, Vector, Matrix) {
        let mut grads = Vec::with_capacity(self.layers.len());
        let mut dstates = Vec::with_capacity(self.layers.len());
        let mut d_above = dhs.clone();
        let mut end = dlast.len();
        for (layer, cache) in self.layers.iter().zip(caches).rev() {
            let start = end - layer.state_size();
            let layer_dlast = Vector::from(&dlast.as_slice()[start..end]);
            end = start;
            let (g, dstate, dinputs) = layer.backward_with_last(cache, &d_above, &layer_dlast);
            grads.push(g);
            dstates.push(dstate.into_vec());
            d_above = dinputs;
        }
        grads.reverse();
        dstates.reverse();
        let state0 = Vector::from(dstates.concat());
        (Stacked { layers: grads }, state0, d_above)
    }
}

/// A bidirectional RNN: one cell reads the sequence forward, another backward, and each
/// timestep's hidden state is the two side by side:
///
/// ```text
/// h→ₜ = forward(xₜ, h→ₜ₋₁)       reads x₁ … x_T
/// h←ₜ = backward(xₜ, h←ₜ₊₁)      reads x_T … x₁
/// hₜ  = [h→ₜ; h←ₜ]               2·Dh values: what came before *and* after step t
/// ```
///
/// For many-to-many tasks (tagging) where the answer at step t depends on later words
/// too. The state is [state→; state←].
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{Init, Matrix, Mt19937, Vector};
/// use rnn_from_scratch::cells::{Bidirectional};
/// use rnn_from_scratch::cells::Cell;
///
/// let mut rng = Mt19937::new(0);
/// let bi = Bidirectional::new(Init::Xavier.cell(3, 4, &mut rng), Init::Xavier.cell(3, 4, &mut rng))?;
/// assert_eq!(bi.hidden_size(), 8); // 2·Dh
/// let (hs, _, _) = bi.forward_cached(&Matrix::zeros(5, 3), &Vector::zeros(8))?;
/// assert_eq!(hs.shape(), (5, 8));
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Bidirectional<C: Cell> {
    pub(crate) forward: C,
    pub(crate) backward: C,
}

impl<C: Cell> Bidirectional<C> {
    /// The two directions, which must read the same d and have the same Dh.
    ///
    /// # Errors
    ///
    /// `backward cell: it must have d = 3 and Dh = 4 like the forward cell, got d = 3 and Dh = 5`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::Cell;
    /// use rnn_from_scratch::{Init, Mt19937};
    /// use rnn_from_scratch::cells::{Bidirectional};
    ///
    /// let mut rng = Mt19937::new(0);
    /// let both = Bidirectional::new(Init::Xavier.cell(3, 4, &mut rng), Init::Xavier.cell(3, 4, &mut rng))?;
    /// assert_eq!(both.hidden_size(), 8); // the two directions side by side: 2·Dh
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn new(forward: C, backward: C) -> Result<Bidirectional<C>, ShapeError> {
        let (d, dh) = (forward.input_size(), forward.hidden_size());
        let (bd, bdh) = (backward.input_size(), backward.hidden_size());
        if (d, dh) != (bd, bdh) {
            return Err(ShapeError::new(format!(
                "backward cell: it must have d = {d} and Dh = {dh} like the forward cell, got d = {bd} and Dh = {bdh}"
            )));
        }
        Ok(Bidirectional { forward, backward })
    }

    /// The two cells: the one reading forward, then the one reading backward.
    pub fn cells(&self) -> (&C, &C) {
        (&self.forward, &self.backward)
    }
}

/// The rows of `m` in reverse order.
fn reversed(m: &Matrix) -> Matrix {
    let (rows, cols) = m.shape();
    let data = reversed_steps(m.as_slice(), cols.max(1));
    Matrix::from_vec(rows, cols, data).expect("same shape")
}

super::parameters::parts!(impl<C: Cell> Bidirectional<C>, forward, backward);

impl<C: Cell> Cell for Bidirectional<C> {
    type Cache = (C::Cache, C::Cache);

    fn input_size(&self) -> usize {
        self.forward.input_size()
    }

    fn hidden_size(&self) -> usize {
        2 * self.forward.hidden_size()
    }

    fn state_size(&self) -> usize {
        2 * self.forward.state_size()
    }

    fn forward_cached(
        &self,
        inputs: &Matrix,
        state0: &Vector,
    ) -> Result<(Matrix, Vector, Self::Cache), ShapeError> {
        check_sequence(
            self,
            inputs,
            ("state0", "2·(one direction's state)"),
            state0,
        )?;
        let half = self.forward.state_size();
        let (ahead, behind) = state0.as_slice().split_at(half);
        let (hs_f, last_f, cache_f) = self.forward.forward_cached(inputs, &Vector::from(ahead))?;
        let (hs_b, last_b, cache_b) = self
            .backward
            .forward_cached(&reversed(inputs), &Vector::from(behind))?;
        let hs_b = reversed(&hs_b); // row t is h←ₜ again
        let (timesteps, dh) = hs_f.shape();
        let joined = join_columns(&[hs_f.as_slice(), hs_b.as_slice()], &[dh, dh]);
        let hs = Matrix::from_vec(timesteps, 2 * dh, joined)?;
        let last = Vector::from([last_f.as_slice(), last_b.as_slice()].concat());
        Ok((hs, last, (cache_f, cache_b)))
    }

    /// Each direction's backward on its half of ∂L/∂hₜ (the backward cell's in reversed
    /// time); the gradient of each input is the sum of both directions'.
    ///
    /// Each direction gets its half of ∂L/∂(the last states): the backward cell's last
    /// state is the one it reached at the sequence's first step.
    fn backward_with_last(
        &self,
        (cache_f, cache_b): &Self::Cache,
        dhs: &Matrix,
        dlast: &Vector,
    ) -> (Self, Vector, Matrix) {
        let (timesteps, dh) = (dhs.shape().0, self.forward.hidden_size());
        let halves = split_columns(dhs.as_slice(), &[dh, dh]);
        let half = |k: usize| Matrix::from_vec(timesteps, dh, halves[k].clone()).expect("T×Dh");
        let (d_ahead, d_behind) = (half(0), half(1));
        let (dlast_f, dlast_b) = dlast.as_slice().split_at(self.forward.state_size());
        let (g_f, ds_f, dx_f) =
            self.forward
                .backward_with_last(cache_f, &d_ahead, &Vector::from(dlast_f));
        let (g_b, ds_b, dx_b) =
            self.backward
                .backward_with_last(cache_b, &reversed(&d_behind), &Vector::from(dlast_b));
        let dx_b = reversed(&dx_b);
        let mut dx = dx_f;
        dx += &dx_b;
        let dstate0 = Vector::from([ds_f.as_slice(), ds_b.as_slice()].concat());
        let gradient = Bidirectional::new(g_f, g_b).expect("the two directions' shapes");
        (gradient, dstate0, dx)
    }
}
