//! Heading ids and the table of contents.
//!
//! Every heading gets an id: the one written as `{#id}`, else the slug of its text; repeats get
//! `-1`, `-2`, ... in document order, so ids are stable as long as the headings above are.

use std::collections::HashSet;

use serde::Serialize;

use crate::slug::slugify;

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Hands out unique ids within one document.
#[derive(Default)]
pub struct IdAllocator {
    used: HashSet<String>,
}

impl IdAllocator {
    /// A unique id for a heading with text `text`, or the explicit `wanted` id.
    pub fn allocate(&mut self, wanted: Option<&str>, text: &str) -> String {
        let base = match wanted {
            Some(w) if !w.is_empty() => w.to_string(),
            _ => {
                let s = slugify(text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            }
        };
        let mut id = base.clone();
        let mut n = 1;
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    pub fn into_ids(self) -> HashSet<String> {
        self.used
    }
}

/// Nests a flat list of headings by level: an entry owns the deeper ones that follow it.
pub fn nest(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for entry in flat {
        insert(&mut roots, entry);
    }
    roots
}

fn insert(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(level: u8, id: &str) -> TocEntry {
        TocEntry {
            level,
            id: id.into(),
            title: id.into(),
            children: vec![],
        }
    }

    #[test]
    fn repeated_headings_get_numbered_ids() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.allocate(None, "Intro"), "intro");
        assert_eq!(ids.allocate(None, "Intro"), "intro-1");
        assert_eq!(ids.allocate(Some("custom"), "Intro"), "custom");
        assert_eq!(ids.allocate(None, "!!!"), "section");
    }

    #[test]
    fn toc_nests_by_level() {
        let toc = nest(vec![e(2, "a"), e(3, "b"), e(2, "c"), e(4, "d")]);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children[0].id, "b");
        assert_eq!(toc[1].children[0].id, "d");
    }
}
