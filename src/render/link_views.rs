//! The links views hold: to a page, a section, a taxonomy and its terms, and the terms each
//! page names; made once per build and shared, behind `Arc`s, by every view that shows them.

use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;

use crate::site::{Page, Section, Site, Taxonomy};

#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct TermLink {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub count: usize,
    /// The term page's description, when it has a content file with one.
    pub description: Option<String>,
}

/// The terms a page names, by taxonomy; shared by its view and its summary, and each link
/// with its taxonomy's list.
pub type PageTerms = Arc<IndexMap<String, Vec<Arc<TermLink>>>>;

#[derive(Clone, Debug, Serialize)]
pub struct SectionLink {
    pub title: String,
    pub dir: String,
    pub url: String,
    pub page_count: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct TaxonomyLink {
    pub name: String,
    pub title: String,
    pub url: String,
    pub terms: Vec<Arc<TermLink>>,
}

/// How many co-occurring terms a term page lists.
const NAMED_WITH: usize = 30;

/// The links of the terms a page names, per taxonomy in the site's order, each taxonomy's
/// terms in the order the front matter writes them.
pub fn page_term_links(
    site: &Site,
    page: &Page,
    links: &[TaxonomyLink],
    term_of: &[HashMap<&str, usize>],
) -> PageTerms {
    let mut terms = IndexMap::new();
    for ((tax, link), by_slug) in site.taxonomies.iter().zip(links).zip(term_of) {
        let mut named: Vec<usize> = Vec::new();
        for name in page.terms(&tax.name) {
            let slug = crate::site::taxonomies::term_slug(&tax.name, name);
            if let Some(&t) = by_slug.get(slug.as_str())
                && !named.contains(&t)
            {
                named.push(t);
            }
        }
        if !named.is_empty() {
            terms.insert(
                tax.name.clone(),
                named.iter().map(|&t| Arc::clone(&link.terms[t])).collect(),
            );
        }
    }
    Arc::new(terms)
}

/// Co-occurrence of the terms of one taxonomy, counted over the pages each term lists.
///
/// The terms of each page are kept in one array (a page's from `starts[p]` to `starts[p +
/// 1]`), and each term counts the others in an array of its own, in parallel: a vector per
/// page and a hash map per term, read at random, took 230 ms at 200,000 articles, 37 times
/// what a twentieth of the pages took.
pub fn named_with(site: &Site, tax: &Taxonomy, link: &TaxonomyLink) -> Vec<Vec<TermLink>> {
    let mut starts = vec![0u32; site.pages.len() + 1];
    for term in &tax.terms {
        for &p in term.pages.iter() {
            starts[p + 1] += 1;
        }
    }
    for p in 0..site.pages.len() {
        starts[p + 1] += starts[p];
    }
    let mut terms_of_page = vec![0u32; starts[site.pages.len()] as usize];
    let mut filled = starts.clone();
    for (i, term) in tax.terms.iter().enumerate() {
        for &p in term.pages.iter() {
            terms_of_page[filled[p] as usize] = i as u32;
            filled[p] += 1;
        }
    }
    (tax.terms.par_iter().enumerate())
        .map(|(i, term)| {
            let mut counts = vec![0usize; tax.terms.len()];
            for &p in term.pages.iter() {
                let of_page = &terms_of_page[starts[p] as usize..starts[p + 1] as usize];
                for &other in of_page {
                    counts[other as usize] += 1;
                }
            }
            counts[i] = 0;
            let mut shared: Vec<(usize, usize)> = (counts.into_iter().enumerate())
                .filter(|&(_, count)| count > 0)
                .collect();
            shared.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            shared
                .into_iter()
                .take(NAMED_WITH)
                .map(|(o, count)| TermLink {
                    count,
                    ..(*link.terms[o]).clone()
                })
                .collect()
        })
        .collect()
}

/// The links to `pages`: shared from `table` when given, else made.
pub fn links_to(site: &Site, table: Option<&[Arc<Link>]>, pages: &[usize]) -> Vec<Arc<Link>> {
    pages
        .iter()
        .map(|&i| match table {
            Some(table) => Arc::clone(&table[i]),
            None => Arc::new(link(site, i)),
        })
        .collect()
}

/// Page `i`'s title and URL.
pub fn link(site: &Site, i: usize) -> Link {
    Link {
        title: site.pages[i].doc.front.title.clone(),
        url: site.url(&site.pages[i].path),
    }
}

pub fn section_link(site: &Site, s: &Section) -> SectionLink {
    SectionLink {
        title: s.title.clone(),
        dir: s.dir.clone(),
        url: site.url(&s.path),
        page_count: s.pages.len(),
    }
}

pub fn taxonomy_link(site: &Site, t: &Taxonomy) -> TaxonomyLink {
    TaxonomyLink {
        name: t.name.clone(),
        title: t.title.clone(),
        url: site.url(&t.path),
        terms: t
            .terms
            .iter()
            .map(|term| {
                Arc::new(TermLink {
                    name: term.name.clone(),
                    slug: term.slug.clone(),
                    url: site.url(&term.path),
                    count: term.pages.len(),
                    description: term
                        .page
                        .and_then(|p| site.pages[p].doc.front.description.clone()),
                })
            })
            .collect(),
    }
}
