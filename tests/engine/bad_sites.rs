//! The bad-input suite: broken sites, each built over a good previous output. For every one:
//! no panic, no hang, nothing written outside the output, the previous output untouched, and
//! an error naming the file, the line and what to do.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{BIN, Run, TestSite, listing, snapshot};

struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    /// Substrings of stderr: the message and the `file:line` location.
    expect: &'static [&'static str],
}

const PAGE: &[u8] = b"---\ntitle: Page\n---\nText.\n";

const CASES: &[Case] = &[
    Case {
        name: "non-UTF-8 content",
        files: &[("content/p.md", b"---\ntitle: Caf\xe9\n---\n")],
        expect: &["not valid UTF-8", "content/p.md:2"],
    },
    Case {
        name: "only an opening line",
        files: &[("content/p.md", b"---\n")],
        expect: &["never closed", "content/p.md:1"],
    },
    Case {
        name: "unclosed front matter",
        files: &[("content/p.md", b"---\ntitle: P\nText\n")],
        expect: &["never closed", "content/p.md:1"],
    },
    Case {
        name: "YAML syntax error",
        files: &[("content/p.md", b"---\ntitle: P\ntags: [a, b\nx: 1\n---\n")],
        expect: &["invalid YAML", "content/p.md:"],
    },
    Case {
        name: "front matter is a list",
        files: &[("content/p.md", b"---\n- title\n- P\n---\n")],
        expect: &[
            "expected `key: value` lines, found a list",
            "content/p.md:2",
        ],
    },
    Case {
        name: "front matter is text",
        files: &[("content/p.md", b"---\njust words\n---\n")],
        expect: &["expected `key: value` lines", "content/p.md:2"],
    },
    Case {
        name: "permalink leaves the site",
        files: &[(
            "content/p.md",
            b"---\ntitle: P\npermalink: /a/../../b/\n---\n",
        )],
        expect: &[
            "permalink `/a/../../b/` is not a path inside the site",
            "content/p.md:3",
        ],
    },
    Case {
        name: "title is a list",
        files: &[("content/p.md", b"---\ntitle: [a, b]\n---\n")],
        expect: &["`title` must be text, found a list", "content/p.md:2"],
    },
    Case {
        name: "draft is not a boolean",
        files: &[("content/p.md", b"---\ntitle: P\ndraft: perhaps\n---\n")],
        expect: &["`draft` must be `true` or `false`", "content/p.md:3"],
    },
    Case {
        name: "date is not a date",
        files: &[("content/p.md", b"---\ntitle: P\ndate: 2024-13-45\n---\n")],
        expect: &["`date` is not a date", "content/p.md:3"],
    },
    Case {
        name: "weight is not a number",
        files: &[("content/p.md", b"---\ntitle: P\nweight: heavy\n---\n")],
        expect: &["`weight` must be a whole number", "content/p.md:3"],
    },
    Case {
        name: "tags is a mapping",
        files: &[("content/p.md", b"---\ntitle: P\ntags: {a: b}\n---\n")],
        expect: &["`tags` must be a list of strings", "content/p.md:3"],
    },
    Case {
        name: "extra is a list",
        files: &[("content/p.md", b"---\ntitle: P\nextra: [1]\n---\n")],
        expect: &[
            "`extra` must be a mapping of your own keys, found a list",
            "content/p.md:3",
        ],
    },
    Case {
        name: "alias climbs out",
        files: &[(
            "content/p.md",
            b"---\ntitle: P\naliases: [/../../etc/x]\n---\n",
        )],
        expect: &[
            "alias `/../../etc/x` is not a path inside the site",
            "content/p.md:3",
        ],
    },
    Case {
        name: "slug climbs out",
        files: &[("content/p.md", b"---\ntitle: P\nslug: ../../escape\n---\n")],
        expect: &["slug `../../escape`", "content/p.md:3"],
    },
    Case {
        name: "slug holds a slash",
        files: &[("content/p.md", b"---\ntitle: P\nslug: a/b\n---\n")],
        expect: &["contains a path separator", "content/p.md:3"],
    },
    Case {
        name: "two files, one URL",
        files: &[
            ("content/a.md", b"---\ntitle: A\nslug: same\n---\n"),
            ("content/b.md", b"---\ntitle: B\nslug: same\n---\n"),
        ],
        expect: &["would both be published at /same/", "content/b.md:3"],
    },
    Case {
        name: "broken link",
        files: &[("content/p.md", b"---\ntitle: P\n---\n[x](nowhere.md)\n")],
        expect: &["broken link", "content/p.md:4:1"],
    },
    Case {
        name: "broken anchor",
        files: &[(
            "content/p.md",
            b"---\ntitle: P\n---\n## Real\n\n[x](p.md#unreal)\n",
        )],
        expect: &["broken anchor", "content/p.md:6:1"],
    },
    Case {
        name: "claim quote not in the text",
        files: &[
            (
                "content/topics/t.md",
                b"---\ntitle: T\nclaims:\n  - {id: c, title: C, summary: S}\n---\n",
            ),
            (
                "content/p.md",
                b"---\ntitle: P\nclaims:\n  - {id: t/c, quote: absent words}\n---\nText.\n",
            ),
        ],
        expect: &["is not in the text of this page", "content/p.md:4"],
    },
    Case {
        name: "undefined claim",
        files: &[(
            "content/p.md",
            b"---\ntitle: P\nclaims:\n  - {id: t/none, quote: Text}\n---\nText.\n",
        )],
        expect: &["claim `t/none` is not defined", "content/p.md:4"],
    },
    Case {
        name: "taxonomy folder with a sub-folder",
        files: &[("content/tags/x/y.md", PAGE)],
        expect: &["`tags` is a taxonomy", "content/tags/x/y.md"],
    },
    Case {
        name: "template syntax error",
        files: &[("templates/page.html", b"<p>\n{% for %}\n")],
        expect: &["template syntax error", "templates/page.html:2"],
    },
    Case {
        name: "template extends nothing",
        files: &[("templates/page.html", b"{% extends \"nothing.html\" %}")],
        expect: &["nothing.html", "templates/page.html"],
    },
    Case {
        name: "template reads a missing value",
        files: &[("templates/page.html", b"{{ page.nope.deeper }}")],
        expect: &["templates/page.html", "failed while rendering"],
    },
    Case {
        name: "non-UTF-8 template",
        files: &[("templates/page.html", b"\xff\xfe")],
        expect: &["not valid UTF-8", "templates/page.html"],
    },
    Case {
        name: "missing theme",
        files: &[("weave.yaml", b"theme: gone\n")],
        expect: &["theme `gone` not found", "weave.yaml"],
    },
    Case {
        name: "broken config YAML",
        files: &[("weave.yaml", b"title: [x\n")],
        expect: &["invalid YAML", "weave.yaml:"],
    },
    Case {
        name: "config of the wrong type",
        files: &[("weave.yaml", b"title: T\nsearch: sometimes\n")],
        expect: &["`search` must be `true` or `false`", "weave.yaml:2"],
    },
    Case {
        name: "non-UTF-8 config",
        files: &[("weave.yaml", b"title: \xff\n")],
        expect: &["not valid UTF-8", "weave.yaml"],
    },
    Case {
        name: "unknown taxonomy name",
        files: &[("weave.yaml", b"taxonomies: [Big Topics]\n")],
        expect: &["not a URL-safe name", "weave.yaml:1"],
    },
];

