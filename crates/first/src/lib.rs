//! Kiosque's first results: a small wasm, without Yew, that shows the list's first screen of a
//! format-3 bundle (the search box, the count and the rows in view) before the app has arrived,
//! and answers typing until the app takes over (docs/PARTIAL-LOADING.md, "The shell").
//!
//! It searches with the core's own format-3 reader ([`PartialBundle`]), the same calls the app
//! makes, so its results are the app's. The page's loader (static/first-loader.js) starts it on
//! the plain list only, starts the app once it says its first results are shown and nothing is
//! on its way ([`Lite::settle`]), and hands the page over when the app has rendered the same
//! search. Anything the lite cannot do (format 2, a damaged piece, a browser without what it
//! needs) hands over at once: the app then does it, as it did before the lite existed.

mod fetch;
mod page;
mod text;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use kiosque_core::bundle::v3::{Lookup, PartialBundle, PieceId};
use kiosque_core::search::{DateRange, Highlighter, Query, SearchRequest, Sort};
use kiosque_core::Locale;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use fetch::{fetch_bytes, BUNDLE_DIR};
use kiosque_web::list_text::{article_count, list_texts};
use page::Page;
use text::list_query;

/// Rows below the viewport whose groups come with the rows in view. The app fetches one more
/// (its `VIEW_MARGIN`) for scrolling; the lite shows the rows in view only, and on a slow link
/// every row group (about 20 KB) counts before the first results.
const VIEW_MARGIN: usize = 0;
/// The most rows the first screen lays out before measuring which are in view.
const MOST_ROWS: usize = 40;

/// Started by wasm-bindgen once the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        if let Err(reason) = run().await {
            tell_loader("fail", &reason);
        }
    });
}

/// Calls `window.kiosqueFirst[what](detail)`, the loader's side of the hand-over.
fn tell_loader(what: &str, detail: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let loader = Reflect::get(&window, &"kiosqueFirst".into()).unwrap_or(JsValue::UNDEFINED);
    if let Ok(f) = Reflect::get(&loader, &what.into()).and_then(|f| f.dyn_into::<Function>()) {
        let _ = f.call1(&loader, &detail.into());
    }
}

/// The language chosen earlier in the app, or else the browser's (the app's `preferences`).
fn locale() -> Locale {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item("kiosque.locale").ok().flatten());
    match stored.as_deref() {
        Some("fr") => Locale::Fr,
        Some("en") => Locale::En,
        _ => window
            .and_then(|w| w.navigator().language())
            .map(|tag| Locale::from_tag(&tag))
            .unwrap_or_default(),
    }
}

fn field(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The lite's state: the bundle opened from its head, the pieces on their way, and the search
/// shown (a newer keystroke makes an older search stale).
struct Lite {
    page: Page,
    locale: Locale,
    bundle: RefCell<PartialBundle>,
    /// Each piece on its way, once, whoever waits for it.
    in_flight: RefCell<HashMap<PieceId, Promise>>,
    /// Bumped at every keystroke.
    generation: Cell<u32>,
}

async fn run() -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let hash = window.location().hash().unwrap_or_default();
    let q = list_query(&hash).ok_or("not the plain list")?;
    let manifest = fetch_bytes(
        &format!("{BUNDLE_DIR}manifest.json"),
        // As a whole number: formatting an `f64` would link Rust's float printing (22 KB of the
        // wasm before compression, 9 KB after).
        &format!("{BUNDLE_DIR}manifest.json?t={}", js_sys::Date::now() as u64),
    )
    .await?;
    let manifest = String::from_utf8(manifest).map_err(|_| "manifest.json is not UTF-8")?;
    let manifest =
        js_sys::JSON::parse(&manifest).map_err(|_| "manifest.json is not JSON".to_owned())?;
    if field(&manifest, "version").as_f64() != Some(3.0) {
        // Format 2 arrives whole: the app reads it as before.
        return Err("format 2: the app reads it".into());
    }
    // The first screen shows now, its count saying "Searching…", while the head arrives.
    let locale = locale();
    let page = Page::mount(locale, &q)?;
    page.set_query(&q, "");
    page.set_count(list_texts(locale).searching, true);
    tell_loader("mounted", "");
    let head = field(&manifest, "head");
    let path = field(&head, "path").as_string().unwrap_or_default();
    let bytes = field(&head, "bytes").as_f64().unwrap_or(-1.0) as i64;
    let sha256 = field(&head, "sha256").as_string().unwrap_or_default();
    if !kiosque_core::bundle::is_bundle_path(&path) {
        return Err(format!("manifest.json names the head {path:?}"));
    }
    let key = format!("{BUNDLE_DIR}{path}");
    let stored = fetch_bytes(&key, &key).await?;
    if stored.len() as i64 != bytes {
        return Err(format!(
            "{path}: {} bytes where manifest.json announces {bytes}",
            stored.len()
        ));
    }
    if let Some(digest) = kiosque_web::sha256(&stored).await {
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        if !hex.eq_ignore_ascii_case(&sha256) {
            return Err(format!(
                "{path} does not match its SHA-256 in manifest.json"
            ));
        }
    }
    let head = kiosque_web::inflate(stored).await?;
    let bundle = PartialBundle::open(&head).map_err(|e| format!("{path}: {e}"))?;
    let lite = Rc::new(Lite {
        page,
        locale,
        bundle: RefCell::new(bundle),
        in_flight: RefCell::default(),
        generation: Cell::new(0),
    });
    {
        let me = lite.clone();
        let on_input = Closure::<dyn Fn()>::new(move || me.clone().typed());
        lite.page
            .input
            .add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())
            .map_err(|e| kiosque_web::describe(&e))?;
        // Lives as long as the page: the listener goes with the lite's elements.
        on_input.forget();
    }
    // What was typed while the head arrived is searched (and written in the URL) at once.
    if lite.page.input.value() == q {
        lite.search(q);
    } else {
        lite.typed();
    }
    Ok(())
}

