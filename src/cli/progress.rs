//! Progress on stderr: one line that updates in place on a terminal, a line every tenth
//! of the way otherwise (so logs stay short).

use rnn_from_scratch::programs::uses::frame::Plan;
use std::io::{IsTerminal, Write};
use std::time::Instant;

pub struct Progress {
    total: u64,
    /// What is counted: `it` (training steps), `epochs`, `symbols`.
    unit: &'static str,
    start: Instant,
    last_draw: Instant,
    terminal: bool,
    quiet: bool,
    next_tenth: u64,
    drawn: bool,
    /// With [`Progress::by_epoch`]: (epochs, things per epoch, the rounds that each take
    /// those epochs), shown as `forward reader, epoch k of n, i/m things`.
    epochs: Option<(u64, u64, &'static [&'static str])>,
}

impl Progress {
    /// Progress toward `total` things of `unit` (`it`, `epochs`, …); nothing is shown if
    /// `quiet`.
    pub fn new(total: u64, unit: &'static str, quiet: bool) -> Progress {
        Progress {
            total,
            unit,
            start: Instant::now(),
            last_draw: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            quiet,
            next_tenth: total.div_ceil(10).max(1),
            drawn: false,
            epochs: None,
        }
    }

    /// Progress through a use's `plan`: its epochs over its examples per epoch (`unit`:
    /// `reviews`, `pictures`), once, or once for each of its rounds one after the other (the
    /// two readers of `sentiment`): the line counts within the round and the epoch,
    /// `backward reader, epoch 1 of 2, 8000/16000 reviews`.
    pub fn by_epoch(plan: Plan, unit: &'static str, quiet: bool) -> Progress {
        let (epochs, per_epoch) = (plan.epochs as u64, plan.per_epoch as u64);
        let total = epochs * per_epoch * plan.rounds.len().max(1) as u64;
        Progress {
            epochs: Some((epochs.max(1), per_epoch, plan.rounds)),
            ..Progress::new(total, unit, quiet)
        }
    }

    /// Seconds since the start.
    pub fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// Reports that `done` of `total` are done; `status` describes the state (a loss).
    pub fn update(&mut self, done: u64, status: &str) {
        if self.quiet {
            return;
        }
        let due = match self.terminal {
            true => self.last_draw.elapsed().as_secs_f64() >= 0.1,
            false => done >= self.next_tenth,
        };
        if !due && done != self.total {
            return;
        }
        let tenth = self.total.div_ceil(10).max(1);
        self.next_tenth = self.next_tenth.max((done / tenth + 1) * tenth);
        self.last_draw = Instant::now();
        let rate = done as f64 / self.elapsed().max(1e-9);
        let left = (self.total - done) as f64 / rate.max(1e-9);
        let (unit, total) = (self.unit, self.total);
        // The rate in the unit counted; below one a second, the time each takes.
        let (one, each) = (unit.trim_end_matches('s'), 1.0 / rate.max(1e-9));
        let speed = match rate >= 1.0 {
            true => format!("{rate:.0} {unit}/s"),
            false => format!("{each:.1} s per {one}"),
        };
        let count = match self.epochs {
            Some((epochs, per_epoch, rounds)) if per_epoch > 0 => {
                let passes = done.saturating_sub(1) / per_epoch; // epochs done, over all rounds
                let within = done - passes * per_epoch;
                let round = rounds.get((passes / epochs) as usize);
                let round = round.map_or(String::new(), |r| format!("{r}, "));
                let (epoch, width) = (passes % epochs + 1, per_epoch.to_string().len());
                format!("{round}epoch {epoch} of {epochs}, {within:>width$}/{per_epoch} {unit}")
            }
            _ => format!("{done:>w$}/{total} {unit}", w = total.to_string().len()),
        };
        let gap = if status.is_empty() { "" } else { "  " };
        let line = format!("{count}{gap}{status}  {speed}  {left:.1} s left");
        let line = super::lang::translate(&line);
        let mut err = std::io::stderr().lock();
        let _ = match self.terminal {
            true => write!(err, "\r\x1b[2K{line}"),
            false => writeln!(err, "{line}"),
        };
        let _ = err.flush();
        self.drawn |= self.terminal;
    }

    /// Prints a block of text on stderr without garbling the progress line.
    pub fn message(&mut self, text: &str) {
        if self.quiet {
            return;
        }
        let mut err = std::io::stderr().lock();
        if self.terminal && self.drawn {
            let _ = write!(err, "\r\x1b[2K");
            self.drawn = false;
        }
        let text = super::lang::translate(text);
        let _ = writeln!(err, "{}", super::output::printable(&text, true));
    }

    /// Ends the progress line.
    pub fn finish(&mut self) {
        if self.terminal && self.drawn && !self.quiet {
            eprintln!();
            self.drawn = false;
        }
    }
}
