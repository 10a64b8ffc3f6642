//! [`Seq2Seq`]: an encoder–decoder (시퀀스-투-시퀀스), the many-to-many shape whose output
//! has another length than its input: a translator (번역기) or a chatbot (챗봇). The chapter
//! is [`encoder_decoder`](crate::encoder_decoder); its training is in
//! [`train`](crate::train::Seq2SeqGradients), with teacher forcing.

use super::tokens::{greedy, one_hot};
use super::{Attention, Cell, SequenceModel};
use crate::linalg::elementary::ln;
use crate::linalg::{Matrix, ShapeError, Vector};

/// Two recurrent networks: the **encoder** reads the whole input sequence, token by
/// token; its last state is the **decoder**'s initial state; the decoder then writes the
/// output one token per step, each token fed back as its next input, until it writes the
/// end token.
///
/// ```text
/// encoder:  hₜ = cell_enc(Iₜ, hₜ₋₁)         t = 1 … n,  h₀ = 0          (reads)
/// decoder:  s₀ = h_n                                                  (the hand-over)
///           sₖ = cell_dec(Yₖ₋₁, sₖ₋₁)        Y₀ = <start>
///           Oₖ = softmax(Wy·sₖ + by)       Yₖ = argmax Oₖ, until <end>  (writes)
/// ```
///
/// | symbol | shape | here |
/// |---|---|---|
/// | Iₜ | V_in (one-hot) | a source token |
/// | hₜ, sₖ | Dh (for the LSTM: [h; c], 2·Dh) | the encoder's, the decoder's state |
/// | Yₖ | V_out (one-hot) | a written token, fed back |
/// | Wy | V_out×Dh | [`decoder`](Seq2Seq::decoder)`.output().wy()` |
///
/// The only link between input and output is the state s₀ = h_n: everything the decoder
/// knows of the input has to pass through those Dh numbers. With
/// [`with_attention`](Seq2Seq::with_attention), the decoder also looks back at every hₜ
/// at each step ([`Attention`]), and Oₖ reads h̃ₖ instead of sₖ.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, Seq2Seq, SequenceModel};
/// use rnn_from_scratch::Mt19937;
///
/// let mut rng = Mt19937::new(0);
/// let encoder = CellKind::Gru.build(10, 8, &mut rng); // reads 10 digits
/// let decoder = SequenceModel::with_softmax(CellKind::Gru.build(16, 8, &mut rng), 16, &mut rng);
/// let model = Seq2Seq::new(encoder, decoder, 0, 1)?; // <start> = 0, <end> = 1
/// let written = model.translate(&[2, 0, 2, 6, 0], 12)?; // untrained: any tokens, at most 12
/// assert!(written.len() <= 12 && !written.contains(&1));
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Seq2Seq<C: Cell> {
    encoder: C,
    decoder: SequenceModel<C>,
    pub(crate) start: usize,
    pub(crate) end: usize,
    attention: Option<Attention>,
}

impl<C: Cell> Seq2Seq<C> {
    /// The model, after checking that the encoder's state fits the decoder's (same Dh and
    /// kind of state), that the decoder reads what it writes (its d = V_out) and that
    /// `start` and `end` are among those tokens.
    ///
    /// # Errors
    ///
    /// `the encoder's last state (8 values) must be the decoder's initial state (6
    /// values): give both the same Dh`, `the decoder reads the tokens it writes (one-hot):
    /// its d = 5 must be V_out = 6`, or `<end> = 20 is not a token of the decoder: V = 16`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{CellKind, Seq2Seq, SequenceModel};
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let mut rng = Mt19937::new(0);
    /// let decoder = SequenceModel::with_softmax(CellKind::Rnn.build(5, 6, &mut rng), 5, &mut rng);
    /// let err = Seq2Seq::new(CellKind::Rnn.build(3, 8, &mut rng), decoder, 0, 1).unwrap_err();
    /// assert_eq!(err.to_string(), "the encoder's last state (8 values) must be the decoder's initial state (6 values): give both the same Dh");
    /// ```
    pub fn new(
        encoder: C,
        decoder: SequenceModel<C>,
        start: usize,
        end: usize,
    ) -> Result<Seq2Seq<C>, ShapeError> {
        let (from, to) = (encoder.state_size(), decoder.cell().state_size());
        if from != to {
            return Err(ShapeError::new(format!(
                "the encoder's last state ({from} values) must be the decoder's initial \
                 state ({to} values): give both the same Dh"
            )));
        }
        let (d, v_out) = (decoder.cell().input_size(), decoder.output().output_size());
        if d != v_out {
            return Err(ShapeError::new(format!(
                "the decoder reads the tokens it writes (one-hot): its d = {d} must be \
                 V_out = {v_out}"
            )));
        }
        for (name, token) in [("<start>", start), ("<end>", end)] {
            if token >= v_out {
                return Err(ShapeError::new(format!(
                    "{name} = {token} is not a token of the decoder: V = {v_out}"
                )));
            }
        }
        Ok(Seq2Seq {
            encoder,
            decoder,
            start,
            end,
            attention: None,
        })
    }

