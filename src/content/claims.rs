//! The `claims` front-matter key, in its two forms.
//!
//! A page that explains a topic *defines* claims: `{id, title, summary}`. An article *cites*
//! them: `{id: motives/faster-innovation, quote: "..."}`. Each entry keeps its line, so later
//! checks (unknown id, quote not in the text) can point at it.

use serde_yaml::Value;

use crate::error::Diagnostic;
use crate::yaml::{Fields, describe, unknown_key};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimEntry {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub quote: String,
    /// Line of the entry's `- ` in the file.
    pub line: usize,
    /// Line and column of its `quote:` (the entry's line when it has none).
    pub quote_at: (usize, usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimForm {
    Definition,
    Citation,
}

impl ClaimForm {
    fn keys(self) -> &'static [&'static str] {
        match self {
            ClaimForm::Definition => &["id", "title", "summary"],
            ClaimForm::Citation => &["id", "quote"],
        }
    }
}

/// Parses `claims` in `form`. Returns the entries and warnings, or every error found.
pub fn parse(
    fields: &Fields<'_>,
    form: ClaimForm,
) -> Result<(Vec<ClaimEntry>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let Some(raw) = fields.raw("claims") else {
        return Ok((Vec::new(), Vec::new()));
    };
    let example = match form {
        ClaimForm::Definition => {
            "`- {id: faster-innovation, title: Faster innovation, summary: One sentence.}`"
        }
        ClaimForm::Citation => {
            "`- {id: motives/faster-innovation, quote: \"words from the text\"}`"
        }
    };
    let Value::Sequence(items) = raw else {
        return Err(vec![
            Diagnostic::error(format!("`claims` must be a list, found {}", describe(raw)))
                .in_file(fields.file())
                .at_line(fields.line_of("claims"))
                .help(format!("write one claim per line, like {example}")),
        ]);
    };
    let lines = fields.item_lines("claims", items.len());
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let ends: Vec<Option<usize>> = lines
        .iter()
        .skip(1)
        .map(|&l| Some(l))
        .chain([None])
        .collect();
    for ((item, line), end) in items.iter().zip(lines).zip(ends) {
        let at = |d: Diagnostic| d.in_file(fields.file()).at_line(line);
        let Value::Mapping(map) = item else {
            errors.push(at(Diagnostic::error(format!(
                "a claim must be a mapping, found {}",
                describe(item)
            ))
            .help(format!("write it like {example}"))));
            continue;
        };
        let text = |key: &str| match map.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        };
        let mut entry = ClaimEntry {
            id: text("id").unwrap_or_default(),
            title: text("title").unwrap_or_default(),
            summary: text("summary").unwrap_or_default(),
            quote: text("quote").unwrap_or_default(),
            line,
            quote_at: fields
                .find_from(line, end.filter(|&e| e > line), "quote:")
                .unwrap_or((line, 1)),
        };
        for key in form.keys() {
            if text(key).is_none() {
                errors.push(at(Diagnostic::error(format!(
                    "this claim has no `{key}` text"
                ))
                .help(format!("write it like {example}"))));
            }
        }
        for key in map.keys() {
            let name = key.as_str().unwrap_or_default();
            if !form.keys().contains(&name) {
                warnings.push(at(unknown_key(name, form.keys())));
            }
        }
        if form == ClaimForm::Definition
            && !entry.id.is_empty()
            && crate::slug::slugify(&entry.id) != entry.id
        {
            errors.push(at(Diagnostic::error(format!(
                "claim id `{}` is not a URL-safe name",
                entry.id
            ))
            .help(format!(
                "use lower-case letters, digits and `-`, like `{}`",
                crate::slug::slugify(&entry.id)
            ))));
            entry.id.clear();
        }
        entries.push(entry);
    }
    if errors.is_empty() {
        Ok((entries, warnings))
    } else {
        Err(errors)
    }
}
