//! `sitemap.xml`: every page a reader can land on (pages, sections, taxonomies and terms; not
//! the second and later pages of a listing), with `lastmod` where a date is known.

use super::xml;
use crate::content::{DocKind, FrontMatter};
use crate::site::Site;

pub fn render(site: &Site) -> String {
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
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        out.push_str("  <url>\n    <loc>");
        out.push_str(&xml(&loc));
        out.push_str("</loc>\n");
        if let Some(l) = lastmod {
            out.push_str(&format!("    <lastmod>{l}</lastmod>\n"));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
