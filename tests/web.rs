//! The app's components in a real browser (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use kiosque_app::components::{
    ArticleBody, ArticleBodyProps, DateLabel, FilterPanel, OfflinePanel, ResultList,
    ResultListProps, SearchBox, Timeline,
};
use kiosque_app::highlight::SharedHighlighter;
use kiosque_app::library::Library;
use kiosque_app::list_query::ListQuery;
use kiosque_app::state::{SharedResults, SharedRows};
use kiosque_core::search::{SearchResults, Sort, TimelineBucket};
use kiosque_core::{ArticleDate, Locale};
use wasm_bindgen::JsCast;
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

/// A Markdown body as the bundler stores it.
fn stored(markdown: &str) -> String {
    use kiosque_core::markdown::{plain_text, stored::store};
    store(markdown, &plain_text(markdown))
}

// Untrusted Markdown renders as text in the live DOM, with no element that could run script.
#[wasm_bindgen_test]
async fn article_body_keeps_markup_inert() {
    let root = mount_point();
    let markdown = "# Title\n\n<script>window.__pwned = 1</script>\n\n<img src=x onerror=\"window.__pwned = 2\">\n\n[x](javascript:window.__pwned=3) and [y](https://example.org/)";
    yew::Renderer::<ArticleBody>::with_root_and_props(
        root.clone(),
        ArticleBodyProps {
            body: stored(markdown).into(),
            library: None,
            highlighter: None,
            on_marked: Callback::noop(),
            passages: Default::default(),
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

// A body altered after the bundler wrote it (script, handlers, script links, a tracking picture,
// SVG) still runs and loads nothing: the app's guard removes all of it, and keeps the rest.
#[wasm_bindgen_test]
async fn article_body_guards_a_tampered_bundle() {
    let root = mount_point();
    let html = "<h2>Kept</h2><script>window.__tampered = 1</script>\
        <p onclick=\"window.__tampered = 2\" style=\"color: red\">Text <a href=\"javascript:window.__tampered = 3\">link</a> \
        <a href=\"https://example.org/\" title=\"t\">ok</a></p>\
        <img src=\"x\" onerror=\"window.__tampered = 4\"><img src=\"https://tracker.example.org/p.gif\">\
        <svg><a href=\"javascript:window.__tampered = 5\">s</a></svg><iframe srcdoc=\"x\"></iframe>\
        <span class=\"picture-placeholder remote\" data-src=\"javascript:window.__tampered = 6\">p</span>";
    let body = format!("{}text\0{html}", kiosque_core::markdown::stored::TAG);
    yew::Renderer::<ArticleBody>::with_root_and_props(
        root.clone(),
        ArticleBodyProps {
            body: body.into(),
            library: None,
            highlighter: None,
            on_marked: Callback::noop(),
            passages: Default::default(),
        },
    )
    .render();
    settle().await;
    let body = root.query_selector(".article-body").unwrap().unwrap();
    assert_eq!(
        body.query_selector_all("script, svg, iframe, [onclick], [onerror], [style]")
            .unwrap()
            .length(),
        0,
        "{}",
        body.inner_html()
    );
    // The relative picture keeps its address (a bundled one would look like it); the remote one
    // loses its own: it waits for the reader's consent, which this reader has not given.
    let pictures = body.query_selector_all("img[src]").unwrap();
    assert_eq!(pictures.length(), 1, "{}", body.inner_html());
    assert!(body.query_selector("img[src*=tracker]").unwrap().is_none());
    let links = body.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 2, "{}", body.inner_html());
    assert!(links
        .item(0)
        .unwrap()
        .dyn_into::<web_sys::Element>()
        .unwrap()
        .get_attribute("href")
        .is_none());
    assert!(body.query_selector("[data-src]").unwrap().is_none());
    assert!(body.query_selector("h2").unwrap().is_some());
    assert!(body.text_content().unwrap().contains("Text link ok"));
    let tampered = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__tampered".into()).unwrap();
    assert!(tampered.is_undefined());
}

// A body from an older bundle (Markdown) is said to be unreadable, in the reader's words.
#[wasm_bindgen_test]
async fn article_body_from_an_older_bundle_says_so() {
    let root = mount_point();
    yew::Renderer::<ArticleBody>::with_root_and_props(
        root.clone(),
        ArticleBodyProps {
            body: "# Markdown, as older bundles held it".into(),
            library: None,
            highlighter: None,
            on_marked: Callback::noop(),
            passages: Default::default(),
        },
    )
    .render();
    settle().await;
    let said = root
        .query_selector(".body-unreadable")
        .unwrap()
        .expect("a message");
    assert!(said.text_content().unwrap().contains("kiosque bundle"));
    assert!(root.query_selector("h1").unwrap().is_none());
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
            body: stored(markdown).into(),
            library: None,
            highlighter: Some(SharedHighlighter::for_text("securite ")),
            on_marked,
            passages: Default::default(),
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

/// Renders `html` (a component under test, with its callbacks) into a fresh mount point.
fn render(html: Html) -> web_sys::Element {
    #[derive(Properties, PartialEq)]
    struct Wrap {
        html: Html,
    }
    #[component]
    fn Wrapper(props: &Wrap) -> Html {
        props.html.clone()
    }
    let root = mount_point();
    yew::Renderer::<Wrapper>::with_root_and_props(root.clone(), Wrap { html }).render();
    root
}

/// What a callback received, for the test to read.
fn recorder<T: 'static>() -> (Callback<T>, Rc<std::cell::RefCell<Vec<T>>>) {
    let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
    let callback = {
        let seen = seen.clone();
        Callback::from(move |value| seen.borrow_mut().push(value))
    };
    (callback, seen)
}

fn click(element: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    element.unchecked_ref::<web_sys::HtmlElement>().click();
}

// The timeline draws one button per year with its count, and a click on a year asks for it.
#[wasm_bindgen_test]
async fn timeline_years_count_their_articles_and_select_themselves() {
    let bucket = |year, month, count| TimelineBucket { year, month, count };
    let (on_select, selected) = recorder();
    let root = render(html! {
        <Timeline buckets={Rc::new(vec![bucket(2019, 11, 2), bucket(2020, 3, 5), bucket(2020, 0, 1)])}
            first={(2019, 1)} last={(2020, 12)} from={None} to={None} {on_select} />
    });
    settle().await;
    let years = root.query_selector_all("button.tl-year").unwrap();
    assert_eq!(years.length(), 2);
    let second: web_sys::Element = years.item(1).unwrap().dyn_into().unwrap();
    assert_eq!(second.text_content().as_deref(), Some("2020"));
    assert!(
        second.get_attribute("title").unwrap().contains('6'),
        "2020 counts its 6 articles"
    );
    click(&second);
    let year = ArticleDate::year(2020);
    assert_eq!(*selected.borrow(), [(Some(year), Some(year))]);
    let summary = root.query_selector(".tl-bars").unwrap().unwrap();
    assert!(summary.get_attribute("aria-label").unwrap().contains('8'));
}

// The filters ask for the list they describe: a sort order, a facet-free reset.
#[wasm_bindgen_test]
async fn filter_panel_asks_for_the_list_the_reader_picks() {
    let (on_navigate, asked) = recorder::<ListQuery>();
    let query = ListQuery::parse("q=cloud&from=2020-01&sort=oldest");
    let root = render(html! {
        <FilterPanel query={query.clone()} results={SharedResults(Rc::new(SearchResults::default()))}
            span={Some(((2019, 1, 1), (2021, 12, 31)))} undated={0} has_groups={false} show_all={false}
            open={false} {on_navigate} on_show_all={Callback::noop()} on_toggle_open={Callback::noop()} />
    });
    settle().await;
    let select: web_sys::HtmlSelectElement = root
        .query_selector("#sort")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(select.value(), "oldest", "the menu follows the URL");
    select.set_value("newest");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    let from = root.query_selector("#from").unwrap().unwrap();
    assert_eq!(from.get_attribute("min").as_deref(), Some("2019-01"));
    let buttons = root.query_selector_all("button.secondary").unwrap();
    // "Reset dates", then "Clear all".
    click(&buttons.item(0).unwrap().dyn_into().unwrap());
    click(&buttons.item(1).unwrap().dyn_into().unwrap());
    let asked = asked.borrow();
    assert_eq!(asked[0].sort, Sort::Newest);
    assert_eq!(asked[0].q, "cloud");
    assert_eq!((asked[1].from, asked[1].q.as_str()), (None, "cloud"));
    assert_eq!(
        asked[2],
        ListQuery {
            sort: Sort::Oldest,
            ..ListQuery::default()
        }
    );
}

// The search box hands over each text typed; Escape clears a box holding text; Enter submits.
#[wasm_bindgen_test]
async fn search_box_reports_typing_clearing_and_enter() {
    let (on_input, typed) = recorder::<String>();
    let (on_clear, cleared) = recorder::<()>();
    let (on_submit, submitted) = recorder::<()>();
    let input_ref = NodeRef::default();
    let root = render(html! {
        <SearchBox value="cl" input={input_ref.clone()} {on_input} on_leave={Callback::noop()} {on_clear} {on_submit} />
    });
    settle().await;
    let input: web_sys::HtmlInputElement = input_ref.cast().expect("the box is given its NodeRef");
    input.set_value("cloud");
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    let escape = web_sys::KeyboardEventInit::new();
    escape.set_key("Escape");
    escape.set_bubbles(true);
    input
        .dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &escape).unwrap(),
        )
        .unwrap();
    let form: web_sys::HtmlFormElement = root
        .query_selector("form")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    form.request_submit().unwrap();
    assert_eq!(*typed.borrow(), ["cloud"]);
    assert_eq!(cleared.borrow().len(), 1);
    assert_eq!(submitted.borrow().len(), 1);
}

