//! Front matter in the other forms Zola and Hugo write: TOML between `+++` lines, and JSON (an
//! object at the top of the file, Hugo's). Each is read by its own well-kept reader (`toml`,
//! `serde_json`), its syntax errors located at their line and column, and turned into the same
//! `Fields` YAML front matter gives, so every key is checked and mapped one way.

use std::collections::HashMap;
use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::error::Diagnostic;
use crate::yaml::Fields;

/// 1-based line and column of byte `at` of `text`, whose first line is `first_line`.
fn place(text: &str, at: usize, first_line: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = first_line + before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// TOML front matter (`text`, the lines between the `+++`) as fields.
pub fn toml_fields<'a>(
    file: &'a Path,
    text: &'a str,
    first_line: usize,
) -> Result<Fields<'a>, Diagnostic> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((first_line, 1), |s| place(text, s.start, first_line));
        Diagnostic::error(format!("invalid TOML: {}", e.message().trim()))
            .in_file(file)
            .at(line, column)
            .help("fix the TOML syntax: `key = \"text\"`, `key = [\"a\", \"b\"]`, a `[table]` on its own line")
    })?;
    let mut key_lines = HashMap::new();
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if let Some(header) = trimmed.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            // `[taxonomies]`, `[extra]`: the table is the top-level key.
            let key = header
                .trim()
                .trim_matches('[')
                .trim_matches(']')
                .split('.')
                .next()
                .unwrap_or("");
            key_lines
                .entry(key.trim_matches('"').to_string())
                .or_insert(first_line + i);
            in_table = true;
        } else if !in_table && let Some((key, _)) = trimmed.split_once('=') {
            key_lines
                .entry(key.trim().trim_matches('"').to_string())
                .or_insert(first_line + i);
        }
    }
    let map = table
        .into_iter()
        .map(|(k, v)| (Value::String(k), from_toml(v)))
        .collect::<Mapping>();
    Ok(Fields::from_parts(file, text, map, key_lines, first_line))
}

fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(n) => Value::Number(n.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        // Dates as written (`2024-01-02`, `2024-01-02T10:00:00Z`), as YAML gives them.
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => Value::Mapping(
            t.into_iter()
                .map(|(k, v)| (Value::String(k), from_toml(v)))
                .collect(),
        ),
    }
}

/// JSON front matter (`text`, the object alone) as fields.
pub fn json_fields<'a>(
    file: &'a Path,
    text: &'a str,
    first_line: usize,
) -> Result<Fields<'a>, Diagnostic> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Diagnostic::error(format!("invalid JSON: {e}"))
            .in_file(file)
            .at(first_line + e.line().saturating_sub(1), e.column().max(1))
            .help("fix the JSON syntax: `\"key\": \"text\"`, keys and texts in double quotes, commas between")
    })?;
    let serde_json::Value::Object(object) = value else {
        return Err(
            Diagnostic::error("JSON front matter must be an object, `{ \"title\": ... }`")
                .in_file(file)
                .at_line(first_line),
        );
    };
    let mut key_lines = HashMap::new();
    for key in object.keys() {
        let quoted = format!("\"{key}\"");
        if let Some(at) = text.find(&quoted) {
            key_lines.insert(key.clone(), place(text, at, first_line).0);
        }
    }
    let map = object
        .into_iter()
        .map(|(k, v)| (Value::String(k), from_json(v)))
        .collect::<Mapping>();
    Ok(Fields::from_parts(file, text, map, key_lines, first_line))
}

fn from_json(value: serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Value::Number(i.into()),
            (None, Some(f)) => Value::Number(f.into()),
            _ => Value::String(n.to_string()),
        },
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => {
            Value::Sequence(items.into_iter().map(from_json).collect())
        }
        serde_json::Value::Object(o) => Value::Mapping(
            o.into_iter()
                .map(|(k, v)| (Value::String(k), from_json(v)))
                .collect(),
        ),
    }
}

/// Where JSON front matter at the top of `text` ends: the byte after its closing brace.
pub fn json_end(text: &str) -> Option<usize> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    match values.next()? {
        Ok(_) => Some(values.byte_offset()),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json_become_fields_with_lines() {
        let file = Path::new("content/a.md");
        let text = "title = \"A\"\ndate = 2024-01-02\n[taxonomies]\ntags = [\"x\"]\n";
        let fields = toml_fields(file, text, 2).unwrap();
        assert_eq!(
            fields.get::<String>("title", "text").unwrap().as_deref(),
            Some("A")
        );
        assert_eq!(
            fields.get::<String>("date", "a date").unwrap().as_deref(),
            Some("2024-01-02")
        );
        assert_eq!(fields.line_of("taxonomies"), 4);
        assert_eq!(fields.line_of("date"), 3);
        let e = toml_fields(file, "title = \"A\nx = 1\n", 2).unwrap_err();
        assert_eq!(e.line, Some(2), "{e:?}");
        let json = "{\n  \"title\": \"B\",\n  \"tags\": [\"y\"]\n}";
        let fields = json_fields(file, json, 1).unwrap();
        assert_eq!(fields.line_of("tags"), 3);
        let e = json_fields(file, "{\n \"title\": \"B\",\n}", 1).unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        assert_eq!(json_end("{\"a\": 1}\nbody"), Some(8));
    }
}
