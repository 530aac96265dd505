//! `weave report`: how the sources cover the site's claims and topics, read off the site graph.
//!
//! Per source (every page that is not a listing or term page), the claims it makes and how
//! many of its paragraphs no claim cites; per claim, the sources that make it, flagged when
//! there is only one; per topic, how many sources cover it. Printed as text, or as JSON
//! (documented in the README) for CI to gate on.

use serde::Serialize;

use crate::content::DocKind;
use crate::markdown::citations::normalise;
use crate::site::Site;

#[derive(Debug, Serialize)]
pub struct Coverage {
    pub sources: Vec<SourceCoverage>,
    pub claims: Vec<ClaimCoverage>,
    pub topics: Vec<TopicCoverage>,
}

#[derive(Debug, Serialize)]
pub struct SourceCoverage {
    /// The content file, like `articles/foo.md`.
    pub source: String,
    pub title: String,
    pub url: String,
    /// Ids of the claims it makes.
    pub claims: Vec<String>,
    pub paragraphs: usize,
    /// Paragraphs that hold none of its claims' quotes.
    pub uncited_paragraphs: usize,
}

#[derive(Debug, Serialize)]
pub struct ClaimCoverage {
    pub id: String,
    pub title: String,
    /// The content file that defines it.
    pub defined_in: String,
    /// Content files of the sources that make it, each once.
    pub sources: Vec<String>,
    /// Made by one source only.
    pub single_source: bool,
}

#[derive(Debug, Serialize)]
pub struct TopicCoverage {
    pub name: String,
    pub url: String,
    /// Sources that name the topic in their front matter.
    pub sources: usize,
    /// Sources that make at least one of the claims its page defines.
    pub citing_sources: usize,
    pub claims: usize,
}

/// The taxonomy whose terms are the site's topics: `topics`, else the first one.
fn topic_taxonomy(site: &Site) -> Option<usize> {
    site.taxonomies
        .iter()
        .position(|t| t.name == "topics")
        .or((!site.taxonomies.is_empty()).then_some(0))
}

