//! A page's text as markdown again, for its twin (`publish::llms`): what an agent reads
//! instead of the HTML. It is the author's text parsed and written back
//! (`pulldown-cmark-to-cmark`), with what only makes sense inside the site resolved: every
//! link to a page goes to that page's twin by its absolute URL, files and images by theirs,
//! wikilinks become ordinary links (an unresolved one its text), an embed a link to what it
//! embeds, a shortcode its HTML, and each block that a claim quotes ends with a readable
//! reference to the claim: `[claim: Faster innovation](…/topics/motives/index.html.md)`.
//! Comments (`%% %%`) were taken out when the file was loaded, so they never reach a twin.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::markdown::citations::quoted_block_ends;
use crate::markdown::lines::LineIndex;
use crate::markdown::note_index::{Target, file_extension};
use crate::markdown::shortcodes::Expanded;
use crate::markdown::{Input, Rendered, embeds, parser_options, wikilinks};

/// The file name a page's twin has in the page's folder: llmstxt.org's convention, for a URL
/// that names no file, is the URL with `index.html.md` added.
pub const FILE: &str = "index.html.md";

/// The absolute URL an agent follows for `url`, a URL as the HTML has it: a page's
/// root-relative URL (ending in `/`, maybe with an anchor) becomes its twin's, a file's
/// gains the origin, anything else (another site, an anchor on this page) stays.
pub fn follow(url: &str, origin: &str) -> String {
    if !url.starts_with('/') || url.starts_with("//") {
        return url.to_string();
    }
    let (path, fragment) = match url.find('#') {
        Some(at) => url.split_at(at),
        None => (url, ""),
    };
    match path.ends_with('/') {
        true => format!("{origin}{path}{FILE}{fragment}"),
        false => format!("{origin}{path}{fragment}"),
    }
}

/// What becomes of an open link's end and of its text.
struct OpenLink {
    /// The link was resolved: its end is kept.
    kept: bool,
    /// A wikilink written without text shows this instead of its first text; later texts go.
    shown: Option<Option<String>>,
}

/// The twin's text of `body` (the page's text, or what its shortcodes became), as `input`
/// renders it; `origin` is the site's scheme and host (empty when it has none).
pub fn write(input: &Input<'_>, body: &str, expanded: Option<&Expanded>, origin: &str) -> String {
    // Links are looked up as the HTML's are; what that reports was reported there.
    let mut scratch = Rendered::default();
    // Where a link was written only matters to its lookups' messages, which the HTML's pass
    // gave already: found only for the events that look something up.
    let lines = std::cell::OnceCell::new();
    let at = |offset: usize| input.at(lines.get_or_init(|| LineIndex::new(body)), body, offset);
    let targets = input.targets;
    // The author's own punctuation: smart quotes are the HTML's business.
    let options = parser_options() - Options::ENABLE_SMART_PUNCTUATION;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut open: Vec<OpenLink> = Vec::new();
    // An embed being read: its target, its label, and whether it was written with one.
    let mut embed: Option<(String, String, bool)> = None;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        if let Some((_, label, labelled)) = embed.as_mut() {
            match event {
                Event::End(TagEnd::Image) => {
                    let (dest, label, _) = embed.take().expect("an embed is open");
                    let opened =
                        wikilinks::open(&dest, false, at(range.start), targets, &mut scratch);
                    let name = Target::parse(&dest).name.to_string();
                    let image = file_extension(&name).is_some_and(|e| is_image(&e));
                    // An image's `|300` or `|300x200` is its size, not words for it.
                    let text = match embeds::label_parts(&label).0.trim() {
                        "" if image => name,
                        alt if image => alt.to_string(),
                        _ if label.is_empty() => opened.shown.unwrap_or(dest),
                        _ => label,
                    };
                    match opened.start {
                        Event::Start(Tag::Link { dest_url, .. }) => {
                            push_link(&mut events, &follow(&dest_url, origin), text, image);
                        }
                        _ => events.push(Event::Text(text.into())),
                    }
                }
                Event::Text(t) if *labelled => label.push_str(&t),
                _ => {}
            }
            continue;
        }
        if let (Event::Text(_) | Event::Code(_), Some(link)) = (&event, open.last_mut())
            && let Some(shown) = link.shown.as_mut()
        {
            if let Some(text) = shown.take() {
                events.push(Event::Text(text.into()));
            }
            continue;
        }
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                let opened = wikilinks::open(
                    &dest_url,
                    has_pothole,
                    at(range.start),
                    targets,
                    &mut scratch,
                );
                let kept = match opened.start {
                    Event::Start(Tag::Link { dest_url, .. }) => {
                        events.push(inline_link(follow(&dest_url, origin)));
                        true
                    }
                    _ => false,
                };
                open.push(OpenLink {
                    kept,
                    shown: opened.shown.map(Some),
                });
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let url = match link_type {
                    LinkType::Autolink | LinkType::Email => dest_url,
                    _ => targets.rewrite(&dest_url, at(range.start), &mut scratch).0,
                };
                events.push(Event::Start(Tag::Link {
                    link_type: plain(link_type),
                    dest_url: follow(&url, origin).into(),
                    title,
                    id: CowStr::Borrowed(""),
                }));
                open.push(OpenLink {
                    kept: true,
                    shown: None,
                });
            }
            Event::End(TagEnd::Link) => {
                if open.pop().is_none_or(|l| l.kept) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => embed = Some((dest_url.to_string(), String::new(), has_pothole)),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let url = targets.rewrite(&dest_url, at(range.start), &mut scratch).0;
                events.push(Event::Start(Tag::Image {
                    link_type: plain(link_type),
                    dest_url: follow(&url, origin).into(),
                    title,
                    id: CowStr::Borrowed(""),
                }));
            }
            other => events.push(other),
        }
    }
    // Texts are left as the parser split them: it splits at each escaped character, and the
    // writer escapes a special character that starts a text, so `\[\[` stays escaped.
    keep_callout_markers(&mut events);
    let events = claim_references(events, input, origin);
    let mut text = String::with_capacity(body.len() + body.len() / 8);
    let options = pulldown_cmark_to_cmark::Options {
        list_token: '-',
        increment_ordered_list_bullets: true,
        // Fences one longer than any run of backticks a code block holds, so a block that
        // shows a fence stays one block.
        code_block_token_count: pulldown_cmark_to_cmark::calculate_code_block_token_count(&events)
            .map_or(3, |n| n.max(3)),
        ..Default::default()
    };
    // Writing to a String cannot fail, and the events come from the parser in order.
    let _ = pulldown_cmark_to_cmark::cmark_with_options(events.iter(), &mut text, options);
    if let Some(expanded) = expanded {
        text = expanded.substitute(&text);
    }
    text.push('\n');
    text
}

