//! `languages:` in `weave.yaml`, and each language's configuration: the site's settings with
//! the language's own laid over them.
//!
//! ```yaml
//! language: en          # the default, published at the base path
//! languages:
//!   en: { name: English }
//!   fr: { title: "L'IA ouverte", description: "..." }
//!   ar: {}
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::config::{CONFIG_FILE, Config};
use crate::error::Diagnostic;
use crate::languages::{Language, is_code};
use crate::yaml::{Fields, describe};

/// Keys a language's settings may not change: they are the site's, or the language's own.
const SITE_WIDE: &[&str] = &["languages", "language", "base_url", "theme"];

type Parsed = (Vec<Language>, BTreeMap<String, Mapping>, Vec<Diagnostic>);

/// The languages named under `languages:` (the default first, added when not named), with
/// each one's settings; no languages when the key is absent.
pub fn parse(fields: &Fields<'_>, default: &str) -> Result<Parsed, Vec<Diagnostic>> {
    let Some(raw) = fields.raw("languages") else {
        return Ok((Vec::new(), BTreeMap::new(), Vec::new()));
    };
    let line = fields.line_of("languages");
    let at = |d: Diagnostic| d.in_file(Path::new(CONFIG_FILE)).at_line(line);
    let entries: Vec<(String, Mapping)> = match raw {
        Value::Sequence(items) => items
            .iter()
            .map(|v| match v {
                Value::String(code) => Ok((code.clone(), Mapping::new())),
                other => Err(at(Diagnostic::error(format!(
                    "`languages` lists language codes, found {}",
                    describe(other)
                ))
                .help(
                    "write `languages: [en, fr]`, or a mapping of codes to their settings",
                ))),
            })
            .collect::<Result<_, _>>()
            .map_err(|d| vec![d])?,
        Value::Mapping(map) => map
            .iter()
            .map(|(k, v)| {
                let code = k.as_str().unwrap_or_default().to_string();
                match v {
                    Value::Null => Ok((code, Mapping::new())),
                    Value::Mapping(m) => Ok((code, m.clone())),
                    other => Err(at(Diagnostic::error(format!(
                        "the settings of language `{code}` must be a mapping, found {}",
                        describe(other)
                    ))
                    .help(format!(
                        "write `{code}: {{ title: ... }}`, or `{code}: {{}}`"
                    )))),
                }
            })
            .collect::<Result<_, _>>()
            .map_err(|d| vec![d])?,
        other => {
            return Err(vec![at(Diagnostic::error(format!(
                "`languages` must be a mapping of language codes to their settings, found {}",
                describe(other)
            ))
            .help(
                "write `languages:` then indented lines like `fr: { title: ... }`",
            ))]);
        }
    };
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut languages = vec![Language::new(default, None)];
    let mut settings = BTreeMap::new();
    for (code, own) in entries {
        if !is_code(&code) {
            errors.push(at(Diagnostic::error(format!(
                "`{code}` is not a language code"
            ))
            .help(
                "name languages by their codes, like `en`, `fr`, `zh` or `pt-BR`",
            )));
            continue;
        }
        let name = own.get("name").and_then(Value::as_str).map(str::to_string);
        for key in own.keys().filter_map(Value::as_str) {
            if SITE_WIDE.contains(&key) {
                errors.push(at(Diagnostic::error(format!(
                    "`{key}` is the same for every language and cannot be set for `{code}`"
                ))
                .help(format!("move `{key}` to the top level of weave.yaml"))));
            } else if key != "name" && !crate::config::KNOWN_KEYS.contains(&key) {
                warnings.push(at(crate::yaml::unknown_key(key, crate::config::KNOWN_KEYS)
                    .with_message(format!(
                        "unknown key `{key}` in the settings of `{code}` is ignored"
                    ))));
            }
        }
        if code == default {
            languages[0] = Language::new(&code, name);
        } else if languages.iter().any(|l| l.code == code) {
            errors.push(at(Diagnostic::error(format!(
                "language `{code}` is named twice"
            ))));
            continue;
        } else {
            languages.push(Language::new(&code, name));
        }
        settings.insert(code, own);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((languages, settings, warnings))
}

impl Config {
    /// This configuration as language `code` sees it: its own settings laid over the site's,
    /// published under `/<code>/` unless it is the default.
    pub fn for_language(&self, code: &str) -> Result<Config, Vec<Diagnostic>> {
        let mut merged = self.written.clone();
        merged.remove("languages");
        if let Some(own) = self.language_settings.get(code) {
            for (k, v) in own {
                if k.as_str() != Some("name") {
                    merged.insert(k.clone(), v.clone());
                }
            }
        }
        merged.insert("language".into(), code.into());
        let text = serde_yaml::to_string(&merged).unwrap_or_default();
        let (mut config, _) = Config::parse(&text).map_err(|errors| {
            errors
                .into_iter()
                .map(|d| {
                    let message = format!("in the settings of `{code}`: {}", d.message);
                    d.with_message(message).at_line(1)
                })
                .collect::<Vec<_>>()
        })?;
        config.languages = self.languages.clone();
        config.language_settings = self.language_settings.clone();
        config.imported = self.imported;
        let default = self.languages.first().map_or(code, |l| l.code.as_str());
        if code == default {
            config.base_url = self.base_url.clone();
        } else {
            config.language_prefix = format!("{code}/");
            config.base_url = match self.base_url.as_str() {
                "" => format!("/{code}/"),
                base => format!("{base}{code}/"),
            };
        }
        Ok(config)
    }
}
