//! Links written as files: `[text](other.md#anchor)` resolves, relative to the file that holds
//! it, to the page built from `other.md`. Root-relative links (`/articles/x/`) get the site's
//! base path, so the same markdown works at `/` and under a sub-path.

use std::collections::HashMap;

/// What a link destination in markdown is.
#[derive(Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// `https://...`, `mailto:...`, `//host/...`, `#anchor` or a relative asset: left alone.
    Untouched,
    /// `/path`: a site URL written from the site root.
    SiteRoot { path: &'a str },
    /// A markdown file: `source` is its path inside `content/`, normalised.
    File {
        source: String,
        anchor: Option<&'a str>,
    },
    /// A markdown file path that climbs out of `content/`.
    OutsideContent,
    /// A relative path to another file (`chart.png`, `../data/table.csv`): `source` is its
    /// path inside `content/`, where it must exist; it is published at that path.
    Asset { source: String },
}

/// Classifies `dest`, found in the file whose content path is `from` (like `articles/a.md`).
/// Zola's `@/path/to/page.md#anchor` names a file from the content root.
pub fn classify<'a>(dest: &'a str, from: &str) -> Target<'a> {
    if let Some(rooted) = dest.strip_prefix("@/") {
        let (path, anchor) = match rooted.split_once('#') {
            Some((p, a)) => (p, Some(a).filter(|a| !a.is_empty())),
            None => (rooted, None),
        };
        return match normalise("", &percent_decode(path)) {
            Some(source) if source.ends_with(".md") => Target::File { source, anchor },
            Some(source) => Target::Asset { source },
            None => Target::OutsideContent,
        };
    }
    if dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
        return Target::Untouched;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    if path.ends_with(".md") {
        // Obsidian writes `[x](My%20note.md)`.
        let path = &percent_decode(path);
        let base = if path.starts_with('/') {
            ""
        } else {
            from.rsplit_once('/').map_or("", |(dir, _)| dir)
        };
        return match normalise(base, path) {
            Some(source) => Target::File {
                source,
                anchor: anchor.filter(|a| !a.is_empty()),
            },
            None => Target::OutsideContent,
        };
    }
    match dest.strip_prefix('/') {
        Some(rest) => Target::SiteRoot { path: rest },
        None if is_file_name(path) => {
            let base = from.rsplit_once('/').map_or("", |(dir, _)| dir);
            match normalise(base, &percent_decode(path)) {
                Some(source) => Target::Asset { source },
                None => Target::OutsideContent,
            }
        }
        None => Target::Untouched,
    }
}

/// True when the last segment of `path` names a file (`chart.png`), not a folder (`page/2/`).
fn is_file_name(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && !ext.is_empty() && ext.chars().all(char::is_alphanumeric)
    })
}

fn percent_decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned()
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Joins `path` onto folder `base` and resolves `.` and `..`; None when it leaves the root.
fn normalise(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Source path to URL for every document, used to rewrite file links.
pub type UrlMap = HashMap<String, String>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_links_resolve_relative_to_their_file() {
        assert_eq!(
            classify("../topics/motives.md#faster", "articles/a.md"),
            Target::File {
                source: "topics/motives.md".into(),
                anchor: Some("faster")
            }
        );
        assert_eq!(
            classify("b.md", "articles/a.md"),
            Target::File {
                source: "articles/b.md".into(),
                anchor: None
            }
        );
        assert_eq!(
            classify("../../x.md", "articles/a.md"),
            Target::OutsideContent
        );
    }

    #[test]
    fn zola_links_start_at_the_content_root() {
        assert_eq!(
            classify("@/documentation/templates/overview.md#tera", "blog/a.md"),
            Target::File {
                source: "documentation/templates/overview.md".into(),
                anchor: Some("tera")
            }
        );
        assert_eq!(classify("@/../x.md", "a.md"), Target::OutsideContent);
    }

    #[test]
    fn other_links_are_left_or_rebased() {
        assert_eq!(classify("https://x.org/a.md", "a.md"), Target::Untouched);
        assert_eq!(classify("#top", "a.md"), Target::Untouched);
        assert_eq!(
            classify("img/chart%201.png", "articles/a/index.md"),
            Target::Asset {
                source: "articles/a/img/chart 1.png".into()
            }
        );
        assert_eq!(classify("../../../x.png", "a/b.md"), Target::OutsideContent);
        assert_eq!(classify("page/2/", "a.md"), Target::Untouched);
        assert_eq!(
            classify("/articles/x/", "a.md"),
            Target::SiteRoot {
                path: "articles/x/"
            }
        );
    }
}
