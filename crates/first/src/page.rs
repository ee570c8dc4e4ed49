//! The list's first screen in the DOM, with the app's structure and classes (src/pages/list.rs,
//! src/components/result_list.rs, result_row.rs, search_box.rs), so that the site's stylesheet
//! lays it out as the app's list and a reader (or a test) finds the same elements: the search
//! box, `.results-section[data-query]`, `.count[aria-busy]` and `.result` rows. It lives in
//! `#kiosque-first`, before the app's `#kiosque`, and is removed when the app takes over
//! (static/first-loader.js).

use std::ops::Range;

use kiosque_core::article::ArticleMeta;
use kiosque_core::search::Highlighter;
use kiosque_core::Locale;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

use crate::text::encode;
use kiosque_web::list_text::{byline, list_texts};

/// The lite's root element's id.
pub const ROOT_ID: &str = "kiosque-first";
/// Its search box's id (the app's is `search`: both are in the page until the hand-over).
pub const INPUT_ID: &str = "kiosque-first-q";
/// Words in a snippet (the app's `SNIPPET_WORDS`).
const SNIPPET_WORDS: usize = 30;

/// The elements the lite updates.
pub struct Page {
    document: Document,
    locale: Locale,
    /// The search box.
    pub input: HtmlInputElement,
    interpreted: Element,
    section: Element,
    count: Element,
    list: Element,
}

fn element(document: &Document, tag: &str, attributes: &[(&str, &str)]) -> Element {
    let element = document
        .create_element(tag)
        .expect("the lite creates only valid element names");
    for (name, value) in attributes {
        let _ = element.set_attribute(name, value);
    }
    element
}

