//! What a link or an embed in the text can name, and how a markdown link's destination
//! becomes a URL. `Targets` is the same for every page of a build; `rewrite` resolves one
//! destination, records what it looked up (so a cached render knows when it went stale) and
//! reports what it could not find.
//!
//! A link written as a file (`[x](other.md)`, `![x](chart.png)`) resolves from the page's
//! folder. When nothing is there but a note or file of that name exists elsewhere in
//! `content/`, it resolves to that one, as Obsidian and Quartz resolve it, with a note in
//! `weave check`; a name found nowhere stays an error.

use std::collections::HashMap;
use std::sync::Arc;

use pulldown_cmark::CowStr;

use crate::content::Document;
use crate::error::{Diagnostic, Severity};
use crate::markdown::links::{self, Target, UrlMap};
use crate::markdown::local_files::{self, AssetSizes};
use crate::markdown::note_index::NoteIndex;
use crate::markdown::{FileLink, Rendered};

/// Everything the links of a page may name: the same for every page of one build.
#[derive(Debug, Default)]
pub struct Targets {
    /// `/` or `/sub/path/`.
    pub base_path: String,
    /// Source path of every page to its URL.
    pub urls: UrlMap,
    /// Files beside the pages (`content/articles/foo/chart.png`), with image sizes.
    pub assets: AssetSizes,
    /// Notes and files by the names wikilinks and embeds use.
    pub notes: NoteIndex,
    /// Every page's document, for embeds of one note in another.
    pub docs: HashMap<String, Arc<Document>>,
    /// The URL of the `tags` taxonomy (`/tags/`), which inline `#tags` link into.
    pub tags_url: Option<String>,
    /// What a wikilink naming no note is: a warning unless the site asks for errors.
    pub unresolved: Severity,
    /// Code blocks highlighted before, kept by the session between builds.
    pub highlights: Arc<crate::markdown::highlight::HighlightCache>,
    /// The site's shortcode templates.
    pub shortcodes: Arc<crate::render::shortcodes::Shortcodes>,
    /// The site's settings, as shortcodes see them (`config`).
    pub config: serde_json::Value,
}

/// Where in the file a destination was written, for messages.
#[derive(Clone, Copy)]
pub struct At<'a> {
    pub source: &'a str,
    pub file: &'a std::path::Path,
    pub line: usize,
    pub column: usize,
}

impl At<'_> {
    pub fn locate(&self, d: Diagnostic) -> Diagnostic {
        d.in_file(self.file).at(self.line, self.column)
    }

    /// Where content path `source` would be written, for messages: in the same language's
    /// folder as this page when it sits in one (`content/fr/...`), else under `content/`.
    pub fn shown(&self, source: &str) -> String {
        let file = self.file.to_string_lossy().replace('\\', "/");
        let base = file
            .strip_suffix(self.source)
            .filter(|b| b.ends_with('/'))
            .unwrap_or("content/");
        format!("{base}{source}")
    }
}

impl Targets {
    /// The URL of page `source`, recorded among the render's lookups.
    pub fn page_url(&self, source: &str, out: &mut Rendered) -> Option<String> {
        let url = self.urls.get(source);
        out.lookups.push((source.to_string(), url.cloned()));
        url.cloned()
    }

    /// The URL of file `source`, recorded among the render's lookups.
    pub fn file_url(&self, source: &str, out: &mut Rendered) -> Option<String> {
        let (key, seen) = local_files::lookup(&self.assets, source);
        out.lookups.push((key, seen.clone()));
        seen.map(|_| local_files::url(&self.base_path, source))
    }

    /// The note a name or path names, by Obsidian's rules, recorded among the lookups.
    pub fn note_named(&self, name: &str, from: &str, out: &mut Rendered) -> Option<String> {
        let found = self.notes.note(name, from).map(str::to_string);
        out.lookups
            .push((format!("note:{from}|{name}"), found.clone()));
        found
    }

    /// The file (not a note) a name or path names, recorded among the lookups.
    pub fn file_named(&self, name: &str, from: &str, out: &mut Rendered) -> Option<String> {
        let found = self.notes.file(name, from).map(str::to_string);
        out.lookups
            .push((format!("file:{from}|{name}"), found.clone()));
        found
    }

    /// True when a lookup recorded by an earlier render would give the same answer now.
    pub fn still(&self, key: &str, seen: &Option<String>) -> bool {
        let now = if let Some(asset) = key.strip_prefix("asset:") {
            local_files::lookup(&self.assets, asset).1
        } else if let Some(rest) = key.strip_prefix("note:") {
            let (from, name) = rest.split_once('|').unwrap_or(("", rest));
            self.notes.note(name, from).map(str::to_string)
        } else if let Some(rest) = key.strip_prefix("file:") {
            let (from, name) = rest.split_once('|').unwrap_or(("", rest));
            self.notes.file(name, from).map(str::to_string)
        } else if let Some(source) = key.strip_prefix("embed:") {
            self.docs.get(source).map(|d| embed_key(d))
        } else {
            self.urls.get(key).cloned()
        };
        now == *seen
    }

