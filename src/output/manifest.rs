//! What the last build wrote: each file's size, modification time and a hash of its bytes, so
//! a build over a previous output tells an unchanged file by one `stat` and a hash of the new
//! bytes, without reading the old file. Reading every old file to compare was a sixth of a
//! build that changed nothing at 10,000 pages, and at 200,000 the old output no longer fits
//! the kernel's cache beside everything else, so those reads went to the disk.
//!
//! A file whose size or time differs from what was recorded (changed by hand, or by a build
//! that failed half-way through its commit) is compared by reading it, as before; so is a
//! file the record does not know. The record lives in `.weave-cache/`, names the output it
//! describes, and is only a shortcut: a missing or damaged one costs time, nothing else.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xxhash_rust::xxh3::xxh3_64;

/// The file's first line; a record written by another version is not read.
const MAGIC: &[u8] = b"weave output record 1\n";

/// One file as written: its size, its modification time (nanoseconds since 1970) and a hash
/// of its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: i64,
    hash: u64,
}

impl Stamp {
    fn of(metadata: &fs::Metadata, hash: u64) -> Option<Stamp> {
        let modified = metadata.modified().ok()?;
        let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(Stamp {
            len: metadata.len(),
            modified: i64::try_from(since.as_nanos()).ok()?,
            hash,
        })
    }
}

/// What a look-up in the record says of a file about to be written.
#[derive(Debug, PartialEq, Eq)]
pub enum Known {
    /// The file holds exactly these bytes.
    Same,
    /// It holds other bytes.
    Differs,
    /// The record cannot tell: compare by reading.
    Unknown,
}

/// The last build's record, and this build's as its files are written.
pub struct Manifest {
    file: PathBuf,
    target: PathBuf,
    /// (hash of the path inside the output, stamp), sorted.
    old: Vec<(u64, Stamp)>,
    new: Mutex<Vec<(u64, Stamp)>>,
}

impl Manifest {
    /// The record kept in `file` for the output `target` (empty when there is none, it is
    /// damaged, or it describes another output).
    pub fn load(file: PathBuf, target: &Path) -> Manifest {
        let target = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
        let old = fs::read(&file)
            .ok()
            .and_then(|bytes| parse(&bytes, &target))
            .unwrap_or_default();
        Manifest {
            file,
            target,
            old,
            new: Mutex::default(),
        }
    }

    /// Whether `path` (the file at `rel` in the output) holds `bytes`, as far as the record
    /// tells. When it does, the file goes into this build's record as it was.
    pub fn check(&self, rel: &str, path: &Path, bytes: &[u8]) -> Known {
        let key = xxh3_64(rel.as_bytes());
        let Ok(at) = self.old.binary_search_by_key(&key, |&(k, _)| k) else {
            return Known::Unknown;
        };
        let old = self.old[at].1;
        let Some(now) = fs::metadata(path)
            .ok()
            .filter(fs::Metadata::is_file)
            .and_then(|m| Stamp::of(&m, old.hash))
        else {
            return Known::Unknown;
        };
        if now != old {
            return Known::Unknown;
        }
        if old.len != bytes.len() as u64 || old.hash != xxh3_64(bytes) {
            return Known::Differs;
        }
        self.new.lock().expect("no panics").push((key, old));
        Known::Same
    }

    /// Records the file at `rel`, whose metadata is `metadata`, as holding `bytes`.
    pub fn record(&self, rel: &str, metadata: &fs::Metadata, bytes: &[u8]) {
        self.record_hash(rel, metadata, xxh3_64(bytes));
    }

    /// Records the file at `rel` as holding bytes whose hash is `hash`.
    pub fn record_hash(&self, rel: &str, metadata: &fs::Metadata, hash: u64) {
        if let Some(stamp) = Stamp::of(metadata, hash) {
            let key = xxh3_64(rel.as_bytes());
            self.new.lock().expect("no panics").push((key, stamp));
        }
    }

    /// Writes this build's record in place of the last one's. A record that cannot be
    /// written is removed, so no stale one is left to trust.
    pub fn save(self) {
        let mut new = self.new.into_inner().expect("no panics");
        new.sort_unstable_by_key(|&(k, _)| k);
        new.dedup_by_key(|&mut (k, _)| k);
        let mut bytes = Vec::with_capacity(MAGIC.len() + 256 + new.len() * 32);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(self.target.to_string_lossy().as_bytes());
        bytes.push(b'\n');
        for (key, stamp) in new {
            for n in [key, stamp.len, stamp.modified as u64, stamp.hash] {
                bytes.extend_from_slice(&n.to_le_bytes());
            }
        }
        if super::replace_whole(&self.file, |out| out.write_all(&bytes)).is_err() {
            let _ = fs::remove_file(&self.file);
        }
    }
}

fn parse(bytes: &[u8], target: &Path) -> Option<Vec<(u64, Stamp)>> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let end = rest.iter().position(|&b| b == b'\n')?;
    if rest[..end] != *target.to_string_lossy().as_bytes() {
        return None;
    }
    let records = &rest[end + 1..];
    if !records.len().is_multiple_of(32) {
        return None;
    }
    let n = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("eight bytes"));
    let old: Vec<(u64, Stamp)> = records
        .chunks_exact(32)
        .map(|r| {
            let stamp = Stamp {
                len: n(&r[8..16]),
                modified: n(&r[16..24]) as i64,
                hash: n(&r[24..32]),
            };
            (n(&r[..8]), stamp)
        })
        .collect();
    old.is_sorted_by_key(|&(k, _)| k).then_some(old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_known_by_its_stamp_and_unknown_once_touched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir_all(&target).unwrap();
        let record = dir.path().join("record.bin");
        let page = target.join("page.html");
        fs::write(&page, "old bytes").unwrap();
        let first = Manifest::load(record.clone(), &target);
        assert_eq!(
            first.check("page.html", &page, b"old bytes"),
            Known::Unknown
        );
        first.record("page.html", &fs::metadata(&page).unwrap(), b"old bytes");
        first.save();

        let second = Manifest::load(record.clone(), &target);
        assert_eq!(second.check("page.html", &page, b"old bytes"), Known::Same);
        assert_eq!(
            second.check("page.html", &page, b"new bytes"),
            Known::Differs
        );
        assert_eq!(
            second.check("other.html", &page, b"old bytes"),
            Known::Unknown
        );
        // The same size, written later: the record no longer vouches for it.
        std::thread::sleep(std::time::Duration::from_millis(10));
        fs::write(&page, "odd bytes").unwrap();
        assert_eq!(
            second.check("page.html", &page, b"old bytes"),
            Known::Unknown
        );
        // A record of another output, or a damaged one, knows nothing.
        assert!(Manifest::load(record.clone(), dir.path()).old.is_empty());
        fs::write(&record, b"weave output record 1\nnonsense").unwrap();
        assert!(Manifest::load(record, &target).old.is_empty());
    }
}
