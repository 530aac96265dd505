//! `weave serve`: edits show up over HTTP, bursts give one rebuild, mistakes keep the last good
//! site, only the built site is served, and incremental builds equal full ones byte for byte.

use std::time::Duration;

use crate::harness::{TestSite, listing};
use crate::serve_harness::{
    Server, assert_each_edit_serves_a_full_build, assert_served_equals_full_build, full_build,
};

fn site() -> TestSite {
    let site = TestSite::fixture("basic");
    // The search index is built apart from the pages; these tests are about the pages.
    site.write("weave.yaml", "title: Basic\nsearch: false\n");
    site
}

const FIRST: &str = "content/articles/first.md";

#[test]
fn an_edit_is_served_at_once_and_reported_in_one_line() {
    let site = site();
    let server = Server::start(&site, &[]);
    assert!(
        server.base.starts_with("http://127.0.0.1:"),
        "loopback by default: {}",
        server.base
    );
    let (status, body) = server.get("/articles/first/");
    assert_eq!(status, 200);
    assert!(
        body.contains("/__weave/client.js"),
        "pages carry the live-reload script"
    );
    site.write(
        FIRST,
        "---\ntitle: First article\ntopics: [motives]\n---\nA brand new sentence.\n",
    );
    server.wait_for("/articles/first/", "the edit", |_, b| {
        b.contains("A brand new sentence.")
    });
    let lines = server.wait_for_rebuilds(1);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("rebuilt after content/articles/first.md:"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("rendered") && lines[0].ends_with("ms"),
        "{}",
        lines[0]
    );
}

/// `--root` as most people type it: a folder relative to where they stand.
#[test]
fn a_relative_root_is_watched_too() {
    let site = site();
    let server = Server::start_relative(&site);
    site.write(
        FIRST,
        "---\ntitle: First article\n---\nSeen from a relative root.\n",
    );
    server.wait_for("/articles/first/", "the edit", |_, b| {
        b.contains("Seen from a relative root.")
    });
}

#[test]
fn an_atomic_rename_save_is_seen() {
    let site = site();
    let server = Server::start(&site, &[]);
    // What many editors do: write a temporary file beside the real one, then rename it over.
    site.write(
        "content/articles/.first.md.tmp",
        "---\ntitle: First article\n---\nSaved atomically.\n",
    );
    std::fs::rename(
        site.path().join("content/articles/.first.md.tmp"),
        site.path().join(FIRST),
    )
    .unwrap();
    server.wait_for("/articles/first/", "the renamed save", |_, b| {
        b.contains("Saved atomically.")
    });
}

#[test]
fn a_burst_of_a_hundred_files_gives_one_rebuild() {
    let site = site();
    let server = Server::start(&site, &[]);
    for i in 0..100 {
        if i == 50 {
            // A writer stalls mid-burst on a loaded machine (or a checkout meets a large file);
            // the burst must still give one rebuild.
            std::thread::sleep(std::time::Duration::from_millis(40));
        }
        site.write(
            &format!("content/notes/n{i:03}.md"),
            format!("---\ntitle: Note {i}\n---\nNote number {i}.\n"),
        );
    }
    let lines = server.wait_for_rebuilds(1);
    assert_eq!(lines.len(), 1, "one rebuild for the burst: {lines:?}");
    for i in [0, 57, 99] {
        let (status, body) = server.get(&format!("/notes/n{i:03}/"));
        assert_eq!(status, 200);
        assert!(body.contains(&format!("Note number {i}.")));
    }
}

#[test]
fn created_deleted_and_renamed_files_are_followed() {
    let site = site();
    let server = Server::start(&site, &[]);
    site.write(
        "content/articles/fresh.md",
        "---\ntitle: Fresh\n---\nJust made.\n",
    );
    server.wait_for("/articles/fresh/", "the new page", |s, b| {
        s == 200 && b.contains("Just made.")
    });
    site.remove("content/about.md");
    server.wait_for("/about/", "a 404", |s, _| s == 404);
    std::fs::rename(
        site.path().join("content/articles/fresh.md"),
        site.path().join("content/articles/renamed.md"),
    )
    .unwrap();
    server.wait_for("/articles/renamed/", "the renamed page", |s, _| s == 200);
    server.wait_for("/articles/fresh/", "the old name gone", |s, _| s == 404);
}