    /// The model with `attention` between its encoder and its decoder, after checking
    /// that it reads states of the model's Dh.
    ///
    /// # Errors
    ///
    /// `the attention reads states of Dh = 4 values, but the encoder's and the decoder's
    /// have Dh = 8: Wa, Ua must be Da×8 and Wc 8×16`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{Attention, CellKind, Seq2Seq, SequenceModel};
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let mut rng = Mt19937::new(0);
    /// let decoder = SequenceModel::with_softmax(CellKind::Gru.build(16, 8, &mut rng), 16, &mut rng);
    /// let model = Seq2Seq::new(CellKind::Gru.build(10, 8, &mut rng), decoder, 0, 1)?;
    /// let err = model.clone().with_attention(Attention::init(4, 4, &mut rng)).unwrap_err();
    /// assert_eq!(err.to_string(), "the attention reads states of Dh = 4 values, but the encoder's and the decoder's have Dh = 8: Wa, Ua must be Da×8 and Wc 8×16");
    /// let model = model.with_attention(Attention::init(8, 8, &mut rng))?;
    /// let (written, alignment) = model.alignment(&[2, 0, 2, 6], 12)?;
    /// let (steps, columns) = alignment.shape(); // a row per step (the one that wrote <end> too)
    /// assert!(columns == 4 && (steps == written.len() || steps == written.len() + 1));
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn with_attention(self, attention: Attention) -> Result<Seq2Seq<C>, ShapeError> {
        let dh = self.encoder.hidden_size();
        if self.decoder.cell().hidden_size() != dh {
            return Err(ShapeError::new(format!(
                "attention needs the encoder's and the decoder's Dh equal, got {dh} and {}",
                self.decoder.cell().hidden_size()
            )));
        }
        let own = attention.hidden_size();
        if own != dh {
            return Err(ShapeError::new(format!(
                "the attention reads states of Dh = {own} values, but the encoder's and the \
                 decoder's have Dh = {dh}: Wa, Ua must be Da×{dh} and Wc {dh}×{}",
                2 * dh
            )));
        }
        Ok(Seq2Seq {
            attention: Some(attention),
            ..self
        })
    }

    /// The attention between encoder and decoder, if the model has one.
    pub fn attention(&self) -> Option<&Attention> {
        self.attention.as_ref()
    }

    /// The encoder: reads the source, one-hot tokens of V_in = `encoder().input_size()`.
    pub fn encoder(&self) -> &C {
        &self.encoder
    }

    /// The decoder: a cell reading the last written token (one-hot) and a softmax over
    /// the tokens it can write.
    pub fn decoder(&self) -> &SequenceModel<C> {
        &self.decoder
    }

    /// The encoder's last state h_n after reading `source` from h₀ = 0: what the decoder
    /// starts from.
    ///
    /// # Errors
    ///
    /// An empty source, or a token that is not below V_in:
    /// `source token 12 at position 3 is not a token: V_in = 10`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{CellKind, Seq2Seq, SequenceModel};
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let mut rng = Mt19937::new(0);
    /// let decoder = SequenceModel::with_softmax(CellKind::Lstm.build(5, 4, &mut rng), 5, &mut rng);
    /// let model = Seq2Seq::new(CellKind::Lstm.build(10, 4, &mut rng), decoder, 3, 4)?;
    /// assert_eq!(model.encode(&[1, 2])?.len(), 8); // [h; c]
    /// let err = model.encode(&[1, 2, 12]).unwrap_err();
    /// assert_eq!(err.to_string(), "source token 12 at position 3 is not a token: V_in = 10");
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn encode(&self, source: &[usize]) -> Result<Vector, ShapeError> {
        Ok(self.read(source)?.s0)
    }

