//! What one page gives the index, read from the site graph rather than parsed back out of the
//! rendered HTML: its URL, its text in runs of equal weight (the title weighs as an `<h1>`,
//! headings by level, as Pagefind weights them in HTML), its title and description as
//! metadata, and the taxonomy terms it belongs to as filters (`topics: motives`), so results
//! can be narrowed to a topic.
//!
//! A heading's words cannot start mid-word: the plain text puts a space before and after each.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;

use crate::content::DocKind;
use crate::site::Site;
use crate::spill::Body;

/// The weight of body text; Pagefind stores weights as 24 times the factor.
pub const BODY: u8 = 1;
/// The title weighs what Pagefind gives an `<h1>`.
const TITLE: u8 = 7;
/// A claim's title is an `<h3>` on its topic page.
const CLAIM_TITLE: u8 = 5;

pub struct Record<'a> {
    pub url: String,
    title: &'a str,
    description: Option<&'a str>,
    /// The body's plain text: the page's own, handed over by a one-off build so that it can
    /// be freed once read (`free_text`), or borrowed from the site graph. Empty until
    /// `load`ed when the build spilled it (`spilled`).
    text: Cow<'a, str>,
    spilled: Option<Body>,
    /// Level and range in `text` of each heading.
    headings: &'a [(u8, Range<usize>)],
    /// What the page shows after its text: the claims it defines, each a heading (its title),
    /// its summary and the quotes that cite it.
    after: Vec<(u8, &'a str)>,
    /// Taxonomy name → the names of its terms the page belongs to.
    pub filters: Filters<'a>,
    /// The language is written without spaces (Chinese, Japanese): words are cut by a
    /// dictionary (`search::segment`).
    pub segmented: bool,
}

/// Taxonomy name → term names, borrowed from the site graph: a record of each page exists
/// while the index is made.
pub type Filters<'a> = BTreeMap<&'a str, Vec<&'a str>>;

impl<'a> Record<'a> {
    /// The page's metadata, field and value in the order of the fields' names (as Pagefind
    /// writes them): its `description` when it has one, and its `title`.
    pub fn meta(&self) -> impl Iterator<Item = (&'static str, &'a str)> + use<'a> {
        let description = self.description.map(|d| ("description", d));
        description
            .into_iter()
            .chain(std::iter::once(("title", self.title)))
    }

    /// The text in order, in runs of one weight factor: the title, the description, then the
    /// body, its headings weighted by level. Runs start and end between words.
    pub fn runs(&self) -> impl Iterator<Item = (u8, &str)> + '_ {
        let mut at = 0;
        let body = self.headings.iter().flat_map(move |(level, span)| {
            let before = (BODY, &self.text[at..span.start]);
            at = span.end;
            [before, (heading_weight(*level), &self.text[span.clone()])]
        });
        let last = self.headings.last().map_or(0, |(_, span)| span.end);
        std::iter::once((TITLE, self.title))
            .chain(self.description.map(|d| (BODY, d)))
            .chain(body)
            .chain(std::iter::once((BODY, &self.text[last..])))
            .chain(self.after.iter().copied())
            .filter(|(_, t)| !t.trim().is_empty())
    }

    /// Reads the body's text back from the build's spill file, when it is there.
    pub fn load(&mut self) -> std::io::Result<()> {
        if let Some(body) = &self.spilled
            && self.text.is_empty()
        {
            self.text = Cow::Owned(body.read()?.into_owned());
        }
        Ok(())
    }

    /// Lets go of a text `load` read, to be read again later.
    pub fn unload(&mut self) {
        if self.spilled.is_some() {
            self.text = Cow::Owned(String::new());
        }
    }

    /// Frees the body's text, once read, if the record holds it; with `release`, its bytes
    /// in the spill file go back too (`Body::release`), for a build in which nothing reads
    /// them after the index.
    pub fn free_text(&mut self, release: bool) {
        if let Cow::Owned(text) = &mut self.text {
            *text = String::new();
            self.headings = &[];
            if let Some(body) = self.spilled.take()
                && release
            {
                body.release();
            }
            // Nothing else of the record is read again but its filters.
            self.url = String::new();
            self.after = Vec::new();
        }
    }
}

/// The record of every page the index holds, in index order. `texts`, when given, are the
/// pages' plain texts (by page), for the records to hold.
pub fn all(site: &Site, texts: Option<Vec<String>>) -> Vec<Record<'_>> {
    let mut filters = filters_by_page(site);
    let mut texts = texts.map(|t| t.into_iter().map(Some).collect::<Vec<_>>());
    let inputs: Vec<_> = indexed_pages(site)
        .into_iter()
        .map(|i| {
            let text = texts.as_mut().and_then(|t| t[i].take());
            (i, text, std::mem::take(&mut filters[i]))
        })
        .collect();
    inputs
        .into_par_iter()
        .map(|(i, text, filters)| of_page(site, i, text, filters))
        .collect()
}

/// The pages the index holds, in index order: every page with text of its own but the home
/// page, which is a map of the others.
pub fn indexed_pages(site: &Site) -> Vec<usize> {
    (0..site.pages.len())
        .filter(|&i| !matches!(site.pages[i].doc.kind, DocKind::Home))
        .collect()
}

/// Filters of every page: taxonomy name → term names, by page index.
pub fn filters_by_page(site: &Site) -> Vec<Filters<'_>> {
    let mut filters = vec![Filters::new(); site.pages.len()];
    for taxonomy in site.taxonomies.iter() {
        for term in &taxonomy.terms {
            // A term's own page belongs to it too: the motives page is found under motives.
            for &p in term.pages.iter().chain(&term.page) {
                let names = filters[p].entry(taxonomy.name.as_str()).or_default();
                if !names.contains(&term.name.as_str()) {
                    names.push(term.name.as_str());
                }
            }
        }
    }
    filters
}

/// The record of page `i`, holding `text` when given (else borrowing the page's).
pub fn of_page<'a>(
    site: &'a Site,
    i: usize,
    text: Option<String>,
    filters: Filters<'a>,
) -> Record<'a> {
    let page = &site.pages[i];
    let front = &page.doc.front;
    let description = front
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty());
    let mut after = Vec::new();
    for claim in site.claims.iter().filter(|c| c.page == i) {
        after.push((CLAIM_TITLE, claim.title.as_str()));
        after.push((BODY, claim.summary.as_str()));
        after.extend(claim.citations.iter().map(|c| (BODY, c.quote.as_str())));
    }
    Record {
        url: site.url(&page.path),
        title: &front.title,
        description,
        after,
        text: match text {
            Some(t) => Cow::Owned(t),
            None if page.rendered.spilled.is_some() => Cow::Owned(String::new()),
            None => Cow::Borrowed(&page.rendered.text),
        },
        spilled: page.rendered.spilled.as_ref().map(|s| s.text()),
        headings: &page.rendered.text_headings,
        filters,
        segmented: crate::languages::needs_segmenting(&site.config.language),
    }
}

/// `<h1>` 7 down to `<h6>` 2, as Pagefind weights headings.
fn heading_weight(level: u8) -> u8 {
    8u8.saturating_sub(level).max(2)
}

#[cfg(test)]
impl Record<'_> {
    /// Whether the record holds a text read back from the spill file.
    pub fn holds_spilled_text(&self) -> bool {
        self.spilled.is_some() && !self.text.is_empty()
    }
}
