//! Reading one page into its share of the index: its words, in order, become occurrences of
//! index words (word, position, weight); its title and description, occurrences in metadata;
//! and a hash of everything its fragment file is made from names that file.
//!
//! This runs over every word of the site's text (eight and a half million at 10,000 pages),
//! so it reads each run of text once and writes occurrences straight into its caller's buffer.

use std::collections::BTreeMap;

use serde::Serialize;

use super::encode;
use super::occurrence::{Hit, IndexedPage, META};
use super::record::{Filters, Record};
use super::vocabulary::Lookup;

/// What the client fetches for a result: the page's URL, text (for the excerpt), metadata and
/// filters. Field order is the file format's.
#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: &'a Filters<'a>,
    meta: BTreeMap<&'static str, &'a str>,
    anchors: [(); 0],
}

/// The fragment file's payload (its JSON after the signature), made when it must be written.
pub fn fragment_file(record: &Record<'_>, word_count: usize) -> Vec<u8> {
    let mut content = String::new();
    for (_, text) in record.runs() {
        each_word(text, record.segmented, |w| {
            content.push_str(w);
            content.push(' ');
        });
    }
    content.pop();
    let mut out = encode::signed_buffer(content.len() + 256);
    let fragment = Fragment {
        url: &record.url,
        content: &content,
        word_count,
        filters: &record.filters,
        meta: record.meta().collect(),
        anchors: [],
    };
    serde_json::to_writer(&mut out, &fragment).expect("a fragment serialises");
    out
}

/// The fragment's name, before shortening: a hash of everything its file is made from (its
/// word count follows from its text), so it is known before the page is read.
pub fn fragment_hash(record: &Record<'_>, language: &str) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut put = |b: &[u8]| {
        h.update(&(b.len() as u64).to_le_bytes());
        h.update(b);
    };
    put(encode::FORMAT);
    put(record.url.as_bytes());
    for (_, text) in record.runs() {
        put(text.as_bytes());
    }
    for (k, values) in record.filters.iter() {
        put(k.as_bytes());
        values.iter().for_each(|v| put(v.as_bytes()));
    }
    for (k, v) in record.meta() {
        put(k.as_bytes());
        put(v.as_bytes());
    }
    encode::name(language, h.digest128())
}

/// Calls `f` with each word of `text` (split at whitespace, as `str::split_whitespace`), with
/// zero-width spaces taken out (some languages mark word boundaries with them) and words left
/// empty by that skipped. In a `segmented` language a run of Chinese or Japanese is cut into
/// its words too; the fragment then holds them apart, as Pagefind's extended build does.
fn each_word(text: &str, segmented: bool, mut f: impl FnMut(&str)) {
    if segmented && !text.is_ascii() {
        return text
            .split_whitespace()
            .for_each(|w| super::segment::words(w, &mut f));
    }
    if text.is_ascii() {
        // Most text: whitespace is six bytes, and no word holds a zero-width space.
        return ascii_words(text).for_each(f);
    }
    // Looked for once per run: searching each word for a three-byte character costs more than
    // reading it.
    let zero_width = text.contains('\u{200B}');
    for word in text.split_whitespace() {
        if zero_width && word.contains('\u{200B}') {
            let word = word.replace('\u{200B}', "");
            if !word.is_empty() {
                f(&word);
            }
        } else {
            f(word);
        }
    }
}

/// The words of ASCII `text`, split at whitespace: `str::split_whitespace` on bytes, about
/// twice as fast as decoding characters.
fn ascii_words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let space = |b: u8| matches!(b, b' ' | b'\t'..=b'\r');
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && space(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() && !space(bytes[at]) {
            at += 1;
        }
        Some(&text[start..at])
    })
}

/// Reads one record, appending its occurrences to `hits`. `meta_fields` are the site's
/// metadata keys, sorted: metadata occurrences name their field by its index there.
pub fn read(
    record: &Record<'_>,
    meta_fields: &[String],
    lookup: &mut Lookup<'_>,
    hits: &mut Vec<Hit>,
) -> IndexedPage {
    let start = hits.len();
    let mut position = 0u32;
    for (factor, text) in record.runs() {
        let weight = u16::from(factor.min(10)) * 24;
        each_word(text, record.segmented, |word| {
            let (found, parts) = lookup.get(word);
            let share = if parts > 0 && weight > 0 {
                (weight / parts).max(1)
            } else {
                0
            };
            hits.extend(found.iter().map(|w| Hit {
                word: w.word,
                form: w.form,
                weight_or_field: if w.part { share } else { weight },
                position,
            }));
            position += 1;
        });
    }
    let has_body_words = hits.len() > start;
    let word_count = position.max(1) as usize;
    for (key, value) in record.meta() {
        let field = meta_fields.iter().position(|f| f == key).unwrap_or(0) as u16;
        let mut i = 0u32;
        let mut meta_word = |word: &str| {
            hits.extend(lookup.get_meta(word).iter().map(|w| Hit {
                word: w.word,
                form: w.form,
                weight_or_field: field | META,
                position: i,
            }));
            i += 1;
        };
        for word in value.split_whitespace() {
            match record.segmented {
                true => super::segment::words(word, &mut meta_word),
                false => meta_word(word),
            }
        }
    }
    IndexedPage {
        word_count,
        has_body_words,
        group: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_whitespace_as_pagefind_splits_them() {
        for text in [
            "",
            "   ",
            "one",
            " two  words ",
            "tabs\tand\nnew\u{000B}lines\u{000C}\r\nend",
            "no\u{00A0}break\u{2003}em\u{3000}ideographic\u{0085}next",
            "café crème — «guillemets» 東京 🌦️ x\u{200B}y",
            "\u{1680}ogham\u{205F}math\u{2028}line\u{2029}para",
            "\u{001C}separators\u{001F}stay",
            "x\u{200B} \u{200B} y\u{200B}z",
        ] {
            let mut ours = Vec::new();
            each_word(text, false, |w| ours.push(w.to_string()));
            let std: Vec<String> = text
                .split_whitespace()
                .map(|w| w.replace('\u{200B}', ""))
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }
}
