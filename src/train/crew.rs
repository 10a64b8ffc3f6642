//! A crew: helper threads started once and kept for a whole training, for steps too short
//! to start threads for.
//!
//! A character model's step on one stream of text takes a fifth of a millisecond (plain
//! RNN, Dh = 100) to half a millisecond (LSTM). Starting a thread and joining it costs
//! about 70 µs on a 2-core AMD EPYC virtual machine, and waking a sleeping one through a
//! channel about 50 µs: a third of the step, lost every step. So the crew's helpers stay
//! awake for half a millisecond between steps, spinning on a counter
//! (`std::hint::spin_loop`), then sleep (`std::thread::park`) until a step wakes them.
//!
//! **Jobs, not shares.** A step is a list of jobs (one per stream of text). Each worker,
//! the caller included, takes the next job not yet taken from a shared counter, until none
//! is left. On a quiet machine the jobs spread over every core; on a busy one, where a
//! helper is off its core or asleep, the caller takes that helper's jobs itself instead of
//! waiting for it. And the caller keeps count: where a step with helpers takes, on
//! average, more than 97% of what the caller would take alone (its own jobs' time per job, times
//! the jobs), because the other cores are busy with other programs, it runs the next 200
//! steps alone, helpers asleep, then tries them again. So more threads cost no more than
//! one on a loaded machine. What a job computes never depends on which
//! thread runs it, so the results are the same, bit for bit, for any number of threads.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

/// Job j of a step on the shared state: `work(&state, j)`.
type Work<S> = Box<dyn Fn(&S, usize) + Send + Sync>;

/// What a crew's workers share: the caller's `state` (its own locks inside), the work,
/// and the counters that start a step, hand out its jobs and count them done.
struct Shared<S> {
    state: S,
    work: Work<S>,
    jobs: usize,
    /// Bumped by [`Crew::run`] to start a step.
    generation: AtomicU64,
    /// The next job to take: a job j ≥ `jobs` means none is left.
    next: AtomicUsize,
    /// Jobs finished in the current step.
    done: AtomicUsize,
    stop: AtomicBool,
    /// A helper's panic message, passed on by [`Crew::run`].
    panicked: Mutex<Option<String>>,
}

/// `workers` − 1 helper threads and the caller, sharing `jobs` jobs, `work(&state, j)`
/// for j = 0 … jobs − 1, at each [`Crew::run`].
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::crew::Crew;
/// use std::sync::Mutex;
///
/// // Four slots, four jobs: job j squares slot j, on whichever worker takes it.
/// let slots: Vec<Mutex<u64>> = (1..=4).map(Mutex::new).collect();
/// let crew = Crew::new(slots, 2, 4, |slots: &Vec<Mutex<u64>>, j| {
///     let mut x = slots[j].lock().unwrap();
///     *x *= *x;
/// });
/// crew.run();
/// crew.run();
/// let values: Vec<u64> = crew.state().iter().map(|x| *x.lock().unwrap()).collect();
/// assert_eq!(values, [1, 16, 81, 256]);
/// ```
pub struct Crew<S: Send + Sync + 'static> {
    shared: Arc<Shared<S>>,
    helpers: Vec<JoinHandle<()>>,
    /// A moving average of (a step's time with helpers) / (the caller's estimate of the
    /// step alone), as f64 bits: above 1, the helpers cost more than they bring.
    ratio: AtomicU64,
    /// Steps the caller still runs alone before it tries the helpers again.
    alone: AtomicU32,
}

/// How many steps the caller runs alone once the helpers cost more than they bring.
const ALONE: u32 = 200;

/// The helpers are worth waking while a step with them takes at most this share of the
/// caller's time alone (a gain of 3%, so that noise does not keep a useless crew awake).
const WORTH: f64 = 0.97;

/// Where the average starts, and starts again after a stretch alone: below [`WORTH`], so
/// that it takes about ten steps in a row at which the helpers cost more than they bring
/// (a step as slow as the caller alone, or slower) to send the caller on alone.
const START: f64 = 0.75;

/// How many times a waiting thread checks with `spin_loop` (a few microseconds) between
/// two looks at the clock, or before the caller starts giving its core away.
const SPINS: u32 = 200;

/// How long a helper stays awake between steps, spinning, before it sleeps: enough to
/// bridge the caller's update between two steps.
const AWAKE: std::time::Duration = std::time::Duration::from_micros(500);

