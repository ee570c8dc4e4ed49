//! Reading a format-3 bundle piece by piece: open the head, ask what a search needs, add the
//! pieces as they arrive, search with what is here.
//!
//! Inflation is left to the caller (natively `flate2`, in the browser `DecompressionStream`), so
//! this compiles to wasm without a decompressor. Every piece is checked on arrival: its kind, its
//! bundle id (pieces of two deployments are never mixed), its checksum and its number.

use super::super::format::BodyRef;
use super::data::{
    decode_date_runs, BodyPiece, Card, CardGroup, FacetColumn, FacetsPiece, FileRef, HeadData,
    IdShard, PieceRef, PositionShard, RowGroup, TermShard, TyposPiece, ROWS_PER_GROUP,
};
use super::piece::{decode, unframe, PieceError, PieceId, PieceKind};
use crate::analysis::Stemmers;
use crate::article::ArticleMeta;
use crate::search::sharded::{wants, TermDirectory};
use crate::search::varint::Reader;
use crate::search::{Atom, Scope};
use crate::search::{
    Dictionary, DocTable, Index, Pieces, SearchRequest, SearchResults, Searcher, ShardedParts,
    Shared,
};
use crate::similar::SimilarGroups;

/// A search on a partly loaded bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct PartialResults {
    /// The results with what is loaded: exact when `missing` is empty.
    pub results: SearchResults,
    /// The pieces still needed for exact results (what [`PartialBundle::needs`] says).
    pub missing: Vec<PieceId>,
    /// Phrases were matched as "all the words" because their positions are not here yet.
    pub phrases_unchecked: bool,
    /// Typo expansion looked at part of the dictionary only (rarer spellings still loading).
    pub rare_spellings_pending: bool,
    /// The facets piece is not here: the facet counts in `results` are not to be shown (the
    /// hits, their order, the timeline and the undated count are exact without it). A request
    /// that filters on facets or searches `author:`, `tag:` or `source:` lists the piece in
    /// `missing` instead.
    pub facets_pending: bool,
}

/// What was looked up by article id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<T> {
    /// Found (or known absent: `None`).
    Here(Option<T>),
    /// This piece must be added first.
    Needs(PieceId),
}

/// One article's row as a result shows it: its card (metadata and body place) and the text
/// its snippets are cut from, from the card and text groups of its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRef<'a> {
    /// Its metadata (id, title, date, byline, tags, source, language, summary).
    pub meta: &'a ArticleMeta,
    /// Where its body lives.
    pub body: BodyRef,
    /// The plain text its snippets are cut from.
    pub text: &'a str,
}

/// Text groups a reader keeps once it bounds them ([`PartialBundle::keep_texts`]: the app does
/// once the background download reads every card group): the rows in view and the recent ones.
/// Older ones are dropped (a snippet shown again reads its group again, from the worker's
/// cache), so that a long session does not grow by 8 KB a row; cards are small and all kept.
pub const FULL_GROUPS_KEPT: usize = 64;

/// The dictionaries of a loaded term shard, shared with every index assembled since.
struct ShardDicts {
    terms: Shared,
    stems: Shared,
    stem_words: Shared,
}

/// A piece [`PartialBundle::name_all`] read but could not use: its stored file's path, and why
/// it was refused (the source, so that an error chain reads "PATH cannot be used: WHY").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path} cannot be used")]
pub struct UnusablePiece {
    /// The path of its stored file, relative to the manifest.
    pub path: String,
    /// Why it was refused.
    #[source]
    pub error: PieceError,
}

/// A format-3 bundle opened from its head, with the pieces added so far.
pub struct PartialBundle {
    id: [u8; 8],
    head: HeadData,
    directory: TermDirectory,
    typo_words: Option<fst::Set<Vec<u8>>>,
    /// Whether the typo dictionary piece is here (`typo_words` is `None` when it is empty).
    typos: bool,
    stemmers: Stemmers,
    searcher: Searcher,
    title_lengths: Vec<u16>,
    body_lengths: Vec<u32>,
    dicts: Vec<Option<ShardDicts>>,
    postings: Pieces,
    positions: Pieces,
    /// Per text group, its texts, while it is among the [`FULL_GROUPS_KEPT`] most recent.
    texts: Vec<Option<Vec<String>>>,
    /// Per card group, its cards.
    cards: Vec<Option<Box<[Card]>>>,
    /// Per text group, its file once its card group has named it (layout 3).
    text_files: Vec<Option<FileRef>>,
    /// Per body chunk, its file once a card group has named it.
    body_files: Vec<Option<FileRef>>,
    /// Text groups here, oldest first: beyond `texts_kept` the oldest is dropped.
    text_order: Vec<u32>,
    /// How many text groups are kept (every one until [`Self::keep_texts`]).
    texts_kept: usize,
    ids: Vec<Option<Vec<(String, u32)>>>,
    bodies: Vec<Option<Vec<String>>>,
    similar: Option<SimilarGroups>,
    /// Whether the facets piece is here (the searcher's table then has every facet value).
    facets: bool,
    /// Term shards arrived since the index was last assembled.
    dirty: bool,
}

