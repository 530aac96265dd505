//! What the terminal is told of each build (its problems, then one line: what it rendered and
//! changed, or that it failed), and a failure as the browser shows it, in the terminal's words.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::pipeline::{Outcome, plural};
use crate::progress::Timings;

/// Where the server tells what it did: the site's folder (diagnostics name files in it) and
/// whether to print errors alone.
pub struct Terminal {
    pub root: PathBuf,
    pub quiet: bool,
}

impl Terminal {
    /// The terminal's one line per build, after the problems it found; with `timings` when the
    /// build showed its progress.
    pub fn report(&self, outcome: &Outcome, what: &str, timings: Option<Timings>) {
        let shown = |d: &&Diagnostic| {
            if self.quiet {
                d.is_error()
            } else {
                !d.is_note()
            }
        };
        for d in outcome.diagnostics.iter().filter(shown) {
            eprintln!("{}", d.render(&self.root));
        }
        if self.quiet {
            return;
        }
        let ms = match timings {
            Some(t) => format!("{} ms ({})", outcome.elapsed.as_millis(), t.describe()),
            None => format!("{} ms", outcome.elapsed.as_millis()),
        };
        if outcome.failed() {
            let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{what}: failed with {errors} error{} in {ms}; still serving the last good site",
                plural(errors)
            );
        } else {
            eprintln!(
                "{what}: {} page{} rendered, {} file{} changed in {ms}",
                outcome.rendered,
                plural(outcome.rendered),
                outcome.changed.len(),
                plural(outcome.changed.len())
            );
        }
    }
}

/// The failure message shown in the browser: the same text as the terminal's.
pub fn failure_text(root: &Path, outcome: &Outcome) -> Option<String> {
    outcome.failed().then(|| {
        outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d: &Diagnostic| d.render(root))
            .collect::<Vec<_>>()
            .join("\n")
    })
}
