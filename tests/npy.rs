//! `.npy` files: the crate reads what numpy wrote (tests/golden/npy_files.py) and writes
//! what numpy reads (checked by hand with np.load; here by reading back byte for byte);
//! bad files are refused with the file's name and the reason.

use rnn_from_scratch::io::npy;
use std::path::PathBuf;

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/npy")
        .join(name)
}

#[test]
fn reads_numpys_files_in_c_and_fortran_order() {
    let expected = [-0.5, -0.25, 0.0, 0.25, 0.5, 0.75];
    for name in ["c_order_2x3.npy", "fortran_order_2x3.npy"] {
        let m = npy::read_matrix(&golden(name)).unwrap();
        assert_eq!(m.shape(), (2, 3), "{name}");
        assert_eq!(m.as_slice(), &expected, "{name}");
    }
    let v = npy::read_vector(&golden("vector_4.npy")).unwrap();
    assert_eq!(v.as_slice(), &[1.5, -2.0, 1e-300, 3e300]);
    assert_eq!(
        npy::read_matrix(&golden("empty_0x3.npy")).unwrap().shape(),
        (0, 3)
    );
}

#[test]
fn writes_exactly_what_numpy_writes() {
    // numpy pads its version 1.0 header to 64 bytes the same way: identical files.
    let numpy_bytes = std::fs::read(golden("c_order_2x3.npy")).unwrap();
    let ours = npy::to_bytes(&[2, 3], &[-0.5, -0.25, 0.0, 0.25, 0.5, 0.75]);
    assert_eq!(ours, numpy_bytes);
    let numpy_vector = std::fs::read(golden("vector_4.npy")).unwrap();
    assert_eq!(
        npy::to_bytes(&[4], &[1.5, -2.0, 1e-300, 3e300]),
        numpy_vector
    );
}

#[test]
fn bad_files_are_refused_with_their_name_and_reason() {
    let err = npy::read_vector(&golden("int64_3.npy"))
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("int64_3.npy: the values are '<i8'; only float64 ('<f8') is supported"),
        "{err}"
    );
    let err = npy::read_matrix(&golden("three_d.npy"))
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("three_d.npy: the shape (2, 2, 2) has 3 dimensions; at most 2 are supported"),
        "{err}"
    );
    let err = npy::read_vector(&golden("c_order_2x3.npy"))
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("c_order_2x3.npy: expected a 1-D array, got shape (2, 3)"),
        "{err}"
    );
    let err = npy::read_matrix(&golden("missing.npy"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("missing.npy: No such file or directory"),
        "{err}"
    );

    let bytes = std::fs::read(golden("c_order_2x3.npy")).unwrap();
    let err = npy::from_bytes(&bytes[..bytes.len() - 8])
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "truncated: the shape (2, 3) needs 48 bytes of values, the file has 40"
    );
    let err = npy::from_bytes(&bytes[..30]).unwrap_err().to_string();
    assert_eq!(err, "truncated: the header is cut short");
    let err = npy::from_bytes(b"hello world, not numpy")
        .unwrap_err()
        .to_string();
    assert_eq!(err, "not a .npy file (it does not start with \\x93NUMPY)");
    let mut longer = bytes.clone();
    longer.extend_from_slice(&[0; 8]);
    let err = npy::from_bytes(&longer).unwrap_err().to_string();
    assert_eq!(
        err,
        "wrong size: the shape (2, 3) needs 48 bytes of values, the file has 56"
    );
}