#[test]
fn editor_debris_causes_no_rebuild() {
    let site = site();
    let server = Server::start(&site, &[]);
    site.write("content/articles/.first.md.swp", "swap")
        .write("content/articles/first.md~", "backup")
        .write("content/articles/4913", "vim's probe")
        .write("content/articles/first.md___jb_tmp___", "jetbrains");
    std::thread::sleep(Duration::from_millis(500));
    assert!(server.rebuilds().is_empty(), "{}", server.stderr());
}

#[cfg(unix)]
#[test]
fn metadata_only_changes_cause_no_rebuild() {
    use std::os::unix::fs::PermissionsExt;
    let site = site();
    let server = Server::start(&site, &[]);
    let path = site.path().join(FIRST);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::File::open(&path).unwrap(); // an access
    std::thread::sleep(Duration::from_millis(500));
    assert!(server.rebuilds().is_empty(), "{}", server.stderr());
}

#[test]
fn a_mistake_keeps_the_last_good_site_and_the_fix_clears_it() {
    let site = site();
    let server = Server::start(&site, &[]);
    let (_, before) = server.get("/articles/first/");
    site.write(
        FIRST,
        "---\ntitle: First article\ndraft: maybe\n---\nBroken.\n",
    );
    server.wait_for_rebuilds(1);
    let err = server.stderr();
    assert!(err.contains("`draft` must be `true` or `false`"), "{err}");
    assert!(err.contains("content/articles/first.md:3"), "{err}");
    assert!(err.contains("still serving the last good site"), "{err}");
    assert_eq!(
        server.get("/articles/first/").1,
        before,
        "the last good page is still served"
    );
    site.write(FIRST, "---\ntitle: Fixed\n---\nRepaired.\n");
    server.wait_for("/articles/first/", "the fix", |_, b| {
        b.contains("Repaired.")
    });
}

#[test]
fn only_the_built_site_is_served() {
    let site = site();
    site.write("secret.txt", "do not serve");
    let server = Server::start(&site, &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/articles/%2e%2e/%2e%2e/secret.txt",
        "/articles%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/content/articles/first.md",
        "/weave.yaml",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("do not serve") && !body.contains("title: First"),
            "{path}"
        );
    }
    // A folder without an index page is not listed.
    let (status, body) = server.get("/articles/first/../");
    assert!(status == 404 || !body.contains("Index of"), "{body}");
    let (status, _) = server.get("/img/");
    assert_eq!(status, 404);
}

