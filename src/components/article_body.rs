//! An article's body as the bundler rendered it, with its pictures drawn, checked once more, and
//! the query's matches marked.

use std::rc::Rc;

use kiosque_core::markdown::pictures::{
    Pictures, ALT_SELECTOR, LOAD_BUTTON_SELECTOR, PICTURE_CLASS, PLACEHOLDER_SELECTOR,
};
use kiosque_core::markdown::stored::{self, allowed_attribute, allowed_element};
use kiosque_core::markdown::Rendered;
use kiosque_core::Locale;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::highlight::{mark_matches, SharedHighlighter};
use crate::i18n;
use crate::library::Library;
use crate::preferences;
use crate::workbench::data::Note;
use crate::workbench::passages;

/// Props of [`ArticleBody`].
#[derive(Properties, PartialEq)]
pub struct ArticleBodyProps {
    /// The body as the bundle stores it ([`kiosque_core::markdown::stored`]; untrusted).
    pub body: AttrValue,
    /// The bundle, which holds the article's pictures (none without it).
    #[prop_or_default]
    pub library: Option<Rc<Library>>,
    /// What to mark; key the component by the query so a new query starts from clean text.
    #[prop_or_default]
    pub highlighter: Option<SharedHighlighter>,
    /// Told how many matches were marked, once the body is in the page.
    #[prop_or_default]
    pub on_marked: Callback<usize>,
    /// The reader's highlighted passages in this article, marked after the matches.
    #[prop_or_default]
    pub passages: Rc<Vec<Note>>,
}

/// Shows an untrusted body. Its HTML was rendered and cleaned by the bundler; the pictures are
/// drawn here, as the reader's bundle, choice and language say, and the whole goes through
/// [`guard`] before it reaches the page, so that a bundle written by hand runs nothing either.
/// Matches are marked afterwards by walking the text nodes, so the marks never touch markup or
/// attributes.
#[component]
pub fn ArticleBody(props: &ArticleBodyProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    // Remote pictures wait behind a button unless the reader chose otherwise, once for all.
    let load_remote = use_state(preferences::load_remote_images);
    let rendered = {
        let library = props.library.clone();
        use_memo(
            (props.body.clone(), *load_remote, locale),
            move |(body, load_remote, locale)| {
                let t = i18n::texts(*locale);
                let bundled = |path: &str| library.as_ref().and_then(|l| l.picture(path));
                let pictures = Pictures {
                    bundled: &bundled,
                    load_remote: *load_remote,
                    load_label: t.load_image,
                    missing_label: t.image_unavailable,
                };
                // An older or altered bundle's body is said to be unreadable, not shown.
                let Ok(body) = stored::read(body) else {
                    return (None, Rendered::default());
                };
                let mut rendered = body.render(&pictures);
                // The HTML goes to the page as an `AttrValue` (cloned cheaply at each render);
                // the rest says what it shows.
                let html =
                    AttrValue::from(guard(&std::mem::take(&mut rendered.html), *load_remote));
                (Some(html), rendered)
            },
        )
    };
    let Some(html) = rendered.0.clone() else {
        return html! { <p class="body-unreadable" role="alert">{ t.body_unreadable }</p> };
    };
    let node = use_node_ref();
    {
        let node = node.clone();
        let on_marked = props.on_marked.clone();
        use_effect_with(
            (html.clone(), props.highlighter.clone()),
            move |(_, highlighter)| {
                let count = match (node.cast::<web_sys::Element>(), highlighter) {
                    (Some(root), Some(h)) => mark_matches(&root, &h.0),
                    _ => 0,
                };
                on_marked.emit(count);
            },
        );
    }
    {
        // After the matches (effects run in order); a changed list of notes starts again from
        // the body's own text.
        let node = node.clone();
        use_effect_with(
            (
                html.clone(),
                props.highlighter.clone(),
                props.passages.clone(),
            ),
            move |(_, _, notes)| {
                if let Some(root) = node.cast::<web_sys::Element>() {
                    passages::unmark(&root);
                    passages::mark(&root, notes);
                }
            },
        );
    }
    {
        // Once per rendered body, not again when only the marks change.
        let rendered = rendered.clone();
        use_effect_with(html.clone(), move |_| keep_pictures_offline(&rendered.1));
    }
    // The renderer says whether the body holds a remote picture, shown or waiting.
    let has_remote = rendered.1.remote_pictures;
    let on_toggle = {
        let load_remote = load_remote.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            preferences::set_load_remote_images(input.checked());
            load_remote.set(input.checked());
        })
    };
    html! {
        <>
            if has_remote {
                <p class="remote-images">
                    <label>
                        <input type="checkbox" checked={*load_remote} onchange={on_toggle} />
                        { t.always_load_remote }
                    </label>
                    <span class="remote-images-note">{ t.remote_images_note }</span>
                </p>
            }
            <div class="article-body" ref={node} onclick={Callback::from(load_remote_picture)}>
                { Html::from_html_unchecked(html) }
            </div>
        </>
    }
}

