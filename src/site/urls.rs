//! Where each document is published. A URL path here is relative to the site's base and ends
//! in `/` (`articles/foo/`); the home page's is empty. Every path is checked to stay inside the
//! output folder: a slug is one path segment, never `..`.

use std::collections::HashMap;
use std::sync::Arc;

use crate::content::{DocKind, Document};
use crate::error::Diagnostic;
use crate::slug::slugify;

/// The URL path of `doc`, or an error when its slug cannot be one path segment.
pub fn path_of(doc: &Document) -> Result<String, Diagnostic> {
    let slug = || -> Result<String, Diagnostic> {
        match &doc.front.slug {
            Some(s) => check_slug(s).map_err(|why| {
                Diagnostic::error(format!("slug `{s}` {why}"))
                    .in_file(&doc.file)
                    .at_line(doc.front.key_lines.get("slug").copied().unwrap_or(2))
                    .help("a slug is one URL segment: letters, digits, `-` and `_`, like `my-page`")
            }),
            None => {
                let s = slugify(doc.stem());
                if s.is_empty() {
                    Err(Diagnostic::error("the file name gives an empty URL")
                        .in_file(&doc.file)
                        .help("rename the file with letters or digits, or set `slug:` in its front matter"))
                } else {
                    Ok(s)
                }
            }
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
        DocKind::Term { taxonomy } => join(taxonomy, &slug()?),
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
        .map(slugify)
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

/// Errors for documents that would be written to the same place, naming both files.
pub fn duplicates(docs: &[Arc<Document>], paths: &[String]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        if let Some(&first) = seen.get(path.as_str()) {
            errors.push(
                Diagnostic::error(format!(
                    "{} and {} would both be published at /{path}",
                    docs[first].file.display(),
                    docs[i].file.display()
                ))
                .in_file(&docs[i].file)
                .at_line(docs[i].front.key_lines.get("slug").copied().unwrap_or(1))
                .help("give one of them a different file name or `slug:`"),
            );
        } else {
            seen.insert(path, i);
        }
    }
    errors
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
}
