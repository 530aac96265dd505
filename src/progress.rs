//! What a long build shows on a terminal: the stages it is in and how far each has got, on one
//! line that updates in place (drawn by indicatif), and, once it is done, how long each stage
//! took. Nothing is drawn when stderr is not a terminal, and nothing before the build has run
//! for a second, so short builds, CI logs and pipes print exactly what they always did.
//!
//! Counting costs one relaxed atomic add per item (nothing at all when progress is off); a
//! thread of its own reads the counts and redraws the line ten times a second.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its progress is drawn, unless `WEAVE_PROGRESS_AFTER_MS` says
/// otherwise (the tests draw from the start).
const QUIET_SPELL: Duration = Duration::from_secs(1);
const REDRAW: Duration = Duration::from_millis(100);

/// The progress of one build; `Progress::off()` draws and counts nothing.
#[derive(Default)]
pub struct Progress {
    shared: Option<Arc<Shared>>,
    drawing: Option<JoinHandle<()>>,
}

struct Shared {
    started: Instant,
    quiet_spell: Duration,
    stages: Mutex<Vec<StageState>>,
    /// Set when the build is over; the drawing thread waits on it between redraws.
    over: (Mutex<bool>, Condvar),
}

struct StageState {
    name: &'static str,
    /// 0 when the stage has no count (it shows as a name alone).
    total: u64,
    done: Arc<AtomicU64>,
    started: Instant,
    took: Option<Duration>,
}

/// One stage as its workers see it: `add` counts items done, `end` (or dropping it) stops its clock.
pub struct Stage {
    at: Option<(Arc<Shared>, usize)>,
    done: Option<Arc<AtomicU64>>,
}

/// How long each stage of a finished build took, in the order they started.
#[derive(Debug, Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Progress {
    pub fn off() -> Progress {
        Progress::default()
    }

    /// Progress drawn on stderr when it is a terminal; off otherwise.
    pub fn on_terminal() -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress::off();
        }
        let quiet_spell = std::env::var("WEAVE_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(QUIET_SPELL, Duration::from_millis);
        let shared = Arc::new(Shared {
            started: Instant::now(),
            quiet_spell,
            stages: Mutex::new(Vec::new()),
            over: (Mutex::new(false), Condvar::new()),
        });
        let drawing = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || draw(&shared))
        };
        Progress {
            shared: Some(shared),
            drawing: Some(drawing),
        }
    }

    /// Starts a stage of `total` items (0: no count).
    pub fn stage(&self, name: &'static str, total: usize) -> Stage {
        let Some(shared) = &self.shared else {
            return Stage {
                at: None,
                done: None,
            };
        };
        let done = Arc::new(AtomicU64::new(0));
        let mut stages = shared.stages.lock().expect("no panics while drawing");
        stages.push(StageState {
            name,
            total: total as u64,
            done: Arc::clone(&done),
            started: Instant::now(),
            took: None,
        });
        Stage {
            at: Some((Arc::clone(shared), stages.len() - 1)),
            done: Some(done),
        }
    }

    /// Stops drawing, clears the line, and returns the stages' times when the line was shown
    /// (the build ran for more than about a second); `None` otherwise.
    pub fn finish(&mut self) -> Option<Timings> {
        let shared = self.shared.take()?;
        *shared.over.0.lock().expect("no panics while drawing") = true;
        shared.over.1.notify_all();
        if let Some(drawing) = self.drawing.take() {
            let _ = drawing.join();
        }
        if shared.started.elapsed() < shared.quiet_spell {
            return None;
        }
        let stages = shared.stages.lock().expect("no panics while drawing");
        Some(Timings(
            stages
                .iter()
                .map(|s| (s.name, s.took.unwrap_or_else(|| s.started.elapsed())))
                .collect(),
        ))
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Stage {
    /// A stage that counts nothing, for callers without progress.
    pub fn none() -> Stage {
        Stage {
            at: None,
            done: None,
        }
    }

    pub fn add(&self, n: u64) {
        if let Some(done) = &self.done {
            done.fetch_add(n, Ordering::Relaxed);
        }
    }

    pub fn end(self) {}
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some((shared, i)) = self.at.take() {
            let mut stages = shared.stages.lock().expect("no panics while drawing");
            let stage = &mut stages[i];
            stage.took.get_or_insert_with(|| stage.started.elapsed());
        }
    }
}

impl Timings {
    /// `loading 210 ms, markdown 800 ms, ...`
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for (i, (name, took)) in self.0.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let _ = write!(out, "{sep}{name} {} ms", took.as_millis());
        }
        out
    }
}

/// The drawing thread: silent for the first second, then the line of every running stage.
fn draw(shared: &Shared) {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed}] {msg}")
            .expect("a valid template")
            .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ "),
    );
    let mut shown = false;
    let mut last = String::new();
    let (over, wake) = &shared.over;
    let mut finished = over.lock().expect("no panics while drawing");
    while !*finished {
        if !shown && shared.started.elapsed() >= shared.quiet_spell {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            // indicatif's own thread turns the spinner; this one changes the text.
            bar.enable_steady_tick(REDRAW);
            shown = true;
        }
        if shown {
            let now = line(shared);
            if now != last {
                bar.set_message(now.clone());
                last = now;
            }
        }
        finished = wake
            .wait_timeout(finished, REDRAW)
            .expect("no panics while drawing")
            .0;
    }
    bar.finish_and_clear();
}

/// `pages 8,000 of 19,104 · search index 3,000 of 10,000`: the stages still running.
fn line(shared: &Shared) -> String {
    let stages = shared.stages.lock().expect("no panics while drawing");
    let mut out = String::new();
    for s in stages.iter().filter(|s| s.took.is_none()) {
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(s.name);
        if s.total > 0 {
            let done = s.done.load(Ordering::Relaxed).min(s.total);
            let _ = write!(out, " {} of {}", thousands(done), thousands(s.total));
        }
    }
    out
}

/// `19104` → `19,104`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(19104), "19,104");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn off_counts_nothing_and_reports_nothing() {
        let mut p = Progress::off();
        let s = p.stage("pages", 10);
        s.add(3);
        drop(s);
        assert!(p.finish().is_none());
    }
}
