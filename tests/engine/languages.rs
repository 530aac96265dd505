//! A site in several languages (`tests/fixtures/languages`: English, French, Chinese and
//! Arabic; French written both as `foo.fr.md` and in `content/fr/`, two pages untranslated):
//! each language's pages, URLs, `lang` and `dir`, hreflang both ways, feeds, sitemaps, search
//! indexes and theme strings; links to a page a language lacks; claims per language;
//! translations that fall behind, by git history; and `weave serve` equal to a fresh build.

use std::process::Command;

use crate::harness::{TestSite, broken_links};
use crate::serve_harness::{
    Server, assert_each_edit_serves_a_full_build, assert_served_equals_full_build,
};

fn hreflangs(html: &str) -> Vec<(String, String)> {
    html.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("<link rel=\"alternate\" hreflang=\"")?;
            let (code, rest) = rest.split_once("\" href=\"")?;
            Some((code.to_string(), rest.split('"').next()?.to_string()))
        })
        .collect()
}

#[test]
fn each_language_is_a_site_under_its_code_with_its_versions_paired_both_ways() {
    let site = TestSite::fixture("languages");
    site.build().ok().never_says("warning:");
    // The default at the root, the others under their codes; both ways of naming a file.
    let en = site.public("articles/open-models/index.html");
    let fr = site.public("fr/articles/open-models/index.html");
    let ar = site.public("ar/articles/open-models/index.html");
    let zh = site.public("zh/articles/open-models/index.html");
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(fr.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(zh.contains("<html lang=\"zh\" dir=\"ltr\">"));
    assert!(fr.contains("<h1>Les modèles ouverts</h1>"));
    assert!(fr.contains("<title>Les modèles ouverts · L&#39;IA ouverte expliquée</title>"));
    // hreflang for every version, itself included, and x-default, the same on every version.
    let expected = vec![
        ("en".to_string(), "/articles/open-models/".to_string()),
        ("fr".into(), "/fr/articles/open-models/".into()),
        ("zh".into(), "/zh/articles/open-models/".into()),
        ("ar".into(), "/ar/articles/open-models/".into()),
        ("x-default".into(), "/articles/open-models/".into()),
    ];
    for html in [&en, &fr, &ar, &zh] {
        assert_eq!(hreflangs(html), expected);
    }
    // A translation_key pairs pages whose paths differ.
    let risks = site.public("articles/risks/index.html");
    assert_eq!(
        hreflangs(&risks),
        vec![
            ("en".to_string(), "/articles/risks/".to_string()),
            ("fr".into(), "/fr/articles/risques/".into()),
            ("x-default".into(), "/articles/risks/".into()),
        ]
    );
    assert!(
        hreflangs(&site.public("fr/articles/risques/index.html"))
            .contains(&("en".to_string(), "/articles/risks/".to_string()))
    );
    // An untranslated page has its own version alone, and no phantom translation anywhere.
    assert_eq!(
        hreflangs(&site.public("articles/history/index.html")),
        vec![
            ("en".to_string(), "/articles/history/".to_string()),
            ("x-default".into(), "/articles/history/".into()),
        ]
    );
    assert!(!site.exists("public/fr/articles/history/index.html"));
    assert!(!site.public("fr/articles/index.html").contains("History"));
    // The switcher lists the versions that exist, the current one unlinked.
    assert!(fr.contains("<nav class=\"languages\" aria-label=\"Langues\">"));
    assert!(fr.contains("<span aria-current=\"true\" lang=\"fr\" dir=\"ltr\">Français</span>"));
    assert!(fr.contains(
        "<a href=\"/ar/articles/open-models/\" hreflang=\"ar\" lang=\"ar\" dir=\"rtl\">العربية</a>"
    ));
    assert!(
        !site
            .public("articles/history/index.html")
            .contains("class=\"languages\"")
    );
    // Listings, taxonomies, 404 and search are per language and paired by path.
    for file in [
        "index.html",
        "articles/index.html",
        "tags/llama/index.html",
        "search/index.html",
        "404.html",
    ] {
        assert!(site.exists(&format!("public/fr/{file}")), "fr/{file}");
        assert!(site.exists(&format!("public/zh/{file}")), "zh/{file}");
    }
    assert!(
        hreflangs(&site.public("zh/tags/llama/index.html"))
            .contains(&("fr".to_string(), "/fr/tags/llama/".to_string()))
    );
    // The theme's files once, at the root, for every language.
    assert!(!site.exists("public/fr/style.css"));
    assert!(fr.contains("<link rel=\"stylesheet\" href=\"/style."));
    assert!(broken_links(&site.path().join("public"), "/").is_empty());
}

#[test]
fn links_dates_strings_and_claims_follow_the_page_language() {
    let site = TestSite::fixture("languages");
    site.build().ok();
    let fr = site.public("fr/articles/open-models/index.html");
    // A file link goes to the same language's version, else to the default's.
    assert!(
        fr.contains("<a href=\"/fr/articles/risques/\">risques</a>"),
        "{fr}"
    );
    assert!(
        fr.contains("<a href=\"/articles/history/#beginnings\">histoire</a>"),
        "{fr}"
    );
    // Dates the language's way; the machine form stays in `datetime`.
    assert!(fr.contains("<time datetime=\"2024-03-05\">5 mars 2024</time>"));
    // ... and the theme's strings from the language's table, the site's own over weave's.
    for (file, expected) in [
        ("articles/open-models/index.html", ">March 5, 2024</time>"),
        ("zh/articles/open-models/index.html", ">2024年3月5日</time>"),
        (
            "fr/articles/open-models/index.html",
            ">Aller au contenu</a>",
        ),
        ("ar/index.html", ">انتقل إلى المحتوى</a>"),
        (
            "fr/articles/risques/index.html",
            "Pages qui citent celle-ci",
        ),
        ("fr/404.html", "<h1>Page introuvable</h1>"),
    ] {
        assert!(
            site.public(file).contains(expected),
            "{file} lacks {expected}"
        );
    }
    // Claims per language: the French topic page defines the claim in French and gathers
    // the French quote; the English one the English quote.
    let topic = site.public("fr/topics/motives/index.html");
    assert!(topic.contains("Une innovation plus rapide"), "{topic}");
    assert!(topic.contains("Des milliers de développeurs extérieurs"));
    assert!(!topic.contains("Thousands of outside developers"));
    let topic_en = site.public("topics/motives/index.html");
    assert!(
        topic_en.contains("Faster innovation")
            && topic_en.contains("Thousands of outside developers")
    );
}

#[test]
fn feeds_sitemaps_and_search_indexes_are_per_language() {
    let site = TestSite::fixture("languages");
    site.build().ok();
    let feed = site.public("fr/atom.xml");
    assert!(feed.contains("Les modèles ouverts") && !feed.contains("<title>Open models</title>"));
    let sitemap = site.public("fr/sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains("<loc>/fr/articles/open-models/</loc>\n    <lastmod>2024-03-05T00:00:00Z</lastmod>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"/articles/open-models/\"/>"), "{sitemap}");
    assert!(
        site.public("sitemap.xml")
            .contains("hreflang=\"x-default\" href=\"/articles/open-models/\"")
    );
    let robots = site.public("robots.txt");
    assert!(robots.contains("Sitemap: /sitemap.xml\nSitemap: /fr/sitemap.xml\nSitemap: /zh/sitemap.xml\nSitemap: /ar/sitemap.xml"), "{robots}");
    assert!(!site.exists("public/fr/robots.txt"));
    // Each language its own index, in its language.
    for (code, form) in [("en", "index.html"), ("fr", "fr/index.html")] {
        let entry = site.public(&format!(
            "{}pagefind/pagefind-entry.json",
            form.trim_end_matches("index.html")
        ));
        assert!(entry.contains(&format!("\"{code}\"")), "{entry}");
    }
    assert!(
        site.public("fr/index.html")
            .contains("data-index=\"/fr/pagefind/pagefind.js\"")
    );
    // Chinese is indexed word by word (two-character words), not a sentence at a time.
    let fragments = std::fs::read_dir(site.path().join("public/zh/pagefind/fragment")).unwrap();
    let texts: Vec<String> = fragments
        .map(|f| {
            let bytes = std::fs::read(f.unwrap().path()).unwrap();
            let mut out = String::new();
            use std::io::Read;
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut out)
                .unwrap();
            out
        })
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains(" 开发 ") || t.contains(" 开发者 ")),
        "{texts:?}"
    );
}

