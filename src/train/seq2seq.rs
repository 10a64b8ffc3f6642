//! Training a [`Seq2Seq`]: the decoder with **teacher forcing**, then BPTT back through
//! the hand-over s₀ = h_n into the encoder.

use super::fit::{Batches, chance, fit_with};
use super::threads::sum_jobs;
use super::{Example, FitOptions, Input, SequenceGradients, TrainError};
use crate::cells::{Attention, AttentionStep, Cell, Seq2Seq, add_into, tokens, zeros_like};
use crate::linalg::{Matrix, Mt19937, ShapeError, Vector};

/// The gradient of a [`Seq2Seq`]: the encoder's weights, and the decoder's (its cell and
/// its output layer).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, Seq2Seq, SequenceModel};
/// use rnn_from_scratch::Mt19937;
///
/// let mut rng = Mt19937::new(0);
/// let decoder = SequenceModel::with_softmax(CellKind::Gru.build(6, 4, &mut rng), 6, &mut rng);
/// let model = Seq2Seq::new(CellKind::Gru.build(10, 4, &mut rng), decoder, 0, 1)?;
/// let (_, g) = model.loss_and_gradients(&[3, 1, 4], &[2, 5])?;
/// assert_eq!(g.encoder.input_size(), 10); // ∂L/∂(the encoder's weights), same shapes
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Seq2SeqGradients<C: Cell> {
    /// ∂L/∂ of every weight of the encoder.
    pub encoder: C,
    /// ∂L/∂ of the decoder's cell and output layer (and of s₀ = h_n, which the encoder's
    /// backward pass receives).
    pub decoder: SequenceGradients<C>,
    /// ∂L/∂ of the attention's weights, if the model has attention.
    pub attention: Option<Attention>,
}

crate::cells::parameters::parts!(impl<C: Cell> Seq2SeqGradients<C>, encoder, decoder, attention);

impl<C: Cell> Seq2Seq<C> {
    /// The cross-entropy of writing `target` then `<end>` after reading `source`, and its
    /// gradient.
    ///
    /// **Teacher forcing**: at step k the decoder reads the *true* token Yₖ₋₁ (`<start>`,
    /// then `target`), not the one it would have written itself. Every step's loss is then
    /// one softmax away, so the whole target trains in one forward and one backward pass,
    /// and an early mistake does not derail what the later steps learn. At translation
    /// time there is no true token to read, so the model reads its own
    /// ([`translate`](Seq2Seq::translate)).
    ///
    /// The backward pass: the decoder's BPTT ([`SequenceModel::loss_and_gradients`](crate::cells::SequenceModel::loss_and_gradients))
    /// gives ∂L/∂s₀; that is ∂L/∂h_n, which the encoder's BPTT starts from
    /// ([`Cell::backward_with_last`]); no loss is read from the encoder's other states.
    /// With [`Attention`], every hₜ of the encoder feeds every step's context, so the
    /// encoder's BPTT also receives ∂L/∂hₜ at every t
    /// ([`Attention::backward_step`], [`Attention::backward_keys`]).
    ///
    /// # Errors
    ///
    /// An empty source, or a token outside its vocabulary:
    /// `target token 9 at position 2 is not a token: V_out = 6`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{CellKind, Seq2Seq, SequenceModel};
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let mut rng = Mt19937::new(0);
    /// let decoder = SequenceModel::with_softmax(CellKind::Lstm.build(6, 4, &mut rng), 6, &mut rng);
    /// let model = Seq2Seq::new(CellKind::Lstm.build(10, 4, &mut rng), decoder, 0, 1)?;
    /// let (loss, _) = model.loss_and_gradients(&[3, 1, 4], &[2, 5])?;
    /// assert!(loss > 0.0); // three steps: 2, 5, <end>
    /// let err = model.loss_and_gradients(&[3], &[2, 9]).unwrap_err();
    /// assert_eq!(err.to_string(), "target token 9 at position 2 is not a token: V_out = 6");
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss_and_gradients(
        &self,
        source: &[usize],
        target: &[usize],
    ) -> Result<(f64, Seq2SeqGradients<C>), ShapeError> {
        let (fed, targets) = self.teacher_forcing(target)?;
        let inputs = tokens("source", "V_in", source, self.encoder().input_size())?;
        let (hs, h_n, cache) = self
            .encoder()
            .forward_cached(&inputs, &Vector::zeros(self.encoder().state_size()))?;
        let (loss, decoder, d_hs, attention) = match self.attention() {
            None => {
                let (loss, decoder, _) = self.decoder().loss_and_gradients(&fed, &targets, &h_n)?;
                let no_loss_above = Matrix::zeros(source.len(), self.encoder().hidden_size());
                (loss, decoder, no_loss_above, None)
            }
            Some(attention) => {
                let (loss, decoder, d_hs, g) =
                    self.attended(attention, &hs, &fed, &targets, &h_n)?;
                (loss, decoder, d_hs, Some(g))
            }
        };
        let (encoder, _, _) = self
            .encoder()
            .backward_with_last(&cache, &d_hs, &decoder.state0); // ∂L/∂h_n += ∂L/∂s₀
        let gradients = Seq2SeqGradients {
            encoder,
            decoder,
            attention,
        };
        Ok((loss, gradients))
    }

