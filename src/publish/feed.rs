//! `atom.xml`: the newest pages, with their summary or, with `feed_full_content`, their whole
//! text. Undated pages come after dated ones, each dated by when its file last changed (its last
//! commit, or its modification time outside git: `content::file_dates`). The feed never depends
//! on the clock, so every build of the same commit is the same byte for byte.

use super::xml;
use crate::site::Site;

const EPOCH: &str = "1970-01-01T00:00:00Z";

/// The pages the feed shows, newest first.
pub fn entries(site: &Site) -> &[usize] {
    &site.newest[..site.newest.len().min(site.config.feed_limit)]
}

pub fn render(site: &Site) -> String {
    let pages = entries(site);
    let date_of = |i: usize| {
        let f = &site.pages[i].doc.front;
        f.updated_or_changed()
            .or(f.date.as_ref())
            .map(|d| d.rfc3339())
    };
    let newest = site
        .pages
        .iter()
        .filter_map(|p| {
            let f = &p.doc.front;
            f.updated_or_changed().or(f.date.as_ref())
        })
        .map(|d| d.instant)
        .max()
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_else(|| EPOCH.to_string());
    let c = &site.config;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(&c.language)
    ));
    out.push_str(&format!("  <title>{}</title>\n", xml(&c.title)));
    if !c.description.is_empty() {
        out.push_str(&format!("  <subtitle>{}</subtitle>\n", xml(&c.description)));
    }
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&site.permalink("atom.xml"))
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&site.permalink(""))
    ));
    out.push_str(&format!(
        "  <id>{}</id>\n  <updated>{newest}</updated>\n",
        xml(&site.permalink(""))
    ));
    // Atom asks for an author; the site is the publisher of every entry.
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml(&c.title)
    ));
    for &i in pages {
        let page = &site.pages[i];
        let f = &page.doc.front;
        let url = site.permalink(&page.path);
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml(&f.title)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml(&url)
        ));
        out.push_str(&format!("    <id>{}</id>\n", xml(&url)));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            date_of(i).unwrap_or_else(|| newest.clone())
        ));
        if let Some(d) = &f.date {
            out.push_str(&format!("    <published>{}</published>\n", d.rfc3339()));
        }
        if let Some(desc) = &f.description {
            out.push_str(&format!("    <summary>{}</summary>\n", xml(desc)));
        }
        let content = page.content();
        let body = if c.feed_full_content {
            content.must_read()
        } else {
            std::borrow::Cow::Borrowed(&*page.rendered.summary)
        };
        out.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml(&body)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
