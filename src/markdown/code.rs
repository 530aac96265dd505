//! Code blocks. A fence's info string names the language and may carry what documentation
//! tools write after it: `title="src/main.rs"` (shown above the block), `{1,3-5}` (lines
//! marked), `showLineNumbers` or `showLineNumbers{10}` (lines numbered, from 10), and Zola's
//! `hl_lines=1 3-5`, `linenos` and `linenostart=10`. A block in a language a grammar knows is
//! highlighted (`highlight`); a `mermaid` block is drawn as a diagram (`diagrams`). Every block
//! gets a copy button, which the theme's `copy.js` shows and works; line numbers are drawn by
//! the stylesheet, so copying the code never copies them.

use std::ops::RangeInclusive;

use crate::error::Diagnostic;
use crate::markdown::Input;
use crate::markdown::diagrams;
use crate::markdown::highlight::language;
use crate::markdown::targets::At;
use crate::render::templates::escape_html;

/// What a fence's info string asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fence {
    pub lang: String,
    pub title: Option<String>,
    pub marked: Vec<RangeInclusive<usize>>,
    /// The first line's number, when lines are numbered.
    pub numbered_from: Option<usize>,
}

/// `1,3-5` (or `1 3-5`) as line ranges; None when it is anything else.
fn ranges(text: &str) -> Option<Vec<RangeInclusive<usize>>> {
    text.split([',', ' '])
        .filter(|p| !p.trim().is_empty())
        .map(|p| match p.trim().split_once('-') {
            Some((a, b)) => Some(a.trim().parse().ok()?..=b.trim().parse().ok()?),
            None => {
                let n = p.trim().parse().ok()?;
                Some(n..=n)
            }
        })
        .collect()
}

/// Reads a fence's info string: ```` ```rust title="main.rs" {1,3-5} showLineNumbers ````.
pub fn fence(info: &str) -> Fence {
    let mut fence = Fence {
        lang: language(info).to_string(),
        ..Fence::default()
    };
    let mut rest = info.trim_start()[fence.lang.len()..].trim_start_matches(',');
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        let (word, after) = word(rest);
        rest = after;
        if let Some(value) = word.strip_prefix("title=") {
            fence.title = Some(unquote(value).to_string());
        } else if let Some(inner) = word.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            fence.marked.extend(ranges(inner).unwrap_or_default());
        } else if let Some(from) = word.strip_prefix("showLineNumbers") {
            let start = from.trim_matches(['{', '}']).parse().unwrap_or(1);
            fence.numbered_from = Some(start);
        } else if let Some(value) = word.strip_prefix("hl_lines=") {
            fence
                .marked
                .extend(ranges(unquote(value)).unwrap_or_default());
        } else if word == "linenos" {
            fence.numbered_from.get_or_insert(1);
        } else if let Some(value) = word.strip_prefix("linenostart=") {
            fence.numbered_from = Some(value.parse().unwrap_or(1));
        }
    }
    fence
}

/// The first word of `text` and what follows; a quoted value (`title="a b"`) and a braced
/// one (`{1, 3-5}`) stay whole, and Zola's `hl_lines=1 3-5` takes the ranges after it.
fn word(text: &str) -> (&str, &str) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    let mut brace = false;
    while i < bytes.len() {
        match (bytes[i], quote) {
            (b'"' | b'\'', None) => quote = Some(bytes[i]),
            (q, Some(open)) if q == open => quote = None,
            (b'{', None) => brace = true,
            (b'}', None) => brace = false,
            (b' ' | b',' | b'\t', None) if !brace => {
                let w = &text[..i];
                if w.starts_with("hl_lines=") {
                    // `hl_lines=1 3-5`: the ranges run on while they are ranges.
                    let mut end = i;
                    for part in text[i..].split(' ') {
                        if part.is_empty() || ranges(part).is_some() {
                            end += part.len() + 1;
                        } else {
                            break;
                        }
                    }
                    let end = end.min(text.len());
                    return (&text[..end], &text[end..]);
                }
                return (w, &text[i + 1..]);
            }
            _ => {}
        }
        i += 1;
    }
    (text, "")
}

