//! The bundle as the pages see it, whatever its format: search, article rows, bodies, ids,
//! near-duplicates and pictures. Format 2 ([`whole`]) holds its catalog and index in memory once
//! loaded; format 3 ([`pieces`]) opens a small head and fetches the rest piece by piece as the
//! pages ask. The pages never ask which: where format 3 has not got something yet, the answer
//! says so ([`Pending`], `None` for a row), a fetch starts, and the views render again when it
//! arrives (see [`Library::on_change`]).

pub mod background;
mod piece_fetch;
pub mod pieces;
pub mod whole;

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use kiosque_core::article::ArticleMeta;
use kiosque_core::bundle::v3::{Lookup, PieceId, PieceKind};
use kiosque_core::bundle::{BundleError, FileEntry, ImageEntry};
use kiosque_core::markdown::pictures::BundledPicture;
use kiosque_core::search::{SearchRequest, SearchResults, Searcher};
use kiosque_core::similar::SimilarGroups;

use crate::fetch::{fetch_bytes, FetchError};
use pieces::{PieceFailure, Pieces};

/// Format 3's facets piece.
const FACETS: PieceId = PieceId {
    kind: PieceKind::Facets,
    number: 0,
};
use whole::Whole;

/// Where the bundle lives, relative to the page, so the site works under any path.
pub const BUNDLE_DIR: &str = "bundle/";

/// The address of the bundle file at `path` whose content hash (from the manifest) is `hash`:
/// named by its hash, a copy kept by the browser or the service worker never goes stale. The
/// page's early download and the service worker write the same address in JavaScript, in one
/// place, `static/bundle-file.js`; the first-visit end-to-end test fails if the two disagree
/// (the app would download those files a second time).
pub fn bundle_file_url(path: &str, hash: &str) -> String {
    format!("{BUNDLE_DIR}{path}?v={hash}")
}

/// How far loading has got.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    /// Bytes of the catalog and index received so far.
    pub received: u64,
    /// Their size announced by the manifest, once known.
    pub total: Option<u64>,
}

/// Why the bundle, or part of it, could not be shown.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// `bundle/manifest.json` is not on the server.
    Missing,
    /// A file could not be fetched.
    Fetch {
        /// The file.
        file: String,
        /// What went wrong, for the reader.
        detail: String,
    },
    /// A file arrived but cannot be read.
    Bundle(BundleError),
    /// A piece of a format-3 bundle could not be used (the message names it).
    Piece(String),
}

impl From<PieceFailure> for LoadError {
    fn from(failure: PieceFailure) -> Self {
        LoadError::Piece(failure.message)
    }
}

/// Whether a search's results are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// Exact: counts, timeline and facets can be shown.
    Exact,
    /// Nothing yet: the pieces the words need are on their way.
    Searching,
    /// Phrases matched as all their words until their positions arrive.
    Phrases,
    /// A typo's rarer spellings are still on their way.
    Spellings,
}

/// A search's results and whether they are final.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The results with what is here (empty while [`Pending::Searching`]).
    pub results: SearchResults,
    /// Whether they are final.
    pub pending: Pending,
}

enum Source {
    Whole(Rc<Whole>),
    Pieces(Rc<Pieces>),
}

/// The articles of one bundle, in either format.
pub struct Library {
    source: Source,
    /// Earliest date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), if any article is dated.
    pub first_date: Option<String>,
    /// Latest date.
    pub last_date: Option<String>,
    /// Articles without a date.
    pub undated: u32,
    /// Identifies the bundle (the catalog's and index's hashes, or the format-3 bundle id).
    identity: String,
    images: Vec<ImageEntry>,
    /// Bundled pictures by their path in the bundle, as positions in `images`.
    pictures: HashMap<String, usize>,
    /// Plain text of bodies already used for snippets.
    plain: RefCell<HashMap<usize, Rc<str>>>,
    /// The groups of near-duplicates, once they have arrived (see `load_similar`).
    similar: OnceCell<SimilarGroups>,
    /// Format 3: the download of the rest for offline use (`library/background.rs`).
    background: Option<Rc<background::Background>>,
}

impl PartialEq for Library {
    /// The same bundle (components compare their props at every render, so this stays cheap).
    fn eq(&self, other: &Self) -> bool {
        self.identity == other.identity
    }
}

// With `Eq`, comparing two `Rc<Library>` is a pointer comparison when they are the same one.
impl Eq for Library {}

