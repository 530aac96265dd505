//! The quick path of `weave serve` when new titles move their pages among others of their
//! date: the session's files must be a fresh build's.

use crate::pipeline::{Changes, Session};

fn article(title: &str, tag: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2024-01-01\ntopics: [motives]\ntags: [{tag}]\n---\n{title}.\n"
    )
}

/// A new site folder with an articles section and `settings` as its `weave.yaml`.
fn site_folder(settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
    std::fs::write(dir.path().join("weave.yaml"), settings).unwrap();
    dir
}

/// Builds the saves of `names` (content paths), which must succeed.
fn save(serving: &mut Session, names: &[&str]) {
    let outcome = serving.build(Changes {
        content: names.iter().map(|n| n.to_string()).collect(),
        ..Changes::default()
    });
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
}

/// Renders what the quick path left for later (its being there shows the quick path was
/// taken: a full build leaves nothing) and checks the files are a fresh build's.
fn settle_and_compare(serving: &mut Session) {
    let later = serving
        .later_job(0)
        .expect("the quick path leaves the lists for later");
    assert!(serving.settle(later.number, later.make()).is_some());
    serving.assert_files_equal_a_fresh_build();
}

/// Two pages saved together, both moving, one across the other, in the section and in the
/// terms they share and in the newest pages: their listings are put in order as a full build
/// orders them, without one.
#[test]
fn two_new_titles_saved_together_move_both_pages() {
    let dir = site_folder("title: Moves\npaginate_by: 2\n");
    let root = dir.path();
    let names = ["a", "b", "c", "d", "e", "f"];
    for (k, name) in names.iter().enumerate() {
        let text = article(
            &format!("Title {name}"),
            if k % 2 == 0 { "even" } else { "odd" },
        );
        std::fs::write(root.join(format!("content/articles/{name}.md")), text).unwrap();
    }
    let mut serving = Session::serving_for_tests(root.to_path_buf());
    assert!(!serving.build(Changes::everything()).failed());

    // "a" goes last, "e" (of the same tag) first.
    std::fs::write(root.join("content/articles/a.md"), article("Zulu", "even")).unwrap();
    std::fs::write(root.join("content/articles/e.md"), article("Alpha", "even")).unwrap();
    save(&mut serving, &["articles/a.md", "articles/e.md"]);
    settle_and_compare(&mut serving);
    let listing = serving
        .files()
        .get("articles/index.html")
        .unwrap()
        .bytes()
        .unwrap();
    let listing = String::from_utf8_lossy(&listing);
    let first = listing
        .find("Alpha")
        .expect("Alpha on the first listing page");
    assert!(first < listing.find("Title b").unwrap(), "{listing}");
}

/// The search thread holds the graph of the build before while a save is built: the edit
/// changes the new graph's page in place (the pages are a persistent vector, so only the
/// stretch holding it is copied) and leaves the held graph's pages as they were.
#[test]
fn an_edit_leaves_a_held_graph_as_it_was() {
    let dir = site_folder("title: Untitled site\n");
    let root = dir.path();
    // More pages than one stretch of the vector holds.
    for k in 0..300 {
        let text = article(&format!("Title {k:03}"), "even");
        std::fs::write(root.join(format!("content/articles/p{k:03}.md")), text).unwrap();
    }
    let mut serving = Session::serving_for_tests(root.to_path_buf());
    assert!(!serving.build(Changes::everything()).failed());
    let held = serving.sites().remove(0);
    let page = (held.pages.iter())
        .position(|p| p.doc.front.title == "Title 150")
        .unwrap();

    let edited = article("Title 150", "even").replace("Title 150.\n", "New text.\n");
    std::fs::write(root.join("content/articles/p150.md"), edited).unwrap();
    save(&mut serving, &["articles/p150.md"]);
    let now = serving.sites().remove(0);
    assert!(!std::sync::Arc::ptr_eq(&held, &now));
    assert!(now.pages[page].doc.text().contains("New text."));
    assert!(held.pages[page].doc.text().contains("Title 150."));
    // Every other page is the same page, not a copy.
    let shared = (0..held.pages.len())
        .filter(|&i| std::sync::Arc::ptr_eq(&held.pages[i].doc, &now.pages[i].doc))
        .count();
    assert_eq!(shared, held.pages.len() - 1);
    serving.assert_files_equal_a_fresh_build();
}

/// A new title that moves its page copies only the lists that name it: the lists of the
/// graph the search thread holds are shared with the new graph's where the page is not.
#[test]
fn a_moving_title_copies_only_the_lists_that_name_its_page() {
    let dir = site_folder("title: Untitled site\n");
    let root = dir.path();
    for (k, name) in ["a", "b", "c", "d"].iter().enumerate() {
        let tag = if k % 2 == 0 { "even" } else { "odd" };
        let text = article(&format!("Title {name}"), tag);
        std::fs::write(root.join(format!("content/articles/{name}.md")), text).unwrap();
    }
    let mut serving = Session::serving_for_tests(root.to_path_buf());
    assert!(!serving.build(Changes::everything()).failed());
    let held = serving.sites().remove(0);

    std::fs::write(root.join("content/articles/a.md"), article("Zulu", "even")).unwrap();
    save(&mut serving, &["articles/a.md"]);
    let now = serving.sites().remove(0);
    let term = |site: &crate::site::Site, slug: &str| {
        let tags = site.taxonomies.iter().find(|t| t.name == "tags").unwrap();
        let term = tags.terms.iter().find(|t| t.slug == slug).unwrap();
        std::sync::Arc::clone(&term.pages)
    };
    assert!(std::sync::Arc::ptr_eq(
        &term(&held, "odd"),
        &term(&now, "odd")
    ));
    assert!(!std::sync::Arc::ptr_eq(
        &term(&held, "even"),
        &term(&now, "even")
    ));
    assert_ne!(term(&held, "even"), term(&now, "even"), "the page moved");
    settle_and_compare(&mut serving);
}

/// The newest pages, which the home page and the feed show, after new titles that move pages
/// among the fourteen of one date: within the newest ten, from outside into them, from them
/// past the cut, and outside them: each time, the session's files are a fresh build's.
#[test]
fn new_titles_move_pages_in_and_out_of_the_newest() {
    let dir = site_folder("title: Newest\nfeed_limit: 3\n");
    let root = dir.path();
    let write = |name: &str, title: &str| {
        let path = root.join(format!("content/articles/{name}.md"));
        std::fs::write(path, article(title, "even")).unwrap();
    };
    for k in 0..14 {
        write(&format!("p{k:02}"), &format!("Title {k:02}"));
    }
    let mut serving = Session::serving_for_tests(root.to_path_buf());
    assert!(!serving.build(Changes::everything()).failed());
    let edits = [
        ("p05", "Title 01b"), // within the newest ten
        ("p12", "Title 00b"), // from outside into them
        ("p02", "Title 99"),  // from them past the cut
        ("p13", "Title 12b"), // outside them
    ];
    for (name, title) in edits {
        write(name, title);
        save(&mut serving, &[&format!("articles/{name}.md")]);
        settle_and_compare(&mut serving);
    }
}