impl Lite {
    /// A keystroke: the URL follows as the app writes it, and the new text is searched.
    fn typed(self: Rc<Self>) {
        let q = self.page.input.value();
        let url = if q.is_empty() {
            "#/".to_owned()
        } else {
            format!("#/?q={}", text::encode(&q))
        };
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
        self.search(q);
    }

    /// Searches `q` and shows its results; a failure hands the page over to the app.
    fn search(self: Rc<Self>, q: String) {
        let generation = self.generation.get().wrapping_add(1);
        self.generation.set(generation);
        wasm_bindgen_futures::spawn_local(async move {
            match self.clone().show(generation, &q).await {
                Ok(true) => {
                    if self.in_flight.borrow().is_empty() {
                        tell_loader("settled", &q);
                    }
                }
                Ok(false) => {}
                Err(reason) => tell_loader("fail", &reason),
            }
        });
    }

    /// Whether the search of `generation` should stop: a newer one took its place, or the app
    /// took the page over (the lite's page is no longer in the document). The app fetches what
    /// it needs itself from then on, and pieces the lite asked for after the take-over would be
    /// downloaded twice (the app no longer shares its fetches with a lite that is gone).
    fn stale(&self, generation: u32) -> bool {
        self.generation.get() != generation || !self.page.input.is_connected()
    }

    /// Searches `q` as the app's list does (`ListQuery::request` of the plain list) and shows
    /// the count and the rows in view; `Ok(false)` when a newer search took its place.
    async fn show(self: Rc<Self>, generation: u32, q: &str) -> Result<bool, String> {
        let t = list_texts(self.locale);
        let query = Query::parse(q);
        let request = SearchRequest {
            query: query.clone(),
            dates: DateRange::new(None, None).with_undated(true),
            sort: Sort::Relevance,
            facets: Vec::new(),
        };
        self.page.set_query(q, &query.describe(self.locale));
        self.page.set_count(t.searching, true);
        self.page.placeholders(0, 0);
        // The pieces the words need first, then whatever a stem's far words need, as the app.
        loop {
            let first = self.bundle.borrow_mut().needs_first(&request);
            if first.is_empty() {
                break;
            }
            self.clone().ensure_all(&first).await?;
            if self.stale(generation) {
                return Ok(false);
            }
        }
        let highlighter = Highlighter::new(&query);
        loop {
            let found = self.bundle.borrow_mut().search(&request);
            let hits: Vec<u32> = found.results.hits.iter().map(|h| h.doc).collect();
            let count = if found.missing.is_empty() {
                article_count(self.locale, hits.len())
            } else if found.phrases_unchecked {
                t.checking_phrase.to_owned()
            } else {
                t.rarer_spellings.to_owned()
            };
            self.page.set_count(&count, !found.missing.is_empty());
            self.clone()
                .show_rows(generation, &hits, &highlighter, q)
                .await?;
            if self.stale(generation) {
                return Ok(false);
            }
            if found.missing.is_empty() {
                return Ok(true);
            }
            self.clone().ensure_all(&found.missing).await?;
            if self.stale(generation) {
                return Ok(false);
            }
        }
    }

