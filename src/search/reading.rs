//! Reading one page into its share of the index: its words, in order, become occurrences
//! (word, position, weight), which are grouped by word and encoded as the chunks will hold
//! them; its text, one space between words, is what its fragment holds, and the fragment's
//! hash names it.
//!
//! This runs over every word of the site's text (eight million at 10,000 pages), so it reuses
//! its buffers from page to page, reads each run of text once, and groups occurrences with a
//! table indexed by word id rather than by sorting them.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::encode;
use super::page_terms::{Entry, HAS_FORM, PageTerms};
use super::record::Record;
use super::vocabulary::{Lookup, PLAIN};

/// Buffers one thread reuses from page to page.
#[derive(Default)]
pub struct Scratch {
    body: Vec<Hit>,
    meta: Vec<Hit>,
    /// Word id → its group in `groups`, or `NONE`; reset after each page.
    group_of: Vec<u32>,
    groups: Vec<Group>,
    /// Occurrences ordered by group: (weight, position) in the body, (field, position) in
    /// metadata.
    grouped: Vec<(u16, u32)>,
    positions: Vec<(u8, u32)>,
    ints: Vec<i32>,
}

const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Default)]
struct Group {
    word: u32,
    body: u32,
    meta: u32,
    /// Where the group's occurrences start in `grouped` (body ones, then metadata ones).
    at: u32,
}

/// One occurrence of an index word.
#[derive(Clone, Copy)]
struct Hit {
    word: u32,
    form: u32,
    /// Body: 24 × the weight factor (a compound's part gets a share). Metadata: the field.
    weight_or_field: u16,
    position: u32,
}

/// What the client fetches for a result: the page's URL, text (for the excerpt), metadata and
/// filters. Field order is the file format's.
#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: &'a BTreeMap<String, Vec<String>>,
    meta: &'a BTreeMap<String, String>,
    anchors: [(); 0],
}

/// The fragment file's payload (its JSON after the signature), made again when it must be
/// written.
pub fn fragment_file(record: &Record<'_>, word_count: usize) -> Vec<u8> {
    let mut content = String::new();
    for &(_, text) in &record.runs {
        each_word(text, |w| {
            content.push_str(w);
            content.push(' ');
        });
    }
    content.pop();
    let mut out = encode::signed_buffer(content.len() + 256);
    serde_json::to_writer(&mut out, &fragment(record, &content, word_count))
        .expect("a fragment serialises");
    out
}

fn fragment<'a>(record: &'a Record<'_>, content: &'a str, word_count: usize) -> Fragment<'a> {
    Fragment {
        url: &record.url,
        content,
        word_count,
        filters: &record.filters,
        meta: &record.meta,
        anchors: [],
    }
}

/// The fragment's name, before shortening: a hash of everything its file is made from (the
/// file itself is made only when it must be written).
fn fragment_hash(record: &Record<'_>, word_count: usize, language: &str) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut put = |b: &[u8]| {
        h.update(&(b.len() as u64).to_le_bytes());
        h.update(b);
    };
    put(encode::FORMAT);
    put(record.url.as_bytes());
    for &(_, text) in &record.runs {
        put(text.as_bytes());
    }
    put(&word_count.to_le_bytes());
    for (k, values) in &record.filters {
        put(k.as_bytes());
        values.iter().for_each(|v| put(v.as_bytes()));
    }
    for (k, v) in &record.meta {
        put(k.as_bytes());
        put(v.as_bytes());
    }
    encode::name(language, h.digest128())
}

