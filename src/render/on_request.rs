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

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::OnRequest;
    use crate::pipeline::{Changes, Session};

    /// Every page of each fixture, rendered on request while its first build ran, is the page
    /// that build made, byte for byte; and every page the build made could be asked for.
    #[test]
    fn a_page_rendered_on_request_is_the_page_the_build_makes() {
        for fixture in ["basic", "claims", "vault", "hugo-site"] {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture);
            let mut session = Session::serving_for_tests(root);
            let told: Arc<Mutex<Option<OnRequest>>> = Arc::default();
            let keep = Arc::clone(&told);
            session.on_pages = Some(Box::new(move |pages| *keep.lock().unwrap() = Some(pages)));
            let outcome = session.build(Changes::everything());
            assert!(!outcome.failed(), "{fixture}: {:?}", outcome.diagnostics);
            let early = told.lock().unwrap().take().expect("told before the render");
            let mut pages = 0;
            for (key, stored) in session.files() {
                let built = stored.bytes().unwrap();
                match early.render(key) {
                    Some(made) => {
                        let made = made.unwrap_or_else(|d| panic!("{fixture} {key}: {d:?}"));
                        assert!(made == built, "{fixture}: {key} differs from the build's");
                        pages += 1;
                    }
                    None if key.ends_with(".html") => {
                        // Only another name's redirect is made without a template.
                        let text = String::from_utf8_lossy(&built);
                        assert!(text.contains("http-equiv=\"refresh\""), "{fixture}: {key}");
                    }
                    None => {}
                }
            }
            let theme_files = session
                .files()
                .keys()
                .filter(|k| k.ends_with(".css"))
                .filter(|k| early.file(k).is_some())
                .count();
            assert!(pages >= 5, "{fixture}: only {pages} pages");
            assert!(theme_files > 0, "{fixture}: no stylesheet made early");
        }
    }
}
