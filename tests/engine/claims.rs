//! Claims: defined on topic pages, cited with quotes from articles, anchored, listed, checked.

use crate::harness::TestSite;

#[test]
fn a_cited_quote_gets_an_anchor_and_a_mark_linking_to_the_claim() {
    let site = TestSite::fixture("claims");
    site.build().ok();
    let one = site.public("articles/one/index.html");
    let block = one
        .split("<p>")
        .find(|p| p.contains("collective intelligence"))
        .expect("the quoted paragraph");
    assert!(
        block.starts_with(
            "<span class=\"claim-anchor\" id=\"claim-motives-faster-innovation\"></span>"
        ),
        "{block}"
    );
    assert!(
        block.contains("<a class=\"claim-mark\" href=\"/topics/motives/#faster-innovation\""),
        "{block}"
    );
}

#[test]
fn the_topic_page_lists_each_claim_with_every_quote_and_passage() {
    let site = TestSite::fixture("claims");
    site.build().ok();
    let motives = site.public("topics/motives/index.html");
    let claim = &motives[motives
        .find("id=\"faster-innovation\"")
        .expect("claim anchor")..];
    assert!(
        claim.contains("tap into the collective intelligence of   developers"),
        "{claim}"
    );
    assert!(
        claim.contains("href=\"/articles/one/#claim-motives-faster-innovation\""),
        "{claim}"
    );
    assert!(
        claim.contains("href=\"/articles/two/#claim-motives-faster-innovation\""),
        "{claim}"
    );
    // The heading with the claim's words gets another id: anchors stay unique.
    assert!(
        motives.contains("<h2 id=\"faster-innovation-1\">"),
        "{motives}"
    );
}

#[test]
fn links_to_a_claim_anchor_resolve() {
    let site = TestSite::fixture("claims");
    site.write(
        "content/articles/three.md",
        "---\ntitle: Three\n---\nSee [why](../topics/motives.md#faster-innovation).\n",
    );
    site.build().ok();
    assert!(
        site.public("articles/three/index.html")
            .contains("href=\"/topics/motives/#faster-innovation\"")
    );
}

#[test]
fn the_claim_matrix_shows_who_says_what() {
    let site = TestSite::fixture("claims");
    site.build().ok();
    for page in ["index.html", "topics/motives/index.html"] {
        let html = site.public(page);
        let table = &html[html
            .find("<table class=\"claim-matrix\">")
            .expect("a matrix")..];
        let row = table
            .split("<tr>")
            .find(|r| r.contains("Faster innovation"))
            .expect("a row");
        assert_eq!(row.matches("class=\"cited\"").count(), 2, "{row}");
        let row = table
            .split("<tr>")
            .find(|r| r.contains("Setting the standard"))
            .expect("a row");
        assert_eq!(row.matches("class=\"cited\"").count(), 0, "{row}");
    }
}

#[test]
fn a_claim_no_source_cites_is_a_warning() {
    TestSite::fixture("claims").build().ok().says(&[
        "warning: no page cites claim `motives/open-standard`",
        "content/topics/motives.md:8",
    ]);
}

#[test]
fn a_quote_missing_from_the_text_is_an_error_at_the_claim() {
    let site = TestSite::fixture("claims");
    site.write(
        "content/articles/two.md",
        "---\ntitle: Two\nclaims:\n  - id: motives/faster-innovation\n    quote: words nobody wrote\n---\nOther words.\n",
    );
    site.build().fails().says(&[
        "the quote for claim `motives/faster-innovation` is not in the text",
        "content/articles/two.md:5:5",
    ]);
}

#[test]
fn a_quote_one_word_off_points_at_the_quote_and_the_passage_that_almost_matches() {
    let site = TestSite::fixture("claims");
    site.write(
        "content/articles/two.md",
        "---\ntitle: Two\nclaims:\n  - id: motives/faster-innovation\n    quote: \"open models let the whole industry move faster\"\n---\nFirst a paragraph about nothing.\n\nWe think open models let the whole field move faster than closed ones.\n",
    );
    site.build().fails().says(&[
        "the quote for claim `motives/faster-innovation` is not in the text",
        "content/articles/two.md:5:5",
        "the closest passage is \"open models let the whole field move faster\"",
        "they part where the quote has \"industry move faster\" and the text \"field move faster than\"",
    ]);
}

#[test]
fn an_undefined_claim_id_is_an_error_with_a_suggestion() {
    let site = TestSite::fixture("claims");
    site.write(
        "content/articles/two.md",
        "---\ntitle: Two\nclaims:\n  - {id: motives/faster-inovation, quote: Other words}\n---\nOther words.\n",
    );
    site.build().fails().says(&[
        "claim `motives/faster-inovation` is not defined",
        "content/articles/two.md:4",
        "did you mean `motives/faster-innovation`?",
    ]);
    // Among several close ids, the nearest ones are offered.
    site.write(
        "content/topics/motives.md",
        std::fs::read_to_string(site.path().join("content/topics/motives.md"))
            .unwrap()
            .replacen(
                "claims:\n",
                "claims:\n  - {id: faster-adoption, title: Faster adoption, summary: S.}\n",
                1,
            ),
    );
    site.build()
        .fails()
        .says(&["did you mean one of `motives/faster-innovation`, `motives/faster-adoption`"]);
}

#[test]
fn a_malformed_claim_is_explained() {
    let site = TestSite::fixture("claims");
    site.write(
        "content/articles/two.md",
        "---\ntitle: Two\nclaims:\n  - id: motives/faster-innovation\n---\nText.\n",
    );
    site.build().fails().says(&[
        "this claim has no `quote` text",
        "content/articles/two.md:4",
    ]);
}

#[test]
fn citations_are_backlinks_and_make_pages_related() {
    let site = TestSite::fixture("claims");
    site.build().ok();
    let motives = site.public("topics/motives/index.html");
    let backlinks = &motives[motives.find("Pages that link here").expect("backlinks")..];
    assert!(
        backlinks.contains("href=\"/articles/one/\"")
            && backlinks.contains("href=\"/articles/two/\""),
        "{backlinks}"
    );
    let one = site.public("articles/one/index.html");
    let related = &one[one.find("Related pages").expect("related pages")..];
    let two = related
        .find("href=\"/articles/two/\"")
        .expect("two is related");
    let three = related
        .find("href=\"/articles/three/\"")
        .expect("three is related");
    assert!(
        two < three,
        "the page sharing a claim ranks first: {related}"
    );
}
