//! Callouts: GitHub's and Obsidian's `> [!NOTE]` quotes, which pulldown-cmark parses (with
//! its GFM option) as block quotes of a kind. Each becomes a `div` with `role="note"` and a
//! visible title, so screen readers announce it as a note and both colour schemes style it by
//! class (`callout callout-warning`).

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

/// The class suffix and the title shown for each kind.
fn name_and_title(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Replaces the start and end of every kind of block quote with a callout's HTML. Plain
/// quotes stay quotes.
pub fn render(events: &mut [Event<'_>]) {
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (name, title) = name_and_title(*kind);
                *event = Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{name}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n"
                )));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                *event = Event::Html(CowStr::Borrowed("</div>\n"));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser, html};

    fn to_html(md: &str) -> String {
        let mut events: Vec<_> = Parser::new_ext(md, Options::ENABLE_GFM).collect();
        super::render(&mut events);
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn kinds_become_titled_notes_and_plain_quotes_stay_quotes() {
        let out = to_html("> [!WARNING]\n> Mind the *gap*.\n\n> Just a quote.\n");
        assert!(
            out.contains("<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>\n<p>Mind the <em>gap</em>.</p>\n</div>"),
            "{out}"
        );
        assert!(
            out.contains("<blockquote>\n<p>Just a quote.</p>\n</blockquote>"),
            "{out}"
        );
    }
}
