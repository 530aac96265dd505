//! Finding shortcode calls in markdown text, in the two syntaxes sites bring:
//!
//! - Zola's: `{{ name(key="value", n=3) }}`, and with a body `{% name(...) %}...{% end %}`;
//!   escaped as `{{/* name() */}}` and `{%/* name() */%}`, which show the call itself.
//! - Hugo's: `{{< name "positional" key="value" >}}` (a raw body), `{{% name %}}` (a markdown
//!   body), closed by `{{< /name >}}` or `{{% /name %}}` when the shortcode has a body;
//!   escaped as `{{</* name */>}}`.
//!
//! Calls inside code spans and code blocks are text; escapes are undone everywhere, since
//! documentation shows shortcodes in code.

use std::ops::Range;

use serde_json::Value;

use super::hugo_syntax::hugo;

/// Which syntax a call is written in, which decides what its body is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Zola,
    /// `{{< >}}`: the body is passed as written.
    HugoRaw,
    /// `{{% %}}`: the body is rendered as markdown first.
    HugoMarkdown,
}

/// Arguments in order: named (`key="v"`) or positional (Hugo's `"v"`).
pub type Args = Vec<(Option<String>, Value)>;

#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Args,
    pub body: Option<String>,
    pub syntax: Syntax,
    /// The whole call, its body and closing included, in the text.
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Call(Call),
    /// An escaped call, and the text it shows.
    Escape {
        range: Range<usize>,
        shown: String,
    },
}

/// A call that could not be read: where, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub at: usize,
    pub message: String,
}

/// Every call and escape of `text`, in order, and what could not be read. `code` are the byte
/// ranges of code spans and blocks, where calls are text.
pub fn scan(text: &str, code: &[Range<usize>]) -> (Vec<Piece>, Vec<Problem>) {
    let mut pieces = Vec::new();
    let mut problems = Vec::new();
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    let mut at = 0;
    while let Some(found) = text[at..].find('{') {
        let start = at + found;
        let rest = &text[start..];
        if let Some((shown, len)) = escape(rest) {
            pieces.push(Piece::Escape {
                range: start..start + len,
                shown,
            });
            at = start + len;
            continue;
        }
        if in_code(start) {
            at = start + 1;
            continue;
        }
        match call(text, start) {
            Some(Ok(c)) => {
                at = c.range.end;
                pieces.push(Piece::Call(c));
            }
            Some(Err(message)) => {
                problems.push(Problem { at: start, message });
                at = start + 2;
            }
            None => at = start + 1,
        }
    }
    (pieces, problems)
}

/// An escaped call at the start of `rest`: the text it shows and its length.
fn escape(rest: &str) -> Option<(String, usize)> {
    for (open, close, shown_open, shown_close) in [
        ("{{</*", "*/>}}", "{{<", ">}}"),
        ("{{%/*", "*/%}}", "{{%", "%}}"),
        ("{{/*", "*/}}", "{{", "}}"),
        ("{%/*", "*/%}", "{%", "%}"),
    ] {
        if let Some(inner) = rest.strip_prefix(open) {
            let end = inner.find(close)?;
            let shown = format!("{shown_open}{}{shown_close}", &inner[..end]);
            return Some((shown, open.len() + end + close.len()));
        }
    }
    None
}

/// The call at byte `start` of `text`, if one starts there; an error when it starts like one
/// but cannot be read.
fn call(text: &str, start: usize) -> Option<Result<Call, String>> {
    let rest = &text[start..];
    if let Some(inner) = rest.strip_prefix("{{<") {
        return Some(hugo(text, start, inner, ">}}", Syntax::HugoRaw));
    }
    if let Some(inner) = rest.strip_prefix("{{%") {
        return Some(hugo(text, start, inner, "%}}", Syntax::HugoMarkdown));
    }
    if let Some(inner) = rest.strip_prefix("{{") {
        let (name, after) = zola_name(inner)?;
        let (args, after) = match zola_args(after) {
            Ok(found) => found,
            Err(e) => return Some(Err(e)),
        };
        let close = after.trim_start().strip_prefix("}}")?;
        let end = text.len() - close.len();
        return Some(Ok(Call {
            name,
            args,
            body: None,
            syntax: Syntax::Zola,
            range: start..end,
        }));
    }
    if let Some(inner) = rest.strip_prefix("{%") {
        let (name, after) = zola_name(inner)?;
        let (args, after) = match zola_args(after) {
            Ok(found) => found,
            Err(e) => return Some(Err(e)),
        };
        let open_end = after.trim_start().strip_prefix("%}")?;
        let body_start = text.len() - open_end.len();
        let Some((body_end, end)) = zola_end(text, body_start) else {
            return Some(Err(format!(
                "shortcode `{name}` opened with `{{% {name}(...) %}}` is never closed with `{{% end %}}`"
            )));
        };
        return Some(Ok(Call {
            name,
            args,
            body: Some(text[body_start..body_end].to_string()),
            syntax: Syntax::Zola,
            range: start..end,
        }));
    }
    None
}

/// `name(` after `{{` or `{%`: the name and what follows the parenthesis; None for anything
/// else (`{{ page.title }}` is not a call).
fn zola_name(inner: &str) -> Option<(String, &str)> {
    let inner = inner.trim_start();
    let end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inner.len());
    let name = &inner[..end];
    if name.is_empty() || name == "end" || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let after = inner[end..].trim_start().strip_prefix('(')?;
    Some((name.to_string(), after))
}

