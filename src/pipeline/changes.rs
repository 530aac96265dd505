//! What a build is asked to redo (`Changes`: what changed since the last one) and what it
//! gives back (`Outcome`: its problems and the output files it changed).

use std::time::Duration;

use crate::error::Diagnostic;

/// What changed since the last build.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    pub config: bool,
    /// Templates, themes or static files.
    pub theme: bool,
    /// Content files by source path (`articles/a.md`), changed, created or deleted.
    pub content: Vec<String>,
    /// Something in `content/` other than a single file (a folder): rescan it all.
    pub rescan: bool,
}

impl Changes {
    pub fn everything() -> Changes {
        Changes {
            config: true,
            theme: true,
            content: Vec::new(),
            rescan: true,
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.config && !self.theme && !self.rescan && self.content.is_empty()
    }

    pub fn merge(&mut self, other: Changes) {
        self.config |= other.config;
        self.theme |= other.theme;
        self.rescan |= other.rescan;
        for c in other.content {
            if !self.content.contains(&c) {
                self.content.push(c);
            }
        }
    }
}

/// The result of one build.
#[derive(Debug)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    /// Output paths whose bytes changed, appeared or disappeared.
    pub changed: Vec<String>,
    /// Pages rendered (not skipped as unchanged).
    pub rendered: usize,
    pub elapsed: Duration,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}
