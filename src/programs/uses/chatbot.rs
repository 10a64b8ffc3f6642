//! A chatbot (챗봇), the notes' many-to-many use whose answer is as long as it needs to be:
//! "입력 문장으로 부터 대답 문장을 출력하는 챗봇". The encoder–decoder with attention of
//! [`translation`](super::translation), on Chatbot_data_for_Korean's question–answer pairs:
//! the encoder reads the question syllable by syllable, the decoder writes the answer
//! syllable by syllable. Scored on held-out pairs by the answers' perplexity per character,
//! beside the same decoder trained on the answers alone (no question: what the question is
//! worth), and by its greedy replies beside a retrieval baseline (the answer of the most
//! similar training question).

use super::frame::{self, Answer, Event, Need, Shared, Use, files_or};
use crate::cells::{
    AnyCell, Attention, Cell, CellKind, Embedded, Embedding, Seq2Seq, SequenceModel,
};
use crate::io::chatbot::{CHATBOT, Exchange, parse, read};
use crate::io::data::DataError;
use crate::io::save::Saved;
use crate::io::text::Vocabulary;
use crate::linalg::Mt19937;
use crate::train::{Batches, Example, FitOptions, TrainError, fit_seq2seq};
use std::collections::HashMap;
use std::path::Path;

/// The token of a character a vocabulary does not hold.
const UNKNOWN: &str = "\u{FFFD}";

/// E, the values of a character's row in each side's embedding, unless `--embedding` says.
const EMBEDDING: usize = 64;

/// β of the weights' moving average each model ends as ([`FitOptions::average`]).
const AVERAGE: f64 = 0.998;

/// The longest reply the decoder writes: the longest answer of the data is 76 characters.
const MAX_REPLY: usize = 80;

/// How `rnn chatbot` trains.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::chatbot::Options;
/// assert_eq!(Options::default().shared.hidden, 128);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The cell (the encoder's and the decoder's), Dh, E, epochs, batch, seed, threads;
    /// Adam's learning rate.
    pub shared: Shared,
    /// How many partial replies the decoder keeps ([`Seq2Seq::translate_beam`]); 1 is
    /// greedy.
    pub beam: usize,
    /// A character must occur this often in the training questions (answers) to be a
    /// token; the others are `<unk>`.
    pub min_count: usize,
    /// Also train the decoder on the answers alone, to score the answers without their
    /// question.
    pub without_question: bool,
}

impl Default for Options {
    /// A GRU encoder and decoder with attention, Dh 128, 5 epochs in mini-batches of 32,
    /// Adam at 0.005, each model ending as its weights' moving average (β 0.998); characters
    /// seen twice.
    fn default() -> Options {
        Options {
            shared: Shared {
                cell: CellKind::Gru,
                hidden: 128,
                epochs: 5,
                batch: 32,
                embedding: Some(EMBEDDING),
                learning_rate: 0.005,
                ..Shared::default()
            },
            beam: 1,
            min_count: 2,
            without_question: true,
        }
    }
}

/// The chatbot's encoder–decoder with attention: each side reads its characters through an
/// embedding (a character is a row of E values, as a review's word is), not as one-hot
/// rows of about 900 values that would make Wx 900 columns wide.
pub type Model = Seq2Seq<Embedded<AnyCell>>;

/// A trained chatbot: the encoder–decoder, the characters it reads and the characters it
/// writes (the last two `<start>` and `<end>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Chatbot {
    /// The encoder–decoder with attention.
    pub model: Model,
    /// The questions' tokens (`<unk>` first).
    pub questions: Vocabulary<String>,
    /// The answers' tokens (`<unk>` first, `<start>` and `<end>` last).
    pub answers: Vocabulary<String>,
    /// How many partial replies the decoder keeps.
    pub beam: usize,
}

impl Chatbot {
    /// The reply to `question`, by greedy decoding (or a beam).
    ///
    /// # Errors
    ///
    /// A model that overflows on it.
    pub fn reply(&self, question: &str) -> Result<String, TrainError> {
        let source = ids(&self.questions, question);
        let written = match self.beam {
            1 => self.model.translate(&source, MAX_REPLY),
            k => self.model.translate_beam(&source, MAX_REPLY, k),
        };
        let written = written.map_err(|e| super::overflowed(&e))?;
        Ok(written
            .iter()
            .map(|&id| self.answers.token(id).as_str())
            .collect())
    }
}

