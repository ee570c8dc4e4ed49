//! Answering a query: matching words (exact, same stem, prefix, typo), phrases, exclusions and
//! fields; date and facet filters; the timeline and facet counts.
//!
//! Ranking puts the words the reader typed first, as search engines made for typing-as-you-go
//! do: results are ordered by the number of typos their matches needed (every query word counts
//! its best match in the document), and only then by BM25 with a title boost and a slight
//! preference for recent articles. A one-typo match in a title never outranks the exact word,
//! or the exact beginning of it, in a body.
//!
//! Hyphenated, spaced and joined forms find each other: the index also holds `mid-life` as
//! `midlife`; a query `midlife` also looks for the phrase `mid life` when both halves are words
//! of the archive; a query `mid life` or `mid-life` also looks for `midlife`.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use fst::{Automaton, IntoStreamer, Streamer};

use super::filter::{DateRange, DayRange, DocTable, FacetKind, FACET_KINDS};
use super::index::{Field, Index, FIELDS};
use super::query::{Atom, Query, Scope};
use super::typo;
use crate::analysis::{self, Stemmers};
use crate::article::ArticleMeta;

/// BM25 term-frequency saturation.
const K1: f32 = 1.2;
/// BM25 length normalisation.
const B: f32 = 0.75;
/// A word in the title counts this much more than in the body.
const TITLE_BOOST: f32 = 2.5;
/// How much each kind of match is worth relative to the word exactly as typed.
const EXACT: f32 = 1.0;
const SAME_STEM: f32 = 0.85;
const PREFIX: f32 = 0.7;
const ONE_TYPO: f32 = 0.55;
const TWO_TYPOS: f32 = 0.4;
/// A prefix or typo expands to at most this many words, the most frequent ones, so that typing a
/// single letter stays fast.
const MAX_EXPANSIONS: usize = 16;
/// Expansions of a one- or two-letter prefix.
const SHORT_PREFIX_EXPANSIONS: usize = 6;
/// A query word found in at least this many documents is not treated as a possible typo.
const KNOWN_WORD_DF: u32 = 2;
/// Dictionary entries examined for one expansion.
const MAX_SCANNED: usize = 20_000;
/// Score given to a document matched by a metadata field (`author:`), which has no frequency.
const FIELD_MATCH: f32 = 0.5;
/// Within the same number of typos, the newest dated article's score is raised by this
/// fraction, the oldest's by nothing: recency breaks near-ties, it never beats relevance.
const RECENCY: f32 = 0.1;
/// A query word is tried as two words (`midlife` → `mid life`) only when each half has at least
/// this many letters, and only for words up to `MAX_SPLIT_LEN` letters.
pub(crate) const MIN_SPLIT_PART: usize = 3;
pub(crate) const MAX_SPLIT_LEN: usize = 24;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (newest first when there is no query).
    #[default]
    Relevance,
    /// Latest date first; undated last.
    Newest,
    /// Earliest date first; undated last.
    Oldest,
}

/// Everything that decides a result list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    /// The parsed query.
    pub query: Query,
    /// The date range.
    pub dates: DateRange,
    /// The order.
    pub sort: Sort,
    /// Selected facet values: a document must carry one of the selected values of each kind.
    pub facets: Vec<(FacetKind, String)>,
}

/// One result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Document number (catalog position).
    pub doc: u32,
    /// Relevance within its number of typos; 0 when there is no query.
    pub score: f32,
    /// Typos its matches needed, summed over the query's words; fewer always rank first.
    pub typos: u8,
}

/// Matching documents in one month (or in a year, for year-dated documents: `month == 0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimelineBucket {
    /// Year.
    pub year: u16,
    /// Month 1–12, or 0 for documents dated only to the year.
    pub month: u8,
    /// Number of matching documents.
    pub count: u32,
}

/// How many results carry a facet value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    /// The facet.
    pub kind: FacetKind,
    /// The value as written.
    pub value: String,
    /// Results carrying it (ignoring this facet's own selection, so choices can be added).
    pub count: u32,
    /// Whether the request selects it.
    pub selected: bool,
}

/// What a search returns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// The results, in the requested order.
    pub hits: Vec<Hit>,
    /// Matches per month for the query and facets, ignoring the date range, oldest first.
    pub timeline: Vec<TimelineBucket>,
    /// Undated documents matching the query and facets, ignoring the date range.
    pub undated: u32,
    /// Counts per facet value, most frequent first within each kind.
    pub facets: Vec<FacetCount>,
}

/// The index and the catalog facts, ready for queries.
pub struct Searcher {
    index: Index,
    docs: DocTable,
    stemmers: Stemmers,
    /// Each document's BM25 length term per field, made on first use (see [`Norms`]).
    norms: OnceLock<Norms>,
    /// Every document counted once, made on first use (see [`Totals`]).
    totals: OnceLock<Totals>,
    /// The matches of the last few whole words searched (see [`Searcher::atom_reused`]).
    reused: Mutex<Vec<Reused>>,
}

/// Whole words (not the one being typed) whose matches are kept for the next searches.
const REUSED_ATOMS: usize = 4;

/// The matches of an atom, with what they depended on besides the index and the documents
/// (replacing either forgets them all).
struct Reused {
    atom: Atom,
    strict: bool,
    /// Whether the word positions were here (a word the archive writes in two is matched as a
    /// phrase, exactly only with them).
    positions: bool,
    matches: Scored,
}

/// BM25's `K1 * (1 - B + B * length / average)` of every document, per field: worked out once
/// rather than for every posting of every search (a short prefix reads hundreds of thousands).
/// The same expression as [`Searcher::bm25`]'s, so the scores are the very same floats.
struct Norms([Vec<f32>; 2]);

