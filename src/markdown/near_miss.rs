//! For a claim's quote that is in no block of its page: the passage that comes closest, and
//! the first words where the two part, so an author sees at once which word an edit changed.

/// The closest passage to a quote, and where they first differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearMiss {
    /// The passage of the text, as long as the quote.
    pub passage: String,
    /// A few words of the quote from where it parts from the passage...
    pub quote_from: String,
    /// ...and of the passage from the same place.
    pub text_from: String,
}

/// Words shown on each side of where the quote and the passage part.
const SHOWN: usize = 4;

/// How far (in words) a quote's word may sit from its place in the passage and still count:
/// one word added or dropped shifts the rest by one.
const SLACK: usize = 2;

/// The window of `blocks` (normalised texts) most like `quote` (normalised), when at least
/// half its words are found there.
pub fn closest<'a>(quote: &str, blocks: impl Iterator<Item = &'a str>) -> Option<NearMiss> {
    let q: Vec<&str> = quote.split(' ').collect();
    // Score, the block's words and where the window starts.
    let mut best: Option<(usize, Vec<&str>, usize)> = None;
    for block in blocks {
        let words: Vec<&str> = block.split(' ').collect();
        let last_start = words.len().saturating_sub(q.len().min(words.len()));
        let mut top: Option<(usize, usize)> = None;
        for start in 0..=last_start {
            let end = (start + q.len() + SLACK).min(words.len());
            // A word in its very place counts twice; one a word or two off, once.
            let score: usize = q
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let w = fold(w);
                    if words.get(start + i).is_some_and(|t| fold(t) == w) {
                        return 2;
                    }
                    let from = (start + i).saturating_sub(SLACK);
                    let to = (start + i + SLACK + 1).min(end);
                    usize::from(from < to && words[from..to].iter().any(|t| fold(t) == w))
                })
                .sum();
            if top.is_none_or(|(s, _)| score > s) {
                top = Some((score, start));
            }
        }
        if let Some((score, start)) = top
            && best.as_ref().is_none_or(|(s, _, _)| score > *s)
        {
            best = Some((score, words, start));
        }
    }
    let (score, words, start) = best?;
    if score < q.len() {
        return None;
    }
    let window = &words[start..(start + q.len()).min(words.len())];
    let parted = q
        .iter()
        .zip(window)
        .position(|(a, b)| a != b)
        .unwrap_or(q.len().min(window.len()));
    let shown = |words: &[&str], at: usize| {
        let at = at.min(words.len());
        words[at..(at + SHOWN).min(words.len())].join(" ")
    };
    Some(NearMiss {
        passage: window.join(" "),
        quote_from: shown(&q, parted),
        text_from: shown(&words, start + parted),
    })
}

/// Words compare without case and the punctuation around them.
fn fold(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_changed_word_is_found_and_shown() {
        let blocks = [
            "Nothing to see here.",
            "Meta argues that open models let the whole field innovate faster than closed ones.",
        ];
        let miss = closest(
            "open models let the whole industry innovate faster",
            blocks.iter().copied(),
        )
        .unwrap();
        assert_eq!(
            miss.passage,
            "open models let the whole field innovate faster"
        );
        assert_eq!(miss.quote_from, "industry innovate faster");
        assert_eq!(miss.text_from, "field innovate faster than");
    }

    #[test]
    fn a_dropped_word_still_finds_the_passage_and_nothing_alike_finds_none() {
        let blocks = ["We release the weights of every model we train, free for research."];
        let miss = closest(
            "release the weights of model we train",
            blocks.iter().copied(),
        )
        .unwrap();
        assert_eq!(miss.quote_from, "model we train");
        assert_eq!(miss.text_from, "every model we train,");
        assert_eq!(
            closest("entirely different words here", blocks.iter().copied()),
            None
        );
    }
}
