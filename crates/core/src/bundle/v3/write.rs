//! Writing a format-3 bundle: the same assembly as format 2, cut into pieces.

use std::io::Write;

use fst::{IntoStreamer, Streamer};
use sha2::{Digest, Sha256};

use super::data::{
    encode_date_runs, BodyPiece, Card, CardGroup, FacetColumn, FacetsPiece, FileRef, HeadData,
    IdShard, ManifestV3, PieceFile, PieceRef, PositionShard, RowGroup, TermShard, TermShardEntry,
    TyposPiece, LAYOUT, ROWS_PER_GROUP, SNIPPET_TEXT_BYTES, TYPO_MIN_DF,
};
use super::piece::{framed, PieceKind, VERSION};
use crate::article::{Article, ArticleMeta};
use crate::bundle::format::FORMAT_NAME;
use crate::bundle::write::{assemble, push_images, Assembled, ImageFile};
use crate::search::sharded::TermDirectory;
use crate::search::varint::{self, Reader};
use crate::search::{DocTable, IndexData, FACET_KINDS};

/// A term shard is cut once its postings pass this many bytes (before compression): 55–95 KB
/// once compressed at 10,000 generated articles. Half of what it was (192 KB, 100–170 KB
/// stored): a first search's word and stems were one shard either way (`sécurité`, `serveur`),
/// and 10k then fetched 77 KB instead of 140–300 KB before its results.
///
/// Then 32 KB (2026-12-02): at 10,000 articles `sécurité` took two shards of 20 and 27 KB in one
/// round (78 KB before), which brought a first visit over the mobile profile 0.18 s earlier;
/// 16 KB made its stem's shard a second round and was no faster.
pub const TERM_SHARD_BYTES: usize = 32 * 1024;
/// A positions piece is cut once it passes this many bytes (before compression): positions
/// compress less than postings, about 100 KB stored.
pub const POSITIONS_BYTES: usize = 160 * 1024;
/// An id shard is cut past this many bytes of ids.
pub const ID_SHARD_BYTES: usize = 96 * 1024;

/// A format-3 bundle in memory (files in `BuiltBundle::files`, manifest last).
pub struct BuiltV3 {
    /// The manifest.
    pub manifest: ManifestV3,
    /// `(path, bytes)` of every file.
    pub files: Vec<(String, Vec<u8>)>,
}

/// How big the pieces are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PieceSizes {
    /// Postings bytes (before compression) past which a term shard is cut.
    pub term_shard_bytes: usize,
    /// Positions bytes (before compression) past which a positions piece is cut.
    pub positions_bytes: usize,
    /// Id bytes past which an id shard is cut.
    pub id_shard_bytes: usize,
}

impl Default for PieceSizes {
    fn default() -> Self {
        Self {
            term_shard_bytes: TERM_SHARD_BYTES,
            positions_bytes: POSITIONS_BYTES,
            id_shard_bytes: ID_SHARD_BYTES,
        }
    }
}

/// Writes articles and pictures as a format-3 bundle (see docs/PARTIAL-LOADING.md).
pub fn build_v3(articles: Vec<Article>, images: Vec<ImageFile>, generator: &str) -> BuiltV3 {
    build_v3_sized(articles, images, generator, PieceSizes::default())
}

