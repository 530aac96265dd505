//! What templates see: serialisable views of the site graph, built once per build and shared by
//! every page render. Field names follow Zola's where they mean the same thing.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use serde::Serialize;

use crate::content::DocKind;
use crate::markdown::headings::TocEntry;
use crate::render::claim_views::{self, CiteView, ClaimMatrix, ClaimView};
use crate::render::link_views;
use crate::site::{Page, Site};
use crate::spill::Body;
pub use link_views::{Link, PageTerms, SectionLink, TaxonomyLink, TermLink, section_link};
use link_views::{link, links_to, named_with, page_term_links, taxonomy_link};

/// Everything about one page, for its own template and for `get_page()`.
#[derive(Clone, Debug, Serialize)]
pub struct PageView {
    pub kind: &'static str,
    pub title: String,
    pub description: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub draft: bool,
    pub weight: Option<i64>,
    /// Root-relative URL (includes the base path).
    pub url: String,
    /// Absolute URL when the base URL names a host, else the same as `url`.
    pub permalink: String,
    /// Path inside `content/`, like `articles/foo.md`.
    pub source: String,
    /// Folder of the section the page belongs to.
    pub section: String,
    pub content: Body,
    pub summary: Arc<str>,
    pub toc: Arc<[TocEntry]>,
    pub word_count: usize,
    pub reading_time: usize,
    pub taxonomies: PageTerms,
    pub backlinks: Vec<Arc<Link>>,
    /// The most related pages, best first.
    pub related: Vec<Arc<Link>>,
    /// Claims this page defines (topic pages), each with the passages that cite it.
    pub claims: Vec<ClaimView>,
    /// Claims this page cites, with the passage of each.
    pub cites: Vec<CiteView>,
    /// Other names of the page's subject (term pages).
    pub also_known_as: Vec<String>,
    /// Classes for the page's article (`cssclasses`).
    pub cssclasses: Vec<String>,
    pub extra: serde_json::Value,
}

/// A page as it appears in a listing: no body, no table of contents.
#[derive(Clone, Debug, Serialize)]
pub struct PageSummary {
    pub title: String,
    pub description: Option<String>,
    pub date: Option<String>,
    pub url: String,
    pub permalink: String,
    pub source: String,
    pub summary: Arc<str>,
    pub reading_time: usize,
    pub taxonomies: PageTerms,
    pub extra: serde_json::Value,
}

/// All views of a site, indexed like `site.pages`. Pages and summaries sit behind `Arc`s, so
/// `weave serve` can swap one page's views without copying the others.
#[derive(Clone)]
pub struct Views {
    pages: PageViews,
    // The rest is shared between the views of successive `weave serve` builds.
    pub sections: Arc<Vec<SectionLink>>,
    pub taxonomies: Arc<Vec<TaxonomyLink>>,
    pub by_source: Arc<HashMap<String, usize>>,
    /// The newest listed pages of the whole site, for the home page.
    pub latest: Vec<usize>,
    pub claim_matrix: Arc<ClaimMatrix>,
    /// For each taxonomy and term: the other terms of that taxonomy its pages name, most
    /// shared first, with how many pages share each.
    pub named_with: Arc<Vec<Vec<Vec<TermLink>>>>,
    /// Each page's versions in the site's other languages (`languages::translations`).
    pub translations: Arc<crate::languages::translations::Translations>,
}

/// Every page's view: held (`weave serve`, which swaps one page's view after an edit), or
/// made when asked for and let go after (a one-off build, which asks once or twice a page:
/// holding them all was 4 KB a page, 0.4 GB at 100,000 articles). Held views share what
/// they can: each page's link, named in other pages' backlinks and related pages, is made
/// once, and a page's summary is made from its view when a listing asks for it (holding
/// them, with a link per mention, was 2.8 KB a page).
#[derive(Clone)]
enum PageViews {
    Held {
        pages: Vec<Arc<PageView>>,
        /// Each page's link: its title and URL.
        links: Arc<Vec<Arc<Link>>>,
    },
    Made {
        site: Arc<Site>,
        terms: Vec<PageTerms>,
        defined: Vec<Vec<ClaimView>>,
        cited: Vec<Vec<CiteView>>,
    },
}

