//! Writing the site. The only module that writes files.
//!
//! A build is written into a fresh temporary folder beside the target and moved in only when
//! every file is written, so a failed build (bad input, full disk, no permission) leaves the
//! previous output exactly as it was.
//!
//! When there is a previous output, only files whose bytes changed are staged; at commit they
//! are renamed over the old ones and files the build no longer makes are deleted. Renaming
//! the whole folder instead would mean deleting the old one afterwards, and on this kind of
//! disk deleting 20,000 files costs more than the build (measured: 1.8 to 3 s), while an
//! unchanged file costs an `open`, a `stat` and a read from the page cache.

mod manifest;
mod pieces;
mod update;

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::error::Diagnostic;
use manifest::{Known, Manifest};

/// Where a one-off build puts each file as soon as it is made, so the site is never held in
/// memory: `weave build` stages it, `weave check` drops it.
pub trait Sink: Sync + Send {
    /// Adds one file; `path` is inside the output.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Keeps `path` from the previous output, if it holds it, and says whether it did. Only
    /// for files named by a hash of their contents (the search index's), whose old copy is
    /// the file this build would write: such a file is then neither made nor compared.
    fn keep(&self, path: &str) -> bool;
    /// Adds one file made in pieces, in order, so that a large file (`llms-full.txt`) is
    /// never whole in memory; `next` gives the next piece, None at the end.
    fn write_pieces(
        &self,
        path: &str,
        next: &mut dyn FnMut() -> Option<Vec<u8>>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        while let Some(piece) = next() {
            bytes.extend_from_slice(&piece);
        }
        self.write(path, &bytes)
    }
}

/// `weave check`: every file is checked as it is made, then dropped.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }

    /// Nothing is written, so nothing needs making.
    fn keep(&self, _: &str) -> bool {
        true
    }

    fn write_pieces(
        &self,
        _: &str,
        next: &mut dyn FnMut() -> Option<Vec<u8>>,
    ) -> Result<(), Diagnostic> {
        while next().is_some() {}
        Ok(())
    }
}

/// A new output being written beside the old one. `commit` puts it in place; dropping it
/// without committing removes it and leaves the old output as it was.
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
    /// The target already holds an output: stage only what differs from it.
    in_place: bool,
    /// Every file of the new output, staged or unchanged.
    made: Mutex<HashSet<String>>,
    /// Files written into the staging folder.
    staged: Mutex<Vec<String>>,
    /// Folders made in the staging folder so far: a page's HTML and its twin share one, and
    /// the search index's fragments share a few, so each is made once, not asked for again
    /// with a `mkdir` per file (whose failure still locks the parent folder, `articles/`,
    /// where the other threads are making theirs).
    folders: Mutex<HashSet<String>>,
    /// What the last build wrote, and this one's, kept in `record`'s file when given.
    manifest: Option<Manifest>,
    /// The first write that failed. Every later write gives the same error without trying:
    /// on a full disk each file fails, and a 10,000-article build printed 12,718 errors, one
    /// a file, where one says it all (the build fails either way, the old output kept).
    failed: OnceLock<Diagnostic>,
}