/// The questions' characters and the answers' (with `<start>` and `<end>`) seen at least
/// `min` times in `train`.
fn vocabularies(train: &[Exchange], min: usize) -> (Vocabulary<String>, Vocabulary<String>) {
    let questions = train.iter().map(|e| e.question.as_str());
    let answers = train.iter().map(|e| e.answer.as_str());
    (
        characters(questions, min, &[]),
        characters(answers, min, &["<start>", "<end>"]),
    )
}

/// The characters of `texts` seen at least `min` times, `<unk>` first, then `extra`.
fn characters<'a>(
    texts: impl Iterator<Item = &'a str>,
    min: usize,
    extra: &[&str],
) -> Vocabulary<String> {
    let chars = texts.flat_map(|t| t.chars().map(String::from));
    let all = std::iter::once(UNKNOWN.to_string()).chain(chars);
    let counted = Vocabulary::counted(all, |c, n| c == UNKNOWN || n >= min);
    let mut tokens = counted.tokens().to_vec();
    tokens.extend(extra.iter().map(|t| t.to_string()));
    Vocabulary::from_tokens(tokens).expect("distinct tokens")
}

/// `text` as token ids, each character unknown to `vocab` read as `<unk>` (id 0).
fn ids(vocab: &Vocabulary<String>, text: &str) -> Vec<usize> {
    let ids: Vec<usize> = text
        .chars()
        .map(|c| vocab.index_of(c.to_string().as_str()).unwrap_or(0))
        .collect();
    if ids.is_empty() { vec![0] } else { ids }
}

/// A fresh encoder–decoder with attention reading `v_in` tokens and writing `v_out` (the
/// last two `<start>`, `<end>`), each side's characters embedded in E values, its cells of
/// Dh.
fn fresh(
    kind: CellKind,
    [v_in, e, dh, v_out]: [usize; 4],
    rng: &mut Mt19937,
) -> Result<Model, String> {
    let mut reader = |v: usize| Embedded::new(Embedding::init(v, e, rng), kind.build(e, dh, rng));
    let encoder = reader(v_in).map_err(|e| e.to_string())?;
    let decoder = reader(v_out).map_err(|e| e.to_string())?;
    let decoder = SequenceModel::with_softmax(decoder, v_out, rng);
    let model = Seq2Seq::new(encoder, decoder, v_out - 2, v_out - 1);
    let attention = Attention::init(dh, dh, rng);
    let model = model.and_then(|m| m.with_attention(attention));
    model.map_err(|e| e.to_string())
}

/// The answers' perplexity per character (each answer's characters and its end), read by
/// `model` after `sources`.
fn perplexity(
    model: &Model,
    pairs: &[(Vec<usize>, Vec<usize>)],
    threads: usize,
) -> Result<f64, TrainError> {
    let losses = frame::each_in_chunks(pairs, 1, threads, |(source, target)| {
        model
            .loss(source, target)
            .map_err(|e| super::overflowed(&e))
    })?;
    let total = losses.iter().fold(0.0, |total, loss| total + loss);
    let characters: usize = pairs.iter().map(|(_, target)| target.len() + 1).sum();
    Ok(crate::linalg::elementary::exp(total / characters as f64))
}

/// The character n-gram F-score (chrF, Popović 2015) of `replies` against `answers`, over
/// the whole set: n-grams of 1 to 6 characters, spaces left out, precision and recall each
/// the mean over n, F with β = 2 (recall weighs more).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::programs::uses::chatbot::chrf;
/// assert_eq!(chrf(&["좋아요"], &["좋아요"]), 1.0);
/// assert_eq!(chrf(&["네"], &["아니요"]), 0.0);
/// ```
pub fn chrf(replies: &[&str], answers: &[&str]) -> f64 {
    let (mut precision, mut recall, mut orders) = (0.0, 0.0, 0.0_f64);
    for n in 1..=6 {
        let (mut matched, mut written, mut wanted) = (0, 0, 0);
        for (reply, answer) in replies.iter().zip(answers) {
            let (r, a) = (grams(reply, n), grams(answer, n));
            matched += r
                .iter()
                .map(|(g, &c)| c.min(a.get(g).copied().unwrap_or(0)))
                .sum::<usize>();
            written += r.values().sum::<usize>();
            wanted += a.values().sum::<usize>();
        }
        if written > 0 && wanted > 0 {
            precision += matched as f64 / written as f64;
            recall += matched as f64 / wanted as f64;
            orders += 1.0;
        }
    }
    let (p, r) = (precision / orders.max(1.0), recall / orders.max(1.0));
    if p + r == 0.0 {
        0.0
    } else {
        5.0 * p * r / (4.0 * p + r)
    }
}