impl<S: Send + Sync + 'static> Crew<S> {
    /// Starts `workers` − 1 helpers (none for one worker: the caller does everything) for
    /// steps of `jobs` jobs.
    ///
    /// # Panics
    ///
    /// If `workers` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use rnn_from_scratch::train::crew::Crew;
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    ///
    /// let crew = Crew::new(AtomicUsize::new(0), 2, 3, |count: &AtomicUsize, _| {
    ///     count.fetch_add(1, Ordering::SeqCst);
    /// });
    /// crew.run();
    /// assert_eq!(crew.state().load(Ordering::SeqCst), 3); // each of the 3 jobs once
    /// assert_eq!(crew.workers(), 2);
    /// ```
    #[track_caller]
    pub fn new(
        state: S,
        workers: usize,
        jobs: usize,
        work: impl Fn(&S, usize) + Send + Sync + 'static,
    ) -> Crew<S> {
        assert!(workers > 0, "Crew::new: workers must be at least 1, got 0");
        let shared = Arc::new(Shared {
            state,
            work: Box::new(work),
            jobs,
            generation: AtomicU64::new(0),
            next: AtomicUsize::new(jobs),
            done: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            panicked: Mutex::new(None),
        });
        let helpers = (1..workers)
            .map(|_| {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || helper(&shared))
            })
            .collect();
        Crew {
            shared,
            helpers,
            ratio: AtomicU64::new(START.to_bits()),
            alone: AtomicU32::new(0),
        }
    }

    /// The shared state.
    pub fn state(&self) -> &S {
        &self.shared.state
    }

    /// How many workers there are, the caller included.
    pub fn workers(&self) -> usize {
        self.helpers.len() + 1
    }

    /// One step: every job runs once, on whichever worker takes it; returns when all are
    /// done.
    ///
    /// # Panics
    ///
    /// If the work panics, in the caller or in a helper (the helper's message is passed
    /// on: `a training thread panicked: …`).
    pub fn run(&self) {
        let shared = &*self.shared;
        let alone = self.alone.load(Ordering::Relaxed);
        if self.helpers.is_empty() || alone > 0 {
            self.alone.store(alone.saturating_sub(1), Ordering::Relaxed);
            for j in 0..shared.jobs {
                (shared.work)(&shared.state, j);
            }
            return;
        }
        let back_from_alone = self.ratio.load(Ordering::Relaxed) == 0;
        let start = Instant::now();
        shared.done.store(0, Ordering::SeqCst);
        shared.next.store(0, Ordering::SeqCst);
        shared.generation.fetch_add(1, Ordering::SeqCst);
        for helper in &self.helpers {
            helper.thread().unpark(); // no system call unless it sleeps
        }
        let own = take_jobs(shared);
        let own_time = start.elapsed();
        // What is left is a job a helper took and is still running: wait for it, giving
        // the core away if it was put off its own.
        let mut spins = 0u32;
        while shared.done.load(Ordering::SeqCst) < shared.jobs {
            if spins < SPINS {
                spins += 1;
                std::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
        if let Some(message) = shared.panicked.lock().expect("set whole").take() {
            panic!("a training thread panicked: {message}");
        }
        // The step against the caller's estimate of it alone, averaged over about 16
        // steps (the first after a stretch alone, whose helpers were asleep, not counted).
        // A step whose helpers took no job (asleep still, or slow to wake) says nothing
        // about what they cost: only steps they shared are counted.
        if own > 0 && own < shared.jobs {
            let alone_estimate = own_time.as_secs_f64() / own as f64 * shared.jobs as f64;
            let step = start.elapsed().as_secs_f64() / alone_estimate.max(1e-9);
            let average = match back_from_alone {
                true => START,
                false => f64::from_bits(self.ratio.load(Ordering::Relaxed)) * 0.94 + step * 0.06,
            };
            if average > WORTH {
                self.alone.store(ALONE, Ordering::Relaxed);
                self.ratio.store(0, Ordering::Relaxed);
            } else {
                self.ratio.store(average.to_bits(), Ordering::Relaxed);
            }
        }
    }
}

/// Takes jobs until none is left, counting each done (a helper's panic is kept for the
/// caller and its job counted, so that the step still ends); returns how many it took.
fn take_jobs<S>(shared: &Shared<S>) -> usize {
    let mut taken = 0;
    loop {
        let j = shared.next.fetch_add(1, Ordering::SeqCst);
        if j >= shared.jobs {
            return taken;
        }
        taken += 1;
        let ran = catch_unwind(AssertUnwindSafe(|| (shared.work)(&shared.state, j)));
        if let Err(panic) = ran {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_string());
            *shared.panicked.lock().expect("set whole") = Some(message);
        }
        shared.done.fetch_add(1, Ordering::SeqCst);
    }
}

/// A helper's life: wait for a step, take jobs while there are any; until the crew is
/// dropped.
fn helper<S>(shared: &Shared<S>) {
    let mut seen = 0;
    loop {
        let (mut spins, waiting) = (0u32, Instant::now());
        loop {
            let generation = shared.generation.load(Ordering::SeqCst);
            if generation != seen {
                seen = generation;
                break;
            }
            spins += 1;
            if spins % SPINS != 0 || waiting.elapsed() < AWAKE {
                std::hint::spin_loop();
            } else {
                std::thread::park(); // woken by run's unpark (or spuriously: look again)
            }
        }
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        take_jobs(shared);
    }
}

impl<S: Send + Sync + 'static> Drop for Crew<S> {
    /// Stops the helpers and waits for them.
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.generation.fetch_add(1, Ordering::SeqCst);
        for helper in self.helpers.drain(..) {
            helper.thread().unpark();
            let _ = helper.join(); // a panic was already passed on by run
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Crew;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_helper_panic_is_passed_on_and_the_crew_still_stops() {
        let crew = Crew::new(AtomicUsize::new(0), 2, 2, |runs: &AtomicUsize, j| {
            runs.fetch_add(1, Ordering::SeqCst);
            assert!(j != 1, "boom in job {j}");
        });
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| crew.run()));
        let message = caught.unwrap_err().downcast::<String>().unwrap();
        assert_eq!(*message, "a training thread panicked: boom in job 1");
        assert_eq!(crew.state().load(Ordering::SeqCst), 2); // both ran
        drop(crew); // joins the helper: no hang
    }

    #[test]
    fn many_short_steps_each_run_every_job_once() {
        let crew = Crew::new(AtomicUsize::new(0), 2, 2, |runs: &AtomicUsize, _| {
            runs.fetch_add(1, Ordering::SeqCst);
        });
        for step in 1..=10_000 {
            crew.run();
            assert_eq!(crew.state().load(Ordering::SeqCst), 2 * step);
        }
    }
}
