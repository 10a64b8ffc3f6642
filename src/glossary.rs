//! # 단어 정리: the glossary
//!
//! [한국어](crate::ko::glossary)
//!
//! The notes end with a word list. Here is each term, in the notes' words and in English,
//! linked to the item of this crate that embodies it. Terms the notes use without listing
//! them follow, then the three shapes of use the notes name, and the one Korean word this
//! crate uses for each concept.
//!
//! ## The notes' terms
//!
//! ### 피드 포워드 신경망 — feed-forward neural network
//!
//! "모든 입력 값이 전부 은닉층에서 활성화 함수를 지나 출력층 방향으로만 향하는 신경망":
//! a network in which every value passes through the hidden layer's activation function
//! and moves only toward the output. The notes' examples are "ANN과 CNN"; strictly, an RNN
//! is an artificial neural network (ANN) too: what the notes mean by ANN is the plain
//! feed-forward network of fully connected layers (an MLP). In this crate, an
//! [`OutputLayer`](crate::OutputLayer) on its own is a one-layer feed-forward network:
//! Oₜ = f(Wy·hₜ + by) depends only on its input hₜ, never on an earlier step.
//!
//! ### 셀 (cell), 메모리 셀 (memory cell), RNN 셀 (RNN cell)
//!
//! The node of the hidden layer that sends its result through the activation function;
//! because it also tries to remember earlier values, it is called a memory cell or RNN cell.
//! It is [`RnnCell`](crate::RnnCell): its weights Wx, Wh, b and the one-line formula
//! [`RnnCell::step`](crate::RnnCell::step).
//!
//! ### 은닉 상태값 — hidden state
//!
//! "메모리 셀이 출력층 방향과 다음 노드에 보내는 값": the value the memory cell sends both
//! toward the output layer and to the next step. It is the [`Vector`](crate::Vector) hₜ that
//! [`RnnCell::step`](crate::RnnCell::step) returns (Dh values): passed to
//! [`OutputLayer::step`](crate::OutputLayer::step) toward the output, and back into
//! `step` as `h_prev` for the next timestep.
//!
//! ## Terms the notes use
//!
//! ### 입력 벡터 — input vector, Iₜ
//!
//! What the input layer's neurons are called in an RNN: the d values fed in at timestep t,
//! usually a word vector (단어 벡터). `input_t`, a [`Vector`](crate::Vector) of d values; a
//! whole sequence is a timesteps × d [`Matrix`](crate::Matrix), one row per timestep.
//!
//! ### 출력 벡터 — output vector, Oₜ
//!
//! What the output layer's neurons are called: Oₜ = f(Wy·hₜ + by), the
//! [`Vector`](crate::Vector) returned by [`OutputLayer::step`](crate::OutputLayer::step).
//!
//! ### 시점 — timesteps
//!
//! "시점의 수를 말하며 NLP에서는 문장의 단어의 갯수를 의미한다": the number of timesteps,
//! in NLP the number of words in a sentence. The row count of the `inputs` matrix given to
//! [`RnnCell::forward`](crate::RnnCell::forward), and of the matrix it returns.
//!
//! ### input_size — d
//!
//! "NLP에서 각 단어의 임베딩 벡터 차원": the size of each word's embedding vector.
//! [`RnnCell::input_size`](crate::RnnCell::input_size); Wx's column count.
//!
//! ### hidden_size — Dh
//!
//! "은닉 상태의 크기를 말한다. 메모리 셀의 용량": the size of the hidden state, the memory
//! cell's capacity. [`RnnCell::hidden_size`](crate::RnnCell::hidden_size); Wx's and Wh's
//! row count.
//!
//! ### 비선형 활성화 함수 — nonlinear activation function, f
//!
//! The f of Oₜ = f(Wy·hₜ + by): [`Activation`](crate::Activation). Inside the cell the
//! activation is always tanh ([`Vector::tanh`](crate::Vector::tanh)).
//!
//! ## The three shapes of use
//!
//! ### 일 대 다 — one-to-many
//!
//! One input, a sequence out: image captioning, where one picture gives a sentence. The
//! input enters once (as I₁, or as h₀), and the cell keeps stepping, each hₜ giving an
//! output word. With [`RnnCell::forward`](crate::RnnCell::forward), pass the image as `h0`
//! (or as row 0 of `inputs`) and read an output from every row. Trained on real
//! handwritten digits: [`one_to_many`](crate::one_to_many), `rnn caption`.
//!
//! ### 다 대 일 — many-to-one
//!
//! A sequence in, one output: sentiment classification (감성 분류), spam detection (스팸
//! 메일 분류). Only the last hidden state feeds the output:
//! [`RnnCell::forward_last`](crate::RnnCell::forward_last), then
//! [`OutputLayer::step`](crate::OutputLayer::step) with
//! [`Activation::Softmax`](crate::Activation::Softmax). Trained end to end:
//! [`many_to_one`](crate::many_to_one).
//!
//! Spam detection is the same shape as sentiment with other labels: spam or ham (not
//! spam). Trained on a handful of generated messages, a many-to-one RNN tells them apart:
//!
//! ```
//! use rnn_from_scratch::cells::{one_hot, SequenceModel};
//! use rnn_from_scratch::train::{fit, Batches, Example, FitOptions, Input};
//! use rnn_from_scratch::{Init, Mt19937};
//!
//! let words = ["win", "money", "now", "free", "meeting", "at", "noon", "lunch"];
//! let messages: [(&[usize], usize); 6] = [ // (word ids, 1 = spam, 0 = ham)
//!     (&[0, 1, 2], 1), (&[3, 1, 2], 1), (&[0, 3, 1], 1),
//!     (&[4, 5, 6], 0), (&[7, 5, 6], 0), (&[4, 5, 7], 0),
//! ];
//! let examples: Vec<Example> = messages.iter().map(|&(ids, label)| Example {
//!     inputs: Input::Ids(ids.to_vec()), // each word a one-hot row of the vocabulary
//!     targets: vec![(ids.len() - 1, label)], // many-to-one: one label, at the last word
//! }).collect();
//! let mut rng = Mt19937::new(0);
//! let mut model = SequenceModel::with_softmax(Init::Xavier.cell(words.len(), 8, &mut rng), 2, &mut rng);
//! let options = FitOptions { epochs: 60, batch: 2, learning_rate: 0.05, ..FitOptions::default() };
//! fit(&mut model, &examples, &options, 0.0, &mut rng, Batches::shuffled(), |_, _| {}).unwrap();
//! let spam = model.predict_last(&one_hot(&[3, 1, 2], words.len()), &model.zero_state())?; // "free money now"
//! assert!(spam[1] > 0.9, "P(spam) = {}", spam[1]);
//! # Ok::<(), rnn_from_scratch::ShapeError>(())
//! ```
//!
//! ### 다 대 다 — many-to-many
//!
//! A sequence in, a sequence out. The notes name three tasks, and they come in two
//! shapes:
//!
//! - **One output per input**: part-of-speech tagging (품사 태깅), a tag for every word.
//!   Every hidden state feeds an output: [`RnnCell::forward`](crate::RnnCell::forward),
//!   then [`OutputLayer::forward`](crate::OutputLayer::forward) on all of its rows.
//!   Trained end to end: [`many_to_many`](crate::many_to_many).
//! - **Input and output of different lengths** ("RNN은 입력과 출력의 길이를 다르게 설계 할
//!   수 있기 때문에…"): a chatbot (챗봇) or a translator (the notes write 변역기 for
//!   번역기) reads the *whole* input first, and only then writes its answer, of another
//!   length, one token at a time, each fed back, until an end token. That is an
//!   **encoder–decoder** (sequence-to-sequence, 시퀀스-투-시퀀스): one RNN, the encoder,
//!   reads the input and its last hidden state starts a second, the decoder, which
//!   writes. The chapter is [`encoder_decoder`](crate::encoder_decoder); the model
//!   [`Seq2Seq`](crate::cells::Seq2Seq), trained by `rnn translate`. With **attention**
//!   (어텐션) the decoder also looks back at every state of the encoder at each step, not
//!   only the last: [`attention`](crate::attention), [`Attention`](crate::cells::Attention).
//!
//! ```
//! use rnn_from_scratch::{Activation, Init, Matrix, Mt19937, OutputLayer, Vector};
//!
//! let mut rng = Mt19937::new(1);
//! let cell = Init::Xavier.cell(3, 5, &mut rng); // d = 3, Dh = 5
//! let output = OutputLayer::new(Matrix::random(2, 5, &mut rng), Vector::zeros(2), Activation::Softmax)?;
//! let sentence = Matrix::random(7, 3, &mut rng); // 7 words
//!
//! // many-to-one: one probability pair for the whole sentence
//! let p = output.step(&cell.forward_last(&sentence, &Vector::zeros(5))?);
//! assert_eq!(p.len(), 2);
//!
//! // many-to-many: one probability pair per word
//! let tags = output.forward(&cell.forward(&sentence, &Vector::zeros(5))?)?;
//! assert_eq!(tags.shape(), (7, 2));
//! # Ok::<(), rnn_from_scratch::ShapeError>(())
//! ```
//!
//! ## One word for each concept (용어 하나에 낱말 하나)
//!
//! The crate's Korean follows the terms of the book the notes come from, the wikidocs
//! "딥 러닝을 이용한 자연어 처리 입문", and uses one word for one concept. Where books name
//! a concept differently, the other name is written here, once; it appears nowhere else in
//! the Korean text. `tests/korean_terms.rs` reads the Korean twin of this table and fails,
//! naming the file and line, where another name is used.
//!
//! | the crate's word | English | other name |
//! |---|---|---|
//! | 순환 신경망 | recurrent neural network (RNN) | — |
//! | 바닐라 RNN | vanilla RNN: the plain RNN of the notes, without gates | — |
//! | 은닉 상태 | hidden state, hₜ | — |
//! | 셀 상태 | cell state, the LSTM's cₜ | — |
//! | 시점 | timestep: the t of hₜ, one input read | 타임스텝, 걸음 |
//! | 스텝 | an optimiser's step: one update of the weights | — |
//! | 가중치 | weight | — |
//! | 편향 | bias | 바이어스 |
//! | 매개변수 | parameters: the weights and biases a model learns | 파라미터 |
//! | 하이퍼파라미터 | hyperparameter: a value the user sets (learning rate, Dh) | 초매개변수 |
//! | 입력 게이트 | input gate, iₜ | — |
//! | 삭제 게이트 | forget gate, fₜ | 망각 게이트 |
//! | 출력 게이트 | output gate, oₜ | — |
//! | 기울기 | gradient, ∂L/∂w (and a function's slope) | 그래디언트 |
//! | 기울기 소실 | vanishing gradient | — |
//! | 기울기 폭주 | exploding gradient | — |
//! | 크로스 엔트로피 | cross-entropy, −ln p\[y\] | 교차 엔트로피 |
//! | 학습률 | learning rate | — |
//! | 에포크 | epoch | 에폭 |
//! | 미니배치 | mini-batch | — |
//! | 단어 집합 | vocabulary, its size V | 어휘 |
//! | 임베딩 | embedding | — |
//! | 과적합 | overfitting | 오버피팅 |
//! | 교사 강요 | teacher forcing | 티처 포싱 |
//! | 검증 손실 | validation loss | — |
//! | 테스트 정확도 | test accuracy | — |
//! | 흐름 | a stream: one of the B parts of a text read side by side (`char-rnn train --batch B`) | 스트림, 줄기 |
//! | 구간 | a chunk: the characters of a stream that one step reads (25 by default) | 청크 |
//! | 도달하다 | reach | 닿다 |
//!
//! What the table cannot tell apart is kept by reading. 스텝 is an optimiser's step only,
//! never a timestep (a decoder writing one token is a timestep too). 층 is a network's layer
//! only (은닉층, 출력층, a two-layer LSTM); the crate's levels of modules are 계층. A version or
//! an implementation is never "판". A syllable talked about is quoted, '없', '않', so that it
//! does not read as a word.
#![doc = include_str!("../docs/hangul-code-font.html")]
