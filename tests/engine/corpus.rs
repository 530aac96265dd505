//! The benchmark corpus (benches/corpus.py) builds with zero configuration and every link resolves.

use std::path::Path;
use std::process::Command;

use crate::harness::{TestSite, broken_links};

#[test]
fn the_generated_corpus_builds_with_every_internal_link_resolving() {
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/corpus.py");
    assert!(
        generator.is_file(),
        "the corpus generator is expected at {}",
        generator.display()
    );
    let site = TestSite::empty();
    let status = Command::new("python3")
        .arg(&generator)
        .args(["--flavor", "weave", "--pages", "200", "--out"])
        .arg(site.path())
        .status()
        .expect("python3 runs");
    assert!(status.success());
    site.build().ok().never_says("warning:");
    let public = site.path().join("public");
    assert!(site.public("index.html").contains("href=\"/articles/\""));
    assert!(
        site.public("articles/a00000/index.html")
            .contains("<h2 id=")
    );
    assert!(
        site.public("topics/motives/index.html")
            .contains("href=\"/articles/")
    );
    assert!(
        site.public("entities/llama-2/index.html")
            .contains("Llama 2")
    );
    let broken = broken_links(&public, "/");
    assert!(
        broken.is_empty(),
        "{} broken links, first: {:?}",
        broken.len(),
        &broken[..broken.len().min(5)]
    );
}