/// Runs `weave <args>`, which must succeed, and returns what it printed.
fn weave(args: &[&str]) -> String {
    let out = Command::new(crate::harness::BIN)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn stdout(site: &TestSite, args: &[&str]) -> String {
    let root = site.path().to_str().unwrap();
    weave(&[args, &["--root", root]].concat())
}

#[test]
fn check_and_report_list_missing_and_stale_translations_by_git_history() {
    let site = TestSite::fixture("languages");
    site.git(&["init", "-q"], "2024-05-01T10:00:00Z");
    site.git(&["add", "."], "2024-05-01T10:00:00Z");
    site.git(&["commit", "-qm", "all"], "2024-05-01T10:00:00Z");
    site.write(
        "content/articles/open-models.md",
        std::fs::read_to_string(site.path().join("content/articles/open-models.md")).unwrap()
            + "\nA new paragraph.\n",
    );
    site.git(
        &["commit", "-qam", "original changed"],
        "2024-06-02T10:00:00Z",
    );
    site.run(&["check"]).ok().says(&[
        "note: not translated into `fr`\n--> content/articles/history.md",
        "note: the `fr` translation may be out of date: its original content/articles/open-models.md changed on 2024-06-02, after it (2024-05-01)\n--> content/articles/open-models.fr.md",
    ]);
    let text = stdout(&site, &["report"]);
    assert!(text.contains("Translations into fr (2 missing, 1 out of date)\n  missing: content/articles/history.md\n  missing: content/articles/licences.md\n  out of date: content/articles/open-models.fr.md (2024-05-01), original content/articles/open-models.md (2024-06-02)\n"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&site, &["report", "--format", "json"])).unwrap();
    let fr = &json["translations"][0];
    assert_eq!(fr["language"], "fr");
    assert_eq!(
        fr["untranslated"],
        serde_json::json!([
            "content/articles/history.md",
            "content/articles/licences.md"
        ])
    );
    assert_eq!(fr["stale"][0]["file"], "content/articles/open-models.fr.md");
    assert_eq!(fr["stale"][0]["original_changed"], "2024-06-02");
    assert!(json["languages"]["fr"]["claims"].is_array(), "{json}");
}

#[test]
fn a_language_without_a_table_warns_by_key_and_shows_the_default_strings() {
    let site = TestSite::fixture("languages");
    let config = std::fs::read_to_string(site.path().join("weave.yaml")).unwrap();
    site.write("weave.yaml", config + "  sw: {}\n");
    site.write(
        "content/articles/open-models.sw.md",
        "---\ntitle: Mifano wazi\n---\nMaandishi.\n",
    );
    site.build().ok().says(&[
        "warning: the theme's strings in `sw` lack `about_this_page`, `all`,",
        "`skip_to_content`",
        "the default language's are shown\n--> i18n/sw.yaml",
    ]);
    assert!(
        site.public("sw/articles/open-models/index.html")
            .contains(">Skip to content</a>")
    );
}

#[test]
fn serving_a_multilingual_site_equals_a_fresh_build_after_each_edit() {
    let site = TestSite::fixture("languages");
    let server = Server::start(&site, &[]);
    let edits: &[(&str, Option<&str>)] = &[
        (
            "content/articles/open-models.fr.md",
            Some("---\ntitle: Les modèles ouverts, revus\ndate: 2024-03-05\n---\nUn texte revu.\n"),
        ),
        (
            "content/articles/licences.fr.md",
            Some("---\ntitle: Les licences\n---\nUne traduction nouvelle.\n"),
        ),
        ("content/articles/licences.fr.md", None),
        (
            "content/articles/history.md",
            Some("---\ntitle: History\n---\n## Beginnings\n\nNew text.\n"),
        ),
    ];
    assert_each_edit_serves_a_full_build(&site, &server, edits);
}

#[test]
fn init_starts_a_two_language_site_that_builds() {
    let site = TestSite::empty();
    let dir = site.path().join("new");
    let dir_name = dir.to_str().unwrap();
    weave(&["init", dir_name, "--languages", "en,fr"]);
    weave(&["build", "--root", dir_name]);
    assert!(dir.join("public/fr/index.html").is_file());
    let fr_home = std::fs::read_to_string(dir.join("public/fr/index.html")).unwrap();
    assert!(fr_home.contains("<html lang=\"fr\""));
}

#[test]
fn saving_one_translation_renders_only_what_it_reaches() {
    let site = TestSite::fixture("languages");
    let server = Server::start(&site, &[]);
    let path = "content/articles/open-models.fr.md";
    let text = std::fs::read_to_string(site.path().join(path)).unwrap();
    site.write(path, text.replace("Des milliers de développeurs extérieurs améliorent un modèle ouvert plus vite qu'un seul laboratoire.\n\n", "Des milliers de développeurs extérieurs améliorent un modèle ouvert plus vite qu'un seul laboratoire.\n\nUn paragraphe de plus.\n\n"));
    let rebuilds = server.wait_for_rebuilds(1);
    let line = &rebuilds[0];
    // The French page and the French listings that show its summary, nothing of the others.
    let rendered: usize = line
        .split(": ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line}"));
    assert!(rendered <= 4, "{line}");
    let (_, page) = server.get("/fr/articles/open-models/");
    assert!(page.contains("Un paragraphe de plus."));
    // An address under a language's folder that names nothing gets that language's 404.
    let (status, missing) = server.get("/fr/nulle-part/");
    assert_eq!(status, 404);
    assert!(missing.contains("<h1>Page introuvable</h1>"), "{missing}");
    assert_served_equals_full_build(&site, &server, "after the French edit");
}

