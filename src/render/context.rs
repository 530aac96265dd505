//! The tera context of each job, and the functions templates can call.
//!
//! Every template gets `config`, `sections`, `taxonomies`, `base_path` and `current_url`; then
//! `page` (page.html), `section` and `paginator` (index.html, section.html; index.html also
//! gets `latest`, the newest pages of the whole site), `taxonomy`
//! (taxonomy.html), or `term`, `taxonomy` and `paginator` (term.html).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Value};

use crate::publish::assets::AssetNames;
use crate::render::views::{PageSummary, Views};
use crate::render::{Job, pager_path};
use crate::site::Site;
use crate::site::pagination::Pagination;

#[derive(Serialize)]
pub struct Paginator {
    current_index: usize,
    number_pagers: usize,
    total_items: usize,
    /// A page past the listing's first pages: its items are listed by title and date alone.
    compact: bool,
    first: String,
    last: String,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<Listed>,
}

/// One item of a listing page. On a compact page it is listed by title and date, so it
/// carries the summary's short fields but not its text or its terms: at 100,000 articles a
/// compact page's thousand items with ten terms each were most of what listings cost.
struct Listed {
    summary: Arc<PageSummary>,
    compact: bool,
}

impl Serialize for Listed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let p = &*self.summary;
        if !self.compact {
            return p.serialize(s);
        }
        let mut out = s.serialize_struct("PageSummary", 8)?;
        out.serialize_field("title", &p.title)?;
        out.serialize_field("description", &p.description)?;
        out.serialize_field("date", &p.date)?;
        out.serialize_field("url", &p.url)?;
        out.serialize_field("permalink", &p.permalink)?;
        out.serialize_field("source", &p.source)?;
        out.serialize_field("reading_time", &p.reading_time)?;
        out.serialize_field("extra", &p.extra)?;
        out.end()
    }
}

/// A listing (section or term): its own page's text, and the other parts templates show.
#[derive(Serialize)]
pub struct Listing<'a> {
    title: &'a str,
    name: &'a str,
    slug: &'a str,
    url: String,
    permalink: String,
    description: Option<String>,
    content: crate::spill::Body,
    toc: Arc<[crate::markdown::headings::TocEntry]>,
    extra: Value,
    page_count: usize,
    pub subsections: Vec<crate::render::views::SectionLink>,
    backlinks: Vec<Arc<crate::render::views::Link>>,
    /// Terms of the same taxonomy that the term's pages also name, most shared first.
    pub related_terms: Vec<crate::render::views::TermLink>,
    /// Other names of a term (`also_known_as` on its page).
    also_known_as: Vec<String>,
    /// Claims the listing's own page defines (a topic page's claims).
    claims: Vec<crate::render::claim_views::ClaimView>,
    /// A taxonomy's terms, with counts; empty for sections and terms.
    pub terms: &'a [Arc<crate::render::views::TermLink>],
}

/// The parts of the context that are the same for every page.
pub fn shared(site: &Site, views: &Views) -> Context {
    let mut ctx = Context::new();
    ctx.insert("config", &site.config);
    ctx.insert("sections", &views.sections);
    ctx.insert("taxonomies", &views.taxonomies);
    ctx.insert("base_path", &site.config.base_path());
    ctx.insert("claim_matrix", &views.claim_matrix);
    ctx
}

pub fn register_functions(
    tera: &mut tera::Tera,
    site: &Site,
    views: &Arc<Views>,
    assets: &AssetNames,
) {
    let v = Arc::clone(views);
    tera.register_function("get_page", move |args: &HashMap<String, Value>| {
        let path = string_arg(args, "path", "get_page")?;
        let i = v.by_source.get(path.trim_start_matches('/')).ok_or_else(|| {
            tera::Error::msg(format!("get_page: no content file `{path}`; give a path inside content/, like `articles/foo.md`"))
        })?;
        tera::to_value(&*v.page(*i)).map_err(tera::Error::from)
    });
    let v = Arc::clone(views);
    tera.register_function("get_section", move |args: &HashMap<String, Value>| {
        let dir = string_arg(args, "path", "get_section")?;
        let dir = dir
            .trim_matches('/')
            .trim_end_matches("_index.md")
            .trim_end_matches('/');
        let s = v.sections.iter().find(|s| s.dir == dir).ok_or_else(|| {
            tera::Error::msg(format!(
                "get_section: no section `{dir}`; give a folder inside content/, like `articles`"
            ))
        })?;
        tera::to_value(s).map_err(tera::Error::from)
    });
    let base_path = site.config.base_path();
    let names = assets.hashed.clone();
    // The theme's files are the whole site's, at its root whatever the page's language.
    let base = site.config.site_base_path();
    tera.register_function("asset_url", move |args: &HashMap<String, Value>| {
        let path = string_arg(args, "path", "asset_url")?;
        let path = path.trim_start_matches('/');
        let name = names.get(path).map_or(path, String::as_str);
        Ok(Value::String(format!("{base}{name}")))
    });
    tera.register_function("get_url", move |args: &HashMap<String, Value>| {
        let path = string_arg(args, "path", "get_url")?;
        Ok(Value::String(format!(
            "{base_path}{}",
            path.trim_start_matches('/')
        )))
    });
}

