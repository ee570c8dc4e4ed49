//! The bundle on disk: a JSON manifest, and binary files that each start with a magic string,
//! the format version and their kind, followed by a postcard payload.

use serde::{Deserialize, Serialize};

use crate::article::ArticleMeta;

/// Every binary bundle file starts with these bytes.
pub const MAGIC: &[u8; 8] = b"KIOSQUE\0";
/// The bundle format this build writes and reads. Bump it on any incompatible change.
/// Version 2 moved word positions out of `index.bin` into `positions.bin`.
pub const FORMAT_VERSION: u16 = 2;
/// The `format` field of every manifest.
pub const FORMAT_NAME: &str = "kiosque-bundle";
/// Magic, version (u16 little-endian), kind (u8).
pub const HEADER_LEN: usize = MAGIC.len() + 2 + 1;
/// Bodies are grouped into files of about this size, so opening one article fetches a few
/// hundred kilobytes at most and a CDN caches each group.
pub const BODY_CHUNK_BYTES: usize = 256 * 1024;

/// What a binary bundle file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum FileKind {
    /// `catalog.bin`: a [`Catalog`].
    Catalog = 1,
    /// `bodies/NNNN.bin`: a [`BodyChunk`].
    Bodies = 2,
    /// `index.bin`: a [`crate::search::IndexData`].
    Index = 3,
    /// `positions.bin`: a [`Positions`].
    Positions = 4,
    /// `similar.bin`: the groups of near-duplicate articles, a [`crate::similar::SimilarGroups`]
    /// in its own varint encoding (not postcard: the reader checks every count by hand).
    Similar = 5,
}

/// `manifest.json`: small and readable, fetched first; it names every other file with its size
/// and content hash so that a reader can detect a truncated download and caches can be versioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// The format version; a reader refuses versions it does not know.
    pub version: u16,
    /// The program that wrote the bundle, for humans.
    pub generator: String,
    /// Number of articles.
    pub articles: u32,
    /// Number of articles without a date.
    pub undated: u32,
    /// Earliest article date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), if any article is dated.
    pub first_date: Option<String>,
    /// Latest article date.
    pub last_date: Option<String>,
    /// The catalog file.
    pub catalog: FileEntry,
    /// The search index file.
    pub index: FileEntry,
    /// Word positions, for phrase queries only: a reader may load them after the first results.
    pub positions: FileEntry,
    /// The groups of near-duplicate articles (`similar.bin`), loaded after the first results.
    /// Absent from bundles written before near-duplicates were detected: they show every article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similar: Option<FileEntry>,
    /// The body chunk files, in order: chunk `n` is `bodies[n]`.
    pub bodies: Vec<FileEntry>,
    /// The pictures articles show, each stored once under `assets/<hash>.<ext>`; article bodies
    /// point at them by that path. Absent from bundles written before images were bundled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<ImageEntry>,
}

impl Manifest {
    /// Every file the manifest names: catalog, index, positions, near-duplicates, bodies, then
    /// images.
    pub fn files(&self) -> impl Iterator<Item = &FileEntry> {
        [&self.catalog, &self.index, &self.positions]
            .into_iter()
            .chain(&self.similar)
            .chain(&self.bodies)
            .chain(self.images.iter().map(|image| &image.file))
    }

    /// The image stored at `path` (`assets/<hash>.<ext>`, relative to the manifest), if any.
    pub fn image(&self, path: &str) -> Option<&ImageEntry> {
        self.images.iter().find(|image| image.file.path == path)
    }
}

/// One picture of the bundle, with the size it is drawn at so the reader reserves its space
/// before it loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageEntry {
    /// The file: `assets/<hash>.<ext>`, named by its content so a picture used twice is kept once.
    /// Nested rather than flattened: serde's flattening would add its buffering code to the app.
    pub file: FileEntry,
    /// Intrinsic width in CSS pixels.
    pub width: u32,
    /// Intrinsic height in CSS pixels.
    pub height: u32,
}

/// Where bundled pictures live, relative to the manifest; article bodies point into it.
pub const ASSETS_DIR: &str = "assets/";

/// One file of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the manifest, with `/` separators.
    pub path: String,
    /// Exact size in bytes.
    pub bytes: u64,
    /// The first 16 hex digits of the SHA-256 of the content; changes whenever the content does.
    pub hash: String,
}

/// `catalog.bin`: every article's metadata, in date order (undated first, then oldest to newest),
/// so that a date range is a contiguous range of positions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// One entry per article.
    pub entries: Vec<CatalogEntry>,
}

/// One article in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogEntry {
    /// The article's metadata.
    pub meta: ArticleMeta,
    /// Where its body lives.
    pub body: BodyRef,
}

impl AsRef<ArticleMeta> for CatalogEntry {
    fn as_ref(&self) -> &ArticleMeta {
        &self.meta
    }
}

/// The location of a body: chunk number and position inside the chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyRef {
    /// Index into [`Manifest::bodies`].
    pub chunk: u32,
    /// Index into that chunk's [`BodyChunk::bodies`].
    pub index: u32,
}

/// `positions.bin`: the index's word positions (see [`crate::search::IndexData::positions`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Positions {
    /// The positions blob, stored as one byte string so that reading it is one copy.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

/// `bodies/NNNN.bin`: the stored bodies of consecutive articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyChunk {
    /// Bodies as the bundler stored them ([`crate::markdown::stored`]): rendered, with their
    /// plain text.
    pub bodies: Vec<String>,
}
