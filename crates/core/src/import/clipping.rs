//! Press clippings: plain text whose first line is `date YYYY-MM` followed by the lede, paragraphs
//! separated by blank lines, and short unpunctuated lines between paragraphs as section headings.

use crate::date::{ArticleDate, DateError};
use crate::markdown::escape_text;

/// Longest derived title, in characters, before it is cut at a word boundary.
const MAX_TITLE: usize = 90;
/// A heading is a single line of at most this many characters…
const MAX_HEADING_CHARS: usize = 90;
/// …and at most this many words.
const MAX_HEADING_WORDS: usize = 12;

/// A clipping, read.
#[derive(Debug)]
pub(crate) struct Clipping {
    /// The date from the first line; `None` when the line is missing or its date is invalid.
    pub date: Option<ArticleDate>,
    /// What was wrong with the date line, at a 1-based column of line 1.
    pub date_problem: Option<(usize, DateProblem)>,
    /// A title made from the lede's first sentence.
    pub title: Option<String>,
    /// The first paragraph, as plain text.
    pub lede: String,
    /// The text as Markdown: headings as `##`, paragraphs escaped.
    pub markdown: String,
}

/// Why the clipping's date could not be used.
#[derive(Debug)]
pub(crate) enum DateProblem {
    /// The file does not start with a `date` line.
    Missing,
    /// The `date` line holds something that is not a valid date.
    Invalid(DateError),
}

pub(crate) fn parse(text: &str) -> Clipping {
    let body_start = text.len() - text.trim_start().len();
    let first_line_end = text[body_start..]
        .find('\n')
        .map_or(text.len(), |i| body_start + i);
    let first = &text[body_start..first_line_end];
    let leading = first_line_prefix(text, body_start);

    let (date, date_problem, lede_start) = match split_date_line(first) {
        Some((token, token_at, rest_at)) => match ArticleDate::parse(token) {
            Ok(date) => (Some(date), None, body_start + rest_at),
            Err(e) => (
                None,
                Some((leading + token_at + 1, DateProblem::Invalid(e))),
                body_start + rest_at,
            ),
        },
        None => (None, Some((leading + 1, DateProblem::Missing)), body_start),
    };

    let blocks: Vec<String> = text[lede_start..]
        .split("\n\n")
        .map(|block| block.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|block| !block.is_empty())
        .collect();

    let mut markdown = String::with_capacity(text.len() + 64);
    for (i, block) in blocks.iter().enumerate() {
        let is_heading = i > 0 && i + 1 < blocks.len() && looks_like_heading(block);
        if is_heading {
            markdown.push_str("## ");
        }
        markdown.push_str(&escape_text(block));
        markdown.push_str("\n\n");
    }
    let lede = blocks.first().cloned().unwrap_or_default();
    Clipping {
        date,
        date_problem,
        title: title_from_lede(&lede),
        lede,
        markdown: markdown.trim_end().to_owned() + "\n",
    }
}

/// Columns before the first non-space character of line 1 (the seed starts with a space).
fn first_line_prefix(text: &str, body_start: usize) -> usize {
    let line_start = text[..body_start].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..body_start].chars().count()
}

/// Finds `date <token>` at the start of the line: the token, its byte offset in the line, and the
/// offset where the lede starts.
fn split_date_line(line: &str) -> Option<(&str, usize, usize)> {
    let keyword = line.get(..4)?;
    if !keyword.eq_ignore_ascii_case("date") {
        return None;
    }
    let after = &line[4..];
    let gap = after.len() - after.trim_start().len();
    if gap == 0 {
        return None;
    }
    let token_at = 4 + gap;
    let token_len = line[token_at..]
        .find(char::is_whitespace)
        .unwrap_or(line.len() - token_at);
    let token = &line[token_at..token_at + token_len];
    // A trailing colon or comma after the date is punctuation, not part of it.
    let token = token.trim_end_matches([':', ',', '.']);
    Some((token, token_at, token_at + token_len))
}

