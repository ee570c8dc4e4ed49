//! Titles and summaries made from an article's own words, for sources that give none: a press
//! clipping has no title line, and its file name is often a hash that must never be shown.

/// Longest derived title, in characters, before it is cut.
pub(crate) const MAX_TITLE: usize = 90;
/// A cut at a clause boundary (comma, colon, dash, parenthesis) is preferred to a cut between
/// any two words when it keeps at least this many characters.
const MIN_CLAUSE: usize = 40;

/// Short French and English words that cannot end a title: a cut after them reads as broken
/// (`… le contrat de…`), so they are dropped before the ellipsis.
const DANGLING: &[&str] = &[
    "le", "la", "les", "l’", "l'", "un", "une", "des", "de", "du", "d’", "d'", "à", "au", "aux",
    "et", "ou", "en", "par", "pour", "sur", "dans", "avec", "sans", "sous", "chez", "entre", "que",
    "qui", "qu’", "qu'", "dont", "ce", "ces", "cet", "cette", "son", "sa", "ses", "leur", "leurs",
    "se", "s’", "s'", "ne", "n’", "n'", "comme", "mais", "donc", "car", "plus", "très", "the", "a",
    "an", "of", "to", "and", "or", "in", "on", "at", "by", "for", "with", "from", "as", "that",
    "which", "who", "whose", "its", "their", "his", "her", "is", "are", "was", "were", "be",
    "this", "these", "but", "than", "into",
];

/// A title from the lede: its first sentence, or when that is longer than [`MAX_TITLE`]
/// characters, its beginning cut at a clause boundary or else between words, never after a
/// dangling article or preposition, and marked with `…`.
///
/// Abbreviations such as `M.` or `St.` and numbers such as `5.0` do not end a sentence.
pub(crate) fn title_from_lede(lede: &str) -> Option<String> {
    let sentence = first_sentence(lede).trim();
    if sentence.is_empty() {
        return None;
    }
    if sentence.chars().count() <= MAX_TITLE {
        return Some(sentence.to_owned());
    }
    let limit = byte_at_char(sentence, MAX_TITLE);
    let within = &sentence[..limit];
    let clause_end = [", ", "; ", ": ", " – ", " — ", " - ", " ("]
        .iter()
        .filter_map(|mark| within.rfind(mark))
        .filter(|&at| within[..at].chars().count() >= MIN_CLAUSE)
        .max();
    let cut = match clause_end {
        Some(at) => &within[..at],
        // The character at the limit may be a space: then the whole of `within` is words.
        None if sentence[limit..].starts_with(char::is_whitespace) => within,
        None => &within[..within.rfind(char::is_whitespace).unwrap_or(within.len())],
    };
    Some(format!("{}…", without_dangling_end(cut)))
}

/// Cuts `text` to at most `max` characters between words, adding `…` when cut. Runs of spaces,
/// tabs and line breaks become one space.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let joined = text
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let text = joined.as_str();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let limit = byte_at_char(text, max);
    let cut = if text[limit..].starts_with(char::is_whitespace) {
        limit
    } else {
        text[..limit].rfind(char::is_whitespace).unwrap_or(limit)
    };
    format!("{}…", without_dangling_end(&text[..cut]))
}

/// A title from a file or folder name such as `mon-premier-article`: words, first one
/// capitalised. `None` for a name without letters.
pub(crate) fn title_from_name(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    if !words.iter().any(|w| w.chars().any(char::is_alphabetic)) {
        return None;
    }
    let joined = words.join(" ");
    let mut chars = joined.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// The text up to the first sentence end, without a final full stop.
fn first_sentence(text: &str) -> &str {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let next_is_space = chars.peek().is_none_or(|&(_, next)| next.is_whitespace());
        if !next_is_space {
            continue;
        }
        let word_before = text[..at].rsplit(char::is_whitespace).next().unwrap_or("");
        let abbreviation = c == '.'
            && !word_before.is_empty()
            && word_before.chars().count() <= 2
            && word_before.chars().all(char::is_alphabetic);
        if !abbreviation {
            return if c == '.' {
                &text[..at]
            } else {
                &text[..at + c.len_utf8()]
            };
        }
    }
    text
}

/// Drops trailing punctuation and dangling short words, keeping at least one word.
fn without_dangling_end(text: &str) -> &str {
    let mut text = text.trim_end_matches(trailing_junk);
    for _ in 0..3 {
        let Some(space) = text.rfind(char::is_whitespace) else {
            break;
        };
        let last = &text[space..].trim_start().to_lowercase();
        if !DANGLING.contains(&last.as_str()) {
            break;
        }
        text = text[..space].trim_end_matches(trailing_junk);
    }
    text
}

fn trailing_junk(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '-' | '–' | '—' | '(' | '«' | '“')
}

/// The byte offset of the `n`th character, or the length when there are fewer.
fn byte_at_char(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sentence_skips_abbreviations_and_numbers() {
        assert_eq!(
            title_from_lede("M. Martin part. Ensuite").unwrap(),
            "M. Martin part"
        );
        assert_eq!(
            title_from_lede("Version 5.0 publiée. Suite").unwrap(),
            "Version 5.0 publiée"
        );
        assert_eq!(
            title_from_lede("Qui paiera ? Personne.").unwrap(),
            "Qui paiera ?"
        );
        assert_eq!(title_from_lede("  "), None);
    }

    #[test]
    fn long_sentences_are_cut_at_a_clause() {
        let lede = "Le syndicat des hébergeurs régionaux a présenté lundi son plan de sobriété, \
                    qui prévoit de couper la climatisation de trois salles pendant l’été.";
        assert_eq!(
            title_from_lede(lede).unwrap(),
            "Le syndicat des hébergeurs régionaux a présenté lundi son plan de sobriété…"
        );
    }

    #[test]
    fn long_sentences_without_a_clause_never_end_on_a_dangling_word() {
        let lede = "The county council voted on Tuesday night to move every public archive \
                    of the region to a cold storage vault under the old mine.";
        let title = title_from_lede(lede).unwrap();
        assert_eq!(
            title,
            "The county council voted on Tuesday night to move every public archive of the region…"
        );
        let long = title_from_lede(&"mot ".repeat(40)).unwrap();
        assert!(long.ends_with('…') && long.chars().count() <= MAX_TITLE + 1);
        let unbroken = title_from_lede(&"x".repeat(200)).unwrap();
        assert_eq!(unbroken.chars().count(), MAX_TITLE + 1);
    }

    #[test]
    fn summaries_are_cut_between_words() {
        assert_eq!(shorten("un deux trois", 20), "un deux trois");
        assert_eq!(shorten("un deux trois quatre", 9), "un deux…");
        assert_eq!(shorten("alpha beta gamma", 10), "alpha beta…");
        assert_eq!(shorten(" un\tdeux\n trois ", 20), "un deux trois");
    }

    #[test]
    fn names_become_words() {
        assert_eq!(
            title_from_name("mon-premier_article").as_deref(),
            Some("Mon premier article")
        );
        assert_eq!(title_from_name("écrire").as_deref(), Some("Écrire"));
        assert_eq!(title_from_name("2021-03"), None);
    }
}
