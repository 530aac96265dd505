//! Embeds, `![[...]]`, as Obsidian has them. A file (`![[diagram.png]]`, found by its name
//! anywhere in `content/`) becomes an image, sized when asked (`|300`, `|300x200`), an audio
//! or video player, or a link (PDFs and the rest); a missing file is an error at its line, as
//! a missing image is. A note (`![[Note]]`, `![[Note#Heading]]`, `![[Note#^block]]`) puts that
//! note's text, or that section or block of it, in place, quoted from it with a link to it;
//! an embed that leads back to a note already being embedded is an error naming the cycle.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::error::Diagnostic;
use crate::markdown::note_index::{Target, file_extension};
use crate::markdown::targets::{At, embed_key};
use crate::markdown::wikilinks::{anchor_of, unresolved};
use crate::markdown::{FileLink, Input, Rendered};
use crate::render::templates::escape_html;
use crate::slug::slugify;

/// How deep embeds may nest before the rest show as links.
const MAX_DEPTH: usize = 8;

pub const IMAGES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp"];
const AUDIO: &[&str] = &["mp3", "wav", "m4a", "ogg", "oga", "flac", "3gp"];
const VIDEO: &[&str] = &["mp4", "webm", "ogv", "mov", "mkv"];

/// `300` or `300x200`: a width and maybe a height.
fn size(text: &str) -> Option<(u32, Option<u32>)> {
    let (w, h) = match text.trim().split_once('x') {
        Some((w, h)) => (w, Some(h.parse().ok()?)),
        None => (text.trim(), None),
    };
    Some((w.parse().ok()?, h))
}

/// A file embed's label as its words and its size: `alt|300`, `300x200` or `alt`.
pub fn label_parts(label: &str) -> (&str, Option<(u32, Option<u32>)>) {
    match label.rsplit_once('|') {
        Some((alt, last)) if size(last).is_some() => (alt, size(last)),
        _ if size(label).is_some() => ("", size(label)),
        _ => (label, None),
    }
}

/// The HTML of the embed `dest` (its label, after `|`, is `label`), written at `at`. A note's
/// text is block HTML (`Event::Html`), lifted out of its paragraph by `lift_blocks`.
pub fn embed<'a>(
    dest: &str,
    label: &str,
    at: At<'_>,
    input: &Input<'_>,
    out: &mut Rendered,
) -> Event<'a> {
    let target = Target::parse(dest);
    match file_extension(target.name) {
        Some(ext) => file(&target, &ext, label, at, input, out),
        None => note(&target, at, input, out),
    }
}

fn file<'a>(
    target: &Target<'_>,
    ext: &str,
    label: &str,
    at: At<'_>,
    input: &Input<'_>,
    out: &mut Rendered,
) -> Event<'a> {
    let targets = input.targets;
    let found = targets.file_named(target.name, at.source, out);
    let Some((source, url)) = found.and_then(|s| targets.file_url(&s, out).map(|u| (s, u))) else {
        out.errors.push(
            at.locate(
                Diagnostic::error(format!(
                    "missing file: `![[{}]]` names no file in content/",
                    target.name
                ))
                .help(
                    "embeds find files by name anywhere in content/; add the file, or fix its name",
                ),
            ),
        );
        return Event::Text(CowStr::from(format!("![[{}]]", target.name)));
    };
    let url = escape_html(&url);
    let name = source.rsplit('/').next().unwrap_or(&source);
    let (alt, sized) = label_parts(label);
    let alt = if alt.trim().is_empty() {
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    } else {
        alt.trim()
    };
    let html = if IMAGES.contains(&ext) {
        let natural = targets.assets.get(&source).copied().flatten();
        let dims = match (sized, natural) {
            (Some((w, Some(h))), _) => format!(" width=\"{w}\" height=\"{h}\""),
            (Some((w, None)), Some((nw, nh))) if nw > 0 => {
                format!(
                    " width=\"{w}\" height=\"{}\"",
                    (u64::from(w) * u64::from(nh) / u64::from(nw))
                )
            }
            (Some((w, None)), _) => format!(" width=\"{w}\""),
            (None, Some((nw, nh))) => format!(" width=\"{nw}\" height=\"{nh}\""),
            (None, None) => String::new(),
        };
        format!(
            "<img src=\"{url}\" alt=\"{}\"{dims} loading=\"lazy\">",
            escape_html(alt)
        )
    } else if AUDIO.contains(&ext) {
        format!(
            "<audio controls preload=\"metadata\" src=\"{url}\"><a href=\"{url}\">{}</a></audio>",
            escape_html(name)
        )
    } else if VIDEO.contains(&ext) {
        let width = sized.map_or(String::new(), |(w, _)| format!(" width=\"{w}\""));
        format!(
            "<video controls preload=\"metadata\" src=\"{url}\"{width}><a href=\"{url}\">{}</a></video>",
            escape_html(name)
        )
    } else {
        format!(
            "<a class=\"embed-file\" href=\"{url}\">{}</a>",
            escape_html(name)
        )
    };
    Event::InlineHtml(CowStr::from(html))
}