/// Calls `f` with each word of `text` (split at whitespace, as `str::split_whitespace`), with
/// zero-width spaces taken out (some languages mark word boundaries with them) and words left
/// empty by that skipped.
fn each_word(text: &str, mut f: impl FnMut(&str)) {
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

/// Reads one record. `meta_fields` are the site's metadata keys, sorted: metadata positions
/// are stored with their index there.
pub fn read(
    record: &Record<'_>,
    meta_fields: &[String],
    lookup: &mut Lookup<'_>,
    scratch: &mut Scratch,
) -> PageTerms {
    let (body, meta) = (&mut scratch.body, &mut scratch.meta);
    body.clear();
    meta.clear();
    let mut position = 0u32;
    for &(factor, text) in &record.runs {
        let weight = u16::from(factor.min(10)) * 24;
        each_word(text, |word| {
            let found = lookup.get(word);
            let parts = found.iter().filter(|w| w.part).count() as u16;
            let share = if parts > 0 && weight > 0 {
                (weight / parts).max(1)
            } else {
                0
            };
            body.extend(found.iter().map(|w| Hit {
                word: w.word,
                form: w.form,
                weight_or_field: if w.part { share } else { weight },
                position,
            }));
            position += 1;
        });
    }
    let word_count = position.max(1) as usize;
    for (key, value) in &record.meta {
        let field = meta_fields.iter().position(|f| f == key).unwrap_or(0) as u16;
        for (i, word) in value.split_whitespace().enumerate() {
            meta.extend(lookup.get_meta(word).iter().map(|w| Hit {
                word: w.word,
                form: w.form,
                weight_or_field: field,
                position: i as u32,
            }));
        }
    }
    let fragment_hash = fragment_hash(record, word_count, lookup.language());
    let mut terms = PageTerms {
        entries: Vec::new(),
        packed: Vec::new(),
        forms: Vec::new(),
        word_count,
        has_body_words: !body.is_empty(),
        fragment_hash,
        filters: record.filters.clone(),
    };
    if body.iter().chain(meta.iter()).all(|h| h.form == PLAIN) {
        pack_plain(scratch, &mut terms);
    } else {
        pack_with_variants(scratch, lookup, &mut terms);
    }
    terms
}

/// Packing when no occurrence is a diacritic variant (nearly always): occurrences are grouped
/// by word, in the order words first occur, with a counting pass and a placing pass.
fn pack_plain(scratch: &mut Scratch, terms: &mut PageTerms) {
    let s = scratch;
    s.groups.clear();
    for (hits, in_body) in [(&s.body, true), (&s.meta, false)] {
        for h in hits.iter() {
            let w = h.word as usize;
            if w >= s.group_of.len() {
                s.group_of.resize(w + 1, NONE);
            }
            if s.group_of[w] == NONE {
                s.group_of[w] = s.groups.len() as u32;
                s.groups.push(Group {
                    word: h.word,
                    ..Group::default()
                });
            }
            let g = &mut s.groups[s.group_of[w] as usize];
            if in_body { g.body += 1 } else { g.meta += 1 }
        }
    }
    let mut at = 0;
    for g in &mut s.groups {
        g.at = at;
        at += g.body + g.meta;
    }
    s.grouped.resize(at as usize, (0, 0));
    // Placing advances each group's `at`; the group's start is `at - body - meta` after.
    for h in s.body.iter().chain(&s.meta) {
        let g = &mut s.groups[s.group_of[h.word as usize] as usize];
        s.grouped[g.at as usize] = (h.weight_or_field, h.position);
        g.at += 1;
    }
    terms.entries.reserve_exact(s.groups.len());
    terms
        .packed
        .reserve_exact(s.body.len() * 3 + s.groups.len() * 2);
    for g in &s.groups {
        let start = (g.at - g.body - g.meta) as usize;
        let body = &s.grouped[start..start + g.body as usize];
        let meta = &s.grouped[start + g.body as usize..g.at as usize];
        s.positions.clear();
        s.positions.extend(body.iter().map(|&(w, p)| (w as u8, p)));
        push_entry(terms, g.word, PLAIN, &mut s.positions, &mut s.ints, meta);
        s.group_of[g.word as usize] = NONE;
    }
}

/// Packing in the general case: entries of one word list the plain spelling first, then
/// variants found in the body, then variants found only in metadata, each group by form.
fn pack_with_variants(scratch: &mut Scratch, lookup: &Lookup<'_>, terms: &mut PageTerms) {
    let Scratch {
        body,
        meta,
        positions,
        ints,
        ..
    } = scratch;
    let in_body: HashSet<(u32, u32)> = body.iter().map(|h| (h.word, h.form)).collect();
    let group = |h: &Hit| match h.form {
        PLAIN => 0u8,
        _ if in_body.contains(&(h.word, h.form)) => 1,
        _ => 2,
    };
    let names = lookup.names();
    let name = |f: u32| if f == PLAIN { "" } else { names.name(f) };
    // Body occurrences first: the sort is stable, so each group keeps them first, in order.
    let mut all: Vec<(bool, Hit)> = body.iter().map(|h| (true, *h)).collect();
    all.extend(meta.iter().map(|h| (false, *h)));
    all.sort_by(|(_, a), (_, b)| {
        (a.word, group(a), name(a.form), a.form).cmp(&(b.word, group(b), name(b.form), b.form))
    });
    for same in all.chunk_by(|(_, a), (_, b)| a.word == b.word && a.form == b.form) {
        positions.clear();
        let in_body = same.iter().filter(|(b, _)| *b);
        positions.extend(in_body.map(|(_, h)| (h.weight_or_field as u8, h.position)));
        let meta: Vec<(u16, u32)> = same
            .iter()
            .filter(|(b, _)| !*b)
            .map(|(_, h)| (h.weight_or_field, h.position))
            .collect();
        push_entry(
            terms,
            same[0].1.word,
            same[0].1.form,
            positions,
            ints,
            &meta,
        );
    }
}

/// Encodes one entry: body positions with weights, then metadata positions by field.
fn push_entry(
    terms: &mut PageTerms,
    word: u32,
    form: u32,
    positions: &mut [(u8, u32)],
    ints: &mut Vec<i32>,
    meta: &[(u16, u32)],
) {
    encode::weighted_positions(positions, ints);
    encode::int_array(&mut terms.packed, ints);
    // Pagefind's measure of an entry: its numbers, and one for the entry itself.
    let mut size = ints.len() + 1;
    ints.clear();
    encode::meta_positions(meta.iter().copied(), ints);
    encode::int_array(&mut terms.packed, ints);
    size += ints.len();
    let mut end = u32::try_from(terms.packed.len()).expect("a page's positions under 2 GB");
    if form != PLAIN {
        end |= HAS_FORM;
        terms.forms.push((terms.entries.len() as u32, form));
    }
    terms.entries.push(Entry {
        word,
        end,
        size: size as u32,
    });
}
