//! A folder written in Obsidian (`tests/fixtures/vault`): notes without titles, wikilinks of
//! every form, embeds of files and notes, callouts, highlights, block ids, inline and nested
//! tags, comments, folder notes and Obsidian's front-matter keys. It builds, links and reads
//! as its author meant.

use std::io::Read;

use crate::harness::{TestSite, article_content as content, broken_anchors, broken_links, listing};

fn vault() -> TestSite {
    TestSite::fixture("vault")
}

#[test]
fn a_vault_builds_with_warnings_only_for_what_it_has_not_written() {
    let site = vault();
    let run = site.build();
    run.ok()
        .never_says("error:")
        .never_says("unknown key")
        .says(&[
            "warning: wikilink `[[Mixture of experts]]` names no note",
            "content/Notes/Scaling laws.md:13:20",
            "warning: content/Notes/Attention.md has no heading or block `#no-such-part`",
            "content/Notes/Scaling laws.md:14:20",
        ]);
    assert_eq!(run.stderr.matches("warning:").count(), 2, "{}", run.stderr);
    let public = site.path().join("public");
    assert!(broken_links(&public, "/").is_empty());
    let anchors: Vec<_> = broken_anchors(&public, "/")
        .into_iter()
        .filter(|(_, link)| !link.ends_with("#no-such-part"))
        .collect();
    assert!(anchors.is_empty(), "{anchors:?}");
}

