//! Callouts, as Obsidian writes them (GitHub's `> [!NOTE]` is the same syntax): a block quote
//! whose first line is `[!type]`, optionally followed by `+` or `-` (foldable, open or closed)
//! and a title of its own (`> [!tip]- Read this first`). Every type Obsidian knows and its
//! aliases have a colour of the theme's; an unknown type shows as a note. A callout becomes
//! a `div` with `role="note"` and a visible title; a foldable one a `<details>` with the title
//! as its `<summary>`, which folds without any script. Callouts nest.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::render::templates::escape_html;

/// The type a written type stands for (Obsidian's aliases), which names its class and colour.
fn canonical(written: &str) -> &'static str {
    match written {
        "abstract" | "summary" | "tldr" => "abstract",
        "info" => "info",
        "todo" => "todo",
        "tip" | "hint" | "important" => "tip",
        "success" | "check" | "done" => "success",
        "question" | "help" | "faq" => "question",
        "warning" | "caution" | "attention" => "warning",
        "failure" | "fail" | "missing" => "failure",
        "danger" | "error" => "danger",
        "bug" => "bug",
        "example" => "example",
        "quote" | "cite" => "quote",
        _ => "note",
    }
}

/// A callout's first line: `[!type]`, its fold sign, and where the title starts.
struct Head {
    kind: String,
    /// `Some(true)`: foldable, open; `Some(false)`: foldable, closed.
    fold: Option<bool>,
    /// Byte length of the marker in the first text (`[!faq]- ` is 8).
    marker: usize,
}

fn head(text: &str) -> Option<Head> {
    let rest = text.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let kind = &rest[..close];
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let after = &rest[close + 1..];
    let (fold, sign) = match after.chars().next() {
        Some('+') => (Some(true), 1),
        Some('-') => (Some(false), 1),
        _ => (None, 0),
    };
    let spaces = after[sign..].len() - after[sign..].trim_start().len();
    Some(Head {
        kind: kind.to_lowercase(),
        fold,
        marker: 2 + close + 1 + sign + spaces,
    })
}

/// Where a callout's marker (`[!type]` and its fold sign) ends in the first text of a block
/// quote, when the text opens with one.
pub fn marker_end(text: &str) -> Option<usize> {
    let head = head(text)?;
    Some(text[..head.marker].trim_end().len())
}