fn damaged(piece: PieceId, detail: impl Into<String>) -> PieceError {
    PieceError::Damaged {
        piece: piece.to_string(),
        detail: detail.into(),
    }
}

impl PartialBundle {
    /// Opens a bundle from its head (inflated).
    pub fn open(head_bytes: &[u8]) -> Result<Self, PieceError> {
        let piece = PieceId::new(PieceKind::Head, 0);
        let (id, payload) = unframe(piece, head_bytes, None)?;
        let head: HeadData = decode(piece, payload)?;
        let n = head.doc_count as usize;
        let bad = |detail: &str| damaged(piece, detail);
        let lengths = |bytes: &[u8]| -> Option<Vec<u32>> {
            let mut reader = Reader::new(bytes);
            let out: Option<Vec<u32>> =
                (0..n.min(bytes.len())).map(|_| reader.try_next()).collect();
            out.filter(|v| v.len() == n && reader.is_empty())
        };
        let title_lengths: Vec<u16> = lengths(&head.title_lengths)
            .ok_or_else(|| bad("its title lengths do not match its article count"))?
            .into_iter()
            .map(|l| l.min(u32::from(u16::MAX)) as u16)
            .collect();
        let body_lengths = lengths(&head.body_lengths)
            .ok_or_else(|| bad("its body lengths do not match its article count"))?;
        let docs = doc_table(&head, None)
            .ok_or_else(|| bad("its date column does not match its article count"))?;
        let firsts: Vec<String> = head.terms.iter().map(|t| t.first.clone()).collect();
        let ordered = firsts.first().is_some_and(String::is_empty)
            && firsts.windows(2).all(|w| w[0] < w[1])
            && head
                .terms
                .windows(2)
                .all(|w| w[0].postings_start < w[1].postings_start)
            && head.positions.first().is_some_and(|p| p.0 == 0)
            && head.positions.windows(2).all(|w| w[0].0 < w[1].0);
        if !ordered {
            return Err(bad("its term directory is out of order"));
        }
        let groups = head.doc_count.div_ceil(ROWS_PER_GROUP) as usize;
        if head.cards.len() != groups {
            return Err(bad("its card groups do not match its article count"));
        }
        // Each body chunk holds at least one article.
        if head.body_chunks > head.doc_count {
            return Err(bad("it counts more body chunks than articles"));
        }
        let shards = head.terms.len();
        let postings = Pieces::empty(head.terms.iter().map(|t| t.postings_start).collect());
        let positions = Pieces::empty(head.positions.iter().map(|p| p.0).collect());
        let mut bundle = Self {
            id,
            directory: TermDirectory { firsts },
            typo_words: None,
            typos: false,
            stemmers: Stemmers::default(),
            searcher: Searcher::with_docs(empty_index(), docs),
            title_lengths,
            body_lengths,
            dicts: (0..shards).map(|_| None).collect(),
            postings,
            positions,
            texts: vec![None; groups],
            cards: vec![None; groups],
            text_files: vec![None; groups],
            body_files: vec![None; head.body_chunks as usize],
            text_order: Vec::new(),
            texts_kept: usize::MAX,
            ids: vec![None; head.ids.len()],
            bodies: vec![None; head.body_chunks as usize],
            similar: None,
            facets: false,
            dirty: true,
            head,
        };
        bundle.refresh().map_err(|e| bad(&e))?;
        Ok(bundle)
    }

    /// The id every piece of this bundle carries.
    pub fn bundle_id(&self) -> [u8; 8] {
        self.id
    }

    /// Number of articles.
    pub fn len(&self) -> u32 {
        self.head.doc_count
    }

