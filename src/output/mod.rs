//! Writing the site. The only module that writes files.
//!
//! A build is written into a fresh temporary folder beside the target and swapped in only when
//! every file is written, so a failed build (bad input, full disk, no permission) leaves the
//! previous output exactly as it was.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::pipeline::Files;

/// Writes `files` (path inside the output to bytes) as the new content of `target`, atomically.
pub fn write_atomic(target: &Path, files: &Files) -> Result<(), Diagnostic> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)
        .map_err(|e| io_error("cannot create the output's parent folder", parent, e))?;
    if target.exists() && !target.is_dir() {
        return Err(Diagnostic::error(format!(
            "the output {} exists and is not a folder",
            target.display()
        ))
        .help("remove that file or choose another --output"));
    }
    let staging = tempfile::Builder::new()
        .prefix(".weave-build-")
        .tempdir_in(parent)
        .map_err(|e| {
            io_error(
                "cannot create a temporary folder beside the output",
                parent,
                e,
            )
        })?;

    files
        .par_iter()
        .try_for_each(|(path, bytes)| write_file(staging.path(), path, bytes))?;

    swap(staging, target)
}

/// Writes one file under `root`, refusing any path that could leave it.
fn write_file(root: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let rel_path = Path::new(rel);
    if rel_path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(Diagnostic::error(format!(
            "refusing to write `{rel}`: it is not a plain path inside the output"
        )));
    }
    let path = root.join(rel_path);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| io_error("cannot create the folder", dir, e))?;
    }
    fs::write(&path, bytes).map_err(|e| io_error("cannot write", &path, e))
}

/// Moves the staged build into place: the old output is renamed aside, the new one renamed in,
/// and only then is the old one removed. On failure the old output is put back.
fn swap(staging: tempfile::TempDir, target: &Path) -> Result<(), Diagnostic> {
    let parent = staging
        .path()
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    if !target.exists() {
        let staged = staging.keep();
        return fs::rename(&staged, target).map_err(|e| {
            let _ = fs::remove_dir_all(&staged);
            io_error("cannot move the new build into place", target, e)
        });
    }
    let old = aside_name(&parent);
    fs::rename(target, &old)
        .map_err(|e| io_error("cannot move the previous output aside", target, e))?;
    let staged = staging.keep();
    if let Err(e) = fs::rename(&staged, target) {
        let _ = fs::rename(&old, target);
        let _ = fs::remove_dir_all(&staged);
        return Err(io_error("cannot move the new build into place", target, e));
    }
    // The new site is in place; failing to delete the old copy loses nothing.
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

fn aside_name(parent: &Path) -> PathBuf {
    let pid = std::process::id();
    (0..)
        .map(|n| parent.join(format!(".weave-old-{pid}-{n}")))
        .find(|p| !p.exists())
        .expect("some name is free")
}

fn io_error(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    let help = match e.kind() {
        io::ErrorKind::PermissionDenied => {
            "check the permissions of the output folder and its parent"
        }
        io::ErrorKind::StorageFull => "free some disk space; the previous output is untouched",
        _ => "the previous output is untouched; fix the problem and build again",
    };
    Diagnostic::error(format!("{what} {}: {e}", path.display())).help(help)
}

/// Refuses output folders that would replace the site itself or one of its sources.
pub fn check_target(root: &Path, target: &Path) -> Result<(), Diagnostic> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let root = canon(root);
    let target_parent = target.parent().map(canon).unwrap_or_default();
    let target = match target.file_name() {
        Some(name) => target_parent.join(name),
        None => canon(target),
    };
    let sources = ["content", "templates", "static", "themes"].map(|d| root.join(d));
    if root.starts_with(&target) || sources.iter().any(|s| target.starts_with(s)) {
        return Err(Diagnostic::error(format!(
            "the output folder {} would replace the site's own files",
            target.display()
        ))
        .help("choose an output folder outside content/, templates/, static/ and themes/, such as `public`"));
    }
    Ok(())
}
