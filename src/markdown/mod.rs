//! Markdown to HTML with pulldown-cmark, plus what templates and the site graph need from the
//! text: heading ids and a table of contents, a summary, a word count, and every link to
//! another content file (rewritten to its URL, and reported with its line for checking).
//!
//! `render` reads the text once, resolving links, wikilinks and embeds as they come, then
//! runs the passes that each own one syntax over the events, in order: callouts, highlights
//! (`==`), block ids (`^id`), inline tags, entity mentions, the summary, claim citations.
//! Obsidian's comments (`%% %%`) are taken out before any of it, when the file is loaded.

pub mod block_ids;
pub mod callouts;
pub mod citations;
pub mod code;
pub mod comments;
pub mod diagrams;
pub mod embeds;
pub mod headings;
pub mod highlight;
mod highlight_cache;
pub mod lines;
pub mod links;
pub mod local_files;
pub mod marks;
pub mod math;
pub mod mentions;
pub mod near_miss;
pub mod note_index;
mod rendered;
pub mod shortcodes;
pub mod summary;
pub mod tags;
pub mod targets;
pub mod twin;
pub mod wikilinks;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use citations::CiteRequest;
use headings::{IdAllocator, TocEntry};
use lines::LineIndex;
use links::Target;
use mentions::Mentions;
pub use rendered::{FileLink, Rendered};
use targets::{At, Targets};

/// Words per minute for the reading-time estimate.
const READING_WPM: usize = 200;

pub fn parser_options() -> Options {
    // Callouts (`> [!NOTE]`, `> [!faq]-`) are read by `callouts`, every type alike, so
    // pulldown-cmark's GFM option, which knows five, is left off.
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_WIKILINKS
        // `$inline$` and `$$display$$` math, handed over untouched (`math`).
        | Options::ENABLE_MATH
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
    /// What links, wikilinks and embeds can name.
    pub targets: &'a Targets,
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
    /// The notes whose embeds led to this text, outermost first; empty for a page's own.
    /// Embedded text gets no ids of its own (they would repeat the embedding page's).
    pub embedding: &'a [&'a str],
    /// The origin the text's markdown twin (`twin_of`) makes its links absolute under (empty
    /// for a site without a host); None when the site has no twins. `render` ignores it.
    pub twin_origin: Option<&'a str>,
}

impl<'a> Input<'a> {
    /// Where byte `offset` of `body` (this input's text, or the text its shortcodes became,
    /// which keeps its lines) was written in the file; `lines` indexes `body`.
    pub fn at(&self, lines: &LineIndex, body: &str, offset: usize) -> At<'a> {
        let (line, column) = lines.locate(body, offset);
        At {
            source: self.source,
            file: self.file,
            line: self.body_line + line - 1,
            column,
        }
    }
}

/// The markdown twin of `input`, made apart from its HTML: the text's shortcodes are
/// expanded again (what they report was reported with the HTML).
pub fn twin_of(input: &Input<'_>) -> Option<String> {
    let origin = input.twin_origin?;
    let expanded = shortcodes::expand(input, &mut Rendered::default());
    let body = expanded.as_ref().map_or(input.body, |e| e.text.as_str());
    Some(twin::write(input, body, expanded.as_ref(), origin))
}

/// What an open link's text becomes.
enum LinkText {
    Kept,
    /// A wikilink written without text: the first text event becomes this, the rest go.
    Shown(String),
    Dropped,
}