fn looks_like_heading(block: &str) -> bool {
    let ends_with_punctuation = block
        .chars()
        .last()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | ':' | ';' | ',' | '»' | '"' | '”'));
    !ends_with_punctuation
        && block.chars().count() <= MAX_HEADING_CHARS
        && block.split_whitespace().count() <= MAX_HEADING_WORDS
}

/// The lede's first sentence, cut at a word boundary if long. Abbreviations such as `M.` or `St.`
/// do not end a sentence: the word before the stop must be longer than two letters or a number.
pub(crate) fn title_from_lede(lede: &str) -> Option<String> {
    let mut end = lede.len();
    let chars: Vec<(usize, char)> = lede.char_indices().collect();
    for (n, &(at, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let next_is_space = chars.get(n + 1).is_none_or(|&(_, c)| c.is_whitespace());
        let word_before = lede[..at].rsplit(char::is_whitespace).next().unwrap_or("");
        let short_abbreviation = word_before.chars().count() <= 2
            && word_before.chars().all(char::is_alphabetic)
            && c == '.';
        if next_is_space && !short_abbreviation {
            end = if c == '.' { at } else { at + c.len_utf8() };
            break;
        }
    }
    let sentence = lede[..end].trim();
    if sentence.is_empty() {
        return None;
    }
    if sentence.chars().count() <= MAX_TITLE {
        return Some(sentence.to_owned());
    }
    let limit = sentence
        .char_indices()
        .nth(MAX_TITLE)
        .map_or(sentence.len(), |(i, _)| i);
    let cut = sentence[..limit]
        .rfind(char::is_whitespace)
        .unwrap_or(limit);
    let cut = sentence[..cut].trim_end_matches([',', ';', ':', ' ']);
    Some(format!("{cut}…"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Precision;

    #[test]
    fn reads_a_seed_shaped_clipping() {
        let text = " date 2020-04 Le fournisseur a annoncé mardi un accord. Il couvre trois ans.\n\nUn titre de section\n\nPremier paragraphe, terminé.\n\nDeuxième paragraphe sans fin de ligne.";
        let c = parse(text);
        let date = c.date.unwrap();
        assert_eq!(
            (date.year, date.month, date.precision()),
            (2020, 4, Precision::Month)
        );
        assert!(c.date_problem.is_none());
        assert_eq!(
            c.title.as_deref(),
            Some("Le fournisseur a annoncé mardi un accord")
        );
        assert_eq!(
            c.markdown,
            "Le fournisseur a annoncé mardi un accord. Il couvre trois ans.\n\n## Un titre de section\n\nPremier paragraphe, terminé.\n\nDeuxième paragraphe sans fin de ligne.\n"
        );
    }

    #[test]
    fn a_last_short_line_is_not_a_heading() {
        let c = parse("date 2019 Lede.\n\nSignature sans point");
        assert!(!c.markdown.contains("##"));
    }

    #[test]
    fn invalid_and_missing_dates_are_reported_with_a_column() {
        let c = parse("  date 2021-02-30 Lede.");
        assert!(c.date.is_none());
        assert!(matches!(c.date_problem, Some((8, DateProblem::Invalid(_)))));
        let c = parse("Pas de date ici.");
        assert!(matches!(c.date_problem, Some((1, DateProblem::Missing))));
        assert!(c.markdown.starts_with("Pas de date"));
    }

    #[test]
    fn titles_skip_abbreviations_and_cut_long_sentences() {
        assert_eq!(
            title_from_lede("M. Martin part. Ensuite").unwrap(),
            "M. Martin part"
        );
        assert_eq!(
            title_from_lede("Version 5.0 publiée. Suite").unwrap(),
            "Version 5.0 publiée"
        );
        let long = title_from_lede(&"mot ".repeat(40)).unwrap();
        assert!(long.ends_with('…') && long.chars().count() <= MAX_TITLE + 1);
    }
}