    /// The decoder with attention over the encoder's states `hs`, teacher-forced: its
    /// loss, its gradients (∂L/∂s₀ among them), ∂L/∂hₜ for every encoder state, and the
    /// attention's gradient.
    fn attended(
        &self,
        attention: &Attention,
        hs: &Matrix,
        fed: &Matrix,
        targets: &[(usize, usize)],
        s0: &Vector,
    ) -> Result<(f64, SequenceGradients<C>, Matrix, Attention), ShapeError> {
        let (states, _, cache) = self.decoder().cell().forward_cached(fed, s0)?; // every sₖ
        let keys = attention.keys(hs);
        let steps: Vec<AttentionStep> = (0..states.shape().0)
            .map(|k| attention.step(&Vector::from(states.row(k)), hs, &keys))
            .collect();
        let h_tilde: Vec<Vector> = steps.iter().map(|step| step.h_tilde.clone()).collect();
        let (loss, output, d_h_tilde) = self
            .decoder()
            .output()
            .cross_entropy(&Matrix::stack(&h_tilde)?, targets)?; // Oₖ reads h̃ₖ
        let mut gradient = zeros_like(attention);
        let (mut d_keys, mut d_hs) = (Matrix::zeros(keys.shape().0, hs.shape().0), hs.map(|_| 0.0));
        let mut d_states = states.map(|_| 0.0);
        for (k, step) in steps.iter().enumerate() {
            let ds_k = attention.backward_step(
                &Vector::from(states.row(k)),
                hs,
                step,
                &Vector::from(d_h_tilde.row(k)),
                &mut gradient,
                &mut d_keys,
                &mut d_hs,
            );
            d_states.row_mut(k).copy_from_slice(ds_k.as_slice());
        }
        attention.backward_keys(hs, &d_keys, &mut gradient, &mut d_hs);
        let (cell, state0, _) = self.decoder().cell().backward(&cache, &d_states);
        let decoder = SequenceGradients {
            cell,
            output,
            state0,
        };
        Ok((loss, decoder, d_hs, gradient))
    }

    /// The loss alone (as [`loss_and_gradients`](Seq2Seq::loss_and_gradients)).
    ///
    /// # Errors
    ///
    /// As [`loss_and_gradients`](Seq2Seq::loss_and_gradients).
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::cells::{CellKind, Seq2Seq, SequenceModel};
    /// use rnn_from_scratch::Mt19937;
    ///
    /// let mut rng = Mt19937::new(0);
    /// let decoder = SequenceModel::with_softmax(CellKind::Rnn.build(6, 4, &mut rng), 6, &mut rng);
    /// let model = Seq2Seq::new(CellKind::Rnn.build(10, 4, &mut rng), decoder, 0, 1)?;
    /// assert_eq!(model.loss(&[3, 1], &[2])?, model.loss_and_gradients(&[3, 1], &[2])?.0);
    /// # Ok::<(), rnn_from_scratch::ShapeError>(())
    /// ```
    pub fn loss(&self, source: &[usize], target: &[usize]) -> Result<f64, ShapeError> {
        if self.attention().is_some() {
            // The same forward pass as training's; its gradient is dropped (a few times
            // the work, for a value a gradient check or a report asks for now and then).
            return Ok(self.loss_and_gradients(source, target)?.0);
        }
        let (fed, targets) = self.teacher_forcing(target)?;
        let h_n = self.encode(source)?;
        self.decoder().loss(&fed, &targets, &h_n)
    }

    /// What the decoder reads (`<start>` then `target`, one-hot) and what it is asked to
    /// write at each step (`target` then `<end>`).
    fn teacher_forcing(
        &self,
        target: &[usize],
    ) -> Result<(Matrix, Vec<(usize, usize)>), ShapeError> {
        let v = self.decoder().output().output_size(); // = the decoder's d
        if let Some(k) = target.iter().position(|&id| id >= v) {
            return Err(ShapeError::new(format!(
                "target token {} at position {} is not a token: V_out = {v}",
                target[k],
                k + 1
            )));
        }
        let fed = [&[self.start][..], target].concat(); // <start>, then the target
        let asked = [target, &[self.end]].concat().into_iter().enumerate(); // then <end>
        Ok((tokens("target", "V_out", &fed, v)?, asked.collect()))
    }
}

