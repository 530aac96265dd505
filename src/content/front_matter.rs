//! Front matter: the YAML block between two `---` lines at the top of a content file.
//!
//! `split` (`content::fences`) finds the block; `parse` turns it into a `FrontMatter` with every wrong type reported
//! as an error naming the key and its line, and every unknown key as a warning.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use crate::content::claims::{self, ClaimEntry, ClaimForm};
pub use crate::content::date::Date;
pub use crate::content::fences::{Format, Split, split};
use crate::content::formats;
pub use crate::content::keys::KeySet;
use crate::content::keys::{LISTING_KEYS, base_keys};
use crate::error::Diagnostic;
use crate::yaml::Fields;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    Date,
    Weight,
    Title,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub slug: Option<String>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub template: Option<String>,
    /// Other addresses (`/old/url/`, redirected) and other names of the page (`Attention`,
    /// which wikilinks may use and which redirect too), as written.
    pub aliases: Vec<String>,
    /// The page's own URL path (`permalink: /guide/start/`), as written.
    pub permalink: Option<String>,
    /// Classes for the page's article (`cssclasses`).
    pub cssclasses: Vec<String>,
    /// Taxonomy name to the terms this page names, as written.
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub extra: serde_json::Value,
    pub sort_by: Option<SortBy>,
    pub paginate_by: Option<usize>,
    /// Claims this page defines (term pages) or cites (pages).
    pub claims: Vec<ClaimEntry>,
    /// False turns off linking the first mention of each entity in the text.
    pub entity_links: bool,
    /// Other names a term goes by ("Facebook" for Meta), for entity links.
    pub also_known_as: Vec<String>,
    /// Line of each top-level key, for errors found by later stages.
    pub key_lines: HashMap<String, usize>,
    /// Pairs this page with its translations when their paths differ.
    pub translation_key: Option<String>,
    /// The page's own Open Graph image: an address, a path from the site's root, or a file
    /// beside the page.
    pub og_image: Option<String>,
    /// When the file last changed (`content::file_dates`): not written by the author.
    pub changed: Option<Date>,
}

impl FrontMatter {
    /// The date a page shows as "updated": `updated:`, else, for a page without `date:`, when
    /// its file last changed. Feeds and sitemaps use it too.
    pub fn updated_or_changed(&self) -> Option<&Date> {
        self.updated.as_ref().or_else(|| {
            self.date
                .is_none()
                .then_some(self.changed.as_ref())
                .flatten()
        })
    }
}

