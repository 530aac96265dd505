//! A Zola or Hugo site's own configuration, read when the site has no `weave.yaml`: Zola's
//! `config.toml`, Hugo's `hugo.toml` (or its older `config.toml`). What maps to weave's keys
//! (title, description, base URL, language, taxonomies, pagination) is turned into the
//! `weave.yaml` it amounts to, which the build reads as its own and `weave init --from` writes;
//! the rest is named in one note, so nothing is left out silently.

use std::path::Path;

use crate::error::Diagnostic;

/// What was read from another tool's configuration.
#[derive(Debug, PartialEq)]
pub struct Imported {
    /// The file and the tool it is for: `config.toml (Zola)`.
    pub from: String,
    /// The equivalent `weave.yaml`.
    pub yaml: String,
    /// The keys taken, and those left (no counterpart in weave), as written.
    pub took: Vec<String>,
    pub left: Vec<String>,
}

impl Imported {
    /// The one note a build prints about it.
    pub fn note(&self) -> Diagnostic {
        let left = if self.left.is_empty() {
            "nothing".to_string()
        } else {
            self.left.join(", ")
        };
        Diagnostic::note(format!(
            "no weave.yaml: read {} and took {}; left {left}",
            self.from,
            self.took.join(", ")
        ))
        .help("`weave init --from .` writes the equivalent weave.yaml, to switch for good")
    }
}

/// The site's Zola or Hugo configuration in `root`, if it has one.
pub fn import(root: &Path) -> Result<Option<Imported>, Diagnostic> {
    // Hugo reads `hugo.yaml` as well as TOML (Docsy's sites write it); Zola only TOML.
    for name in ["hugo.toml", "hugo.yaml", "config.toml"] {
        let path = root.join(name);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let help = "weave reads this file because the site has no weave.yaml; fix it, or write a weave.yaml";
        let table: toml::Table = if name.ends_with(".yaml") {
            let yaml: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| {
                Diagnostic::error(format!("invalid YAML: {e}"))
                    .in_file(name)
                    .help(help)
            })?;
            yaml_to_table(yaml)
        } else {
            toml::from_str(&text).map_err(|e| {
                Diagnostic::error(format!("invalid TOML: {}", e.message().trim()))
                    .in_file(name)
                    .help(help)
            })?
        };
        let hugo = name.starts_with("hugo.")
            || table.contains_key("baseURL")
            || table.contains_key("baseurl")
            || table.contains_key("languageCode");
        return Ok(Some(if hugo {
            from_hugo(name, &table)
        } else {
            from_zola(name, &table)
        }));
    }
    Ok(None)
}

/// A YAML scalar: quoted, so any text stays text.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

struct Builder {
    yaml: String,
    took: Vec<String>,
}

impl Builder {
    fn text(&mut self, key: &str, written: &str, value: Option<&toml::Value>) {
        if let Some(v) = value.and_then(toml::Value::as_str) {
            self.yaml.push_str(&format!("{key}: {}\n", quoted(v)));
            self.took.push(written.to_string());
        }
    }

    fn number(&mut self, key: &str, written: &str, value: Option<&toml::Value>) {
        if let Some(n) = value.and_then(toml::Value::as_integer) {
            self.yaml.push_str(&format!("{key}: {n}\n"));
            self.took.push(written.to_string());
        }
    }

    /// `[languages.<code>]` tables: each language's title and description, and its name
    /// (Hugo's `languageName`), under `languages:`.
    fn languages(&mut self, table: Option<&toml::Value>) {
        let Some(languages) = table.and_then(toml::Value::as_table) else {
            return;
        };
        self.yaml.push_str("languages:\n");
        for (code, own) in languages {
            let field = |keys: &[&str]| {
                keys.iter().find_map(|k| {
                    k.split('.')
                        .try_fold(own, |v, part| v.get(part))
                        .and_then(toml::Value::as_str)
                })
            };
            let mut settings = Vec::new();
            for (key, from) in [
                ("name", &["languageName", "label"][..]),
                ("title", &["title"]),
                ("description", &["description", "params.description"]),
            ] {
                if let Some(v) = field(from) {
                    settings.push(format!("{key}: {}", quoted(v)));
                }
            }
            self.yaml.push_str(&format!(
                "  {}: {{ {} }}\n",
                quoted(code),
                settings.join(", ")
            ));
        }
        self.took.push("languages".to_string());
    }

    fn taxonomies(&mut self, written: &str, names: &[String]) {
        let listed: Vec<String> = names.iter().map(|n| quoted(n)).collect();
        self.yaml
            .push_str(&format!("taxonomies: [{}]\n", listed.join(", ")));
        self.took.push(written.to_string());
    }
}

/// A YAML configuration as the TOML table the readers below take; values TOML cannot hold
/// (nulls) are left out.
fn yaml_to_table(yaml: serde_yaml::Value) -> toml::Table {
    fn convert(v: serde_yaml::Value) -> Option<toml::Value> {
        use serde_yaml::Value as Y;
        Some(match v {
            Y::Null => return None,
            Y::Bool(b) => toml::Value::Boolean(b),
            Y::Number(n) => match n.as_i64() {
                Some(i) => toml::Value::Integer(i),
                None => toml::Value::Float(n.as_f64()?),
            },
            Y::String(s) => toml::Value::String(s),
            Y::Sequence(items) => {
                toml::Value::Array(items.into_iter().filter_map(convert).collect())
            }
            Y::Mapping(m) => toml::Value::Table(
                m.into_iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_string(), convert(v)?)))
                    .collect(),
            ),
            Y::Tagged(t) => return convert(t.value),
        })
    }
    match convert(yaml) {
        Some(toml::Value::Table(t)) => t,
        _ => toml::Table::new(),
    }
}