/// Fetches `manifest.json`; always revalidated: it is what tells every other file's version.
pub async fn fetch_manifest() -> Result<Vec<u8>, LoadError> {
    let manifest_url = format!("{BUNDLE_DIR}manifest.json");
    fetch_bytes(
        &format!("{manifest_url}?t={}", js_sys::Date::now()),
        0,
        &mut |_| {},
    )
    .await
    .map_err(|e| match e {
        FetchError::NotFound => LoadError::Missing,
        other => fetch_error("manifest.json", other),
    })
}

impl Library {
    /// Reads the manifest (its bytes, from [`fetch_manifest`]) and opens the bundle: format 2's
    /// catalog and index (reporting bytes as they arrive), or format 3's head.
    pub async fn open(
        manifest_bytes: &[u8],
        on_progress: impl FnMut(Progress),
    ) -> Result<Library, LoadError> {
        // The format-2 reader checks the version before anything else (no JSON reader of our own).
        match crate::manifest::read(manifest_bytes) {
            Err(BundleError::Version { found: 3, .. }) => {
                let pieces = Rc::new(Pieces::open(manifest_bytes).await?);
                let m = &pieces.manifest;
                let mut library = Self::new(
                    format!("3:{}", m.bundle_id),
                    (m.first_date.clone(), m.last_date.clone(), m.undated),
                    m.images.clone(),
                    Source::Pieces(pieces.clone()),
                );
                // It waits for the first results and an idle moment before fetching anything.
                let background = background::Background::new();
                background.start(pieces, library.images.clone());
                library.background = Some(background);
                Ok(library)
            }
            _ => {
                let whole = Whole::load(manifest_bytes, on_progress).await?;
                let m = &whole.manifest;
                Ok(Self::new(
                    format!("2:{}:{}", m.catalog.hash, m.index.hash),
                    (m.first_date.clone(), m.last_date.clone(), m.undated),
                    m.images.clone(),
                    Source::Whole(Rc::new(whole)),
                ))
            }
        }
    }

    fn new(
        identity: String,
        (first_date, last_date, undated): (Option<String>, Option<String>, u32),
        images: Vec<ImageEntry>,
        source: Source,
    ) -> Self {
        let pictures = images
            .iter()
            .enumerate()
            .map(|(i, image)| (image.file.path.clone(), i))
            .collect();
        Self {
            source,
            first_date,
            last_date,
            undated,
            identity,
            images,
            pictures,
            plain: RefCell::default(),
            similar: OnceCell::new(),
            background: None,
        }
    }

    /// Format 3: the background download of the rest, for offline use and exact searches.
    pub fn background(&self) -> Option<Rc<background::Background>> {
        self.background.clone()
    }

    /// Format 3: the reader asks for the download for offline use (the connection saves data,
    /// or it failed before).
    pub fn save_for_offline(&self) {
        if let (Some(background), Source::Pieces(p)) = (&self.background, &self.source) {
            background.go(p.clone(), self.images.clone());
        }
    }

    /// Whether facet counts must wait (format 3: the facets piece is not here yet; the count,
    /// the timeline and the results do not need it). They show "Counting…" meanwhile.
    pub fn facets_counting(&self) -> bool {
        match &self.source {
            Source::Whole(_) => false,
            Source::Pieces(p) => p.with(|b| !b.has(FACETS)),
        }
    }

    /// Whether the bundle comes in pieces fetched as the pages need them (format 3).
    pub fn in_pieces(&self) -> bool {
        matches!(self.source, Source::Pieces(_))
    }

    /// Sets what is told when a piece arrives or fails (format 3; format 2 never calls it).
    pub fn on_change(&self, notify: Rc<dyn Fn()>) {
        if let Source::Pieces(p) = &self.source {
            p.on_change(notify);
        }
    }

    /// Changes when search results may change (format 3's term shards, positions or
    /// near-duplicates arrived, or a retry): a key for the views' memos.
    pub fn generation(&self) -> u32 {
        match &self.source {
            Source::Whole(_) => 0,
            Source::Pieces(p) => p.generation(),
        }
    }

    /// Why a piece could not be used, if one could not (format 3).
    pub fn failure(&self) -> Option<String> {
        match &self.source {
            Source::Whole(_) => None,
            Source::Pieces(p) => p.failure().map(|f| f.message),
        }
    }

    /// Whether the server now holds another bundle: the reader is offered to switch.
    pub fn redeployed(&self) -> bool {
        match &self.source {
            Source::Whole(_) => false,
            Source::Pieces(p) => p.redeployed(),
        }
    }

    /// Asks again for what failed.
    pub fn retry(&self) {
        if let Source::Pieces(p) = &self.source {
            p.retry();
        }
    }

