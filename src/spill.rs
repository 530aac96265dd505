//! Page bodies out of memory. A one-off build reads every file before it renders any markdown
//! and renders every page's markdown before it writes any page (links, backlinks and anchors
//! need the whole site), so every page's source text, then its rendered HTML, markdown twin
//! and plain text, were all held at once: four fifths of a build's peak memory. Instead, each
//! is written to one unnamed file beside the output as soon as it is made (a source text as
//! its file is loaded, the rest as its markdown is rendered) and read back when it is needed.
//! The kernel's page cache keeps them close; the process holds only the graph.
//!
//! `weave serve` keeps bodies in memory (an edit compares with them); so does a build whose
//! spill file cannot be made (the bodies stay where they were).

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use crate::markdown::Rendered;

/// The build's spill file: written once per body, from any thread, and never rewritten.
pub struct Spill {
    file: File,
    end: AtomicU64,
}

/// Where one body lies in the spill file.
#[derive(Clone, Copy, Debug)]
pub struct Span {
    at: u64,
    len: u32,
}

/// A page's bodies, moved out of its rendered markdown into the spill file.
#[derive(Clone, Debug)]
pub struct Spilled {
    store: Arc<Spill>,
    html: Span,
    twin: Option<Span>,
    text: Span,
}

impl Spilled {
    pub fn html(&self) -> Body {
        Body::Spilled(Arc::clone(&self.store), self.html)
    }

    pub fn twin(&self) -> Option<Body> {
        self.twin.map(|s| Body::Spilled(Arc::clone(&self.store), s))
    }

    pub fn text(&self) -> Body {
        Body::Spilled(Arc::clone(&self.store), self.text)
    }
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Spill({} bytes)", self.end.load(Ordering::Relaxed))
    }
}

impl Spill {
    /// An unnamed file in `folder` (the output's), so the bodies go to the disk the site is
    /// written to, not to a `/tmp` that may be memory; it is gone once the build lets go of it,
    /// even if the build is killed.
    pub fn new(folder: &Path) -> io::Result<Arc<Spill>> {
        Ok(Arc::new(Spill {
            file: tempfile::tempfile_in(folder)?,
            end: AtomicU64::new(0),
        }))
    }

    fn put(&self, text: &str) -> io::Result<Span> {
        self.put_bytes(text.as_bytes())
    }

    /// Writes bytes of any kind (a run's part of the search index) and says where they lie.
    pub fn put_bytes(&self, bytes: &[u8]) -> io::Result<Span> {
        let len = u32::try_from(bytes.len()).map_err(|_| io::Error::other("a body over 4 GB"))?;
        let at = self.end.fetch_add(u64::from(len), Ordering::Relaxed);
        write_at(&self.file, bytes, at)?;
        Ok(Span { at, len })
    }

    /// Reads back the stretch `from..to` of what `span` holds.
    pub fn read_stretch(&self, span: Span, from: u32, to: u32) -> io::Result<Vec<u8>> {
        if from > to || to > span.len {
            return Err(io::Error::other("a stretch outside what was written"));
        }
        let mut bytes = vec![0; (to - from) as usize];
        read_at(&self.file, &mut bytes, span.at + u64::from(from))?;
        Ok(bytes)
    }

    fn get(&self, span: Span) -> io::Result<String> {
        let mut bytes = vec![0; span.len as usize];
        read_at(&self.file, &mut bytes, span.at)?;
        String::from_utf8(bytes).map_err(io::Error::other)
    }

    /// Writes a body (a file's source text) to the file.
    pub fn put_body(self: &Arc<Spill>, text: &str) -> io::Result<Body> {
        Ok(Body::Spilled(Arc::clone(self), self.put(text)?))
    }

    /// Moves the HTML, twin and plain text of `rendered` (held by no one else) into the file.
    /// Nothing moves when any write fails: the bodies then stay in memory.
    pub fn take(self: &Arc<Spill>, rendered: &mut Rendered) -> Option<Spilled> {
        let html = self.put(&rendered.html).ok()?;
        let twin = match &rendered.twin {
            Some(t) => Some(self.put(t).ok()?),
            None => None,
        };
        let text = self.put(&rendered.text).ok()?;
        rendered.html = Arc::from("");
        rendered.twin = rendered.twin.as_ref().map(|_| Arc::from(""));
        rendered.text = String::new();
        Some(Spilled {
            store: Arc::clone(self),
            html,
            twin,
            text,
        })
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
pub fn read_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut at: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(file, bytes, at)?;
        bytes = &bytes[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
pub fn read_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, bytes, at)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[n..];
        at += n as u64;
    }
    Ok(())
}

/// A body as the later stages see it: in memory, or in the spill file until it is read.
/// Serialised (for templates), it is its text.
#[derive(Clone, Debug)]
pub enum Body {
    Held(Arc<str>),
    Spilled(Arc<Spill>, Span),
}

impl Body {
    pub fn empty() -> Body {
        Body::Held(Arc::from(""))
    }

    pub fn read(&self) -> io::Result<Cow<'_, str>> {
        match self {
            Body::Held(text) => Ok(Cow::Borrowed(text)),
            Body::Spilled(store, span) => store.get(*span).map(Cow::Owned),
        }
    }

    /// The text, where a caller has no way to report an error: the spill file is this
    /// build's own, written moments before, so failing to read it back means the disk itself
    /// failed, and the build stops (leaving the previous output as it was).
    pub fn must_read(&self) -> Cow<'_, str> {
        self.read()
            .unwrap_or_else(|e| panic!("{}", Body::failure(&e)))
    }

    /// What to tell the user when `read` failed.
    pub fn failure(e: &io::Error) -> String {
        format!(
            "could not read a page's text back from the build's temporary file beside the output ({e}); check that the disk is healthy and has room, then build again"
        )
    }
}

impl Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.read() {
            Ok(text) => s.serialize_str(&text),
            Err(e) => Err(serde::ser::Error::custom(Body::failure(&e))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_come_back_as_written_from_any_thread() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::new(dir.path()).unwrap();
        let taken: Vec<(String, Spilled)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|t| {
                    let spill = Arc::clone(&spill);
                    s.spawn(move || {
                        (0..50)
                            .map(|i| {
                                let html = format!("<p>thread {t}, page {i}: é ✓</p>").repeat(i);
                                let mut rendered = Rendered {
                                    html: html.clone().into(),
                                    text: format!("text {t} {i}"),
                                    twin: i.is_multiple_of(2).then(|| Arc::from(format!("# {i}"))),
                                    ..Rendered::default()
                                };
                                let spilled = spill.take(&mut rendered).unwrap();
                                assert!(rendered.html.is_empty() && rendered.text.is_empty());
                                (html, spilled)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        for (html, spilled) in &taken {
            assert_eq!(spilled.html().read().unwrap(), html.as_str());
            let text = spilled.text().read().unwrap().into_owned();
            let i: usize = text.rsplit(' ').next().unwrap().parse().unwrap();
            assert_eq!(spilled.twin().is_some(), i.is_multiple_of(2));
        }
        let json = serde_json::to_string(&taken[3].1.html()).unwrap();
        assert_eq!(json, serde_json::to_string(&taken[3].0).unwrap());
    }
}
