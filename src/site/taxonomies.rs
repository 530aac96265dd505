//! Taxonomies: the terms pages name in front matter (`topics: [motives]`), each with the pages
//! that name it. A term is identified by its slug, so "Open Source" and "open-source" are one
//! term. A file `content/<taxonomy>/<slug>.md` is that term's own page: its title becomes the
//! term's name and its body the term page's text, and it makes the term exist even when no
//! page names it yet.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{DocKind, SortBy};
use crate::error::{Diagnostic, Diagnostics};
use crate::site::Page;
use crate::site::ranks::Ranks;
use crate::slug::{capitalise, slugify};
use rayon::prelude::*;

/// The taxonomy whose terms nest (`parent/child`, Obsidian's nested tags), and which inline
/// `#tags` in the text name.
pub const NESTED: &str = "tags";

#[derive(Clone, Debug)]
pub struct Taxonomy {
    pub name: String,
    pub path: String,
    /// The taxonomy's `_index.md`, when there is one.
    pub page: Option<usize>,
    pub title: String,
    /// Sorted by name, case-insensitively.
    pub terms: Vec<Term>,
    pub pagination: super::pagination::Pagination,
}

#[derive(Clone, Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    /// The term's own content file, when there is one.
    pub page: Option<usize>,
    /// Pages naming the term, newest first.
    pub pages: Arc<Vec<usize>>,
}

pub fn collect(
    pages: &[Page],
    config: &Config,
    ranks: &Ranks,
    diagnostics: &mut Diagnostics,
) -> Vec<Taxonomy> {
    config
        .taxonomies
        .iter()
        .map(|name| collect_one(name, pages, config, ranks, diagnostics))
        .collect()
}

fn collect_one(
    name: &str,
    pages: &[Page],
    config: &Config,
    ranks: &Ranks,
    diagnostics: &mut Diagnostics,
) -> Taxonomy {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    let mut index = None;
    for (i, page) in pages.iter().enumerate() {
        match &page.doc.kind {
            DocKind::Taxonomy { name: n } if n == name => index = Some(i),
            DocKind::Term { taxonomy } if taxonomy == name => {
                // The term page's URL segment is its slug: `content/topics/motives.md` is the
                // page of the term whose slug is `motives`.
                let slug = page
                    .path
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string();
                let term = terms
                    .entry(slug.clone())
                    .or_insert_with(|| new_term(name, &slug, &page.doc.front.title));
                term.name = page.doc.front.title.clone();
                term.page = Some(i);
            }
            _ => {}
        }
    }
    // Each page's terms and their slugs, in parallel: three quarters of this taxonomy's
    // making at 200,000 articles (ten terms a page), when made in the loop below.
    let named: Vec<Vec<(String, String)>> = (pages.par_iter())
        .map(|page| {
            let terms = member_terms(page, name).into_iter();
            terms.map(|term| (term_slug(name, &term), term)).collect()
        })
        .collect();
    for (i, (page, named)) in pages.iter().zip(named).enumerate() {
        for (slug, term_name) in named {
            let term_name = term_name.as_str();
            if slug.is_empty() {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "{name} term `{term_name}` has no letters or digits"
                    ))
                    .in_file(&page.doc.file)
                    .at_line(page.doc.front.key_lines.get(name).copied().unwrap_or(1))
                    .help("name terms with words, like `open source`"),
                );
                continue;
            }
            let term = terms
                .entry(slug)
                .or_insert_with_key(|slug| new_term(name, slug, term_name));
            // Pages come in order, so a term named twice by one page has it last.
            if term.pages.last() != Some(&i) {
                Arc::make_mut(&mut term.pages).push(i);
            }
        }
    }
    let mut terms: Vec<Term> = terms.into_values().collect();
    for term in &mut terms {
        ranks.sort(Arc::make_mut(&mut term.pages).as_mut_slice(), SortBy::Date);
    }
    // Terms whose page sets a `weight` come first, lightest first; the rest by name.
    let weight = |t: &Term| {
        t.page
            .and_then(|p| pages[p].doc.front.weight)
            .unwrap_or(i64::MAX)
    };
    terms.sort_by(|a, b| {
        weight(a)
            .cmp(&weight(b))
            .then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then(a.slug.cmp(&b.slug))
    });
    let front = index.map(|i| &pages[i].doc.front);
    Taxonomy {
        name: name.to_string(),
        path: format!("{name}/"),
        page: index,
        title: front.map_or_else(|| capitalise(name), |f| f.title.clone()),
        terms,
        pagination: super::pagination::Pagination::for_listing(
            front.and_then(|f| f.paginate_by),
            config,
        ),
    }
}

/// A term's slug: its name's, or for a nested taxonomy each level's (`Parent/Child` gives
/// `parent/child`), so each level has a page of its own.
pub fn term_slug(taxonomy: &str, name: &str) -> String {
    if taxonomy == NESTED && name.contains('/') {
        name.split('/')
            .map(slugify)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("/")
    } else {
        slugify(name)
    }
}

/// The terms of `taxonomy` a page is listed under: those it names (in front matter, and for
/// the nested taxonomy its inline `#tags`), and, in the nested taxonomy, each one's parents.
fn member_terms(page: &Page, taxonomy: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for name in page.terms(taxonomy) {
        if taxonomy == NESTED {
            let mut parent = String::new();
            for level in name.split('/').filter(|l| !l.is_empty()) {
                if !parent.is_empty() {
                    parent.push('/');
                }
                parent.push_str(level);
                if !terms.contains(&parent) {
                    terms.push(parent.clone());
                }
            }
        } else if !terms.iter().any(|t| t == name) {
            terms.push(name.to_string());
        }
    }
    terms
}

fn new_term(taxonomy: &str, slug: &str, name: &str) -> Term {
    Term {
        name: name.to_string(),
        slug: slug.to_string(),
        path: format!("{taxonomy}/{slug}/"),
        page: None,
        pages: Arc::default(),
    }
}