    /// Greedy decoding: the encoder reads `source`, then the decoder writes the likeliest
    /// token at each step, feeding it back, until `<end>` or `max_len` tokens (the end
    /// token is not returned). `<start>` is never written: it only opens the decoder's
    /// input, so every returned id is a token of the output vocabulary.
    ///
    /// # Errors
    ///
    /// As [`encode`](Seq2Seq::encode).
    ///
    /// # Examples
    ///
    /// See [`Seq2Seq`].
    pub fn translate(&self, source: &[usize], max_len: usize) -> Result<Vec<usize>, ShapeError> {
        Ok(self.alignment(source, max_len)?.0)
    }

    /// [`translate`](Seq2Seq::translate), with the weights αₖ the attention gave each
    /// source token at every step (a row per step, the step that wrote `<end>` too; no
    /// row is kept without attention: the matrix is then 0×n).
    ///
    /// # Errors
    ///
    /// As [`encode`](Seq2Seq::encode).
    ///
    /// # Examples
    ///
    /// See [`with_attention`](Seq2Seq::with_attention).
    pub fn alignment(
        &self,
        source: &[usize],
        max_len: usize,
    ) -> Result<(Vec<usize>, Matrix), ShapeError> {
        let reading = self.read(source)?;
        let mut state = reading.s0.clone(); //                  s₀ = h_n
        let mut token = self.start; //                          Y₀ = <start>
        let (mut written, mut alphas) = (Vec::new(), Vec::new());
        while written.len() < max_len {
            let (next, o_k, alpha) = self.write_step(&reading, token, &state)?;
            state = next;
            alphas.extend(alpha);
            token = greedy(&o_k); //                                argmax Oₖ
            if token == self.end {
                break;
            }
            written.push(token);
        }
        let alignment = match alphas.is_empty() {
            true => Matrix::zeros(0, source.len()),
            false => Matrix::stack(&alphas)?,
        };
        Ok((written, alignment))
    }

    /// Beam search: instead of the likeliest token at each step, keeps the `beam` likeliest
    /// partial translations (by the sum of their tokens' ln Oₖ), extends each by every
    /// token, keeps the `beam` best again, and stops when no partial one can beat the best
    /// finished one (a longer one only gets less likely). Returns the likeliest finished
    /// translation (`<end>` written, or `max_len` tokens). `beam` = 1 is greedy decoding
    /// ([`translate`](Seq2Seq::translate)); greedy can commit to a token that looks best
    /// now and leaves only unlikely continuations.
    ///
    /// # Errors
    ///
    /// As [`encode`](Seq2Seq::encode).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{CellKind, Seq2Seq, SequenceModel};
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let mut rng = Mt19937::new(0);
    /// let decoder = SequenceModel::with_softmax(CellKind::Gru.build(6, 8, &mut rng), 6, &mut rng);
    /// let model = Seq2Seq::new(CellKind::Gru.build(10, 8, &mut rng), decoder, 4, 5)?;
    /// let greedy = model.translate(&[2, 0, 2, 6], 7)?;
    /// assert_eq!(model.translate_beam(&[2, 0, 2, 6], 7, 1)?, greedy);
    /// let wider = model.translate_beam(&[2, 0, 2, 6], 7, 4)?;
    /// assert!(wider.len() <= 7 && !wider.contains(&4) && !wider.contains(&5));
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn translate_beam(
        &self,
        source: &[usize],
        max_len: usize,
        beam: usize,
    ) -> Result<Vec<usize>, ShapeError> {
        let reading = self.read(source)?;
        if max_len == 0 {
            return Ok(Vec::new());
        }
        let mut live: Vec<(f64, Vec<usize>, Vector)> = vec![(0.0, Vec::new(), reading.s0.clone())];
        let mut finished: Vec<(f64, Vec<usize>)> = Vec::new();
        while !live.is_empty() {
            // Every way to extend every partial translation by one token.
            let (mut states, mut candidates) = (Vec::new(), Vec::new());
            for (k, (log_p, written, state)) in live.iter().enumerate() {
                let token = written.last().copied().unwrap_or(self.start);
                let (next, o_k, _) = self.write_step(&reading, token, state)?;
                states.push(next);
                for (y, &p) in o_k.as_slice().iter().enumerate() {
                    if p > 0.0 {
                        candidates.push((log_p + ln(p), k, y)); // ln P(Y₁ … Yₖ)
                    }
                }
            }
            candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
            let mut kept = Vec::new();
            for &(log_p, k, y) in candidates.iter().take(beam.max(1)) {
                let mut written = live[k].1.clone();
                if y != self.end {
                    written.push(y);
                }
                match y == self.end || written.len() >= max_len {
                    true => finished.push((log_p, written)),
                    false => kept.push((log_p, written, states[k].clone())),
                }
            }
            live = kept;
            let best = |all: &[(f64, Vec<usize>)]| all.iter().map(|f| f.0).fold(f64::MIN, f64::max);
            let best_live = live.iter().map(|l| l.0).fold(f64::MIN, f64::max);
            if !finished.is_empty() && best(&finished) >= best_live {
                break;
            }
        }
        let best = finished.into_iter().max_by(|a, b| a.0.total_cmp(&b.0));
        Ok(best.map(|(_, written)| written).unwrap_or_default())
    }

