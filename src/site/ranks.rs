//! Every page's place in the order of listings (`order::compare`), made once per graph, so
//! that each section and term sorts its pages by number.
//!
//! Sorting each listing by comparing its pages read two documents a comparison, scattered
//! through memory: at 200,000 articles, with ten terms a page, the terms' sorts took 1.6 s of
//! making the graph, against 46 ms at 10,000 (a twentieth of the pages, all in the cache).
//! Here each page's key is read once, and the pages are sorted once per order used.

use std::cell::OnceCell;
use std::cmp::Reverse;

use rayon::prelude::*;

use crate::content::{Document, SortBy};
use crate::site::Page;

type Instant = chrono::DateTime<chrono::FixedOffset>;

/// The ranks of a graph's pages, for each order as it is first asked for.
pub struct Ranks<'p> {
    docs: Vec<&'p Document>,
    /// By date, weight and title.
    made: [OnceCell<Vec<u32>>; 3],
}

impl<'p> Ranks<'p> {
    pub fn new(pages: &'p [Page]) -> Ranks<'p> {
        Ranks {
            docs: pages.iter().map(|p| &*p.doc).collect(),
            made: Default::default(),
        }
    }

    /// Sorts `list` (pages by number) as `order::compare` orders them.
    pub fn sort(&self, list: &mut [usize], by: SortBy) {
        let ranks = self.made[by as usize].get_or_init(|| ranks(&self.docs, by));
        list.sort_unstable_by_key(|&p| ranks[p]);
    }
}

/// Each document's place among all of them by `by`.
fn ranks(docs: &[&Document], by: SortBy) -> Vec<u32> {
    let mut all: Vec<u32> = (0..docs.len() as u32).collect();
    all.par_sort_by_cached_key(|&d| key(docs[d as usize], by));
    let mut ranks = vec![0; docs.len()];
    for (rank, &d) in all.iter().enumerate() {
        ranks[d as usize] = rank as u32;
    }
    ranks
}

/// What `order::compare` compares, as one value: undated (or unweighted) last, the newest date
/// (or lightest weight) first, then the title regardless of case, then the source path.
type Key<'d> = (bool, Option<Reverse<Instant>>, Option<i64>, String, &'d str);

fn key(doc: &Document, by: SortBy) -> Key<'_> {
    let front = &doc.front;
    let (missing, date, weight) = match by {
        SortBy::Date => {
            let date = front.date.as_ref().map(|d| Reverse(d.instant));
            (date.is_none(), date, None)
        }
        SortBy::Weight => (front.weight.is_none(), None, front.weight),
        SortBy::Title => (false, None, None),
    };
    let title = front.title.to_lowercase();
    (missing, date, weight, title, doc.source.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{DocKind, FrontMatter};
    use crate::site::order::compare;

    fn doc(source: String, title: &str, date: Option<&str>, weight: Option<i64>) -> Document {
        Document {
            source: source.clone(),
            file: source.into(),
            kind: DocKind::Page {
                section: "articles".into(),
            },
            front: FrontMatter {
                title: title.into(),
                date: date.map(|d| crate::content::Date::parse(d).unwrap()),
                weight,
                ..FrontMatter::default()
            },
            body: String::new(),
            kept: crate::content::body::Kept::Here,
            body_line: 1,
        }
    }

    #[test]
    fn ranks_give_the_order_comparing_pages_gives() {
        // Ties on every key but the last: shared dates and weights, titles that differ only
        // in case (ASCII and not), undated and unweighted pages.
        let titles = ["alpha", "Alpha", "beta", "Émile", "émile", "Zeta", "zeta"];
        let dates = [Some("2024-03-05"), Some("2023-01-01"), None];
        let docs: Vec<Document> = (0..60)
            .map(|i| {
                let weight = (i % 4 != 0).then_some((i % 3) as i64);
                let source = format!("articles/p{:02}.md", (i * 37) % 60);
                doc(source, titles[i % 7], dates[i % 3], weight)
            })
            .collect();
        let refs: Vec<&Document> = docs.iter().collect();
        for by in [SortBy::Date, SortBy::Weight, SortBy::Title] {
            let mut compared: Vec<usize> = (0..docs.len()).rev().collect();
            compared.sort_by(|&a, &b| compare(&docs[a], &docs[b], by));
            let ranks = ranks(&refs, by);
            let mut ranked: Vec<usize> = (0..docs.len()).collect();
            ranked.sort_by_key(|&p| ranks[p]);
            assert_eq!(ranked, compared, "sorted by {by:?}");
        }
    }
}
