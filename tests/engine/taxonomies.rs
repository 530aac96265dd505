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

/// A site of `n` dated articles, all tagged `big`, with a description each.
fn big_listing(n: usize, config: &str) -> TestSite {
    let site = TestSite::empty();
    site.write("weave.yaml", config);
    for i in 1..=n {
        site.write(
            &format!("content/articles/a{i:03}.md"),
            format!(
                "---\ntitle: Article {i:03}\ndescription: About article {i:03}.\ndate: 2024-01-01T00:{:02}:{:02}Z\ntags: [big]\n---\nText.\n",
                i / 60,
                i % 60
            ),
        );
    }
    site
}

#[test]
fn a_large_listing_goes_compact_after_its_first_pages() {
    let site = big_listing(150, "title: T\npaginate_by: 5\ncompact_after: 3\n");
    site.build().ok();
    for listing in ["tags/big/", "articles/"] {
        // Three pages of five with their descriptions, newest first...
        for page in 1..=3 {
            let path = if page == 1 {
                format!("{listing}index.html")
            } else {
                format!("{listing}page/{page}/index.html")
            };
            let html = site.public(&path);
            assert_eq!(html.matches("<p>About article").count(), 5, "{path}");
        }
        // ...then one compact page with the other 135 by title and date alone.
        let compact = site.public(&format!("{listing}page/4/index.html"));
        assert_eq!(
            compact.matches("<a href=\"/articles/a").count(),
            135,
            "{listing}"
        );
        assert!(!compact.contains("<p>About article"), "{listing}");
        assert!(compact.contains("Article 001") && compact.contains("Article 135"));
        assert!(!compact.contains("Article 136"), "page 1 shows the newest");
        assert!(compact.contains("Page 4 of 4"), "{listing}");
        assert!(
            site.public(&format!("{listing}page/3/index.html"))
                .contains(&format!("rel=\"next\" href=\"/{listing}page/4/\""))
        );
        assert!(!site.exists(&format!("public/{listing}page/5/index.html")));
    }
}

/// A compact page lists by title and date: its items carry the summary's short fields but
/// not its text or terms, which are most of what a long listing costs to render.
#[test]
fn a_compact_pages_items_carry_the_short_fields_alone() {
    let site = big_listing(12, "title: T\npaginate_by: 5\ncompact_after: 1\n");
    site.write(
        "templates/section.html",
        "{% for p in paginator.pages %}[{{ p.title }} {{ p.url }} {{ p.date }} {{ p.description }} {{ p.reading_time }}{% if p.summary %} summary{% endif %}{% if p.taxonomies %} terms{% endif %}]{% endfor %}",
    );
    site.build().ok();
    let full = site.public("articles/index.html");
    assert_eq!(full.matches(" summary terms]").count(), 5, "{full}");
    assert!(
        full.contains(
            "[Article 012 /articles/a012/ 2024-01-01T00:00:12Z About article 012. 1 summary terms]"
        ),
        "{full}"
    );
    let compact = site.public("articles/page/2/index.html");
    assert_eq!(compact.matches("]").count(), 7, "{compact}");
    assert!(
        !compact.contains("summary") && !compact.contains("terms"),
        "{compact}"
    );
    assert!(
        compact.contains("[Article 001 /articles/a001/ 2024-01-01T00:00:01Z About article 001. 1]"),
        "{compact}"
    );
}

#[test]
fn compact_after_zero_paginates_everything_in_full() {
    let site = big_listing(30, "title: T\npaginate_by: 5\ncompact_after: 0\n");
    site.build().ok();
    assert!(site.exists("public/tags/big/page/6/index.html"));
    assert!(!site.exists("public/tags/big/page/7/index.html"));
    let last = site.public("tags/big/page/6/index.html");
    assert_eq!(last.matches("<p>About article").count(), 5);
}