/// The timeline, undated count and facet counts of the whole archive. When a query matches
/// most of it (a word's first letters), counting the documents it does *not* match and
/// subtracting them from these gives the very same counts with a fraction of the work.
struct Totals {
    timeline: Vec<u32>,
    undated: u32,
    facets: Vec<Vec<u32>>,
}

/// The hits of a search before sorting, and its counts: per month slot, undated, and per facet
/// kind per value.
struct Counted {
    hits: Vec<Hit>,
    timeline: Vec<u32>,
    undated: u32,
    facets: Vec<Vec<u32>>,
}

/// How well a document matches: typos needed first, then a score.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Score {
    typos: u8,
    value: f32,
}

impl Score {
    fn new(value: f32, typos: u8) -> Self {
        Self { typos, value }
    }

    /// Both parts of a query matched: their typos and scores add up.
    fn and(self, other: Score) -> Score {
        Score::new(
            self.value + other.value,
            self.typos.saturating_add(other.typos),
        )
    }

    /// Either alternative matched: the better number of typos, the scores add up.
    fn or(self, other: Score) -> Score {
        Score::new(self.value + other.value, self.typos.min(other.typos))
    }
}

/// Documents with scores, sorted by document.
type Scored = Vec<(u32, Score)>;

impl Searcher {
    /// Joins an index with the catalog metadata of the same bundle (same order).
    pub fn new<M: AsRef<ArticleMeta>>(index: Index, metas: &[M]) -> Self {
        Self::with_docs(index, DocTable::new(metas))
    }

    /// Joins an index with a per-document table built beforehand from the same bundle's catalog
    /// (a reader builds it while the index is still downloading).
    pub fn with_docs(index: Index, docs: DocTable) -> Self {
        Self {
            index,
            docs,
            stemmers: Stemmers::default(),
            norms: OnceLock::new(),
            totals: OnceLock::new(),
            reused: Mutex::new(Vec::new()),
        }
    }

    /// The index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Replaces the index (a format-3 reader does when more term shards have arrived).
    pub(crate) fn set_index(&mut self, index: Index) {
        self.index = index;
        self.norms = OnceLock::new();
        self.reused = Mutex::new(Vec::new());
    }

    /// Replaces the per-document table (a format-3 reader does when the facet values arrive).
    pub(crate) fn set_docs(&mut self, docs: DocTable) {
        self.docs = docs;
        self.totals = OnceLock::new();
        self.reused = Mutex::new(Vec::new());
    }

    /// The per-document table (dates and facets).
    pub fn docs(&self) -> &DocTable {
        &self.docs
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> SearchResults {
        let matched = self.matching(&request.query);
        self.finish(matched, request)
    }

    /// Runs a search among the documents `keep` admits only (a reader's collection, or the
    /// articles not read yet): the timeline, undated count and facet counts then count only
    /// those, as they would for a bundle holding nothing else.
    pub fn search_where(
        &self,
        request: &SearchRequest,
        keep: impl Fn(u32) -> bool,
    ) -> SearchResults {
        let mut matched = self.matching(&request.query);
        matched.retain(|&(doc, _)| keep(doc));
        self.finish(matched, request)
    }

    /// Documents matching the query (before filters), sorted by document.
    fn matching(&self, query: &Query) -> Scored {
        let n = self.index.doc_count();
        let clauses: Vec<Scored> = query
            .clauses
            .iter()
            .map(|alternatives| {
                let lists: Vec<Scored> = alternatives
                    .iter()
                    .map(|a| self.atom_reused(a, false))
                    .collect();
                union(lists)
            })
            .collect();
        let mut matched = match intersect_all(clauses.iter().collect()) {
            Some(matched) => matched,
            None => (0..n).map(|d| (d, Score::default())).collect(),
        };
        // Two words typed apart that the archive writes as one (`mid life` → `midlife`).
        if let Some((i, joined)) = self.joined_pair(query) {
            let mut rest: Vec<&Scored> = clauses
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != i && k != i + 1)
                .map(|(_, c)| c)
                .collect();
            rest.push(&joined);
            if let Some(alternative) = intersect_all(rest) {
                matched = union(vec![matched, alternative]);
            }
        }
        for atom in &query.excluded {
            let excluded = self.atom_reused(atom, true);
            matched = subtract(&matched, &excluded);
        }
        matched
    }

    /// The first two consecutive clauses that are single plain words whose joined form is a word
    /// of the archive, with that word's matches.
    fn joined_pair(&self, query: &Query) -> Option<(usize, Scored)> {
        query.clauses.windows(2).enumerate().find_map(|(i, pair)| {
            let [Atom::Word {
                scope: a_scope @ (Scope::Text | Scope::Title),
                text: a,
                ..
            }] = pair[0].as_slice()
            else {
                return None;
            };
            let [Atom::Word {
                scope: b_scope,
                text: b,
                prefix,
            }] = pair[1].as_slice()
            else {
                return None;
            };
            if a_scope != b_scope {
                return None;
            }
            let joined = format!("{}{}", analysis::fold(a), analysis::fold(b));
            self.index.word(&joined)?;
            Some((i, self.word(&joined, fields_of(*a_scope), *prefix, true)))
        })
    }

