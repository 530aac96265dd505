//! The index turned around: pages hold their entries by page, chunks want them by word.
//!
//! Gathering each word's entries from ten thousand pages' buffers cost a cache miss per entry
//! (most of the index's time, measured), so the pages are inverted by scattering instead: each
//! run of pages, as soon as it is read, is written into a `Part` that holds every word's
//! entries of that run together; a chunk then reads each of its words' stretch of every part,
//! in order. A one-off build frees the pages' own buffers once their run is inverted.
//!
//! An entry in a part is small: a CBOR unsigned holding the gap from the word's previous page
//! in the run (the first counted from the run's first page) times two, plus one when a form
//! id (a diacritic variant) follows as another unsigned; then the entry's two arrays.

use super::encode;
use super::page_terms::PageTerms;
use super::vocabulary::PLAIN;

/// The entries of one run of pages, by word id.
pub struct Part {
    /// How many pages of the run are numbered (have words in their text).
    pub pages: u32,
    /// The number of the run's first numbered page; set once every run before it is read.
    pub first: u32,
    /// By word id: the word's stretch of `bytes`, as (start, end); words beyond are absent.
    spans: Vec<(u32, u32)>,
    bytes: Vec<u8>,
    /// By word id: the numbers the word's entries here add to a chunk.
    pub sizes: Vec<u32>,
    /// (word, form) of every variant here, in the order they first appear.
    pub variants: Vec<(u32, u32)>,
}

/// One entry of a part, read back.
pub struct Stored<'a> {
    /// Counted from the run's first page.
    pub page: u32,
    pub form: u32,
    /// The body positions' array, then the metadata positions' array.
    pub arrays: &'a [u8],
}

/// Inverts one run of pages, numbered from 0 in the order given (pages without words in
/// their text are left out by the caller). `words` is how many word ids there are.
pub fn invert(pages: &[&PageTerms], words: usize) -> Part {
    let mut last = vec![0u32; words];
    let mut lengths = vec![0u32; words];
    let mut sizes = vec![0u32; words];
    let mut variants = Vec::new();
    let mut seen_variants = std::collections::HashSet::new();
    for (p, page) in pages.iter().enumerate() {
        for (i, e) in page.entries.iter().enumerate() {
            let (arrays, form) = page.entry(i);
            let w = e.word as usize;
            let gap = p as u32 - last[w];
            last[w] = p as u32;
            let head = (u64::from(gap) << 1) | u64::from(form != PLAIN);
            let form_len = if form == PLAIN {
                0
            } else {
                uint_len(form.into())
            };
            lengths[w] += (uint_len(head) + form_len + arrays.len()) as u32;
            sizes[w] += e.size;
            if form != PLAIN && seen_variants.insert((e.word, form)) {
                variants.push((e.word, form));
            }
        }
    }
    let mut spans = Vec::with_capacity(words);
    let mut at = 0u32;
    for len in &lengths {
        spans.push((at, at));
        at += len;
    }
    let mut bytes = vec![0u8; at as usize];
    last.fill(0);
    let mut head = Vec::with_capacity(16);
    for (p, page) in pages.iter().enumerate() {
        for (i, e) in page.entries.iter().enumerate() {
            let (arrays, form) = page.entry(i);
            let w = e.word as usize;
            let gap = p as u32 - last[w];
            last[w] = p as u32;
            head.clear();
            encode::uint(&mut head, (u64::from(gap) << 1) | u64::from(form != PLAIN));
            if form != PLAIN {
                encode::uint(&mut head, form.into());
            }
            let end = &mut spans[w].1;
            for part in [&head[..], arrays] {
                bytes[*end as usize..*end as usize + part.len()].copy_from_slice(part);
                *end += part.len() as u32;
            }
        }
    }
    Part {
        pages: pages.len() as u32,
        first: 0,
        spans,
        bytes,
        sizes,
        variants,
    }
}

impl Part {
    /// The entries of `word` in this run, in page order.
    pub fn entries(&self, word: u32) -> impl Iterator<Item = Stored<'_>> {
        let (start, end) = self.spans.get(word as usize).copied().unwrap_or((0, 0));
        let bytes = &self.bytes[start as usize..end as usize];
        let (mut at, mut page) = (0, 0u32);
        std::iter::from_fn(move || {
            if at >= bytes.len() {
                return None;
            }
            let (head, n) = encode::read_uint(&bytes[at..]);
            at += n;
            page += (head >> 1) as u32;
            let form = match head & 1 {
                0 => PLAIN,
                _ => {
                    let (form, n) = encode::read_uint(&bytes[at..]);
                    at += n;
                    form as u32
                }
            };
            let start = at;
            at += encode::int_array_bytes(&bytes[at..]);
            at += encode::int_array_bytes(&bytes[at..]);
            Some(Stored {
                page,
                form,
                arrays: &bytes[start..at],
            })
        })
    }
}

fn uint_len(n: u64) -> usize {
    match n {
        0..24 => 1,
        24..0x100 => 2,
        0x100..0x1_0000 => 3,
        0x1_0000..0x1_0000_0000 => 5,
        _ => 9,
    }
}
