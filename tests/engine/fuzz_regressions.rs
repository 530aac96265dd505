//! Inputs the fuzzers (`tests/fuzz`) found or were seeded with, replayed through the same code
//! on every test run: a crash found once stays fixed. A new crashing input found by
//! `cargo fuzz` goes, minimised (`cargo fuzz tmin`), into `tests/fuzz/regressions/<target>/`.

use std::path::{Path, PathBuf};

use weave::content::front_matter::{self, KeySet};
use weave::markdown::links::UrlMap;
use weave::markdown::mentions::Mentions;
use weave::markdown::{Input, render};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut found = Vec::new();
    for dir in [
        root.join("regressions").join(target),
        root.join("seeds/markdown_and_front_matter"),
    ] {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            found.push((entry.path(), std::fs::read(entry.path()).unwrap()));
        }
    }
    assert!(!found.is_empty(), "no inputs for {target}");
    found
}

#[test]
fn front_matter_inputs_parse_without_panicking() {
    let taxonomies = vec![
        "topics".to_string(),
        "entities".to_string(),
        "tags".to_string(),
    ];
    for (path, bytes) in inputs("front_matter") {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let file = Path::new("content/fuzz.md");
        if let Ok(split) = front_matter::split(file, text) {
            for keys in [KeySet::Page, KeySet::Listing, KeySet::Term] {
                let _ = front_matter::parse(file, &split, keys, &taxonomies);
            }
        }
        eprintln!("ok: {}", path.display());
    }
}

#[test]
fn markdown_inputs_render_without_panicking() {
    let urls = UrlMap::from([("articles/a.md".to_string(), "/articles/a/".to_string())]);
    let mentions = Mentions::new(&[("/e/meta/".into(), vec!["Meta".into(), "Facebook".into()])]);
    let targets = weave::markdown::targets::Targets {
        base_path: "/".into(),
        notes: weave::markdown::note_index::NoteIndex::new(
            urls.keys().map(|k| (k.as_str(), &[][..])),
            std::iter::empty(),
        ),
        urls,
        tags_url: Some("/tags/".into()),
        ..Default::default()
    };
    for (path, bytes) in inputs("markdown") {
        let Ok(body) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let rendered = render(&Input {
            source: "articles/b.md",
            file: Path::new("content/articles/b.md"),
            body,
            body_line: 1,
            targets: &targets,
            citations: &[],
            mentions: Some((&mentions, None)),
            reserved_ids: &[],
            keep_text: true,
            highlight: true,
            embedding: &[],
            twin_origin: Some("https://example.org"),
        });
        assert!(
            rendered.html.len() <= body.len() * 64 + 1024,
            "{}: runaway output",
            path.display()
        );
    }
}

#[test]
fn site_build_inputs_build_without_panicking() {
    const FILES: &[&str] = &[
        "content/articles/a.md",
        "content/articles/b.md",
        "content/topics/motives.md",
        "content/_index.md",
        "weave.yaml",
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let dirs = [
        root.join("regressions/site_build"),
        root.join("seeds/site_build"),
    ];
    let mut count = 0;
    for entry in dirs.iter().flat_map(std::fs::read_dir).flatten().flatten() {
        let data = std::fs::read(entry.path()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        for (name, bytes) in FILES.iter().zip(data.split(|b| *b == 0xFF)) {
            let path = site.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let _ = weave::pipeline::run(
            &weave::pipeline::Options {
                root: site,
                output: None,
                base_url: None,
                drafts: true,
                write: true,
            },
            weave::progress::Progress::off(),
        );
        count += 1;
    }
    assert!(count > 0);
}
