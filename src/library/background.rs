//! The background download of a format-3 bundle (docs/PARTIAL-LOADING.md, "Loading order and
//! offline"): once the first results are on screen and the page is idle, every piece the service
//! worker does not keep yet is fetched, in the order [`PartialBundle::remaining`] gives (term
//! shards, card groups, text groups, positions, id shards, near-duplicates, bodies), then the
//! pictures; at most
//! two requests at once, paused while the reader types, not started when the connection asks to
//! save data (the offline panel then offers it).
//!
//! The fetches go through the service worker, which keeps every piece it sees (`static/sw.js`):
//! the download and the offline copy are the same bytes. What searching needs (term shards,
//! positions, id shards, near-duplicates) is also added to the [`PartialBundle`], so that searches
//! become exact (rarer spellings, phrases) without a fetch; card groups too (title, date,
//! byline, summary: what a result row shows before its snippet), so that typing after the
//! download never waits for a row's title; text groups and bodies are only fetched for the
//! worker's cache and dropped at once (texts and bodies whole would be hundreds
//! of MB in memory at 100,000 articles). The page talks to the worker through `window.kiosqueOffline`
//! (`static/sw-register.js`). Without a worker (the single file, a browser without them) there
//! is no offline copy to make: only what searching needs is fetched.
//!
//! [`PartialBundle`]: kiosque_core::bundle::v3::PartialBundle
//! [`PartialBundle::remaining`]: kiosque_core::bundle::v3::PartialBundle::remaining

use std::cell::{Cell, RefCell};
use std::collections::{HashSet, VecDeque};
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::Duration;

use gloo::events::{EventListener, EventListenerOptions};
use kiosque_core::bundle::v3::{PieceId, PieceKind};
use kiosque_core::bundle::ImageEntry;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::pieces::Pieces;
use super::{bundle_file_url, BUNDLE_DIR};
use crate::fetch::describe;

/// How long the reader must not have typed, and no piece been on its way, before the download
/// starts or goes on: the reader's own searches come first.
const IDLE: Duration = Duration::from_millis(1000);
/// Requests at once: enough to use the line, few enough to leave room for a search's pieces.
const AT_ONCE: usize = 2;
/// Up to this many articles every row's card is kept in memory after the download (about 54 MB
/// at 100,000 articles, within the 250 MB the reader may take then); above it rows are read back
/// from the worker's cache as they are shown.
const CARDS_UP_TO: u32 = 250_000;

#[wasm_bindgen]
extern "C" {
    /// `window.kiosqueOffline`, from `static/sw-register.js`.
    type Helpers;

    /// Resolves once a service worker controls the page.
    #[wasm_bindgen(method)]
    fn controlled(this: &Helpers) -> js_sys::Promise;

    /// Whether a service worker controls the page now.
    #[wasm_bindgen(method)]
    fn controlling(this: &Helpers) -> bool;

    /// Resolves to the paths (from the site's root) of the bundle files the worker keeps.
    #[wasm_bindgen(method)]
    fn kept(this: &Helpers) -> js_sys::Promise;

    /// Fetches `url` through the worker, which keeps it; resolves to its size in bytes.
    #[wasm_bindgen(method)]
    fn keep(this: &Helpers, url: &str) -> js_sys::Promise;

    /// Whether the connection asks to save data (`navigator.connection.saveData`).
    #[wasm_bindgen(method, js_name = saveData)]
    fn save_data(this: &Helpers) -> bool;
}

/// `window.kiosqueOffline`, where a service worker may keep the site (http(s) pages).
fn helpers() -> Option<Helpers> {
    let helpers = js_sys::Reflect::get(&js_sys::global(), &"kiosqueOffline".into()).ok()?;
    (!helpers.is_undefined() && !helpers.is_null()).then(|| helpers.unchecked_into())
}

/// Where the background download is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Not started: waiting for the first results, an idle moment and the service worker.
    Waiting,
    /// The connection asks to save data: nothing is downloaded until the reader asks.
    Offered,
    /// Downloading: `done` of `total` bytes are kept.
    Saving {
        /// Bytes kept so far (what the worker already had included).
        done: u64,
        /// Bytes of the whole bundle.
        total: u64,
    },
    /// Everything is kept; `downloaded` says whether this visit had anything to fetch (when it
    /// had not, nothing is shown).
    Complete {
        /// Whether anything was fetched during this visit.
        downloaded: bool,
    },
    /// Stopped by a failure (the reader may start again).
    Failed(String),
}

/// One fetch of the download.
enum Job {
    /// A piece searching needs: fetched, checked and added to the bundle.
    Add(PieceId, u64),
    /// A card group: fetched (the worker keeps it), checked, and added to the bundle.
    Cards(PieceId, u64),
    /// A card group read only for the pieces it names (too many cards to keep in memory).
    Names(PieceId, u64),
    /// A file kept for offline use only: its URL and size.
    Keep(String, u64),
}

