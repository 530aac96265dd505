//! Loading: `content/` on disk to `Document` values. Nothing here knows about URLs or HTML.
//!
//! Every markdown file is one document. Its place in the tree decides its kind: `_index.md` is a
//! section (or the home page, or a taxonomy's own page), a file in a folder named after a
//! taxonomy is that taxonomy's term page, anything else is a page of the section it sits in.
//! A folder's `index.md` is its section page too, as Quartz and Obsidian Publish take it,
//! unless the folder is a page bundle (`index.md` and no other markdown below it); the root's
//! `index.md` is the home page (`layout.rs`).

pub mod assets;
pub mod body;
pub mod claims;
mod date;
mod fences;
pub mod file_dates;
pub mod formats;
pub mod front_matter;
mod keys;
pub mod layout;
pub mod plain;
pub mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::languages::Scope;
pub use body::Bodies;
use front_matter::KeySet;
pub use front_matter::{Date, FrontMatter, SortBy};
pub use layout::Layout;

pub const CONTENT_DIR: &str = "content";

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// `content/_index.md`.
    Home,
    /// `content/<dir>/_index.md`; `dir` is the section's folder, like `articles` or `a/b`.
    Section { dir: String },
    /// Any other file; `section` is its folder ("" for the content root).
    Page { section: String },
    /// `content/<taxonomy>/_index.md`.
    Taxonomy { name: String },
    /// `content/<taxonomy>/<term>.md`.
    Term { taxonomy: String },
}

#[derive(Clone, Debug)]
pub struct Document {
    /// Path inside `content/` with `/` separators, like `articles/foo.md`: the name links use.
    pub source: String,
    /// Path from the site root, like `content/articles/foo.md`: the name errors use.
    pub file: PathBuf,
    pub kind: DocKind,
    pub front: FrontMatter,
    /// Empty when the body is kept elsewhere (`kept`): read it with `text`.
    pub body: String,
    pub kept: body::Kept,
    /// Line of the file on which `body` starts.
    pub body_line: usize,
}

impl Document {
    /// The body, read back from the spill or from its file when it was kept there.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        self.kept.read(&self.body, &self.file)
    }

    /// The file's stem, or its folder's name for `_index.md` and a bundle's `index.md`: the
    /// default slug.
    pub fn stem(&self) -> &str {
        let path = Path::new(&self.source);
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        // A bundle's page, or a folder's `index.md` taken as its section page.
        let folder_page = stem == "index" && !matches!(self.kind, DocKind::Term { .. });
        if stem == "_index" || (folder_page && path.parent().is_some_and(|p| p != Path::new(""))) {
            path.parent()
                .and_then(|p| p.file_name())
                .and_then(|s| s.to_str())
                .unwrap_or("")
        } else {
            stem
        }
    }
}

/// Every markdown file under `root/content`, loaded, by source path in path order; the other
/// files (assets); and the problems of the walk itself (a missing folder, symlink loops).
/// On a site of several languages, `scope` picks the files of one language and names each by
/// its neutral path (`languages::Scope`).
/// Each file's body is kept where `bodies` says, as it is loaded.
pub fn load_all(
    root: &Path,
    config: &Config,
    scope: Option<&Scope>,
    bodies: Bodies,
) -> (Vec<(String, Loaded)>, assets::Assets, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(format!("there is no `{CONTENT_DIR}` folder in {}", root.display()))
                .help("create `content/` and put markdown files in it, or pass --root with the site's folder"),
        );
        return (Vec::new(), assets::Assets::new(), diagnostics);
    }
    let (paths, others, walk_errors) = walk::content_files(&content);
    diagnostics.extend(walk_errors);
    let (paths, sources): (Vec<&PathBuf>, Vec<String>) = paths
        .iter()
        .filter_map(|p| {
            let rel = source_of(p);
            match scope {
                Some(scope) => scope.markdown(&rel).map(|neutral| (p, neutral)),
                None => Some((p, rel)),
            }
        })
        .unzip();
    let layout = Layout::of(sources.iter().map(String::as_str));
    let mut loaded: Vec<(String, Loaded)> = paths
        .par_iter()
        .zip(sources)
        .map(|(rel, source)| {
            let loaded = load_one(&content, rel, &source, config, &layout, bodies);
            (source, loaded)
        })
        .collect();
    // Path order, the same whether the documents came from one walk or were updated one by one.
    loaded.sort_by(|a, b| a.0.cmp(&b.0));
    (loaded, assets::load(root, &others, scope), diagnostics)
}

