//! Everything about the index but the bytes of fragments and chunks: the words in order and
//! their chunks, every file's name, and the small files (filters, metadata, entry).

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;

use super::encode::{self, Growth};
use super::occurrence::IndexedPage;
use super::out::Out;
use super::record::Filters;
use super::vocabulary::Vocabulary;
use super::{BUNDLE_DIR, bundle, chunks, client};
use crate::error::Diagnostic;

pub struct Plan<'a> {
    pub inverted: chunks::Inverted<'a>,
    pub chunks: Vec<chunks::Chunk>,
    pub chunk_names: Vec<String>,
    /// (filter, the file's payload), by filter name.
    pub filter_files: Vec<(String, Vec<u8>)>,
    pub filter_names: Vec<String>,
    pub meta: Vec<u8>,
    pub meta_name: String,
    pub entry: Vec<u8>,
}

/// The pages the index numbers (those with words in their text), in order: what each gave
/// the index, its fragment's name and its filters.
#[derive(Default)]
pub struct Numbered<'r> {
    pub pages: Vec<&'r IndexedPage>,
    pub names: Vec<&'r str>,
    pub filters: Vec<&'r Filters<'r>>,
}

impl<'a> Plan<'a> {
    pub fn new(
        language: &str,
        client: &client::Client,
        numbered: &Numbered<'_>,
        inverted: chunks::Inverted<'a>,
        meta_fields: &[String],
        vocabulary: &Vocabulary,
    ) -> Plan<'a> {
        let chunk_list = chunks::chunks(&inverted, vocabulary);
        let hashes = chunks::hashes(&chunk_list, &inverted, vocabulary);
        let chunk_names = encode::shorten(language, &hashes, Growth::Two);
        let pages = &numbered.pages;
        let filter_files: Vec<(String, Vec<u8>)> = filter_values(&numbered.filters)
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
                pages: numbered
                    .names
                    .iter()
                    .zip(pages)
                    .map(|(n, p)| (*n, p.word_count, p.group.as_deref().unwrap_or("")))
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

    /// Writes the client, the entry file, the metadata file, the chunks and the filters. The
    /// chunks are written a stretch at a time, each stretch's entries about `stretch_bytes`.
    pub fn write(
        &self,
        out: &Out<'_>,
        client: &client::Client,
        vocabulary: &Vocabulary,
        stretch_bytes: u64,
    ) -> Result<(), Diagnostic> {
        for (path, bytes) in &client.files {
            out.plain(format!("{BUNDLE_DIR}/{path}"), bytes)?;
        }
        out.plain(format!("{BUNDLE_DIR}/pagefind-entry.json"), &self.entry)?;
        let meta_path = format!("{BUNDLE_DIR}/pagefind.{}.pf_meta", self.meta_name);
        out.hashed(meta_path, &mut encode::compressor(), || {
            Ok(self.meta.clone())
        })?;
        for stretch in self.inverted.stretches(&self.chunks, stretch_bytes) {
            self.write_chunks(out, stretch, vocabulary)?;
        }
        for ((_, payload), name) in self.filter_files.iter().zip(&self.filter_names) {
            let path = format!("{BUNDLE_DIR}/filter/{name}.pf_filter");
            out.hashed(path, &mut encode::compressor(), || Ok(payload.clone()))?;
        }
        Ok(())
    }

    /// Writes the chunks of one stretch, their entries read back from spilled parts once,
    /// unless the output holds every one of them already. (Read before the chunks are
    /// encoded side by side, not by the first of them: a worker waiting inside that read may
    /// take up another chunk of the stretch, which would wait on the read it is inside.)
    fn write_chunks(
        &self,
        out: &Out<'_>,
        stretch: Range<usize>,
        vocabulary: &Vocabulary,
    ) -> Result<(), Diagnostic> {
        let path = |name: &str| format!("{BUNDLE_DIR}/index/{name}.pf_index");
        let names = &self.chunk_names[stretch.clone()];
        let loaded = match names.iter().all(|name| out.holds(&path(name))) {
            true => None,
            false => {
                let words =
                    self.chunks[stretch.start].words.start..self.chunks[stretch.end - 1].words.end;
                Some(self.inverted.load(words).map_err(|e| {
                    super::failed(&format!(
                        "cannot read back the build's temporary file beside the output ({e})"
                    ))
                })?)
            }
        };
        self.chunks[stretch]
            .par_iter()
            .zip(names)
            .map_init(encode::compressor, |c, (chunk, name)| {
                out.hashed(path(name), c, || {
                    let loaded = loaded.as_deref().ok_or_else(|| {
                        super::failed("a chunk the output held was asked for again")
                    })?;
                    let mut b = encode::signed_buffer(64 * 1024);
                    chunks::encode_chunk(chunk, &self.inverted, loaded, vocabulary, &mut b);
                    Ok(b)
                })
            })
            .collect()
    }
}

/// Filter → value → the numbers of the pages that have it.
fn filter_values(pages: &[&Filters<'_>]) -> bundle::Filters {
    let mut filters = bundle::Filters::new();
    for (p, page) in pages.iter().enumerate() {
        for (&filter, values) in page.iter() {
            let by_value: &mut BTreeMap<String, Vec<u32>> =
                filters.entry(filter.to_string()).or_default();
            for &v in values {
                by_value.entry(v.to_string()).or_default().push(p as u32);
            }
        }
    }
    filters
}
