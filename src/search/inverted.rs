//! The index turned around: pages give occurrences in the order of their text, chunks want
//! them by word.
//!
//! Each run of pages, as soon as it is read, is sorted by word (a counting sort over word ids:
//! no comparisons) into a `Part` that holds each word's entries of that run together, already
//! encoded; a chunk then reads its words' stretch of every part, in order. Gathering each
//! word's entries from ten thousand pages' own buffers instead cost a cache miss per entry,
//! most of the index's time (measured). Runs are small (`RUN` pages) so that a run's
//! occurrences stay in the processor's cache while they are sorted; a part lists only the
//! words it holds, so parts cost memory in proportion to their text, not to the vocabulary.
//!
//! An entry in a part starts with a CBOR unsigned: the gap from the word's previous page in the
//! run (the first counted from the run's first page) times four, plus two for a plain entry,
//! plus one when a form id (a diacritic variant) follows as another unsigned. A plain entry
//! (every occurrence in the body at the usual weight, none in metadata: nearly all of them)
//! then holds the number of positions and the positions; its arrays are made whole when the
//! chunk is written, which halves the parts' memory. Any other entry holds an unsigned length
//! and the body positions' and metadata positions' arrays as the chunk holds them.
//!
//! Each part's entries go to the spill file as soon as the run is inverted (4 KB a page:
//! 0.4 GB at 100,000 pages, the largest thing a build held at its peak; `weave serve` held
//! them between builds), its words put in name order first, so that a stretch of chunks (a
//! range of words by name) is one stretch of every part's bytes, read back once per stretch.

use std::borrow::Cow;
use std::cell::RefCell;
use std::io;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use super::encode;
use super::occurrence::{Hit, META};
use super::vocabulary::{PLAIN, Vocabulary};
use crate::spill::{self, Spill};

/// The entries of one run of pages.
pub struct Part {
    /// How many pages of the run are numbered (have words in their text).
    pub pages: u32,
    /// The words the run holds: by id, or by name once spilled.
    pub words: Vec<Span>,
    entries: Entries,
    /// (word id, form) of every variant here, in the order they first appear.
    pub variants: Vec<(u32, u32)>,
}

/// Where a part's encoded entries are.
enum Entries {
    Held(Vec<u8>),
    /// In the spill file, each word's after the word before it by name; given back when
    /// the part goes (`weave serve` replaces the runs whose pages changed).
    Spilled(spill::Piece),
}

/// Entries read back for a stretch of words (or all of a held part's), and where in the
/// part's bytes they start.
pub struct Loaded<'a> {
    bytes: Cow<'a, [u8]>,
    base: u32,
}

/// One word's entries in a part.
#[derive(Clone, Copy, Debug)]
pub struct Span {
    pub word: u32,
    start: u32,
    end: u32,
    /// How many of its entries are spelt plain (no diacritic variant).
    pub plain: u32,
    /// The numbers its entries add to a chunk.
    pub size: u32,
}

impl Span {
    /// How many bytes its entries take.
    pub fn bytes(&self) -> u64 {
        u64::from(self.end - self.start)
    }
}

/// One entry of a part, read back.
pub struct Stored<'a> {
    /// Counted from the run's first page.
    pub page: u32,
    pub form: u32,
    pub arrays: Arrays<'a>,
}

