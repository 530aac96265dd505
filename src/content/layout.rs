//! Which `index.md` files are section pages. Hugo and Zola name a section's own page
//! `_index.md` and keep `index.md` for a page bundle (a page with its files in a folder of its
//! own); Quartz and Obsidian Publish take a folder's `index.md` as the folder's page, and the
//! root's as the home page. Both hold: `dir/index.md` is the section page of `dir` when other
//! markdown files sit in `dir` or below it, and a bundle's page when it is alone there. Where a
//! folder has both, `_index.md` is its page. The root's `index.md` is the home page unless a
//! root `_index.md` is.

use std::collections::BTreeSet;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// Folders whose `index.md` is their section page.
    index_sections: BTreeSet<String>,
    /// There is a root `index.md` and no root `_index.md`.
    index_home: bool,
}

impl Layout {
    /// The layout of these markdown files (paths inside `content/`, with `/`).
    pub fn of<'a>(sources: impl Iterator<Item = &'a str>) -> Layout {
        let mut folders_with_index = BTreeSet::new();
        let mut folders_with_underscore = BTreeSet::new();
        let mut others: Vec<&str> = Vec::new();
        let (mut root_index, mut root_underscore) = (false, false);
        for source in sources {
            match source.rsplit_once('/') {
                Some((dir, "index.md")) => {
                    folders_with_index.insert(dir.to_string());
                }
                Some((dir, name)) => {
                    if name == "_index.md" {
                        folders_with_underscore.insert(dir);
                    }
                    others.push(source);
                }
                None if source == "index.md" => root_index = true,
                None => root_underscore |= source == "_index.md",
            }
        }
        // A folder is more than a bundle when a markdown file other than its own index sits
        // in it or below it (a sub-folder's index counts).
        let mut index_sections = BTreeSet::new();
        for dir in &folders_with_index {
            let prefix = format!("{dir}/");
            let below = others.iter().any(|s| s.starts_with(&prefix))
                || folders_with_index
                    .iter()
                    .any(|d| d != dir && d.starts_with(&prefix));
            // `_index.md` is the section's page where both are written.
            if below && !folders_with_underscore.contains(dir.as_str()) {
                index_sections.insert(dir.clone());
            }
        }
        Layout {
            index_sections,
            index_home: root_index && !root_underscore,
        }
    }

    pub fn index_is_section(&self, dir: &str) -> bool {
        self.index_sections.contains(dir)
    }

    pub fn index_is_home(&self) -> bool {
        self.index_home
    }
}
