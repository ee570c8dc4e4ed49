//! What each piece of a format-3 bundle holds (postcard payloads after the piece header), and
//! the manifest that lists them.

use serde::{Deserialize, Serialize};

use super::super::format::{BodyRef, ImageEntry};
use crate::article::ArticleMeta;
use crate::date::ArticleDate;

/// Articles per row group (a card group and a text group cover the same articles): about the
/// rows in view. A card group is 2–4 KB compressed, a text group about 20 KB.
pub const ROWS_PER_GROUP: u32 = 16;

/// The layout of format 3's pieces, in `manifest.json` (`layout`; a manifest without one is
/// layout 1). Layout 2 split each row group into a card group (what a result row shows before
/// its snippet) and a text group (what snippets are cut from). Layout 3 names each text group
/// and the body chunks its articles use from the card group (a [`CardGroup`]'s `text` and
/// `bodies`) instead of the head: at 1,000,000 articles those two directories were 0.9 MB of
/// the head, hash prefixes that do not compress. A reader of one layout cannot read another's
/// head nor its row pieces.
pub const LAYOUT: u16 = 3;

/// The head: everything counts, filters, sorts and the first search need, for every article,
/// and the directory of every other piece (each named by the 16 hex digits of its SHA-256 that
/// [`FileRef`] holds: the manifest names the head alone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadData {
    /// Number of articles.
    pub doc_count: u32,
    /// The date column, run-length encoded in document order (see [`encode_date_runs`]).
    #[serde(with = "serde_bytes")]
    pub dates: Vec<u8>,
    /// Words in each title, varints in document order (exact, so that BM25 is the same as in
    /// format 2).
    #[serde(with = "serde_bytes")]
    pub title_lengths: Vec<u8>,
    /// Words in each body, varints in document order.
    #[serde(with = "serde_bytes")]
    pub body_lengths: Vec<u8>,
    /// The facets piece ([`FacetsPiece`]): facet counts show "Counting…" until it is here.
    pub facets: FileRef,
    /// The term shards, in order of their ranges.
    pub terms: Vec<TermShardEntry>,
    /// The positions pieces: where each starts in the bundle-wide positions numbering, and its
    /// file. Cut on their own at word boundaries (a word's positions are in one piece).
    pub positions: Vec<(u32, FileRef)>,
    /// The typo dictionary piece ([`TyposPiece`]), fetched when a word needs typo expansion.
    pub typos: FileRef,
    /// The id shards: the first id of each (ids sorted as strings) and its file.
    pub ids: Vec<(String, FileRef)>,
    /// Card group files ([`CardGroup`]): group `k` holds articles `k * ROWS_PER_GROUP ..`. Each
    /// names its text group and the body chunks of its articles: those pieces are known once
    /// their card group is here.
    pub cards: Vec<FileRef>,
    /// How many body chunks there are ([`BodyRef::chunk`] counts them); their files are named
    /// by the card groups.
    pub body_chunks: u32,
    /// The near-duplicate groups file.
    pub similar: FileRef,
}

/// A piece's stored file as the head names it: the first 8 bytes of the SHA-256 of the stored
/// (compressed) file, which are also the 16 hex digits of its name, and its size. The reader
/// checks a piece against them; the head itself is checked against its full SHA-256 in the
/// manifest, so every piece is anchored to the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileRef {
    /// The first 8 bytes of the SHA-256 of the stored file.
    pub hash: [u8; 8],
    /// Its size in bytes, as stored.
    pub bytes: u32,
}

impl FileRef {
    /// The 16 hex digits of [`Self::hash`], as in the file's name.
    pub fn hex(&self) -> String {
        self.hash.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Whether a full SHA-256 (32 bytes) begins with this file's hash.
    pub fn matches_digest(&self, digest: &[u8]) -> bool {
        digest.len() >= self.hash.len() && digest[..self.hash.len()] == self.hash
    }
}

/// A piece's file, ready to fetch: its path relative to the manifest, stored size and hash
/// prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PieceRef {
    /// Path relative to the manifest (`rows/<16 hex>.bin`, `similar-<16 hex>.bin`…).
    pub path: String,
    /// The hash prefix and size.
    pub file: FileRef,
}

