//! Which pages of the languages' sites translate each other. An article is paired with the
//! article of the same neutral path in another language (`articles/a.md`, whether written as
//! `fr/articles/a.md` or `articles/a.fr.md`) or of the same `translation_key`; every other page
//! (home, sections, taxonomies, terms, their pagers, search, 404) with the page at the same
//! path. Each page then knows its versions: `hreflang` links, the switcher and the sitemap.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::render::{Job, all_jobs, pager_path};
use crate::site::Site;

/// One version of a page.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Alternate {
    /// The language's code (`hreflang`).
    pub code: String,
    /// The language's name for itself.
    pub name: String,
    /// Root-relative URL.
    pub url: String,
    /// Absolute when the site has a base URL with a host.
    pub permalink: String,
    /// The language's direction, for the switcher's link text.
    pub direction: &'static str,
    /// This is the page the list belongs to.
    pub current: bool,
}

/// The versions of one page, as templates see them (`translations`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Versions {
    /// Every language's version that exists, this page's among them, in the site's order of
    /// languages. Empty on a site of one language.
    pub all: Vec<Alternate>,
    /// The version for readers whose language has none (`x-default`): the default
    /// language's, else this page.
    pub x_default: Option<String>,
}

/// One language's pages, by output file (`articles/a/index.html`, `404.html`), to their versions.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Translations {
    pub by_file: HashMap<String, Arc<Versions>>,
}

impl Translations {
    pub fn of(&self, file: &str) -> Option<&Arc<Versions>> {
        self.by_file.get(file)
    }
}

/// What pairs a page with its translations: its `translation_key`; else its `permalink`, when
/// it names one (vaults published with Obsidian Publish give every language's note the same
/// permalink under a translated file name); else its neutral path.
pub fn key_of(page: &crate::site::Page) -> String {
    let front = &page.doc.front;
    match (&front.translation_key, &front.permalink) {
        (Some(k), _) => format!("key:{k}"),
        (None, Some(_)) => format!("@{}index.html", page.path),
        (None, None) => format!("source:{}", page.doc.source),
    }
}

/// The output file of a job's page, and the key it is paired by across languages.
pub fn keyed_files(site: &Site) -> Vec<(String, String)> {
    all_jobs(site)
        .into_iter()
        .map(|job| match job {
            Job::Page(i) => {
                let page = &site.pages[i];
                (format!("{}index.html", page.path), key_of(page))
            }
            Job::NotFound => ("404.html".to_string(), "@404.html".to_string()),
            other => {
                let path = match other {
                    Job::Section { index, pager } => pager_path(&site.sections[index].path, pager),
                    Job::Taxonomy(t) => site.taxonomies[t].path.clone(),
                    Job::Term {
                        taxonomy,
                        term,
                        pager,
                    } => pager_path(&site.taxonomies[taxonomy].terms[term].path, pager),
                    _ => "search/".to_string(),
                };
                let file = format!("{path}index.html");
                let key = format!("@{file}");
                (file, key)
            }
        })
        .collect()
}

/// Pairs the pages of every language's site (the default language's first); gives each
/// language its `Translations`, in the same order.
pub fn pair(sites: &[&Site]) -> Vec<Translations> {
    let keyed: Vec<Vec<(String, String)>> = sites.iter().map(|s| keyed_files(s)).collect();
    let mut groups: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
    for (lang, files) in keyed.iter().enumerate() {
        for (file, key) in files {
            groups
                .entry(key.as_str())
                .or_default()
                .push((lang, file.as_str()));
        }
    }
    let alternate = |lang: usize, file: &str, current: bool| {
        let site = sites[lang];
        let path = if file == "404.html" {
            file.to_string()
        } else {
            file.strip_suffix("index.html").unwrap_or(file).to_string()
        };
        let language = site.config.languages.get(lang);
        Alternate {
            code: site.config.language.clone(),
            name: language.map_or_else(|| site.config.language.clone(), |l| l.name.clone()),
            url: site.url(&path),
            permalink: site.permalink(&path),
            direction: site.config.direction,
            current,
        }
    };
    keyed
        .iter()
        .enumerate()
        .map(|(lang, files)| {
            let by_file = files
                .iter()
                .map(|(file, key)| {
                    let group = &groups[key.as_str()];
                    let all: Vec<Alternate> = group
                        .iter()
                        .map(|&(l, f)| alternate(l, f, l == lang))
                        .collect();
                    let x_default = all
                        .iter()
                        .find(|a| a.code == sites[0].config.language)
                        .or_else(|| all.iter().find(|a| a.current))
                        .map(|a| a.permalink.clone());
                    (file.clone(), Arc::new(Versions { all, x_default }))
                })
                .collect();
            Translations { by_file }
        })
        .collect()
}
