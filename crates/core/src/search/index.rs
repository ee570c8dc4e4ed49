//! The inverted index: a term dictionary (an FST from folded word to its postings), a stem
//! dictionary (an FST from stem to the words sharing it), and positional postings per field.
//!
//! Postings of a word, per field: the documents (gap-encoded varints) with their term frequency,
//! and, in a separate stream, the positions (gap-encoded) used only by phrase queries. Documents
//! are numbered in date order, the same numbering as the catalog.
//!
//! Positions are more than half of the index and only phrases read them, so they live in a blob
//! of their own (`positions.bin` in a bundle): a reader can answer its first queries before the
//! positions have arrived, and add them with [`Index::set_positions`].

use rustc_hash::{FxHashMap, FxHashSet};

use serde::{Deserialize, Serialize};

use super::analysed::{AnalysedDoc, Analyser};
use super::varint::{self, Reader};

/// The fields a word can occur in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The title.
    Title = 0,
    /// The body text.
    Body = 1,
}

/// Both fields, for loops.
pub const FIELDS: [Field; 2] = [Field::Title, Field::Body];

/// The index as stored in `index.bin`. The dictionaries and postings stay as bytes (serialised as
/// byte strings, so loading is one copy each, not a decode) and FSTs are searched in place.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexData {
    /// Number of documents.
    pub doc_count: u32,
    /// FST map: folded word → byte offset of its postings.
    #[serde(with = "serde_bytes")]
    pub terms: Vec<u8>,
    /// FST map: folded stem → byte offset of its word list in `stem_words`.
    #[serde(with = "serde_bytes")]
    pub stems: Vec<u8>,
    /// For each stem: the count, then the postings offsets of its words, gap-encoded.
    #[serde(with = "serde_bytes")]
    pub stem_words: Vec<u8>,
    /// Every word's postings (see the module documentation).
    #[serde(with = "serde_bytes")]
    pub postings: Vec<u8>,
    /// Words in each document's title.
    pub title_lengths: Vec<u16>,
    /// Words in each document's body.
    pub body_lengths: Vec<u32>,
    /// Every word's positions, which the postings point into. Not part of `index.bin`: a bundle
    /// stores them as `positions.bin`, loaded when phrases need them.
    #[serde(skip)]
    pub positions: Vec<u8>,
}

/// Why index bytes cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("the search index is damaged: {0}")]
pub struct IndexError(String);

#[derive(Default)]
struct FieldAcc {
    df: u32,
    last_doc: Option<u32>,
    docs: Vec<u8>,
    positions: Vec<u8>,
}

#[derive(Default)]
struct WordAcc {
    fields: [FieldAcc; 2],
}

/// Builds an index one document at a time, in document-number order.
#[derive(Default)]
pub struct IndexBuilder {
    /// The analyser of [`Self::add`] (documents appended with [`Self::append`] were analysed
    /// elsewhere).
    analyser: Analyser,
    words: FxHashMap<String, WordAcc>,
    stems: FxHashMap<String, FxHashSet<String>>,
    title_lengths: Vec<u16>,
    body_lengths: Vec<u32>,
}

