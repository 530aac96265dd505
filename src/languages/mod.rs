//! A site in several languages. `weave.yaml` names a default language (`language:`) and the
//! others (`languages:`, each with its own title, description and any other setting); each
//! language is built as a site of its own (`pipeline::languages`), the default at the base
//! path and every other under `/<code>/`, and the pages that translate each other are paired
//! (`translations.rs`) for `hreflang`, the language switcher and the sitemap.
//!
//! Which language a file is in (`scope.rs`): a folder per language (`content/fr/...`), as
//! Hugo's `contentDir` and real vaults lay them out, or a suffix (`foo.fr.md` beside `foo.md`),
//! as Zola and Hugo name them.

pub mod dates;
pub mod i18n;
pub mod scope;
pub mod settings;
pub mod stale;
pub mod translations;

use serde::Serialize;

pub use scope::Scope;

/// One language of the site, as templates see it (`config.languages`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Language {
    /// `en`, `pt-BR`.
    pub code: String,
    /// Its own name for itself (`Français`), for the language switcher.
    pub name: String,
    /// `rtl` for scripts written right to left, else `ltr`.
    pub direction: &'static str,
}

impl Language {
    pub fn new(code: &str, name: Option<String>) -> Language {
        Language {
            code: code.to_string(),
            name: name.unwrap_or_else(|| native_name(code).to_string()),
            direction: direction(code),
        }
    }
}

/// `rtl` for Arabic, Hebrew, Persian, Urdu and the other languages written right to left.
pub fn direction(code: &str) -> &'static str {
    match primary(code) {
        "ar" | "he" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv" | "ku" | "ckb" => "rtl",
        _ => "ltr",
    }
}

/// The language part of a tag: `pt` of `pt-BR`.
pub fn primary(code: &str) -> &str {
    code.split(['-', '_']).next().unwrap_or(code)
}

/// What a language calls itself, for the switcher; its code when weave does not know it.
pub fn native_name(code: &str) -> &str {
    match primary(code) {
        "ar" => "العربية",
        "de" => "Deutsch",
        "en" => "English",
        "es" => "Español",
        "fa" => "فارسی",
        "fr" => "Français",
        "he" => "עברית",
        "hi" => "हिन्दी",
        "id" => "Bahasa Indonesia",
        "it" => "Italiano",
        "ja" => "日本語",
        "ko" => "한국어",
        "nl" => "Nederlands",
        "pl" => "Polski",
        "pt" => "Português",
        "ru" => "Русский",
        "sv" => "Svenska",
        "tr" => "Türkçe",
        "uk" => "Українська",
        "ur" => "اردو",
        "vi" => "Tiếng Việt",
        "zh" => "中文",
        _ => code,
    }
}

/// True for a language tag weave accepts: two or three letters, then `-` parts.
pub fn is_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Languages whose words are not separated by spaces and are segmented by a dictionary for
/// the search index.
pub fn needs_segmenting(code: &str) -> bool {
    matches!(primary(code), "zh" | "ja")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_languages_are_known_by_their_primary_tag() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("fa-IR"), "rtl");
        assert_eq!(direction("he"), "rtl");
        assert_eq!(direction("ur"), "rtl");
        assert_eq!(direction("fr"), "ltr");
        assert_eq!(direction("zh-Hans"), "ltr");
    }

    #[test]
    fn codes_are_language_tags() {
        assert!(is_code("en"));
        assert!(is_code("pt-BR"));
        assert!(is_code("zh-Hans"));
        assert!(!is_code("English"));
        assert!(!is_code("e"));
        assert!(!is_code("fr/"));
    }
}
