//! One page's twin: a YAML header of what the site knows of the page, its title, its text as
//! markdown (`markdown::twin`, made with the page's HTML), and what the HTML page lists: a
//! topic's claims with every source's quote, a listing's pages.

use std::fmt::Write;

use serde::Serialize;

use super::index::one_line;
use crate::markdown::twin::follow;
use crate::publish::claims_json::passage_url;
use crate::render::Job;
use crate::render::claim_views::ClaimView;
use crate::render::views::{PageView, Views};
use crate::site::Site;

#[derive(Serialize)]
struct Header<'a> {
    title: &'a str,
    /// The page itself, for people.
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<&'a str>,
    /// Each taxonomy's terms, by the taxonomy's name (`topics`, `entities`, `tags`).
    #[serde(flatten)]
    terms: indexmap::IndexMap<&'a str, Vec<&'a str>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    claims: Vec<ClaimRef<'a>>,
}

#[derive(Serialize)]
struct ClaimRef<'a> {
    id: &'a str,
    title: &'a str,
    /// The twin of the topic page that defines it.
    url: String,
}

/// The twin of `job`'s page (one `llms::twin_jobs` gives).
pub fn text(site: &Site, views: &Views, job: Job) -> String {
    let origin = site.config.origin();
    let subject = job.subject(site);
    let (page, path) = (subject.page, subject.path);
    let view = page.map(|i| views.page(i));
    let view = view.as_deref();
    let title = view.map_or(subject.title, |v| v.title.as_str());
    let mut out = String::from("---\n");
    out.push_str(&header(site, view, title, path));
    let _ = writeln!(out, "---\n\n# {}\n", title);
    if let Some(body) = page.and_then(|i| site.twin(i)) {
        let body = body.must_read();
        let body = body.trim();
        if !body.is_empty() {
            out.push_str(body);
            out.push_str("\n\n");
        }
    }
    if let Some(view) = view {
        claims(&mut out, site, &view.claims, origin);
    }
    match job {
        Job::Section { index, .. } => {
            let s = &site.sections[index];
            let subsections = s.subsections.iter().map(|&k| &site.sections[k]);
            let links: Vec<(String, &str, Option<&str>)> = subsections
                .map(|sub| (sub.path.clone(), sub.title.as_str(), None))
                .chain(s.pages.iter().map(|&p| page_link(site, p)))
                .collect();
            list(&mut out, "Pages", &links, site);
        }
        Job::Taxonomy(t) => {
            let terms = site.taxonomies[t]
                .terms
                .iter()
                .zip(&views.taxonomies[t].terms);
            let links: Vec<(String, &str, Option<&str>)> = terms
                .map(|(term, link)| {
                    (
                        term.path.clone(),
                        term.name.as_str(),
                        link.description.as_deref(),
                    )
                })
                .collect();
            list(&mut out, "Terms", &links, site);
        }
        Job::Term { taxonomy, term, .. } => {
            let pages = &site.taxonomies[taxonomy].terms[term].pages;
            let links: Vec<_> = pages.iter().map(|&p| page_link(site, p)).collect();
            list(&mut out, "Pages", &links, site);
        }
        _ => {}
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn header(site: &Site, view: Option<&PageView>, title: &str, path: &str) -> String {
    let origin = site.config.origin();
    let mut terms = indexmap::IndexMap::new();
    let mut claims = Vec::new();
    if let Some(view) = view {
        for (taxonomy, named) in view.taxonomies.iter() {
            terms.insert(
                taxonomy.as_str(),
                named.iter().map(|t| t.name.as_str()).collect(),
            );
        }
        let defined = view.claims.iter().map(|c| &c.claim);
        for claim in view.cites.iter().map(|c| &c.claim).chain(defined) {
            if !claims.iter().any(|c: &ClaimRef| c.id == claim.id) {
                claims.push(ClaimRef {
                    id: &claim.id,
                    title: &claim.title,
                    url: follow(&claim.topic_url, origin),
                });
            }
        }
    }
    let header = Header {
        title,
        url: site.permalink(path),
        description: view.and_then(|v| v.description.as_deref()),
        date: view.and_then(|v| v.date.as_deref()),
        updated: view.and_then(|v| v.updated.as_deref()),
        terms,
        claims,
    };
    serde_yaml::to_string(&header).expect("plain data serialises")
}

/// A topic's claims: each with its summary and every source's quote, the source's twin and
/// the URL that lands on the quoted passage.
fn claims(out: &mut String, site: &Site, claims: &[ClaimView], origin: &str) {
    if claims.is_empty() {
        return;
    }
    out.push_str("## Claims\n\n");
    for c in claims {
        let _ = writeln!(out, "### {}\n\n{}\n", c.claim.title, c.claim.summary);
        let _ = writeln!(out, "Claim id: `{}`.\n", c.claim.id);
        if c.citations.is_empty() {
            out.push_str("No source quoted yet.\n\n");
        }
        for x in &c.citations {
            let _ = writeln!(
                out,
                "> {}\n\n— [{}]({}), passage: <{}>\n",
                one_line(&x.quote),
                x.title,
                follow(&x.url, origin),
                passage_url(site, &x.passage, &x.quote),
            );
        }
    }
}

fn page_link(site: &Site, p: usize) -> (String, &str, Option<&str>) {
    let front = &site.pages[p].doc.front;
    (
        site.pages[p].path.to_string(),
        front.title.as_str(),
        front.description.as_deref(),
    )
}

/// A list of links to twins under a heading: `- [title](url): description`.
fn list(out: &mut String, heading: &str, links: &[(String, &str, Option<&str>)], site: &Site) {
    if links.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {heading}\n");
    let root = super::index::root(site);
    for (path, title, description) in links {
        super::index::push_item(out, &root, path, title, *description);
    }
    out.push('\n');
}