    /// Resolves a markdown link or image destination, recording file links and reporting the
    /// ones that break. Returns the URL, and the file (not a note) it names, if one.
    pub fn rewrite<'e>(
        &self,
        dest: &CowStr<'e>,
        at: At<'_>,
        out: &mut Rendered,
    ) -> (CowStr<'e>, Option<String>) {
        match links::classify(dest, at.source) {
            Target::Asset { source } => self.rewrite_file(dest, source, at, out),
            _ => (self.rewrite_link(dest, at, out), None),
        }
    }

    fn rewrite_link<'e>(&self, dest: &CowStr<'e>, at: At<'_>, out: &mut Rendered) -> CowStr<'e> {
        match links::classify(dest, at.source) {
            Target::Untouched | Target::Asset { .. } => dest.clone(),
            Target::SiteRoot { path } => format!("{}{path}", self.base_path).into(),
            Target::OutsideContent => {
                out.errors.push(
                    at.locate(
                        Diagnostic::error(format!(
                            "link `{dest}` points outside the content folder"
                        ))
                        .help("links to files are relative to this file; remove a `../`"),
                    ),
                );
                dest.clone()
            }
            Target::File { source, anchor } => {
                let mut found = self.page_url(&source, out).map(|url| (source.clone(), url));
                if found.is_none() {
                    let name = source.rsplit('/').next().unwrap_or(&source);
                    if let Some(other) = self.note_named(name, at.source, out)
                        && let Some(url) = self.page_url(&other, out)
                    {
                        out.errors.push(by_name(at, dest, &other));
                        found = Some((other, url));
                    }
                }
                let Some((target, url)) = found else {
                    out.errors.push(at.locate(
                        Diagnostic::error(format!(
                            "broken link: `{dest}` names {}, which does not exist",
                            at.shown(&source)
                        ))
                        .help("links to .md files are relative to this file; check the file name (drafts are only built with --drafts)"),
                    ));
                    return dest.clone();
                };
                // Obsidian writes a heading's text as the anchor: `#Vector%20form`.
                let anchor = anchor.map(|a| {
                    if a.contains(['%', ' ']) {
                        crate::slug::slugify(
                            &percent_encoding::percent_decode_str(a).decode_utf8_lossy(),
                        )
                    } else {
                        a.to_string()
                    }
                });
                out.links.push(FileLink {
                    target,
                    anchor: anchor.clone(),
                    line: at.line,
                    column: at.column,
                    wiki: false,
                });
                match anchor {
                    Some(a) => format!("{url}#{a}").into(),
                    None => url.into(),
                }
            }
        }
    }
}

impl Targets {
    /// A link or image naming a file (not a note): from the page's folder, else by its name.
    fn rewrite_file<'e>(
        &self,
        dest: &CowStr<'e>,
        source: String,
        at: At<'_>,
        out: &mut Rendered,
    ) -> (CowStr<'e>, Option<String>) {
        let suffix = dest.find(['#', '?']).map_or("", |i| &dest[i..]);
        if let Some(url) = self.file_url(&source, out) {
            return (format!("{url}{suffix}").into(), Some(source));
        }
        let name = source.rsplit('/').next().unwrap_or(&source);
        if let Some(found) = self.file_named(name, at.source, out)
            && let Some(url) = self.file_url(&found, out)
        {
            out.errors.push(by_name(at, dest, &found));
            return (format!("{url}{suffix}").into(), Some(found));
        }
        out.errors.push(at.locate(
            Diagnostic::error(format!(
                "missing file: `{dest}` names {}, which does not exist",
                at.shown(&source)
            ))
            .help("files are found relative to this page's file; put it there (a page bundle keeps a page's files in its folder: content/articles/foo/index.md beside chart.png)"),
        ));
        (dest.clone(), None)
    }
}

/// What an embed of `doc` depends on: its text, where it starts, and its file.
pub fn embed_key(doc: &Document) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(doc.text().as_bytes());
    h.update(&doc.body_line.to_le_bytes());
    format!("{:016x}", h.digest())
}

/// The note that a link written as a path, found nowhere at that path, was resolved by name.
fn by_name(at: At<'_>, dest: &str, found: &str) -> Diagnostic {
    at.locate(
        Diagnostic::note(format!(
            "`{dest}` is not beside this file; it names content/{found}, found by its name"
        ))
        .help("write the path from this file's folder to make the link exact"),
    )
}
