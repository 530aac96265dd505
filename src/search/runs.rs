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
use crate::spill::{Body, Spill};

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
    /// Pages whose fragments share a file (`search_pack`).
    pub pack: usize,
    /// The index's language, which file names start with.
    pub language: &'a str,
    /// Each page's spilled text is given back once read (`Index::release_texts`).
    pub release: bool,
    /// Where each run's part goes once inverted (a one-off build).
    pub spill: Option<&'a Arc<Spill>>,
}

impl Reader<'_> {
    /// Every run, with its key: read, or kept from the last build when its pages' records are
    /// unchanged. Records are freed of their text once read; when builds remember, the text
    /// is only let go of, to be read back from the spill file next time.
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
            // Each run a piece of its own, there for an idle thread to take: the index reads
            // beside the pages' render, which may leave a thread free at any time.
            .with_max_len(1)
            .map(|(first, records)| {
                let pages = records.len() as u64;
                let run = self.run(first, records);
                self.progress.add(pages);
                run
            })
            .collect()
    }

    /// One run: its records' texts read back from the spill file (where they are there) for
    /// the run alone, and let go once it is read, so that the index never holds more than a
    /// run's texts per thread.
    fn run(&self, first: usize, records: &mut [Record<'_>]) -> Result<(u64, Arc<Run>), Diagnostic> {
        let loaded = records.iter_mut().try_for_each(Record::load);
        let run = loaded
            .map_err(|e| super::failed(&Body::failure(&e)))
            .and_then(|()| self.read_run(first, records));
        records.iter_mut().for_each(Record::unload);
        run
    }

    fn read_run(
        &self,
        first: usize,
        records: &mut [Record<'_>],
    ) -> Result<(u64, Arc<Run>), Diagnostic> {
        let names = &self.fragment_names[first..first + records.len()];
        // Names the run's chunks' inputs (`chunks::hashes`) and, in `weave serve`, finds
        // the run of the last build with the same pages.
        let key = key_of(records, self.meta_fields);
        if let Some(run) = self.kept.and_then(|kept| kept.get(&key)) {
            // The fragments are the last build's, named and packed as they were.
            let mut compressor = encode::compressor();
            let indexed: Vec<usize> = (0..run.pages.len())
                .filter(|&i| run.pages[i].has_body_words)
                .collect();
            let packed = |&a: &usize, &b: &usize| {
                run.pages[a].group.is_some() && run.pages[a].group == run.pages[b].group
            };
            for members in indexed.chunk_by(packed) {
                self.fragments(records, &run.pages, names, members, &mut compressor)?;
            }
            return Ok((key, Arc::clone(run)));
        }
        let mut lookup = Lookup::new(self.vocabulary);
        let mut compressor = encode::compressor();
        let mut hits = HITS.with(|h| std::mem::take(&mut *h.borrow_mut()));
        hits.clear();
        let mut numbered = Vec::new();
        let mut pages: Vec<IndexedPage> = Vec::with_capacity(records.len());
        // Pages read whose fragment waits for its pack to fill.
        let mut members = Vec::new();
        for i in 0..records.len() {
            let start = hits.len();
            let page = reading::read(&records[i], self.meta_fields, &mut lookup, &mut hits);
            // Pages with no words in their text are left out, as Pagefind leaves them out.
            if page.has_body_words {
                numbered.push(start..hits.len());
                members.push(i);
            } else {
                hits.truncate(start);
                if self.kept.is_none() {
                    records[i].free_text(self.release);
                }
            }
            pages.push(page);
            let last = i + 1 == records.len();
            if !members.is_empty() && (members.len() == self.pack || last) {
                self.pack_members(&mut pages, names, &members);
                self.fragments(records, &pages, names, &members, &mut compressor)?;
                if self.kept.is_none() {
                    members
                        .iter()
                        .for_each(|&m| records[m].free_text(self.release));
                }
                members.clear();
            }
        }
        let mut part = inverted::invert(&hits, &numbered, self.vocabulary);
        HITS.with(|h| *h.borrow_mut() = hits);
        if let Some(spill) = self.spill {
            part.spill(spill, self.vocabulary).map_err(|e| {
                super::failed(&format!(
                    "cannot write to the build's temporary file beside the output ({e})"
                ))
            })?;
        }
        Ok((key, Arc::new(Run { pages, part })))
    }

    /// Names the pack of `members` (a hash of their fragments' names, which are hashes of
    /// their contents), when fragments are packed.
    fn pack_members(&self, pages: &mut [IndexedPage], names: &[String], members: &[usize]) {
        if self.pack <= 1 {
            return;
        }
        let joined: Vec<&str> = members.iter().map(|&m| names[m].as_str()).collect();
        let name: Arc<str> = encode::named_hash(self.language, joined.join(" ").as_bytes()).into();
        for &m in members {
            pages[m].group = Some(Arc::clone(&name));
        }
    }

    /// Writes the fragments of `members`: one file each, or their pack's one file, a JSON
    /// object of each fragment by its name (as Pagefind's `max_fragments` writes them).
    fn fragments(
        &self,
        records: &[Record<'_>],
        pages: &[IndexedPage],
        names: &[String],
        members: &[usize],
        compressor: &mut encode::Gzip,
    ) -> Result<(), Diagnostic> {
        let fragment = |m: usize| reading::fragment_file(&records[m], pages[m].word_count);
        let Some(group) = &pages[members[0]].group else {
            for &m in members {
                let path = format!("{BUNDLE_DIR}/fragment/{}.pf_fragment", names[m]);
                self.out.hashed(path, compressor, || Ok(fragment(m)))?;
            }
            return Ok(());
        };
        let path = format!("{BUNDLE_DIR}/fragment/{group}.pf_fragment");
        self.out.hashed(path, compressor, || {
            let mut out = encode::signed_buffer(4096 * members.len());
            out.push(b'{');
            for (k, &m) in members.iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut out, &names[m]).expect("a name serialises");
                out.push(b':');
                out.extend_from_slice(&fragment(m)[encode::SIGNATURE.len()..]);
            }
            out.push(b'}');
            Ok(out)
        })
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
        for (k, v) in record.meta() {
            put(k);
            put(v);
        }
        for (k, values) in record.filters.iter() {
            put(k);
            values.iter().for_each(|v| put(v));
        }
        put("\u{0}");
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use super::super::out::Out;
    use super::super::record;
    use super::super::vocabulary::Vocabulary;
    use super::{Reader, split};
    use crate::pipeline::{Changes, Options, Session};
    use crate::progress::Stage;
    use crate::spill::stored::Store;

    /// `weave serve` keeps pages' texts in its spill file, and its index, which remembers
    /// runs between builds, reads them back a run at a time. Each text must be let go once its
    /// run is read: held until the index was made, they were the whole site's text in memory
    /// at once (850 MB at 100,000 pages).
    #[test]
    fn a_remembering_index_lets_go_of_each_text_once_its_run_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("content/articles");
        std::fs::create_dir_all(&articles).unwrap();
        for n in 0..300 {
            let text = format!("# Article {n}\n\nWords of article {n} about open models.\n");
            std::fs::write(articles.join(format!("a{n}.md")), text).unwrap();
        }
        let mut session = Session::new(Options {
            root: dir.path().into(),
            output: None,
            base_url: None,
            drafts: false,
            write: false,
        });
        session.inline_search = false;
        session.remember_between_builds();
        session.keep_files_on_disk();
        assert!(!session.build(Changes::everything()).failed());
        let site = session.site().expect("a site");

        let mut records = record::all(&site, None);
        let runs = split(&records);
        assert!(runs.len() > 1, "one run: too few pages to test");
        let names: Vec<String> = (0..records.len()).map(|i| format!("f{i}")).collect();
        let (last, store) = (HashMap::new(), Store::default());
        let out = Out {
            sink: None,
            last: &last,
            store: &store,
            made: Mutex::default(),
        };
        let kept = HashMap::new();
        let reader = Reader {
            vocabulary: &Mutex::new(Vocabulary::new("en")),
            meta_fields: &["title".to_string()],
            fragment_names: &names,
            out: &out,
            kept: Some(&kept),
            progress: &Stage::none(),
            pack: 4,
            language: "en",
            spill: None,
            release: false,
        };
        let read = reader.read(&mut records, &runs).expect("read");
        assert_eq!(read.len(), runs.len());
        let held = records.iter().filter(|r| r.holds_spilled_text()).count();
        assert_eq!(held, 0, "texts still held after their runs were read");
    }
}
