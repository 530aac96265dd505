//! The site graph: loaded documents become pages with URLs and rendered markdown, grouped into
//! sections and taxonomies, with the links between them checked and inverted into backlinks.
//!
//! `build` is a pure function of the config and the documents; it reads no files and renders
//! no templates. Everything later stages need is here, addressed by page index.

pub mod claims;
pub mod entities;
mod linking;
pub mod markdown_cache;
pub mod order;
pub mod page_markdown;
pub mod pagination;
mod ranks;
pub mod related;
pub mod sections;
pub mod taxonomies;
pub mod urls;

use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{DocKind, Document};
use crate::error::{Diagnostic, Diagnostics};
use crate::markdown::highlight::HighlightCache;
use crate::markdown::note_index::NoteIndex;
use crate::markdown::targets::Targets;
use crate::markdown::{Rendered, links::UrlMap};
use crate::progress::Progress;
use markdown_cache::{MarkdownCache, hash_of};
pub use order::{List, Moved, place_again};
pub use sections::Section;
pub use taxonomies::{Taxonomy, Term};

/// One document, placed and rendered.
#[derive(Clone, Debug)]
pub struct Page {
    pub doc: Arc<Document>,
    /// Relative to the base path, ending in `/` (empty for the home page).
    pub path: Arc<str>,
    /// Shared with the markdown cache.
    pub rendered: Arc<Rendered>,
    /// Pages whose text links to this one (file links, entity mentions, claim marks).
    pub backlinks: Arc<[usize]>,
    /// The most related pages, best first.
    pub related: Arc<[usize]>,
}

#[derive(Clone, Debug)]
pub struct Site {
    pub config: Config,
    /// A persistent vector: `weave serve` changes an edited page while the search thread
    /// still holds the graph before, and a copy then shares every other page.
    pub pages: imbl::Vector<Page>,
    // Shared between the graphs of successive `weave serve` builds that only change text.
    /// Sorted by folder; the first is the home section (folder "").
    pub sections: Arc<Vec<Section>>,
    pub taxonomies: Arc<Vec<Taxonomy>>,
    /// Every claim, in the order the defining pages list them.
    pub claims: Arc<Vec<claims::Claim>>,
    /// What every page's markdown was rendered against.
    pub shape: Arc<page_markdown::Shape>,
    /// The newest listed pages, newest first: as many as the feed or the home page shows.
    /// A text edit keeps them, so `weave serve` need not pick them again.
    pub newest: Arc<Vec<usize>>,
}

/// How many of the newest pages the home page shows (`latest`).
pub const LATEST: usize = 10;

impl Page {
    /// The rendered HTML of the page's markdown.
    pub fn content(&self) -> crate::spill::Body {
        self.rendered.content()
    }

    /// The terms of `taxonomy` the page names: in its front matter, and for the nested
    /// taxonomy (`tags`) also its inline `#tags`.
    pub fn terms(&self, taxonomy: &str) -> impl Iterator<Item = &str> {
        let written = self
            .doc
            .front
            .taxonomies
            .get(taxonomy)
            .into_iter()
            .flatten();
        let inline = (taxonomy == taxonomies::NESTED)
            .then_some(&self.rendered.tags)
            .into_iter()
            .flatten()
            .filter(move |t| {
                !self
                    .doc
                    .front
                    .taxonomies
                    .get(taxonomy)
                    .is_some_and(|w| w.contains(t))
            });
        written.chain(inline).map(String::as_str)
    }
}

impl Site {
    /// Frees the source text of every page no one else holds; nothing reads it once the
    /// markdown is rendered.
    pub fn drop_sources(&mut self) {
        // Twins are made from the texts at the end (`twin`), so those stay; a one-off
        // build holds almost none of them anyway (`content::body`).
        if self.shape.twin_origin.is_some() {
            return;
        }
        // The documents kept for embeds are let go first, or no text could be freed.
        if let Some(shape) = Arc::get_mut(&mut self.shape) {
            shape.targets.docs.clear();
        }
        for page in &mut self.pages {
            if let Some(doc) = Arc::get_mut(&mut page.doc) {
                doc.body = String::new();
            }
        }
    }

    /// Page `i`'s markdown twin, when the site has twins, made from its text when first
    /// asked for. `weave serve` keeps it with the page's rendered markdown (in the spill
    /// beside its HTML, when that was moved there), so the builds that reuse the render reuse
    /// the twin too (`Shape::keep_twins`); a one-off build asks once.
    pub fn twin(&self, i: usize) -> Option<crate::spill::Body> {
        let page = &self.pages[i];
        if let Some(body) = page.rendered.twin_body() {
            return Some(body);
        }
        let url_of = |p: usize| self.url(&self.pages[p].path);
        let text = page_markdown::twin(&self.shape, i, &page.doc, &page.path, url_of)?;
        Some(match self.shape.keep_twins {
            true => page.rendered.keep_twin(text),
            false => crate::spill::Body::Held(text.into()),
        })
    }

