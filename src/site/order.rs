//! The order of pages in listings, whether a page keeps its place when its title changes
//! (titles break ties, so a new title can move a page among others of the same date), and
//! putting a page that did not back in its place.

use std::cmp::{Ordering, Reverse};
use std::sync::Arc;

use crate::config::Config;
use crate::content::{Document, SortBy};
use crate::site::{LATEST, Page, Site, is_listed};

type Instant = chrono::DateTime<chrono::FixedOffset>;

/// Pages by number: the slice a graph is made from, or a graph's own (a persistent vector,
/// which `weave serve` changes in place while another thread holds the graph before).
pub trait Pages: std::ops::Index<usize, Output = Page> {
    fn count(&self) -> usize;
}

impl Pages for [Page] {
    fn count(&self) -> usize {
        self.len()
    }
}

impl Pages for imbl::Vector<Page> {
    fn count(&self) -> usize {
        self.len()
    }
}

/// The order of listings: by `by`, then title regardless of case, then source path.
fn page_order<P: Pages + ?Sized>(
    pages: &P,
    by: SortBy,
) -> impl Fn(&usize, &usize) -> Ordering + '_ {
    move |a, b| compare(&pages[*a].doc, &pages[*b].doc, by)
}

/// Orders pages for listings: by date (newest first), weight (lightest first) or title; ties
/// fall back to title and then source path, so the order never depends on the file system.
/// (A whole graph's listings are sorted by `Ranks`, which gives this order.)
pub(super) fn compare(a: &Document, b: &Document, by: SortBy) -> Ordering {
    let primary = match by {
        SortBy::Date => match (&a.front.date, &b.front.date) {
            (Some(x), Some(y)) => y.instant.cmp(&x.instant),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        SortBy::Weight => match (a.front.weight, b.front.weight) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        SortBy::Title => Ordering::Equal,
    };
    primary
        .then_with(|| lowercase_cmp(&a.front.title, &b.front.title))
        .then_with(|| a.source.cmp(&b.source))
}

/// The first `n` of `list` in the order of `compare`, without sorting the rest.
fn first_pages(pages: &(impl Pages + ?Sized), list: &mut Vec<usize>, by: SortBy, n: usize) {
    let order = page_order(pages, by);
    if list.len() > n {
        if n > 0 {
            list.select_nth_unstable_by(n - 1, &order);
        }
        list.truncate(n);
    }
    list.sort_by(order);
}

/// Compares as `a.to_lowercase().cmp(&b.to_lowercase())` does, without allocating for ASCII.
fn lowercase_cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        a.to_lowercase().cmp(&b.to_lowercase())
    }
}

/// True when page `i` of `site`, its title just changed, still sits where it stood in every
/// listing: between the same neighbours in each section and term that lists it, and on the
/// same side of the cut among the site's newest pages. False when that cannot be told
/// cheaply (the page is the last of the newest, where a page outside might now come first).
fn keeps_place(site: &Site, i: usize) -> bool {
    let pages = &site.pages;
    let between = |list: &[usize], by: SortBy| -> bool {
        let Some(k) = list.iter().position(|&p| p == i) else {
            return true;
        };
        let order = page_order(pages, by);
        (k == 0 || order(&list[k - 1], &i) == Ordering::Less)
            && (k + 1 == list.len() || order(&i, &list[k + 1]) == Ordering::Less)
    };
    let sections = site.sections.iter().all(|s| between(&s.pages, s.sort_by));
    let terms = site
        .taxonomies
        .iter()
        .flat_map(|t| &t.terms)
        .all(|t| between(&t.pages, SortBy::Date));
    let newest = &site.newest;
    let every_page = newest.len() < site.config.feed_limit.max(LATEST);
    let cut = match newest.iter().position(|&p| p == i) {
        // The list holds every listed page, or `i` is not its last: the neighbours decide.
        Some(k) => every_page || k + 1 < newest.len(),
        None => newest
            .last()
            .is_none_or(|&last| page_order(pages, SortBy::Date)(&last, &i) == Ordering::Less),
    };
    sections && terms && cut && between(newest, SortBy::Date)
}

/// A listing that names pages in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Section(usize),
    /// A taxonomy's term, by taxonomy and term.
    Term(usize, usize),
}

/// A page that moved in a listing: every item from `from` to `to` (either way) moved by one.
#[derive(Clone, Copy, Debug)]
pub struct Moved {
    pub list: List,
    pub from: usize,
    pub to: usize,
}

