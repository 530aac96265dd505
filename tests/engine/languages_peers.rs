//! Multilingual sites written for Zola and Hugo build in every language from their own
//! configuration: `[languages.<code>]` tables and `page.<code>.md` (or Hugo's `content/<code>/`).

use crate::harness::TestSite;

#[test]
fn a_multilingual_zola_site_builds_each_language() {
    let site = TestSite::empty();
    site.write(
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = \"My site\"\ndefault_language = \"en\"\n\
         \n[languages.fr]\ntitle = \"Mon site\"\n",
    )
    .write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
    )
    .write(
        "content/_index.fr.md",
        "+++\ntitle = \"Accueil\"\n+++\nBienvenue.\n",
    )
    .write("content/blog/a.md", "+++\ntitle = \"A post\"\n+++\nText.\n")
    .write(
        "content/blog/a.fr.md",
        "+++\ntitle = \"Un billet\"\n+++\nTexte.\n",
    );
    site.build().ok().never_says("error:");
    site.run(&["check"])
        .ok()
        .says(&["took title, base_url, default_language, languages"]);
    let fr = site.public("fr/blog/a/index.html");
    assert!(fr.contains("<html lang=\"fr\""), "{fr}");
    assert!(fr.contains("<title>Un billet · Mon site</title>"), "{fr}");
    assert!(fr.contains("hreflang=\"en\" href=\"https://example.org/blog/a/\""));
    assert!(
        site.public("blog/a/index.html")
            .contains("hreflang=\"fr\" href=\"https://example.org/fr/blog/a/\"")
    );
}

#[test]
fn a_multilingual_hugo_site_builds_each_language_from_its_folders() {
    let site = TestSite::empty();
    site.write(
        "hugo.toml",
        "baseURL = \"https://example.org/\"\ntitle = \"My site\"\ndefaultContentLanguage = \"en\"\n\
         \n[languages.en]\nlanguageName = \"English\"\nweight = 1\n\
         \n[languages.de]\nlanguageName = \"Deutsch (Schweiz)\"\ntitle = \"Meine Seite\"\nweight = 2\n",
    )
    .write("content/en/posts/a.md", "---\ntitle: A post\n---\nText.\n")
    .write("content/de/posts/a.md", "---\ntitle: Ein Beitrag\n---\nText.\n");
    site.build().ok().never_says("error:");
    let de = site.public("de/posts/a/index.html");
    assert!(de.contains("<html lang=\"de\""), "{de}");
    assert!(de.contains(">Deutsch (Schweiz)</span>"), "{de}");
    assert!(de.contains(">Zum Inhalt springen</a>"));
    assert!(
        site.public("posts/a/index.html")
            .contains(">English</span>")
    );
}

#[test]
fn a_hugo_site_configured_in_yaml_builds_each_language() {
    let site = TestSite::empty();
    site.write(
        "hugo.yaml",
        "baseURL: https://example.org/\ntitle: Docs\ncontentDir: content/en\n\
         defaultContentLanguage: en\nlanguages:\n  en:\n    label: English\n  \
         fa:\n    label: فارسی\n    contentDir: content/fa\n    title: اسناد\n    \
         params:\n      description: نمونه\n",
    )
    .write(
        "content/en/docs/_index.md",
        "---\ntitle: Docs\n---\nText.\n",
    )
    .write(
        "content/fa/docs/_index.md",
        "---\ntitle: اسناد\n---\nمتن.\n",
    );
    site.build().ok().never_says("error:");
    site.run(&["check"]).ok().says(&["read hugo.yaml (Hugo)"]);
    let fa = site.public("fa/docs/index.html");
    assert!(fa.contains("<html lang=\"fa\" dir=\"rtl\">"), "{fa}");
    assert!(
        fa.contains("<meta name=\"description\" content=\"نمونه\">"),
        "{fa}"
    );
    assert!(site.public("docs/index.html").contains(">فارسی</a>"));
}
