//! Interned index words, and the index words of every spelling seen so far. Pages hold word
//! ids, and the rules of `words` (folding, stemming, splitting compounds) run once per
//! distinct spelling in the whole site, not once per occurrence: at 10,000 pages that is
//! twenty thousand spellings against eight million words of text.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use pagefind_stem::Stemmer;

use super::words;

/// The form of an occurrence spelt as indexed (no diacritics to fold).
pub const PLAIN: u32 = u32::MAX;

/// One index word of a spelling.
#[derive(Clone, Copy, Debug)]
pub struct Indexed {
    pub word: u32,
    /// The spelling before diacritics were folded, as a word id; `PLAIN` when the same.
    pub form: u32,
    /// A part of a compound word.
    pub part: bool,
}

pub struct Vocabulary {
    /// Tells this vocabulary's ids from another's, for the threads' caches.
    id: u64,
    language: String,
    stemmer: Option<Stemmer>,
    ids: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    /// Body text spellings, and (keyed with a leading NUL) metadata ones.
    spellings: HashMap<Box<str>, Box<[Indexed]>>,
}

impl Vocabulary {
    pub fn new(language: &str) -> Vocabulary {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Vocabulary {
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            language: language.to_string(),
            stemmer: words::stemmer(language),
            ids: HashMap::new(),
            names: Vec::new(),
            spellings: HashMap::new(),
        }
    }

    pub fn language(&self) -> &str {
        &self.language
    }

    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// How many words are interned: one more than the largest id.
    pub fn count(&self) -> usize {
        self.names.len()
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).expect("fewer than 4 billion words");
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        id
    }

    fn lookup(&mut self, spelling: &str, meta: bool) -> Box<[Indexed]> {
        let key = if meta {
            Cow::Owned(format!("\0{spelling}"))
        } else {
            Cow::Borrowed(spelling)
        };
        if let Some(found) = self.spellings.get(key.as_ref()) {
            return found.clone();
        }
        let stemmer = self.stemmer.as_ref();
        let found = if meta {
            words::of_word(spelling, stemmer)
        } else {
            words::of_text_word(spelling, stemmer)
        };
        let indexed: Box<[Indexed]> = found
            .into_iter()
            .map(|w| Indexed {
                word: self.intern(&w.word),
                form: w.original.map_or(PLAIN, |o| self.intern(&o)),
                part: w.compound_part,
            })
            .collect();
        self.spellings.insert(key.into(), indexed.clone());
        indexed
    }
}

/// A cache of spellings in front of the shared vocabulary, for one thread. Spellings are
/// copied into one buffer and their index words into another, so a lookup touches memory that
/// stays in the processor's cache: keys pointing into the pages' texts, or a box per spelling,
/// cost a cache miss per word of text (measured: most of the time of reading). The cache
/// outlives the run of pages it was made for, in a thread-local, so each thread fills it once
/// per vocabulary: filling one per run took the lock tens of thousands of times, under
/// contention.
pub struct Lookup<'v> {
    shared: &'v Mutex<Vocabulary>,
    cache: Cache,
}

#[derive(Default)]
struct Cache {
    vocabulary: u64,
    body: Spellings,
    meta: Spellings,
}

thread_local! {
    static CACHE: std::cell::RefCell<Cache> = std::cell::RefCell::default();
}

#[derive(Default)]
struct Spellings {
    table: hashbrown::HashTable<Slot>,
    hasher: foldhash::fast::FixedState,
    keys: Vec<u8>,
    found: Vec<Indexed>,
}

/// A spelling (`keys[key..key + key_len]`), its index words (`found[at..at + len]`), and how
/// many of them are parts of a compound.
#[derive(Clone, Copy)]
struct Slot {
    key: u32,
    key_len: u32,
    at: u32,
    len: u16,
    parts: u16,
}

impl Spellings {
    fn get(&mut self, spelling: &str, make: impl FnOnce() -> Box<[Indexed]>) -> (&[Indexed], u16) {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(spelling.as_bytes());
        let keys = &self.keys;
        let same =
            |s: &Slot| &keys[s.key as usize..(s.key + s.key_len) as usize] == spelling.as_bytes();
        let slot = match self.table.find(hash, same) {
            Some(slot) => *slot,
            None => {
                let indexed = make();
                let slot = Slot {
                    key: self.keys.len() as u32,
                    key_len: spelling.len() as u32,
                    at: self.found.len() as u32,
                    len: u16::try_from(indexed.len()).expect("a word gives few index words"),
                    parts: indexed.iter().filter(|i| i.part).count() as u16,
                };
                self.keys.extend_from_slice(spelling.as_bytes());
                self.found.extend_from_slice(&indexed);
                let (keys, hasher) = (&self.keys, &self.hasher);
                self.table.insert_unique(hash, slot, |s| {
                    hasher.hash_one(&keys[s.key as usize..(s.key + s.key_len) as usize])
                });
                slot
            }
        };
        let found = &self.found[slot.at as usize..slot.at as usize + usize::from(slot.len)];
        (found, slot.parts)
    }
}

impl<'v> Lookup<'v> {
    pub fn new(shared: &'v Mutex<Vocabulary>) -> Self {
        let id = lock(shared).id;
        let mut cache = CACHE.with(|c| std::mem::take(&mut *c.borrow_mut()));
        if cache.vocabulary != id {
            cache = Cache {
                vocabulary: id,
                ..Cache::default()
            };
        }
        Lookup { shared, cache }
    }

    /// The index words of a word of body text, and how many of them are parts of a compound.
    pub fn get(&mut self, spelling: &str) -> (&[Indexed], u16) {
        let shared = self.shared;
        self.cache
            .body
            .get(spelling, || lock(shared).lookup(spelling, false))
    }

    /// The index words of a word of a metadata field.
    pub fn get_meta(&mut self, spelling: &str) -> &[Indexed] {
        let shared = self.shared;
        self.cache
            .meta
            .get(spelling, || lock(shared).lookup(spelling, true))
            .0
    }
}

impl Drop for Lookup<'_> {
    fn drop(&mut self) {
        let cache = std::mem::take(&mut self.cache);
        CACHE.with(|c| *c.borrow_mut() = cache);
    }
}

fn lock(v: &Mutex<Vocabulary>) -> MutexGuard<'_, Vocabulary> {
    v.lock().expect("no panics while the lock is held")
}
