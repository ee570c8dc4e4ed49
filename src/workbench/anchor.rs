//! Where a highlighted passage is in an article's text: the passage is kept as a quote with a
//! little context on each side (the W3C Web Annotation `TextQuoteSelector`: `exact`, `prefix`,
//! `suffix`), and found again in the text shown, so that it survives a new bundle in which the
//! article's HTML or the text around it changed.
//!
//! Pure Rust, tested natively; the page hands it the article's text (its text nodes joined) and
//! wraps the byte range it answers (see `passages`).

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How many characters of context are kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// A passage named by its words and their surroundings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuote {
    /// The passage itself.
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] characters just before it.
    #[serde(default)]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters just after it.
    #[serde(default)]
    pub suffix: String,
}

/// The quote for the byte `range` of `text` (what the reader selected), without the whitespace
/// at its ends; `None` when nothing but whitespace is selected or the range is not in `text`.
pub fn quote_at(text: &str, range: Range<usize>) -> Option<TextQuote> {
    let selected = text.get(range.clone())?;
    let start = range.start + (selected.len() - selected.trim_start().len());
    let end = range.start + selected.trim_end().len();
    if start >= end {
        return None;
    }
    let before = &text[..start];
    let prefix_start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after = &text[end..];
    let suffix_end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(i, _)| i);
    Some(TextQuote {
        exact: text[start..end].to_owned(),
        prefix: before[prefix_start..].to_owned(),
        suffix: after[..suffix_end].to_owned(),
    })
}

/// Where `quote` is in `text`, as a byte range of `text`: every place its words occur (runs of
/// whitespace count as one space, so a re-wrapped paragraph still matches), the one whose
/// surroundings agree best with the quote's prefix and suffix, the first of equals. `None` when
/// the words are no longer there. Linear in the text (each place checks a bounded context).
pub fn find(text: &str, quote: &TextQuote) -> Option<Range<usize>> {
    let exact = collapse(quote.exact.trim());
    if exact.is_empty() {
        return None;
    }
    let (flat, origin) = collapse_with_origin(text);
    let prefix = collapse(&quote.prefix);
    let suffix = collapse(&quote.suffix);
    let mut best: Option<(usize, Range<usize>)> = None;
    for (at, _) in flat.match_indices(exact.as_str()) {
        let end = at + exact.len();
        let score =
            common_suffix_chars(&flat[..at], &prefix) + common_prefix_chars(&flat[end..], &suffix);
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, at..end));
        }
    }
    let (_, range) = best?;
    // Back to the text's own bytes: the last byte of the match is the last byte of a character.
    Some(origin[range.start]..origin[range.end - 1] + 1)
}

/// `text` with each run of whitespace made one space.
fn collapse(text: &str) -> String {
    collapse_with_origin(text).0
}

/// [`collapse`], with the byte of `text` each byte of the result comes from.
fn collapse_with_origin(text: &str) -> (String, Vec<usize>) {
    let mut flat = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut in_space = false;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                flat.push(' ');
                origin.push(at);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        flat.push(c);
        origin.extend(at..at + c.len_utf8());
    }
    (flat, origin)
}

/// How many characters `a` and `b` share at their ends.
fn common_suffix_chars(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many characters `a` and `b` share at their starts.
fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(exact: &str, prefix: &str, suffix: &str) -> TextQuote {
        TextQuote {
            exact: exact.into(),
            prefix: prefix.into(),
            suffix: suffix.into(),
        }
    }

    #[test]
    fn a_selection_becomes_a_trimmed_quote_with_context() {
        let text = "Le conseil a voté le budget. Le maire a parlé ensuite.";
        let start = text.find(" le budget").unwrap();
        let q = quote_at(text, start..start + " le budget. ".len()).unwrap();
        assert_eq!(q.exact, "le budget.");
        assert_eq!(q.prefix, "Le conseil a voté ");
        assert_eq!(q.suffix, " Le maire a parlé ensuite.");
        assert_eq!(
            find(text, &q),
            Some(start + 1..start + 1 + "le budget.".len())
        );
        assert_eq!(quote_at(text, 2..3), None, "only a space");
        assert_eq!(quote_at(text, 0..999), None, "not in the text");
    }

    #[test]
    fn context_is_bounded_in_characters_not_bytes() {
        let text = format!("{}mot{}", "é".repeat(50), "ü".repeat(50));
        let start = "é".len() * 50;
        let q = quote_at(&text, start..start + 3).unwrap();
        assert_eq!(q.prefix, "é".repeat(CONTEXT_CHARS));
        assert_eq!(q.suffix, "ü".repeat(CONTEXT_CHARS));
    }

    #[test]
    fn the_context_picks_among_repeated_words() {
        let text = "The vote was close. Later the vote was unanimous. A third vote failed.";
        let second = text.find("vote was unanimous").unwrap();
        let q = quote_at(text, second..second + 4).unwrap();
        assert_eq!(find(text, &q), Some(second..second + 4));
        // The same passage after a re-bundle added text before it: still the second one.
        let edited = format!("Update: corrected. {text}");
        let moved = edited.find("vote was unanimous").unwrap();
        assert_eq!(find(&edited, &q), Some(moved..moved + 4));
        // Without context, the first place wins.
        assert_eq!(find(text, &quote("vote", "", "")), Some(4..8));
    }

    #[test]
    fn whitespace_differences_are_tolerated_and_the_range_is_the_texts_own() {
        let q = quote("budget was\nadopted", "the ", " on");
        let text = "In May the  budget   was\n\n  adopted on Monday.";
        let range = find(text, &q).unwrap();
        assert_eq!(&text[range], "budget   was\n\n  adopted");
    }

    #[test]
    fn a_passage_gone_from_the_text_is_not_placed() {
        let q = quote("the budget", "", "");
        assert_eq!(find("Nothing about money here.", &q), None);
        assert_eq!(find("anything", &quote("  ", "", "")), None);
    }

    #[test]
    fn changed_surroundings_still_place_the_passage_where_most_context_agrees() {
        let text = "alpha beta gamma. delta beta epsilon.";
        let q = quote("beta", "xx delta ", " epsilon and more");
        let at = text.rfind("beta").unwrap();
        assert_eq!(find(text, &q), Some(at..at + 4));
    }
}
