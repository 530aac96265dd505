//! URLs, sections, listings, pagination, drafts and the command-line options.

use crate::harness::TestSite;

#[test]
fn articles_are_published_at_their_folder_and_name() {
    let site = TestSite::fixture("basic");
    site.build().ok().says(&["build finished"]);
    let first = site.public("articles/first/index.html");
    assert!(first.contains("<h1>First article</h1>"), "{first}");
    assert!(
        site.public("about/index.html")
            .contains("A page at the content root.")
    );
    assert!(site.public("index.html").contains("Welcome"));
    assert!(site.public("404.html").contains("Page not found"));
}

#[test]
fn slug_overrides_the_file_name_and_aliases_redirect() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    assert!(
        site.public("articles/the-third/index.html")
            .contains("Third article")
    );
    assert!(!site.exists("public/articles/third/index.html"));
    let redirect = site.public("old/third/index.html");
    assert!(redirect.contains("http-equiv=\"refresh\""), "{redirect}");
    assert!(redirect.contains("/articles/the-third/"), "{redirect}");
}

#[test]
fn sections_list_their_pages_newest_first_and_paginate() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    // paginate_by: 2 in content/articles/_index.md; three published articles.
    let page1 = site.public("articles/index.html");
    let page2 = site.public("articles/page/2/index.html");
    let third = page1.find("Third article").expect("newest on page 1");
    let second = page1.find("Second article").expect("second on page 1");
    assert!(third < second, "newest first:\n{page1}");
    assert!(!page1.contains("First article</a>"), "{page1}");
    assert!(page2.contains("First article"), "{page2}");
    assert!(page1.contains("href=\"/articles/page/2/\""), "{page1}");
    assert!(page2.contains("href=\"/articles/\""), "{page2}");
    assert!(page1.contains("Every article, newest first."));
}

