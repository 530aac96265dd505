//! The search index: Pagefind's format and client, written by weave.
//!
//! Pagefind splits the index into chunks by word, so a query fetches only what its words need,
//! stems words in 33 languages, ranks with BM25 and weights headings. Its indexer, though,
//! reads and compresses every page again on every build: at 10,000 pages that was 90 % of a
//! build and 4.4 GB of memory. weave keeps the format and the client (`client`) and writes the
//! files itself, from the site graph (`record`):
//!
//! - pages are read in runs (`runs`), each page's words turned into occurrences (`reading`)
//!   of interned words (`vocabulary`, so the word rules of `words` run once per spelling, not
//!   per occurrence), and each run inverted by word at once (`inverted`);
//! - the runs' parts are joined into chunks by word (`chunks`), the small files made
//!   (`plan`, `bundle`), and every file encoded as Pagefind's client reads it (`encode`);
//! - files are named by a hash of their contents, so a file the output already holds (or
//!   `weave serve` made last time) is neither made nor compressed again (`out`);
//! - `weave serve` keeps the runs between builds and reads again only the runs whose pages
//!   changed.
//!
//! `parity_tests` checks that, for the same pages, the files decompress to exactly what
//! Pagefind's own indexer writes.

mod bundle;
mod chunks;
mod client;
mod encode;
mod inverted;
mod occurrence;
mod out;
#[cfg(test)]
mod parity_tests;
mod plan;
mod reading;
mod record;
mod runs;
mod segment;
mod vocabulary;
pub mod words;

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::output::Sink;
use crate::progress::Stage;
use crate::site::Site;
use crate::spill::stored::{Store, Stored};
use crate::spill::{Body, Spill};
use encode::Growth;
use out::Out;
use plan::{Numbered, Plan};
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
    /// Gives each page's spilled text back once read (`release_texts`).
    release: bool,
    /// The runs of pages of the last build, by a hash of their records.
    runs: HashMap<u64, Arc<runs::Run>>,
    /// The last build's files, by path.
    files: HashMap<String, Stored>,
    /// Where the files made are kept when they are returned (`weave serve`: on disk).
    store: Store,
    /// The last build's run keys, in order, and its files in the order made: when the keys
    /// are the same, so is every file.
    last: Option<(Vec<u64>, Files)>,
    /// Where each run's inverted part goes (`inverted`): a one-off build's spill, or the file
    /// `weave serve` keeps its files in.
    spill: Option<Arc<Spill>>,
    /// About how many bytes of spilled parts are read back at once, for a stretch of chunks.
    stretch_bytes: u64,
}

/// A stretch of chunks' entries, read back from the spill file at once: 32 MB, a tenth of
/// the parts of 100,000 pages, is few enough reads (one per run per stretch) and little
/// enough memory.
const STRETCH_BYTES: u64 = 32 << 20;

/// Files of the index: path inside the output, and where its bytes are kept.
pub type Files = Vec<(String, Stored)>;

impl Default for Index {
    fn default() -> Self {
        Index {
            vocabulary: Mutex::new(Vocabulary::new("")),
            remember: false,
            release: false,
            runs: HashMap::new(),
            files: HashMap::new(),
            store: Store::default(),
            last: None,
            spill: None,
            stretch_bytes: STRETCH_BYTES,
        }
    }
}

impl Index {
    /// An index that keeps its runs of pages and its files between builds.
    pub fn remembering() -> Index {
        Index {
            remember: true,
            ..Index::default()
        }
    }

    /// Keeps the files it returns in `store` (`weave serve`'s, on disk).
    pub fn keep_files_in(&mut self, store: Store) {
        self.store = store;
    }

    /// Gives each page's spilled text back once the index has read it, so that the kernel's
    /// pages of the spill file serve the files written next: for a one-off build, in which
    /// nothing reads the texts after the index.
    pub fn release_texts(&mut self) {
        self.release = true;
    }

