//! Entity links: the first mention of an entity's name or other name links to its page.

use crate::harness::TestSite;

fn content(html: &str) -> &str {
    let start = html.find("<div class=\"content").expect("content");
    &html[start..start + html[start..].find("</div>").unwrap()]
}

#[test]
fn the_first_mention_links_and_later_ones_do_not() {
    let site = TestSite::fixture("claims");
    site.build().ok();
    let one = site.public("articles/one/index.html");
    let text = content(&one);
    assert_eq!(
        text.matches("href=\"/entities/llama-2/\"").count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("released <a class=\"entity-link\" href=\"/entities/llama-2/\">Llama 2</a>"),
        "{text}"
    );
}

#[test]
fn overlapping_names_link_to_the_longest() {
    let site = TestSite::fixture("claims");
    site.build().ok();
    let text = site.public("articles/one/index.html");
    let text = content(&text);
    assert!(
        text.contains("not just <a class=\"entity-link\" href=\"/entities/llama/\">Llama</a>."),
        "{text}"
    );
    assert!(
        !text.contains("href=\"/entities/llama/\">Llama</a> 2"),
        "{text}"
    );
}

#[test]
fn aliases_link_but_never_inside_headings_links_or_code() {
    let site = TestSite::fixture("claims");
    site.build().ok();
    let one = site.public("articles/one/index.html");
    let text = content(&one);
    // "Facebook" is Meta's other name and comes first in the text.
    assert!(
        text.contains("known as <a class=\"entity-link\" href=\"/entities/meta/\">Facebook</a>"),
        "{text}"
    );
    assert_eq!(
        text.matches("href=\"/entities/meta/\"").count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("<h2 id=\"metas-plan\">Meta"),
        "no link in the heading: {text}"
    );
    assert!(text.contains("<code>Meta</code>"), "{text}");
    assert!(
        text.contains("<a href=\"/topics/motives/\">Meta</a>"),
        "{text}"
    );
}

#[test]
fn a_page_can_turn_entity_links_off() {
    let site = TestSite::fixture("claims");
    site.build().ok();
    assert!(!content(&site.public("articles/two/index.html")).contains("entity-link"));
}

#[test]
fn a_page_with_no_mentions_is_unchanged() {
    let site = TestSite::fixture("claims");
    site.build().ok();
    let three = site.public("articles/three/index.html");
    assert!(
        content(&three).contains("<p>Nothing named here at all.</p>"),
        "{three}"
    );
}

#[test]
fn an_entity_page_does_not_link_to_itself() {
    let site = TestSite::fixture("claims");
    site.build().ok();
    let meta = site.public("entities/meta/index.html");
    assert!(
        !content(&meta).contains("href=\"/entities/meta/\""),
        "{meta}"
    );
    // It lists the articles that name it, and they link back.
    assert!(meta.contains("href=\"/articles/one/\""), "{meta}");
}

#[test]
fn an_alias_inside_a_heading_or_link_is_not_linked() {
    let site = TestSite::fixture("claims");
    site.write(
        "content/articles/three.md",
        "---\ntitle: Three\n---\n## Facebook history\n\nRead [about Facebook](one.md). Then `Facebook`.\n",
    );
    site.build().ok();
    let three = site.public("articles/three/index.html");
    assert!(!content(&three).contains("entity-link"), "{three}");
}

#[test]
fn an_entity_page_shows_its_other_names() {
    let site = TestSite::fixture("claims");
    site.build().ok();
    assert!(
        site.public("entities/meta/index.html")
            .contains("Also known as: Facebook")
    );
}
