//! [`Parameters`]: a model's weights as named arrays, so optimisers, clipping and the
//! gradient check work for any model.

/// Every trainable array of a model (or every gradient array), by the notes' name, in a
/// fixed order. A model and its gradients list the same names in the same order with the
/// same lengths, so an optimiser can pair them up.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, CharModel, Parameters};
/// use rnn_from_scratch::Mt19937;
///
/// let model = CharModel::for_characters(CellKind::Rnn, 4, 3, &mut Mt19937::new(0)); // d = V = 4, Dh = 3
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

/// A copy of `model` with every array 0: a gradient of its shape, to add into.
pub(crate) fn zeros_like<P: Parameters + Clone>(model: &P) -> P {
    let mut zeros = model.clone();
    for (_, values) in zeros.parameters_mut() {
        values.fill(0.0);
    }
    zeros
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
    for (t, g) in paired(total, gradient) {
        for (t, g) in t.iter_mut().zip(g) {
            *t += g;
        }
    }
}

/// Pairs each parameter array with its gradient, checking names and lengths.
#[track_caller]
pub(crate) fn paired<'a>(
    model: &'a mut dyn Parameters,
    gradients: &'a dyn Parameters,
) -> Vec<(&'a mut [f64], &'a [f64])> {
    let params = model.parameters_mut();
    let grads = gradients.parameters();
    assert_eq!(
        params.len(),
        grads.len(),
        "the gradient must list the model's arrays"
    );
    params
        .into_iter()
        .zip(grads)
        .map(|((name, p), (grad_name, g))| {
            assert!(
                name == grad_name && p.len() == g.len(),
                "parameter {name} ({} values) paired with gradient {grad_name} ({} values)",
                p.len(),
                g.len()
            );
            (p, g)
        })
        .collect()
}

/// `impl Parameters` for a type made of parts, each [`Parameters`]: its arrays are the
/// first part's, then the second's, and so on (a cell and its output layer, two
/// directions, an embedding table and the model that reads it, an encoder, a decoder and
/// an attention). `parts!(impl<C: Cell> SequenceModel<C>, cell, output);`
macro_rules! parts {
    (impl<$g:ident: $bound:path> $t:ty, $($part:ident),+) => {
        impl<$g: $bound> $crate::cells::Parameters for $t {
            $crate::cells::parameters::parts!(@body $($part),+);
        }
    };
    ($t:ty, $($part:ident),+) => {
        impl $crate::cells::Parameters for $t {
            $crate::cells::parameters::parts!(@body $($part),+);
        }
    };
    (@body $($part:ident),+) => {
        fn parameters(&self) -> Vec<(&'static str, &[f64])> {
            let mut all = Vec::new();
            $( all.extend($crate::cells::Parameters::parameters(&self.$part)); )+
            all
        }

        fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
            let mut all = Vec::new();
            $( all.extend($crate::cells::Parameters::parameters_mut(&mut self.$part)); )+
            all
        }

        fn shapes(&self) -> Vec<Vec<usize>> {
            let mut all = Vec::new();
            $( all.extend($crate::cells::Parameters::shapes(&self.$part)); )+
            all
        }
    };
}
pub(crate) use parts;

/// The shape of a weight array, for [`arrays!`]: `[rows, cols]` for a matrix, `[n]` for a
/// vector.
pub(crate) trait Shaped {
    /// The shape.
    fn dims(&self) -> Vec<usize>;
}

impl Shaped for crate::linalg::Matrix {
    fn dims(&self) -> Vec<usize> {
        let (rows, cols) = self.shape();
        vec![rows, cols]
    }
}

impl Shaped for crate::linalg::Vector {
    fn dims(&self) -> Vec<usize> {
        vec![self.len()]
    }
}

/// `impl Parameters` for a type whose arrays are its own fields (matrices and vectors), each
/// with its name, in order: `arrays!(RnnCell, wx "Wx", wh "Wh", b "b");` (a field of a
/// field: `input.wx "input gate Wx"`).
macro_rules! arrays {
    ($t:ty, $($($field:ident).+ $name:literal),+ $(,)?) => {
        impl $crate::cells::Parameters for $t {
            fn parameters(&self) -> Vec<(&'static str, &[f64])> {
                vec![$(($name, self.$($field).+.as_slice())),+]
            }

            fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
                vec![$(($name, self.$($field).+.as_mut_slice())),+]
            }

            fn shapes(&self) -> Vec<Vec<usize>> {
                use $crate::cells::parameters::Shaped;
                vec![$(self.$($field).+.dims()),+]
            }
        }
    };
}
pub(crate) use arrays;
