//! Which jobs show what, for `weave serve`'s quick path: the listings that show a page's
//! summary, and the jobs that show a page's own view.

use crate::content::DocKind;
use crate::render::Job;
use crate::render::views::Views;
use crate::site::{List, Moved, Site};

/// Every listing job that shows page `i`'s summary, as `gather` puts them: the pager of each
/// section and term that lists it, and every pager of the home page when it is among the
/// newest pages.
pub fn listings_of(site: &Site, views: &Views, i: usize) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (index, s) in site.sections.iter().enumerate() {
        if s.dir.is_empty() && views.latest.contains(&i) {
            let pagers = s.pagination.count(s.pages.len());
            jobs.extend((1..=pagers).map(|pager| Job::Section { index, pager }));
        } else if let Some(k) = s.pages.iter().position(|&p| p == i) {
            let pager = s.pagination.of(k);
            jobs.push(Job::Section { index, pager });
        }
    }
    for (taxonomy, tax) in site.taxonomies.iter().enumerate() {
        for (term, t) in tax.terms.iter().enumerate() {
            if let Some(k) = t.pages.iter().position(|&p| p == i) {
                let pager = tax.pagination.of(k);
                jobs.push(Job::Term {
                    taxonomy,
                    term,
                    pager,
                });
            }
        }
    }
    jobs
}

/// Every job that shows page `j`'s own view: its page, or every pager of the section, taxonomy
/// or term whose text it holds.
pub fn jobs_showing(site: &Site, j: usize) -> Vec<Job> {
    if matches!(site.pages[j].doc.kind, DocKind::Page { .. }) {
        return vec![Job::Page(j)];
    }
    let mut jobs = Vec::new();
    for (index, s) in site.sections.iter().enumerate() {
        if s.page == Some(j) {
            let pagers = s.pagination.count(s.pages.len());
            jobs.extend((1..=pagers).map(|pager| Job::Section { index, pager }));
        }
    }
    for (taxonomy, tax) in site.taxonomies.iter().enumerate() {
        if tax.page == Some(j) {
            jobs.push(Job::Taxonomy(taxonomy));
        }
        for (term, t) in tax.terms.iter().enumerate() {
            if t.page == Some(j) {
                let pagers = tax.pagination.count(t.pages.len());
                jobs.extend((1..=pagers).map(|pager| Job::Term {
                    taxonomy,
                    term,
                    pager,
                }));
            }
        }
    }
    jobs
}

/// Every pager of the home page.
pub fn home_pagers(site: &Site) -> Vec<Job> {
    site.sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.dir.is_empty())
        .flat_map(|(index, s)| {
            (1..=s.pagination.count(s.pages.len())).map(move |pager| Job::Section { index, pager })
        })
        .collect()
}

/// The pagers of the listing a page moved in that show the items it moved across, each of
/// which moved by one.
pub fn pagers_moved(site: &Site, moved: &Moved) -> Vec<Job> {
    let (low, high) = (moved.from.min(moved.to), moved.from.max(moved.to));
    match moved.list {
        List::Section(index) => {
            let pagination = site.sections[index].pagination;
            (pagination.of(low)..=pagination.of(high))
                .map(|pager| Job::Section { index, pager })
                .collect()
        }
        List::Term(taxonomy, term) => {
            let pagination = site.taxonomies[taxonomy].pagination;
            (pagination.of(low)..=pagination.of(high))
                .map(|pager| Job::Term {
                    taxonomy,
                    term,
                    pager,
                })
                .collect()
        }
    }
}
