//! The words the theme shows, in the page's language. weave ships tables for English, French,
//! German, Spanish, Portuguese, Chinese, Japanese and Arabic (`i18n/*.yaml` beside this file);
//! a site adds a language or overrides strings in its own `i18n/<code>.yaml`. Templates call
//! `t(key="backlinks")`, with `n=` for a count (a table gives `one` and `other` forms) and any
//! other argument filling its `{name}` in the text.
//!
//! A string the language's table lacks is a warning naming the language and the key, and the
//! default language's string is shown (English's, when the default lacks it too).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use crate::error::Diagnostic;

/// The folder of a site's own tables.
pub const DIR: &str = "i18n";

const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("i18n/en.yaml")),
    ("fr", include_str!("i18n/fr.yaml")),
    ("de", include_str!("i18n/de.yaml")),
    ("es", include_str!("i18n/es.yaml")),
    ("pt", include_str!("i18n/pt.yaml")),
    ("zh", include_str!("i18n/zh.yaml")),
    ("ja", include_str!("i18n/ja.yaml")),
    ("ar", include_str!("i18n/ar.yaml")),
];

/// One string: plain, or in forms for one and for other counts.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, Hash)]
#[serde(untagged)]
pub enum Entry {
    Text(String),
    Counted { one: Option<String>, other: String },
}

type Table = BTreeMap<String, Entry>;

/// The strings of one language, every key filled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Strings {
    pub language: String,
    table: BTreeMap<String, Entry>,
}

impl Strings {
    /// The tables of `language`, the site's over weave's; gaps filled from `default`'s, then
    /// English's. Returns the warnings for the gaps and the errors of unreadable site tables.
    pub fn load(root: &Path, language: &str, default: &str) -> (Strings, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut own = table_of(root, language, &mut problems);
        let fallback = match default == language {
            true => Table::new(),
            false => table_of(root, default, &mut problems),
        };
        let mut reference = built_in("en");
        reference.extend(fallback);
        let missing: Vec<&String> = reference.keys().filter(|k| !own.contains_key(*k)).collect();
        if !missing.is_empty() {
            let keys = missing
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            problems.push(
                Diagnostic::warning(format!(
                    "the theme's strings in `{language}` lack {keys}; the default language's are shown"
                ))
                .in_file(Path::new(DIR).join(format!("{language}.yaml")))
                .help(format!("add them to {DIR}/{language}.yaml, like `{}: ...`", missing[0])),
            );
        }
        // `reference` holds the default language's strings over English's.
        for (k, v) in reference {
            own.entry(k).or_insert(v);
        }
        (
            Strings {
                language: language.to_string(),
                table: own,
            },
            problems,
        )
    }

    /// The string for `key`, for count `n`, with `{name}` filled from `args`.
    pub fn text(&self, key: &str, n: Option<i64>, args: &[(&str, String)]) -> Option<String> {
        let raw = match self.table.get(key)? {
            Entry::Text(t) => t,
            Entry::Counted { one, other } => match (n, one) {
                (Some(1), Some(one)) => one,
                _ => other,
            },
        };
        // Without a count, `{n}` stays for the page's scripts to fill.
        let mut out = match n {
            Some(n) => raw.replace("{n}", &n.to_string()),
            None => raw.clone(),
        };
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        Some(out)
    }
}

fn built_in(language: &str) -> Table {
    let code = super::primary(language);
    BUILT_IN
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, text)| serde_yaml::from_str(text).expect("the built-in tables parse"))
        .unwrap_or_default()
}

/// weave's table of `language` with the site's `i18n/<language>.yaml` over it.
fn table_of(root: &Path, language: &str, problems: &mut Vec<Diagnostic>) -> Table {
    let mut table = built_in(language);
    let shown = Path::new(DIR).join(format!("{language}.yaml"));
    let Ok(text) = std::fs::read_to_string(root.join(&shown)) else {
        return table;
    };
    match serde_yaml::from_str::<Option<Table>>(&text) {
        Ok(site) => table.extend(site.unwrap_or_default()),
        Err(e) => {
            let line = e.location().map_or(1, |l| l.line());
            problems.push(
                Diagnostic::error(format!("the strings of `{language}` cannot be read: {e}"))
                    .in_file(shown)
                    .at_line(line)
                    .help("write one `key: text` per line, or `key: { one: ..., other: ... }` for a count"),
            );
        }
    }
    table
}

/// Registers `t` on `tera`, reading `strings`.
pub fn register(tera: &mut tera::Tera, strings: std::sync::Arc<Strings>) {
    tera.register_function(
        "t",
        move |args: &HashMap<String, serde_json::Value>| -> tera::Result<serde_json::Value> {
            let Some(serde_json::Value::String(key)) = args.get("key") else {
                return Err(tera::Error::msg(
                    "t needs a text argument `key`, like t(key=\"backlinks\")",
                ));
            };
            let n = args.get("n").and_then(serde_json::Value::as_i64);
            let fill: Vec<(&str, String)> = args
                .iter()
                .filter(|(k, _)| *k != "key" && *k != "n")
                .map(|(k, v)| {
                    let text = match v {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (k.as_str(), text)
                })
                .collect();
            strings
                .text(key, n, &fill)
                .map(serde_json::Value::String)
                .ok_or_else(|| {
                    tera::Error::msg(format!(
                        "t: no string `{key}` in any table; add it to {DIR}/{}.yaml",
                        strings.language
                    ))
                })
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_table_has_every_english_key() {
        let english = built_in("en");
        for (code, _) in BUILT_IN {
            let table = built_in(code);
            let missing: Vec<_> = english.keys().filter(|k| !table.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{code} lacks {missing:?}");
            let extra: Vec<_> = table.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(extra.is_empty(), "{code} has keys English lacks: {extra:?}");
        }
    }

    #[test]
    fn counts_pick_their_form_and_arguments_fill_the_text() {
        let (s, problems) = Strings::load(Path::new("/nonexistent"), "en", "en");
        assert!(problems.is_empty());
        assert_eq!(s.text("source_count", Some(1), &[]).unwrap(), "1 source");
        assert_eq!(s.text("source_count", Some(3), &[]).unwrap(), "3 sources");
        assert_eq!(
            s.text("named_with", None, &[("term", "Meta".into())])
                .unwrap(),
            "Named with Meta"
        );
    }

    #[test]
    fn a_language_without_a_table_warns_and_shows_the_default() {
        let (s, problems) = Strings::load(Path::new("/nonexistent"), "sw", "fr");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("`sw`"),
            "{}",
            problems[0].message
        );
        assert!(problems[0].message.contains("`backlinks`"));
        assert_eq!(
            s.text("backlinks", None, &[]).unwrap(),
            "Pages qui renvoient ici"
        );
    }
}