/// [`build_v3`] with pieces cut at other sizes (tests cut small pieces to have many).
pub fn build_v3_sized(
    articles: Vec<Article>,
    images: Vec<ImageFile>,
    generator: &str,
    sizes: PieceSizes,
) -> BuiltV3 {
    let Assembled {
        entries,
        chunks,
        texts,
        index,
        similar,
    } = assemble(articles, Some(SNIPPET_TEXT_BYTES));
    let count = entries.len() as u32;

    // Payloads first: the bundle id is the hash of all of them, and every header carries it.
    let mut payloads: Vec<(PieceKind, Vec<u8>)> = Vec::new();
    let split = split_index(
        &index,
        index.positions.len() as u32,
        sizes,
        &mut |from, to| Ok(index.positions[from as usize..to as usize].to_vec()),
        &mut |kind, payload| payloads.push((kind, payload)),
    )
    .expect("positions in memory are always read");
    // Text groups; their card groups name them (and the body chunks), so they are made once
    // every other piece is stored.
    let groups = entries.len().div_ceil(ROWS_PER_GROUP as usize);
    let mut texts = texts.into_iter();
    for number in 0..groups {
        let group = RowGroup {
            number: number as u32,
            texts: texts.by_ref().take(ROWS_PER_GROUP as usize).collect(),
        };
        payloads.push((PieceKind::Rows, to_postcard(&group)));
    }
    let ids: Vec<(String, u32)> = entries
        .iter()
        .enumerate()
        .map(|(n, e)| (e.meta.id.clone(), n as u32))
        .collect();
    let id_firsts = id_shards(ids, sizes.id_shard_bytes, &mut |kind, payload| {
        payloads.push((kind, payload))
    });
    let body_chunks = chunks.len() as u32;
    for (number, chunk) in chunks.into_iter().enumerate() {
        let piece = BodyPiece {
            number: number as u32,
            bodies: chunk.bodies,
        };
        payloads.push((PieceKind::Bodies, to_postcard(&piece)));
    }
    payloads.push((PieceKind::Similar, similar.encode()));
    payloads.push((
        PieceKind::Facets,
        facets_payload(&DocTable::new(&entries), count),
    ));
    let cards: Vec<Vec<Card>> = entries
        .chunks(ROWS_PER_GROUP as usize)
        .map(|group| {
            group
                .iter()
                .map(|entry| Card {
                    meta: entry.meta.clone(),
                    body: entry.body,
                })
                .collect()
        })
        .collect();

    // The bundle id hashes every payload, the card groups' cards in place of the groups (the
    // names they carry are hashes of stored files, which carry the id).
    let mut hasher = Sha256::new();
    hasher.update(count.to_le_bytes());
    for (kind, payload) in &payloads {
        hasher.update([*kind as u8]);
        hasher.update((payload.len() as u64).to_le_bytes());
        hasher.update(payload);
    }
    for group in &cards {
        let payload = to_postcard(group);
        hasher.update([PieceKind::Cards as u8]);
        hasher.update((payload.len() as u64).to_le_bytes());
        hasher.update(&payload);
    }
    let digest = hasher.finalize();
    let bundle_id: [u8; 8] = digest[..8].try_into().expect("eight bytes");

    let mut files = Vec::new();
    let mut pieces = Vec::new();
    let mut paths = PathsByKind::default();
    let kinds: Vec<PieceKind> = payloads.iter().map(|(kind, _)| *kind).collect();
    for (kind, (path, bytes)) in kinds.into_iter().zip(stored_all(payloads, bundle_id)) {
        let entry = file_entry(&path, &bytes);
        paths.push(kind, &entry);
        pieces.push(entry);
        files.push((path, bytes));
    }
    let text_files = paths.of(PieceKind::Rows);
    let body_files = paths.of(PieceKind::Bodies);
    let card_payloads: Vec<(PieceKind, Vec<u8>)> = cards
        .into_iter()
        .enumerate()
        .map(|(number, cards)| {
            let group = card_group(number as u32, cards, &text_files, &body_files);
            (PieceKind::Cards, to_postcard(&group))
        })
        .collect();
    for (path, bytes) in stored_all(card_payloads, bundle_id) {
        let entry = file_entry(&path, &bytes);
        paths.push(PieceKind::Cards, &entry);
        pieces.push(entry);
        files.push((path, bytes));
    }
    let head = make_head(&entries, &index, split, id_firsts, paths, body_chunks);
    let (head_path, head_bytes) = stored(PieceKind::Head, bundle_id, &to_postcard(&head));
    let head_file = file_entry(&head_path, &head_bytes);
    files.push((head_path, head_bytes));
    let image_entries = push_images(images, &mut files);
    let manifest = make_manifest(
        &entries,
        generator,
        bundle_id,
        head_file,
        &pieces,
        image_entries,
    );
    let json = serde_json::to_vec_pretty(&manifest).expect("a manifest always serialises");
    files.push(("manifest.json".to_owned(), json));
    BuiltV3 { manifest, files }
}

