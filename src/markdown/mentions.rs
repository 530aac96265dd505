//! Entity links: the first mention of an entity's name (or one of its other names) in a page's
//! text links to the entity's page.
//!
//! Names are matched with Aho-Corasick, leftmost-longest, so "Llama 2" wins over "Llama" where
//! both fit; a match must stand as whole words. Text inside headings, links, images, code and
//! raw HTML is never linked.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The entities a site knows, compiled once per build and shared by every page.
#[derive(Debug)]
pub struct Mentions {
    matcher: Option<AhoCorasick>,
    /// Pattern index to entity index.
    entity_of: Vec<usize>,
    /// Entity index to the URL its mentions link to.
    urls: Vec<String>,
}

impl Mentions {
    /// `entities` lists each entity's URL and the names it goes by.
    pub fn new(entities: &[(String, Vec<String>)]) -> Mentions {
        let mut patterns = Vec::new();
        let mut entity_of = Vec::new();
        for (i, (_, names)) in entities.iter().enumerate() {
            for name in names.iter().filter(|n| !n.trim().is_empty()) {
                patterns.push(name.trim().to_string());
                entity_of.push(i);
            }
        }
        let matcher = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .expect("literal patterns always build")
        });
        Mentions {
            matcher,
            entity_of,
            urls: entities.iter().map(|(url, _)| url.clone()).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }

    /// Links first mentions in `events`, except mentions of entity `skip` (the page's own).
    /// Returns the indices of the entities linked.
    pub fn link(&self, events: &mut Vec<Event<'_>>, skip: Option<usize>) -> Vec<usize> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let mut linked = vec![false; self.urls.len()];
        let mut order = Vec::new();
        let mut out = Vec::with_capacity(events.len());
        let mut excluded = 0usize;
        for event in events.drain(..) {
            match &event {
                Event::Start(
                    Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_),
                ) => {
                    excluded += 1;
                }
                Event::End(
                    TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock,
                ) => {
                    excluded = excluded.saturating_sub(1);
                }
                Event::Text(text) if excluded == 0 => {
                    let mut last = 0;
                    let mut pieces = Vec::new();
                    for m in matcher.find_iter(text.as_ref()) {
                        let entity = self.entity_of[m.pattern().as_usize()];
                        if linked[entity]
                            || Some(entity) == skip
                            || !whole_words(text, m.start(), m.end())
                        {
                            continue;
                        }
                        linked[entity] = true;
                        order.push(entity);
                        pieces.push((last, m.start(), m.end(), entity));
                        last = m.end();
                    }
                    if !pieces.is_empty() {
                        split(text, &pieces, &self.urls, &mut out);
                        continue;
                    }
                }
                _ => {}
            }
            out.push(event);
        }
        *events = out;
        order
    }
}

/// Replaces one text event with text, link, text, ... for each (from, start, end, entity).
fn split<'a>(
    text: &str,
    pieces: &[(usize, usize, usize, usize)],
    urls: &[String],
    out: &mut Vec<Event<'a>>,
) {
    let mut end = 0;
    for &(from, start, stop, entity) in pieces {
        if start > from {
            out.push(Event::Text(CowStr::from(text[from..start].to_string())));
        }
        out.push(Event::InlineHtml(CowStr::from(format!(
            "<a class=\"entity-link\" href=\"{}\">",
            crate::render::templates::escape_html(&urls[entity])
        ))));
        out.push(Event::Text(CowStr::from(text[start..stop].to_string())));
        out.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
        end = stop;
    }
    if end < text.len() {
        out.push(Event::Text(CowStr::from(text[end..].to_string())));
    }
}

/// True when `text[start..end]` is not part of a longer word.
fn whole_words(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn linked(md: &str) -> String {
        let mentions = Mentions::new(&[
            ("/e/llama/".into(), vec!["Llama".into()]),
            ("/e/llama-2/".into(), vec!["Llama 2".into()]),
            ("/e/meta/".into(), vec!["Meta".into(), "Facebook".into()]),
        ]);
        let mut events: Vec<Event> = Parser::new(md).collect();
        crate::markdown::merge_text(&mut events);
        mentions.link(&mut events, None);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }

    #[test]
    fn longest_name_wins_and_only_the_first_mention_links() {
        let html = linked("Llama 2 beat Llama. Llama 2 again.");
        assert_eq!(
            html,
            "<p><a class=\"entity-link\" href=\"/e/llama-2/\">Llama 2</a> beat <a class=\"entity-link\" href=\"/e/llama/\">Llama</a>. Llama 2 again.</p>\n"
        );
    }

    #[test]
    fn aliases_link_and_words_must_be_whole() {
        let html = linked("Metadata from Facebook, then Meta.");
        assert!(
            html.contains(
                "Metadata from <a class=\"entity-link\" href=\"/e/meta/\">Facebook</a>, then Meta."
            ),
            "{html}"
        );
    }

    #[test]
    fn headings_links_and_code_are_left_alone() {
        let html = linked("# Meta\n\n[Meta](/x/) `Meta`\n\n```\nMeta\n```\n\nMeta.");
        assert_eq!(html.matches("entity-link").count(), 1, "{html}");
        assert!(
            html.contains("<p><a class=\"entity-link\" href=\"/e/meta/\">Meta</a>.</p>"),
            "{html}"
        );
    }
}