/// Trains `model` on `examples` with [`fit_with`]'s loop: each epoch shuffles them (with
/// `rng`), sums the gradients of each mini-batch, clips them and takes one optimiser step.
/// An example is a source sentence and its translation: its inputs are the source's ids,
/// and its targets the target's tokens, token k at the decoder's step k (`(k, yₖ)`;
/// `<end>` comes after them). A mini-batch's examples are shared by `options.threads`
/// threads, each computing whole examples; the sum is taken in the examples' order, so
/// any number of threads gives the same weights, bit for bit.
///
/// # Errors
///
/// As [`fit`](super::fit): no examples, bad options, an example that does not fit the
/// model (`example 4: source token 12 at position 3 is not a token: V_in = 10`) or that is
/// not a translation (`example 2: an encoder–decoder reads token ids and writes one token
/// at each step, (0, y₀), (1, y₁), …`), or a non-finite loss.
///
/// # Examples
///
/// Reverse three tokens:
///
/// ```
/// use rnn_from_scratch::cells::{CellKind, Seq2Seq, SequenceModel};
/// use rnn_from_scratch::train::{fit_seq2seq, Batches, Example, FitOptions, Input};
/// use rnn_from_scratch::Mt19937;
///
/// let mut rng = Mt19937::new(0);
/// let decoder = SequenceModel::with_softmax(CellKind::Gru.build(5, 16, &mut rng), 5, &mut rng);
/// let mut model = Seq2Seq::new(CellKind::Gru.build(3, 16, &mut rng), decoder, 3, 4)?;
/// let examples: Vec<Example> = (0..27).map(|k| {
///     let source = vec![k % 3, k / 3 % 3, k / 9];
///     let targets = source.iter().rev().copied().enumerate().collect(); // step k writes yₖ
///     Example { inputs: Input::Ids(source), targets }
/// }).collect();
/// let options = FitOptions { epochs: 60, batch: 4, learning_rate: 0.02, ..FitOptions::default() };
/// fit_seq2seq(&mut model, &examples, &options, &mut rng, Batches::shuffled(), |_, _| {}).unwrap();
/// assert_eq!(model.translate(&[0, 1, 2], 5)?, [2, 1, 0]);
/// # Ok::<(), rnn_from_scratch::ShapeError>(())
/// ```
pub fn fit_seq2seq<C: Cell, P: FnMut(usize, usize)>(
    model: &mut Seq2Seq<C>,
    examples: &[Example],
    options: &FitOptions,
    rng: &mut Mt19937,
    plan: Batches<'_, P>,
    on_epoch: impl FnMut(usize, f64),
) -> Result<(), TrainError> {
    // Each example as (source, target): the target's tokens in the decoder's order.
    let pairs: Vec<(&[usize], Vec<usize>)> = examples
        .iter()
        .enumerate()
        .map(|(k, e)| match &e.inputs {
            Input::Ids(source) if e.targets.iter().enumerate().all(|(i, &(t, _))| i == t) => Ok((
                source.as_slice(),
                e.targets.iter().map(|&(_, y)| y).collect(),
            )),
            _ => Err(TrainError::new(format!(
                "example {k}: an encoder–decoder reads token ids and writes one token at each \
                 step, (0, y₀), (1, y₁), …"
            ))),
        })
        .collect::<Result<_, _>>()?;
    // Each example's targets and <end>, each one of V_out tokens.
    let (targets, classes) = chance(examples, model.decoder().output().output_size());
    let plan = Batches {
        chance: plan.chance.or(Some((targets + 1.0, classes))),
        ..plan
    };
    let grads = |model: &Seq2Seq<C>, batch: &[usize]| {
        let total = sum_jobs(
            batch,
            options.threads.min(batch.len()),
            |&k| model.loss_and_gradients(pairs[k].0, &pairs[k].1),
            |total, (loss, g)| match total {
                None => *total = Some((loss, g)),
                Some((sum, sum_g)) => {
                    *sum += loss;
                    add_into(sum_g, &g);
                }
            },
        )
        .map_err(|(i, e)| TrainError::new(format!("example {}: {e}", batch[i])))?;
        Ok::<_, TrainError>(total.expect("fit_with gives a batch at least one example"))
    };
    fit_with(model, pairs.len(), options, rng, plan, on_epoch, grads)
}