/// Replaces each callout's block quote with a callout's HTML; plain quotes stay quotes.
pub fn render(events: &mut Vec<Event<'_>>) {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::BlockQuote(_))))
    {
        return;
    }
    let mut input: Vec<Option<Event<'_>>> = std::mem::take(events).into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(input.len());
    // One entry per open block quote: what replaces its end (None: a plain quote).
    let mut quotes: Vec<Option<&'static str>> = Vec::new();
    let mut i = 0;
    while i < input.len() {
        let event = input[i].take().expect("each event is taken once");
        i += 1;
        match event {
            Event::Start(Tag::BlockQuote(kind)) => {
                let head = match (input.get(i), input.get(i + 1)) {
                    (Some(Some(Event::Start(Tag::Paragraph))), Some(Some(Event::Text(t)))) => {
                        head(t)
                    }
                    _ => None,
                };
                match head {
                    Some(head) => {
                        i += 1; // the paragraph's start: its first line is the title
                        quotes.push(Some(open_callout(&head, &mut input, &mut i, &mut out)));
                    }
                    None => {
                        quotes.push(None);
                        out.push(Event::Start(Tag::BlockQuote(kind)));
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(kind)) => match quotes.pop().flatten() {
                Some(close) => out.push(Event::Html(CowStr::Borrowed(close))),
                None => out.push(Event::End(TagEnd::BlockQuote(kind))),
            },
            other => out.push(other),
        }
    }
    *events = out;
}

/// Writes a callout's opening and title from its first paragraph, whose first text is
/// `input[*i]`, up to the end of its first line; the rest of that paragraph stays as the
/// callout's text. Returns what closes the callout.
fn open_callout<'a>(
    head: &Head,
    input: &mut [Option<Event<'a>>],
    i: &mut usize,
    out: &mut Vec<Event<'a>>,
) -> &'static str {
    let class = canonical(&head.kind);
    let data = escape_html(&head.kind);
    let (open, title_open, title_close, close) = match head.fold {
        None => (
            format!(
                "<div class=\"callout callout-{class}\" data-callout=\"{data}\" role=\"note\">\n"
            ),
            "<p class=\"callout-title\">",
            "</p>\n<div class=\"callout-content\">\n",
            "</div>\n</div>\n",
        ),
        Some(open) => (
            format!(
                "<details class=\"callout callout-{class}\" data-callout=\"{data}\"{}>\n",
                if open { " open" } else { "" }
            ),
            "<summary class=\"callout-title\">",
            "</summary>\n<div class=\"callout-content\">\n",
            "</div>\n</details>\n",
        ),
    };
    out.push(Event::Html(CowStr::from(open)));
    out.push(Event::Html(CowStr::Borrowed(title_open)));
    let Some(Event::Text(first)) = input[*i].take() else {
        unreachable!("the head was read from this text")
    };
    *i += 1;
    let own = first[head.marker.min(first.len())..].to_string();
    let mut titled = !own.trim().is_empty();
    if titled {
        out.push(Event::Text(CowStr::from(own)));
    }
    // The title runs to the first line break; the rest of the paragraph is the first of the
    // callout's text.
    while *i < input.len() {
        let event = input[*i].take().expect("each event is taken once");
        *i += 1;
        match event {
            Event::SoftBreak | Event::HardBreak => {
                default_title(titled, &head.kind, out);
                out.push(Event::Html(CowStr::Borrowed(title_close)));
                out.push(Event::Start(Tag::Paragraph));
                return close;
            }
            Event::End(TagEnd::Paragraph) => break,
            e => {
                titled = true;
                out.push(e);
            }
        }
    }
    default_title(titled, &head.kind, out);
    out.push(Event::Html(CowStr::Borrowed(title_close)));
    close
}

/// `faq` gives "Faq", as Obsidian titles a callout without a title of its own.
fn default_title(titled: bool, kind: &str, out: &mut Vec<Event<'_>>) {
    if !titled {
        let title = crate::slug::capitalise(&kind.replace(['-', '_'], " "));
        out.push(Event::Text(CowStr::from(title)));
    }
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
    fn kinds_become_titled_notes_and_plain_quotes_stay_quotes() {
        let out = to_html("> [!WARNING]\n> Mind the *gap*.\n\n> Just a quote.\n");
        assert!(
            out.contains("<div class=\"callout callout-warning\" data-callout=\"warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>\n<div class=\"callout-content\">\n<p>Mind the <em>gap</em>.</p>\n</div>\n</div>"),
            "{out}"
        );
        assert!(
            out.contains("<blockquote>\n<p>Just a quote.</p>\n</blockquote>"),
            "{out}"
        );
    }

    #[test]
    fn aliases_titles_folding_and_nesting() {
        let out = to_html("> [!faq]- Why *this*?\n> Because.\n");
        assert!(
            out.starts_with("<details class=\"callout callout-question\" data-callout=\"faq\">\n<summary class=\"callout-title\">Why <em>this</em>?</summary>"),
            "{out}"
        );
        assert!(out.contains("<p>Because.</p>\n</div>\n</details>"), "{out}");
        let out = to_html("> [!tldr]+\n> Short.\n");
        assert!(
            out.contains("callout-abstract\" data-callout=\"tldr\" open>"),
            "{out}"
        );
        assert!(
            out.contains("<summary class=\"callout-title\">Tldr</summary>"),
            "{out}"
        );
        let out = to_html("> [!whatever] Own\n> > [!bug]\n> > Inner.\n");
        assert!(
            out.contains("callout-note\" data-callout=\"whatever\""),
            "{out}"
        );
        assert!(out.contains("callout-bug"), "{out}");
        assert_eq!(out.matches("</div>\n</div>").count(), 2, "{out}");
    }
}
