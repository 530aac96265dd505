//! The search index: Pagefind's format and client, written by weave.
//!
//! Pagefind splits the index into chunks by word, so a query fetches only what its words need,
//! stems words in 33 languages, ranks with BM25 and weights headings. Its indexer, though,
//! reads and compresses every page again on every build: at 10,000 pages that was 90 % of a
//! build and 4.4 GB of memory. weave keeps the format and the client (`client`) and writes the
//! files itself, from the site graph:
//!
//! - each page is read once into its share of the index (`page_terms`), its words interned
//!   (`vocabulary`) so the word rules run once per spelling, not per occurrence;
//! - files are named by a hash of their contents, so a file the output already holds (or
//!   `weave serve` made last time) is neither compressed nor written again;
//! - `weave serve` keeps every page's share between builds and reads again only pages whose
//!   text, title, description or terms changed.
//!
//! `tests/engine/search_parity.rs` checks that, for the same pages, the files decompress to
//! exactly what Pagefind's own indexer writes.

mod bundle;
mod chunks;
mod client;
mod encode;
mod inverted;
mod out;
mod page_terms;
#[cfg(test)]
mod parity_tests;
mod plan;
mod reading;
mod record;
mod runs;
mod vocabulary;
pub mod words;

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::output::Sink;
use crate::site::Site;
use encode::Growth;
use out::Out;
use page_terms::PageTerms;
use plan::Plan;
use record::Record;
use vocabulary::Vocabulary;

/// The folder of the index inside the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// True for the files of the index, which `weave serve` makes apart from the pages.
pub fn is_index_file(path: &str) -> bool {
    path.strip_prefix(BUNDLE_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The index builder, and what it keeps between builds when `weave serve` asks it to.
pub struct Index {
    vocabulary: Mutex<Vocabulary>,
    remember: bool,
    /// The runs of pages of the last build, by a hash of their records.
    runs: HashMap<u64, Arc<runs::Run>>,
    /// The last build's files, by path.
    files: HashMap<String, Bytes>,
}

impl Default for Index {
    fn default() -> Self {
        Index {
            vocabulary: Mutex::new(Vocabulary::new("")),
            remember: false,
            runs: HashMap::new(),
            files: HashMap::new(),
        }
    }
}

impl Index {
    /// An index that keeps every page's share and every file between builds.
    pub fn remembering() -> Index {
        Index {
            remember: true,
            ..Index::default()
        }
    }

    /// Builds the index of `site`. `texts`, when given, are the pages' plain texts, handed
    /// over so that each is freed once read (a one-off build); otherwise they are read from
    /// the site graph. With a `sink`, files go there and none are returned; without one,
    /// every file of the index is returned (unchanged ones shared with the last build's).
    pub fn build(
        &mut self,
        site: &Site,
        texts: Option<Vec<String>>,
        sink: Option<&dyn Sink>,
    ) -> Result<Vec<(String, Bytes)>, Diagnostic> {
        let language = site.config.language.clone();
        let vocabulary = self.vocabulary.get_mut().expect("no panics");
        if vocabulary.language() != language {
            *vocabulary = Vocabulary::new(&language);
            self.runs.clear();
        }
        let client = client::for_language(&language).map_err(|e| failed(&format!("{e:#}")))?;
        let mut filters = record::filters_by_page(site);
        let mut texts = texts.map(|t| t.into_iter().map(Some).collect::<Vec<_>>());
        let inputs: Vec<_> = record::indexed_pages(site)
            .into_iter()
            .map(|i| {
                let text = texts.as_mut().and_then(|t| t[i].take());
                (i, text, std::mem::take(&mut filters[i]))
            })
            .collect();
        let mut records: Vec<Record<'_>> = inputs
            .into_par_iter()
            .map(|(i, text, filters)| record::of_page(site, i, text, filters))
            .collect();
        // The site's metadata keys: pages store metadata positions by their index here.
        let meta_fields: Vec<String> = records
            .iter()
            .flat_map(|r| r.meta.keys().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // Fragments are named before pages are read, so each is written as its page is.
        let hashes: Vec<String> = records
            .par_iter()
            .map(|r| reading::fragment_hash(r, &language))
            .collect();
        let fragment_names = encode::shorten(&language, &hashes, Growth::One);
        let out = Out {
            sink,
            last: &self.files,
            made: Mutex::default(),
        };
        let split = runs::split(&records);
        let reader = runs::Reader {
            vocabulary: &self.vocabulary,
            meta_fields: &meta_fields,
            fragment_names: &fragment_names,
            out: &out,
            kept: self.remember.then_some(&self.runs),
        };
        let read = reader.read(&mut records, &split)?;
        // Pages with no words in their text are left out, as Pagefind leaves them out.
        let (pages, names): (Vec<&PageTerms>, Vec<&str>) = read
            .iter()
            .flat_map(|(_, run)| &run.pages)
            .zip(&fragment_names)
            .filter(|(page, _)| page.has_body_words)
            .map(|(page, name)| (page, name.as_str()))
            .unzip();
        let vocabulary = self.vocabulary.lock().expect("no panics");
        let parts: Vec<&inverted::Part> = read.iter().map(|(_, run)| &run.part).collect();
        let inverted = chunks::join(parts, &vocabulary);
        let plan = Plan::new(
            &language,
            &client,
            &pages,
            &names,
            inverted,
            &meta_fields,
            &vocabulary,
        );

        for (path, bytes) in &client.files {
            out.plain(format!("{BUNDLE_DIR}/{path}"), bytes)?;
        }
        out.plain(format!("{BUNDLE_DIR}/pagefind-entry.json"), &plan.entry)?;
        let meta_path = format!("{BUNDLE_DIR}/pagefind.{}.pf_meta", plan.meta_name);
        out.hashed(meta_path, &mut encode::compressor(), || plan.meta.clone())?;
        plan.chunks
            .par_iter()
            .zip(&plan.chunk_names)
            .map_init(encode::compressor, |c, (chunk, name)| {
                out.hashed(format!("{BUNDLE_DIR}/index/{name}.pf_index"), c, || {
                    let mut b = encode::signed_buffer(64 * 1024);
                    chunks::encode_chunk(chunk, &plan.inverted, &vocabulary, &mut b);
                    b
                })
            })
            .collect::<Result<(), Diagnostic>>()?;
        for ((_, payload), name) in plan.filter_files.iter().zip(&plan.filter_names) {
            let path = format!("{BUNDLE_DIR}/filter/{name}.pf_filter");
            out.hashed(path, &mut encode::compressor(), || payload.clone())?;
        }
        drop(vocabulary);

        drop(plan);
        let made = out.made.into_inner().expect("no panics");
        if self.remember {
            self.files = made.iter().cloned().collect();
            self.runs = read.into_iter().collect();
        }
        Ok(made)
    }
}

fn failed(why: &str) -> Diagnostic {
    Diagnostic::error(format!("building the search index failed: {why}"))
        .help("set `search: false` in weave.yaml to build without search, and report this")
}
