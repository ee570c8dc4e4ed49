//! Press clippings: plain text whose first line is `date YYYY-MM` followed by the lede, paragraphs
//! separated by blank lines, and short unpunctuated lines between paragraphs as section headings.

use crate::date::{ArticleDate, DateError};
use crate::markdown::escape_text;

use super::title::title_from_lede;

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
    /// The first paragraph after the lede that is not a heading.
    pub second_paragraph: Option<String>,
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

/// One block of text between blank lines.
struct Block {
    /// The block's lines joined by single spaces.
    text: String,
    /// How many source lines it spans.
    lines: usize,
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

    let blocks = blocks(&text[lede_start..]);
    let mut markdown = String::with_capacity(text.len() + 64);
    let mut second_paragraph = None;
    for (i, block) in blocks.iter().enumerate() {
        let is_heading = i > 0 && i + 1 < blocks.len() && looks_like_heading(block);
        if is_heading {
            markdown.push_str("## ");
        } else if i > 0 && second_paragraph.is_none() {
            second_paragraph = Some(block.text.clone());
        }
        markdown.push_str(&escape_text(&block.text));
        markdown.push_str("\n\n");
    }
    let lede = blocks.first().map(|b| b.text.clone()).unwrap_or_default();
    Clipping {
        date,
        date_problem,
        title: title_from_lede(&lede),
        lede,
        second_paragraph,
        markdown: markdown.trim_end().to_owned() + "\n",
    }
}

/// Splits text at blank lines (lines of spaces and tabs count as blank) and joins each block's
/// lines. Runs of spaces, tabs and line breaks become one space; no-break spaces stay, since
/// French typography puts them before `:`, `;`, `!` and `?`.
fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = Block {
        text: String::new(),
        lines: 0,
    };
    for line in text.split('\n') {
        let line = line.trim_matches(|c: char| c.is_ascii_whitespace());
        if line.is_empty() {
            if current.lines > 0 {
                blocks.push(std::mem::replace(
                    &mut current,
                    Block {
                        text: String::new(),
                        lines: 0,
                    },
                ));
            }
            continue;
        }
        for word in line
            .split(|c: char| c.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
        {
            if !current.text.is_empty() {
                current.text.push(' ');
            }
            current.text.push_str(word);
        }
        current.lines += 1;
    }
    if current.lines > 0 {
        blocks.push(current);
    }
    blocks
}

/// Columns before the first non-space character of line 1 (the seed starts with a space).
fn first_line_prefix(text: &str, body_start: usize) -> usize {
    let line_start = text[..body_start].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..body_start].chars().count()
}

/// Finds `date <token>` (or `date: <token>`) at the start of the line: the token, its byte offset
/// in the line, and the offset where the lede starts.
fn split_date_line(line: &str) -> Option<(&str, usize, usize)> {
    let keyword = line.get(..4)?;
    if !keyword.eq_ignore_ascii_case("date") {
        return None;
    }
    let after = &line[4..];
    let after_colon = after.trim_start_matches([' ', '\t']).strip_prefix(':');
    let after = after_colon.unwrap_or(after);
    let gap = after.len() - after.trim_start().len();
    if gap == 0 && after_colon.is_none() {
        return None;
    }
    let token_at = line.len() - after.len() + gap;
    let token_len = line[token_at..]
        .find(char::is_whitespace)
        .unwrap_or(line.len() - token_at);
    let token = &line[token_at..token_at + token_len];
    // A trailing colon or comma after the date is punctuation, not part of it.
    let token = token.trim_end_matches([':', ',', '.']);
    Some((token, token_at, token_at + token_len))
}

/// A single short line that does not end like a sentence.
fn looks_like_heading(block: &Block) -> bool {
    let ends_with_punctuation =
        block.text.chars().last().is_some_and(|c| {
            matches!(c, '.' | '!' | '?' | '…' | ':' | ';' | ',' | '»' | '"' | '”')
        });
    block.lines == 1
        && !ends_with_punctuation
        && block.text.chars().count() <= MAX_HEADING_CHARS
        && block.text.split_whitespace().count() <= MAX_HEADING_WORDS
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
}