#[test]
fn incremental_rebuilds_equal_a_full_build_byte_for_byte() {
    let site = site();
    // Listings that show each page's summary and reading time, so text edits reach them.
    let list = "{% for p in paginator.pages %}<li>{{ p.title }}: {{ p.summary | safe }} ({{ p.reading_time }} min)</li>{% endfor %}";
    site.write("templates/section.html", format!("<ul>{list}</ul>\n"))
        .write(
            "templates/term.html",
            format!("<h1>{{{{ term.title }}}}</h1><ul>{list}</ul>\n"),
        )
        .write(
            "templates/index.html",
            "{% for p in latest %}<p>{{ p.title }}: {{ p.summary | safe }}</p>{% endfor %}\n{{ site_map | safe }}\n",
        );
    let server = Server::start(&site, &[]);
    let second = "---\ntitle: Second article\ndate: 2024-03-05\ntopics: [motives, challenges]\ntags: [alpha]\n---\n";
    let third = "---\ntitle: Third article\ndate: 2025-06-01\nslug: the-third\naliases: [/old/third/]\ntags: [Beta]\n---\n";
    // Text-only edits (the quick path) between edits that change the site's shape.
    let second_new_summary = format!(
        "{second}A new intro, shown on every listing.\n\n## Details\n\nThe details, which the first article links to.\n"
    );
    let second_same_summary = format!(
        "{second}A new intro, shown on every listing.\n\n## Details\n\nOther details, same summary.\n"
    );
    let third_paginated =
        format!("{third}The newest article, one per page. Back to [the first](first.md).\n");
    let third_new_link = format!("{third}Now it links to [the second](second.md) instead.\n");
    // New titles and descriptions (the quick path, unless the page moves among its date's).
    let third_retitled = third_new_link.replace("Third article", "Third, retitled");
    let second_described = second_same_summary.replace("date:", "description: Before.\ndate:");
    let second_retitled = second_described
        .replace("Before.", "After.")
        .replace("Second article", "Second, retitled")
        .replace("Other details", "Fresh details");
    let twin =
        "---\ntitle: Zeta twin\ndate: 2024-03-05\ntags: [alpha]\n---\nSame day as the second.\n";
    let edits: [(&str, Option<&str>); 15] = [
        ("content/articles/second.md", Some(&second_new_summary)),
        ("content/articles/second.md", Some(&second_same_summary)),
        (
            FIRST,
            Some(
                "---\ntitle: First, renamed\ndate: 2023-01-10\ntopics: [challenges]\ntags: [gamma]\n---\nNew words. See [second](second.md#details).\n",
            ),
        ),
        (
            "content/articles/new.md",
            Some(
                "---\ntitle: A new article\ndate: 2026-01-01\ntags: [alpha]\n---\nLinks to [first](first.md).\n",
            ),
        ),
        ("content/about.md", None),
        (
            "content/topics/motives.md",
            Some("---\ntitle: Motives, revised\n---\nRevised text.\n"),
        ),
        (
            "content/articles/_index.md",
            Some("---\ntitle: All articles\npaginate_by: 1\n---\nOne per page.\n"),
        ),
        ("content/articles/third.md", Some(&third_paginated)),
        ("content/articles/third.md", Some(&third_new_link)),
        ("content/articles/third.md", Some(&third_retitled)),
        ("content/articles/second.md", Some(&second_described)),
        ("content/articles/second.md", Some(&second_retitled)),
        ("content/articles/twin.md", Some(twin)),
        // Now first among the pages of its date: the listings' order changes.
        (
            "content/articles/twin.md",
            Some(&twin.replace("Zeta twin", "Alpha twin")),
        ),
        ("static/extra.css", Some("p { margin: 0 }\n")),
    ];
    assert_each_edit_serves_a_full_build(&site, &server, &edits);
}

/// A new title reaches the home page's map even for a page too old to be among its newest.
#[test]
fn a_new_title_reaches_the_home_page_map() {
    let site = site();
    let note = |i: usize, title: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2020-01-{:02}\ntopics: [motives]\nentities: [Meta]\n---\nNote {i}.\n",
            i + 1
        )
    };
    for i in 0..12 {
        site.write(
            &format!("content/articles/n{i:02}.md"),
            note(i, &format!("Note {i}")),
        );
    }
    let server = Server::start(&site, &[]);
    assert!(
        server.get("/").1.contains("Note 0"),
        "the map shows the oldest note"
    );
    site.write("content/articles/n00.md", note(0, "Renamed note"));
    server.wait_for_rebuilds(1);
    assert!(server.get("/").1.contains("Renamed note"));
    assert_served_equals_full_build(&site, &server, "after the new title");
}

