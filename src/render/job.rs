//! Rendering one job: gather the values its template sees, and render it, unless the same
//! template already rendered the very same values last time.
//!
//! A job's *fingerprint* hashes its template's name and every value put into its context (the
//! shared part is hashed once per build). Equal fingerprints mean equal HTML, so `weave serve`
//! skips those jobs; a full build passes no previous fingerprints and renders every job. Either
//! way the bytes come from the same function, which keeps incremental output identical to a
//! full build's.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use serde::Serialize;
use tera::Context;

use crate::error::Diagnostic;
use crate::render::context::{self, Meta};
use crate::render::reads::{Reads, Scope};
use crate::render::value_hash::value_hash;
use crate::render::views::{PageSummary, Views, section_link};
use crate::render::{Job, Output, Templates};
use crate::site::Site;

static NO_VERSIONS: crate::languages::translations::Versions =
    crate::languages::translations::Versions {
        all: Vec::new(),
        x_default: None,
    };

/// Site path of each job's output file to its fingerprint.
pub type Fingerprints = HashMap<String, u64>;

pub enum JobResult {
    Rendered(Output, u64),
    Unchanged(String, u64),
}

/// The names a job puts into its context (besides the shared ones).
const JOB_KEYS: &[&str] = &[
    "page",
    "section",
    "paginator",
    "taxonomy",
    "term",
    "latest",
    "site_map",
    "current_path",
    "current_url",
    "meta",
    "translations",
];

/// The context shared by every job, and what each template can read of it.
pub struct Shared {
    pub context: Context,
    /// The hash of everything shared, for a template not in `templates`.
    hash: u64,
    /// Per template, what it reads (`reads`) and the hash of the shared values it can read:
    /// a change that no template of a page can show leaves the page's fingerprint as it was.
    templates: HashMap<String, (Reads, u64)>,
    /// The home page's map of the site, made once for all of its pagers.
    site_map: std::sync::OnceLock<String>,
}

impl Shared {
    pub fn new(context: Context, extra: impl Hash, tera: &tera::Tera) -> Shared {
        let json = context.clone().into_json();
        let seal = |reads: Option<&Reads>| {
            let mut h = DefaultHasher::new();
            h.write_u64(value_hash(&json, reads.map(Reads::context)));
            extra.hash(&mut h);
            h.finish()
        };
        let mut globals: Vec<&str> = JOB_KEYS.to_vec();
        globals.extend(
            json.as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k.as_str()),
        );
        let templates = tera
            .get_template_names()
            .map(|name| {
                let reads = Reads::of(tera, name, &globals);
                let hash = seal(Some(&reads));
                (name.to_string(), (reads, hash))
            })
            .collect();
        Shared {
            hash: seal(None),
            context,
            templates,
            site_map: std::sync::OnceLock::new(),
        }
    }
}

/// The context one worker reuses from job to job. Cloning the shared values (every taxonomy
/// and term, for the navigation) for each of 20,000 pages cost more than rendering them, so
/// a worker clones them once; each job then puts its own values and takes out those the job
/// before put and it did not, so a render sees exactly the context a fresh one would.
pub struct Scratch {
    context: Context,
    /// What the last job put.
    slots: Vec<Slot>,
}

/// One value a job put: its key, what it was (when the same value serves many jobs in a row,
/// like the taxonomy on its term pages) and its hash as the job's template saw it.
#[derive(Clone, Copy)]
struct Slot {
    key: &'static str,
    identity: Option<u64>,
    /// The hash, and the template it was made for (by address); None until `finish`.
    hash: Option<(u64, usize)>,
}

impl Scratch {
    pub fn new(shared: &Shared) -> Scratch {
        Scratch {
            context: shared.context.clone(),
            slots: Vec::new(),
        }
    }
}

/// A job's values as they are put into the scratch context.
struct Values<'s> {
    scratch: &'s mut Scratch,
    before: Vec<Slot>,
    /// Hash each value, for the job's fingerprint.
    hashing: bool,
}

