//! "More like this": an article's most distinctive words, and the articles sharing most of them.
//!
//! Computed in the reader from the index it already holds, rather than stored in the bundle: it
//! costs no bytes, takes a few milliseconds at 100,000 articles (one pass over the postings of a
//! dozen words), and follows the reader's date range, which a list fixed at bundle time could not.

use super::filter::DateRange;
use super::index::{Field, FIELDS};
use super::Searcher;
use crate::analysis;
use crate::similar::SimilarGroups;

/// Distinctive words kept per article.
pub const TOP_TERMS: usize = 12;
/// Words of the "More like this" query (the most distinctive ones).
pub const QUERY_TERMS: usize = 8;
/// A related article holds distinctive words worth at least this fraction of the weight of all of
/// them: a few chance words in common (a place, a number word) do not make two articles related.
const MIN_COVERAGE: f32 = 0.4;
/// …and at least this many of them.
const MIN_SHARED: u8 = 3;
/// Words shorter than this (in bytes) are never distinctive.
const MIN_WORD_BYTES: usize = 3;
/// French and English function words, never distinctive however rare a language is in the archive.
const STOPWORDS: &str = " annee annees premier premiere dernier derniere prochain prochaine nouveau nouvelle semaine mois jour jours heures lundi mardi mercredi jeudi vendredi samedi dimanche les des une est dans pour pas sur par plus que qui son sont ses aux avec ont mais comme tout nous vous leur leurs ete aussi fait bien meme sans peut entre dont apres contre depuis avant encore tres chez sous selon ainsi alors donc cette ces elle elles ils lui ceux celle celui cela ceci etait avait sera seront deux trois the and for that with was were are has have had this from its their they been not but which who will would there than into over about after also can could more one two our out all some such when where while what them then these those his her she him your year years first last next new week weeks month months day days time
";
/// BM25 parameters, as the search uses.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// A distinctive word of an article and its weight there.
#[derive(Debug, Clone, PartialEq)]
pub struct TopTerm {
    /// The folded word, as the index knows it.
    pub word: String,
    /// Its weight in the article: `(1 + ln tf) × idf`.
    pub weight: f32,
}

/// The article's most distinctive words: frequent in it (title words count double), rare in the
/// archive, found in at least one other article. Heaviest first, at most [`TOP_TERMS`].
pub fn top_terms(searcher: &Searcher, title: &str, body: &str) -> Vec<TopTerm> {
    let index = searcher.index();
    let n = index.doc_count() as f32;
    // Std's map with String keys, as the app already uses one (less new code in its download).
    let mut tf: std::collections::HashMap<String, usize> = Default::default();
    for (text, count) in [(title, 2), (body, 1)] {
        for token in analysis::tokens(text) {
            let word = token.folded;
            if word.len() < MIN_WORD_BYTES
                || word.chars().all(|c| !c.is_alphabetic())
                || is_stopword(&word)
            {
                continue;
            }
            match tf.get_mut(word.as_ref()) {
                Some(n) => *n += count,
                None => {
                    tf.insert(word.into_owned(), count);
                }
            }
        }
    }
    let mut terms: Vec<TopTerm> = Vec::with_capacity(TOP_TERMS + 1);
    let candidates = tf.into_iter().filter_map(|(word, tf)| {
        let offset = index.word(&word)?;
        let df = FIELDS
            .iter()
            .map(|&f| index.postings(offset, f).df)
            .max()
            .unwrap_or(0);
        // A word no other article has relates to nothing; one most articles have, to all.
        if df < 2 || df as f32 > n / 2.0 {
            return None;
        }
        let weight = (1.0 + (tf as f32).ln()) * idf(n, df);
        Some(TopTerm { word, weight })
    });
    // The few heaviest, kept in order by insertion (cheaper here, and in the app's download,
    // than sorting every word).
    for term in candidates {
        let at = terms
            .iter()
            .position(|t| (term.weight, &t.word) > (t.weight, &term.word))
            .unwrap_or(terms.len());
        if at < TOP_TERMS {
            terms.insert(at, term);
            terms.truncate(TOP_TERMS);
        }
    }
    terms
}