impl IndexBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next document (numbered by the order of calls) with its title, plain-text body
    /// and language. Words are stemmed in the article's language (French or English): a query word
    /// is stemmed both ways, so it meets French words by their French stem and English words by
    /// their English one, without an English stem ever conflating two French words.
    pub fn add(&mut self, title: &str, body: &str, lang: &str) {
        self.add_seeing_body(title, body, lang, |_| {});
    }

    /// [`Self::add`], showing each folded word of the body to `on_body_word` in order, so that
    /// other bundle-time work (near-duplicates) reads the text without analysing it again.
    pub fn add_seeing_body(
        &mut self,
        title: &str,
        body: &str,
        lang: &str,
        on_body_word: impl FnMut(&str),
    ) {
        let doc = self.analyser.analyse(title, body, lang, on_body_word);
        self.append(doc);
    }

    /// Adds the next document, analysed by an [`Analyser`] (possibly on another thread): the
    /// index is the same as if [`Self::add`] had analysed it here.
    pub fn append(&mut self, analysed: AnalysedDoc) {
        let doc = self.title_lengths.len() as u32;
        let [title, body] = &analysed.fields;
        for (field, words) in [(Field::Title, title), (Field::Body, body)] {
            for (word, positions) in words.words() {
                self.push_posting(doc, field, word, positions);
            }
        }
        for (stem, word) in analysed.stems {
            self.stems.entry(stem).or_default().insert(word);
        }
        self.title_lengths
            .push(title.count.min(u32::from(u16::MAX)) as u16);
        self.body_lengths.push(body.count);
    }

    /// Adds `doc`'s occurrences of `word` in `field` to the word's postings.
    fn push_posting(&mut self, doc: u32, field: Field, word: &str, positions: &[u32]) {
        // Allocate the word only the first time the index sees it.
        let acc = match self.words.get_mut(word) {
            Some(acc) => acc,
            None => self.words.entry(word.to_owned()).or_default(),
        };
        let acc = &mut acc.fields[field as usize];
        // Most words occur once in a document: the gap's low bit says so, and the term
        // frequency follows only when it is larger.
        let gap = acc.last_doc.map_or(doc, |last| doc - last);
        let once = positions.len() == 1;
        varint::push(&mut acc.docs, gap << 1 | u32::from(once));
        if !once {
            varint::push(&mut acc.docs, positions.len() as u32);
        }
        let mut previous = 0;
        for &p in positions {
            varint::push(&mut acc.positions, p - previous);
            previous = p;
        }
        acc.df += 1;
        acc.last_doc = Some(doc);
    }

    /// Lays out the postings and builds both dictionaries.
    pub fn finish(self) -> IndexData {
        let mut positions = Vec::new();
        let mut index = self
            .finish_into(&mut positions)
            .expect("writing to memory cannot fail");
        index.positions = positions;
        index
    }

    /// [`Self::finish`] with the positions written to `positions` as they are laid out (the
    /// returned index has none): a large corpus's positions never sit twice in memory, and each
    /// word's postings are freed as soon as they are laid out. Fails if the positions pass 4 GiB
    /// (their offsets are 32-bit) or cannot be written.
    pub fn finish_into(self, positions: &mut impl std::io::Write) -> std::io::Result<IndexData> {
        let mut words: Vec<(String, WordAcc)> = self.words.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut postings = Vec::new();
        let mut positions_len: u64 = 0;
        let mut offsets: FxHashMap<String, u32> = FxHashMap::default();
        let mut terms = fst::MapBuilder::memory();
        for (word, acc) in words {
            let offset = postings.len() as u32;
            let [title, body] = &acc.fields;
            // Header: body df with a "has title postings" bit; the title's df and stream
            // lengths only when present; the body's document stream length; where the word's
            // positions start in the positions blob (title's, then body's). The body's
            // document stream is last: readers take exactly what the counts say.
            let has_title = title.df > 0;
            varint::push(&mut postings, body.df << 1 | u32::from(has_title));
            if has_title {
                varint::push(&mut postings, title.df);
                varint::push(&mut postings, title.docs.len() as u32);
                varint::push(&mut postings, title.positions.len() as u32);
            }
            varint::push(&mut postings, body.docs.len() as u32);
            let at = u32::try_from(positions_len).map_err(|_| {
                std::io::Error::other("the index's positions pass 4 GiB: bundle fewer articles")
            })?;
            varint::push(&mut postings, at);
            if has_title {
                postings.extend_from_slice(&title.docs);
                positions.write_all(&title.positions)?;
            }
            postings.extend_from_slice(&body.docs);
            positions.write_all(&body.positions)?;
            positions_len += (title.positions.len() + body.positions.len()) as u64;
            terms
                .insert(&word, u64::from(offset))
                .expect("words are inserted in sorted order");
            offsets.insert(word, offset);
        }
        u32::try_from(positions_len).map_err(|_| {
            std::io::Error::other("the index's positions pass 4 GiB: bundle fewer articles")
        })?;
        let mut stems: Vec<(String, FxHashSet<String>)> = self.stems.into_iter().collect();
        stems.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut stem_map = fst::MapBuilder::memory();
        let mut stem_words = Vec::new();
        for (stem, words) in &stems {
            let mut list: Vec<u32> = words
                .iter()
                .filter_map(|w| offsets.get(w.as_str()).copied())
                .collect();
            list.sort_unstable();
            stem_map
                .insert(stem, stem_words.len() as u64)
                .expect("stems are inserted in sorted order");
            varint::push(&mut stem_words, list.len() as u32);
            let mut previous = 0;
            for offset in list {
                varint::push(&mut stem_words, offset - previous);
                previous = offset;
            }
        }
        Ok(IndexData {
            doc_count: self.title_lengths.len() as u32,
            terms: terms.into_inner().expect("an in-memory FST cannot fail"),
            stems: stem_map.into_inner().expect("an in-memory FST cannot fail"),
            stem_words,
            postings,
            title_lengths: self.title_lengths,
            body_lengths: self.body_lengths,
            positions: Vec::new(),
        })
    }
}

