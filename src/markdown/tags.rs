//! Inline tags, `#tag` and `#parent/child`, as Obsidian writes them in the text: each becomes
//! a link to its term page in the `tags` taxonomy, and the page is tagged with it (a nested
//! tag gives a page for each level: `parent` and `parent/child`). A tag follows white space or
//! starts the text, holds letters, digits, `_`, `-` and `/`, and is not all digits (`#1`).
//! Code (spans and blocks) and link texts are left alone.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::render::templates::escape_html;

/// The tags of `text`: each one's byte range, `#` included.
fn find(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '#' && prev.is_none_or(char::is_whitespace) {
            let mut end = at + 1;
            while let Some(&(i, n)) = chars.peek() {
                if n.is_alphanumeric() || matches!(n, '_' | '-' | '/') {
                    end = i + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let name = text[at + 1..end].trim_end_matches('/');
            if name.chars().any(|c| !c.is_ascii_digit()) && !name.starts_with('/') {
                found.push(at..at + 1 + name.len());
            }
            prev = text[..end].chars().next_back();
            continue;
        }
        prev = Some(c);
    }
    found
}

/// The URL path of a tag under its taxonomy: each level's slug (`Parent/Child` gives
/// `parent/child/`).
pub fn term_path(name: &str) -> String {
    name.split('/')
        .map(crate::slug::slugify)
        .filter(|s| !s.is_empty())
        .map(|s| format!("{s}/"))
        .collect()
}

/// Links every inline tag to its page under `tags_url` and returns the tags, `#` left off.
pub fn link(events: &mut Vec<Event<'_>>, tags_url: &str) -> Vec<String> {
    let mut tags = Vec::new();
    if !events
        .iter()
        .any(|e| matches!(e, Event::Text(t) if t.contains('#')))
    {
        return tags;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut in_link = 0usize;
    for e in std::mem::take(events) {
        match &e {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => in_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                in_link = in_link.saturating_sub(1)
            }
            _ => {}
        }
        let Event::Text(text) = &e else {
            out.push(e);
            continue;
        };
        // Inside a link, an image's text or a code block, nothing is a tag.
        let found = if in_link == 0 { find(text) } else { Vec::new() };
        if found.is_empty() {
            out.push(e);
            continue;
        }
        let mut from = 0;
        for range in found {
            if range.start > from {
                out.push(Event::Text(CowStr::from(
                    text[from..range.start].to_string(),
                )));
            }
            let name = &text[range.start + 1..range.end];
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<a class=\"tag\" href=\"{}{}\">#{}</a>",
                escape_html(tags_url),
                escape_html(&term_path(name)),
                escape_html(name)
            ))));
            if !tags.iter().any(|t: &String| t == name) {
                tags.push(name.to_string());
            }
            from = range.end;
        }
        if from < text.len() {
            out.push(Event::Text(CowStr::from(text[from..].to_string())));
        }
    }
    *events = out;
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn code_blocks_hold_no_tags() {
        let mut events: Vec<_> =
            pulldown_cmark::Parser::new("```bash\n# a comment\n```\n\n#real\n").collect();
        crate::markdown::merge_text(&mut events);
        assert_eq!(link(&mut events, "/tags/"), ["real"]);
    }

    #[test]
    fn tags_are_words_after_a_hash() {
        assert_eq!(
            names("#start and #a/b-c, then #x."),
            ["#start", "#a/b-c", "#x"]
        );
        assert!(names("C# and #123 and a#b and # alone").is_empty());
        assert_eq!(names("#über"), ["#über"]);
        assert_eq!(term_path("Parent/Child"), "parent/child/");
    }
}
