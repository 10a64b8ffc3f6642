//! The one registry of cells: every kind of cell the programs can name, build, save and
//! load.
//!
//! A program that lets its user choose a cell (`--cell rnn|lstm|gru`) works with
//! [`AnyCell`], which is itself a [`Cell`]: it trains, stacks ([`Stacked`](super::Stacked))
//! and reads both ways ([`Bidirectional`](super::Bidirectional)) like the cell inside it.
//! Saving a model writes [`CellKind::name`] and each array's shape
//! ([`Parameters::shapes`]); loading builds a fresh cell of that kind and fills it.
//!
//! **Adding a cell** is one new folder (the cell's literal step in `mod.rs`, with its
//! `impl Cell` and `impl Parameters`, and its batched step in `batched.rs`) and one line in
//! the table at the bottom of this file: the kind's name, its type, how a fresh one is
//! drawn, and how many weights it has. The `registry!` macro writes every
//! `match` that dispatches on the kind, so no other file changes.
//!
//! # Examples
//!
//! ```
//! use rnn_from_scratch::cells::{AnyCell, Cell, CellKind};
//! use rnn_from_scratch::{Matrix, Mt19937, Vector};
//!
//! for &kind in CellKind::ALL {
//!     let cell = kind.build(3, 4, &mut Mt19937::new(0)); // d = 3, Dh = 4
//!     assert_eq!(cell.kind(), kind);
//!     let (hs, _, _) = cell.forward_cached(&Matrix::zeros(5, 3), &Vector::zeros(cell.state_size()))?;
//!     assert_eq!(hs.shape(), (5, 4));
//! }
//! assert_eq!(CellKind::from_name("lstm"), Some(CellKind::Lstm));
//! assert_eq!(CellKind::names(), "rnn, lstm, gru");
//! # Ok::<(), rnn_from_scratch::ShapeError>(())
//! ```

use super::batch::{BatchStep, Inputs};
use super::{Cell, Parameters};
use crate::linalg::{Matrix, Mt19937, ShapeError, Vector};

