//! Sections: every folder of `content/` that holds pages is a section, with or without an
//! `_index.md` (as in Hugo), so a folder of bare articles still gets a listing page. The home
//! page is the section of the content root.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::config::Config;
use crate::content::{DocKind, Document, SortBy};
use crate::site::ranks::Ranks;
use crate::site::{Page, is_listed, urls};
use crate::slug::capitalise;

#[derive(Clone, Debug)]
pub struct Section {
    /// Folder inside `content/`: "" for the home section, `articles`, `a/b`.
    pub dir: String,
    /// URL path relative to the base.
    pub path: String,
    /// The `_index.md` page, when there is one.
    pub page: Option<usize>,
    pub title: String,
    /// Listed pages, sorted.
    pub pages: Arc<Vec<usize>>,
    /// Indices of the sections directly inside this one.
    pub subsections: Vec<usize>,
    pub parent: Option<usize>,
    pub sort_by: SortBy,
    pub pagination: super::pagination::Pagination,
}

pub fn collect(pages: &[Page], config: &Config, ranks: &Ranks) -> Vec<Section> {
    // Folder to (index page, member pages); BTreeMap keeps folders sorted, "" first.
    let mut folders: BTreeMap<String, (Option<usize>, Vec<usize>)> = BTreeMap::new();
    folders.insert(String::new(), (None, Vec::new()));
    for (i, page) in pages.iter().enumerate() {
        match &page.doc.kind {
            DocKind::Home => folders.entry(String::new()).or_default().0 = Some(i),
            DocKind::Section { dir } => folders.entry(dir.clone()).or_default().0 = Some(i),
            DocKind::Page { section } => folders.entry(section.clone()).or_default().1.push(i),
            DocKind::Taxonomy { .. } | DocKind::Term { .. } => {}
        }
    }
    // Ancestors of every folder are sections too, so the tree has no gaps.
    let dirs: Vec<String> = folders.keys().cloned().collect();
    for dir in dirs {
        let mut d = dir.as_str();
        while let Some((parent, _)) = d.rsplit_once('/') {
            folders.entry(parent.to_string()).or_default();
            d = parent;
        }
    }

    let mut sections: Vec<Section> = folders
        .into_iter()
        .map(|(dir, (index, mut members))| {
            let front = index.map(|i| &pages[i].doc.front);
            let sort_by = front.and_then(|f| f.sort_by).unwrap_or(SortBy::Date);
            members.retain(|&i| is_listed(&pages[i].doc.kind));
            ranks.sort(&mut members, sort_by);
            let title = match front {
                Some(f) => f.title.clone(),
                None if dir.is_empty() => config.title.clone(),
                None => title_case(dir.rsplit('/').next().unwrap_or(&dir)),
            };
            Section {
                path: index.map_or_else(|| urls::section_path(&dir), |i| pages[i].path.to_string()),
                page: index,
                title,
                pages: Arc::new(members),
                subsections: Vec::new(),
                parent: None,
                sort_by,
                pagination: super::pagination::Pagination::for_listing(
                    front.and_then(|f| f.paginate_by),
                    config,
                ),
                dir,
            }
        })
        .collect();

    for i in 1..sections.len() {
        let parent_dir = sections[i]
            .dir
            .rsplit_once('/')
            .map_or("", |(p, _)| p)
            .to_string();
        if let Some(p) = sections.iter().position(|s| s.dir == parent_dir) {
            sections[i].parent = Some(p);
            sections[p].subsections.push(i);
        }
    }
    sections
}

/// A note whose `permalink` is the URL of a page weave would otherwise make up takes that
/// page's place, as an `_index.md` would: `permalink: /` on a note at the root makes it the
/// home page, its own folder's URL the folder's page (Obsidian Publish's folder note, like
/// `Teams/Obsidian for teams.md` with `permalink: teams`), and a taxonomy's URL that
/// taxonomy's page. Where such a page is written already, nothing changes.
pub fn promote_folder_notes(docs: &mut [Arc<Document>], taxonomies: &[String]) {
    let mut taken: HashSet<DocKind> = docs
        .iter()
        .filter(|d| !matches!(d.kind, DocKind::Page { .. } | DocKind::Term { .. }))
        .map(|d| d.kind.clone())
        .collect();
    for doc in docs.iter_mut() {
        let DocKind::Page { section } = &doc.kind else {
            continue;
        };
        let Some(path) = doc
            .front
            .permalink
            .as_deref()
            .and_then(urls::permalink_path)
        else {
            continue;
        };
        let kind = if path.is_empty() && section.is_empty() {
            DocKind::Home
        } else if !section.is_empty() && path == urls::section_path(section) {
            DocKind::Section {
                dir: section.clone(),
            }
        } else if let Some(name) = taxonomies.iter().find(|t| path == format!("{t}/")) {
            DocKind::Taxonomy { name: name.clone() }
        } else {
            continue;
        };
        if taken.insert(kind.clone()) {
            Arc::make_mut(doc).kind = kind;
        }
    }
}

/// "open-source" becomes "Open Source": a readable default title for a folder.
fn title_case(name: &str) -> String {
    name.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(capitalise)
        .collect::<Vec<_>>()
        .join(" ")
}
