//! Where a content file's front matter is: the fenced block at its top (`---` for YAML, `+++`
//! for TOML) or the JSON object that opens it, and the line its body starts on.

use std::path::Path;

use crate::content::formats;
use crate::error::Diagnostic;

/// The form front matter is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Between `---` lines (weave's, Hugo's, Obsidian's).
    Yaml,
    /// Between `+++` lines (Zola's, Hugo's).
    Toml,
    /// An object at the top of the file (Hugo's).
    Json,
}

/// A content file cut into its front matter and its body, with the line each starts on.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: &'a str,
    pub front_line: usize,
    pub format: Format,
    pub body: &'a str,
    pub body_line: usize,
    /// The file has no front matter at all: plain markdown.
    pub bare: bool,
}

/// Finds the front matter: a first line `---` (YAML) or `+++` (TOML) and the block ends at
/// the next line that is the same (or, for YAML, `...`); or a JSON object that opens the
/// file. A file that starts otherwise is plain markdown, all body.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').unwrap_or(text.len());
    let (format, fence) = match text[..first_end].trim_end() {
        "---" => (Format::Yaml, "---"),
        "+++" => (Format::Toml, "+++"),
        _ if text.starts_with('{') => return json_split(file, text),
        _ => {
            return Ok(Split {
                front: "",
                front_line: 1,
                format: Format::Yaml,
                body: text,
                body_line: 1,
                bare: true,
            });
        }
    };
    let front_start = (first_end + 1).min(text.len());
    let mut offset = front_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let content = text[offset..end].trim_end();
        if content == fence || (format == Format::Yaml && content == "...") {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                front: &text[front_start..offset],
                front_line: 2,
                format,
                body: &text[body_start..],
                body_line: line + 1,
                bare: false,
            });
        }
        offset = end + 1;
        line += 1;
    }
    Err(
        Diagnostic::error("the front matter opened on line 1 is never closed")
            .in_file(file)
            .at_line(1)
            .help(format!(
                "add a line containing only `{fence}` after the last front-matter key"
            )),
    )
}

/// JSON front matter: the object that opens the file, and the body after it.
fn json_split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let Some(end) = formats::json_end(text) else {
        // Not a whole object: parsing it gives the error and its place.
        let e = formats::json_fields(file, text, 1).err();
        return Err(e.unwrap_or_else(|| {
            Diagnostic::error("the JSON front matter is never closed")
                .in_file(file)
                .at_line(1)
        }));
    };
    let rest = &text[end..];
    let body_start = end + rest.find('\n').map_or(rest.len(), |i| i + 1);
    Ok(Split {
        front: &text[..end],
        front_line: 1,
        format: Format::Json,
        body: &text[body_start..],
        body_line: 1 + text[..body_start].matches('\n').count(),
        bare: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_body_line() {
        let s = split(Path::new("a.md"), "---\ntitle: A\n---\nbody\n").unwrap();
        assert_eq!(s.front, "title: A\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split(Path::new("a.md"), "---\ntitle: A\nbody\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }
}