    /// Whether the bundle has no article.
    pub fn is_empty(&self) -> bool {
        self.head.doc_count == 0
    }

    /// The hash prefix and size the head gives for a piece's stored file (`None` for the head,
    /// named by the manifest, and for a piece the head does not list).
    pub fn file_ref(&self, piece: PieceId) -> Option<FileRef> {
        let n = piece.number as usize;
        match piece.kind {
            PieceKind::Head => None,
            PieceKind::Terms => self.head.terms.get(n).map(|t| t.file),
            PieceKind::Positions => self.head.positions.get(n).map(|(_, f)| *f),
            PieceKind::Cards => self.head.cards.get(n).copied(),
            PieceKind::Rows => self.text_files.get(n).copied().flatten(),
            PieceKind::Ids => self.head.ids.get(n).map(|(_, f)| *f),
            PieceKind::Bodies => self.body_files.get(n).copied().flatten(),
            PieceKind::Similar => (n == 0).then_some(self.head.similar),
            PieceKind::Facets => (n == 0).then_some(self.head.facets),
            PieceKind::Typos => (n == 0).then_some(self.head.typos),
        }
    }

    /// A piece's stored file: its path relative to the manifest, size and hash prefix (what
    /// the reader fetches and checks the bytes against before inflating them).
    pub fn file(&self, piece: PieceId) -> Option<PieceRef> {
        self.file_ref(piece).map(|file| PieceRef {
            path: piece.kind.file_path(&file.hex()),
            file,
        })
    }

    /// The path of a piece's stored file, relative to the manifest.
    pub fn path(&self, piece: PieceId) -> Option<String> {
        self.file(piece).map(|f| f.path)
    }

    /// Every piece known so far (whether added or not), in the order of [`Self::remaining`]:
    /// what a full download or an offline copy fetches besides the manifest and the head. The
    /// head names every piece but the text groups and body chunks, which their card groups
    /// name: those are listed once their card group has been added ([`Self::add`] or
    /// [`Self::add_names`]); [`Self::all_named`] says whether every one is.
    pub fn pieces(&self) -> Vec<PieceId> {
        let kind =
            |kind: PieceKind, count: usize| (0..count as u32).map(move |n| PieceId::new(kind, n));
        let named = |kind: PieceKind, files: &[Option<FileRef>]| {
            files
                .iter()
                .enumerate()
                .filter(|(_, f)| f.is_some())
                .map(move |(n, _)| PieceId::new(kind, n as u32))
                .collect::<Vec<_>>()
        };
        kind(PieceKind::Facets, 1)
            .chain(kind(PieceKind::Typos, 1))
            .chain(kind(PieceKind::Terms, self.head.terms.len()))
            .chain(kind(PieceKind::Cards, self.head.cards.len()))
            .chain(named(PieceKind::Rows, &self.text_files))
            .chain(kind(PieceKind::Positions, self.head.positions.len()))
            .chain(kind(PieceKind::Ids, self.head.ids.len()))
            .chain(kind(PieceKind::Similar, 1))
            .chain(named(PieceKind::Bodies, &self.body_files))
            .collect()
    }

    /// Whether every piece of the bundle is known ([`Self::pieces`] lists them all): every text
    /// group and body chunk has been named by its card group.
    pub fn all_named(&self) -> bool {
        self.text_files.iter().all(Option::is_some) && self.body_files.iter().all(Option::is_some)
    }

    /// Whether card group `group` has named its pieces (it was added, with its cards or not).
    pub fn has_names(&self, group: u32) -> bool {
        self.text_files
            .get(group as usize)
            .is_some_and(Option::is_some)
    }

    /// The piece that names `piece` when `piece` is not known yet: a text group's card group
    /// (add it first, then `piece` has a file). `None` when `piece` is known, or when no piece
    /// can be told (a body chunk is named by the card group of an article whose body is in it:
    /// [`Self::body`] asks for that card group first).
    pub fn named_by(&self, piece: PieceId) -> Option<PieceId> {
        (piece.kind == PieceKind::Rows
            && self.file_ref(piece).is_none()
            && (piece.number as usize) < self.text_files.len())
        .then_some(PieceId::new(PieceKind::Cards, piece.number))
    }

