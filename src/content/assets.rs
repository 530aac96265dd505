//! Files in `content/` that are not markdown: a page bundle's images (`articles/foo/chart.png`
//! beside `articles/foo/index.md`) or any file beside a page. Each is published at its own
//! path, and the markdown that names it gets its URL, and an image its size.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::CONTENT_DIR;
use crate::content::walk::is_ignored_name;

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

/// The assets among `files` (paths inside `root/content`), read in parallel.
pub fn load(root: &Path, files: &[PathBuf]) -> Assets {
    files
        .par_iter()
        .filter_map(|rel| {
            let source = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if !is_asset(&source) {
                return None;
            }
            let asset = load_one(root, &source)?;
            Some((source, asset))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
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
