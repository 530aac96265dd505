//! Hugo's shortcode syntax: `{{< name "positional" key="value" >}}` and `{{% name %}}`,
//! closed by `{{< /name >}}` or `{{% /name %}}` when the shortcode has a body.

use serde_json::Value;

use super::parse::{Args, Call, Syntax, value};

/// A Hugo call whose text after `{{<` or `{{%` is `inner`, closed by `close`.
pub(super) fn hugo(
    text: &str,
    start: usize,
    inner: &str,
    close: &str,
    syntax: Syntax,
) -> Result<Call, String> {
    let Some(end) = inner.find(close) else {
        return Err(format!(
            "a shortcode opened here is never closed with `{close}`"
        ));
    };
    let words = inner[..end].trim();
    let open_end = text.len() - inner.len() + end + close.len();
    if words.starts_with('/') {
        return Err(format!(
            "`{words}` closes a shortcode that was never opened"
        ));
    }
    let (words, self_closed) = match words.strip_suffix('/') {
        Some(w) => (w.trim_end(), true),
        None => (words, false),
    };
    let mut tokens = hugo_tokens(words)?.into_iter();
    let name = match tokens.next() {
        Some((None, Value::String(n))) => n,
        _ => return Err("a shortcode needs a name: `{{< name >}}`".to_string()),
    };
    let args = tokens.collect();
    let (body, end) = match (self_closed, hugo_closing(text, open_end, &name)) {
        (false, Some((body_end, end))) => (Some(text[open_end..body_end].to_string()), end),
        _ => (None, open_end),
    };
    Ok(Call {
        name,
        args,
        body,
        syntax,
        range: start..end,
    })
}

/// Hugo's arguments: words, quoted strings and `key=value` pairs, separated by white space.
fn hugo_tokens(mut rest: &str) -> Result<Args, String> {
    let mut tokens = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return Ok(tokens);
        }
        let (key, after) =
            match rest.find(|c: char| c == '=' || c.is_whitespace() || matches!(c, '"' | '`')) {
                Some(i) if rest[i..].starts_with('=') && i > 0 => {
                    (Some(rest[..i].to_string()), &rest[i + 1..])
                }
                _ => (None, rest),
            };
        let (v, after) = if after.starts_with(['"', '`', '\'']) {
            value(after)?
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (Value::String(after[..end].to_string()), &after[end..])
        };
        tokens.push((key, v));
        rest = after;
    }
}

/// The closing tag of Hugo shortcode `name` after `from`, counting the same shortcode opened
/// inside: where the body ends and where the closing tag ends.
fn hugo_closing(text: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut at = from;
    loop {
        let next = ["{{<", "{{%"]
            .iter()
            .filter_map(|open| text[at..].find(open).map(|i| (at + i, *open)))
            .min()?;
        let (tag, open) = next;
        let close = if open == "{{<" { ">}}" } else { "%}}" };
        let inner_start = tag + 3;
        let end = text[inner_start..].find(close)? + inner_start;
        let words = text[inner_start..end].trim();
        if let Some(closing) = words.strip_prefix('/') {
            if closing.trim() == name {
                if depth == 0 {
                    return Some((tag, end + 3));
                }
                depth -= 1;
            }
        } else if words.split_whitespace().next() == Some(name) && !words.ends_with('/') {
            depth += 1;
        }
        at = end + 3;
    }
}