/// The character n-grams of `text` (spaces left out), counted.
fn grams(text: &str, n: usize) -> HashMap<String, usize> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut counts = HashMap::new();
    for gram in chars.windows(n) {
        *counts.entry(gram.iter().collect()).or_insert(0) += 1;
    }
    counts
}

/// The retrieval baseline: for each held-out question, the answer of the training question
/// that shares the most character pairs with it (cosine of their counts).
fn retrieve<'a>(train: &'a [Exchange], questions: &[&str]) -> Vec<&'a str> {
    let grams: Vec<HashMap<String, usize>> = train.iter().map(|e| grams(&e.question, 2)).collect();
    let norm = |g: &HashMap<String, usize>| g.values().map(|&c| (c * c) as f64).sum::<f64>().sqrt();
    let norms: Vec<f64> = grams.iter().map(norm).collect();
    let mut index: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (k, g) in grams.iter().enumerate() {
        for (gram, &c) in g {
            index.entry(gram.as_str()).or_default().push((k, c));
        }
    }
    questions
        .iter()
        .map(|q| {
            let g = self::grams(q, 2);
            let mut dot: HashMap<usize, usize> = HashMap::new();
            for (gram, &c) in &g {
                for &(k, d) in index.get(gram.as_str()).into_iter().flatten() {
                    *dot.entry(k).or_insert(0) += c * d;
                }
            }
            let score = |(&k, &d): (&usize, &usize)| d as f64 / norms[k].max(1e-9);
            let best = dot
                .iter()
                .max_by(|a, b| score(*a).total_cmp(&score(*b)).then(b.0.cmp(a.0)));
            best.map_or(train[0].answer.as_str(), |(&k, _)| train[k].answer.as_str())
        })
        .collect()
}

/// The chatbot's greedy (or beam) replies to the `test` questions beside the retrieval
/// baseline's: six of them spread over the set, then the exact-match share and chrF of
/// each.
fn replies(
    chatbot: &Chatbot,
    train: &[Exchange],
    test: &[Exchange],
    threads: usize,
) -> Result<Vec<String>, TrainError> {
    let replies = frame::each_in_chunks(test, 1, threads, |e| chatbot.reply(&e.question))?;
    let asked: Vec<&str> = test.iter().map(|e| e.question.as_str()).collect();
    let truth: Vec<&str> = test.iter().map(|e| e.answer.as_str()).collect();
    let found = retrieve(train, &asked);
    let exact = |said: &[&str]| {
        said.iter().zip(&truth).filter(|(s, t)| s == t).count() as f64 / truth.len() as f64
    };
    let said: Vec<&str> = replies.iter().map(String::as_str).collect();
    let mut lines = vec![
        "Held-out questions, the model's reply, the retrieval baseline's, and the true answer:"
            .to_string(),
    ];
    for k in (0..6)
        .map(|k| k * test.len() / 6)
        .filter(|&k| k < test.len())
    {
        lines.push(format!("  {}", asked[k]));
        lines.push(format!("    model:     {}", said[k]));
        lines.push(format!("    retrieval: {}", found[k]));
        lines.push(format!("    true:      {}", truth[k]));
    }
    lines.push(format!(
        "held-out replies: exact {:.3}, chrF {:.3}; the retrieval baseline: exact {:.3}, chrF {:.3}",
        exact(&said),
        chrf(&said, &truth),
        exact(&found),
        chrf(&found, &truth)
    ));
    Ok(lines)
}

/// Trains an encoder–decoder on `pairs` (source ids, target ids) for the chatbot, from
/// `start`'s weights if given, else from fresh ones.
fn train_model(
    shared: &Shared,
    (v_in, v_out): (usize, usize),
    pairs: &[(Vec<usize>, Vec<usize>)],
    start: Option<&Model>,
    on_batch: impl FnMut(usize, usize),
    on_epoch: impl FnMut(usize, f64),
) -> Result<Model, TrainError> {
    let mut rng = Mt19937::new(shared.seed);
    let training = shared;
    let sizes = [
        v_in,
        training.embedding.unwrap_or(EMBEDDING),
        training.hidden,
        v_out,
    ];
    let mut model = match start {
        Some(model) => model.clone(),
        None => fresh(training.cell, sizes, &mut rng).map_err(TrainError::new)?,
    };
    let examples: Vec<Example> = pairs
        .iter()
        .map(|(source, target)| Example::translation(source.clone(), target))
        .collect();
    let fit = FitOptions {
        // The weights' moving average: held-out perplexity 6.67 with it, 7.46 without
        // (seed 0, 5 epochs; the decoder without the question 6.49 and 7.23).
        average: AVERAGE,
        ..shared.fit_options()
    };
    let plan = Batches::telling(on_batch);
    fit_seq2seq(&mut model, &examples, &fit, &mut rng, plan, on_epoch)?;
    Ok(model)
}

