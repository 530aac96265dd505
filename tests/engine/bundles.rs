//! Page bundles and files beside pages: `articles/trip/index.md` is the page `/articles/trip/`,
//! its folder's files are published beside it, relative image and link targets resolve
//! against the page's folder (under a sub-path too), a missing file is an error at its place,
//! and images get their width and height.

use crate::harness::TestSite;
use crate::serve_harness::{Server, assert_served_equals_full_build};

/// The header of a PNG image `w` by `h` pixels: enough for its size to be read.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
    b.extend_from_slice(b"IHDR");
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

fn bundle_site() -> TestSite {
    let site = TestSite::empty();
    site.write(
        "content/articles/trip/index.md",
        "---\ntitle: The trip\n---\nSee the chart:\n\n![A *chart* of it](chart.png \"Chart\")\n\nAnd [the data](data.csv#row-2).\n",
    )
    .write("content/articles/trip/chart.png", png(40, 30))
    .write("content/articles/trip/data.csv", "a,b\n1,2\n")
    .write(
        "content/articles/plain.md",
        "---\ntitle: Plain\n---\n![A picture](img/pic.png) and [the trip](trip/index.md).\n",
    )
    .write("content/articles/img/pic.png", png(8, 6))
    .write("static/logo.txt", "static still works\n");
    site
}

#[test]
fn a_bundle_is_a_page_with_its_files_beside_it() {
    let site = bundle_site();
    site.run(&["build", "--base-url", "https://example.org/sub/"])
        .ok();
    let page = site.public("articles/trip/index.html");
    assert!(page.contains("<title>The trip"), "{page}");
    assert!(
        page.contains("<img src=\"/sub/articles/trip/chart.png\" alt=\"A chart of it\" title=\"Chart\" width=\"40\" height=\"30\">"),
        "{page}"
    );
    assert!(
        page.contains("href=\"/sub/articles/trip/data.csv#row-2\""),
        "{page}"
    );
    assert_eq!(
        std::fs::read(site.path().join("public/articles/trip/chart.png")).unwrap(),
        png(40, 30)
    );
    assert!(site.public("articles/trip/data.csv").contains("1,2"));
    let plain = site.public("articles/plain/index.html");
    assert!(
        plain.contains(
            "<img src=\"/sub/articles/img/pic.png\" alt=\"A picture\" width=\"8\" height=\"6\">"
        ),
        "{plain}"
    );
    assert!(plain.contains("href=\"/sub/articles/trip/\""), "{plain}");
    assert!(site.public("logo.txt").contains("static still works"));
    assert!(
        !site.exists("public/articles/trip/index.md"),
        "markdown is not copied"
    );
}

#[test]
fn a_missing_file_is_an_error_at_its_place() {
    let site = bundle_site();
    site.write(
        "content/articles/trip/index.md",
        "---\ntitle: The trip\n---\nText first.\n\nThen ![gone](charts/gone.png) here.\n",
    );
    site.build().fails().says(&[
        "missing file: `charts/gone.png` names content/articles/trip/charts/gone.png, which does not exist",
        "content/articles/trip/index.md:6:6",
    ]);
}

#[test]
fn serve_follows_files_beside_pages() {
    let site = bundle_site();
    site.write("weave.yaml", "search: false\n");
    let server = Server::start(&site, &[]);
    site.write("content/articles/trip/chart.png", png(50, 20));
    server.wait_for_rebuilds(1);
    assert!(
        server
            .get("/articles/trip/")
            .1
            .contains("width=\"50\" height=\"20\"")
    );
    assert_served_equals_full_build(&site, &server, "after the image changed");
    site.remove("content/articles/img/pic.png");
    server.wait_for_rebuilds(2);
    assert!(server.stderr().contains("missing file: `img/pic.png`"));
    site.write("content/articles/img/pic.png", png(8, 6));
    server.wait_for_rebuilds(3);
    assert_served_equals_full_build(&site, &server, "after the image came back");
}
