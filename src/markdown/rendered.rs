//! What rendering one page's markdown gives: its HTML, summary, table of contents and plain
//! text, and what the site graph needs of it (links, mentions, citations, tags, embeds).

use std::collections::HashSet;
use std::sync::Arc;

use crate::error::Diagnostic;
use crate::markdown::headings::TocEntry;
use crate::markdown::near_miss;

/// A link from this document to another content file, kept for anchor checks and backlinks.
#[derive(Clone, Debug)]
pub struct FileLink {
    pub target: String,
    pub anchor: Option<String>,
    pub line: usize,
    pub column: usize,
    /// Written as a wikilink or embed: a missing heading or block is a warning, as a vault
    /// expects, not an error.
    pub wiki: bool,
}

#[derive(Debug, Default)]
pub struct Rendered {
    /// Shared with the views templates see, never copied per page.
    pub html: Arc<str>,
    pub summary: Arc<str>,
    /// Shared with the page's view.
    pub toc: Arc<[TocEntry]>,
    pub heading_ids: HashSet<String>,
    pub word_count: usize,
    pub reading_time: usize,
    /// The body as plain text, for the search index.
    pub text: String,
    /// Where headings lie in `text`: level (1 to 6) and byte range. The index weights their
    /// words, as Pagefind weights headings in HTML.
    pub text_headings: Vec<(u8, std::ops::Range<usize>)>,
    pub links: Vec<FileLink>,
    /// Everything the render looked up (a file's URL, a note by name, an embedded note's
    /// text) and what it found; the rendered HTML depends on these and on nothing else of
    /// the site, so a cached render stays good while every one would be found the same.
    pub lookups: Vec<(String, Option<String>)>,
    /// Per citation request, the anchor its block got, or None when the quote was not found.
    pub cited: Vec<Option<String>>,
    /// Per citation request whose quote was not found, the passage that comes closest.
    pub near_misses: Vec<Option<near_miss::NearMiss>>,
    /// Entities whose mention was linked, by index.
    pub mentioned: Vec<usize>,
    /// Inline `#tags` of the text, `#` left off.
    pub tags: Vec<String>,
    /// Notes whose text this one embeds (directly or through another embed).
    pub embeds: Vec<String>,
    /// Embed cycles met while embedding, passed up to the page they start from.
    pub cycles: Vec<Vec<String>>,
    pub errors: Vec<Diagnostic>,
    /// The HTML and plain text once moved to the spill file (`spill::Spill::take`), which
    /// leaves those fields empty: read the HTML through `content` (the search index reads the
    /// text through `Spilled::text`).
    pub spilled: Option<crate::spill::Spilled>,
    /// The page's twin, once made from its text (`site::page_markdown::twin`) and kept.
    pub later_twin: std::sync::OnceLock<crate::spill::Body>,
}

impl Rendered {
    /// The HTML, from the spill file when it was moved there.
    pub fn content(&self) -> crate::spill::Body {
        match &self.spilled {
            Some(s) => s.html(),
            None => crate::spill::Body::Held(Arc::clone(&self.html)),
        }
    }

    /// The twin's text, when it was made and kept (`keep_twin`).
    pub fn twin_body(&self) -> Option<crate::spill::Body> {
        self.later_twin.get().cloned()
    }

    /// Keeps a twin made apart from the HTML, beside the HTML: in the spill when the HTML
    /// was moved there. Two threads may make it at once; the first one's is kept (both are
    /// the same text).
    pub fn keep_twin(&self, text: String) -> crate::spill::Body {
        let body = match self.spilled.as_ref().map(|s| s.spill().put_body(&text)) {
            Some(Ok(body)) => body,
            _ => crate::spill::Body::Held(text.into()),
        };
        self.later_twin.get_or_init(|| body).clone()
    }
}