/// Loads one file by its source path (`articles/a.md`); None when it no longer exists or is
/// not a content file. `layout` is that of every markdown file in `content/`.
pub fn load_file(
    root: &Path,
    config: &Config,
    layout: &Layout,
    source: &str,
    scope: Option<&Scope>,
) -> Option<Loaded> {
    let rel = written_at(root, source, scope)?;
    Some(load_one(
        &root.join(CONTENT_DIR),
        Path::new(&rel),
        source,
        config,
        layout,
        Bodies::Held,
    ))
}

/// Where in `content/` the markdown file of (neutral) path `source` is written, if anywhere.
pub fn written_at(root: &Path, source: &str, scope: Option<&Scope>) -> Option<String> {
    match scope {
        None => exists_as_markdown(root, source).then(|| source.to_string()),
        Some(scope) => scope
            .markdown_candidates(source)
            .into_iter()
            .find(|rel| exists_as_markdown(root, rel)),
    }
}

/// True when `source` names a markdown file in `content/` that a walk would load.
pub fn exists_as_markdown(root: &Path, source: &str) -> bool {
    let rel = Path::new(source);
    let name = rel.file_name().map(|n| n.to_string_lossy());
    name.is_some_and(|n| !walk::is_ignored_name(&n))
        && rel.extension().is_some_and(|e| e == "md")
        && root.join(CONTENT_DIR).join(rel).is_file()
}

