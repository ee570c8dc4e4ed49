//! Format 3 (docs/PARTIAL-LOADING.md): the manifest, the [`PartialBundle`] opened from the head,
//! and the pieces on their way. A piece is fetched once however many views want it (each waits
//! for the same fetch) and kept. A piece that fails stops every further fetch until the reader
//! asks for a retry, and a 404 or a piece of another bundle makes it read the manifest again: a
//! new bundle id means the site was redeployed, and the reader is offered to switch (pieces of
//! two bundles are never mixed: [`PartialBundle::add`] refuses them).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::task::{Poll, Waker};

use kiosque_core::bundle::v3::{ManifestV3, PartialBundle, PieceError, PieceId, PieceKind};
use kiosque_core::bundle::BundleError;

use super::piece_fetch::{fetch_piece, Expected};
use super::LoadError;

/// Why a piece could not be used.
#[derive(Debug, Clone, PartialEq)]
pub struct PieceFailure {
    /// What happened, naming the file.
    pub message: String,
    /// Whether it points at a redeployed site (a 404, a piece of another bundle): the manifest
    /// is then read again.
    pub gone: bool,
}

impl PieceFailure {
    /// A failure a retry may cure.
    pub fn other(message: String) -> Self {
        Self {
            message,
            gone: false,
        }
    }

    /// A piece the server no longer has, or one of another bundle.
    pub fn gone(message: String) -> Self {
        Self {
            message,
            gone: true,
        }
    }
}

/// A piece's stored file: its path relative to the manifest and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PieceEntry {
    /// Path relative to the manifest.
    pub path: String,
    /// Size in bytes, as stored.
    pub bytes: u64,
}

/// A format-3 bundle opened from its head, filled in piece by piece.
pub struct Pieces {
    /// The bundle's manifest.
    pub manifest: ManifestV3,
    bundle: RefCell<PartialBundle>,
    /// Pieces on their way, each with the tasks waiting for it.
    pending: RefCell<HashMap<PieceId, Vec<Waker>>>,
    /// Why the last piece that failed could not be used; nothing more is fetched until a retry.
    failed: RefCell<Option<PieceFailure>>,
    /// Whether the server now holds another bundle (its manifest names another id).
    redeployed: Cell<bool>,
    /// Bumped when a piece that changes search results arrives (term shards, positions,
    /// near-duplicates, facet values) or after a retry: searches are run again.
    generation: Cell<u32>,
    /// Told after every arrival or failure, so that the views render again.
    on_change: RefCell<Option<Rc<dyn Fn()>>>,
}

