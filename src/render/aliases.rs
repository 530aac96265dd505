//! Redirect pages for a page's other addresses and names (`aliases:`). An alias written as a
//! path (`/old/url/`, `old.html`) is an address the page used to have, as Hugo and Zola users
//! write them; any other alias is another name of the page, as Obsidian has them (`LLM` for
//! `Large language models`), which wikilinks may use and which redirects from the page's
//! folder (`/notes/llm/`), as Quartz does. A name whose address a page already has (a note's
//! alias that is its own name, differently cased) makes no redirect.

use std::collections::HashSet;

use crate::content::DocKind;
use crate::error::Diagnostic;
use crate::render::{Output, templates};
use crate::site::Site;
use crate::site::urls::section_path;
use crate::slug::file_segment;

/// True when an alias is an address (a path), not another name of the page.
pub fn is_address(alias: &str) -> bool {
    let alias = alias.trim();
    alias.starts_with('/') || alias.ends_with(".html")
}

/// A small page at each alias that sends the reader to the page's real URL.
/// `taken` are the files the site's pages and listings are written to.
pub fn redirects(site: &Site, taken: &HashSet<&str>) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let mut outputs = Vec::new();
    let mut errors = Vec::new();
    let mut named: HashSet<String> = HashSet::new();
    for page in &site.pages {
        for alias in &page.doc.front.aliases {
            let path = if is_address(alias) {
                let Some(path) = alias_file(alias) else {
                    errors.push(
                        Diagnostic::error(format!("alias `{alias}` is not a path inside the site"))
                            .in_file(&page.doc.file)
                            .at_line(
                                page.doc
                                    .front
                                    .key_lines
                                    .get("aliases")
                                    .copied()
                                    .unwrap_or(1),
                            )
                            .help("write aliases as site paths like `/old/path/`, without `..`"),
                    );
                    continue;
                };
                path
            } else {
                // Another name: redirected from the page's folder, unless that address is
                // taken (by a page, or by the same name on another page, which the site graph
                // warns about).
                match name_file(&page.doc.kind, alias) {
                    Some(path) if !taken.contains(path.as_str()) && named.insert(path.clone()) => {
                        path
                    }
                    _ => continue,
                }
            };
            outputs.push(Output {
                path,
                bytes: redirect_html(site, &page.path).into_bytes(),
                from: page.doc.file.clone(),
            });
        }
    }
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(errors)
    }
}

fn redirect_html(site: &Site, to: &str) -> String {
    let to = templates::escape_html(&site.permalink(to));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>Redirect</title>\
         <link rel=\"canonical\" href=\"{to}\"><meta http-equiv=\"refresh\" content=\"0; url={to}\"></head>\
         <body><p>This page has moved to <a href=\"{to}\">{to}</a>.</p></body></html>\n",
        lang = templates::escape_html(&site.config.language),
    )
}

/// The output file for an alias written as a path, or None when it would leave the output.
fn alias_file(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let segments: Vec<&str> = trimmed.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty()
        || segments
            .iter()
            .any(|s| *s == "." || *s == ".." || s.contains('\\') || s.chars().any(char::is_control))
    {
        return None;
    }
    let joined = segments.join("/");
    Some(if joined.ends_with(".html") && !trimmed.ends_with('/') {
        joined
    } else {
        format!("{joined}/index.html")
    })
}

/// The output file for another name of a page in `kind`'s folder: `notes/` + the name as a
/// file name would be published (`LLM` gives `notes/llm/index.html`).
fn name_file(kind: &DocKind, name: &str) -> Option<String> {
    let folder = match kind {
        DocKind::Page { section } => section_path(section),
        _ => return None,
    };
    let written: Vec<&str> = name
        .split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if written.is_empty() || written.iter().any(|s| *s == "." || *s == "..") {
        return None;
    }
    let segments: Vec<String> = written.into_iter().map(file_segment).collect();
    Some(format!("{folder}{}/index.html", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_inside_the_output() {
        assert_eq!(
            alias_file("/old/path/").as_deref(),
            Some("old/path/index.html")
        );
        assert_eq!(alias_file("old.html").as_deref(), Some("old.html"));
        assert_eq!(alias_file("/../../etc/x"), None);
        assert_eq!(alias_file("/"), None);
    }

    #[test]
    fn names_redirect_from_their_pages_folder() {
        let page = DocKind::Page {
            section: "notes".into(),
        };
        assert!(!is_address("Large Language Model"));
        assert!(is_address("/old/"));
        assert_eq!(
            name_file(&page, "Large Language Model").as_deref(),
            Some("notes/large-language-model/index.html")
        );
        assert_eq!(name_file(&page, ".."), None);
        assert_eq!(name_file(&DocKind::Home, "x"), None);
    }
}
