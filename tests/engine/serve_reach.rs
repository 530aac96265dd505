//! What an edit during `weave serve` renders again: only the pages whose templates can show
//! something it changed, and still exactly what a full build gives.

use crate::harness::TestSite;
use crate::serve_harness::{Server, assert_served_equals_full_build};

/// Forty notes with a topic they all share and one of five tags.
fn notes() -> TestSite {
    let site = TestSite::fixture("basic");
    site.write("weave.yaml", "title: Notes\nsearch: false\n");
    for i in 0..40 {
        site.write(
            &format!("content/articles/n{i:02}.md"),
            format!(
                "---\ntitle: Note {i}\ndate: 2024-01-{:02}\ntopics: [motives]\ntags: [t{}]\n---\nNote {i} says little.\n",
                i % 28 + 1,
                i % 5
            ),
        );
    }
    site
}

/// The number just before `what` in a rebuild's line.
fn count(line: &str, what: &str) -> usize {
    let before = line.split(what).next().unwrap();
    before.rsplit(' ').next().unwrap().parse().unwrap()
}

/// Deletes one note while `site` is served: the pages rendered again are (nearly) those whose
/// bytes changed, not the whole site, and the result equals a full build.
fn assert_a_deletion_renders_only_what_it_changes(site: &TestSite) {
    let server = Server::start(site, &[]);
    let files = server.get("/__weave/files").1;
    let all = files.lines().filter(|f| f.ends_with(".html")).count();
    site.remove("content/articles/n20.md");
    let lines = server.wait_for_rebuilds(1);
    let (again, changed) = (
        count(&lines[0], " pages rendered"),
        count(&lines[0], " files changed"),
    );
    assert!(
        again < all && again <= changed + 5,
        "{again} of {all} pages rendered again, {changed} files changed: {}",
        lines[0]
    );
    assert_served_equals_full_build(site, &server, "after the deletion");
}

/// The topic's count changed, which the default theme shows on its listings only.
#[test]
fn a_deletion_renders_only_the_pages_it_touches() {
    assert_a_deletion_renders_only_what_it_changes(&notes());
}

/// Templates that do show what a deletion changes (every term's count, through a macro, a
/// key-value loop and `json_encode`) render again and equal a full build.
#[test]
fn a_value_any_template_shows_renders_its_pages_again() {
    let site = notes();
    site.write(
        "templates/mine.html",
        "{% macro counts(all) %}{% for t in all %}{% for term in t.terms %}{{ term.name }}={{ term.count }};{% endfor %}{% endfor %}{% endmacro %}\n{% macro keys(map) %}{% for k, v in map %}{{ k }}{% endfor %}{% endmacro %}",
    )
    .write(
        "templates/page.html",
        "{% import \"mine.html\" as m %}<h1>{{ page.title }}</h1>{{ m::counts(all=taxonomies) }}",
    )
    .write(
        "templates/section.html",
        "{% import \"mine.html\" as m %}{{ m::keys(map=config.extra) }}{{ taxonomies | json_encode }}",
    )
    .write("weave.yaml", "title: Notes\nsearch: false\nextra:\n  a: 1\n");
    let server = Server::start(&site, &[]);
    let motives = |server: &Server| -> usize {
        let body = server.get("/articles/n01/").1;
        let rest = body.split("Motives=").nth(1).expect("the topic's count");
        rest.split(';').next().unwrap().parse().unwrap()
    };
    let before = motives(&server);
    site.remove("content/articles/n20.md");
    server.wait_for_rebuilds(1);
    assert_eq!(motives(&server), before - 1);
    assert_served_equals_full_build(&site, &server, "after the deletion");
    site.write(
        "weave.yaml",
        "title: Notes\nsearch: false\nextra:\n  a: 1\n  b: 2\n",
    );
    server.wait_for_rebuilds(2);
    assert!(server.get("/articles/").1.contains("ab"));
    assert_served_equals_full_build(&site, &server, "after a new key");
}

/// A text edit to a page without `date:` moves the date it shows (its file's), which the
/// feed and the sitemap show too: all of them follow, as a full build gives them.
#[test]
fn an_edit_to_an_undated_page_moves_its_date_everywhere() {
    let site = TestSite::empty();
    site.write("weave.yaml", "title: Undated\nsearch: false\n")
        .write("content/a.md", "---\ntitle: A\n---\nFirst text.\n")
        .write("content/b.md", "---\ntitle: B\n---\nOther text.\n");
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_614_816_000);
    for f in ["content/a.md", "content/b.md"] {
        std::fs::File::options()
            .write(true)
            .open(site.path().join(f))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let server = Server::start(&site, &[]);
    assert!(server.get("/a/").1.contains("2021-03-04"));
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\nFirst text, edited today.\n",
    );
    server.wait_for_rebuilds(1);
    let a = server.get("/a/").1;
    assert!(!a.contains("2021-03-04"), "{a}");
    assert_served_equals_full_build(&site, &server, "after the edit");
}

/// A section that lists its subsections shows their page counts, and every page's navigation
/// lists the sections: a name read in one place (`page_count` of a subsection) no longer
/// makes every page that carries the same name elsewhere render again.
#[test]
fn a_name_shown_in_one_place_renders_only_the_pages_that_show_it() {
    let site = notes();
    site.write(
        "content/articles/more/extra.md",
        "---\ntitle: Extra\ndate: 2024-02-01\n---\nA note in a subsection.\n",
    );
    assert_a_deletion_renders_only_what_it_changes(&site);
}

