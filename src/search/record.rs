//! What one page gives the index, read from the site graph rather than parsed back out of the
//! rendered HTML: its URL, its text in runs of equal weight (the title weighs as an `<h1>`,
//! headings by level, as Pagefind weights them in HTML), its title and description as
//! metadata, and the taxonomy terms it belongs to as filters (`topics: motives`), so results
//! can be narrowed to a topic.

use std::collections::BTreeMap;

use crate::content::DocKind;
use crate::site::Site;

/// The weight of body text; Pagefind stores weights as 24 times the factor.
pub const BODY: u8 = 1;
/// The title weighs what Pagefind gives an `<h1>`.
const TITLE: u8 = 7;

pub struct Record<'a> {
    pub url: String,
    /// The text in order: (weight factor, text). Runs start and end between words.
    pub runs: Vec<(u8, &'a str)>,
    /// `title`, and `description` when the page has one.
    pub meta: BTreeMap<String, String>,
    /// Taxonomy name → the names of its terms the page belongs to.
    pub filters: BTreeMap<String, Vec<String>>,
}

/// The pages the index holds, in index order: every page with text of its own but the home
/// page, which is a map of the others.
pub fn indexed_pages(site: &Site) -> Vec<usize> {
    (0..site.pages.len())
        .filter(|&i| !matches!(site.pages[i].doc.kind, DocKind::Home))
        .collect()
}

/// Filters of every page: taxonomy name → term names, by page index.
pub fn filters_by_page(site: &Site) -> Vec<BTreeMap<String, Vec<String>>> {
    let mut filters = vec![BTreeMap::<String, Vec<String>>::new(); site.pages.len()];
    for taxonomy in site.taxonomies.iter() {
        for term in &taxonomy.terms {
            // A term's own page belongs to it too: the motives page is found under motives.
            for &p in term.pages.iter().chain(&term.page) {
                let names = filters[p].entry(taxonomy.name.clone()).or_default();
                if !names.contains(&term.name) {
                    names.push(term.name.clone());
                }
            }
        }
    }
    filters
}

/// The record of page `i`.
pub fn of_page<'a>(site: &'a Site, i: usize, filters: BTreeMap<String, Vec<String>>) -> Record<'a> {
    let page = &site.pages[i];
    let front = &page.doc.front;
    let mut runs = vec![(TITLE, front.title.as_str())];
    let mut meta = BTreeMap::from([("title".to_string(), front.title.clone())]);
    if let Some(d) = front
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        runs.push((BODY, d));
        meta.insert("description".into(), d.to_string());
    }
    let text = page.rendered.text.as_str();
    let mut at = 0;
    for (level, span) in &page.rendered.text_headings {
        runs.push((BODY, &text[at..span.start]));
        runs.push((heading_weight(*level), &text[span.clone()]));
        at = span.end;
    }
    runs.push((BODY, &text[at..]));
    runs.retain(|(_, t)| !t.trim().is_empty());
    Record {
        url: site.url(&page.path),
        runs,
        meta,
        filters,
    }
}

/// `<h1>` 7 down to `<h6>` 2, as Pagefind weights headings.
fn heading_weight(level: u8) -> u8 {
    8u8.saturating_sub(level).max(2)
}