    /// Whether `piece` has been added (the head always has).
    pub fn has(&self, piece: PieceId) -> bool {
        let n = piece.number as usize;
        match piece.kind {
            PieceKind::Head => true,
            PieceKind::Terms => self.postings.is_loaded(n),
            PieceKind::Positions => self.positions.is_loaded(n),
            PieceKind::Cards => self.cards.get(n).is_some_and(Option::is_some),
            PieceKind::Rows => self.texts.get(n).is_some_and(Option::is_some),
            PieceKind::Ids => self.ids.get(n).is_some_and(Option::is_some),
            PieceKind::Bodies => self.bodies.get(n).is_some_and(Option::is_some),
            PieceKind::Similar => self.similar.is_some(),
            PieceKind::Facets => self.facets,
            PieceKind::Typos => self.typos,
        }
    }

    /// Every piece known and not added yet, in the order a background download should take
    /// them: facets, the typo dictionary, term shards, card groups, text groups, positions, id
    /// shards, near-duplicates, bodies (text groups and body chunks once their card groups have
    /// named them: see [`Self::pieces`]). [`Self::file`] gives each one's path, size and hash
    /// prefix.
    pub fn remaining(&self) -> Vec<PieceId> {
        self.pieces()
            .into_iter()
            .filter(|&piece| !self.has(piece))
            .collect()
    }

    /// The pieces `request` needs for exact results, most useful first. Adding them may reveal
    /// more (a stem's words in another shard, a phrase's positions): ask again until empty.
    pub fn needs(&mut self, request: &SearchRequest) -> Vec<PieceId> {
        self.wanted(request, false).0
    }

    /// What to fetch at once for `request`: [`Self::needs`] without the term shards that only a
    /// typo's rarer spellings need (words outside the head's typo dictionary), which a reader
    /// leaves to the background download while the results say "rarer spellings still loading".
    pub fn needs_first(&mut self, request: &SearchRequest) -> Vec<PieceId> {
        self.wanted(request, true).0
    }

    fn wanted(&mut self, request: &SearchRequest, first_only: bool) -> (Vec<PieceId>, bool) {
        // An index that failed to assemble keeps the previous one; `add` has refused the piece.
        let _ = self.refresh();
        let w = wants(
            &self.searcher,
            &self.directory,
            self.typo_words.as_ref(),
            &self.stemmers,
            request,
        );
        let terms = if first_only {
            &w.terms[..w.rare_from]
        } else {
            &w.terms[..]
        };
        // Facet filters and `author:`-style fields are answered from the facet values.
        let facets =
            (!self.facets && uses_facets(request)).then_some(PieceId::new(PieceKind::Facets, 0));
        // A word the archive does not hold as typed: the typo dictionary says which shards its
        // likeliest spellings are in (until it is here every shard counts as a rare spelling's).
        let typos = (w.rare_spellings && !self.typos).then_some(PieceId::new(PieceKind::Typos, 0));
        let pieces = facets
            .into_iter()
            .chain(typos)
            .chain(
                terms
                    .iter()
                    .map(|&k| PieceId::new(PieceKind::Terms, k as u32)),
            )
            .chain(
                w.positions
                    .iter()
                    .map(|&k| PieceId::new(PieceKind::Positions, k as u32)),
            )
            .collect();
        (pieces, w.rare_spellings)
    }