    /// [`Self::atom`], kept for the next searches when it is a whole word or phrase: typed
    /// letter by letter, `serveurs c`, `serveurs cl`… search `serveurs` again at every letter.
    /// The word being typed (a prefix) changes at every letter and is not kept.
    fn atom_reused(&self, atom: &Atom, strict: bool) -> Scored {
        if matches!(atom, Atom::Word { prefix: true, .. }) && !strict {
            return self.atom(atom, strict);
        }
        let positions = self.index.has_positions();
        let Ok(mut reused) = self.reused.lock() else {
            return self.atom(atom, strict);
        };
        if let Some(at) = reused
            .iter()
            .position(|r| r.strict == strict && r.positions == positions && r.atom == *atom)
        {
            // Most recent last.
            let entry = reused.remove(at);
            let matches = entry.matches.clone();
            reused.push(entry);
            return matches;
        }
        let matches = self.atom(atom, strict);
        if reused.len() >= REUSED_ATOMS {
            reused.remove(0);
        }
        reused.push(Reused {
            atom: atom.clone(),
            strict,
            positions,
            matches: matches.clone(),
        });
        matches
    }

    fn atom(&self, atom: &Atom, strict: bool) -> Scored {
        match atom {
            Atom::Word {
                scope: scope @ (Scope::Text | Scope::Title),
                text,
                prefix,
            } => {
                let fields = fields_of(*scope);
                let found = self.word(text, fields, *prefix && !strict, strict);
                if strict {
                    return found;
                }
                // A word the archive writes in two (`midlife` → `mid life`).
                let mut lists = vec![found];
                lists.extend(self.halves(text).map(|(a, b)| self.phrase(&[a, b], fields)));
                union(lists)
            }
            Atom::Phrase {
                scope: scope @ (Scope::Text | Scope::Title),
                words,
            } => {
                let fields = fields_of(*scope);
                let found = self.phrase(words, fields);
                // `mid-life` or `"mid life"` also finds `midlife`.
                let joined: String = words.iter().map(|w| analysis::fold(w)).collect();
                if words.len() <= 4 && self.index.word(&joined).is_some() {
                    union(vec![found, self.word(&joined, fields, false, true)])
                } else {
                    found
                }
            }
            Atom::Word {
                scope,
                text,
                prefix,
            } => self.metadata(*scope, std::slice::from_ref(text), *prefix && !strict),
            Atom::Phrase { scope, words } => self.metadata(*scope, words, false),
        }
    }

    /// The ways to cut a query word into two words the archive holds (`midlife` → `mid`,
    /// `life`): a few dictionary look-ups, whatever the size of the archive.
    fn halves<'w>(&'w self, text: &'w str) -> impl Iterator<Item = (String, String)> + 'w {
        let folded = analysis::fold(text).into_owned();
        let cuts: Vec<usize> = if folded.chars().count() <= MAX_SPLIT_LEN {
            folded
                .char_indices()
                .map(|(at, _)| at)
                .filter(|&at| {
                    folded[..at].chars().count() >= MIN_SPLIT_PART
                        && folded[at..].chars().count() >= MIN_SPLIT_PART
                })
                .collect()
        } else {
            Vec::new()
        };
        cuts.into_iter().filter_map(move |at| {
            let (a, b) = folded.split_at(at);
            (self.index.word(a).is_some() && self.index.word(b).is_some())
                .then(|| (a.to_owned(), b.to_owned()))
        })
    }

    /// Postings offsets a word stands for, with the weight of each kind of match.
    pub(crate) fn expansions(&self, text: &str, prefix: bool, strict: bool) -> Vec<(u32, f32)> {
        self.expansions_noting_typos(text, prefix, strict).0
    }

