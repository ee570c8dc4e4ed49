//! What a query needs from a sharded index (bundle format 3), where the term dictionary and the
//! postings arrive by range of the folded word, and the positions in pieces of their own.
//!
//! The answer follows the engine's own look-ups (exact word, stems, prefix, typos, split and
//! joined words, phrases) over the shards loaded so far: a look-up whose shard is missing asks for
//! it, and a look-up that depends on a missing answer (a stem's words, a phrase's positions,
//! whether a word is known) is asked about again once that answer has arrived. A reader loads what
//! [`wants`] names until it names nothing; the engine then sees exactly what a whole index would
//! show it, so the results are the same.

use std::collections::BTreeSet;

use fst::{IntoStreamer, Streamer};

use super::engine::{SearchRequest, Searcher};
use super::query::{Atom, Query, Scope};
use super::typo;
use crate::analysis::{self, Stemmers};

/// The first folded word of each term shard, in order; the first is always `""`, so every key
/// (word or stem) falls in exactly one shard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermDirectory {
    /// First key of each shard.
    pub firsts: Vec<String>,
}

impl TermDirectory {
    /// The shard whose range holds `key`.
    pub fn shard_of(&self, key: &str) -> usize {
        self.firsts
            .partition_point(|first| first.as_str() <= key)
            .saturating_sub(1)
    }

    /// The shards holding words that start with `prefix` (a contiguous run).
    fn prefix_shards(&self, prefix: &str) -> std::ops::RangeInclusive<usize> {
        let start = self.shard_of(prefix);
        let mut end = start;
        while self
            .firsts
            .get(end + 1)
            .is_some_and(|first| first.starts_with(prefix))
        {
            end += 1;
        }
        start..=end
    }
}

/// The pieces a query still needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wants {
    /// Term shards, most useful first.
    pub terms: Vec<usize>,
    /// Positions pieces (phrases).
    pub positions: Vec<usize>,
    /// Typo expansion is searching a dictionary with shards missing: words in the typo
    /// dictionary were asked for first, the rest of the shards come after them in `terms`.
    pub rare_spellings: bool,
    /// Where in `terms` the shards asked for rare spellings only begin (all of `terms` when none
    /// are): what comes before is what a reader fetches at once.
    pub rare_from: usize,
}

/// Collects wants in order, once each.
struct Collector<'a> {
    searcher: &'a Searcher,
    directory: &'a TermDirectory,
    typo_words: Option<&'a fst::Set<Vec<u8>>>,
    stemmers: &'a Stemmers,
    seen_terms: BTreeSet<usize>,
    seen_positions: BTreeSet<usize>,
    wants: Wants,
    /// Whether every shard asked for so far by the current word is here.
    complete: bool,
    /// Whether shards for rare spellings have been asked for, from `rare_from` in `terms` on.
    rare_started: bool,
    rare_from: usize,
}

/// What `request` still needs from a sharded index, given the shards `searcher` holds.
/// `typo_words` is the head's dictionary of common words, which typo expansion asks for first.
pub fn wants(
    searcher: &Searcher,
    directory: &TermDirectory,
    typo_words: Option<&fst::Set<Vec<u8>>>,
    stemmers: &Stemmers,
    request: &SearchRequest,
) -> Wants {
    let mut c = Collector {
        searcher,
        directory,
        typo_words,
        stemmers,
        seen_terms: BTreeSet::new(),
        seen_positions: BTreeSet::new(),
        wants: Wants::default(),
        complete: true,
        rare_started: false,
        rare_from: 0,
    };
    c.query(&request.query);
    c.wants.rare_from = if c.rare_started {
        c.rare_from
    } else {
        c.wants.terms.len()
    };
    c.wants
}

