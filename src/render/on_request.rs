//! Pages rendered one at a time, as they are asked for: how `weave serve` answers while its
//! first build is still rendering the rest. At 100,000 articles the render is 14 of the 40
//! seconds a first build takes; a page asked for before it is done need not wait for it.
//!
//! A page made here comes from the same function, graph, views and templates as the whole
//! render's, so it is the same bytes the finished build serves for that path.

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::Diagnostic;
use crate::publish::assets::AssetNames;
use crate::render::views::Views;
use crate::render::{Job, Templates, job, prepare, theme_jobs};
use crate::site::Site;

pub struct OnRequest {
    site: Arc<Site>,
    views: Arc<Views>,
    templates: Templates,
    shared: job::Shared,
    /// Each job by the key of the file it makes.
    jobs: HashMap<String, Job>,
    /// Files made before any page (the theme's stylesheets and scripts, the content's images):
    /// a page served early would otherwise wait for its stylesheet.
    files: HashMap<String, Arc<[u8]>>,
}

impl OnRequest {
    /// Pages of `site` as `templates` draw them (a copy of the build's, bound to this site),
    /// and `files` as they are.
    pub fn new(
        site: Arc<Site>,
        views: Arc<Views>,
        mut templates: Templates,
        assets: &AssetNames,
        files: HashMap<String, Arc<[u8]>>,
    ) -> OnRequest {
        let shared = prepare(&site, &views, &mut templates, assets);
        let jobs = theme_jobs(&site, &templates)
            .into_iter()
            .map(|job| (job.file(&site), job))
            .collect();
        OnRequest {
            site,
            views,
            templates,
            shared,
            jobs,
            files,
        }
    }

    /// A file made before any page, by its key.
    pub fn file(&self, key: &str) -> Option<Arc<[u8]>> {
        self.files.get(key).cloned()
    }

    /// The file at `key` (`articles/a/index.html`) when a page or listing makes it: its bytes,
    /// or the error its template gave.
    pub fn render(&self, key: &str) -> Option<Result<Vec<u8>, Diagnostic>> {
        let job = *self.jobs.get(key)?;
        let mut scratch = job::Scratch::new(&self.shared);
        let done = job::render(
            &self.site,
            &self.views,
            &self.templates,
            &self.shared,
            &mut scratch,
            None,
            false,
            job,
        );
        Some(done.map(|result| match result {
            job::JobResult::Rendered(output, _) => output.bytes,
            job::JobResult::Unchanged(..) => unreachable!("without fingerprints every job renders"),
        }))
    }
}
