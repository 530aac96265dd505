//! Reading YAML mappings (front matter and `weave.yaml`) into typed fields, with locations.
//!
//! serde_yaml gives line and column for syntax errors but not for values taken out of a parsed
//! mapping, so this module remembers the line of every top-level key and reports type errors
//! and unknown keys there, with the nearest known key as a suggestion.

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::error::Diagnostic;

/// A parsed top-level YAML mapping that knows where each key was written.
#[derive(Debug)]
pub struct Fields<'a> {
    file: &'a Path,
    text: &'a str,
    map: Mapping,
    key_lines: HashMap<String, usize>,
    /// Line in the file of the mapping's first line (front matter starts after `---`).
    first_line: usize,
}

impl<'a> Fields<'a> {
    /// Parses `text`, which starts at line `first_line` of `file`. An empty document is an empty
    /// mapping; anything other than a mapping is an error.
    pub fn parse(file: &'a Path, text: &'a str, first_line: usize) -> Result<Self, Diagnostic> {
        let value: Value = match serde_yaml::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let (line, col) = e
                    .location()
                    .map_or((first_line, 1), |l| (first_line + l.line() - 1, l.column()));
                let message = strip_location(&e.to_string());
                return Err(Diagnostic::error(format!("invalid YAML: {message}"))
                    .in_file(file)
                    .at(line, col)
                    .help("fix the YAML syntax; quote values that contain `: ` or start with a special character"));
            }
        };
        let map = match value {
            Value::Null => Mapping::new(),
            Value::Mapping(m) => m,
            other => {
                return Err(Diagnostic::error(format!(
                    "expected `key: value` lines, found {}",
                    describe(&other)
                ))
                .in_file(file)
                .at_line(first_line)
                .help("write one `key: value` pair per line"));
            }
        };
        let mut key_lines = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(key) = top_level_key(line) {
                key_lines.entry(key.to_string()).or_insert(first_line + i);
            }
        }
        Ok(Fields {
            file,
            text,
            map,
            key_lines,
            first_line,
        })
    }

    /// Fields of a mapping read from another format (TOML or JSON front matter), converted to
    /// YAML values, with the line of each top-level key as the format's reader found it.
    pub fn from_parts(
        file: &'a Path,
        text: &'a str,
        map: Mapping,
        key_lines: HashMap<String, usize>,
        first_line: usize,
    ) -> Self {
        Fields {
            file,
            text,
            map,
            key_lines,
            first_line,
        }
    }

    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines.get(key).copied().unwrap_or(self.first_line)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Every key, in the order written, as strings (non-string keys are reported as errors).
    pub fn keys(&self) -> Vec<String> {
        self.map
            .keys()
            .map(|k| match k {
                Value::String(s) => s.clone(),
                other => yaml_inline(other),
            })
            .collect()
    }

    /// The mapping as written.
    pub fn mapping_as_written(&self) -> Mapping {
        self.map.clone()
    }

    pub fn file(&self) -> &Path {
        self.file
    }

    pub fn raw(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Deserialises `key` as `T`; a wrong type is an error naming the key and what was expected.
    pub fn get<T: DeserializeOwned>(
        &self,
        key: &str,
        expected: &str,
    ) -> Result<Option<T>, Diagnostic> {
        let Some(value) = self.raw(key) else {
            return Ok(None);
        };
        serde_yaml::from_value(value.clone())
            .map(Some)
            .map_err(|_| {
                Diagnostic::error(format!(
                    "`{key}` must be {expected}, found {}",
                    describe(value)
                ))
                .in_file(self.file)
                .at_line(self.line_of(key))
                .help(format!("write `{key}` as {expected}"))
            })
    }

    /// A mapping of the author's own keys (`extra`), as JSON for templates.
    pub fn mapping(&self, key: &str) -> Result<Option<serde_json::Value>, Diagnostic> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::Mapping(_)) => self.get(key, "a mapping of your own keys"),
            Some(other) => Err(Diagnostic::error(format!(
                "`{key}` must be a mapping of your own keys, found {}",
                describe(other)
            ))
            .in_file(self.file)
            .at_line(self.line_of(key))
            .help(format!(
                "write `{key}:` on its own line, then indented `name: value` lines"
            ))),
        }
    }

    /// A string, or a list of strings (a single string is taken as a one-item list).
    pub fn string_list(&self, key: &str) -> Result<Vec<String>, Diagnostic> {
        match self.raw(key) {
            None => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(vec![s.clone()]),
            Some(_) => Ok(self
                .get::<Vec<ScalarString>>(key, "a list of strings, like `[a, b]`")?
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.0)
                .collect()),
        }
    }

    /// The line of each item of the block list under `key` (`- ...` lines at the list's own
    /// indentation). A flow list (`key: [a, b]`) gives the key's line for every item.
    pub fn item_lines(&self, key: &str, count: usize) -> Vec<usize> {
        let key_line = self.line_of(key);
        let mut lines = Vec::new();
        let mut indent = None;
        for (i, line) in self
            .text
            .lines()
            .enumerate()
            .skip(key_line + 1 - self.first_line)
        {
            if top_level_key(line).is_some() {
                break;
            }
            let trimmed = line.trim_start();
            let depth = line.len() - trimmed.len();
            if (trimmed.starts_with("- ") || trimmed == "-")
                && *indent.get_or_insert(depth) == depth
            {
                lines.push(self.first_line + i);
            }
        }
        lines.resize(count.max(lines.len()), key_line);
        lines.truncate(count);
        lines
    }

    /// The first place at or after line `from` (and before line `to`, when given) where
    /// `needle` is written: its line and column.
    pub fn find_from(
        &self,
        from: usize,
        to: Option<usize>,
        needle: &str,
    ) -> Option<(usize, usize)> {
        self.text
            .lines()
            .enumerate()
            .map(|(i, line)| (self.first_line + i, line))
            .skip_while(|(n, _)| *n < from)
            .take_while(|(n, _)| to.is_none_or(|to| *n < to))
            .find_map(|(n, line)| {
                line.find(needle)
                    .map(|at| (n, line[..at].chars().count() + 1))
            })
    }

    /// Warnings for keys not in `known`, each with the nearest known key as a suggestion.
    pub fn unknown_keys(&self, known: &[&str]) -> Vec<Diagnostic> {
        self.keys()
            .into_iter()
            .filter(|k| !known.contains(&k.as_str()))
            .map(|k| {
                unknown_key(&k, known)
                    .in_file(self.file)
                    .at_line(self.line_of(&k))
            })
            .collect()
    }
}