impl Staging {
    /// A staging folder for `target`; `record` is where to keep what each build wrote, so the
    /// next one compares without reading the old files (`manifest`).
    pub fn new(target: &Path, record: Option<PathBuf>) -> Result<Staging, Diagnostic> {
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
        let dir = tempfile::Builder::new()
            .prefix(".weave-build-")
            .tempdir_in(parent)
            .map_err(|e| {
                io_error(
                    "cannot create a temporary folder beside the output",
                    parent,
                    e,
                )
            })?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            in_place: target.is_dir(),
            made: Mutex::default(),
            staged: Mutex::default(),
            folders: Mutex::default(),
            manifest: record.map(|file| Manifest::load(file, target)),
            failed: OnceLock::new(),
        })
    }

    /// Adds one file to the new output; `rel` is its path inside the output.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        check_rel(rel)?;
        self.made.lock().expect("no panics").insert(rel.to_string());
        if self.in_place {
            let old = self.target.join(rel);
            let known =
                (self.manifest.as_ref()).map_or(Known::Unknown, |m| m.check(rel, &old, bytes));
            match known {
                Known::Same => return Ok(()),
                Known::Differs => {}
                Known::Unknown => {
                    if let Some(metadata) = update::unchanged(&old, bytes) {
                        if let Some(m) = &self.manifest {
                            m.record(rel, &metadata, bytes);
                        }
                        return Ok(());
                    }
                }
            }
        }
        self.failed_before()?;
        let written =
            (self.make_folder_of(rel)).and_then(|()| write_file(self.dir.path(), rel, bytes));
        let metadata = self.first_failure(written)?;
        if let Some(m) = &self.manifest {
            m.record(rel, &metadata, bytes);
        }
        self.staged.lock().expect("no panics").push(rel.to_string());
        Ok(())
    }

    /// The error of the write that failed first, if one did.
    fn failed_before(&self) -> Result<(), Diagnostic> {
        match self.failed.get() {
            Some(d) => Err(d.clone()),
            None => Ok(()),
        }
    }

    /// `written`, or the first failure of any write when it failed: the same error, so the
    /// report shows it once.
    fn first_failure<T>(&self, written: Result<T, Diagnostic>) -> Result<T, Diagnostic> {
        written.map_err(|d| self.failed.get_or_init(|| d).clone())
    }

    /// Makes the staging folder's folder for the file `rel`, unless it was made already.
    fn make_folder_of(&self, rel: &str) -> Result<(), Diagnostic> {
        let Some((folder, _)) = rel.rsplit_once('/') else {
            return Ok(());
        };
        if self.folders.lock().expect("no panics").contains(folder) {
            return Ok(());
        }
        // Made outside the lock: two threads making the same folder both succeed.
        let dir = self.dir.path().join(folder);
        fs::create_dir_all(&dir).map_err(|e| io_error("cannot create the folder", &dir, e))?;
        (self.folders.lock().expect("no panics")).insert(folder.to_string());
        Ok(())
    }

    /// Keeps `rel` from the output being replaced, when it holds it (see `Sink::keep`).
    pub fn keep(&self, rel: &str) -> bool {
        let kept = self.in_place && check_rel(rel).is_ok() && self.target.join(rel).is_file();
        if kept {
            self.made.lock().expect("no panics").insert(rel.to_string());
        }
        kept
    }

    /// Puts the new output in place of the old, and keeps the record of what it holds.
    pub fn commit(self) -> Result<(), Diagnostic> {
        if !self.in_place {
            swap(self.dir, &self.target)?;
        } else {
            let staged = self.staged.into_inner().expect("no panics");
            let made = self.made.into_inner().expect("no panics");
            update::apply(self.dir.path(), &self.target, &staged, &made).map_err(|(path, e)| {
                io_error("cannot update the output at", &path, e)
                    .help("the output may be partly updated; fix the problem and build again")
            })?;
        }
        if let Some(manifest) = self.manifest {
            manifest.save();
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        Staging::write(self, path, bytes)
    }

    fn keep(&self, path: &str) -> bool {
        Staging::keep(self, path)
    }

    fn write_pieces(
        &self,
        path: &str,
        next: &mut dyn FnMut() -> Option<Vec<u8>>,
    ) -> Result<(), Diagnostic> {
        Staging::write_pieces(self, path, next)
    }
}

/// Replaces `file` whole or not at all: `write` fills a temporary file beside it, renamed over
/// it once written, so a build running at the same time never reads half of one (the caches
/// in `.weave-cache/`).
pub fn replace_whole(
    file: &Path,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut out = io::BufWriter::new(tempfile::NamedTempFile::new_in(dir)?);
    write(&mut out)?;
    let staged = out.into_inner().map_err(|e| e.into_error())?;
    staged.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// Refuses any path that could leave the output.
fn check_rel(rel: &str) -> Result<(), Diagnostic> {
    if Path::new(rel)
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(Diagnostic::error(format!(
            "refusing to write `{rel}`: it is not a plain path inside the output"
        )));
    }
    Ok(())
}

/// Writes one file under `root`, whose folder is made, and gives its metadata once written.
fn write_file(root: &Path, rel: &str, bytes: &[u8]) -> Result<fs::Metadata, Diagnostic> {
    use std::io::Write;
    let path = root.join(rel);
    let mut file = fs::File::create(&path).map_err(|e| io_error("cannot write", &path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.metadata())
        .map_err(|e| io_error("cannot write", &path, e))
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

#[cfg(test)]
mod tests;
