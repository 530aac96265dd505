//! Where the index's files go: streamed to the output of a one-off build, or gathered for
//! `weave serve`. Files named by a hash of their contents are made only when the output (or
//! the last build, in `weave serve`) does not hold them already.

use std::collections::HashMap;
use std::sync::Mutex;

use super::encode;
use crate::error::Diagnostic;
use crate::output::Sink;
use crate::spill::stored::{Store, Stored};

/// Where this build's files go: to the sink, or into the list `weave serve` gets.
pub struct Out<'a> {
    pub sink: Option<&'a dyn Sink>,
    pub last: &'a HashMap<String, Stored>,
    /// Where the files made are kept when they are not streamed.
    pub store: &'a Store,
    pub made: Mutex<Vec<(String, Stored)>>,
}

impl Out<'_> {
    /// A file named by a hash of its contents: made, compressed and written only when neither
    /// the output nor the last build holds it.
    pub fn hashed(
        &self,
        path: String,
        gzip: &mut encode::Gzip,
        payload: impl FnOnce() -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<(), Diagnostic> {
        match self.sink {
            Some(sink) if sink.keep(&path) => Ok(()),
            Some(sink) => sink.write(&path, gzip.compress(&payload()?)),
            None => {
                let bytes = match self.last.get(&path) {
                    Some(b) => b.clone(),
                    None => self.store.put(gzip.compress(&payload()?)),
                };
                self.made.lock().expect("no panics").push((path, bytes));
                Ok(())
            }
        }
    }

    /// Whether the output (or the last build, in `weave serve`) holds the file named by a
    /// hash `path` already, so `hashed` would not make it.
    pub fn holds(&self, path: &str) -> bool {
        match self.sink {
            Some(sink) => sink.keep(path),
            None => self.last.contains_key(path),
        }
    }

    /// Any other file.
    pub fn plain(&self, path: String, bytes: &[u8]) -> Result<(), Diagnostic> {
        match self.sink {
            Some(sink) => sink.write(&path, bytes),
            None => {
                let bytes = self.store.put_over(self.last.get(&path), bytes);
                self.made.lock().expect("no panics").push((path, bytes));
                Ok(())
            }
        }
    }
}