    /// [`Self::expansions`], and whether typo expansion ran (it reads the whole dictionary, so a
    /// partly loaded format-3 index needs every term shard for it to be exact).
    pub(crate) fn expansions_noting_typos(
        &self,
        text: &str,
        prefix: bool,
        strict: bool,
    ) -> (Vec<(u32, f32)>, bool) {
        let folded = analysis::fold(text);
        let mut found: HashMap<u32, f32> = HashMap::new();
        if let Some(offset) = self.index.word(&folded) {
            keep_best(&mut found, offset, EXACT);
        }
        for stem in self.stemmers.stems(text) {
            for offset in self.index.stem_words(&stem) {
                keep_best(&mut found, offset, SAME_STEM);
            }
        }
        if strict {
            return (in_offset_order(found), false);
        }
        if prefix {
            // One or two letters match a large part of the dictionary: keep only a few words.
            let limit = if folded.chars().count() <= 2 {
                SHORT_PREFIX_EXPANSIONS
            } else {
                MAX_EXPANSIONS
            };
            let automaton = fst::automaton::Str::new(&folded).starts_with();
            let streams = self
                .index
                .word_maps()
                .map(|m| m.search(&automaton).into_stream());
            for offset in self.most_frequent(streams, limit) {
                keep_best(&mut found, offset, PREFIX);
            }
        }
        // A word the archive already uses is taken as meant: looking for typos would only add
        // noise (and time). Typos are forgiven when the word, its stem and its continuations
        // are (nearly) absent.
        let known = found.keys().any(|&offset| self.df(offset) >= KNOWN_WORD_DF);
        let edits = typo::allowed_edits(&folded);
        let typos = edits > 0 && !known;
        if typos {
            let automaton = typo::automaton(&folded, edits, prefix);
            let mut near = Vec::new();
            // One dictionary after the other (format 3's shards), in word order.
            'scan: for map in self.index.word_maps() {
                let mut stream = map.search(&automaton).into_stream();
                while let Some((key, offset)) = stream.next() {
                    let distance = std::str::from_utf8(key)
                        .ok()
                        .and_then(|k| automaton.distance(k));
                    match distance {
                        Some(0) | None => {}
                        Some(1) => near.push((offset as u32, ONE_TYPO)),
                        Some(_) => near.push((offset as u32, TWO_TYPOS)),
                    }
                    if near.len() >= MAX_SCANNED {
                        break 'scan;
                    }
                }
            }
            if near.len() > MAX_EXPANSIONS {
                near.sort_by_cached_key(|(offset, w)| {
                    (
                        std::cmp::Reverse((w * 100.0) as u32),
                        std::cmp::Reverse(self.df(*offset)),
                    )
                });
                near.truncate(MAX_EXPANSIONS);
            }
            for (offset, weight) in near {
                keep_best(&mut found, offset, weight);
            }
        }
        (in_offset_order(found), typos)
    }

    fn df(&self, offset: u32) -> u32 {
        FIELDS
            .iter()
            .map(|&f| self.index.postings(offset, f).df)
            .sum()
    }

    /// The most frequent words of a dictionary stream, at most `limit`.
    /// The `limit` most frequent words the `streams` yield (one per dictionary, in word order),
    /// among the first [`MAX_SCANNED`].
    fn most_frequent<S>(&self, streams: impl Iterator<Item = S>, limit: usize) -> Vec<u32>
    where
        S: for<'a> Streamer<'a, Item = (&'a [u8], u64)>,
    {
        let mut offsets = Vec::new();
        'scan: for mut stream in streams {
            while let Some((_, offset)) = stream.next() {
                offsets.push(offset as u32);
                if offsets.len() >= MAX_SCANNED {
                    break 'scan;
                }
            }
        }
        if offsets.len() > limit {
            offsets.sort_by_cached_key(|&o| std::cmp::Reverse(self.df(o)));
            offsets.truncate(limit);
        }
        offsets
    }

    fn word(&self, text: &str, fields: &[Field], prefix: bool, strict: bool) -> Scored {
        let expansions = self.expansions(text, prefix, strict);
        let mut scores = Accumulator::new(self.index.doc_count());
        let norms = self.norms();
        for (offset, weight) in expansions {
            let typos = typos_of(weight);
            for &field in fields {
                let postings = self.index.postings(offset, field);
                let idf = self.idf(postings.df);
                for (doc, tf) in postings.docs() {
                    let score = bm25_with(idf, tf, norms.of(self, doc, field), field);
                    scores.add(doc, weight * score, typos);
                }
            }
        }
        scores.into_sorted()
    }

    fn phrase(&self, words: &[String], fields: &[Field]) -> Scored {
        let offsets: Option<Vec<u32>> = words
            .iter()
            .map(|w| self.index.word(&analysis::fold(w)))
            .collect();
        let Some(offsets) = offsets else {
            return Vec::new();
        };
        if !self.index.has_positions_of(&offsets) {
            // Until the positions arrive (see `Index::set_positions`), a phrase matches the
            // articles holding all its words; a reader searches again once they are here.
            return words
                .iter()
                .map(|w| self.word(w, fields, false, true))
                .reduce(|a, b| intersect(&a, &b))
                .unwrap_or_default();
        }
        let mut scores = Accumulator::new(self.index.doc_count());
        let mut buffer = Vec::new();
        for &field in fields {
            // Start from the rarest word; keep, per document (in document order), the positions
            // where the phrase could start; narrow with each other word by a merge join.
            let mut order: Vec<usize> = (0..offsets.len()).collect();
            order.sort_by_key(|&i| self.index.postings(offsets[i], field).df);
            let first = order[0];
            // Candidates in document order, their possible phrase starts in one flat array.
            let mut docs: Vec<(u32, usize, usize)> = Vec::new();
            let mut starts: Vec<u32> = Vec::new();
            let mut cursor = self.index.postings(offsets[first], field).cursor();
            while let Some((doc, tf)) = cursor.next_doc() {
                cursor.read_positions(tf, &mut buffer);
                let from = starts.len();
                starts.extend(buffer.iter().filter_map(|p| p.checked_sub(first as u32)));
                if starts.len() > from {
                    docs.push((doc, from, starts.len()));
                }
            }
            for &i in &order[1..] {
                let mut kept_docs = Vec::with_capacity(docs.len());
                let mut kept_starts = Vec::with_capacity(starts.len());
                let mut next = 0;
                let mut cursor = self.index.postings(offsets[i], field).cursor();
                while let Some((doc, tf)) = cursor.next_doc() {
                    while next < docs.len() && docs[next].0 < doc {
                        next += 1;
                    }
                    if next == docs.len() {
                        break;
                    }
                    if docs[next].0 != doc {
                        cursor.skip_positions(tf);
                        continue;
                    }
                    cursor.read_positions(tf, &mut buffer);
                    let (_, from, to) = docs[next];
                    let kept_from = kept_starts.len();
                    kept_starts.extend(
                        starts[from..to]
                            .iter()
                            .filter(|&&s| buffer.binary_search(&(s + i as u32)).is_ok()),
                    );
                    if kept_starts.len() > kept_from {
                        kept_docs.push((doc, kept_from, kept_starts.len()));
                    }
                    next += 1;
                }
                docs = kept_docs;
                starts = kept_starts;
                if docs.is_empty() {
                    break;
                }
            }
            let rarest_df = self.index.postings(offsets[first], field).df;
            let idf = self.idf(rarest_df) * words.len() as f32;
            for (doc, from, to) in docs {
                scores.add(doc, self.bm25(idf, (to - from) as u32, doc, field), 0);
            }
        }
        scores.into_sorted()
    }

    /// Documents whose author, tag or source contains the words (or, with `prefix`, a word
    /// starting with the last one).
    fn metadata(&self, scope: Scope, words: &[String], prefix: bool) -> Scored {
        let kind = match scope {
            Scope::Author => FacetKind::Author,
            Scope::Tag => FacetKind::Tag,
            _ => FacetKind::Source,
        };
        let wanted: Vec<String> = words
            .iter()
            .map(|w| analysis::fold(w).into_owned())
            .collect();
        let table = self.docs.facet(kind);
        let matching_values: Vec<bool> = table
            .value_words
            .iter()
            .map(|value_words| {
                value_words.windows(wanted.len().max(1)).any(|window| {
                    window
                        .iter()
                        .zip(&wanted)
                        .enumerate()
                        .all(|(i, (have, want))| {
                            have == want
                                || (prefix
                                    && i + 1 == wanted.len()
                                    && have.starts_with(want.as_str()))
                        })
                })
            })
            .collect();
        (0..self.docs.len() as u32)
            .filter(|&doc| table.of(doc).iter().any(|&v| matching_values[v as usize]))
            .map(|doc| (doc, Score::new(FIELD_MATCH, 0)))
            .collect()
    }

    fn idf(&self, df: u32) -> f32 {
        let n = self.index.doc_count() as f32;
        let df = df as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    fn bm25(&self, idf: f32, tf: u32, doc: u32, field: Field) -> f32 {
        bm25_with(idf, tf, self.norms().of(self, doc, field), field)
    }

    /// BM25's length term of `doc` in `field`, `K1 * norm`.
    fn k1_norm(&self, doc: u32, field: Field) -> f32 {
        let norm =
            1.0 - B + B * self.index.field_length(doc, field) / self.index.average_length(field);
        K1 * norm
    }

    fn norms(&self) -> &Norms {
        self.norms.get_or_init(|| {
            let field_norms = |field| {
                (0..self.index.doc_count())
                    .map(|doc| self.k1_norm(doc, field))
                    .collect()
            };
            Norms([field_norms(Field::Title), field_norms(Field::Body)])
        })
    }

    fn totals(&self) -> &Totals {
        self.totals.get_or_init(|| {
            let mut timeline = vec![0u32; self.docs.month_slots.len()];
            let mut undated = 0;
            for &slot in &self.docs.month_of {
                match slot {
                    u32::MAX => undated += 1,
                    slot => timeline[slot as usize] += 1,
                }
            }
            let facets = FACET_KINDS
                .iter()
                .map(|&kind| {
                    let table = self.docs.facet(kind);
                    let mut counts = vec![0u32; table.values.len()];
                    for doc in 0..self.docs.len() as u32 {
                        for &value in table.of(doc) {
                            counts[value as usize] += 1;
                        }
                    }
                    counts
                })
                .collect();
            Totals {
                timeline,
                undated,
                facets,
            }
        })
    }

    /// The hits, timeline, undated count and facet counts of the `matched` documents, with
    /// facet selections (`passes` says whether a document has a selected value of a kind) and a
    /// date range.
    fn count_matched(
        &self,
        matched: Scored,
        days: DayRange,
        passes: impl Fn(FacetKind, u32) -> bool,
        filtering: bool,
    ) -> Counted {
        // Dense counters: no allocation or hashing per matching document.
        let mut timeline = vec![0u32; self.docs.month_slots.len()];
        let mut undated = 0;
        let mut counts: Vec<Vec<u32>> = FACET_KINDS
            .iter()
            .map(|&k| vec![0; self.docs.facet(k).values.len()])
            .collect();
        let mut hits = Vec::with_capacity(matched.len());
        for (doc, score) in matched {
            // Bit k set: the document lacks a selected value of facet kind k.
            let failing: u8 = if filtering {
                FACET_KINDS
                    .iter()
                    .enumerate()
                    .filter(|&(_, &k)| !passes(k, doc))
                    .fold(0, |bits, (i, _)| bits | 1 << i)
            } else {
                0
            };
            if failing == 0 {
                match self.docs.month_of[doc as usize] {
                    u32::MAX => undated += 1,
                    slot => timeline[slot as usize] += 1,
                }
            }
            if failing.count_ones() > 1 || !days.admits(self.docs.spans[doc as usize]) {
                continue;
            }
            // Counts for a facet ignore that facet's own selection, so readers can add choices.
            for (i, kind) in FACET_KINDS.into_iter().enumerate() {
                if failing == 0 || failing == 1 << i {
                    for &value in self.docs.facet(kind).of(doc) {
                        counts[i][value as usize] += 1;
                    }
                }
            }
            if failing == 0 {
                hits.push(self.hit(doc, score));
            }
        }
        Counted {
            hits,
            timeline,
            undated,
            facets: counts,
        }
    }

    /// What [`Self::count_matched`] gives with no facet selected and every date admitted, for
    /// `matched` holding more than half the documents: the archive's totals less the documents
    /// not matched, which are fewer to count.
    fn count_by_complement(&self, matched: Scored) -> Counted {
        let totals = self.totals();
        let mut timeline = totals.timeline.clone();
        let mut undated = totals.undated;
        let mut counts = totals.facets.clone();
        let mut uncount = |doc: u32| {
            match self.docs.month_of[doc as usize] {
                u32::MAX => undated -= 1,
                slot => timeline[slot as usize] -= 1,
            }
            for (i, kind) in FACET_KINDS.into_iter().enumerate() {
                for &value in self.docs.facet(kind).of(doc) {
                    counts[i][value as usize] -= 1;
                }
            }
        };
        let mut hits = Vec::with_capacity(matched.len());
        let mut next = 0;
        for (doc, score) in matched {
            for missed in next..doc {
                uncount(missed);
            }
            next = doc + 1;
            hits.push(self.hit(doc, score));
        }
        for missed in next..self.docs.len() as u32 {
            uncount(missed);
        }
        Counted {
            hits,
            timeline,
            undated,
            facets: counts,
        }
    }

    /// The hit for a matched document: its score raised by how recent it is.
    fn hit(&self, doc: u32, score: Score) -> Hit {
        // Documents are numbered in date order, undated ones first: the number says how recent
        // a dated one is.
        let newest = self.docs.len().max(1) as f32;
        let recency = if self.docs.spans[doc as usize].is_some() {
            1.0 + RECENCY * doc as f32 / newest
        } else {
            1.0
        };
        Hit {
            doc,
            score: score.value * recency,
            typos: score.typos,
        }
    }

    /// Applies facet and date filters, counts the timeline and facets, and sorts.
    fn finish(&self, matched: Scored, request: &SearchRequest) -> SearchResults {
        // Selected values per facet kind; a document must have one of them for every kind.
        let mut selected: HashMap<FacetKind, Vec<u32>> = HashMap::new();
        for (kind, value) in &request.facets {
            // A selected value unknown to this bundle matches nothing, which is what was asked.
            let id = self.docs.facet(*kind).id_of(value).unwrap_or(u32::MAX);
            selected.entry(*kind).or_default().push(id);
        }
        let passes = |kind: FacetKind, doc: u32| {
            selected.get(&kind).is_none_or(|ids| {
                self.docs
                    .facet(kind)
                    .of(doc)
                    .iter()
                    .any(|v| ids.contains(v))
            })
        };
        let filtering = !selected.is_empty();
        let days = request.dates.days();
        let Counted {
            mut hits,
            timeline,
            undated,
            facets: counts,
        } = if !filtering && days.admits_all() && 2 * matched.len() > self.docs.len() {
            self.count_by_complement(matched)
        } else {
            self.count_matched(matched, days, passes, filtering)
        };
        sort_hits(
            &mut hits,
            request.sort,
            request.query.clauses.is_empty(),
            &self.docs,
        );
        let timeline: Vec<TimelineBucket> = self
            .docs
            .month_slots
            .iter()
            .zip(timeline)
            .filter(|(_, count)| *count > 0)
            .map(|(&(year, month), count)| TimelineBucket { year, month, count })
            .collect();
        let mut facets: Vec<FacetCount> = Vec::new();
        for (i, kind) in FACET_KINDS.into_iter().enumerate() {
            for (value, &count) in counts[i].iter().enumerate() {
                if count > 0 {
                    facets.push(FacetCount {
                        kind,
                        value: self.docs.facet(kind).values[value].clone(),
                        count,
                        selected: selected
                            .get(&kind)
                            .is_some_and(|ids| ids.contains(&(value as u32))),
                    });
                }
            }
        }
        let rank = |k: FacetKind| FACET_KINDS.iter().position(|&x| x == k).unwrap_or(0);
        facets.sort_by(|a, b| {
            (rank(a.kind), std::cmp::Reverse(a.count), &a.value).cmp(&(
                rank(b.kind),
                std::cmp::Reverse(b.count),
                &b.value,
            ))
        });
        SearchResults {
            hits,
            timeline,
            undated,
            facets,
        }
    }
}

