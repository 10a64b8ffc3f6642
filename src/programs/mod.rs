//! The programs: the experiments and the notes' three shapes of use, each a function with
//! an options struct and a result struct. The `rnn` binary parses flags into the options
//! and prints the result; a test or another program can call the same function.
//!
//! | module | program |
//! |---|---|
//! | [`notes`] | `cargo run`: the notes' numpy program, line for line |
//! | [`trace`] | `cargo run -- --trace`: one timestep of the notes' formula, by hand |
//! | [`bench`](mod@bench) | `rnn bench`: the speed of one training step |
//! | [`vanishing`] | `rnn vanishing`: how fast ∂L/∂hₜ shrinks going back in time |
//! | [`long_memory`] | `rnn long-memory`: RNN, LSTM and GRU remembering across T steps |
//! | [`char_model`] | `rnn char-rnn train`: min-char-rnn's training loop |
//! | [`inspect`] | `rnn char-rnn inspect`: what the units of a trained model follow |
//! | [`uses`] | `rnn sentiment`, `rnn tagger`, `rnn caption`: the three shapes of use; `rnn translate`: the encoder–decoder |
//! | [`memory`] | the memory each program needs, estimated before it is spent |
//! | [`threads`](crate::train::threads) | how the programs share work between cores (in [`train`](crate::train), which uses it too) |
//!
//! This layer uses [`train`](crate::train), [`cells`](crate::cells),
//! [`linalg`](crate::linalg) and [`io`](crate::io); only the command line sits above it.

pub mod bench;
pub mod char_model;
pub mod inspect;
pub mod long_memory;
pub mod memory;
pub mod notes;
pub mod trace;
pub mod uses;
pub mod vanishing;
