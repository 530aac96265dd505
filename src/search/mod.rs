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
mod vocabulary;
pub mod words;

use std::collections::{BTreeSet, HashMap};
use std::hash::Hasher;
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
use vocabulary::{Lookup, Vocabulary};

/// The folder of the index inside the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// True for the files of the index, which `weave serve` makes apart from the pages.
pub fn is_index_file(path: &str) -> bool {
    path.strip_prefix(BUNDLE_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Pages per run: a run's occurrences (about a thousand a page) are sorted by word in one
/// go, and that is fastest while they fit in a processor's own cache.
const RUN: usize = 128;

thread_local! {
    /// A run's occurrences, reused from run to run: growing a fresh one each time copied it
    /// over and over.
    static HITS: std::cell::RefCell<Vec<page_terms::Hit>> = const {
        std::cell::RefCell::new(Vec::new())
    };
}

/// The index builder, and what it keeps between builds when `weave serve` asks it to.
pub struct Index {
    vocabulary: Mutex<Vocabulary>,
    remember: bool,
    /// URL → hash of the page's record, and what the page gave the index.
    pages: HashMap<String, (u64, Arc<PageTerms>)>,
    /// The last build's files, by path.
    files: HashMap<String, Bytes>,
}

impl Default for Index {
    fn default() -> Self {
        Index {
            vocabulary: Mutex::new(Vocabulary::new("")),
            remember: false,
            pages: HashMap::new(),
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
            self.pages.clear();
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
        let read = Reading {
            index: self,
            meta_fields: &meta_fields,
            fragment_names: &fragment_names,
            out: &out,
        };
        let runs = read.all(&mut records)?;
        let mut terms = Vec::with_capacity(records.len());
        let mut parts = Vec::with_capacity(runs.len());
        for run in runs {
            terms.extend(run.terms);
            parts.push(run.part);
        }
        // Pages with no words in their text are left out, as Pagefind leaves them out.
        let numbered: Vec<usize> = (0..records.len())
            .filter(|&i| terms[i].1.has_body_words)
            .collect();
        let pages: Vec<&PageTerms> = numbered.iter().map(|&i| &*terms[i].1).collect();
        let names: Vec<&str> = numbered
            .iter()
            .map(|&i| fragment_names[i].as_str())
            .collect();
        let vocabulary = self.vocabulary.lock().expect("no panics");
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

        let made = out.made.into_inner().expect("no panics");
        if self.remember {
            self.files = made.iter().cloned().collect();
            self.pages = records
                .iter()
                .zip(terms)
                .map(|(r, t)| (r.url.clone(), t))
                .collect();
        }
        Ok(made)
    }
}

/// Reading every page, each run of pages on a thread of its own.
struct Reading<'a> {
    index: &'a Index,
    meta_fields: &'a [String],
    fragment_names: &'a [String],
    out: &'a Out<'a>,
}

impl Reading<'_> {
    /// Every record's share of the index, in order: kept from the last build when the record
    /// is unchanged, else read (and its fragment written); each run inverted once read.
    fn all(&self, records: &mut [Record<'_>]) -> Result<Vec<Run>, Diagnostic> {
        let names = self.fragment_names;
        records
            .par_chunks_mut(RUN)
            .zip(names.par_chunks(RUN))
            .map(|(group, names)| self.run(group, names))
            .collect()
    }

    fn run(&self, group: &mut [Record<'_>], names: &[String]) -> Result<Run, Diagnostic> {
        let index = self.index;
        let mut lookup = Lookup::new(&index.vocabulary);
        let mut compressor = encode::compressor();
        let mut hits = HITS.with(|h| std::mem::take(&mut *h.borrow_mut()));
        hits.clear();
        let mut pages = Vec::new();
        let mut terms = Vec::with_capacity(group.len());
        for (record, name) in group.iter_mut().zip(names) {
            let hash = match index.remember {
                true => hash_of(record, self.meta_fields),
                false => 0,
            };
            let start = hits.len();
            let page = match index.pages.get(&record.url) {
                Some((h, kept)) if *h == hash => {
                    hits.extend_from_slice(&kept.hits);
                    Arc::clone(kept)
                }
                _ => {
                    let mut read = reading::read(record, self.meta_fields, &mut lookup, &mut hits);
                    if index.remember {
                        read.hits = hits[start..].to_vec();
                    }
                    Arc::new(read)
                }
            };
            // Pages with no words in their text are left out, as Pagefind leaves them out.
            if page.has_body_words {
                pages.push(start..hits.len());
                let path = format!("{BUNDLE_DIR}/fragment/{name}.pf_fragment");
                let words = page.word_count;
                let fragment = || reading::fragment_file(record, words);
                self.out.hashed(path, &mut compressor, fragment)?;
            } else {
                hits.truncate(start);
            }
            if !index.remember {
                record.free_text();
            }
            terms.push((hash, page));
        }
        let part = inverted::invert(&hits, &pages, &index.vocabulary);
        HITS.with(|h| *h.borrow_mut() = hits);
        Ok(Run { terms, part })
    }
}

/// A run of pages: each one's hash and share of the index, and their entries inverted.
struct Run {
    terms: Vec<(u64, Arc<PageTerms>)>,
    part: inverted::Part,
}

/// A hash of everything a record gives the index, and of the site's metadata keys (which
/// number the fields its metadata positions are stored under).
fn hash_of(record: &Record<'_>, meta_fields: &[String]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut put = |s: &str| {
        h.write(s.as_bytes());
        h.write_u8(0xff);
    };
    meta_fields.iter().for_each(|f| put(f));
    put(&record.url);
    for (weight, text) in record.runs() {
        put(&weight.to_string());
        put(text);
    }
    for (k, v) in &record.meta {
        put(k);
        put(v);
    }
    for (k, values) in &record.filters {
        put(k);
        values.iter().for_each(|v| put(v));
    }
    h.finish()
}

fn failed(why: &str) -> Diagnostic {
    Diagnostic::error(format!("building the search index failed: {why}"))
        .help("set `search: false` in weave.yaml to build without search, and report this")
}
