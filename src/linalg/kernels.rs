//! The hot loops of the fast trainer: dot products, row-walking products, outer-product
//! sums. Each is the plain formula rewritten so the compiler emits vector instructions;
//! each says why. The literal versions ([`Matrix::matvec`](crate::Matrix::matvec),
//! [`Matrix::outer`](crate::Matrix::outer)) stay the reference, and
//! `tests/fast_path.rs` proves these agree with them.

use super::elementary::{exp, tanh};

/// Independent partial sums per dot product. A single running sum makes every addition
/// wait for the previous one (4 cycles each); 32 sums in 4 groups of 8 keep both vector
/// units busy and let the compiler use 8-wide registers. (This changes the order of the
/// additions, so results differ from the literal sum in the last bits.)
const LANES: usize = 8;
const GROUPS: usize = 4;
const BLOCK: usize = LANES * GROUPS;

/// a·b + c with one rounding (fused multiply-add), on every processor: one instruction
/// wherever the build may use FMA (x86-64 from `x86-64-v3`, so under `-C target-cpu=native`
/// on any x86-64 of the last decade, and every aarch64). A build for an x86-64 without it
/// (the default `x86-64`, or `x86-64-v2`) calls the C library's `fma` for each one instead:
/// the same bits, 15 to 37 times slower than native (`docs/speed.md`). Not `a * b + c`
/// where FMA is missing: two roundings give other bits, and training turns a last bit into
/// other figures.
#[inline(always)]
fn fma(a: f64, b: f64, c: f64) -> f64 {
    a.mul_add(b, c)
}

/// Σᵢ aᵢ·bᵢ over equal-length slices, with [`BLOCK`] partial sums.
// Indices read best here: acc[g][l] pairs with element g·LANES + l of the block.
#[allow(clippy::needless_range_loop)]
#[inline]
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    debug_assert_eq!(a.len(), b.len());
    let mut acc = [[0.0; LANES]; GROUPS];
    let (a_blocks, a_rest) = a.split_at(a.len() / BLOCK * BLOCK);
    let (b_blocks, b_rest) = b.split_at(a_blocks.len());
    for (a, b) in a_blocks
        .chunks_exact(BLOCK)
        .zip(b_blocks.chunks_exact(BLOCK))
    {
        for g in 0..GROUPS {
            for l in 0..LANES {
                let k = g * LANES + l;
                acc[g][l] = fma(a[k], b[k], acc[g][l]);
            }
        }
    }
    let mut tail = [0.0; LANES];
    for (a, b) in a_rest.chunks(LANES).zip(b_rest.chunks(LANES)) {
        for l in 0..a.len() {
            tail[l] = fma(a[l], b[l], tail[l]);
        }
    }
    let mut lanes = tail;
    for group in acc {
        for l in 0..LANES {
            lanes[l] += group[l];
        }
    }
    lanes.iter().sum()
}

/// tanh of every value ([`tanh`], which the compiler vectorises: glibc's `tanh` was a call
/// per value with branches inside, 18% of a training step at Dh = 100).
pub(crate) fn tanh_in_place(values: &mut [f64]) {
    for x in values.iter_mut() {
        *x = tanh(*x);
    }
}

/// σ(x) = 1/(1 + e^(−x)) of every value, vectorised as [`tanh_in_place`] is (the gates of
/// the LSTM and the GRU, three or four per step). e^(−x) is taken of x clamped to ±700:
/// σ is 1 to double precision beyond, and 1e-304 stands for 0. That floor matters only when
/// training has blown up: without it, `rnn long-memory --lengths 5 --hidden 4 --lr 1e307
/// --steps 10` ends in a hidden state of NaN. Within a few units in the last place of
/// [`sigmoid`](crate::cells::sigmoid).
pub(crate) fn sigmoid_in_place(values: &mut [f64]) {
    for x in values.iter_mut() {
        let v = *x;
        let s = 1.0 / (1.0 + exp((-v).clamp(-700.0, 700.0)));
        *x = if v.is_nan() { v } else { s };
    }
}

/// y ← y + α·x: one row scaled and added, in memory order.
#[inline]
pub(crate) fn axpy(y: &mut [f64], alpha: f64, x: &[f64]) {
    debug_assert_eq!(y.len(), x.len());
    for (y, x) in y.iter_mut().zip(x) {
        *y = fma(alpha, *x, *y);
    }
}

