//! `claims.json`: every claim the site knows, as data for fact-checkers, researchers and
//! agents: its id, title, summary and topic, and for each source that makes it, the page, the
//! quote and a URL that lands on the passage. The passage URL carries the quoted block's
//! anchor and a text fragment (`#claim-x:~:text=first%20words,last%20words`), so it also lands
//! where the anchor is stripped. The README documents the schema; a test validates the file
//! against it.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::site::Site;

/// The format's version: a change that could break a reader raises it.
const VERSION: u32 = 1;

/// Characters a text fragment's words keep as they are; `-`, `,` and `&` have meanings there.
const FRAGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'_').remove(b'~');

#[derive(Serialize)]
struct File<'a> {
    version: u32,
    site: SiteInfo<'a>,
    claims: Vec<ClaimData<'a>>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    url: String,
    language: &'a str,
}

#[derive(Serialize)]
struct ClaimData<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    /// The claim on its topic page.
    url: String,
    topic: Link<'a>,
    sources: Vec<Source<'a>>,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Source<'a> {
    title: &'a str,
    url: String,
    quote: &'a str,
    /// The quoted passage: the page's URL, the block's anchor and a text fragment.
    passage: String,
}

/// The file's text: pretty-printed, in the order the topic pages list their claims.
pub fn render(site: &Site) -> String {
    let claims = site
        .claims
        .iter()
        .map(|c| {
            let topic = &site.pages[c.page];
            ClaimData {
                id: &c.id,
                title: &c.title,
                summary: &c.summary,
                url: format!("{}#{}", site.permalink(&topic.path), c.anchor),
                topic: Link {
                    title: &topic.doc.front.title,
                    url: site.permalink(&topic.path),
                },
                sources: c
                    .citations
                    .iter()
                    .map(|x| {
                        let page = &site.pages[x.page];
                        let passage = format!("{}#{}", site.url(&page.path), x.anchor);
                        Source {
                            title: &page.doc.front.title,
                            passage: passage_url(site, &passage, &x.quote),
                            url: site.permalink(&page.path),
                            quote: &x.quote,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let file = File {
        version: VERSION,
        site: SiteInfo {
            title: &site.config.title,
            url: site.permalink(""),
            language: &site.config.language,
        },
        claims,
    };
    let mut text = serde_json::to_string_pretty(&file).expect("plain data serialises");
    text.push('\n');
    text
}

/// The absolute URL that lands on a quoted passage: `passage` (the page's root-relative URL
/// and the block's anchor) with a text fragment, so it lands where the anchor is stripped.
pub fn passage_url(site: &Site, passage: &str, quote: &str) -> String {
    format!(
        "{}{passage}:~:text={}",
        site.config.origin(),
        text_fragment(quote)
    )
}

/// A text fragment for `quote`: the whole quote when short, else its first and last words
/// (`start,end`), each percent-encoded.
pub fn text_fragment(quote: &str) -> String {
    let words: Vec<&str> = quote.split_whitespace().collect();
    let encode = |ws: &[&str]| utf8_percent_encode(&ws.join(" "), FRAGMENT).to_string();
    if words.len() <= 8 {
        encode(&words)
    } else {
        format!(
            "{},{}",
            encode(&words[..4]),
            encode(&words[words.len() - 4..])
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_found_by_their_first_and_last_words() {
        assert_eq!(
            text_fragment("open models, for all"),
            "open%20models%2C%20for%20all"
        );
        assert_eq!(
            text_fragment("one two three four five six seven eight nine ten"),
            "one%20two%20three%20four,seven%20eight%20nine%20ten"
        );
        assert_eq!(text_fragment("state-of-the-art"), "state%2Dof%2Dthe%2Dart");
    }
}
