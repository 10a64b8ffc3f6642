//! # rnn-from-scratch: the lecture notes on 순환 신경망 (RNN), in Rust you can run
//!
//! **한국어**: 이 페이지의 한국어판은 [`ko`]입니다. 모든 장의 한국어판이 그곳에서 이어집니다.
//!
//! This crate is read beside a set of Korean lecture notes on recurrent neural networks
//! (`lecture-notes.ko.md`). Every formula, shape and program line of the notes is here as
//! Rust that reads like the math, runs, and is tested against numpy and PyTorch. The
//! sections below follow the notes' own; [`notes_map`] quotes every sentence of the notes
//! beside the code that shows it.
//!
//! ```text
//! hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)      the notes' RNN cell: RnnCell::step
//! Oₜ = f(Wy·hₜ + by)                  the output: OutputLayer::step
//! ```
//!
//! ## The chapters, in reading order
//!
//! Each chapter tells one story: the idea in plain words, a picture, the formula, the code, a
//! command to run with the time it takes, what its output shows, and what to try next.
//!
//! 0. This page: the notes' own sections below (the opening, 1. 순환 신경망, 2. 파이썬으로 RNN
//!    구현하기, 단어 정리), each with the items that embody it.
//! 1. [`notes_map`]: every sentence of the notes, with the item or test that shows it.
//! 2. [`unrolled`]: the RNN unrolled over time, with the shapes on every arrow, and the notes'
//!    three shapes of use (one-to-many, many-to-one, many-to-many).
//! 3. [`saturation`]: the notes' program's hidden states drawn as a heat map, and why they
//!    are all so close to 1.
//! 4. [`bptt_chapter`]: backpropagation through time, derived from the notes' formula (and
//!    the words training needs: one-hot, softmax, cross-entropy, perplexity, Adam); the code
//!    is [`train`]: [`SequenceModel::loss_and_gradients`](cells::SequenceModel::loss_and_gradients),
//!    the gradient check, optimisers and clipping, and the fast path that trains a character
//!    model (`cargo run --release -- char-rnn train`).
//! 5. [`long_memory`](programs::long_memory): why plain RNNs forget (measured by
//!    [`vanishing`](programs::vanishing)), the [`LstmCell`] the notes' first line promises, the
//!    [`GruCell`](cells::GruCell), and an experiment where the LSTM remembers across 100 steps
//!    and the RNN cannot.
//! 6. [`books`]: the character model on two real books, with the end of each held out, to see
//!    when it starts to memorise.
//! 7. [`inside`]: what the units of a trained model follow, drawn over the text
//!    (`rnn char-rnn inspect`).
//! 8. [`overfitting`] (과적합): when more training makes a model worse on what it has not
//!    seen, and the two remedies built here, dropout ([`cells::Dropout`]) and the L2 penalty
//!    ([`train::FitOptions::l2`]).
//! 9. The notes' three shapes of use, each trained end to end: [`many_to_one`] (sentiment of
//!    real Korean movie reviews, read both ways by a
//!    [`TwoWayClassifier`](programs::uses::two_way::TwoWayClassifier), and of generated ones, against a bag of
//!    words and n-grams), [`many_to_many`] (tagging, with
//!    [`Bidirectional`](cells::Bidirectional) and [`Stacked`](cells::Stacked) RNNs and
//!    mini-batches), [`one_to_many`] (captions for real handwritten digits); the programs are
//!    in [`programs::uses`], real data in `docs/data/` ([`io::reviews`], [`io::digits`]). Then
//!    the shape the notes name for translators and chatbots, input and output of different
//!    lengths: [`encoder_decoder`] ([`cells::Seq2Seq`], `rnn translate`), and the decoder that
//!    looks back at every encoder state: [`attention`] ([`cells::Attention`]).
//! 10. [`frameworks`]: every weight and flag in Keras' and PyTorch's terms, and a trained
//!     model taken to PyTorch, generating the same text.
//! 11. [`exercises`]: write the step, the notes' program, softmax, cross-entropy, the
//!     backward pass, BPTT, an LSTM step and a gradient check yourself; `cargo test` in
//!     `docs/exercises/` checks each one and says in Korean what is wrong.
//!
//! Beside the chapters: [`measurements`], every figure measured on the way with its command,
//! machine and date (the chapters keep their headline figure and its command); the
//! [`glossary`]; [`text`](io::text) (characters and sampling), [`npy`](io::npy) and
//! [`save`](io::save) (models as numpy files), [`svg`](io::svg) (plots); and, outside
//! `cargo doc`, `docs/speed.md` (how fast, and why) and `docs/saving.md` (saving, loading and
//! exit codes).
//!
//! No packages: matrices, numpy's random generator, numpy's printing and the command line
//! are all written in this crate, small enough to read.
//!
//! ## The letters
//!
//! One legend, used in every doc comment, test and message (the notes' own letters):
//!
//! | letter | the notes | meaning | the notes' program |
//! |---|---|---|---|
//! | d | 단어 벡터의 차원 | size of each input vector Iₜ | `input_size = 4` |
//! | Dh | 은닉 상태 크기 | size of the hidden state hₜ | `hidden_size = 8` |
//! | timesteps | 시점의 수 | length of the sequence | `timesteps = 10` |
//! | V | (not named) | size of the output Oₜ: classes or characters | — |
//! | t | 시점 | the current timestep, 1 … timesteps | `for input_t in inputs` |
//! | E | 임베딩 벡터 차원 | the size of an embedding row, the d of a cell that reads one ([`cells::Embedding`]) | — |
//!
//! One switch of letters, stated once: the notes' input Iₜ is written xₜ in the chapters
//! on training and on the gated cells ([`bptt_chapter`], [`long_memory`](programs::long_memory), [`LstmCell`]),
//! as PyTorch and most papers write it. Iₜ and xₜ are the same vector.
//!
//! ## 순환 신경망 (the opening)
//!
//! The notes open with the promise of the LSTM, the cell that mends the RNN's long-term
//! dependency problem (장기 의존성 문제). The plain RNN comes first, as in the notes; the
//! LSTM is chapter 5 above ([`long_memory`](programs::long_memory), [`LstmCell`]).
//!
//! ## 1. 순환 신경망
//!
//! ### 기본 개념 (the basic idea)
//!
//! A feed-forward network (피드 포워드 신경망) sends every value one way, toward the
//! output. An RNN also sends its hidden state (은닉 상태) to *the next step's*
//! computation: that loop is the whole idea, and it is the `h_prev` argument of
//! [`RnnCell::step`]. Drawn unrolled over time, with the shapes on each arrow:
//! [`unrolled`].
//!
//! The notes name three shapes of use: one-to-many (image captioning), many-to-one
//! (sentiment classification, spam detection) and many-to-many (part-of-speech tagging,
//! one output per input; chatbots and translation, whose answer has another length than
//! the input: an encoder–decoder, [`encoder_decoder`]). [`unrolled`] draws all of them.
//! [`RnnCell::forward`] returns one hidden state per input (many-to-many);
//! [`RnnCell::forward_last`] only the last (many-to-one). The [`glossary`] links each term
//! to its code.
//!
//! ### RNN에 대한 수식 (the formulas)
//!
//! ```text
//! hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)      RnnCell::step
//! Oₜ = f(Wy·hₜ + by)                  OutputLayer::step
//! ```
//!
//! | the notes | shape | Rust |
//! |---|---|---|
//! | It | d×1 | a [`Vector`] of d values (`input_t`) |
//! | Wx | Dh×d | [`RnnCell::wx`], a [`Matrix`] |
//! | Wh | Dh×Dh | [`RnnCell::wh`] |
//! | ht-1 | Dh×1 | a [`Vector`] of Dh values (`h_prev`) |
//! | b | Dh×1 | [`RnnCell::b`] |
//! | Wy | V×Dh (not given in the notes) | [`OutputLayer::wy`] |
//! | f | 비선형 활성화 함수 | [`Activation`] |
//!
//! Three things the notes leave implicit, explained where they matter:
//! the notes' `ht-1Wh` is only defined as Wh·hₜ₋₁ ([`RnnCell`]); the notes' one `b` is two
//! biases, b and by ([`OutputLayer`]); Wy's shape is V×Dh ([`OutputLayer`]).
//!
//! Shapes are checked once, where values enter ([`RnnCell::new`], [`RnnCell::forward`]):
//! a wrong shape is a [`ShapeError`] that names the notes' symbol and both shapes,
//! `Wh must be Dh×Dh = 8×8, got 8×4`.
//!
//! ## 2. 파이썬으로 RNN 구현하기 (the numpy program)
//!
//! `cargo run` runs the notes' program and prints exactly what numpy prints after
//! `np.random.seed(0)`: the ten shapes `(1, 8)` … `(10, 8)`, then the 10×8 matrix of
//! hidden states (about 10 seconds the first time, most of it compiling; under a second
//! after). The pieces:
//!
//! | the notes' program | Rust |
//! |---|---|
//! | `np.random.seed(0)` | [`Mt19937::new(0)`](Mt19937::new) |
//! | `np.random.random((timesteps,input_size))` | [`Matrix::random`] |
//! | `np.zeros((hidden_size,))` | [`Vector::zeros`] |
//! | `np.tanh(np.dot(Wx,input_t) + np.dot(Wh,hidden_state_t) + b)` | [`RnnCell::step`] |
//! | the `for input_t in inputs:` loop and `np.stack` | [`RnnCell::forward`], [`Matrix::stack`] |
//! | `print(total_hidden_states)` | `println!("{}", matrix)` ([`numpy_print`](linalg::numpy_print)) |
//!
//! The whole program, in Rust, runs as this page's test:
//!
//! ```
//! use rnn_from_scratch::{Matrix, Mt19937, RnnCell, Vector};
//!
//! let (timesteps, input_size, hidden_size) = (10, 4, 8);
//! let mut rng = Mt19937::new(0); // np.random.seed(0)
//!
//! let inputs = Matrix::random(timesteps, input_size, &mut rng);
//! let hidden_state_t = Vector::zeros(hidden_size);
//! let wx = Matrix::random(hidden_size, input_size, &mut rng);
//! let wh = Matrix::random(hidden_size, hidden_size, &mut rng);
//! let b = Vector::random(hidden_size, &mut rng);
//!
//! let cell = RnnCell::new(wx, wh, b)?;
//! let total_hidden_states = cell.forward(&inputs, &hidden_state_t)?;
//! assert_eq!(total_hidden_states.shape(), (10, 8));
//! // The first value numpy prints is 0.91170118; with seed 0, from step 2 on, every value is
//! // above 0.999:
//! assert!((total_hidden_states[(0, 0)] - 0.91170118).abs() < 5e-9);
//! assert!(total_hidden_states.as_slice()[8..].iter().all(|&h| h > 0.999));
//! # Ok::<(), rnn_from_scratch::ShapeError>(())
//! ```
//!
//! Why is every value so close to 1? The notes draw every weight from
//! `np.random.random`, uniform on [0, 1): all positive. At step 1 (h₀ = 0),
//! Wx·I₁ + b is a sum of five positive terms and tanh of it is 0.76 to 0.98. From step 2
//! on, hₜ₋₁ is near 1 too and Wh·hₜ₋₁ adds eight more positive terms: the sum is above 4,
//! and tanh is *saturated*: with seed 0 every value is above 0.999 (`cargo run -- --seed N`
//! gives the share for another seed; a few are on the [`measurements`] page), the slope
//! 1 − hₜ² is below 0.001 there, and such a network could hardly learn.
//! `cargo run -- --init xavier` runs the same program with small weights centred on 0 (the
//! usual initialisation, see [`Init`]) and shows hidden states spread over (−1, 1).
//! [`saturation`] draws both as heat maps.
//!
//! Try next: `cargo run -- --trace` steps through timestep 1 value by value (Wx·I₁, Wh·h₀,
//! + b, tanh), and `cargo run -q 2>/dev/null | diff - tests/golden/notes_program/seed0.stdout`
//! prints nothing: the output is numpy's, byte for byte. Then the first chapter,
//! [`notes_map`].
//!
//! ## 단어 정리 (the glossary)
//!
//! The notes' word list, each term linked to what embodies it: [`glossary`].
//!
//! ## How the crate is laid out
//!
//! Knowledge flows one way, each layer built only on those before it (`tests/layers.rs`
//! checks it):
//!
//! | layer | holds |
//! |---|---|
//! | [`linalg`] | [`Vector`], [`Matrix`], [`ShapeError`], numpy's generator and printing |
//! | [`cells`] | the cell contract ([`cells::Cell`], [`cells::Parameters`]), the cells (each with its literal step and its batched step, [`cells::BatchStep`]), the output layer, and the one registry of cells ([`cells::CellKind`]) |
//! | [`train`] | the losses and their gradients, optimisers, clipping, the gradient check, one training loop ([`train::fit_with`]) and its trainers ([`train::fit`], [`train::fit_seq2seq`]) |
//! | [`io`] | files: `.npy`, saved models, SVG plots, text (beside `train`, on the cells) |
//! | [`programs`] | every program of the `rnn` binary as a function: options in, a report out |
//!
//! The `rnn` binary (`src/main.rs`, `src/cli/`) only parses flags and prints reports.
#![doc = include_str!("../docs/hangul-code-font.html")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

