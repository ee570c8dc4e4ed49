//! Writing a format-3 bundle of any size, in bounded memory: what `kiosque bundle --format 3`
//! does (the in-memory [`super::build_v3`] writes the same bundle from articles already loaded,
//! for tests and small callers).
//!
//! 1. The import hands each body to a [`BodySpill`] as soon as the file is read: only the
//!    metadata stays in memory (about 0.5 KB an article).
//! 2. The articles are numbered by sorting that metadata (date, then id), and the bundle id is
//!    the hash of the inputs (metadata, each body's hash, the pictures, the piece sizes): it is
//!    known before any piece is written, so every piece is written as soon as it is complete.
//! 3. One pass in article order: worker threads (one per core) read the bodies back, a batch
//!    of articles at a time, render their plain text and stored form (`markdown::stored`),
//!    analyse their words for the index and take their near-duplicate shingles; this thread
//!    appends each article to the index in order and cuts text groups and body chunks, which go
//!    to compressing threads that write them to disk at once. The card groups name their text
//!    group and body chunks (layout 3), so they are written right after the pass, from the
//!    metadata and each article's body place.
//! 4. The index's positions (the bulk of it) go to a temporary file as the postings are laid
//!    out, and are read back piece by piece; term shards, positions pieces, id shards, the
//!    near-duplicate groups, then the head and the manifest follow.
//!
//! What stays in memory for the whole run: the metadata, a body's place in the spill, its
//! signature (64 × 4 bytes), its lengths, and the postings (about 0.2 KB an article); the
//! positions live only in the temporary file.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use super::data::{
    BodyPiece, Card, ManifestV3, PieceFile, RowGroup, ROWS_PER_GROUP, SNIPPET_TEXT_BYTES,
};
use super::piece::PieceKind;
use super::write::{
    card_group, facets_payload, file_entry, id_shards, make_head, make_manifest, split_index,
    stored, to_postcard, PathsByKind, PieceSizes,
};
use crate::article::ArticleMeta;
use crate::bundle::format::{BodyRef, ImageEntry, BODY_CHUNK_BYTES};
use crate::bundle::ImageFile;
use crate::import::PendingRefs;
use crate::markdown;
use crate::search::{AnalysedDoc, Analyser, DocTable, IndexBuilder};
use crate::similar::detect::{Detector, Shingles};

/// Article bodies written to a temporary file as they are imported, each found again by the
/// token [`BodySpill::put`] returned.
pub struct BodySpill {
    path: PathBuf,
    file: BufWriter<File>,
    /// Per token: where the body starts in the file and its length.
    spans: Vec<(u64, u32)>,
    /// Per token: the first 8 bytes of the body's SHA-256 (the bundle id hashes them).
    hashes: Vec<[u8; 8]>,
    at: u64,
    /// The first write that failed; reported by [`BodySpill::finish`].
    error: Option<std::io::Error>,
}

impl BodySpill {
    /// A spill in a new file at `path` (removed when the spill is dropped).
    pub fn create(path: &Path) -> std::io::Result<Self> {
        Ok(Self {
            path: path.to_owned(),
            file: BufWriter::with_capacity(1 << 20, File::create(path)?),
            spans: Vec::new(),
            hashes: Vec::new(),
            at: 0,
            error: None,
        })
    }

    /// Writes `body` and returns its token. A failed write is kept for [`BodySpill::finish`]
    /// (an import has no way to stop for it).
    pub fn put(&mut self, body: String) -> u64 {
        let token = self.spans.len() as u64;
        if self.error.is_none() {
            if let Err(e) = self.file.write_all(body.as_bytes()) {
                self.error = Some(e);
            }
        }
        let hash = Sha256::digest(body.as_bytes());
        self.hashes
            .push(hash[..8].try_into().expect("eight bytes of a digest"));
        self.spans.push((self.at, body.len() as u32));
        self.at += body.len() as u64;
        token
    }

    /// Flushes what was written; the first write error, if any.
    pub fn finish(&mut self) -> std::io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.file.flush()
    }

    /// Bytes of bodies spilled.
    pub fn bytes(&self) -> u64 {
        self.at
    }

    fn reader(&self) -> std::io::Result<SpillReader<'_>> {
        Ok(SpillReader {
            file: File::open(&self.path)?,
            spans: &self.spans,
        })
    }
}

impl Drop for BodySpill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// One thread's reader of a [`BodySpill`].
struct SpillReader<'a> {
    file: File,
    spans: &'a [(u64, u32)],
}