/// The query "More like this" runs: the most distinctive words joined with `OR`, ending with a
/// space so that the last word is not taken as a prefix being typed.
pub fn more_like_this_query(terms: &[TopTerm]) -> String {
    let words: Vec<&str> = terms
        .iter()
        .take(QUERY_TERMS)
        .map(|t| t.word.as_str())
        .collect();
    let mut query = words.join(" OR ");
    if !query.is_empty() {
        query.push(' ');
    }
    query
}

/// Up to `limit` articles sharing most of `doc`'s distinctive `terms`, best first (by BM25 against
/// those words), within `dates`. `doc`'s own near-duplicates are left out and any other group
/// shows once, by its best member. An article counts as related only when it holds distinctive
/// words worth [`MIN_COVERAGE`] of their weight, [`MIN_SHARED`] of them at least, so an article about nothing else in the archive
/// has none.
pub fn related(
    searcher: &Searcher,
    doc: u32,
    terms: &[TopTerm],
    dates: &DateRange,
    groups: &SimilarGroups,
    limit: usize,
) -> Vec<u32> {
    let index = searcher.index();
    let n = index.doc_count() as usize;
    if doc as usize >= n || terms.is_empty() {
        return Vec::new();
    }
    let mut scores = vec![0f32; n];
    let mut covered = vec![0f32; n];
    let mut shared = vec![0u8; n];
    // The last term credited to each document, so a word in title and body counts once.
    let mut credited = vec![u16::MAX; n];
    let mut touched = Vec::new();
    for (t, term) in terms.iter().enumerate() {
        let Some(offset) = index.word(&term.word) else {
            continue;
        };
        for field in FIELDS {
            let postings = index.postings(offset, field);
            let idf = idf(n as f32, postings.df);
            let boost = if field == Field::Title { 2.0 } else { 1.0 };
            let average = index.average_length(field);
            for (d, tf) in postings.docs() {
                let Some(slot) = scores.get_mut(d as usize) else {
                    continue;
                };
                if *slot == 0.0 {
                    touched.push(d);
                }
                let tf = tf as f32;
                let norm = 1.0 - B + B * index.field_length(d, field) / average;
                *slot += term.weight * boost * idf * tf * (K1 + 1.0) / (tf + K1 * norm);
                if credited[d as usize] != t as u16 {
                    credited[d as usize] = t as u16;
                    covered[d as usize] += term.weight;
                    shared[d as usize] = shared[d as usize].saturating_add(1);
                }
            }
        }
    }
    let total: f32 = terms.iter().map(|t| t.weight).sum();
    let days = dates.days();
    let docs = searcher.docs();
    let own_group = groups.group_id(doc);
    // The best `limit`, one per group, kept in order by insertion: candidates can be many, the
    // list is short.
    let mut best: Vec<(f32, u32)> = Vec::with_capacity(limit + 1);
    for d in touched {
        if d == doc
            || covered[d as usize] < MIN_COVERAGE * total
            || shared[d as usize] < MIN_SHARED
            || !days.admits(docs.spans[d as usize])
        {
            continue;
        }
        let group = groups.group_id(d);
        if group.is_some() && group == own_group {
            continue;
        }
        let score = scores[d as usize];
        let better =
            |&(s, e): &(f32, u32)| (score, std::cmp::Reverse(d)) > (s, std::cmp::Reverse(e));
        // Another version of a story already listed: keep the better of the two.
        if let Some(i) = best
            .iter()
            .position(|&(_, e)| group.is_some() && groups.group_id(e) == group)
        {
            if !better(&best[i]) {
                continue;
            }
            best.remove(i);
        }
        let at = best.iter().position(better).unwrap_or(best.len());
        if at < limit {
            best.insert(at, (score, d));
            best.truncate(limit);
        }
    }
    best.into_iter().map(|(_, d)| d).collect()
}

fn is_stopword(word: &str) -> bool {
    STOPWORDS.split_ascii_whitespace().any(|w| w == word)
}

fn idf(n: f32, df: u32) -> f32 {
    let df = df as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}
