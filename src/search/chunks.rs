//! The word index: every word's pages, split by word into chunks, so a query fetches only the
//! chunks its words fall in. Words are sorted, and a chunk ends once it holds about 20,000
//! numbers (positions and page entries), as in Pagefind; the metadata file lists each chunk's
//! first and last word, trimmed to the shortest prefixes that still tell neighbours apart.

use std::io;
use std::ops::Range;

use rayon::prelude::*;

use super::encode::{self, cbor, infallible};
use super::inverted::{Arrays, Loaded, Part, Span, USUAL_WEIGHT};
use super::vocabulary::{PLAIN, Vocabulary};

/// Pagefind's chunk size, in numbers held.
const CHUNK_SIZE: usize = 20_000;

/// Every word's entries, words sorted by name, each word's entries in page order.
pub struct Inverted<'a> {
    /// Word ids, sorted by name: a word's rank is its place here.
    pub words: Vec<u32>,
    /// The runs of pages, in order.
    parts: Vec<Ranked<'a>>,
    /// Per rank, the numbers the word adds to a chunk.
    sizes: Vec<usize>,
    /// Per rank, the bytes of the word's entries in all parts.
    bytes: Vec<u64>,
    /// Per rank, the word's variants' forms in the order they first appear.
    variants: Vec<Vec<u32>>,
    /// The key of each part's run (a hash of everything its pages give the index).
    keys: Vec<u64>,
}

/// A run's part, with the number of its first page and its words as (rank, index of the
/// word's span in the part), by rank.
type Ranked<'a> = (&'a Part, u32, Vec<(u32, u32)>);

/// A chunk: a range of ranks, and the words that bound it in the metadata.
pub struct Chunk {
    pub words: Range<usize>,
    pub from: String,
    pub to: String,
}

/// Joins the runs' parts: numbers their pages and ranks the words that occur. `keys` are the
/// parts' runs' keys, in the same order.
pub fn join<'a>(parts: Vec<&'a Part>, keys: Vec<u64>, vocabulary: &Vocabulary) -> Inverted<'a> {
    let n = vocabulary.count();
    let mut sizes = vec![0usize; n];
    let mut bytes = vec![0u64; n];
    for part in &parts {
        for span in &part.words {
            sizes[span.word as usize] += span.size as usize;
            bytes[span.word as usize] += span.bytes();
        }
    }
    let mut variants = vec![Vec::new(); n];
    for &(word, form) in parts.iter().flat_map(|p| &p.variants) {
        let forms: &mut Vec<u32> = &mut variants[word as usize];
        if !forms.contains(&form) {
            forms.push(form);
            sizes[word as usize] += 1;
        }
    }
    let mut words: Vec<u32> = (0..n as u32).filter(|&w| sizes[w as usize] > 0).collect();
    words.par_sort_unstable_by(|&a, &b| vocabulary.name(a).cmp(vocabulary.name(b)));
    let mut rank = vec![0u32; n];
    for (r, &w) in words.iter().enumerate() {
        rank[w as usize] = r as u32;
    }
    let mut first = 0;
    let numbered: Vec<u32> = parts
        .iter()
        .map(|p| {
            first += p.pages;
            first - p.pages
        })
        .collect();
    let parts = parts
        .into_par_iter()
        .zip(numbered)
        .map(|(part, first)| {
            let mut ranked: Vec<(u32, u32)> = (part.words.iter().enumerate())
                .map(|(i, span)| (rank[span.word as usize], i as u32))
                .collect();
            ranked.sort_unstable();
            (part, first, ranked)
        })
        .collect();
    Inverted {
        sizes: words.iter().map(|&w| sizes[w as usize]).collect(),
        bytes: words.iter().map(|&w| bytes[w as usize]).collect(),
        variants: words
            .iter()
            .map(|&w| std::mem::take(&mut variants[w as usize]))
            .collect(),
        words,
        parts,
        keys,
    }
}

impl Inverted<'_> {
    /// Consecutive chunks grouped so that each group's entries come to about `limit` bytes
    /// (at least one chunk a group): a group's entries are read back from spilled parts at
    /// once, and its chunks encoded side by side.
    pub fn stretches(&self, chunks: &[Chunk], limit: u64) -> Vec<Range<usize>> {
        let mut stretches = Vec::new();
        let (mut start, mut bytes) = (0, 0);
        for (i, chunk) in chunks.iter().enumerate() {
            bytes += self.bytes[chunk.words.clone()].iter().sum::<u64>();
            if bytes >= limit || i + 1 == chunks.len() {
                stretches.push(start..i + 1);
                (start, bytes) = (i + 1, 0);
            }
        }
        stretches
    }

    /// Every part's entries for the words ranked in `ranks`, in the parts' order.
    pub fn load(&self, ranks: Range<usize>) -> io::Result<Vec<Loaded<'_>>> {
        self.parts
            .par_iter()
            .map(|(part, _, ranked)| {
                let from = ranked.partition_point(|&(r, _)| (r as usize) < ranks.start);
                let to = ranked.partition_point(|&(r, _)| (r as usize) < ranks.end);
                part.load(
                    ranked[from..to]
                        .iter()
                        .map(|&(_, i)| &part.words[i as usize]),
                )
            })
            .collect()
    }
}