impl Views {
    /// Views holding every page's (`weave serve`).
    pub fn new(site: &Site) -> Views {
        Views::of(site, None)
    }

    /// Views that make a page's when asked (a one-off build).
    pub fn made_on_demand(site: &Arc<Site>) -> Views {
        Views::of(site, Some(Arc::clone(site)))
    }

    /// The view of page `i`.
    pub fn page(&self, i: usize) -> Arc<PageView> {
        self.pages.get(i)
    }

    /// Page `i` as listings show it.
    pub fn summary(&self, i: usize) -> Arc<PageSummary> {
        match &self.pages {
            PageViews::Held { pages, .. } => Arc::new(summary(&pages[i])),
            PageViews::Made { site, terms, .. } => {
                Arc::new(page_summary(site, &site.pages[i], Arc::clone(&terms[i])))
            }
        }
    }

    /// Replaces the view of page `i` (views that hold them).
    pub fn set_page(&mut self, i: usize, view: Arc<PageView>) {
        if let PageViews::Held { pages, .. } = &mut self.pages {
            pages[i] = view;
        }
    }

    /// The links to `pages`, for a list of backlinks or related pages.
    pub fn links_to(&self, site: &Site, pages: &[usize]) -> Vec<Arc<Link>> {
        let table = match &self.pages {
            PageViews::Held { links, .. } => Some(links.as_slice()),
            PageViews::Made { .. } => None,
        };
        links_to(site, table, pages)
    }

    /// The newest listed pages of `site`, as many as the home page shows (`latest`).
    pub fn latest_of(site: &Site) -> Vec<usize> {
        site.newest[..site.newest.len().min(crate::site::LATEST)].to_vec()
    }

    /// Makes page `i`'s link anew, after its title changed (views that hold them).
    pub fn relink(&mut self, site: &Site, i: usize) {
        if let PageViews::Held { links, .. } = &mut self.pages {
            Arc::make_mut(links)[i] = Arc::new(link(site, i));
        }
    }

    fn of(site: &Site, on_demand: Option<Arc<Site>>) -> Views {
        let taxonomies: Vec<TaxonomyLink> = site
            .taxonomies
            .iter()
            .map(|t| taxonomy_link(site, t))
            .collect();
        // Each taxonomy's terms by slug, to find the links of the terms a page names.
        let term_of: Vec<HashMap<&str, usize>> = site
            .taxonomies
            .iter()
            .map(|t| {
                t.terms
                    .iter()
                    .enumerate()
                    .map(|(i, term)| (term.slug.as_str(), i))
                    .collect()
            })
            .collect();
        let page_terms: Vec<PageTerms> = site
            .pages
            .par_iter()
            .map(|page| page_term_links(site, page, &taxonomies, &term_of))
            .collect();
        let claims: Vec<ClaimView> = site
            .claims
            .iter()
            .map(|c| claim_views::claim_view(site, c))
            .collect();
        let (defined, cited) = claim_views::per_page(site, &claims);
        let pages = match on_demand {
            Some(site) => PageViews::Made {
                site,
                terms: page_terms,
                defined,
                cited,
            },
            None => {
                let links: Vec<Arc<Link>> = (0..site.pages.len())
                    .map(|i| Arc::new(link(site, i)))
                    .collect();
                let pages: Vec<Arc<PageView>> = (0..site.pages.len())
                    .into_par_iter()
                    .map(|i| {
                        let view = whole_view(site, i, Some(&links), &page_terms, &defined, &cited);
                        Arc::new(view)
                    })
                    .collect();
                let links = Arc::new(links);
                PageViews::Held { pages, links }
            }
        };
        let sections = site
            .sections
            .iter()
            .map(|s| section_link(site, s))
            .collect();
        let by_source = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.doc.source.clone(), i))
            .collect();
        let latest = Views::latest_of(site);
        let named_with = site
            .taxonomies
            .iter()
            .zip(&taxonomies)
            .map(|(t, l)| named_with(site, t, l))
            .collect();
        Views {
            named_with: Arc::new(named_with),
            claim_matrix: Arc::new(claim_views::matrix(site, &claims)),
            latest,
            pages,
            sections: Arc::new(sections),
            taxonomies: Arc::new(taxonomies),
            by_source: Arc::new(by_source),
            translations: Arc::default(),
        }
    }
}

