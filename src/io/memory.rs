//! What the machine has free, and the check every request for memory passes first:
//! `MemAvailable` from `/proc/meminfo`, or [`FALLBACK_LIMIT`] where that cannot be read.
//! The estimates of what each program needs are in
//! [`programs::memory`](crate::programs::memory).

/// The limit where the free memory cannot be read: 4 GiB.
pub const FALLBACK_LIMIT: u128 = 4 << 30;

/// The bytes the machine has free: `MemAvailable` from `/proc/meminfo`, or
/// [`FALLBACK_LIMIT`].
///
/// # Examples
///
/// ```
/// assert!(rnn_from_scratch::io::memory::available() > 0);
/// ```
pub fn available() -> u128 {
    let Ok(text) = std::fs::read_to_string("/proc/meminfo") else {
        return FALLBACK_LIMIT;
    };
    let line = text.lines().find_map(|l| l.strip_prefix("MemAvailable:"));
    let kib = line.map(|rest| rest.trim().trim_end_matches("kB").trim());
    let kib = kib.and_then(|kib| kib.parse::<u128>().ok());
    kib.map_or(FALLBACK_LIMIT, |kib| kib * 1024)
}

/// Refuses `bytes` if they exceed `limit`: `this needs about 32.0 GB of memory (the
/// weights and the 1000000 hidden states); this machine has 23.1 GB free: lower
/// --timesteps or --hidden-size`.
///
/// # Errors
///
/// The message above, naming `what` the memory is for and the `flags` to lower.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::io::memory::check;
///
/// assert!(check(1000, 10_000, "the weights", "--hidden").is_ok());
/// let err = check(3 << 30, 1 << 30, "the weights", "--hidden").unwrap_err();
/// assert_eq!(err, "this needs about 3.2 GB of memory (the weights); this machine has 1.1 GB free: lower --hidden");
/// ```
pub fn check(bytes: u128, limit: u128, what: &str, flags: &str) -> Result<(), String> {
    if bytes <= limit {
        return Ok(());
    }
    let gb = |b: u128| b as f64 / 1e9;
    Err(format!(
        "this needs about {:.1} GB of memory ({what}); this machine has {:.1} GB free: lower {flags}",
        gb(bytes),
        gb(limit)
    ))
}
