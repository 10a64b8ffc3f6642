//! [`Attention`] (어텐션): the decoder looks back at every state of the encoder at each
//! step, instead of starting from the last one alone. The chapter is
//! [`attention`](crate::attention).

use super::init::pytorch_uniform;
use super::output::softmax;
use crate::linalg::elementary::tanh;
use crate::linalg::kernels::axpy;
use crate::linalg::{Matrix, Mt19937, Vector};

/// Additive attention: at decoder step k, a score for every encoder state hⱼ, the scores
/// made weights by a softmax, the weighted sum of the encoder's states (the context), and
/// the context joined with the decoder's state into what the output layer reads.
///
/// ```text
/// eₖⱼ = vaᵀ·tanh(Wa·sₖ + Ua·hⱼ)      j = 1 … n       how well hⱼ answers sₖ (the score)
/// αₖ  = softmax(eₖ)                                  the weights: ≥ 0, summing to 1
/// cₖ  = Σⱼ αₖⱼ·hⱼ                                    the context
/// h̃ₖ  = tanh(Wc·[sₖ; cₖ] + bc)                       what Oₖ = softmax(Wy·h̃ₖ + by) reads
/// ```
///
/// | symbol | shape | here |
/// |---|---|---|
/// | hⱼ, sₖ | Dh | an encoder state, the decoder's state (its hₖ) |
/// | Wa, Ua | Da×Dh | the query's and the keys' weights |
/// | va | Da | the score's weights |
/// | αₖ | n | one weight for each of the n source tokens |
/// | Wc, bc | Dh×2·Dh, Dh | the join |
///
/// The score is Bahdanau, Cho and Bengio's (2015), "additive" because sₖ and hⱼ are added
/// inside the tanh. It is placed after the decoder's step, as Luong, Pham and Manning
/// (2015) place it: the query is the state sₖ the decoder has just reached, and the
/// decoder's cell stays the plain cell of the encoder–decoder, with the same BPTT. The
/// keys Ua·hⱼ do not depend on k, so they are computed once per source
/// ([`keys`](Attention::keys)).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::cells::Attention;
/// use rnn_from_scratch::{Matrix, Mt19937, Vector};
///
/// let mut rng = Mt19937::new(0);
/// let attention = Attention::init(4, 3, &mut rng); // Dh = 4, Da = 3
/// let encoder_states = Matrix::random(5, 4, &mut rng); // n = 5 source tokens
/// let keys = attention.keys(&encoder_states);
/// let step = attention.step(&Vector::random(4, &mut rng), &encoder_states, &keys);
/// assert_eq!(step.alpha.len(), 5);
/// assert!((step.alpha.as_slice().iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// assert_eq!(step.h_tilde.len(), 4);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Attention {
    wa: Matrix,
    ua: Matrix,
    va: Vector,
    wc: Matrix,
    bc: Vector,
}

/// What one step of [`Attention`] computed, kept for its backward pass.
#[derive(Debug, Clone, PartialEq)]
pub struct AttentionStep {
    /// uⱼ = tanh(Wa·sₖ + Ua·hⱼ) for every j (n×Da).
    u: Matrix,
    /// αₖ: the weight of each source token (n).
    pub alpha: Vector,
    /// cₖ = Σⱼ αₖⱼ·hⱼ (Dh).
    pub context: Vector,
    /// h̃ₖ = tanh(Wc·[sₖ; cₖ] + bc) (Dh).
    pub h_tilde: Vector,
}

impl Attention {
    /// Fresh weights for decoder and encoder states of Dh = `hidden_size` values and
    /// scores computed in Da = `attention_size` values: every matrix uniform on ±1/√(the
    /// values it reads) (PyTorch's `nn.Linear`), bc = 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::{cells::Attention, Mt19937};
    /// let attention = Attention::init(8, 6, &mut Mt19937::new(0));
    /// assert_eq!((attention.hidden_size(), attention.attention_size()), (8, 6));
    /// ```
    pub fn init(hidden_size: usize, attention_size: usize, rng: &mut Mt19937) -> Attention {
        let (dh, da) = (hidden_size, attention_size);
        Attention {
            wa: pytorch_uniform(da, dh, dh, rng),
            ua: pytorch_uniform(da, dh, dh, rng),
            va: Vector::from(pytorch_uniform(1, da, da, rng).as_slice()),
            wc: pytorch_uniform(dh, 2 * dh, 2 * dh, rng),
            bc: Vector::zeros(dh),
        }
    }

