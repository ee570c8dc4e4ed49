//! The app's components in a real browser (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use kiosque_app::components::{ArticleBody, ArticleBodyProps, DateLabel};
use kiosque_app::highlight::SharedHighlighter;
use kiosque_core::{ArticleDate, Locale};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element attached to the page for one test to render into.
fn mount_point() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

/// Waits until Yew's scheduler has rendered everything queued and run the effects that follow
/// (`yew::scheduler::flush`, from Yew's `test` feature), rather than for a guessed time.
async fn settle() {
    yew::scheduler::flush().await;
}

// Untrusted Markdown renders as text in the live DOM, with no element that could run script.
#[wasm_bindgen_test]
async fn article_body_keeps_markup_inert() {
    let root = mount_point();
    let markdown = "# Title\n\n<script>window.__pwned = 1</script>\n\n<img src=x onerror=\"window.__pwned = 2\">\n\n[x](javascript:window.__pwned=3) and [y](https://example.org/)";
    yew::Renderer::<ArticleBody>::with_root_and_props(
        root.clone(),
        ArticleBodyProps {
            markdown: markdown.into(),
            library: None,
            highlighter: None,
            on_marked: Callback::noop(),
        },
    )
    .render();
    settle().await;
    assert_eq!(
        root.query_selector_all("script, img, iframe")
            .unwrap()
            .length(),
        0
    );
    assert!(root
        .text_content()
        .unwrap()
        .contains("<script>window.__pwned = 1</script>"));
    let links = root.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1, "only the https link stays a link");
    assert!(root.query_selector("h1").unwrap().is_some());
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
}

#[derive(Properties, PartialEq)]
struct DateInLocale {
    locale: Locale,
    date: Option<ArticleDate>,
}

#[component]
fn DateInLocaleView(props: &DateInLocale) -> Html {
    html! {
        <ContextProvider<Locale> context={props.locale}>
            <DateLabel date={props.date} />
        </ContextProvider<Locale>>
    }
}

// Dates show at their precision in the reader's language, with a machine-readable datetime.
#[wasm_bindgen_test]
async fn date_label_follows_locale_and_precision() {
    for (locale, text, expected) in [
        (Locale::Fr, "2020-04", "avril 2020"),
        (Locale::En, "2020-04", "April 2020"),
        (Locale::Fr, "2021-03-01", "1er mars 2021"),
    ] {
        let root = mount_point();
        let date = Some(ArticleDate::parse(text).unwrap());
        yew::Renderer::<DateInLocaleView>::with_root_and_props(
            root.clone(),
            DateInLocale { locale, date },
        )
        .render();
        settle().await;
        let time = root
            .query_selector("time")
            .unwrap()
            .expect("a <time> element");
        assert_eq!(time.get_attribute("datetime").as_deref(), Some(text));
        assert_eq!(time.text_content().as_deref(), Some(expected));
    }
    let root = mount_point();
    yew::Renderer::<DateInLocaleView>::with_root_and_props(
        root.clone(),
        DateInLocale {
            locale: Locale::En,
            date: None,
        },
    )
    .render();
    settle().await;
    assert_eq!(root.text_content().as_deref(), Some("Undated"));
}

// Matches are marked in the text only: never inside a link's address or split across markup,
// and the count reported is the number of marks.
#[wasm_bindgen_test]
async fn article_body_marks_matches_in_text_only() {
    let root = mount_point();
    let markdown = "# Sécurité\n\nLa *sécurité* du [site](https://example.org/securite) et des `securite` ; rien d'autre.\n";
    let counted = Rc::new(Cell::new(usize::MAX));
    let on_marked = {
        let counted = counted.clone();
        Callback::from(move |n| counted.set(n))
    };
    yew::Renderer::<ArticleBody>::with_root_and_props(
        root.clone(),
        ArticleBodyProps {
            markdown: markdown.into(),
            library: None,
            highlighter: Some(SharedHighlighter::for_text("securite ")),
            on_marked,
        },
    )
    .render();
    settle().await;
    let marks = root.query_selector_all("mark.match").unwrap();
    let texts: Vec<String> = (0..marks.length())
        .map(|i| marks.item(i).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(texts, ["Sécurité", "sécurité", "securite"]);
    assert_eq!(counted.get(), 3);
    let link = root.query_selector("a").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://example.org/securite")
    );
    assert!(root.query_selector("em > mark").unwrap().is_some());
    assert!(root
        .text_content()
        .unwrap()
        .contains("La sécurité du site et des securite ; rien d'autre."));
}

// What the panic hook shows: the app's content replaced by the plain "cannot be read" message
// (a panic itself aborts the wasm, test harness included, so the hook's work is tested here).
#[wasm_bindgen_test]
fn crash_message_replaces_the_app() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    root.set_id("kiosque");
    root.set_inner_html("<p>a frozen list</p>");
    document.body().unwrap().append_child(&root).unwrap();
    kiosque_app::crash::show_message();
    let alert = root
        .query_selector("section.load-error[role=alert]")
        .unwrap();
    let text = alert.expect("the message is shown").text_content().unwrap();
    let t = kiosque_app::i18n::texts(Locale::En);
    let f = kiosque_app::i18n::texts(Locale::Fr);
    assert!(
        text.contains(t.broken_title) || text.contains(f.broken_title),
        "{text}"
    );
    assert!(!root.text_content().unwrap().contains("frozen"));
    root.remove();
}

// Bundle files are checked with the browser's SHA-256 against the manifest before decoding:
// the right bytes pass, one changed byte or a missing one is refused by name.
#[wasm_bindgen_test]
async fn bundle_files_are_checked_against_the_manifest_hash() {
    use kiosque_app::library::verify_file;
    use kiosque_core::bundle::{BundleError, FileEntry};
    // The first 8 bytes of SHA-256("abc").
    let entry = FileEntry {
        path: "index.bin".into(),
        bytes: 3,
        hash: "ba7816bf8f01cfea".into(),
    };
    assert_eq!(verify_file(&entry, b"abc").await, Ok(()));
    assert_eq!(
        verify_file(&entry, b"abd").await,
        Err(BundleError::Altered {
            file: "index.bin".into()
        })
    );
    assert!(matches!(
        verify_file(&entry, b"ab").await,
        Err(BundleError::Truncated { .. })
    ));
}
