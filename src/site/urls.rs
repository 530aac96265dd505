//! Where each document is published. A URL path here is relative to the site's base and ends
//! in `/` (`articles/foo/`); the home page's is empty. Every path is checked to stay inside the
//! output folder: a slug is one path segment, never `..`.

use std::collections::HashMap;
use std::sync::Arc;

use crate::content::{DocKind, Document};
use crate::error::Diagnostic;
use crate::slug::{file_segment, slugify};

/// The URL path of `doc`, or an error when its slug cannot be one path segment or its
/// `permalink` cannot be a path inside the site.
pub fn path_of(doc: &Document) -> Result<String, Diagnostic> {
    if let Some(permalink) = &doc.front.permalink
        && !matches!(doc.kind, DocKind::Term { .. } | DocKind::Taxonomy { .. })
    {
        return permalink_path(permalink).ok_or_else(|| {
            Diagnostic::error(format!(
                "permalink `{permalink}` is not a path inside the site"
            ))
            .in_file(&doc.file)
            .at_line(doc.front.key_lines.get("permalink").copied().unwrap_or(2))
            .help("write it as a site path like `/guide/start/`, without `..`, `?` or `#`")
        });
    }
    let slug = || -> Result<String, Diagnostic> {
        match &doc.front.slug {
            Some(s) => check_slug(s).map_err(|why| {
                Diagnostic::error(format!("slug `{s}` {why}"))
                    .in_file(&doc.file)
                    .at_line(doc.front.key_lines.get("slug").copied().unwrap_or(2))
                    .help("a slug is one URL segment: letters, digits, `-` and `_`, like `my-page`")
            }),
            None => Ok(file_segment(doc.stem())),
        }
    };
    let term_slug = || -> Result<String, Diagnostic> {
        match &doc.front.slug {
            Some(_) => slug(),
            None => Ok(slugify(doc.stem())),
        }
    };
    Ok(match &doc.kind {
        DocKind::Home => String::new(),
        DocKind::Taxonomy { name } => format!("{name}/"),
        DocKind::Section { dir } => {
            let parent = dir.rsplit_once('/').map_or("", |(p, _)| p);
            join(&slugify_dir(parent), &slug()?)
        }
        DocKind::Page { section } => join(&slugify_dir(section), &slug()?),
        // A term's URL is its name's slug, as the pages naming it link to it.
        DocKind::Term { taxonomy } => join(taxonomy, &term_slug()?),
    })
}

/// The URL path of a section folder (`a/b` gives `a/b/`), each segment slugified.
pub fn section_path(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        format!("{}/", slugify_dir(dir))
    }
}

fn slugify_dir(dir: &str) -> String {
    dir.split('/')
        .filter(|s| !s.is_empty())
        .map(file_segment)
        .collect::<Vec<_>>()
        .join("/")
}

fn join(dir: &str, slug: &str) -> String {
    if dir.is_empty() {
        format!("{slug}/")
    } else {
        format!("{dir}/{slug}/")
    }
}

/// Why `slug` cannot be a path segment, if it cannot.
fn check_slug(slug: &str) -> Result<String, &'static str> {
    let slug = slug.trim();
    if slug.is_empty() {
        return Err("is empty");
    }
    if slug == "." || slug == ".." {
        return Err("would leave its folder");
    }
    if slug.contains(['/', '\\']) {
        return Err("contains a path separator");
    }
    if slug
        .chars()
        .any(|c| c.is_control() || matches!(c, '?' | '#' | '%' | '"' | '<' | '>'))
    {
        return Err("contains a character that is not allowed in a URL segment");
    }
    Ok(slug.to_string())
}

/// `permalink: /guide/start/` (or `guide/start`) as a URL path, `guide/start/`; each segment
/// must be one a slug may be. `/` is the home page's path, the empty one.
pub fn permalink_path(permalink: &str) -> Option<String> {
    let segments: Vec<&str> = permalink
        .trim()
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    if segments.iter().any(|s| check_slug(s).is_err()) {
        return None;
    }
    Some(segments.iter().map(|s| format!("{s}/")).collect())
}

/// One error for each place more than one document would be written to, naming them all.
pub fn duplicates(docs: &[Arc<Document>], paths: &[String]) -> Vec<Diagnostic> {
    let mut by_path: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, path) in paths.iter().enumerate() {
        by_path.entry(path).or_default().push(i);
    }
    let mut clashes: Vec<(&str, Vec<usize>)> =
        by_path.into_iter().filter(|(_, d)| d.len() > 1).collect();
    clashes.sort_by_key(|(_, d)| d[0]);
    clashes
        .into_iter()
        .map(|(path, all)| {
            let names: Vec<String> = all
                .iter()
                .map(|&i| docs[i].file.display().to_string())
                .collect();
            let last = &docs[all[all.len() - 1]];
            let which = if names.len() == 2 { "both" } else { "all" };
            Diagnostic::error(format!(
                "{} would {which} be published at /{path}",
                names.join(" and ")
            ))
            .in_file(&last.file)
            .at_line(last.front.key_lines.get("slug").copied().unwrap_or(1))
            .help("give all but one of them a different file name or `slug:`")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_slugs_are_refused() {
        assert!(check_slug("../etc").is_err());
        assert!(check_slug("..").is_err());
        assert!(check_slug("a\\b").is_err());
        assert!(check_slug("ok-slug").is_ok());
    }

    #[test]
    fn permalinks_are_paths_inside_the_site() {
        assert_eq!(
            permalink_path("/guide/start/").as_deref(),
            Some("guide/start/")
        );
        assert_eq!(
            permalink_path("guide/start").as_deref(),
            Some("guide/start/")
        );
        assert_eq!(permalink_path("/").as_deref(), Some(""));
        assert_eq!(permalink_path("/a/../b/"), None);
        assert_eq!(permalink_path("/a?b"), None);
    }
}
