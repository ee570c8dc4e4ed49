//! Markdown to HTML that is safe to insert into the page as is, and what the reader needs to
//! know about it (whether remote pictures are present, which bundled ones it shows) without
//! searching the HTML.

use std::collections::VecDeque;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::pictures::{self, Drawn, Pictures};
use super::{is_safe_url, options};
use crate::html_allow::{self, Piece};

/// A rendered body: its HTML and what it shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// HTML safe to insert into the page as is.
    pub html: String,
    /// Whether it holds a remote picture, shown or waiting behind its button.
    pub remote_pictures: bool,
    /// The URLs of the bundled pictures it shows, in order (as [`Pictures::bundled`] gave them).
    pub bundled_pictures: Vec<String>,
}

/// Renders Markdown to HTML that is safe to insert into the page as is, with no bundled
/// picture and remote ones behind a button.
pub fn to_safe_html(markdown: &str) -> String {
    to_safe_html_with(markdown, &Pictures::none())
}

/// Renders Markdown to HTML that is safe to insert into the page as is, showing pictures as
/// `pictures` says (see [`super::pictures`]).
pub fn to_safe_html_with(markdown: &str, pictures: &Pictures) -> String {
    render(markdown, pictures).html
}

/// Renders Markdown to HTML that is safe to insert into the page as is, showing pictures as
/// `pictures` says (see [`super::pictures`]), and tells what the HTML shows.
pub fn render(markdown: &str, pictures: &Pictures) -> Rendered {
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    let mut events = SafeEvents::new(Parser::new_ext(markdown, options()), pictures);
    pulldown_cmark::html::push_html(&mut html, &mut events);
    Rendered {
        html,
        remote_pictures: events.remote_pictures,
        bundled_pictures: events.bundled_pictures,
    }
}

/// Renders Markdown as [`render`] does, but leaves every picture undrawn: each is written as one
/// [`PICTURE_MARK`] in the HTML and returned apart, as `[url, alt, title]` exactly as [`render`]
/// would have handed them to the picture drawer. What a picture becomes depends on the reader
/// (its bundle's URLs, its choice about remote pictures, its language); the rest does not, so the
/// bundler renders the rest once (see [`super::stored`]). `markdown` must hold no NUL (the mark).
#[cfg(feature = "bundler")]
pub(crate) fn render_without_pictures(markdown: &str) -> (String, Vec<[String; 3]>) {
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    let none = Pictures::none();
    let mut events = SafeEvents::new(Parser::new_ext(markdown, options()), &none);
    events.undrawn = Some(Vec::new());
    pulldown_cmark::html::push_html(&mut html, &mut events);
    (html, events.undrawn.unwrap_or_default())
}

/// What [`render_without_pictures`] writes in a picture's place.
pub(crate) const PICTURE_MARK: char = '\0';

/// Wraps a parser and rewrites the events that could run script, and draws pictures.
struct SafeEvents<'a, 'p, I: Iterator<Item = Event<'a>>> {
    inner: I,
    pictures: &'p Pictures<'p>,
    /// Set while inside a link whose target was refused: its text stays, the `<a>` goes.
    in_dropped_link: bool,
    /// Events already rewritten, waiting to be handed out (one raw HTML event can become several).
    queue: VecDeque<Event<'a>>,
    /// The lines of the HTML block being read: a tag may span lines, so a block is read whole.
    block: Option<String>,
    /// Whether a remote picture was drawn.
    remote_pictures: bool,
    /// The URLs of the bundled pictures drawn.
    bundled_pictures: Vec<String>,
    /// When set, pictures are not drawn but kept here (see [`render_without_pictures`]).
    undrawn: Option<Vec<[String; 3]>>,
}

