//! The files hosts, crawlers, feed readers and agents expect beside the pages: `sitemap.xml`,
//! `atom.xml`, `robots.txt` and `claims.json`, and the theme's hashed assets. Each is made from the site
//! graph, not from rendered HTML, so it can be made while templates render. (The search index,
//! made the same way, is `search`.)

pub mod assets;
pub mod claims_json;
pub mod feed;
pub mod llms;
mod sitemap;
pub mod social;

use crate::languages::translations::Translations;
use crate::render::Output;
use crate::site::Site;

/// Sitemap, feed, robots.txt and claims.json. Names in `skip` (files the site ships in `static/`) are left
/// to those files.
pub fn crawler_files(
    site: &Site,
    translations: &Translations,
    skip: impl Fn(&str) -> bool,
) -> Vec<Output> {
    let mut files = vec![
        output("sitemap.xml", sitemap::render(site, translations)),
        output("atom.xml", feed::render(site)),
        output("robots.txt", robots(site)),
        output("claims.json", claims_json::render(site)),
    ];
    // robots.txt is read at the host's root only: the default language's names every sitemap.
    files.retain(|f| {
        !skip(&f.path) && (f.path != "robots.txt" || site.config.language_prefix.is_empty())
    });
    files
}

/// The feed alone: of the crawler files, the only one that shows pages' text.
pub fn feed_file(site: &Site, skip: impl Fn(&str) -> bool) -> Option<Output> {
    (!skip("atom.xml")).then(|| output("atom.xml", feed::render(site)))
}

/// The sitemap alone, for edits that change a page's date but not the site's shape.
pub fn sitemap_file(
    site: &Site,
    translations: &Translations,
    skip: impl Fn(&str) -> bool,
) -> Option<Output> {
    (!skip("sitemap.xml")).then(|| output("sitemap.xml", sitemap::render(site, translations)))
}

/// A file made from the site graph, named after itself in messages.
fn output(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Output {
    let path = path.into();
    Output {
        from: path.clone().into(),
        path,
        bytes: bytes.into(),
    }
}

fn robots(site: &Site) -> String {
    let mut text = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.permalink("sitemap.xml")
    );
    for language in site.config.languages.iter().skip(1) {
        text.push_str(&format!(
            "Sitemap: {}{}{}/sitemap.xml\n",
            site.config.origin(),
            site.config.site_base_path(),
            language.code
        ));
    }
    text
}

/// Escapes text for XML content and attributes.
fn xml(text: &str) -> String {
    crate::render::templates::escape_html(text)
}
