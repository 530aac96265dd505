//! Page bodies out of memory. A one-off build reads every file before it renders any markdown
//! and renders every page's markdown before it writes any page (links, backlinks and anchors
//! need the whole site), so every page's source text, then its rendered HTML, markdown twin
//! and plain text, were all held at once: four fifths of a build's peak memory. Instead, each
//! is written to unnamed files beside the output as soon as it is made (a page's HTML and
//! plain text as its markdown is rendered; a source text as its file is loaded in `weave
//! serve`, where a one-off build reads it again from its file, `content::body`) and read
//! back when it is needed. The kernel's page cache keeps them close; the process holds only
//! the graph.
//!
//! `weave serve` keeps bodies in memory (an edit compares with them); so does a build whose
//! spill file cannot be made (the bodies stay where they were).

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::markdown::Rendered;

mod free;
pub mod stored;

/// The build's spill files: one lane per worker thread (and one for every other thread),
/// each a file and the bytes not yet written to it. Bodies are a few kilobytes each; written
/// one by one to one shared file, two threads queued on the file's lock, every write that
/// began a page of the file made the kernel zero it first, and a third of a 100,000-article
/// build's system time went there. A lane gathers its bodies and writes whole pages of the
/// file at once, about a megabyte at a time.
pub struct Spill {
    lanes: Box<[Lane]>,
}

struct Lane {
    file: File,
    /// How many of the lane's bytes are in its file; whatever lies below can be read
    /// without the lock.
    written: AtomicU64,
    /// The lane's bytes from `written` on, not yet in its file.
    waiting: Mutex<Vec<u8>>,
    /// What of the lane has been given back (`free`), region by region.
    freed: Mutex<free::Freed>,
}

/// How many bytes a lane gathers before it writes them.
const GATHER: usize = 1 << 20;
/// A lane writes whole pages of its file; the rest waits for the next write.
const PAGE: usize = 4096;

/// Where one body lies: its lane, and where in that lane.
#[derive(Clone, Copy, Debug)]
pub struct Span {
    lane: u32,
    len: u32,
    at: u64,
}

/// A page's bodies, moved out of its rendered markdown into the spill file.
#[derive(Clone, Debug)]
pub struct Spilled {
    html: Arc<Piece>,
    text: Arc<Piece>,
}

/// One body's bytes in the spill; given back (`free`) when the last holder lets go, so
/// `weave serve`, which replaces bodies on every edit, does not fill the disk.
#[derive(Debug)]
pub struct Piece {
    spill: Arc<Spill>,
    span: Span,
    /// Given back before the last holder let go (`release`): read no more.
    released: AtomicBool,
}

impl Piece {
    /// Reads back the piece's bytes.
    pub fn bytes(&self) -> io::Result<Vec<u8>> {
        self.check()?;
        self.spill.get_bytes(self.span)
    }

    /// Reads back the stretch `from..to` of the piece's bytes.
    pub fn read_stretch(&self, from: u32, to: u32) -> io::Result<Vec<u8>> {
        self.check()?;
        self.spill.read_stretch(self.span, from, to)
    }

    /// Gives the piece's bytes back now, though others still hold it: for a one-off build,
    /// once the piece's last reader is done, so that its memory (the kernel's pages of the
    /// spill file) is free for the files written after it. Reading it afterwards is an
    /// error.
    pub fn release(&self) {
        if !self.released.swap(true, Ordering::AcqRel) {
            self.spill.free(self.span);
        }
    }

    fn check(&self) -> io::Result<()> {
        match self.released.load(Ordering::Acquire) {
            true => Err(io::Error::other("a body read after it was released")),
            false => Ok(()),
        }
    }
}

impl Drop for Piece {
    fn drop(&mut self) {
        self.release();
    }
}

impl Spilled {
    pub fn html(&self) -> Body {
        Body::Spilled(Arc::clone(&self.html))
    }

    pub fn text(&self) -> Body {
        Body::Spilled(Arc::clone(&self.text))
    }

    /// The spill the bodies are in.
    pub fn spill(&self) -> &Arc<Spill> {
        &self.html.spill
    }
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let written: u64 = self
            .lanes
            .iter()
            .map(|l| l.written.load(Ordering::Relaxed))
            .sum();
        write!(f, "Spill({written} bytes written)")
    }
}

impl Spill {
    /// An unnamed file in `folder` (the output's), so the bodies go to the disk the site is
    /// written to, not to a `/tmp` that may be memory; it is gone once the build lets go of it,
    /// even if the build is killed.
    pub fn new(folder: &Path) -> io::Result<Arc<Spill>> {
        let lanes = (0..=rayon::current_num_threads())
            .map(|_| {
                Ok(Lane {
                    file: tempfile::tempfile_in(folder)?,
                    written: AtomicU64::new(0),
                    waiting: Mutex::new(Vec::with_capacity(GATHER + PAGE)),
                    freed: Mutex::default(),
                })
            })
            .collect::<io::Result<_>>()?;
        Ok(Arc::new(Spill { lanes }))
    }

