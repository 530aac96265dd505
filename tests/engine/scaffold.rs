//! `weave init` writes a starter explainer that builds at once; `weave new` a page with its
//! front matter filled in. Neither overwrites anything.

use std::process::Command;

use crate::harness::{BIN, TestSite};

fn weave(args: &[&str], cwd: &std::path::Path) -> (bool, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn init_writes_an_explainer_that_builds_and_shows_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, text) = weave(&["init", "site"], dir.path());
    assert!(ok, "{text}");
    let site = dir.path().join("site");
    for file in [
        "weave.yaml",
        "content/_index.md",
        "content/articles/first-source.md",
        "content/articles/second-source.md",
        "content/topics/motives.md",
        "content/entities/example-org.md",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    let (ok, text) = weave(&["build", "--root", "site"], dir.path());
    assert!(ok && text.contains("0 warnings"), "{text}");
    let topic = std::fs::read_to_string(site.join("public/topics/motives/index.html")).unwrap();
    assert!(
        topic.contains("many hands make the work lighter"),
        "the first quote under its claim"
    );
    assert!(
        topic.contains("work shared is work halved"),
        "and the second"
    );
    let article =
        std::fs::read_to_string(site.join("public/articles/first-source/index.html")).unwrap();
    assert!(
        article.contains("href=\"/entities/example-org/\""),
        "the entity is linked"
    );
    assert!(article.contains("callout-note"));

    // A folder with anything in it is refused, and left as it was.
    let (ok, text) = weave(&["init", "site"], dir.path());
    assert!(!ok && text.contains("is not empty"), "{text}");
}

#[test]
fn new_writes_a_draft_page_with_its_front_matter_and_never_overwrites() {
    let site = TestSite::fixture("basic");
    let (ok, text) = weave(
        &[
            "new",
            "--root",
            site.path().to_str().unwrap(),
            "articles/why-open-weights.md",
        ],
        site.path(),
    );
    assert!(ok, "{text}");
    let page =
        std::fs::read_to_string(site.path().join("content/articles/why-open-weights.md")).unwrap();
    assert!(
        page.starts_with("---\ntitle: \"Why open weights\"\ndate: 20"),
        "{page}"
    );
    assert!(page.contains("draft: true\n"));
    site.build().ok();
    assert!(
        !site.exists("public/articles/why-open-weights/index.html"),
        "a draft until it is ready"
    );
    site.run(&["build", "--drafts"]).ok();
    assert!(site.exists("public/articles/why-open-weights/index.html"));

    let (ok, text) = weave(&["new", "articles/why-open-weights.md"], site.path());
    assert!(!ok && text.contains("exists already"), "{text}");
    let (ok, text) = weave(&["new", "../outside.md"], site.path());
    assert!(
        !ok && text.contains("not a markdown file inside content/"),
        "{text}"
    );
}
