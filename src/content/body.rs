//! Where a loaded document's body waits until its markdown is rendered (and, for its twin,
//! once more at the end of a one-off build). Loading reads every file before any markdown
//! renders, so the bodies cannot all stay in memory on a large site. `weave serve` moves each
//! to its spill (an edit is compared with the old text, which the file no longer holds). A
//! one-off build leaves a body that is the file's own bytes in the file and reads it again
//! when it is needed: copying it to the spill wrote every source a second time (600 MB at
//! 100,000 articles), into memory the kernel had to find fresh, while the file's own pages
//! are still in its cache from the first read.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::spill::{Body, Spill};

/// Where the bodies of the files a build loads go.
#[derive(Clone, Copy)]
pub enum Bodies<'a> {
    /// In memory (tests, and where no spill file could be made).
    Held,
    /// To the spill, each as it is loaded (`weave serve`).
    Spilled(&'a Arc<Spill>),
    /// Left in their files, read again when needed (a one-off build); a body that is not the
    /// file's bytes (a comment taken out, a leading heading taken as the title) goes to the
    /// spill, when there is one.
    InFiles(Option<&'a Arc<Spill>>),
}

/// Where one document's body is, when not in `Document::body`.
#[derive(Clone, Debug)]
pub enum Kept {
    Here,
    Spilled(Body),
    InFile(InFile),
}

/// A body left in its file: the file's bytes from `at` on, and their hash, to tell if the
/// file changed while the build ran.
#[derive(Clone, Debug)]
pub struct InFile {
    path: PathBuf,
    at: u64,
    len: usize,
    hash: u64,
}

impl<'a> Bodies<'a> {
    /// Where a build's bodies go: `weave serve`'s (`incremental`) to its spill, a one-off
    /// build's left in their files.
    pub fn of(incremental: bool, spill: Option<&'a Arc<Spill>>) -> Bodies<'a> {
        match (incremental, spill) {
            (false, spill) => Bodies::InFiles(spill),
            (true, Some(spill)) => Bodies::Spilled(spill),
            (true, None) => Bodies::Held,
        }
    }

    /// Where `body`, made from the file at `path` whose text is `text`, is kept: `Here` when
    /// it stays in memory (the caller keeps it), else somewhere the caller can let go of it.
    pub fn keep(&self, path: &Path, text: &str, body: &str) -> Kept {
        let spill = match self {
            Bodies::Held => return Kept::Here,
            Bodies::Spilled(spill) => Some(*spill),
            Bodies::InFiles(spill) => {
                let at = text.len() - body.len().min(text.len());
                if text.as_bytes()[at..] == *body.as_bytes() {
                    return Kept::InFile(InFile {
                        path: path.to_path_buf(),
                        at: at as u64,
                        len: body.len(),
                        hash: xxhash_rust::xxh3::xxh3_64(body.as_bytes()),
                    });
                }
                *spill
            }
        };
        // Where the spill cannot be written, the body stays in memory.
        match spill.map(|s| s.put_body(body)) {
            Some(Ok(spilled)) => Kept::Spilled(spilled),
            _ => Kept::Here,
        }
    }
}

impl Kept {
    /// The body, when it is not `held`. `file` names the document in the message of a read
    /// that fails: the build cannot go on without the text, and the previous output stays.
    pub fn read<'a>(&'a self, held: &'a str, file: &Path) -> Cow<'a, str> {
        match self {
            Kept::Here => Cow::Borrowed(held),
            Kept::Spilled(body) => body.must_read(),
            Kept::InFile(f) => Cow::Owned(f.read().unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; the build stopped and the previous output is as it was: build again",
                    file.display()
                )
            })),
        }
    }
}

/// Why a body left in its file could not be read back.
const CHANGED: &str = "the file changed while weave was building it";

impl InFile {
    fn read(&self) -> Result<String, String> {
        let file =
            std::fs::File::open(&self.path).map_err(|e| format!("cannot read it again ({e})"))?;
        let mut bytes = vec![0; self.len];
        let read = crate::spill::read_at(&file, &mut bytes, self.at);
        let same = read.is_ok() && xxhash_rust::xxh3::xxh3_64(&bytes) == self.hash;
        if !same {
            return Err(CHANGED.into());
        }
        // The bytes are those that were read as UTF-8 before.
        String::from_utf8(bytes).map_err(|_| CHANGED.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_left_in_its_file_reads_back_and_a_changed_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let text = "---\ntitle: A\n---\nThe body, é.\n";
        std::fs::write(&path, text).unwrap();
        let body = &text[text.find("The").unwrap()..];
        let kept = Bodies::InFiles(None).keep(&path, text, body);
        assert!(matches!(kept, Kept::InFile(_)));
        assert_eq!(kept.read("", Path::new("content/a.md")), body);
        // A body that is not the file's bytes stays in memory without a spill.
        let changed = "The body.\n";
        assert!(matches!(
            Bodies::InFiles(None).keep(&path, text, changed),
            Kept::Here
        ));
        std::fs::write(&path, text.replace("body", "text")).unwrap();
        let failed = std::panic::catch_unwind(|| kept.read("", Path::new("content/a.md")));
        let message = failed.unwrap_err();
        let message = message.downcast_ref::<String>().unwrap();
        assert!(
            message.contains("content/a.md: the file changed while weave was building it"),
            "{message}"
        );
    }
}