/// Bytes shared between the index and the bundle they came from: an index rebuilt when a
/// format-3 shard arrives does not copy the others.
pub(crate) type Shared = std::sync::Arc<[u8]>;

/// The dictionaries of one range of words: format 2's whole dictionary, or one format-3 term
/// shard as it arrived. The shards' dictionaries are searched one after the other rather than
/// merged into one, so the reader needs no FST builder.
pub(crate) struct Dictionary {
    /// The first word of the range (empty for the first or only one).
    pub(crate) first: String,
    /// Folded word → postings offset.
    pub(crate) terms: fst::Map<Shared>,
    /// Stem → where its word list starts in `stem_words`.
    stems: fst::Map<Shared>,
    stem_words: Shared,
}

impl Dictionary {
    /// Checks and wraps one range's dictionaries.
    pub(crate) fn new(
        first: String,
        terms: Shared,
        stems: Shared,
        stem_words: Shared,
    ) -> Result<Self, IndexError> {
        Ok(Self {
            first,
            terms: fst::Map::new(terms).map_err(|e| IndexError(e.to_string()))?,
            stems: fst::Map::new(stems).map_err(|e| IndexError(e.to_string()))?,
            stem_words,
        })
    }
}

/// A loaded index, ready to answer lookups.
pub struct Index {
    /// The word and stem dictionaries by range of words, in order (one for format 2).
    pub(crate) dictionaries: Vec<Dictionary>,
    /// One blob (format 2) or the term shards loaded so far (format 3, see [`Pieces`]).
    postings: Pieces,
    /// Set once, when the positions are here (at once natively, later in the browser).
    positions: std::sync::OnceLock<Vec<u8>>,
    /// Format 3: the positions, in pieces of their own.
    shard_positions: Option<Pieces>,
    pub(crate) doc_count: u32,
    title_lengths: Vec<u16>,
    body_lengths: Vec<u32>,
    average_lengths: [f32; 2],
}

/// One word's postings in one field.
#[derive(Debug, Clone)]
pub struct FieldPostings<'a> {
    /// Number of documents holding the word in this field.
    pub df: u32,
    docs: &'a [u8],
    positions: &'a [u8],
    /// Documents are numbered below this: a damaged stream ends at the first number past it.
    doc_count: u32,
}

/// Positions are word numbers inside one document; a damaged stream stops before this, so
/// that adding a phrase's word offset to a position can never overflow.
const MAX_POSITION: u32 = u32::MAX / 2;

/// The next document of a postings stream: the gap code read from `reader`, added to `doc`
/// (or taken as is for the first), with its term frequency. `None` at the end of the stream,
/// and where a damaged stream leaves document order or the index's documents.
fn next_posting(
    reader: &mut Reader<'_>,
    doc: &mut u32,
    first: &mut bool,
    doc_count: u32,
) -> Option<(u32, u32)> {
    if reader.is_empty() {
        return None;
    }
    let code = reader.next();
    let gap = code >> 1;
    let next = if *first {
        Some(gap)
    } else {
        doc.checked_add(gap)
    };
    let next = next.filter(|&d| d < doc_count && (*first || gap > 0))?;
    *doc = next;
    *first = false;
    let tf = if code & 1 == 1 { 1 } else { reader.next() };
    Some((next, tf))
}

impl<'a> FieldPostings<'a> {
    /// `(document, term frequency)` pairs in document order.
    pub fn docs(&self) -> impl Iterator<Item = (u32, u32)> + 'a {
        let mut reader = Reader::new(self.docs);
        let mut doc = 0u32;
        let mut first = true;
        let doc_count = self.doc_count;
        std::iter::from_fn(move || next_posting(&mut reader, &mut doc, &mut first, doc_count))
    }

    /// A cursor over documents that reads or skips each document's positions, for phrase
    /// matching without allocating per document.
    pub fn cursor(&self) -> PostingsCursor<'a> {
        PostingsCursor {
            docs: Reader::new(self.docs),
            positions: Reader::new(self.positions),
            doc: 0,
            first: true,
            doc_count: self.doc_count,
        }
    }
}

