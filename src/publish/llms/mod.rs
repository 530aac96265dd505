//! The site for agents, by llmstxt.org's convention: a markdown twin of every content page at
//! the page's URL with `index.html.md` added (`/articles/foo/index.html.md`), `llms.txt` at
//! the root (the site's map, pointing at the twins) and `llms-full.txt` (every twin in one
//! file, the source pages first). Each twin has a header of what the site knows of the page
//! (canonical URL, dates, terms, claims), its text with links leading to other twins
//! (`markdown::twin`), and, for a topic, each claim with every source's quote and the URL of
//! the quoted passage; a listing page's twin lists its pages. `llms: false` turns it off.

mod full;
mod index;
mod twin;

pub use full::Composition;
use full::{Admit, Budget};

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::markdown::twin::FILE;
use crate::output::Sink;
use crate::publish::output;
use crate::render::views::Views;
use crate::render::{Job, Output};
use crate::site::{Site, is_listed};

pub const INDEX: &str = "llms.txt";
pub const FULL: &str = "llms-full.txt";

/// The pages that have twins, in the order `llms-full.txt` gives them: the pages written as
/// sources first, then the term pages (topics with their claims, entities), taxonomies and
/// sections (written or not: a listing's twin lists its pages). Paginated listings have one,
/// their first page's, which lists everything.
pub fn twin_jobs(site: &Site) -> Vec<Job> {
    let pages = (site.pages.iter().enumerate())
        .filter(|(_, p)| is_listed(&p.doc.kind))
        .map(|(i, _)| Job::Page(i));
    let terms = site.taxonomies.iter().enumerate().flat_map(|(t, tax)| {
        (0..tax.terms.len()).map(move |term| Job::Term {
            taxonomy: t,
            term,
            pager: 1,
        })
    });
    let taxonomies = (0..site.taxonomies.len()).map(Job::Taxonomy);
    let sections = (0..site.sections.len()).map(|index| Job::Section { index, pager: 1 });
    pages
        .chain(terms)
        .chain(taxonomies)
        .chain(sections)
        .collect()
}

/// The site path of a job's twin (`articles/foo/index.html.md`), when it has one.
pub fn twin_path(site: &Site, job: Job) -> Option<String> {
    if !site.config.llms {
        return None;
    }
    let path = match job {
        Job::Page(i) if is_listed(&site.pages[i].doc.kind) => &*site.pages[i].path,
        Job::Section { index, pager: 1 } => &site.sections[index].path,
        Job::Taxonomy(t) => &site.taxonomies[t].path,
        Job::Term {
            taxonomy,
            term,
            pager: 1,
        } => &site.taxonomies[taxonomy].terms[term].path,
        _ => return None,
    };
    Some(format!("{path}{FILE}"))
}

/// How many twins are made at a time while `llms-full.txt` is written in pieces: pages'
/// twins, and listings' (which list every page of theirs, megabytes each on a large site).
const CHUNK: usize = 512;
const LISTINGS_CHUNK: usize = 4;

/// Where the chunk of twins made together from `jobs[at..]` ends: a chunk of pages stops
/// where the listings start.
fn chunk_end(jobs: &[Job], at: usize) -> usize {
    let size = match jobs[at] {
        Job::Page(_) => CHUNK,
        _ => LISTINGS_CHUNK,
    };
    let chunk = &jobs[at..(at + size).min(jobs.len())];
    let listings = chunk.iter().position(|j| !matches!(j, Job::Page(_)));
    at + listings.filter(|&end| end > 0).unwrap_or(chunk.len())
}

/// The twin (path and text) of each of `jobs` that has one, made in parallel.
fn make_twins(site: &Site, views: &Views, jobs: &[Job]) -> Vec<(String, String)> {
    (jobs.par_iter())
        .filter_map(|&job| Some((twin_path(site, job)?, twin::text(site, views, job))))
        .collect()
}

