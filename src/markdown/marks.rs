//! Highlights, `==like this==`, as Obsidian writes them: a `<mark>`. The two `==` must stand
//! in the same block at the same depth of inline markup, the first followed and the second
//! preceded by something other than white space (so `a == b` stays text), and neither may be
//! part of a longer run of `=`.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// A `==` found in a text event: the event's index and the byte offset in it.
#[derive(Clone, Copy)]
struct Sign {
    event: usize,
    at: usize,
    depth: usize,
    opens: bool,
    closes: bool,
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell
    )
}

/// Replaces each pair of `==` with `<mark>` and `</mark>`.
pub fn render(events: &mut Vec<Event<'_>>) {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Text(t) if t.contains("==")))
    {
        return;
    }
    // (event index, byte offset, is an opening mark), in text order.
    let mut splits: Vec<(usize, usize, bool)> = Vec::new();
    let mut signs: Vec<Sign> = Vec::new();
    let mut depth = 0usize;
    let mut in_code = false;
    // Markup next to a text counts as something other than white space beside its signs.
    let markup = |e: Option<&Event<'_>>| {
        matches!(
            e,
            Some(Event::Start(_) | Event::End(_) | Event::Code(_) | Event::InlineHtml(_))
        )
    };
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if in_code => {}
            Event::Start(tag) if is_block(tag) => {
                signs.clear();
                depth = 0;
            }
            Event::End(tag) if is_block_end(tag) => {
                pair(&signs, &mut splits);
                signs.clear();
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(t) => signs.extend(
                find(
                    t,
                    markup(i.checked_sub(1).and_then(|p| events.get(p))),
                    markup(events.get(i + 1)),
                )
                .map(|(at, opens, closes)| Sign {
                    event: i,
                    at,
                    depth,
                    opens,
                    closes,
                }),
            ),
            _ => {}
        }
    }
    if splits.is_empty() {
        return;
    }
    splits.sort_unstable();
    let mut out = Vec::with_capacity(events.len() + splits.len() * 2);
    let mut next = splits.iter().peekable();
    for (i, e) in std::mem::take(events).into_iter().enumerate() {
        if next.peek().is_none_or(|(at, _, _)| *at != i) {
            out.push(e);
            continue;
        }
        let Event::Text(text) = e else {
            unreachable!("marks are found in text")
        };
        let mut from = 0;
        while let Some((_, at, opens)) = next.next_if(|(event, _, _)| *event == i) {
            if *at > from {
                out.push(Event::Text(CowStr::from(text[from..*at].to_string())));
            }
            out.push(Event::InlineHtml(CowStr::Borrowed(if *opens {
                "<mark>"
            } else {
                "</mark>"
            })));
            from = at + 2;
        }
        if from < text.len() {
            out.push(Event::Text(CowStr::from(text[from..].to_string())));
        }
    }
    *events = out;
}

/// Pairs the signs of one block, first opener with the next closer at its depth.
fn pair(signs: &[Sign], splits: &mut Vec<(usize, usize, bool)>) {
    let mut open: Option<Sign> = None;
    for s in signs {
        match open {
            Some(o) if s.closes && s.depth == o.depth => {
                splits.push((o.event, o.at, true));
                splits.push((s.event, s.at, false));
                open = None;
            }
            None if s.opens => open = Some(*s),
            _ => {}
        }
    }
}

/// Each `==` of `text` (not in a longer run of `=`): its offset, whether it may open a mark
/// (something other than white space follows) and whether it may close one (it follows
/// something other than white space). `markup_before` and `markup_after` say whether markup
/// stands just before and after the text.
fn find(
    text: &str,
    markup_before: bool,
    markup_after: bool,
) -> impl Iterator<Item = (usize, bool, bool)> + '_ {
    let bytes = text.as_bytes();
    text.match_indices("==").filter_map(move |(at, _)| {
        let before = at.checked_sub(1).map(|b| bytes[b]);
        let after = bytes.get(at + 2).copied();
        if before == Some(b'=') || after == Some(b'=') {
            return None;
        }
        let space = |b: Option<u8>, markup: bool| match b {
            Some(b) => b.is_ascii_whitespace(),
            None => !markup,
        };
        Some((
            at,
            !space(after, markup_after),
            !space(before, markup_before),
        ))
    })
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser, html};

    fn to_html(md: &str) -> String {
        let mut events: Vec<_> = Parser::new_ext(md, Options::empty()).collect();
        crate::markdown::merge_text(&mut events);
        super::render(&mut events);
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn pairs_become_marks() {
        assert_eq!(to_html("a ==b c== d"), "<p>a <mark>b c</mark> d</p>\n");
        assert_eq!(
            to_html("==a **b**== and ==c=="),
            "<p><mark>a <strong>b</strong></mark> and <mark>c</mark></p>\n"
        );
    }

    #[test]
    fn code_keeps_its_signs() {
        assert_eq!(
            to_html("- item\n\n  ```\n  a==b; c==d\n  ```\n"),
            "<ul>\n<li>\n<p>item</p>\n<pre><code>a==b; c==d\n</code></pre>\n</li>\n</ul>\n"
        );
    }

    #[test]
    fn lone_spaced_and_long_signs_stay_text() {
        assert_eq!(to_html("a == b"), "<p>a == b</p>\n");
        assert_eq!(to_html("x === y === z"), "<p>x === y === z</p>\n");
        assert_eq!(
            to_html("==open\n\nclose=="),
            "<p>==open</p>\n<p>close==</p>\n"
        );
    }
}
