//! Rendering: the site graph and the templates to a list of output files, in parallel.
//! Nothing is written here; `output` does that.

pub mod aliases;
pub mod claim_views;
mod context;
pub mod job;
pub mod link_views;
pub mod on_request;
pub mod reach;
pub mod reads;
pub mod shortcodes;
pub mod site_map;
pub mod structured_data;
pub mod templates;
pub mod theme;
mod value_hash;
pub mod views;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics};
use crate::output::Sink;
use crate::progress::Stage;
use crate::publish::assets::AssetNames;
use crate::site::Site;
pub use job::Fingerprints;
pub use templates::Templates;
use views::Views;

/// One file to write: its path inside the output folder and its bytes.
#[derive(Debug)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
    /// The file it was made from, for error messages.
    pub from: PathBuf,
}

/// One file to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Job {
    Page(usize),
    Section {
        index: usize,
        pager: usize,
    },
    Taxonomy(usize),
    Term {
        taxonomy: usize,
        term: usize,
        pager: usize,
    },
    /// The search page, `search/`, when the site has a search index.
    Search,
    NotFound,
}

/// What a job shows: the content file behind it, if any, and the title and path it has
/// without one (a listing's, the search page's, the 404 page's).
pub struct Subject<'s> {
    pub page: Option<usize>,
    pub title: &'s str,
    /// Relative to the base path, the first page's for a paginated listing.
    pub path: &'s str,
}

impl Job {
    pub fn subject(self, site: &Site) -> Subject<'_> {
        let (page, title, path) = match self {
            Job::Page(i) => {
                let p = &site.pages[i];
                (Some(i), p.doc.front.title.as_str(), &*p.path)
            }
            Job::Section { index, .. } => {
                let s = &site.sections[index];
                (s.page, s.title.as_str(), s.path.as_str())
            }
            Job::Taxonomy(t) => {
                let t = &site.taxonomies[t];
                (t.page, t.title.as_str(), t.path.as_str())
            }
            Job::Term { taxonomy, term, .. } => {
                let t = &site.taxonomies[taxonomy].terms[term];
                (t.page, t.name.as_str(), t.path.as_str())
            }
            Job::Search => (None, "Search", "search/"),
            Job::NotFound => (None, "Page not found", ""),
        };
        Subject { page, title, path }
    }

    /// The site path of the page this job makes (a listing pager's own), as its file's key
    /// less `index.html`; empty for the 404 page, whose file is `404.html`.
    pub fn path(self, site: &Site) -> String {
        match self {
            Job::Section { index, pager } => pager_path(&site.sections[index].path, pager),
            Job::Term {
                taxonomy,
                term,
                pager,
            } => pager_path(&site.taxonomies[taxonomy].terms[term].path, pager),
            Job::NotFound => String::new(),
            job => job.subject(site).path.to_string(),
        }
    }

    /// The key of the file this job makes in the output.
    pub fn file(self, site: &Site) -> String {
        match self {
            Job::NotFound => "404.html".to_string(),
            job => format!("{}index.html", job.path(site)),
        }
    }
}

/// Site path of listing page `pager` (1-based) of the listing at `path`.
pub fn pager_path(path: &str, pager: usize) -> String {
    if pager <= 1 {
        path.to_string()
    } else {
        format!("{path}page/{pager}/")
    }
}

/// Every job a full build renders, in a stable order.
pub fn all_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        if crate::site::is_listed(&p.doc.kind) {
            jobs.push(Job::Page(i));
        }
    }
    for (index, s) in site.sections.iter().enumerate() {
        for pager in 1..=s.pagination.count(s.pages.len()) {
            jobs.push(Job::Section { index, pager });
        }
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(t));
        for (term, tr) in tax.terms.iter().enumerate() {
            for pager in 1..=tax.pagination.count(tr.pages.len()) {
                jobs.push(Job::Term {
                    taxonomy: t,
                    term,
                    pager,
                });
            }
        }
    }
    if site.config.search {
        jobs.push(Job::Search);
    }
    jobs.push(Job::NotFound);
    jobs
}