    /// Moves each run's part to `spill` once inverted.
    pub fn spill_to(&mut self, spill: Option<Arc<Spill>>) {
        self.spill = spill;
    }

    /// Builds the index of `site`. `texts`, when given, are the pages' plain texts, handed
    /// over so that each is freed once read (a one-off build); otherwise they are read from
    /// the site graph. With a `sink`, files go there and none are returned; without one,
    /// every file of the index is returned (unchanged ones shared with the last build's).
    /// `progress` counts the pages read.
    pub fn build(
        &mut self,
        site: &Site,
        texts: Option<Vec<String>>,
        sink: Option<&dyn Sink>,
        progress: &Stage,
    ) -> Result<Files, Diagnostic> {
        let language = site.config.language.clone();
        let vocabulary = self.vocabulary.get_mut().expect("no panics");
        if vocabulary.language() != language {
            *vocabulary = Vocabulary::new(&language);
            self.runs.clear();
            self.last = None;
        }
        let client = client::for_language(&language).map_err(|e| failed(&format!("{e:#}")))?;
        let mut records = record::all(site, texts);
        // The site's metadata keys: pages store metadata positions by their index here.
        let meta_fields: Vec<String> = records
            .iter()
            .flat_map(|r| r.meta().map(|(field, _)| field.to_string()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // Fragments are named before pages are read, so each is written as its page is.
        let hashes: Vec<String> = records
            .par_iter_mut()
            .map(|r| {
                r.load()?;
                let hash = reading::fragment_hash(r, &language);
                r.unload();
                Ok(hash)
            })
            .collect::<std::io::Result<_>>()
            .map_err(|e| failed(&Body::failure(&e)))?;
        let fragment_names = encode::shorten(&language, &hashes, Growth::One);
        let out = Out {
            sink,
            last: &self.files,
            store: &self.store,
            made: Mutex::default(),
        };
        let split = runs::split(&records);
        let reader = runs::Reader {
            vocabulary: &self.vocabulary,
            meta_fields: &meta_fields,
            fragment_names: &fragment_names,
            out: &out,
            kept: self.remember.then_some(&self.runs),
            progress,
            pack: site.config.search_pack,
            language: &language,
            spill: self.spill.as_ref(),
            release: self.release,
        };
        let read = reader.read(&mut records, &split)?;
        let keys: Vec<u64> = read.iter().map(|(key, _)| *key).collect();
        if let Some((last_keys, made)) = &self.last
            && self.remember
            && *last_keys == keys
        {
            // Nothing the index is made of changed (`weave serve` after a template edit, say).
            return Ok(made.clone());
        }
        // Pages with no words in their text are left out, as Pagefind leaves them out.
        let mut numbered = Numbered::default();
        let read_pages = read.iter().flat_map(|(_, run)| &run.pages);
        for ((page, name), record) in read_pages.zip(&fragment_names).zip(&records) {
            if page.has_body_words {
                numbered.pages.push(page);
                numbered.names.push(name);
                numbered.filters.push(&record.filters);
            }
        }
        let vocabulary = self.vocabulary.lock().expect("no panics");
        let parts: Vec<&inverted::Part> = read.iter().map(|(_, run)| &run.part).collect();
        let inverted = chunks::join(parts, keys.clone(), &vocabulary);
        let plan = Plan::new(
            &language,
            &client,
            &numbered,
            inverted,
            &meta_fields,
            &vocabulary,
        );

        plan.write(&out, &client, &vocabulary, self.stretch_bytes)?;
        drop(vocabulary);
        drop(plan);
        let made = out.made.into_inner().expect("no panics");
        if self.remember {
            self.files = made.iter().cloned().collect();
            self.runs = read.into_iter().collect();
            self.last = Some((keys, made.clone()));
        }
        Ok(made)
    }
}

fn failed(why: &str) -> Diagnostic {
    Diagnostic::error(format!("building the search index failed: {why}"))
        .help("set `search: false` in weave.yaml to build without search, and report this")
}
