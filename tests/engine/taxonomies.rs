//! Taxonomies: term listings with counts, term pages, and term pages with their own text.

use crate::harness::TestSite;

#[test]
fn each_taxonomy_lists_its_terms_with_counts() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    let topics = site.public("topics/index.html");
    assert!(
        topics
            .contains("<a href=\"/topics/motives/\">Motives</a> <span class=\"count\">(2)</span>"),
        "{topics}"
    );
    assert!(
        topics.contains(
            "<a href=\"/topics/challenges/\">challenges</a> <span class=\"count\">(1)</span>"
        ),
        "{topics}"
    );
    // "beta" and "Beta" are one term.
    let tags = site.public("tags/index.html");
    assert!(tags.contains("href=\"/tags/beta/\""), "{tags}");
    assert!(tags.contains("(2)"), "{tags}");
}

#[test]
fn a_term_page_lists_its_pages() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    let alpha = site.public("tags/alpha/index.html");
    assert!(alpha.contains("href=\"/articles/first/\""), "{alpha}");
    assert!(alpha.contains("href=\"/articles/second/\""), "{alpha}");
    assert!(!alpha.contains("href=\"/articles/the-third/\""), "{alpha}");
}

#[test]
fn a_term_content_file_supplies_the_term_page_text() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    let motives = site.public("topics/motives/index.html");
    assert!(motives.contains("<h1>Motives</h1>"), "{motives}");
    assert!(
        motives.contains("Why organisations open their models."),
        "{motives}"
    );
    assert!(
        motives.contains("Our own explanation of the <strong>motives</strong>."),
        "{motives}"
    );
    assert!(
        motives.contains("<h2 id=\"faster-innovation\">"),
        "{motives}"
    );
    assert!(motives.contains("href=\"/articles/second/\""), "{motives}");
}

#[test]
fn a_term_file_with_no_pages_still_gets_its_page() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/topics/implications.md",
        "---\ntitle: Implications\n---\nWhat follows.\n",
    );
    site.build().ok();
    assert!(
        site.public("topics/implications/index.html")
            .contains("What follows.")
    );
    assert!(site.public("topics/index.html").contains("(0)"));
}

#[test]
fn taxonomies_are_configurable() {
    let site = TestSite::empty();
    site.write("weave.yaml", "taxonomies: [authors]\n").write(
        "content/a.md",
        "---\ntitle: A\nauthors: [Ada Lovelace]\ntags: [x]\n---\n",
    );
    site.build().ok().says(&["unknown key `tags`"]);
    assert!(
        site.public("authors/ada-lovelace/index.html")
            .contains("href=\"/a/\"")
    );
    assert!(!site.exists("public/tags"));
}
