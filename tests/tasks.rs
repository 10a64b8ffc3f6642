//! The generated data sets: their grammars do what the chapters say, and training refuses
//! what does not fit.

use rnn_from_scratch::cells::SequenceModel;
use rnn_from_scratch::programs::uses::numbers::Language;
use rnn_from_scratch::programs::uses::sentiment::sentences;
use rnn_from_scratch::programs::uses::tagging::{TAGS, sentence};
use rnn_from_scratch::train::{Batches, Example, FitOptions, Input, fit};
use rnn_from_scratch::{Activation, Init, Matrix, Mt19937, OutputLayer, Vector};

#[test]
fn negation_flips_every_label() {
    for language in [Language::English, Language::Korean] {
        let all = sentences(language);
        assert_eq!(all.len(), 300);
        assert_eq!(all.iter().filter(|s| s.negated).count(), 100);
        for s in all.iter().filter(|s| s.negated) {
            // The same review without its negation has the opposite label. (A Korean
            // verb's negated ending 지 않는다 becomes ㄴ다: 신나지 않는다 / 신난다.)
            let plain: Vec<String> = s
                .tokens
                .iter()
                .filter(|t| !matches!(t.as_str(), "not" | "지" | "않"))
                .map(|t| {
                    if t == "는다" {
                        "ㄴ다".to_string()
                    } else {
                        t.clone()
                    }
                })
                .collect();
            let twin = all
                .iter()
                .find(|o| !o.negated && o.tokens == plain)
                .unwrap_or_else(|| panic!("no plain twin of {}", s.text));
            assert_ne!(twin.positive, s.positive, "{} / {}", s.text, twin.text);
        }
    }
}

#[test]
fn ambiguous_words_get_both_tags() {
    let mut rng = Mt19937::new(0);
    let mut tags_of_saw = std::collections::BTreeSet::new();
    for _ in 0..2000 {
        let (words, tags) = sentence(&mut rng);
        for (w, &t) in words.iter().zip(&tags) {
            if w == "saw" {
                tags_of_saw.insert(TAGS[t]);
            }
        }
    }
    assert_eq!(
        tags_of_saw.into_iter().collect::<Vec<_>>(),
        ["NOUN", "VERB"]
    );
}

#[test]
fn fit_refuses_empty_data_and_bad_targets() {
    let mut rng = Mt19937::new(0);
    let output =
        OutputLayer::new(Matrix::zeros(2, 3), Vector::zeros(2), Activation::Softmax).unwrap();
    let mut model = SequenceModel::new(Init::Xavier.cell(2, 3, &mut rng), output).unwrap();
    let options = FitOptions {
        batch: 4,
        ..FitOptions::default()
    };
    let mut fit = |examples: &[Example], options: &FitOptions| {
        let plan = Batches::shuffled();
        fit(
            &mut model,
            examples,
            options,
            0.0,
            &mut rng,
            plan,
            |_, _| {},
        )
    };
    let err = fit(&[], &options).unwrap_err();
    assert_eq!(err.to_string(), "fit: there are no examples to train on");
    let bad = [Example {
        inputs: Input::Rows(Matrix::zeros(3, 2)),
        targets: vec![(2, 5)],
    }];
    let err = fit(&bad, &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        "example 0: target 5 at timestep 2 is not a class: there are 2"
    );
    let unknown = [Example {
        inputs: Input::Ids(vec![0, 2]),
        targets: vec![(1, 1)],
    }];
    let err = fit(&unknown, &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        "example 0: id 2 at timestep 1 is not in the vocabulary: V = 2, so ids must be below 2"
    );
    let late = [Example {
        inputs: Input::Rows(Matrix::zeros(3, 2)),
        targets: vec![(3, 1)],
    }];
    let err = fit(&late, &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        "example 0: a target at timestep 3, but there are only 3 timesteps"
    );
    let zero_batch = FitOptions {
        batch: 0,
        ..options
    };
    let ok = [Example {
        inputs: Input::Rows(Matrix::zeros(3, 2)),
        targets: vec![(2, 1)],
    }];
    let err = fit(&ok, &zero_batch).unwrap_err();
    assert_eq!(
        err.to_string(),
        "fit: a batch must hold at least one example"
    );
}