impl Job {
    /// Whether it fetches bytes the worker does not keep yet.
    fn fetches(&self) -> bool {
        match self {
            Job::Add(_, bytes) | Job::Cards(_, bytes) | Job::Names(_, bytes) => *bytes > 0,
            Job::Keep(..) => true,
        }
    }
}

/// The background download of one format-3 bundle.
pub struct Background {
    status: RefCell<Status>,
    on_change: RefCell<Option<Rc<dyn Fn()>>>,
    /// When the reader last pressed a key (`performance.now()` ms; -inf before).
    last_key: Rc<Cell<f64>>,
    /// The reader's go after [`Status::Offered`] or [`Status::Failed`].
    go: Cell<bool>,
    waiting_for_go: RefCell<Option<Waker>>,
    /// Whether a run is under way (a second go does not start another).
    running: Cell<bool>,
    _keys: EventListener,
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

impl Background {
    /// Creates the download and listens to the reader's keys (to pause while they type).
    pub fn new() -> Rc<Self> {
        let last_key = Rc::new(Cell::new(f64::NEG_INFINITY));
        let keys = {
            let last_key = last_key.clone();
            let window = web_sys::window().expect("a window");
            EventListener::new_with_options(
                &window,
                "keydown",
                EventListenerOptions::run_in_capture_phase(),
                move |_| last_key.set(now()),
            )
        };
        Rc::new(Self {
            status: RefCell::new(Status::Waiting),
            on_change: RefCell::default(),
            last_key,
            go: Cell::new(false),
            waiting_for_go: RefCell::default(),
            running: Cell::new(false),
            _keys: keys,
        })
    }

    /// Where the download is.
    pub fn status(&self) -> Status {
        self.status.borrow().clone()
    }

    /// Sets what is told each time the status changes (the offline panel).
    pub fn on_change(&self, notify: Rc<dyn Fn()>) {
        self.on_change.replace(Some(notify));
    }

    fn set(&self, status: Status) {
        if *self.status.borrow() == status {
            return;
        }
        self.status.replace(status);
        let notify = self.on_change.borrow().clone();
        if let Some(notify) = notify {
            notify();
        }
    }

    /// The reader asks for the download (after [`Status::Offered`], or again after a failure).
    pub fn go(self: &Rc<Self>, pieces: Rc<Pieces>, images: Vec<ImageEntry>) {
        if matches!(*self.status.borrow(), Status::Failed(_)) {
            self.set(Status::Waiting);
        }
        self.go.set(true);
        if let Some(waker) = self.waiting_for_go.take() {
            waker.wake();
        }
        if !self.running.get() {
            self.start(pieces, images);
        }
    }