    /// Dh, the size of the states it reads and of h̃ₖ.
    pub fn hidden_size(&self) -> usize {
        self.bc.len()
    }

    /// Da, the size in which scores are computed.
    pub fn attention_size(&self) -> usize {
        self.va.len()
    }

    /// The keys Ua·hⱼ of every encoder state (the rows of `encoder_states`, n×Dh), as
    /// the columns of a Da×n matrix.
    pub fn keys(&self, encoder_states: &Matrix) -> Matrix {
        &self.ua * &encoder_states.transpose()
    }

    /// One step: the weights αₖ, the context cₖ and h̃ₖ for the decoder state `s_k`, over
    /// the encoder's states (n×Dh) and their [`keys`](Attention::keys).
    ///
    /// # Panics
    ///
    /// If the shapes do not fit: `attention: sₖ must have Dh = 4 values and the encoder's
    /// states be n×Dh with their keys Da×n, got sₖ 3, states 5×4, keys 3×5`.
    #[track_caller]
    pub fn step(&self, s_k: &Vector, encoder_states: &Matrix, keys: &Matrix) -> AttentionStep {
        let (n, dh) = encoder_states.shape();
        let (own, da) = (self.hidden_size(), self.attention_size());
        assert!(
            s_k.len() == own && dh == own && keys.shape() == (da, n),
            "attention: sₖ must have Dh = {own} values and the encoder's states be n×Dh with \
             their keys Da×n, got sₖ {}, states {n}×{dh}, keys {}×{}",
            s_k.len(),
            keys.shape().0,
            keys.shape().1
        );
        let query = &self.wa * s_k; //                                   Wa·sₖ      Da
        let mut u = Matrix::zeros(n, self.attention_size());
        let mut e = Vector::zeros(n);
        for j in 0..n {
            for (a, u_ja) in u.row_mut(j).iter_mut().enumerate() {
                *u_ja = tanh(query[a] + keys[(a, j)]); //          uⱼ = tanh(Wa·sₖ + Ua·hⱼ)
            }
            e[j] = Vector::from(u.row(j)).dot(&self.va).expect("Da"); // eₖⱼ = vaᵀ·uⱼ
        }
        let alpha = softmax(&e); //                                      αₖ = softmax(eₖ)
        let mut context = Vector::zeros(dh);
        for j in 0..n {
            for (c, h) in context.as_mut_slice().iter_mut().zip(encoder_states.row(j)) {
                *c += alpha[j] * h; //                                   cₖ = Σⱼ αₖⱼ·hⱼ
            }
        }
        let joined = join(s_k, &context);
        let h_tilde = (&(&self.wc * &joined) + &self.bc).tanh(); //     h̃ₖ = tanh(Wc·[sₖ; cₖ] + bc)
        AttentionStep {
            u,
            alpha,
            context,
            h_tilde,
        }
    }