impl Norms {
    /// `K1 * norm` of `doc` in `field`; worked out for a document the index does not know (its
    /// length then counts as 1, as [`Index::field_length`] says).
    // Called for every posting read: the app is built for size, which would otherwise leave
    // these small functions as calls in the hottest loops.
    #[inline(always)]
    fn of(&self, searcher: &Searcher, doc: u32, field: Field) -> f32 {
        match self.0[field as usize].get(doc as usize) {
            Some(&k1_norm) => k1_norm,
            None => searcher.k1_norm(doc, field),
        }
    }
}

/// BM25 of a word seen `tf` times in a field whose length term is `k1_norm`.
#[inline(always)]
fn bm25_with(idf: f32, tf: u32, k1_norm: f32, field: Field) -> f32 {
    let tf = tf as f32;
    let boost = if field == Field::Title {
        TITLE_BOOST
    } else {
        1.0
    };
    boost * idf * tf * (K1 + 1.0) / (tf + k1_norm)
}

fn sort_hits(hits: &mut [Hit], sort: Sort, no_query: bool, docs: &DocTable) {
    // Documents are numbered oldest first with undated ones before all others; sorting on one
    // integer key is several times faster than a comparator on large lists.
    let dated = |h: &Hit| u64::from(docs.spans[h.doc as usize].is_some());
    match (sort, no_query) {
        (Sort::Newest, _) | (Sort::Relevance, true) => {
            hits.sort_unstable_by_key(|h| (dated(h) << 32 | u64::from(h.doc)) ^ u64::MAX);
        }
        (Sort::Oldest, _) => hits.sort_unstable_by_key(|h| (1 - dated(h)) << 32 | u64::from(h.doc)),
        (Sort::Relevance, false) => {
            // Fewer typos first, then the best score, then the newest. Scores are never
            // negative, so their bits order like the numbers.
            let key = |h: &Hit| (u64::from(h.score.to_bits()) << 32 | u64::from(h.doc)) ^ u64::MAX;
            if let Some(first) = hits.first() {
                let typos = first.typos;
                if hits.iter().all(|h| h.typos == typos) {
                    // The usual case (a word as typed, or the beginning of one): the key says
                    // the whole hit, and sorting plain integers is several times faster than
                    // sorting the hits themselves by a key.
                    let mut keys: Vec<u64> = hits.iter().map(key).collect();
                    radix_sort(&mut keys);
                    for (hit, key) in hits.iter_mut().zip(keys) {
                        let key = key ^ u64::MAX;
                        *hit = Hit {
                            doc: key as u32,
                            score: f32::from_bits((key >> 32) as u32),
                            typos,
                        };
                    }
                    return;
                }
            }
            hits.sort_unstable_by_key(|h| {
                (
                    h.typos,
                    (u64::from(h.score.to_bits()) << 32 | u64::from(h.doc)) ^ u64::MAX,
                )
            });
        }
    }
}