    /// Starts the download: it waits for an idle moment (and the service worker) first.
    pub fn start(self: &Rc<Self>, pieces: Rc<Pieces>, images: Vec<ImageEntry>) {
        if self.running.replace(true) {
            return;
        }
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = me.run(&pieces, &images).await;
            me.running.set(false);
            match outcome {
                Ok(downloaded) => me.set(Status::Complete { downloaded }),
                Err(why) => me.set(Status::Failed(why)),
            }
        });
    }

    /// Waits until no key was pressed for [`IDLE`] (and, with `pieces`, no piece is on its way).
    async fn idle(&self, pieces: Option<&Pieces>) {
        loop {
            let quiet = now() - self.last_key.get();
            let busy = pieces.is_some_and(Pieces::in_flight);
            let idle_ms = IDLE.as_millis() as f64;
            if quiet >= idle_ms && !busy {
                return;
            }
            let wait = if quiet >= idle_ms {
                idle_ms
            } else {
                idle_ms - quiet
            };
            yew::platform::time::sleep(Duration::from_millis(wait.ceil() as u64)).await;
        }
    }

    async fn wait_for_go(&self) {
        std::future::poll_fn(|cx| {
            if self.go.get() {
                Poll::Ready(())
            } else {
                self.waiting_for_go.replace(Some(cx.waker().clone()));
                Poll::Pending
            }
        })
        .await;
    }

    /// The whole download; `Ok(true)` when something was fetched.
    async fn run(&self, pieces: &Rc<Pieces>, images: &[ImageEntry]) -> Result<bool, String> {
        // After the first results: nothing on its way and the reader not typing.
        self.idle(Some(pieces)).await;
        let helpers = helpers();
        let save_data = helpers.as_ref().is_some_and(Helpers::save_data);
        if let Some(helpers) = &helpers {
            // Without a worker yet nothing is kept (a first visit): offered at once.
            if save_data && !self.go.get() && !helpers.controlling() {
                self.set(Status::Offered);
                self.wait_for_go().await;
            }
            // Fetched before a worker controls the page, the pieces would not be kept.
            JsFuture::from(helpers.controlled())
                .await
                .map_err(|e| describe(&e))?;
        }
        let kept: HashSet<String> = match &helpers {
            Some(helpers) => JsFuture::from(helpers.kept())
                .await
                .map_err(|e| describe(&e))?
                .dyn_into::<js_sys::Array>()
                .map(|paths| paths.iter().filter_map(|p| p.as_string()).collect())
                .unwrap_or_default(),
            None => HashSet::new(),
        };
        let with_worker = helpers.is_some();
        // The whole bundle's bytes, from the manifest: the text groups and body chunks are
        // named by their card groups (layout 3), so they are known only once those are read.
        let images_bytes: u64 = images.iter().map(|i| i.file.bytes).sum();
        let manifest = &pieces.manifest;
        let total =
            manifest.head.bytes + manifest.piece_bytes + if with_worker { images_bytes } else { 0 };
        let progress = Cell::new(manifest.head.bytes);
        let downloaded = Cell::new(false);
        // Sorted: the second round looks pieces up in it.
        let mut planned: Vec<PieceId> = Vec::new();
        // Two rounds: the pieces the head names (card groups among them, which name the rest),
        // then the pieces the card groups named; the pictures last.
        for round in 0..2 {
            let last = round == 1 || !with_worker || pieces.with(|b| b.all_named());
            let plan = plan(pieces, &kept, with_worker, &planned)?;
            planned.extend(plan.pieces);
            planned.sort_unstable();
            progress.set(progress.get() + plan.kept);
            let mut jobs = plan.jobs;
            if last && with_worker {
                for image in images {
                    let url = bundle_file_url(&image.file.path, &image.file.hash);
                    if kept.contains(&url) {
                        progress.set(progress.get() + image.file.bytes);
                    } else {
                        jobs.push(Job::Keep(url, image.file.bytes));
                    }
                }
            }
            // Without a worker nothing is kept for offline use, whatever was fetched for
            // searching.
            let fetches = with_worker && jobs.iter().any(Job::fetches);
            // Offered only when something is left to download (not on a visit after it was
            // done).
            if save_data && fetches && !self.go.get() {
                self.set(Status::Offered);
                self.wait_for_go().await;
            }
            if fetches {
                downloaded.set(true);
            }
            // Only what searching needs, from the worker's copy: nothing to show.
            if downloaded.get() {
                self.set(Status::Saving {
                    done: progress.get(),
                    total,
                });
            }
            self.work(
                pieces,
                helpers.as_ref(),
                jobs,
                &progress,
                &downloaded,
                total,
            )
            .await?;
            if last {
                break;
            }
        }
        Ok(downloaded.get())
    }

    /// Runs `jobs`, [`AT_ONCE`] at a time, paused while the reader types; `progress` counts the
    /// bytes kept.
    async fn work(
        &self,
        pieces: &Rc<Pieces>,
        helpers: Option<&Helpers>,
        jobs: Vec<Job>,
        progress: &Cell<u64>,
        downloaded: &Cell<bool>,
        total: u64,
    ) -> Result<(), String> {
        let queue = RefCell::new(VecDeque::from(jobs));
        let failed: RefCell<Option<String>> = RefCell::default();
        let worker = || async {
            loop {
                if failed.borrow().is_some() {
                    return;
                }
                // Paused while the reader types; their search's pieces go first.
                self.idle(None).await;
                let Some(job) = queue.borrow_mut().pop_front() else {
                    return;
                };
                let outcome = match job {
                    Job::Add(piece, bytes) => pieces
                        .clone()
                        .ensure(piece)
                        .await
                        .map(|()| bytes)
                        .map_err(|f| f.message),
                    Job::Cards(piece, bytes) => pieces
                        .add_cards(piece)
                        .await
                        .map(|()| bytes)
                        .map_err(|f| f.message),
                    Job::Names(piece, bytes) => pieces
                        .add_names(piece)
                        .await
                        .map(|()| bytes)
                        .map_err(|f| f.message),
                    Job::Keep(url, bytes) => keep(helpers, &url, bytes).await,
                };
                match outcome {
                    Ok(bytes) => {
                        progress.set(progress.get() + bytes);
                        if downloaded.get() {
                            self.set(Status::Saving {
                                done: progress.get(),
                                total,
                            });
                        }
                    }
                    Err(why) => {
                        failed.replace(Some(why));
                        return;
                    }
                }
            }
        };
        let workers: Vec<_> = (0..AT_ONCE).map(|_| Box::pin(worker())).collect();
        join_all(workers).await;
        match failed.take() {
            Some(why) => Err(why),
            None => Ok(()),
        }
    }
}

