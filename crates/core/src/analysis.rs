//! Text analysis, the one code path used when indexing and when searching: Unicode word
//! segmentation, case and accent folding, French elisions, French and English stemming.
//!
//! Every token keeps the byte range of the word in the original text, so highlights land on
//! the accented words the reader sees.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// French elided articles and pronouns, stripped before indexing: `l'application` → `application`.
const ELISIONS: &[&str] = &[
    "l", "d", "j", "qu", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Words longer than this are not indexed: they are base64, hashes or URLs, never searched.
const MAX_TOKEN_BYTES: usize = 64;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// The word as written (after removing an elided article), e.g. `Sécurité`.
    pub original: &'a str,
    /// Lowercase, accent-free form, e.g. `securite`; what the index stores. Borrowed from the
    /// text when the word is already folded, as most are.
    pub folded: Cow<'a, str>,
    /// Byte range of `original` in the analysed text.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// Word number in the text, counting from 0, for phrase matching.
    pub position: u32,
}

/// The words of `text`, folded, with their positions and byte ranges.
pub fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> {
    text.unicode_word_indices()
        .filter_map(|(start, word)| {
            let (skip, word) = strip_elision(word);
            (!word.is_empty() && word.len() <= MAX_TOKEN_BYTES).then_some((start + skip, word))
        })
        .enumerate()
        .map(|(position, (start, word))| Token {
            original: word,
            folded: fold(word),
            start,
            end: start + word.len(),
            position: position as u32,
        })
}

/// Whether the text between two words joins them into one compound: a single hyphen
/// (`mid-life`, `e-mail`, `Saint-Étienne`).
pub fn is_compound_joint(between: &str) -> bool {
    matches!(between, "-" | "\u{2010}" | "\u{2011}")
}

/// The hyphenated compounds of a sequence of words: each run of two or more words joined by
/// hyphens, as one folded word without them (`Mid-Life` → `midlife`) at the position of its
/// first word. The index stores them beside the parts, so that `midlife` finds "Mid-Life".
pub struct Compounds {
    run: Option<(u32, String, usize, usize)>,
}

impl Default for Compounds {
    fn default() -> Self {
        Self::new()
    }
}

impl Compounds {
    /// A reader of one text's words, given in order to [`Self::push`].
    pub fn new() -> Self {
        Self { run: None }
    }

    /// Reads the next word of `text`; returns a compound that just ended, if any.
    pub fn push(&mut self, text: &str, token: &Token<'_>) -> Option<(u32, String)> {
        let letters = token.folded.chars().any(char::is_alphabetic);
        if let Some((_, joined, parts, end)) = self.run.as_mut() {
            if letters && text.get(*end..token.start).is_some_and(is_compound_joint) {
                joined.push_str(&token.folded);
                *parts += 1;
                *end = token.end;
                return None;
            }
        }
        let ended = self.finish();
        self.run = letters.then(|| (token.position, token.folded.to_string(), 1, token.end));
        ended
    }

    /// The compound the last words made, if any.
    pub fn finish(&mut self) -> Option<(u32, String)> {
        let (position, joined, parts, _) = self.run.take()?;
        (parts > 1 && joined.len() <= MAX_TOKEN_BYTES).then_some((position, joined))
    }
}

/// Removes a leading French elision (`l'`, `qu’`, …); returns the bytes removed and the rest.
pub fn strip_elision(word: &str) -> (usize, &str) {
    for apostrophe in ['\'', '’'] {
        if let Some((head, rest)) = word.split_once(apostrophe) {
            if !rest.is_empty() && ELISIONS.iter().any(|e| head.eq_ignore_ascii_case(e)) {
                return (head.len() + apostrophe.len_utf8(), rest);
            }
        }
    }
    (0, word)
}

