//! `weave.yaml`: the site's settings. The file is optional and every key has a default, so a
//! folder holding only `content/` is a complete site.

use std::path::Path;

use serde::Serialize;

use crate::error::Diagnostic;
use crate::yaml::Fields;

pub const CONFIG_FILE: &str = "weave.yaml";

pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "taxonomies",
    "paginate_by",
    "compact_after",
    "entity_taxonomy",
    "related_limit",
    "feed_limit",
    "feed_full_content",
    "search",
    "search_pack",
    "highlight",
    "llms",
    "llms_full_mb",
    "social_images",
    "unresolved_links",
    "languages",
    "extra",
];

#[derive(Clone, Debug, Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// As written, normalised to end in `/`; empty when the site is served from `/`.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub taxonomies: Vec<String>,
    /// Items per listing page for sections and terms; 0 lists everything on one page.
    pub paginate_by: usize,
    /// Listing pages with summaries before the rest of a listing is listed compactly (titles
    /// and dates, `render::COMPACT_PER` to a page); 0 gives every listing page summaries.
    pub compact_after: usize,
    /// The taxonomy whose terms are entities: their first mention in a text links to them.
    /// Empty turns entity links off.
    pub entity_taxonomy: String,
    /// How many related pages each page gets.
    pub related_limit: usize,
    /// Entries in `atom.xml`.
    pub feed_limit: usize,
    /// Whole pages in the feed rather than summaries.
    pub feed_full_content: bool,
    /// Write a search index (`pagefind/`) for the theme's search box.
    pub search: bool,
    /// Pages whose search fragments share a file (Pagefind's fragment groups): fewer files for
    /// hosts that cap them, a little more fetched per result shown. 1 writes one per page.
    pub search_pack: usize,
    /// Highlight fenced code at build time (`markdown/highlight.rs`); on unless turned off.
    pub highlight: bool,
    /// Write `llms.txt`, `llms-full.txt` and a markdown twin of every page (`publish::llms`).
    pub llms: bool,
    /// The most megabytes `llms-full.txt` holds (`publish::llms::full`); 0 for no limit.
    pub llms_full_mb: usize,
    /// Draw an Open Graph image for every page (`publish::social`); off by default, as a first
    /// build draws one per page.
    pub social_images: bool,
    /// What a wikilink naming no note is: `warning` (vaults link to notes not written yet)
    /// or `error`.
    #[serde(skip)]
    pub unresolved_links: crate::error::Severity,
    /// Read from a Zola or Hugo site's own configuration (no weave.yaml): its templates, but
    /// for its shortcodes, are that tool's and are not used.
    #[serde(skip)]
    pub imported: bool,
    /// Every language of a multilingual site, the default first; empty for one language.
    pub languages: Vec<crate::languages::Language>,
    /// `rtl` when `language` is written right to left, else `ltr`.
    pub direction: &'static str,
    /// Where this language's site sits under the site's base path: empty for the default
    /// language, `fr/` for the others.
    pub language_prefix: String,
    /// Each language's own settings, as written under `languages:`.
    #[serde(skip)]
    pub language_settings: std::collections::BTreeMap<String, serde_yaml::Mapping>,
    /// The whole file as written, which each language's settings are laid over.
    #[serde(skip)]
    pub written: serde_yaml::Mapping,
    pub extra: serde_json::Value,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Untitled site".into(),
            description: String::new(),
            base_url: String::new(),
            language: "en".into(),
            theme: "default".into(),
            taxonomies: vec!["topics".into(), "entities".into(), "tags".into()],
            paginate_by: 10,
            compact_after: 10,
            search_pack: 4,
            entity_taxonomy: "entities".into(),
            related_limit: 5,
            feed_limit: 20,
            feed_full_content: false,
            search: true,
            highlight: true,
            llms: true,
            llms_full_mb: 20,
            social_images: false,
            unresolved_links: crate::error::Severity::Warning,
            imported: false,
            languages: Vec::new(),
            direction: "ltr",
            language_prefix: String::new(),
            language_settings: Default::default(),
            written: Default::default(),
            extra: serde_json::Value::Object(Default::default()),
        }
    }
}

