//! The `Sink` of a session that keeps its files (`weave serve`): each file goes to the store
//! as it is made, and is listed for the file set.

use std::sync::Mutex;

use crate::error::Diagnostic;
use crate::output::Sink;
use crate::pipeline::Files;
use crate::spill::stored::{Store, Stored};

/// A `Sink` that keeps each file made in the store and lists it, for a session that keeps its
/// files (`weave serve`): pages go to the disk as they render instead of all being held
/// until the build ends.
pub struct Keeping<'a> {
    store: &'a Store,
    /// The files before: one made again with the same bytes is not written again.
    before: &'a Files,
    made: Mutex<Vec<(String, Stored)>>,
}

impl<'a> Keeping<'a> {
    pub fn new(store: &'a Store, before: &'a Files) -> Keeping<'a> {
        Keeping {
            store,
            before,
            made: Mutex::default(),
        }
    }

    /// The files made, by path.
    pub fn into_made(self) -> Vec<(String, Stored)> {
        self.made.into_inner().expect("no panics")
    }
}

impl Sink for Keeping<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let stored = self.store.put_over(self.before.get(path), bytes);
        self.made
            .lock()
            .expect("no panics")
            .push((path.to_string(), stored));
        Ok(())
    }

    /// Nothing is kept from before: every file is made and compared.
    fn keep(&self, _: &str) -> bool {
        false
    }
}
