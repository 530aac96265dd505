//! Highlighted blocks kept by a hash of their language and text, in memory and on disk
//! (`.weave-cache/highlight.bin`, `pipeline::highlights`). The file is not read into memory:
//! opening it reads only where each block lies (a key, an offset and a length), and a block
//! is read from it when a page asks for it. At 100,000 articles with a block each the file
//! is 220 MB; holding it whole cost that much for the whole build, twice over while it was
//! read and again while it was written. Blocks highlighted during the build are kept until
//! the cache is written, which copies the kept blocks from the old file as it goes: in a
//! one-off build in its spill (`spill_to`), since a first build, with no cache yet, makes
//! every block anew (443 MB at 200,000 articles, held in memory until then, took the
//! build's peak from 1.9 to 2.4 GB); in `weave serve`, which keeps the cache between
//! builds, in memory.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use crate::spill::{Body, Spill};

/// Bumped whenever the HTML of a highlighted line changes, so no older cache is read.
const FORMAT: &str = "weave-highlight-1";

/// The bytes before a block's HTML: its key (16 bytes, little endian) and length (4 bytes).
const HEAD: usize = 20;

/// Highlighted blocks by a hash of their language and text, each as its lines joined by `\n`.
#[derive(Default)]
pub struct HighlightCache {
    /// Blocks highlighted since the cache was made: in memory, or in `spill` when it is set.
    entries: RwLock<HashMap<u128, Body>>,
    spill: OnceLock<Arc<Spill>>,
    /// The blocks of the file the cache was opened from.
    kept: Option<Kept>,
    /// The keys looked up, so the saved cache holds only blocks a build still has.
    used: Mutex<HashSet<u128>>,
    /// Blocks highlighted (not found) since the cache was made.
    misses: AtomicUsize,
}

/// An open cache file and where each of its blocks lies in it.
struct Kept {
    file: File,
    at: HashMap<u128, (u64, u32)>,
}

impl std::fmt::Debug for HighlightCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let blocks = self.entries.read().expect("no panics").len();
        let kept = self.kept.as_ref().map_or(0, |k| k.at.len());
        write!(f, "HighlightCache({blocks} blocks, {kept} on disk)")
    }
}

pub fn key(lang: &str, code: &str) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [FORMAT, lang, code] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    h.digest128()
}

impl HighlightCache {
    /// The cache kept in `path`, or an empty one when there is none, it is of another format
    /// or it cannot be read (a cache is only ever a shortcut). A file cut short keeps the
    /// blocks before the cut.
    pub fn open(path: &Path) -> HighlightCache {
        let Ok(file) = File::open(path) else {
            return HighlightCache::default();
        };
        let len = file.metadata().map_or(0, |m| m.len());
        let mut reader = BufReader::new(&file);
        let mut header = vec![0; FORMAT.len() + 1];
        if reader.read_exact(&mut header).is_err() || header != format!("{FORMAT}\n").as_bytes() {
            return HighlightCache::default();
        }
        let mut at = HashMap::new();
        let mut offset = header.len() as u64;
        let mut head = [0; HEAD];
        while reader.read_exact(&mut head).is_ok() {
            let key = u128::from_le_bytes(head[..16].try_into().expect("16 bytes"));
            let size = u32::from_le_bytes(head[16..].try_into().expect("4 bytes"));
            offset += HEAD as u64;
            if offset + u64::from(size) > len || reader.seek_relative(i64::from(size)).is_err() {
                break;
            }
            at.insert(key, (offset, size));
            offset += u64::from(size);
        }
        drop(reader);
        HighlightCache {
            kept: Some(Kept { file, at }),
            ..HighlightCache::default()
        }
    }

    /// Keeps the blocks highlighted from now on in `spill` rather than in memory (a one-off
    /// build, whose spill outlives the build's pages until the cache is written).
    pub fn spill_to(&self, spill: &Arc<Spill>) {
        let _ = self.spill.set(Arc::clone(spill));
    }

    /// The block of `key`, when the cache has it.
    pub fn get(&self, key: u128) -> Option<Arc<str>> {
        self.used.lock().expect("no panics").insert(key);
        let found = self.entries.read().expect("no panics").get(&key).cloned();
        if let Some(found) = found {
            return match found {
                Body::Held(html) => Some(html),
                // A spill that cannot be read back is a miss: the block is highlighted again.
                Body::Spilled(_) => found.read().ok().map(|html| Arc::from(&*html)),
            };
        }
        let kept = self.kept.as_ref()?;
        let bytes = kept.read(key)?.ok()?;
        String::from_utf8(bytes).ok().map(Arc::from)
    }

    /// Keeps a block highlighted now.
    pub fn insert(&self, key: u128, lines: Arc<str>) {
        self.misses.fetch_add(1, Ordering::Relaxed);
        let block = match self.spill.get().map(|s| s.put_body(&lines)) {
            Some(Ok(spilled)) => spilled,
            _ => Body::Held(lines),
        };
        self.entries.write().expect("no panics").insert(key, block);
    }