#[test]
fn wikilinks_resolve_as_obsidian_resolves_them() {
    let site = vault();
    site.build().ok();
    let page = site.public("notes/scaling-laws/index.html");
    let text = content(&page);
    for expected in [
        "see <a href=\"/notes/attention/\">Attention</a> and <a href=\"/notes/attention/\">the attention note</a>",
        "Heading: <a href=\"/notes/attention/#scaled-dot-product\">Attention &gt; Scaled dot-product</a>",
        "Block: <a href=\"/notes/attention/#%5Ecore\">Attention &gt; core</a>",
        "Here: <a href=\"#local-heading\">Local heading</a>",
        "Path: <a href=\"/notes/attention/\">Notes/Attention</a> and <a href=\"/notes/attention/\">Attention</a>",
        "Alias: <a href=\"/notes/attention/\">Self-attention</a>",
        "<span class=\"wikilink-unresolved\" title=\"Not written yet: Mixture of experts\">Mixture of experts</span>",
        "<td><a href=\"/notes/attention/\">the table link</a></td>",
        "<a href=\"mailto:someone@example.org\">someone@example.org</a>",
        "<a href=\"https://example.org/page\">https://example.org/page</a>",
        "<code>[[Attention]]</code> in code stays as it is",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    // The title came from the first heading, which is not repeated in the text.
    assert!(page.contains("<h1>Scaling laws</h1>"));
    assert_eq!(
        text.matches("[[").count(),
        1,
        "only the code span's: {text}"
    );

    // A markdown link whose file is not beside it resolves by name, with a note.
    let embeds = site.public("guide/embeds/index.html");
    assert!(content(&embeds).contains("<a href=\"/notes/attention/\">markdown link by name</a>"));
    site.run(&["check"]).ok().says(&[
        "note: `Attention.md` is not beside this file; it names content/Notes/Attention.md, found by its name",
        "content/Guide/Embeds.md:23:3",
    ]);
}

#[test]
fn wikilinks_and_embeds_count_as_links() {
    let site = vault();
    site.build().ok();
    let attention = site.public("notes/attention/index.html");
    let backlinks = attention
        .split("Pages that link here")
        .nth(1)
        .expect("a backlinks list");
    for from in ["/notes/scaling-laws/", "/guide/embeds/", "\"/\""] {
        assert!(backlinks.contains(from), "{from}: {backlinks}");
    }
}

#[test]
fn embeds_put_files_and_notes_in_place() {
    let site = vault();
    site.build().ok();
    let page = site.public("guide/embeds/index.html");
    let text = content(&page);
    for expected in [
        // Found by name in another folder; sized by the file, by a width (height kept in
        // proportion), and by both.
        "<img src=\"/attachments/diagram.png\" alt=\"diagram\" width=\"40\" height=\"20\" loading=\"lazy\">",
        "<img src=\"/attachments/diagram.png\" alt=\"diagram\" width=\"300\" height=\"150\" loading=\"lazy\">",
        "<img src=\"/attachments/diagram.png\" alt=\"diagram\" width=\"120\" height=\"80\" loading=\"lazy\">",
        "<audio controls preload=\"metadata\" src=\"/attachments/talk.mp3\">",
        "<video controls preload=\"metadata\" src=\"/attachments/clip.mp4\">",
        "<a class=\"embed-file\" href=\"/attachments/paper.pdf\">paper.pdf</a>",
        "<footer class=\"embed-source\"><a href=\"/notes/attention/\">Attention</a></footer>",
        "<footer class=\"embed-source\"><a href=\"/notes/attention/#scaled-dot-product\">Attention › Scaled dot-product</a></footer>",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    let embeds: Vec<&str> = text.split("<blockquote class=\"embed\"").skip(1).collect();
    assert_eq!(embeds.len(), 3, "{text}");
    // The whole note, the section (to the next heading of its level) and the block.
    assert!(embeds[0].contains("Attention lets every token") && embeds[0].contains("Many heads"));
    assert!(embeds[1].contains("<h2>Scaled dot-product</h2>") && !embeds[1].contains("Many heads"));
    assert!(
        embeds[2].contains("<li>Many heads look at once.</li>") && !embeds[2].contains("Each has")
    );
    // Embedded text brings no ids of its own: they would repeat the note's.
    assert!(!embeds[0].contains(" id=\""), "{}", embeds[0]);
    // Each embedded note is a block of its own, not inside a paragraph.
    assert!(!text.contains("<p><blockquote"), "{text}");
    assert!(
        text.contains("<p>Block: </p>\n<blockquote class=\"embed\""),
        "{text}"
    );
    for file in [
        "attachments/diagram.png",
        "attachments/talk.mp3",
        "attachments/paper.pdf",
    ] {
        assert!(site.exists(&format!("public/{file}")), "{file}");
    }
}

#[test]
fn callouts_highlights_block_ids_and_tags_read_as_in_obsidian() {
    let site = vault();
    site.build().ok();
    let page = site.public("notes/attention/index.html");
    let text = content(&page);
    for expected in [
        "<div class=\"callout callout-tip\" data-callout=\"tip\" role=\"note\">\n<p class=\"callout-title\">Read this first</p>",
        "<details class=\"callout callout-question\" data-callout=\"faq\">\n<summary class=\"callout-title\">Why scale?</summary>",
        "<details class=\"callout callout-abstract\" data-callout=\"summary\" open>\n<summary class=\"callout-title\">Summary</summary>",
        "<div class=\"callout callout-bug\" data-callout=\"bug\" role=\"note\">",
        "<div class=\"callout callout-note\" data-callout=\"unknown-kind\" role=\"note\">\n<p class=\"callout-title\">Unknown kind</p>",
        "<mark>scaled by the key size</mark>",
        "<p><span class=\"block-anchor\" id=\"^core\"></span>Attention lets every token look at every other.</p>",
        "<li><span class=\"block-anchor\" id=\"^heads\"></span>Many heads look at once.</li>",
        "<a class=\"tag\" href=\"/tags/ml/transformers/\">#ml/transformers</a>",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    // The nested callout closes inside its parent.
    let outer = text
        .split("data-callout=\"note\" role=\"note\">")
        .nth(1)
        .unwrap();
    assert!(
        outer.find("callout-bug").unwrap() < outer.find("</div>\n</div>\n</div>\n</div>").unwrap()
    );
    assert!(
        !text.contains("[!") && !text.contains("==") && !text.contains(" ^core"),
        "{text}"
    );

    // Tags from the front matter (a string of two) and the text, each level of a nested one
    // with its own page listing the note.
    for (tag, name) in [
        ("ml", "ml"),
        ("papers", "papers"),
        ("ml/transformers", "ml/transformers"),
    ] {
        let term = site.public(&format!("tags/{tag}/index.html"));
        assert!(term.contains("href=\"/notes/attention/\""), "{tag}");
        assert!(
            page.contains(&format!("<a href=\"/tags/{tag}/\">{name}</a>")),
            "{tag}"
        );
    }
    assert!(
        site.public("tags/papers/index.html")
            .contains("href=\"/notes/scaling-laws/\"")
    );
}

#[test]
fn front_matter_keys_and_folders_are_obsidians() {
    let site = vault();
    site.build().ok();
    // The root's index.md is the home page, a folder's index.md its section page.
    let home = site.public("index.html");
    assert!(home.contains("Welcome to the vault"), "{home}");
    let notes = site.public("notes/index.html");
    assert!(notes.contains("The notes of this vault."));
    assert!(notes.contains("href=\"/notes/attention/\""));
    // A folder holding only index.md and its files is a page bundle.
    let bundle = site.public("guide/bundle/index.html");
    // (Files keep their paths as written; pages get URLs by Hugo's rule.)
    assert!(
        bundle.contains("<img src=\"/Guide/bundle/diagram.png\""),
        "{bundle}"
    );
    // cssclasses, created and modified, and an alias that redirects from the note's folder.
    let attention = site.public("notes/attention/index.html");
    assert!(attention.contains("<article class=\"wide\">"));
    assert!(attention.contains("<time datetime=\"2024-03-05T10:20\">"));
    assert!(attention.contains("Updated <time datetime=\"2024-04-01 08:00\">"));
    assert!(
        site.public("notes/self-attention/index.html")
            .contains("url=/notes/attention/")
    );
    // publish: false is a draft: built only with --drafts.
    assert!(!site.exists("public/guide/unpublished/index.html"));
    site.run(&["build", "--drafts"]).ok();
    assert!(site.exists("public/guide/unpublished/index.html"));
}

/// Every byte of every output file, gzip-compressed ones (the search index) unpacked.
fn every_output_text(site: &TestSite) -> Vec<(String, String)> {
    let public = site.path().join("public");
    listing(&public)
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(public.join(&file)).unwrap();
            let mut text = String::from_utf8_lossy(&bytes).into_owned();
            let mut unpacked = Vec::new();
            if flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut unpacked)
                .is_ok()
            {
                text.push_str(&String::from_utf8_lossy(&unpacked));
            }
            (file, text)
        })
        .collect()
}