/// A chatbot as saved: its encoder–decoder under the program name `chatbot`, with the
/// questions' characters (`questions.txt`) and the answers' (`answers.txt`, `<start>` and
/// `<end>` last).
impl Saved for Model {
    const PROGRAM: &'static str = "chatbot";
    const VOCABULARIES: &'static [(&'static str, &'static str, &'static str)] = &[
        ("questions.txt", "vocab_size", "characters"),
        ("answers.txt", "classes", "characters"),
    ];
    const SIZES: &'static [(&'static str, bool)] = &[
        ("vocab_size", true),
        ("embedding_size", true),
        ("hidden_size", true),
        ("classes", true),
    ];

    fn kind(&self) -> CellKind {
        self.encoder().cell().kind()
    }

    fn sizes(&self) -> Vec<usize> {
        let (encoder, decoder) = (self.encoder(), self.decoder());
        let table = encoder.embedding();
        let classes = decoder.output().output_size();
        vec![
            table.vocab_size(),
            table.size(),
            encoder.hidden_size(),
            classes,
        ]
    }

    fn count(kind: CellKind, sizes: &[usize]) -> u128 {
        let [v, e, dh, c] = [0, 1, 2, 3].map(|k| sizes[k] as u128);
        let reader = |v| v * e + kind.num_parameters(sizes[1], sizes[2]);
        let attention = 2 * dh * dh + dh + 2 * dh * dh + dh; // Wa, Ua, va (Da = Dh), Wc, bc
        reader(v) + reader(c) + c * dh + c + attention // the readers, Wy, by, attention
    }

    fn fresh(kind: CellKind, sizes: &[usize]) -> Result<Self, String> {
        let [v, e, dh, classes] = [0, 1, 2, 3].map(|k| sizes[k]);
        if classes < 3 {
            return Err(format!(
                "classes must count the answers' characters, <start> and <end>: at least 3, got {classes}"
            ));
        }
        fresh(kind, [v, e, dh, classes], &mut Mt19937::new(0))
    }
}

