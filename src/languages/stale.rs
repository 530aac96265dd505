//! Translations that fall behind: per language, the default language's pages it has no
//! version of, and the versions whose original changed after them. When a file changed is
//! its last commit's time in git, else its modification time (`content::file_dates`), so the
//! same commit gives the same answer on every machine.

use std::path::Path;

use serde::Serialize;

use crate::content::file_dates;
use crate::error::Diagnostic;
use crate::site::Site;

/// One language's standing against the default language.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Survey {
    pub language: String,
    /// Pages of the default language with no version in this one: their files.
    pub untranslated: Vec<String>,
    pub stale: Vec<Stale>,
}

/// A translation older than its original.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Stale {
    /// The translation's file, like `content/fr/articles/a.md`.
    pub file: String,
    /// When it last changed (`YYYY-MM-DD`).
    pub changed: String,
    pub original: String,
    pub original_changed: String,
}

/// Compares each other language's pages (`sites[1..]`) with the default's (`sites[0]`).
pub fn survey(root: &Path, sites: &[&Site]) -> Vec<Survey> {
    let Some((default, others)) = sites.split_first() else {
        return Vec::new();
    };
    let key = super::translations::key_of;
    let rel = |file: &Path| {
        file.strip_prefix(crate::content::CONTENT_DIR)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let shown = |file: &Path| file.to_string_lossy().replace('\\', "/");
    others
        .iter()
        .map(|site| {
            let theirs: std::collections::HashMap<String, &crate::site::Page> =
                site.pages.iter().map(|p| (key(p), p)).collect();
            let mut survey = Survey {
                language: site.config.language.clone(),
                untranslated: Vec::new(),
                stale: Vec::new(),
            };
            for original in &default.pages {
                let Some(version) = theirs.get(&key(original)) else {
                    survey.untranslated.push(shown(&original.doc.file));
                    continue;
                };
                let (Some(was), Some(now)) = (
                    file_dates::last_change(root, &rel(&original.doc.file)),
                    file_dates::last_change(root, &rel(&version.doc.file)),
                ) else {
                    continue;
                };
                if was.instant > now.instant {
                    survey.stale.push(Stale {
                        file: shown(&version.doc.file),
                        changed: now.text,
                        original: shown(&original.doc.file),
                        original_changed: was.text,
                    });
                }
            }
            survey
        })
        .collect()
}

/// The survey as notes for `weave check`: one per page, at its file.
pub fn notes(surveys: &[Survey]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in surveys {
        for file in &s.untranslated {
            out.push(
                Diagnostic::note(format!("not translated into `{}`", s.language))
                    .in_file(file)
                    .help(format!(
                        "`weave report` lists every page `{}` lacks",
                        s.language
                    )),
            );
        }
        for stale in &s.stale {
            out.push(
                Diagnostic::note(format!(
                    "the `{}` translation may be out of date: its original {} changed on {}, after it ({})",
                    s.language, stale.original, stale.original_changed, stale.changed
                ))
                .in_file(&stale.file)
                .help("bring the translation up to date with its original"),
            );
        }
    }
    out
}

/// The survey as text for `weave report`.
pub fn to_text(surveys: &[Survey]) -> String {
    let mut out = String::new();
    for s in surveys {
        out.push_str(&format!(
            "Translations into {} ({} missing, {} out of date)\n",
            s.language,
            s.untranslated.len(),
            s.stale.len()
        ));
        for file in &s.untranslated {
            out.push_str(&format!("  missing: {file}\n"));
        }
        for stale in &s.stale {
            out.push_str(&format!(
                "  out of date: {} ({}), original {} ({})\n",
                stale.file, stale.changed, stale.original, stale.original_changed
            ));
        }
    }
    out
}
