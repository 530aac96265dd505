//! How a listing (a section's or a term's pages) is cut into listing pages.

/// Titles to a compact listing page: a listing past its first pages lists the rest this many
/// at a time, as titles and dates, so a term naming 100,000 pages needs about a hundred
/// listing pages rather than ten thousand.
pub const COMPACT_PER: usize = 1000;

/// How a listing is cut into pages: `per` items with their summaries to each of the first
/// `full` pages (all of them when `full` is 0), then `COMPACT_PER` to each compact page.
/// `per` 0 puts every item on one page.
#[derive(Clone, Copy, Debug)]
pub struct Pagination {
    pub per: usize,
    pub full: usize,
}

impl Pagination {
    /// A section's or taxonomy's: `own` items to a page when its index page sets
    /// `paginate_by`, else the site's.
    pub fn for_listing(own: Option<usize>, config: &crate::config::Config) -> Pagination {
        Pagination {
            per: own.unwrap_or(config.paginate_by),
            full: config.compact_after,
        }
    }

    /// The items shown on full pages.
    fn in_full(self) -> usize {
        match self.full {
            0 => usize::MAX,
            full => full.saturating_mul(self.per),
        }
    }

    /// Number of listing pages for `count` items.
    pub fn count(self, count: usize) -> usize {
        if self.per == 0 {
            return 1;
        }
        let full = self.in_full();
        if count <= full {
            count.div_ceil(self.per).max(1)
        } else {
            self.full + (count - full).div_ceil(COMPACT_PER)
        }
    }

    /// The listing page (1-based) that shows item `index`.
    pub fn of(self, index: usize) -> usize {
        if self.per == 0 {
            return 1;
        }
        let full = self.in_full();
        if index < full {
            index / self.per + 1
        } else {
            self.full + (index - full) / COMPACT_PER + 1
        }
    }

    /// The items of listing page `pager` (1-based) of `count`, and whether it is compact.
    pub fn items(self, pager: usize, count: usize) -> (std::ops::Range<usize>, bool) {
        if self.per == 0 {
            return (0..count, false);
        }
        let full = self.in_full();
        let (start, len, compact) = if pager <= self.full || self.full == 0 {
            ((pager - 1) * self.per, self.per, false)
        } else {
            (
                full + (pager - 1 - self.full) * COMPACT_PER,
                COMPACT_PER,
                true,
            )
        };
        (start.min(count)..(start + len).min(count), compact)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_past_their_full_pages_go_compact() {
        let classic = Pagination { per: 10, full: 0 };
        assert_eq!(classic.count(0), 1);
        assert_eq!(classic.count(21), 3);
        assert_eq!(classic.of(20), 3);
        assert_eq!(classic.items(3, 21), (20..21, false));
        let one = Pagination { per: 0, full: 10 };
        assert_eq!((one.count(5000), one.of(4999)), (1, 1));
        assert_eq!(one.items(1, 5000), (0..5000, false));

        let p = Pagination { per: 10, full: 2 };
        assert_eq!(p.count(20), 2);
        assert_eq!(p.count(21), 3);
        assert_eq!(p.count(20 + COMPACT_PER), 3);
        assert_eq!(p.count(21 + COMPACT_PER), 4);
        assert_eq!((p.of(19), p.of(20), p.of(20 + COMPACT_PER)), (2, 3, 4));
        assert_eq!(p.items(2, 5000), (10..20, false));
        assert_eq!(p.items(3, 5000), (20..20 + COMPACT_PER, true));
        assert_eq!(p.items(7, 5000), (20 + 4 * COMPACT_PER..5000, true));
        // Every item is on the page `of` names, once.
        for count in [0, 1, 19, 20, 21, 1020, 1021, 5000] {
            let mut seen = 0;
            for pager in 1..=p.count(count) {
                let (range, _) = p.items(pager, count);
                assert_eq!(range.start, seen, "{count} items, page {pager}");
                assert!(range.clone().all(|i| p.of(i) == pager));
                seen = range.end;
            }
            assert_eq!(seen, count);
        }
    }
}