impl PageViews {
    fn get(&self, i: usize) -> Arc<PageView> {
        match self {
            PageViews::Held { pages, .. } => Arc::clone(&pages[i]),
            PageViews::Made {
                site,
                terms,
                defined,
                cited,
            } => Arc::new(whole_view(site, i, None, terms, defined, cited)),
        }
    }
}

/// Page `i`'s view with the claims it defines and cites.
fn whole_view(
    site: &Site,
    i: usize,
    links: Option<&[Arc<Link>]>,
    terms: &[PageTerms],
    defined: &[Vec<ClaimView>],
    cited: &[Vec<CiteView>],
) -> PageView {
    let mut view = page_view(site, &site.pages[i], links, Arc::clone(&terms[i]));
    view.claims = defined[i].clone();
    view.cites = cited[i].clone();
    view
}

/// A page as listings show it, made from the graph (a one-off build makes each when a
/// listing asks rather than holding all), and the part of its view the two share.
fn page_summary(site: &Site, page: &Page, taxonomies: PageTerms) -> PageSummary {
    let f = &page.doc.front;
    PageSummary {
        title: f.title.clone(),
        description: f.description.clone(),
        date: f.date.as_ref().map(|d| d.text.clone()),
        url: site.url(&page.path),
        permalink: site.permalink(&page.path),
        source: page.doc.source.clone(),
        summary: page.rendered.summary.clone(),
        reading_time: page.rendered.reading_time,
        taxonomies,
        extra: f.extra.clone(),
    }
}

/// Page `page`'s view; its backlinks and related pages from the table of `links` when given.
fn page_view(
    site: &Site,
    page: &Page,
    links: Option<&[Arc<Link>]>,
    taxonomies: PageTerms,
) -> PageView {
    let f = &page.doc.front;
    let s = page_summary(site, page, taxonomies);
    let (kind, section) = match &page.doc.kind {
        DocKind::Home => ("home", String::new()),
        DocKind::Section { dir } => ("section", dir.clone()),
        DocKind::Page { section } => ("page", section.clone()),
        DocKind::Taxonomy { name } => ("taxonomy", name.clone()),
        DocKind::Term { taxonomy } => ("term", taxonomy.clone()),
    };
    PageView {
        kind,
        title: s.title,
        description: s.description,
        date: s.date,
        updated: f.updated_or_changed().map(|d| d.text.clone()),
        draft: f.draft,
        weight: f.weight,
        url: s.url,
        permalink: s.permalink,
        source: s.source,
        section,
        content: page.content(),
        summary: s.summary,
        toc: Arc::clone(&page.rendered.toc),
        word_count: page.rendered.word_count,
        reading_time: s.reading_time,
        taxonomies: s.taxonomies,
        backlinks: links_to(site, links, &page.backlinks),
        related: links_to(site, links, &page.related),
        claims: Vec::new(),
        cites: Vec::new(),
        also_known_as: f.also_known_as.clone(),
        cssclasses: f.cssclasses.clone(),
        extra: s.extra,
    }
}

pub fn summary(p: &PageView) -> PageSummary {
    PageSummary {
        title: p.title.clone(),
        description: p.description.clone(),
        date: p.date.clone(),
        url: p.url.clone(),
        permalink: p.permalink.clone(),
        source: p.source.clone(),
        summary: p.summary.clone(),
        reading_time: p.reading_time,
        taxonomies: p.taxonomies.clone(),
        extra: p.extra.clone(),
    }
}