/// Sorts `keys` in increasing order: least significant byte first, a counting pass and a
/// scattering pass per byte, skipping the bytes every key shares. Linear in the keys, and a few
/// hundred bytes of code where a comparison sort of `u64` would add kilobytes to the app.
fn radix_sort(keys: &mut Vec<u64>) {
    let mut buffer = vec![0u64; keys.len()];
    for shift in (0..64).step_by(8) {
        let digit = |key: u64| (key >> shift) as usize & 0xff;
        let mut starts = [0usize; 256];
        for &key in keys.iter() {
            starts[digit(key)] += 1;
        }
        if starts.contains(&keys.len()) {
            continue;
        }
        let mut at = 0;
        for start in starts.iter_mut() {
            let count = *start;
            *start = at;
            at += count;
        }
        for &key in keys.iter() {
            let d = digit(key);
            buffer[starts[d]] = key;
            starts[d] += 1;
        }
        std::mem::swap(keys, &mut buffer);
    }
}

/// Scores summed per document over a dense array; only touched documents are collected. The
/// fewest typos each document needed are kept beside, in an array made only when a match with
/// typos comes (most words are matched as typed).
struct Accumulator {
    scores: Vec<f32>,
    typos: Vec<u8>,
    touched: Vec<u32>,
}

impl Accumulator {
    fn new(n: u32) -> Self {
        Self {
            scores: vec![0.0; n as usize],
            typos: Vec::new(),
            touched: Vec::new(),
        }
    }

