//! Obsidian's links: `[[Note]]`, `[[Note|shown text]]`, `[[folder/Note#Heading]]`,
//! `[[Note#^block-id]]`, `[[#Heading]]`, and the embeds `![[image.png|300]]` and
//! `![[Note#Heading]]`. pulldown-cmark parses them (as links and images of the `WikiLink`
//! type); this module says what a target names, the way Obsidian resolves it:
//!
//! - a path (`folder/Note`) names the note at that path, from the note's folder or from the
//!   root, or else the one whose path ends with it;
//! - a bare name names the note of that file name anywhere in `content/`, the one with the
//!   shortest path when several share it, or else the note that has it among its `aliases`;
//! - case does not matter, and `.md` may be written or not.
//!
//! Files (`![[diagram.png]]`) are found the same way among the files that are not notes, as
//! Obsidian's attachment folders need.

use std::collections::HashMap;

/// Every note and file of the site, by the names a link may use.
#[derive(Debug, Default)]
pub struct NoteIndex {
    /// Lower-cased path without `.md` → source path.
    notes_by_path: HashMap<String, String>,
    /// Lower-cased file stem → source paths, shortest first.
    notes_by_name: HashMap<String, Vec<String>>,
    /// Lower-cased alias → source paths, in path order.
    notes_by_alias: HashMap<String, Vec<String>>,
    /// Lower-cased path → source path, for files that are not notes.
    files_by_path: HashMap<String, String>,
    /// Lower-cased file name → source paths, shortest first.
    files_by_name: HashMap<String, Vec<String>>,
}

/// A wikilink's target as written: `folder/Note#Heading` gives the note `folder/Note` and the
/// fragment `Heading`; `#^id` a block on the same page.
#[derive(Debug, PartialEq, Eq)]
pub struct Target<'a> {
    /// Empty for a link to the same page (`[[#Heading]]`).
    pub name: &'a str,
    /// What follows the first `#`: a heading's text (the last of `A#B`), or `^id`.
    pub fragment: Option<&'a str>,
}