/// The stored pieces as the head names them (hash prefix and size), by kind, in the order they
/// were made.
#[derive(Default)]
pub(super) struct PathsByKind(Vec<(PieceKind, FileRef)>);

impl PathsByKind {
    pub(super) fn push(&mut self, kind: PieceKind, file: &PieceFile) {
        let file = file
            .file_ref()
            .expect("a piece written here has a SHA-256 and is under 4 GiB");
        self.0.push((kind, file));
    }

    pub(super) fn of(&self, kind: PieceKind) -> Vec<FileRef> {
        self.0
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, f)| *f)
            .collect()
    }
}

/// Card group `number` of `cards`, naming its text group and the body chunks its cards use
/// (`text_files` and `body_files` are every text group's and body chunk's file, in order).
pub(super) fn card_group(
    number: u32,
    cards: Vec<Card>,
    text_files: &[FileRef],
    body_files: &[FileRef],
) -> CardGroup {
    let chunks = cards.iter().map(|c| c.body.chunk);
    let first_body = chunks.clone().min().unwrap_or(0);
    let last_body = chunks.max().unwrap_or(0);
    CardGroup {
        number,
        text: text_files[number as usize],
        first_body,
        bodies: body_files[first_body as usize..=last_body as usize].to_vec(),
        cards,
    }
}

/// The manifest of a bundle of `metas` (in article-number order).
pub(super) fn make_manifest<M: AsRef<ArticleMeta>>(
    metas: &[M],
    generator: &str,
    bundle_id: [u8; 8],
    head: PieceFile,
    pieces: &[PieceFile],
    images: Vec<crate::bundle::ImageEntry>,
) -> ManifestV3 {
    ManifestV3 {
        format: FORMAT_NAME.to_owned(),
        version: VERSION,
        layout: LAYOUT,
        generator: generator.to_owned(),
        articles: metas.len() as u32,
        undated: metas.iter().filter(|m| m.as_ref().date.is_none()).count() as u32,
        first_date: metas
            .iter()
            .find_map(|m| m.as_ref().date)
            .map(|d| d.to_string()),
        last_date: metas
            .last()
            .and_then(|m| m.as_ref().date)
            .map(|d| d.to_string()),
        bundle_id: hex(&bundle_id),
        head,
        piece_count: pieces.len() as u32,
        piece_bytes: pieces.iter().map(|p| p.bytes).sum(),
        images,
    }
}

/// The head: every article's date and lengths in columns, and the directories of the pieces
/// (see docs/PARTIAL-LOADING.md).
pub(super) fn make_head<M: AsRef<ArticleMeta>>(
    metas: &[M],
    index: &IndexData,
    split: Split,
    id_firsts: Vec<String>,
    paths: PathsByKind,
    body_chunks: u32,
) -> HeadData {
    let count = metas.len() as u32;
    let term_paths = paths.of(PieceKind::Terms);
    let position_paths = paths.of(PieceKind::Positions);
    HeadData {
        doc_count: count,
        dates: encode_date_runs(&date_runs(metas)),
        title_lengths: varints(index.title_lengths.iter().map(|&l| u32::from(l))),
        body_lengths: varints(index.body_lengths.iter().copied()),
        facets: paths.of(PieceKind::Facets).remove(0),
        terms: split
            .directory
            .firsts
            .iter()
            .enumerate()
            .map(|(k, first)| TermShardEntry {
                first: first.clone(),
                file: term_paths[k],
                postings_start: split.postings_starts[k],
            })
            .collect(),
        positions: split
            .positions_starts
            .iter()
            .zip(position_paths)
            .map(|(&start, path)| (start, path))
            .collect(),
        typos: paths.of(PieceKind::Typos).remove(0),
        ids: id_firsts
            .into_iter()
            .zip(paths.of(PieceKind::Ids))
            .collect(),
        cards: paths.of(PieceKind::Cards),
        body_chunks,
        similar: paths.of(PieceKind::Similar).remove(0),
    }
}