fn note<'a>(target: &Target<'_>, at: At<'_>, input: &Input<'_>, out: &mut Rendered) -> Event<'a> {
    let targets = input.targets;
    let found = match target.name {
        "" => None,
        name => targets.note_named(name, at.source, out),
    };
    let doc = found.as_ref().and_then(|s| targets.docs.get(s));
    let url = found.as_ref().and_then(|s| targets.page_url(s, out));
    let (Some(doc), Some(url)) = (doc, url) else {
        out.errors.push(unresolved(target, at, targets));
        return Event::Text(CowStr::from(format!("![[{}]]", target.name)));
    };
    let anchor = target.fragment.map(anchor_of);
    out.links.push(FileLink {
        target: doc.source.clone(),
        anchor: anchor.clone(),
        line: at.line,
        column: at.column,
        wiki: true,
    });
    let href = crate::markdown::wikilinks::href(&url, anchor.as_deref());
    let title = match target.fragment {
        Some(f) => format!("{} › {}", doc.front.title, f.trim_start_matches('^')),
        None => doc.front.title.clone(),
    };
    let link = format!(
        "<a href=\"{}\">{}</a>",
        escape_html(&href),
        escape_html(&title)
    );
    // What is being embedded, outermost first, as `source` (a whole note) or
    // `source#fragment`: the same one met again would embed itself forever. A note may
    // embed a part of itself; only that part holding the same embed is a cycle.
    let key = match target.fragment {
        Some(f) => format!("{}#{f}", doc.source),
        None => doc.source.clone(),
    };
    let mut stack: Vec<&str> = input.embedding.to_vec();
    if stack.is_empty() {
        stack.push(input.source);
    }
    if let Some(start) = stack.iter().position(|s| *s == key) {
        let mut cycle: Vec<String> = stack[start..].iter().map(|s| s.to_string()).collect();
        cycle.push(key);
        report_cycle(cycle, at, input, out);
        return Event::InlineHtml(CowStr::from(link));
    }
    if stack.len() > MAX_DEPTH {
        return Event::InlineHtml(CowStr::from(link));
    }
    stack.push(&key);
    out.embeds.push(doc.source.clone());
    out.lookups
        .push((format!("embed:{}", doc.source), Some(embed_key(doc))));
    let text = doc.text();
    let Some(range) = part(&text, target.fragment) else {
        return Event::InlineHtml(CowStr::from(link));
    };
    let body_line = doc.body_line + text[..range.start].matches('\n').count();
    let inner = crate::markdown::render(&Input {
        source: &doc.source,
        file: &doc.file,
        body: &text[range],
        body_line,
        targets,
        citations: &[],
        mentions: None,
        reserved_ids: &[],
        keep_text: false,
        highlight: input.highlight,
        embedding: &stack,
        twin_origin: None,
    });
    for cycle in inner.cycles {
        report_cycle(cycle, at, input, out);
    }
    out.embeds.extend(inner.embeds);
    // The embedded text's links and files decide this page's HTML too.
    out.lookups.extend(inner.lookups);
    Event::Html(CowStr::from(format!(
        "<blockquote class=\"embed\" cite=\"{}\">\n{}<footer class=\"embed-source\">{link}</footer>\n</blockquote>\n",
        escape_html(&href),
        inner.html
    )))
}

/// An embed cycle is reported by each page that is part of it (the whole note or a part),
/// at its embed that leads into the cycle, starting from that page's own part; an embedded
/// render passes it up to the page being built.
fn report_cycle(cycle: Vec<String>, at: At<'_>, input: &Input<'_>, out: &mut Rendered) {
    let note = |k: &String| k.split('#').next().unwrap_or(k).to_string();
    // The cycle without its closing repeat, turned to start at this page's part.
    let open = &cycle[..cycle.len() - 1];
    let own = open.iter().position(|k| note(k) == input.source);
    if let (true, Some(own)) = (input.embedding.is_empty(), own) {
        let mut turned: Vec<&String> = open[own..].iter().chain(&open[..own]).collect();
        turned.push(turned[0]);
        // `content/a.md#Part`: a part is shown as its note's file and the part.
        let shown: Vec<String> = turned.iter().map(|s| format!("content/{s}")).collect();
        out.errors.push(at.locate(
            Diagnostic::error(format!("embed cycle: {}", shown.join(" embeds ")))
                .help("a note cannot embed itself, however far round; link to it instead: `[[...]]` without the `!`"),
        ));
    } else {
        out.cycles.push(cycle);
    }
}