impl Values<'_> {
    fn put(&mut self, key: &'static str, value: &impl Serialize) {
        self.put_value(key, None, value);
    }

    /// Puts a value that the next jobs may share; `identity` names it among the values put
    /// under `key`, and an equal identity keeps the value the last job put.
    fn put_shared(&mut self, key: &'static str, identity: u64, value: &impl Serialize) {
        self.put_value(key, Some(identity), value);
    }

    fn put_value(&mut self, key: &'static str, identity: Option<u64>, value: &impl Serialize) {
        let kept = identity.is_some()
            && self
                .before
                .iter()
                .any(|s| s.key == key && s.identity == identity);
        let slot = if kept {
            *self.before.iter().find(|s| s.key == key).expect("checked")
        } else {
            self.scratch.context.insert(key, value);
            Slot {
                key,
                identity,
                hash: None,
            }
        };
        self.scratch.slots.push(slot);
    }

    /// Takes out what the job before put and this one did not; returns the hash of the values
    /// as `template` sees them, shared ones included.
    fn finish(self, shared: &Shared, template: Option<&str>) -> u64 {
        for gone in self
            .before
            .iter()
            .filter(|b| !self.scratch.slots.iter().any(|s| s.key == b.key))
        {
            self.scratch.context.remove(gone.key);
        }
        if !self.hashing {
            return 0;
        }
        let (reads, seed) = match template.and_then(|t| shared.templates.get(t)) {
            Some((reads, hash)) => (Some(reads), *hash),
            None => (None, shared.hash),
        };
        let made_for = reads.map_or(0, |r| r as *const Reads as usize);
        let mut h = DefaultHasher::new();
        seed.hash(&mut h);
        for s in &mut self.scratch.slots {
            let hash = match s.hash {
                Some((hash, by)) if by == made_for => hash,
                _ => {
                    let value = self.scratch.context.get(s.key);
                    let scope = Scope::within(reads.map(Reads::context), s.key);
                    let hash = match (value, scope) {
                        (Some(v), Some(scope)) => value_hash(v, scope),
                        _ => 0,
                    };
                    s.hash = Some((hash, made_for));
                    hash
                }
            };
            s.key.hash(&mut h);
            h.write_u64(hash);
        }
        h.finish()
    }
}

#[allow(clippy::too_many_arguments)]
pub fn render(
    site: &Site,
    views: &Views,
    templates: &Templates,
    shared: &Shared,
    scratch: &mut Scratch,
    previous: Option<&Fingerprints>,
    fingerprint: bool,
    job: Job,
) -> Result<JobResult, Diagnostic> {
    let before = std::mem::take(&mut scratch.slots);
    let mut values = Values {
        scratch,
        before,
        hashing: fingerprint,
    };
    let path = job.path(site);
    let (page_index, default_template) = gather(site, views, shared, job, &mut values);
    let template = choose_template(site, templates, page_index, default_template);
    values.put("current_path", &path);
    values.put("current_url", &site.url(&path));
    let meta: Meta = context::meta(site, views, job, page_index, &path);
    values.put("meta", &meta);
    let out_path = job.file(site);
    match views.translations.of(&out_path) {
        Some(versions) => values.put("translations", &**versions),
        None => values.put("translations", &NO_VERSIONS),
    }
    let hash = values.finish(shared, template.as_ref().ok().copied());
    let template = template?;

    let fingerprint = if fingerprint {
        let mut h = DefaultHasher::new();
        hash.hash(&mut h);
        template.hash(&mut h);
        h.finish()
    } else {
        0
    };
    if previous.and_then(|p| p.get(&out_path)) == Some(&fingerprint) {
        return Ok(JobResult::Unchanged(out_path, fingerprint));
    }
    let shown = page_index
        .map(|i| site.pages[i].doc.file.clone())
        .unwrap_or_else(|| PathBuf::from(template));
    let html = templates.render(template, &scratch.context, &shown)?;
    Ok(JobResult::Rendered(
        Output {
            path: out_path,
            bytes: html.into_bytes(),
            from: shown,
        },
        fingerprint,
    ))
}

