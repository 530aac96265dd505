//! Markdown to HTML with pulldown-cmark, plus what templates and the site graph need from the
//! text: heading ids and a table of contents, a summary, a word count, and every link to
//! another content file (rewritten to its URL, and reported with its line for checking).

pub mod callouts;
pub mod citations;
pub mod headings;
pub mod highlight;
pub mod links;
pub mod local_files;
pub mod mentions;
pub mod near_miss;

use std::collections::HashSet;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::error::Diagnostic;
use citations::CiteRequest;
use headings::{IdAllocator, TocEntry};
use links::{Target, UrlMap};
use mentions::Mentions;

/// Words per minute for the reading-time estimate.
const READING_WPM: usize = 200;
const MORE_MARKER: &str = "<!-- more -->";

pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        // Block quotes of a kind (`> [!NOTE]`), made callouts.
        | Options::ENABLE_GFM
}

/// Where the text being rendered lives and how to reach other pages.
pub struct Input<'a> {
    /// Path inside `content/` (`articles/a.md`): file links resolve relative to it.
    pub source: &'a str,
    /// Path from the site root, for error messages.
    pub file: &'a std::path::Path,
    pub body: &'a str,
    /// Line of the file on which `body` starts.
    pub body_line: usize,
    /// `/` or `/sub/path/`.
    pub base_path: &'a str,
    pub urls: &'a UrlMap,
    /// Files beside the pages (`content/articles/foo/chart.png`), with image sizes.
    pub assets: &'a local_files::AssetSizes,
    /// Claims the page cites, to anchor in its text.
    pub citations: &'a [CiteRequest],
    /// Entities whose first mention to link, and the page's own entity (never linked).
    pub mentions: Option<(&'a Mentions, Option<usize>)>,
    /// Ids taken before any heading: a topic page's claim ids, so headings never collide.
    pub reserved_ids: &'a [String],
    /// Keep the body as plain text (`Rendered::text`), which only the search index reads.
    pub keep_text: bool,
    /// Highlight fenced code in a known language (`highlight` in weave.yaml).
    pub highlight: bool,
}

/// A link from this document to another content file, kept for anchor checks and backlinks.
#[derive(Clone, Debug)]
pub struct FileLink {
    pub target: String,
    pub anchor: Option<String>,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Default)]
pub struct Rendered {
    /// Shared with the views templates see, never copied per page.
    pub html: Arc<str>,
    pub summary: Arc<str>,
    pub toc: Vec<TocEntry>,
    pub heading_ids: HashSet<String>,
    pub word_count: usize,
    pub reading_time: usize,
    /// The body as plain text, for the search index.
    pub text: String,
    /// Where headings lie in `text`: level (1 to 6) and byte range. The index weights their
    /// words, as Pagefind weights headings in HTML.
    pub text_headings: Vec<(u8, std::ops::Range<usize>)>,
    pub links: Vec<FileLink>,
    /// Every content file a link named, and the URL it had (None: no such file). The
    /// rendered HTML depends on these and on nothing else of the site's URLs, so a cached
    /// render stays good while they are unchanged.
    pub lookups: Vec<(String, Option<String>)>,
    /// Per citation request, the anchor its block got, or None when the quote was not found.
    pub cited: Vec<Option<String>>,
    /// Per citation request whose quote was not found, the passage that comes closest.
    pub near_misses: Vec<Option<near_miss::NearMiss>>,
    /// Entities whose mention was linked, by index.
    pub mentioned: Vec<usize>,
    pub errors: Vec<Diagnostic>,
}

