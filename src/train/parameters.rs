//! [`Parameters`]: a model's weights as named arrays, so optimisers, clipping and the
//! gradient check work for any model.

/// Every trainable array of a model (or every gradient array), by the notes' name, in a
/// fixed order. A model and its gradients list the same names in the same order with the
/// same lengths, so an optimiser can pair them up.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::{Gradients, Parameters};
///
/// let g = Gradients::zeros(2, 3, 4); // d = 2, Dh = 3, V = 4
/// let names: Vec<&str> = g.parameters().iter().map(|(name, _)| *name).collect();
/// assert_eq!(names, ["Wx", "Wh", "b", "Wy", "by"]);
/// assert_eq!(g.parameters()[1].1.len(), 3 * 3);
/// ```
pub trait Parameters {
    /// Each array, read-only, with its name.
    fn parameters(&self) -> Vec<(&'static str, &[f64])>;

    /// Each array, writable, with its name.
    fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])>;

    /// How many values there are in all.
    fn num_values(&self) -> usize {
        self.parameters().iter().map(|(_, p)| p.len()).sum()
    }
}

impl Parameters for crate::Vector {
    /// A vector as one array named `values` (for checking the gradient of h₀).
    fn parameters(&self) -> Vec<(&'static str, &[f64])> {
        vec![("values", self.as_slice())]
    }

    fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
        vec![("values", self.as_mut_slice())]
    }
}