/// Puts the job's own values; returns its page (if it has a content file) and the template it
/// uses unless the page names another.
fn gather(
    site: &Site,
    views: &Views,
    shared: &Shared,
    job: Job,
    values: &mut Values<'_>,
) -> (Option<usize>, &'static str) {
    match job {
        Job::Page(i) => {
            values.put("page", &*views.page(i));
            (Some(i), "page.html")
        }
        Job::Section { index, pager } => {
            let s = &site.sections[index];
            values.put(
                "paginator",
                &context::paginator(site, views, &s.path, &s.pages, s.pagination, pager),
            );
            let mut listing = context::listing(
                site,
                views,
                s.page,
                &s.title,
                &s.dir,
                &s.path,
                s.pages.len(),
            );
            listing.subsections = s
                .subsections
                .iter()
                .map(|&c| section_link(site, &site.sections[c]))
                .collect();
            values.put("section", &listing);
            let template = if s.dir.is_empty() {
                let latest: Vec<std::sync::Arc<PageSummary>> =
                    views.latest.iter().map(|&i| views.summary(i)).collect();
                values.put("latest", &latest);
                let map = shared
                    .site_map
                    .get_or_init(|| crate::render::site_map::svg(site));
                values.put_shared("site_map", 0, map);
                "index.html"
            } else {
                "section.html"
            };
            (s.page, template)
        }
        Job::Taxonomy(t) => {
            let tax = &site.taxonomies[t];
            let mut l = context::listing(
                site,
                views,
                tax.page,
                &tax.title,
                &tax.name,
                &tax.path,
                tax.terms.len(),
            );
            l.terms = &views.taxonomies[t].terms;
            values.put("taxonomy", &l);
            (tax.page, "taxonomy.html")
        }
        Job::Term {
            taxonomy,
            term,
            pager,
        } => {
            let tax = &site.taxonomies[taxonomy];
            let t = &tax.terms[term];
            values.put_shared("taxonomy", taxonomy as u64, &views.taxonomies[taxonomy]);
            let mut listing = context::listing(
                site,
                views,
                t.page,
                &t.name,
                &t.slug,
                &t.path,
                t.pages.len(),
            );
            listing.related_terms = views.named_with[taxonomy][term].clone();
            values.put("term", &listing);
            values.put(
                "paginator",
                &context::paginator(site, views, &t.path, &t.pages, tax.pagination, pager),
            );
            (t.page, "term.html")
        }
        Job::Search => (None, "search.html"),
        Job::NotFound => (None, "404.html"),
    }
}

/// The page's own `template:`, else the job's default; an error when it does not exist. On a
/// site built from Zola's or Hugo's configuration, a template weave does not have is that
/// tool's, and the theme's default draws the page.
fn choose_template<'a>(
    site: &'a Site,
    templates: &Templates,
    page: Option<usize>,
    default: &'a str,
) -> Result<&'a str, Diagnostic> {
    if let Some(i) = page
        && let Some(t) = site.pages[i].doc.front.template.as_deref()
    {
        let doc = &site.pages[i].doc;
        return if templates.has(t) {
            Ok(t)
        } else if site.config.imported && templates.has(default) {
            Ok(default)
        } else {
            Err(Diagnostic::error(format!("template `{t}` does not exist"))
                .in_file(&doc.file)
                .at_line(
                    ["template", "layout"]
                        .iter()
                        .find_map(|k| doc.front.key_lines.get(*k).copied())
                        .unwrap_or(1),
                )
                .help("name a file in templates/ or in the theme's templates/, like `page.html`"))
        };
    }
    if templates.has(default) {
        return Ok(default);
    }
    let d = Diagnostic::error(format!("the theme has no template `{default}`")).help(format!(
        "add templates/{default} to the site or to its theme"
    ));
    Err(match page {
        Some(i) => d.in_file(&site.pages[i].doc.file),
        None => d,
    })
}
