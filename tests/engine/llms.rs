//! The site for agents: `llms.txt` by llmstxt.org's rules, a markdown twin of every content
//! page (linked from the page, its links resolving), `llms-full.txt` with every twin, and
//! `llms: false` turning it off; `weave serve` keeps all of it equal to a fresh build.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag};

use crate::harness::{TestSite, build_explainer, listing};
use crate::serve_harness::{Server, assert_each_edit_serves_a_full_build};

const SUB: &str = "https://example.org/sub/";

/// Every link and image destination of a markdown text.
fn destinations(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

/// The file in `public` a URL of the site names, or None for a URL elsewhere.
fn file_of(public: &Path, url: &str) -> Option<PathBuf> {
    let path = url.strip_prefix(SUB)?.split('#').next().unwrap();
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .unwrap();
    Some(match path.is_empty() || path.ends_with('/') {
        true => public.join(&*path).join("index.html"),
        false => public.join(&*path),
    })
}

/// The claims fixture, with a draft, a comment and a wikilink, under a sub-path.
fn site() -> TestSite {
    let site = TestSite::fixture("claims");
    site.write(
        "weave.yaml",
        "title: Claims fixture\ndescription: Who says what about open models.\nbase_url: https://example.org/sub/\n",
    );
    site.write(
        "content/articles/four.md",
        "---\ntitle: Four\ndescription: The fourth.\n---\nSee [[Two]], [one](one.md) and [[Nowhere]].\n\n%% a secret note %%\n\n- a list\n- of two\n\n> [!note] Heads up\n> Type \\[\\[ to link.\n\n1. first\n1. second\n\n![[pic.png#invert|300]]\n\n````markdown\n```rust\nlet x = 1;\n```\n````\n",
    );
    site.write("content/articles/pic.png", b"\x89PNG\r\n\x1a\n");
    site.write(
        "content/articles/draft.md",
        "---\ntitle: Unfinished draft\ndraft: true\n---\nNot yet.\n",
    );
    site
}

#[test]
fn llms_txt_follows_the_convention_and_every_link_leads_to_a_file() {
    let site = site();
    site.build().ok();
    let public = site.path().join("public");
    let text = site.public("llms.txt");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("# Claims fixture"));
    assert_eq!(lines.next(), Some(""));
    assert_eq!(lines.next(), Some("> Who says what about open models."));
    // After the quote, prose only until the first H2; then H2s and lists of links.
    let rest: Vec<&str> = lines.collect();
    let first_h2 = rest.iter().position(|l| l.starts_with("## ")).unwrap();
    assert!(rest[..first_h2].iter().all(|l| !l.starts_with('#')));
    let mut sections = Vec::new();
    for line in &rest[first_h2..] {
        if let Some(h2) = line.strip_prefix("## ") {
            sections.push(h2.to_string());
        } else if !line.is_empty() {
            assert!(line.starts_with("- ["), "a list item: {line}");
        }
    }
    for wanted in ["Articles", "Topics", "Entities"] {
        assert!(sections.iter().any(|s| s == wanted), "{sections:?}");
    }
    let links = destinations(&text);
    assert!(
        links.contains(&format!("{SUB}articles/two/index.html.md")),
        "{links:?}"
    );
    assert!(links.contains(&format!("{SUB}topics/motives/index.html.md")));
    for url in &links {
        let file = file_of(&public, url).unwrap_or_else(|| panic!("{url} is the site's"));
        assert!(file.is_file(), "{url} names a file in the output");
    }
    assert!(!text.contains("Unfinished draft"));
    // The same bytes from the same site.
    site.build().ok();
    assert_eq!(site.public("llms.txt"), text);
}

