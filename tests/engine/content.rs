//! Front matter: required keys, unknown keys, wrong types, and the config file.

use crate::harness::TestSite;

fn one_page(front: &str) -> TestSite {
    let site = TestSite::empty();
    site.write("content/page.md", format!("---\n{front}---\nBody.\n"));
    site
}

#[test]
fn an_unknown_key_is_a_warning_with_the_nearest_known_key() {
    let site = one_page("title: Page\ndescripton: typo\n");
    site.build().ok().says(&[
        "warning: unknown key `descripton` is ignored",
        "content/page.md:3",
        "did you mean `description`?",
    ]);
    assert!(site.public("page/index.html").contains("Body."));
}

#[test]
fn a_wrong_type_is_an_error_naming_the_key_and_line() {
    let site = one_page("title: Page\ndraft: maybe\n");
    site.build().fails().says(&[
        "`draft` must be `true` or `false`, found the text `maybe`",
        "content/page.md:3",
    ]);
    let site = one_page("title: Page\nweight: [1]\n");
    site.build()
        .fails()
        .says(&["`weight` must be a whole number, found a list"]);
    let site = one_page("title: Page\ntags: {a: 1}\n");
    site.build()
        .fails()
        .says(&["`tags` must be a list of strings"]);
}

#[test]
fn a_bad_date_names_the_format() {
    one_page("title: Page\ndate: July 2023\n")
        .build()
        .fails()
        .says(&[
            "`date` is not a date: `July 2023`",
            "content/page.md:3",
            "2024-07-23",
        ]);
}

#[test]
fn a_page_without_a_title_takes_its_first_heading_else_its_file_name() {
    let site = TestSite::empty();
    site.write(
        "content/notes/Attention is all you need.md",
        "---\ntags: [papers]\n---\n# The transformer\n\nText.\n",
    )
    .write(
        "content/notes/Scaling laws.md",
        "---\ntags: [papers]\n---\nNo heading here.\n",
    );
    site.build().ok().never_says("error:");
    assert!(
        site.public("notes/attention-is-all-you-need/index.html")
            .contains("<h1>The transformer</h1>")
    );
    assert!(
        site.public("notes/scaling-laws/index.html")
            .contains("<h1>Scaling laws</h1>")
    );
    site.run(&["check"]).ok().says(&[
        "note: no `title:`: the title is taken from its first heading",
        "note: no `title:`: the title is taken from its file name",
        "content/notes/Scaling laws.md",
    ]);
}

#[test]
fn yaml_syntax_errors_point_at_the_line() {
    one_page("title: Page\ntags: [unclosed\n")
        .build()
        .fails()
        .says(&["invalid YAML", "content/page.md:"]);
}

#[test]
fn unclosed_front_matter_is_an_error() {
    let site = TestSite::empty();
    site.write("content/page.md", "---\ntitle: Page\nBody without end\n");
    site.build()
        .fails()
        .says(&["never closed", "content/page.md:1"]);
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let site = TestSite::empty();
    site.write("content/a.md", "---\ndraft: 3\ntitle: A\n---\n")
        .write("content/b.md", "---\ntitle: B\ndate: soon\n---\n")
        .write("content/c.md", "---\ntitle: C\n---\n[x](nope.md)\n");
    let run = site.build();
    run.fails().says(&[
        "content/a.md:2",
        "content/b.md:3",
        "content/c.md:4",
        "3 errors",
    ]);
}

#[test]
fn config_is_optional_and_checked() {
    let site = one_page("title: Page\n");
    site.build().ok();
    assert!(site.public("index.html").contains("Untitled site"));
    site.write("weave.yaml", "title: Mine\ntheem: dark\n");
    site.build().ok().says(&[
        "unknown key `theem`",
        "weave.yaml:2",
        "did you mean `theme`?",
    ]);
    assert!(site.public("index.html").contains("Mine"));
    site.write("weave.yaml", "title: Mine\npaginate_by: lots\n");
    site.build()
        .fails()
        .says(&["`paginate_by` must be", "weave.yaml:2"]);
}

#[test]
fn the_error_shows_the_offending_line() {
    one_page("title: Page\ndraft: maybe\n")
        .build()
        .fails()
        .says(&["3 | draft: maybe"]);
}
