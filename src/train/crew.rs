//! A crew: helper threads started once and kept for a whole training, for steps too short
//! to start threads for.
//!
//! A character model's step on one stream of text takes a fifth of a millisecond (plain
//! RNN, Dh = 100) to half a millisecond (LSTM). Starting a thread and joining it costs
//! about 70 µs on a 2-core AMD EPYC virtual machine, and waking a sleeping one through a
//! channel about 50 µs: a third of the step, lost every step. So the crew's helpers stay
//! awake between steps, spinning on a counter (`std::hint::spin_loop`) for up to about
//! half a millisecond before they sleep (`std::thread::park`): a new step reaches them in
//! a microsecond while training runs, and an idle crew (a sample being written, a model
//! being saved) costs no core.
//!
//! Each worker runs a fixed share of the step (worker w of W: jobs w, w + W, …), the
//! caller being worker 0, so what a job computes never depends on the number of workers.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// The work of worker w of W on the shared state: `work(&state, w, W)`.
type Work<S> = Box<dyn Fn(&S, usize, usize) + Send + Sync>;

/// What a crew's workers share: the caller's `state` (its own locks inside), the work,
/// and the counters that start and finish a step.
struct Shared<S> {
    state: S,
    work: Work<S>,
    workers: usize,
    /// Bumped by [`Crew::run`] to start a step.
    generation: AtomicU64,
    /// Helpers done with the current step.
    finished: AtomicUsize,
    stop: AtomicBool,
    /// A helper's panic message, passed on by [`Crew::run`].
    panicked: Mutex<Option<String>>,
}

/// `workers` − 1 helper threads and the caller, running `work(&state, w, workers)` for
/// every worker w at each [`Crew::run`].
///
/// # Examples
///
/// ```
/// use rnn_from_scratch::train::crew::Crew;
/// use std::sync::Mutex;
///
/// // Four slots; worker w of W squares slots w, w + W, …
/// let slots: Vec<Mutex<u64>> = (1..=4).map(Mutex::new).collect();
/// let crew = Crew::new(slots, 2, |slots: &Vec<Mutex<u64>>, w, workers| {
///     for slot in slots.iter().skip(w).step_by(workers) {
///         let mut x = slot.lock().unwrap();
///         *x *= *x;
///     }
/// });
/// crew.run();
/// crew.run();
/// let values: Vec<u64> = crew.state().iter().map(|x| *x.lock().unwrap()).collect();
/// assert_eq!(values, [1, 16, 81, 256]);
/// ```
pub struct Crew<S: Send + Sync + 'static> {
    shared: Arc<Shared<S>>,
    helpers: Vec<JoinHandle<()>>,
}

/// How many times a helper checks for a new step before it sleeps: about half a
/// millisecond of `spin_loop` on the machine above.
const SPINS: u32 = 20_000;

impl<S: Send + Sync + 'static> Crew<S> {
    /// Starts `workers` − 1 helpers (none for one worker: the caller does everything).
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
    /// let crew = Crew::new(AtomicUsize::new(0), 3, |count: &AtomicUsize, _, _| {
    ///     count.fetch_add(1, Ordering::SeqCst);
    /// });
    /// crew.run();
    /// assert_eq!(crew.state().load(Ordering::SeqCst), 3); // each of the 3 workers once
    /// assert_eq!(crew.workers(), 3);
    /// ```
    #[track_caller]
    pub fn new(
        state: S,
        workers: usize,
        work: impl Fn(&S, usize, usize) + Send + Sync + 'static,
    ) -> Crew<S> {
        assert!(workers > 0, "Crew::new: workers must be at least 1, got 0");
        let shared = Arc::new(Shared {
            state,
            work: Box::new(work),
            workers,
            generation: AtomicU64::new(0),
            finished: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            panicked: Mutex::new(None),
        });
        let helpers = (1..workers)
            .map(|w| {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || helper(&shared, w))
            })
            .collect();
        Crew { shared, helpers }
    }

    /// The shared state.
    pub fn state(&self) -> &S {
        &self.shared.state
    }

    /// How many workers there are, the caller included.
    pub fn workers(&self) -> usize {
        self.shared.workers
    }

    /// One step: every worker runs the work once; returns when all are done.
    ///
    /// # Panics
    ///
    /// If the work panics, in the caller or in a helper (the helper's message is passed
    /// on: `a training thread panicked: …`).
    pub fn run(&self) {
        let shared = &*self.shared;
        shared.finished.store(0, Ordering::SeqCst);
        shared.generation.fetch_add(1, Ordering::SeqCst);
        for helper in &self.helpers {
            helper.thread().unpark(); // no system call unless it sleeps
        }
        (shared.work)(&shared.state, 0, shared.workers);
        let mut spins = 0u32;
        while shared.finished.load(Ordering::SeqCst) < self.helpers.len() {
            if spins < SPINS {
                spins += 1;
                std::hint::spin_loop();
            } else {
                std::thread::yield_now(); // a helper was put off its core: let it run
            }
        }
        if let Some(message) = shared.panicked.lock().expect("set whole").take() {
            panic!("a training thread panicked: {message}");
        }
    }
}

/// Helper `w`'s life: wait for a step, run its share, count itself finished; until the
/// crew is dropped.
fn helper<S>(shared: &Shared<S>, w: usize) {
    let mut seen = 0;
    loop {
        let mut spins = 0u32;
        loop {
            let generation = shared.generation.load(Ordering::SeqCst);
            if generation != seen {
                seen = generation;
                break;
            }
            if spins < SPINS {
                spins += 1;
                std::hint::spin_loop();
            } else {
                std::thread::park(); // woken by run's unpark (or spuriously: look again)
            }
        }
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let ran = catch_unwind(AssertUnwindSafe(|| {
            (shared.work)(&shared.state, w, shared.workers)
        }));
        if let Err(panic) = ran {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_string());
            *shared.panicked.lock().expect("set whole") = Some(message);
        }
        shared.finished.fetch_add(1, Ordering::SeqCst);
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
        let crew = Crew::new(AtomicUsize::new(0), 2, |runs: &AtomicUsize, w, _| {
            runs.fetch_add(1, Ordering::SeqCst);
            assert!(w != 1, "boom in worker {w}");
        });
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| crew.run()));
        let message = caught.unwrap_err().downcast::<String>().unwrap();
        assert_eq!(*message, "a training thread panicked: boom in worker 1");
        assert_eq!(crew.state().load(Ordering::SeqCst), 2); // both ran
        drop(crew); // joins the helper: no hang
    }

    #[test]
    fn many_short_steps_each_run_every_worker_once() {
        let crew = Crew::new(AtomicUsize::new(0), 2, |runs: &AtomicUsize, _, _| {
            runs.fetch_add(1, Ordering::SeqCst);
        });
        for step in 1..=10_000 {
            crew.run();
            assert_eq!(crew.state().load(Ordering::SeqCst), 2 * step);
        }
    }
}
