//! The banner offering a new version of the app: the service worker of a new build has
//! installed and waits; "reload" lets it take over and reloads the page.

use gloo::events::EventListener;
use kiosque_core::Locale;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};
use yew::prelude::*;

use crate::i18n;
use crate::service_worker::{container, tell};

/// Props of [`UpdateBanner`].
#[derive(Properties, PartialEq)]
pub struct UpdateBannerProps {
    /// Whether the server holds another bundle than the one being read (a format-3 piece was
    /// gone or of another bundle, and the manifest names a new one): a reload switches to it.
    #[prop_or_default]
    pub bundle_changed: bool,
}

/// Offers a waiting new version, if any (nothing is shown otherwise).
#[component]
pub fn UpdateBanner(props: &UpdateBannerProps) -> Html {
    let waiting = use_state(|| None::<ServiceWorker>);
    {
        let waiting = waiting.clone();
        use_effect_with((), move |_| {
            let listeners = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
            if let Some(container) = container() {
                let listeners = listeners.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let Ok(ready) = container.ready() else { return };
                    let Ok(registration) = JsFuture::from(ready).await else {
                        return;
                    };
                    watch(registration.unchecked_into(), waiting, &listeners);
                });
            }
            move || drop(listeners)
        });
    }
    let t = i18n::texts(use_context::<Locale>().unwrap_or_default());
    let Some(worker) = (*waiting).clone() else {
        if props.bundle_changed {
            return html! {
                <div id="kiosque-update" class="update-banner" role="status">
                    { t.update_available }
                    <button type="button" class="link-button"
                        onclick={Callback::from(|_: MouseEvent| reload_page())}>{ t.update_reload }</button>
                </div>
            };
        }
        return html! {};
    };
    let reload = Callback::from(move |_: MouseEvent| {
        // The page reloads when the new worker controls it; it may already.
        if let Some(container) = container() {
            EventListener::once(&container, "controllerchange", |_| reload_page()).forget();
        }
        if worker.state() == ServiceWorkerState::Activated {
            reload_page();
        } else {
            tell(&worker, "kiosque:skip-waiting");
        }
    });
    html! {
        <div id="kiosque-update" class="update-banner" role="status">
            { t.update_available }
            <button type="button" class="link-button" onclick={reload}>{ t.update_reload }</button>
        </div>
    }
}

/// Offers the worker `registration` holds waiting, and each new one that installs. Only a page
/// a worker already controls is offered one: the first install is not an update.
fn watch(
    registration: ServiceWorkerRegistration,
    offer: UseStateHandle<Option<ServiceWorker>>,
    listeners: &std::cell::RefCell<Vec<EventListener>>,
) {
    let controlled = || container().and_then(|c| c.controller()).is_some();
    if let Some(worker) = registration.waiting().filter(|_| controlled()) {
        offer.set(Some(worker));
    }
    let on_update = EventListener::new(&registration.clone(), "updatefound", move |_| {
        let Some(worker) = registration.installing() else {
            return;
        };
        let offer = offer.clone();
        let installing = worker.clone();
        EventListener::new(&installing, "statechange", move |_| {
            if worker.state() == ServiceWorkerState::Installed && controlled() {
                offer.set(Some(worker.clone()));
            }
        })
        .forget();
    });
    listeners.borrow_mut().push(on_update);
}

fn reload_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
