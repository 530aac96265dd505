//! A page's summary for listings: the text before `<!-- more -->`, else its first paragraph.

use pulldown_cmark::{Event, Tag};

const MORE_MARKER: &str = "<!-- more -->";

/// The text before `<!-- more -->`, else the first paragraph, as HTML.
pub fn summary(events: &[Event<'_>]) -> String {
    let more = events
        .iter()
        .position(|e| matches!(e, Event::Html(h) if h.trim() == MORE_MARKER));
    let slice = match more {
        Some(end) => &events[..end],
        None => {
            let Some(start) = events
                .iter()
                .position(|e| matches!(e, Event::Start(Tag::Paragraph)))
            else {
                return String::new();
            };
            let mut depth = 0usize;
            let mut end = events.len();
            for (i, e) in events.iter().enumerate().skip(start) {
                match e {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => {
                        depth -= 1;
                        if depth == 0 {
                            end = i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            &events[start..end]
        }
    };
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, slice.iter().cloned());
    html
}
