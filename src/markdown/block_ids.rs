//! Block ids, `^block-id` at the end of a paragraph or list item, as Obsidian writes them so
//! that `[[Note#^block-id]]` can link to the block: the id is taken out of the text and the
//! block gets an anchor of that name (`#^block-id`), as claim citations get theirs.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::markdown::headings::IdAllocator;
use crate::render::templates::escape_html;

/// `text`'s trailing block id (`... ^abc-1`): the text before it and the id.
fn trailing_id(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_end();
    let at = trimmed.rfind('^')?;
    let id = &trimmed[at + 1..];
    let before = &trimmed[..at];
    let separated = before.is_empty() || before.ends_with(char::is_whitespace);
    (separated && !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .then_some((before.trim_end(), id))
}

/// Takes each block id out of its block's text and, with `anchored`, anchors the block; the
/// ids given are allocated in `ids`, so links to them are checked like links to headings.
/// Embedded text is not anchored: its ids are the embedded note's own.
pub fn anchor(events: &mut Vec<Event<'_>>, ids: &mut IdAllocator, anchored: bool) {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Text(t) if t.contains('^')))
    {
        return;
    }
    // (the index of a block's last event before its end, the index of the block's start)
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Paragraph | Tag::Item) => open.push(i),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                if let Some(start) = open.pop() {
                    ends.push((i - 1, start));
                }
            }
            // A tight item's own text ends where its nested list begins.
            Event::Start(Tag::List(_)) => {
                if let Some(&start) = open.last() {
                    ends.push((i - 1, start));
                }
            }
            _ => {}
        }
    }
    let mut anchors: Vec<(usize, String)> = Vec::new();
    for (last, start) in ends {
        let Event::Text(text) = &events[last] else {
            continue;
        };
        let Some((before, id)) = trailing_id(text) else {
            continue;
        };
        let before = before.to_string();
        if anchored {
            anchors.push((start, ids.allocate(Some(&format!("^{id}")), "")));
        }
        // `text\n^id`: the line break before the id goes with it.
        if before.is_empty() && last > 0 && matches!(events[last - 1], Event::SoftBreak) {
            events[last - 1] = Event::Text(CowStr::Borrowed(""));
        }
        events[last] = Event::Text(CowStr::from(before));
    }
    if anchors.is_empty() {
        events.retain(|e| !matches!(e, Event::Text(t) if t.is_empty()));
        return;
    }
    let mut out = Vec::with_capacity(events.len() + anchors.len());
    for (i, e) in std::mem::take(events).into_iter().enumerate() {
        let empty = matches!(&e, Event::Text(t) if t.is_empty());
        if !empty {
            out.push(e);
        }
        for (_, id) in anchors.iter().filter(|(at, _)| *at == i) {
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<span class=\"block-anchor\" id=\"{}\"></span>",
                escape_html(id)
            ))));
        }
    }
    *events = out;
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser, html};

    use crate::markdown::headings::IdAllocator;

    fn to_html(md: &str) -> (String, Vec<String>) {
        let mut events: Vec<_> = Parser::new_ext(md, Options::empty()).collect();
        crate::markdown::merge_text(&mut events);
        let mut ids = IdAllocator::default();
        super::anchor(&mut events, &mut ids, true);
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        let mut ids: Vec<String> = ids.into_ids().into_iter().collect();
        ids.sort();
        (out, ids)
    }

    #[test]
    fn ids_anchor_paragraphs_and_items() {
        let (html, ids) = to_html("A claim. ^c-1\n\n- one ^i1\n- two\n\nLast\n^p2\n");
        assert!(
            html.contains("<p><span class=\"block-anchor\" id=\"^c-1\"></span>A claim.</p>"),
            "{html}"
        );
        assert!(
            html.contains("<li><span class=\"block-anchor\" id=\"^i1\"></span>one</li>"),
            "{html}"
        );
        assert!(html.contains("id=\"^p2\"></span>Last</p>"), "{html}");
        assert_eq!(ids, ["^c-1", "^i1", "^p2"]);
    }

    #[test]
    fn a_caret_inside_text_stays() {
        let (html, ids) = to_html("x^2 and 2^10\n");
        assert_eq!(html, "<p>x^2 and 2^10</p>\n");
        assert!(ids.is_empty());
    }
}