// Without a service worker (as here) the offline panel says nothing.
#[wasm_bindgen_test]
async fn offline_panel_is_silent_without_a_worker() {
    let root = render(html! { <OfflinePanel /> });
    settle().await;
    assert_eq!(root.child_element_count(), 0);
}

/// A library of `n` articles, loaded by the app the way a single-file page gives it its bundle:
/// each file as base64 in a `<script data-kiosque-file>` element of the page.
async fn library_of(n: usize) -> Rc<Library> {
    use base64::Engine as _;
    use kiosque_core::{Article, ArticleMeta};
    let articles = (0..n)
        .map(|i| Article {
            meta: ArticleMeta {
                id: format!("2020-01-article-{i}"),
                title: format!("Article {i}"),
                date: Some(ArticleDate::parse("2020-01").unwrap()),
                authors: Vec::new(),
                tags: Vec::new(),
                source: None,
                lang: "en".into(),
                summary: format!("Summary {i}"),
                reading_minutes: 1,
                origin: format!("article-{i}.md"),
            },
            body: format!("Body of article {i} about cloud number {i}."),
        })
        .collect();
    let built = kiosque_core::bundle::build(articles, Vec::new(), "test");
    let document = web_sys::window().unwrap().document().unwrap();
    for (path, bytes) in &built.files {
        let script = document.create_element("script").unwrap();
        script.set_attribute("type", "application/base64").unwrap();
        script
            .set_attribute("data-kiosque-file", &format!("bundle/{path}"))
            .unwrap();
        script.set_text_content(Some(
            &base64::engine::general_purpose::STANDARD.encode(bytes),
        ));
        document.head().unwrap().append_child(&script).unwrap();
    }
    let manifest = kiosque_app::library::fetch_manifest()
        .await
        .expect("the manifest loads");
    let library = Library::open(&manifest, |_| {})
        .await
        .expect("the bundle loads");
    // Later tests fetch nothing from this page's copies.
    for script in (0..).map_while(|_| {
        document
            .query_selector("script[data-kiosque-file]")
            .unwrap()
    }) {
        script.remove();
    }
    Rc::new(library)
}