/// A warning for `key`, which is not one of `known`, suggesting the nearest.
pub fn unknown_key(key: &str, known: &[&str]) -> Diagnostic {
    let help = match nearest(key, known.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("known keys are: {}", known.join(", ")),
    };
    Diagnostic::warning(format!("unknown key `{key}` is ignored")).help(help)
}

/// The candidate most like `word`, if any is close (Jaro-Winkler above 0.7).
pub fn nearest<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    nearest_few(word, candidates, 1).pop()
}

/// Up to `n` candidates close to `word` and nearly as close as the closest, closest first
/// (ties in name order).
pub fn nearest_few<'c>(
    word: &str,
    candidates: impl Iterator<Item = &'c str>,
    n: usize,
) -> Vec<&'c str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    // Others only when nearly as close as the closest: ids sharing a long prefix
    // (`motives/...`) all score high.
    let best = scored.first().map_or(0.0, |s| s.0);
    scored
        .into_iter()
        .take_while(|(score, _)| *score >= best - 0.05)
        .take(n)
        .map(|(_, c)| c)
        .collect()
}

/// Numbers and booleans in a list of names are taken as their text (`tags: [2024, rust]`).
struct ScalarString(String);

impl<'de> serde::Deserialize<'de> for ScalarString {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) => Ok(ScalarString(s)),
            Value::Number(n) => Ok(ScalarString(n.to_string())),
            Value::Bool(b) => Ok(ScalarString(b.to_string())),
            other => Err(serde::de::Error::custom(describe(&other))),
        }
    }
}

/// The key of a `key: value` line at column 0, if the line is one.
fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let colon = line.find(':')?;
    let key = line[..colon].trim();
    let key = key.trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty()).then_some(key)
}

/// "a string", "a list", ... for error messages.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{s}`"),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => format!("a value tagged `{}`", t.tag),
    }
}

fn yaml_inline(v: &Value) -> String {
    serde_yaml::to_string(v)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// serde_yaml appends " at line L column C"; the location is reported separately.
fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_syntax_errors_at_the_file_line() {
        let err = Fields::parse(Path::new("a.md"), "title: x\nbad: [unclosed\n", 2)
            .err()
            .unwrap();
        assert_eq!(err.file.as_deref(), Some(Path::new("a.md")));
        assert!(err.line.unwrap() >= 3, "{err:?}");
    }

    #[test]
    fn finds_the_line_of_each_list_item() {
        let text = "title: x\nclaims:\n  - id: a\n    quote: q\n  - id: b\nother: 1\n";
        let f = Fields::parse(Path::new("a.md"), text, 2).unwrap();
        assert_eq!(f.item_lines("claims", 2), vec![4, 6]);
    }

    #[test]
    fn suggests_the_nearest_known_key() {
        let f = Fields::parse(Path::new("a.md"), "titel: x\n", 2).unwrap();
        let w = f.unknown_keys(&["title", "date"]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, Some(2));
        assert_eq!(w[0].help.as_deref(), Some("did you mean `title`?"));
    }
}
