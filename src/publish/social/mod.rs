//! Link previews (`social_images: true`): an Open Graph image for every page, drawn at build
//! time from its title, its topics and the site's name (`draw`), or the author's own
//! (`og_image:` in front matter). An image is named by a hash of what it shows
//! (`social/<hash>.png`), so pages that show the same share one file, a build over its
//! previous output keeps every image whose text did not change without drawing, reading or
//! comparing it, and the images drawn are kept in `.weave-cache/social/` for the next build
//! into an empty folder.

pub mod draw;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::render::views::Views;
use crate::render::{Job, all_jobs};
use crate::site::Site;
pub use draw::Card;

/// The folder of the output, and of the cache, that holds the images.
pub const DIR: &str = "social";
/// Raised whenever the drawing changes, so no image drawn before is taken for a new one.
const DRAWING: u32 = 1;

/// What a page's preview shows and where.
pub struct Preview {
    /// Absolute when the base URL names a host, as Open Graph wants.
    pub url: String,
    pub alt: String,
    /// Drawn by weave (1200 × 630), not the author's own.
    pub drawn: bool,
}

/// The preview of a job's page, when the site has them.
pub fn preview(site: &Site, views: &Views, job: Job, page: Option<usize>) -> Option<Preview> {
    let own = page.and_then(|i| site.pages[i].doc.front.og_image.as_deref());
    if let (Some(own), Some(i)) = (own, page) {
        return Some(Preview {
            url: own_url(site, &site.pages[i].doc.source, own),
            alt: views.page(i).title.clone(),
            drawn: false,
        });
    }
    let card = card(site, views, job, page)?;
    Some(Preview {
        url: site.permalink(&path_of(&card)),
        alt: format!("{} · {}", card.title, card.site),
        drawn: true,
    })
}

/// An author's own image: an address as written, a path from the site's root, or a file
/// beside the page.
fn own_url(site: &Site, source: &str, own: &str) -> String {
    if own.contains("://") {
        return own.to_string();
    }
    match own.strip_prefix('/') {
        Some(rooted) => site.permalink(rooted),
        None => {
            let folder = source.rsplit_once('/').map_or("", |(dir, _)| dir);
            let path = match folder {
                "" => own.to_string(),
                dir => format!("{dir}/{own}"),
            };
            site.permalink(&path)
        }
    }
}

/// What a job's drawn image shows; None when the site draws none, for the 404 page, and for
/// a page with an image of its own.
pub fn card(site: &Site, views: &Views, job: Job, page: Option<usize>) -> Option<Card> {
    if !site.config.social_images || matches!(job, Job::NotFound) {
        return None;
    }
    if page.is_some_and(|i| site.pages[i].doc.front.og_image.is_some()) {
        return None;
    }
    let title = match page {
        Some(i) => views.page(i).title.clone(),
        None => job.subject(site).title.to_string(),
    };
    // A page shows the terms of the site's first taxonomy it names (its topics); a term's
    // page shows its taxonomy.
    let topics = match (job, page) {
        (Job::Term { taxonomy, .. }, _) => vec![site.taxonomies[taxonomy].title.clone()],
        (_, Some(i)) => (site.config.taxonomies.first())
            .and_then(|t| views.page(i).taxonomies.get(t).cloned())
            .map(|terms| terms.iter().map(|t| t.name.clone()).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    Some(Card {
        site: site.config.title.clone(),
        title,
        topics,
    })
}

/// Whether an output path is one of the images (`social/...`).
pub fn is_image(path: &str) -> bool {
    path.strip_prefix(DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The image's path in the output: named by a hash of what it shows.
pub fn path_of(card: &Card) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&DRAWING.to_le_bytes());
    for text in [&card.site, &card.title].into_iter().chain(&card.topics) {
        h.update(text.as_bytes());
        h.update(&[0]);
    }
    format!("{DIR}/{:016x}.png", h.digest())
}

/// Every image the site's pages show, by path.
pub fn cards(site: &Site, views: &Views) -> BTreeMap<String, Card> {
    if !site.config.social_images {
        return BTreeMap::new();
    }
    all_jobs(site)
        .into_iter()
        .filter_map(|job| card(site, views, job, job.subject(site).page))
        .map(|card| (path_of(&card), card))
        .collect()
}

/// Hands `sink` the image of each of `cards` the previous output does not hold already
/// (`weave build`), one at a time, so they are never all in memory.
pub fn stream(
    root: &Path,
    cards: BTreeMap<String, Card>,
    sink: &dyn crate::output::Sink,
) -> Result<(), crate::error::Diagnostic> {
    let wanted: Vec<(String, Card)> = cards.into_iter().filter(|(p, _)| !sink.keep(p)).collect();
    wanted
        .into_par_iter()
        .try_for_each(|(path, card)| sink.write(&path, &image(root, &path, &card)))
}

/// The PNG of each of `cards`: from the cache in `root`'s `.weave-cache/social/` when an
/// earlier build drew it, else drawn now and kept there. The cache is only a shortcut: one
/// that cannot be read or written changes nothing but the time.
pub fn images(root: &Path, cards: Vec<(String, Card)>) -> Vec<(String, Vec<u8>)> {
    cards
        .into_par_iter()
        .map(|(path, card)| {
            let bytes = image(root, &path, &card);
            (path, bytes)
        })
        .collect()
}

fn image(root: &Path, path: &str, card: &Card) -> Vec<u8> {
    let kept = root.join(crate::pipeline::highlights::CACHE_DIR).join(path);
    match std::fs::read(&kept) {
        Ok(bytes) => bytes,
        Err(_) => {
            let bytes = draw::png(card);
            let _ = keep(&kept, &bytes);
            bytes
        }
    }
}

/// Writes a drawn image into the cache beside its final name and renames it there, so a
/// build running at the same time never reads half of one.
fn keep(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::output::replace_whole(file, |out| out.write_all(bytes))
}
