//! The analysis half of indexing, apart from the index it feeds: an [`Analyser`] turns a
//! document's title and body into an [`AnalysedDoc`] (each distinct word of each field with its
//! positions, and the stems it found), which [`super::IndexBuilder::append`] adds to the index.
//!
//! Analysis (word segmentation, folding, compounds, stemming) is most of the cost of indexing
//! and needs nothing from the index, so a large bundle analyses articles on several threads,
//! each with its own analyser, and appends them in article order on one: the index is the same,
//! byte for byte, as one builder adding every article in turn (a word's stem depends on the word
//! alone, so which analyser stemmed it first does not matter).

use std::borrow::Cow;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::analysis::{self, Stemmers};

/// One field of a document, analysed: its distinct words, each with its positions.
#[derive(Debug, Default)]
pub(crate) struct AnalysedField {
    /// The distinct folded words, end to end (one string, not one allocation per word).
    words: String,
    /// Per word: where it ends in `words` and where its positions end in `positions`.
    ends: Vec<(u32, u32)>,
    /// Every word's positions, word after word, each word's in the order they were found.
    positions: Vec<u32>,
    /// Words in the field (the last word's position + 1).
    pub(crate) count: u32,
}

impl AnalysedField {
    /// Each distinct word with its positions (in no particular order: every word's postings
    /// are kept apart, so the order they are appended in does not change the index).
    pub(crate) fn words(&self) -> impl Iterator<Item = (&str, &[u32])> {
        let mut word_start = 0;
        let mut positions_start = 0;
        self.ends.iter().map(move |&(word_end, positions_end)| {
            let word = &self.words[word_start..word_end as usize];
            let positions = &self.positions[positions_start..positions_end as usize];
            word_start = word_end as usize;
            positions_start = positions_end as usize;
            (word, positions)
        })
    }
}

/// A document analysed by an [`Analyser`], ready for [`super::IndexBuilder::append`].
#[derive(Debug, Default)]
pub struct AnalysedDoc {
    /// The title's words, then the body's (see [`super::Field`]).
    pub(crate) fields: [AnalysedField; 2],
    /// (stem, folded word) pairs of the words this analyser had not stemmed before.
    pub(crate) stems: Vec<(String, String)>,
}

/// Analyses documents for the index; one per thread. It remembers the words it has stemmed
/// (stemming is the costly step, done once per spelling and language).
#[derive(Default)]
pub struct Analyser {
    stemmers: Stemmers,
    /// Words as written already stemmed, per language (French, English).
    stemmed: [FxHashSet<String>; 2],
}

impl Analyser {
    /// An analyser that has seen nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Analyses a document's title and plain-text body in its language, showing each folded
    /// word of the body to `on_body_word` in order (near-duplicate detection reads them).
    /// Words are stemmed in the article's language (French or English) only.
    pub fn analyse(
        &mut self,
        title: &str,
        body: &str,
        lang: &str,
        mut on_body_word: impl FnMut(&str),
    ) -> AnalysedDoc {
        let mut doc = AnalysedDoc::default();
        doc.fields[0] = self.field(title, lang, &mut doc.stems, &mut |_| {});
        doc.fields[1] = self.field(body, lang, &mut doc.stems, &mut on_body_word);
        doc
    }

    fn field(
        &mut self,
        text: &str,
        lang: &str,
        stems: &mut Vec<(String, String)>,
        on_word: &mut dyn FnMut(&str),
    ) -> AnalysedField {
        let language = match lang {
            "fr" => Some(0),
            "en" => Some(1),
            _ => None,
        };
        let mut positions: FxHashMap<Cow<'_, str>, Vec<u32>> = FxHashMap::default();
        let mut count = 0;
        // `mid-life` is also indexed as `midlife`, at the place of its first part.
        let mut compounds = analysis::Compounds::new();
        for token in analysis::tokens(text) {
            count = token.position + 1;
            on_word(&token.folded);
            if let Some((position, joined)) = compounds.push(text, &token) {
                positions.entry(joined.into()).or_default().push(position);
            }
            if let Some(l) = language {
                if !self.stemmed[l].contains(token.original) {
                    if let Some(stem) = self.stemmers.stem_in(token.original, lang) {
                        stems.push((stem, token.folded.clone().into_owned()));
                    }
                    self.stemmed[l].insert(token.original.to_owned());
                }
            }
            positions
                .entry(token.folded)
                .or_default()
                .push(token.position);
        }
        if let Some((position, joined)) = compounds.finish() {
            positions.entry(joined.into()).or_default().push(position);
        }
        let mut field = AnalysedField {
            count,
            ..AnalysedField::default()
        };
        field.ends.reserve(positions.len());
        for (word, at) in positions {
            field.words.push_str(&word);
            field.positions.extend_from_slice(&at);
            field
                .ends
                .push((field.words.len() as u32, field.positions.len() as u32));
        }
        field
    }
}