#[test]
fn comments_appear_in_no_output_file() {
    let site = vault();
    site.build().ok();
    let all = every_output_text(&site);
    assert!(
        all.iter().any(|(f, _)| f.contains(".pf_fragment")),
        "the search index is checked too"
    );
    assert!(
        all.iter().any(|(_, t)| t.contains("every token look")),
        "the unpacked index holds the notes' text"
    );
    for (file, text) in &all {
        for secret in [
            "private draft",
            "never published",
            "Only the author reads",
            "%%",
        ] {
            assert!(!text.contains(secret), "{file} holds `{secret}`");
        }
    }
}

#[test]
fn an_embed_cycle_is_an_error_naming_the_cycle() {
    let site = TestSite::empty();
    site.write("content/a.md", "---\ntitle: A\n---\n# Part\n\n![[b]]\n")
        .write("content/b.md", "---\ntitle: B\n---\n![[a#Part]]\n")
        .write("content/c.md", "---\ntitle: C\n---\n# Part\n\n![[c#Part]]\n\nA part may embed another: ![[c#Other]]\n\n# Other\n\nFine.\n");
    site.build().fails().says(&[
        "error: embed cycle: content/a.md#Part embeds content/b.md embeds content/a.md#Part",
        "content/a.md:6:1",
        "error: embed cycle: content/b.md embeds content/a.md#Part embeds content/b.md",
        "content/b.md:4:1",
        "error: embed cycle: content/c.md#Part embeds content/c.md#Part",
        "content/c.md:6:1",
    ]);
}

