//! Links written as files: rewritten to URLs, checked, and turned into backlinks.

use crate::harness::TestSite;

#[test]
fn md_links_become_urls_with_anchors() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    let first = site.public("articles/first/index.html");
    assert!(
        first.contains("href=\"/articles/second/#details\""),
        "{first}"
    );
    assert!(first.contains("href=\"/topics/motives/\""), "{first}");
    let home = site.public("index.html");
    assert!(home.contains("href=\"/articles/first/\""), "{home}");
}

#[test]
fn a_broken_md_link_names_the_file_and_line() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/articles/bad.md",
        "---\ntitle: Bad\n---\nFine line.\n\nSee [nothing](nothing.md) here.\n",
    );
    site.build().fails().says(&[
        "broken link: `nothing.md` names content/articles/nothing.md, which does not exist",
        "content/articles/bad.md:6:5",
    ]);
}

#[test]
fn a_broken_anchor_names_the_file_line_and_suggests() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/articles/bad.md",
        "---\ntitle: Bad\n---\nSee [it](second.md#detail).\n",
    );
    site.build().fails().says(&[
        "broken anchor: content/articles/second.md has no heading with id `detail`",
        "content/articles/bad.md:4:5",
        "did you mean `#details`?",
    ]);
}

#[test]
fn links_that_climb_out_of_content_are_refused() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/articles/bad.md",
        "---\ntitle: Bad\n---\n[x](../../README.md)\n",
    );
    site.build().fails().says(&[
        "points outside the content folder",
        "content/articles/bad.md:4",
    ]);
}

#[test]
fn a_link_to_a_draft_is_broken_unless_drafts_are_built() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/articles/x.md",
        "---\ntitle: X\n---\n[soon](unfinished.md)\n",
    );
    site.build().fails().says(&["broken link", "--drafts"]);
    site.run(&["build", "--drafts"]).ok();
}

#[test]
fn pages_list_the_pages_that_link_to_them() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    let second = site.public("articles/second/index.html");
    let backlinks = &second[second
        .find("Pages that link here")
        .expect("backlinks shown")..];
    assert!(
        backlinks.contains("href=\"/articles/first/\""),
        "{backlinks}"
    );
    let motives = site.public("topics/motives/index.html");
    assert!(motives.contains("Pages that link here"), "{motives}");
}