impl Use for Options {
    type Item = Exchange;
    type Trained = Chatbot;
    type Model = Model;
    const COMMAND: &'static str = "rnn chatbot";
    const ITEMS: &'static str = "exchanges";
    const FLAGS: &'static [&'static str] = &["train", "test", "save", "load", "input", "lr"];
    const INPUT: &'static str = "something to say, such as --input \"오늘 너무 힘들어\"";
    const TALKS: bool = true;

    fn defaults(&self) -> Shared {
        self.shared
    }

    /// The pairs of `train` (Chatbot_data's CSV), the last tenth held out unless `test` is
    /// given; or the committed 10,000, every tenth pair held out.
    fn data(
        &self,
        train: Option<&Path>,
        test: Option<&Path>,
        _: &Shared,
    ) -> frame::Examples<Exchange> {
        // The committed file is sorted by topic (everyday talk, a breakup, love): every tenth
        // pair is held out, so that both parts hold every topic.
        let committed = || {
            let all = parse(CHATBOT, "docs/data/chatbot/ChatbotData.dev.csv")
                .expect("the committed pairs are well formed");
            let (held_out, train): (Vec<_>, Vec<_>) =
                all.into_iter().enumerate().partition(|(k, _)| k % 10 == 9);
            let pairs = |part: Vec<(usize, Exchange)>| part.into_iter().map(|(_, e)| e).collect();
            (pairs(train), pairs(held_out))
        };
        files_or(train, test, read, committed, "exchanges")
    }

    fn memory(&self, train: &[Exchange], _: &[Exchange], shared: &Shared) -> Need {
        let training = shared;
        let longest = train
            .iter()
            .map(|e| e.question.chars().count().max(e.answer.chars().count()));
        let steps = longest.max().unwrap_or(1) + 1;
        let bytes = 2 * training.states([2000, training.hidden, 2000, steps, 1]);
        let what = "the encoder's and the decoder's weights and each thread's batch";
        (bytes, what, "--hidden or --batch")
    }

    fn plan(&self, train: &[Exchange], shared: &Shared) -> frame::Plan {
        frame::Plan {
            epochs: shared.epochs,
            per_epoch: train.len(),
            rounds: match self.without_question {
                true => &[
                    "the answers alone",
                    "without the question",
                    "with the question",
                ],
                false => &[],
            },
        }
    }

    fn run(
        &self,
        train: &[Exchange],
        test: &[Exchange],
        shared: &Shared,
        on: &mut dyn FnMut(Event),
    ) -> Result<frame::Report<Chatbot>, TrainError> {
        let (questions, answers) = vocabularies(train, self.min_count);
        let sizes = (questions.len(), answers.len());
        let encode = |e: &Exchange| (ids(&questions, &e.question), ids(&answers, &e.answer));
        let (pairs, held_out): (Vec<_>, Vec<_>) = (
            train.iter().map(encode).collect(),
            test.iter().map(encode).collect(),
        );
        let epochs = shared.epochs;
        on(Event::Note(format!(
            "training an encoder–decoder with attention ({}, Dh {}) on {} pairs: {} question characters, {} answer characters",
            shared.cell.name(),
            shared.hidden,
            train.len(),
            questions.len(),
            answers.len()
        )));
        // The trainings' epochs count on: each one's first follows the one before's last.
        let mut train_one = |pairs: &[_], start: Option<&Model>, after: usize, whose: &str| {
            let name = |epoch| format!("epoch {epoch}{whose}");
            frame::told(&mut *on, after, name, |on_batch, on_epoch| {
                train_model(shared, sizes, pairs, start, on_batch, on_epoch)
            })
        };
        let threads = shared.threads;
        // A decoder trained on the answers alone (each read after the same one token) is
        // where both models start: it knows how answers go. Then each trains the same epochs
        // more, one reading the question, one still without it, so that the gap is the
        // question's alone (the model with the question: held-out 6.21, against 6.67 from
        // fresh weights; seed 0).
        let (mut without, mut start) = (None, None);
        if self.without_question {
            let alone = |part: &[(Vec<usize>, Vec<usize>)]| -> Vec<_> {
                part.iter().map(|(_, a)| (vec![0], a.clone())).collect()
            };
            let first = train_one(&alone(&pairs), None, 0, ", the answers alone")?;
            let more = train_one(
                &alone(&pairs),
                Some(&first),
                epochs,
                ", without the question",
            )?;
            without = Some(perplexity(&more, &alone(&held_out), threads)?);
            start = Some(first);
        }
        let after = if self.without_question { 2 * epochs } else { 0 };
        let model = train_one(&pairs, start.as_ref(), after, "")?;
        let with = perplexity(&model, &held_out, threads)?;
        let chatbot = Chatbot {
            model,
            questions,
            answers,
            beam: self.beam,
        };
        let lines = replies(&chatbot, train, test, threads)?;
        let without_text = without.map_or("not trained".to_string(), |q| format!("{q:.2}"));
        Ok(frame::Report {
            figure: format!(
                "held-out answers: perplexity {with:.2} per character with the question, {without_text} without"
            ),
            // A model that learned nothing from the question scores no better than without it.
            against: (
                -with,
                -without.unwrap_or(f64::INFINITY),
                "the decoder without the question".into(),
            ),
            trained: chatbot,
            lines,
        })
    }

    fn save(chatbot: &Chatbot, dir: &Path) -> Result<(), DataError> {
        let lists = [chatbot.questions.tokens(), chatbot.answers.tokens()];
        crate::io::save::save(dir, &chatbot.model, &lists, "")
    }

    fn load(&self, dir: &Path) -> Result<Chatbot, DataError> {
        let (model, vocabularies, _) = frame::load::<Model>(dir)?;
        let [questions, answers]: [_; 2] = vocabularies.try_into().expect("two vocabularies");
        Ok(Chatbot {
            model,
            questions,
            answers,
            beam: self.beam,
        })
    }

    /// The reply, one line.
    fn answer(&self, chatbot: &Chatbot, text: &str, _: bool) -> frame::Lines {
        let reply = chatbot
            .reply(text.trim())
            .map_err(|e| Answer::Failed(e.to_string()))?;
        Ok(vec![reply])
    }
}
