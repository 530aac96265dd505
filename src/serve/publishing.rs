//! What a build's outcome does to what is served: the new files swapped in and the browsers
//! told what changed (a page, a stylesheet, everything), or the failure kept and shown.

use crate::pipeline::{Outcome, Session};
use crate::serve::http::{Notice, Shared};
use crate::serve::terminal::failure_text;
use crate::serve::watch::Batch;

/// When `outcome` failed, keeps its message for pages opened later and tells the open ones;
/// true then.
pub(super) fn show_failure(shared: &Shared, root: &std::path::Path, outcome: &Outcome) -> bool {
    let Some(message) = failure_text(root, outcome) else {
        return false;
    };
    *shared.failure.write().unwrap() = Some(message.clone());
    let _ = shared.notices.send(Notice::Failed { message });
    true
}

/// Swaps the new files in, then tells the browsers; the tab that follows the writer is told
/// to go to the page saved when `follow` (not for the pages that list it, which come after).
pub(super) fn publish_outcome(
    session: &Session,
    outcome: &Outcome,
    batch: &Batch,
    shared: &Shared,
    root: &std::path::Path,
    follow: bool,
) {
    let was_failing = shared.failure.read().unwrap().is_some();
    if show_failure(shared, root, outcome) {
        return;
    }
    shared
        .served
        .write()
        .unwrap()
        .next_build(session.files().clone());
    *shared.composed.write().unwrap() = session.compositions().into_iter().collect();
    *shared.failure.write().unwrap() = None;
    let only_css = !batch.paths.is_empty()
        && batch
            .paths
            .iter()
            .all(|p| p.ends_with(".css") && !p.starts_with("content/"));
    let pages: Vec<String> = outcome
        .changed
        .iter()
        .filter(|p| p.ends_with(".html"))
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
        .collect();
    if only_css {
        // The new content-hashed names; the plain names and the removed old ones are no use.
        let files = session.files();
        let stylesheets = outcome
            .changed
            .iter()
            .filter(|p| p.ends_with(".css") && files.contains_key(*p) && is_hashed_name(p))
            .map(|p| format!("/{p}"))
            .collect();
        let _ = shared.notices.send(Notice::Css { stylesheets });
    } else if !pages.is_empty() {
        let all = batch.changes.config || batch.changes.theme;
        let follow = (follow && shared.follow)
            .then(|| saved_page(session, batch))
            .flatten();
        let _ = shared.notices.send(Notice::Reload { pages, all, follow });
    }
    if was_failing {
        let _ = shared.notices.send(Notice::Fixed);
    }
}

/// The URL path of the page made from the first content file of `batch` that has one.
fn saved_page(session: &Session, batch: &Batch) -> Option<String> {
    let sites = session.sites();
    let saved = batch.paths.iter().filter(|p| p.starts_with("content/"));
    saved
        .flat_map(|p| sites.iter().map(move |site| (p, site)))
        .find_map(|(p, site)| site.url_of_file(std::path::Path::new(p)))
}

/// True for `style.0123456789.css`: a name made by `publish::assets`.
fn is_hashed_name(path: &str) -> bool {
    let mut parts = path.rsplit('.');
    parts.next();
    parts
        .next()
        .is_some_and(|h| h.len() == 10 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}
