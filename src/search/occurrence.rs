//! One occurrence of an index word, and a page as the index sees it besides its occurrences:
//! its word count, whether it is indexed at all, and the pack its fragment is in (`reading`
//! makes both; its filters stay with its record, `record::Filters`).

/// One occurrence of an index word. Sixteen bytes: a big site has tens of millions.
#[derive(Clone, Copy, Debug)]
pub struct Hit {
    pub word: u32,
    /// The diacritic variant's form id, or `vocabulary::PLAIN`.
    pub form: u32,
    /// In the body, the word's place in the text; in metadata, in its field.
    pub position: u32,
    /// In the body, 24 × the weight factor (a compound's part gets a share); in metadata,
    /// the field (its index among the site's metadata keys) with `META` set.
    pub weight_or_field: u16,
}

/// Marks a metadata occurrence's `weight_or_field`.
pub const META: u16 = 1 << 15;

impl Hit {
    pub fn in_meta(&self) -> bool {
        self.weight_or_field & META != 0
    }
}

/// A page as the index sees it, besides its occurrences.
pub struct IndexedPage {
    /// Words in the page's text, as Pagefind counts them.
    pub word_count: usize,
    /// Whether any word of the text (not only of the metadata) was indexed; Pagefind leaves
    /// pages without out.
    pub has_body_words: bool,
    /// The file its fragment is packed in with its neighbours' (`search_pack`), when it is.
    pub group: Option<std::sync::Arc<str>>,
}
