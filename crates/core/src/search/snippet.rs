//! Highlights and snippets: which words of a text the query matched, as byte ranges of the
//! original (accented) text, using the same analysis and the same matching rules as the index.

use std::ops::Range;

use super::query::{Atom, Query, Scope};
use super::typo::{self, Typo};
use crate::analysis::{self, Stemmers, Token};

/// Words kept either side of the first match in a snippet.
const LEAD_WORDS: usize = 6;

/// One query word, ready to test tokens against.
struct Wanted {
    folded: String,
    stems: [String; 2],
    prefix: bool,
    typo: Option<Typo>,
}

/// Tests words of a text against the positive words and phrases of a query.
pub struct Highlighter {
    wanted: Vec<Wanted>,
    /// Phrases as folded words; only whole occurrences are marked.
    phrases: Vec<Vec<String>>,
    /// Phrases of two to four words written as one (`mid life` → `midlife`).
    joined_phrases: Vec<String>,
    stemmers: Stemmers,
}

/// A passage of a text with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The passage, with `…` where it was cut.
    pub text: String,
    /// Byte ranges of matched words in `text`.
    pub highlights: Vec<Range<usize>>,
}

impl Highlighter {
    /// A highlighter for the words and phrases a query looks for in the text (not the excluded
    /// ones, nor author/tag/source fields).
    pub fn new(query: &Query) -> Self {
        let stemmers = Stemmers::default();
        let mut wanted = Vec::new();
        let mut phrases: Vec<Vec<String>> = Vec::new();
        for atom in query.clauses.iter().flatten() {
            match atom {
                Atom::Word {
                    scope: Scope::Text | Scope::Title,
                    text,
                    prefix,
                } => {
                    let folded = analysis::fold(text).into_owned();
                    let edits = typo::allowed_edits(&folded);
                    wanted.push(Wanted {
                        stems: stemmers.stems(text),
                        typo: (edits > 0).then(|| typo::automaton(&folded, edits, *prefix)),
                        folded,
                        prefix: *prefix,
                    });
                }
                Atom::Phrase {
                    scope: Scope::Text | Scope::Title,
                    words,
                } => {
                    phrases.push(
                        words
                            .iter()
                            .map(|w| analysis::fold(w).into_owned())
                            .collect(),
                    );
                }
                _ => {}
            }
        }
        let joined_phrases = phrases
            .iter()
            .filter(|p| (2..=4).contains(&p.len()))
            .map(|p| p.concat())
            .collect();
        Self {
            wanted,
            phrases,
            joined_phrases,
            stemmers,
        }
    }

    /// Whether the query has any word to highlight.
    pub fn is_empty(&self) -> bool {
        self.wanted.is_empty() && self.phrases.is_empty()
    }