/// Walks one field's postings document by document; each document's positions must be read or
/// skipped before moving on.
pub struct PostingsCursor<'a> {
    docs: Reader<'a>,
    positions: Reader<'a>,
    doc: u32,
    first: bool,
    doc_count: u32,
}

impl PostingsCursor<'_> {
    /// The next `(document, term frequency)`.
    pub fn next_doc(&mut self) -> Option<(u32, u32)> {
        next_posting(
            &mut self.docs,
            &mut self.doc,
            &mut self.first,
            self.doc_count,
        )
    }

    /// Reads the current document's `tf` positions into `out` (cleared first). A damaged `tf`
    /// reads no more positions than the stream holds, and positions stop short of overflowing.
    pub fn read_positions(&mut self, tf: u32, out: &mut Vec<u32>) {
        out.clear();
        let mut at = 0u32;
        for _ in 0..self.bounded(tf) {
            match at.checked_add(self.positions.next()) {
                Some(next) if next <= MAX_POSITION => at = next,
                _ => break,
            }
            out.push(at);
        }
    }

    /// Passes over the current document's `tf` positions.
    pub fn skip_positions(&mut self, tf: u32) {
        for _ in 0..self.bounded(tf) {
            self.positions.next();
        }
    }

    fn bounded(&self, tf: u32) -> usize {
        (tf as usize).min(self.positions.remaining())
    }
}

impl Index {
    /// Checks and wraps stored index data.
    pub fn new(data: IndexData) -> Result<Self, IndexError> {
        let n = data.doc_count as usize;
        if data.title_lengths.len() != n || data.body_lengths.len() != n {
            return Err(IndexError(
                "its document lengths do not match its document count".into(),
            ));
        }
        let dictionary = Dictionary::new(
            String::new(),
            data.terms.into(),
            data.stems.into(),
            data.stem_words.into(),
        )?;
        let average_lengths = average_lengths(&data.title_lengths, &data.body_lengths);
        let positions = std::sync::OnceLock::new();
        if !data.positions.is_empty() || data.postings.is_empty() {
            let _ = positions.set(data.positions);
        }
        Ok(Self {
            dictionaries: vec![dictionary],
            postings: Pieces::whole(data.postings),
            positions,
            shard_positions: None,
            doc_count: data.doc_count,
            title_lengths: data.title_lengths,
            body_lengths: data.body_lengths,
            average_lengths,
        })
    }

    /// An index over the term shards of a format-3 bundle loaded so far: the dictionaries of
    /// those shards in word order (word → global postings offset, stem → its word list),
    /// `postings` and `positions` the shards themselves.
    pub(crate) fn from_shards(parts: ShardedParts) -> Result<Self, IndexError> {
        let n = parts.doc_count as usize;
        if parts.title_lengths.len() != n || parts.body_lengths.len() != n {
            return Err(IndexError(
                "its document lengths do not match its document count".into(),
            ));
        }
        if !parts
            .dictionaries
            .windows(2)
            .all(|w| w[0].first < w[1].first)
        {
            return Err(IndexError("its dictionaries are out of order".into()));
        }
        Ok(Self {
            average_lengths: average_lengths(&parts.title_lengths, &parts.body_lengths),
            dictionaries: parts.dictionaries,
            postings: parts.postings,
            positions: std::sync::OnceLock::new(),
            shard_positions: Some(parts.positions),
            doc_count: parts.doc_count,
            title_lengths: parts.title_lengths,
            body_lengths: parts.body_lengths,
        })
    }

    /// Format 3: the term shard holding the postings at `offset`.
    pub(crate) fn shard_of_offset(&self, offset: u32) -> Option<usize> {
        self.postings.piece_of(offset)
    }

    /// Format 3: whether term shard `k` has arrived (always true for one blob).
    pub(crate) fn shard_loaded(&self, k: usize) -> bool {
        self.postings.is_loaded(k)
    }