impl Pieces {
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
        let head = fetch_piece(Expected::Head(&manifest.head))
            .await
            .map_err(|failure| LoadError::Fetch {
                file: manifest.head.path.clone(),
                detail: failure.message,
            })?;
        let bundle =
            PartialBundle::open(&head).map_err(|e| corrupt(&manifest.head.path, e.to_string()))?;
        Ok(Self {
            manifest,
            bundle: RefCell::new(bundle),
            pending: RefCell::default(),
            failed: RefCell::default(),
            redeployed: Cell::new(false),
            generation: Cell::new(0),
            on_change: RefCell::default(),
        })
    }

    /// Runs `f` on the bundle as loaded so far. Never held across an `await`.
    pub fn with<R>(&self, f: impl FnOnce(&mut PartialBundle) -> R) -> R {
        f(&mut self.bundle.borrow_mut())
    }

    /// Sets what is told after every arrival or failure.
    pub fn on_change(&self, notify: Rc<dyn Fn()>) {
        self.on_change.replace(Some(notify));
    }

    fn changed(&self) {
        let notify = self.on_change.borrow().clone();
        if let Some(notify) = notify {
            notify();
        }
    }

    /// Bumped when search results may change (see the field).
    pub fn generation(&self) -> u32 {
        self.generation.get()
    }

    /// Why a piece could not be used, if one could not.
    pub fn failure(&self) -> Option<PieceFailure> {
        self.failed.borrow().clone()
    }

    /// Whether the server now holds another bundle.
    pub fn redeployed(&self) -> bool {
        self.redeployed.get()
    }

    /// Forgets the last failure, so that the pieces still wanted are asked for again.
    pub fn retry(&self) {
        if self.failed.replace(None).is_some() {
            self.generation.set(self.generation.get().wrapping_add(1));
            self.changed();
        }
    }

    /// Starts fetching those of `pieces` that are neither here nor on their way; the views are
    /// told as each arrives.
    pub fn request(self: &Rc<Self>, pieces: &[PieceId]) {
        for &piece in pieces {
            let me = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = me.ensure(piece).await;
            });
        }
    }

    /// Waits until `piece` is here, fetching it unless it is already on its way (then it waits
    /// for that fetch, however many views asked).
    pub async fn ensure(self: Rc<Self>, piece: PieceId) -> Result<(), PieceFailure> {
        loop {
            if self.with(|b| b.has(piece)) {
                return Ok(());
            }
            if let Some(failure) = self.failure() {
                return Err(failure);
            }
            // A text group is named by its card group (layout 3): that is fetched first, then
            // the loop comes back for the text group.
            let next = self.with(|b| b.named_by(piece)).unwrap_or(piece);
            if !self.pending.borrow().contains_key(&next) {
                self.pending.borrow_mut().insert(next, Vec::new());
                let me = self.clone();
                wasm_bindgen_futures::spawn_local(async move { me.fetch(next).await });
            }
            // Woken when that fetch ends, well or not; the loop then says which.
            std::future::poll_fn(|cx| match self.pending.borrow_mut().get_mut(&next) {
                Some(waiting) => {
                    waiting.push(cx.waker().clone());
                    Poll::Pending
                }
                None => Poll::Ready(()),
            })
            .await;
        }
    }

    /// Fetches `piece`, then wakes whoever waits for it and tells the views.
    async fn fetch(&self, piece: PieceId) {
        let result = self.load(piece).await;
        match result {
            Ok(()) => {
                if matches!(
                    piece.kind,
                    PieceKind::Terms
                        | PieceKind::Positions
                        | PieceKind::Similar
                        | PieceKind::Facets
                        | PieceKind::Typos
                ) {
                    self.generation.set(self.generation.get().wrapping_add(1));
                }
            }
            Err(failure) => {
                if failure.gone {
                    self.check_redeploy().await;
                }
                if self.failed.borrow().is_none() {
                    self.failed.replace(Some(failure));
                }
            }
        }
        let waiting = self.pending.borrow_mut().remove(&piece).unwrap_or_default();
        for waker in waiting {
            waker.wake();
        }
        self.changed();
    }

    /// Reads the manifest again after a sign of a redeploy; a new bundle id says so for good.
    async fn check_redeploy(&self) {
        let Ok(bytes) = super::fetch_manifest().await else {
            return;
        };
        if let Ok(manifest) = crate::manifest::read_v3(&bytes) {
            if manifest.bundle_id != self.manifest.bundle_id {
                self.redeployed.set(true);
            }
        }
    }

    /// Whether a piece is on its way (the background download waits for none before it starts).
    pub fn in_flight(&self) -> bool {
        !self.pending.borrow().is_empty()
    }

    /// The stored file of `piece` as the head names it: its path and size.
    pub fn entry(&self, piece: PieceId) -> Result<PieceEntry, PieceFailure> {
        self.with(|b| b.file(piece))
            .map(|file| PieceEntry {
                path: file.path,
                bytes: u64::from(file.file.bytes),
            })
            .ok_or_else(|| {
                PieceFailure::other(format!(
                    "the bundle's head names no {piece}; rebuild the bundle"
                ))
            })
    }

    /// Reads card group `piece` (titles, dates, bylines: see [`Card`]) for the background
    /// download, which does this for every group, so that once it is complete a result row
    /// shows its title without a fetch and only its snippet's text group is read back from the
    /// worker's cache; from then on the text groups kept in memory are bounded
    /// ([`FULL_GROUPS_KEPT`]). The views are not told: a row they show has its groups on their
    /// way already, whose arrival renders them again.
    ///
    /// [`Card`]: kiosque_core::bundle::v3::Card
    /// [`FULL_GROUPS_KEPT`]: kiosque_core::bundle::v3::FULL_GROUPS_KEPT
    pub async fn add_cards(&self, piece: PieceId) -> Result<(), PieceFailure> {
        self.with(|b| b.keep_texts(kiosque_core::bundle::v3::FULL_GROUPS_KEPT));
        self.load(piece).await
    }

    /// Reads what card group `piece` names (its text group and body chunks: layout 3) without
    /// keeping its cards, for the background download of a bundle too large to keep every
    /// card in memory: it then knows every piece to keep. The fetch goes through the service
    /// worker, which keeps the group as any other piece.
    pub async fn add_names(&self, piece: PieceId) -> Result<(), PieceFailure> {
        let file = self.file(piece)?;
        let bytes = fetch_piece(Expected::Piece(&file)).await?;
        self.with(|b| b.add_names(piece, &bytes))
            .map_err(|e| self.refused(&file.path, e))
    }

    /// The file of `piece` as the bundle names it.
    fn file(&self, piece: PieceId) -> Result<kiosque_core::bundle::v3::PieceRef, PieceFailure> {
        self.with(|b| b.file(piece)).ok_or_else(|| {
            PieceFailure::other(format!(
                "the bundle's head names no {piece}; rebuild the bundle"
            ))
        })
    }

    /// Why an added piece was refused: a piece of another bundle points at a redeploy.
    fn refused(&self, path: &str, e: PieceError) -> PieceFailure {
        let message = format!("{path} cannot be used: {e}");
        match e {
            PieceError::OtherBundle { .. } => PieceFailure::gone(message),
            _ => PieceFailure::other(message),
        }
    }

    /// Fetches, checks, inflates and adds one piece.
    async fn load(&self, piece: PieceId) -> Result<(), PieceFailure> {
        let file = self.file(piece)?;
        let bytes = fetch_piece(Expected::Piece(&file)).await?;
        self.with(|b| b.add(piece, &bytes))
            .map_err(|e| self.refused(&file.path, e))
    }
}
