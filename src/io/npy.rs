//! numpy's `.npy` file format, written and read by hand, so a saved model opens with
//! `np.load`.
//!
//! A `.npy` file is a 10-byte preamble, a text header that is a Python dict, then the raw
//! values:
//!
//! ```text
//! \x93NUMPY  01 00  <header length: u16, little-endian>
//! {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }   (spaces, then \n)
//! <3·4 float64 values, little-endian, row by row>
//! ```
//!
//! The header is padded so the values start at a multiple of 64 bytes. This module writes
//! version 1.0 and reads versions 1, 2 and 3 of float64 (`<f8`) arrays of one or two
//! dimensions, in C or Fortran order.
//!
//! ```
//! use rnn_from_scratch::{io::npy, Matrix};
//!
//! let m = Matrix::from_vec(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0])?;
//! let bytes = npy::to_bytes(&[2, 3], m.as_slice());
//! assert_eq!(&bytes[..6], b"\x93NUMPY");
//! assert_eq!(bytes.len() % 64, 48); // 64-byte header, then 6·8 bytes
//! let (shape, values) = npy::from_bytes(&bytes)?;
//! assert_eq!((shape, values), (vec![2, 3], m.as_slice().to_vec()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::data::{DataError, io_error};
use crate::linalg::{Matrix, Vector};
use std::path::Path;

const MAGIC: &[u8] = b"\x93NUMPY";

/// The bytes of a version 1.0 `.npy` file holding `values` (row-major) with this shape.
///
/// # Panics
///
/// If the shape's product is not `values.len()`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::npy::{from_bytes, to_bytes};
///
/// let bytes = to_bytes(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
/// assert!(bytes.starts_with(b"\x93NUMPY")); // what np.load expects
/// assert_eq!(from_bytes(&bytes)?, (vec![2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]));
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
#[track_caller]
pub fn to_bytes(shape: &[usize], values: &[f64]) -> Vec<u8> {
    assert_eq!(
        shape.iter().product::<usize>(),
        values.len(),
        "npy::to_bytes: shape and values disagree"
    );
    let shape_text = format!("({})", tuple(shape));
    let mut header = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape_text}, }}");
    // Pad with spaces so that preamble + header + '\n' is a multiple of 64 bytes.
    let unpadded = MAGIC.len() + 4 + header.len() + 1;
    header.push_str(&" ".repeat((64 - unpadded % 64) % 64));
    header.push('\n');
    let mut bytes = Vec::with_capacity(MAGIC.len() + 4 + header.len() + 8 * values.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&[1, 0]);
    bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
    bytes.extend_from_slice(header.as_bytes());
    bytes.extend(values.iter().flat_map(|v| v.to_le_bytes()));
    bytes
}

/// What a `.npy` header says.
struct Header {
    shape: Vec<usize>,
    shape_text: String,
    fortran: bool,
    /// Where the values start.
    data_start: usize,
}

fn parse_header(bytes: &[u8]) -> Result<Header, DataError> {
    if bytes.len() < 10 || &bytes[..6] != MAGIC {
        return Err(DataError::new(
            "not a .npy file (it does not start with \\x93NUMPY)",
        ));
    }
    let (major, minor) = (bytes[6], bytes[7]);
    let start = match major {
        1 => 10,
        2 | 3 if bytes.len() >= 12 => 12,
        _ => {
            return Err(DataError::new(format!(
                "unsupported .npy version {major}.{minor}"
            )));
        }
    };
    // The header's length: a little-endian u16 (version 1) or u32 (versions 2 and 3).
    let header_len = bytes[8..start].iter().rfold(0, |n, &b| n << 8 | b as usize);
    let header_bytes = bytes
        .get(start..start + header_len)
        .ok_or_else(|| DataError::new("truncated: the header is cut short"))?;
    let header =
        std::str::from_utf8(header_bytes).map_err(|_| DataError::new("the header is not text"))?;
    let descr = dict_value(header, "descr")?;
    if !matches!(descr.trim_matches('\''), "<f8" | "f8") {
        return Err(DataError::new(format!(
            "the values are {descr}; only float64 ('<f8') is supported"
        )));
    }
    let fortran = match dict_value(header, "fortran_order")? {
        "False" => false,
        "True" => true,
        other => {
            return Err(DataError::new(format!(
                "fortran_order must be True or False, got {other}"
            )));
        }
    };
    let shape_text = dict_value(header, "shape")?;
    let shape: Vec<usize> = shape_text
        .trim_matches(|c| c == '(' || c == ')')
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| DataError::new(format!("the shape {shape_text} is not a tuple of sizes")))?;
    if shape.len() > 2 {
        return Err(DataError::new(format!(
            "the shape {shape_text} has {} dimensions; at most 2 are supported",
            shape.len()
        )));
    }
    Ok(Header {
        shape,
        shape_text: shape_text.to_string(),
        fortran,
        data_start: start + header_len,
    })
}

/// The shape of a `.npy` file, read from its header alone (a few bytes, whatever the size
/// of the array), after checking that the file holds exactly the values the shape needs:
/// what a loader checks before it allocates anything.
///
/// # Errors
///
/// As [`from_bytes`] (the message starts with the file's path).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::npy::{read_shape, to_bytes};
///
/// let path = std::env::temp_dir().join(format!("rnn-doc-read-shape-{}.npy", std::process::id()));
/// std::fs::write(&path, to_bytes(&[2, 3], &[0.0; 6])).unwrap();
/// assert_eq!(read_shape(&path)?, vec![2, 3]);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn read_shape(path: &Path) -> Result<Vec<usize>, DataError> {
    use std::io::Read;
    let in_file = |e| io_error(path, e);
    let file = std::fs::File::open(path).map_err(in_file)?;
    let length = file.metadata().map_err(in_file)?.len();
    let mut start = Vec::new();
    file.take(70_000).read_to_end(&mut start).map_err(in_file)?;
    let header = parse_header(&start).map_err(|e| e.in_file(path))?;
    let present = length.saturating_sub(header.data_start as u64);
    check_size(&header, present).map_err(|e| e.in_file(path))?;
    Ok(header.shape)
}