/// A callout's marker (`> [!note] Title`) written as it was, not escaped as text would be
/// (`\[!note]`), so the twin keeps the callout for readers that know them.
fn keep_callout_markers(events: &mut Vec<Event<'_>>) {
    let mut i = 0;
    while i + 2 < events.len() {
        let opens = matches!(
            events[i..i + 2],
            [
                Event::Start(Tag::BlockQuote(_)),
                Event::Start(Tag::Paragraph)
            ]
        );
        let texts = events[i + 2..]
            .iter()
            .take_while(|e| matches!(e, Event::Text(_)))
            .count();
        if opens && texts > 0 {
            let first_line: String = events[i + 2..i + 2 + texts]
                .iter()
                .map(|e| match e {
                    Event::Text(t) => t.as_ref(),
                    _ => "",
                })
                .collect();
            if let Some(end) = crate::markdown::callouts::marker_end(&first_line) {
                let (marker, rest) = first_line.split_at(end);
                let mut with = vec![Event::InlineHtml(marker.to_string().into())];
                if !rest.is_empty() {
                    with.push(Event::Text(rest.to_string().into()));
                }
                events.splice(i + 2..i + 2 + texts, with);
            }
        }
        i += 1;
    }
}

/// Inline and reference links alike are written inline: a twin is read in pieces.
fn plain(link_type: LinkType) -> LinkType {
    match link_type {
        LinkType::Autolink | LinkType::Email => link_type,
        _ => LinkType::Inline,
    }
}

fn inline_link<'a>(url: String) -> Event<'a> {
    Event::Start(Tag::Link {
        link_type: LinkType::Inline,
        dest_url: url.into(),
        title: CowStr::Borrowed(""),
        id: CowStr::Borrowed(""),
    })
}

fn push_link(events: &mut Vec<Event<'_>>, url: &str, text: String, image: bool) {
    let (start, end) = match image {
        true => (
            Event::Start(Tag::Image {
                link_type: LinkType::Inline,
                dest_url: url.to_string().into(),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }),
            Event::End(TagEnd::Image),
        ),
        false => (inline_link(url.to_string()), Event::End(TagEnd::Link)),
    };
    events.extend([start, Event::Text(text.into()), end]);
}

fn is_image(ext: &str) -> bool {
    embeds::IMAGES.contains(&ext)
}

/// `events` with a reference to each claim the page cites at the end of the block that
/// quotes it, as the HTML has its mark there.
fn claim_references<'a>(events: Vec<Event<'a>>, input: &Input<'_>, origin: &str) -> Vec<Event<'a>> {
    if input.citations.is_empty() {
        return events;
    }
    let ends = quoted_block_ends(&events, input.citations);
    let mut out = Vec::with_capacity(events.len() + 4 * ends.len());
    for (i, event) in events.into_iter().enumerate() {
        for (request, _) in input
            .citations
            .iter()
            .zip(&ends)
            .filter(|(_, end)| **end == Some(i))
        {
            let url = follow(request.href.split('#').next().unwrap_or(""), origin);
            out.push(Event::Text(" ".into()));
            push_link(&mut out, &url, format!("claim: {}", request.title), false);
        }
        out.push(event);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::follow;

    #[test]
    fn page_urls_lead_to_twins_and_others_stay() {
        let o = "https://example.org";
        assert_eq!(
            follow("/sub/a/#x", o),
            "https://example.org/sub/a/index.html.md#x"
        );
        assert_eq!(follow("/sub/a/c.png", o), "https://example.org/sub/a/c.png");
        assert_eq!(follow("https://b.org/", o), "https://b.org/");
        assert_eq!(follow("#here", o), "#here");
    }
}