    /// For each token, whether it is a matched word or part of a matched phrase.
    pub fn marks(&self, tokens: &[Token<'_>]) -> Vec<bool> {
        let mut marks: Vec<bool> = if self.wanted.is_empty() {
            vec![false; tokens.len()]
        } else {
            tokens.iter().map(|t| self.matches(t)).collect()
        };
        self.mark_compounds(tokens, &mut marks);
        for phrase in &self.phrases {
            if phrase.is_empty() || phrase.len() > tokens.len() {
                continue;
            }
            for start in 0..=tokens.len() - phrase.len() {
                if tokens[start..start + phrase.len()]
                    .iter()
                    .zip(phrase)
                    .all(|(t, w)| t.folded == *w)
                {
                    marks[start..start + phrase.len()].fill(true);
                }
            }
        }
        marks
    }

    /// Marks the words the search found as compounds: two or three consecutive words that make a
    /// query word (`Mid-Life`, `mid life` for `midlife`), and one word that makes a query phrase
    /// (`midlife` for `mid-life`).
    fn mark_compounds(&self, tokens: &[Token<'_>], marks: &mut [bool]) {
        for (i, token) in tokens.iter().enumerate() {
            let folded = token.folded.as_ref();
            if self.joined_phrases.iter().any(|j| j == folded) {
                marks[i] = true;
            }
            for w in &self.wanted {
                if w.folded.len() <= folded.len() || !w.folded.starts_with(folded) {
                    continue;
                }
                let mut joined = folded.to_owned();
                for (k, next) in tokens.iter().enumerate().skip(i + 1).take(2) {
                    joined.push_str(&next.folded);
                    if joined == w.folded || (w.prefix && joined.starts_with(w.folded.as_str())) {
                        marks[i..=k].fill(true);
                        break;
                    }
                    if !w.folded.starts_with(joined.as_str()) {
                        break;
                    }
                }
            }
        }
    }

    /// Whether a token matches one of the query's words (phrases aside: see [`Self::marks`]).
    pub fn matches(&self, token: &Token<'_>) -> bool {
        let folded = token.folded.as_ref();
        let mut stems: Option<[String; 2]> = None;
        self.wanted.iter().any(|w| {
            if folded == w.folded || (w.prefix && folded.starts_with(w.folded.as_str())) {
                return true;
            }
            // Stemming every word of a text is slow; only words that could share a stem are.
            if w.stems
                .iter()
                .any(|s| !s.is_empty() && folded.starts_with(s.as_str()))
            {
                let token_stems = stems.get_or_insert_with(|| self.stemmers.stems(token.original));
                if token_stems.iter().zip(&w.stems).any(|(a, b)| a == b) {
                    return true;
                }
            }
            w.typo
                .as_ref()
                .is_some_and(|t| t.distance(folded).is_some())
        })
    }

    /// Byte ranges of every matched word in `text`.
    pub fn highlight(&self, text: &str) -> Vec<Range<usize>> {
        if self.is_empty() {
            return Vec::new();
        }
        let tokens: Vec<Token<'_>> = analysis::tokens(text).collect();
        let marks = self.marks(&tokens);
        tokens
            .iter()
            .zip(marks)
            .filter(|(_, marked)| *marked)
            .map(|(t, _)| t.start..t.end)
            .collect()
    }

    /// The passage of about `max_words` words holding the most matches, starting a little before
    /// the first of them; the opening words when nothing matches.
    pub fn snippet(&self, text: &str, max_words: usize) -> Snippet {
        let tokens: Vec<Token<'_>> = analysis::tokens(text).collect();
        if tokens.is_empty() || max_words == 0 {
            return Snippet::default();
        }
        let matched = self.marks(&tokens);
        // Best window: the most matched words among `max_words` consecutive words.
        let mut best = (0usize, 0usize);
        let mut count = 0;
        for i in 0..tokens.len() {
            count += usize::from(matched[i]);
            if i >= max_words {
                count -= usize::from(matched[i - max_words]);
            }
            let start = (i + 1).saturating_sub(max_words);
            if count > best.1 {
                best = (start, count);
            }
        }
        let mut first = best.0;
        if best.1 > 0 {
            let first_match = (first..tokens.len()).find(|&i| matched[i]).unwrap_or(first);
            first = first_match
                .saturating_sub(LEAD_WORDS)
                .max(first.saturating_sub(LEAD_WORDS));
        }
        let last = (first + max_words).min(tokens.len()) - 1;
        let start = if first == 0 { 0 } else { tokens[first].start };
        let end = if last + 1 == tokens.len() {
            text.len()
        } else {
            tokens[last].end
        };
        let mut snippet = String::new();
        if first > 0 {
            snippet.push('…');
        }
        let shift = snippet.len();
        // Block breaks become spaces: same byte length, so the ranges below stay right.
        snippet.push_str(&text[start..end].trim_end().replace('\n', " "));
        if last + 1 < tokens.len() {
            snippet.push('…');
        }
        let highlights = (first..=last)
            .filter(|&i| matched[i])
            .map(|i| tokens[i].start - start + shift..tokens[i].end - start + shift)
            .collect();
        Snippet {
            text: snippet,
            highlights,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compounds_are_highlighted_however_written() {
        let text = "A Mid-Life review; the midlife refresh; in mid life, mid way.";
        let marked = |q: &str| -> Vec<String> {
            Highlighter::new(&Query::parse(q))
                .highlight(text)
                .into_iter()
                .map(|r| text[r].to_owned())
                .collect()
        };
        assert_eq!(
            marked("midlife "),
            ["Mid", "Life", "midlife", "mid", "life"]
        );
        assert_eq!(
            marked("mid-life "),
            ["Mid", "Life", "midlife", "mid", "life"]
        );
    }

    fn marked(query: &str, text: &str) -> Vec<String> {
        let h = Highlighter::new(&Query::parse(query));
        h.highlight(text)
            .into_iter()
            .map(|r| text[r].to_owned())
            .collect()
    }

    #[test]
    fn highlights_the_original_accented_words() {
        assert_eq!(
            marked("securite ", "La Sécurité d'abord, la sécurité toujours."),
            ["Sécurité", "sécurité"]
        );
        assert_eq!(
            marked("l'application ", "Dans l’application mobile"),
            ["application"]
        );
        assert_eq!(
            marked("chiffré ", "le chiffrement des données"),
            ["chiffrement"]
        );
        assert_eq!(marked("oracl", "Oracle et oracles"), ["Oracle", "oracles"]);
        assert_eq!(marked("javscript ", "du JavaScript"), ["JavaScript"]);
        assert!(marked("-zoom ", "zoom").is_empty());
        assert_eq!(
            marked(
                "\"fournisseur de services\"",
                "de la part des services du fournisseur de services"
            ),
            ["fournisseur", "de", "services"]
        );
    }

    #[test]
    fn snippets_centre_on_matches() {
        let text = "Un deux trois quatre cinq six sept huit neuf dix onze douze treize Oracle quatorze quinze seize.";
        let h = Highlighter::new(&Query::parse("oracle "));
        let s = h.snippet(text, 8);
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert_eq!(&s.text[s.highlights[0].clone()], "Oracle");
        let none = Highlighter::new(&Query::parse("absent "));
        assert!(none.snippet(text, 3).text.starts_with("Un deux trois"));
    }
}