fn unquote(value: &str) -> &str {
    value.trim().trim_matches(['"', '\''])
}

/// The HTML of a code block of `info` holding `code`, written at `at`; `n` numbers the
/// page's blocks, for ids that must differ.
pub fn block(
    info: &str,
    code: &str,
    n: usize,
    at: At<'_>,
    input: &Input<'_>,
    errors: &mut Vec<Diagnostic>,
) -> String {
    let fence = fence(info);
    if fence.lang == "mermaid"
        && let Some(svg) = diagrams::render(code, n, at, errors)
    {
        return svg;
    }
    let highlighted = match input.highlight {
        true => input.targets.highlights.lines(&fence.lang, code),
        false => None,
    };
    let lines: Vec<String> = match &highlighted {
        Some(html) => html.split('\n').map(str::to_string).collect(),
        None => code
            .strip_suffix('\n')
            .unwrap_or(code)
            .split('\n')
            .map(escape_html)
            .collect(),
    };
    let lang = escape_html(&fence.lang);
    let mut pre_class = Vec::new();
    if highlighted.is_some() {
        pre_class.push("highlight");
    }
    if fence.numbered_from.is_some() {
        pre_class.push("numbered");
    }
    let mut html = String::with_capacity(code.len() * 3 + 200);
    html.push_str("<div class=\"code-block\">");
    if let Some(title) = &fence.title {
        html.push_str(&format!(
            "<div class=\"code-title\">{}</div>",
            escape_html(title)
        ));
    }
    html.push_str("<pre");
    if !pre_class.is_empty() {
        html.push_str(&format!(" class=\"{}\"", pre_class.join(" ")));
    }
    if !lang.is_empty() {
        html.push_str(&format!(" data-lang=\"{lang}\""));
    }
    if let Some(from) = fence.numbered_from.filter(|n| *n != 1) {
        html.push_str(&format!(
            " style=\"counter-reset: line {}\"",
            from.saturating_sub(1)
        ));
    }
    html.push_str("><code");
    if !lang.is_empty() {
        html.push_str(&format!(" class=\"language-{lang}\""));
    }
    html.push('>');
    // Lines get a span each only when something is drawn per line.
    let per_line = fence.numbered_from.is_some() || !fence.marked.is_empty();
    for (i, line) in lines.iter().enumerate() {
        if per_line {
            let marked = fence.marked.iter().any(|r| r.contains(&(i + 1)));
            html.push_str(if marked {
                "<span class=\"line marked\">"
            } else {
                "<span class=\"line\">"
            });
            html.push_str(line);
            html.push_str("</span>\n");
        } else {
            html.push_str(line);
            html.push('\n');
        }
    }
    html.push_str("</code></pre>");
    html.push_str("<button type=\"button\" class=\"copy-code\" hidden>Copy</button></div>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings_carry_titles_marks_and_numbers() {
        assert_eq!(
            fence("rust title=\"src/main.rs\" {1,3-5} showLineNumbers"),
            Fence {
                lang: "rust".into(),
                title: Some("src/main.rs".into()),
                marked: vec![1..=1, 3..=5],
                numbered_from: Some(1),
            }
        );
        assert_eq!(
            fence("python {2} showLineNumbers{10}").numbered_from,
            Some(10)
        );
        assert_eq!(fence("js title='a b.js'").title.as_deref(), Some("a b.js"));
        let zola = fence("rust,linenos,linenostart=5,hl_lines=1 3-4");
        assert_eq!(zola.numbered_from, Some(5));
        assert_eq!(zola.marked, vec![1..=1, 3..=4]);
        assert_eq!(fence("").lang, "");
    }
}