    /// Format 3: the positions piece holding the positions of the word at `offset`, unless it
    /// is here (or the index is one blob). A word's positions are never cut between pieces.
    pub(crate) fn missing_positions_piece(&self, offset: u32) -> Option<usize> {
        let positions = self.shard_positions.as_ref()?;
        let k = positions.piece_of(self.positions_start(offset))?;
        (!positions.is_loaded(k)).then_some(k)
    }

    /// Where the positions of the word at `offset` start, from its postings header.
    fn positions_start(&self, offset: u32) -> u32 {
        let mut reader = Reader::new(self.postings.tail_from(offset));
        if reader.next() & 1 == 1 {
            reader.next();
            reader.next();
            reader.next();
        }
        reader.next();
        reader.next()
    }

    /// Whether phrases of the words at these postings offsets can be matched exactly: their
    /// positions are here (format 3 loads them by term shard).
    pub fn has_positions_of(&self, offsets: &[u32]) -> bool {
        match &self.shard_positions {
            Some(positions) => offsets.iter().all(|&offset| {
                positions
                    .piece_of(self.positions_start(offset))
                    .is_some_and(|k| positions.is_loaded(k))
            }),
            None => self.has_positions(),
        }
    }

    /// Checks both dictionaries against the checksum the `fst` crate stores in them: the crate
    /// trusts their structure and may panic on a damaged one. Native only (the checksum tables
    /// would weigh on the web app, which relies on the manifest's hash of the whole file).
    #[cfg(feature = "bundler")]
    pub fn verify_dictionaries(&self) -> Result<(), IndexError> {
        for dictionary in &self.dictionaries {
            for (name, map) in [("word", &dictionary.terms), ("stem", &dictionary.stems)] {
                map.as_fst()
                    .verify()
                    .map_err(|_| IndexError(format!("its {name} dictionary fails its checksum")))?;
            }
        }
        Ok(())
    }

    /// Number of documents.
    pub fn doc_count(&self) -> u32 {
        self.doc_count
    }

    /// Adds the positions blob (`positions.bin`) to an index read without it. Only the first
    /// call counts.
    pub fn set_positions(&self, positions: Vec<u8>) {
        let _ = self.positions.set(positions);
    }

    /// Whether phrases can be matched exactly: the positions are here.
    pub fn has_positions(&self) -> bool {
        self.positions.get().is_some()
    }

    /// The postings offset of an exact folded word: looked up in the one dictionary whose range
    /// holds it.
    pub fn word(&self, folded: &str) -> Option<u32> {
        let k = self
            .dictionaries
            .partition_point(|d| d.first.as_str() <= folded)
            .checked_sub(1)?;
        self.dictionaries[k].terms.get(folded).map(|o| o as u32)
    }

    /// The word dictionaries, in word order (one for format 2; the term shards loaded so far
    /// for format 3): prefix and typo expansion search them one after the other.
    pub(crate) fn word_maps(&self) -> impl Iterator<Item = &fst::Map<Shared>> {
        self.dictionaries.iter().map(|d| &d.terms)
    }

    /// Postings offsets of every word sharing `stem`. A stem is looked up in every dictionary:
    /// its words may sort away from its own text.
    pub fn stem_words(&self, stem: &str) -> Vec<u32> {
        let Some((at, dictionary)) = self
            .dictionaries
            .iter()
            .find_map(|d| d.stems.get(stem).map(|at| (at, d)))
        else {
            return Vec::new();
        };
        let mut reader = Reader::new(dictionary.stem_words.get(at as usize..).unwrap_or_default());
        let count = (reader.next() as usize).min(reader.remaining());
        let mut offset = 0u32;
        (0..count)
            .map(|_| {
                offset = offset.wrapping_add(reader.next());
                offset
            })
            .collect()
    }