#[test]
fn every_content_page_has_a_twin_it_links_to_and_the_twins_links_resolve() {
    let site = site();
    site.build().ok();
    let public = site.path().join("public");
    let pages: Vec<String> = listing(&public)
        .into_iter()
        .filter(|f| f.ends_with("index.html") && !f.contains("/page/"))
        .filter(|f| !["404.html", "search/index.html"].contains(&f.as_str()))
        .collect();
    assert!(pages.len() > 8, "{pages:?}");
    for page in &pages {
        let html = site.public(page);
        let twin = format!("{page}.md");
        let link = html
            .lines()
            .find(|l| l.starts_with("<link rel=\"alternate\" type=\"text/markdown\""))
            .unwrap_or_else(|| panic!("{page} links its twin"));
        assert!(
            link.ends_with(&format!("href=\"/sub/{twin}\">")),
            "{page}: {link}"
        );
        let text = site.public(&twin);
        assert!(text.starts_with("---\ntitle: "), "{twin}: {text}");
        for url in destinations(&text) {
            if let Some(file) = file_of(&public, &url) {
                assert!(file.is_file(), "{twin}: {url} resolves");
            }
        }
    }
    // An article's twin: header, text with twin links, claim references; no comment.
    let two = site.public("articles/two/index.html.md");
    assert!(
        two.contains("url: https://example.org/sub/articles/two/\n"),
        "{two}"
    );
    assert!(two.contains("topics:\n- Motives\n"), "{two}");
    assert!(two.contains("- id: motives/faster-innovation\n"), "{two}");
    assert!(
        two.contains("Meta says thousands of developers can improve it. [claim: "),
        "{two}"
    );
    let four = site.public("articles/four/index.html.md");
    assert!(
        four.contains(&format!(
            "See [Two]({SUB}articles/two/index.html.md), [one]({SUB}articles/one/index.html.md) and Nowhere."
        )),
        "{four}"
    );
    assert!(four.contains("- a list\n- of two"), "{four}");
    // A callout stays a callout, escaped text stays escaped, ordered lists count.
    assert!(four.contains("> [!note] Heads up\n"), "{four}");
    assert!(four.contains("Type \\[\\[ to link."), "{four}");
    assert!(four.contains("1. first\n2. second"), "{four}");
    // A code block that shows a fence keeps its text whole.
    let code: Vec<String> = Parser::new(&four)
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .filter(|t| t.contains("let x"))
        .collect();
    assert_eq!(code, ["```rust\nlet x = 1;\n```\n"], "{four}");
    // An embedded image stays an image, by its file's absolute URL; `|300` is its size.
    assert!(
        four.contains(&format!("![pic.png]({SUB}articles/pic.png)")),
        "{four}"
    );
    assert!(!four.contains("secret"), "comments never reach a twin");
    assert!(!site.exists("public/articles/draft/index.html.md"));
    // A topic's twin quotes every source of each claim, with the passage's URL.
    let motives = site.public("topics/motives/index.html.md");
    assert!(motives.contains("## Claims"), "{motives}");
    assert!(
        motives.contains("> thousands of developers can improve it"),
        "{motives}"
    );
    assert!(
        motives.contains(&format!(
            "— [Two]({SUB}articles/two/index.html.md), passage: <{SUB}articles/two/#claim-motives-faster-innovation:~:text=thousands%20of%20developers%20can%20improve%20it>"
        )),
        "{motives}"
    );
    // llms-full.txt: the site's heading, then every twin, the sources first.
    let full = site.public("llms-full.txt");
    assert!(full.starts_with("# Claims fixture\n\n> Who says what"));
    let at = |title: &str| full.find(&format!("\n# {title}\n")).unwrap();
    assert!(at("Two") < at("Motives"), "sources come first");
    assert!(full.contains(&motives) && full.contains(&four));
    assert!(!full.contains("Unfinished draft") && !full.contains("secret"));
}

#[test]
fn llms_false_turns_the_twins_and_lists_off() {
    let site = site();
    site.write("weave.yaml", "title: Claims fixture\nllms: false\n");
    site.build().ok();
    assert!(!site.exists("public/llms.txt") && !site.exists("public/llms-full.txt"));
    assert!(!site.exists("public/articles/two/index.html.md"));
    assert!(
        !site
            .public("articles/two/index.html")
            .contains("text/markdown")
    );
    assert!(site.exists("public/claims.json"), "claims as data stay");
}

#[test]
fn the_explainers_full_text_answers_who_says_meta_opened_llama_to_attract_talent() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, public) = build_explainer(&[]);
    let full = std::fs::read_to_string(public.join("llms-full.txt")).unwrap();
    // The claim's section in the topic's twin, up to the next claim.
    let start = full
        .find("### Attracting talent\n")
        .expect("the claim is there");
    let section = &full[start..];
    let section = &section[..section[4..].find("\n### ").map_or(section.len(), |e| e + 4)];
    // Every article that cites the claim, with its own quote, in its words.
    let mut sources = 0;
    for entry in std::fs::read_dir(root.join("content/articles")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let Some(at) = text.find("- id: motives/attracting-talent\n") else {
            continue;
        };
        let quote_line = text[at..].lines().nth(1).unwrap().trim();
        let quote = quote_line
            .strip_prefix("quote: ")
            .unwrap()
            .trim_matches('"');
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("title: "))
            .unwrap()
            .trim_matches('"');
        assert!(
            section.contains(&format!("> {quote}\n")),
            "{quote} in {section}"
        );
        assert!(
            section.contains(&format!("— [{title}](")),
            "{title} in {section}"
        );
        sources += 1;
    }
    assert!(sources >= 1, "some source makes the claim");
}