/// The twin (path and text) of each of `jobs` (`twin_jobs`), made a chunk at a time, each
/// chunk with the number of jobs done once it is.
fn twin_chunks<'s>(
    site: &'s Site,
    views: &'s Views,
    jobs: &'s [Job],
) -> impl Iterator<Item = (usize, Vec<(String, String)>)> + 's {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at == jobs.len() {
            return None;
        }
        let end = chunk_end(jobs, at);
        let made = make_twins(site, views, &jobs[at..end]);
        at = end;
        Some((end, made))
    })
}

/// Every twin, handed to `sink` a chunk at a time as it is made (`weave serve` keeps them),
/// `llms.txt` returned, and how `llms-full.txt` is put together from the twins when it is
/// asked for: keeping it too would double what the twins take, and making it again would be
/// most of the time of an edit. Nothing when the site turned them off. Names in `skip`
/// (files the site ships itself) are left to those files.
pub fn files(
    site: &Site,
    views: &Views,
    sink: &dyn Sink,
    skip: impl Fn(&str) -> bool + Sync,
) -> Result<(Vec<Output>, Option<Composition>), Diagnostic> {
    if !site.config.llms {
        return Ok((Vec::new(), None));
    }
    let mut parts = Vec::new();
    for (_, chunk) in twin_chunks(site, views, &twin_jobs(site)) {
        (chunk.par_iter())
            .filter(|(path, _)| !skip(path))
            .try_for_each(|(path, text)| sink.write(path, text.as_bytes()))?;
        parts.extend(chunk.into_iter().map(|(path, _)| path));
    }
    let full = Composition {
        head: index::heading(site).into_bytes(),
        prefix: site.config.language_prefix.clone(),
        parts,
        limit_mb: site.config.llms_full_mb,
    };
    let files = vec![output(INDEX, index::text(site, views))];
    let files = files.into_iter().filter(|f| !skip(&f.path)).collect();
    Ok((files, (!skip(FULL)).then_some(full)))
}

/// The same files as `files`, handed to `sink` as they are made (`weave build`): the twins a
/// chunk at a time, `llms-full.txt` in pieces, so neither is ever whole in memory.
pub fn stream(
    site: &Site,
    views: &Views,
    sink: &dyn Sink,
    skip: impl Fn(&str) -> bool + Sync,
) -> Result<(), Diagnostic> {
    if !site.config.llms {
        return Ok(());
    }
    // `llms.txt` lists every page (33 MB at 200,000 articles) and is made on one thread:
    // beside the twins, not after them with the other threads idle.
    let (twins, index) = rayon::join(
        || stream_twins(site, views, sink, &skip),
        || match skip(INDEX) {
            true => Ok(()),
            false => sink.write(INDEX, index::text(site, views).as_bytes()),
        },
    );
    twins.and(index)
}

/// Every twin written, and `llms-full.txt` made from them in pieces: in order, a chunk at a
/// time, while the file has room; then the twins left, each made and written by whichever
/// thread is free, with no chunk to wait for (at 200,000 articles the file is full after
/// about 2,600 of them).
fn stream_twins(
    site: &Site,
    views: &Views,
    sink: &dyn Sink,
    skip: &(impl Fn(&str) -> bool + Sync),
) -> Result<(), Diagnostic> {
    let jobs = twin_jobs(site);
    let heading = index::heading(site).into_bytes();
    let mut budget = Budget::new(site.config.llms_full_mb, heading.len(), jobs.len());
    let mut chunks = twin_chunks(site, views, &jobs);
    let mut heading = Some(heading);
    let mut failed = None;
    // Jobs whose twins are written.
    let mut at = 0;
    // Each twin is its own piece: a listing's twin lists every page of it (11 MB for a topic
    // of 33,000 pages), so a chunk's twins joined into one piece were held twice more, once
    // joined and once as the old file's bytes to compare with.
    let mut made = Vec::<(String, String)>::new().into_iter();
    let mut next = || {
        if let Some(heading) = heading.take() {
            return Some(heading);
        }
        loop {
            if let Some((_, text)) = made.next() {
                return match budget.admit(text.len()) {
                    Admit::Yes => Some(full::piece(text.as_bytes())),
                    Admit::Stop(closing) => Some(closing),
                    Admit::No => None,
                };
            }
            let (end, chunk) = chunks.next()?;
            let written = (chunk.par_iter())
                .filter(|(path, _)| !skip(path))
                .try_for_each(|(path, text)| sink.write(path, text.as_bytes()));
            if let Err(d) = written {
                failed = Some(d);
                return None;
            }
            at = end;
            made = chunk.into_iter();
        }
    };
    match skip(FULL) {
        true => while next().is_some() {},
        false => sink.write_pieces(FULL, &mut next)?,
    }
    if let Some(d) = failed {
        return Err(d);
    }
    // The listings first: each lists every page of its own, and one begun last would leave
    // the other threads idle while it is made.
    let rest = &jobs[at..];
    let is_page = |j: &&Job| matches!(j, Job::Page(_));
    let listings_first: Vec<Job> = (rest.iter().filter(|j| !is_page(j)))
        .chain(rest.iter().filter(is_page))
        .copied()
        .collect();
    listings_first.par_iter().try_for_each(|&job| {
        match twin_path(site, job).filter(|path| !skip(path)) {
            Some(path) => sink.write(&path, twin::text(site, views, job).as_bytes()),
            None => Ok(()),
        }
    })
}