    /// The backward pass of one [`step`](Attention::step), from `dh_tilde` = ∂L/∂h̃ₖ:
    /// adds the gradient of Wa, va, Wc and bc into `gradient`, ∂L/∂(the keys) into
    /// `d_keys` (Da×n) and ∂L/∂hⱼ through the context into `d_states` (n×Dh); returns
    /// ∂L/∂sₖ. Ua's gradient and the keys' share of ∂L/∂hⱼ are added once for all steps
    /// by [`backward_keys`](Attention::backward_keys).
    ///
    /// ```text
    /// dz   = dh̃ₖ ⊙ (1 − h̃ₖ²)                    Dh
    /// dWc += dz·[sₖ; cₖ]ᵀ   dbc += dz   [dsₖ; dcₖ] = Wcᵀ·dz
    /// dhⱼ += αₖⱼ·dcₖ        dαₖⱼ = hⱼ·dcₖ
    /// deₖ  = αₖ ⊙ (dαₖ − αₖ·dαₖ)                 the softmax's backward
    /// duⱼ  = deₖⱼ·va ⊙ (1 − uⱼ²)   dva += deₖⱼ·uⱼ
    /// dWa += (Σⱼ duⱼ)·sₖᵀ   dsₖ += Waᵀ·Σⱼ duⱼ   d(Ua·hⱼ) = duⱼ
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn backward_step(
        &self,
        s_k: &Vector,
        encoder_states: &Matrix,
        step: &AttentionStep,
        dh_tilde: &Vector,
        gradient: &mut Attention,
        d_keys: &mut Matrix,
        d_states: &mut Matrix,
    ) -> Vector {
        let (n, dh) = encoder_states.shape();
        let dz = dh_tilde.hadamard(&step.h_tilde.map(|t| 1.0 - t * t));
        gradient.wc.add_outer(&dz, &join(s_k, &step.context));
        gradient.bc += &dz;
        let d_joined = transposed_times(&self.wc, &dz);
        let (ds_part, dc) = d_joined.as_slice().split_at(dh);
        let mut ds = Vector::from(ds_part);
        let mut d_alpha = Vector::zeros(n);
        for j in 0..n {
            let h_j = encoder_states.row(j);
            for ((d, &c), &h) in d_states.row_mut(j).iter_mut().zip(dc).zip(h_j) {
                *d += step.alpha[j] * c; //                              dhⱼ += αₖⱼ·dcₖ
                d_alpha[j] += h * c; //                                  dαₖⱼ = hⱼ·dcₖ
            }
        }
        let mean = step.alpha.dot(&d_alpha).expect("n");
        let mut d_query = Vector::zeros(self.attention_size());
        for j in 0..n {
            let de = step.alpha[j] * (d_alpha[j] - mean); //             deₖⱼ
            for (a, &u) in step.u.row(j).iter().enumerate() {
                gradient.va[a] += de * u; //                             dva += deₖⱼ·uⱼ
                let du = de * self.va[a] * (1.0 - u * u); //             duⱼ
                d_query[a] += du;
                d_keys[(a, j)] += du;
            }
        }
        gradient.wa.add_outer(&d_query, s_k); //                         dWa += (Σⱼ duⱼ)·sₖᵀ
        ds += &transposed_times(&self.wa, &d_query); //                  dsₖ += Waᵀ·Σⱼ duⱼ
        ds
    }

    /// The keys' backward, once after every step's: dUa += d_keys·H and
    /// ∂L/∂hⱼ += Uaᵀ·d(Ua·hⱼ), with `d_keys` Da×n summed over the steps.
    pub fn backward_keys(
        &self,
        encoder_states: &Matrix,
        d_keys: &Matrix,
        gradient: &mut Attention,
        d_states: &mut Matrix,
    ) {
        gradient.ua += &(d_keys * encoder_states); //                    Da×Dh
        *d_states += &(&d_keys.transpose() * &self.ua); //                n×Dh
    }
}

/// Mᵀ·x as a sum of M's rows, each scaled by its value of x: no transposed copy of M
/// at every step.
fn transposed_times(m: &Matrix, x: &Vector) -> Vector {
    let mut out = vec![0.0; m.shape().1];
    for (r, &x_r) in x.as_slice().iter().enumerate() {
        axpy(&mut out, x_r, m.row(r));
    }
    Vector::from(out)
}

/// [sₖ; cₖ]: the two vectors one after the other.
fn join(s_k: &Vector, context: &Vector) -> Vector {
    let mut joined = s_k.as_slice().to_vec();
    joined.extend_from_slice(context.as_slice());
    Vector::from(joined)
}

super::parameters::arrays!(Attention, wa "Wa", ua "Ua", va "va", wc "Wc", bc "bc");
