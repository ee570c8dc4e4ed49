//! Format 2: the manifest, catalog and index in memory, article bodies fetched when first
//! opened.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::rc::Rc;
use std::task::Poll;

use kiosque_core::bundle::{self, BodyChunk, BundleError, CatalogEntry, FileEntry, Manifest};
use kiosque_core::search::Searcher;
use kiosque_core::similar::SimilarGroups;

use super::{bundle_file_url, fetch_error, verify_file, LoadError, Progress};
use crate::fetch::fetch_bytes;

/// Least time between two progress reports while the catalog and index download.
const PROGRESS_INTERVAL_MS: f64 = 50.0;

/// A format-2 bundle: catalog and index in memory, bodies fetched when first opened.
pub struct Whole {
    /// The bundle's manifest.
    pub manifest: Manifest,
    /// Catalog entries in bundle order (oldest first, undated before them).
    pub entries: Vec<CatalogEntry>,
    /// The search index joined with the catalog.
    pub searcher: Searcher,
    by_id: HashMap<String, usize>,
    chunks: RefCell<HashMap<u32, Rc<BodyChunk>>>,
    /// Chunks being fetched, so that a chunk is requested once however many rows want it.
    pending: RefCell<HashSet<u32>>,
}

impl Whole {
    /// Position of the article with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Reads the manifest (its bytes, from [`Self::fetch_manifest`]), then fetches the catalog and
    /// the search index, reporting bytes as they arrive.
    pub async fn load(
        manifest_bytes: &[u8],
        mut on_progress: impl FnMut(Progress),
    ) -> Result<Whole, LoadError> {
        let manifest = crate::manifest::read(manifest_bytes).map_err(LoadError::Bundle)?;
        let total = manifest.catalog.bytes + manifest.index.bytes;
        on_progress(Progress {
            received: 0,
            total: Some(total),
        });
        // Both files download at once: the catalog is decoded while the index still arrives.
        let received = std::cell::Cell::new((0u64, 0u64));
        let on_progress = RefCell::new(on_progress);
        // Every few frames at most: each report renders, and the main thread that would render
        // is the one reading the downloads.
        let last_report = std::cell::Cell::new(f64::NEG_INFINITY);
        let report = || {
            let (catalog, index) = received.get();
            let now = js_sys::Date::now();
            if now - last_report.get() < PROGRESS_INTERVAL_MS && catalog + index < total {
                return;
            }
            last_report.set(now);
            (on_progress.borrow_mut())(Progress {
                received: catalog + index,
                total: Some(total),
            });
        };
        let catalog_future = async {
            let bytes = fetch_file(&manifest.catalog, |n| {
                received.set((n, received.get().1));
                report();
            })
            .await?;
            // What needs only the catalog is done while the index still arrives.
            let catalog =
                bundle::CatalogPart::read(&manifest, &bytes).map_err(LoadError::Bundle)?;
            let by_id: HashMap<String, usize> = catalog
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.meta.id.clone(), i))
                .collect();
            Ok::<_, LoadError>((catalog, by_id))
        };
        let index_future = fetch_file(&manifest.index, |n| {
            received.set((received.get().0, n));
            report();
        });
        let (catalog, index_bytes) = join(catalog_future, index_future).await;
        let ((catalog, by_id), index_bytes) = (catalog?, index_bytes?);
        // The core's checks, as on the command line: catalog, index and manifest must agree.
        // Positions come later (`load_positions`): the first results need none.
        let opened = catalog
            .with_index(&manifest, index_bytes)
            .map_err(LoadError::Bundle)?;
        Ok(Whole {
            manifest,
            entries: opened.entries,
            searcher: opened.searcher,
            by_id,
            chunks: RefCell::default(),
            pending: RefCell::default(),
        })
    }

    /// Fetches `similar.bin`, the groups of near-duplicates, if the bundle has one.
    pub async fn load_similar(&self) -> Result<Option<SimilarGroups>, LoadError> {
        let Some(entry) = &self.manifest.similar else {
            return Ok(None);
        };
        let bytes = fetch_file(entry, |_| {}).await?;
        bundle::read_similar(entry, &bytes, self.entries.len())
            .map(Some)
            .map_err(LoadError::Bundle)
    }

    /// Fetches `positions.bin` and hands it to the index, so that phrases match exactly.
    pub async fn load_positions(&self) -> Result<(), LoadError> {
        let entry = &self.manifest.positions;
        let bytes = fetch_file(entry, |_| {}).await?;
        let positions = bundle::read_positions(entry, &bytes).map_err(LoadError::Bundle)?;
        self.searcher.index().set_positions(positions);
        Ok(())
    }

    /// The plain text of an article's body if its chunk is already here (for snippets).
    pub fn plain_text(&self, position: usize) -> Option<String> {
        let body_ref = self.entries.get(position)?.body;
        let chunk = self.chunks.borrow().get(&body_ref.chunk).cloned()?;
        let body = chunk.bodies.get(body_ref.index as usize)?;
        Some(kiosque_core::markdown::stored::plain_text(body).to_owned())
    }

    /// Whether the body chunk of the article at `position` is here.
    pub fn has_body(&self, position: usize) -> bool {
        self.entries
            .get(position)
            .is_some_and(|e| self.chunks.borrow().contains_key(&e.body.chunk))
    }

    /// Starts fetching the body chunks of these articles that are neither here nor on their way;
    /// `on_loaded` runs after each chunk arrives. Failures are left for the article view to report.
    pub fn prefetch(self: &Rc<Self>, positions: &[usize], on_loaded: impl Fn() + Clone + 'static) {
        let mut wanted: Vec<u32> = positions
            .iter()
            .filter_map(|&p| self.entries.get(p).map(|e| e.body.chunk))
            .filter(|c| !self.chunks.borrow().contains_key(c) && !self.pending.borrow().contains(c))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        for chunk in wanted {
            self.pending.borrow_mut().insert(chunk);
            let library = self.clone();
            let on_loaded = on_loaded.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = library.clone().chunk(chunk).await.is_ok();
                library.pending.borrow_mut().remove(&chunk);
                if loaded {
                    on_loaded();
                }
            });
        }
    }

    /// A body chunk, fetched on first use.
    async fn chunk(self: Rc<Self>, number: u32) -> Result<Rc<BodyChunk>, LoadError> {
        let cached = self.chunks.borrow().get(&number).cloned();
        if let Some(chunk) = cached {
            return Ok(chunk);
        }
        let entry = self.manifest.bodies.get(number as usize).ok_or_else(|| {
            LoadError::Bundle(BundleError::Corrupt {
                file: "catalog.bin".into(),
                detail: format!("it points at body file {number} which the manifest lacks"),
            })
        })?;
        let bytes = fetch_file(entry, |_| {}).await?;
        let chunk = Rc::new(bundle::read_body_chunk(entry, &bytes).map_err(LoadError::Bundle)?);
        self.chunks.borrow_mut().insert(number, chunk.clone());
        Ok(chunk)
    }

    /// The Markdown body of the article at `position`, fetching its chunk on first use.
    pub async fn body(self: Rc<Self>, position: usize) -> Result<String, LoadError> {
        let body_ref = self.entries[position].body;
        let chunk = self.clone().chunk(body_ref.chunk).await?;
        chunk
            .bodies
            .get(body_ref.index as usize)
            .cloned()
            .ok_or_else(|| {
                LoadError::Bundle(BundleError::Corrupt {
                    file: self.manifest.bodies[body_ref.chunk as usize].path.clone(),
                    detail: "an article's body is missing from it".into(),
                })
            })
    }
}

