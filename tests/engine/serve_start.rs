//! `weave serve`'s first build: the server answers from the start, a page asked for while the
//! pages render is rendered on request and is the very page the finished build serves, and
//! what cannot be made early (the list of files, a twin) waits for the build.

use crate::harness::TestSite;
use crate::serve_harness::Server;

/// A site big enough that rendering its pages takes a good part of a second.
fn site_of(articles: usize) -> TestSite {
    let site = TestSite::empty();
    for i in 0..articles {
        let tag = i % 50;
        let next = (i + 1) % articles;
        site.write(
            &format!("content/articles/a{i}.md"),
            format!(
                "---\ntitle: Article {i}\ndate: 2024-01-{:02}\ntags: [t{tag}]\n---\n\n\
                 Text of article {i}, which leads to [the next](/articles/a{next}/).\n\n\
                 ## A heading\n\nMore text, *some of it* emphasised, about article {i}.\n",
                1 + i % 28
            ),
        );
    }
    site
}

#[test]
fn a_page_asked_for_during_the_first_build_is_served_before_it_ends_and_is_the_same_page() {
    let site = site_of(4000);
    let server = Server::start_early(&site, &[]);
    // Asked for at once: answered once the graph is made, while the pages render.
    let early = server.get_bytes("/articles/a42/");
    let said = server.stderr();
    let early_text = String::from_utf8_lossy(&early).to_string();
    assert!(early_text.contains("Article 42"), "{early_text}");
    assert!(
        !said.contains("built the site"),
        "the page came only after the first build: {said}"
    );
    // The stylesheet the early page links to is served as early.
    let sheet = early_text
        .split('"')
        .find(|s| s.starts_with("/style.") && s.ends_with(".css"))
        .unwrap_or_else(|| panic!("no stylesheet in {early_text}"))
        .to_string();
    let (status, css) = server.get(&sheet);
    assert_eq!(status, 200, "{sheet}");
    assert!(!css.is_empty());
    // The list of files waits for the build: it is whole when it comes.
    let (_, files) = server.get("/__weave/files");
    for whole in [
        "articles/a3999/index.html",
        "articles/a3999/index.html.md",
        "sitemap.xml",
    ] {
        assert!(files.lines().any(|l| l == whole), "{whole} not in the list");
    }
    // The build printed its line before the list answered; this process reads it a moment later.
    let start = std::time::Instant::now();
    while !server.stderr().contains("built the site") {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "the list of files answered, but no first build was reported: {}",
            server.stderr()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        server.get_bytes("/articles/a42/") == early,
        "the page served early differs from the build's"
    );
}
