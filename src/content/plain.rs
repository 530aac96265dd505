//! Titles for plain markdown files, which have no front matter: the first `# heading`, as
//! Hugo, Quartz and mdBook take it, else the file's name made readable.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// The text of the first level-one heading, if the file has one.
pub fn first_heading(body: &str) -> Option<String> {
    let mut inside = false;
    let mut text = String::new();
    for event in Parser::new_ext(body, crate::markdown::parser_options()) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => inside = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                let title = text.trim();
                if !title.is_empty() {
                    return Some(title.to_string());
                }
                inside = false;
            }
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            _ => {}
        }
    }
    None
}

/// When the text opens with a `# heading` line, its text and the body with that line left
/// blank (so line numbers stay true): the page shows its title once, as its template puts it.
pub fn take_leading_heading(body: &str) -> Option<(String, String)> {
    let start = body.len() - body.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    let start = body[..start].rfind('\n').map_or(0, |i| i + 1);
    let end = body[start..].find('\n').map_or(body.len(), |i| start + i);
    let line = &body[start..end];
    let text = line.trim_start().strip_prefix("# ")?;
    let text = text.trim().trim_end_matches('#').trim();
    let title = first_heading(text)
        .or_else(|| first_heading(&format!("# {text}")))
        .filter(|t| !t.is_empty())?;
    Some((title, format!("{}{}", &body[..start], &body[end..])))
}

/// `getting-started.md` gives "Getting started"; `_index.md` and a bundle's `index.md` their
/// folder's name.
pub fn title_from_name(source: &str) -> String {
    let path = std::path::Path::new(source);
    let mut stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or(source);
    if stem == "_index" || stem == "index" {
        stem = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("Home");
    }
    let words = stem.replace(['-', '_'], " ");
    let words = words.trim();
    crate::slug::capitalise(if words.is_empty() { stem } else { words })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_the_first_heading_else_the_name() {
        assert_eq!(
            first_heading("Intro.\n\n## Not this\n\n# The *real* title\n\n# Later\n").as_deref(),
            Some("The real title")
        );
        assert_eq!(first_heading("Setext\n======\n").as_deref(), Some("Setext"));
        assert_eq!(first_heading("```\n# in code\n```\n"), None);
        assert_eq!(
            take_leading_heading("\n# The *title* #\nText.\n"),
            Some(("The title".to_string(), "\n\nText.\n".to_string()))
        );
        assert_eq!(take_leading_heading("Text.\n# Later\n"), None);
        assert_eq!(
            title_from_name("docs/getting-started.md"),
            "Getting started"
        );
        assert_eq!(title_from_name("docs/_index.md"), "Docs");
        assert_eq!(title_from_name("!.md"), "!");
    }
}