/// The facets piece's payload: for each facet kind its values and, per article in document
/// order, the count of its values then their ids (varints), from the table a format-2 reader
/// builds, so that value ids and counts are format 2's.
pub(super) fn facets_payload(docs: &DocTable, count: u32) -> Vec<u8> {
    let columns = FACET_KINDS
        .iter()
        .map(|&kind| {
            let table = docs.facet(kind);
            let mut bytes = Vec::new();
            for doc in 0..count {
                let values = table.of(doc);
                varint::push(&mut bytes, values.len() as u32);
                for &v in values {
                    varint::push(&mut bytes, v);
                }
            }
            FacetColumn {
                values: table.values.clone(),
                docs: bytes,
            }
        })
        .collect();
    to_postcard(&FacetsPiece { columns })
}

/// Cuts the article ids, sorted, in shards of about `shard_bytes`, handed to `emit` in order;
/// the first id of each shard (the first shard's is empty: it starts the directory).
pub(super) fn id_shards(
    mut ids: Vec<(String, u32)>,
    shard_bytes: usize,
    emit: &mut dyn FnMut(PieceKind, Vec<u8>),
) -> Vec<String> {
    ids.sort_unstable();
    let mut id_firsts = Vec::new();
    let mut shard = IdShard {
        number: 0,
        ids: Vec::new(),
    };
    let mut filled = 0;
    for (id, n) in ids {
        if filled > shard_bytes {
            let number = shard.number + 1;
            let done = std::mem::replace(
                &mut shard,
                IdShard {
                    number,
                    ids: Vec::new(),
                },
            );
            emit(PieceKind::Ids, to_postcard(&done));
            filled = 0;
        }
        if shard.ids.is_empty() {
            id_firsts.push(if shard.number == 0 {
                String::new()
            } else {
                id.clone()
            });
        }
        filled += id.len() + 4;
        shard.ids.push((id, n));
    }
    if !shard.ids.is_empty() || shard.number == 0 {
        if shard.ids.is_empty() {
            id_firsts.push(String::new());
        }
        emit(PieceKind::Ids, to_postcard(&shard));
    }
    id_firsts
}

impl BuiltV3 {
    /// Total size of all files in bytes.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|(_, b)| b.len() as u64).sum()
    }

    /// The files, for code that writes any bundle to disk.
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        self.files
    }
}

/// Where the index was cut into term shards by range of the folded word and positions pieces.
pub(super) struct Split {
    directory: TermDirectory,
    /// Where each term shard's postings start.
    postings_starts: Vec<u32>,
    /// Where each positions piece starts.
    positions_starts: Vec<u32>,
}