fn source_of(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A document and its warnings, or the errors that stopped it loading.
/// Documents are shared with the site graph, which never changes them.
pub type Loaded = Result<(Arc<Document>, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Loads the file at `rel` (inside `content/`) as the document of (neutral) path `source`.
fn load_one(
    content: &Path,
    rel: &Path,
    source: &str,
    config: &Config,
    layout: &Layout,
    bodies: Bodies,
) -> Loaded {
    let file = PathBuf::from(CONTENT_DIR).join(rel);
    let source = source.to_string();
    let bytes = std::fs::read(content.join(rel)).map_err(|e| {
        vec![Diagnostic::error(format!("cannot read the file: {e}"))
            .in_file(&file)
            .help("check that it exists and is readable; a file removed during the build is read again on the next one")]
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = 1 + valid.iter().filter(|b| **b == b'\n').count();
        let column =
            1 + String::from_utf8_lossy(valid.rsplit(|b| *b == b'\n').next().unwrap_or(&[]))
                .chars()
                .count();
        vec![
            Diagnostic::error("the file is not valid UTF-8")
                .in_file(&file)
                .at(line, column)
                .help("save the file as UTF-8 in your editor"),
        ]
    })?;
    let kind = classify(&source, &config.taxonomies, layout).map_err(|d| vec![d.in_file(&file)])?;
    let keys = match kind {
        DocKind::Home | DocKind::Section { .. } | DocKind::Taxonomy { .. } => KeySet::Listing,
        DocKind::Term { .. } => KeySet::Term,
        DocKind::Page { .. } => KeySet::Page,
    };
    let split = front_matter::split(&file, &text).map_err(|d| vec![d])?;
    let (mut front, mut warnings) = front_matter::parse(&file, &split, keys, &config.taxonomies)?;
    // Obsidian's `%% comments %%` never reach any output.
    let mut body = crate::markdown::comments::strip(split.body).into_owned();
    // A note without a title (plain markdown, or an Obsidian note, titled by its file name)
    // takes its first heading, else its file name.
    if front.title.trim().is_empty() {
        let (title, from) = if let Some((heading, rest)) = plain::take_leading_heading(&body) {
            body = rest;
            (heading, "its first heading")
        } else if let Some(heading) = plain::first_heading(&body) {
            (heading, "its first heading")
        } else {
            (plain::title_from_name(&source), "its file name")
        };
        front.title = title;
        let (what, help) = if split.bare {
            (
                "no front matter",
                "add front matter (`---`, `title: ...`, `---`) to set the title, date and terms",
            )
        } else {
            (
                "no `title:`",
                "add `title: ...` to the front matter to set it",
            )
        };
        warnings.push(
            Diagnostic::note(format!("{what}: the title is taken from {from}"))
                .in_file(&file)
                .help(help),
        );
    }
    let root = content.parent().unwrap_or(content);
    // Only a page without dates shows when its file changed; the others skip the look-up.
    if front.date.is_none() && front.updated.is_none() {
        front.changed = file_dates::last_change(root, &source_of(rel));
    }
    let kept = bodies.keep(&content.join(rel), &text, &body);
    if !matches!(kept, body::Kept::Here) {
        body = String::new();
    }
    let doc = Document {
        body,
        kept,
        body_line: split.body_line,
        source,
        file,
        kind,
        front,
    };
    Ok((Arc::new(doc), warnings))
}

/// Decides a file's kind from its path inside `content/`.
fn classify(source: &str, taxonomies: &[String], layout: &Layout) -> Result<DocKind, Diagnostic> {
    let (dir, name) = source.rsplit_once('/').unwrap_or(("", source));
    let top = dir.split('/').next().unwrap_or("");
    if taxonomies.iter().any(|t| t == top) {
        if dir != top {
            return Err(Diagnostic::error(format!(
                "`{top}` is a taxonomy, so its folder holds only term pages, not sub-folders"
            ))
            .help(format!("move the file directly into content/{top}/")));
        }
        return Ok(if name == "_index.md" {
            DocKind::Taxonomy {
                name: top.to_string(),
            }
        } else {
            DocKind::Term {
                taxonomy: top.to_string(),
            }
        });
    }
    Ok(match (dir, name) {
        ("", "_index.md") => DocKind::Home,
        ("", "index.md") if layout.index_is_home() => DocKind::Home,
        (dir, "_index.md") => DocKind::Section {
            dir: dir.to_string(),
        },
        // A folder's `index.md`, when the folder holds more than a bundle's one page.
        (dir, "index.md") if layout.index_is_section(dir) => DocKind::Section {
            dir: dir.to_string(),
        },
        // A page bundle: `articles/foo/index.md` is the page `articles/foo`, its files beside it.
        (dir, "index.md") if !dir.is_empty() => DocKind::Page {
            section: dir
                .rsplit_once('/')
                .map_or("", |(parent, _)| parent)
                .to_string(),
        },
        (dir, _) => DocKind::Page {
            section: dir.to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_folder_layout() {
        let tax = vec!["topics".to_string()];
        let layout = Layout::default();
        let classify = |s: &str, t: &[String]| super::classify(s, t, &layout);
        assert_eq!(classify("_index.md", &tax).unwrap(), DocKind::Home);
        assert_eq!(
            classify("about.md", &tax).unwrap(),
            DocKind::Page { section: "".into() }
        );
        assert_eq!(
            classify("articles/_index.md", &tax).unwrap(),
            DocKind::Section {
                dir: "articles".into()
            }
        );
        assert_eq!(
            classify("topics/motives.md", &tax).unwrap(),
            DocKind::Term {
                taxonomy: "topics".into()
            }
        );
        assert!(classify("topics/x/y.md", &tax).is_err());
        assert_eq!(
            classify("articles/foo/index.md", &tax).unwrap(),
            DocKind::Page {
                section: "articles".into()
            }
        );
    }

    #[test]
    fn an_index_of_a_folder_with_more_notes_is_its_section() {
        let tax = vec![];
        let layout = Layout::of(
            [
                "index.md",
                "guide/index.md",
                "guide/start.md",
                "post/index.md",
            ]
            .into_iter(),
        );
        let classify = |s: &str| super::classify(s, &tax, &layout).unwrap();
        assert_eq!(classify("index.md"), DocKind::Home);
        assert_eq!(
            classify("guide/index.md"),
            DocKind::Section {
                dir: "guide".into()
            }
        );
        assert_eq!(
            classify("post/index.md"),
            DocKind::Page { section: "".into() }
        );
    }
}
