//! The second half of a quick-path build in `weave serve`: the pages that list an edited page
//! (its section's and its terms' listing pages, and the pages that show it among their
//! backlinks or related pages), rendered once the edited page itself is served. At 100,000
//! articles a new title reaches ten listing pages of a thousand titles each, 4 ms apiece:
//! rendered first, they kept the page being written waiting 40 ms and more for pages no one
//! was looking at. The server renders them straight after, before it takes the next save,
//! and holds its list of files (what tools compare with a build) until they are in; so what
//! it serves once settled is still what a full build writes.

use std::time::Instant;

use crate::pipeline::session::Session;
use crate::pipeline::{Changes, Outcome};
use crate::render::{self, Job};

/// The jobs a quick path left to render after its edited pages.
pub struct Deferred {
    pub(super) jobs: Vec<Job>,
}

impl Session {
    /// Makes the quick path serve the edited pages before the pages that list them (`weave
    /// serve`, which then calls `finish_deferred`).
    pub fn defer_listings(&mut self) {
        self.defer_listings = true;
    }

    /// Renders and puts in what the last build deferred; its outcome, or None when nothing
    /// was deferred. Should rendering fail, the site is built the ordinary way, which reports
    /// the failure.
    pub fn finish_deferred(&mut self) -> Option<Outcome> {
        let Deferred { jobs } = self.deferred.take()?;
        let start = Instant::now();
        let rendered = match (&self.site, &self.views, self.theme.as_mut()) {
            (Some(site), Some(views), Some(theme)) => {
                render::render_jobs(site, views, &mut theme.templates, &theme.assets, &jobs).ok()
            }
            _ => None,
        };
        let Some(pages) = rendered else {
            self.views = None;
            return Some(self.build(Changes::everything()));
        };
        let mut changed = Vec::new();
        for output in pages {
            if let Some(fingerprints) = &mut self.fingerprints {
                // Its bytes no longer match its old fingerprint: the next full pass renders it.
                fingerprints.remove(&output.path);
            }
            changed.extend(self.put_file(output));
        }
        changed.sort();
        Some(Outcome {
            diagnostics: self.reported.clone(),
            changed,
            rendered: jobs.len(),
            elapsed: start.elapsed(),
        })
    }
}

impl Outcome {
    /// This outcome and `rest`, the deferred half of the same build, as one.
    pub fn with_rest(mut self, rest: Outcome) -> Outcome {
        if rest.failed() {
            return rest;
        }
        self.changed.extend(rest.changed);
        self.changed.sort();
        self.changed.dedup();
        self.rendered += rest.rendered;
        self.elapsed += rest.elapsed;
        self
    }
}
