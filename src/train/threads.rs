//! How the programs share work between cores: independent jobs, handed out one at a time
//! to `threads` workers (`std::thread::scope`), each result stored in its job's slot. A
//! job is a whole training (long-memory's cells and lengths) or one example's gradient in
//! a mini-batch ([`fit`](super::fit) with `threads` > 1).
//!
//! Jobs are whole trainings (one cell at one length, say), so no two threads ever touch
//! the same weights and nothing is summed across threads: each result is what one thread
//! computed alone, in the same order of operations whatever the number of threads. So
//! `--threads 1` and `--threads 2` print the same figures, bit for bit; only the time
//! changes.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads to use when the user does not say: every core the machine offers
/// (`std::thread::available_parallelism`), or 1 where that is unknown.
///
/// # Examples
///
/// ```
/// assert!(rnn_from_scratch::train::threads::available() >= 1);
/// ```
pub fn available() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` on every job with `threads` workers and returns the results in the jobs'
/// order. `on_done(k, &result)` is called as each job `k` finishes (one call at a time,
/// in the order they finish: for progress).
///
/// # Panics
///
/// If `work` panics in a thread (the panic is passed on), or `threads` is 0.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::threads::map_jobs;
///
/// let squares = map_jobs(&[1, 2, 3, 4], 2, |&x| x * x, |_, _| {});
/// assert_eq!(squares, [1, 4, 9, 16]);
/// assert_eq!(map_jobs(&[1, 2, 3, 4], 1, |&x| x * x, |_, _| {}), squares);
/// ```
pub fn map_jobs<J: Sync, R: Send>(
    jobs: &[J],
    threads: usize,
    work: impl Fn(&J) -> R + Sync,
    on_done: impl FnMut(usize, &R) + Send,
) -> Vec<R> {
    assert!(threads > 0, "map_jobs: threads must be at least 1");
    let slots: Mutex<Vec<Option<R>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    let on_done = Mutex::new(on_done);
    let next = AtomicUsize::new(0);
    let worker = || {
        loop {
            let k = next.fetch_add(1, Ordering::SeqCst);
            let Some(job) = jobs.get(k) else { break };
            let result = work(job);
            (on_done.lock().expect("on_done does not panic"))(k, &result);
            slots.lock().expect("no panic while held")[k] = Some(result);
        }
    };
    std::thread::scope(|scope| {
        // The calling thread is one of the workers: one thread fewer to start, which
        // matters when a job is a fraction of a millisecond (a character model's step);
        // with one thread (or one job) it is the only one, taking the jobs in order.
        for _ in 1..threads.min(jobs.len()) {
            scope.spawn(worker);
        }
        worker();
    });
    slots
        .into_inner()
        .expect("the threads are done")
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

/// The crate's one fixed-order parallel sum: `work(job)` for every job, shared by
/// `threads` threads ([`map_jobs`]), and the results folded by `add(&mut total, result)`
/// in the jobs' order, never in the order the threads finished, so the sum is the same,
/// bit for bit, for any number of threads. The first job that fails stops the sum, with
/// its place in `jobs`. `None` for no jobs.
///
/// # Errors
///
/// The error of the first job (in the jobs' order) that failed, and its place.
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::threads::sum_jobs;
///
/// let add = |total: &mut Option<f64>, x: f64| *total = Some(total.unwrap_or(0.0) + x);
/// let sum = sum_jobs(&[0.1, 0.2, 0.3], 2, |&x| Ok::<_, String>(x), add);
/// assert_eq!(sum, Ok(Some(0.1 + 0.2 + 0.3))); // the same order as one thread, to the bit
/// let err = sum_jobs(&[1.0, -1.0], 2, |&x| if x < 0.0 { Err("negative") } else { Ok(x) }, add);
/// assert_eq!(err, Err((1, "negative")));
/// ```
pub fn sum_jobs<J: Sync, T: Send, E: Send>(
    jobs: &[J],
    threads: usize,
    work: impl Fn(&J) -> Result<T, E> + Sync,
    mut add: impl FnMut(&mut Option<T>, T),
) -> Result<Option<T>, (usize, E)> {
    let mut total = None;
    for (k, result) in map_jobs(jobs, threads, work, |_, _| {})
        .into_iter()
        .enumerate()
    {
        add(&mut total, result.map_err(|e| (k, e))?);
    }
    Ok(total)
}