/// Writes [`CellKind`], [`AnyCell`], [`AnyCache`], [`AnyBatchCache`] and every dispatch from
/// one table.
macro_rules! registry {
    ($( $kind:ident($cell:ty) = $name:literal, $about:literal, $fresh:expr, $chars:expr, $count:expr; )+) => {
        /// The name of a kind of cell: what `--cell` and `model.txt` say.
        ///
        /// # Examples
        ///
        /// ```
        /// use rnn_from_scratch::cells::CellKind;
        /// let names: Vec<&str> = CellKind::ALL.iter().map(|k| k.name()).collect();
        /// assert_eq!(names, ["rnn", "lstm", "gru"]);
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CellKind {
            $( #[doc = $about] $kind, )+
        }

        impl CellKind {
            /// Every kind, in the registry's order.
            ///
            /// # Examples
            ///
            /// ```
            /// assert_eq!(rnn_from_scratch::cells::CellKind::ALL.len(), 3);
            /// ```
            pub const ALL: &'static [CellKind] = &[$(CellKind::$kind),+];

            /// The name on the command line and in `model.txt`: `rnn`, `lstm`, `gru`.
            ///
            /// # Examples
            ///
            /// ```
            /// use rnn_from_scratch::cells::CellKind;
            /// assert_eq!(CellKind::Gru.name(), "gru");
            /// ```
            pub fn name(self) -> &'static str {
                match self {
                    $( CellKind::$kind => $name, )+
                }
            }

            /// A fresh cell of this kind with d = `input_size` and Dh = `hidden_size`,
            /// drawn from `rng` as PyTorch initialises it (weights uniform on ±1/√Dh; the
            /// LSTM's forget bias 1, see [`LstmCell::init`](crate::LstmCell::init)).
            ///
            /// # Examples
            ///
            /// ```
            /// use rnn_from_scratch::{cells::CellKind, Mt19937};
            /// let cell = CellKind::Lstm.build(3, 4, &mut Mt19937::new(0));
            /// assert_eq!(cell.input_size(), 3);
            /// ```
            pub fn build(self, input_size: usize, hidden_size: usize, rng: &mut Mt19937) -> AnyCell {
                match self {
                    $( CellKind::$kind => AnyCell::$kind(($fresh)(input_size, hidden_size, rng)), )+
                }
            }

            /// A fresh cell of this kind for a character model (d = V, one-hot characters
            /// in), drawn as [`CharModel::for_characters`](crate::cells::CharModel) draws
            /// it: the plain RNN as min-char-rnn does (every weight `randn·0.01`, biases 0,
            /// [`Init::Small`](crate::cells::Init::Small)), the other kinds as
            /// [`build`](CellKind::build).
            ///
            /// # Examples
            ///
            /// ```
            /// use rnn_from_scratch::{cells::CellKind, Mt19937};
            /// for &kind in CellKind::ALL {
            ///     let cell = kind.build_for_characters(5, 3, &mut Mt19937::new(0));
            ///     assert_eq!((cell.kind(), cell.input_size(), cell.hidden_size()), (kind, 5, 3));
            /// }
            /// ```
            pub fn build_for_characters(
                self,
                vocab_size: usize,
                hidden_size: usize,
                rng: &mut Mt19937,
            ) -> AnyCell {
                match self {
                    $( CellKind::$kind => AnyCell::$kind(($chars)(vocab_size, hidden_size, rng)), )+
                }
            }

            /// How many weights a cell of this kind has for d = `input_size` and Dh =
            /// `hidden_size`, counted without making one (to know the memory a request
            /// needs before spending it). `u128`, so no size overflows the count.
            ///
            /// # Examples
            ///
            /// ```
            /// use rnn_from_scratch::cells::CellKind;
            /// // Keras' count for SimpleRNN(3, input_shape=(2, 10)): 3·10 + 3·3 + 3
            /// assert_eq!(CellKind::Rnn.num_parameters(10, 3), 42);
            /// assert_eq!(CellKind::Lstm.num_parameters(10, 3), 4 * 42);
            /// ```
            pub fn num_parameters(self, input_size: usize, hidden_size: usize) -> u128 {
                let (d, dh) = (input_size as u128, hidden_size as u128);
                match self {
                    $( CellKind::$kind => ($count)(d, dh), )+
                }
            }
        }

        // A `match` on an [`AnyCell`] giving the same expression of the cell inside, whatever
        // its kind: `each_cell!(self, c => c.shapes())`.
        macro_rules! each_cell {
            ($any:expr, $c:ident => $e:expr) => {
                match $any {
                    $( AnyCell::$kind($c) => $e, )+
                }
            };
        }

        /// A cell of any registered kind, chosen at run time. It is a [`Cell`] and has
        /// [`Parameters`], dispatching every call to the cell inside.
        ///
        /// # Examples
        ///
        /// ```
        /// use rnn_from_scratch::cells::{AnyCell, Cell, CellKind};
        /// use rnn_from_scratch::{Matrix, Mt19937, Vector};
        ///
        /// let cell: AnyCell = CellKind::Gru.build(2, 3, &mut Mt19937::new(0));
        /// let (hs, _, _) = cell.forward_cached(&Matrix::zeros(4, 2), &Vector::zeros(3))?;
        /// assert_eq!(hs.shape(), (4, 3));
        /// # Ok::<(), rnn_from_scratch::ShapeError>(())
        /// ```
        #[derive(Debug, Clone, PartialEq)]
        pub enum AnyCell {
            $( #[doc = $about] $kind($cell), )+
        }

        /// What [`AnyCell`]'s forward pass keeps for its backward pass: the cache of the
        /// cell inside.
        ///
        /// # Examples
        ///
        /// ```
        /// use rnn_from_scratch::cells::{AnyCache, Cell, CellKind};
        /// use rnn_from_scratch::{Matrix, Mt19937, Vector};
        ///
        /// let cell = CellKind::Lstm.build(2, 3, &mut Mt19937::new(0));
        /// let (_, _, cache) = cell.forward_cached(&Matrix::zeros(4, 2), &Vector::zeros(6))?;
        /// assert!(matches!(cache, AnyCache::Lstm(_)));
        /// # Ok::<(), rnn_from_scratch::ShapeError>(())
        /// ```
        pub enum AnyCache {
            $( #[doc = $about] $kind(<$cell as Cell>::Cache), )+
        }

        impl AnyCell {
            /// Which kind of cell this is.
            ///
            /// # Examples
            ///
            /// ```
            /// use rnn_from_scratch::{cells::{AnyCell, CellKind}, Init, Mt19937};
            /// let cell = AnyCell::from(Init::Xavier.cell(2, 3, &mut Mt19937::new(0)));
            /// assert_eq!(cell.kind(), CellKind::Rnn);
            /// ```
            pub fn kind(&self) -> CellKind {
                match self {
                    $( AnyCell::$kind(_) => CellKind::$kind, )+
                }
            }

            /// d, the size of each input.
            ///
            /// # Examples
            ///
            /// ```
            /// use rnn_from_scratch::{cells::CellKind, Mt19937};
            /// assert_eq!(CellKind::Rnn.build(3, 4, &mut Mt19937::new(0)).input_size(), 3);
            /// ```
            pub fn input_size(&self) -> usize {
                each_cell!(self, c => Cell::input_size(c))
            }

            /// Dh, the size of the hidden state.
            ///
            /// # Examples
            ///
            /// ```
            /// use rnn_from_scratch::{cells::CellKind, Mt19937};
            /// assert_eq!(CellKind::Rnn.build(3, 4, &mut Mt19937::new(0)).hidden_size(), 4);
            /// ```
            pub fn hidden_size(&self) -> usize {
                each_cell!(self, c => Cell::hidden_size(c))
            }
        }

        $(
            impl From<$cell> for AnyCell {
                fn from(cell: $cell) -> AnyCell {
                    AnyCell::$kind(cell)
                }
            }
        )+

        impl Parameters for AnyCell {
            fn parameters(&self) -> Vec<(&'static str, &[f64])> {
                each_cell!(self, c => c.parameters())
            }

            fn parameters_mut(&mut self) -> Vec<(&'static str, &mut [f64])> {
                each_cell!(self, c => c.parameters_mut())
            }

            fn shapes(&self) -> Vec<Vec<usize>> {
                each_cell!(self, c => c.shapes())
            }
        }

        impl Cell for AnyCell {
            type Cache = AnyCache;

            crate::cells::cell::own_sizes!();

            fn state_size(&self) -> usize {
                each_cell!(self, c => c.state_size())
            }

            fn forward_cached(
                &self,
                inputs: &Matrix,
                state0: &Vector,
            ) -> Result<(Matrix, Vector, AnyCache), ShapeError> {
                match self {
                    $( AnyCell::$kind(c) => {
                        let (hs, last, cache) = c.forward_cached(inputs, state0)?;
                        Ok((hs, last, AnyCache::$kind(cache)))
                    } )+
                }
            }

            /// # Panics
            ///
            /// If `cache` comes from a cell of another kind.
            fn backward_with_last(
                &self,
                cache: &AnyCache,
                dhs: &Matrix,
                dlast: &Vector,
            ) -> (AnyCell, Vector, Matrix) {
                match (self, cache) {
                    $( (AnyCell::$kind(c), AnyCache::$kind(cache)) => {
                        let (g, dstate0, dinputs) = c.backward_with_last(cache, dhs, dlast);
                        (AnyCell::$kind(g), dstate0, dinputs)
                    } )+
                    #[allow(unreachable_patterns)] // with one kind, every pair matches
                    _ => panic!("AnyCell::backward_with_last: the cache comes from another kind of cell"),
                }
            }

            fn inside(cache: &AnyCache, t: usize) -> Vec<(&'static str, Vector)> {
                match cache {
                    $( AnyCache::$kind(cache) => <$cell as Cell>::inside(cache, t), )+
                }
            }
        }

        /// What [`AnyCell`]'s batched forward pass keeps: the cache of the cell inside.
        pub enum AnyBatchCache {
            $( #[doc = $about] $kind(<$cell as BatchStep>::BatchCache), )+
        }

        /// The registry's cells, batched: each kind on its own batched step.
        impl BatchStep for AnyCell {
            type BatchCache = AnyBatchCache;

            fn forward_rows(
                &self,
                inputs: Inputs,
                b: usize,
                timesteps: usize,
                state0: Option<&[f64]>,
            ) -> (Vec<f64>, AnyBatchCache) {
                match self {
                    $( AnyCell::$kind(c) => {
                        let (hs, cache) = c.forward_rows(inputs, b, timesteps, state0);
                        (hs, AnyBatchCache::$kind(cache))
                    } )+
                }
            }

            /// # Panics
            ///
            /// If `cache` comes from a cell of another kind.
            fn backward_rows(&self, cache: &AnyBatchCache, dhs: &[f64]) -> (AnyCell, Vector, Vec<f64>) {
                match (self, cache) {
                    $( (AnyCell::$kind(c), AnyBatchCache::$kind(t)) => {
                        let (g, s, dx) = c.backward_rows(t, dhs);
                        (AnyCell::$kind(g), s, dx)
                    } )+
                    #[allow(unreachable_patterns)]
                    _ => panic!("AnyCell::backward_rows: the cache comes from another kind of cell"),
                }
            }

            /// # Panics
            ///
            /// If `cache` comes from a cell of another kind.
            fn last_state(&self, cache: &AnyBatchCache) -> Vec<f64> {
                match (self, cache) {
                    $( (AnyCell::$kind(c), AnyBatchCache::$kind(t)) => c.last_state(t), )+
                    #[allow(unreachable_patterns)]
                    _ => panic!("AnyCell::last_state: the cache comes from another kind of cell"),
                }
            }
        }
    };
}

impl CellKind {
    /// The kind with this name, if one is registered.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::CellKind;
    /// assert_eq!(CellKind::from_name("rnn"), Some(CellKind::Rnn));
    /// assert_eq!(CellKind::from_name("transformer"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<CellKind> {
        CellKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Every name, for messages and `--help`: `rnn, lstm, gru`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::CellKind;
    /// assert_eq!(CellKind::names(), "rnn, lstm, gru");
    /// ```
    pub fn names() -> String {
        let names: Vec<&str> = CellKind::ALL.iter().map(|k| k.name()).collect();
        names.join(", ")
    }
}

// The table: one line per cell: its name, what it is, how a fresh one is drawn (for any
// use, then for a character model), and how many weights it has (Wx, Wh and b per gate).
// `registry!` writes from it every type and `match` above, the batched step's dispatch
// ([`AnyBatchCache`]) among them, so a line added here reaches them all.
registry! {
    Rnn(crate::cells::RnnCell) = "rnn",
        "[`RnnCell`](crate::cells::RnnCell): the notes' cell, hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b).",
        |d, dh, rng| crate::cells::Init::PyTorch.cell(d, dh, rng),
        |v, dh, rng| crate::cells::Init::Small.cell(v, dh, rng),
        |d, dh| dh * d + dh * dh + dh;
    Lstm(crate::cells::LstmCell) = "lstm", "[`LstmCell`](crate::cells::LstmCell): four gates and a memory cₜ.",
        crate::cells::LstmCell::init, crate::cells::LstmCell::init,
        |d, dh| 4 * (dh * d + dh * dh + dh);
    Gru(crate::cells::GruCell) = "gru", "[`GruCell`](crate::cells::GruCell): three gates, no separate memory.",
        crate::cells::GruCell::init, crate::cells::GruCell::init,
        |d, dh| 3 * (dh * d + dh * dh + dh) + dh;
}
