//! Everything Kiosque does with Markdown, in one place: the parser options, the plain text the
//! importer and the index read (here), safe HTML for the reader ([`render`]), which link and
//! picture addresses may be followed ([`is_safe_url`]), how pictures are drawn ([`pictures`]),
//! and where a body writes its pictures' addresses, for the importer (`image_refs`).
//!
//! Article text is untrusted. The HTML produced here must never carry script: raw HTML in the
//! source is rebuilt tag by tag from the allow-list of [`crate::html_allow`] (tables, `small`,
//! `sub`, `details`… with a few checked attributes), anything else in it is shown as text, and
//! links or images with a scheme other than `http`, `https` or `mailto` lose their target. The
//! bundler has already cleaned raw HTML down to that list; this is the reader's own guard.

#[cfg(feature = "bundler")]
pub(crate) mod image_refs;
pub mod pictures;
mod render;
mod safe_url;
pub mod stored;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::html_allow::{self, Piece};

pub use render::{render, to_safe_html, to_safe_html_with, Rendered};
pub use safe_url::is_safe_url;

/// The Markdown extensions Kiosque enables, the same for every use so that what the importer
/// reads is what the reader sees. Smart punctuation stays off: the reader sees the author's own
/// quotes and dashes, and search highlights match the source text exactly.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
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
}
