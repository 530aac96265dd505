//! A wikilink (`[[Note]]`, `[[Note|shown]]`, `[[Note#Heading]]`, `[[#^block]]`) becomes a link
//! like any other: to the note it names (`note_index`), at the heading or block it names, and
//! recorded among the page's links, so backlinks, related pages, previews, the link map, the
//! search index and `weave report` all count it. One that names no note is a warning (an error
//! where the site asks for it: `unresolved_links: error`) with the nearest names, and shows as
//! text marked unresolved: vaults link to notes not written yet.

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use crate::error::Diagnostic;
use crate::markdown::note_index::{Target, file_extension};
use crate::markdown::targets::{At, Targets};
use crate::markdown::{FileLink, Rendered};
use crate::render::templates::escape_html;
use crate::slug::slugify;

/// How a wikilink opens, and what its text and its end become.
pub struct Opened<'a> {
    pub start: Event<'a>,
    /// What replaces the link's end: `</span>` for an unresolved one.
    pub end: Option<&'static str>,
    /// The text shown for a link written without one (`Note > Heading`).
    pub shown: Option<String>,
}

/// `url#anchor`, with a block id's `^` written as `%5E` (browsers find `id="^core"` from
/// `#%5Ecore`; a bare `^` is not allowed in a URL).
pub fn href(url: &str, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) => format!("{url}#{}", a.replace('^', "%5E")),
        None => url.to_string(),
    }
}

/// The anchor a fragment names: a block's `^id` as it is, a heading's text by its id.
pub fn anchor_of(fragment: &str) -> String {
    if fragment.starts_with('^') {
        fragment.to_string()
    } else {
        slugify(fragment)
    }
}

/// Resolves the wikilink `dest`, written at `at`.
pub fn open<'a>(
    dest: &str,
    has_pothole: bool,
    at: At<'_>,
    targets: &Targets,
    out: &mut Rendered,
) -> Opened<'a> {
    let target = Target::parse(dest);
    let shown = (!has_pothole).then(|| target.shown());
    // `[[diagram.png]]` links to the file.
    if file_extension(target.name).is_some() {
        let url = targets
            .file_named(target.name, at.source, out)
            .and_then(|source| targets.file_url(&source, out));
        return match url {
            Some(url) => Opened {
                start: link_to(url, has_pothole),
                end: None,
                shown,
            },
            None => unresolved_link(&target, at, targets, out, shown),
        };
    }
    let found = match target.name {
        "" => Some(at.source.to_string()),
        name => targets.note_named(name, at.source, out),
    };
    let url = found.as_ref().and_then(|source| match target.name {
        "" => Some(String::new()),
        _ => targets.page_url(source, out),
    });
    let (Some(source), Some(url)) = (found, url) else {
        return unresolved_link(&target, at, targets, out, shown);
    };
    let anchor = target.fragment.map(anchor_of);
    out.links.push(FileLink {
        target: source,
        anchor: anchor.clone(),
        line: at.line,
        column: at.column,
        wiki: true,
    });
    Opened {
        start: link_to(href(&url, anchor.as_deref()), has_pothole),
        end: None,
        shown,
    }
}

fn link_to<'a>(href: String, has_pothole: bool) -> Event<'a> {
    Event::Start(Tag::Link {
        link_type: LinkType::WikiLink { has_pothole },
        dest_url: CowStr::from(href),
        title: CowStr::Borrowed(""),
        id: CowStr::Borrowed(""),
    })
}

/// A wikilink naming nothing: reported, and shown as text marked unresolved.
fn unresolved_link<'a>(
    target: &Target<'_>,
    at: At<'_>,
    targets: &Targets,
    out: &mut Rendered,
    shown: Option<String>,
) -> Opened<'a> {
    out.errors.push(unresolved(target, at, targets));
    Opened {
        start: Event::InlineHtml(CowStr::from(format!(
            "<span class=\"wikilink-unresolved\" title=\"Not written yet: {}\">",
            escape_html(target.name)
        ))),
        end: Some("</span>"),
        shown,
    }
}

/// The problem of a wikilink that names no note, with the nearest names a link could use.
pub fn unresolved(target: &Target<'_>, at: At<'_>, targets: &Targets) -> Diagnostic {
    let near = crate::yaml::nearest_few(target.name, targets.notes.names(), 3);
    let help = if near.is_empty() {
        format!(
            "no note in content/ is named `{}` or has it among its `aliases`; write the note, or fix the name",
            target.name
        )
    } else {
        format!(
            "did you mean {}?",
            near.iter()
                .map(|n| format!("`[[{n}]]`"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    };
    let what = if file_extension(target.name).is_some() {
        "file"
    } else {
        "note"
    };
    at.locate(
        Diagnostic::warning(format!("wikilink `[[{}]]` names no {what}", target.name)).help(help),
    )
    .with_severity(targets.unresolved)
}
