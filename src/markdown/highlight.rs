//! Fenced code highlighted at build time by syntect, into classes named after the grammar's
//! scopes (`<span class="hl-keyword hl-control">`), never inline colours: the theme's
//! stylesheet colours them, with one palette per colour scheme, so the light/dark toggle
//! works. syntect runs on fancy-regex (pure Rust, nothing to download or link) with Sublime
//! Text's grammars for some fifty languages; a language it does not know stays plain text.
//!
//! Each line comes out as balanced HTML of its own (spans open at a line's end are closed and
//! opened again on the next), so lines can be numbered and marked. Highlighting costs some
//! 30 µs a line, almost all of it in the grammars' regular expressions, so each block's lines
//! are kept in a `HighlightCache` under a hash of its language and text: `weave serve` never
//! highlights a block twice, and `weave build` keeps the cache on disk between runs
//! (`pipeline::highlights`). Each thread has its own grammars: their compiled expressions
//! keep scratch space that threads sharing them would queue for.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use syntect::parsing::{BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Bumped whenever the HTML of a highlighted line changes, so no older cache is read.
const FORMAT: &str = "weave-highlight-1";

thread_local! {
    /// The grammars, loaded on a thread's first use (a site without code never pays).
    static SYNTAXES: SyntaxSet = SyntaxSet::load_defaults_newlines();
    /// `hl-keyword hl-control` for each scope met.
    static CLASSES: RefCell<HashMap<Scope, Box<str>>> = RefCell::new(HashMap::new());
}

/// The language named by a fence's info string: its first word (` ```rust,ignore `).
pub fn language(info: &str) -> &str {
    info.split([' ', ',', '{', '\t'])
        .next()
        .unwrap_or("")
        .trim()
}

/// True when a grammar knows `lang`.
pub fn knows(lang: &str) -> bool {
    !lang.is_empty() && SYNTAXES.with(|set| set.find_syntax_by_token(lang).is_some())
}

/// `code` in `lang` as one balanced HTML line per line of code (no line breaks), or None
/// when no grammar knows the language.
fn highlight_lines(lang: &str, code: &str) -> Option<Vec<String>> {
    if lang.is_empty() {
        return None;
    }
    SYNTAXES.with(|set| {
        let syntax = set.find_syntax_by_token(lang)?;
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut lines = Vec::new();
        for line in LinesWithEndings::from(code) {
            let ops = state.parse_line(line, set).ok()?;
            let text = line.trim_end_matches(['\n', '\r']);
            let mut html = String::with_capacity(text.len() * 3);
            // Spans left open by the line before are opened again.
            for scope in stack.as_slice() {
                open_span(&mut html, *scope);
            }
            let mut done = 0;
            for (at, op) in ops {
                let at = at.min(text.len());
                if at > done {
                    push_escaped(&mut html, &text[done..at]);
                    done = at;
                }
                stack
                    .apply_with_hook(&op, |basic, _| match basic {
                        BasicScopeStackOp::Push(scope) => open_span(&mut html, scope),
                        BasicScopeStackOp::Pop => html.push_str("</span>"),
                    })
                    .ok()?;
            }
            push_escaped(&mut html, &text[done..]);
            for _ in 0..stack.len() {
                html.push_str("</span>");
            }
            lines.push(drop_empty_spans(html));
        }
        Some(lines)
    })
}

fn open_span(html: &mut String, scope: Scope) {
    CLASSES.with(|classes| {
        let mut classes = classes.borrow_mut();
        let names = classes.entry(scope).or_insert_with(|| {
            scope
                .build_string()
                .split('.')
                .map(|atom| format!("hl-{atom}"))
                .collect::<Vec<_>>()
                .join(" ")
                .into()
        });
        html.push_str("<span class=\"");
        html.push_str(names);
        html.push_str("\">");
    });
}

/// Removes `<span class="…"></span>` pairs that hold nothing.
fn drop_empty_spans(html: String) -> String {
    if !html.contains("\"></span>") {
        return html;
    }
    let mut out = html;
    loop {
        let Some(end) = out.find("\"></span>") else {
            return out;
        };
        let start = out[..end]
            .rfind("<span class=\"")
            .expect("a span opens before it closes");
        out.replace_range(start..end + "\"></span>".len(), "");
    }
}

fn push_escaped(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '&' => html.push_str("&amp;"),
            '"' => html.push_str("&quot;"),
            c => html.push(c),
        }
    }
}

/// Highlighted blocks by a hash of their language and text, each as its lines joined by `\n`.
#[derive(Default)]
pub struct HighlightCache {
    entries: RwLock<HashMap<u128, Arc<str>>>,
    /// The keys looked up since the last `take_used`, so the saved cache holds only blocks
    /// a build still has.
    used: Mutex<HashSet<u128>>,
    /// Blocks highlighted (not found) since the cache was made.
    misses: AtomicUsize,
}