/// Parses the front matter of `file`. `taxonomies` are the configured taxonomy names.
pub fn parse(
    file: &Path,
    split: &Split<'_>,
    keys: KeySet,
    taxonomies: &[String],
) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
    let fields = match split.format {
        Format::Yaml => Fields::parse(file, split.front, split.front_line),
        Format::Toml => formats::toml_fields(file, split.front, split.front_line),
        Format::Json => formats::json_fields(file, split.front, split.front_line),
    }
    .map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let mut fm = FrontMatter {
        extra: serde_json::Value::Object(Default::default()),
        ..FrontMatter::default()
    };
    fm.title = take(&mut errors, fields.get("title", "text")).unwrap_or_default();
    fm.description = take(&mut errors, fields.get("description", "text"));
    fm.slug = take(&mut errors, fields.get("slug", "text"));
    fm.entity_links = take(&mut errors, flag(&fields, "entity_links")).unwrap_or(true);
    // Not published (`publish: false`, Obsidian Publish's and Quartz's key) is a draft.
    fm.draft = take(&mut errors, flag(&fields, "draft")).unwrap_or(false)
        || !take(&mut errors, flag(&fields, "publish")).unwrap_or(true);
    // Zola's `path` and Hugo's `url` name the page's URL as `permalink` does.
    for key in ["permalink", "path", "url"] {
        if fm.permalink.is_none() {
            fm.permalink = take(
                &mut errors,
                fields.get(key, "a URL path like `/guide/start/`"),
            );
        }
    }
    for key in ["cssclasses", "cssclass"] {
        fm.cssclasses
            .extend(take(&mut errors, fields.string_list(key).map(Some)).unwrap_or_default());
    }
    fm.weight = take(&mut errors, fields.get("weight", "a whole number"));
    fm.og_image = take(
        &mut errors,
        fields.get("og_image", "an image's address or path, like `cover.png`"),
    );
    for key in ["translation_key", "translationKey"] {
        if fm.translation_key.is_none() {
            fm.translation_key = take(&mut errors, fields.get(key, "text"));
        }
    }
    // Hugo's `layout` names the page's template too.
    for key in ["template", "layout"] {
        if fm.template.is_none() {
            fm.template = take(
                &mut errors,
                fields.get(key, "a template file name like `page.html`"),
            );
        }
    }
    let mut early_warnings = Vec::new();
    for key in ["aliases", "alias"] {
        match fields.string_list(key) {
            Ok(list) => fm.aliases.extend(list),
            // Sites give `alias` meanings of their own (Hugo's docs: `alias: true`).
            Err(d) if key == "alias" => {
                early_warnings.push(d.with_severity(crate::error::Severity::Warning))
            }
            Err(d) => errors.push(d),
        }
    }
    fm.aliases.retain(|a| !a.trim().is_empty());
    // Zola's `[extra]` and Hugo's `params`: the author's own values.
    for key in ["extra", "params"] {
        if let Some(extra) = take(&mut errors, fields.mapping(key)) {
            fm.extra = extra;
            break;
        }
    }
    // Hugo's `publishDate` and `lastmod` stand in for `date` and `updated` when those are not
    // written; each is checked as a date.
    for key in ["date", "updated", "publishDate", "lastmod"] {
        let Some(text) = take(
            &mut errors,
            fields.get::<String>(key, "a date like `2024-07-23`"),
        ) else {
            continue;
        };
        match Date::parse(&text) {
            Some(d) if matches!(key, "date" | "publishDate") => {
                if key == "date" || fm.date.is_none() {
                    fm.date = Some(d);
                }
            }
            Some(d) => {
                if key == "updated" || fm.updated.is_none() {
                    fm.updated = Some(d);
                }
            }
            None => errors.push(
                Diagnostic::error(format!("`{key}` is not a date: `{text}`"))
                    .in_file(file)
                    .at_line(fields.line_of(key))
                    .help("write dates as `2024-07-23` or `2024-07-23T10:00:00Z`"),
            ),
        }
    }
    let mut warnings = early_warnings;
    // Obsidian's dates stand in for weave's when those are not written. One that cannot be
    // read is left out with a warning: vaults hold all kinds of dates there.
    for (key, slot) in [("created", &mut fm.date), ("modified", &mut fm.updated)] {
        let Ok(Some(text)) = fields.get::<String>(key, "a date") else {
            continue;
        };
        match Date::parse(&text) {
            Some(d) => {
                slot.get_or_insert(d);
            }
            None => warnings.push(
                Diagnostic::warning(format!("`{key}` is not a date weave reads: `{text}`"))
                    .in_file(file)
                    .at_line(fields.line_of(key))
                    .help("write dates as `2024-07-23` or `2024-07-23T10:00`; the page is built without it"),
            ),
        }
    }
    let mut known = base_keys();
    let mut claims = None;
    match keys {
        KeySet::Listing => {
            known.extend(LISTING_KEYS);
            fm.sort_by = take(
                &mut errors,
                fields.get("sort_by", "one of `date`, `weight`, `title`"),
            );
            fm.paginate_by = take(
                &mut errors,
                fields.get("paginate_by", "a whole number (0 for no pagination)"),
            );
        }
        KeySet::Page => {
            known.push("claims");
            claims = Some(ClaimForm::Citation);
            for name in taxonomies {
                known.push(name);
                if let Some(terms) = take(&mut errors, fields.string_list(name).map(Some)) {
                    let terms = terms_of(terms);
                    if !terms.is_empty() {
                        fm.taxonomies.insert(name.clone(), terms);
                    }
                }
            }
            // Zola writes them in a table: `[taxonomies]` with `tags = ["a"]`.
            if let Some(table) = take(&mut errors, fields.mapping("taxonomies")) {
                warnings.extend(zola_taxonomies(
                    &table,
                    taxonomies,
                    &mut fm,
                    file,
                    fields.line_of("taxonomies"),
                ));
            }
        }
        KeySet::Term => {
            known.extend(["claims", "also_known_as"]);
            claims = Some(ClaimForm::Definition);
            fm.also_known_as = take(&mut errors, fields.string_list("also_known_as").map(Some))
                .unwrap_or_default();
        }
    }
    if let Some(form) = claims {
        match claims::parse(&fields, form) {
            Ok((entries, w)) => {
                fm.claims = entries;
                warnings.extend(w);
            }
            Err(e) => errors.extend(e),
        }
    }
    // A page without a title takes one from its text or name (`content::load_one`).
    if !errors.is_empty() {
        return Err(errors);
    }
    fm.key_lines = fields
        .keys()
        .into_iter()
        .map(|k| {
            let line = fields.line_of(&k);
            (k, line)
        })
        .collect();
    warnings.extend(fields.unknown_keys(&known));
    Ok((fm, warnings))
}