/// Runs `weave build` with a time limit: a hang fails the test instead of stalling it.
fn build_with_limit(site: &TestSite, limit: Duration) -> Run {
    let mut child = Command::new(BIN)
        .args(["build", "--root"])
        .arg(site.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("weave build hung for more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run::from(child.wait_with_output().unwrap())
}

fn outside(site: &Path) -> Vec<String> {
    let parent = site.parent().unwrap();
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_broken_site_fails_cleanly_and_keeps_the_last_output() {
    assert!(
        CASES.len() >= 25,
        "the suite covers at least 25 broken sites"
    );
    for case in CASES {
        let site = TestSite::fixture("basic");
        site.write("weave.yaml", "title: Basic\nsearch: false\n");
        build_with_limit(&site, Duration::from_secs(30)).ok();
        let before = snapshot(&site.path().join("public"));
        let sources = listing(site.path()).len();
        for (path, bytes) in case.files {
            site.write(path, bytes);
        }
        let around = outside(&site.path().join("public"));
        let run = build_with_limit(&site, Duration::from_secs(30));
        assert_eq!(
            run.code,
            Some(1),
            "{}: expected a failed build; stderr:\n{}",
            case.name,
            run.stderr
        );
        for part in case.expect {
            assert!(
                run.stderr.contains(part),
                "{}: stderr lacks {part:?}:\n{}",
                case.name,
                run.stderr
            );
        }
        assert!(
            run.stderr.contains("help:"),
            "{}: no advice on what to do:\n{}",
            case.name,
            run.stderr
        );
        assert!(
            !run.stderr.contains("panicked"),
            "{}: {}",
            case.name,
            run.stderr
        );
        assert_eq!(
            snapshot(&site.path().join("public")),
            before,
            "{}: the previous output changed",
            case.name
        );
        assert_eq!(
            outside(&site.path().join("public")),
            around,
            "{}: something was written beside the output",
            case.name
        );
        let written = case
            .files
            .iter()
            .filter(|(p, _)| !crate::harness::fixtures().join("basic").join(p).exists())
            .count();
        assert_eq!(
            listing(site.path()).len(),
            sources + written,
            "{}: files appeared in the site",
            case.name
        );
    }
}

#[cfg(unix)]
#[test]
fn a_file_that_vanishes_or_loops_is_an_error_not_a_panic() {
    let site = TestSite::fixture("basic");
    site.write("weave.yaml", "search: false\n");
    // A link to nothing: the file is gone by the time it would be read.
    std::os::unix::fs::symlink(
        site.path().join("nowhere.md"),
        site.path().join("content/gone.md"),
    )
    .unwrap();
    let run = build_with_limit(&site, Duration::from_secs(30));
    run.fails()
        .says(&["content/gone.md", "help:"])
        .never_says("panicked");
}

#[test]
fn huge_files_and_deep_nesting_build() {
    let site = TestSite::empty();
    site.write("weave.yaml", "search: false\n");
    let huge = format!("---\ntitle: Huge\n---\n{}\n", "word ".repeat(1_000_000));
    site.write("content/huge.md", huge);
    let deep = (0..40)
        .map(|i| format!("d{i}"))
        .collect::<Vec<_>>()
        .join("/");
    site.write(&format!("content/{deep}/leaf.md"), PAGE);
    let quotes = format!("---\ntitle: Quotes\n---\n{}deep\n", "> ".repeat(5000));
    site.write("content/quotes.md", quotes);
    let brackets = format!(
        "---\ntitle: Brackets\n---\n{}x{}\n",
        "[".repeat(20000),
        "]".repeat(20000)
    );
    site.write("content/brackets.md", brackets);
    build_with_limit(&site, Duration::from_secs(60)).ok();
    assert!(site.public("huge/index.html").contains("word word"));
    assert!(
        site.public(&format!("{deep}/leaf/index.html"))
            .contains("Text.")
    );
    assert!(site.public("quotes/index.html").contains("deep"));
}