/// The jobs of `all_jobs` the theme has templates for: a theme without a search or 404
/// template simply has no such page.
fn theme_jobs(site: &Site, templates: &Templates) -> Vec<Job> {
    all_jobs(site)
        .into_iter()
        .filter(|job| match job {
            Job::Search => templates.has("search.html"),
            Job::NotFound => templates.has("404.html"),
            _ => true,
        })
        .collect()
}

/// What a render produced (its files went to the sink): how many were rendered, every job's
/// fingerprint, and the problems found.
pub struct Rendering {
    pub rendered: usize,
    pub fingerprints: Fingerprints,
    pub diagnostics: Diagnostics,
}

/// A job done: its path, where it came from when it was rendered (None when unchanged), and
/// its fingerprint.
type Done = (String, Option<PathBuf>, u64);

/// Renders the pages of `site` and its alias redirects. With `previous` fingerprints, jobs
/// whose inputs are unchanged are skipped (alias redirects are cheap and always made).
/// `fingerprint` asks for the fingerprints of this render, for the next one to compare with;
/// a one-off build skips them. Each file goes to `sink` as it is made (the output's, or the
/// store `weave serve` keeps its files in). `progress` counts the jobs done. With
/// `release_bodies`, a page's spilled HTML is given back once its own page is rendered
/// (`Piece::release`): for a one-off build whose templates and feed read no other page's.
#[allow(clippy::too_many_arguments)]
pub fn render_site(
    site: &Site,
    views: &Arc<Views>,
    templates: &mut Templates,
    assets: &AssetNames,
    previous: Option<&Fingerprints>,
    fingerprint: bool,
    release_bodies: bool,
    sink: &dyn Sink,
    progress: &Stage,
) -> Rendering {
    let mut diagnostics = Diagnostics::default();
    let shared = prepare(site, views, templates, assets);
    let templates = &*templates;
    let jobs = theme_jobs(site, templates);
    let results: Vec<Result<Done, Diagnostic>> = jobs
        .par_iter()
        .with_min_len(64)
        // Rendering runs beside the search index (`rayon::join`): rayon splits a busy
        // thread's work only as far as idle threads were there to take it, so the thread the
        // index leaves free can find nothing to take and watch the other render a large
        // share of the jobs alone (seen with heavier jobs than today's: 11 s at one core at
        // the end of a 100,000-article build). Pieces no longer than this stay there to be
        // taken; each costs one copy of the shared context.
        .with_max_len(512)
        .map_init(
            || job::Scratch::new(&shared),
            |scratch, j| {
                let result = job::render(
                    site,
                    views,
                    templates,
                    &shared,
                    scratch,
                    previous,
                    fingerprint,
                    *j,
                );
                progress.add(1);
                if let (true, Job::Page(i)) = (release_bodies, j) {
                    site.pages[*i].rendered.content().release();
                }
                match result? {
                    job::JobResult::Rendered(o, f) => {
                        sink.write(&o.path, &o.bytes)?;
                        Ok((o.path, Some(o.from), f))
                    }
                    job::JobResult::Unchanged(path, f) => Ok((path, None, f)),
                }
            },
        )
        .collect();
    let mut made: Vec<(String, PathBuf)> = Vec::with_capacity(results.len());
    let mut fingerprints = Fingerprints::with_capacity(results.len());
    for r in results {
        match r {
            Ok((path, Some(from), f)) => {
                if fingerprint {
                    fingerprints.insert(path.clone(), f);
                }
                made.push((path, from));
            }
            Ok((path, None, f)) => {
                fingerprints.insert(path, f);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    // Another name of a page never redirects from an address a page or listing has.
    let taken: std::collections::HashSet<&str> = made
        .iter()
        .map(|(path, _)| path.as_str())
        .chain(fingerprints.keys().map(String::as_str))
        .collect();
    match aliases::redirects(site, &taken) {
        Ok(redirects) => {
            for o in redirects {
                made.push((o.path.clone(), o.from.clone()));
                if let Err(d) = sink.write(&o.path, &o.bytes) {
                    diagnostics.push(d);
                }
            }
        }
        Err(errors) => diagnostics.extend(errors),
    }
    diagnostics.extend(collisions(&made));
    Rendering {
        rendered: made.len(),
        fingerprints,
        diagnostics,
    }
}

/// Renders just `jobs`, for `weave serve` when an edit is known to reach no other page.
pub fn render_jobs(
    site: &Site,
    views: &Arc<Views>,
    templates: &mut Templates,
    assets: &AssetNames,
    jobs: &[Job],
) -> Result<Vec<Output>, Diagnostic> {
    let shared = prepare(site, views, templates, assets);
    let templates = &*templates;
    // A new title can reach a hundred pages: one run of jobs per thread, each with its own
    // context (a copy of the shared one, with every taxonomy's terms: 0.1 ms at 100,000
    // articles). Even ten jobs are split: each listing page of a thousand titles takes 4 ms.
    let run = jobs.len().div_ceil(rayon::current_num_threads()).max(1);
    let runs: Vec<Result<Vec<Output>, Diagnostic>> = jobs
        .par_chunks(run)
        .map(|run| {
            let mut scratch = job::Scratch::new(&shared);
            run.iter()
                .map(|&j| {
                    match job::render(
                        site,
                        views,
                        templates,
                        &shared,
                        &mut scratch,
                        None,
                        false,
                        j,
                    )? {
                        job::JobResult::Rendered(o, _) => Ok(o),
                        _ => unreachable!("without previous fingerprints every job renders"),
                    }
                })
                .collect()
        })
        .collect();
    let mut outputs = Vec::with_capacity(jobs.len());
    for run in runs {
        outputs.extend(run?);
    }
    Ok(outputs)
}

/// Binds the template functions to this site and makes the context every job shares.
fn prepare(
    site: &Site,
    views: &Arc<Views>,
    templates: &mut Templates,
    assets: &AssetNames,
) -> job::Shared {
    context::register_functions(&mut templates.tera, site, views, assets);
    crate::languages::i18n::register(&mut templates.tera, Arc::clone(&templates.strings));
    let language = site.config.language.clone();
    templates.tera.register_filter(
        "local_date",
        move |value: &serde_json::Value, _: &HashMap<String, serde_json::Value>| {
            Ok(match value {
                serde_json::Value::String(s) => {
                    serde_json::Value::String(crate::languages::dates::local_date(s, &language))
                }
                other => other.clone(),
            })
        },
    );
    let mut asset_list: Vec<_> = assets.hashed.iter().collect();
    asset_list.sort();
    let mut shared = context::shared(site, views);
    let favicon = assets.favicon.as_ref().map(|f| {
        serde_json::json!({
            "url": format!("{}{}", site.config.site_base_path(), f.name),
            "type": f.media_type,
        })
    });
    shared.insert("favicon", &favicon);
    job::Shared::new(shared, asset_list, &templates.tera)
}

/// Errors for two outputs written to the same file; `made` holds each file's path and source.
fn collisions(made: &[(String, PathBuf)]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &PathBuf> = HashMap::new();
    let mut errors = Vec::new();
    for (path, from) in made {
        if let Some(first) = seen.insert(path, from) {
            errors.push(
                Diagnostic::error(format!(
                    "{} and {} would both write {path}",
                    first.display(),
                    from.display(),
                ))
                .in_file(from)
                .help("change a slug or alias so each page has its own URL"),
            );
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_paths() {
        assert_eq!(pager_path("articles/", 2), "articles/page/2/");
        assert_eq!(pager_path("", 1), "");
    }
}