    /// Blocks highlighted rather than found, since the cache was made.
    pub fn misses(&self) -> usize {
        self.misses.load(Ordering::Relaxed)
    }

    /// Writes the cache: `FORMAT`, a line break, then per block its key, the length of its
    /// HTML and the HTML, in key order. Only blocks looked up since the cache was opened are
    /// written, so blocks no page has any more are dropped.
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        let entries = self.entries.read().expect("no panics");
        let used = self.used.lock().expect("no panics");
        let kept = |k: &u128| self.kept.as_ref().is_some_and(|f| f.at.contains_key(k));
        let mut keys: Vec<&u128> = used
            .iter()
            .filter(|k| entries.contains_key(k) || kept(k))
            .collect();
        keys.sort_unstable();
        out.write_all(format!("{FORMAT}\n").as_bytes())?;
        for key in keys {
            let (read, made);
            let html = match entries.get(key) {
                Some(block) => {
                    made = block.read()?;
                    made.as_bytes()
                }
                None => {
                    let kept = self.kept.as_ref().expect("filtered above");
                    read = kept.read(*key).expect("filtered above")?;
                    &read
                }
            };
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&(html.len() as u32).to_le_bytes())?;
            out.write_all(html)?;
        }
        Ok(())
    }

    /// True when the cache on disk would differ from what `write_to` writes: a block was
    /// highlighted, or a block on disk was not looked up.
    pub fn changed(&self) -> bool {
        let known = self.entries.read().expect("no panics").len()
            + self.kept.as_ref().map_or(0, |k| k.at.len());
        self.misses() > 0 || self.used.lock().expect("no panics").len() != known
    }
}

impl Kept {
    fn read(&self, key: u128) -> Option<io::Result<Vec<u8>>> {
        let &(at, len) = self.at.get(&key)?;
        let mut bytes = vec![0; len as usize];
        Some(crate::spill::read_at(&self.file, &mut bytes, at).map(|()| bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(cache: &HighlightCache, path: &Path) {
        let mut bytes = Vec::new();
        cache.write_to(&mut bytes).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    #[test]
    fn blocks_kept_in_a_spill_read_back_and_save_as_blocks_held_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let [held, spilled] = [false, true].map(|spill| {
            let cache = HighlightCache::default();
            if spill {
                cache.spill_to(&Spill::new(dir.path()).unwrap());
            }
            cache.insert(key("python", "x = 1\n"), Arc::from("<span>x</span> = 1"));
            cache.insert(key("rust", "fn f() {}\n"), Arc::from("fn f() {}"));
            let found = cache.get(key("python", "x = 1\n"));
            assert_eq!(found.as_deref(), Some("<span>x</span> = 1"));
            cache.get(key("rust", "fn f() {}\n"));
            let in_memory = cache
                .entries
                .read()
                .unwrap()
                .values()
                .all(|b| matches!(b, Body::Held(_)));
            assert_eq!(in_memory, !spill);
            let mut bytes = Vec::new();
            cache.write_to(&mut bytes).unwrap();
            bytes
        });
        assert_eq!(held, spilled);
    }

    #[test]
    fn blocks_survive_a_round_trip_through_the_file_and_unused_ones_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let cache = HighlightCache::default();
        cache.insert(key("python", "x = 1\n"), Arc::from("<span>x</span> = 1"));
        cache.insert(key("rust", "fn f() {}\n"), Arc::from("fn f() {}"));
        cache.get(key("python", "x = 1\n"));
        cache.get(key("rust", "fn f() {}\n"));
        saved(&cache, &path);

        let again = HighlightCache::open(&path);
        assert_eq!(again.misses(), 0);
        assert_eq!(
            again.get(key("python", "x = 1\n")).as_deref(),
            Some("<span>x</span> = 1")
        );
        // One block was not looked up: writing drops it.
        assert!(again.changed());
        std::fs::write(dir.path().join("old.bin"), std::fs::read(&path).unwrap()).unwrap();
        saved(&again, &path);
        let third = HighlightCache::open(&path);
        assert!(third.get(key("rust", "fn f() {}\n")).is_none());
        assert!(third.get(key("python", "x = 1\n")).is_some());

        // A file cut short keeps the blocks before the cut; another format is empty.
        let whole = std::fs::read(dir.path().join("old.bin")).unwrap();
        std::fs::write(&path, &whole[..whole.len() - 3]).unwrap();
        let cut = HighlightCache::open(&path);
        let found = [key("python", "x = 1\n"), key("rust", "fn f() {}\n")]
            .iter()
            .filter(|k| cut.get(**k).is_some())
            .count();
        assert_eq!(found, 1);
        std::fs::write(&path, b"other\n").unwrap();
        assert!(
            HighlightCache::open(&path)
                .get(key("python", "x = 1\n"))
                .is_none()
        );
        assert!(
            HighlightCache::open(&dir.path().join("none"))
                .kept
                .is_none()
        );
    }
}