// A long list renders the rows in view only, inside an element as tall as all of them, each row
// with its place in the list; Enter in the search box (`focus_first`) focuses the first result.
#[wasm_bindgen_test]
async fn result_list_renders_the_rows_in_view_of_a_long_list() {
    let library = library_of(300).await;
    let results = library.search(&ListQuery::default().request()).results;
    let rows = SharedRows::of(&results, None, true, &Default::default());
    let props = |focus_first| ResultListProps {
        library: library.clone(),
        rows: rows.clone(),
        expanded: Rc::default(),
        on_toggle_group: Callback::noop(),
        highlighter: SharedHighlighter::for_text(""),
        link_query: Rc::default(),
        label: "Results".into(),
        focus_first,
    };
    // Rows link to their articles: the list sits in a router, as in the app.
    #[derive(Properties, PartialEq)]
    struct Routed {
        list: ResultListProps,
    }
    #[component]
    fn InRouter(props: &Routed) -> Html {
        html! { <yew_router::HashRouter><ResultList ..props.list.clone() /></yew_router::HashRouter> }
    }
    let root = mount_point();
    let mut app =
        yew::Renderer::<InRouter>::with_root_and_props(root.clone(), Routed { list: props(0) })
            .render();
    settle().await;
    let items = root.query_selector_all("ol.results > li.result").unwrap();
    assert!(
        items.length() > 0 && items.length() < 100,
        "{} rows rendered of 300",
        items.length()
    );
    let first: web_sys::Element = items.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(first.get_attribute("data-index").as_deref(), Some("0"));
    assert_eq!(first.get_attribute("aria-setsize").as_deref(), Some("300"));
    let list = root.query_selector("ol.results").unwrap().unwrap();
    let height = list.unchecked_ref::<web_sys::HtmlElement>().offset_height();
    let row = first
        .unchecked_ref::<web_sys::HtmlElement>()
        .offset_height();
    assert!(
        height >= 300 * row,
        "the list is as tall as its 300 rows ({height} px, rows of {row} px)"
    );

    app.update(Routed { list: props(1) });
    settle().await;
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(
        active
            .closest("li.result")
            .unwrap()
            .unwrap()
            .get_attribute("data-index")
            .as_deref(),
        Some("0")
    );
    app.destroy();
}

