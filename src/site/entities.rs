//! Entities: the terms of the entity taxonomy (`entities` by default), with every name they go
//! by, for linking their first mention in each page's text.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{DocKind, Document};
use crate::markdown::mentions::Mentions;
use crate::slug::slugify;

#[derive(Debug)]
pub struct Entities {
    pub mentions: Mentions,
    /// Entity index to its term slug.
    pub slugs: Vec<String>,
    /// Each entity's URL and names, as the mentions were built from.
    entries: Vec<(String, Vec<String>)>,
}

impl Entities {
    /// What entity links depend on: every entity's URL and names.
    pub fn fingerprint(&self) -> &[(String, Vec<String>)] {
        &self.entries
    }

    /// The entity a page is about, if the page is an entity's own term page.
    pub fn own(&self, doc: &Document, path: &str) -> Option<usize> {
        match &doc.kind {
            DocKind::Term { .. } => {
                let slug = path.trim_end_matches('/').rsplit('/').next()?;
                self.slugs.iter().position(|s| s == slug)
            }
            _ => None,
        }
    }
}

/// Gathers entity names from the entity taxonomy's term pages (title and `also_known_as`) and
/// from the terms pages name in front matter; `paths` are the documents' URL paths.
pub fn collect(config: &Config, docs: &[Arc<Document>], paths: &[String]) -> Entities {
    let taxonomy = config.entity_taxonomy.as_str();
    // Slug to the names it goes by; BTreeMap keeps entity indices stable between builds.
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if !taxonomy.is_empty() {
        for (doc, path) in docs.iter().zip(paths) {
            if matches!(&doc.kind, DocKind::Term { taxonomy: t } if t == taxonomy) {
                let slug = path
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string();
                let list = names.entry(slug).or_default();
                list.push(doc.front.title.clone());
                list.extend(doc.front.also_known_as.iter().cloned());
            }
        }
        for doc in docs {
            for term in doc.front.taxonomies.get(taxonomy).into_iter().flatten() {
                let list = names.entry(slugify(term)).or_default();
                if !list.contains(term) {
                    list.push(term.clone());
                }
            }
        }
    }
    let base = config.base_path();
    let entries: Vec<(String, Vec<String>)> = names
        .iter()
        .map(|(slug, names)| (format!("{base}{taxonomy}/{slug}/"), names.clone()))
        .collect();
    Entities {
        mentions: Mentions::new(&entries),
        slugs: names.into_keys().collect(),
        entries,
    }
}