impl SpillReader<'_> {
    fn read(&mut self, token: u64) -> std::io::Result<String> {
        let (at, len) = self.spans[token as usize];
        self.file.seek(SeekFrom::Start(at))?;
        let mut bytes = vec![0; len as usize];
        self.file.read_exact(&mut bytes)?;
        String::from_utf8(bytes).map_err(std::io::Error::other)
    }
}

/// An import whose bodies are in a [`BodySpill`]: the articles' metadata with each body's token
/// (see [`crate::import::import_dir_spilling`]).
pub struct SpilledCorpus {
    /// The articles' metadata, in import order.
    pub metas: Vec<ArticleMeta>,
    /// Each article's body token, parallel to `metas`.
    pub tokens: Vec<u64>,
    /// The links between articles still to resolve in the bodies, by import order.
    pub refs: Option<PendingRefs>,
    /// Where the bodies are.
    pub spill: BodySpill,
}

/// What [`write_v3_streamed`] wrote.
pub struct StreamedV3 {
    /// The manifest, also written as `manifest.json`.
    pub manifest: ManifestV3,
    /// Files written, manifest and pictures included.
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: u64,
}

/// An article in article-number order: its metadata and its place in the import.
struct Doc {
    meta: ArticleMeta,
    source: u32,
}

impl AsRef<ArticleMeta> for Doc {
    fn as_ref(&self) -> &ArticleMeta {
        &self.meta
    }
}

/// Writes `corpus` and `images` as a format-3 bundle into the folder `out` (created; expected
/// empty), with temporary files in `work` (an existing folder; they are removed). The bundle is
/// the one [`super::build_v3_sized`] writes from the same articles, but for the bundle id (here
/// the hash of the inputs, there of the payloads) and so the stored files' names.
pub fn write_v3_streamed(
    corpus: SpilledCorpus,
    images: Vec<ImageFile>,
    generator: &str,
    sizes: PieceSizes,
    out: &Path,
    work: &Path,
) -> std::io::Result<StreamedV3> {
    write_v3_streamed_with(corpus, images, generator, sizes, out, work, &mut |_| {})
}