    /// Searches. On format 3 the pieces the words need are fetched first (the views are told
    /// when they arrive); meanwhile the answer says what it is waiting for.
    pub fn search(&self, request: &SearchRequest) -> Found {
        match &self.source {
            Source::Whole(w) => Found {
                results: w.searcher.search(request),
                pending: Pending::Exact,
            },
            Source::Pieces(p) => {
                let first = p.with(|b| b.needs_first(request));
                if !first.is_empty() {
                    p.request(&first);
                    return Found {
                        results: SearchResults::default(),
                        pending: Pending::Searching,
                    };
                }
                let found = p.with(|b| b.search(request));
                // The rest (a typo's rarer spellings, a phrase's positions) is fetched now and
                // searched again on arrival.
                p.request(&found.missing);
                // The facet values follow the rows in view (see `prefetch_in_view`); with no
                // row to wait for, now.
                if found.facets_pending && found.results.hits.is_empty() {
                    p.request(&[FACETS]);
                }
                let pending = if found.missing.is_empty() {
                    Pending::Exact
                } else if found.phrases_unchecked {
                    Pending::Phrases
                } else {
                    Pending::Spellings
                };
                Found {
                    results: found.results,
                    pending,
                }
            }
        }
    }

    /// Runs `f` with the search engine as loaded so far (its per-article table of dates and
    /// facets is complete in both formats).
    pub fn with_searcher<R>(&self, f: impl FnOnce(&Searcher) -> R) -> R {
        match &self.source {
            Source::Whole(w) => f(&w.searcher),
            Source::Pieces(p) => p.with(|b| f(b.searcher())),
        }
    }

    /// Whether every term shard is here (format 2: always), which related articles need to
    /// weigh an article's words as format 2 does; [`Self::load_index`] fetches them.
    pub fn index_complete(&self) -> bool {
        match &self.source {
            Source::Whole(_) => true,
            Source::Pieces(p) => p.with(|b| {
                !b.remaining()
                    .iter()
                    .any(|piece| piece.kind == PieceKind::Terms)
            }),
        }
    }

    /// Fetches every term shard not here yet (format 3).
    pub fn load_index(&self) {
        if let Source::Pieces(p) = &self.source {
            let terms: Vec<PieceId> = p.with(|b| {
                b.remaining()
                    .into_iter()
                    .filter(|piece| piece.kind == PieceKind::Terms)
                    .collect()
            });
            p.request(&terms);
        }
    }

    /// Runs `f` on the article at `position`'s metadata, if it is here (format 3: once its card
    /// group has arrived; [`Self::prefetch`] asks for it).
    pub fn with_meta<R>(&self, position: usize, f: impl FnOnce(&ArticleMeta) -> R) -> Option<R> {
        match &self.source {
            Source::Whole(w) => w.entries.get(position).map(|e| f(&e.meta)),
            Source::Pieces(p) => p.with(|b| match b.meta(position as u32) {
                Lookup::Here(Some(meta)) => Some(f(meta)),
                _ => None,
            }),
        }
    }

    /// Whether what a result row shows in full is here: format 2, the body chunk its snippet
    /// is cut from; format 3, its text group (what snippets are cut from: its title may be
    /// here before, from its card group).
    pub fn has_body(&self, position: usize) -> bool {
        match &self.source {
            Source::Whole(w) => w.has_body(position),
            Source::Pieces(p) => {
                p.with(|b| matches!(b.text(position as u32), Lookup::Here(Some(_))))
            }
        }
    }

    /// Whether result rows need a fetch before they can show anything (format 3): the list then
    /// asks for them at once, not once scrolling rests.
    pub fn rows_on_demand(&self) -> bool {
        self.in_pieces()
    }

    /// The plain text snippets are cut from, if it is here.
    pub fn plain_text(&self, position: usize) -> Option<Rc<str>> {
        if let Some(text) = self.plain.borrow().get(&position) {
            return Some(text.clone());
        }
        let text: Rc<str> = match &self.source {
            Source::Whole(w) => w.plain_text(position)?.into(),
            // Not kept here: the bundle holds it while its group is among the recent ones, and
            // keeping every text ever shown would grow a long session by 8 KB a row.
            Source::Pieces(p) => {
                return p.with(|b| match b.text(position as u32) {
                    Lookup::Here(Some(text)) => Some(Rc::from(text)),
                    _ => None,
                })
            }
        };
        self.plain.borrow_mut().insert(position, text.clone());
        Some(text)
    }