/// The file holds `present` bytes of values: as many as the header's shape needs, or
/// `truncated: the shape (3, 4) needs 96 bytes of values, the file has 40` (`wrong size`
/// for too many).
fn check_size(header: &Header, present: u64) -> Result<(), DataError> {
    let mut dims = header.shape.iter();
    let count = dims.try_fold(1u64, |n, &d| n.checked_mul(d as u64));
    let needed = count.and_then(|c| c.checked_mul(8));
    if needed == Some(present) {
        return Ok(());
    }
    let what = match needed.is_some_and(|n| n > present) {
        true => "truncated",
        false => "wrong size",
    };
    Err(DataError::new(format!(
        "{what}: the shape {} needs {} bytes of values, the file has {present}",
        header.shape_text,
        needed.map_or("too many".to_string(), |n| n.to_string())
    )))
}

/// The shape and values (row-major) of a `.npy` file's bytes.
///
/// # Errors
///
/// Not a `.npy` file, an unsupported version or dtype (`the values are '<i8'; only
/// float64 ('<f8') is supported`), a shape of more than two dimensions, or too few or
/// too many bytes of data (`truncated: the shape (3, 4) needs 96 bytes of values, the file
/// has 40`).
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::npy::{from_bytes, to_bytes};
///
/// let (shape, values) = from_bytes(&to_bytes(&[3], &[0.5, -1.0, 2.0]))?;
/// assert_eq!((shape, values), (vec![3], vec![0.5, -1.0, 2.0]));
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn from_bytes(bytes: &[u8]) -> Result<(Vec<usize>, Vec<f64>), DataError> {
    let header = parse_header(bytes)?;
    let data = &bytes[header.data_start..];
    check_size(&header, data.len() as u64)?;
    let Header { shape, fortran, .. } = header;
    let mut values: Vec<f64> = data
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")))
        .collect();
    if fortran && let [rows, cols] = shape[..] {
        // Stored column by column: turn it into row by row.
        values = (0..rows * cols)
            .map(|k| values[(k % cols) * rows + k / cols])
            .collect();
    }
    Ok((shape, values))
}

/// The text after `'key':` in a Python dict literal, up to the next top-level comma.
fn dict_value<'a>(header: &'a str, key: &str) -> Result<&'a str, DataError> {
    let Some((_, rest)) = header.split_once(&format!("'{key}':")) else {
        return Err(DataError::new(format!("the header has no '{key}'")));
    };
    let rest = rest.trim_start();
    let end = match rest.starts_with('(') {
        true => rest.find(')').map(|i| i + 1),
        false => rest.find([',', '}']),
    };
    Ok(rest[..end.unwrap_or(rest.len())].trim())
}

/// Reads a 2-D `.npy` file as a [`Matrix`] (a 1-D file is one row).
///
/// # Errors
///
/// The file cannot be read, or [`from_bytes`] refuses it; the message starts with the
/// file's path.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::npy::{read_matrix, to_bytes};
///
/// let path = std::env::temp_dir().join(format!("rnn-doc-read-matrix-{}.npy", std::process::id()));
/// std::fs::write(&path, to_bytes(&[2, 2], &[1.0, 2.0, 3.0, 4.0])).unwrap();
/// let m = read_matrix(&path)?;
/// assert_eq!((m.shape(), m[(1, 0)]), ((2, 2), 3.0));
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn read_matrix(path: &Path) -> Result<Matrix, DataError> {
    let (shape, values) = read(path)?;
    let (rows, cols) = match shape[..] {
        [rows, cols] => (rows, cols),
        [n] => (1, n),
        _ => (1, values.len()),
    };
    Matrix::from_vec(rows, cols, values).map_err(|e| io_error(path, e))
}

/// Reads a 1-D `.npy` file as a [`Vector`].
///
/// # Errors
///
/// As [`read_matrix`], or the array is 2-D: `expected a 1-D array, got shape (3, 4)`.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::npy::{read_vector, to_bytes};
///
/// let path = std::env::temp_dir().join(format!("rnn-doc-read-vector-{}.npy", std::process::id()));
/// std::fs::write(&path, to_bytes(&[3], &[1.0, 2.0, 3.0])).unwrap();
/// assert_eq!(read_vector(&path)?.as_slice(), &[1.0, 2.0, 3.0]);
/// std::fs::write(&path, to_bytes(&[1, 3], &[1.0, 2.0, 3.0])).unwrap();
/// assert!(read_vector(&path).unwrap_err().to_string().ends_with("expected a 1-D array, got shape (1, 3)"));
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), rnn_from_scratch::io::data::DataError>(())
/// ```
pub fn read_vector(path: &Path) -> Result<Vector, DataError> {
    let (shape, values) = read(path)?;
    if shape.len() != 1 {
        let dims = tuple(&shape);
        let message = DataError::new(format!("expected a 1-D array, got shape ({dims})"));
        return Err(message.in_file(path));
    }
    Ok(Vector::from(values))
}

/// The shape and values of the `.npy` file `path`, every error naming it.
fn read(path: &Path) -> Result<(Vec<usize>, Vec<f64>), DataError> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    from_bytes(&bytes).map_err(|e| e.in_file(path))
}

/// A shape as Python writes a tuple, inside its parentheses: `3,`, `2, 3`.
fn tuple(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    match dims.len() {
        1 => format!("{},", dims[0]),
        _ => dims.join(", "),
    }
}