    /// Moves every page's plain text out, for the search index to free each once read. In a
    /// one-off build each page's rendered markdown is held by the page alone.
    pub fn take_texts(&mut self) -> Vec<String> {
        self.pages
            .iter_mut()
            .map(|page| match Arc::get_mut(&mut page.rendered) {
                Some(r) => std::mem::take(&mut r.text),
                None => page.rendered.text.clone(),
            })
            .collect()
    }

    /// Root-relative URL of the page made from `file` (a path from the site's folder, like
    /// `content/articles/foo.md`): a section's, taxonomy's or term's page where it is one.
    pub fn url_of_file(&self, file: &std::path::Path) -> Option<String> {
        let i = self.pages.iter().position(|p| p.doc.file == file)?;
        let listing = self
            .sections
            .iter()
            .find(|s| s.page == Some(i))
            .map(|s| &s.path);
        let taxonomy = || {
            self.taxonomies
                .iter()
                .find(|t| t.page == Some(i))
                .map(|t| &t.path)
        };
        let term = || {
            let mut terms = self.taxonomies.iter().flat_map(|t| &t.terms);
            terms.find(|t| t.page == Some(i)).map(|t| &t.path)
        };
        let path = listing.or_else(taxonomy).or_else(term);
        Some(self.url(path.map_or(&*self.pages[i].path, |p| p.as_str())))
    }

    /// Root-relative URL of a site path: `/` + base path + path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_path())
    }

    /// Absolute URL of a site path, for canonical links, feeds and sitemaps; root-relative when
    /// no base URL with a host is configured.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.config.origin(), self.url(path))
    }
}

