//! Obsidian's comments, `%% like this %%`, inline or over several lines: the author's private
//! notes, which must appear in no output at all (pages, previews, search, feed). They are
//! taken out of the text before anything reads it, outside code spans and code blocks, where
//! `%%` is just text. A comment left open runs to the end of the note, as in Obsidian. Each
//! removed character but a line break becomes a space, so lines and columns stay true.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// `text` without its comments; borrowed when it has none.
pub fn strip(text: &str) -> Cow<'_, str> {
    if !text.contains("%%") {
        return Cow::Borrowed(text);
    }
    let code = code_ranges(text);
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find("%%") {
        let open = search + found;
        if in_code(open) {
            search = open + 2;
            continue;
        }
        let close = text[open + 2..]
            .match_indices("%%")
            .map(|(i, _)| open + 2 + i)
            .find(|&i| !in_code(i));
        let end = close.map_or(text.len(), |i| i + 2);
        out.push_str(&text[copied..open]);
        out.extend(
            text[open..end]
                .chars()
                .map(|c| if c == '\n' || c == '\r' { c } else { ' ' }),
        );
        copied = end;
        search = end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Byte ranges of the code spans and code blocks of `text`.
pub(crate) fn code_ranges(text: &str) -> Vec<Range<usize>> {
    Parser::new_ext(text, crate::markdown::parser_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            Event::InlineMath(_) | Event::DisplayMath(_) => Some(range),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn comments_go_and_lines_stay() {
        assert_eq!(strip("a %%secret%% b"), "a            b");
        assert_eq!(strip("a\n%%\nline\n%%\nb"), "a\n  \n    \n  \nb");
        assert_eq!(
            strip("open %% to the end\nstill"),
            format!("open{}\n     ", " ".repeat(14))
        );
        assert!(matches!(strip("no comment"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn code_keeps_its_percent_signs() {
        assert_eq!(strip("`%%x%%` and %%y%%"), "`%%x%%` and      ");
        assert_eq!(strip("```\n%% kept %%\n```\n"), "```\n%% kept %%\n```\n");
    }
}