#[test]
fn serve_keeps_the_twins_and_lists_equal_to_a_full_build() {
    let site = site();
    let server = Server::start(&site, &[]);
    let two = "---\ntitle: Two\ntopics: [motives]\nentity_links: false\nclaims:\n  - id: motives/faster-innovation\n    quote: thousands of developers can improve it\n---\n";
    let two = format!("{two}Meta says thousands of developers can improve it, and more.\n");
    let edits: &[(&str, Option<&str>)] = &[
        // Text only: the quick path.
        (
            "content/articles/four.md",
            Some(
                "---\ntitle: Four\ndescription: The fourth.\n---\nSee [[Two]], [one](one.md) and [[Nowhere]].\n\nA new line.\n",
            ),
        ),
        // A new title: every list names it.
        (
            "content/articles/four.md",
            Some(
                "---\ntitle: Four again\ndescription: The fourth.\n---\nSee [[Two]], [one](one.md) and [[Nowhere]].\n\nA new line.\n",
            ),
        ),
        // A cited page's text: the topic's twin.
        ("content/articles/two.md", Some(&two)),
        ("content/articles/four.md", None),
        // A shortcode: its HTML in the twin, made apart from the page's.
        (
            "content/articles/five.md",
            Some(
                "---\ntitle: Five\n---\nBefore.\n\n{{% details summary=\"More\" %}}\nSome **bold** text, and [[Two]].\n{{% /details %}}\n",
            ),
        ),
    ];
    assert_each_edit_serves_a_full_build(&site, &server, edits);
}

/// A site whose twins add up to about 2.4 MB: twelve articles of 200 KB each.
fn long_site(limit: &str) -> TestSite {
    let site = TestSite::empty();
    site.write("weave.yaml", format!("title: Long\n{limit}"));
    for i in 0..12 {
        let words = format!("word{i} ").repeat(200_000 / 7);
        site.write(
            &format!("content/articles/a{i:02}.md"),
            format!(
                "---\ntitle: Article {i}\ndate: 2024-01-{:02}\n---\n{words}\n",
                i + 1
            ),
        );
    }
    site
}

/// Every twin the build wrote, as text.
fn twins(public: &Path) -> Vec<String> {
    listing(public)
        .into_iter()
        .filter(|f| f.ends_with("index.html.md"))
        .map(|f| std::fs::read_to_string(public.join(f)).unwrap())
        .collect()
}

#[test]
fn llms_full_stops_at_its_limit_after_whole_twins_and_serve_gives_the_same_bytes() {
    let site = long_site("llms_full_mb: 1\n");
    site.build().ok();
    let public = site.path().join("public");
    let full = site.public("llms-full.txt");
    assert!(full.len() <= 1 << 20, "{} bytes over the limit", full.len());
    assert!(full.starts_with("# Long\n"));
    // Whole twins only: each is in the file entirely or not at all, and they are the first.
    let twins = twins(&public);
    // 12 articles, the section, the three taxonomies and the home page.
    assert_eq!(twins.len(), 17);
    let kept = twins.iter().filter(|t| full.contains(t.as_str())).count();
    assert!((3..12).contains(&kept), "{kept} twins kept");
    for t in &twins {
        let head = &t[..t.len().min(200)];
        assert_eq!(full.contains(head), full.contains(t.as_str()), "a cut twin");
    }
    assert!(
        full.ends_with(&format!("it holds the first {kept} of the site's 17 pages. `llms.txt` lists every page, each with its markdown twin.\n")),
        "{}",
        &full[full.len().saturating_sub(300)..]
    );
    // Every twin is still written, and `llms.txt` still lists every page.
    let index = site.public("llms.txt");
    for i in 0..12 {
        assert!(
            index.contains(&format!("/articles/a{i:02}/index.html.md)")),
            "{index}"
        );
    }
    // `weave serve` puts the file together from the twins: the same bytes.
    let server = Server::start(&site, &[]);
    let built = crate::serve_harness::full_build(&site, &server);
    let served = server.get_bytes("/llms-full.txt");
    assert_eq!(served, std::fs::read(built.join("llms-full.txt")).unwrap());
    assert!(served.ends_with(b"its markdown twin.\n"));
}

#[test]
fn llms_full_mb_0_puts_every_twin_in_and_the_limit_is_checked() {
    let site = long_site("llms_full_mb: 0\n");
    site.build().ok();
    let full = site.public("llms-full.txt");
    assert!(full.len() > 2_000_000);
    let twins = twins(&site.path().join("public"));
    assert!(twins.iter().all(|t| full.contains(t.as_str())));
    assert!(!full.contains("This file stops here"));
    site.write("weave.yaml", "title: Long\nllms_full_mb: lots\n");
    site.build()
        .fails()
        .says(&["weave.yaml", "llms_full_mb", "a whole number of megabytes"]);
}
