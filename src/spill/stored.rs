//! Where `weave serve` keeps the site's files: on disk, in a spill file beside the site,
//! with only their names, sizes and hashes in memory. Held in memory, the file set of a site
//! of 100,000 articles (pages, twins, the search index) was about 3.5 GB of serve's 9 GB; the
//! kernel's page cache keeps the files a browser asks for close anyway.
//!
//! A file's entry is shared by every file set that holds it (the served one, the one before it
//! for `/__weave/previous/`, the session's); when the last lets go, its bytes are freed in the
//! spill (a `Piece`, `Spill::free`), so the disk used follows the files served, not the
//! builds made.

use std::io;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;

use super::{Piece, Spill};

/// Where files go: a spill file, or memory where none could be made.
#[derive(Clone, Default)]
pub struct Store {
    spill: Option<Arc<Spill>>,
}

/// One file of the set: its bytes, on disk or held. Equal when its length and hash are.
#[derive(Clone)]
pub struct Stored(Arc<Entry>);

struct Entry {
    len: usize,
    hash: u128,
    place: Place,
}

/// A kept file's bytes are a `Piece` of the spill: freed when the last set holding it goes.
enum Place {
    Held(Bytes),
    Kept(Piece),
}

impl Store {
    /// Files kept in an unnamed file in `folder`; in memory when it cannot be made.
    pub fn on_disk(folder: &Path) -> Store {
        Store {
            spill: Spill::new(folder).ok(),
        }
    }

    /// The spill file, when the store has one: `weave serve` keeps pages' bodies there too.
    pub fn spill(&self) -> Option<Arc<Spill>> {
        self.spill.clone()
    }

    /// Keeps `bytes`: on disk when the store has a file and the write succeeds, else in memory.
    pub fn put(&self, bytes: &[u8]) -> Stored {
        self.keep(bytes, xxhash_rust::xxh3::xxh3_128(bytes))
    }

    /// `old` when it holds these very bytes (nothing written again), else the bytes kept anew.
    pub fn put_over(&self, old: Option<&Stored>, bytes: &[u8]) -> Stored {
        let hash = xxhash_rust::xxh3::xxh3_128(bytes);
        match old {
            Some(old) if old.0.len == bytes.len() && old.0.hash == hash => old.clone(),
            _ => self.keep(bytes, hash),
        }
    }

    fn keep(&self, bytes: &[u8], hash: u128) -> Stored {
        let place = match self.spill.as_ref().map(|s| s.put_piece(bytes)) {
            Some(Ok(piece)) => Place::Kept(piece),
            _ => Place::Held(Bytes::copy_from_slice(bytes)),
        };
        Stored(Arc::new(Entry {
            len: bytes.len(),
            hash,
            place,
        }))
    }
}

impl Stored {
    /// The file's bytes, read from the disk where they are kept there.
    pub fn bytes(&self) -> io::Result<Bytes> {
        match &self.0.place {
            Place::Held(bytes) => Ok(bytes.clone()),
            Place::Kept(piece) => piece.bytes().map(Bytes::from),
        }
    }
}

impl PartialEq for Stored {
    fn eq(&self, other: &Stored) -> bool {
        self.0.len == other.0.len && self.0.hash == other.0.hash
    }
}

impl std::fmt::Debug for Stored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Stored({} bytes, {:032x})", self.0.len, self.0.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_read_back_compare_by_content_and_give_their_disk_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::on_disk(dir.path());
        let page = |i: usize| format!("<p>page {i}</p>").repeat(300).into_bytes();
        let files: Vec<Stored> = (0..2000).map(|i| store.put(&page(i))).collect();
        assert_eq!(&files[7].bytes().unwrap()[..], &page(7)[..]);
        assert_eq!(files[7], store.put(&page(7)), "the same bytes");
        assert_ne!(files[7], files[8]);
        let spill = store.spill.clone().unwrap();
        let before = spill.allocated();
        let kept = files[1999].clone();
        drop(files);
        assert!(spill.allocated() < before / 2, "the dropped files' disk");
        assert_eq!(&kept.bytes().unwrap()[..], &page(1999)[..]);
    }
}