    /// Writes bytes and says where they lie (`put_piece` and `put_body` hand them out).
    /// A worker thread has a lane of its own; other threads share the last one.
    fn put_bytes(&self, bytes: &[u8]) -> io::Result<Span> {
        let len = u32::try_from(bytes.len()).map_err(|_| io::Error::other("a body over 4 GB"))?;
        let last = self.lanes.len() - 1;
        let lane = rayon::current_thread_index().map_or(last, |i| i.min(last));
        let Lane {
            file,
            written,
            waiting,
            ..
        } = &self.lanes[lane];
        let mut waiting = waiting.lock().expect("no panics");
        let start = written.load(Ordering::Relaxed);
        let at = start + waiting.len() as u64;
        waiting.extend_from_slice(bytes);
        if waiting.len() >= GATHER {
            let whole = waiting.len() / PAGE * PAGE;
            if let Err(e) = write_at(file, &waiting[..whole], start) {
                // The caller keeps this body in memory, so its bytes are taken back; the
                // bodies before it stay waiting, readable where their spans say.
                waiting.truncate((at - start) as usize);
                return Err(e);
            }
            written.store(start + whole as u64, Ordering::Release);
            waiting.drain(..whole);
        }
        Ok(Span {
            lane: lane as u32,
            len,
            at,
        })
    }

    /// Reads back the stretch `from..to` of what `span` holds.
    fn read_stretch(&self, span: Span, from: u32, to: u32) -> io::Result<Vec<u8>> {
        if from > to || to > span.len {
            return Err(io::Error::other("a stretch outside what was written"));
        }
        let mut bytes = vec![0; (to - from) as usize];
        self.read_into(span.lane, span.at + u64::from(from), &mut bytes)?;
        Ok(bytes)
    }

    /// Reads back the bytes `span` holds.
    fn get_bytes(&self, span: Span) -> io::Result<Vec<u8>> {
        let mut bytes = vec![0; span.len as usize];
        self.read_into(span.lane, span.at, &mut bytes)?;
        Ok(bytes)
    }

    /// Fills `bytes` from `at` in `lane`: from its file, and from what waits to be written.
    fn read_into(&self, lane: u32, at: u64, bytes: &mut [u8]) -> io::Result<()> {
        let lane = &self.lanes[lane as usize];
        let end = at + bytes.len() as u64;
        if end <= lane.written.load(Ordering::Acquire) {
            return read_at(&lane.file, bytes, at);
        }
        let waiting = lane.waiting.lock().expect("no panics");
        let written = lane.written.load(Ordering::Relaxed);
        let in_file = written.saturating_sub(at).min(bytes.len() as u64) as usize;
        if in_file > 0 {
            read_at(&lane.file, &mut bytes[..in_file], at)?;
        }
        // The lane may have written more since the look without the lock.
        let from = (at + in_file as u64).saturating_sub(written) as usize;
        let rest = &mut bytes[in_file..];
        let held = waiting.get(from..from + rest.len());
        rest.copy_from_slice(held.ok_or_else(|| io::Error::other("a span past the end"))?);
        Ok(())
    }

    /// Writes a body (a file's source text) to the file.
    pub fn put_body(self: &Arc<Spill>, text: &str) -> io::Result<Body> {
        Ok(Body::Spilled(self.piece(text)?))
    }

    fn piece(self: &Arc<Spill>, text: &str) -> io::Result<Arc<Piece>> {
        Ok(Arc::new(self.put_piece(text.as_bytes())?))
    }

    /// Writes bytes of any kind (a run's part of the search index), given back when the
    /// piece is dropped.
    pub fn put_piece(self: &Arc<Spill>, bytes: &[u8]) -> io::Result<Piece> {
        Ok(Piece {
            spill: Arc::clone(self),
            span: self.put_bytes(bytes)?,
            released: AtomicBool::new(false),
        })
    }

    /// Moves the HTML and plain text of `rendered` (held by no one else) into the file.
    /// Nothing moves when any write fails: the bodies then stay in memory.
    pub fn take(self: &Arc<Spill>, rendered: &mut Rendered) -> Option<Spilled> {
        let html = self.piece(&rendered.html).ok()?;
        let text = self.piece(&rendered.text).ok()?;
        rendered.html = Arc::from("");
        rendered.text = String::new();
        Some(Spilled { html, text })
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
    Spilled(Arc<Piece>),
}

impl Body {
    pub fn empty() -> Body {
        Body::Held(Arc::from(""))
    }

    pub fn read(&self) -> io::Result<Cow<'_, str>> {
        match self {
            Body::Held(text) => Ok(Cow::Borrowed(text)),
            Body::Spilled(piece) => String::from_utf8(piece.bytes()?)
                .map(Cow::Owned)
                .map_err(io::Error::other),
        }
    }

    /// Gives a spilled body's bytes back once nothing will read it again (`Piece::release`).
    pub fn release(&self) {
        if let Body::Spilled(piece) = self {
            piece.release();
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
mod tests;
