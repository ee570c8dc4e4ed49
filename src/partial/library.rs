//! A format-3 bundle in the browser: its manifest, the [`PartialBundle`] opened from the head,
//! and the pieces on their way. Pieces are fetched in parallel, once each, and kept.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use kiosque_core::bundle::v3::{ManifestV3, PartialBundle, PieceId};
use kiosque_core::bundle::BundleError;
use yew::Callback;

use super::fetch::fetch_piece;
use crate::library::LoadError;

/// A format-3 bundle opened from its head, filled in piece by piece.
pub struct PartialLibrary {
    /// The bundle's manifest.
    pub manifest: ManifestV3,
    bundle: RefCell<PartialBundle>,
    /// Positions in `manifest.pieces` by path.
    files: HashMap<String, usize>,
    /// Pieces requested and not arrived yet: a piece is fetched once however often it is wanted.
    pending: RefCell<HashSet<PieceId>>,
    /// Why the last piece that failed could not be used; nothing more is fetched until a retry.
    failed: RefCell<Option<String>>,
    /// Stored bytes received so far, the head included.
    received: Cell<u64>,
}

impl PartialEq for PartialLibrary {
    /// The same bundle: its id says so (components compare props at every render).
    fn eq(&self, other: &Self) -> bool {
        self.manifest.bundle_id == other.manifest.bundle_id
    }
}

impl PartialLibrary {
    /// Reads the manifest (its bytes) and fetches, checks and opens the head.
    pub async fn open(manifest_bytes: &[u8]) -> Result<Self, LoadError> {
        let corrupt = |file: &str, detail: String| {
            LoadError::Bundle(BundleError::Corrupt {
                file: file.to_owned(),
                detail,
            })
        };
        let manifest =
            crate::manifest::read_v3(manifest_bytes).map_err(|e| corrupt("manifest.json", e))?;
        let head = fetch_piece(&manifest.head)
            .await
            .map_err(|detail| LoadError::Fetch {
                file: manifest.head.path.clone(),
                detail,
            })?;
        let bundle =
            PartialBundle::open(&head).map_err(|e| corrupt(&manifest.head.path, e.to_string()))?;
        let files = manifest
            .pieces
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.clone(), i))
            .collect();
        Ok(Self {
            received: Cell::new(manifest.head.bytes),
            manifest,
            bundle: RefCell::new(bundle),
            files,
            pending: RefCell::default(),
            failed: RefCell::default(),
        })
    }

    /// Runs `f` on the bundle as loaded so far. Never held across an `await`.
    pub fn with<R>(&self, f: impl FnOnce(&mut PartialBundle) -> R) -> R {
        f(&mut self.bundle.borrow_mut())
    }

    /// Why a piece could not be used, if one could not.
    pub fn failure(&self) -> Option<String> {
        self.failed.borrow().clone()
    }

    /// Forgets the last failure, so that the pieces still wanted are asked for again.
    pub fn retry(&self) {
        self.failed.replace(None);
    }

    /// Whether pieces are on their way.
    pub fn busy(&self) -> bool {
        !self.pending.borrow().is_empty()
    }

    /// Starts fetching those of `pieces` that are neither here nor on their way, all at once;
    /// `on_arrival` runs after each one is added (or has failed).
    pub fn request(self: &Rc<Self>, pieces: &[PieceId], on_arrival: &Callback<()>) {
        if self.failed.borrow().is_some() {
            return;
        }
        for &piece in pieces {
            if !self.pending.borrow_mut().insert(piece) {
                continue;
            }
            let library = self.clone();
            let on_arrival = on_arrival.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = library.load(piece).await;
                library.pending.borrow_mut().remove(&piece);
                if let Err(error) = result {
                    library.failed.replace(Some(error));
                }
                on_arrival.emit(());
            });
        }
    }

    /// Fetches, checks, inflates and adds one piece.
    async fn load(&self, piece: PieceId) -> Result<(), String> {
        let path = self
            .with(|b| b.path(piece).map(str::to_owned))
            .ok_or_else(|| format!("the bundle's head names no {piece}; rebuild the bundle"))?;
        let entry = self
            .files
            .get(&path)
            .map(|&i| self.manifest.pieces[i].clone())
            .ok_or_else(|| {
                format!(
                    "manifest.json does not list {path}, which the head names; rebuild the bundle"
                )
            })?;
        let bytes = fetch_piece(&entry).await?;
        self.received.set(self.received.get() + entry.bytes);
        self.with(|b| b.add(piece, &bytes))
            .map_err(|e| format!("{path} cannot be used: {e}"))
    }
}