/// After an edit of the text of `pages` (`weave serve`'s quick path): their twins.
pub fn after_edit(
    site: &Site,
    views: &Views,
    pages: &[usize],
    skip: impl Fn(&str) -> bool + Sync,
) -> Vec<Output> {
    (pages.par_iter())
        .filter_map(|&i| {
            Some(output(
                twin_path(site, Job::Page(i))?,
                twin::text(site, views, Job::Page(i)),
            ))
        })
        .filter(|f| !skip(&f.path))
        .collect()
}

/// What a new title or description of some pages leaves to make again after their pages
/// (`weave serve` makes it once the pages are served): `llms.txt` and the twins of the
/// listings that name those pages, which list every page of theirs (megabytes each on a large
/// site: making them was most of the time of a title edit on one of 100,000 articles).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Later {
    /// The listings (each section's and term's first page) whose twins name a retitled page.
    pub listings: Vec<Job>,
    /// `llms.txt`, which names every page.
    pub index: bool,
}

/// Whether the file at `path` (of the output) may be among those `Later` makes again.
pub fn made_later(path: &str) -> bool {
    path.ends_with(FILE) || path.rsplit('/').next() == Some(INDEX)
}

impl Later {
    /// What a new title or description of `pages` leaves to make.
    pub fn retitled(site: &Site, pages: &[usize]) -> Later {
        let mut listings = Vec::new();
        for &i in pages {
            let sections = (site.sections.iter().enumerate())
                .filter(|(_, s)| s.pages.contains(&i))
                .map(|(index, _)| Job::Section { index, pager: 1 });
            listings.extend(sections);
            for (t, tax) in site.taxonomies.iter().enumerate() {
                let terms = (tax.terms.iter().enumerate())
                    .filter(|(_, term)| term.pages.contains(&i))
                    .map(|(term, _)| Job::Term {
                        taxonomy: t,
                        term,
                        pager: 1,
                    });
                listings.extend(terms);
            }
        }
        listings.sort_unstable();
        listings.dedup();
        Later {
            listings,
            index: true,
        }
    }

    /// Both left to make.
    pub fn merge(&mut self, other: Later) {
        self.listings.extend(other.listings);
        self.listings.sort_unstable();
        self.listings.dedup();
        self.index |= other.index;
    }

    /// The files it stands for, made from the site as it is now; nothing when the site
    /// turned twins off.
    pub fn files(&self, site: &Site, views: &Views) -> Vec<Output> {
        if !site.config.llms {
            return Vec::new();
        }
        // The listings' twins of a large site are long: made side by side, with `llms.txt`.
        let (mut files, index): (Vec<Output>, _) = rayon::join(
            || {
                (self.listings.par_iter())
                    .filter_map(|&job| {
                        Some(output(twin_path(site, job)?, twin::text(site, views, job)))
                    })
                    .collect()
            },
            || self.index.then(|| output(INDEX, index::text(site, views))),
        );
        files.extend(index);
        files
    }
}
