//! One slug rule for file names, term names and heading ids, so that a link written by hand
//! (`/topics/open-source/`, `#faster-innovation`) can be predicted from the text it names; and
//! the way back, a readable title from a name when no front matter gives one.

/// Upper-cases the first letter of `word`, for titles made from names no front matter titles
/// ("motives" becomes "Motives").
pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Lower-cases `text`, keeps letters and digits (any script), and turns every run of other
/// characters into one `-`, trimmed from both ends: "Llama 3.1" becomes "llama-3-1".
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "Meta's" reads as one word: "metas", as GitHub does.
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Characters a URL path segment may hold as they are (RFC 3986's unreserved and
/// sub-delimiters, `:` and `@`), besides letters and digits.
const SEGMENT_SAFE: &str = "-._~!$&'()*+,;=:@";

/// The URL segment of a file or folder name, as Hugo makes it: lower-cased, white space to
/// `-`, every character a path segment may hold kept (so `clang++` stays beside `clang`), the
/// others dropped. A name left empty (`[`) becomes `_` and the hex of its bytes (`_5b`), so no
/// file gives an empty URL.
pub fn file_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if c.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else if c.is_alphanumeric() || SEGMENT_SAFE.contains(c) {
            out.extend(c.to_lowercase());
        }
    }
    if out.is_empty() || out == "." || out == ".." {
        let hex: String = name.bytes().map(|b| format!("{b:02x}")).collect();
        return format!("_{hex}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{file_segment, slugify};

    #[test]
    fn file_names_keep_what_a_url_path_allows() {
        assert_eq!(file_segment("clang++"), "clang++");
        assert_eq!(file_segment("Getting Started"), "getting-started");
        assert_eq!(file_segment("!"), "!");
        assert_eq!(file_segment("~"), "~");
        assert_eq!(file_segment("["), "_5b");
        assert_eq!(file_segment(".."), "_2e2e");
        assert_eq!(file_segment("a?b#c"), "abc");
        assert_eq!(file_segment("Ünïcode"), "ünïcode");
    }

    #[test]
    fn slugs_are_predictable() {
        assert_eq!(slugify("Llama 3.1"), "llama-3-1");
        assert_eq!(
            slugify("  Meta’s Open-Source Motives! "),
            "metas-open-source-motives"
        );
        assert_eq!(slugify("Ünïcode Ärger"), "ünïcode-ärger");
        assert_eq!(slugify("../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("***"), "");
    }
}