/// Puts the pages of `retitled`, whose titles just changed (already in `site.pages`), where a
/// full build would: in each section and term that lists them and among the site's newest.
/// Returns what moved in the listings; the newest are `site.newest` after. Lists nothing
/// moved and changes nothing when every page keeps its place.
pub fn place_again(site: &mut Site, retitled: &[usize]) -> Vec<Moved> {
    if retitled.iter().all(|&i| keeps_place(site, i)) {
        return Vec::new();
    }
    let mut moved = Vec::new();
    let pages = &site.pages;
    for (index, section) in Arc::make_mut(&mut site.sections).iter_mut().enumerate() {
        let list = List::Section(index);
        moved.extend(reinsert(
            pages,
            &mut section.pages,
            section.sort_by,
            retitled,
            list,
        ));
    }
    for (t, taxonomy) in Arc::make_mut(&mut site.taxonomies).iter_mut().enumerate() {
        for (term, entry) in taxonomy.terms.iter_mut().enumerate() {
            let list = List::Term(t, term);
            moved.extend(reinsert(
                pages,
                &mut entry.pages,
                SortBy::Date,
                retitled,
                list,
            ));
        }
    }
    let newest = newest_again(site, retitled);
    site.newest = Arc::new(newest.unwrap_or_else(|| newest_pages(&site.pages, &site.config)));
    moved
}

/// The newest pages after the titles of `retitled` changed (already in `site.pages`), from
/// the newest before: the others keep their order, so each retitled page is put back among
/// them. None when that cannot tell the list (a page that falls past the last of the others
/// may have pages after it that the list before cut off): `newest_pages` orders them all
/// again, 20 to 30 ms at 100,000 articles, most of a title edit that moves its page.
fn newest_again(site: &Site, retitled: &[usize]) -> Option<Vec<usize>> {
    let n = site.config.feed_limit.max(LATEST);
    let before = &site.newest;
    // The list before holds every listed page when it is shorter than the cut.
    let every_page = before.len() < n;
    let mut list: Vec<usize> = (before.iter().copied())
        .filter(|p| !retitled.contains(p))
        .collect();
    let last_kept = list.last().copied();
    let order = page_order(&site.pages, SortBy::Date);
    for &r in retitled {
        let listed = before.contains(&r) || (!every_page && is_listed(&site.pages[r].doc.kind));
        if listed {
            let at = list.partition_point(|p| order(p, &r) == Ordering::Less);
            list.insert(at, r);
        }
    }
    if every_page {
        return Some(list);
    }
    // Up to the last page kept, the list is the order's; past it, only if nothing was cut.
    let known = list.iter().position(|&p| Some(p) == last_kept)? + 1;
    (known >= n).then(|| {
        list.truncate(n);
        list
    })
}

/// The newest listed pages, newest first: as many as the feed or the home page shows.
///
/// Dates alone pick the candidates: the first `n` by date and every page that ties the last
/// of them; only those are ordered in full. Ordering every page in full looked up two pages'
/// titles a comparison, and took 60 ms of a title edit at 100,000 articles.
pub fn newest_pages(pages: &(impl Pages + ?Sized), config: &Config) -> Vec<usize> {
    let n = config.feed_limit.max(LATEST);
    // Dated pages first, newest first; then the undated.
    let mut dated: Vec<(bool, Reverse<Option<Instant>>, usize)> = (0..pages.count())
        .filter(|&i| is_listed(&pages[i].doc.kind))
        .map(|i| {
            let date = pages[i].doc.front.date.as_ref().map(|d| d.instant);
            (date.is_none(), Reverse(date), i)
        })
        .collect();
    if dated.len() > n && n > 0 {
        let (_, &mut (undated, date, _), _) = dated.select_nth_unstable(n - 1);
        dated.retain(|&(u, d, _)| (u, d) <= (undated, date));
    }
    let mut newest: Vec<usize> = dated.into_iter().map(|(_, _, i)| i).collect();
    first_pages(pages, &mut newest, SortBy::Date, n);
    newest
}

/// Takes the pages of `retitled` out of `list` (sorted but for them) and puts each back where
/// the order puts it; one `Moved` for each that changed position. A list that names none of
/// them stays shared with the graph before: copying every term's list (8 MB at 100,000
/// articles, while the search thread holds the old graph) was most of a moving title edit.
fn reinsert(
    pages: &(impl Pages + ?Sized),
    list: &mut Arc<Vec<usize>>,
    by: SortBy,
    retitled: &[usize],
    name: List,
) -> Vec<Moved> {
    let from: Vec<(usize, usize)> = retitled
        .iter()
        .filter_map(|&i| Some((i, list.iter().position(|&p| p == i)?)))
        .collect();
    if from.is_empty() {
        return Vec::new();
    }
    let list = Arc::make_mut(list);
    list.retain(|p| !retitled.contains(p));
    let order = page_order(pages, by);
    for &(i, _) in &from {
        let at = list.partition_point(|p| order(p, &i) == Ordering::Less);
        list.insert(at, i);
    }
    from.into_iter()
        .filter_map(|(i, from)| {
            let to = list.iter().position(|&p| p == i)?;
            (to != from).then_some(Moved {
                list: name,
                from,
                to,
            })
        })
        .collect()
}