    /// Starts fetching what the rows of these articles need (format 2: their body chunks, for
    /// snippets; format 3: their card groups, then their text groups); `on_loaded` runs after
    /// each arrival.
    pub fn prefetch(&self, positions: &[usize], on_loaded: impl Fn() + Clone + 'static) {
        match &self.source {
            Source::Whole(w) => w.prefetch(positions, on_loaded),
            Source::Pieces(p) => fetch_row_groups(p, positions, on_loaded),
        }
    }

    /// Format 3: fetches the row groups of `first` (the rows in view), then, once they are all
    /// here and if `still_wanted` says so, those of `rest` (the other rows rendered); format 2:
    /// [`Self::prefetch`] of both. `on_loaded` runs after each arrival.
    pub fn prefetch_in_view(
        &self,
        first: &[usize],
        rest: Vec<usize>,
        still_wanted: impl Fn() -> bool + 'static,
        on_loaded: impl Fn() + Clone + 'static,
    ) {
        let Source::Pieces(p) = &self.source else {
            let all: Vec<usize> = first.iter().copied().chain(rest).collect();
            return self.prefetch(&all, on_loaded);
        };
        self.prefetch(first, on_loaded.clone());
        let docs: Vec<u32> = first.iter().map(|&d| d as u32).collect();
        let wanted = p.with(|b| b.rows_needed(&docs));
        let p = p.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // Each is on its way already: this waits for those fetches, it starts none.
            for piece in wanted {
                if p.clone().ensure(piece).await.is_err() {
                    return;
                }
            }
            if !still_wanted() {
                return;
            }
            // The facet values (their counts say "Counting…" until then) come after the first
            // rows: a first visit waits for these, not for them.
            p.request(&[FACETS]);
            // Rows out of view that show their titles from their cards (after the background
            // download) wait for the reader to scroll to them: typing on would otherwise queue
            // a score of groups at every keystroke before the next one's rows in view.
            let rest: Vec<usize> = rest
                .into_iter()
                .filter(|&d| p.with(|b| !matches!(b.meta(d as u32), Lookup::Here(_))))
                .collect();
            fetch_row_groups(&p, &rest, on_loaded);
        });
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        match &self.source {
            Source::Whole(w) => w.entries.len(),
            Source::Pieces(p) => p.with(|b| b.len() as usize),
        }
    }

    /// Whether the bundle has no article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of the metadata of the article at `position`, if it is here (format 3: once its
    /// row group has arrived). For the few articles a view names; lists use [`Self::with_meta`].
    pub fn meta(&self, position: usize) -> Option<ArticleMeta> {
        self.with_meta(position, Clone::clone)
    }

    /// The metadata of the article at `position`, or a blank one (no id, no title) while its
    /// row is on its way (format 3): for the views that name an article whose row they have
    /// already waited for (the article page), or that show what is here.
    pub fn meta_or_blank(&self, position: usize) -> ArticleMeta {
        self.meta(position).unwrap_or_else(|| ArticleMeta {
            id: String::new(),
            title: String::new(),
            date: None,
            authors: Vec::new(),
            tags: Vec::new(),
            source: None,
            lang: String::new(),
            summary: String::new(),
            reading_minutes: 1,
            origin: String::new(),
        })
    }

    /// The position of the article with this id, if known without a fetch: always on format 2,
    /// on format 3 once its id shard has arrived ([`Self::find`] fetches it).
    pub fn position(&self, id: &str) -> Option<usize> {
        match &self.source {
            Source::Whole(w) => w.position(id),
            Source::Pieces(p) => p.with(|b| match b.find_id(id) {
                Lookup::Here(doc) => doc.map(|d| d as usize),
                Lookup::Needs(_) => None,
            }),
        }
    }

    /// The position of the article with this id when it is known without a fetch (format 2):
    /// `Some(None)` when there is no such article, `None` when a fetch is needed (format 3).
    pub fn position_now(&self, id: &str) -> Option<Option<usize>> {
        match &self.source {
            Source::Whole(w) => Some(w.position(id)),
            Source::Pieces(_) => None,
        }
    }

    /// The position of the article with this id (format 3: its id shard and row group are
    /// fetched first); `None` when the bundle has no such article.
    pub async fn find(self: Rc<Self>, id: &str) -> Result<Option<usize>, LoadError> {
        match &self.source {
            Source::Whole(w) => Ok(w.position(id)),
            Source::Pieces(p) => {
                let doc = loop {
                    match p.with(|b| b.find_id(id)) {
                        Lookup::Here(doc) => break doc,
                        Lookup::Needs(piece) => p.clone().ensure(piece).await?,
                    }
                };
                if let Some(doc) = doc {
                    // Its title and body's place (a card will do; the text is for snippets).
                    let row = p.with(|b| match b.meta(doc) {
                        Lookup::Needs(piece) => Some(piece),
                        Lookup::Here(_) => None,
                    });
                    if let Some(piece) = row {
                        p.clone().ensure(piece).await?;
                    }
                }
                Ok(doc.map(|d| d as usize))
            }
        }
    }

    /// The Markdown body of the article at `position`, fetching what it needs on first use.
    pub async fn body(self: Rc<Self>, position: usize) -> Result<String, LoadError> {
        match &self.source {
            Source::Whole(w) => w.clone().body(position).await,
            Source::Pieces(p) => loop {
                let body = p.with(|b| match b.body(position as u32) {
                    Lookup::Here(body) => Lookup::Here(body.map(str::to_owned)),
                    Lookup::Needs(piece) => Lookup::Needs(piece),
                });
                match body {
                    Lookup::Here(Some(body)) => return Ok(body),
                    Lookup::Here(None) => {
                        return Err(LoadError::Piece(format!(
                            "the body of article {position} is missing from the bundle"
                        )))
                    }
                    Lookup::Needs(piece) => p.clone().ensure(piece).await?,
                }
            },
        }
    }

    /// Fetches the groups of near-duplicates, if the bundle has them.
    pub async fn load_similar(&self) -> Result<(), LoadError> {
        let groups = match &self.source {
            Source::Whole(w) => w.load_similar().await?,
            Source::Pieces(p) => {
                p.clone()
                    .ensure(PieceId::new(PieceKind::Similar, 0))
                    .await?;
                p.with(|b| b.similar().cloned())
            }
        };
        if let Some(groups) = groups {
            let _ = self.similar.set(groups);
        }
        Ok(())
    }

    /// The groups of near-duplicates, once they have arrived.
    pub fn similar(&self) -> Option<&SimilarGroups> {
        self.similar.get()
    }

    /// Fetches the word positions, so that phrases match exactly (format 2; format 3 fetches a
    /// phrase's positions with its search).
    pub async fn load_positions(&self) -> Result<(), LoadError> {
        match &self.source {
            Source::Whole(w) => w.load_positions().await,
            Source::Pieces(_) => Ok(()),
        }
    }

    /// The bundled picture an article body points at (`assets/<hash>.<ext>`), with the URL it
    /// loads from: the bundle file named by its hash, or the page's own copy in a single file.
    pub fn picture(&self, path: &str) -> Option<BundledPicture> {
        let image = &self.images[*self.pictures.get(path)?];
        let url = crate::fetch::inline_data_url(&format!("{BUNDLE_DIR}{path}"))
            .unwrap_or_else(|| bundle_file_url(path, &image.file.hash));
        Some(BundledPicture {
            url,
            width: image.width,
            height: image.height,
        })
    }
}