pub fn render(input: &Input<'_>) -> Rendered {
    let mut out = Rendered::default();
    let lines = LineIndex::new(input.body);
    let mut events: Vec<Event> = Vec::new();
    let mut ids = IdAllocator::default();
    for id in input.reserved_ids {
        ids.allocate(Some(id), "");
    }
    let mut flat_toc = Vec::new();
    // Image URL to its width and height, for files beside the page.
    let mut sizes = std::collections::HashMap::new();
    // Index in `events` of the open heading, and its text so far.
    let mut heading: Option<(usize, String)> = None;
    let mut heading_text_start = 0;

    for (event, range) in Parser::new_ext(input.body, parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                heading = Some((events.len(), String::new()));
                heading_text_start = out.text.len();
                events.push(event);
            }
            Event::End(TagEnd::Heading(level)) => {
                if input.keep_text {
                    let span = heading_text_start..out.text.len();
                    out.text_headings.push((heading_number(level), span));
                    out.text.push(' ');
                }
                if let Some((start, text)) = heading.take() {
                    let id = finish_heading(&mut events[start], &text, &mut ids);
                    events.push(Event::InlineHtml(CowStr::from(format!(
                        "<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
                    ))));
                    flat_toc.push(TocEntry {
                        level: heading_number(level),
                        id,
                        title: text.trim().to_string(),
                        children: vec![],
                    });
                }
                events.push(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(&dest_url, input, &lines, range.start, &mut out);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match links::classify(&dest_url, input.source) {
                    Target::SiteRoot { path } => format!("{}{path}", input.base_path).into(),
                    Target::Asset { source } => {
                        let url = rewrite(&dest_url, input, &lines, range.start, &mut out);
                        if let Some(Some(size)) = input.assets.get(&source) {
                            sizes.insert(url.to_string(), *size);
                        }
                        url
                    }
                    Target::OutsideContent => {
                        rewrite(&dest_url, input, &lines, range.start, &mut out)
                    }
                    _ => dest_url,
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                out.word_count += t.split_whitespace().count();
                if input.keep_text {
                    out.text.push_str(t);
                }
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(t);
                }
                push_merging_text(&mut events, event);
            }
            other => {
                if input.keep_text
                    && matches!(other, Event::End(_) | Event::SoftBreak | Event::HardBreak)
                    && !out.text.ends_with(' ')
                {
                    out.text.push(' ');
                }
                events.push(other);
            }
        }
    }

    local_files::size_images(&mut events, &sizes);
    if input.highlight {
        highlight::render(&mut events);
    }
    callouts::render(&mut events);
    if let Some((mentions, own)) = input.mentions {
        out.mentioned = mentions.link(&mut events, own);
    }
    // The summary is taken before claim anchors go in: listing pages show many summaries, and
    // anchor ids must stay unique on a page.
    out.summary = summary(&events).into();
    (out.cited, out.near_misses) = citations::anchor(&mut events, input.citations, &mut ids);
    let mut html = String::with_capacity(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    out.html = html.into();
    out.toc = headings::nest(flat_toc);
    out.heading_ids = ids.into_ids();
    out.reading_time = out.word_count.div_ceil(READING_WPM).max(1);
    // The text is kept for the search index until the build ends; a string grown by doubling
    // holds up to twice its length (a third of the memory the texts of 10,000 pages took).
    out.text.shrink_to_fit();
    out
}

/// Appends `event`, joining it to a text event just before it. Smart punctuation splits text
/// at every quote; whole runs of text are what names and quotes are matched against.
fn push_merging_text<'a>(events: &mut Vec<Event<'a>>, event: Event<'a>) {
    if let (Some(Event::Text(prev)), Event::Text(next)) = (events.last_mut(), &event) {
        *prev = CowStr::from(format!("{prev}{next}"));
    } else {
        events.push(event);
    }
}

/// Joins adjacent text events in place (for event lists not built by `render`).
pub fn merge_text(events: &mut Vec<Event<'_>>) {
    let mut merged = Vec::with_capacity(events.len());
    for e in events.drain(..) {
        push_merging_text(&mut merged, e);
    }
    *events = merged;
}

