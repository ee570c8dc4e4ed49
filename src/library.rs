//! The loaded bundle: manifest and catalog in memory, article bodies fetched when first opened.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::rc::Rc;
use std::task::Poll;

use kiosque_core::bundle::{self, BodyChunk, BundleError, CatalogEntry, FileEntry, Manifest};
use kiosque_core::markdown::pictures::BundledPicture;
use kiosque_core::search::Searcher;
use kiosque_core::similar::SimilarGroups;

use crate::fetch::{fetch_bytes, FetchError};

/// Least time between two progress reports while the catalog and index download.
const PROGRESS_INTERVAL_MS: f64 = 50.0;

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

/// The articles of one bundle.
pub struct Library {
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
    /// Plain text of bodies already used for snippets.
    plain: RefCell<HashMap<usize, Rc<str>>>,
    /// Bundled pictures by their path in the bundle, as positions in `manifest.images`.
    pictures: HashMap<String, usize>,
    /// The groups of near-duplicates, once `similar.bin` has arrived (see `load_similar`).
    similar: std::cell::OnceCell<SimilarGroups>,
}

impl PartialEq for Library {
    /// Two libraries are the same when they come from the same catalog and index (their hashes
    /// say so); components compare their props at every render, so this stays cheap.
    fn eq(&self, other: &Self) -> bool {
        self.manifest.catalog == other.manifest.catalog
            && self.manifest.index == other.manifest.index
    }
}

// With `Eq`, comparing two `Rc<Library>` is a pointer comparison when they are the same one.
impl Eq for Library {}

/// How far loading has got.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    /// Bytes of the catalog and index received so far.
    pub received: u64,
    /// Their size announced by the manifest, once known.
    pub total: Option<u64>,
}

/// Why the bundle could not be shown.
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
}

impl Library {
    /// Position of the article with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

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

    /// Reads the manifest (its bytes, from [`Self::fetch_manifest`]), then fetches the catalog and
    /// the search index, reporting bytes as they arrive.
    pub async fn load(
        manifest_bytes: &[u8],
        mut on_progress: impl FnMut(Progress),
    ) -> Result<Library, LoadError> {
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
        let pictures = manifest
            .images
            .iter()
            .enumerate()
            .map(|(i, image)| (image.file.path.clone(), i))
            .collect();
        Ok(Library {
            pictures,
            manifest,
            entries: opened.entries,
            searcher: opened.searcher,
            by_id,
            chunks: RefCell::default(),
            pending: RefCell::default(),
            plain: RefCell::default(),
            similar: Default::default(),
        })
    }

    /// Fetches `similar.bin`, the groups of near-duplicates, if the bundle has one.
    pub async fn load_similar(&self) -> Result<(), LoadError> {
        let Some(entry) = &self.manifest.similar else {
            return Ok(());
        };
        let bytes = fetch_file(entry, |_| {}).await?;
        let groups =
            bundle::read_similar(entry, &bytes, self.entries.len()).map_err(LoadError::Bundle)?;
        let _ = self.similar.set(groups);
        Ok(())
    }

    /// The groups of near-duplicates, once they have arrived.
    pub fn similar(&self) -> Option<&SimilarGroups> {
        self.similar.get()
    }

    /// Fetches `positions.bin` and hands it to the index, so that phrases match exactly.
    pub async fn load_positions(&self) -> Result<(), LoadError> {
        let entry = &self.manifest.positions;
        let bytes = fetch_file(entry, |_| {}).await?;
        let positions = bundle::read_positions(entry, &bytes).map_err(LoadError::Bundle)?;
        self.searcher.index().set_positions(positions);
        Ok(())
    }

    /// The bundled picture an article body points at (`assets/<hash>.<ext>`), with the URL it
    /// loads from: the bundle file named by its hash, or the page's own copy in a single file.
    pub fn picture(&self, path: &str) -> Option<BundledPicture> {
        let image = &self.manifest.images[*self.pictures.get(path)?];
        let url = crate::fetch::inline_data_url(&format!("{BUNDLE_DIR}{path}"))
            .unwrap_or_else(|| bundle_file_url(path, &image.file.hash));
        Some(BundledPicture {
            url,
            width: image.width,
            height: image.height,
        })
    }

    /// The plain text of an article's body if its chunk is already here (for snippets).
    pub fn plain_text(&self, position: usize) -> Option<Rc<str>> {
        if let Some(text) = self.plain.borrow().get(&position) {
            return Some(text.clone());
        }
        let body_ref = self.entries.get(position)?.body;
        let chunk = self.chunks.borrow().get(&body_ref.chunk).cloned()?;
        let body = chunk.bodies.get(body_ref.index as usize)?;
        let text: Rc<str> = kiosque_core::markdown::stored::plain_text(body).into();
        self.plain.borrow_mut().insert(position, text.clone());
        Some(text)
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

/// Whether `bytes` are the file `entry` of the manifest describes: its size, and its SHA-256
/// where the browser offers Web Crypto (every secure context: HTTPS, localhost, `file://`).
pub async fn verify_file(entry: &FileEntry, bytes: &[u8]) -> Result<(), BundleError> {
    bundle::check_size(entry, bytes.len())?;
    match crate::fetch::sha256(bytes).await {
        Some(sha256) => bundle::check_digest(entry, &sha256),
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