#[test]
fn sort_by_weight_and_title_order_listings() {
    let site = TestSite::empty();
    site.write(
        "content/docs/_index.md",
        "---\ntitle: Docs\nsort_by: weight\n---\n",
    )
    .write(
        "content/docs/b.md",
        "---\ntitle: B heavy\nweight: 20\n---\n",
    )
    .write(
        "content/docs/a.md",
        "---\ntitle: A light\nweight: 10\n---\n",
    )
    .write(
        "content/notes/_index.md",
        "---\ntitle: Notes\nsort_by: title\n---\n",
    )
    .write(
        "content/notes/z.md",
        "---\ntitle: Zebra\ndate: 2030-01-01\n---\n",
    )
    .write(
        "content/notes/y.md",
        "---\ntitle: apple\ndate: 2020-01-01\n---\n",
    );
    site.build().ok();
    let docs = site.public("docs/index.html");
    assert!(
        docs.find("A light").unwrap() < docs.find("B heavy").unwrap(),
        "{docs}"
    );
    let notes = site.public("notes/index.html");
    assert!(
        notes.find("apple").unwrap() < notes.find("Zebra").unwrap(),
        "{notes}"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    assert!(!site.exists("public/articles/unfinished/index.html"));
    assert!(!site.public("articles/index.html").contains("Unfinished"));
    site.run(&["build", "--drafts"]).ok();
    assert!(
        site.public("articles/unfinished/index.html")
            .contains("Not ready yet.")
    );
}

#[test]
fn output_option_writes_elsewhere() {
    let site = TestSite::fixture("basic");
    let out = site.path().join("elsewhere/site");
    site.run(&["build", "--output", out.to_str().unwrap()]).ok();
    assert!(out.join("articles/first/index.html").is_file());
    assert!(!site.exists("public"));
}

#[test]
fn sub_path_base_url_prefixes_every_link() {
    let site = TestSite::fixture("basic");
    site.write(
        "weave.yaml",
        "title: Basic\nbase_url: https://example.org/explainer/\n",
    );
    site.build().ok();
    let first = site.public("articles/first/index.html");
    assert!(
        first.contains("href=\"/explainer/articles/second/#details\""),
        "{first}"
    );
    assert!(
        first.contains("rel=\"stylesheet\" href=\"/explainer/style."),
        "{first}"
    );
    assert!(
        first.contains("href=\"/explainer/topics/motives/\""),
        "{first}"
    );
    let broken = crate::harness::broken_links(&site.path().join("public"), "/explainer/");
    assert!(broken.is_empty(), "{broken:?}");
    let redirect = site.public("old/third/index.html");
    assert!(
        redirect.contains("https://example.org/explainer/articles/the-third/"),
        "{redirect}"
    );
}

#[test]
fn base_url_option_overrides_the_config() {
    let site = TestSite::fixture("basic");
    site.run(&["build", "--base-url", "https://example.org/docs"])
        .ok();
    assert!(
        site.public("index.html")
            .contains("href=\"/docs/articles/first/\"")
    );
    site.run(&["build", "--base-url", "not a url"])
        .fails()
        .says(&["base_url `not a url`"]);
}

#[test]
fn root_relative_links_in_markdown_get_the_base_path() {
    let site = TestSite::empty();
    site.write("weave.yaml", "base_url: https://example.org/sub/\n")
        .write(
            "content/a.md",
            "---\ntitle: A\n---\n[b](/b/) ![i](/img.png) [x](https://x.org/)\n",
        )
        .write("content/b.md", "---\ntitle: B\n---\n");
    site.build().ok();
    let a = site.public("a/index.html");
    assert!(a.contains("href=\"/sub/b/\""), "{a}");
    assert!(a.contains("src=\"/sub/img.png\""), "{a}");
    assert!(a.contains("href=\"https://x.org/\""), "{a}");
}

#[test]
fn check_reports_without_writing() {
    let site = TestSite::fixture("basic");
    site.run(&["check"]).ok().says(&["check finished"]);
    assert!(!site.exists("public"));
    site.write(
        "content/articles/bad.md",
        "---\ntitle: Bad\n---\n[x](missing.md)\n",
    );
    site.run(&["check"]).fails().says(&["broken link"]);
    assert!(!site.exists("public"));
}

#[test]
fn missing_content_folder_is_explained() {
    let site = TestSite::empty();
    site.build().fails().says(&["there is no `content` folder"]);
}

#[test]
fn the_home_page_shows_the_latest_pages() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    let home = site.public("index.html");
    let latest = &home[home.find("Latest").expect("a Latest list")..];
    assert!(
        latest.find("Third article").unwrap() < latest.find("First article").unwrap(),
        "{latest}"
    );
}

#[test]
fn sections_list_their_subsections_with_page_counts_and_default_titles() {
    let site = TestSite::empty();
    site.write("content/docs/_index.md", "---\ntitle: Docs\n---\n")
        .write("content/docs/guide/_index.md", "---\ntitle: Guide\n---\n")
        .write("content/docs/guide/one.md", "---\ntitle: One\n---\n")
        .write("content/docs/guide/two.md", "---\ntitle: Two\n---\n")
        .write(
            "content/open-source_notes/a.md",
            "---\ntitle: A\ntags: [x]\n---\n",
        );
    site.build().ok();
    let docs = site.public("docs/index.html");
    assert!(
        docs.contains("<li><a href=\"/docs/guide/\">Guide</a> (2)</li>"),
        "{docs}"
    );
    let home = site.public("index.html");
    assert!(
        home.contains("<li><a href=\"/docs/\">Docs</a> (0)</li>"),
        "{home}"
    );
    // Without an `_index.md`, a section's title comes from its folder's name, and a
    // taxonomy's from its own.
    assert!(
        home.contains("<li><a href=\"/open-source_notes/\">Open Source Notes</a> (1)</li>"),
        "{home}"
    );
    let tags = site.public("tags/index.html");
    assert!(tags.contains("<h1>Tags</h1>"), "{tags}");
}
