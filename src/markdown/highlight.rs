//! Fenced code highlighted at build time by syntect, into classes named after the grammar's
//! scopes (`<span class="hl-keyword hl-control">`), never inline colours: the theme's
//! stylesheet colours them, with one palette per colour scheme, so the light/dark toggle
//! works. syntect runs on fancy-regex (pure Rust, nothing to download or link) with Sublime
//! Text's grammars for some fifty languages; a language it does not know stays plain text.

use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::render::templates::escape_html;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The grammars, loaded on first use (a site without fenced code never pays for them).
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The language named by a fence's info string: its first word (` ```rust,ignore `).
fn language(info: &str) -> &str {
    info.split([' ', ',', '{', '\t'])
        .next()
        .unwrap_or("")
        .trim()
}

/// `code` in `lang` as highlighted HTML, or None when no grammar knows the language.
pub fn highlight(lang: &str, code: &str) -> Option<String> {
    if lang.is_empty() {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    let class = escape_html(lang);
    Some(format!(
        "<pre class=\"highlight\" data-lang=\"{class}\"><code class=\"language-{class}\">{}</code></pre>\n",
        generator.finalize()
    ))
}

/// Replaces each fenced block in a known language with its highlighted HTML. Others stay as
/// pulldown-cmark renders them (`<pre><code class="language-x">`).
pub fn render(events: &mut Vec<Event<'_>>) {
    let Some(first) = events.iter().position(is_fenced) else {
        return;
    };
    let mut out = Vec::with_capacity(events.len());
    out.extend(events.drain(..first));
    let mut rest = std::mem::take(events).into_iter();
    while let Some(event) = rest.next() {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &event else {
            out.push(event);
            continue;
        };
        let mut code = String::new();
        let mut inner = Vec::new();
        for e in rest.by_ref() {
            if matches!(e, Event::End(TagEnd::CodeBlock)) {
                inner.push(e);
                break;
            }
            if let Event::Text(t) = &e {
                code.push_str(t);
            }
            inner.push(e);
        }
        match highlight(language(info), &code) {
            Some(html) => out.push(Event::Html(CowStr::from(html))),
            None => {
                out.push(event);
                out.extend(inner);
            }
        }
    }
    *events = out;
}

fn is_fenced(e: &Event<'_>) -> bool {
    matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_scope_classes_and_others_stay_plain() {
        let html = highlight("rust", "fn main() { let s = \"<b>\"; }\n").unwrap();
        assert!(
            html.starts_with(
                "<pre class=\"highlight\" data-lang=\"rust\"><code class=\"language-rust\">"
            ),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;"), "text is escaped: {html}");
        assert!(!html.contains("style="), "classes, never inline colours");
        assert_eq!(highlight("no-such-language", "x"), None);
        assert_eq!(language("rust,ignore"), "rust");
    }
}