    /// Adds an inflated piece. Refused (and nothing changes) when it is of another kind or
    /// another bundle, damaged, or not the piece asked for.
    pub fn add(&mut self, piece: PieceId, bytes: &[u8]) -> Result<(), PieceError> {
        let n = piece.number as usize;
        if self.file_ref(piece).is_none() {
            return Err(PieceError::Unknown {
                piece: piece.to_string(),
            });
        }
        let (_, payload) = unframe(piece, bytes, Some(self.id))?;
        let wrong_number = |found: u32| damaged(piece, format!("it says it is number {found}"));
        match piece.kind {
            PieceKind::Head => unreachable!("the head has no path"),
            PieceKind::Terms => {
                let shard: TermShard = decode(piece, payload)?;
                if shard.number != piece.number {
                    return Err(wrong_number(shard.number));
                }
                if shard.postings_start != self.head.terms[n].postings_start {
                    return Err(damaged(
                        piece,
                        "its postings start elsewhere than the head says",
                    ));
                }
                check_dictionary(piece, &shard.terms)?;
                check_dictionary(piece, &shard.stems)?;
                self.postings.set(n, shard.postings);
                self.dicts[n] = Some(ShardDicts {
                    terms: shard.terms.into(),
                    stems: shard.stems.into(),
                    stem_words: shard.stem_words.into(),
                });
                self.dirty = true;
            }
            PieceKind::Positions => {
                let shard: PositionShard = decode(piece, payload)?;
                if shard.number != piece.number {
                    return Err(wrong_number(shard.number));
                }
                if shard.positions_start != self.head.positions[n].0 {
                    return Err(damaged(
                        piece,
                        "its positions start elsewhere than the head says",
                    ));
                }
                self.positions.set(n, shard.bytes);
                self.dirty = true;
            }
            PieceKind::Cards => {
                let group = self.card_group(piece, payload)?;
                self.cards[n] = Some(group.cards.into());
            }
            PieceKind::Rows => {
                let group: RowGroup = decode(piece, payload)?;
                if group.number != piece.number {
                    return Err(wrong_number(group.number));
                }
                self.check_row_count(piece, group.texts.len())?;
                self.texts[n] = Some(group.texts);
                self.keep_text(piece.number);
            }
            PieceKind::Ids => {
                let shard: IdShard = decode(piece, payload)?;
                if shard.number != piece.number {
                    return Err(wrong_number(shard.number));
                }
                self.ids[n] = Some(shard.ids);
            }
            PieceKind::Bodies => {
                let chunk: BodyPiece = decode(piece, payload)?;
                if chunk.number != piece.number {
                    return Err(wrong_number(chunk.number));
                }
                self.bodies[n] = Some(chunk.bodies);
            }
            PieceKind::Similar => {
                let groups = SimilarGroups::decode(self.head.doc_count, payload)
                    .map_err(|e| damaged(piece, e.0))?;
                self.similar = Some(groups);
            }
            PieceKind::Typos => {
                let typos: TyposPiece = decode(piece, payload)?;
                self.typo_words = if typos.words.is_empty() {
                    None
                } else {
                    check_dictionary(piece, &typos.words)?;
                    Some(fst::Set::new(typos.words).map_err(|e| damaged(piece, e.to_string()))?)
                };
                self.typos = true;
            }
            PieceKind::Facets => {
                let facets: FacetsPiece = decode(piece, payload)?;
                let docs = doc_table(&self.head, Some(&facets.columns)).ok_or_else(|| {
                    damaged(piece, "its columns do not match the head's article count")
                })?;
                self.searcher.set_docs(docs);
                self.facets = true;
            }
        }
        Ok(())
    }

    /// Adds what a card group names (its text group and body chunks) without keeping its
    /// cards: for a download that needs every piece's name but not every row in memory (the
    /// background download above [`FULL_GROUPS_KEPT`]'s reach, a single file). Refused as
    /// [`Self::add`] refuses; `piece` must be a card group.
    pub fn add_names(&mut self, piece: PieceId, bytes: &[u8]) -> Result<(), PieceError> {
        if piece.kind != PieceKind::Cards || self.file_ref(piece).is_none() {
            return Err(PieceError::Unknown {
                piece: piece.to_string(),
            });
        }
        let (_, payload) = unframe(piece, bytes, Some(self.id))?;
        self.card_group(piece, payload).map(drop)
    }

    /// Names every piece ([`Self::all_named`] is then true): reads every card group the head
    /// lists with `inflated`, which is given the group's stored file (path, size and hash
    /// prefix: check the bytes against it) and returns them inflated, and adds its names
    /// ([`Self::add_names`]) without keeping its cards. For a reader with every file at hand
    /// (a single file, a tool); the app fetches the groups one by one instead. Stops at the
    /// first error: `inflated`'s, or a group refused, as [`UnusablePiece`] (which says its path).
    pub fn name_all<E: From<UnusablePiece>>(
        &mut self,
        mut inflated: impl FnMut(&PieceRef) -> Result<Vec<u8>, E>,
    ) -> Result<(), E> {
        for number in 0..self.head.cards.len() as u32 {
            let piece = PieceId::new(PieceKind::Cards, number);
            let Some(file) = self.file(piece) else {
                continue;
            };
            let bytes = inflated(&file)?;
            self.add_names(piece, &bytes)
                .map_err(|error| UnusablePiece {
                    path: file.path,
                    error,
                })?;
        }
        Ok(())
    }

