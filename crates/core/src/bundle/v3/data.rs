//! What each piece of a format-3 bundle holds (postcard payloads after the piece header), and
//! the manifest that lists them.

use serde::{Deserialize, Serialize};

use super::super::format::{BodyRef, ImageEntry};
use crate::article::ArticleMeta;
use crate::date::ArticleDate;

/// Articles per row group: about the rows in view, a few KB compressed.
pub const ROWS_PER_GROUP: u32 = 16;

/// The head: everything counts, filters, sorts and the first search need, for every article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadData {
    /// Number of articles.
    pub doc_count: u32,
    /// The date column, run-length encoded in document order: `(date, how many in a row)`.
    pub dates: Vec<(Option<ArticleDate>, u32)>,
    /// Words in each title, varints in document order (exact, so that BM25 is the same as in
    /// format 2).
    #[serde(with = "serde_bytes")]
    pub title_lengths: Vec<u8>,
    /// Words in each body, varints in document order.
    #[serde(with = "serde_bytes")]
    pub body_lengths: Vec<u8>,
    /// Tags, authors, sources and languages, in that order.
    pub facets: Vec<FacetColumn>,
    /// The term shards, in order of their ranges.
    pub terms: Vec<TermShardEntry>,
    /// The positions pieces: where each starts in the bundle-wide positions numbering, and its
    /// file. Cut on their own at word boundaries (a word's positions are in one piece).
    pub positions: Vec<(u32, String)>,
    /// The words found in at least [`TYPO_MIN_DF`] articles (an FST set): where a typo most
    /// likely aims, so typo expansion fetches their shards first.
    #[serde(with = "serde_bytes")]
    pub typo_words: Vec<u8>,
    /// The id shards: the first id of each (ids sorted as strings) and its file.
    pub ids: Vec<(String, String)>,
    /// Row group files: group `k` holds articles `k * ROWS_PER_GROUP ..`.
    pub rows: Vec<String>,
    /// Body chunk files, in the order [`BodyRef::chunk`] counts them.
    pub bodies: Vec<String>,
    /// The near-duplicate groups file.
    pub similar: String,
}

/// Words found in at least this many articles go into the head's typo dictionary.
pub const TYPO_MIN_DF: u32 = 3;

/// One facet kind: its values and which articles carry them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetColumn {
    /// Distinct values as first written.
    pub values: Vec<String>,
    /// Per article in document order: the count of its values, then their ids (varints).
    #[serde(with = "serde_bytes")]
    pub docs: Vec<u8>,
}

/// Where one term shard lives and which range it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermShardEntry {
    /// The first key of its range (`""` for the first shard).
    pub first: String,
    /// Its file.
    pub path: String,
    /// Where its postings start in the bundle-wide postings numbering.
    pub postings_start: u32,
}

/// A term shard: its words and stems (FSTs) and their postings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermShard {
    /// Its number in the head's directory.
    pub number: u32,
    /// Where its postings start bundle-wide.
    pub postings_start: u32,
    /// FST: folded word → bundle-wide postings offset.
    #[serde(with = "serde_bytes")]
    pub terms: Vec<u8>,
    /// FST: stem → offset of its word list in `stem_words`.
    #[serde(with = "serde_bytes")]
    pub stems: Vec<u8>,
    /// Per stem: the count, then its words' postings offsets, gap-encoded (they may lie in other
    /// shards).
    #[serde(with = "serde_bytes")]
    pub stem_words: Vec<u8>,
    /// The postings of the shard's words, as in format 2.
    #[serde(with = "serde_bytes")]
    pub postings: Vec<u8>,
}

/// The positions of a run of words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionShard {
    /// Its number in the head's positions directory.
    pub number: u32,
    /// Where these positions start bundle-wide.
    pub positions_start: u32,
    /// The positions, as in format 2.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

/// One article's catalog row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// Its metadata (id, title, date, byline, tags, source, language, summary).
    pub meta: ArticleMeta,
    /// Where its body lives.
    pub body: BodyRef,
    /// The plain text snippets are cut from (the body's text, cut at [`SNIPPET_TEXT_BYTES`]).
    pub text: String,
}

/// Plain text kept per row for snippets.
pub const SNIPPET_TEXT_BYTES: usize = 8 * 1024;

/// A row group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowGroup {
    /// Its number.
    pub number: u32,
    /// Its rows, articles `number * ROWS_PER_GROUP ..` in order.
    pub rows: Vec<Row>,
}

/// An id shard: article ids (sorted) and their numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdShard {
    /// Its number.
    pub number: u32,
    /// `(id, article number)`, sorted by id.
    pub ids: Vec<(String, u32)>,
}

/// A body chunk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyPiece {
    /// Its number.
    pub number: u32,
    /// Stored bodies ([`crate::markdown::stored`]) of consecutive articles.
    pub bodies: Vec<String>,
}

/// `manifest.json` of a format-3 bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestV3 {
    /// Always `kiosque-bundle`.
    pub format: String,
    /// 3.
    pub version: u16,
    /// The program that wrote it.
    pub generator: String,
    /// Number of articles.
    pub articles: u32,
    /// Articles without a date.
    pub undated: u32,
    /// Earliest date.
    pub first_date: Option<String>,
    /// Latest date.
    pub last_date: Option<String>,
    /// The bundle id every piece carries (16 hex digits).
    pub bundle_id: String,
    /// The head.
    pub head: PieceFile,
    /// Every other piece.
    pub pieces: Vec<PieceFile>,
    /// Pictures, as in format 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<ImageEntry>,
}

/// One stored (compressed) piece file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceFile {
    /// Path relative to the manifest.
    pub path: String,
    /// Size in bytes, as stored.
    pub bytes: u64,
    /// SHA-256 of the stored bytes, 64 hex digits.
    pub sha256: String,
}
