//! A file written in pieces (`llms-full.txt`), over the output: staged only from the first
//! piece that differs from the old file.

use std::fs;
use std::io::{self, Read, Write};

use super::{Staging, check_rel, io_error};
use crate::error::Diagnostic;

impl Staging {
    /// Adds one file made in pieces (see `Sink::write_pieces`). Over a previous output the
    /// pieces are compared with the old file as they come, and the file is staged only from
    /// the first piece that differs (the part before it copied from the old file), so an
    /// unchanged 90 MB `llms-full.txt` is read once and never written.
    pub fn write_pieces(
        &self,
        rel: &str,
        next: &mut dyn FnMut() -> Option<Vec<u8>>,
    ) -> Result<(), Diagnostic> {
        check_rel(rel)?;
        self.failed_before()?;
        let staged = self.stage_pieces(rel, next);
        self.first_failure(staged)
    }

    fn stage_pieces(
        &self,
        rel: &str,
        next: &mut dyn FnMut() -> Option<Vec<u8>>,
    ) -> Result<(), Diagnostic> {
        self.made.lock().expect("no panics").insert(rel.to_string());
        let old_path = self.target.join(rel);
        let path = self.dir.path().join(rel);
        let failed = |e| io_error("cannot write", &path, e);
        let mut old = match self.in_place {
            true => fs::File::open(&old_path).ok().map(io::BufReader::new),
            false => None,
        };
        // A staged file, holding the old file's first `same` bytes (which every piece so far
        // matched).
        let stage = |same: u64| -> Result<io::BufWriter<fs::File>, Diagnostic> {
            self.make_folder_of(rel)?;
            let mut out = io::BufWriter::new(fs::File::create(&path).map_err(failed)?);
            if same > 0 {
                let mut start = fs::File::open(&old_path).map_err(failed)?.take(same);
                io::copy(&mut start, &mut out).map_err(failed)?;
            }
            Ok(out)
        };
        let mut same = 0u64;
        let mut staged: Option<io::BufWriter<fs::File>> = None;
        let mut buffer = Vec::new();
        let mut hash = xxhash_rust::xxh3::Xxh3::new();
        while let Some(piece) = next() {
            hash.update(&piece);
            if let Some(reader) = old.as_mut().filter(|_| staged.is_none()) {
                buffer.resize(piece.len(), 0);
                if reader.read_exact(&mut buffer).is_ok() && buffer == piece {
                    same += piece.len() as u64;
                    continue;
                }
            }
            let out = match staged.as_mut() {
                Some(out) => out,
                None => staged.insert(stage(same)?),
            };
            out.write_all(&piece).map_err(failed)?;
        }
        // Every piece matched: unchanged when the old file ends there too.
        let mut old_ended = || {
            old.as_mut()
                .is_some_and(|r| r.read(&mut [0]).is_ok_and(|n| n == 0))
        };
        let record = |metadata: io::Result<fs::Metadata>| {
            if let (Some(m), Ok(metadata)) = (&self.manifest, metadata) {
                m.record_hash(rel, &metadata, hash.digest());
            }
        };
        let mut out = match staged {
            Some(out) => out,
            None if old_ended() => {
                record(fs::metadata(&old_path));
                return Ok(());
            }
            // A file shorter than the old one, or where there was none.
            None => stage(same)?,
        };
        out.flush().map_err(failed)?;
        record(out.get_ref().metadata());
        self.staged.lock().expect("no panics").push(rel.to_string());
        Ok(())
    }
}
