//! The encoder–decoder ([`Seq2Seq`]) against central finite differences: every weight of
//! the encoder (whose only gradient comes through the hand-over s₀ = h_n, by
//! `Cell::backward_with_last`) and of the decoder, for the three cells, a stack and a
//! bidirectional pair, over sources and targets of several lengths.

mod common;

use common::{ABS, REL};
use rnn_from_scratch::cells::{Attention, Cell, CellKind, Parameters, Seq2Seq, SequenceModel};
use rnn_from_scratch::cells::{Bidirectional, GruCell, Stacked};
use rnn_from_scratch::train::gradient_check;
use rnn_from_scratch::{LstmCell, Mt19937};

const V_IN: usize = 5;
const V_OUT: usize = 4; // <start> = 2, <end> = 3

/// Checks `model`'s gradient on sources of 1, 2 and 6 tokens and targets of 0, 1 and 4;
/// returns how many entries were checked and the worst difference.
fn check<C: Cell + std::fmt::Debug>(
    name: &str,
    model: Seq2Seq<C>,
    rng: &mut Mt19937,
) -> (usize, f64) {
    let (mut entries, mut worst) = (0, 0.0_f64);
    for (source_len, target_len) in [(1, 0), (2, 1), (6, 4)] {
        let source: Vec<usize> = (0..source_len).map(|_| rng.below(V_IN)).collect();
        let target: Vec<usize> = (0..target_len).map(|_| rng.below(V_OUT)).collect();
        let (_, g) = model.loss_and_gradients(&source, &target).unwrap();
        let check = gradient_check(&model, &g, |m: &Seq2Seq<C>| {
            m.loss(&source, &target).unwrap()
        });
        let failures = check.failures(ABS, REL);
        assert!(
            failures.is_empty(),
            "{name} {source:?} → {target:?}: {failures:?}"
        );
        let encoder_moved = g
            .encoder
            .parameters()
            .iter()
            .any(|(_, p)| p.iter().any(|&x| x != 0.0));
        assert!(encoder_moved, "{name}: no gradient reached the encoder");
        entries += check.entries.len();
        worst = worst.max(check.max_error());
    }
    (entries, worst)
}

fn model<C: Cell>(encoder: C, decoder: C, rng: &mut Mt19937) -> Seq2Seq<C> {
    let decoder = SequenceModel::with_softmax(decoder, V_OUT, rng);
    Seq2Seq::new(encoder, decoder, 2, 3).unwrap()
}

#[test]
fn every_cell_s_encoder_decoder_gradient_matches_finite_differences() {
    let mut rng = Mt19937::new(4);
    for &kind in CellKind::ALL {
        for dh in [1, 4] {
            let m = model(
                kind.build(V_IN, dh, &mut rng),
                kind.build(V_OUT, dh, &mut rng),
                &mut rng,
            );
            let (n, worst) = check(&format!("{} Dh={dh}", kind.name()), m, &mut rng);
            assert!(n > 0 && worst < 1e-6, "{worst}");
        }
    }
}

#[test]
fn stacked_and_bidirectional_hand_over_every_layer_s_state() {
    let mut rng = Mt19937::new(5);
    let stack = |d, rng: &mut Mt19937| {
        Stacked::new(vec![LstmCell::init(d, 3, rng), LstmCell::init(3, 3, rng)]).unwrap()
    };
    let m = model(stack(V_IN, &mut rng), stack(V_OUT, &mut rng), &mut rng);
    check("2 stacked LSTMs", m, &mut rng);
    let both = |d, rng: &mut Mt19937| {
        Bidirectional::new(GruCell::init(d, 3, rng), GruCell::init(d, 3, rng)).unwrap()
    };
    let m = model(both(V_IN, &mut rng), both(V_OUT, &mut rng), &mut rng);
    check("bidirectional GRU", m, &mut rng);
}

#[test]
fn attention_s_gradient_matches_finite_differences_for_every_cell() {
    let mut rng = Mt19937::new(6);
    let mut worst = 0.0_f64;
    for &kind in CellKind::ALL {
        for (dh, da) in [(1, 1), (4, 3)] {
            let m = model(
                kind.build(V_IN, dh, &mut rng),
                kind.build(V_OUT, dh, &mut rng),
                &mut rng,
            )
            .with_attention(Attention::init(dh, da, &mut rng))
            .unwrap();
            let name = format!("{} Dh={dh} Da={da} with attention", kind.name());
            let (n, w) = check(&name, m, &mut rng);
            assert!(n > 0, "{name}");
            worst = worst.max(w);
        }
    }
    eprintln!("attention: worst difference {worst:.1e}");
    assert!(worst < 1e-6, "{worst}");
}

#[test]
fn a_planted_bug_in_the_attention_s_backward_is_found() {
    // The check must be able to fail: zero one entry of the attention's gradient.
    let mut rng = Mt19937::new(7);
    let m = model(
        CellKind::Gru.build(V_IN, 3, &mut rng),
        CellKind::Gru.build(V_OUT, 3, &mut rng),
        &mut rng,
    )
    .with_attention(Attention::init(3, 2, &mut rng))
    .unwrap();
    let (source, target) = ([1, 4, 0], [3, 1]);
    let (_, mut g) = m.loss_and_gradients(&source, &target).unwrap();
    let attention = g.attention.as_mut().unwrap();
    for (name, values) in attention.parameters_mut() {
        if name == "Ua" {
            values[0] = 0.0;
        }
    }
    let check = gradient_check(&m, &g, |m: &Seq2Seq<_>| m.loss(&source, &target).unwrap());
    let failures = check.failures(ABS, REL);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0].parameter, "Ua");
}

#[test]
fn a_beam_of_one_is_greedy_decoding_and_wider_beams_write_valid_tokens() {
    let mut rng = Mt19937::new(8);
    for &kind in CellKind::ALL {
        for attention in [false, true] {
            let mut m = model(
                kind.build(V_IN, 5, &mut rng),
                kind.build(V_OUT, 5, &mut rng),
                &mut rng,
            );
            if attention {
                m = m.with_attention(Attention::init(5, 4, &mut rng)).unwrap();
            }
            for len in [1, 3, 6] {
                let source: Vec<usize> = (0..len).map(|_| rng.below(V_IN)).collect();
                let greedy = m.translate(&source, 9).unwrap();
                assert_eq!(m.translate_beam(&source, 9, 1).unwrap(), greedy);
                for beam in [2, 5] {
                    let written = m.translate_beam(&source, 9, beam).unwrap();
                    assert!(written.len() <= 9 && written.iter().all(|&t| t < 2));
                }
            }
        }
    }
}

#[test]
#[should_panic(
    expected = "attention: sₖ must have Dh = 4 values and the encoder's states be n×Dh with their keys Da×n, got sₖ 3, states 5×4, keys 3×5"
)]
fn an_attention_step_on_states_of_the_wrong_size_names_the_shapes() {
    let mut rng = Mt19937::new(9);
    let attention = Attention::init(4, 3, &mut rng);
    let states = rnn_from_scratch::Matrix::random(5, 4, &mut rng);
    let keys = attention.keys(&states);
    attention.step(&rnn_from_scratch::Vector::zeros(3), &states, &keys);
}
