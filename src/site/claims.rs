//! Claims: statements a topic page defines and articles cite with a quote from their own text.
//!
//! A claim's id is `<page>/<id>`: `motives/faster-innovation` is defined by the page published
//! at `.../motives/` with `claims: [{id: faster-innovation, ...}]`. On that page the claim's
//! anchor is its own id (`#faster-innovation`); in a citing article, the block holding the quote
//! gets the anchor `claim-motives-faster-innovation`.

use std::collections::HashMap;
use std::sync::Arc;

use crate::content::{DocKind, Document};
use crate::error::Diagnostic;
use crate::markdown::citations::{CiteRequest, normalise};
use crate::markdown::near_miss::NearMiss;
use crate::slug::slugify;

#[derive(Clone, Debug)]
pub struct Claim {
    /// `motives/faster-innovation`.
    pub id: String,
    /// The anchor on the defining page: `faster-innovation`.
    pub anchor: String,
    pub title: String,
    pub summary: String,
    /// The defining page.
    pub page: usize,
    /// Line of the definition, for warnings.
    pub line: usize,
    pub citations: Vec<Citation>,
}

#[derive(Clone, Debug)]
pub struct Citation {
    pub page: usize,
    /// As written in front matter.
    pub quote: String,
    /// The anchor of the quoted block on the citing page.
    pub anchor: String,
}

#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub claims: Vec<Claim>,
    by_id: HashMap<String, usize>,
}

/// Every claim defined by the documents; `paths` are their URL paths.
pub fn define(docs: &[Arc<Document>], paths: &[String]) -> (Registry, Vec<Diagnostic>) {
    let mut registry = Registry::default();
    let mut errors = Vec::new();
    // Claims are listed in the order of their pages' `weight`, then by file.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (docs[i].front.weight.unwrap_or(i64::MAX), i));
    for page in order {
        let (doc, path) = (&docs[page], &paths[page]);
        if !matches!(doc.kind, DocKind::Term { .. }) {
            continue;
        }
        let namespace = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        for entry in doc.front.claims.iter().filter(|e| !e.id.is_empty()) {
            let id = format!("{namespace}/{}", entry.id);
            if let Some(&first) = registry.by_id.get(&id) {
                let other = &docs[registry.claims[first].page].file;
                errors.push(
                    Diagnostic::error(format!(
                        "claim `{id}` is defined twice (also in {})",
                        other.display()
                    ))
                    .in_file(&doc.file)
                    .at_line(entry.line)
                    .help("give each claim its own id"),
                );
                continue;
            }
            registry.by_id.insert(id.clone(), registry.claims.len());
            registry.claims.push(Claim {
                id,
                anchor: entry.id.clone(),
                title: entry.title.clone(),
                summary: entry.summary.clone(),
                page,
                line: entry.line,
                citations: Vec::new(),
            });
        }
    }
    (registry, errors)
}

impl Registry {
    /// The claim ids a page defines: the ids its headings must not take.
    pub fn anchors_of(&self, page: usize) -> Vec<String> {
        self.claims
            .iter()
            .filter(|c| c.page == page)
            .map(|c| c.anchor.clone())
            .collect()
    }

    /// What the markdown stage needs to anchor `doc`'s citations, each with its claim's index.
    /// `url_of` gives a page's root-relative URL.
    pub fn requests(
        &self,
        doc: &Document,
        url_of: impl Fn(usize) -> String,
    ) -> (Vec<(usize, CiteRequest)>, Vec<Diagnostic>) {
        let mut requests = Vec::new();
        let mut errors = Vec::new();
        for entry in doc.front.claims.iter().filter(|e| !e.quote.is_empty()) {
            let Some(&claim) = self.by_id.get(&entry.id) else {
                let near =
                    crate::yaml::nearest_few(&entry.id, self.by_id.keys().map(String::as_str), 3);
                let help = match near.as_slice() {
                    [] => "define it under `claims:` in the topic page's front matter, as `{id, title, summary}`".into(),
                    [one] => format!("did you mean `{one}`?"),
                    many => format!(
                        "did you mean one of {}?",
                        many.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    ),
                };
                errors.push(
                    Diagnostic::error(format!(
                        "claim `{}` is not defined by any topic page",
                        entry.id
                    ))
                    .in_file(&doc.file)
                    .at_line(entry.line)
                    .help(help),
                );
                continue;
            };
            let c = &self.claims[claim];
            requests.push((
                claim,
                CiteRequest {
                    anchor: format!("claim-{}", slugify(&c.id)),
                    quote: normalise(&entry.quote),
                    href: format!("{}#{}", url_of(c.page), c.anchor),
                    title: c.title.clone(),
                },
            ));
        }
        (requests, errors)
    }

    /// Records where each cited quote was anchored; a quote found nowhere is an error at its
    /// `quote:`, with the passage that comes closest (`near`, per citation).
    pub fn record(
        &mut self,
        page: usize,
        doc: &Document,
        claims: &[usize],
        anchors: &[Option<String>],
        near: &[Option<NearMiss>],
    ) -> Vec<Diagnostic> {
        let entries = doc
            .front
            .claims
            .iter()
            .filter(|e| !e.quote.is_empty() && self.by_id.contains_key(&e.id));
        let mut errors = Vec::new();
        for (((entry, &claim), anchor), i) in entries.zip(claims).zip(anchors).zip(0..) {
            match anchor {
                Some(anchor) => self.claims[claim].citations.push(Citation {
                    page,
                    quote: entry.quote.clone(),
                    anchor: anchor.clone(),
                }),
                None => {
                    let help = match near.get(i).cloned().flatten() {
                        Some(m) => format!(
                            "the closest passage is \"{}\"; they part where the quote has \"{}\" and the text \"{}\"",
                            m.passage, m.quote_from, m.text_from
                        ),
                        None => "copy the words exactly from one paragraph, list item or heading; only quote marks and spacing may differ".into(),
                    };
                    let (line, column) = entry.quote_at;
                    errors.push(
                        Diagnostic::error(format!(
                            "the quote for claim `{}` is not in the text of this page",
                            entry.id
                        ))
                        .in_file(&doc.file)
                        .at(line, column)
                        .help(help),
                    );
                }
            }
        }
        errors
    }

    /// A warning for every claim that no page cites.
    pub fn uncited(&self, docs: impl Fn(usize) -> std::path::PathBuf) -> Vec<Diagnostic> {
        self.claims
            .iter()
            .filter(|c| c.citations.is_empty())
            .map(|c| {
                Diagnostic::warning(format!("no page cites claim `{}`", c.id))
                    .in_file(docs(c.page))
                    .at_line(c.line)
                    .help(format!("cite it from an article with `claims: [{{id: {}, quote: \"...\"}}]`, or remove it", c.id))
            })
            .collect()
    }
}