/// Format 2's postings, positions and stems cut at word boundaries: offsets stay the same
/// bundle-wide, so a fully loaded format-3 index answers exactly as the format-2 one. The
/// positions (`positions_len` bytes) are read by range with `read_positions` (they may be in a
/// file); each term shard, then each positions piece, goes to `emit` as soon as it is cut.
pub(super) fn split_index(
    index: &IndexData,
    positions_len: u32,
    sizes: PieceSizes,
    read_positions: &mut dyn FnMut(u32, u32) -> std::io::Result<Vec<u8>>,
    emit: &mut dyn FnMut(PieceKind, Vec<u8>),
) -> std::io::Result<Split> {
    let (shard_bytes, positions_bytes) = (sizes.term_shard_bytes, sizes.positions_bytes);
    let terms = fst::Map::new(index.terms.clone()).expect("the index was just built");
    let stems = fst::Map::new(index.stems.clone()).expect("the index was just built");
    // Shard starts: (first key, postings offset, positions offset).
    let mut starts: Vec<(String, u32, u32)> = Vec::new();
    // Positions pieces are cut on their own (positions weigh several times the postings), also at
    // word boundaries so that one word's positions are in one piece.
    let mut position_starts: Vec<u32> = Vec::new();
    let mut typo = fst::SetBuilder::memory();
    let mut stream = terms.stream();
    while let Some((key, offset)) = stream.next() {
        let offset = offset as u32;
        let (df, positions_at) = header(&index.postings, offset);
        if df >= TYPO_MIN_DF {
            typo.insert(key).expect("words come in order");
        }
        let cut = starts
            .last()
            .is_none_or(|&(_, start, _)| (offset - start) as usize >= shard_bytes);
        if cut {
            let first = if starts.is_empty() {
                String::new()
            } else {
                String::from_utf8_lossy(key).into_owned()
            };
            starts.push((first, offset, positions_at));
        }
        let cut = position_starts
            .last()
            .is_none_or(|&start| (positions_at - start) as usize >= positions_bytes);
        if cut {
            position_starts.push(if position_starts.is_empty() {
                0
            } else {
                positions_at
            });
        }
    }
    if starts.is_empty() {
        starts.push((String::new(), 0, 0));
    }
    if position_starts.is_empty() {
        position_starts.push(0);
    }
    let directory = TermDirectory {
        firsts: starts.iter().map(|(f, _, _)| f.clone()).collect(),
    };
    let n = starts.len();
    // One shard at a time: an FST builder holds a sizeable node registry, so a builder per shard
    // alive at once grew with the number of shards (300 MB at 100,000 articles). Words and stems
    // both come in order and a shard holds a contiguous run of each.
    let mut words = terms.stream();
    let mut next_word: Option<(Vec<u8>, u64)> = None;
    let mut stem_stream = stems.into_stream();
    let mut next_stem: Option<(Vec<u8>, u64)> = None;
    for k in 0..n {
        let from = starts[k].1;
        let to = starts
            .get(k + 1)
            .map_or(index.postings.len() as u32, |s| s.1);
        let mut term_map = fst::MapBuilder::memory();
        while let Some((key, offset)) = next_word
            .take()
            .or_else(|| words.next().map(|(key, offset)| (key.to_vec(), offset)))
        {
            if k + 1 < n && offset as u32 >= to {
                next_word = Some((key, offset));
                break;
            }
            term_map.insert(&key, offset).expect("words come in order");
        }
        let mut stem_map = fst::MapBuilder::memory();
        let mut stem_words = Vec::new();
        while let Some((key, at)) = next_stem
            .take()
            .or_else(|| stem_stream.next().map(|(key, at)| (key.to_vec(), at)))
        {
            if directory.shard_of(&String::from_utf8_lossy(&key)) > k {
                next_stem = Some((key, at));
                break;
            }
            let mut reader = Reader::new(index.stem_words.get(at as usize..).unwrap_or_default());
            let count = reader.next();
            stem_map
                .insert(&key, stem_words.len() as u64)
                .expect("stems come in order");
            varint::push(&mut stem_words, count);
            for _ in 0..count {
                varint::push(&mut stem_words, reader.next());
            }
        }
        let shard = TermShard {
            number: k as u32,
            postings_start: from,
            terms: term_map.into_inner().expect("an in-memory FST cannot fail"),
            stems: stem_map.into_inner().expect("an in-memory FST cannot fail"),
            stem_words,
            postings: index.postings[from as usize..to as usize].to_vec(),
        };
        emit(PieceKind::Terms, to_postcard(&shard));
    }
    for (k, &from) in position_starts.iter().enumerate() {
        let to = position_starts.get(k + 1).map_or(positions_len, |&s| s);
        let piece = PositionShard {
            number: k as u32,
            positions_start: from,
            bytes: read_positions(from, to)?,
        };
        emit(PieceKind::Positions, to_postcard(&piece));
    }
    let typos = TyposPiece {
        words: typo.into_inner().expect("an in-memory FST cannot fail"),
    };
    emit(PieceKind::Typos, to_postcard(&typos));
    Ok(Split {
        directory,
        postings_starts: starts.iter().map(|s| s.1).collect(),
        positions_starts: position_starts,
    })
}

/// A word's document frequency (title and body) and where its positions start, from its
/// postings header (see `IndexBuilder::finish`).
fn header(postings: &[u8], offset: u32) -> (u32, u32) {
    let mut reader = Reader::new(&postings[offset as usize..]);
    let first = reader.next();
    let mut df = first >> 1;
    if first & 1 == 1 {
        df += reader.next();
        reader.next();
        reader.next();
    }
    reader.next();
    (df, reader.next())
}

