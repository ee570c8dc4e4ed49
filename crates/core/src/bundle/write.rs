//! Building a bundle from imported articles.

use super::format::{
    BodyChunk, BodyRef, Catalog, CatalogEntry, FileEntry, FileKind, ImageEntry, Manifest,
    Positions, ASSETS_DIR, BODY_CHUNK_BYTES, FORMAT_NAME, FORMAT_VERSION, HEADER_LEN, MAGIC,
};
use super::integrity::content_hash;
use crate::article::Article;
use crate::markdown;
use crate::search::IndexBuilder;
use crate::similar::detect::{Detector, Shingles};
use serde::Serialize;

/// A bundle in memory: the manifest and every file's path and bytes.
#[derive(Debug)]
pub struct BuiltBundle {
    /// The manifest, also present in `files` as `manifest.json`.
    pub manifest: Manifest,
    /// `(path, bytes)` for every file, manifest last.
    pub files: Vec<(String, Vec<u8>)>,
}

impl BuiltBundle {
    /// Total size of all files in bytes.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|(_, b)| b.len() as u64).sum()
    }
}

/// A picture to store in a bundle: its manifest entry and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFile {
    /// Where it is stored (`assets/<hash>.<extension>`), its size, hash and dimensions.
    pub entry: ImageEntry,
    /// The file's content, written as is.
    pub bytes: Vec<u8>,
}

impl ImageFile {
    /// A picture named by its content, `assets/<hash>.<extension>`, so that the same bytes used
    /// twice get the same name. `extension` is lowercase without its dot (`png`, `jpg`, `svg`).
    pub fn new(bytes: Vec<u8>, extension: &str, width: u32, height: u32) -> Self {
        let path = format!("{ASSETS_DIR}{}.{extension}", content_hash(&bytes));
        Self {
            entry: ImageEntry {
                file: entry(&path, &bytes),
                width,
                height,
            },
            bytes,
        }
    }
}

/// What both bundle formats are written from: the articles numbered in date order with their
/// bodies grouped in chunks, the index and the near-duplicate groups.
pub(crate) struct Assembled {
    /// Catalog entries in document order.
    pub(crate) entries: Vec<CatalogEntry>,
    /// Body chunks in order; `BodyRef::chunk` indexes them.
    pub(crate) chunks: Vec<BodyChunk>,
    /// Each article's plain text, cut at `text_cap` bytes (empty when no cap was asked).
    pub(crate) texts: Vec<String>,
    /// The search index, positions included.
    pub(crate) index: crate::search::IndexData,
    /// Near-duplicate groups.
    pub(crate) similar: crate::similar::SimilarGroups,
}

/// Orders articles by date (undated first, then oldest to newest, ties by id), numbers them in
/// that order, indexes them, groups their bodies in chunks and finds near-duplicates. With
/// `text_cap`, each article's plain text is also kept, cut at that many bytes.
pub(crate) fn assemble(mut articles: Vec<Article>, text_cap: Option<usize>) -> Assembled {
    articles.sort_by(|a, b| (a.meta.date, &a.meta.id).cmp(&(b.meta.date, &b.meta.id)));
    let mut chunks = Vec::new();
    let mut entries = Vec::with_capacity(articles.len());
    let mut texts = Vec::new();
    let mut chunk = BodyChunk { bodies: Vec::new() };
    let mut chunk_bytes = 0;
    let mut index = IndexBuilder::new();
    let mut similar = Detector::new();
    for article in articles {
        let text = markdown::plain_text(&article.body);
        // The index's analysis shows each body word to the near-duplicate detector: the text
        // is segmented and folded once.
        let mut shingles = Shingles::new();
        index.add_seeing_body(&article.meta.title, &text, &article.meta.lang, |word| {
            shingles.push(word)
        });
        similar.push(shingles);
        if let Some(cap) = text_cap {
            let mut end = text.len().min(cap);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            texts.push(text[..end].to_owned());
        }
        // The body is stored rendered (see `markdown::stored`): the reader parses no Markdown.
        let stored = markdown::stored::store(&article.body, &text);
        if chunk_bytes > 0 && chunk_bytes + stored.len() > BODY_CHUNK_BYTES {
            chunks.push(std::mem::replace(
                &mut chunk,
                BodyChunk { bodies: Vec::new() },
            ));
            chunk_bytes = 0;
        }
        let body = BodyRef {
            chunk: chunks.len() as u32,
            index: chunk.bodies.len() as u32,
        };
        chunk_bytes += stored.len();
        chunk.bodies.push(stored);
        entries.push(CatalogEntry {
            meta: article.meta,
            body,
        });
    }
    if !chunk.bodies.is_empty() {
        chunks.push(chunk);
    }
    Assembled {
        entries,
        chunks,
        texts,
        index: index.finish(),
        similar: similar.finish(),
    }
}

