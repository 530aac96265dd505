//! `weave report`: per source, per claim and per topic coverage, as text and as JSON.

use std::process::Command;

use crate::harness::{BIN, TestSite};

fn report(site: &TestSite, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN)
        .arg("report")
        .arg("--root")
        .arg(site.path())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_json_report_gives_sources_claims_and_topics() {
    let site = TestSite::fixture("claims");
    let (ok, json, stderr) = report(&site, &["--format", "json"]);
    assert!(ok, "{stderr}");
    let r: serde_json::Value = serde_json::from_str(&json).unwrap();
    let source = |name: &str| {
        r["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["source"] == name)
            .cloned()
            .unwrap()
    };
    let one = source("articles/one.md");
    assert_eq!(one["title"], "One");
    assert_eq!(one["url"], "/articles/one/");
    assert_eq!(
        one["claims"],
        serde_json::json!(["motives/faster-innovation"])
    );
    // Three paragraphs, one of them holding the quote.
    assert_eq!(
        (
            one["paragraphs"].as_u64(),
            one["uncited_paragraphs"].as_u64()
        ),
        (Some(3), Some(2))
    );
    let three = source("articles/three.md");
    assert_eq!(three["claims"], serde_json::json!([]));
    assert_eq!(three["uncited_paragraphs"], 1);

    let claims = r["claims"].as_array().unwrap();
    let faster = claims
        .iter()
        .find(|c| c["id"] == "motives/faster-innovation")
        .unwrap();
    assert_eq!(
        faster["sources"],
        serde_json::json!(["articles/one.md", "articles/two.md"])
    );
    assert_eq!(faster["single_source"], false);
    assert_eq!(faster["defined_in"], "topics/motives.md");
    let standard = claims
        .iter()
        .find(|c| c["id"] == "motives/open-standard")
        .unwrap();
    assert_eq!(standard["sources"], serde_json::json!([]));

    let topics = r["topics"].as_array().unwrap();
    assert_eq!(topics.len(), 1);
    assert_eq!(topics[0]["name"], "Motives");
    assert_eq!(topics[0]["sources"], 3);
    assert_eq!(topics[0]["citing_sources"], 2);
    assert_eq!(topics[0]["claims"], 2);
}

#[test]
fn the_text_report_flags_claims_with_one_source_or_none() {
    let site = TestSite::fixture("claims");
    site.write(
        "content/articles/two.md",
        "---\ntitle: Two\ntopics: [motives]\n---\nNo claims now.\n",
    );
    let (ok, text, _) = report(&site, &[]);
    assert!(ok);
    assert!(
        text.contains("motives/faster-innovation: 1 source  <- one source only"),
        "{text}"
    );
    assert!(
        text.contains("motives/open-standard: 0 sources  <- no source"),
        "{text}"
    );
    assert!(
        text.contains("articles/one.md: 1 claim, 2 of 3 paragraphs cite none"),
        "{text}"
    );
    assert!(
        text.contains("Motives: 3 sources, 1 citing its 2 claims"),
        "{text}"
    );
}

#[test]
fn a_site_that_fails_its_check_has_no_report() {
    let site = TestSite::fixture("claims");
    site.write(
        "content/articles/two.md",
        "---\ntitle: Two\n---\n[broken](nowhere.md)\n",
    );
    let (ok, text, stderr) = report(&site, &["--format", "json"]);
    assert!(!ok);
    assert!(text.is_empty());
    assert!(stderr.contains("broken link"), "{stderr}");
}