/// Dates of a run: undated, then year, month, day and day-with-time precision.
const DATE_UNDATED: u32 = 0;
const DATE_YEAR: u32 = 1;
const DATE_MONTH: u32 = 2;
const DATE_DAY: u32 = 3;
const DATE_TIME: u32 = 4;
const DATE_TIME_OFFSET: u32 = 5;

/// A date's place on a line where every calendar field has room: runs are in date order, so
/// consecutive runs are a few steps apart and their differences take a byte or two.
fn date_ordinal(date: &ArticleDate) -> i64 {
    i64::from(date.year) * 512 + i64::from(date.month) * 32 + i64::from(date.day)
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_u64(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// The date column as bytes: per run of equal dates, a varint holding the difference from the
/// previous dated run (zigzag, on [`date_ordinal`]'s line) shifted left by 3 over the kind of
/// date (undated, year, month, day, day with a time, with a time and a UTC offset), then the
/// time's hour, minute and second bytes and its offset (zigzag varint) when it has them, then
/// the run's length (varint). Articles are numbered in date order, so at 100,000 articles this
/// is a few bytes per day of the archive.
pub fn encode_date_runs(runs: &[(Option<ArticleDate>, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut previous = 0i64;
    for (date, count) in runs {
        match date {
            None => push_u64(&mut out, u64::from(DATE_UNDATED)),
            Some(d) => {
                let ordinal = date_ordinal(d);
                let kind = match (d.time, d.month, d.day) {
                    (Some(t), _, _) if t.offset_minutes.is_some() => DATE_TIME_OFFSET,
                    (Some(_), _, _) => DATE_TIME,
                    (None, 0, _) => DATE_YEAR,
                    (None, _, 0) => DATE_MONTH,
                    (None, _, _) => DATE_DAY,
                };
                push_u64(
                    &mut out,
                    (zigzag(ordinal - previous) << 3) | u64::from(kind),
                );
                previous = ordinal;
                if let Some(t) = d.time {
                    out.extend_from_slice(&[t.hour, t.minute, t.second]);
                    if let Some(offset) = t.offset_minutes {
                        push_u64(&mut out, zigzag(i64::from(offset)));
                    }
                }
            }
        }
        push_u64(&mut out, u64::from(*count));
    }
    out
}

/// The runs [`encode_date_runs`] wrote; `None` when the bytes are not such a column.
pub fn decode_date_runs(bytes: &[u8]) -> Option<Vec<(Option<ArticleDate>, u32)>> {
    let mut runs = Vec::new();
    let mut at = 0;
    let mut previous = 0i64;
    while at < bytes.len() {
        let head = read_u64(bytes, &mut at)?;
        let kind = (head & 7) as u32;
        let date = if kind == DATE_UNDATED {
            if head >> 3 != 0 {
                return None;
            }
            None
        } else {
            let ordinal = previous.checked_add(unzigzag(head >> 3))?;
            previous = ordinal;
            let year = u16::try_from(ordinal.div_euclid(512)).ok()?;
            let rest = ordinal.rem_euclid(512);
            let (month, day) = ((rest / 32) as u8, (rest % 32) as u8);
            let time = match kind {
                DATE_TIME | DATE_TIME_OFFSET => {
                    let t = bytes.get(at..at + 3)?;
                    at += 3;
                    let offset_minutes = if kind == DATE_TIME_OFFSET {
                        Some(i16::try_from(unzigzag(read_u64(bytes, &mut at)?)).ok()?)
                    } else {
                        None
                    };
                    Some(crate::date::TimeOfDay {
                        hour: t[0],
                        minute: t[1],
                        second: t[2],
                        offset_minutes,
                    })
                }
                DATE_YEAR | DATE_MONTH | DATE_DAY => None,
                _ => return None,
            };
            Some(ArticleDate {
                year,
                month,
                day,
                time,
            })
        };
        let count = u32::try_from(read_u64(bytes, &mut at)?).ok()?;
        runs.push((date, count));
    }
    Some(runs)
}

/// Words found in at least this many articles go into the typo dictionary.
pub const TYPO_MIN_DF: u32 = 3;

/// The typo dictionary, apart from the head (at 10,000 generated articles it was two thirds of
/// the head, and only a word the archive does not hold as typed needs it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TyposPiece {
    /// The words found in at least [`TYPO_MIN_DF`] articles (an FST set): where a typo most
    /// likely aims, so typo expansion fetches their shards first.
    #[serde(with = "serde_bytes")]
    pub words: Vec<u8>,
}

/// Every article's facet values, apart from the head: about half the head at 100,000 articles,
/// and neither the first results nor their ranking need them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetsPiece {
    /// Tags, authors, sources and languages, in that order.
    pub columns: Vec<FacetColumn>,
}

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
    pub file: FileRef,
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

/// One article's card: what a result row shows before its snippet (id, title, date, byline,
/// tags, source, language, summary) and where its body lives: a few hundred bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// Its metadata (id, title, date, byline, tags, source, language, summary).
    pub meta: ArticleMeta,
    /// Where its body lives.
    pub body: BodyRef,
}

/// A card group: the cards of [`ROWS_PER_GROUP`] consecutive articles. The rows in view ask for
/// these first (a few KB each), their text groups next. It names the pieces only its articles
/// lead to (layout 3): its text group, and the body chunks its cards' bodies are in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardGroup {
    /// Its number.
    pub number: u32,
    /// Its cards, articles `number * ROWS_PER_GROUP ..` in order.
    pub cards: Vec<Card>,
    /// The file of its text group (the `rows/` piece of the same number).
    pub text: FileRef,
    /// The number of the first body chunk its cards use.
    pub first_body: u32,
    /// The files of body chunks `first_body ..`, every chunk its cards use (consecutive:
    /// bodies are chunked in article order).
    pub bodies: Vec<FileRef>,
}