fn from_zola(file: &str, table: &toml::Table) -> Imported {
    let mut b = Builder {
        yaml: String::new(),
        took: Vec::new(),
    };
    b.text("title", "title", table.get("title"));
    b.text("description", "description", table.get("description"));
    b.text("base_url", "base_url", table.get("base_url"));
    b.text(
        "language",
        "default_language",
        table.get("default_language"),
    );
    if let Some(list) = table.get("taxonomies").and_then(toml::Value::as_array) {
        let names: Vec<String> = list
            .iter()
            .filter_map(|t| t.get("name").and_then(toml::Value::as_str))
            .map(str::to_string)
            .collect();
        b.taxonomies("taxonomies", &names);
    }
    // Zola names translations `page.fr.md`, as weave does.
    b.languages(table.get("languages"));
    let taken = [
        "title",
        "description",
        "base_url",
        "default_language",
        "taxonomies",
        "languages",
    ];
    finish(format!("{file} (Zola)"), b, table, &taken)
}

fn from_hugo(file: &str, table: &toml::Table) -> Imported {
    let mut b = Builder {
        yaml: String::new(),
        took: Vec::new(),
    };
    b.text("title", "title", table.get("title"));
    let params = table.get("params").and_then(toml::Value::as_table);
    b.text(
        "description",
        "params.description",
        params.and_then(|p| p.get("description")),
    );
    let base = table.get("baseURL").or_else(|| table.get("baseurl"));
    b.text("base_url", "baseURL", base);
    // On a multilingual site the default's code is the one its files and `[languages]` use.
    let (written, code) = match table.get("defaultContentLanguage") {
        Some(c) if table.contains_key("languages") => ("defaultContentLanguage", Some(c)),
        _ => (
            "languageCode",
            table
                .get("languageCode")
                .or_else(|| table.get("defaultContentLanguage")),
        ),
    };
    b.text("language", written, code);
    // Hugo names translations `page.fr.md` or keeps them in `content/fr/`, as weave reads them.
    b.languages(table.get("languages"));
    // Hugo's taxonomies map a singular to a plural (`tag = "tags"`); the plural is the URL and
    // the front-matter key. Without the table, Hugo has tags and categories.
    let names: Vec<String> = match table.get("taxonomies").and_then(toml::Value::as_table) {
        Some(t) => t
            .values()
            .filter_map(toml::Value::as_str)
            .map(str::to_string)
            .collect(),
        None => vec!["tags".into(), "categories".into()],
    };
    b.taxonomies("taxonomies", &names);
    let pager = table
        .get("pagination")
        .and_then(|p| p.get("pagerSize"))
        .or_else(|| table.get("paginate"));
    b.number("paginate_by", "pagination.pagerSize", pager);
    let taken = [
        "title",
        "baseURL",
        "baseurl",
        "languageCode",
        "defaultContentLanguage",
        "taxonomies",
        "pagination",
        "paginate",
        "languages",
    ];
    finish(format!("{file} (Hugo)"), b, table, &taken)
}

fn finish(from: String, b: Builder, table: &toml::Table, taken: &[&str]) -> Imported {
    let mut left: Vec<String> = table
        .keys()
        .filter(|k| !taken.contains(&k.as_str()))
        .cloned()
        .collect();
    left.sort();
    Imported {
        yaml: format!("# From {}, by weave.\n{}", from_file(&from), b.yaml),
        from,
        took: b.took,
        left,
    }
}

fn from_file(from: &str) -> &str {
    from.split(' ').next().unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zola_and_hugo_settings_become_weaves() {
        let zola: toml::Table = toml::from_str(
            "base_url = \"https://x.org\"\ntitle = \"Z\"\ncompile_sass = true\ntaxonomies = [{ name = \"tags\" }, { name = \"authors\" }]\n",
        )
        .unwrap();
        let got = from_zola("config.toml", &zola);
        assert!(
            got.yaml.contains(
                "title: \"Z\"\nbase_url: \"https://x.org\"\ntaxonomies: [\"tags\", \"authors\"]\n"
            ),
            "{}",
            got.yaml
        );
        assert_eq!(got.left, ["compile_sass"]);
        let hugo: toml::Table = toml::from_str(
            "baseURL = \"https://h.org/\"\ntitle = \"H\"\n[pagination]\npagerSize = 5\n[params]\ndescription = \"D\"\n",
        )
        .unwrap();
        let got = from_hugo("hugo.toml", &hugo);
        assert!(got.yaml.contains("description: \"D\"\n"), "{}", got.yaml);
        assert!(
            got.yaml
                .contains("taxonomies: [\"tags\", \"categories\"]\n"),
            "{}",
            got.yaml
        );
        assert!(got.yaml.contains("paginate_by: 5\n"), "{}", got.yaml);
        assert_eq!(got.left, ["params"]);
    }
}