    /// Decodes card group `piece`, checks it (its number, its row count, the chunks its cards'
    /// bodies are in, names that agree with those another group gave) and records the names
    /// it gives; nothing changes when it is refused.
    fn card_group(&mut self, piece: PieceId, payload: &[u8]) -> Result<CardGroup, PieceError> {
        let group: CardGroup = decode(piece, payload)?;
        if group.number != piece.number {
            return Err(damaged(
                piece,
                format!("it says it is number {}", group.number),
            ));
        }
        self.check_row_count(piece, group.cards.len())?;
        let first = group.first_body as usize;
        let chunks = first..first.saturating_add(group.bodies.len());
        if chunks.end > self.body_files.len()
            || group
                .cards
                .iter()
                .any(|c| !chunks.contains(&(c.body.chunk as usize)))
        {
            return Err(damaged(piece, "its body chunks are not the bundle's"));
        }
        let agrees = |known: Option<FileRef>, named: FileRef| known.is_none_or(|k| k == named);
        if !agrees(self.text_files[piece.number as usize], group.text)
            || !group
                .bodies
                .iter()
                .zip(&self.body_files[chunks.clone()])
                .all(|(named, known)| agrees(*known, *named))
        {
            return Err(damaged(
                piece,
                "it names a piece otherwise than another card group",
            ));
        }
        self.text_files[piece.number as usize] = Some(group.text);
        for (slot, named) in self.body_files[chunks].iter_mut().zip(&group.bodies) {
            *slot = Some(*named);
        }
        Ok(group)
    }

    /// Whether a card group is here.
    pub fn has_cards(&self, group: u32) -> bool {
        self.cards.get(group as usize).is_some_and(Option::is_some)
    }

    fn check_row_count(&self, piece: PieceId, rows: usize) -> Result<(), PieceError> {
        let first = piece.number * ROWS_PER_GROUP;
        let expected = (self.head.doc_count.saturating_sub(first)).min(ROWS_PER_GROUP);
        if rows as u32 != expected {
            return Err(damaged(piece, "it holds the wrong number of rows"));
        }
        Ok(())
    }

    /// Keeps at most `groups` text groups from now on, the most recently added (see
    /// [`FULL_GROUPS_KEPT`]); the others are dropped, and asked for again when needed.
    pub fn keep_texts(&mut self, groups: usize) {
        self.texts_kept = groups.max(1);
        self.drop_old_texts();
    }

    /// Counts text group `group` among the recent ones.
    fn keep_text(&mut self, group: u32) {
        self.text_order.retain(|&g| g != group);
        self.text_order.push(group);
        self.drop_old_texts();
    }

    fn drop_old_texts(&mut self) {
        while self.text_order.len() > self.texts_kept {
            let old = self.text_order.remove(0);
            self.texts[old as usize] = None;
        }
    }

    /// Searches with what is loaded.
    pub fn search(&mut self, request: &SearchRequest) -> PartialResults {
        let (missing, rare_spellings_pending) = self.wanted(request, false);
        let results = self.searcher.search(request);
        PartialResults {
            phrases_unchecked: missing.iter().any(|p| p.kind == PieceKind::Positions),
            rare_spellings_pending,
            facets_pending: !self.facets,
            missing,
            results,
        }
    }

    /// The search engine as loaded so far (after [`Self::needs`] or [`Self::search`]).
    pub fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    /// The pieces the rows of these articles need and that are not here: their card groups
    /// (what a row shows first), then their text groups (snippets).
    pub fn rows_needed(&self, docs: &[u32]) -> Vec<PieceId> {
        let mut pieces = self.cards_needed(docs);
        pieces.extend(self.texts_needed(docs));
        pieces
    }

    /// The card groups of these articles that are not here.
    pub fn cards_needed(&self, docs: &[u32]) -> Vec<PieceId> {
        let missing = |g: usize| self.cards.get(g).is_some_and(Option::is_none);
        groups_missing(&missing, docs, PieceKind::Cards)
    }

    /// The text groups of these articles that are not here.
    pub fn texts_needed(&self, docs: &[u32]) -> Vec<PieceId> {
        let missing = |g: usize| self.texts.get(g).is_some_and(Option::is_none);
        groups_missing(&missing, docs, PieceKind::Rows)
    }

