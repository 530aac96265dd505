//! Markdown extensions, heading ids, table of contents, summary, word count and reading time.

use crate::harness::TestSite;

const BODY: &str = r#"Intro with "quotes" -- and *emphasis*.

<!-- more -->

## Results {#custom-id}

| a | b |
|---|---|
| 1 | 2 |

~~gone~~ and a footnote[^1].

- [x] done
- [ ] open

## Results

### Deeper

[^1]: The note.
"#;

fn site() -> TestSite {
    let site = TestSite::empty();
    site.write("content/doc.md", format!("---\ntitle: Doc\n---\n{BODY}"))
        .write(
            "templates/page.html",
            "{{ page.content | safe }}\nWORDS={{ page.word_count }} MINUTES={{ page.reading_time }}\n\
             SUMMARY={{ page.summary | safe }}\n\
             TOC={% for e in page.toc %}{{ e.id }}({% for c in e.children %}{{ c.id }}{% endfor %});{% endfor %}\n",
        );
    site
}

#[test]
fn extensions_are_on() {
    let site = site();
    site.build().ok();
    let html = site.public("doc/index.html");
    assert!(html.contains("<table>"), "{html}");
    assert!(html.contains("<del>gone</del>"), "{html}");
    assert!(html.contains("type=\"checkbox\""), "{html}");
    assert!(html.contains("footnote-definition"), "{html}");
    assert!(html.contains("“quotes” –"), "smart punctuation: {html}");
}

#[test]
fn headings_get_stable_unique_ids_with_self_links() {
    let site = site();
    site.build().ok();
    let html = site.public("doc/index.html");
    assert!(html.contains("<h2 id=\"custom-id\">Results"), "{html}");
    assert!(html.contains("<h2 id=\"results\">Results"), "{html}");
    assert!(html.contains("href=\"#results\""), "{html}");
    assert!(html.contains("<h3 id=\"deeper\">"), "{html}");
}

#[test]
fn templates_get_toc_summary_and_counts() {
    let site = site();
    site.build().ok();
    let html = site.public("doc/index.html");
    assert!(html.contains("TOC=custom-id();results(deeper);"), "{html}");
    assert!(html.contains("SUMMARY=<p>Intro with"), "{html}");
    assert!(
        !html.contains("SUMMARY=<p>Intro with “quotes” – and <em>emphasis</em>.</p>\n<h2"),
        "{html}"
    );
    assert!(html.contains("MINUTES=1"), "{html}");
    let words: usize = html
        .split("WORDS=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((15..=30).contains(&words), "word count {words}");
}

#[test]
fn summary_falls_back_to_the_first_paragraph() {
    let site = site();
    site.write(
        "content/doc.md",
        "---\ntitle: Doc\n---\n# Title\n\nFirst para.\n\nSecond para.\n",
    );
    site.build().ok();
    let html = site.public("doc/index.html");
    assert!(html.contains("SUMMARY=<p>First para.</p>"), "{html}");
}

#[test]
fn callouts_are_titled_notes_and_plain_quotes_stay_quotes() {
    let site = TestSite::empty();
    let kinds = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];
    let body: String = kinds
        .iter()
        .map(|k| format!("> [!{k}]\n> About *{k}*.\n\n"))
        .collect();
    site.write(
        "content/doc.md",
        format!("---\ntitle: Doc\n---\n{body}> Said someone.\n"),
    );
    site.build().ok();
    let html = site.public("doc/index.html");
    // GitHub's five kinds; Obsidian takes `important` as a tip and `caution` as a warning.
    for ((kind, title), class) in kinds
        .iter()
        .zip(["Note", "Tip", "Important", "Warning", "Caution"])
        .zip(["note", "tip", "tip", "warning", "warning"])
    {
        let data = kind.to_lowercase();
        assert!(
            html.contains(&format!(
                "<div class=\"callout callout-{class}\" data-callout=\"{data}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n<div class=\"callout-content\">\n<p>About <em>{kind}</em>.</p>\n</div>\n</div>"
            )),
            "{kind}: {html}"
        );
    }
    assert!(html.contains("<blockquote>\n<p>Said someone.</p>\n</blockquote>"));
    assert!(!html.contains("[!"), "no marker is left in the text");
}

#[test]
fn fenced_code_is_highlighted_into_classes_and_unknown_languages_stay_plain() {
    // Highlighting is on by default.
    let site = TestSite::empty();
    site.write(
        "content/doc.md",
        "---\ntitle: Doc\n---\n```rust\nfn main() { let x = \"<b>\"; } // done\n```\n\n```klingon\nqapla' <b>\n```\n\n```\nno language\n```\n",
    );
    site.build().ok().says(&["0 warnings"]);
    let html = site.public("doc/index.html");
    assert!(
        html.contains("<pre class=\"highlight\" data-lang=\"rust\"><code class=\"language-rust\">"),
        "{html}"
    );
    assert!(
        html.contains("class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"),
        "{html}"
    );
    assert!(html.contains("hl-comment"), "{html}");
    assert!(html.contains("&lt;b&gt;"), "code stays escaped");
    assert!(
        !html.contains("style=\"color"),
        "classes, never inline colours"
    );
    assert!(
        html.contains("<pre data-lang=\"klingon\"><code class=\"language-klingon\">qapla&#39; &lt;b&gt;\n</code></pre>"),
        "{html}"
    );
    assert!(
        html.contains("<pre><code>no language\n</code></pre>"),
        "{html}"
    );
    // The theme colours the classes in both schemes.
    let css = site.public("style.css");
    for class in [".hl-comment", ".hl-keyword", ".hl-string"] {
        assert!(css.contains(class), "{class}");
    }
    assert!(
        css.contains("--hl-keyword: light-dark("),
        "a palette per scheme"
    );
}

#[test]
fn highlight_false_turns_highlighting_off() {
    let site = TestSite::empty();
    site.write("weave.yaml", "highlight: false\n").write(
        "content/doc.md",
        "---\ntitle: Doc\n---\n```rust\nfn main() {}\n```\n",
    );
    site.build().ok();
    let html = site.public("doc/index.html");
    assert!(
        html.contains(
            "<pre data-lang=\"rust\"><code class=\"language-rust\">fn main() {}\n</code></pre>"
        ),
        "{html}"
    );
}
