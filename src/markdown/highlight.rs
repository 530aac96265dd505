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
use std::collections::HashMap;
use std::sync::Arc;

use syntect::parsing::{BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::highlight_cache;
pub use super::highlight_cache::HighlightCache;

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

impl HighlightCache {
    /// The highlighted lines of `code` in `lang` (joined by `\n`), from the cache or made now;
    /// None when no grammar knows the language.
    pub fn lines(&self, lang: &str, code: &str) -> Option<Arc<str>> {
        if !knows(lang) {
            return None;
        }
        let key = highlight_cache::key(lang, code);
        if let Some(found) = self.get(key) {
            return Some(found);
        }
        let lines: Arc<str> = highlight_lines(lang, code)?.join("\n").into();
        self.insert(key, Arc::clone(&lines));
        Some(lines)
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
    fn a_block_is_highlighted_once() {
        let cache = HighlightCache::default();
        let first = cache.lines("python", "x = 1\n").unwrap();
        assert_eq!(cache.lines("python", "x = 1\n").unwrap(), first);
        assert_eq!(cache.misses(), 1);
        assert!(cache.lines("no-such-language", "x").is_none());
    }
}
