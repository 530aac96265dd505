//! What templates see of claims: each claim with the passages that cite it, each page's
//! citations, and the claim matrix (claims × sources) shown on the home and topic pages.

use serde::Serialize;

use crate::site::Site;
use crate::site::claims::Claim;

#[derive(Clone, Debug, Serialize)]
pub struct PassageView {
    /// The citing page.
    pub title: String,
    pub url: String,
    /// The quoted block on that page.
    pub passage: String,
    pub quote: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ClaimView {
    #[serde(flatten)]
    pub claim: ClaimInfo,
    /// The claim's anchor on its topic page.
    pub anchor: String,
    pub citations: Vec<PassageView>,
}

/// What every view of a claim shows: its id, title and summary, and where it is defined.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimInfo {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// The claim on its topic page.
    pub url: String,
    pub topic_title: String,
    pub topic_url: String,
}

/// A claim one page cites, and where in the page.
#[derive(Clone, Debug, Serialize)]
pub struct CiteView {
    #[serde(flatten)]
    pub claim: ClaimInfo,
    pub passage: String,
    pub quote: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct MatrixSource {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct MatrixCell {
    pub cited: bool,
    /// The passage, when cited.
    pub url: Option<String>,
    pub quote: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MatrixRow {
    #[serde(flatten)]
    pub claim: ClaimInfo,
    /// One per source, in `sources` order.
    pub cells: Vec<MatrixCell>,
    /// How many sources make the claim.
    pub count: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ClaimMatrix {
    pub sources: Vec<MatrixSource>,
    pub rows: Vec<MatrixRow>,
}

pub fn claim_view(site: &Site, claim: &Claim) -> ClaimView {
    let topic = &site.pages[claim.page];
    let topic_url = site.url(&topic.path);
    ClaimView {
        claim: ClaimInfo {
            id: claim.id.clone(),
            title: claim.title.clone(),
            summary: claim.summary.clone(),
            url: format!("{topic_url}#{}", claim.anchor),
            topic_title: topic.doc.front.title.clone(),
            topic_url,
        },
        anchor: claim.anchor.clone(),
        citations: claim
            .citations
            .iter()
            .map(|c| {
                let page = &site.pages[c.page];
                let url = site.url(&page.path);
                PassageView {
                    title: page.doc.front.title.clone(),
                    passage: format!("{url}#{}", c.anchor),
                    url,
                    quote: c.quote.clone(),
                }
            })
            .collect(),
    }
}

/// Per page: the claims it defines, and the claims it cites.
pub fn per_page(site: &Site, claims: &[ClaimView]) -> (Vec<Vec<ClaimView>>, Vec<Vec<CiteView>>) {
    let mut defined = vec![Vec::new(); site.pages.len()];
    let mut cited = vec![Vec::new(); site.pages.len()];
    for (claim, view) in site.claims.iter().zip(claims) {
        defined[claim.page].push(view.clone());
        for (c, passage) in claim.citations.iter().zip(&view.citations) {
            cited[c.page].push(CiteView {
                claim: view.claim.clone(),
                passage: passage.passage.clone(),
                quote: passage.quote.clone(),
            });
        }
    }
    (defined, cited)
}

/// Claims × sources: every page that cites a claim is a source, ordered by title.
pub fn matrix(site: &Site, claims: &[ClaimView]) -> ClaimMatrix {
    let mut sources: Vec<usize> = site
        .claims
        .iter()
        .flat_map(|c| c.citations.iter().map(|x| x.page))
        .collect();
    sources.sort_by(|a, b| {
        site.pages[*a]
            .doc
            .front
            .title
            .cmp(&site.pages[*b].doc.front.title)
            .then(a.cmp(b))
    });
    sources.dedup();
    let rows = site
        .claims
        .iter()
        .zip(claims)
        .map(|(claim, view)| {
            let cells: Vec<MatrixCell> = sources
                .iter()
                .map(|&s| {
                    let hit = claim.citations.iter().position(|c| c.page == s);
                    MatrixCell {
                        cited: hit.is_some(),
                        url: hit.map(|h| view.citations[h].passage.clone()),
                        quote: hit.map(|h| view.citations[h].quote.clone()),
                    }
                })
                .collect();
            MatrixRow {
                claim: view.claim.clone(),
                count: cells.iter().filter(|c| c.cited).count(),
                cells,
            }
        })
        .collect();
    ClaimMatrix {
        sources: sources
            .iter()
            .map(|&s| MatrixSource {
                title: site.pages[s].doc.front.title.clone(),
                url: site.url(&site.pages[s].path),
            })
            .collect(),
        rows,
    }
}
