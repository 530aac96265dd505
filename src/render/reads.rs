//! What of the shared context a template can read, worked out from its syntax tree, so that a
//! page's fingerprint changes only when something its template could show changed.
//!
//! Every page's context holds the site's navigation (taxonomies with their terms and counts,
//! sections with theirs). Deleting one article changes a few counts, and when the whole shared
//! context was hashed into every fingerprint, every page of the site rendered again. A
//! template reads a value only through the paths it writes (`t.terms`, `term.count`), its loop
//! variables and macro arguments standing for the paths they were given, so each template
//! hashes only the entries on those paths. Names it cannot place (read through a variable of
//! unknown origin, or written as a string: `attribute="count"`) count wherever they stand below
//! what it reads. A key-value loop sees every key of what it walks; where a template could see
//! a whole value (`json_encode`, a key from a variable), that value is kept whole; where it
//! cannot be told which value, everything is.

use std::collections::{HashMap, HashSet};

#[cfg(test)]
use serde_json::Value;

mod walk;

/// How an object entry shows to a template.
#[derive(Clone, Copy, Debug)]
pub enum Entry<'r> {
    /// Never read: left out of the hash.
    Hidden,
    /// Read: the entries of its value are looked at in turn, in this scope.
    Read(Scope<'r>),
    /// Read as a whole: all of it counts.
    Whole,
}

/// Where in the context a value stands, as far as a template's reads go.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'r> {
    reads: &'r Reads,
    /// The paths read below here; None below an entry read only by a name (through a
    /// variable of unknown origin), where only such names are visible.
    node: Option<&'r Paths>,
}

/// What a template (with everything it pulls in) reads.
#[derive(Debug, Default)]
pub struct Reads {
    /// The context paths read, from the context's own names (`section.subsections.page_count`;
    /// lists are looked through, `*` is any key of an object).
    paths: Paths,
    /// Names read through variables of unknown origin (`{% set x = a | first %}{{ x.title }}`)
    /// and string literals (`attribute="count"`): an entry of that name is visible anywhere.
    names: HashSet<String>,
    /// The template may see anything: nothing is left out.
    everything: bool,
}

/// One step of the paths read: what is read below an entry.
#[derive(Debug, Default)]
struct Paths {
    children: HashMap<String, Paths>,
    /// Every key of the object here is read (a key-value loop over it).
    all_keys: bool,
    /// Read as a whole (`json_encode`, a key from a variable).
    whole: bool,
}

impl Paths {
    /// The node at `path`, made where missing.
    fn at(&mut self, path: &str) -> &mut Paths {
        segments(path).fold(self, |node, segment| {
            node.children.entry(segment.to_string()).or_default()
        })
    }
}

/// The entry names of a variable path: `a.b["c"][0]` is `a`, `b`, `c` (list indices are
/// looked through, as lists are).
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split(['.', '[', ']'])
        .map(|s| s.trim().trim_matches(['"', '\'']))
        .filter(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))
}

impl<'r> Scope<'r> {
    /// How the entry `key` of an object in this scope shows to the template.
    pub fn entry(self, key: &str) -> Entry<'r> {
        let reads = self.reads;
        if reads.everything {
            return Entry::Whole;
        }
        let Some(node) = self.node else {
            return if reads.names.contains(key) {
                Entry::Read(self)
            } else {
                Entry::Hidden
            };
        };
        match (node.children.get(key), node.children.get("*")) {
            // Read by its own name and as any key: both count, so all of it does.
            (Some(_), Some(_)) => Entry::Whole,
            (Some(c), None) | (None, Some(c)) if c.whole => Entry::Whole,
            (Some(c), None) | (None, Some(c)) => Entry::Read(Scope {
                reads,
                node: Some(c),
            }),
            (None, None) if node.all_keys || reads.names.contains(key) => {
                Entry::Read(Scope { reads, node: None })
            }
            (None, None) => Entry::Hidden,
        }
    }

    /// The scope of the entry `key` of an object seen in `scope` (None: the object is seen
    /// whole, and so is the entry), or None when the template cannot read the entry.
    pub fn within(scope: Option<Scope<'r>>, key: &str) -> Option<Option<Scope<'r>>> {
        match scope.map(|s| s.entry(key)) {
            Some(Entry::Hidden) => None,
            Some(Entry::Read(inner)) => Some(Some(inner)),
            Some(Entry::Whole) | None => Some(None),
        }
    }
}

impl Reads {
    /// The scope of the context itself: its entries are the context's top-level names.
    pub fn context(&self) -> Scope<'_> {
        Scope {
            reads: self,
            node: Some(&self.paths),
        }
    }

    /// `value` with the object entries this template cannot read left out.
    #[cfg(test)]
    fn visible(&self, value: &Value) -> Value {
        fn walk(value: &Value, scope: Option<Scope<'_>>) -> Value {
            match value {
                Value::Object(map) => Value::Object(
                    map.iter()
                        .filter_map(|(k, v)| Some((k.clone(), walk(v, Scope::within(scope, k)?))))
                        .collect(),
                ),
                Value::Array(items) => Value::Array(items.iter().map(|v| walk(v, scope)).collect()),
                other => other.clone(),
            }
        }
        walk(value, Some(self.context()))
    }

    /// The value at `path` (a variable path with the template's own variables resolved, see
    /// `Walk::resolve`) is read whole, or its keys are; everything is when the path starts at
    /// a variable of unknown origin.
    fn mark(&mut self, path: Option<String>, whole: bool) {
        match path {
            Some(path) if segments(&path).next().is_some() => {
                let node = self.paths.at(&path);
                if whole {
                    node.whole = true;
                } else {
                    node.all_keys = true;
                }
            }
            _ => self.everything = true,
        }
    }

    /// A variable path read: into `paths` when it starts at a context name, else its names.
    fn read(&mut self, ident: &str, resolved: Option<String>) {
        if ident == "__tera_context" {
            self.everything = true;
        }
        match resolved {
            Some(path) => {
                self.paths.at(&path);
            }
            None => self
                .names
                .extend(segments(ident).skip(1).map(str::to_string)),
        }
    }
}

#[cfg(test)]
mod tests;