/// Every piece of the bundle known so far, in the background download's order:
/// [`PartialBundle::remaining`]'s kinds in its order, then the kinds already complete (their
/// pieces, fetched for searches, may have arrived before a worker controlled the page: they are
/// kept now).
///
/// [`PartialBundle::remaining`]: kiosque_core::bundle::v3::PartialBundle::remaining
fn every_piece(pieces: &Pieces) -> Vec<PieceId> {
    pieces.with(|b| {
        let mut order: Vec<PieceKind> = Vec::new();
        for piece in b.remaining() {
            if !order.contains(&piece.kind) {
                order.push(piece.kind);
            }
        }
        let known = b.pieces();
        for piece in &known {
            if !order.contains(&piece.kind) {
                order.push(piece.kind);
            }
        }
        order
            .into_iter()
            .flat_map(|kind| known.iter().copied().filter(move |p| p.kind == kind))
            .collect()
    })
}

/// Whether a piece serves searching (kept in memory) rather than reading (kept by the worker).
fn for_search(kind: PieceKind) -> bool {
    matches!(
        kind,
        PieceKind::Terms | PieceKind::Positions | PieceKind::Ids | PieceKind::Similar
    )
}

/// One round of the download.
struct Plan {
    /// What to fetch.
    jobs: Vec<Job>,
    /// The bytes of the pieces planned that the worker keeps already.
    kept: u64,
    /// The pieces planned (the next round leaves them out).
    pieces: Vec<PieceId>,
}

/// What to fetch among the pieces known and not `planned` before (sorted), and the bytes of
/// those the worker keeps already.
fn plan(
    pieces: &Pieces,
    kept: &HashSet<String>,
    with_worker: bool,
    planned: &[PieceId],
) -> Result<Plan, String> {
    let mut plan = Plan {
        jobs: Vec::new(),
        kept: 0,
        pieces: Vec::new(),
    };
    let (count, named) = pieces.with(|b| (b.len(), b.all_named()));
    for piece in every_piece(pieces) {
        if planned.binary_search(&piece).is_ok() {
            continue;
        }
        plan.pieces.push(piece);
        let entry = pieces.entry(piece).map_err(|f| f.message)?;
        let url = format!("{BUNDLE_DIR}{}", entry.path);
        let is_kept = kept.contains(&url);
        let counted = if is_kept {
            plan.kept += entry.bytes;
            0
        } else {
            entry.bytes
        };
        let cards = piece.kind == PieceKind::Cards;
        if for_search(piece.kind) && !pieces.with(|b| b.has(piece)) {
            // Searches become exact; from the worker's copy when it has one (counted as kept).
            plan.jobs.push(Job::Add(piece, counted));
        } else if with_worker
            && cards
            && count <= CARDS_UP_TO
            && !pieces.with(|b| b.has_cards(piece.number))
        {
            // Every row's title in memory, its text in the worker's cache (see
            // `Pieces::add_cards`). Without a worker the card groups stay where they are: there
            // is nothing to keep offline, and a view fetches the ones it shows.
            plan.jobs.push(Job::Cards(piece, counted));
        } else if with_worker && cards && !named && !pieces.with(|b| b.has_names(piece.number)) {
            // Too many cards to keep: the group is read for the pieces it names (kept by the
            // worker on the way, from its copy when it has one).
            plan.jobs.push(Job::Names(piece, counted));
        } else if with_worker && !is_kept {
            plan.jobs.push(Job::Keep(url, entry.bytes));
        } else if !is_kept {
            // Here already (fetched for a search), no worker to keep it: counted as done.
            plan.kept += entry.bytes;
        }
    }
    Ok(plan)
}

/// Fetches `url` through the worker (which keeps it) and checks its size; the bytes stay in
/// JavaScript and are dropped.
async fn keep(helpers: Option<&Helpers>, url: &str, bytes: u64) -> Result<u64, String> {
    let helpers = helpers.ok_or("no service worker")?;
    let got = JsFuture::from(helpers.keep(url))
        .await
        .map_err(|e| describe(&e))?
        .as_f64()
        .unwrap_or(0.0) as u64;
    if got != bytes {
        return Err(format!(
            "{url}: {got} bytes arrived where manifest.json announces {bytes}"
        ));
    }
    Ok(bytes)
}

/// Runs every future to its end, polling them in turn (the app has no executor crate).
async fn join_all<F: std::future::Future<Output = ()>>(mut futures: Vec<std::pin::Pin<Box<F>>>) {
    std::future::poll_fn(|cx| {
        futures.retain_mut(|f| f.as_mut().poll(cx).is_pending());
        if futures.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
}