/// out ← out + M·x for a row-major rows × cols matrix: outᵢ += (row i)·x.
///
/// Four rows at a time, each with its own 8-wide running sum: every 8 values of x are
/// loaded once for four rows, and the four sums are independent, so the vector units do
/// not wait on one another. The rows left over (rows mod 4) use [`dot`].
// Indices read best here: acc[r][l] is row r's partial sum for lane l.
#[allow(clippy::needless_range_loop)]
pub(crate) fn add_matvec(out: &mut [f64], m: &[f64], cols: usize, x: &[f64]) {
    if cols == 0 {
        return;
    }
    let blocked = cols / LANES * LANES;
    let mut quads = out.chunks_exact_mut(4).zip(m.chunks_exact(4 * cols));
    for (out4, m4) in &mut quads {
        let rows: [&[f64]; 4] = [
            &m4[..cols],
            &m4[cols..2 * cols],
            &m4[2 * cols..3 * cols],
            &m4[3 * cols..],
        ];
        let mut acc = [[0.0; LANES]; 4];
        for k in (0..blocked).step_by(LANES) {
            let xk = &x[k..k + LANES];
            for r in 0..4 {
                let row = &rows[r][k..k + LANES];
                for l in 0..LANES {
                    acc[r][l] = fma(row[l], xk[l], acc[r][l]);
                }
            }
        }
        for r in 0..4 {
            let mut sum: f64 = acc[r].iter().sum();
            for k in blocked..cols {
                sum = fma(rows[r][k], x[k], sum);
            }
            out4[r] += sum;
        }
    }
    let done = out.len() / 4 * 4;
    for (out, row) in out[done..]
        .iter_mut()
        .zip(m[done * cols..].chunks_exact(cols))
    {
        *out += dot(row, x);
    }
}

/// M (rows × cols, row-major), ready for out ← out + A·Mᵀ on the n rows of A (n × cols;
/// out n × rows): Zₜ += Hₜ₋₁·Whᵀ for a batch of B rows. For one row (a character model's
/// step) that is M·a, dot products of rows read in memory order ([`add_matvec`]), and M
/// is never copied. For several, M is transposed once (cols × rows) and every row of
/// `out` walks four of its rows at a time ([`add_matmul`]): the copy costs one pass over
/// M, repaid when the rows of a batch share it (measured on the LSTM classifier, B = 32:
/// 20% faster than B dot-product passes).
pub(crate) struct Transposed<'a> {
    /// M as it was given (rows × cols).
    pub(crate) m: &'a [f64],
    transposed: Option<Vec<f64>>,
    /// The width of M's rows (and of A's).
    pub(crate) cols: usize,
}

