//! Updating an existing output in place from a staging folder that holds only the files
//! whose bytes changed.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The old file's metadata when `path` already holds exactly `bytes`. The size is compared
/// first, so most changed files cost an `open` and a `stat`. (A symbolic link to the same
/// bytes counts as unchanged: what is served is the same.) The old bytes are read into a
/// buffer each thread keeps: a fresh one per file was 290 MB of new memory to zero at
/// 10,000 pages.
pub fn unchanged(path: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
    use std::io::Read;
    thread_local! {
        static OLD: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let mut file = fs::File::open(path).ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file() || metadata.len() != bytes.len() as u64 {
        return None;
    }
    let same = OLD.with_borrow_mut(|old| {
        old.clear();
        let same = file.read_to_end(old).is_ok() && old.as_slice() == bytes;
        // A rare huge file is not kept for the rest of the build.
        if old.capacity() > 1 << 22 {
            *old = Vec::new();
        }
        same
    });
    same.then_some(metadata)
}

/// Moves every `staged` file from `staging` over its old copy in `target`, then deletes what
/// `target` holds beyond `made` (files of pages that are gone, and folders left empty).
pub fn apply(
    staging: &Path,
    target: &Path,
    staged: &[String],
    made: &HashSet<String>,
) -> Result<(), (PathBuf, io::Error)> {
    for rel in staged {
        let to = target.join(rel);
        make_room(target, &to).map_err(|e| (to.clone(), e))?;
        fs::rename(staging.join(rel), &to).map_err(|e| (to.clone(), e))?;
    }
    remove_stale(target, made)
}

/// Makes sure `to`'s folder exists and `to` itself is not a folder, removing whatever old
/// output stands in the way (a page that became a folder of pages, or the reverse).
fn make_room(target: &Path, to: &Path) -> io::Result<()> {
    let parent = to.parent().unwrap_or(target);
    if !parent.is_dir() {
        let mut at = parent;
        while at != target && at.starts_with(target) {
            if fs::symlink_metadata(at).is_ok_and(|m| !m.is_dir()) {
                fs::remove_file(at)?;
            }
            at = at.parent().unwrap_or(target);
        }
        fs::create_dir_all(parent)?;
    }
    if fs::symlink_metadata(to).is_ok_and(|m| m.is_dir()) {
        fs::remove_dir_all(to)?;
    }
    Ok(())
}

/// Deletes files under `target` that are not in `made`, then folders left empty. Each
/// top-level folder is walked on a worker of its own: at 10,000 pages this walk reads 30,000
/// entries.
fn remove_stale(target: &Path, made: &HashSet<String>) -> Result<(), (PathBuf, io::Error)> {
    let top: Vec<PathBuf> = fs::read_dir(target)
        .map_err(|e| (target.to_path_buf(), e))?
        .map(|entry| {
            entry
                .map(|e| e.path())
                .map_err(|e| (target.to_path_buf(), e))
        })
        .collect::<Result<_, _>>()?;
    top.par_iter()
        .try_for_each(|path| remove_stale_in(target, path, made))
}

fn remove_stale_in(
    target: &Path,
    root: &Path,
    made: &HashSet<String>,
) -> Result<(), (PathBuf, io::Error)> {
    // Children each folder keeps; a folder that keeps none is removed. Counting, rather than
    // trying `remove_dir` on every folder, spares 10,000 failing calls at 10,000 pages.
    let mut kept: HashMap<PathBuf, usize> = HashMap::new();
    for entry in walkdir::WalkDir::new(root).contents_first(true) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).to_path_buf();
            (path, io::Error::other(e))
        })?;
        let path = entry.path();
        let keep = if entry.file_type().is_dir() {
            let keep = kept.remove(path).unwrap_or(0) > 0;
            if !keep {
                fs::remove_dir(path).map_err(|e| (path.to_path_buf(), e))?;
            }
            keep
        } else {
            let rel = path.strip_prefix(target).unwrap_or(path);
            let known = rel.to_str().is_some_and(|r| {
                made.contains(r)
                    || (std::path::MAIN_SEPARATOR != '/' && made.contains(&r.replace('\\', "/")))
            });
            if !known {
                fs::remove_file(path).map_err(|e| (path.to_path_buf(), e))?;
            }
            known
        };
        if keep && let Some(parent) = path.parent() {
            *kept.entry(parent.to_path_buf()).or_default() += 1;
        }
    }
    Ok(())
}