impl<'a, 'p, I: Iterator<Item = Event<'a>>> SafeEvents<'a, 'p, I> {
    fn new(inner: I, pictures: &'p Pictures<'p>) -> Self {
        Self {
            inner,
            pictures,
            in_dropped_link: false,
            queue: VecDeque::new(),
            block: None,
            remote_pictures: false,
            bundled_pictures: Vec::new(),
            undrawn: None,
        }
    }

    /// One picture's HTML, noting what it shows.
    fn draw(&mut self, url: &str, alt: &str, title: &str) -> String {
        if let Some(undrawn) = self.undrawn.as_mut() {
            undrawn.push([url.to_owned(), alt.to_owned(), title.to_owned()]);
            return PICTURE_MARK.to_string();
        }
        let (html, drawn) = pictures::draw(self.pictures, url, alt, title);
        match drawn {
            Drawn::Bundled(url) => self.bundled_pictures.push(url),
            Drawn::Remote => self.remote_pictures = true,
            Drawn::Missing => {}
        }
        html
    }

    /// Reads an image's alt text up to its end (it may hold markup, nested images included) and
    /// returns the picture as ready HTML.
    fn picture(&mut self, url: &str, title: &str) -> Event<'a> {
        let mut alt = String::new();
        let mut depth = 1;
        for event in self.inner.by_ref() {
            match event {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        Event::Html(self.draw(url, &alt, title).into())
    }

    /// Raw HTML keeps the tags of the allow-list, rebuilt, and `<img>` tags become pictures drawn
    /// from their `src`, `alt` and `title` alone; everything else is shown as text.
    fn raw_html(&mut self, raw: &str) {
        for piece in html_allow::pieces(raw) {
            let event = match piece {
                Piece::Tag { html, .. } => Event::Html(html.into()),
                Piece::Img { src, alt, title } => Event::Html(self.draw(&src, &alt, &title).into()),
                // The HTML writer escapes `Text`.
                Piece::Text(text) => Event::Text(text.into_owned().into()),
            };
            self.queue.push_back(event);
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for SafeEvents<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(queued) = self.queue.pop_front() {
            return Some(queued);
        }
        loop {
            let event = self.inner.next()?;
            return Some(match event {
                Event::Start(Tag::HtmlBlock) => {
                    self.block = Some(String::new());
                    continue;
                }
                Event::Html(raw) if self.block.is_some() => {
                    if let Some(block) = self.block.as_mut() {
                        block.push_str(&raw);
                    }
                    continue;
                }
                Event::End(TagEnd::HtmlBlock) => {
                    let block = self.block.take().unwrap_or_default();
                    self.raw_html(&block);
                    self.queue.push_back(event);
                    self.queue.push_front(Event::Start(Tag::HtmlBlock));
                    return self.queue.pop_front();
                }
                Event::Html(raw) | Event::InlineHtml(raw) => {
                    self.raw_html(&raw);
                    match self.queue.pop_front() {
                        Some(first) => first,
                        None => continue,
                    }
                }
                Event::Start(Tag::Link { ref dest_url, .. }) if !is_safe_url(dest_url) => {
                    self.in_dropped_link = true;
                    continue;
                }
                Event::End(TagEnd::Link) if self.in_dropped_link => {
                    self.in_dropped_link = false;
                    continue;
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => self.picture(&dest_url, &title),
                other => other,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::plain_text;
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_safe_html("Hi <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<iframe src=\"https://example.org\"></iframe>");
        assert!(!html.contains("<script"), "{html}");
        // The `<img>` becomes a placeholder: `x` is not a bundled picture.
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn allowed_html_is_rebuilt_and_read_as_text() {
        let md = "<table>\n<tr><td colspan=\"2\"\n  onclick=\"x()\">Un</td><td>Deux</td></tr>\n</table>\n\nH<sub>2</sub>O <small>crédit</small> <b onmouseover=x>gras</b>\n";
        let html = to_safe_html(md);
        assert!(
            html.contains("<table>\n<tr><td colspan=\"2\">Un</td><td>Deux</td></tr>\n</table>"),
            "{html}"
        );
        assert!(
            html.contains("H<sub>2</sub>O <small>crédit</small> <b>gras</b>"),
            "{html}"
        );
        assert!(
            !html.contains("onclick") && !html.contains("onmouseover"),
            "{html}"
        );
        let text = plain_text(md);
        assert!(text.contains("Un\nDeux"), "{text:?}");
        assert!(text.contains("H2O crédit gras"), "{text:?}");
    }

    #[test]
    fn script_links_lose_their_target() {
        for source in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](java%0ascript:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](data:text/html,<script>alert(1)</script>)",
            "[x](vbscript:msgbox)",
            "<javascript:alert(1)>",
        ] {
            let html = to_safe_html(source);
            assert!(!html.contains("href"), "{source} gave {html}");
        }
        assert!(to_safe_html("![a](javascript:alert(1))").contains('a'));
        assert!(!to_safe_html("![a](javascript:alert(1))").contains("<img"));
    }

    #[test]
    fn ordinary_links_survive() {
        let html = to_safe_html(
            "[a](https://example.org/x) [b](../page.html#top) [c](mailto:a@b.fr) [d](#notes)",
        );
        assert_eq!(html.matches("href").count(), 4, "{html}");
    }

    /// The one bundled picture of these tests.
    fn bundled(url: &str) -> Option<crate::markdown::pictures::BundledPicture> {
        (url == "assets/00aa.png").then(|| crate::markdown::pictures::BundledPicture {
            url: format!("bundle/{url}"),
            width: 40,
            height: 30,
        })
    }

    #[test]
    fn pictures_are_drawn_from_markdown_and_img_tags() {
        let pictures = Pictures {
            bundled: &bundled,
            ..Pictures::none()
        };
        let html = to_safe_html_with(
            "A ![chart *one*](assets/00aa.png \"T\") and ![gone](nope.png).\n\n\
             <p align=center><img src=\"assets/00aa.png\" alt=\"tag\" onload=\"x()\"></p>",
            &pictures,
        );
        assert!(html.contains("<img class=\"picture\" src=\"bundle/assets/00aa.png\" alt=\"chart one\" title=\"T\" width=\"40\" height=\"30\""), "{html}");
        assert!(html.contains("aria-label=\"gone\""), "{html}");
        assert!(
            html.contains("<p><img class=\"picture\" src=\"bundle/assets/00aa.png\" alt=\"tag\""),
            "{html}"
        );
        assert!(html.contains("</p>"), "{html}");
        assert!(!html.contains("onload"), "{html}");
    }

    #[test]
    fn the_renderer_says_what_pictures_it_drew() {
        let pictures = |load_remote| Pictures {
            bundled: &bundled,
            load_remote,
            ..Pictures::none()
        };
        let plain = render(
            "Texte *seul*, [un lien](https://example.org).",
            &pictures(false),
        );
        assert!(!plain.remote_pictures && plain.bundled_pictures.is_empty());
        let md = "![a](assets/00aa.png) ![gone](nope.png)\n\n<img src=\"assets/00aa.png\">\n";
        let local = render(md, &pictures(false));
        assert!(!local.remote_pictures);
        assert_eq!(
            local.bundled_pictures,
            ["bundle/assets/00aa.png", "bundle/assets/00aa.png"]
        );
        for load_remote in [false, true] {
            for md in [
                "![carte](https://example.org/a.png)",
                "<p><img src=\"//cdn.example.org/a.png\" alt=x></p>",
            ] {
                let rendered = render(md, &pictures(load_remote));
                assert!(rendered.remote_pictures, "{md}: {}", rendered.html);
                assert_eq!(rendered.html, to_safe_html_with(md, &pictures(load_remote)));
            }
        }
        // A refused scheme is no remote picture.
        assert!(!render("![x](javascript:alert(1))", &pictures(true)).remote_pictures);
    }
}
