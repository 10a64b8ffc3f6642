//! Every model lists its arrays with shapes that fit them: the product of each shape is
//! the array's length, matrices are 2-D with the notes' sizes (what saving records and
//! loading checks), and the registry's count of weights is what a built cell has.

use rnn_from_scratch::cells::{Bidirectional, Stacked};
use rnn_from_scratch::cells::{CellKind, Parameters, SequenceModel};
use rnn_from_scratch::{Activation, Matrix, Mt19937, OutputLayer, RnnCell, Vector};

/// Every shape multiplies out to its array's length, and there is one shape per array.
fn shapes_fit(name: &str, model: &impl Parameters) {
    let (arrays, shapes) = (model.parameters(), model.shapes());
    assert_eq!(arrays.len(), shapes.len(), "{name}: one shape per array");
    for ((array, values), shape) in arrays.iter().zip(&shapes) {
        assert!(!shape.is_empty(), "{name}: {array} has no shape");
        assert_eq!(
            shape.iter().product::<usize>(),
            values.len(),
            "{name}: {array} {shape:?}"
        );
    }
}

#[test]
fn every_model_lists_shapes_that_fit_its_arrays() {
    for seed in 0..20 {
        let mut rng = Mt19937::new(seed);
        let (d, dh, v) = (1 + rng.below(5), 1 + rng.below(6), 2 + rng.below(5));
        let rnn_cell = RnnCell::new(
            Matrix::random(dh, d, &mut rng),
            Matrix::random(dh, dh, &mut rng),
            Vector::random(dh, &mut rng),
        )
        .unwrap();
        let output = OutputLayer::new(
            Matrix::random(v, dh, &mut rng),
            Vector::zeros(v),
            Activation::Softmax,
        )
        .unwrap();
        let rnn = SequenceModel::new(rnn_cell.clone(), output.clone()).unwrap();
        shapes_fit("SequenceModel<RnnCell>", &rnn);
        assert_eq!(
            rnn.shapes(),
            [vec![dh, d], vec![dh, dh], vec![dh], vec![v, dh], vec![v]]
        );
        shapes_fit("OutputLayer", &output);
        for &kind in CellKind::ALL {
            let cell = kind.build(d, dh, &mut rng);
            shapes_fit(kind.name(), &cell);
            assert_eq!(
                cell.num_values() as u128,
                kind.num_parameters(d, dh),
                "{}: the registry's count",
                kind.name()
            );
            let model = SequenceModel::new(cell.clone(), output.clone()).unwrap();
            shapes_fit("SequenceModel", &model);
            let stack = Stacked::new(vec![cell.clone(), kind.build(dh, dh, &mut rng)]).unwrap();
            shapes_fit("Stacked", &stack);
            let both = Bidirectional::new(cell, kind.build(d, dh, &mut rng)).unwrap();
            shapes_fit("Bidirectional", &both);
        }
    }
}