impl<'a> Transposed<'a> {
    /// M (rows × cols) for products with `n` rows at a time.
    pub(crate) fn new(m: &'a [f64], cols: usize, n: usize) -> Transposed<'a> {
        let rows = m.len().checked_div(cols).unwrap_or(0);
        let transposed = (n > 1).then(|| {
            let mut t = vec![0.0; m.len()];
            for i in 0..rows {
                for j in 0..cols {
                    t[j * rows + i] = m[i * cols + j];
                }
            }
            t
        });
        Transposed {
            m,
            transposed,
            cols,
        }
    }

    /// out ← out + A·Mᵀ.
    pub(crate) fn add_product(&self, out: &mut [f64], a: &[f64]) {
        let rows = self.m.len().checked_div(self.cols).unwrap_or(0);
        match &self.transposed {
            Some(t) => add_matmul(out, a, t, self.cols, rows),
            None if rows > 0 => {
                for (out_row, a_row) in out.chunks_exact_mut(rows).zip(a.chunks_exact(self.cols)) {
                    add_matvec(out_row, self.m, self.cols, a_row);
                }
            }
            None => {}
        }
    }
}

/// out ← out + A·B for row-major A (n × inner), B (inner × cols), out (n × cols): the
/// products of the batched steps (Hₜ·Whᵀ with Wh transposed once, dZ·Wh). See
/// [`product`] for how.
pub(crate) fn add_matmul(out: &mut [f64], a: &[f64], b: &[f64], inner: usize, cols: usize) {
    product(out, cols, a, (inner, 1), inner, b);
}

/// out ← out + Σₜ aₜ·bₜᵀ: the sum of outer products that makes a weight gradient
/// (dWh = Σₜ dh_rawₜ·hₜ₋₁ᵀ), done once after the backward loop instead of once per step.
/// `a` is timesteps × rows, `b` timesteps × cols, `out` rows × cols, all row-major: out =
/// Aᵀ·B, the product of [`product`] with A read down its columns.
pub(crate) fn add_outer_products(out: &mut [f64], a: &[f64], b: &[f64], rows: usize, cols: usize) {
    let timesteps = a.len().checked_div(rows).unwrap_or(0);
    debug_assert_eq!(b.len(), timesteps * cols);
    product(out, cols, a, (1, rows), timesteps, b);
}

/// out[r][j] += Σᵥ x[r·rs + v·vs]·b[v·cols + j] for every row r of `out` (n × cols) and
/// column j.
///
/// Tiled in registers, four rows at a time: 4 rows × 16 columns of `out` are held in 64
/// running sums while v runs over the whole inner dimension; each step loads 16 values of
/// a row of B once and uses them for 4 rows (each sum in the order v = 0, 1, 2, …, one
/// fused multiply-add a term, whatever the tile's width). Without tiles each row of `out`
/// walked all of B by itself, reading B n times from the cache instead of n/4, and loaded
/// and stored `out` at every fourth v. Measured on the LSTM classifier of `rnn bench`
/// (B = 32, 2 threads): 1,313–1,469 sequences/s before, 2,239 after; the GRU's 1,572–1,735,
/// then 2,877. The rows left over (fewer than four, as in a character model's step) walk
/// B's rows instead ([`row_walk`]), which sums in another order: a row's numbers agree with
/// the tiled ones within rounding, not to the bit.
fn product(
    out: &mut [f64],
    cols: usize,
    x: &[f64],
    strides: (usize, usize),
    inner: usize,
    b: &[f64],
) {
    if cols == 0 {
        return;
    }
    let n = out.len() / cols;
    let mut r = 0;
    while r + 4 <= n {
        tile_row::<4>(out, cols, x, strides, inner, b, r);
        r += 4;
    }
    match n - r {
        3 => row_walk::<3>(&mut out[r * cols..], x, strides, inner, b, r),
        2 => row_walk::<2>(&mut out[r * cols..], x, strides, inner, b, r),
        1 => row_walk::<1>(&mut out[r * cols..], x, strides, inner, b, r),
        _ => {}
    }
}

/// [`product`] for the R < 4 rows left over after the tiles (a character model's step
/// is one row per stream of text, so its B rows are all left over for B < 4): the rows of
/// B walked in memory order, four at a time, each value of B loaded once for the R rows
/// and each value of `out` loaded and stored once per four. A tile's walk down B's columns
/// would jump a whole row of B at every step (at Dh = 512 that is slower by a third for
/// one row: measured 179 against 258 it/s). Each row sums in the same order whatever R,
/// so a row's numbers are the same, bit for bit, alone or beside others.
fn row_walk<const R: usize>(
    out: &mut [f64],
    x: &[f64],
    (rs, vs): (usize, usize),
    inner: usize,
    b: &[f64],
    r0: usize,
) {
    let cols = out.len() / R;
    let b_row = |v: usize| &b[v * cols..(v + 1) * cols];
    let xv = |r: usize, v: usize| x[(r0 + r) * rs + v * vs];
    let mut rows = out.chunks_exact_mut(cols);
    let mut rows: [&mut [f64]; R] = std::array::from_fn(|_| rows.next().expect("R rows"));
    let mut v = 0;
    while v + 4 <= inner {
        let xs: [[f64; 4]; R] = std::array::from_fn(|r| std::array::from_fn(|k| xv(r, v + k)));
        let (b0, b1, b2, b3) = (b_row(v), b_row(v + 1), b_row(v + 2), b_row(v + 3));
        for j in 0..cols {
            for (row, [x0, x1, x2, x3]) in rows.iter_mut().zip(xs) {
                row[j] = fma(
                    x0,
                    b0[j],
                    fma(x1, b1[j], fma(x2, b2[j], fma(x3, b3[j], row[j]))),
                );
            }
        }
        v += 4;
    }
    while v < inner {
        for (r, row) in rows.iter_mut().enumerate() {
            axpy(row, xv(r, v), b_row(v));
        }
        v += 1;
    }
}

/// [`product`] for rows r0 … r0 + R − 1: tiles of 16 columns, then 8, 4 and 1.
#[inline(always)]
fn tile_row<const R: usize>(
    out: &mut [f64],
    cols: usize,
    x: &[f64],
    strides: (usize, usize),
    inner: usize,
    b: &[f64],
    r0: usize,
) {
    let mut j0 = 0;
    while j0 + 16 <= cols {
        tile::<R, 16>(out, cols, x, strides, inner, b, (r0, j0));
        j0 += 16;
    }
    if j0 + 8 <= cols {
        tile::<R, 8>(out, cols, x, strides, inner, b, (r0, j0));
        j0 += 8;
    }
    if j0 + 4 <= cols {
        tile::<R, 4>(out, cols, x, strides, inner, b, (r0, j0));
        j0 += 4;
    }
    while j0 < cols {
        tile::<R, 1>(out, cols, x, strides, inner, b, (r0, j0));
        j0 += 1;
    }
}

/// One R × W tile of [`product`], its running sums in registers.
// Indices read best here: acc[r][l] is the sum of row r0 + r, column j0 + l.
#[allow(clippy::needless_range_loop)]
#[inline(always)]
fn tile<const R: usize, const W: usize>(
    out: &mut [f64],
    cols: usize,
    x: &[f64],
    (rs, vs): (usize, usize),
    inner: usize,
    b: &[f64],
    (r0, j0): (usize, usize),
) {
    let mut acc = [[0.0; W]; R];
    for r in 0..R {
        acc[r].copy_from_slice(&out[(r0 + r) * cols + j0..][..W]);
    }
    for v in 0..inner {
        let bv: &[f64; W] = b[v * cols + j0..][..W].try_into().expect("W values");
        for r in 0..R {
            let xv = x[(r0 + r) * rs + v * vs];
            for l in 0..W {
                acc[r][l] = fma(xv, bv[l], acc[r][l]);
            }
        }
    }
    for r in 0..R {
        out[(r0 + r) * cols + j0..][..W].copy_from_slice(&acc[r]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive_matmul(a: &[f64], b: &[f64], n: usize, inner: usize, cols: usize) -> Vec<f64> {
        let mut c = vec![0.0; n * cols];
        for i in 0..n {
            for v in 0..inner {
                for j in 0..cols {
                    c[i * cols + j] += a[i * inner + v] * b[v * cols + j];
                }
            }
        }
        c
    }

    #[test]
    fn blocked_products_equal_the_naive_ones() {
        let mut rng = crate::linalg::Mt19937::new(5);
        for _ in 0..200 {
            let (n, inner, cols) = (1 + rng.below(9), rng.below(40), 1 + rng.below(40));
            let a: Vec<f64> = (0..n * inner).map(|_| rng.randn()).collect();
            let b: Vec<f64> = (0..inner * cols).map(|_| rng.randn()).collect();
            let want = naive_matmul(&a, &b, n, inner, cols);
            let mut got = vec![0.0; n * cols];
            add_matmul(&mut got, &a, &b, inner, cols);
            // aᵀ·b with a stored as inner × n: out += Σᵥ a[v]ᵀ·b[v]
            let a_transposed: Vec<f64> =
                (0..inner * n).map(|k| a[(k % n) * inner + k / n]).collect();
            let mut outer = vec![0.0; n * cols];
            add_outer_products(&mut outer, &a_transposed, &b, n, cols);
            // matvec: rows of b-transposed times a row of a
            let b_transposed: Vec<f64> = (0..cols * inner)
                .map(|k| b[(k % inner) * cols + k / inner])
                .collect();
            let mut mv = vec![0.0; cols];
            add_matvec(&mut mv, &b_transposed, inner, &a[..inner]);
            let mut rows = vec![0.0; n * cols];
            Transposed::new(&b_transposed, inner, n).add_product(&mut rows, &a);
            let mut one_by_one = vec![0.0; n * cols];
            let bt = Transposed::new(&b_transposed, inner, 1);
            for (out, a) in one_by_one
                .chunks_exact_mut(cols)
                .zip(a.chunks_exact(inner.max(1)))
            {
                bt.add_product(out, if inner == 0 { &[] } else { a });
            }
            for j in 0..n * cols {
                assert!((got[j] - want[j]).abs() < 1e-12 * (1.0 + want[j].abs()));
                assert!((rows[j] - want[j]).abs() < 1e-12 * (1.0 + want[j].abs()));
                assert!((one_by_one[j] - want[j]).abs() < 1e-12 * (1.0 + want[j].abs()));
                assert!((outer[j] - want[j]).abs() < 1e-12 * (1.0 + want[j].abs()));
            }
            for j in 0..cols {
                assert!((mv[j] - want[j]).abs() < 1e-12 * (1.0 + want[j].abs()));
            }
        }
    }
}