/// A key-value loop shows an object's keys: a page that gains a taxonomy renders again,
/// though nothing else its template reads changed.
#[test]
fn a_key_value_loop_shows_a_new_key() {
    let site = notes();
    site.write(
        "templates/page.html",
        "{% for name, terms in page.taxonomies %}{{ name }};{% endfor %}",
    );
    let server = Server::start(&site, &[]);
    assert!(!server.get("/articles/n03/").1.contains("entities;"));
    site.write(
        "content/articles/n03.md",
        "---\ntitle: Note 3\ndate: 2024-01-04\ntopics: [motives]\ntags: [t3]\nentities: [Meta]\n---\nNote 3 says little.\n",
    );
    server.wait_for_rebuilds(1);
    assert!(server.get("/articles/n03/").1.contains("entities;"));
    assert_served_equals_full_build(&site, &server, "after the new taxonomy");
}

/// A new title that moves its page among the pages of its date: across listing pages, out of
/// the feed and out of the newest pages the home page shows. Every listing page it moved
/// across follows, as a full build gives them.
#[test]
fn a_new_title_that_moves_its_page_reorders_every_listing() {
    let site = notes();
    let list = "{% for p in paginator.pages %}<li>{{ p.title }}</li>{% endfor %}";
    site.write(
        "weave.yaml",
        "title: Notes\nsearch: false\npaginate_by: 2\ncompact_after: 3\nfeed_limit: 2\n",
    )
    .write("templates/section.html", format!("<ul>{list}</ul>\n"))
    .write("templates/term.html", format!("<ul>{list}</ul>\n"))
    .write(
        "templates/index.html",
        "{% for p in latest %}<p>{{ p.title }}</p>{% endfor %}\n",
    );
    let top = |i: usize, title: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2026-02-01\ntopics: [motives]\ntags: [top]\n---\nTop {i}.\n"
        )
    };
    for i in 0..12 {
        site.write(
            &format!("content/articles/top{i:02}.md"),
            top(i, &format!("Top {i:02}")),
        );
    }
    let server = Server::start(&site, &[]);
    assert!(server.get("/").1.contains("Top 00"));
    let edits = [
        // First of the newest to last of its date: out of the feed and the home page.
        ("content/articles/top00.md", top(0, "Zed top")),
        // Back in, and first again.
        ("content/articles/top00.md", top(0, "A top")),
        // Among the newest, across listing pages.
        ("content/articles/top05.md", top(5, "Top 99")),
        // An older note before the other of its date (Note 11), on a compact page.
        (
            "content/articles/n39.md",
            "---\ntitle: Aardvark\ndate: 2024-01-12\ntopics: [motives]\ntags: [t4]\n---\nNote 39 says little.\n".to_string(),
        ),
    ];
    for (n, (file, text)) in edits.iter().enumerate() {
        site.write(file, text);
        server.wait_for_rebuilds(n + 1);
        assert_served_equals_full_build(&site, &server, &format!("after edit {n}: {file}"));
    }
    let (home, feed) = (server.get("/").1, server.get("/atom.xml").1);
    assert!(home.contains("A top") && !home.contains("Top 99"), "{home}");
    assert!(feed.contains("A top") && !feed.contains("Top 02"), "{feed}");
}

/// A new title reaches the page's listings, but the page being written is served first: the
/// browsers are told of it before the listing pages, which follow, and the list of files
/// waits for them, so once settled the site is a full build's.
#[test]
fn a_retitled_page_is_served_before_the_pages_that_list_it() {
    let site = notes();
    let server = Server::start(&site, &[]);
    let events = server.events();
    assert_eq!(
        events.recv().unwrap().0,
        "fixed",
        "a new stream says all is well"
    );
    site.write(
        "content/articles/n03.md",
        "---\ntitle: Renamed note\ndate: 2024-01-04\ntopics: [motives]\ntags: [t3]\n---\nNote 3 says little.\n",
    );
    let mut reloads = Vec::new();
    while !reloads.iter().any(|r: &String| r.contains("/tags/t3/")) {
        let (name, data) = events
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the listings are announced");
        if name == "reload" {
            reloads.push(data);
        }
    }
    assert_eq!(reloads.len(), 2, "{reloads:?}");
    assert!(reloads[0].contains("/articles/n03/"), "{reloads:?}");
    assert!(!reloads[0].contains("/tags/t3/"), "{reloads:?}");
    assert!(
        reloads[0].contains("\"follow\":\"/articles/n03/\""),
        "{reloads:?}"
    );
    assert!(reloads[1].contains("\"follow\":null"), "{reloads:?}");
    assert!(server.get("/tags/t3/").1.contains("Renamed note"));
    assert_served_equals_full_build(&site, &server, "after the new title");
}

/// A listing that fails to render with the new title (its template throws on it) is reported
/// like any failed build, and the next good save serves a full build again.
#[test]
fn a_listing_that_fails_after_the_page_is_served_reports_the_failure() {
    let site = notes();
    site.write(
        "templates/term.html",
        "{% for p in paginator.pages %}{% if p.title == \"Boom\" %}{{ throw(message=\"no booms in lists\") }}{% endif %}{{ p.title }};{% endfor %}\n",
    );
    let server = Server::start(&site, &[]);
    let note = |title: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2024-01-04\ntopics: [motives]\ntags: [t3]\n---\nNote 3 says little.\n"
        )
    };
    site.write("content/articles/n03.md", note("Boom"));
    let lines = server.wait_for_rebuilds(1);
    assert!(lines[0].contains("failed"), "{lines:?}");
    assert!(
        server.stderr().contains("no booms in lists"),
        "{}",
        server.stderr()
    );
    site.write("content/articles/n03.md", note("Calm"));
    server.wait_for_rebuilds(2);
    assert!(server.get("/tags/t3/").1.contains("Calm;"));
    assert_served_equals_full_build(&site, &server, "after the fix");
}
