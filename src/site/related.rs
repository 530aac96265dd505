//! Related pages: pages that share terms and claims, weighted so that rare things count more
//! than common ones. A shared term counts 1/n, where n pages carry it; a shared claim counts
//! 2/n. Terms carried by more than `MAX_SHARED` pages say little about any two of them and are
//! skipped, which also keeps the work linear in the number of pages.

use rayon::prelude::*;

use crate::site::claims::Claim;
use crate::site::{Page, Taxonomy, is_listed};

const MAX_SHARED: usize = 200;
const CLAIM_WEIGHT: f64 = 2.0;

/// For each page, up to `limit` related listed pages, best first.
pub fn compute(
    pages: &[Page],
    taxonomies: &[Taxonomy],
    claims: &[Claim],
    limit: usize,
) -> Vec<Vec<usize>> {
    // Each group is a set of pages that share something, with the weight of sharing it.
    let mut groups: Vec<(f64, Vec<usize>)> = Vec::new();
    for tax in taxonomies {
        for term in &tax.terms {
            groups.push((1.0, term.pages.to_vec()));
        }
    }
    for claim in claims {
        let mut citing: Vec<usize> = claim.citations.iter().map(|c| c.page).collect();
        citing.dedup();
        groups.push((CLAIM_WEIGHT, citing));
    }
    groups.retain(|(_, members)| members.len() > 1 && members.len() <= MAX_SHARED);
    let mut member_of: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
    for (g, (_, members)) in groups.iter().enumerate() {
        for &p in members {
            member_of[p].push(g);
        }
    }
    // Scores live in one dense array per worker; only the entries a page touched are read
    // and reset, so each page costs what it shares, not the size of the site.
    // Long runs per worker: each run allocates its array of scores.
    (0..pages.len())
        .into_par_iter()
        .with_min_len(1024)
        .map_init(
            || (vec![0.0f64; pages.len()], Vec::new()),
            |(scores, touched), p| {
                if limit == 0 || !is_listed(&pages[p].doc.kind) {
                    return Vec::new();
                }
                for &g in &member_of[p] {
                    let (weight, members) = &groups[g];
                    let share = weight / members.len() as f64;
                    for &other in members.iter().filter(|&&o| o != p) {
                        if scores[other] == 0.0 {
                            touched.push(other);
                        }
                        scores[other] += share;
                    }
                }
                let mut ranked: Vec<(usize, f64)> = touched
                    .drain(..)
                    .map(|o| (o, std::mem::take(&mut scores[o])))
                    .collect();
                let best_first =
                    |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
                if ranked.len() > limit {
                    ranked.select_nth_unstable_by(limit, best_first);
                    ranked.truncate(limit);
                }
                ranked.sort_by(best_first);
                // Not `into_iter().collect()`: that would reuse (and keep) the buffer of
                // every candidate, 96 MB at 10,000 pages.
                let mut best = Vec::with_capacity(ranked.len());
                best.extend(ranked.iter().map(|&(o, _)| o));
                best
            },
        )
        .collect()
}
