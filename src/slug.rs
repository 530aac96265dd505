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

#[cfg(test)]
mod tests {
    use super::slugify;

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