// The layers, lowest first. Knowledge flows one way: each layer uses only the layers
// before it in this list (`tests/layers.rs` reads `src/` and checks it).
pub mod linalg; // Vector, Matrix, ShapeError, numpy's generator and printing, the kernels
pub mod cells; // the cells, literal and batched, the output layer, the registry
pub mod train; // the losses, BPTT, optimisers, clipping, the gradient check, fit
pub mod io; // .npy, saved models, SVG plots, text, the readers of real data
pub mod programs; // the notes' program, the experiments and the uses, as functions
pub mod glossary;

// The names a reader of the notes meets first, at the top.
pub use cells::{Activation, Init, LstmCell, OutputLayer, RnnCell, softmax};
pub use linalg::{Matrix, Mt19937, ShapeError, Vector};

/// A chapter: a page of `docs/` shown by `cargo doc` as a module of its own, in the Hangul
/// code font (`chapter!(notes_map, include_str!("../docs/notes-map.md"));`).
macro_rules! chapter {
    ($name:ident, $page:expr) => {
        #[doc = $page]
        #[doc = include_str!("../docs/hangul-code-font.html")]
        pub mod $name {}
    };
}

chapter!(notes_map, include_str!("../docs/notes-map.md"));
chapter!(unrolled, include_str!("../docs/unrolled.md"));
chapter!(saturation, include_str!("../docs/saturation.md"));
chapter!(bptt_chapter, include_str!("../docs/bptt.md"));
chapter!(books, include_str!("../docs/books.md"));
chapter!(inside, include_str!("../docs/inside.md"));
chapter!(overfitting, include_str!("../docs/overfitting.md"));
chapter!(many_to_one, include_str!("../docs/many-to-one.md"));
chapter!(many_to_many, include_str!("../docs/many-to-many.md"));
chapter!(one_to_many, include_str!("../docs/one-to-many.md"));
chapter!(encoder_decoder, include_str!("../docs/encoder-decoder.md"));
chapter!(attention, include_str!("../docs/attention.md"));
chapter!(frameworks, include_str!("../docs/frameworks.md"));
chapter!(exercises, include_str!("../docs/exercises.md"));
chapter!(measurements, include_str!("../docs/measurements.md"));

