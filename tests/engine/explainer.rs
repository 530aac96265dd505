//! The explainer in this repository: it builds, checks clean, links and anchors resolve, the
//! HTML is valid, and every source's every sentence is on its page.

use std::path::{Path, PathBuf};
use std::process::Command;

use weave::markdown::citations::normalise;

use crate::harness::{BIN, Run, broken_anchors, broken_links, listing, text_of};

/// The slugs of the explainer's articles; each reproduces a source whose text is
/// `tests/sources/<slug>.txt`.
fn articles() -> Vec<String> {
    let mut slugs: Vec<String> = std::fs::read_dir(root().join("content/articles"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            let slug = name.strip_suffix(".md")?;
            (slug != "_index").then(|| slug.to_string())
        })
        .collect();
    slugs.sort();
    slugs
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the repository's site once per test into a folder of its own.
fn build() -> (tempfile::TempDir, PathBuf) {
    crate::harness::build_explainer(&[])
}

#[test]
fn the_explainer_checks_clean() {
    let run = Run::from(
        Command::new(BIN)
            .args(["check", "--root"])
            .arg(root())
            .output()
            .unwrap(),
    );
    run.ok().never_says("warning:");
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let (_dir, public) = build();
    assert!(listing(&public).len() > 30);
    let links = broken_links(&public, "/");
    assert!(links.is_empty(), "{links:?}");
    let anchors = broken_anchors(&public, "/");
    assert!(anchors.is_empty(), "{anchors:?}");
}

#[test]
fn every_sentence_of_every_source_is_on_its_page() {
    let (_dir, public) = build();
    let sources = root().join("tests/sources");
    let slugs = articles();
    assert!(slugs.len() >= 4, "the four sources at least: {slugs:?}");
    for slug in &slugs {
        let seed = format!("{slug}.txt");
        let source =
            std::fs::read_to_string(sources.join(&seed)).unwrap_or_else(|e| panic!("{seed}: {e}"));
        let page = normalise(&text_of(
            &std::fs::read_to_string(public.join("articles").join(slug).join("index.html"))
                .unwrap(),
        ));
        let mut checked = 0;
        for line in source.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if matches!(line, "Comments" | "Post a Comment") {
                continue; // scrape debris, dropped on purpose
            }
            // A list line's dash and stray markdown asterisks are markup, not text.
            let line = line.trim_start_matches("- ").replace('*', "");
            for sentence in sentences(&line) {
                let sentence = normalise(sentence);
                assert!(
                    page.contains(&sentence),
                    "{slug} lacks a sentence of {seed}:\n{sentence}"
                );
                checked += 1;
            }
        }
        assert!(checked > 20, "{seed}: only {checked} sentences");
    }
}

/// Splits after `.`, `?` or `!` followed by a space.
fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    for i in 0..bytes.len().saturating_sub(1) {
        if matches!(bytes[i], b'.' | b'?' | b'!') && bytes[i + 1] == b' ' {
            out.push(&line[start..=i]);
            start = i + 2;
        }
    }
    out.push(&line[start..]);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

#[test]
fn articles_topics_and_entities_link_both_ways() {
    let (_dir, public) = build();
    let read = |p: &str| std::fs::read_to_string(public.join(p)).unwrap();
    for slug in &articles() {
        let article = read(&format!("articles/{slug}/index.html"));
        assert!(article.contains("reproduces a source article"), "{slug}");
        assert!(article.contains("href=\"/topics/motives/\""), "{slug}");
        assert!(article.contains("href=\"/entities/meta/\""), "{slug}");
        let motives = read("topics/motives/index.html");
        assert!(
            motives.contains(&format!("href=\"/articles/{slug}/#claim-motives-")),
            "{slug}"
        );
        let meta = read("entities/meta/index.html");
        assert!(
            meta.contains(&format!("href=\"/articles/{slug}/\"")),
            "{slug}"
        );
    }
    let home = read("index.html");
    assert!(home.contains("<table class=\"claim-matrix\">"));
    for topic in ["motives", "implications", "challenges"] {
        let page = read(&format!("topics/{topic}/index.html"));
        assert!(page.contains("<table class=\"claim-matrix\">"), "{topic}");
        assert!(page.matches("class=\"claim\"").count() >= 3, "{topic}");
    }
}

#[test]
fn the_html_is_valid() {
    let vnu = root().join("tests/tools/node_modules/vnu-jar/build/dist/vnu.jar");
    if !vnu.is_file() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install the Nu HTML Checker (npm ci --prefix tests/tools)"
        );
        eprintln!("skipped: the Nu HTML Checker is not installed (npm ci --prefix tests/tools)");
        return;
    }
    let (_dir, public) = build();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&vnu)
        .args(["--errors-only", "--skip-non-html"])
        .arg(&public)
        .output()
        .expect("java runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The home page states the explainer's coverage as `weave report` counts it: every claim
/// resting on one source is named there.
#[test]
fn the_home_page_shows_the_coverage_the_report_gives() {
    let (_out, public) = build();
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    let report = Command::new(BIN)
        .args(["report", "--format", "json", "--root"])
        .arg(root())
        .output()
        .unwrap();
    assert!(report.status.success());
    let r: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let claims = r["claims"].as_array().unwrap();
    let single: Vec<&serde_json::Value> = claims
        .iter()
        .filter(|c| c["single_source"] == true)
        .collect();
    let line = home
        .split("<p class=\"coverage\">")
        .nth(1)
        .expect("the home page's coverage line")
        .split("</p>")
        .next()
        .unwrap();
    assert!(
        line.starts_with(&format!(
            "{} claims from {} sources",
            claims.len(),
            r["sources"].as_array().unwrap().len()
        )),
        "{line}"
    );
    assert!(
        line.contains(&format!("{} rest on one source only", single.len())),
        "{line}"
    );
    for c in single {
        assert!(line.contains(c["title"].as_str().unwrap()), "{line}");
    }
}