impl<'a> Target<'a> {
    /// Reads a target; a trailing `\` (the `[[a\|b]]` form in tables) is dropped.
    pub fn parse(written: &'a str) -> Target<'a> {
        let written = written.trim().trim_end_matches('\\').trim();
        let (name, fragment) = match written.split_once('#') {
            Some((name, fragment)) => {
                // `Note#Part#Subpart`: Obsidian's nested heading path names the last one.
                let last = fragment.rsplit('#').next().unwrap_or(fragment).trim();
                (name.trim(), (!last.is_empty()).then_some(last))
            }
            None => (written, None),
        };
        Target { name, fragment }
    }

    /// The text a link shows when none is given: `Note > Heading`, as Obsidian shows it.
    pub fn shown(&self) -> String {
        let name = strip_md(self.name);
        match self.fragment {
            Some(f) if name.is_empty() => f.trim_start_matches('^').to_string(),
            Some(f) => format!("{name} > {}", f.trim_start_matches('^')),
            None => name.to_string(),
        }
    }
}

/// The extension of a name that names a file rather than a note (`photo.png`, not `v1.2`).
pub fn file_extension(name: &str) -> Option<String> {
    let (_, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    let plausible =
        !ext.is_empty() && ext.len() <= 5 && ext.chars().all(|c| c.is_ascii_alphanumeric());
    (plausible && ext != "md").then_some(ext)
}

fn strip_md(name: &str) -> &str {
    name.strip_suffix(".md")
        .or_else(|| name.strip_suffix(".MD"))
        .unwrap_or(name)
}

fn stem_of(source: &str) -> &str {
    let name = source.rsplit('/').next().unwrap_or(source);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

fn folder_of(source: &str) -> &str {
    source.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Sorts sources shortest path first, then by path, so the pick is the same every build.
fn shortest_first(sources: &mut [String]) {
    sources.sort_by(|a, b| {
        a.matches('/')
            .count()
            .cmp(&b.matches('/').count())
            .then(a.len().cmp(&b.len()))
            .then(a.cmp(b))
    });
}

impl NoteIndex {
    /// The index of notes (`(source, aliases)`, sources like `guide/Start here.md`) and files
    /// (sources like `attachments/diagram.png`).
    pub fn new<'s>(
        notes: impl Iterator<Item = (&'s str, &'s [String])>,
        files: impl Iterator<Item = &'s str>,
    ) -> NoteIndex {
        let mut index = NoteIndex::default();
        for (source, aliases) in notes {
            index
                .notes_by_path
                .insert(strip_md(source).to_lowercase(), source.to_string());
            index
                .notes_by_name
                .entry(stem_of(source).to_lowercase())
                .or_default()
                .push(source.to_string());
            for alias in aliases {
                let sources = index
                    .notes_by_alias
                    .entry(alias.trim().to_lowercase())
                    .or_default();
                // `ML` and `ml` on one note are one name.
                if sources.last().is_none_or(|s| s != source) {
                    sources.push(source.to_string());
                }
            }
        }
        for source in files {
            index
                .files_by_path
                .insert(source.to_lowercase(), source.to_string());
            let name = source.rsplit('/').next().unwrap_or(source);
            index
                .files_by_name
                .entry(name.to_lowercase())
                .or_default()
                .push(source.to_string());
        }
        index
            .notes_by_name
            .values_mut()
            .for_each(|v| shortest_first(v));
        index
            .files_by_name
            .values_mut()
            .for_each(|v| shortest_first(v));
        index
    }

    /// The note `name` names from the note `from`, if any.
    pub fn note<'s>(&'s self, name: &str, from: &str) -> Option<&'s str> {
        let name = strip_md(name.trim().trim_start_matches("./"));
        if name.is_empty() {
            return self
                .notes_by_path
                .get(&strip_md(from).to_lowercase())
                .map(String::as_str);
        }
        let lower = name.to_lowercase();
        if name.contains('/') {
            let lower = lower.trim_start_matches('/');
            return self
                .by_relative_path(&self.notes_by_path, lower, from)
                .or_else(|| {
                    let suffix = format!("/{lower}");
                    let mut found: Vec<&String> = self
                        .notes_by_path
                        .iter()
                        .filter(|(path, _)| path.ends_with(&suffix))
                        .map(|(_, source)| source)
                        .collect();
                    found.sort_by_key(|s| (s.len(), s.as_str()));
                    found.first().map(|s| s.as_str())
                });
        }
        self.notes_by_name
            .get(&lower)
            .or_else(|| self.notes_by_alias.get(&lower))
            .and_then(|all| all.first())
            .map(String::as_str)
    }

    /// The file (not a note) `name` names from the note `from`, if any.
    pub fn file<'s>(&'s self, name: &str, from: &str) -> Option<&'s str> {
        let name = name.trim().trim_start_matches("./");
        let lower = name.to_lowercase();
        if name.contains('/') {
            let lower = lower.trim_start_matches('/');
            if let Some(found) = self.by_relative_path(&self.files_by_path, lower, from) {
                return Some(found);
            }
        }
        let file_name = lower.rsplit('/').next().unwrap_or(&lower);
        self.files_by_name
            .get(file_name)
            .and_then(|all| all.first())
            .map(String::as_str)
    }

    /// `path` (lower-cased) from the folder of `from`, then from the root.
    fn by_relative_path<'i>(
        &'i self,
        map: &'i HashMap<String, String>,
        path: &str,
        from: &str,
    ) -> Option<&'i str> {
        let folder = folder_of(from).to_lowercase();
        let beside = if folder.is_empty() {
            None
        } else {
            map.get(&format!("{folder}/{path}"))
        };
        beside.or_else(|| map.get(path)).map(String::as_str)
    }

    /// Notes that share `alias` with another note, for a warning each.
    pub fn shared_aliases(&self) -> Vec<(&str, &[String])> {
        let mut shared: Vec<(&str, &[String])> = self
            .notes_by_alias
            .iter()
            .filter(|(_, sources)| sources.len() > 1)
            .map(|(alias, sources)| (alias.as_str(), sources.as_slice()))
            .collect();
        shared.sort();
        shared
    }

    /// Every name a link may use, for suggestions: notes' file names and aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.notes_by_name
            .values()
            .filter_map(|v| v.first())
            .map(|s| stem_of(s))
            .chain(self.notes_by_alias.keys().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> NoteIndex {
        let aliases = vec!["LLM".to_string()];
        let none: Vec<String> = Vec::new();
        NoteIndex::new(
            [
                ("Start here.md", none.as_slice()),
                ("guide/Start here.md", none.as_slice()),
                ("guide/deep/Models.md", aliases.as_slice()),
                ("other/Models.md", none.as_slice()),
            ]
            .into_iter(),
            ["attachments/Diagram.png", "guide/diagram.png"].into_iter(),
        )
    }

    #[test]
    fn targets_split_into_name_and_fragment() {
        assert_eq!(
            Target::parse("folder/Note#Some Heading"),
            Target {
                name: "folder/Note",
                fragment: Some("Some Heading")
            }
        );
        assert_eq!(Target::parse("#^blk").fragment, Some("^blk"));
        assert_eq!(Target::parse("Note\\").name, "Note");
        assert_eq!(Target::parse("A#B#C").fragment, Some("C"));
        assert_eq!(Target::parse("Note.md#Part").shown(), "Note > Part");
        assert_eq!(Target::parse("#Part").shown(), "Part");
    }

    #[test]
    fn names_resolve_as_obsidian_resolves_them() {
        let index = index();
        // Shortest path first; case and `.md` do not matter.
        assert_eq!(index.note("start HERE", "x/y.md"), Some("Start here.md"));
        assert_eq!(index.note("Start here.md", "x/y.md"), Some("Start here.md"));
        // A path from the note's folder, then from the root, then as a path's end.
        assert_eq!(
            index.note("deep/Models", "guide/a.md"),
            Some("guide/deep/Models.md")
        );
        assert_eq!(
            index.note("guide/Start here", "a.md"),
            Some("guide/Start here.md")
        );
        assert_eq!(
            index.note("deep/models", "a.md"),
            Some("guide/deep/Models.md")
        );
        // Aliases, after file names.
        assert_eq!(index.note("llm", "a.md"), Some("guide/deep/Models.md"));
        assert_eq!(index.note("Missing", "a.md"), None);
        // The page itself.
        assert_eq!(
            index.note("", "guide/Start here.md"),
            Some("guide/Start here.md")
        );
    }

    #[test]
    fn files_resolve_by_name_anywhere() {
        let index = index();
        assert_eq!(index.file("diagram.png", "a.md"), Some("guide/diagram.png"));
        assert_eq!(
            index.file("attachments/diagram.png", "a.md"),
            Some("attachments/Diagram.png")
        );
        assert_eq!(index.file("nothing.png", "a.md"), None);
    }
}
