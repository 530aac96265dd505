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
mod page_terms;
#[cfg(test)]
mod parity_tests;
mod reading;
mod record;
mod vocabulary;
pub mod words;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hasher;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::output::Sink;
use crate::site::Site;
use encode::Growth;
use page_terms::PageTerms;
use record::Record;
use vocabulary::{Lookup, Vocabulary};

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

    /// Builds the index of `site`. With a `sink`, files go there and none are returned;
    /// without one, every file of the index is returned (unchanged ones shared with the last
    /// build's).
    pub fn build(
        &mut self,
        site: &Site,
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
        let records: Vec<Record<'_>> = record::indexed_pages(site)
            .into_iter()
            .map(|i| record::of_page(site, i, std::mem::take(&mut filters[i])))
            .collect();
        // The site's metadata keys: pages store metadata positions by their index here.
        let meta_fields: Vec<String> = records
            .iter()
            .flat_map(|r| r.meta.keys().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let runs = self.read_all(&records, &meta_fields);
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
        let vocabulary = self.vocabulary.lock().expect("no panics");
        let inverted = chunks::join(parts, &vocabulary);
        let plan = Plan::new(
            &language,
            &client,
            &pages,
            inverted,
            &meta_fields,
            &vocabulary,
        );

        let out = Out {
            sink,
            last: &self.files,
            made: Mutex::default(),
        };
        for (path, bytes) in &client.files {
            out.plain(format!("{BUNDLE_DIR}/{path}"), bytes)?;
        }
        out.plain(format!("{BUNDLE_DIR}/pagefind-entry.json"), &plan.entry)?;
        let meta_path = format!("{BUNDLE_DIR}/pagefind.{}.pf_meta", plan.meta_name);
        out.hashed(meta_path, &mut encode::compressor(), || plan.meta.clone())?;
        numbered
            .par_iter()
            .zip(&plan.fragment_names)
            .map_init(encode::compressor, |c, (&r, name)| {
                let path = format!("{BUNDLE_DIR}/fragment/{name}.pf_fragment");
                let words = terms[r].1.word_count;
                out.hashed(path, c, || reading::fragment_file(&records[r], words))
            })
            .collect::<Result<(), Diagnostic>>()?;
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

    /// Every record's share of the index, in order: kept from the last build when the record
    /// is unchanged, else read, in parallel runs that each cache the spellings they meet; and
    /// each run inverted as soon as it is read.
    fn read_all(&self, records: &[Record<'_>], meta_fields: &[String]) -> Vec<Run> {
        let run = records
            .len()
            .div_ceil(rayon::current_num_threads() * 4)
            .max(16);
        records
            .par_chunks(run)
            .map(|group| {
                let mut lookup = Lookup::new(&self.vocabulary);
                let mut scratch = reading::Scratch::default();
                let mut terms: Vec<(u64, Arc<PageTerms>)> = group
                    .iter()
                    .map(|record| {
                        let hash = match self.remember {
                            true => hash_of(record, meta_fields),
                            false => 0,
                        };
                        match self.pages.get(&record.url) {
                            Some((h, terms)) if *h == hash => (hash, Arc::clone(terms)),
                            _ => {
                                let terms =
                                    reading::read(record, meta_fields, &mut lookup, &mut scratch);
                                (hash, Arc::new(terms))
                            }
                        }
                    })
                    .collect();
                let numbered: Vec<&PageTerms> = terms
                    .iter()
                    .map(|(_, t)| &**t)
                    .filter(|t| t.has_body_words)
                    .collect();
                let part = inverted::invert(&numbered, lookup.names().count());
                if !self.remember {
                    for (_, t) in &mut terms {
                        Arc::get_mut(t).map(PageTerms::free_entries);
                    }
                }
                Run { terms, part }
            })
            .collect()
    }
}

/// A run of pages: each one's hash and share of the index, and their entries inverted.
struct Run {
    terms: Vec<(u64, Arc<PageTerms>)>,
    part: inverted::Part,
}

/// Everything about the index but the bytes of fragments and chunks: names, word ranges,
/// postings, and the small files.
struct Plan {
    fragment_names: Vec<String>,
    inverted: chunks::Inverted,
    chunks: Vec<chunks::Chunk>,
    chunk_names: Vec<String>,
    filter_files: Vec<(String, Vec<u8>)>,
    filter_names: Vec<String>,
    meta: Vec<u8>,
    meta_name: String,
    entry: Vec<u8>,
}

impl Plan {
    fn new(
        language: &str,
        client: &client::Client,
        pages: &[&PageTerms],
        inverted: chunks::Inverted,
        meta_fields: &[String],
        vocabulary: &Vocabulary,
    ) -> Plan {
        let hashes: Vec<&str> = pages.iter().map(|p| p.fragment_hash.as_str()).collect();
        let fragment_names = encode::shorten(language, &hashes, Growth::One);
        let chunk_list = chunks::chunks(&inverted, vocabulary);
        let hashes = chunks::hashes(&chunk_list, &inverted, vocabulary);
        let chunk_names = encode::shorten(language, &hashes, Growth::Two);
        let filter_files: Vec<(String, Vec<u8>)> = filter_values(pages)
            .iter()
            .map(|(name, values)| {
                let mut out = encode::signed_buffer(1024);
                bundle::encode_filter(name, values, &mut out);
                (name.clone(), out)
            })
            .collect();
        let hashes: Vec<String> = filter_files
            .iter()
            .map(|(_, b)| encode::named_hash(language, &b[encode::SIGNATURE.len()..]))
            .collect();
        let filter_names = encode::shorten(language, &hashes, Growth::Two);
        let mut meta = encode::signed_buffer(pages.len() * 24);
        bundle::encode_meta(
            &bundle::Meta {
                version: &client.version,
                pages: fragment_names
                    .iter()
                    .zip(pages)
                    .map(|(n, p)| (n.as_str(), p.word_count))
                    .collect(),
                chunks: &chunk_list,
                chunk_names: &chunk_names,
                filters: filter_files
                    .iter()
                    .zip(&filter_names)
                    .map(|((f, _), n)| (f.as_str(), n.as_str()))
                    .collect(),
                meta_fields,
            },
            &mut meta,
        );
        let meta_name = bundle::meta_name(language, &meta[encode::SIGNATURE.len()..]);
        let entry = bundle::entry_json(
            &client.version,
            language,
            &meta_name,
            client.wasm.as_deref(),
            pages.len(),
        );
        Plan {
            fragment_names,
            inverted,
            chunks: chunk_list,
            chunk_names,
            filter_files,
            filter_names,
            meta,
            meta_name,
            entry,
        }
    }
}

/// Filter → value → the numbers of the pages that have it.
fn filter_values(pages: &[&PageTerms]) -> bundle::Filters {
    let mut filters = bundle::Filters::new();
    for (p, page) in pages.iter().enumerate() {
        for (filter, values) in &page.filters {
            let by_value: &mut BTreeMap<String, Vec<u32>> =
                filters.entry(filter.clone()).or_default();
            for v in values {
                by_value.entry(v.clone()).or_default().push(p as u32);
            }
        }
    }
    filters
}

/// Where this build's files go: to the sink, or into the list `weave serve` gets.
struct Out<'a> {
    sink: Option<&'a dyn Sink>,
    last: &'a HashMap<String, Bytes>,
    made: Mutex<Vec<(String, Bytes)>>,
}

impl Out<'_> {
    /// A file named by a hash of its contents: made, compressed and written only when neither
    /// the output nor the last build holds it.
    fn hashed(
        &self,
        path: String,
        compressor: &mut libdeflater::Compressor,
        payload: impl FnOnce() -> Vec<u8>,
    ) -> Result<(), Diagnostic> {
        match self.sink {
            Some(sink) if sink.keep(&path) => Ok(()),
            Some(sink) => sink.write(&path, &encode::gzip(compressor, &payload())),
            None => {
                let bytes = match self.last.get(&path) {
                    Some(b) => b.clone(),
                    None => Bytes::from(encode::gzip(compressor, &payload())),
                };
                self.made.lock().expect("no panics").push((path, bytes));
                Ok(())
            }
        }
    }

    /// Any other file.
    fn plain(&self, path: String, bytes: &[u8]) -> Result<(), Diagnostic> {
        match self.sink {
            Some(sink) => sink.write(&path, bytes),
            None => {
                let bytes = match self.last.get(&path) {
                    Some(b) if b.as_ref() == bytes => b.clone(),
                    _ => Bytes::copy_from_slice(bytes),
                };
                self.made.lock().expect("no panics").push((path, bytes));
                Ok(())
            }
        }
    }
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
    for (weight, text) in &record.runs {
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
