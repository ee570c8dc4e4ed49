//! The offline panel. Format 2: for a bundle too large for the service worker to keep whole up
//! front, says what is kept and offers to keep the rest, with its progress. Format 3: shows the
//! background download's progress (`library/background.rs`), offers it when the connection saves
//! data, and says when everything is available offline.

use std::rc::Rc;

use gloo::events::EventListener;
use kiosque_core::Locale;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::i18n;
use crate::library::background::Status;
use crate::library::Library;
use crate::service_worker::{container, tell_controller, WorkerMessage};
use crate::state::{OfflineAction, OfflinePanel as Panel};

/// How long "every article is available offline" stays before the panel goes.
const DONE_SHOWN: std::time::Duration = std::time::Duration::from_secs(4);
/// The worker is asked what it keeps this long after it is ready, once its first downloads are
/// under way.
const FIRST_ASK: std::time::Duration = std::time::Duration::from_millis(500);

/// What the panel is about.
#[derive(Properties, PartialEq)]
pub struct OfflinePanelProps {
    /// The bundle, once open (format 3 has its own panel).
    #[prop_or_default]
    pub library: Option<Rc<Library>>,
}

/// The panel, when there is something to say (nothing is shown otherwise).
#[component]
pub fn OfflinePanel(props: &OfflinePanelProps) -> Html {
    match &props.library {
        Some(library) if library.in_pieces() => html! { <PiecesPanel library={library.clone()} /> },
        _ => html! { <WorkerPanel /> },
    }
}

#[derive(Properties, PartialEq)]
struct PiecesPanelProps {
    library: Rc<Library>,
}

/// Format 3: the background download's progress.
#[component]
fn PiecesPanel(props: &PiecesPanelProps) -> Html {
    let update = use_force_update();
    let closed = use_state(|| false);
    {
        use_effect_with(props.library.clone(), move |library| {
            if let Some(background) = library.background() {
                background.on_change(Rc::new(move || update.force_update()));
            }
        });
    }
    let status = props
        .library
        .background()
        .map_or(Status::Waiting, |b| b.status());
    {
        let closed = closed.clone();
        use_effect_with(status.clone(), move |status| {
            if *status == (Status::Complete { downloaded: true }) {
                wasm_bindgen_futures::spawn_local(async move {
                    yew::platform::time::sleep(DONE_SHOWN).await;
                    closed.set(true);
                });
            }
        });
    }
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let (text, offer) = match &status {
        _ if *closed => return html! {},
        Status::Waiting | Status::Complete { downloaded: false } => return html! {},
        Status::Offered => (t.offline_save_data.to_owned(), true),
        Status::Saving { done, total } => {
            (i18n::offline_saving_bytes(locale, *done, *total), false)
        }
        Status::Complete { .. } => (t.offline_done.to_owned(), false),
        Status::Failed(why) => (format!("{}{why}", t.offline_failed), true),
    };
    let download = {
        let library = props.library.clone();
        Callback::from(move |_: MouseEvent| library.save_for_offline())
    };
    let later = {
        let closed = closed.clone();
        Callback::from(move |_: MouseEvent| closed.set(true))
    };
    let state = match &status {
        Status::Saving { .. } => "saving",
        Status::Complete { .. } => "complete",
        Status::Failed(_) => "failed",
        _ => "offered",
    };
    html! {
        <section id="kiosque-offline" class="offline-panel" aria-label={t.offline_reading} data-state={state}>
            <p role="status">{ text }</p>
            if offer {
                <button type="button" class="secondary" onclick={download}>{ t.offline_download }</button>
                <button type="button" class="secondary" onclick={later}>{ t.offline_later }</button>
            }
        </section>
    }
}

/// Format 2: what the service worker keeps, and the offer to keep the rest.
#[component]
fn WorkerPanel() -> Html {
    let panel = use_reducer(|| Panel::Hidden);
    {
        let panel = panel.clone();
        use_effect_with((), move |_| {
            let listeners = container().map(|container| {
                let on_message = EventListener::new(&container, "message", move |event| {
                    let Some(data) = event.dyn_ref::<web_sys::MessageEvent>().map(|e| e.data())
                    else {
                        return;
                    };
                    let message: WorkerMessage = data.unchecked_into();
                    match message.kind().as_deref() {
                        Some("kiosque:status") => {
                            if let Some(kept) = message.status() {
                                panel.dispatch(OfflineAction::Status(kept));
                            }
                        }
                        Some("kiosque:progress") => match message.error() {
                            Some(why) => panel.dispatch(OfflineAction::Failed(why)),
                            None => {
                                let done = message.done().unwrap_or(0.0) as u32;
                                let total = message.total().unwrap_or(0.0) as u32;
                                panel.dispatch(OfflineAction::Progress { done, total });
                                if done >= total {
                                    tell_controller("kiosque:status");
                                }
                            }
                        },
                        _ => {}
                    }
                });
                // A new worker took over (the first install, usually): it has news.
                let on_change = EventListener::new(&container, "controllerchange", |_| {
                    tell_controller("kiosque:status")
                });
                if let Ok(ready) = container.ready() {
                    wasm_bindgen_futures::spawn_local(async move {
                        if JsFuture::from(ready).await.is_ok() {
                            yew::platform::time::sleep(FIRST_ASK).await;
                            tell_controller("kiosque:status");
                        }
                    });
                }
                (on_message, on_change)
            });
            move || drop(listeners)
        });
    }
    {
        let panel = panel.clone();
        use_effect_with((*panel).clone(), move |state| {
            if *state == Panel::Done {
                wasm_bindgen_futures::spawn_local(async move {
                    yew::platform::time::sleep(DONE_SHOWN).await;
                    panel.dispatch(OfflineAction::Close);
                });
            }
        });
    }
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let text = match &*panel {
        Panel::Hidden | Panel::Dismissed => return html! {},
        Panel::Offer(k) => i18n::offline_kept(locale, k.kept, k.files, k.kept_bytes, k.bytes),
        Panel::Saving(None) => t.offline_saving.to_owned(),
        Panel::Saving(Some(percent)) => format!("{}{percent} %", t.offline_saving),
        Panel::Done => t.offline_done.to_owned(),
        Panel::Failed(why) => format!("{}{why}", t.offline_failed),
    };
    let keep = {
        let panel = panel.clone();
        Callback::from(move |_: MouseEvent| {
            panel.dispatch(OfflineAction::KeepAll);
            tell_controller("kiosque:cache-all");
        })
    };
    let later = {
        let panel = panel.clone();
        Callback::from(move |_: MouseEvent| panel.dispatch(OfflineAction::Close))
    };
    let asking = matches!(
        &*panel,
        Panel::Offer(_) | Panel::Saving(_) | Panel::Failed(_)
    );
    html! {
        <section id="kiosque-offline" class="offline-panel" aria-label={t.offline_reading}>
            <p role="status">{ text }</p>
            if asking {
                <button type="button" class="secondary" onclick={keep} disabled={!matches!(&*panel, Panel::Offer(_))}>{ t.offline_keep }</button>
                <button type="button" class="secondary" onclick={later}>{ t.offline_later }</button>
            }
        </section>
    }
}