impl Config {
    /// Reads `root/weave.yaml` if present. Returns the config and any warnings (unknown keys).
    pub fn load(root: &Path) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                vec![
                    Diagnostic::error("the configuration is not valid UTF-8")
                        .in_file(CONFIG_FILE)
                        .help("save weave.yaml as UTF-8"),
                ]
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A Zola or Hugo site brings its own configuration.
                if let Some(imported) = crate::config_import::import(root).map_err(|d| vec![d])? {
                    let (mut config, mut warnings) = Config::parse(&imported.yaml)?;
                    config.imported = true;
                    warnings.push(imported.note());
                    return Ok((config, warnings));
                }
                String::new()
            }
            Err(e) => {
                return Err(vec![
                    Diagnostic::error(format!("cannot read the configuration: {e}"))
                        .in_file(CONFIG_FILE),
                ]);
            }
        };
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let file = Path::new(CONFIG_FILE);
        let fields = Fields::parse(file, text, 1).map_err(|d| vec![d])?;
        let mut errors = Vec::new();
        let mut config = Config::default();
        let mut take = |r: Result<Option<String>, Diagnostic>, slot: &mut String| match r {
            Ok(Some(v)) => *slot = v,
            Ok(None) => {}
            Err(d) => errors.push(d),
        };
        take(fields.get("title", "text"), &mut config.title);
        take(fields.get("description", "text"), &mut config.description);
        take(fields.get("base_url", "a URL"), &mut config.base_url);
        take(
            fields.get("language", "a language code like `en`"),
            &mut config.language,
        );
        take(
            fields.get("theme", "a theme folder name"),
            &mut config.theme,
        );
        if fields.contains("taxonomies") {
            match fields.string_list("taxonomies") {
                Ok(list) => config.taxonomies = list,
                Err(d) => errors.push(d),
            }
        }
        for (key, expected, slot) in [
            (
                "paginate_by",
                "a whole number (0 for no pagination)",
                &mut config.paginate_by,
            ),
            (
                "compact_after",
                "a whole number (0 for never)",
                &mut config.compact_after,
            ),
            ("related_limit", "a whole number", &mut config.related_limit),
            ("feed_limit", "a whole number", &mut config.feed_limit),
            (
                "llms_full_mb",
                "a whole number of megabytes (0 for no limit)",
                &mut config.llms_full_mb,
            ),
        ] {
            match fields.get::<usize>(key, expected) {
                Ok(Some(n)) => *slot = n,
                Ok(None) => {}
                Err(d) => errors.push(d),
            }
        }
        match fields.get::<usize>("search_pack", "a whole number, 1 or more") {
            Ok(Some(0)) => errors.push(
                Diagnostic::error("`search_pack` must be 1 or more, found 0")
                    .in_file(fields.file())
                    .at_line(fields.line_of("search_pack"))
                    .help("1 writes each page's search fragment in a file of its own"),
            ),
            Ok(Some(n)) => config.search_pack = n,
            Ok(None) => {}
            Err(d) => errors.push(d),
        }
        for (key, slot) in [
            ("feed_full_content", &mut config.feed_full_content),
            ("search", &mut config.search),
            ("highlight", &mut config.highlight),
            ("llms", &mut config.llms),
            ("social_images", &mut config.social_images),
        ] {
            match fields.get::<bool>(key, "`true` or `false`") {
                Ok(Some(b)) => *slot = b,
                Ok(None) => {}
                Err(d) => errors.push(d),
            }
        }
        match fields.get::<String>("unresolved_links", "`warning` or `error`") {
            Ok(Some(v)) if v == "warning" => {}
            Ok(Some(v)) if v == "error" => config.unresolved_links = crate::error::Severity::Error,
            Ok(Some(v)) => errors.push(
                Diagnostic::error(format!("`unresolved_links` must be `warning` or `error`, found `{v}`"))
                    .in_file(file)
                    .at_line(fields.line_of("unresolved_links"))
                    .help("write `unresolved_links: error` to stop a build on a wikilink that names no note"),
            ),
            Ok(None) => {}
            Err(d) => errors.push(d),
        }
        match fields.mapping("extra") {
            Ok(Some(v)) => config.extra = v,
            Ok(None) => {}
            Err(d) => errors.push(d),
        }
        for (i, name) in config.taxonomies.iter().enumerate() {
            if crate::slug::slugify(name) != *name {
                errors.push(
                    Diagnostic::error(format!("taxonomy name `{name}` is not a URL-safe name"))
                        .in_file(file)
                        .at_line(fields.line_of("taxonomies"))
                        .help(format!(
                            "use lower-case letters, digits and `-`, like `{}`",
                            crate::slug::slugify(name)
                        )),
                );
            } else if config.taxonomies[..i].contains(name) {
                errors.push(
                    Diagnostic::error(format!("taxonomy `{name}` is declared twice"))
                        .in_file(file)
                        .at_line(fields.line_of("taxonomies")),
                );
            }
        }
        if !config.taxonomies.contains(&config.entity_taxonomy)
            && !fields.contains("entity_taxonomy")
        {
            // The default names a taxonomy this site does not have: no entity links.
            config.entity_taxonomy.clear();
        }
        if !config.entity_taxonomy.is_empty()
            && !config.taxonomies.contains(&config.entity_taxonomy)
        {
            errors.push(
                Diagnostic::error(format!("entity_taxonomy `{}` is not one of the taxonomies", config.entity_taxonomy))
                    .in_file(file)
                    .at_line(fields.line_of("entity_taxonomy"))
                    .help("name one of `taxonomies`, or write `entity_taxonomy: \"\"` to turn entity links off"),
            );
        }
        if let Err(d) = config.set_base_url(&config.base_url.clone()) {
            errors.push(d.in_file(file).at_line(fields.line_of("base_url")));
        }
        config.direction = crate::languages::direction(&config.language);
        let mut language_warnings = Vec::new();
        match crate::languages::settings::parse(&fields, &config.language) {
            Ok((languages, settings, warnings)) => {
                config.languages = languages;
                config.language_settings = settings;
                language_warnings = warnings;
            }
            Err(d) => errors.extend(d),
        }
        config.written = fields.mapping_as_written();
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut warnings = fields.unknown_keys(KNOWN_KEYS);
        warnings.extend(language_warnings);
        Ok((config, warnings))
    }

    /// Sets and normalises the base URL (`--base-url` overrides the file).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        let url = url.trim();
        if url.is_empty() {
            self.base_url = String::new();
            return Ok(());
        }
        let valid = (url.starts_with("http://") || url.starts_with("https://"))
            && url
                .split("://")
                .nth(1)
                .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
        if !valid && !url.starts_with('/') {
            return Err(Diagnostic::error(format!("base_url `{url}` is not an absolute URL"))
                .help("write it like `https://example.org/` or `https://example.org/sub/path/`, or a path like `/sub/path/`"));
        }
        self.base_url = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        Ok(())
    }

    /// The path the whole site starts with, every language's: `base_path` without this
    /// language's prefix. Theme files live there once for all languages.
    pub fn site_base_path(&self) -> String {
        let base = self.base_path();
        base.strip_suffix(&self.language_prefix)
            .unwrap_or(&base)
            .to_string()
    }

    /// True when the site is built in more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The path every site URL starts with: `/` or `/sub/path/`.
    pub fn base_path(&self) -> String {
        let after_host = match self.base_url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
            None if self.base_url.is_empty() => "/",
            None => &self.base_url,
        };
        after_host.to_string()
    }

    /// The scheme and host, without a trailing slash; empty without a full base URL.
    pub fn origin(&self) -> &str {
        match self.base_url.split_once("://") {
            Some((_, rest)) => {
                let host_len = rest.find('/').unwrap_or(rest.len());
                let scheme_len = self.base_url.len() - rest.len();
                &self.base_url[..scheme_len + host_len]
            }
            None => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_and_origin_split_the_url() {
        let (mut c, _) = Config::parse("base_url: https://example.org/explainer").unwrap();
        assert_eq!(c.base_path(), "/explainer/");
        assert_eq!(c.origin(), "https://example.org");
        c.set_base_url("").unwrap();
        assert_eq!(c.base_path(), "/");
        assert_eq!(c.origin(), "");
    }

    #[test]
    fn wrong_types_name_the_key() {
        let errs = Config::parse("title: x\npaginate_by: many\n")
            .err()
            .unwrap();
        assert!(errs[0].message.contains("`paginate_by`"), "{:?}", errs[0]);
        assert_eq!(errs[0].line, Some(2));
        let errs = Config::parse("title: x\n\nsearch_pack: 0\n").err().unwrap();
        assert!(errs[0].message.contains("`search_pack`"), "{:?}", errs[0]);
        assert_eq!(errs[0].line, Some(3));
    }
}