/// Orders articles by date (undated first, then oldest to newest, ties by id), numbers them in that
/// order and writes the manifest, catalog, body chunks and `images` (each path once, in path
/// order; article bodies are expected to point at them already, as the importer leaves them).
pub fn build(articles: Vec<Article>, images: Vec<ImageFile>, generator: &str) -> BuiltBundle {
    let Assembled {
        entries,
        chunks,
        index: mut index_data,
        similar,
        ..
    } = assemble(articles, None);
    let mut files = Vec::new();
    let mut body_entries = Vec::new();
    for chunk in &chunks {
        let path = format!("bodies/{:04}.bin", body_entries.len());
        let bytes = encode(FileKind::Bodies, chunk);
        body_entries.push(entry(&path, &bytes));
        files.push((path, bytes));
    }
    drop(chunks);
    let first_date = entries
        .iter()
        .find_map(|e| e.meta.date)
        .map(|d| d.to_string());
    let last_date = entries
        .last()
        .and_then(|e| e.meta.date)
        .map(|d| d.to_string());
    let undated = entries.iter().filter(|e| e.meta.date.is_none()).count();
    let count = entries.len();
    let catalog_bytes = encode(FileKind::Catalog, &Catalog { entries });
    let catalog = entry("catalog.bin", &catalog_bytes);
    files.push(("catalog.bin".to_owned(), catalog_bytes));
    let positions_bytes = encode(
        FileKind::Positions,
        &Positions {
            bytes: std::mem::take(&mut index_data.positions),
        },
    );
    let index_bytes = encode(FileKind::Index, &index_data);
    let index = entry("index.bin", &index_bytes);
    files.push(("index.bin".to_owned(), index_bytes));
    let positions = entry("positions.bin", &positions_bytes);
    files.push(("positions.bin".to_owned(), positions_bytes));
    let similar_bytes = encode_raw(FileKind::Similar, &similar.encode());
    let similar = entry("similar.bin", &similar_bytes);
    files.push(("similar.bin".to_owned(), similar_bytes));
    let image_entries = push_images(images, &mut files);
    let manifest = Manifest {
        format: FORMAT_NAME.to_owned(),
        version: FORMAT_VERSION,
        generator: generator.to_owned(),
        articles: count as u32,
        undated: undated as u32,
        first_date,
        last_date,
        catalog,
        index,
        positions,
        similar: Some(similar),
        bodies: body_entries,
        images: image_entries,
    };
    let json = serde_json::to_vec_pretty(&manifest).expect("a manifest always serialises");
    files.push(("manifest.json".to_owned(), json));
    BuiltBundle { manifest, files }
}

/// Adds each picture once, in path order, to `files`; their manifest entries.
pub(crate) fn push_images(
    mut images: Vec<ImageFile>,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Vec<ImageEntry> {
    images.sort_by(|a, b| a.entry.file.path.cmp(&b.entry.file.path));
    images.dedup_by(|a, b| a.entry.file.path == b.entry.file.path);
    let mut image_entries = Vec::with_capacity(images.len());
    for image in images {
        files.push((image.entry.file.path.clone(), image.bytes));
        image_entries.push(image.entry);
    }
    image_entries
}

fn encode<T: Serialize>(kind: FileKind, value: &T) -> Vec<u8> {
    postcard::to_extend(value, header(kind, 1024)).expect("bundle data always serialises")
}

/// A header followed by bytes already encoded.
fn encode_raw(kind: FileKind, payload: &[u8]) -> Vec<u8> {
    let mut bytes = header(kind, payload.len());
    bytes.extend_from_slice(payload);
    bytes
}

/// Magic, version and kind, with room for `capacity` more bytes.
fn header(kind: FileKind, capacity: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER_LEN + capacity);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.push(kind as u8);
    bytes
}

fn entry(path: &str, bytes: &[u8]) -> FileEntry {
    FileEntry {
        path: path.to_owned(),
        bytes: bytes.len() as u64,
        hash: content_hash(bytes),
    }
}