pub fn coverage(site: &Site) -> Coverage {
    let is_source = |i: usize| matches!(site.pages[i].doc.kind, DocKind::Page { .. });
    let sources = (0..site.pages.len())
        .filter(|&i| is_source(i))
        .map(|i| source_coverage(site, i))
        .collect();
    let claims = site
        .claims
        .iter()
        .map(|c| {
            let mut sources: Vec<String> = c
                .citations
                .iter()
                .map(|cite| site.pages[cite.page].doc.source.clone())
                .collect();
            sources.sort();
            sources.dedup();
            ClaimCoverage {
                id: c.id.clone(),
                title: c.title.clone(),
                defined_in: site.pages[c.page].doc.source.clone(),
                single_source: sources.len() == 1,
                sources,
            }
        })
        .collect();
    let topics = topic_taxonomy(site)
        .map(|t| {
            site.taxonomies[t]
                .terms
                .iter()
                .map(|term| {
                    let defined: Vec<&crate::site::claims::Claim> = site
                        .claims
                        .iter()
                        .filter(|c| Some(c.page) == term.page)
                        .collect();
                    let mut citing: Vec<usize> = defined
                        .iter()
                        .flat_map(|c| c.citations.iter().map(|cite| cite.page))
                        .collect();
                    citing.sort_unstable();
                    citing.dedup();
                    TopicCoverage {
                        name: term.name.clone(),
                        url: site.url(&term.path),
                        sources: term.pages.iter().filter(|&&p| is_source(p)).count(),
                        citing_sources: citing.len(),
                        claims: defined.len(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Coverage {
        sources,
        claims,
        topics,
    }
}

fn source_coverage(site: &Site, i: usize) -> SourceCoverage {
    let page = &site.pages[i];
    let quotes: Vec<String> = page
        .doc
        .front
        .claims
        .iter()
        .filter(|e| !e.quote.is_empty())
        .map(|e| normalise(&e.quote))
        .collect();
    let paragraphs = paragraphs(&page.doc.text());
    let uncited = paragraphs
        .iter()
        .filter(|p| !quotes.iter().any(|q| p.contains(q.as_str())))
        .count();
    let mut claims: Vec<String> = Vec::new();
    for entry in page.doc.front.claims.iter().filter(|e| !e.quote.is_empty()) {
        if !claims.contains(&entry.id) {
            claims.push(entry.id.clone());
        }
    }
    SourceCoverage {
        source: page.doc.source.clone(),
        title: page.doc.front.title.clone(),
        url: site.url(&page.path),
        claims,
        paragraphs: paragraphs.len(),
        uncited_paragraphs: uncited,
    }
}

/// The text of each paragraph (and of each list item of a tight list, whose text is not in a
/// paragraph) of `body`, normalised as quotes are.
fn paragraphs(body: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut open: Vec<String> = Vec::new();
    for event in Parser::new_ext(body, crate::markdown::parser_options()) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item) => open.push(String::new()),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                if let Some(text) = open.pop().filter(|t| !t.trim().is_empty()) {
                    out.push(normalise(&text));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(text) = open.last_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(text) = open.last_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

/// The report as a reader reads it in a terminal.
pub fn to_text(c: &Coverage) -> String {
    let mut out = String::new();
    out.push_str(&format!("Sources ({})\n", c.sources.len()));
    for s in &c.sources {
        out.push_str(&format!(
            "  {}: {} claim{}, {} of {} paragraphs cite none\n",
            s.source,
            s.claims.len(),
            crate::pipeline::plural(s.claims.len()),
            s.uncited_paragraphs,
            s.paragraphs
        ));
    }
    out.push_str(&format!("Claims ({})\n", c.claims.len()));
    for claim in &c.claims {
        let flag = match claim.sources.len() {
            0 => "  <- no source",
            1 => "  <- one source only",
            _ => "",
        };
        out.push_str(&format!(
            "  {}: {} source{}{flag}\n",
            claim.id,
            claim.sources.len(),
            crate::pipeline::plural(claim.sources.len())
        ));
    }
    out.push_str(&format!("Topics ({})\n", c.topics.len()));
    for t in &c.topics {
        out.push_str(&format!(
            "  {}: {} source{}, {} citing its {} claim{}\n",
            t.name,
            t.sources,
            crate::pipeline::plural(t.sources),
            t.citing_sources,
            t.claims,
            crate::pipeline::plural(t.claims)
        ));
    }
    out
}

/// The report of every language: the default's coverage, then each other language's under
/// its heading, then how the translations stand.
pub fn languages_to_text(graphs: &crate::pipeline::Graphs) -> String {
    let mut out = String::new();
    for (i, site) in graphs.sites.iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("\n# {}\n\n", site.config.language));
        }
        out.push_str(&to_text(&coverage(site)));
    }
    if !graphs.survey.is_empty() {
        out.push('\n');
        out.push_str(&crate::languages::stale::to_text(&graphs.survey));
    }
    out
}

/// The JSON report: the default language's coverage as on a site of one language, with
/// `languages` (each other language's coverage by code) and `translations` (how each stands)
/// when the site has several.
pub fn languages_to_json(graphs: &crate::pipeline::Graphs) -> serde_json::Value {
    let mut sites = graphs.sites.iter();
    let mut json = sites
        .next()
        .map(|s| serde_json::to_value(coverage(s)).unwrap_or_default())
        .unwrap_or_default();
    if graphs.sites.len() > 1
        && let Some(map) = json.as_object_mut()
    {
        let languages: serde_json::Map<String, serde_json::Value> = sites
            .map(|s| {
                (
                    s.config.language.clone(),
                    serde_json::to_value(coverage(s)).unwrap_or_default(),
                )
            })
            .collect();
        map.insert("languages".into(), languages.into());
        map.insert(
            "translations".into(),
            serde_json::to_value(&graphs.survey).unwrap_or_default(),
        );
    }
    json
}