    /// Lays out the first rows, fetches the card groups of those in view and fills them in
    /// (the summary standing in for the snippet, as the app's rows do), then their text groups
    /// and fills in the snippets; the rows past them are left out (the app shows them once it
    /// takes over). Cards first: a card group is a few KB where a text group is about 20, and
    /// on a slow link the titles come that much sooner.
    async fn show_rows(
        self: Rc<Self>,
        generation: u32,
        hits: &[u32],
        highlighter: &Highlighter,
        q: &str,
    ) -> Result<(), String> {
        let total = hits.len();
        self.page.placeholders(total.min(MOST_ROWS), total);
        let shown = (self.page.rows_in_view() + VIEW_MARGIN).min(total);
        self.page.placeholders(shown, total);
        let docs = &hits[..shown];
        let cards = self.bundle.borrow().cards_needed(docs);
        self.clone().ensure_all(&cards).await?;
        if self.stale(generation) {
            return Ok(());
        }
        self.fill_rows(docs, total, highlighter, q);
        // Without words to mark, a row's snippet is its summary: no text is needed.
        if highlighter.is_empty() {
            return Ok(());
        }
        let texts = self.bundle.borrow().texts_needed(docs);
        if texts.is_empty() {
            return Ok(());
        }
        self.clone().ensure_all(&texts).await?;
        if self.stale(generation) {
            return Ok(());
        }
        self.fill_rows(docs, total, highlighter, q);
        Ok(())
    }

    /// Fills in the rows of `docs` whose cards are here, with their snippets where their text
    /// is here too.
    fn fill_rows(&self, docs: &[u32], total: usize, highlighter: &Highlighter, q: &str) {
        let bundle = self.bundle.borrow();
        for (index, &doc) in docs.iter().enumerate() {
            if let Lookup::Here(Some(meta)) = bundle.meta(doc) {
                let text = match bundle.text(doc) {
                    Lookup::Here(text) => text,
                    Lookup::Needs(_) => None,
                };
                self.page.fill_row(index, total, meta, text, highlighter, q);
            }
        }
    }

    /// Waits until every piece of `pieces` is here, fetching those neither here nor on their
    /// way, all at once.
    async fn ensure_all(self: Rc<Self>, pieces: &[PieceId]) -> Result<(), String> {
        let waits = Array::new();
        for &piece in pieces {
            if self.bundle.borrow().has(piece) {
                continue;
            }
            let existing = self.in_flight.borrow().get(&piece).cloned();
            let promise = existing.unwrap_or_else(|| {
                let me = self.clone();
                let promise = future_to_promise(async move {
                    let result = me.load(piece).await;
                    me.in_flight.borrow_mut().remove(&piece);
                    result.map(|()| JsValue::UNDEFINED).map_err(JsValue::from)
                });
                self.in_flight.borrow_mut().insert(piece, promise.clone());
                promise
            });
            waits.push(&promise);
        }
        if waits.length() == 0 {
            return Ok(());
        }
        JsFuture::from(Promise::all(&waits))
            .await
            .map(|_| ())
            .map_err(|e| kiosque_web::describe(&e))
    }

    /// Fetches one piece, checks it against the size and SHA-256 prefix the head gives it,
    /// inflates it and adds it (as the app's `fetch_piece`).
    async fn load(&self, piece: PieceId) -> Result<(), String> {
        let file = self
            .bundle
            .borrow()
            .file(piece)
            .ok_or_else(|| format!("the bundle's head names no {piece}"))?;
        let stored = fetch::fetch_shared(&file.path).await?;
        if stored.len() != file.file.bytes as usize {
            return Err(format!(
                "{}: {} bytes arrived where the bundle's head announces {}",
                file.path,
                stored.len(),
                file.file.bytes
            ));
        }
        if let Some(digest) = kiosque_web::sha256(&stored).await {
            if !file.file.matches_digest(&digest) {
                return Err(format!(
                    "{} does not match the SHA-256 the bundle's head gives it",
                    file.path
                ));
            }
        }
        let inflated = kiosque_web::inflate(stored).await?;
        self.bundle
            .borrow_mut()
            .add(piece, &inflated)
            .map_err(|e| format!("{} cannot be used: {e}", file.path))?;
        Ok(())
    }
}