    /// An article's row (card and text), once both its groups are here.
    pub fn row(&self, doc: u32) -> Lookup<RowRef<'_>> {
        let (meta, body) = match self.card(doc) {
            Lookup::Here(Some(card)) => card,
            Lookup::Here(None) => return Lookup::Here(None),
            Lookup::Needs(piece) => return Lookup::Needs(piece),
        };
        match self.text(doc) {
            Lookup::Here(text) => Lookup::Here(text.map(|text| RowRef { meta, body, text })),
            Lookup::Needs(piece) => Lookup::Needs(piece),
        }
    }

    /// An article's metadata, once its card group is here.
    pub fn meta(&self, doc: u32) -> Lookup<&ArticleMeta> {
        match self.card(doc) {
            Lookup::Here(card) => Lookup::Here(card.map(|(meta, _)| meta)),
            Lookup::Needs(piece) => Lookup::Needs(piece),
        }
    }

    /// The plain text an article's snippets are cut from, once its text group is here.
    pub fn text(&self, doc: u32) -> Lookup<&str> {
        let group = doc / ROWS_PER_GROUP;
        match self.texts.get(group as usize) {
            None => Lookup::Here(None),
            Some(None) => Lookup::Needs(PieceId::new(PieceKind::Rows, group)),
            Some(Some(texts)) => Lookup::Here(
                texts
                    .get((doc % ROWS_PER_GROUP) as usize)
                    .map(String::as_str),
            ),
        }
    }

    /// An article's metadata and body place, from its card.
    fn card(&self, doc: u32) -> Lookup<(&ArticleMeta, BodyRef)> {
        let group = doc / ROWS_PER_GROUP;
        match self.cards.get(group as usize) {
            None => Lookup::Here(None),
            Some(None) => Lookup::Needs(PieceId::new(PieceKind::Cards, group)),
            Some(Some(cards)) => Lookup::Here(
                cards
                    .get((doc % ROWS_PER_GROUP) as usize)
                    .map(|c| (&c.meta, c.body)),
            ),
        }
    }

    /// An article's Markdown body, once its card and body chunk are here.
    pub fn body(&self, doc: u32) -> Lookup<&str> {
        let body = match self.card(doc) {
            Lookup::Here(Some((_, body))) => body,
            Lookup::Here(None) => return Lookup::Here(None),
            Lookup::Needs(piece) => return Lookup::Needs(piece),
        };
        match self.bodies.get(body.chunk as usize) {
            None => Lookup::Here(None),
            Some(None) => Lookup::Needs(PieceId::new(PieceKind::Bodies, body.chunk)),
            Some(Some(bodies)) => Lookup::Here(bodies.get(body.index as usize).map(String::as_str)),
        }
    }

    /// The article number of an id (a URL `#/article/<id>`), once its id shard is here.
    pub fn find_id(&self, id: &str) -> Lookup<u32> {
        let shard = self
            .head
            .ids
            .partition_point(|(first, _)| first.as_str() <= id)
            .saturating_sub(1);
        match self.ids.get(shard) {
            None => Lookup::Here(None),
            Some(None) => Lookup::Needs(PieceId::new(PieceKind::Ids, shard as u32)),
            Some(Some(ids)) => Lookup::Here(
                ids.binary_search_by(|(i, _)| i.as_str().cmp(id))
                    .ok()
                    .map(|at| ids[at].1),
            ),
        }
    }

    /// The near-duplicate groups, once their piece is here.
    pub fn similar(&self) -> Option<&SimilarGroups> {
        self.similar.as_ref()
    }

    /// Assembles the index over the loaded term shards, when shards arrived: their dictionaries
    /// are searched one after the other (nothing is merged or rebuilt, so no FST builder is
    /// needed here), their bytes shared, not copied.
    fn refresh(&mut self) -> Result<(), String> {
        if !self.dirty {
            return Ok(());
        }
        let dictionaries = self
            .dicts
            .iter()
            .zip(&self.directory.firsts)
            .filter_map(|(dicts, first)| dicts.as_ref().map(|d| (d, first)))
            .map(|(d, first)| {
                Dictionary::new(
                    first.clone(),
                    d.terms.clone(),
                    d.stems.clone(),
                    d.stem_words.clone(),
                )
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let index = Index::from_shards(ShardedParts {
            dictionaries,
            postings: self.postings.clone(),
            positions: self.positions.clone(),
            doc_count: self.head.doc_count,
            title_lengths: self.title_lengths.clone(),
            body_lengths: self.body_lengths.clone(),
        })
        .map_err(|e| e.to_string())?;
        self.searcher.set_index(index);
        self.dirty = false;
        Ok(())
    }
}

/// The groups (card or text groups, `kind`) of `docs` that are not here (`missing`), in order.
/// Not generic: one copy in the app's download for both kinds.
fn groups_missing(missing: &dyn Fn(usize) -> bool, docs: &[u32], kind: PieceKind) -> Vec<PieceId> {
    let mut groups: Vec<u32> = docs
        .iter()
        .map(|d| d / ROWS_PER_GROUP)
        .filter(|&g| missing(g as usize))
        .collect();
    groups.sort_unstable();
    groups.dedup();
    groups.into_iter().map(|g| PieceId::new(kind, g)).collect()
}

/// An index with no word and no article, to start from (replaced at once by `refresh`).
fn empty_index() -> Index {
    Index::from_shards(ShardedParts {
        dictionaries: Vec::new(),
        postings: Pieces::default(),
        positions: Pieces::default(),
        doc_count: 0,
        title_lengths: Vec::new(),
        body_lengths: Vec::new(),
    })
    .expect("an empty index is valid")
}

/// Checks an FST before it is streamed: its structure, and natively its checksum (the `fst`
/// crate trusts a dictionary's structure and may panic on a damaged one; the piece's own
/// checksum has been checked already).
fn check_dictionary(piece: PieceId, bytes: &[u8]) -> Result<(), PieceError> {
    let fst = fst::raw::Fst::new(bytes).map_err(|e| damaged(piece, e.to_string()))?;
    #[cfg(feature = "bundler")]
    fst.verify()
        .map_err(|_| damaged(piece, "a dictionary fails its checksum"))?;
    #[cfg(not(feature = "bundler"))]
    let _ = fst;
    Ok(())
}

/// Whether a request filters on facets or searches a facet field (`author:`, `tag:`, `source:`).
fn uses_facets(request: &SearchRequest) -> bool {
    let facet_field = |atom: &Atom| {
        let scope = match atom {
            Atom::Word { scope, .. } | Atom::Phrase { scope, .. } => *scope,
        };
        !matches!(scope, Scope::Text | Scope::Title)
    };
    !request.facets.is_empty()
        || request.query.clauses.iter().flatten().any(facet_field)
        || request.query.excluded.iter().any(facet_field)
}

/// The per-article table of dates and facets, from the head's date column and the facets
/// piece's columns (none yet: every article without facet values): the same articles' values
/// given to [`DocTable::new`] in the same order, so value ids and counts are those of a format-2
/// reader.
fn doc_table(head: &HeadData, facets: Option<&[FacetColumn]>) -> Option<DocTable> {
    let n = head.doc_count as usize;
    let Some(facets) = facets else {
        // The dates alone (the head opening): no metadata to make.
        let runs = decode_date_runs(&head.dates)?;
        let dated = runs
            .iter()
            .try_fold(0usize, |sum, &(_, count)| sum.checked_add(count as usize))?;
        return (dated == n).then(|| DocTable::from_date_runs(&runs));
    };
    // `n` was checked against the length columns: it is not larger than the head.
    let mut metas: Vec<ArticleMeta> = Vec::with_capacity(n);
    for (date, count) in decode_date_runs(&head.dates)? {
        for _ in 0..count {
            if metas.len() == n {
                return None;
            }
            metas.push(ArticleMeta {
                id: String::new(),
                title: String::new(),
                date,
                authors: Vec::new(),
                tags: Vec::new(),
                source: None,
                lang: String::new(),
                summary: String::new(),
                reading_minutes: 1,
                origin: String::new(),
            });
        }
    }
    if metas.len() != n {
        return None;
    }
    if facets.len() != 4 {
        return None;
    }
    for (kind, column) in facets.iter().enumerate() {
        let mut reader = Reader::new(&column.docs);
        for meta in &mut metas {
            let count = reader.try_next()? as usize;
            for _ in 0..count.min(column.docs.len()) {
                let value = column.values.get(reader.try_next()? as usize)?.clone();
                match kind {
                    0 => meta.tags.push(value),
                    1 => meta.authors.push(value),
                    2 => meta.source = Some(value),
                    _ => meta.lang = value,
                }
            }
        }
        if !reader.is_empty() {
            return None;
        }
    }
    Some(DocTable::new(&metas))
}