/// Lowercase without accents: `Sécurité` → `securite`, `Œuvre` → `oeuvre`, `Straße` → `strasse`;
/// the typographic apostrophe becomes `'`.
pub fn fold(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            '’' | 'ʼ' => out.push('\''),
            _ => {
                for lower in c.to_lowercase() {
                    // Accented Latin letters become their base letter; a combining mark left
                    // alone by decomposed (NFD) input is dropped.
                    if !is_combining_mark(lower) {
                        out.push(crate::accents::base_letter(lower).unwrap_or(lower));
                    }
                }
            }
        }
    }
    Cow::Owned(out)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}')
}

/// The French and English stemmers, created once and shared.
pub struct Stemmers {
    french: Stemmer,
    english: Stemmer,
}

impl Default for Stemmers {
    fn default() -> Self {
        Self {
            french: Stemmer::create(Algorithm::French),
            english: Stemmer::create(Algorithm::English),
        }
    }
}

impl Stemmers {
    /// The folded French and English stems of a word as written: `Chiffrement` → (`chiffr`,
    /// `chiffrement`). Snowball expects accents, so the word is lowercased, stemmed, then folded.
    pub fn stems(&self, word: &str) -> [String; 2] {
        let lower = word.to_lowercase().replace('’', "'");
        [
            fold(&self.french.stem(&lower)).into_owned(),
            fold(&self.english.stem(&lower)).into_owned(),
        ]
    }

    /// The folded stem of a word in an article of language `lang` (`fr` or `en`); `None` for
    /// other languages, whose words are indexed folded but unstemmed.
    pub fn stem_in(&self, word: &str, lang: &str) -> Option<String> {
        let stemmer = match lang {
            "fr" => &self.french,
            "en" => &self.english,
            _ => return None,
        };
        let lower = word.to_lowercase().replace('’', "'");
        Some(fold(&stemmer.stem(&lower)).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        tokens(text).map(|t| t.folded.into_owned()).collect()
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Sécurité"), "securite");
        assert_eq!(fold("ŒUVRE"), "oeuvre");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Æther"), "aether");
        assert_eq!(fold("déjà-vu"), "deja-vu");
        assert!(matches!(fold("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn strips_elisions_and_keeps_offsets() {
        let text = "l'application et qu’elle jusqu'ici";
        let toks: Vec<_> = tokens(text).collect();
        assert_eq!(toks[0].folded, "application");
        assert_eq!(&text[toks[0].start..toks[0].end], "application");
        assert_eq!(toks[2].folded, "elle");
        assert_eq!(&text[toks[2].start..toks[2].end], "elle");
        assert_eq!(toks[3].folded, "ici");
        // Not an elision: an English contraction stays whole.
        assert_eq!(folded("don't"), ["don't"]);
    }

    #[test]
    fn keeps_numbers_and_acronyms() {
        assert_eq!(
            folded("AWS 5.0 et 7 pétaoctets"),
            ["aws", "5.0", "et", "7", "petaoctets"]
        );
    }

    #[test]
    fn positions_count_words() {
        let toks: Vec<_> = tokens("Un, deux… trois !").collect();
        assert_eq!(
            toks.iter().map(|t| t.position).collect::<Vec<_>>(),
            [0, 1, 2]
        );
    }

    #[test]
    fn hyphenated_words_make_compounds() {
        let text = "A Mid-Life crisis, e-mail and state-of-the-art 2012-2016 – not spaced - words";
        let mut compounds = Compounds::new();
        let mut found = Vec::new();
        for token in tokens(text) {
            found.extend(compounds.push(text, &token));
        }
        found.extend(compounds.finish());
        assert_eq!(
            found,
            [
                (1, "midlife".to_owned()),
                (4, "email".to_owned()),
                (7, "stateoftheart".to_owned())
            ]
        );
    }

    #[test]
    fn stems_french_and_english() {
        let s = Stemmers::default();
        assert_eq!(s.stems("chiffré")[0], s.stems("chiffrement")[0]);
        assert_eq!(s.stems("Sécurité")[0], s.stems("sécurités")[0]);
        assert_eq!(s.stems("connections")[1], s.stems("connected")[1]);
    }
}