/// The part of a note's text an embed names: all of it, the section under a heading (to the
/// next heading of the same or a higher level), or the paragraph or list item with a block id.
fn part(body: &str, fragment: Option<&str>) -> Option<Range<usize>> {
    let Some(fragment) = fragment else {
        return Some(0..body.len());
    };
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(body, crate::markdown::parser_options())
            .into_offset_iter()
            .collect();
    if let Some(id) = fragment.strip_prefix('^') {
        let ends_with_id = |text: &str| {
            text.trim_end()
                .strip_suffix(id)
                .is_some_and(|t| t.ends_with('^'))
        };
        return events.iter().find_map(|(e, range)| match e {
            Event::Start(Tag::Paragraph | Tag::Item) if ends_with_id(&body[range.clone()]) => {
                Some(range.clone())
            }
            _ => None,
        });
    }
    let wanted = slugify(fragment);
    let mut start: Option<(usize, HeadingLevel)> = None;
    let mut text = String::new();
    let mut reading: Option<(usize, HeadingLevel)> = None;
    for (e, range) in &events {
        match e {
            Event::Start(Tag::Heading { level, .. }) => {
                if let Some((from, at)) = start
                    && *level <= at
                {
                    return Some(from..range.start);
                }
                reading = Some((range.start, *level));
                text.clear();
            }
            Event::Text(t) | Event::Code(t) if reading.is_some() => text.push_str(t),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(found) = reading.take()
                    && start.is_none()
                    && slugify(&text) == wanted
                {
                    start = Some(found);
                }
            }
            _ => {}
        }
    }
    start.map(|(from, _)| from..body.len())
}

/// Takes each note embed (block HTML) out of the paragraph it was written in: a paragraph
/// holding only the embed is dropped, one with more text is closed before it and opened again
/// after.
pub fn lift_blocks(events: &mut Vec<Event<'_>>) {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Html(h) if h.starts_with("<blockquote class=\"embed\"")))
    {
        return;
    }
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len() + 4);
    let mut in_paragraph = false;
    for e in std::mem::take(events) {
        match e {
            Event::Start(Tag::Paragraph) => {
                in_paragraph = true;
                out.push(e);
            }
            Event::End(TagEnd::Paragraph) => {
                in_paragraph = false;
                close_paragraph(&mut out);
            }
            Event::Html(ref h) if in_paragraph && h.starts_with("<blockquote class=\"embed\"") => {
                close_paragraph(&mut out);
                out.push(e);
                out.push(Event::Start(Tag::Paragraph));
            }
            other => out.push(other),
        }
    }
    *events = out;
}

/// Ends the open paragraph, or drops it when it holds nothing but white space.
fn close_paragraph(out: &mut Vec<Event<'_>>) {
    let start = out
        .iter()
        .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)))
        .expect("a paragraph is open");
    let empty = out[start + 1..].iter().all(|e| match e {
        Event::Text(t) => t.trim().is_empty(),
        Event::SoftBreak | Event::HardBreak => true,
        _ => false,
    });
    if empty {
        out.truncate(start);
    } else {
        out.push(Event::End(TagEnd::Paragraph));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_file_names() {
        assert_eq!(size("300"), Some((300, None)));
        assert_eq!(size("300x200"), Some((300, Some(200))));
        assert_eq!(size("wide"), None);
        assert_eq!(file_extension("photo.PNG").as_deref(), Some("png"));
        assert_eq!(file_extension("Note.md"), None);
        assert_eq!(file_extension("Version 1.2 notes"), None);
    }

    #[test]
    fn parts_are_a_section_or_a_block() {
        let body = "Intro.\n\n## Part one\n\nOne.\n\n### Deeper\n\nStill one.\n\n## Part two\n\nTwo. ^b-2\n\n- item ^i\n";
        let one = part(body, Some("Part one")).unwrap();
        assert!(body[one.clone()].starts_with("## Part one"));
        assert!(body[one].contains("Still one."));
        assert!(!body[part(body, Some("Part one")).unwrap()].contains("Two."));
        assert_eq!(&body[part(body, Some("^b-2")).unwrap()], "Two. ^b-2\n");
        assert!(body[part(body, Some("^i")).unwrap()].starts_with("- item"));
        assert_eq!(part(body, Some("Missing")), None);
        assert_eq!(part(body, None), Some(0..body.len()));
    }
}