    fn add(&mut self, doc: u32, score: f32, typos: u8) {
        let Some(slot) = self.scores.get_mut(doc as usize) else {
            return;
        };
        let first = *slot == 0.0;
        if first {
            self.touched.push(doc);
        }
        // A zero score would look untouched; keep it just above.
        *slot += score.max(f32::MIN_POSITIVE);
        if typos > 0 && self.typos.is_empty() {
            // Documents touched so far matched without typos: the new array says 0 for them.
            self.typos = vec![0; self.scores.len()];
            if first {
                self.typos[doc as usize] = typos;
            }
            return;
        }
        if let Some(t) = self.typos.get_mut(doc as usize) {
            *t = if first { typos } else { (*t).min(typos) };
        }
    }

    fn typos(&self, doc: usize) -> u8 {
        self.typos.get(doc).copied().unwrap_or(0)
    }

    fn into_sorted(mut self) -> Scored {
        // Many matches: one pass over the array is cheaper than sorting them.
        if self.touched.len() > self.scores.len() / 8 {
            return self
                .scores
                .iter()
                .enumerate()
                .filter(|(_, &s)| s > 0.0)
                .map(|(d, &s)| (d as u32, Score::new(s, self.typos(d))))
                .collect();
        }
        self.touched.sort_unstable();
        self.touched
            .iter()
            .map(|&d| {
                (
                    d,
                    Score::new(self.scores[d as usize], self.typos(d as usize)),
                )
            })
            .collect()
    }
}

/// The typos a match of this weight needed.
fn typos_of(weight: f32) -> u8 {
    if weight <= TWO_TYPOS {
        2
    } else if weight <= ONE_TYPO {
        1
    } else {
        0
    }
}

/// The fields a scope searches.
fn fields_of(scope: Scope) -> &'static [Field] {
    if scope == Scope::Title {
        &[Field::Title]
    } else {
        &FIELDS
    }
}

/// Documents in every list, from the smallest list on (every step can only shrink); `None`
/// when there is no list.
fn intersect_all(mut lists: Vec<&Scored>) -> Option<Scored> {
    lists.sort_by_key(|l| l.len());
    let mut lists = lists.into_iter();
    let first = lists.next()?.clone();
    Some(lists.fold(first, |so_far, list| intersect(&so_far, list)))
}

/// Expansions in a fixed order (not the hash map's, which differs between maps): scores are
/// summed in that order, so two searchers over the same index give the very same floats.
fn in_offset_order(found: HashMap<u32, f32>) -> Vec<(u32, f32)> {
    let mut found: Vec<(u32, f32)> = found.into_iter().collect();
    found.sort_unstable_by_key(|&(offset, _)| offset);
    found
}

/// Records a match of `offset`, keeping the best weight when a word matches several ways.
fn keep_best(found: &mut HashMap<u32, f32>, offset: u32, weight: f32) {
    let w = found.entry(offset).or_insert(0.0);
    *w = w.max(weight);
}

fn union(lists: Vec<Scored>) -> Scored {
    let mut lists = lists.into_iter();
    let Some(first) = lists.next() else {
        return Vec::new();
    };
    lists.fold(first, |a, b| {
        let mut out = Vec::with_capacity(a.len().max(b.len()));
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x.0 == y.0 => {
                    out.push((x.0, x.1.or(y.1)));
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x.0 < y.0 => {
                    out.push(*x);
                    i += 1;
                }
                (Some(_), Some(y)) => {
                    out.push(*y);
                    j += 1;
                }
                (Some(x), None) => {
                    out.push(*x);
                    i += 1;
                }
                (None, Some(y)) => {
                    out.push(*y);
                    j += 1;
                }
                (None, None) => break,
            }
        }
        out
    })
}

fn intersect(a: &[(u32, Score)], b: &[(u32, Score)]) -> Scored {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1.and(b[j].1)));
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    out
}

