//! Pages are read in runs, each on a thread of its own: a run's pages are read one after the
//! other (each page's fragment written as soon as it is read), and the run's occurrences
//! inverted together (`inverted`).
//!
//! A run ends after a page whose URL hashes to a multiple of `RUN` (or after `4 × RUN` pages),
//! so runs average `RUN` pages and where they end depends on the pages themselves, not on how
//! many come before: adding or removing a page changes only its own run. `weave serve` keeps
//! each run between builds, under a hash of its pages' records, and reads again only the runs
//! whose pages changed: an edit reads its page and a hundred-odd neighbours (a few
//! milliseconds), not the site.

use std::collections::HashMap;
use std::hash::Hasher;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::inverted::{self, Part};
use super::occurrence::{Hit, IndexedPage};
use super::out::Out;
use super::reading;
use super::record::Record;
use super::vocabulary::{Lookup, Vocabulary};
use super::{BUNDLE_DIR, encode};
use crate::error::Diagnostic;
use crate::progress::Stage;

/// Pages per run, on average: a run's occurrences (about a thousand a page) are sorted by
/// word in one go, which is fastest while they fit in a processor's own cache.
const RUN: u64 = 128;

/// One run of pages, read and inverted.
pub struct Run {
    /// What each page of the run gave the index.
    pub pages: Vec<IndexedPage>,
    pub part: Part,
}

thread_local! {
    /// A run's occurrences, reused from run to run: growing a fresh one each time copied it
    /// over and over.
    static HITS: std::cell::RefCell<Vec<Hit>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Where the runs of `records` start and end.
pub fn split(records: &[Record<'_>]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    for (i, record) in records.iter().enumerate() {
        let ends = xxhash_rust::xxh3::xxh3_64(record.url.as_bytes()).is_multiple_of(RUN);
        if ends || i + 1 - start >= 4 * RUN as usize {
            runs.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < records.len() {
        runs.push(start..records.len());
    }
    runs
}

/// What reading needs besides the records.
pub struct Reader<'a> {
    pub vocabulary: &'a Mutex<Vocabulary>,
    /// The site's metadata keys, sorted.
    pub meta_fields: &'a [String],
    /// Each record's fragment name.
    pub fragment_names: &'a [String],
    pub out: &'a Out<'a>,
    /// The runs of the last build by their key, when builds remember (`weave serve`).
    pub kept: Option<&'a HashMap<u64, Arc<Run>>>,
    /// Counts the pages read.
    pub progress: &'a Stage,
}

impl Reader<'_> {
    /// Every run, with its key: read, or kept from the last build when its pages' records are
    /// unchanged. Records are freed of their text once read, unless builds remember.
    pub fn read(
        &self,
        records: &mut [Record<'_>],
        runs: &[Range<usize>],
    ) -> Result<Vec<(u64, Arc<Run>)>, Diagnostic> {
        let mut slices = Vec::with_capacity(runs.len());
        let mut rest = records;
        for run in runs {
            let (this, tail) = rest.split_at_mut(run.len());
            slices.push((run.start, this));
            rest = tail;
        }
        slices
            .into_par_iter()
            .map(|(first, records)| {
                let pages = records.len() as u64;
                let run = self.run(first, records);
                self.progress.add(pages);
                run
            })
            .collect()
    }

    fn run(&self, first: usize, records: &mut [Record<'_>]) -> Result<(u64, Arc<Run>), Diagnostic> {
        let names = &self.fragment_names[first..first + records.len()];
        let key = match self.kept {
            Some(_) => key_of(records, self.meta_fields),
            None => 0,
        };
        if let Some(run) = self.kept.and_then(|kept| kept.get(&key)) {
            // The fragments are the last build's, named as they were.
            let mut compressor = encode::compressor();
            for ((record, page), name) in records.iter().zip(&run.pages).zip(names) {
                if page.has_body_words {
                    self.fragment(record, page, name, &mut compressor)?;
                }
            }
            return Ok((key, Arc::clone(run)));
        }
        let mut lookup = Lookup::new(self.vocabulary);
        let mut compressor = encode::compressor();
        let mut hits = HITS.with(|h| std::mem::take(&mut *h.borrow_mut()));
        hits.clear();
        let mut numbered = Vec::new();
        let mut pages = Vec::with_capacity(records.len());
        for (record, name) in records.iter_mut().zip(names) {
            let start = hits.len();
            let page = reading::read(record, self.meta_fields, &mut lookup, &mut hits);
            // Pages with no words in their text are left out, as Pagefind leaves them out.
            if page.has_body_words {
                numbered.push(start..hits.len());
                self.fragment(record, &page, name, &mut compressor)?;
            } else {
                hits.truncate(start);
            }
            if self.kept.is_none() {
                record.free_text();
            }
            pages.push(page);
        }
        let part = inverted::invert(&hits, &numbered, self.vocabulary);
        HITS.with(|h| *h.borrow_mut() = hits);
        Ok((key, Arc::new(Run { pages, part })))
    }

    fn fragment(
        &self,
        record: &Record<'_>,
        page: &IndexedPage,
        name: &str,
        compressor: &mut libdeflater::Compressor,
    ) -> Result<(), Diagnostic> {
        let path = format!("{BUNDLE_DIR}/fragment/{name}.pf_fragment");
        let words = page.word_count;
        self.out
            .hashed(path, compressor, || reading::fragment_file(record, words))
    }
}

/// A hash of everything a run's records give the index, and of the site's metadata keys
/// (which number the fields metadata positions are stored under).
fn key_of(records: &[Record<'_>], meta_fields: &[String]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut put = |s: &str| {
        h.write(s.as_bytes());
        h.write_u8(0xff);
    };
    meta_fields.iter().for_each(|f| put(f));
    for record in records {
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
        put("\u{0}");
    }
    h.finish()
}
