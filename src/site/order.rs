//! The order of pages in listings, and whether a page keeps its place when its title changes
//! (titles break ties, so a new title can move a page among others of the same date).

use std::cmp::Ordering;

use crate::content::SortBy;
use crate::site::{LATEST, Page, Site};

/// Orders pages for listings: by date (newest first), weight (lightest first) or title; ties
/// fall back to title and then source path, so the order never depends on the file system.
pub fn sort_pages(pages: &[Page], list: &mut [usize], by: SortBy) {
    list.sort_by(page_order(pages, by));
}

/// The first `n` of `list` in the order of `sort_pages`, without sorting the rest.
pub fn first_pages(pages: &[Page], list: &mut Vec<usize>, by: SortBy, n: usize) {
    let order = page_order(pages, by);
    if list.len() > n {
        if n > 0 {
            list.select_nth_unstable_by(n - 1, &order);
        }
        list.truncate(n);
    }
    list.sort_by(order);
}

/// The order of `sort_pages`: by `by`, then title regardless of case, then source path.
fn page_order(pages: &[Page], by: SortBy) -> impl Fn(&usize, &usize) -> Ordering + '_ {
    move |a, b| {
        let (a, b) = (&pages[*a].doc, &pages[*b].doc);
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
pub fn keeps_place(site: &Site, i: usize) -> bool {
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