#[test]
fn many_concurrent_requests_while_editing_never_fail_or_tear() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    let site = site();
    let server = Arc::new(Server::start(&site, &[]));
    let stop = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicUsize::new(0));
    let paths = [
        "/",
        "/articles/",
        "/articles/first/",
        "/articles/second/",
        "/topics/motives/",
        "/tags/alpha/",
        "/atom.xml",
    ];
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let (server, stop, served) =
                (Arc::clone(&server), Arc::clone(&stop), Arc::clone(&served));
            std::thread::spawn(move || {
                // Bounded in count and in time.
                let start = std::time::Instant::now();
                for i in 0..2000 {
                    if stop.load(Ordering::Relaxed) || start.elapsed() > Duration::from_secs(20) {
                        break;
                    }
                    let path = paths[(c + i) % paths.len()];
                    let (status, body) = server.get(path);
                    assert_eq!(status, 200, "{path}");
                    if path.ends_with('/') {
                        assert!(
                            body.starts_with("<!doctype html>")
                                && body.trim_end().ends_with("</html>"),
                            "{path} was cut short"
                        );
                    }
                    if path == "/articles/first/" {
                        let versions = [
                            "Version A of the text.",
                            "Version B of the text.",
                            "The first article links to",
                        ];
                        assert_eq!(
                            versions.iter().filter(|v| body.contains(*v)).count(),
                            1,
                            "a torn page:\n{body}"
                        );
                    }
                    served.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for i in 0..30 {
        let version = if i % 2 == 0 { "A" } else { "B" };
        site.write(FIRST, format!("---\ntitle: First article\ntopics: [motives]\n---\nVersion {version} of the text.\n"));
        std::thread::sleep(Duration::from_millis(60));
    }
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().expect("no client saw a failure");
    }
    let total = served.load(Ordering::Relaxed);
    eprintln!("served {total} requests while editing, none failed");
    assert!(total > 100, "{total}");
    assert!(!server.rebuilds().is_empty());
}

/// The search index `weave serve` keeps up to date after each edit, built from what it kept
/// of the last one, is the index a full build makes, byte for byte.
#[test]
fn the_served_search_index_equals_a_full_builds_after_each_edit() {
    let site = TestSite::fixture("basic");
    // Enough pages for several runs of the index (about 128 pages each), so that an edit
    // reads one run again and the others are kept.
    for i in 0..600 {
        site.write(
            &format!("content/notes/note-{i}.md"),
            format!(
                "---\ntitle: Note {i}\n---\nWords of note {i}, with word{} and café.\n",
                i % 17
            ),
        );
    }
    let server = Server::start(&site, &[]);
    let third = "---\ntitle: Third article\ndate: 2025-06-01\nslug: the-third\ntags: [Beta]\n---\n";
    let edits: [(&str, Option<String>); 6] = [
        (
            "content/articles/third.md",
            Some(format!("{third}A quokka came by.\n")),
        ),
        (
            "content/articles/new.md",
            Some(
                "---\ntitle: A new article\ndate: 2026-01-01\ntopics: [motives]\n---\nNew café.\n"
                    .into(),
            ),
        ),
        (
            "content/articles/third.md",
            Some(format!("{third}A quokka came by.\n").replace("Third article", "Third, retitled")),
        ),
        (
            "content/about.md",
            Some("---\ntitle: About\ndraft: true\n---\nHidden.\n".into()),
        ),
        ("content/articles/new.md", None),
        (
            "content/topics/motives.md",
            Some("---\ntitle: Motives, revised\n---\nRevised.\n".into()),
        ),
    ];
    assert_served_index_equals_full_build(&site, &server, "at start");
    for (i, (path, text)) in edits.iter().enumerate() {
        match text {
            Some(t) => site.write(path, t),
            None => site.remove(path),
        };
        assert_served_index_equals_full_build(&site, &server, &format!("after edit {}", i + 1));
    }
}

/// Waits (the index is made beside the pages, after them) until the served `pagefind/` holds
/// exactly the files of a full build's, byte for byte.
fn assert_served_index_equals_full_build(site: &TestSite, server: &Server, when: &str) {
    let full = full_build(site, server);
    let expected: Vec<(String, Vec<u8>)> = listing(&full.join("pagefind"))
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(full.join("pagefind").join(&f)).unwrap();
            (format!("pagefind/{f}"), bytes)
        })
        .collect();
    let start = std::time::Instant::now();
    loop {
        let (_, files) = server.get("/__weave/files");
        let served: Vec<(String, Vec<u8>)> = files
            .lines()
            .filter(|f| f.starts_with("pagefind/"))
            .map(|f| (f.to_string(), server.get_bytes(&format!("/{f}"))))
            .collect();
        if served == expected {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "{when}: the served index differs from a full build's: {:?}",
            served
                .iter()
                .map(|(f, _)| f)
                .filter(|f| !expected.iter().any(|(e, _)| e == *f))
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