#[test]
fn a_mistake_in_one_language_keeps_the_last_good_site_and_the_fix_equals_a_fresh_build() {
    let site = TestSite::fixture("languages");
    let server = Server::start(&site, &[]);
    let before = server.get("/fr/articles/open-models/").1;
    // One save breaks the French page while another changes the English one, in one batch.
    site.write(
        "content/articles/history.md",
        "---\ntitle: History\n---\n## Beginnings\n\nA new text.\n",
    );
    site.write(
        "content/articles/open-models.fr.md",
        "---\ntitle: Les modèles ouverts\ndraft: peut-être\n---\nCassé.\n",
    );
    server.wait_for_rebuilds(1);
    let err = server.stderr();
    assert!(
        err.contains("content/articles/open-models.fr.md:3"),
        "{err}"
    );
    assert!(err.contains("still serving the last good site"), "{err}");
    assert_eq!(server.get("/fr/articles/open-models/").1, before);
    site.write(
        "content/articles/open-models.fr.md",
        "---\ntitle: Les modèles ouverts\n---\nRéparé.\n",
    );
    server.wait_for("/fr/articles/open-models/", "the fix", |_, b| {
        b.contains("Réparé.")
    });
    assert_served_equals_full_build(&site, &server, "after the fix");
}

#[test]
fn a_broken_link_in_a_language_folder_names_the_file_there() {
    let site = TestSite::fixture("languages");
    site.write(
        "content/fr/articles/risques.md",
        "---\ntitle: Les risques\ntranslation_key: risks\n---\nVoir [ailleurs](nulle-part.md).\n",
    );
    site.build().fails().says(&[
        "error: broken link: `nulle-part.md` names content/fr/articles/nulle-part.md, which does not exist",
        "--> content/fr/articles/risques.md:5:6",
    ]);
}
