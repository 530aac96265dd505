//! One page's markdown, rendered against the site's shape: the URL of every file (link
//! rewriting), the claims (citation marks) and the entities (mention links). The full build
//! renders every page through here; `weave serve` keeps the shape and renders one page again
//! when only its text changed.

use std::sync::Arc;

use crate::content::Document;
use crate::markdown::{self, Rendered, targets::Targets};
use crate::site::claims::Registry;
use crate::site::entities::Entities;
use crate::site::markdown_cache::{MarkdownCache, hash_of};

/// What every page's markdown depends on besides its own text.
#[derive(Debug)]
pub struct Shape {
    /// What links, wikilinks and embeds can name: every page's URL, every file, every note by
    /// name.
    pub targets: Targets,
    /// The claims as defined, before any citation is recorded.
    pub registry: Registry,
    pub entities: Entities,
    /// Keep each page's plain text, for the search index.
    pub search: bool,
    pub highlight: bool,
    /// Write each page's markdown twin, with links absolute under this origin (`llms`).
    pub twin_origin: Option<String>,
    /// Keep each twin `twin` makes with the page's rendered markdown (`weave serve`, whose
    /// later builds reuse the render); a one-off build writes each twin once and lets go.
    /// Twins are never made by `render`: a twin is the page's text parsed and written a
    /// second time, a third of the markdown stage, so `weave serve`'s first page comes
    /// sooner without them, and a one-off build, which held each in its spill until the
    /// end, wrote 600 MB more at 100,000 articles.
    pub keep_twins: bool,
}

/// A page's rendered markdown, the cache key it was found or stored under, and the claims
/// (by index) its citations resolved to.
pub struct PageMarkdown {
    pub key: u64,
    pub rendered: Arc<Rendered>,
    pub claim_ids: Vec<usize>,
}

/// What page `i`'s markdown is rendered with besides the shape: its text, the claims its
/// citations ask for, its entities, the ids its headings must leave alone.
struct PageInput<'d> {
    body: std::borrow::Cow<'d, str>,
    claim_ids: Vec<usize>,
    citations: Vec<markdown::citations::CiteRequest>,
    request_errors: Vec<crate::error::Diagnostic>,
    own: Option<usize>,
    mentions: bool,
    reserved: Vec<String>,
}

impl<'d> PageInput<'d> {
    fn new(
        shape: &Shape,
        i: usize,
        doc: &'d Document,
        path: &str,
        url_of: impl Fn(usize) -> String,
    ) -> PageInput<'d> {
        let (requests, request_errors) = shape.registry.requests(doc, url_of);
        let (claim_ids, citations) = requests.into_iter().unzip();
        PageInput {
            body: doc.text(),
            claim_ids,
            citations,
            request_errors,
            own: shape.entities.own(doc, path),
            mentions: doc.front.entity_links && !shape.entities.mentions.is_empty(),
            reserved: shape.registry.anchors_of(i),
        }
    }

    fn markdown<'a>(&'a self, shape: &'a Shape, doc: &'a Document) -> markdown::Input<'a> {
        markdown::Input {
            source: &doc.source,
            file: &doc.file,
            body: &self.body,
            body_line: doc.body_line,
            targets: &shape.targets,
            citations: &self.citations,
            mentions: self
                .mentions
                .then_some((&shape.entities.mentions, self.own)),
            reserved_ids: &self.reserved,
            keep_text: shape.search,
            highlight: shape.highlight,
            embedding: &[],
            twin_origin: shape.twin_origin.as_deref(),
        }
    }
}

/// Renders page `i` (`doc`, published at `path`), or takes it from `cache` when nothing it
/// depends on changed. `url_of` gives any page's root-relative URL.
pub fn render(
    shape: &Shape,
    i: usize,
    doc: &Document,
    path: &str,
    url_of: impl Fn(usize) -> String,
    cache: &MarkdownCache,
) -> PageMarkdown {
    let page = PageInput::new(shape, i, doc, path, url_of);
    let key = if cache.is_off() {
        0
    } else {
        hash_of((
            &page.body,
            doc.body_line,
            &doc.file,
            &page.citations,
            page.mentions,
            page.own,
            &page.reserved,
            &page.request_errors,
            shape.search,
            shape.highlight,
            &shape.twin_origin,
            // A shortcode may show the page's own front matter.
            markdown::shortcodes::may_hold(&page.body).then(|| {
                (
                    &doc.front.title,
                    &doc.front.description,
                    doc.front.date.as_ref().map(|d| &d.text),
                    doc.front.extra.to_string(),
                )
            }),
        ))
    };
    let cached = cache.get(&doc.source, key).filter(|r| {
        r.lookups
            .iter()
            .all(|(key, seen)| shape.targets.still(key, seen))
    });
    if let Some(rendered) = cached {
        return PageMarkdown {
            key,
            rendered,
            claim_ids: page.claim_ids,
        };
    }
    let mut rendered = markdown::render(&page.markdown(shape, doc));
    let PageInput {
        claim_ids,
        mut request_errors,
        ..
    } = page;
    request_errors.append(&mut rendered.errors);
    rendered.errors = request_errors;
    PageMarkdown {
        key,
        rendered: Arc::new(rendered),
        claim_ids,
    }
}

/// Page `i`'s twin, made apart from its HTML (`Shape::keep_twins`). None when the site has
/// no twins.
pub fn twin(
    shape: &Shape,
    i: usize,
    doc: &Document,
    path: &str,
    url_of: impl Fn(usize) -> String,
) -> Option<String> {
    shape.twin_origin.as_ref()?;
    let page = PageInput::new(shape, i, doc, path, url_of);
    markdown::twin_of(&page.markdown(shape, doc))
}