/// The `{% end %}` that closes a body opened at `from`, counting bodies opened inside it:
/// where the body ends and where the closing tag ends.
fn zola_end(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut at = from;
    while let Some(found) = text[at..].find("{%") {
        let tag = at + found;
        let inner = &text[tag + 2..];
        let close = inner.find("%}")?;
        let word = inner[..close].trim();
        if word == "end" {
            if depth == 0 {
                return Some((tag, tag + 2 + close + 2));
            }
            depth -= 1;
        } else if zola_name(inner).is_some() {
            depth += 1;
        }
        at = tag + 2 + close + 2;
    }
    None
}

/// Zola's arguments up to the closing parenthesis: `key = value` pairs, comma-separated.
fn zola_args(mut rest: &str) -> Result<(Args, &str), String> {
    let mut args = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(')') {
            return Ok((args, after));
        }
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let key = &rest[..end];
        if key.is_empty() {
            return Err(format!(
                "expected an argument name, found `{}`",
                first_chars(rest)
            ));
        }
        let Some(after) = rest[end..].trim_start().strip_prefix('=') else {
            return Err(format!("argument `{key}` needs a value: `{key}=\"...\"`"));
        };
        let (value, after) = value(after.trim_start())?;
        args.push((Some(key.to_string()), value));
        rest = after.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
}

/// One value: a quoted string ('', "" or ``), a number, `true`/`false`, or a list.
pub(super) fn value(rest: &str) -> Result<(Value, &str), String> {
    if let Some(quote) = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))
    {
        let inner = &rest[1..];
        let end = inner
            .find(quote)
            .ok_or_else(|| format!("a string that starts with {quote} is never closed"))?;
        return Ok((Value::String(inner[..end].to_string()), &inner[end + 1..]));
    }
    if let Some(mut inner) = rest.strip_prefix('[') {
        let mut items = Vec::new();
        loop {
            inner = inner.trim_start();
            if let Some(after) = inner.strip_prefix(']') {
                return Ok((Value::Array(items), after));
            }
            let (item, after) = value(inner)?;
            items.push(item);
            inner = after.trim_start();
            inner = inner.strip_prefix(',').unwrap_or(inner);
        }
    }
    let end = rest
        .find(|c: char| matches!(c, ',' | ')' | ']') || c.is_whitespace())
        .unwrap_or(rest.len());
    let word = &rest[..end];
    let value = match word {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => match (word.parse::<i64>(), word.parse::<f64>()) {
            (Ok(n), _) => Value::from(n),
            (_, Ok(f)) => Value::from(f),
            _ => {
                return Err(format!(
                    "`{word}` is not a value: quote text, like \"{word}\""
                ));
            }
        },
    };
    Ok((value, &rest[end..]))
}

fn first_chars(text: &str) -> String {
    text.chars().take(12).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(text: &str) -> Vec<Call> {
        let (pieces, problems) = scan(text, &[]);
        assert!(problems.is_empty(), "{problems:?}");
        pieces
            .into_iter()
            .filter_map(|p| match p {
                Piece::Call(c) => Some(c),
                Piece::Escape { .. } => None,
            })
            .collect()
    }

    #[test]
    fn zola_calls_inline_and_with_a_body() {
        let text = "A {{ youtube(id=\"abc\", autoplay=true, n=3) }} and\n{% note(kind='tip') %}\nBody *here*.\n{% end %}\nrest {{ page.title }}";
        let found = calls(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "youtube");
        assert_eq!(
            found[0].args,
            vec![
                (Some("id".into()), Value::from("abc")),
                (Some("autoplay".into()), Value::Bool(true)),
                (Some("n".into()), Value::from(3)),
            ]
        );
        assert_eq!(
            &text[found[0].range.clone()],
            "{{ youtube(id=\"abc\", autoplay=true, n=3) }}"
        );
        assert_eq!(found[1].body.as_deref(), Some("\nBody *here*.\n"));
        assert!(text[found[1].range.clone()].ends_with("{% end %}"));
    }

    #[test]
    fn hugo_calls_with_positional_and_named_arguments_and_bodies() {
        let text = "{{< youtube w7Ft2ymGmfc >}} {{< figure src=\"a.png\" caption=\"A *b*\" >}}\n{{% details summary=\"More\" %}}\nInner **md**\n{{% /details %}}";
        let found = calls(text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].args, vec![(None, Value::from("w7Ft2ymGmfc"))]);
        assert_eq!(
            found[1].args[1],
            (Some("caption".into()), Value::from("A *b*"))
        );
        assert_eq!(found[2].syntax, Syntax::HugoMarkdown);
        assert_eq!(found[2].body.as_deref(), Some("\nInner **md**\n"));
    }

    #[test]
    fn escapes_show_the_call_and_code_keeps_calls_as_text() {
        let text = "`{{ x() }}` {{/* image(src=\"a\") */}} {%/* note() */%} {{</* ref \"a\" */>}}";
        let code = vec![std::ops::Range { start: 0, end: 10 }];
        let (pieces, problems) = scan(text, &code);
        assert!(problems.is_empty());
        let shown: Vec<String> = pieces
            .into_iter()
            .map(|p| match p {
                Piece::Escape { shown, .. } => shown,
                Piece::Call(c) => panic!("{c:?}"),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "{{ image(src=\"a\") }}",
                "{% note() %}",
                "{{< ref \"a\" >}}"
            ]
        );
    }

    #[test]
    fn broken_calls_are_problems_at_their_place() {
        let (_, problems) = scan("x {% note() %} never closed", &[]);
        assert_eq!(problems[0].at, 2);
        assert!(problems[0].message.contains("never closed"));
        let (_, problems) = scan("{{ f(a=b) }}", &[]);
        assert!(problems[0].message.contains("`b` is not a value"));
    }
}