#[test]
fn a_missing_embedded_file_is_an_error_at_its_line() {
    let site = TestSite::empty();
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\nText.\n\n![[nowhere.png|200]]\n",
    );
    site.build().fails().says(&[
        "error: missing file: `![[nowhere.png]]` names no file in content/",
        "content/a.md:6:1",
    ]);
}

#[test]
fn a_site_can_make_unresolved_wikilinks_errors() {
    let site = vault();
    site.write("weave.yaml", "title: A vault\nunresolved_links: error\n");
    site.build().fails().says(&[
        "error: wikilink `[[Mixture of experts]]` names no note",
        "content/Notes/Scaling laws.md:13:20",
    ]);
    site.write("weave.yaml", "unresolved_links: maybe\n");
    site.build()
        .fails()
        .says(&["`unresolved_links` must be `warning` or `error`, found `maybe`"]);
}

#[test]
fn two_notes_sharing_an_alias_is_a_warning_not_an_error() {
    let site = TestSite::empty();
    site.write("content/a.md", "---\naliases: [Same]\n---\nA.\n")
        .write("content/b.md", "---\naliases: [same]\n---\nB [[Same]].\n");
    site.build().ok().says(&[
        "warning: content/a.md and content/b.md all give `same` as another name; `[[same]]` links to the first",
    ]);
    assert!(
        site.public("b/index.html")
            .contains("<a href=\"/a/\">Same</a>")
    );
}

/// Edits while `weave serve` runs: a note that another embeds, a wikilink's note coming into
/// being, an inline tag, a folder note's text. After each the served site equals a full build.
#[test]
fn serve_follows_embeds_wikilinks_and_tags() {
    use crate::serve_harness::{Server, assert_served_equals_full_build};
    let site = vault();
    site.write("weave.yaml", "title: A vault\nsearch: false\n");
    let server = Server::start(&site, &[]);
    let attention = "content/Notes/Attention.md";
    let text = std::fs::read_to_string(site.path().join(attention)).unwrap();
    // Its text shows in the note that embeds it.
    site.write(attention, text.replace("every other", "every other one"));
    server.wait_for_rebuilds(1);
    assert!(server.get("/guide/embeds/").1.contains("every other one"));
    assert_served_equals_full_build(&site, &server, "after editing an embedded note");
    // The note a wikilink waited for is written.
    site.write("content/Notes/Mixture of experts.md", "Experts, routed.\n");
    server.wait_for_rebuilds(2);
    assert!(
        server
            .get("/notes/scaling-laws/")
            .1
            .contains("<a href=\"/notes/mixture-of-experts/\">Mixture of experts</a>")
    );
    assert_served_equals_full_build(&site, &server, "after writing a linked note");
    // A new inline tag gives its page.
    let scaling = "content/Notes/Scaling laws.md";
    let text = std::fs::read_to_string(site.path().join(scaling)).unwrap();
    site.write(scaling, text.replace("Text under", "#compute Text under"));
    server.wait_for_rebuilds(3);
    assert!(server.get("/tags/compute/").0 == 200);
    assert_served_equals_full_build(&site, &server, "after a new inline tag");
    // A folder note's text.
    site.write(
        "content/Notes/index.md",
        "---\ntitle: Notes\n---\nEvery note.\n",
    );
    server.wait_for_rebuilds(4);
    assert_served_equals_full_build(&site, &server, "after editing a folder note");
}
