//! A folder of plain markdown builds: no front matter needed, every file name a URL, and two
//! files on one URL an error naming both.

use crate::harness::TestSite;

fn h1s(html: &str) -> usize {
    html.matches("<h1").count()
}

#[test]
fn files_without_front_matter_take_their_title_from_a_heading_or_their_name() {
    let site = TestSite::empty();
    site.write(
        "content/docs/getting-started.md",
        "# Getting *going*\n\nFirst steps. See [notes](notes.md).\n",
    )
    .write(
        "content/docs/notes.md",
        "Some notes.\n\n# A heading further down\n",
    )
    .write("content/docs/empty.md", "");
    let run = site.build();
    run.ok()
        .says(&["3 notes (`weave check` lists them)"])
        .never_says("no front matter");
    let page = site.public("docs/getting-started/index.html");
    assert!(page.contains("<title>Getting going"), "{page}");
    assert_eq!(
        h1s(&page),
        1,
        "the heading that gave the title is not shown twice: {page}"
    );
    assert!(page.contains("First steps."));
    assert!(
        page.contains("href=\"/docs/notes/\""),
        "links between plain files resolve"
    );
    let notes = site.public("docs/notes/index.html");
    assert!(notes.contains("<title>A heading further down"), "{notes}");
    assert!(
        site.public("docs/empty/index.html")
            .contains("<title>Empty")
    );
    site.run(&["check"]).ok().says(&[
        "note: no front matter: the title is taken from its first heading",
        "content/docs/getting-started.md",
        "note: no front matter: the title is taken from its file name",
        "content/docs/empty.md",
        "3 notes",
    ]);
}

#[test]
fn every_file_name_gets_a_url_of_its_own() {
    let site = TestSite::empty();
    for name in ["!", "[", "~", "clang", "clang++", "Read Me", "c#"] {
        site.write(&format!("content/{name}.md"), format!("About {name}.\n"));
    }
    site.build().ok();
    for (name, url) in [
        ("!", "!"),
        ("[", "_5b"),
        ("~", "~"),
        ("clang", "clang"),
        ("clang++", "clang++"),
        ("Read Me", "read-me"),
        ("c#", "c"),
    ] {
        let page = site.public(&format!("{url}/index.html"));
        assert!(
            page.contains(&format!("About {name}.")),
            "{name} at /{url}/: {page}"
        );
    }
}

#[test]
fn files_that_still_share_a_url_are_one_error_naming_them_all() {
    let site = TestSite::empty();
    site.write("content/a b.md", "One.\n")
        .write("content/a-b.md", "Two.\n")
        .write("content/A B.md", "Three.\n");
    let run = site.build();
    run.fails().says(&[
        "content/A B.md and content/a b.md and content/a-b.md would all be published at /a-b/",
    ]);
    assert_eq!(
        run.stderr.matches("would all be published").count(),
        1,
        "reported once"
    );
}