/// The terms of Zola's `[taxonomies]` table that the site has taxonomies for; a warning for
/// each name it does not.
fn zola_taxonomies(
    table: &serde_json::Value,
    taxonomies: &[String],
    fm: &mut FrontMatter,
    file: &Path,
    line: usize,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let Some(entries) = table.as_object() else {
        return warnings;
    };
    for (name, value) in entries {
        if !taxonomies.contains(name) {
            warnings.push(
                Diagnostic::warning(format!(
                    "`{name}` in `[taxonomies]` is not one of the site's taxonomies"
                ))
                .in_file(file)
                .at_line(line)
                .help(format!(
                    "the site's taxonomies are: {}; add it to `taxonomies` in weave.yaml to use it",
                    taxonomies.join(", ")
                )),
            );
            continue;
        }
        let written: Vec<String> = match value {
            serde_json::Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect(),
            serde_json::Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        };
        let terms = terms_of(written);
        if !terms.is_empty() {
            fm.taxonomies.entry(name.clone()).or_default().extend(terms);
        }
    }
    warnings
}

/// Terms as written: a list, or one string of comma-separated terms (`tags: a, b`), trimmed of
/// white space and of an Obsidian tag's `#`.
fn terms_of(written: Vec<String>) -> Vec<String> {
    let split = |t: String| -> Vec<String> {
        if t.contains(',') {
            t.split(',').map(str::to_string).collect()
        } else {
            vec![t]
        }
    };
    let single = written.len() == 1;
    written
        .into_iter()
        .flat_map(|t| if single { split(t) } else { vec![t] })
        .map(|t| t.trim().trim_start_matches('#').trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// A `true`/`false` key; the text `"true"` or `"false"`, which property editors write, is
/// read as the same.
fn flag(fields: &Fields<'_>, key: &str) -> Result<Option<bool>, Diagnostic> {
    match fields.raw(key) {
        Some(serde_yaml::Value::String(s)) if s.trim().eq_ignore_ascii_case("true") => {
            Ok(Some(true))
        }
        Some(serde_yaml::Value::String(s)) if s.trim().eq_ignore_ascii_case("false") => {
            Ok(Some(false))
        }
        _ => fields.get(key, "`true` or `false`"),
    }
}

/// The value of a typed field, recording its error (if any) and carrying on.
fn take<T>(errors: &mut Vec<Diagnostic>, r: Result<Option<T>, Diagnostic>) -> Option<T> {
    r.unwrap_or_else(|d| {
        errors.push(d);
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_accept_plain_and_rfc3339() {
        assert!(Date::parse("2023-07-18").is_some());
        assert!(Date::parse("2023-07-18T10:00:00+02:00").is_some());
        assert!(Date::parse("July 2023").is_none());
    }
}
