//! The small files that tie the index together: one filter file per taxonomy (term → pages),
//! the metadata file (every page's fragment name and word count, every chunk's word range and
//! name, every filter's name), and the entry file that names the metadata file.

use std::collections::BTreeMap;

use serde::Serialize;

use super::chunks::Chunk;
use super::encode::{self, cbor, infallible};
use super::words::WORD_SYMBOLS;

/// Filter name → value → page numbers, in page order.
pub type Filters = BTreeMap<String, BTreeMap<String, Vec<u32>>>;

/// One filter file's CBOR: `[filter, [[value, [page…]]…]]`.
pub fn encode_filter(name: &str, values: &BTreeMap<String, Vec<u32>>, out: &mut Vec<u8>) {
    let mut e = cbor(out);
    infallible(e.array(2));
    infallible(e.str(name));
    infallible(e.array(values.len() as u64));
    for (value, pages) in values {
        infallible(e.array(2));
        infallible(e.str(value));
        infallible(e.array(pages.len() as u64));
        for &p in pages {
            infallible(e.u32(p));
        }
    }
}

/// What the metadata file lists.
pub struct Meta<'a> {
    pub version: &'a str,
    /// Per page: fragment name, word count, and the pack its fragment is in ("" for a file
    /// of its own).
    pub pages: Vec<(&'a str, usize, &'a str)>,
    pub chunks: &'a [Chunk],
    pub chunk_names: &'a [String],
    /// (filter, file name), by filter name.
    pub filters: Vec<(&'a str, &'a str)>,
    pub meta_fields: &'a [String],
}

/// The metadata file's CBOR: `[version, pages, chunks, filters, sorts, meta fields]`.
pub fn encode_meta(meta: &Meta<'_>, out: &mut Vec<u8>) {
    let mut e = cbor(out);
    infallible(e.array(6));
    infallible(e.str(meta.version));
    infallible(e.array(meta.pages.len() as u64));
    for &(fragment, words, group) in &meta.pages {
        infallible(e.array(3));
        infallible(e.str(fragment));
        infallible(e.u32(u32::try_from(words).unwrap_or(u32::MAX)));
        infallible(e.str(group));
    }
    infallible(e.array(meta.chunks.len() as u64));
    for (chunk, name) in meta.chunks.iter().zip(meta.chunk_names) {
        infallible(e.array(3));
        infallible(e.str(&chunk.from));
        infallible(e.str(&chunk.to));
        infallible(e.str(name));
    }
    infallible(e.array(meta.filters.len() as u64));
    for &(filter, name) in &meta.filters {
        infallible(e.array(2));
        infallible(e.str(filter));
        infallible(e.str(name));
    }
    // No sort orders: results come ranked.
    infallible(e.array(0));
    infallible(e.array(meta.meta_fields.len() as u64));
    for field in meta.meta_fields {
        infallible(e.str(field));
    }
}

/// The metadata file's name: `<language>_` and ten characters of its hash (as Pagefind's).
pub fn meta_name(language: &str, cbor: &[u8]) -> String {
    let name = encode::named_hash(language, cbor);
    name[..language.len() + 11].to_string()
}

#[derive(Serialize)]
struct Entry<'a> {
    version: &'a str,
    languages: BTreeMap<&'a str, EntryLanguage<'a>>,
    include_characters: &'a [char],
}

#[derive(Serialize)]
struct EntryLanguage<'a> {
    hash: &'a str,
    wasm: Option<&'a str>,
    page_count: usize,
}

/// `pagefind-entry.json`: the one file the client reads first, naming the metadata file.
pub fn entry_json(
    version: &str,
    language: &str,
    meta_name: &str,
    wasm: Option<&str>,
    pages: usize,
) -> Vec<u8> {
    serde_json::to_vec(&Entry {
        version,
        languages: BTreeMap::from([(
            language,
            EntryLanguage {
                hash: meta_name,
                wasm,
                page_count: pages,
            },
        )]),
        include_characters: &WORD_SYMBOLS,
    })
    .expect("the entry serialises")
}