fn string_arg(args: &HashMap<String, Value>, name: &str, function: &str) -> tera::Result<String> {
    match args.get(name) {
        Some(Value::String(s)) => Ok(s.clone()),
        _ => Err(tera::Error::msg(format!(
            "{function} needs a text argument `{name}`"
        ))),
    }
}

pub fn listing<'a>(
    site: &Site,
    views: &'a Views,
    page: Option<usize>,
    title: &'a str,
    name: &'a str,
    path: &str,
    count: usize,
) -> Listing<'a> {
    let view = page.map(|i| views.page(i));
    let view = view.as_deref();
    Listing {
        title,
        name,
        slug: name,
        url: site.url(path),
        permalink: site.permalink(path),
        description: view.and_then(|v| v.description.clone()),
        content: view.map_or_else(crate::spill::Body::empty, |v| v.content.clone()),
        toc: view.map_or_else(Arc::default, |v| Arc::clone(&v.toc)),
        extra: view.map_or(Value::Null, |v| v.extra.clone()),
        page_count: count,
        subsections: Vec::new(),
        backlinks: view.map_or_else(Vec::new, |v| v.backlinks.clone()),
        terms: &[],
        claims: view.map_or_else(Vec::new, |v| v.claims.clone()),
        also_known_as: view.map_or_else(Vec::new, |v| v.also_known_as.clone()),
        related_terms: Vec::new(),
    }
}

/// What the page says about itself to crawlers and link previews (canonical URL, description,
/// Open Graph): its own front matter where it has one, the site's defaults otherwise.
#[derive(Serialize)]
pub struct Meta {
    title: String,
    description: String,
    /// Absolute when `base_url` names a host.
    canonical: String,
    /// Open Graph type: `article` for pages, `website` for everything else.
    kind: &'static str,
    /// schema.org JSON-LD (`render/structured_data.rs`), for pages that describe something.
    structured_data: Option<String>,
    /// The page's markdown twin, for agents (`publish::llms`), root-relative.
    markdown: Option<String>,
    /// The link preview's image (`publish::social`), absolute when the site has a host.
    image: Option<String>,
    image_alt: Option<String>,
    /// The image was drawn by weave: its size is known.
    image_drawn: bool,
}

pub fn meta(site: &Site, views: &Views, job: Job, page: Option<usize>, path: &str) -> Meta {
    let front = page.map(|i| &site.pages[i].doc.front);
    let title = front
        .map_or(job.subject(site).title, |f| &f.title)
        .to_string();
    let preview = crate::publish::social::preview(site, views, job, page);
    Meta {
        title,
        description: front
            .and_then(|f| f.description.clone())
            .unwrap_or_else(|| site.config.description.clone()),
        canonical: site.permalink(path),
        kind: if matches!(job, Job::Page(_)) {
            "article"
        } else {
            "website"
        },
        structured_data: crate::render::structured_data::of(site, views, job, page),
        markdown: crate::publish::llms::twin_path(site, job).map(|p| site.url(&p)),
        image_drawn: preview.as_ref().is_some_and(|p| p.drawn),
        image_alt: preview.as_ref().map(|p| p.alt.clone()),
        image: preview.map(|p| p.url),
    }
}

pub fn paginator(
    site: &Site,
    views: &Views,
    path: &str,
    items: &[usize],
    pagination: Pagination,
    pager: usize,
) -> Paginator {
    let count = pagination.count(items.len());
    let (range, compact) = pagination.items(pager, items.len());
    let slice = &items[range];
    let url = |k: usize| site.url(&pager_path(path, k));
    Paginator {
        current_index: pager,
        number_pagers: count,
        total_items: items.len(),
        compact,
        first: url(1),
        last: url(count),
        previous: (pager > 1).then(|| url(pager - 1)),
        next: (pager < count).then(|| url(pager + 1)),
        pages: (slice.iter())
            .map(|&i| Listed {
                summary: views.summary(i),
                compact,
            })
            .collect(),
    }
}
