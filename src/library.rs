//! The loaded bundle: manifest and catalog in memory, article bodies fetched when first opened.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use kiosque_core::bundle::{self, BodyChunk, BundleError, CatalogEntry, FileEntry, Manifest};

use crate::fetch::{fetch_bytes, FetchError};

/// Where the bundle lives, relative to the page, so the site works under any path.
pub const BUNDLE_DIR: &str = "bundle/";

/// The articles of one bundle.
pub struct Library {
    /// The bundle's manifest.
    pub manifest: Manifest,
    /// Catalog entries in bundle order (oldest first, undated before them).
    pub entries: Vec<CatalogEntry>,
    by_id: HashMap<String, usize>,
    chunks: RefCell<HashMap<u32, Rc<BodyChunk>>>,
}

impl PartialEq for Library {
    /// Two libraries are the same when they come from the same manifest.
    fn eq(&self, other: &Self) -> bool {
        self.manifest == other.manifest
    }
}

/// How far loading has got.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    /// Bytes of the catalog received so far.
    pub received: u64,
    /// Catalog size announced by the manifest, once known.
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

    /// Fetches the manifest, then the catalog, reporting catalog bytes as they arrive.
    pub async fn load(mut on_progress: impl FnMut(Progress)) -> Result<Library, LoadError> {
        let manifest_url = format!("{BUNDLE_DIR}manifest.json");
        // The manifest is always revalidated: it is what tells every other file's version.
        let manifest_bytes =
            fetch_bytes(&format!("{manifest_url}?t={}", js_sys::Date::now()), |_| {})
                .await
                .map_err(|e| match e {
                    FetchError::NotFound => LoadError::Missing,
                    other => fetch_error("manifest.json", other),
                })?;
        let manifest = bundle::read_manifest(&manifest_bytes).map_err(LoadError::Bundle)?;
        let total = manifest.catalog.bytes;
        on_progress(Progress {
            received: 0,
            total: Some(total),
        });
        let catalog_bytes = fetch_file(&manifest.catalog, |received| {
            on_progress(Progress {
                received,
                total: Some(total),
            })
        })
        .await?;
        let catalog =
            bundle::read_catalog(&manifest.catalog, &catalog_bytes).map_err(LoadError::Bundle)?;
        let by_id = catalog
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.meta.id.clone(), i))
            .collect();
        Ok(Library {
            manifest,
            entries: catalog.entries,
            by_id,
            chunks: RefCell::default(),
        })
    }

    /// The Markdown body of the article at `position`, fetching its chunk on first use.
    pub async fn body(self: Rc<Self>, position: usize) -> Result<String, LoadError> {
        let body_ref = self.entries[position].body;
        let cached = self.chunks.borrow().get(&body_ref.chunk).cloned();
        let chunk = match cached {
            Some(chunk) => chunk,
            None => {
                let entry = self
                    .manifest
                    .bodies
                    .get(body_ref.chunk as usize)
                    .ok_or_else(|| {
                        LoadError::Bundle(BundleError::Corrupt {
                            file: "catalog.bin".into(),
                            detail: format!(
                                "it points at body file {} which the manifest lacks",
                                body_ref.chunk
                            ),
                        })
                    })?;
                let bytes = fetch_file(entry, |_| {}).await?;
                let chunk =
                    Rc::new(bundle::read_body_chunk(entry, &bytes).map_err(LoadError::Bundle)?);
                self.chunks
                    .borrow_mut()
                    .insert(body_ref.chunk, chunk.clone());
                chunk
            }
        };
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

/// Fetches a bundle file; its content hash in the query makes every version a distinct URL for caches.
async fn fetch_file(entry: &FileEntry, on_progress: impl FnMut(u64)) -> Result<Vec<u8>, LoadError> {
    let url = format!("{BUNDLE_DIR}{}?v={}", entry.path, entry.hash);
    fetch_bytes(&url, on_progress)
        .await
        .map_err(|e| fetch_error(&entry.path, e))
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
