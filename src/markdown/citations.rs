//! Claim citations in the text: each cited quote is found in a block of the page (paragraph,
//! list item, heading or table cell), and that block gets a stable anchor and a visible mark
//! linking to the claim.
//!
//! Quotes and text are compared after `normalise`, so straight and curly quotes, and any run
//! of white space, match each other.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::markdown::headings::IdAllocator;
use crate::markdown::near_miss::{self, NearMiss};
use crate::render::templates::escape_html;

/// One claim the page cites, as the markdown stage needs it.
#[derive(Clone, Debug, Hash)]
pub struct CiteRequest {
    /// Wanted anchor id, like `claim-motives-faster-innovation`.
    pub anchor: String,
    /// The quote, normalised.
    pub quote: String,
    /// Where the mark links: the claim on its topic page.
    pub href: String,
    /// The claim's short title, shown in the mark.
    pub title: String,
}

/// Folds typographic quotes to straight ones and every run of white space to one space.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => '"',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// A block of text: the index of its start and end events, and its normalised text.
struct Block {
    start: usize,
    end: usize,
    text: String,
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

/// Text blocks of `events`; text belongs to the innermost open block.
fn blocks(events: &[Event<'_>]) -> Vec<Block> {
    let mut done = Vec::new();
    let mut open: Vec<(usize, String)> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(tag) if is_block(tag) => open.push((i, String::new())),
            Event::End(tag) if is_block_end(tag) => {
                if let Some((start, text)) = open.pop() {
                    done.push(Block {
                        start,
                        end: i,
                        text: normalise(&text),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = open.last_mut() {
                    text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text)) = open.last_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    done.sort_by_key(|b| b.start);
    done
}

/// Per request, the index of the end event of the first block that quotes it.
pub fn quoted_block_ends(events: &[Event<'_>], requests: &[CiteRequest]) -> Vec<Option<usize>> {
    let blocks = blocks(events);
    requests
        .iter()
        .map(|r| {
            blocks
                .iter()
                .find(|b| !r.quote.is_empty() && b.text.contains(&r.quote))
                .map(|b| b.end)
        })
        .collect()
}

/// Anchors and marks each cited block. Returns, per request, the anchor given, or None when
/// the quote is in no block; and for those, the passage that comes closest.
pub fn anchor(
    events: &mut Vec<Event<'_>>,
    requests: &[CiteRequest],
    ids: &mut IdAllocator,
) -> (Vec<Option<String>>, Vec<Option<NearMiss>>) {
    if requests.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let blocks = blocks(events);
    // Event index to the HTML to insert after it (anchors) or before it (marks).
    let mut after: Vec<(usize, String)> = Vec::new();
    let mut before: Vec<(usize, String)> = Vec::new();
    let found: Vec<Option<String>> = requests
        .iter()
        .map(|r| {
            let block = blocks
                .iter()
                .find(|b| !r.quote.is_empty() && b.text.contains(&r.quote))?;
            let id = ids.allocate(Some(&r.anchor), "");
            after.push((
                block.start,
                format!(
                    "<span class=\"claim-anchor\" id=\"{}\"></span>",
                    escape_html(&id)
                ),
            ));
            before.push((
                block.end,
                format!(
                    " <a class=\"claim-mark\" href=\"{}\" title=\"Claim: {}\">{}</a>",
                    escape_html(&r.href),
                    escape_html(&r.title),
                    escape_html(&r.title)
                ),
            ));
            Some(id)
        })
        .collect();
    let mut out = Vec::with_capacity(events.len() + 2 * requests.len());
    for (i, e) in events.drain(..).enumerate() {
        for (_, html) in before.iter().filter(|(at, _)| *at == i) {
            out.push(Event::InlineHtml(CowStr::from(html.clone())));
        }
        out.push(e);
        for (_, html) in after.iter().filter(|(at, _)| *at == i) {
            out.push(Event::InlineHtml(CowStr::from(html.clone())));
        }
    }
    *events = out;
    let near = requests
        .iter()
        .zip(&found)
        .map(|(r, f)| match f {
            Some(_) => None,
            None => near_miss::closest(&r.quote, blocks.iter().map(|b| b.text.as_str())),
        })
        .collect();
    (found, near)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_folds_quotes_and_space() {
        assert_eq!(
            normalise("  Meta’s “crown\n jewels”  "),
            "Meta's \"crown jewels\""
        );
    }
}