/// [`write_v3_streamed`], calling `phase` with the name of each step as it ends (the command
/// line shows the time and memory each took with `--verbose`).
pub fn write_v3_streamed_with(
    corpus: SpilledCorpus,
    images: Vec<ImageFile>,
    generator: &str,
    sizes: PieceSizes,
    out: &Path,
    work: &Path,
    phase: &mut dyn FnMut(&'static str),
) -> std::io::Result<StreamedV3> {
    let SpilledCorpus {
        metas,
        tokens,
        refs,
        mut spill,
    } = corpus;
    spill.finish()?;
    let mut docs: Vec<Doc> = metas
        .into_iter()
        .enumerate()
        .map(|(i, meta)| Doc {
            meta,
            source: i as u32,
        })
        .collect();
    // Article numbers: undated first, then oldest to newest, ties by id (as `assemble`).
    docs.sort_by(|a, b| (a.meta.date, &a.meta.id).cmp(&(b.meta.date, &b.meta.id)));
    let bundle_id = input_id(&docs, &tokens, &spill, &images, generator, sizes);
    phase("articles numbered, bundle id");

    for dir in ["terms", "positions", "cards", "rows", "ids", "bodies"] {
        std::fs::create_dir_all(out.join(dir))?;
    }
    let writer = PieceWriter::start(out, bundle_id);

    // The pass in article order. Workers read bodies back, render them and analyse them, a
    // batch of articles at a time (batch `b` on worker `b % workers`, so that this thread
    // takes them in order from one worker after the other, and at most a few batches wait);
    // this thread appends them to the index and cuts rows and body chunks.
    let mut index = IndexBuilder::new();
    let mut similar = Detector::new();
    // Each article's body place: the card groups, written once their text groups and body
    // chunks are (they name them), are made from it and the metadata after the pass.
    let mut body_refs: Vec<BodyRef> = Vec::with_capacity(docs.len());
    let mut group = RowGroup {
        number: 0,
        texts: Vec::new(),
    };
    let mut chunk = BodyPiece {
        number: 0,
        bodies: Vec::new(),
    };
    let mut chunk_bytes = 0;
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let batches = docs.len().div_ceil(BATCH);
    std::thread::scope(|scope| -> std::io::Result<()> {
        let mut prepared = Vec::with_capacity(workers);
        for worker in 0..workers {
            let (send, receive) = mpsc::sync_channel::<std::io::Result<Vec<Prepared>>>(2);
            prepared.push(receive);
            let mut reader = spill.reader()?;
            let (docs, tokens, refs) = (&docs, &tokens, refs.as_ref());
            scope.spawn(move || {
                let mut analyser = Analyser::new();
                for b in (worker..batches).step_by(workers) {
                    let batch: std::io::Result<Vec<Prepared>> = docs[batch_range(b, docs.len())]
                        .iter()
                        .map(|doc| {
                            let token = tokens[doc.source as usize];
                            prepare(&mut reader, refs, &mut analyser, doc, token)
                        })
                        .collect();
                    let failed = batch.is_err();
                    // A closed channel: the pass stopped on an error of its own.
                    if send.send(batch).is_err() || failed {
                        break;
                    }
                }
            });
        }
        for b in 0..batches {
            let batch = prepared[b % workers]
                .recv()
                .map_err(|_| std::io::Error::other("an article could not be read back"))??;
            for article in batch {
                let Prepared {
                    body,
                    text,
                    analysed,
                    shingles,
                } = article;
                index.append(analysed);
                similar.push(shingles);
                if chunk_bytes > 0 && chunk_bytes + body.len() > BODY_CHUNK_BYTES {
                    let number = chunk.number + 1;
                    let done = std::mem::replace(
                        &mut chunk,
                        BodyPiece {
                            number,
                            bodies: Vec::new(),
                        },
                    );
                    writer.send(PieceKind::Bodies, to_postcard(&done))?;
                    chunk_bytes = 0;
                }
                let body_ref = BodyRef {
                    chunk: chunk.number,
                    index: chunk.bodies.len() as u32,
                };
                chunk_bytes += body.len();
                chunk.bodies.push(body);
                body_refs.push(body_ref);
                group.texts.push(text);
                if group.texts.len() as u32 == ROWS_PER_GROUP {
                    let number = group.number + 1;
                    let done = std::mem::replace(
                        &mut group,
                        RowGroup {
                            number,
                            texts: Vec::new(),
                        },
                    );
                    writer.send(PieceKind::Rows, to_postcard(&done))?;
                }
            }
        }
        Ok(())
    })?;
    drop(spill);
    phase("bodies read back: text, index, signatures, rows and bodies written");
    if !group.texts.is_empty() {
        writer.send(PieceKind::Rows, to_postcard(&group))?;
    }
    if !chunk.bodies.is_empty() {
        writer.send(PieceKind::Bodies, to_postcard(&chunk))?;
    }
    drop((group, chunk));
    // The card groups name their text group and body chunks (layout 3): those are all written
    // now, their names known.
    let mut written = writer.finish()?;
    let mut paths = PathsByKind::default();
    for (kind, file) in &written {
        paths.push(*kind, file);
    }
    let (text_files, body_files) = (paths.of(PieceKind::Rows), paths.of(PieceKind::Bodies));
    let body_chunks = body_files.len() as u32;
    let writer = PieceWriter::start(out, bundle_id);
    for (number, (group_docs, bodies)) in docs
        .chunks(ROWS_PER_GROUP as usize)
        .zip(body_refs.chunks(ROWS_PER_GROUP as usize))
        .enumerate()
    {
        let cards = group_docs
            .iter()
            .zip(bodies)
            .map(|(doc, &body)| Card {
                meta: doc.meta.clone(),
                body,
            })
            .collect();
        let group = card_group(number as u32, cards, &text_files, &body_files);
        writer.send(PieceKind::Cards, to_postcard(&group))?;
    }
    drop(body_refs);
    phase("card groups sent");
    writer.send(PieceKind::Similar, similar.finish().encode())?;
    phase("near-duplicate groups");

    // The index: positions to a temporary file, read back piece by piece.
    let positions_path = work.join("positions.spill");
    let _remove_positions = RemoveOnDrop(positions_path.clone());
    let mut positions = CountingWriter::new(File::create(&positions_path)?);
    let index = index.finish_into(&mut positions)?;
    let positions_len = positions.finish()?;
    phase("index laid out, positions to a temporary file");
    let mut positions_file = File::open(&positions_path)?;
    let mut failed = None;
    let split = split_index(
        &index,
        positions_len as u32,
        sizes,
        &mut |from, to| {
            positions_file.seek(SeekFrom::Start(u64::from(from)))?;
            let mut bytes = vec![0; (to - from) as usize];
            positions_file.read_exact(&mut bytes)?;
            Ok(bytes)
        },
        &mut |kind, payload| {
            if let Err(e) = writer.send(kind, payload) {
                failed.get_or_insert(e);
            }
        },
    )?;
    if let Some(e) = failed {
        return Err(e);
    }
    let ids = docs
        .iter()
        .enumerate()
        .map(|(n, d)| (d.meta.id.clone(), n as u32))
        .collect();
    let id_firsts = id_shards(ids, sizes.id_shard_bytes, &mut |kind, payload| {
        if let Err(e) = writer.send(kind, payload) {
            failed.get_or_insert(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    writer.send(
        PieceKind::Facets,
        facets_payload(&DocTable::new(&docs), docs.len() as u32),
    )?;
    written.extend(writer.finish()?);
    phase("term shards, positions pieces and id shards written");
    let mut paths = PathsByKind::default();
    let mut pieces = Vec::with_capacity(written.len());
    let mut bytes = 0;
    for (kind, file) in written {
        paths.push(kind, &file);
        bytes += file.bytes;
        pieces.push(file);
    }
    let head = make_head(&docs, &index, split, id_firsts, paths, body_chunks);
    let (head_path, head_bytes) = stored(PieceKind::Head, bundle_id, &to_postcard(&head));
    std::fs::write(out.join(&head_path), &head_bytes)?;
    let head_file = file_entry(&head_path, &head_bytes);
    bytes += head_file.bytes;
    let image_entries = write_images(images, out)?;
    bytes += image_entries.iter().map(|i| i.file.bytes).sum::<u64>();
    let files = pieces.len() + image_entries.len() + 2;
    let manifest = make_manifest(
        &docs,
        generator,
        bundle_id,
        head_file,
        &pieces,
        image_entries,
    );
    let json = serde_json::to_vec_pretty(&manifest).expect("a manifest always serialises");
    bytes += json.len() as u64;
    std::fs::write(out.join("manifest.json"), json)?;
    phase("head and manifest");
    Ok(StreamedV3 {
        manifest,
        files,
        bytes,
    })
}

/// The bundle id from the inputs, in article order: what every piece is made from. Two bundles
/// of different articles, pictures, generator or piece sizes never share it.
fn input_id(
    docs: &[Doc],
    tokens: &[u64],
    spill: &BodySpill,
    images: &[ImageFile],
    generator: &str,
    sizes: PieceSizes,
) -> [u8; 8] {
    let mut hasher = Sha256::new();
    hasher.update(b"kiosque streamed v3");
    // Another layout of the same inputs is another bundle: its pieces are not interchangeable.
    hasher.update(super::data::LAYOUT.to_le_bytes());
    hasher.update((docs.len() as u64).to_le_bytes());
    hasher.update((generator.len() as u64).to_le_bytes());
    hasher.update(generator.as_bytes());
    for size in [
        sizes.term_shard_bytes,
        sizes.positions_bytes,
        sizes.id_shard_bytes,
    ] {
        hasher.update((size as u64).to_le_bytes());
    }
    for doc in docs {
        let meta = to_postcard(&doc.meta);
        hasher.update((meta.len() as u64).to_le_bytes());
        hasher.update(&meta);
        hasher.update(spill.hashes[tokens[doc.source as usize] as usize]);
    }
    for image in images {
        hasher.update(image.entry.file.path.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..8]
        .try_into()
        .expect("eight bytes of a digest")
}

/// Articles handed to a worker at a time: enough that passing them costs little, few enough
/// that the batches waiting hold a few MB.
const BATCH: usize = 64;

/// The articles of batch `b` (by article number) among `n`.
fn batch_range(b: usize, n: usize) -> std::ops::Range<usize> {
    b * BATCH..((b + 1) * BATCH).min(n)
}

/// An article made ready on a worker for the pass in article order.
struct Prepared {
    /// The body as stored (`markdown::stored`).
    body: String,
    /// Its plain text, cut for snippets.
    text: String,
    /// Its words for the index.
    analysed: AnalysedDoc,
    /// Its body's shingles for near-duplicate detection.
    shingles: Shingles,
}

/// Reads `doc`'s body back (its token `token`), resolves its links, renders its plain text and
/// its stored form, and analyses it.
fn prepare(
    reader: &mut SpillReader<'_>,
    refs: Option<&PendingRefs>,
    analyser: &mut Analyser,
    doc: &Doc,
    token: u64,
) -> std::io::Result<Prepared> {
    let mut body = reader.read(token)?;
    if let Some(refs) = refs {
        refs.resolve(doc.source as usize, &mut body);
    }
    let text = markdown::plain_text(&body);
    // Stored rendered (see `markdown::stored`), as the in-memory writer does.
    let body = markdown::stored::store(&body, &text);
    let mut shingles = Shingles::new();
    let meta = &doc.meta;
    let analysed = analyser.analyse(&meta.title, &text, &meta.lang, |word| shingles.push(word));
    Ok(Prepared {
        body,
        text: cut(text, SNIPPET_TEXT_BYTES),
        analysed,
        shingles,
    })
}

/// `text` cut at `cap` bytes, on a character boundary.
fn cut(mut text: String, cap: usize) -> String {
    if text.len() > cap {
        let mut end = cap;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Each picture once, in path order, written under `out`; their manifest entries.
fn write_images(mut images: Vec<ImageFile>, out: &Path) -> std::io::Result<Vec<ImageEntry>> {
    images.sort_by(|a, b| a.entry.file.path.cmp(&b.entry.file.path));
    images.dedup_by(|a, b| a.entry.file.path == b.entry.file.path);
    let mut entries = Vec::with_capacity(images.len());
    for image in images {
        let target = out.join(&image.entry.file.path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(target, &image.bytes)?;
        entries.push(image.entry);
    }
    Ok(entries)
}

/// A piece written: its place in the order sent, its kind and its manifest entry.
type Written = (usize, PieceKind, PieceFile);

/// Pieces compressed and written on every core as they are made; their entries come back in
/// the order they were sent.
struct PieceWriter {
    send: Option<mpsc::SyncSender<(usize, PieceKind, Vec<u8>)>>,
    next: std::cell::Cell<usize>,
    threads: Vec<std::thread::JoinHandle<std::io::Result<Vec<Written>>>>,
}

impl PieceWriter {
    fn start(out: &Path, bundle_id: [u8; 8]) -> Self {
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .clamp(1, 8);
        // A few payloads wait at most: memory stays bounded whatever the bundle's size.
        let (send, receive) = mpsc::sync_channel::<(usize, PieceKind, Vec<u8>)>(threads * 4);
        let receive = Arc::new(Mutex::new(receive));
        let threads = (0..threads)
            .map(|_| {
                let receive = Arc::clone(&receive);
                let out = out.to_owned();
                std::thread::spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let next = receive.lock().expect("no thread panics").recv();
                        let Ok((seq, kind, payload)) = next else {
                            break;
                        };
                        let (path, bytes) = stored(kind, bundle_id, &payload);
                        drop(payload);
                        std::fs::write(out.join(&path), &bytes)?;
                        done.push((seq, kind, file_entry(&path, &bytes)));
                    }
                    Ok(done)
                })
            })
            .collect();
        Self {
            send: Some(send),
            next: std::cell::Cell::new(0),
            threads,
        }
    }

    /// Queues a piece's payload; fails only when a writing thread has stopped on an error
    /// ([`PieceWriter::finish`] then says which).
    fn send(&self, kind: PieceKind, payload: Vec<u8>) -> std::io::Result<()> {
        let seq = self.next.get();
        self.next.set(seq + 1);
        self.send
            .as_ref()
            .expect("sending before finish")
            .send((seq, kind, payload))
            .map_err(|_| std::io::Error::other("a piece could not be written"))
    }

    /// Waits for every piece; their kinds and entries in the order they were sent.
    fn finish(mut self) -> std::io::Result<Vec<(PieceKind, PieceFile)>> {
        drop(self.send.take());
        let mut all = Vec::new();
        let mut error = None;
        for thread in self.threads.drain(..) {
            match thread.join().expect("writing a piece does not panic") {
                Ok(done) => all.extend(done),
                Err(e) => {
                    error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = error {
            return Err(e);
        }
        all.sort_unstable_by_key(|(seq, _, _)| *seq);
        Ok(all
            .into_iter()
            .map(|(_, kind, file)| (kind, file))
            .collect())
    }
}

/// A buffered file that counts what is written to it.
struct CountingWriter {
    file: BufWriter<File>,
    written: u64,
}

impl CountingWriter {
    fn new(file: File) -> Self {
        Self {
            file: BufWriter::with_capacity(1 << 20, file),
            written: 0,
        }
    }

    fn finish(mut self) -> std::io::Result<u64> {
        self.file.flush()?;
        Ok(self.written)
    }
}

impl Write for CountingWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(bytes)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Removes a temporary file however the function that made it ends.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
