//! The word index: every word's pages, split by word into chunks, so a query fetches only the
//! chunks its words fall in. Words are sorted, and a chunk ends once it holds about 20,000
//! numbers (positions and page entries), as in Pagefind; the metadata file lists each chunk's
//! first and last word, trimmed to the shortest prefixes that still tell neighbours apart.

use std::ops::Range;

use rayon::prelude::*;

use super::encode::{self, cbor, infallible};
use super::inverted::Part;
use super::vocabulary::{PLAIN, Vocabulary};

/// Pagefind's chunk size, in numbers held.
const CHUNK_SIZE: usize = 20_000;

/// Every word's entries, words sorted by name, each word's entries in page order.
pub struct Inverted {
    /// Word ids, sorted by name.
    pub words: Vec<u32>,
    /// The runs of pages, in order, each with its first page numbered.
    parts: Vec<Part>,
    /// Per sorted word, the numbers it adds to a chunk.
    sizes: Vec<usize>,
    /// Per sorted word, its variants' forms in the order they first appear.
    variants: Vec<Vec<u32>>,
}

/// A chunk: a range of `Inverted::words`, and the words that bound it in the metadata.
pub struct Chunk {
    pub words: Range<usize>,
    pub from: String,
    pub to: String,
}

/// Joins the runs' parts: numbers their pages and sorts the words that occur.
pub fn join(mut parts: Vec<Part>, vocabulary: &Vocabulary) -> Inverted {
    let n = vocabulary.count();
    let mut first = 0;
    let mut sizes = vec![0usize; n];
    for part in &mut parts {
        part.first = first;
        first += part.pages;
        for (w, s) in part.sizes.iter().enumerate() {
            sizes[w] += *s as usize;
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
    Inverted {
        sizes: words.iter().map(|&w| sizes[w as usize]).collect(),
        variants: words
            .iter()
            .map(|&w| std::mem::take(&mut variants[w as usize]))
            .collect(),
        words,
        parts,
    }
}

/// Splits the sorted words into chunks.
pub fn chunks(inverted: &Inverted, vocabulary: &Vocabulary) -> Vec<Chunk> {
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
/// body positions, metadata positions]`.
pub fn encode_chunk(
    chunk: &Chunk,
    inverted: &Inverted,
    vocabulary: &Vocabulary,
    out: &mut Vec<u8>,
) {
    infallible(cbor(out).array(1));
    infallible(cbor(out).array(chunk.words.len() as u64));
    for w in chunk.words.clone() {
        let word = inverted.words[w];
        let mut e = cbor(out);
        infallible(e.array(3));
        infallible(e.str(vocabulary.name(word)));
        write_pages(out, inverted, word, PLAIN);
        let variants = &inverted.variants[w];
        infallible(cbor(out).array(variants.len() as u64));
        for &form in variants {
            let mut e = cbor(out);
            infallible(e.array(2));
            infallible(e.str(vocabulary.name(form)));
            write_pages(out, inverted, word, form);
        }
    }
}

/// The array of `word`'s pages spelt `form`.
fn write_pages(out: &mut Vec<u8>, inverted: &Inverted, word: u32, form: u32) {
    let pages = || {
        inverted.parts.iter().flat_map(move |part| {
            part.entries(word)
                .filter(move |s| s.form == form)
                .map(move |s| (part.first + s.page, s.arrays))
        })
    };
    infallible(cbor(out).array(pages().count() as u64));
    let mut last = 0;
    for (page, arrays) in pages() {
        let mut e = cbor(out);
        infallible(e.array(3));
        infallible(e.u32(page - last));
        last = page;
        out.extend_from_slice(arrays);
    }
}

/// Every chunk's hash (`<language>_<sha1>`), computed in parallel.
pub fn hashes(chunks: &[Chunk], inverted: &Inverted, vocabulary: &Vocabulary) -> Vec<String> {
    chunks
        .par_iter()
        .map_init(Vec::new, |buffer, chunk| {
            buffer.clear();
            encode_chunk(chunk, inverted, vocabulary, buffer);
            encode::named_hash(vocabulary.language(), buffer)
        })
        .collect()
}