/// Splits the sorted words into chunks.
pub fn chunks(inverted: &Inverted<'_>, vocabulary: &Vocabulary) -> Vec<Chunk> {
    let mut ranges = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, s) in inverted.sizes.iter().enumerate() {
        size += s;
        if size >= CHUNK_SIZE {
            ranges.push(start..i + 1);
            (start, size) = (i + 1, 0);
        }
    }
    if start < inverted.words.len() {
        ranges.push(start..inverted.words.len());
    }
    let name = |i: usize| vocabulary.name(inverted.words[i]).to_string();
    let mut chunks: Vec<Chunk> = ranges
        .into_iter()
        .map(|r| Chunk {
            from: name(r.start),
            to: name(r.end - 1),
            words: r,
        })
        .collect();
    // Trim each boundary to the shortest prefixes that differ, in order (each step sees the
    // previous step's trimmed `from`).
    for i in 1..chunks.len() {
        let (before, after) = chunks.split_at_mut(i);
        let (a, b) = (&mut before[i - 1], &mut after[0]);
        let common = b
            .from
            .chars()
            .zip(a.to.chars())
            .take_while(|(x, y)| x == y)
            .count();
        let to: String = a.to.chars().take(common + 1).collect();
        if to >= a.from {
            a.to = to;
        }
        b.from = b.from.chars().take(common + 1).collect();
    }
    chunks
}

/// A chunk's CBOR: `[[word, [page…], [variant…]]…]`, each page `[gap from the page before,
/// body positions, metadata positions]`. `loaded` holds every part's entries for (at least)
/// the chunk's words.
pub fn encode_chunk(
    chunk: &Chunk,
    inverted: &Inverted<'_>,
    loaded: &[Loaded<'_>],
    vocabulary: &Vocabulary,
    out: &mut Vec<u8>,
) {
    // Each part's words are in rank order: one cursor per part walks them with the chunk.
    let start = chunk.words.start as u32;
    let mut cursors: Vec<usize> = inverted
        .parts
        .iter()
        .map(|(_, _, ranked)| ranked.partition_point(|&(r, _)| r < start))
        .collect();
    let mut spans: Vec<(&Loaded, u32, &Span)> = Vec::with_capacity(inverted.parts.len());
    encode::array(out, 1);
    encode::array(out, chunk.words.len() as u64);
    for rank in chunk.words.clone() {
        spans.clear();
        let parts = inverted.parts.iter().zip(&mut cursors).zip(loaded);
        for (((part, first, ranked), cursor), entries) in parts {
            if let Some(&(r, i)) = ranked.get(*cursor)
                && r as usize == rank
            {
                spans.push((entries, *first, &part.words[i as usize]));
                *cursor += 1;
            }
        }
        let mut e = cbor(out);
        infallible(e.array(3));
        infallible(e.str(vocabulary.name(inverted.words[rank])));
        let plain = spans.iter().map(|(_, _, s)| s.plain as usize).sum();
        write_pages(out, &spans, PLAIN, plain);
        let variants = &inverted.variants[rank];
        encode::array(out, variants.len() as u64);
        for &form in variants {
            let mut e = cbor(out);
            infallible(e.array(2));
            infallible(e.str(vocabulary.name(form)));
            let count = spans
                .iter()
                .flat_map(|(p, _, s)| p.entries(s))
                .filter(|s| s.form == form)
                .count();
            write_pages(out, &spans, form, count);
        }
    }
}

/// The array of a word's `count` pages spelt `form`.
fn write_pages(out: &mut Vec<u8>, spans: &[(&Loaded, u32, &Span)], form: u32, count: usize) {
    encode::array(out, count as u64);
    let mut last = 0;
    for (part, first, span) in spans {
        for stored in part.entries(span).filter(|s| s.form == form) {
            let page = first + stored.page;
            encode::array(out, 3);
            encode::uint(out, u64::from(page - last));
            last = page;
            match stored.arrays {
                Arrays::Plain { count, positions } => {
                    encode::array(out, count + 1);
                    encode::ints(out, &[USUAL_WEIGHT]);
                    out.extend_from_slice(positions);
                    encode::array(out, 0);
                }
                Arrays::Whole(arrays) => out.extend_from_slice(arrays),
            }
        }
    }
}

/// Every chunk's name before shortening, from what it is made of rather than from its bytes:
/// the names of its words and, for each run that has any of them, the run's key (a hash of
/// everything its pages give the index) and the number of its first page. The same inputs give the same bytes, so a name still means its bytes; and
/// no chunk is encoded just to be named. (Hashing the encoded chunks encoded each twice in a
/// build, and in `weave serve` encoded the whole index after every save: at 100,000 pages
/// most of the server's work.)
pub fn hashes(chunks: &[Chunk], inverted: &Inverted<'_>, vocabulary: &Vocabulary) -> Vec<String> {
    chunks
        .par_iter()
        .map_init(Vec::new, |buffer, chunk| {
            buffer.clear();
            for rank in chunk.words.clone() {
                buffer.extend_from_slice(vocabulary.name(inverted.words[rank]).as_bytes());
                buffer.push(0xff);
            }
            let (start, end) = (chunk.words.start as u32, chunk.words.end as u32);
            for ((_, first, ranked), key) in inverted.parts.iter().zip(&inverted.keys) {
                let i = ranked.partition_point(|&(r, _)| r < start);
                if ranked.get(i).is_some_and(|&(r, _)| r < end) {
                    buffer.extend_from_slice(&key.to_le_bytes());
                    buffer.extend_from_slice(&first.to_le_bytes());
                }
            }
            encode::named_hash(vocabulary.language(), buffer)
        })
        .collect()
}
