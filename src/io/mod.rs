//! Files: numpy's `.npy` arrays, saved models, SVG plots, and text.
//!
//! This layer reads and writes; it computes nothing. It sits on [`linalg`](crate::linalg)
//! and on the cell registry ([`cells`](crate::cells), to know what a saved model holds),
//! never on training or the programs.
//!
//! | file | what |
//! |---|---|
//! | `npy.rs` | [`npy`]: numpy's array files, read and written |
//! | `save.rs` | [`save`]: a trained model as a folder numpy can open |
//! | `memory.rs` | [`memory`]: the memory the machine has free, checked before spending |
//! | `folder.rs` | [`folder`]: replacing a folder so that no save loses a model |
//! | `svg.rs` | [`svg`]: line plots with no dependencies |
//! | `heat_map.rs` | [`heat_map`]: a matrix of hidden states, one coloured square a value |
//! | `page.rs` | [`page`]: a text coloured by the units of a trained model, as one HTML page |
//! | `text.rs` | [`text`]: a text's characters and their indices |
//! | `data.rs` | [`data`]: how the data readers read a file, and their one error type |
//! | `reviews.rs`, `conllu.rs`, `digits.rs` | [`reviews`], [`conllu`], [`digits`]: the real data's formats |
//! | `corpus.rs` | [`corpus`]: the text `char-rnn train` learns by default |

pub mod chatbot;
pub mod conllu;
pub mod corpus;
pub mod data;
pub mod digits;
pub mod folder;
pub mod heat_map;
pub mod memory;
pub mod npy;
pub mod page;
pub mod reviews;
pub mod save;
pub mod svg;
pub mod text;
