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
}

/// A page's rendered markdown, the cache key it was found or stored under, and the claims
/// (by index) its citations resolved to.
pub struct PageMarkdown {
    pub key: u64,
    pub rendered: Arc<Rendered>,
    pub claim_ids: Vec<usize>,
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
    let (requests, request_errors) = shape.registry.requests(doc, url_of);
    let (claim_ids, citations): (Vec<usize>, Vec<_>) = requests.into_iter().unzip();
    let own = shape.entities.own(doc, path);
    let mentions = doc.front.entity_links && !shape.entities.mentions.is_empty();
    let reserved = shape.registry.anchors_of(i);
    let body = doc.text();
    let key = if cache.is_off() {
        0
    } else {
        hash_of((
            &body,
            doc.body_line,
            &doc.file,
            &citations,
            mentions,
            own,
            &reserved,
            &request_errors,
            shape.search,
            shape.highlight,
            &shape.twin_origin,
            // A shortcode may show the page's own front matter.
            markdown::shortcodes::may_hold(&body).then(|| {
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
            claim_ids,
        };
    }
    let mut rendered = markdown::render(&markdown::Input {
        source: &doc.source,
        file: &doc.file,
        body: &body,
        body_line: doc.body_line,
        targets: &shape.targets,
        citations: &citations,
        mentions: mentions.then_some((&shape.entities.mentions, own)),
        reserved_ids: &reserved,
        keep_text: shape.search,
        highlight: shape.highlight,
        embedding: &[],
        twin_origin: shape.twin_origin.as_deref(),
    });
    let mut errors = request_errors;
    errors.append(&mut rendered.errors);
    rendered.errors = errors;
    PageMarkdown {
        key,
        rendered: Arc::new(rendered),
        claim_ids,
    }
}
