//! Front matter: the YAML block between two `---` lines at the top of a content file.
//!
//! `split` finds the block; `parse` turns it into a `FrontMatter` with every wrong type reported
//! as an error naming the key and its line, and every unknown key as a warning.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use crate::content::claims::{self, ClaimEntry, ClaimForm};
use crate::error::Diagnostic;
use crate::yaml::Fields;

/// A content file cut into its front matter and its body, with the line each starts on.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
    /// The file has no front matter at all: plain markdown.
    pub bare: bool,
}

/// Finds the front matter: a first line `---`, and the block ends at the next line that is
/// `---` (or YAML's `...`). A file that does not start with `---` is plain markdown, all body.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Ok(Split {
            yaml: "",
            yaml_line: 1,
            body: text,
            body_line: 1,
            bare: true,
        });
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let content = text[offset..end].trim_end();
        if content == "---" || content == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
                bare: false,
            });
        }
        offset = end + 1;
        line += 1;
    }
    Err(
        Diagnostic::error("the front matter opened on line 1 is never closed")
            .in_file(file)
            .at_line(1)
            .help("add a line containing only `---` after the last front-matter key"),
    )
}

/// What kind of file the front matter belongs to: it decides which keys are allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySet {
    /// An ordinary page: may name taxonomy terms.
    Page,
    /// `_index.md` of a section or taxonomy: may set listing order and size.
    Listing,
    /// A taxonomy term's own page (`content/topics/motives.md`).
    Term,
}

const COMMON_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "slug",
    "draft",
    "weight",
    "template",
    "aliases",
    "extra",
    "entity_links",
    // Obsidian's and Quartz's keys: `alias` is the older spelling of `aliases`, `publish: false`
    // keeps a note unpublished, `cssclasses` (once `cssclass`) style the note, `created` and
    // `modified` date it.
    "alias",
    "permalink",
    "publish",
    "cssclasses",
    "cssclass",
    "created",
    "modified",
];
const LISTING_KEYS: &[&str] = &["sort_by", "paginate_by"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    Date,
    Weight,
    Title,
}

/// A date as written (`2023-07-18` or RFC 3339), and the instant it names for sorting.
#[derive(Clone, Debug, PartialEq)]
pub struct Date {
    pub text: String,
    pub instant: chrono::DateTime<chrono::FixedOffset>,
}

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        // Times without a zone are read as UTC; Obsidian writes `2024-01-09T14:43` and
        // `2024-01-09 14:43`, with or without seconds.
        let naive = [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
        ]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok());
        let instant = if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            d.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset()
        } else if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
            dt
        } else if let Some(dt) = naive {
            dt.and_utc().fixed_offset()
        } else {
            return None;
        };
        Some(Date {
            text: text.to_string(),
            instant,
        })
    }

    /// RFC 3339, for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        self.instant
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
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
    let fields = Fields::parse(file, split.yaml, split.yaml_line).map_err(|d| vec![d])?;
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
    fm.permalink = take(
        &mut errors,
        fields.get("permalink", "a URL path like `/guide/start/`"),
    );
    for key in ["cssclasses", "cssclass"] {
        fm.cssclasses
            .extend(take(&mut errors, fields.string_list(key).map(Some)).unwrap_or_default());
    }
    fm.weight = take(&mut errors, fields.get("weight", "a whole number"));
    fm.template = take(
        &mut errors,
        fields.get("template", "a template file name like `page.html`"),
    );
    for key in ["aliases", "alias"] {
        fm.aliases
            .extend(take(&mut errors, fields.string_list(key).map(Some)).unwrap_or_default());
    }
    fm.aliases.retain(|a| !a.trim().is_empty());
    if let Some(extra) = take(&mut errors, fields.mapping("extra")) {
        fm.extra = extra;
    }
    for key in ["date", "updated"] {
        let Some(text) = take(
            &mut errors,
            fields.get::<String>(key, "a date like `2024-07-23`"),
        ) else {
            continue;
        };
        match Date::parse(&text) {
            Some(d) if key == "date" => fm.date = Some(d),
            Some(d) => fm.updated = Some(d),
            None => errors.push(
                Diagnostic::error(format!("`{key}` is not a date: `{text}`"))
                    .in_file(file)
                    .at_line(fields.line_of(key))
                    .help("write dates as `2024-07-23` or `2024-07-23T10:00:00Z`"),
            ),
        }
    }
    let mut warnings = Vec::new();
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
    let mut known: Vec<&str> = COMMON_KEYS.to_vec();
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
    fn split_finds_body_line() {
        let s = split(Path::new("a.md"), "---\ntitle: A\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split(Path::new("a.md"), "---\ntitle: A\nbody\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn dates_accept_plain_and_rfc3339() {
        assert!(Date::parse("2023-07-18").is_some());
        assert!(Date::parse("2023-07-18T10:00:00+02:00").is_some());
        assert!(Date::parse("July 2023").is_none());
    }
}