/// An entry's positions.
pub enum Arrays<'a> {
    /// All in the body at the usual weight: how many, and their gaps as CBOR integers.
    Plain { count: u64, positions: &'a [u8] },
    /// The body positions' array, then the metadata positions' array.
    Whole(&'a [u8]),
}

/// The weight marker that starts a plain entry's positions: `-25`, the usual weight 24.
pub const USUAL_WEIGHT: i32 = -25;

/// Per word id, counts and then cursors of the counting sort (kept all zero between runs),
/// and the sort's output: (page, occurrence) by word. Reused from run to run.
#[derive(Default)]
struct Sorting {
    counts: Vec<u32>,
    by_word: Vec<(u32, u32)>,
}

thread_local! {
    static SCRATCH: RefCell<Sorting> = RefCell::default();
}

/// Inverts one run of pages: `pages` are the ranges of `hits` each numbered page of the run
/// holds, in order. Variants' names are read from `vocabulary` to order them as Pagefind
/// does.
pub fn invert(hits: &[Hit], pages: &[Range<usize>], vocabulary: &Mutex<Vocabulary>) -> Part {
    SCRATCH.with(|scratch| {
        let Sorting { counts, by_word } = &mut *scratch.borrow_mut();
        let mut present = Vec::new();
        for h in hits {
            let w = h.word as usize;
            if w >= counts.len() {
                counts.resize(w + 1, 0);
            }
            if counts[w] == 0 {
                present.push(h.word);
            }
            counts[w] += 1;
        }
        present.sort_unstable();
        let mut at = 0;
        for &w in &present {
            let n = counts[w as usize];
            counts[w as usize] = at;
            at += n;
        }
        // (page, hit) by word, each word's in page order and, within a page, in text order.
        by_word.clear();
        by_word.resize(hits.len(), (0, 0));
        for (p, range) in pages.iter().enumerate() {
            for i in range.clone() {
                let slot = &mut counts[hits[i].word as usize];
                by_word[*slot as usize] = (p as u32, i as u32);
                *slot += 1;
            }
        }
        for &w in &present {
            counts[w as usize] = 0;
        }
        let mut bytes = Vec::with_capacity(hits.len() * 5);
        let mut part = Part {
            pages: pages.len() as u32,
            words: Vec::with_capacity(present.len()),
            entries: Entries::Held(Vec::new()),
            variants: Vec::new(),
        };
        let mut encoder = Encoder::default();
        for word in by_word.chunk_by(|a, b| hits[a.1 as usize].word == hits[b.1 as usize].word) {
            let id = hits[word[0].1 as usize].word;
            let mut span = Span {
                word: id,
                start: bytes.len() as u32,
                end: 0,
                plain: 0,
                size: 0,
            };
            let mut last = 0;
            for on_page in word.chunk_by(|a, b| a.0 == b.0) {
                let page = on_page[0].0;
                let of_page = on_page.iter().map(|&(_, i)| hits[i as usize]);
                let variants = match of_page.clone().all(|h| h.form == PLAIN) {
                    true => Vec::new(),
                    // Variants: the plain spelling first, then forms found in the body, then
                    // forms found only in metadata, each group by the form's spelling.
                    false => ordered_forms(of_page.clone(), vocabulary),
                };
                let forms: &[u32] = match variants.is_empty() {
                    true => &[PLAIN],
                    false => &variants,
                };
                for &form in forms {
                    encoder.take(of_page.clone(), form);
                    span.size += encoder.write(&mut bytes, page - last, form);
                    last = page;
                    if form == PLAIN {
                        span.plain += 1;
                    } else if !part.variants.contains(&(id, form)) {
                        part.variants.push((id, form));
                    }
                }
            }
            span.end = bytes.len() as u32;
            part.words.push(span);
        }
        bytes.shrink_to_fit();
        part.entries = Entries::Held(bytes);
        part
    })
}

impl Part {
    /// Moves the entries to `spill`, the words in name order. Names are copied out under the
    /// vocabulary's lock and sorted outside it, so other runs' reading is not held up.
    pub fn spill(&mut self, spill: &Arc<Spill>, vocabulary: &Mutex<Vocabulary>) -> io::Result<()> {
        let Entries::Held(bytes) = &self.entries else {
            return Ok(());
        };
        let mut names = String::new();
        let mut ends = Vec::with_capacity(self.words.len());
        {
            let vocabulary = vocabulary.lock().expect("no panics while the lock is held");
            for span in &self.words {
                names.push_str(vocabulary.name(span.word));
                ends.push(names.len());
            }
        }
        let name = |i: usize| &names[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
        let mut order: Vec<usize> = (0..self.words.len()).collect();
        order.sort_unstable_by(|&a, &b| name(a).cmp(name(b)));
        let mut sorted = Vec::with_capacity(bytes.len());
        let words = order
            .into_iter()
            .map(|i| {
                let span = self.words[i];
                let start = sorted.len() as u32;
                sorted.extend_from_slice(&bytes[span.start as usize..span.end as usize]);
                Span {
                    start,
                    end: sorted.len() as u32,
                    ..span
                }
            })
            .collect();
        self.entries = Entries::Spilled(spill.put_piece(&sorted)?);
        self.words = words;
        Ok(())
    }

    /// The entries of `spans` (some of this part's words): all the part's bytes when held,
    /// the stretch from the first span to the last when spilled (words in name order, so a
    /// range of words by name is one stretch).
    pub fn load<'s>(&self, spans: impl Iterator<Item = &'s Span>) -> io::Result<Loaded<'_>> {
        match &self.entries {
            Entries::Held(bytes) => Ok(Loaded {
                bytes: Cow::Borrowed(bytes),
                base: 0,
            }),
            Entries::Spilled(piece) => {
                let (from, to) = spans.fold((u32::MAX, 0), |(from, to), s| {
                    (from.min(s.start), to.max(s.end))
                });
                if from >= to {
                    return Ok(Loaded {
                        bytes: Cow::Borrowed(&[]),
                        base: 0,
                    });
                }
                Ok(Loaded {
                    bytes: Cow::Owned(piece.read_stretch(from, to)?),
                    base: from,
                })
            }
        }
    }
}

