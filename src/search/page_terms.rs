//! One page's share of the index: every index word it holds, each with the bytes its entry in
//! a chunk will hold (body positions and metadata positions, already encoded), the page's
//! word count, and the hash that names its fragment (`reading` makes it). This is what `weave
//! serve` keeps per page between builds, so an edit reads again only the pages it changed.

use std::collections::BTreeMap;

use super::vocabulary::PLAIN;

/// One index word of one page: the word's id, where its bytes end in `PageTerms::packed` (they
/// start where the entry before it ends), and how many numbers it adds to a chunk. The top bit
/// of `end` marks an entry for a diacritic variant, whose form is in `PageTerms::forms`.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub word: u32,
    pub(super) end: u32,
    pub size: u32,
}

pub(super) const HAS_FORM: u32 = 1 << 31;

pub struct PageTerms {
    /// Grouped by word; for one word the plain spelling first, then variants found in the
    /// body, then variants found only in metadata, each group by form (the order in which
    /// Pagefind lists a page's variants).
    pub entries: Vec<Entry>,
    /// Every entry's bytes: a CBOR array of body positions, then one of metadata positions.
    pub(super) packed: Vec<u8>,
    /// (entry, form) of the entries that are variants, by entry.
    pub(super) forms: Vec<(u32, u32)>,
    /// Words in the page's text, as Pagefind counts them.
    pub word_count: usize,
    /// Whether any word of the text (not only of the metadata) was indexed; Pagefind leaves
    /// pages without out.
    pub has_body_words: bool,
    /// `<language>_<sha1 of the fragment>`: the fragment file's name, before shortening.
    pub fragment_hash: String,
    pub filters: BTreeMap<String, Vec<String>>,
}

impl PageTerms {
    /// Frees the entries once they are inverted, when no later build will reuse them.
    pub fn free_entries(&mut self) {
        self.entries = Vec::new();
        self.packed = Vec::new();
        self.forms = Vec::new();
    }

    /// Entry `i`'s bytes and form.
    pub fn entry(&self, i: usize) -> (&[u8], u32) {
        let start = match i {
            0 => 0,
            _ => self.entries[i - 1].end & !HAS_FORM,
        };
        let end = self.entries[i].end;
        let bytes = &self.packed[start as usize..(end & !HAS_FORM) as usize];
        let form = match end & HAS_FORM {
            0 => PLAIN,
            _ => {
                let at = self.forms.partition_point(|&(e, _)| (e as usize) < i);
                self.forms[at].1
            }
        };
        (bytes, form)
    }
}