#[doc = include_str!("../docs/ko/front-page.md")]
#[doc = include_str!("../docs/hangul-code-font.html")]
pub mod ko {
    chapter!(glossary, include_str!("../docs/ko/glossary.md"));
    chapter!(notes_map, include_str!("../docs/ko/notes-map.md"));
    chapter!(unrolled, include_str!("../docs/ko/unrolled.md"));
    chapter!(saturation, include_str!("../docs/ko/saturation.md"));
    chapter!(bptt_chapter, include_str!("../docs/ko/bptt.md"));
    chapter!(long_memory, include_str!("../docs/ko/long-memory.md"));
    chapter!(books, include_str!("../docs/ko/books.md"));
    chapter!(inside, include_str!("../docs/ko/inside.md"));
    chapter!(overfitting, include_str!("../docs/ko/overfitting.md"));
    chapter!(many_to_one, include_str!("../docs/ko/many-to-one.md"));
    chapter!(many_to_many, include_str!("../docs/ko/many-to-many.md"));
    chapter!(one_to_many, include_str!("../docs/ko/one-to-many.md"));
    chapter!(
        encoder_decoder,
        include_str!("../docs/ko/encoder-decoder.md")
    );
    chapter!(attention, include_str!("../docs/ko/attention.md"));
    chapter!(frameworks, include_str!("../docs/ko/frameworks.md"));
    chapter!(exercises, include_str!("../docs/ko/exercises.md"));
    chapter!(measurements, include_str!("../docs/ko/measurements.md"));
}