impl Loaded<'_> {
    /// The entries of one of the part's words (one of those loaded), in page order.
    pub fn entries(&self, span: &Span) -> impl Iterator<Item = Stored<'_>> {
        let bytes = &self.bytes[(span.start - self.base) as usize..(span.end - self.base) as usize];
        let (mut at, mut page) = (0, 0u32);
        std::iter::from_fn(move || {
            if at >= bytes.len() {
                return None;
            }
            let mut uint = || {
                let (n, len) = encode::read_uint(&bytes[at..]);
                at += len;
                n
            };
            let head = uint();
            page += (head >> 2) as u32;
            let form = match head & 1 {
                0 => PLAIN,
                _ => uint() as u32,
            };
            let arrays = if head & 2 != 0 {
                let count = uint();
                let start = at;
                for _ in 0..count {
                    at += encode::read_head(&bytes[at..]).1;
                }
                Arrays::Plain {
                    count,
                    positions: &bytes[start..at],
                }
            } else {
                let len = uint() as usize;
                at += len;
                Arrays::Whole(&bytes[at - len..at])
            };
            Some(Stored { page, form, arrays })
        })
    }
}

/// The forms of one word's occurrences on one page, in the order Pagefind lists them.
fn ordered_forms(
    hits: impl Iterator<Item = Hit> + Clone,
    vocabulary: &Mutex<Vocabulary>,
) -> Vec<u32> {
    let plain = hits.clone().any(|h| h.form == PLAIN);
    let mut body: Vec<u32> = Vec::new();
    let mut meta_only: Vec<u32> = Vec::new();
    for h in hits.clone().filter(|h| h.form != PLAIN && !h.in_meta()) {
        if !body.contains(&h.form) {
            body.push(h.form);
        }
    }
    for h in hits.filter(|h| h.form != PLAIN && h.in_meta()) {
        if !body.contains(&h.form) && !meta_only.contains(&h.form) {
            meta_only.push(h.form);
        }
    }
    let vocabulary = vocabulary.lock().expect("no panics while the lock is held");
    body.sort_by(|&a, &b| vocabulary.name(a).cmp(vocabulary.name(b)));
    meta_only.sort_by(|&a, &b| vocabulary.name(a).cmp(vocabulary.name(b)));
    let plain = plain.then_some(PLAIN);
    plain.into_iter().chain(body).chain(meta_only).collect()
}

/// Encodes entries, with buffers reused from entry to entry.
#[derive(Default)]
struct Encoder {
    /// (weight, position) in the body.
    positions: Vec<(u8, u32)>,
    /// (field, position) in metadata.
    meta: Vec<(u16, u32)>,
    ints: Vec<i32>,
    arrays: Vec<u8>,
}

impl Encoder {
    /// Takes the occurrences spelt `form`.
    fn take(&mut self, hits: impl Iterator<Item = Hit>, form: u32) {
        self.positions.clear();
        self.meta.clear();
        for h in hits.filter(|h| h.form == form) {
            if h.in_meta() {
                self.meta.push((h.weight_or_field & !META, h.position));
            } else {
                self.positions.push((h.weight_or_field as u8, h.position));
            }
        }
    }

    /// Writes the entry of the occurrences taken; returns the numbers it adds to a chunk
    /// (Pagefind's measure: the entry's numbers, and one for the entry itself).
    fn write(&mut self, out: &mut Vec<u8>, gap: u32, form: u32) -> u32 {
        encode::weighted_positions(&mut self.positions, &mut self.ints);
        let plain = self.meta.is_empty()
            && self.ints.first() == Some(&USUAL_WEIGHT)
            && self.ints[1..].iter().all(|&i| i >= 0);
        let head = (u64::from(gap) << 2) | (u64::from(plain) << 1) | u64::from(form != PLAIN);
        encode::uint(out, head);
        if form != PLAIN {
            encode::uint(out, form.into());
        }
        if plain {
            // The marker and the empty metadata array go back in when the chunk is written.
            encode::uint(out, (self.ints.len() - 1) as u64);
            encode::ints(out, &self.ints[1..]);
            // Pagefind's measure: the entry's numbers (the marker among them) and one more.
            return self.ints.len() as u32 + 1;
        }
        self.arrays.clear();
        encode::int_array(&mut self.arrays, &self.ints);
        let mut size = self.ints.len() + 1;
        self.ints.clear();
        encode::meta_positions(self.meta.iter().copied(), &mut self.ints);
        encode::int_array(&mut self.arrays, &self.ints);
        size += self.ints.len();
        encode::uint(out, self.arrays.len() as u64);
        out.extend_from_slice(&self.arrays);
        size as u32
    }
}
