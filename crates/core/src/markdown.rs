//! Everything Kiosque does with Markdown, in one place: the parser options, safe HTML for the
//! reader, and the plain text the importer and the index read.
//!
//! Article text is untrusted. The HTML produced here must never carry script: raw HTML in the
//! source is rebuilt tag by tag from the allow-list of [`crate::html_allow`] (tables, `small`,
//! `sub`, `details`… with a few checked attributes), anything else in it is shown as text, and
//! links or images with a scheme other than `http`, `https` or `mailto` lose their target. The
//! bundler has already cleaned raw HTML down to that list; this is the reader's own guard.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::html_allow::{self, Piece};
use crate::pictures::{self, Pictures};

/// The Markdown extensions Kiosque enables, the same for every use so that what the importer
/// reads is what the reader sees. Smart punctuation stays off: the reader sees the author's own
/// quotes and dashes, and search highlights match the source text exactly.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// Renders Markdown to HTML that is safe to insert into the page as is, with no bundled
/// picture and remote ones behind a button.
pub fn to_safe_html(markdown: &str) -> String {
    to_safe_html_with(markdown, &Pictures::none())
}

/// Renders Markdown to HTML that is safe to insert into the page as is, showing pictures as
/// `pictures` says (see [`crate::pictures`]).
pub fn to_safe_html_with(markdown: &str, pictures: &Pictures) -> String {
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(
        &mut html,
        SafeEvents::new(Parser::new_ext(markdown, options()), pictures),
    );
    html
}

/// Whether a link or image target may be followed: relative references, fragments, and the
/// `http`, `https` and `mailto` schemes. Browsers ignore whitespace and control characters
/// inside a scheme (`java\tscript:`), so they are ignored here too before deciding.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find([':', '/', '?', '#']) {
        Some(at) if cleaned.as_bytes()[at] == b':' => {
            matches!(&cleaned[..at], "http" | "https" | "mailto")
        }
        _ => true,
    }
}

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
}

impl<'a, 'p, I: Iterator<Item = Event<'a>>> SafeEvents<'a, 'p, I> {
    fn new(inner: I, pictures: &'p Pictures<'p>) -> Self {
        Self {
            inner,
            pictures,
            in_dropped_link: false,
            queue: VecDeque::new(),
            block: None,
        }
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
        Event::Html(pictures::picture_html(self.pictures, url, &alt, title).into())
    }

    /// Raw HTML keeps the tags of the allow-list, rebuilt, and `<img>` tags become pictures drawn
    /// from their `src`, `alt` and `title` alone; everything else is shown as text.
    fn raw_html(&mut self, raw: &str) {
        for piece in html_allow::pieces(raw) {
            let event = match piece {
                Piece::Tag { html, .. } => Event::Html(html.into()),
                Piece::Img { src, alt, title } => {
                    Event::Html(pictures::picture_html(self.pictures, &src, &alt, &title).into())
                }
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

/// The readable text of a Markdown document: paragraphs, headings, list items, table cells and
/// code, each block on its own line, without markup.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    // An HTML block comes line by line and a tag may span lines: the block is read whole.
    let mut block: Option<String> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::Start(Tag::HtmlBlock) => block = Some(String::new()),
            Event::Html(raw) if block.is_some() => {
                if let Some(block) = block.as_mut() {
                    block.push_str(&raw);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                push_html_text(&mut text, &block.take().unwrap_or_default());
            }
            // The text of allowed HTML (a table's cells, a caption) is read like any other.
            Event::Html(raw) | Event::InlineHtml(raw) => push_html_text(&mut text, &raw),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) if !text.ends_with('\n') => {
                text.push('\n');
            }
            _ => {}
        }
    }
    text
}

/// Appends the text of raw HTML to `text`, a line break at each block element.
fn push_html_text(text: &mut String, raw: &str) {
    for piece in html_allow::pieces(raw) {
        match piece {
            Piece::Text(t) => text.push_str(&t),
            Piece::Tag { block: true, .. } if !text.ends_with(['\n', ' ']) => text.push('\n'),
            _ => {}
        }
    }
}

/// The first top-level (`#`) heading, as plain text, with the byte range of its source.
pub fn first_h1(markdown: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut title: Option<(String, usize)> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => title = Some((String::new(), range.start)),
            Event::Text(t) | Event::Code(t) => {
                if let Some((ref mut s, _)) = title {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                let (s, start) = title.take()?;
                return Some((s.trim().to_owned(), start..range.end));
            }
            _ => {}
        }
    }
    None
}

/// The text of the first paragraph, without markup.
pub fn first_paragraph(markdown: &str) -> Option<String> {
    let mut para: Option<String> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) => para = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(p) = para.as_mut() {
                    p.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = para.as_mut() {
                    p.push(' ');
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = para.take().filter(|p| !p.trim().is_empty()) {
                    return Some(p.trim().to_owned());
                }
            }
            _ => {}
        }
    }
    None
}

/// Escapes plain text so that Markdown reads it back as the same plain text.
///
/// Press clippings are plain text; storing them as Markdown lets one renderer serve every format,
/// but a clipping line starting with `1.` or holding `<b>` must not turn into a list or a tag.
pub fn escape_text(text: &str) -> CowStr<'static> {
    let mut out = String::with_capacity(text.len() + 8);
    let trimmed = text.trim_start();
    // Block markers only matter at the start of a line.
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let ordered_marker = digits > 0 && matches!(trimmed.as_bytes().get(digits), Some(b'.' | b')'));
    for (i, c) in trimmed.char_indices() {
        let at_start = i == 0;
        let needs = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' => true,
            '#' | '+' | '-' | '=' if at_start => true,
            '.' | ')' if ordered_marker && i == digits => true,
            _ => false,
        };
        if needs {
            out.push('\\');
        }
        out.push(c);
    }
    CowStr::from(out)
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn url_check_ignores_obfuscation() {
        assert!(!is_safe_url(" jav\tascript:alert(1)"));
        assert!(is_safe_url("docs/a:b"));
        assert!(is_safe_url("?q=a:b"));
        assert!(!is_safe_url("file:///etc/passwd"));
    }

    #[test]
    fn escaped_text_reads_back_unchanged() {
        for text in [
            "1. Not a list",
            "- not a bullet",
            "# not a heading",
            "<b>not bold</b> & *not emphasis* [not](a link)",
            "Le prix : 5 € (hors taxes) ! C’est l’été.",
        ] {
            let md = escape_text(text);
            assert_eq!(plain_text(&md).trim_end(), text, "{md}");
        }
    }

    #[test]
    fn finds_the_title_and_first_paragraph() {
        let md = "Intro line\n\n# The *title*\n\nFirst para\ncontinues.\n\nSecond.";
        let (title, range) = first_h1(md).unwrap();
        assert_eq!(title, "The title");
        assert_eq!(&md[range], "# The *title*\n");
        assert_eq!(first_paragraph(md).unwrap(), "Intro line");
        assert!(plain_text(md).contains("First para continues."));
    }

    #[test]
    fn pictures_are_drawn_from_markdown_and_img_tags() {
        let bundled = |url: &str| {
            (url == "assets/00aa.png").then(|| crate::pictures::BundledPicture {
                url: format!("bundle/{url}"),
                width: 40,
                height: 30,
            })
        };
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
}