pub fn render(input: &Input<'_>) -> Rendered {
    let mut out = Rendered::default();
    // Shortcode calls give way to placeholders, filled in once the HTML is made.
    let expanded = shortcodes::expand(input, &mut out);
    let body = expanded.as_ref().map_or(input.body, |e| e.text.as_str());
    let lines = LineIndex::new(body);
    let at = |offset: usize| input.at(&lines, body, offset);
    let embedded = !input.embedding.is_empty();
    let targets = input.targets;
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
    // Per open link, what replaces its end (an unresolved wikilink's `</span>`) and its text.
    let mut open_links: Vec<(Option<&'static str>, LinkText)> = Vec::new();
    // An embed being read: its target, its label (after `|`) and where it was written.
    let mut embed: Option<(String, String, usize)> = None;
    let mut embed_labelled = false;
    // A code block being read: its info string, its text and where it starts; and how many
    // the page has had.
    let mut code: Option<(String, String, usize)> = None;
    let mut code_blocks = 0;

    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        if let Some((_, label, _)) = embed.as_mut() {
            match event {
                Event::End(TagEnd::Image) => {
                    let (dest, label, offset) = embed.take().expect("an embed is open");
                    events.push(embeds::embed(&dest, &label, at(offset), input, &mut out));
                }
                Event::Text(t) | Event::Code(t) if embed_labelled => label.push_str(&t),
                _ => {}
            }
            continue;
        }
        if let Some((_, text, _)) = code.as_mut() {
            match event {
                Event::End(TagEnd::CodeBlock) => {
                    let (info, text, offset) = code.take().expect("a code block is open");
                    out.word_count += text.split_whitespace().count();
                    if input.keep_text {
                        out.text.push_str(&text);
                        out.text.push(' ');
                    }
                    code_blocks += 1;
                    let html = code::block(
                        &info,
                        &text,
                        code_blocks,
                        at(offset),
                        input,
                        &mut out.errors,
                    );
                    events.push(Event::Html(CowStr::from(html)));
                }
                Event::Text(t) => text.push_str(&t),
                _ => {}
            }
            continue;
        }
        // A wikilink written without text shows its target as Obsidian does.
        let event = match (event, open_links.last_mut()) {
            (Event::Text(_), Some((_, text @ LinkText::Shown(_)))) => {
                let LinkText::Shown(shown) = std::mem::replace(text, LinkText::Dropped) else {
                    unreachable!("matched above")
                };
                Event::Text(CowStr::from(shown))
            }
            (Event::Text(_) | Event::Code(_), Some((_, LinkText::Dropped))) => continue,
            (event, _) => event,
        };
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
                    if embedded {
                        if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                            *id = None;
                        }
                    } else {
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
                }
                events.push(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match link_type {
                LinkType::WikiLink { has_pothole } => {
                    let opened =
                        wikilinks::open(&dest_url, has_pothole, at(range.start), targets, &mut out);
                    events.push(opened.start);
                    let text = opened.shown.map_or(LinkText::Kept, LinkText::Shown);
                    open_links.push((opened.end, text));
                }
                _ => {
                    // Autolinks (`<https://…>`, `<name@example.org>`) are addresses, never files.
                    let dest_url = match link_type {
                        LinkType::Autolink | LinkType::Email => dest_url,
                        _ => targets.rewrite(&dest_url, at(range.start), &mut out).0,
                    };
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                    open_links.push((None, LinkText::Kept));
                }
            },
            Event::End(TagEnd::Link) => match open_links.pop() {
                Some((Some(end), _)) => events.push(Event::InlineHtml(CowStr::Borrowed(end))),
                _ => events.push(event),
            },
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => info.to_string(),
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, String::new(), range.start));
            }
            Event::InlineMath(tex) => {
                let html = math::render(&tex, false, at(range.start), &mut out.errors);
                events.push(Event::InlineHtml(CowStr::from(html)));
            }
            Event::DisplayMath(tex) => {
                let html = math::render(&tex, true, at(range.start), &mut out.errors);
                events.push(Event::InlineHtml(CowStr::from(html)));
            }
            Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                embed = Some((dest_url.to_string(), String::new(), range.start));
                // Without a `|`, the parser's text is the target again, not a label.
                embed_labelled = has_pothole;
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match links::classify(&dest_url, input.source) {
                    Target::Untouched | Target::File { .. } => dest_url,
                    _ => {
                        let (url, asset) = targets.rewrite(&dest_url, at(range.start), &mut out);
                        if let Some(Some(size)) = asset.and_then(|a| targets.assets.get(&a)) {
                            sizes.insert(url.to_string(), *size);
                        }
                        url
                    }
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
                    // The search text holds no shortcode placeholders.
                    match &expanded {
                        Some(_) => out.text.push_str(&shortcodes::Expanded::strip(t)),
                        None => out.text.push_str(t),
                    }
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

    embeds::lift_blocks(&mut events);
    local_files::size_images(&mut events, &sizes);
    callouts::render(&mut events);
    marks::render(&mut events);
    block_ids::anchor(&mut events, &mut ids, !embedded);
    if let Some(tags_url) = &targets.tags_url {
        let tags = tags::link(&mut events, tags_url);
        if !embedded {
            out.tags = tags;
        }
    }
    if let Some((mentions, own)) = input.mentions {
        out.mentioned = mentions.link(&mut events, own);
    }
    // The summary is taken before claim anchors go in: listing pages show many summaries, and
    // anchor ids must stay unique on a page.
    out.summary = summary::summary(&events).into();
    if let Some(expanded) = &expanded {
        out.summary = expanded.substitute(&out.summary).into();
    }
    (out.cited, out.near_misses) = citations::anchor(&mut events, input.citations, &mut ids);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if let Some(expanded) = &expanded {
        html = expanded.substitute(&html);
    }
    out.html = html.into();
    out.toc = headings::nest(flat_toc).into();
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

#[cfg(test)]
mod tests;
