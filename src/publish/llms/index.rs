//! `llms.txt`, in llmstxt.org's format: the site's title as the H1, its description as the
//! quote, a paragraph on how the site is organised, then an H2 per section and per taxonomy
//! listing `- [title](url): description`, each URL a twin's.

use std::fmt::Write;

use crate::markdown::twin::FILE;
use crate::render::views::Views;
use crate::site::Site;

/// The H1 and the quote, which `llms-full.txt` opens with too.
pub fn heading(site: &Site) -> String {
    let mut text = format!("# {}\n", one_line(&site.config.title));
    if !site.config.description.is_empty() {
        let _ = writeln!(text, "\n> {}", one_line(&site.config.description));
    }
    text
}

pub fn text(site: &Site, views: &Views) -> String {
    let root = root(site);
    let mut text = heading(site);
    text.push('\n');
    text.push_str(&about(site));
    for section in site.sections.iter() {
        if section.pages.is_empty() && section.page.is_none() {
            continue;
        }
        let _ = writeln!(text, "\n## {}\n", one_line(&section.title));
        let description = section.page.and_then(|p| views.page(p).description.clone());
        push_item(
            &mut text,
            &root,
            &section.path,
            &section.title,
            description.as_deref(),
        );
        for &p in section.pages.iter() {
            // A listing's summary of the page: its whole view (table of contents, backlinks,
            // related pages) would be made for a title and a description.
            let view = views.summary(p);
            let path = &site.pages[p].path;
            push_item(
                &mut text,
                &root,
                path,
                &view.title,
                view.description.as_deref(),
            );
        }
    }
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        if taxonomy.terms.is_empty() {
            continue;
        }
        let _ = writeln!(text, "\n## {}\n", one_line(&taxonomy.title));
        for (term, link) in taxonomy.terms.iter().zip(&views.taxonomies[t].terms) {
            let description = link.description.as_deref();
            push_item(&mut text, &root, &term.path, &term.name, description);
        }
    }
    text
}

/// How the site is organised, from what it has.
fn about(site: &Site) -> String {
    let mut text = String::from(
        "Every page below is linked as its markdown version (the page's URL with `index.html.md` added); \
         `llms-full.txt` holds them all in one file.",
    );
    let listed: Vec<&str> = site
        .taxonomies
        .iter()
        .filter(|t| !t.terms.is_empty())
        .map(|t| t.title.as_str())
        .collect();
    if !listed.is_empty() {
        let _ = write!(
            text,
            " Sections list the pages; the taxonomies ({}) gather them by subject.",
            listed.join(", ")
        );
    }
    if !site.claims.is_empty() {
        let sources: std::collections::BTreeSet<usize> = site
            .claims
            .iter()
            .flat_map(|c| c.citations.iter().map(|x| x.page))
            .collect();
        let _ = write!(
            text,
            " The site states {} claims on its topic pages; each topic page's markdown quotes every source \
             that makes each claim ({} sources in all), with a link to the passage, and `claims.json` \
             has every claim with its sources as data.",
            site.claims.len(),
            sources.len()
        );
    }
    text.push('\n');
    text
}

/// `- [title](twin URL): description`, one line, added to `out`. Listings of large sites
/// have tens of thousands of these, so they are written in place.
pub fn push_item(out: &mut String, root: &str, path: &str, title: &str, description: Option<&str>) {
    out.push_str("- [");
    for word in words(title) {
        out.extend(word.chars().flat_map(|c| {
            let escaped = matches!(c, '[' | ']');
            ['\\', c].into_iter().skip(usize::from(!escaped))
        }));
    }
    // The twin's URL (`markdown::twin::follow` of the page's URL).
    out.push_str("](");
    out.push_str(root);
    out.push_str(path);
    out.push_str(FILE);
    out.push(')');
    if let Some(d) = description.filter(|d| !d.trim().is_empty()) {
        out.push_str(": ");
        out.extend(words(d));
    }
    out.push('\n');
}

/// The words of `text` with one space between them: a title or description written over
/// several lines comes out on one.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .enumerate()
        .flat_map(|(i, w)| [if i == 0 { "" } else { " " }, w])
}

/// What every twin's URL starts with: the site's origin and base path.
pub fn root(site: &Site) -> String {
    format!("{}{}", site.config.origin(), site.config.base_path())
}

/// Text on one line.
pub fn one_line(text: &str) -> String {
    words(text).collect()
}