    /// The postings of the word at `offset` in `field`.
    pub fn postings(&self, offset: u32, field: Field) -> FieldPostings<'_> {
        let mut reader = Reader::new(self.postings.tail_from(offset));
        let first = reader.next();
        let body_df = first >> 1;
        let (title_df, title_docs, title_positions) = if first & 1 == 1 {
            (
                reader.next(),
                reader.next() as usize,
                reader.next() as usize,
            )
        } else {
            (0, 0, 0)
        };
        let body_docs = reader.next() as usize;
        let positions_at = reader.next() as usize;
        let title_docs = reader.take(title_docs);
        let body_docs = reader.take(body_docs);
        // Without the positions blob, phrase matching sees none (see `has_positions`).
        let blob = match &self.shard_positions {
            Some(pieces) => u32::try_from(positions_at).map_or(&[][..], |at| pieces.tail_from(at)),
            None => self
                .positions
                .get()
                .and_then(|p| p.get(positions_at..))
                .unwrap_or_default(),
        };
        let title_positions = blob.get(..title_positions).unwrap_or_default();
        let body_positions = blob.get(title_positions.len()..).unwrap_or_default();
        match field {
            Field::Title => FieldPostings {
                df: title_df,
                docs: title_docs,
                positions: title_positions,
                doc_count: self.doc_count,
            },
            Field::Body => FieldPostings {
                df: body_df,
                docs: body_docs,
                positions: body_positions,
                doc_count: self.doc_count,
            },
        }
    }

    /// Words in `field` of `doc`.
    pub fn field_length(&self, doc: u32, field: Field) -> f32 {
        match field {
            Field::Title => self
                .title_lengths
                .get(doc as usize)
                .map_or(1.0, |&l| f32::from(l)),
            Field::Body => self
                .body_lengths
                .get(doc as usize)
                .map_or(1.0, |&l| l as f32),
        }
    }

    /// Average words per document in `field`.
    pub fn average_length(&self, field: Field) -> f32 {
        self.average_lengths[field as usize]
    }
}

/// Average words per document in each field, at least 1.
fn average_lengths(title_lengths: &[u16], body_lengths: &[u32]) -> [f32; 2] {
    let n = title_lengths.len();
    let average = |total: f64| {
        if n == 0 {
            1.0
        } else {
            (total / n as f64).max(1.0) as f32
        }
    };
    [
        average(title_lengths.iter().map(|&l| f64::from(l)).sum()),
        average(body_lengths.iter().map(|&l| f64::from(l)).sum()),
    ]
}

/// Byte blobs that together stand for one address space: a whole file (one blob from 0), or the
/// term shards of a format-3 bundle, each starting at its own offset, a shard not loaded yet
/// being empty. Finding the blob of an offset is one binary search per word looked up, never
/// per posting.
#[derive(Debug, Default, Clone)]
pub(crate) struct Pieces {
    starts: Vec<u32>,
    /// Shared, so that an index rebuilt when a shard arrives does not copy the others.
    parts: Vec<std::sync::Arc<Vec<u8>>>,
    loaded: Vec<bool>,
}

impl Pieces {
    /// One blob holding the whole space.
    pub(crate) fn whole(bytes: Vec<u8>) -> Self {
        Self {
            starts: vec![0],
            parts: vec![std::sync::Arc::new(bytes)],
            loaded: vec![true],
        }
    }

    /// `starts.len()` pieces, none loaded; `starts` must be increasing.
    pub(crate) fn empty(starts: Vec<u32>) -> Self {
        let n = starts.len();
        Self {
            starts,
            parts: vec![std::sync::Arc::default(); n],
            loaded: vec![false; n],
        }
    }

    /// Puts the bytes of piece `k` in place (ignored for a piece number out of range).
    pub(crate) fn set(&mut self, k: usize, bytes: Vec<u8>) {
        if let (Some(part), Some(loaded)) = (self.parts.get_mut(k), self.loaded.get_mut(k)) {
            *part = std::sync::Arc::new(bytes);
            *loaded = true;
        }
    }

    /// The piece holding offset `at`.
    pub(crate) fn piece_of(&self, at: u32) -> Option<usize> {
        self.starts.partition_point(|&s| s <= at).checked_sub(1)
    }

    /// Whether piece `k` has arrived.
    pub(crate) fn is_loaded(&self, k: usize) -> bool {
        self.loaded.get(k).copied().unwrap_or(false)
    }

    /// The bytes from offset `at` to the end of its piece (empty when the piece is missing).
    fn tail_from(&self, at: u32) -> &[u8] {
        self.piece_of(at)
            .and_then(|k| self.parts[k].get((at - self.starts[k]) as usize..))
            .unwrap_or_default()
    }
}

/// What [`Index::from_shards`] is made of.
pub(crate) struct ShardedParts {
    /// The dictionaries of the loaded shards, in word order.
    pub(crate) dictionaries: Vec<Dictionary>,
    /// Postings by shard.
    pub(crate) postings: Pieces,
    /// Positions by shard.
    pub(crate) positions: Pieces,
    /// Number of documents.
    pub(crate) doc_count: u32,
    /// Words in each title.
    pub(crate) title_lengths: Vec<u16>,
    /// Words in each body.
    pub(crate) body_lengths: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Stemmers;