// A write waiting for the typing to stop is dropped when its value changes or its view goes away:
// the list's typed URL can never land after the reader has left and come back.
#[wasm_bindgen_test]
async fn debounced_values_are_dropped_when_they_change_or_their_view_goes() {
    use kiosque_app::hooks::use_debounced;

    #[derive(Properties, PartialEq)]
    struct Debounced {
        value: Option<&'static str>,
        act: Callback<&'static str>,
    }
    #[component]
    fn DebouncedView(props: &Debounced) -> Html {
        use_debounced(
            props.value,
            std::time::Duration::from_millis(20),
            props.act.clone(),
        );
        html! {}
    }

    let resolve = Rc::new(std::cell::RefCell::new(None::<js_sys::Function>));
    let last = js_sys::Promise::new(&mut |r, _| *resolve.borrow_mut() = Some(r));
    let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
    let act = {
        let seen = seen.clone();
        Callback::from(move |value: &'static str| {
            seen.borrow_mut().push(value);
            if value == "last" {
                let _ = resolve
                    .borrow()
                    .as_ref()
                    .unwrap()
                    .call0(&wasm_bindgen::JsValue::NULL);
            }
        })
    };
    let props = |value| Debounced {
        value: Some(value),
        act: act.clone(),
    };
    let left =
        yew::Renderer::<DebouncedView>::with_root_and_props(mount_point(), props("left")).render();
    settle().await;
    left.destroy();
    let mut app =
        yew::Renderer::<DebouncedView>::with_root_and_props(mount_point(), props("first")).render();
    settle().await;
    app.update(props("last"));
    settle().await;
    // The timers of "left" and "first" were started before the one of "last": had they not been
    // dropped, they would have acted first.
    wasm_bindgen_futures::JsFuture::from(last).await.unwrap();
    assert_eq!(*seen.borrow(), ["last"]);
    app.destroy();
}