fn subtract(a: &[(u32, Score)], b: &[(u32, Score)]) -> Scored {
    let mut out = Vec::with_capacity(a.len());
    let mut j = 0;
    for &x in a {
        while j < b.len() && b[j].0 < x.0 {
            j += 1;
        }
        if j >= b.len() || b[j].0 != x.0 {
            out.push(x);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::ArticleDate;
    use crate::search::IndexBuilder;

    const WORDS: &[&str] = &[
        "sécurité",
        "serveur",
        "serveurs",
        "service",
        "cloud",
        "centre",
        "calcul",
        "chiffrement",
        "données",
        "donnée",
        "panne",
        "plateforme",
        "infrastructure",
        "réseau",
        "énergie",
    ];

    /// Documents made of words of [`WORDS`] picked by a fixed sequence, some undated, with a few
    /// tags, authors and languages.
    fn searcher(n: u32) -> Searcher {
        let mut builder = IndexBuilder::new();
        let mut metas = Vec::new();
        let mut seed = 7u32;
        let mut next = |m: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % m
        };
        for doc in 0..n {
            let pick = |next: &mut dyn FnMut(u32) -> u32, k| {
                (0..k)
                    .map(|_| WORDS[next(WORDS.len() as u32) as usize])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let (title_words, body_words) = (1 + next(3), 1 + next(12));
            let title = pick(&mut next, title_words);
            let body = pick(&mut next, body_words);
            builder.add(&title, &body, "fr");
            let date = (doc % 9 != 0).then(|| {
                ArticleDate::parse(&format!("{}-{:02}", 2010 + doc / 40, 1 + doc % 12)).unwrap()
            });
            metas.push(ArticleMeta {
                id: format!("d{doc}"),
                title,
                date,
                authors: (0..next(3)).map(|a| format!("Auteur {a}")).collect(),
                tags: (0..next(4))
                    .map(|t| format!("tag {}", t + next(3)))
                    .collect(),
                source: (doc % 4 != 0).then(|| format!("Source {}", doc % 3)),
                lang: if doc % 5 == 0 { "en" } else { "fr" }.into(),
                summary: String::new(),
                reading_minutes: 1,
                origin: String::new(),
            });
        }
        Searcher::new(Index::new(builder.finish()).unwrap(), &metas)
    }

    /// Counting the documents a query does not match, from the totals, gives what counting
    /// those it matches gives, for queries matching few, half or nearly all documents.
    #[test]
    fn counting_the_complement_gives_the_same_counts() {
        let searcher = searcher(300);
        let mut compared = 0;
        for text in [
            "s",
            "se",
            "ser",
            "c",
            "ce",
            "d",
            "sécurité",
            "serveur",
            "données panne",
            "e",
            "plateforme réseau",
            "calcul",
            "-panne",
            "-s",
            "zzz",
            "",
        ] {
            let matched = searcher.matching(&Query::parse(text));
            let direct = searcher.count_matched(
                matched.clone(),
                DateRange::default().days(),
                |_, _| true,
                false,
            );
            let complement = searcher.count_by_complement(matched.clone());
            assert_eq!(direct.hits, complement.hits, "{text}");
            assert_eq!(direct.timeline, complement.timeline, "{text}");
            assert_eq!(direct.undated, complement.undated, "{text}");
            assert_eq!(direct.facets, complement.facets, "{text}");
            compared += usize::from(2 * matched.len() > searcher.docs.len());
        }
        // Most of these queries match most documents: the case the complement is taken for.
        assert!(compared >= 5, "{compared}");
    }

    /// Queries typed letter by letter, one search per letter, give at every letter what a
    /// search with nothing kept from the previous ones gives: whole words reused, phrases,
    /// exclusions, fields, words retyped differently.
    #[test]
    fn reused_words_give_a_fresh_search_results() {
        let searcher = searcher(300);
        let sessions = [
            "serveurs cloud",
            "serveur cloud calcul",
            "sécurité -panne données",
            "\"centre de calcul\" réseau",
            "title:plateforme énergie",
            "données donnée données",
            "servuer clod",
            "cloud -serveur cloud",
        ];
        let mut compared = 0;
        for typed in sessions {
            for (at, c) in typed.char_indices() {
                let text = &typed[..at + c.len_utf8()];
                for dates in [
                    DateRange::default(),
                    DateRange::new(ArticleDate::parse("2012").ok(), None),
                ] {
                    let request = SearchRequest {
                        query: Query::parse(text),
                        dates,
                        ..SearchRequest::default()
                    };
                    let kept = searcher.search(&request);
                    let before = std::mem::take(&mut *searcher.reused.lock().unwrap());
                    let fresh = searcher.search(&request);
                    *searcher.reused.lock().unwrap() = before;
                    assert_eq!(kept, fresh, "{text}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 200);
        // Whole words were kept indeed.
        assert!(!searcher.reused.lock().unwrap().is_empty());
    }

    #[test]
    fn radix_sort_sorts() {
        let mut seed = 11u64;
        for len in [0usize, 1, 2, 300, 5000] {
            let mut keys: Vec<u64> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    // Some keys sharing their high bytes, some not, some equal.
                    if i % 3 == 0 {
                        seed >> 40
                    } else {
                        seed | (i as u64 % 5)
                    }
                })
                .collect();
            let mut expected = keys.clone();
            expected.sort_unstable();
            radix_sort(&mut keys);
            assert_eq!(keys, expected, "{len}");
        }
    }

    /// The integer sort of hits with the same typos orders them as the sort by key does.
    #[test]
    fn sorting_keys_orders_as_sorting_hits() {
        let docs = searcher(50).docs;
        let mut seed = 3u32;
        for typos in [0u8, 1, 2] {
            let hits: Vec<Hit> = (0..50)
                .map(|doc| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    Hit {
                        doc,
                        // Ties included: a few scores only.
                        score: ((seed >> 16) % 7) as f32 * 0.37,
                        typos,
                    }
                })
                .collect();
            let mut by_key = hits.clone();
            by_key.sort_unstable_by_key(|h| {
                (
                    h.typos,
                    (u64::from(h.score.to_bits()) << 32 | u64::from(h.doc)) ^ u64::MAX,
                )
            });
            let mut sorted = hits.clone();
            sort_hits(&mut sorted, Sort::Relevance, false, &docs);
            assert_eq!(sorted, by_key);
        }
    }
}
