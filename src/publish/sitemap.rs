//! `sitemap.xml`: every page a reader can land on (pages, sections, taxonomies and terms; not
//! the second and later pages of a listing), with `lastmod` where a date is known. On a site
//! of several languages each language has its own, and every entry names its translations
//! (`xhtml:link rel="alternate" hreflang`), as search engines read them.

use super::xml;
use std::collections::HashMap;

use crate::content::{DocKind, FrontMatter};
use crate::languages::translations::{Translations, Versions};
use crate::site::Site;

pub fn render(site: &Site, translations: &Translations) -> String {
    let versions: HashMap<&str, &Versions> = translations
        .by_file
        .values()
        .filter_map(|v| Some((v.all.iter().find(|a| a.current)?.permalink.as_str(), &**v)))
        .collect();
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    let lastmod = |f: &FrontMatter| {
        f.updated_or_changed()
            .or(f.date.as_ref())
            .map(|d| d.rfc3339())
    };
    for page in &site.pages {
        // Term and taxonomy pages are listed below, with or without a content file.
        if !matches!(
            page.doc.kind,
            DocKind::Term { .. } | DocKind::Taxonomy { .. }
        ) {
            entries.push((site.permalink(&page.path), lastmod(&page.doc.front)));
        }
    }
    for section in site.sections.iter().filter(|s| s.page.is_none()) {
        entries.push((site.permalink(&section.path), None));
    }
    for tax in site.taxonomies.iter() {
        entries.push((
            site.permalink(&tax.path),
            tax.page.and_then(|p| lastmod(&site.pages[p].doc.front)),
        ));
        for term in &tax.terms {
            entries.push((
                site.permalink(&term.path),
                term.page.and_then(|p| lastmod(&site.pages[p].doc.front)),
            ));
        }
    }
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if site.config.is_multilingual() {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    for (loc, lastmod) in entries {
        out.push_str("  <url>\n    <loc>");
        out.push_str(&xml(&loc));
        out.push_str("</loc>\n");
        if let Some(l) = lastmod {
            out.push_str(&format!("    <lastmod>{l}</lastmod>\n"));
        }
        if let Some(v) = versions.get(loc.as_str()) {
            for a in &v.all {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    xml(&a.code),
                    xml(&a.permalink)
                ));
            }
            if let Some(x) = &v.x_default {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                    xml(x)
                ));
            }
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