/// Builds the graph. `cache` holds markdown rendered by earlier builds; pass a fresh one for a
/// one-off build. `highlights` holds code blocks highlighted by earlier builds. Its stages
/// (markdown, linking) show on `progress`.
#[allow(clippy::too_many_arguments)]
pub fn build(
    config: Config,
    mut docs: Vec<Arc<Document>>,
    assets: crate::markdown::local_files::AssetSizes,
    cache: &mut MarkdownCache,
    highlights: Arc<HighlightCache>,
    shortcodes: Arc<crate::render::shortcodes::Shortcodes>,
    elsewhere: &UrlMap,
    progress: &Progress,
) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    sections::promote_folder_notes(&mut docs, &config.taxonomies);
    let mut paths = Vec::with_capacity(docs.len());
    let mut placed = Vec::with_capacity(docs.len());
    for doc in docs {
        match urls::path_of(&doc) {
            Ok(path) => {
                paths.push(path);
                placed.push(doc);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    diagnostics.extend(urls::duplicates(&placed, &paths));

    let base_path = config.base_path();
    let mut url_map: UrlMap = placed
        .iter()
        .zip(&paths)
        .map(|(d, p)| (d.source.clone(), format!("{base_path}{p}")))
        .collect();
    // A translation links to the default language's version of a page it has none of.
    for (source, url) in elsewhere {
        url_map.entry(source.clone()).or_insert_with(|| url.clone());
    }
    let (registry, claim_errors) = claims::define(&placed, &paths);
    diagnostics.extend(claim_errors);
    let entities = entities::collect(&config, &placed, &paths);
    cache.begin(shape(
        &base_path,
        &entities,
        &registry,
        &paths,
        shortcodes.fingerprint,
    ));
    let notes = NoteIndex::new(
        placed
            .iter()
            .map(|d| (d.source.as_str(), d.front.aliases.as_slice())),
        assets.keys().map(String::as_str),
    );
    diagnostics.extend(shared_aliases(&notes, &placed));
    let tags_url = config
        .taxonomies
        .iter()
        .any(|t| t == taxonomies::NESTED)
        .then(|| format!("{base_path}{}/", taxonomies::NESTED));
    let shape = Arc::new(page_markdown::Shape {
        targets: Targets {
            base_path: base_path.clone(),
            urls: url_map,
            assets,
            notes,
            docs: placed
                .iter()
                .map(|d| (d.source.clone(), Arc::clone(d)))
                .collect(),
            tags_url,
            unresolved: config.unresolved_links,
            highlights,
            config: serde_json::to_value(&config).unwrap_or_default(),
            shortcodes: Arc::clone(&shortcodes),
        },
        registry,
        entities,
        search: config.search,
        highlight: config.highlight,
        twin_origin: config.llms.then(|| config.origin().to_string()),
        // A cache kept between builds is serve's.
        keep_twins: !cache.is_off(),
    });
    let markdown = progress.stage("markdown", placed.len());
    let rendered: Vec<page_markdown::PageMarkdown> = placed
        .par_iter()
        .zip(&paths)
        .enumerate()
        .map(|(i, (doc, path))| {
            let url_of = |p: usize| format!("{base_path}{}", paths[p]);
            let mut rendered = page_markdown::render(&shape, i, doc, path, url_of, cache);
            // Only a render just made is held by this page alone; one taken from the cache is
            // shared with it, and was moved to the spill when it was made.
            if let (Some(spill), Some(r)) = (cache.spill(), Arc::get_mut(&mut rendered.rendered)) {
                r.spilled = spill.take(r);
            }
            markdown.add(1);
            rendered
        })
        .collect();
    markdown.end();
    let linking = progress.stage("linking", 0);
    cache.replace(
        placed
            .iter()
            .zip(&rendered)
            .map(|(d, m)| (d.source.clone(), m.key, Arc::clone(&m.rendered))),
    );

    let mut registry = shape.registry.clone();
    let mut pages = Vec::with_capacity(placed.len());
    for (i, ((doc, path), markdown)) in placed.into_iter().zip(paths).zip(rendered).enumerate() {
        let rendered = markdown.rendered;
        diagnostics.extend(rendered.errors.iter().cloned());
        diagnostics.extend(registry.record(
            i,
            &doc,
            &markdown.claim_ids,
            &rendered.cited,
            &rendered.near_misses,
        ));
        pages.push(Page {
            doc,
            path: path.into(),
            rendered,
            backlinks: Arc::from([]),
            related: Arc::from([]),
        });
    }
    diagnostics.extend(registry.uncited(|p| pages[p].doc.file.clone()));
    linking::link_pages(
        &mut pages,
        &registry.claims,
        &shape.entities,
        &config.entity_taxonomy,
        &mut diagnostics,
    );

    let ranks = ranks::Ranks::new(&pages);
    let sections = sections::collect(&pages, &config, &ranks);
    let taxonomies = taxonomies::collect(&pages, &config, &ranks, &mut diagnostics);
    drop(ranks);
    let related = related::compute(&pages, &taxonomies, &registry.claims, config.related_limit);
    for (page, related) in pages.iter_mut().zip(related) {
        page.related = related.into();
    }
    let site = Site {
        newest: Arc::new(order::newest_pages(&pages[..], &config)),
        config,
        pages: pages.into(),
        sections: Arc::new(sections),
        taxonomies: Arc::new(taxonomies),
        claims: Arc::new(registry.claims),
        shape,
    };
    linking.end();
    (site, diagnostics)
}

/// A warning for each other name (`aliases`) that several notes share: a wikilink using it
/// goes to the first of them.
fn shared_aliases(notes: &NoteIndex, docs: &[Arc<Document>]) -> Vec<Diagnostic> {
    notes
        .shared_aliases()
        .into_iter()
        .filter_map(|(alias, sources)| {
            let last = docs.iter().find(|d| Some(&d.source) == sources.last())?;
            let files: Vec<String> = sources.iter().map(|s| format!("content/{s}")).collect();
            Some(
                Diagnostic::warning(format!(
                    "{} all give `{alias}` as another name; `[[{alias}]]` links to the first",
                    files.join(" and ")
                ))
                .in_file(&last.file)
                .at_line(last.front.key_lines.get("aliases").copied().unwrap_or(1))
                .help("keep each alias on one note"),
            )
        })
        .collect()
}

/// Hash of everything besides a file's own text that its rendered markdown depends on, but
/// for the URLs of the files it links to: each render records those (`Rendered::lookups`).
fn shape(
    base_path: &str,
    entities: &entities::Entities,
    registry: &claims::Registry,
    paths: &[String],
    shortcodes: u64,
) -> u64 {
    let claims: Vec<(&str, &str, &str, &str)> = registry
        .claims
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.anchor.as_str(),
                c.title.as_str(),
                paths[c.page].as_str(),
            )
        })
        .collect();
    hash_of((base_path, entities.fingerprint(), claims, shortcodes))
}

/// True for the pages that appear in section and term listings.
pub fn is_listed(kind: &DocKind) -> bool {
    matches!(kind, DocKind::Page { .. })
}