/// Runs two futures side by side and returns both results (what `futures::join!` does, without
/// its weight in the app's download).
async fn join<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let (mut a, mut b) = (std::pin::pin!(a), std::pin::pin!(b));
    let (mut done_a, mut done_b) = (None, None);
    std::future::poll_fn(move |cx| {
        if done_a.is_none() {
            if let Poll::Ready(value) = a.as_mut().poll(cx) {
                done_a = Some(value);
            }
        }
        if done_b.is_none() {
            if let Poll::Ready(value) = b.as_mut().poll(cx) {
                done_b = Some(value);
            }
        }
        match (done_a.take(), done_b.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (a, b) => {
                (done_a, done_b) = (a, b);
                Poll::Pending
            }
        }
    })
    .await
}

/// Fetches a bundle file; its content hash in the query makes every version a distinct URL for
/// caches. The bytes are checked against the manifest's size and hash before they are returned,
/// so nothing decodes a file changed after the bundle was written.
async fn fetch_file(
    entry: &FileEntry,
    mut on_progress: impl FnMut(u64),
) -> Result<Vec<u8>, LoadError> {
    let url = bundle_file_url(&entry.path, &entry.hash);
    let bytes = fetch_bytes(&url, entry.bytes, &mut on_progress)
        .await
        .map_err(|e| fetch_error(&entry.path, e))?;
    verify_file(entry, &bytes)
        .await
        .map_err(LoadError::Bundle)?;
    Ok(bytes)
}
