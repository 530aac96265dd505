//! The highlighted code blocks kept between runs, in `.weave-cache/highlight.bin` in the
//! site's folder: highlighting is the slowest thing a build does for its size (some 30 µs a
//! line), and a block's HTML depends on nothing but its language and text. A missing, old or
//! damaged file is an empty cache; a file that cannot be written is skipped: the cache is
//! only ever a shortcut, and a build's output is the same with it or without it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::markdown::highlight::HighlightCache;

pub const CACHE_DIR: &str = ".weave-cache";
const FILE: &str = "highlight.bin";

fn path(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join(FILE)
}

/// The cache kept by the last build of the site at `root` (read a block at a time as pages
/// ask), or an empty one.
pub fn load(root: &Path) -> Arc<HighlightCache> {
    Arc::new(HighlightCache::open(&path(root)))
}

/// Keeps the blocks this build highlighted or found, when they differ from what is kept;
/// written beside the file and renamed over it, so a reader never sees half of one.
pub fn save(root: &Path, cache: &HighlightCache) {
    if !cache.changed() {
        return;
    }
    let written = crate::output::replace_whole(&path(root), |mut out| cache.write_to(&mut out));
    // A read-only site folder builds as well, only slower next time.
    let _ = written;
}
