//! Mermaid diagrams (```` ```mermaid ```` fences) drawn at build time as inline SVG by
//! mermaid-rs-renderer: flowcharts, sequence, class, state, timeline, pie and more, with no
//! script for the reader to download. The renderer's palette is swapped for the theme's
//! colours (CSS custom properties, so light and dark follow the reader's scheme), its ids are
//! made unique on the page, and the diagram's source is its text alternative (`<title>`). A
//! diagram the renderer cannot draw is a warning at its line, and shows as its source.

use mermaid_rs_renderer::{RenderOptions, render_with_options};

use crate::error::Diagnostic;
use crate::markdown::targets::At;
use crate::render::templates::escape_html;

/// The renderer's colours (its `modern` theme) and the theme's properties that replace them.
const PALETTE: &[(&str, &str)] = &[
    ("#FFFFFF", "var(--bg)"),
    ("#F8FAFC", "var(--surface)"),
    ("#E2E8F0", "var(--diagram-fill)"),
    ("#F1F5F9", "var(--diagram-fill)"),
    ("#0F172A", "var(--text)"),
    ("#64748B", "var(--muted)"),
    ("#334155", "var(--muted)"),
    ("#94A3B8", "var(--border)"),
    ("#CBD5E1", "var(--border)"),
    ("#ECECFF", "var(--diagram-tint-1)"),
    ("#FFE6CC", "var(--diagram-tint-2)"),
    ("#FFF7ED", "var(--diagram-note)"),
    ("#FDBA74", "var(--diagram-note-border)"),
];

/// The diagram's first word: `flowchart`, `sequenceDiagram`, ...
fn kind(source: &str) -> &str {
    source
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("%%"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("diagram")
}

/// The figure for diagram number `n` of a page, or None (and a warning) when it cannot be
/// drawn.
pub fn render(source: &str, n: usize, at: At<'_>, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let svg = match render_with_options(source, RenderOptions::default()) {
        Ok(svg) => svg,
        Err(e) => {
            errors.push(at.locate(
                Diagnostic::warning(format!("this mermaid diagram cannot be drawn: {e}"))
                    .help("weave draws flowcharts, sequence, class, state, timeline, pie and other mermaid diagrams; fix the line it names; the page shows the diagram's source meanwhile"),
            ));
            return None;
        }
    };
    let prefix = format!("mermaid-{n}-");
    let mut svg = svg
        .replace("id=\"", &format!("id=\"{prefix}"))
        .replace("url(#", &format!("url(#{prefix}"))
        .replace("href=\"#", &format!("href=\"#{prefix}"));
    for (colour, property) in PALETTE {
        svg = svg.replace(colour, property);
        svg = svg.replace(&colour.to_lowercase(), property);
    }
    // The source is the diagram's text alternative.
    let open_end = svg.find('>')?;
    let title = format!(
        "<title id=\"{prefix}title\">{}</title>",
        escape_html(source.trim())
    );
    svg.insert_str(open_end + 1, &title);
    svg.insert_str(
        "<svg".len(),
        &format!(" role=\"img\" aria-labelledby=\"{prefix}title\""),
    );
    Some(format!(
        "<figure class=\"diagram\" data-diagram=\"{}\">{svg}</figure>\n",
        escape_html(kind(source))
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> At<'static> {
        At {
            source: "a.md",
            file: std::path::Path::new("content/a.md"),
            line: 7,
            column: 1,
        }
    }

    #[test]
    fn a_flowchart_becomes_themed_svg_with_its_source_as_title() {
        let mut errors = Vec::new();
        let html = render(
            "flowchart LR\n  A[Open] --> B[Closed]\n",
            2,
            at(),
            &mut errors,
        )
        .unwrap();
        assert!(errors.is_empty());
        assert!(html.starts_with("<figure class=\"diagram\" data-diagram=\"flowchart\"><svg role=\"img\" aria-labelledby=\"mermaid-2-title\""), "{html}");
        assert!(
            html.contains(
                "<title id=\"mermaid-2-title\">flowchart LR\n  A[Open] --&gt; B[Closed]</title>"
            ),
            "{html}"
        );
        assert!(
            html.contains("var(--text)") && !html.contains("#0F172A"),
            "{html}"
        );
        assert!(
            html.contains(">Open<") && html.contains(">Closed<"),
            "{html}"
        );
        assert!(
            !html.contains("id=\"arrow-0\""),
            "ids are the page's own: {html}"
        );
    }

    #[test]
    fn a_diagram_that_cannot_be_drawn_is_a_warning_at_its_line() {
        let mut errors = Vec::new();
        assert!(render("notADiagram\n  x\n", 0, at(), &mut errors).is_none());
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .message
                .starts_with("this mermaid diagram cannot be drawn")
        );
        assert_eq!(errors[0].line, Some(7));
    }
}