fn date_runs<M: AsRef<ArticleMeta>>(metas: &[M]) -> Vec<(Option<crate::ArticleDate>, u32)> {
    let mut runs: Vec<(Option<crate::ArticleDate>, u32)> = Vec::new();
    for m in metas {
        let d = m.as_ref().date;
        match runs.last_mut() {
            Some((date, n)) if *date == d => *n += 1,
            _ => runs.push((d, 1)),
        }
    }
    runs
}

fn varints(values: impl Iterator<Item = u32>) -> Vec<u8> {
    let mut out = Vec::new();
    for v in values {
        varint::push(&mut out, v);
    }
    out
}

pub(super) fn to_postcard<T: serde::Serialize>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).expect("bundle data always serialises")
}

/// The stored files of all pieces, in order, compressed on every core (compression is most of
/// the time format 3 adds to bundling). Each payload is dropped once compressed.
fn stored_all(payloads: Vec<(PieceKind, Vec<u8>)>, bundle_id: [u8; 8]) -> Vec<(String, Vec<u8>)> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let per_thread = payloads.len().div_ceil(threads).max(1);
    let mut batches: Vec<Vec<(PieceKind, Vec<u8>)>> = Vec::new();
    let mut payloads = payloads.into_iter().peekable();
    while payloads.peek().is_some() {
        batches.push(payloads.by_ref().take(per_thread).collect());
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = batches
            .into_iter()
            .map(|batch| {
                scope.spawn(move || {
                    batch
                        .into_iter()
                        .map(|(kind, payload)| stored(kind, bundle_id, &payload))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("compressing a piece does not panic"))
            .collect()
    })
}

/// The stored file of a piece: its header and payload, deflate-raw compressed, named by the hash
/// of what is stored.
pub(super) fn stored(kind: PieceKind, bundle_id: [u8; 8], payload: &[u8]) -> (String, Vec<u8>) {
    let framed = framed(kind, bundle_id, payload);
    let mut encoder = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(framed.len() / 2),
        flate2::Compression::default(),
    );
    encoder
        .write_all(&framed)
        .expect("writing to memory cannot fail");
    let bytes = encoder.finish().expect("writing to memory cannot fail");
    let path = kind.file_path(&hex(&Sha256::digest(&bytes)[..8]));
    (path, bytes)
}

pub(super) fn file_entry(path: &str, bytes: &[u8]) -> PieceFile {
    PieceFile {
        path: path.to_owned(),
        bytes: bytes.len() as u64,
        sha256: hex(&Sha256::digest(bytes)),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Inflates a stored piece (deflate-raw), as the browser's `DecompressionStream('deflate-raw')`
/// does; refuses more than `limit` bytes out.
pub fn inflate(bytes: &[u8], limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(bytes)
        .take(limit)
        .read_to_end(&mut out)?;
    Ok(out)
}

/// Whether `bytes` are the piece the head names `piece`: its size, then the first 8 bytes of its
/// SHA-256.
pub fn check_piece_ref(piece: &PieceRef, bytes: &[u8]) -> Result<(), String> {
    if bytes.len() as u64 != u64::from(piece.file.bytes) {
        return Err(format!(
            "{} is incomplete: the bundle's head announces {} bytes but {} arrived; upload the bundle again",
            piece.path,
            piece.file.bytes,
            bytes.len()
        ));
    }
    if !piece.file.matches_digest(&Sha256::digest(bytes)) {
        return Err(format!(
            "{} differs from what the bundle's head says (its SHA-256 does not begin with {}); upload the whole bundle again",
            piece.path,
            piece.file.hex()
        ));
    }
    Ok(())
}

/// Whether `bytes` are the file `entry` lists: its size, then its SHA-256.
pub fn check_piece_file(entry: &PieceFile, bytes: &[u8]) -> Result<(), String> {
    if bytes.len() as u64 != entry.bytes {
        return Err(format!(
            "{} is incomplete: the manifest announces {} bytes but {} arrived; upload the bundle again",
            entry.path,
            entry.bytes,
            bytes.len()
        ));
    }
    if hex(&Sha256::digest(bytes)) != entry.sha256 {
        return Err(format!(
            "{} differs from what the manifest says; upload the whole bundle again",
            entry.path
        ));
    }
    Ok(())
}
