//! Link previews: with `social_images: true` every page names an Open Graph image that is a
//! 1200 × 630 PNG in the output; an image is drawn once and kept (in the output between
//! builds, in `.weave-cache/social/` for a build into an empty folder); `og_image:` uses the
//! author's own; off by default; `weave serve` keeps them equal to a fresh build.

use std::path::Path;

use crate::harness::{TestSite, build_explainer, listing};
use crate::serve_harness::{Server, assert_each_edit_serves_a_full_build};

/// The value of `<meta property="{property}" content="...">`, if the page has it.
fn meta<'h>(html: &'h str, property: &str) -> Option<&'h str> {
    let start = format!("<meta property=\"{property}\" content=\"");
    let at = html.find(&start)? + start.len();
    Some(&html[at..at + html[at..].find('"')?])
}

/// Checks that every page's image is a 1200 × 630 PNG in `public`; returns their paths.
fn assert_every_page_has_a_preview(public: &Path, base: &str) -> Vec<String> {
    let pages: Vec<String> = listing(public)
        .into_iter()
        .filter(|f| f.ends_with(".html") && f != "404.html")
        .collect();
    assert!(!pages.is_empty());
    let mut images = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        let url = meta(&html, "og:image").unwrap_or_else(|| panic!("{page} has an og:image"));
        assert!(
            meta(&html, "og:image:alt").is_some_and(|a| !a.is_empty()),
            "{page}"
        );
        assert!(
            html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"),
            "{page}"
        );
        let path = url
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{url} under {base}"));
        let bytes = std::fs::read(public.join(path)).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{url} is a PNG");
        let size = imagesize::blob_size(&bytes).unwrap();
        assert_eq!((size.width, size.height), (1200, 630), "{url}");
        images.push(path.to_string());
    }
    images
}

#[test]
fn every_page_of_the_explainer_has_a_1200_by_630_preview() {
    let (_out, public) = build_explainer(&["--base-url", "https://example.org/sub/"]);
    let images = assert_every_page_has_a_preview(&public, "https://example.org/sub/");
    // One image per title: an article's and a topic's differ.
    let article =
        std::fs::read_to_string(public.join("articles/meta-llama-2-and-deepseek/index.html"))
            .unwrap();
    let topic = std::fs::read_to_string(public.join("topics/motives/index.html")).unwrap();
    assert_ne!(meta(&article, "og:image"), meta(&topic, "og:image"));
    assert!(images.len() > 30);
}

fn site() -> TestSite {
    let site = TestSite::fixture("claims");
    site.write("weave.yaml", "title: Claims fixture\nsocial_images: true\n");
    site
}

#[test]
fn images_are_drawn_once_and_kept_between_builds() {
    let site = site();
    site.build().ok();
    let public = site.path().join("public");
    let images = assert_every_page_has_a_preview(&public, "/");
    let one = &images[0];
    let cached = site.path().join(".weave-cache").join(one);
    assert!(cached.is_file(), "the cache keeps {one}");
    // Over the previous output an image whose text is unchanged is not written again.
    let written = std::fs::metadata(public.join(one))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build().ok();
    assert_eq!(
        std::fs::metadata(public.join(one))
            .unwrap()
            .modified()
            .unwrap(),
        written
    );
    // Into an empty folder, it comes from the cache: what the cache holds is what is used.
    std::fs::write(&cached, b"kept bytes").unwrap();
    std::fs::remove_dir_all(&public).unwrap();
    site.build().ok();
    assert_eq!(std::fs::read(public.join(one)).unwrap(), b"kept bytes");
    // A new title, a new image; the old one is gone from the output.
    let html = site.public("articles/two/index.html");
    let before = meta(&html, "og:image").unwrap().to_string();
    let two = std::fs::read_to_string(site.path().join("content/articles/two.md")).unwrap();
    site.write(
        "content/articles/two.md",
        two.replace("title: Two", "title: Two, again"),
    );
    site.build().ok();
    let after = site.public("articles/two/index.html");
    assert_ne!(meta(&after, "og:image").unwrap(), before);
    let listed = listing(&public);
    assert!(!listed.contains(&before.trim_start_matches('/').to_string()));
}

#[test]
fn og_image_uses_the_authors_own_and_previews_are_off_by_default() {
    let site = site();
    let two = std::fs::read_to_string(site.path().join("content/articles/two.md")).unwrap();
    site.write(
        "content/articles/two.md",
        two.replacen("title: Two\n", "title: Two\nog_image: cover.png\n", 1),
    );
    site.write(
        "content/articles/cover.png",
        std::fs::read(crate::harness::fixtures().join("vault/content/attachments/diagram.png"))
            .unwrap(),
    );
    site.build().ok();
    let html = site.public("articles/two/index.html");
    assert_eq!(meta(&html, "og:image"), Some("/articles/cover.png"));
    assert!(
        meta(&html, "og:image:width").is_none(),
        "its size is the author's"
    );
    // Off unless turned on.
    site.write("weave.yaml", "title: Claims fixture\n");
    site.build().ok();
    let html = site.public("articles/one/index.html");
    assert!(meta(&html, "og:image").is_none());
    assert!(!site.exists("public/social"));
}

#[test]
fn serve_keeps_the_previews_equal_to_a_full_build() {
    let site = site();
    let server = Server::start(&site, &[]);
    let three = std::fs::read_to_string(site.path().join("content/articles/three.md")).unwrap();
    // A title that keeps the page in its place in listings: the quick path.
    let retitled = three.replacen("title: Three", "title: Three, renamed", 1);
    let edits: &[(&str, Option<&str>)] = &[
        ("content/articles/three.md", Some(&retitled)),
        ("content/articles/three.md", Some(&three)),
        (
            "weave.yaml",
            Some("title: Claims fixture, renamed\nsocial_images: true\n"),
        ),
    ];
    assert_each_edit_serves_a_full_build(&site, &server, edits);
}