fn append(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

fn text(parent: &Element, text: &str) {
    let _ = parent.append_with_str_1(text);
}

impl Page {
    /// Builds the first screen before `#kiosque` (the app's root, which the loader hides
    /// meanwhile), with `q` in the search box.
    pub fn mount(locale: Locale, q: &str) -> Result<Page, String> {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?;
        let app = document
            .get_element_by_id("kiosque")
            .ok_or("the page has no #kiosque")?;
        let t = list_texts(locale);
        let d = &document;
        let root = element(d, "div", &[("id", ROOT_ID)]);
        let header = element(d, "header", &[("class", "site-header")]);
        let inner = element(d, "div", &[("class", "header-inner")]);
        let title = element(d, "a", &[("class", "site-title"), ("href", "#/")]);
        text(&title, "Kiosque");
        append(&inner, &title);
        append(&header, &inner);
        append(&root, &header);
        let main = element(d, "main", &[("tabindex", "-1")]);
        let page = element(d, "div", &[("class", "list-page")]);
        let form = element(d, "form", &[("class", "search"), ("role", "search")]);
        let label = element(d, "label", &[("for", INPUT_ID), ("class", "search-label")]);
        text(&label, t.search_label);
        let input = element(
            d,
            "input",
            &[
                ("type", "search"),
                ("id", INPUT_ID),
                ("name", "q"),
                ("placeholder", t.search_placeholder),
                ("autocomplete", "off"),
                ("spellcheck", "false"),
                ("aria-describedby", "kiosque-first-interpreted"),
            ],
        );
        let key = element(
            d,
            "kbd",
            &[("class", "search-key"), ("aria-hidden", "true")],
        );
        text(&key, "/");
        append(&form, &label);
        append(&form, &input);
        append(&form, &key);
        append(&page, &form);
        let interpreted = element(
            d,
            "p",
            &[
                ("id", "kiosque-first-interpreted"),
                ("class", "interpreted"),
            ],
        );
        append(&page, &interpreted);
        let layout = element(d, "div", &[("class", "list-layout")]);
        // The filters' column, empty until the app fills it: the results sit where the app's do.
        append(&layout, &element(d, "div", &[("class", "filters")]));
        let section = element(d, "section", &[("class", "results-section")]);
        let heading = element(d, "h2", &[("class", "visually-hidden")]);
        text(&heading, t.results_label);
        append(&section, &heading);
        let count = element(d, "p", &[("class", "count"), ("role", "status")]);
        append(&section, &count);
        let holder = element(d, "div", &[]);
        let list = element(
            d,
            "ol",
            &[("class", "results"), ("aria-label", t.results_label)],
        );
        append(&holder, &list);
        append(&section, &holder);
        append(&layout, &section);
        append(&page, &layout);
        append(&main, &page);
        append(&root, &main);
        app.parent_node()
            .ok_or("#kiosque has no parent")?
            .insert_before(&root, Some(&app))
            .map_err(|e| kiosque_web::describe(&e))?;
        let input: HtmlInputElement = input.unchecked_into();
        input.set_value(q);
        Ok(Page {
            document,
            locale,
            input,
            interpreted,
            section,
            count,
            list,
        })
    }

    /// Says which text the results below are for, and how it was understood.
    pub fn set_query(&self, q: &str, described: &str) {
        let _ = self.section.set_attribute("data-query", q);
        self.interpreted.set_text_content(None);
        if !described.is_empty() {
            let label = element(&self.document, "span", &[("class", "interpreted-label")]);
            text(&label, list_texts(self.locale).interpreted_as);
            append(&self.interpreted, &label);
            text(&self.interpreted, " ");
            let query = element(&self.document, "span", &[("class", "interpreted-query")]);
            text(&query, described);
            append(&self.interpreted, &query);
        }
    }

    /// The count, or what is awaited (`busy`: the results are not final).
    pub fn set_count(&self, words: &str, busy: bool) {
        self.count.set_text_content(Some(words));
        let _ = self
            .count
            .set_attribute("aria-busy", if busy { "true" } else { "false" });
    }

    /// Empties the list and puts `n` rows saying "Loading…" in it (of `total` results).
    pub fn placeholders(&self, n: usize, total: usize) {
        self.list.set_text_content(None);
        for index in 0..n {
            let li = self.loading_row(index, total);
            append(&self.list, &li);
        }
    }

    fn loading_row(&self, index: usize, total: usize) -> Element {
        let li = element(
            &self.document,
            "li",
            &[
                ("class", "result loading"),
                ("aria-busy", "true"),
                ("data-index", &index.to_string()),
                ("aria-posinset", &(index + 1).to_string()),
                ("aria-setsize", &total.to_string()),
            ],
        );
        text(&li, list_texts(self.locale).loading_row);
        li
    }

    /// How many of the first rows are in the viewport (rows have a fixed height in the
    /// stylesheet, so "Loading…" rows measure as the rows that replace them).
    pub fn rows_in_view(&self) -> usize {
        let height = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        let rows = self.list.children();
        (0..rows.length())
            .filter_map(|i| rows.item(i))
            .take_while(|row| row.get_bounding_client_rect().top() < height)
            .count()
    }

    /// Shows the article `meta` in row `index` of `total`, its matches marked, the snippet cut
    /// from `plain` (the row's text) as the app's row does.
    pub fn fill_row(
        &self,
        index: usize,
        total: usize,
        meta: &ArticleMeta,
        plain: Option<&str>,
        highlighter: &Highlighter,
        q: &str,
    ) {
        let Some(old) = self.list.children().item(index as u32) else {
            return;
        };
        let d = &self.document;
        // Until its text arrives, a row's summary stands in for its snippet, with the query's
        // words marked, and the row says so with the class `snippet-pending` (the app's rows).
        let pending = plain.is_none() && !highlighter.is_empty();
        let li = element(
            d,
            "li",
            &[
                (
                    "class",
                    if pending {
                        "result snippet-pending"
                    } else {
                        "result"
                    },
                ),
                ("lang", &meta.lang),
                ("data-index", &index.to_string()),
                ("data-article-id", &meta.id),
                ("aria-posinset", &(index + 1).to_string()),
                ("aria-setsize", &total.to_string()),
            ],
        );
        let h2 = element(d, "h2", &[("class", "result-title")]);
        let mut href = format!(
            "#/article/{}",
            String::from(js_sys::encode_uri_component(&meta.id))
        );
        if !q.is_empty() {
            href.push_str(&format!("?q={}", encode(q)));
        }
        let link = element(d, "a", &[("href", &href)]);
        self.marked(&link, &meta.title, &highlighter.highlight(&meta.title));
        append(&h2, &link);
        append(&li, &h2);
        let line = element(d, "p", &[("class", "result-meta")]);
        let t = list_texts(self.locale);
        match meta.date {
            Some(date) => {
                let time = element(d, "time", &[("datetime", &date.iso())]);
                text(&time, &date.display(self.locale));
                append(&line, &time);
            }
            None => {
                let undated = element(d, "span", &[("class", "undated")]);
                text(&undated, t.undated);
                append(&line, &undated);
            }
        }
        let by = byline(self.locale, meta.source.as_deref(), &meta.authors);
        if !by.is_empty() {
            let span = element(d, "span", &[("class", "byline")]);
            text(&span, &by);
            append(&line, &span);
        }
        append(&li, &line);
        let (snippet, marks) = match plain {
            _ if highlighter.is_empty() => (meta.summary.clone(), Vec::new()),
            None => (meta.summary.clone(), highlighter.highlight(&meta.summary)),
            Some(plain) => {
                let s = highlighter.snippet(plain, SNIPPET_WORDS);
                (s.text, s.highlights)
            }
        };
        if !snippet.is_empty() {
            let p = element(d, "p", &[("class", "result-snippet")]);
            self.marked(&p, &snippet, &marks);
            append(&li, &p);
        }
        if !meta.tags.is_empty() {
            let tags = element(d, "ul", &[("class", "tags"), ("aria-label", t.tags_label)]);
            for tag in &meta.tags {
                let item = element(d, "li", &[]);
                text(&item, tag);
                append(&tags, &item);
            }
            append(&li, &tags);
        }
        let _ = old.replace_with_with_node_1(&li);
    }

    /// Appends `text` to `parent` with the byte `ranges` in `<mark>` (the app's `marked`).
    fn marked(&self, parent: &Element, whole: &str, ranges: &[Range<usize>]) {
        let mut last = 0;
        for range in ranges {
            let (Some(before), Some(word)) =
                (whole.get(last..range.start), whole.get(range.clone()))
            else {
                continue;
            };
            if !before.is_empty() {
                text(parent, before);
            }
            let mark = element(&self.document, "mark", &[]);
            text(&mark, word);
            append(parent, &mark);
            last = range.end;
        }
        text(parent, whole.get(last..).unwrap_or_default());
    }
}
