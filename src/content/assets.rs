//! Files in `content/` that are not markdown: a page bundle's images (`articles/foo/chart.png`
//! beside `articles/foo/index.md`) or any file beside a page. Each is published at its own
//! path, and the markdown that names it gets its URL, and an image its size.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::CONTENT_DIR;
use crate::content::walk::is_ignored_name;
use crate::languages::Scope;

#[derive(Clone, Debug)]
pub struct Asset {
    pub bytes: Arc<[u8]>,
    /// Width and height, for images whose header weave can read.
    pub size: Option<(u32, u32)>,
}

/// Path inside `content/` (`articles/foo/chart.png`) to the file.
pub type Assets = BTreeMap<String, Asset>;

/// True for a content file that is an asset, not a page.
pub fn is_asset(source: &str) -> bool {
    let name = source.rsplit('/').next().unwrap_or(source);
    !source.ends_with(".md") && !is_ignored_name(name)
}

/// The assets among `files` (paths inside `root/content`), read in parallel; with a
/// language's `scope`, those it publishes, by their neutral paths (its own before shared ones).
pub fn load(root: &Path, files: &[PathBuf], scope: Option<&Scope>) -> Assets {
    let mut found: Vec<(String, bool, Asset)> = files
        .par_iter()
        .filter_map(|rel| {
            let written = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if !is_asset(&written) {
                return None;
            }
            let (source, own) = match scope {
                Some(scope) => scope.asset(&written)?,
                None => (written.clone(), false),
            };
            let asset = load_one(root, &written)?;
            Some((source, own, asset))
        })
        .collect();
    // A language's own file wins over a shared one of the same name.
    found.sort_by_key(|(_, own, _)| *own);
    found.into_iter().map(|(s, _, a)| (s, a)).collect()
}

/// One asset by its neutral path, as `scope` (if any) finds it; None when it is gone.
pub fn load_in_scope(root: &Path, source: &str, scope: Option<&Scope>) -> Option<Asset> {
    match scope {
        None => load_one(root, source),
        Some(scope) => scope
            .asset_candidates(source)
            .iter()
            .find_map(|rel| load_one(root, rel)),
    }
}

/// One asset by its path inside `content/`; None when it is gone.
pub fn load_one(root: &Path, source: &str) -> Option<Asset> {
    let bytes = std::fs::read(root.join(CONTENT_DIR).join(source)).ok()?;
    let size = imagesize::blob_size(&bytes)
        .ok()
        .and_then(|s| Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?)));
    Some(Asset {
        bytes: bytes.into(),
        size,
    })
}
