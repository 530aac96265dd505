//! Honest dates: a page without `date:` shows when its file last changed (its last commit in
//! git, else its modification time), in the page, the feed and the sitemap; never 1970.

use crate::harness::TestSite;

fn undated_site() -> TestSite {
    let site = TestSite::empty();
    site.write(
        "weave.yaml",
        "title: Dates\nbase_url: https://example.org/\n",
    )
    .write("content/a.md", "---\ntitle: A\n---\nFirst text.\n")
    .write("content/b.md", "---\ntitle: B\n---\nOther text.\n")
    .write(
        "content/dated.md",
        "---\ntitle: Dated\ndate: 2020-02-02\n---\nDated.\n",
    );
    site
}

#[test]
fn in_git_an_undated_page_takes_its_last_commit() {
    let site = undated_site();
    site.git(&["init", "-q"], "2024-05-02T10:00:00+02:00");
    site.git(&["add", "content"], "2024-05-02T10:00:00+02:00");
    site.git(&["commit", "-q", "-m", "one"], "2024-05-02T10:00:00+02:00");
    site.write("content/b.md", "---\ntitle: B\n---\nOther text, revised.\n");
    site.git(&["commit", "-q", "-am", "two"], "2025-01-15T09:30:00Z");
    site.build().ok();
    let a = site.public("a/index.html");
    assert!(
        a.contains("Updated <time datetime=\"2024-05-02\">May 2, 2024</time>"),
        "{a}"
    );
    assert!(
        site.public("b/index.html")
            .contains("Updated <time datetime=\"2025-01-15\">")
    );
    assert!(
        !site.public("dated/index.html").contains("Updated"),
        "a dated page keeps its date"
    );
    let feed = site.public("atom.xml");
    assert!(
        feed.contains("<updated>2024-05-02T10:00:00+02:00</updated>"),
        "{feed}"
    );
    assert!(
        feed.contains("<updated>2025-01-15T09:30:00Z</updated>"),
        "{feed}"
    );
    let sitemap = site.public("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://example.org/b/</loc>\n    <lastmod>2025-01-15T09:30:00Z</lastmod>"
        ),
        "{sitemap}"
    );
    for file in ["atom.xml", "sitemap.xml", "a/index.html"] {
        assert!(!site.public(file).contains("1970"), "{file}");
    }
    // Deterministic for a given commit: an edit not yet committed keeps the commit's date.
    site.write("content/a.md", "---\ntitle: A\n---\nFirst text, edited.\n");
    site.build().ok();
    assert!(
        site.public("a/index.html")
            .contains("datetime=\"2024-05-02\"")
    );
}

#[test]
fn outside_git_an_undated_page_takes_its_files_modification_time() {
    let site = undated_site();
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_614_816_000); // 2021-03-04
    std::fs::File::options()
        .write(true)
        .open(site.path().join("content/a.md"))
        .unwrap()
        .set_modified(when)
        .unwrap();
    site.build().ok();
    assert!(
        site.public("a/index.html")
            .contains("Updated <time datetime=\"2021-03-04\">")
    );
    assert!(
        site.public("atom.xml")
            .contains("<updated>2021-03-04T00:00:00Z</updated>")
    );
    assert!(!site.public("atom.xml").contains("1970"));
}
