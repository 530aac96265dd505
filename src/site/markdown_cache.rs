//! Rendered markdown kept between builds, so `weave serve` re-renders only the files that
//! changed.
//!
//! A file's HTML depends on its own text and on the site's shape: which files exist at which
//! URLs (link rewriting), the entities and their names (entity links), and the claims (citation
//! marks). The shape is hashed; when it changes every file is rendered again, otherwise a file
//! is rendered again only when its own inputs changed. A cached result is exactly what a fresh
//! render would give, which keeps incremental builds byte-identical to full ones.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::markdown::Rendered;
use crate::spill::Spill;

#[derive(Default)]
pub struct MarkdownCache {
    shape: u64,
    entries: HashMap<String, (u64, Arc<Rendered>)>,
    /// A one-off build keeps nothing and skips hashing every text for its key.
    off: bool,
    /// Where each page's bodies go once rendered (`spill`): a one-off build's spill, or the
    /// file `weave serve` keeps its files in.
    spill: Option<Arc<Spill>>,
}

impl MarkdownCache {
    /// A cache that keeps nothing, for a build that renders once.
    pub fn off() -> MarkdownCache {
        MarkdownCache {
            off: true,
            ..MarkdownCache::default()
        }
    }

    pub fn is_off(&self) -> bool {
        self.off
    }

    /// Moves each page's bodies to `spill` once rendered instead of holding them; a kept
    /// entry keeps its bodies there (`Rendered::spilled`).
    pub fn spill_to(&mut self, spill: Option<Arc<Spill>>) {
        self.spill = spill;
    }

    pub fn spill(&self) -> Option<&Arc<Spill>> {
        self.spill.as_ref()
    }

    /// Starts a build whose site shape hashes to `shape`; a different shape empties the cache.
    pub fn begin(&mut self, shape: u64) {
        if shape != self.shape {
            self.entries.clear();
            self.shape = shape;
        }
    }

    pub fn get(&self, source: &str, key: u64) -> Option<Arc<Rendered>> {
        self.entries
            .get(source)
            .filter(|(k, _)| *k == key)
            .map(|(_, r)| Arc::clone(r))
    }

    /// Replaces one file's entry.
    pub fn insert(&mut self, source: String, key: u64, rendered: Arc<Rendered>) {
        if !self.off {
            self.entries.insert(source, (key, rendered));
        }
    }

    /// Keeps exactly the entries of this build, so deleted files do not linger.
    pub fn replace(&mut self, entries: impl IntoIterator<Item = (String, u64, Arc<Rendered>)>) {
        if self.off {
            return;
        }
        self.entries = entries.into_iter().map(|(s, k, r)| (s, (k, r))).collect();
    }
}

/// Hashes anything hashable, stable within a process, which is all an in-memory cache needs.
/// XXH3 because every text of the site passes through here on `weave serve`'s first build.
pub fn hash_of(value: impl Hash) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    value.hash(&mut h);
    h.finish()
}