/// Sets the heading's id attribute (allocating one) and returns it.
fn finish_heading(start: &mut Event<'_>, text: &str, ids: &mut IdAllocator) -> String {
    let Event::Start(Tag::Heading { id, .. }) = start else {
        unreachable!("heading start recorded at this index")
    };
    let allocated = ids.allocate(id.as_deref(), text);
    *id = Some(CowStr::from(allocated.clone()));
    allocated
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Resolves one link destination, recording file links and reporting the ones that break.
fn rewrite<'a>(
    dest: &CowStr<'a>,
    input: &Input<'_>,
    lines: &LineIndex,
    offset: usize,
    out: &mut Rendered,
) -> CowStr<'a> {
    let (line, column) = lines.locate(input.body, offset);
    let line = input.body_line + line - 1;
    match links::classify(dest, input.source) {
        Target::Untouched => dest.clone(),
        Target::SiteRoot { path } => format!("{}{path}", input.base_path).into(),
        Target::OutsideContent => {
            out.errors.push(
                Diagnostic::error(format!("link `{dest}` points outside the content folder"))
                    .in_file(input.file)
                    .at(line, column)
                    .help("links to files are relative to this file; remove a `../`"),
            );
            dest.clone()
        }
        Target::Asset { source } => {
            let (key, seen) = local_files::lookup(input.assets, &source);
            out.lookups.push((key, seen.clone()));
            if seen.is_some() {
                let suffix = dest.find(['#', '?']).map_or("", |i| &dest[i..]);
                format!("{}{suffix}", local_files::url(input.base_path, &source)).into()
            } else {
                out.errors.push(
                    Diagnostic::error(format!(
                        "missing file: `{dest}` names content/{source}, which does not exist"
                    ))
                    .in_file(input.file)
                    .at(line, column)
                    .help("files are found relative to this page's file; put it there (a page bundle keeps a page's files in its folder: content/articles/foo/index.md beside chart.png)"),
                );
                dest.clone()
            }
        }
        Target::File { source, anchor } => {
            let url = input.urls.get(&source);
            out.lookups.push((source.clone(), url.cloned()));
            match url {
                Some(url) => {
                    let href = match anchor {
                        Some(a) => format!("{url}#{a}"),
                        None => url.clone(),
                    };
                    out.links.push(FileLink {
                        target: source,
                        anchor: anchor.map(str::to_string),
                        line,
                        column,
                    });
                    href.into()
                }
                None => {
                    out.errors.push(
                    Diagnostic::error(format!(
                        "broken link: `{dest}` names content/{source}, which does not exist"
                    ))
                    .in_file(input.file)
                    .at(line, column)
                    .help("links to .md files are relative to this file; check the file name (drafts are only built with --drafts)"),
                );
                    dest.clone()
                }
            }
        }
    }
}

/// The text before `<!-- more -->`, else the first paragraph, as HTML.
fn summary(events: &[Event<'_>]) -> String {
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

/// Byte offset to 1-based line and column, by binary search over line starts.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|s| *s <= offset);
        let start = self.starts[line - 1];
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_text(body: &str, urls: &UrlMap) -> Rendered {
        render(&Input {
            source: "articles/a.md",
            file: std::path::Path::new("content/articles/a.md"),
            body,
            body_line: 4,
            base_path: "/sub/",
            urls,
            assets: &local_files::AssetSizes::new(),
            citations: &[],
            mentions: None,
            reserved_ids: &[],
            keep_text: true,
            highlight: false,
        })
    }

    #[test]
    fn headings_get_ids_anchors_and_a_toc() {
        let r = render_text("# Top\n\n## Part one\n\n## Part one\n", &UrlMap::new());
        assert!(r.html.contains("<h2 id=\"part-one-1\">"), "{}", r.html);
        assert!(r.html.contains("href=\"#part-one\""));
        assert_eq!(r.toc[0].children.len(), 2);
    }

    #[test]
    fn file_links_are_rewritten_and_broken_ones_located() {
        let urls = UrlMap::from([("articles/b.md".to_string(), "/sub/articles/b/".to_string())]);
        let r = render_text("See [b](b.md#x) and\n[c](c.md).\n", &urls);
        assert!(r.html.contains("href=\"/sub/articles/b/#x\""), "{}", r.html);
        assert_eq!(r.errors.len(), 1);
        assert_eq!((r.errors[0].line, r.errors[0].column), (Some(5), Some(1)));
    }

    #[test]
    fn summary_is_the_first_paragraph_or_the_text_before_more() {
        let r = render_text("# T\n\nFirst *one*.\n\nSecond.\n", &UrlMap::new());
        assert_eq!(r.summary.trim(), "<p>First <em>one</em>.</p>");
        let r = render_text("A.\n\nB.\n\n<!-- more -->\n\nC.\n", &UrlMap::new());
        assert!(r.summary.contains("B.") && !r.summary.contains("C."));
    }
}
