//! `np.random.random`: the Mersenne Twister that numpy's legacy `np.random` functions use.
//!
//! The notes fill `inputs`, `Wx`, `Wh` and `b` with `np.random.random`, numpy's legacy
//! global generator: MT19937 (Matsumoto & Nishimura, 1998). [`Mt19937`] is that generator,
//! written out here, so that after `Mt19937::new(seed)` the crate draws exactly the numbers
//! numpy draws after `np.random.seed(seed)`. That is what lets `cargo run` print numpy's
//! matrix digit for digit.

use super::elementary::ln;

/// numpy's legacy random generator: MT19937 seeded as `np.random.seed` seeds it.
///
/// | numpy | Rust |
/// |---|---|
/// | `np.random.seed(s)` | `let mut rng = Mt19937::new(s);` |
/// | `np.random.random()` | `rng.random()` |
/// | `np.random.randn()` | `rng.randn()` |
/// | `np.random.random((r, c))` | [`Matrix::random(r, c, &mut rng)`](crate::Matrix::random) |
/// | `np.random.random((n,))` | [`Vector::random(n, &mut rng)`](crate::Vector::random) |
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::Mt19937;
///
/// // np.random.seed(0); np.random.random(), np.random.random()
/// let mut rng = Mt19937::new(0);
/// assert_eq!(rng.random(), 0.5488135039273248);
/// assert_eq!(rng.random(), 0.7151893663724195);
/// ```
#[derive(Debug, Clone)]
pub struct Mt19937 {
    state: [u32; N],
    index: usize,
    /// The second value of the last polar Box–Muller pair, kept for the next `randn`
    /// (numpy's `has_gauss` / `gauss`).
    spare_gauss: Option<f64>,
}

/// Words of state.
const N: usize = 624;
/// The twist's middle offset.
const M: usize = 397;

impl Mt19937 {
    /// The generator in the state `np.random.seed(seed)` leaves numpy's in
    /// (Knuth's linear initialisation, `init_genrand`).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut rng = rnn_from_scratch::Mt19937::new(42);
    /// assert_eq!(rng.random(), 0.3745401188473625); // np.random.seed(42); np.random.random()
    /// ```
    pub fn new(seed: u32) -> Mt19937 {
        let mut state = [0u32; N];
        state[0] = seed;
        for i in 1..N {
            let prev = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        Mt19937 {
            state,
            index: N,
            spare_gauss: None,
        }
    }

    /// The next 32 random bits (`genrand_int32`).
    ///
    /// # Examples
    ///
    /// ```
    /// // The reference implementation's first output for seed 5489 (its default seed).
    /// assert_eq!(rnn_from_scratch::Mt19937::new(5489).next_u32(), 3499211612);
    /// ```
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        // Tempering.
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// Regenerates all N words of state at once.
    fn twist(&mut self) {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const MATRIX_A: u32 = 0x9908_b0df;
        for i in 0..N {
            let y = (self.state[i] & UPPER) | (self.state[(i + 1) % N] & LOWER);
            let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
            self.state[i] = self.state[(i + M) % N] ^ (y >> 1) ^ mag;
        }
        self.index = 0;
    }

    /// A float uniform on [0, 1) with 53 random bits: numpy's `np.random.random()`
    /// (`genrand_res53`: 27 bits of one draw and 26 of the next).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut rng = rnn_from_scratch::Mt19937::new(1);
    /// assert_eq!(rng.random(), 0.417022004702574); // np.random.seed(1); np.random.random()
    /// ```
    pub fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// A standard normal draw, numpy's legacy `np.random.randn()`: the polar Box–Muller
    /// method, which makes two values at a time and keeps the second for the next call.
    /// Its ln is the crate's own, not the C library's that numpy calls, so that every
    /// processor draws the same bits; a draw may differ from numpy's in the last bit.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut rng = rnn_from_scratch::Mt19937::new(0);
    /// assert_eq!(rng.randn(), 1.764052345967664); // np.random.seed(0); np.random.randn()
    /// assert_eq!(rng.randn(), 0.4001572083672233);
    /// ```
    pub fn randn(&mut self) -> f64 {
        if let Some(spare) = self.spare_gauss.take() {
            return spare;
        }
        loop {
            let x1 = 2.0 * self.random() - 1.0;
            let x2 = 2.0 * self.random() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = (-2.0 * ln(r2) / r2).sqrt();
                self.spare_gauss = Some(f * x1);
                return f * x2;
            }
        }
    }

    /// An integer uniform on 0..n, for sampling and shuffling.
    ///
    /// Drawn from [`Mt19937::random`] (`⌊n·u⌋`), which is exact enough for the small n a
    /// teaching crate needs; it is *not* numpy's `randint`.
    ///
    /// # Panics
    ///
    /// If `n == 0`: there is no integer in 0..0.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut rng = rnn_from_scratch::Mt19937::new(0);
    /// let k = rng.below(10);
    /// assert!(k < 10);
    /// ```
    #[track_caller]
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "Mt19937::below(0): there is no integer in 0..0");
        ((self.random() * n as f64) as usize).min(n - 1)
    }

    /// Shuffles `items` in place (Fisher–Yates, from the last item down, each swapped with
    /// one at or before it drawn by [`below`](Mt19937::below)): the same seed, the same
    /// order. The crate's one shuffle.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut items = [1, 2, 3, 4, 5];
    /// rnn_from_scratch::Mt19937::new(0).shuffle(&mut items);
    /// let mut sorted = items;
    /// sorted.sort();
    /// assert_eq!(sorted, [1, 2, 3, 4, 5]); // the same items, in another order
    /// assert_ne!(items, [1, 2, 3, 4, 5]);
    /// ```
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}
