//! Which index words one word of text gives, by Pagefind's rules: letters and digits kept and
//! lowercased, diacritics folded (the form with them kept as a variant, so exact matches rank
//! higher), the result stemmed; the parts of compound words (`three-antelopes`,
//! `ThreeAntelopes`, `sys.is_python`) and emoji indexed on their own too. Pagefind's client
//! folds and stems a query the same way, so the index must agree with these rules exactly;
//! `tests/engine/search_parity.rs` checks them against Pagefind's own indexer.

use convert_case::{Case, Casing};
use pagefind_stem::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_segmentation::UnicodeSegmentation;

/// Characters that count as part of a word besides letters and digits: Unicode's connector
/// punctuation, as Pagefind has it.
pub const WORD_SYMBOLS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

const MAX_KATAKANA_SUFFIX_CHARS: usize = 16;
const MAX_DOTTED_TAIL_CHARS: usize = 64;

/// One word to index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexWord {
    /// Folded and stemmed: what the index is keyed by.
    pub word: String,
    /// The word before diacritics were folded, when that differs.
    pub original: Option<String>,
    /// A part of a compound word, which shares the whole word's weight with the other parts.
    pub compound_part: bool,
}

/// The snowball stemmer Pagefind uses for a language (`en`, `pt-BR`), if it has one.
pub fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match language.split('-').next().unwrap_or("") {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// Every index word of one whitespace-separated word of body text.
pub fn of_text_word(raw: &str, stemmer: Option<&Stemmer>) -> Vec<IndexWord> {
    let mut words = of_word(raw, stemmer);
    let tails = dotted_tails(raw, stemmer, &words);
    words.extend(tails);
    words
}

/// Every index word of one word of a metadata field (the title): the same, without the
/// dotted tails.
pub fn of_word(raw: &str, stemmer: Option<&Stemmer>) -> Vec<IndexWord> {
    let mut words = Vec::new();
    let folded = fold(raw);
    if !folded.is_empty() {
        words.push(stem(&folded, stemmer, false));
    }
    for suffix in katakana_suffixes(raw) {
        let plain = strip_diacritics(suffix);
        words.push(IndexWord {
            word: plain.clone().unwrap_or_else(|| suffix.to_string()),
            original: plain.map(|_| suffix.to_string()),
            compound_part: true,
        });
    }
    if !looks_compound(raw) {
        return words;
    }
    let parts = compound_parts(raw);
    if !folded.is_empty() && (parts.contains(char::is_whitespace) || !folded.starts_with(&parts)) {
        // Only parts of two or more bytes, as Pagefind has it.
        for part in parts.split_whitespace().filter(|p| p.len() > 1) {
            let plain = strip_diacritics(part);
            let base = plain.as_deref().unwrap_or(part);
            words.push(IndexWord {
                word: match stemmer {
                    Some(s) => s.stem(base).into_owned(),
                    None => base.to_string(),
                },
                original: plain.map(|_| part.to_string()),
                compound_part: true,
            });
        }
    }
    words.extend(emoji(raw).map(|e| IndexWord {
        word: e.to_string(),
        original: None,
        compound_part: false,
    }));
    words
}

/// Letters, digits and word symbols, lowercased.
fn fold(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for mut c in raw.chars() {
        if c.is_alphanumeric() || WORD_SYMBOLS.contains(&c) {
            c.make_ascii_lowercase();
            if c.is_uppercase() {
                // Non-ASCII capitals can lower to several characters.
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
    out
}

fn stem(folded: &str, stemmer: Option<&Stemmer>, compound_part: bool) -> IndexWord {
    let plain = strip_diacritics(folded);
    let base = plain.as_deref().unwrap_or(folded);
    IndexWord {
        word: match stemmer {
            Some(s) => s.stem(base).into_owned(),
            None => base.to_string(),
        },
        original: plain.map(|_| folded.to_string()),
        compound_part,
    }
}

/// Anything but letters and digits, or a capital after the first character.
fn looks_compound(raw: &str) -> bool {
    raw.chars().any(|c| !c.is_alphanumeric()) || raw.chars().skip(1).any(char::is_uppercase)
}

/// The words inside a compound (`page.Find` → `page find`), lowercased, space-separated.
fn compound_parts(raw: &str) -> String {
    raw.replace(|c: char| c.is_ascii_punctuation(), " ")
        .to_case(Case::Lower)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The emoji in a word. (No ASCII text holds one: even keycaps need a combining mark.)
fn emoji(raw: &str) -> impl Iterator<Item = &str> {
    let candidates = if raw.is_ascii() { "" } else { raw };
    candidates
        .graphemes(true)
        .filter(|g| emojis::get(g).is_some())
}

/// The tails after each dot that are compounds themselves, so `sysconfig.is_python_build`
/// also finds `is_python_build`.
fn dotted_tails(raw: &str, stemmer: Option<&Stemmer>, existing: &[IndexWord]) -> Vec<IndexWord> {
    let mut tails: Vec<IndexWord> = Vec::new();
    if !raw.contains('.') {
        return tails;
    }
    for (i, _) in raw.match_indices('.') {
        let rest = &raw[i + 1..];
        let tail = match rest.char_indices().nth(MAX_DOTTED_TAIL_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        // A plain tail is indexed already, as the compound's last part.
        if !looks_compound(tail) {
            continue;
        }
        let folded = fold(tail);
        if folded.chars().count() < 2 {
            continue;
        }
        let word = stem(&folded, stemmer, true);
        let seen = existing.iter().chain(&tails).any(|w| w.word == word.word);
        if !seen {
            tails.push(word);
        }
    }
    tails
}

/// Katakana runs are not split into words, so every suffix is indexed: a query for a word
/// inside the run then finds it by prefix.
fn katakana_suffixes(word: &str) -> Vec<&str> {
    let is_katakana = |c: char| matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F);
    if word.chars().count() < 3 || !word.chars().all(is_katakana) {
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::new();
    let mut suffixes = Vec::new();
    for (i, _) in word.char_indices().skip(1) {
        let rest = &word[i..];
        let suffix = match rest.char_indices().nth(MAX_KATAKANA_SUFFIX_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        if suffix.chars().count() >= 2 && seen.insert(suffix) {
            suffixes.push(suffix);
        }
    }
    suffixes
}

/// The word with its combining marks removed (`café` → `cafe`), when that changes it. Kana
/// voicing marks tell words apart, so they stay (recomposed).
fn strip_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() || !word.chars().any(decomposes) {
        return None;
    }
    let kana_mark = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String = word
        .nfd()
        .filter(|&c| !is_combining_mark(c) || kana_mark(c))
        .collect();
    let stripped = if stripped.chars().any(kana_mark) {
        stripped.nfc().collect()
    } else {
        stripped
    };
    (stripped != word).then_some(stripped)
}

fn decomposes(c: char) -> bool {
    let mut changes = is_combining_mark(c);
    decompose_canonical(c, |part| changes |= part != c);
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(raw: &str, language: &str) -> Vec<(String, Option<String>, bool)> {
        of_text_word(raw, stemmer(language).as_ref())
            .into_iter()
            .map(|w| (w.word, w.original, w.compound_part))
            .collect()
    }

    #[test]
    fn plain_words_are_folded_and_stemmed() {
        assert_eq!(words("Running,", "en"), [("run".into(), None, false)]);
        assert_eq!(words("2023", "en"), [("2023".into(), None, false)]);
        assert!(words("—", "en").is_empty());
    }

    #[test]
    fn compounds_index_their_parts() {
        let parts = |raw| {
            words(raw, "en")
                .into_iter()
                .map(|w| w.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            parts("ThreeAntelopes"),
            ["threeantelop", "three", "antelop"]
        );
        assert_eq!(
            parts("three-antelopes"),
            ["threeantelop", "three", "antelop"]
        );
        assert_eq!(
            parts("sysconfig.is_python_build"),
            [
                "sysconfigis_python_build",
                "sysconfig",
                "is",
                "python",
                "build",
                "is_python_build"
            ]
        );
    }

    #[test]
    fn diacritics_are_folded_and_the_original_kept() {
        assert_eq!(
            words("café-crème", "fr"),
            [
                ("cafecrem".into(), Some("cafécrème".into()), false),
                ("caf".into(), Some("café".into()), true),
                ("crem".into(), Some("crème".into()), true),
            ]
        );
    }

    #[test]
    fn katakana_runs_index_their_suffixes() {
        assert_eq!(
            katakana_suffixes("バックアップ"),
            ["ックアップ", "クアップ", "アップ", "ップ"]
        );
    }

    #[test]
    fn emoji_are_words_of_their_own() {
        let found = words("cloud🌦️cannon", "en");
        assert!(found.iter().any(|w| w.0 == "🌦️"), "{found:?}");
    }
}
