//! Input that must produce a clear error, never a panic or a hang.

use crate::harness::TestSite;

#[test]
fn non_utf8_content_is_located() {
    let site = TestSite::empty();
    site.write("content/bad.md", b"---\ntitle: Caf\xe9\n---\n".as_slice());
    site.build()
        .fails()
        .says(&[
            "not valid UTF-8",
            "content/bad.md:2:11",
            "save the file as UTF-8",
        ])
        .never_says("panicked");
}

#[test]
fn duplicate_urls_name_both_files() {
    let site = TestSite::empty();
    site.write("content/a.md", "---\ntitle: A\nslug: same\n---\n")
        .write("content/b.md", "---\ntitle: B\nslug: same\n---\n");
    site.build().fails().says(&[
        "content/a.md and content/b.md would both be published at /same/",
        "content/b.md:3",
    ]);
}

#[test]
fn slugs_cannot_leave_the_output() {
    for slug in ["../escape", "..", "a/b", "x\\\\y"] {
        let site = TestSite::empty();
        site.write(
            "content/a.md",
            format!("---\ntitle: A\nslug: \"{slug}\"\n---\n"),
        );
        site.build()
            .fails()
            .says(&["slug `", "content/a.md:3", "one URL segment"]);
        assert!(!site.path().join("escape").exists());
        assert!(!site.path().parent().unwrap().join("escape").exists());
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let site = TestSite::empty();
    site.write("content/a.md", "---\ntitle: A\n---\n");
    std::fs::create_dir_all(site.path().join("content/dir")).unwrap();
    std::os::unix::fs::symlink(
        site.path().join("content"),
        site.path().join("content/dir/loop"),
    )
    .unwrap();
    site.build()
        .fails()
        .says(&["symbolic link loop", "content/dir/loop"]);
}

#[test]
fn odd_but_valid_files_build() {
    let site = TestSite::empty();
    site.write("content/empty-body.md", "---\ntitle: Empty\n---\n")
        .write("content/crlf.md", "---\r\ntitle: CRLF\r\n---\r\nBody\r\n")
        .write("content/bom.md", "\u{feff}---\ntitle: BOM\n---\n")
        .write("content/.hidden.md", "not front matter at all")
        .write("content/notes.md~", "editor backup")
        .write("content/image.png", [0u8, 159, 146, 150]);
    site.build().ok();
    assert!(site.public("crlf/index.html").contains("CRLF"));
    assert!(site.public("bom/index.html").contains("BOM"));
}

#[test]
fn an_opened_front_matter_never_closed_is_an_error_and_an_empty_file_a_page() {
    let site = TestSite::empty();
    site.write("content/empty.md", "")
        .write("content/dashes.md", "---\n");
    site.build()
        .fails()
        .says(&["never closed", "content/dashes.md:1"])
        .never_says("panicked")
        .never_says("content/empty.md");
}

#[test]
fn a_taxonomy_folder_with_subfolders_is_explained() {
    let site = TestSite::empty();
    site.write("content/topics/deep/x.md", "---\ntitle: X\n---\n");
    site.build()
        .fails()
        .says(&["`topics` is a taxonomy", "content/topics/deep/x.md"]);
}