    /// The encoder's reading of `source`: every hⱼ, their keys (with attention), and s₀ = h_n.
    fn read(&self, source: &[usize]) -> Result<Reading, ShapeError> {
        let inputs = tokens("source", "V_in", source, self.encoder.input_size())?;
        let state0 = Vector::zeros(self.encoder.state_size());
        let (hs, s0, _) = self.encoder.forward_cached(&inputs, &state0)?;
        let keys = self.attention.as_ref().map(|a| a.keys(&hs));
        Ok(Reading { hs, keys, s0 })
    }

    /// One step of the decoder from `token` and `state`: the next state, Oₖ (0 for
    /// `<start>`, which opens a reading and is never written) and, with attention, αₖ.
    fn write_step(
        &self,
        reading: &Reading,
        token: usize,
        state: &Vector,
    ) -> Result<(Vector, Vector, Option<Vector>), ShapeError> {
        let v = self.decoder.cell().input_size();
        let (s, next, _) = self
            .decoder
            .cell()
            .forward_cached(&one_hot(&[token], v), state)?; // sₖ = cell(Yₖ₋₁, sₖ₋₁)
        let s_k = Vector::from(s.row(0));
        let (read, alpha) = match (&self.attention, &reading.keys) {
            (Some(attention), Some(keys)) => {
                let step = attention.step(&s_k, &reading.hs, keys); // h̃ₖ, from αₖ
                (step.h_tilde, Some(step.alpha))
            }
            _ => (s_k, None),
        };
        let mut o_k = self.decoder.output().step(&read); //        Oₖ = softmax(Wy·h̃ₖ + by)
        o_k[self.start] = 0.0;
        Ok((next, o_k, alpha))
    }
}

/// What the encoder made of a source, for the decoder.
struct Reading {
    hs: Matrix,
    keys: Option<Matrix>,
    s0: Vector,
}

/// One-hot rows for `ids` after checking each is below `v`: the error names the sequence
/// (`source`, `target`) and the position (1-based).
pub(crate) fn tokens(
    what: &str,
    v_name: &str,
    ids: &[usize],
    v: usize,
) -> Result<crate::linalg::Matrix, ShapeError> {
    if ids.is_empty() {
        return Err(ShapeError::new(format!(
            "the {what} is empty: a sequence needs at least one token"
        )));
    }
    if let Some(k) = ids.iter().position(|&id| id >= v) {
        return Err(ShapeError::new(format!(
            "{what} token {} at position {} is not a token: {v_name} = {v}",
            ids[k],
            k + 1
        )));
    }
    Ok(one_hot(ids, v))
}

super::parameters::parts!(impl<C: Cell> Seq2Seq<C>, encoder, decoder, attention);