/// The reader's own check of a body's HTML, cheap and without a Markdown parser: the HTML is
/// parsed into an inert `<template>` (nothing in it loads or runs), every element the renderer
/// does not write goes with its content, every attribute it does not write goes, and so do
/// addresses the reader may not follow or load ([`stored::allowed_attribute`]); what is left is
/// handed back as HTML. For a body the bundler wrote, nothing is removed.
pub fn guard(html: &str, load_remote: bool) -> String {
    let Some(template) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("template").ok())
        .and_then(|t| t.dyn_into::<web_sys::HtmlTemplateElement>().ok())
    else {
        return String::new();
    };
    template.set_inner_html(html);
    // Depth first, without recursion: a hand-written body may nest deeply.
    let mut pending: Vec<web_sys::Node> = vec![template.content().into()];
    while let Some(parent) = pending.pop() {
        let mut child = parent.first_child();
        while let Some(node) = child {
            child = node.next_sibling();
            let Some(element) = node.dyn_ref::<web_sys::Element>() else {
                continue;
            };
            let html_element = element.namespace_uri().as_deref() == Some(XHTML);
            if !html_element || !allowed_element(&element.local_name()) {
                let _ = parent.remove_child(&node);
                continue;
            }
            for name in element.get_attribute_names().iter() {
                let name = name.as_string().unwrap_or_default();
                let value = element.get_attribute(&name).unwrap_or_default();
                if !allowed_attribute(&name, &value, load_remote) {
                    let _ = element.remove_attribute(&name);
                }
            }
            pending.push(node);
        }
    }
    template.inner_html()
}

/// The namespace of HTML elements: an SVG or MathML element is never kept, whatever its name.
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// A click on a remote picture's button puts the picture in its placeholder's place. The
/// address comes from the placeholder, which the renderer wrote from an http(s) URL; the classes
/// are the renderer's own ([`kiosque_core::markdown::pictures`]).
fn load_remote_picture(event: MouseEvent) {
    let Some(button) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(LOAD_BUTTON_SELECTOR).ok().flatten())
    else {
        return;
    };
    let Some(placeholder) = button.closest(PLACEHOLDER_SELECTOR).ok().flatten() else {
        return;
    };
    let (Some(src), Some(document)) = (
        placeholder.get_attribute("data-src"),
        web_sys::window().and_then(|w| w.document()),
    ) else {
        return;
    };
    let alt = placeholder
        .query_selector(ALT_SELECTOR)
        .ok()
        .flatten()
        .and_then(|a| a.text_content())
        .unwrap_or_default();
    let Ok(img) = document.create_element("img") else {
        return;
    };
    for (name, value) in [
        ("class", PICTURE_CLASS),
        ("alt", alt.as_str()),
        ("referrerpolicy", "no-referrer"),
        ("decoding", "async"),
        ("src", src.as_str()),
    ] {
        let _ = img.set_attribute(name, value);
    }
    let _ = placeholder.replace_with_with_node_1(&img);
}

/// Pictures load lazily, as they scroll into view; when a service worker keeps the bundle,
/// every bundled picture of an opened article is requested now, so that the worker keeps it
/// and the whole article reads offline later. (A single-file page's pictures are `data:` URLs:
/// nothing to fetch.)
fn keep_pictures_offline(rendered: &Rendered) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if window.navigator().service_worker().controller().is_none() {
        return;
    }
    for url in &rendered.bundled_pictures {
        if url.starts_with(crate::library::BUNDLE_DIR) {
            // Nothing to do with the answer: the worker keeps it on the way.
            let _ = window.fetch_with_str(url);
        }
    }
}
