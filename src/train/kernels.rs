//! The hot loops of the fast trainer: dot products, row-walking products, outer-product
//! sums. Each is the plain formula rewritten so the compiler emits vector instructions;
//! each says why. The literal versions ([`Matrix::matvec`](crate::Matrix::matvec),
//! [`Matrix::outer`](crate::Matrix::outer)) stay the reference, and
//! `tests/fast_path.rs` proves these agree with them.

/// Independent partial sums per dot product. A single running sum makes every addition
/// wait for the previous one (4 cycles each); 32 sums in 4 groups of 8 keep both vector
/// units busy and let the compiler use 8-wide registers. (This changes the order of the
/// additions, so results differ from the literal sum in the last bits.)
const LANES: usize = 8;
const GROUPS: usize = 4;
const BLOCK: usize = LANES * GROUPS;

/// a·b + c, fused into one rounding when the processor has FMA (it does under
/// `-C target-cpu=native` on any x86-64 of the last decade); plain otherwise, where
/// `mul_add` would be a slow library call.
#[inline(always)]
fn fma(a: f64, b: f64, c: f64) -> f64 {
    if cfg!(target_feature = "fma") {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
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

/// y ← y + α·x: one row scaled and added, in memory order.
#[inline]
pub(crate) fn axpy(y: &mut [f64], alpha: f64, x: &[f64]) {
    debug_assert_eq!(y.len(), x.len());
    for (y, x) in y.iter_mut().zip(x) {
        *y = fma(alpha, *x, *y);
    }
}

/// out = M·x for a row-major rows × cols matrix: one [`dot`] per row.
pub(crate) fn matvec(out: &mut [f64], m: &[f64], cols: usize, x: &[f64]) {
    for (out, row) in out.iter_mut().zip(m.chunks_exact(cols)) {
        *out = dot(row, x);
    }
}

/// out = Mᵀ·x for a row-major rows × cols matrix, *without* reading a column: Mᵀ·x is
/// Σᵢ xᵢ·(row i of M), so walk the rows in memory order and add each, scaled. Reading
/// column j instead would jump `cols` values at every step and miss the cache: at
/// Dh = 512 that is about 4× slower.
pub(crate) fn matvec_transposed(out: &mut [f64], m: &[f64], cols: usize, x: &[f64]) {
    out.fill(0.0);
    for (&xi, row) in x.iter().zip(m.chunks_exact(cols)) {
        axpy(out, xi, row);
    }
}

/// out ← out + Σₜ aₜ·bₜᵀ: the sum of outer products that makes a weight gradient
/// (dWh = Σₜ dh_rawₜ·hₜ₋₁ᵀ), done once after the backward loop instead of once per step.
/// `a` is timesteps × rows, `b` timesteps × cols, `out` rows × cols, all row-major.
///
/// Row i of `out` gains Σₜ aₜ[i]·bₜ: four timesteps per pass, so each row of `out` is
/// loaded and stored a quarter as often.
pub(crate) fn add_outer_products(out: &mut [f64], a: &[f64], b: &[f64], rows: usize, cols: usize) {
    let timesteps = a.len().checked_div(rows).unwrap_or(0);
    debug_assert_eq!(b.len(), timesteps * cols);
    for (i, out_row) in out.chunks_exact_mut(cols).enumerate() {
        let mut t = 0;
        while t + 4 <= timesteps {
            let (a0, a1, a2, a3) = (
                a[t * rows + i],
                a[(t + 1) * rows + i],
                a[(t + 2) * rows + i],
                a[(t + 3) * rows + i],
            );
            let b0 = &b[t * cols..(t + 1) * cols];
            let b1 = &b[(t + 1) * cols..(t + 2) * cols];
            let b2 = &b[(t + 2) * cols..(t + 3) * cols];
            let b3 = &b[(t + 3) * cols..(t + 4) * cols];
            for j in 0..cols {
                out_row[j] = fma(
                    a0,
                    b0[j],
                    fma(a1, b1[j], fma(a2, b2[j], fma(a3, b3[j], out_row[j]))),
                );
            }
            t += 4;
        }
        while t < timesteps {
            axpy(out_row, a[t * rows + i], &b[t * cols..(t + 1) * cols]);
            t += 1;
        }
    }
}