impl std::fmt::Debug for HighlightCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let blocks = self.entries.read().expect("no panics").len();
        write!(f, "HighlightCache({blocks} blocks)")
    }
}

fn key(lang: &str, code: &str) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [FORMAT, lang, code] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    h.digest128()
}

impl HighlightCache {
    /// The highlighted lines of `code` in `lang` (joined by `\n`), from the cache or made now;
    /// None when no grammar knows the language.
    pub fn lines(&self, lang: &str, code: &str) -> Option<Arc<str>> {
        if !knows(lang) {
            return None;
        }
        let key = key(lang, code);
        self.used.lock().expect("no panics").insert(key);
        if let Some(found) = self.entries.read().expect("no panics").get(&key) {
            return Some(Arc::clone(found));
        }
        let lines: Arc<str> = highlight_lines(lang, code)?.join("\n").into();
        self.misses.fetch_add(1, Ordering::Relaxed);
        self.entries
            .write()
            .expect("no panics")
            .insert(key, Arc::clone(&lines));
        Some(lines)
    }

    /// Blocks highlighted rather than found, since the cache was made.
    pub fn misses(&self) -> usize {
        self.misses.load(Ordering::Relaxed)
    }

    /// The cache as bytes: `FORMAT`, a line break, then per block its key (16 bytes, little
    /// endian), the length of its HTML (4 bytes) and the HTML. Only blocks looked up since
    /// the cache was read are written, so blocks no page has any more are dropped.
    pub fn to_bytes(&self) -> Vec<u8> {
        let entries = self.entries.read().expect("no panics");
        let used = self.used.lock().expect("no panics");
        let mut keys: Vec<&u128> = used.iter().filter(|k| entries.contains_key(k)).collect();
        keys.sort_unstable();
        let mut out = format!("{FORMAT}\n").into_bytes();
        for key in keys {
            let html = &entries[key];
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&(html.len() as u32).to_le_bytes());
            out.extend_from_slice(html.as_bytes());
        }
        out
    }

    /// A cache read from `to_bytes`' bytes; an empty one when they are of another format or
    /// cut short (a cache is only ever a shortcut).
    pub fn from_bytes(bytes: &[u8]) -> HighlightCache {
        let cache = HighlightCache::default();
        let Some(mut rest) = bytes.strip_prefix(format!("{FORMAT}\n").as_bytes()) else {
            return cache;
        };
        let mut entries = HashMap::new();
        while rest.len() >= 20 {
            let key = u128::from_le_bytes(rest[..16].try_into().expect("16 bytes"));
            let len = u32::from_le_bytes(rest[16..20].try_into().expect("4 bytes")) as usize;
            let Some(html) = rest
                .get(20..20 + len)
                .and_then(|b| std::str::from_utf8(b).ok())
            else {
                return cache;
            };
            entries.insert(key, Arc::from(html));
            rest = &rest[20 + len..];
        }
        *cache.entries.write().expect("no panics") = entries;
        cache
    }

    /// True when the cache on disk would differ from `to_bytes`: a block was highlighted, or
    /// a block read from disk was not looked up.
    pub fn changed(&self) -> bool {
        self.misses() > 0
            || self.used.lock().expect("no panics").len()
                != self.entries.read().expect("no panics").len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_scope_classes_line_by_line() {
        let lines = highlight_lines("rust", "fn main() {\n    let s = \"<b>\";\n}\n").unwrap();
        assert_eq!(lines.len(), 3);
        assert!(
            lines[0].contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"),
            "{lines:?}"
        );
        assert!(lines[1].contains("&lt;b&gt;"), "text is escaped: {lines:?}");
        for line in &lines {
            assert_eq!(
                line.matches("<span").count(),
                line.matches("</span>").count(),
                "each line is balanced: {line}"
            );
            assert!(!line.contains('\n') && !line.contains("style="));
        }
        assert_eq!(highlight_lines("no-such-language", "x"), None);
        assert_eq!(language("rust,ignore"), "rust");
    }

    #[test]
    fn a_block_is_highlighted_once_and_the_cache_survives_a_round_trip() {
        let cache = HighlightCache::default();
        let first = cache.lines("python", "x = 1\n").unwrap();
        assert_eq!(cache.lines("python", "x = 1\n").unwrap(), first);
        assert_eq!(cache.misses(), 1);
        assert!(cache.lines("no-such-language", "x").is_none());
        let again = HighlightCache::from_bytes(&cache.to_bytes());
        assert_eq!(again.lines("python", "x = 1\n").unwrap(), first);
        assert_eq!(again.misses(), 0);
        assert!(!again.changed());
        assert_eq!(HighlightCache::from_bytes(b"other\n").misses(), 0);
    }
}
