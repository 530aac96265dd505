//! Front-matter splitting and parsing, for every key set, never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use weave::content::front_matter::{self, KeySet};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = Path::new("content/fuzz.md");
    let taxonomies = vec!["topics".to_string(), "entities".to_string(), "tags".to_string()];
    if let Ok(split) = front_matter::split(file, text) {
        for keys in [KeySet::Page, KeySet::Listing, KeySet::Term] {
            let _ = front_matter::parse(file, &split, keys, &taxonomies);
        }
    }
});
