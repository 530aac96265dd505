//! Which files of `content/` one language's site is made of, and the language-neutral path each
//! goes by there. `content/fr/articles/a.md` and `content/articles/a.fr.md` are both the French
//! `articles/a.md`; `content/en/articles/a.md` (the default language's folder) and
//! `content/articles/a.md` are the default's. Links, URLs and translations all use the neutral
//! path, so a French page's `[x](b.md)` names the French `b.md`.
//!
//! Files that are not markdown belong to the language whose folder holds them; those in no
//! language's folder are shared, and every language publishes them beside its pages.

/// One language's view of `content/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// This language's code.
    pub code: String,
    /// The default language's code.
    pub default: String,
    /// Every configured language's code, the default first.
    pub codes: Vec<String>,
}

impl Scope {
    pub fn is_default(&self) -> bool {
        self.code == self.default
    }

    /// The language of a markdown file at `rel` (inside `content/`) and its neutral path.
    pub fn place<'a>(&'a self, rel: &str) -> (&'a str, String) {
        if let Some((first, rest)) = rel.split_once('/')
            && let Some(code) = self.codes.iter().find(|c| *c == first)
        {
            return (code, rest.to_string());
        }
        if let Some(stem) = rel.strip_suffix(".md")
            && let Some((name, suffix)) = stem.rsplit_once('.')
            && let Some(code) = self.codes.iter().find(|c| *c == suffix)
            && !name.ends_with('/')
            && !name.is_empty()
        {
            return (code, format!("{name}.md"));
        }
        (&self.default, rel.to_string())
    }

    /// The neutral path of markdown file `rel` when it is this language's.
    pub fn markdown(&self, rel: &str) -> Option<String> {
        let (code, neutral) = self.place(rel);
        (code == self.code).then_some(neutral)
    }

    /// The neutral path of asset `rel` when this language publishes it, and whether it is the
    /// language's own (in its folder) rather than shared.
    pub fn asset(&self, rel: &str) -> Option<(String, bool)> {
        match rel.split_once('/') {
            Some((first, rest)) if self.codes.iter().any(|c| c == first) => {
                (first == self.code).then(|| (rest.to_string(), true))
            }
            _ => Some((rel.to_string(), false)),
        }
    }

    /// The paths inside `content/` a neutral markdown path of this language may be written
    /// at, in the order they are looked for.
    pub fn markdown_candidates(&self, neutral: &str) -> Vec<String> {
        let stem = neutral.strip_suffix(".md").unwrap_or(neutral);
        let mut all = vec![
            format!("{}/{neutral}", self.code),
            format!("{stem}.{}.md", self.code),
        ];
        if self.is_default() {
            all.push(neutral.to_string());
        }
        all
    }

    /// The paths inside `content/` a neutral asset path of this language may be written at.
    pub fn asset_candidates(&self, neutral: &str) -> Vec<String> {
        vec![format!("{}/{neutral}", self.code), neutral.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(code: &str) -> Scope {
        Scope {
            code: code.into(),
            default: "en".into(),
            codes: vec!["en".into(), "fr".into(), "zh".into()],
        }
    }

    #[test]
    fn folders_and_suffixes_both_name_the_language() {
        let fr = scope("fr");
        assert_eq!(
            fr.markdown("fr/articles/a.md").as_deref(),
            Some("articles/a.md")
        );
        assert_eq!(
            fr.markdown("articles/a.fr.md").as_deref(),
            Some("articles/a.md")
        );
        assert_eq!(fr.markdown("articles/a.md"), None);
        assert_eq!(fr.markdown("en/articles/a.md"), None);
        let en = scope("en");
        assert_eq!(
            en.markdown("articles/a.md").as_deref(),
            Some("articles/a.md")
        );
        assert_eq!(en.markdown("en/a.md").as_deref(), Some("a.md"));
        assert_eq!(
            en.markdown("articles/a.en.md").as_deref(),
            Some("articles/a.md")
        );
        // A dot that names no language is part of the name.
        assert_eq!(
            en.markdown("notes/v1.2.md").as_deref(),
            Some("notes/v1.2.md")
        );
        assert_eq!(en.markdown("_index.md").as_deref(), Some("_index.md"));
        assert_eq!(fr.markdown("_index.fr.md").as_deref(), Some("_index.md"));
    }

    #[test]
    fn assets_outside_every_language_folder_are_shared() {
        let fr = scope("fr");
        assert_eq!(fr.asset("img/a.png"), Some(("img/a.png".into(), false)));
        assert_eq!(fr.asset("fr/img/a.png"), Some(("img/a.png".into(), true)));
        assert_eq!(fr.asset("zh/img/a.png"), None);
    }
}
