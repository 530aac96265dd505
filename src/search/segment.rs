//! Cutting Chinese and Japanese into words for the index. Neither is written with spaces, so
//! splitting at whitespace would index whole sentences as one word and no query would find
//! them. ICU4X's dictionary segmenter (`icu_segmenter`, the Unicode Consortium's library) cuts
//! them by the same Unicode dictionary browsers use for `Intl.Segmenter`, which the theme's
//! search box uses to cut the query: both sides agree on what a word is.

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;

/// Calls `f` with each word of `word` (a run of text without whitespace): itself when it holds
/// no Chinese or Japanese, else its dictionary words and the pieces between them.
pub fn words(word: &str, f: &mut impl FnMut(&str)) {
    let word_owned;
    let word = if word.contains('\u{200B}') {
        word_owned = word.replace('\u{200B}', "");
        word_owned.as_str()
    } else {
        word
    };
    if word.is_empty() {
        return;
    }
    if !word.chars().any(is_cjk) {
        return f(word);
    }
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let breaks: Vec<usize> = segmenter.segment_str(word).collect();
    for pair in breaks.windows(2) {
        let piece = &word[pair[0]..pair[1]];
        if !piece.trim().is_empty() {
            f(piece);
        }
    }
}

/// Han ideographs, kana, and their punctuation and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        words(text, &mut |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn chinese_and_japanese_are_cut_into_dictionary_words() {
        let zh = cut("人工智能模型让更多的开发者参与创新。");
        assert!(zh.contains(&"模型".to_string()), "{zh:?}");
        assert!(zh.contains(&"人工".to_string()), "{zh:?}");
        let ja = cut("オープンソースのAIモデルは研究者にとって重要です。");
        assert!(ja.contains(&"研究者".to_string()), "{ja:?}");
        assert!(ja.contains(&"重要".to_string()), "{ja:?}");
    }

    #[test]
    fn other_scripts_stay_whole() {
        assert_eq!(cut("open-weights"), vec!["open-weights"]);
        assert_eq!(cut("x\u{200B}y"), vec!["xy"]);
    }
}
