//! [`Parameters`]: a model's weights as named arrays, so optimisers, clipping and the
//! gradient check work for any model.

/// Every trainable array of a model (or every gradient array), by the notes' name, in a
/// fixed order. A model and its gradients list the same names in the same order with the
/// same lengths, so an optimiser can pair them up.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{cells::Parameters, train::char_rnn::init, Mt19937};
///
/// let model = init(4, 3, &mut Mt19937::new(0)); // d = V = 4, Dh = 3
/// let names: Vec<&str> = model.parameters().iter().map(|(name, _)| *name).collect();
/// assert_eq!(names, ["Wx", "Wh", "b", "Wy", "by"]);
/// assert_eq!(model.parameters()[1].1.len(), 3 * 3);
/// ```
pub trait Parameters {
    /// Each array, read-only, with its name.
    fn parameters(&self) -> Vec<(&'static str, &[f64])>;

    /// Each array, writable, with its name.
    fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])>;

    /// The shape of each array, in the order of [`parameters`](Parameters::parameters):
    /// `[rows, cols]` for a matrix, `[n]` for a vector. Saving records it, and loading
    /// checks every file against it. The default calls every array a vector; a type whose
    /// arrays include matrices says so.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::Parameters, Init, Mt19937};
    ///
    /// let cell = Init::Xavier.cell(2, 3, &mut Mt19937::new(0)); // d = 2, Dh = 3
    /// assert_eq!(cell.shapes(), [vec![3, 2], vec![3, 3], vec![3]]);
    /// ```
    fn shapes(&self) -> Vec<Vec<usize>> {
        self.parameters()
            .iter()
            .map(|(_, p)| vec![p.len()])
            .collect()
    }

    /// How many values there are in all.
    fn num_values(&self) -> usize {
        self.parameters().iter().map(|(_, p)| p.len()).sum()
    }
}

/// A part a model may not have (an encoder–decoder's attention): its arrays, or none.
impl<P: Parameters> Parameters for Option<P> {
    fn parameters(&self) -> Vec<(&'static str, &[f64])> {
        self.iter().flat_map(|p| p.parameters()).collect()
    }

    fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
        self.iter_mut().flat_map(|p| p.parameters_mut()).collect()
    }

    fn shapes(&self) -> Vec<Vec<usize>> {
        self.iter().flat_map(|p| p.shapes()).collect()
    }
}

impl Parameters for crate::linalg::Vector {
    /// A vector as one array named `values` (for checking the gradient of h₀).
    fn parameters(&self) -> Vec<(&'static str, &[f64])> {
        vec![("values", self.as_slice())]
    }

    fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
        vec![("values", self.as_mut_slice())]
    }
}

/// The shapes of `first`'s arrays, then those of `second`'s: [`chain`]'s shapes.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{cells::chain_shapes, Vector};
/// assert_eq!(chain_shapes(&Vector::zeros(2), &Vector::zeros(3)), [vec![2], vec![3]]);
/// ```
pub fn chain_shapes(first: &impl Parameters, second: &impl Parameters) -> Vec<Vec<usize>> {
    let mut all = first.shapes();
    all.extend(second.shapes());
    all
}

/// `total += gradient`, array by array: sums the gradients of a mini-batch.
///
/// # Panics
///
/// If the two do not list the same arrays (names and lengths).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{cells::add_into, Vector};
///
/// let mut total = Vector::from(vec![1.0, 2.0]);
/// add_into(&mut total, &Vector::from(vec![0.5, 0.5]));
/// assert_eq!(total.as_slice(), &[1.5, 2.5]);
/// ```
#[track_caller]
pub fn add_into(total: &mut impl Parameters, gradient: &impl Parameters) {
    let from = gradient.parameters();
    let into = total.parameters_mut();
    assert_eq!(into.len(), from.len(), "add_into: different arrays");
    for ((name, t), (other, g)) in into.into_iter().zip(from) {
        assert!(
            name == other && t.len() == g.len(),
            "add_into: {name} and {other} differ"
        );
        for (t, g) in t.iter_mut().zip(g) {
            *t += g;
        }
    }
}

/// The arrays of `first`, then those of `second`: the parameters of a model made of two
/// parts (a cell and its output layer, two directions, an embedding table and the model
/// that reads it), for a [`Parameters`] of your own.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{cells::chain, Vector};
/// let (a, b) = (Vector::from(vec![1.0]), Vector::from(vec![2.0, 3.0]));
/// let arrays = chain(&a, &b);
/// assert_eq!((arrays[0].1, arrays[1].1), (&[1.0][..], &[2.0, 3.0][..]));
/// ```
pub fn chain<'a>(
    first: &'a impl Parameters,
    second: &'a impl Parameters,
) -> Vec<(&'static str, &'a [f64])> {
    let mut all = first.parameters();
    all.extend(second.parameters());
    all
}

/// [`chain`], writable.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::{cells::chain_mut, Vector};
/// let (mut a, mut b) = (Vector::zeros(1), Vector::zeros(2));
/// chain_mut(&mut a, &mut b)[1].1[0] = 5.0;
/// assert_eq!(b.as_slice(), &[5.0, 0.0]);
/// ```
pub fn chain_mut<'a>(
    first: &'a mut impl Parameters,
    second: &'a mut impl Parameters,
) -> Vec<(&'static str, &'a mut [f64])> {
    let mut all = first.parameters_mut();
    all.extend(second.parameters_mut());
    all
}

/// `impl Parameters` for a type made of two parts, each [`Parameters`]: its arrays are the
/// first part's, then the second's ([`chain`], [`chain_mut`], [`chain_shapes`]).
/// `two_parts!(impl<C: Cell> SequenceModel<C>, cell, output);`
macro_rules! two_parts {
    (impl<$g:ident: $bound:path> $t:ty, $first:ident, $second:ident) => {
        impl<$g: $bound> $crate::cells::Parameters for $t {
            $crate::cells::parameters::two_parts!(@body $first, $second);
        }
    };
    ($t:ty, $first:ident, $second:ident) => {
        impl $crate::cells::Parameters for $t {
            $crate::cells::parameters::two_parts!(@body $first, $second);
        }
    };
    (@body $first:ident, $second:ident) => {
        fn parameters(&self) -> Vec<(&'static str, &[f64])> {
            $crate::cells::chain(&self.$first, &self.$second)
        }

        fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
            $crate::cells::chain_mut(&mut self.$first, &mut self.$second)
        }

        fn shapes(&self) -> Vec<Vec<usize>> {
            $crate::cells::chain_shapes(&self.$first, &self.$second)
        }
    };
}
pub(crate) use two_parts;