/// Whether `bytes` are the file `entry` of the manifest describes: its size, and its SHA-256
/// where the browser offers Web Crypto (every secure context: HTTPS, localhost, `file://`).
pub async fn verify_file(entry: &FileEntry, bytes: &[u8]) -> Result<(), BundleError> {
    kiosque_core::bundle::check_size(entry, bytes.len())?;
    match crate::fetch::sha256(bytes).await {
        Some(sha256) => kiosque_core::bundle::check_digest(entry, &sha256),
        None => Ok(()),
    }
}

fn fetch_error(file: &str, error: FetchError) -> LoadError {
    let detail = match error {
        FetchError::NotFound => "the server says it does not exist (404)".to_owned(),
        FetchError::Status(status) => format!("the server answered with status {status}"),
        FetchError::Network(message) => format!("the network request failed: {message}"),
    };
    LoadError::Fetch {
        file: file.to_owned(),
        detail,
    }
}

/// Format 3: starts fetching the card and text groups the rows of these articles need (cards
/// first; each piece once,
/// whoever else waits on it); `on_loaded` runs after each arrival.
fn fetch_row_groups(p: &Rc<Pieces>, positions: &[usize], on_loaded: impl Fn() + Clone + 'static) {
    let docs: Vec<u32> = positions.iter().map(|&d| d as u32).collect();
    for piece in p.with(|b| b.rows_needed(&docs)) {
        let p = p.clone();
        let on_loaded = on_loaded.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if p.ensure(piece).await.is_ok() {
                on_loaded();
            }
        });
    }
}
