//! Shortcodes, as Zola and Hugo sites call them (`parse` reads both syntaxes). Before the
//! markdown is parsed, each call is replaced by a placeholder and rendered: by the site's
//! template `templates/shortcodes/NAME.html`, else by one of weave's own (`builtins`: figure,
//! youtube, vimeo, details). Hugo's `ref` and `relref` become links weave resolves and checks
//! like any link to a file. After the markdown is rendered, each placeholder gives way to its
//! shortcode's HTML (a placeholder alone in a paragraph takes the paragraph's place).
//!
//! A shortcode with no template is an error at the call, naming the file to create; so is a
//! template's own error, and a call that cannot be read.

mod builtins;
mod hugo_syntax;
pub mod parse;

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::error::Diagnostic;
use crate::markdown::lines::LineIndex;
use crate::markdown::targets::At;
use crate::markdown::{Input, Rendered};
use parse::{Call, Piece, Syntax};

/// Placeholders are made of characters no text holds: a private-use pair around a number.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The text with its calls replaced, and each call's HTML by placeholder number.
pub struct Expanded {
    pub text: String,
    outputs: Vec<String>,
}

/// True when `text` may hold a shortcode call or escape.
pub fn may_hold(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

/// Replaces every call in `input.body` by a placeholder and renders it; None when the text
/// has none (the common case costs one scan).
pub fn expand(input: &Input<'_>, out: &mut Rendered) -> Option<Expanded> {
    if !may_hold(input.body) {
        return None;
    }
    let body = input.body;
    let code = crate::markdown::comments::code_ranges(body);
    let (pieces, problems) = parse::scan(body, &code);
    let lines = LineIndex::new(body);
    let at = |offset: usize| input.at(&lines, body, offset);
    for p in problems {
        out.errors.push(at(p.at).locate(
            Diagnostic::error(format!("this shortcode cannot be read: {}", p.message))
                .help("Zola's form is `{{ name(key=\"value\") }}` or `{% name() %}...{% end %}`; Hugo's `{{< name key=\"value\" >}}`"),
        ));
    }
    if pieces.is_empty() {
        return None;
    }
    let mut text = String::with_capacity(body.len());
    let mut outputs = Vec::new();
    let mut copied = 0;
    for piece in pieces {
        match piece {
            Piece::Escape { range, shown } => {
                text.push_str(&body[copied..range.start]);
                copied = range.end;
                // In code the call shows as it is; in text it must not be smart-quoted.
                if code.iter().any(|r| r.contains(&range.start)) {
                    text.push_str(&shown);
                } else {
                    text.push(OPEN);
                    text.push_str(&outputs.len().to_string());
                    text.push(CLOSE);
                    outputs.push(crate::render::templates::escape_html(&shown));
                }
            }
            Piece::Call(call) => {
                text.push_str(&body[copied..call.range.start]);
                copied = call.range.end;
                let here = at(call.range.start);
                // Lines stay where they were: a call over several lines keeps its breaks.
                let breaks = body[call.range.clone()].matches('\n').count();
                if matches!(call.name.as_str(), "ref" | "relref") {
                    text.push_str(&builtins::reference(&call, here, input, out));
                    text.push_str(&"\n".repeat(breaks));
                    continue;
                }
                let html = render_call(&call, here, input, out);
                text.push(OPEN);
                text.push_str(&outputs.len().to_string());
                text.push(CLOSE);
                text.push_str(&"\n".repeat(breaks));
                outputs.push(html);
            }
        }
    }
    text.push_str(&body[copied..]);
    Some(Expanded { text, outputs })
}

/// The HTML of one call: the site's template, else weave's own, else an error.
fn render_call(call: &Call, at: At<'_>, input: &Input<'_>, out: &mut Rendered) -> String {
    let targets = input.targets;
    let body = call.body.as_deref().map(|b| match call.syntax {
        Syntax::HugoMarkdown => builtins::markdown(b, input),
        Syntax::Zola | Syntax::HugoRaw => b.to_string(),
    });
    if targets.shortcodes.has(&call.name) {
        let mut context = tera::Context::new();
        let mut positional = Vec::new();
        let mut named = serde_json::Map::new();
        for (key, value) in &call.args {
            match key {
                Some(k) => {
                    context.insert(k.as_str(), value);
                    named.insert(k.clone(), value.clone());
                }
                None => positional.push(value.clone()),
            }
        }
        // Hugo's `.Get 0` and `.Params` have names here: `args` and `params`.
        context.insert("args", &positional);
        context.insert("params", &named);
        context.insert("body", &body.clone().unwrap_or_default());
        context.insert("page", &page_of(input));
        context.insert("config", &targets.config);
        return match targets.shortcodes.render(&call.name, &context) {
            Ok(html) => html,
            Err(why) => {
                let file = targets
                    .shortcodes
                    .file_of(&call.name)
                    .map_or_else(String::new, |f| format!(" ({})", f.display()));
                out.errors.push(
                    at.locate(
                        Diagnostic::error(format!("shortcode `{}` failed{file}: {why}", call.name))
                            .help("the template's error is reported at the call that used it"),
                    ),
                );
                String::new()
            }
        };
    }
    match builtins::render(call, body.as_deref(), at, input, out) {
        Some(html) => html,
        None => {
            out.errors.push(at.locate(
                Diagnostic::error(format!("shortcode `{}` has no template", call.name)).help(
                    format!(
                        "create templates/shortcodes/{}.html (tera; it sees its arguments, `body`, `page` and `config`), or remove the call",
                        call.name
                    ),
                ),
            ));
            String::new()
        }
    }
}

/// What a shortcode sees of the page that calls it.
fn page_of(input: &Input<'_>) -> Value {
    let targets = input.targets;
    let doc = targets.docs.get(input.source);
    let folder = input.source.rsplit_once('/').map_or("", |(d, _)| d);
    let mut assets: Vec<&String> = targets
        .assets
        .keys()
        .filter(|a| a.rsplit_once('/').map_or("", |(d, _)| d) == folder)
        .collect();
    assets.sort();
    json!({
        "title": doc.map(|d| d.front.title.clone()),
        "description": doc.and_then(|d| d.front.description.clone()),
        "date": doc.and_then(|d| d.front.date.as_ref().map(|x| x.text.clone())),
        "extra": doc.map(|d| d.front.extra.clone()),
        "source": input.source,
        "url": targets.urls.get(input.source),
        "assets": assets,
    })
}

impl Expanded {
    /// `html` with each placeholder replaced by its shortcode's HTML; one alone in a paragraph
    /// replaces the paragraph.
    pub fn substitute(&self, html: &str) -> String {
        if !html.contains(OPEN) {
            return html.to_string();
        }
        let mut by_placeholder: HashMap<String, &str> = HashMap::new();
        for (n, output) in self.outputs.iter().enumerate() {
            by_placeholder.insert(format!("{OPEN}{n}{CLOSE}"), output);
        }
        let mut out =
            String::with_capacity(html.len() + self.outputs.iter().map(String::len).sum::<usize>());
        let mut rest = html;
        while let Some(start) = rest.find(OPEN) {
            let Some(len) = rest[start..].find(CLOSE) else {
                break;
            };
            let placeholder = &rest[start..start + len + CLOSE.len_utf8()];
            let output = by_placeholder.get(placeholder).copied().unwrap_or("");
            out.push_str(&rest[..start]);
            let after = &rest[start + placeholder.len()..];
            match after.strip_prefix("</p>") {
                Some(after_paragraph) if out.ends_with("<p>") => {
                    out.truncate(out.len() - "<p>".len());
                    out.push_str(output);
                    rest = after_paragraph
                        .strip_prefix('\n')
                        .unwrap_or(after_paragraph);
                }
                _ => {
                    out.push_str(output);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// `text` without placeholders (the search index's plain text).
    pub fn strip(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut inside = false;
        for c in text.chars() {
            match c {
                OPEN => inside = true,
                CLOSE => inside = false,
                c if !inside => out.push(c),
                _ => {}
            }
        }
        out
    }
}