    fn index(docs: &[(&str, &str)]) -> Index {
        let mut b = IndexBuilder::new();
        for (title, body) in docs {
            b.add(title, body, "fr");
        }
        Index::new(b.finish()).unwrap()
    }

    #[test]
    fn postings_round_trip_with_positions() {
        let idx = index(&[
            ("Zoom", "zoom zoom oracle"),
            ("Autre", "rien"),
            ("", "le zoom"),
        ]);
        let zoom = idx.word("zoom").unwrap();
        let mut cursor = idx.postings(zoom, Field::Body).cursor();
        let mut body = Vec::new();
        let mut positions = Vec::new();
        while let Some((doc, tf)) = cursor.next_doc() {
            cursor.read_positions(tf, &mut positions);
            body.push((doc, positions.clone()));
        }
        assert_eq!(body, vec![(0, vec![0, 1]), (2, vec![1])]);
        let title: Vec<_> = idx.postings(zoom, Field::Title).docs().collect();
        assert_eq!(title, vec![(0, 1)]);
        assert_eq!(idx.postings(zoom, Field::Body).df, 2);
        assert_eq!(idx.field_length(0, Field::Body), 3.0);
        assert!(idx.word("absent").is_none());
    }

    #[test]
    fn stems_lead_to_their_words() {
        let idx = index(&[("", "chiffrement"), ("", "chiffré")]);
        let stem = Stemmers::default().stems("chiffrer")[0].clone();
        let mut words = idx.stem_words(&stem);
        words.sort();
        let mut expected = vec![
            idx.word("chiffrement").unwrap(),
            idx.word("chiffre").unwrap(),
        ];
        expected.sort();
        assert_eq!(words, expected);
    }

    #[test]
    fn survives_serialisation() {
        let mut b = IndexBuilder::new();
        b.add("Titre", "Du texte", "fr");
        let bytes = postcard::to_allocvec(&b.finish()).unwrap();
        let data: IndexData = postcard::from_bytes(&bytes).unwrap();
        let idx = Index::new(data).unwrap();
        assert_eq!(idx.doc_count(), 1);
        assert!(idx.word("texte").is_some());
    }

    // Articles analysed by several analysers (as the streamed bundler's threads do) and appended
    // in order make the same index, byte for byte, as one builder adding them in turn.
    #[test]
    fn analysing_apart_makes_the_same_index() {
        let docs = [
            (
                "Le chiffrement",
                "Le chiffrement chiffré d'un e-mail, l'état-major.",
                "fr",
            ),
            (
                "Encryption",
                "Encrypted mid-life e-mail encryption, encrypting.",
                "en",
            ),
            (
                "Chiffrer",
                "chiffrer, chiffrement et chiffres: le chiffrement",
                "fr",
            ),
            ("Sans langue", "Ein Wort, zwei Wörter, e-mail", "de"),
            ("", "", "fr"),
            ("Mid-Life", "state-of-the-art encryption encrypted", "en"),
        ];
        let mut one = IndexBuilder::new();
        let mut seen_one = Vec::new();
        for (title, body, lang) in docs {
            one.add_seeing_body(title, body, lang, |w| seen_one.push(w.to_owned()));
        }
        let mut apart = IndexBuilder::new();
        let mut analysers = [Analyser::new(), Analyser::new()];
        let mut seen_apart = Vec::new();
        for (i, (title, body, lang)) in docs.into_iter().enumerate() {
            let analysed =
                analysers[i % 2].analyse(title, body, lang, |w| seen_apart.push(w.to_owned()));
            apart.append(analysed);
        }
        assert_eq!(seen_one, seen_apart);
        let (one, apart) = (one.finish(), apart.finish());
        assert_eq!(one.positions, apart.positions);
        assert_eq!(
            postcard::to_allocvec(&one).unwrap(),
            postcard::to_allocvec(&apart).unwrap()
        );
        let index = Index::new(apart).unwrap();
        assert!(index.word("midlife").is_some());
        let stem = Stemmers::default().stems("chiffrer")[0].clone();
        assert!(
            index.stem_words(&stem).len() >= 3,
            "chiffrement, chiffre, chiffrer…"
        );
    }
}
