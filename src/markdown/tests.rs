//! Rendering one page's text: heading ids and the table of contents, file links under a base path, the summary.

use super::*;
use crate::markdown::links::UrlMap;

fn render_text(body: &str, urls: &UrlMap) -> Rendered {
    let targets = Targets {
        base_path: "/sub/".into(),
        urls: urls.clone(),
        ..Targets::default()
    };
    render(&Input {
        source: "articles/a.md",
        file: std::path::Path::new("content/articles/a.md"),
        body,
        body_line: 4,
        targets: &targets,
        citations: &[],
        mentions: None,
        reserved_ids: &[],
        keep_text: true,
        highlight: false,
        embedding: &[],
        twin_origin: None,
    })
}

#[test]
fn headings_get_ids_anchors_and_a_toc() {
    let r = render_text("# Top\n\n## Part one\n\n## Part one\n", &UrlMap::new());
    assert!(r.html.contains("<h2 id=\"part-one-1\">"), "{}", r.html);
    assert!(r.html.contains("href=\"#part-one\""));
    assert_eq!(r.toc[0].children.len(), 2);
}

#[test]
fn file_links_are_rewritten_and_broken_ones_located() {
    let urls = UrlMap::from([("articles/b.md".to_string(), "/sub/articles/b/".to_string())]);
    let r = render_text("See [b](b.md#x) and\n[c](c.md).\n", &urls);
    assert!(r.html.contains("href=\"/sub/articles/b/#x\""), "{}", r.html);
    assert_eq!(r.errors.len(), 1);
    assert_eq!((r.errors[0].line, r.errors[0].column), (Some(5), Some(1)));
}

#[test]
fn summary_is_the_first_paragraph_or_the_text_before_more() {
    let r = render_text("# T\n\nFirst *one*.\n\nSecond.\n", &UrlMap::new());
    assert_eq!(r.summary.trim(), "<p>First <em>one</em>.</p>");
    let r = render_text("A.\n\nB.\n\n<!-- more -->\n\nC.\n", &UrlMap::new());
    assert!(r.summary.contains("B.") && !r.summary.contains("C."));
}