impl Collector<'_> {
    fn query(&mut self, query: &Query) {
        for alternatives in &query.clauses {
            for atom in alternatives {
                self.atom(atom, false);
            }
        }
        // Two words typed apart that the archive writes as one (see the engine's `joined_pair`).
        for pair in query.clauses.windows(2) {
            let [Atom::Word {
                scope: a_scope @ (Scope::Text | Scope::Title),
                text: a,
                ..
            }] = pair[0].as_slice()
            else {
                continue;
            };
            let [Atom::Word {
                scope: b_scope,
                text: b,
                ..
            }] = pair[1].as_slice()
            else {
                continue;
            };
            if a_scope == b_scope {
                let joined = format!("{}{}", analysis::fold(a), analysis::fold(b));
                if self.exists(&joined) == Some(true) {
                    self.word(&joined, false, true);
                }
            }
        }
        for atom in &query.excluded {
            self.atom(atom, true);
        }
    }

    fn atom(&mut self, atom: &Atom, strict: bool) {
        match atom {
            Atom::Word {
                scope: Scope::Text | Scope::Title,
                text,
                prefix,
            } => {
                self.word(text, *prefix && !strict, strict);
                if !strict {
                    self.halves(text);
                }
            }
            Atom::Phrase {
                scope: Scope::Text | Scope::Title,
                words,
            } => {
                self.phrase(words);
                if words.len() <= 4 {
                    let joined: String = words.iter().map(|w| analysis::fold(w)).collect();
                    if self.exists(&joined) == Some(true) {
                        self.word(&joined, false, true);
                    }
                }
            }
            // `author:`, `tag:`, `source:` are answered from the head.
            Atom::Word { .. } | Atom::Phrase { .. } => {}
        }
    }

    /// The shards of one query word, following the engine's `expansions`.
    fn word(&mut self, text: &str, prefix: bool, strict: bool) {
        self.complete = true;
        let folded = analysis::fold(text).into_owned();
        self.exists(&folded);
        for stem in self.stemmers.stems(text) {
            let k = self.directory.shard_of(&stem);
            self.term(k);
            if self.searcher.index().shard_loaded(k) {
                for offset in self.searcher.index().stem_words(&stem) {
                    if let Some(k) = self.searcher.index().shard_of_offset(offset) {
                        self.term(k);
                    }
                }
            }
        }
        if strict {
            return;
        }
        if prefix {
            for k in self.directory.prefix_shards(&folded) {
                self.term(k);
            }
        }
        // Whether typo expansion runs depends on what the word's own shards hold: ask once they
        // are all here.
        if !self.complete || typo::allowed_edits(&folded) == 0 {
            return;
        }
        let (_, typos) = self.searcher.expansions_noting_typos(text, prefix, false);
        if !typos {
            return;
        }
        let shards = self.directory.firsts.len();
        let index = self.searcher.index();
        if (0..shards).all(|k| index.shard_loaded(k)) {
            return;
        }
        self.wants.rare_spellings = true;
        if let Some(words) = self.typo_words {
            let automaton = typo::automaton(&folded, typo::allowed_edits(&folded), prefix);
            let mut stream = words.search(&automaton).into_stream();
            while let Some(key) = stream.next() {
                if let Ok(key) = std::str::from_utf8(key) {
                    self.term(self.directory.shard_of(key));
                }
            }
        }
        // Exact typo expansion reads the whole dictionary.
        if !self.rare_started {
            self.rare_started = true;
            self.rare_from = self.wants.terms.len();
        }
        for k in 0..shards {
            self.term(k);
        }
    }

    /// Ways to cut a word in two words of the archive (the engine's `halves`), and their phrase.
    fn halves(&mut self, text: &str) {
        let folded = analysis::fold(text).into_owned();
        if folded.chars().count() > super::engine::MAX_SPLIT_LEN {
            return;
        }
        let cuts: Vec<usize> = folded
            .char_indices()
            .map(|(at, _)| at)
            .filter(|&at| {
                folded[..at].chars().count() >= super::engine::MIN_SPLIT_PART
                    && folded[at..].chars().count() >= super::engine::MIN_SPLIT_PART
            })
            .collect();
        for at in cuts {
            let (a, b) = folded.split_at(at);
            // The first half shares the word's beginning, so usually its shard: the second half's
            // shard (anywhere in the dictionary) is asked for only when the first half is a word.
            if self.exists(a) == Some(true) && self.exists(b) == Some(true) {
                self.phrase(&[a.to_owned(), b.to_owned()]);
            }
        }
    }

    /// The words of a phrase, then their positions.
    fn phrase(&mut self, words: &[String]) {
        let mut offsets = Vec::with_capacity(words.len());
        for w in words {
            let folded = analysis::fold(w);
            match self.exists(&folded) {
                Some(true) => offsets.extend(self.searcher.index().word(&folded)),
                // A missing word: no phrase, nothing more to fetch for it.
                Some(false) => return,
                None => {}
            }
        }
        if offsets.len() < words.len() {
            return;
        }
        for offset in offsets {
            if let Some(k) = self.searcher.index().missing_positions_piece(offset) {
                if self.seen_positions.insert(k) {
                    self.wants.positions.push(k);
                }
            }
        }
    }

    /// Asks for the shard of `folded`; whether the archive holds it, once its shard is here.
    fn exists(&mut self, folded: &str) -> Option<bool> {
        let k = self.directory.shard_of(folded);
        self.term(k)
            .then(|| self.searcher.index().word(folded).is_some())
    }

    /// Asks for term shard `k` unless it is here; whether it is.
    fn term(&mut self, k: usize) -> bool {
        let here = self.searcher.index().shard_loaded(k);
        if !here {
            self.complete = false;
            if self.seen_terms.insert(k) {
                self.wants.terms.push(k);
            }
        }
        here
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> TermDirectory {
        TermDirectory {
            firsts: ["", "chat", "chaton", "chien", "zèbre"]
                .map(String::from)
                .to_vec(),
        }
    }

    #[test]
    fn every_key_falls_in_one_shard() {
        let d = directory();
        assert_eq!(d.shard_of(""), 0);
        assert_eq!(d.shard_of("abeille"), 0);
        assert_eq!(d.shard_of("chat"), 1);
        assert_eq!(d.shard_of("chateau"), 1);
        assert_eq!(d.shard_of("chaton"), 2);
        assert_eq!(d.shard_of("chiot"), 3);
        assert_eq!(d.shard_of("zzz"), 3, "bytes order: z < è");
        assert_eq!(d.shard_of("zèbres"), 4);
    }

    #[test]
    fn a_prefix_covers_the_shards_its_words_may_be_in() {
        let d = directory();
        assert_eq!(
            d.prefix_shards("cha"),
            0..=2,
            "chat… and chaton… start shards 1 and 2"
        );
        assert_eq!(d.prefix_shards("chat"), 1..=2);
        assert_eq!(
            d.prefix_shards("chi"),
            2..=3,
            "`chi` itself would sort before `chien`"
        );
        assert_eq!(d.prefix_shards("chie"), 2..=3);
        assert_eq!(d.prefix_shards("chien"), 3..=3);
        assert_eq!(d.prefix_shards("a"), 0..=0);
        assert_eq!(d.prefix_shards(""), 0..=4);
    }
}