/// Plain text kept per row for snippets.
pub const SNIPPET_TEXT_BYTES: usize = 8 * 1024;

/// A text group (the `rows/` pieces): the plain text snippets are cut from (the body's text,
/// cut at [`SNIPPET_TEXT_BYTES`]) of the same articles as the card group of its number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowGroup {
    /// Its number.
    pub number: u32,
    /// Its texts, articles `number * ROWS_PER_GROUP ..` in order.
    pub texts: Vec<String>,
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

/// `manifest.json` of a format-3 bundle: a few hundred bytes, always revalidated. It names the
/// head with its full SHA-256; the head names every other piece (see [`HeadData`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestV3 {
    /// Always `kiosque-bundle`.
    pub format: String,
    /// 3.
    pub version: u16,
    /// The layout of the pieces ([`LAYOUT`]; 1 when absent: written before the layout was
    /// named).
    #[serde(default = "layout_one")]
    pub layout: u16,
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
    /// How many pieces the head names (the head and pictures apart).
    pub piece_count: u32,
    /// Their stored size in bytes, all together (what a full download adds to the head).
    pub piece_bytes: u64,
    /// Pictures, as in format 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<ImageEntry>,
}

fn layout_one() -> u16 {
    1
}

/// One stored (compressed) file with its full SHA-256: the head in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceFile {
    /// Path relative to the manifest.
    pub path: String,
    /// Size in bytes, as stored.
    pub bytes: u64,
    /// SHA-256 of the stored bytes, 64 hex digits.
    pub sha256: String,
}

impl PieceFile {
    /// The head's form of this file: its hash prefix and size (`None` when the hash is not 64
    /// hex digits or the file passes 4 GiB).
    pub fn file_ref(&self) -> Option<FileRef> {
        let hex = self.sha256.as_bytes();
        if hex.len() != 64 {
            return None;
        }
        let mut hash = [0u8; 8];
        for (k, pair) in hex[..16].chunks(2).enumerate() {
            let text = std::str::from_utf8(pair).ok()?;
            hash[k] = u8::from_str_radix(text, 16).ok()?;
        }
        Some(FileRef {
            hash,
            bytes: u32::try_from(self.bytes).ok()?,
        })
    }
}
