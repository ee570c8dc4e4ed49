//! Finding the pictures a Markdown body shows (for the importer, which bundles them) — `![alt](url)`, `![alt][ref]` with its
//! `[ref]: url` definition, and raw `<img src>` tags — and pointing them at other addresses
//! without changing a byte of the rest of the text.
//!
//! pulldown-cmark finds the images, so that what is rewritten is exactly what the reader will
//! render as an image (not a `![` inside a code span); the addresses are then located in the
//! source text by hand, because the parser gives the range of a whole image, not of its address.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::html_tag;
use crate::markdown;

/// One place in a body where a picture's address is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageRef {
    /// The address as the reader will use it: Markdown escapes and HTML character references
    /// resolved, percent-encoding kept.
    pub url: String,
    /// The bytes of the body that hold the address, angle brackets included for
    /// `<an address with spaces>`; a new address replaces exactly these.
    pub written: Range<usize>,
}

/// Whether `body` can hold an image at all. Most articles have none; this check lets them skip
/// the Markdown pass, which matters when importing tens of thousands of articles.
pub(crate) fn may_have_images(body: &str) -> bool {
    body.contains("![")
        || body
            .match_indices('<')
            .any(|(at, _)| body.as_bytes()[at..].get(..4).is_some_and(is_img_opening))
}

fn is_img_opening(bytes: &[u8]) -> bool {
    bytes.eq_ignore_ascii_case(b"<img")
}

/// Every picture address written in `body`, in text order. A reference definition used by
/// several images is listed once; images whose address cannot be located exactly are left out
/// rather than risk rewriting the wrong bytes.
pub(crate) fn find(body: &str) -> Vec<ImageRef> {
    let mut found = Vec::new();
    let mut definitions_seen = HashSet::new();
    let mut parser = Parser::new_ext(body, markdown::options()).into_offset_iter();
    // Images being read: where their alt text ends so far, and what the parser said about them.
    let mut open: Vec<OpenImage> = Vec::new();
    let mut in_html_block = false;
    while let Some((event, range)) = parser.next() {
        // Everything inside an image is its alt text; its end is where the address starts.
        if let Some(image) = open.last_mut() {
            if !matches!(event, Event::End(TagEnd::Image)) {
                image.alt_end = image.alt_end.max(range.end);
            }
        }
        match event {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            }) => {
                open.push(OpenImage {
                    // Past `![`: an empty alt text ends there.
                    alt_end: range.start + 2,
                    range,
                    link_type,
                    url: dest_url.into_string(),
                    label: id.into_string(),
                });
            }
            Event::End(TagEnd::Image) => {
                let Some(image) = open.pop() else { continue };
                if let Some(outer) = open.last_mut() {
                    outer.alt_end = outer.alt_end.max(range.end);
                }
                if image.url.is_empty() {
                    continue;
                }
                let written = match image.link_type {
                    LinkType::Inline => inline_destination(body, &image),
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => parser
                        .reference_definitions()
                        .get(&image.label)
                        .filter(|def| definitions_seen.insert(def.span.start))
                        .and_then(|def| definition_destination(body, def.span.clone())),
                    _ => None,
                };
                if let Some(written) = written {
                    found.push(ImageRef {
                        url: image.url,
                        written,
                    });
                }
            }
            // An HTML block comes line by line; a tag may span lines, so the block is read whole.
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                img_tags(body, range, &mut found);
            }
            Event::End(TagEnd::HtmlBlock) => in_html_block = false,
            Event::Html(_) | Event::InlineHtml(_) if !in_html_block => {
                img_tags(body, range, &mut found);
            }
            _ => {}
        }
    }
    found.sort_by_key(|r| r.written.start);
    found
}

/// An image whose end the parser has not reached yet.
struct OpenImage {
    range: Range<usize>,
    /// The end of the furthest event inside the image: its alt text ends at or after it.
    alt_end: usize,
    link_type: LinkType,
    url: String,
    label: String,
}

/// The address of `![alt](address "title")`: after the `](` that follows the alt text.
fn inline_destination(body: &str, image: &OpenImage) -> Option<Range<usize>> {
    let text = &body[..image.range.end];
    let close = image.alt_end + text[image.alt_end..].find(']')?;
    if text.as_bytes().get(close + 1) != Some(&b'(') {
        return None;
    }
    let written = destination(text, close + 2)?;
    matches_url(&body[written.clone()], &image.url).then_some(written)
}

/// The address of a `[label]: address "title"` definition spanning `span`.
fn definition_destination(body: &str, span: Range<usize>) -> Option<Range<usize>> {
    let text = &body[..span.end];
    let bytes = text.as_bytes();
    let mut i = span.start + 1;
    // A label holds no unescaped `]`.
    while *bytes.get(i)? != b']' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    if bytes.get(i + 1) != Some(&b':') {
        return None;
    }
    destination(text, i + 2)
}

/// The link destination starting at or after byte `from` (past spaces and at most one line
/// break, as CommonMark allows): `<…>` whole, or a run of non-blank characters with balanced
/// parentheses.
fn destination(text: &str, from: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut start = from;
    let mut line_breaks = 0;
    while let Some(&b) = bytes.get(start) {
        match b {
            b' ' | b'\t' => {}
            b'\n' if line_breaks == 0 => line_breaks += 1,
            // A definition's continuation line inside a block quote starts with `>`.
            b'>' if line_breaks == 1 && bytes[..start].ends_with(b"\n") => {}
            _ => break,
        }
        start += 1;
    }
    if bytes.get(start) == Some(&b'<') {
        let mut i = start + 1;
        loop {
            match *bytes.get(i)? {
                b'>' => return Some(start..i + 1),
                b'\n' | b'<' => return None,
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
    }
    let mut depth = 0usize;
    let mut end = start;
    while let Some(&b) = bytes.get(end) {
        match b {
            b if b.is_ascii_whitespace() || b.is_ascii_control() => break,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b'\\' => end += 1,
            _ => {}
        }
        end += 1;
    }
    let end = end.min(text.len());
    (end > start).then_some(start..end)
}

/// Whether the address written as `raw` is the one the parser read as `url`: backslash escapes
/// removed and angle brackets dropped. Character references (`&amp;`) are the parser's to
/// decode, so an address holding `&` is trusted as located.
fn matches_url(raw: &str, url: &str) -> bool {
    let raw = raw
        .strip_prefix('<')
        .and_then(|r| r.strip_suffix('>'))
        .unwrap_or(raw);
    if raw.contains('&') {
        return true;
    }
    let mut unescaped = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(next)) if next.is_ascii_punctuation() => {
                unescaped.push(*next);
                chars.next();
            }
            _ => unescaped.push(c),
        }
    }
    unescaped == url
}

/// The `src` of every `<img>` tag in `body[range]`.
fn img_tags(body: &str, range: Range<usize>, found: &mut Vec<ImageRef>) {
    let mut at = range.start;
    while let Some(next) = body[at..range.end].find('<') {
        let tag_at = at + next;
        at = tag_at + 1;
        // A commented-out picture is not shown, so it is neither bundled nor reported.
        if body[tag_at..range.end].starts_with("<!--") {
            match body[tag_at..range.end].find("-->") {
                Some(end) => at = tag_at + end + 3,
                None => return,
            }
            continue;
        }
        if !body.as_bytes()[tag_at..]
            .get(..4)
            .is_some_and(is_img_opening)
        {
            continue;
        }
        let Some(tag) = html_tag::start_tag(body, tag_at) else {
            continue;
        };
        if !tag.name.eq_ignore_ascii_case("img") {
            continue;
        }
        if let Some(src) = tag.get("src").filter(|src| !src.value.trim().is_empty()) {
            found.push(ImageRef {
                url: html_tag::decode_value(src.value.trim()),
                written: src.value_at.clone(),
            });
        }
        at = tag.end;
    }
}

/// `body` with each range replaced by its text. Ranges must not overlap; a range that overlaps
/// an earlier one is ignored.
pub(crate) fn replace(body: &str, mut replacements: Vec<(Range<usize>, String)>) -> String {
    replacements.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(body.len() + replacements.len() * 8);
    let mut copied = 0;
    for (range, text) in replacements {
        if range.start < copied {
            continue;
        }
        out.push_str(&body[copied..range.start]);
        out.push_str(&text);
        copied = range.end;
    }
    out.push_str(&body[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(body: &str) -> Vec<(String, String)> {
        find(body)
            .into_iter()
            .map(|r| (r.url, body[r.written].to_owned()))
            .collect()
    }

    fn pair(url: &str, written: &str) -> (String, String) {
        (url.to_owned(), written.to_owned())
    }

    #[test]
    fn finds_inline_images_with_titles_escapes_and_brackets() {
        let body = "A ![a *b* \\] c](<my pic.png> \"t\") b ![x](p(1).png 'y') c ![](a\\_b.png)\n";
        assert_eq!(
            urls(body),
            [
                pair("my pic.png", "<my pic.png>"),
                pair("p(1).png", "p(1).png"),
                pair("a_b.png", "a\\_b.png"),
            ]
        );
    }

    #[test]
    fn finds_each_definition_once_and_nested_images() {
        let body = "![r][Ref] and ![Ref] ![n ![m](in.png)](out.png)\n\n> [ref]:\n>   pic.png 'x'\n";
        assert_eq!(
            urls(body),
            [
                pair("in.png", "in.png"),
                pair("out.png", "out.png"),
                pair("pic.png", "pic.png"),
            ]
        );
    }

    #[test]
    fn finds_img_tags_inline_and_in_blocks_but_not_in_code() {
        let body = "<div>\n<img alt=\"y\"\n src=\"x.png\">\n<!-- <img src=\"old.png\"> -->\n</div>\n\nText <IMG SRC=a&amp;b.png> `![no](code.png)` <img src=''>\n\n    ![no](indented.png)\n\n<!-- ![no](comment.png) <img src=\"x\"> -->\n";
        assert_eq!(
            urls(body),
            [pair("x.png", "x.png"), pair("a&b.png", "a&amp;b.png")]
        );
    }

    #[test]
    fn only_bodies_with_image_syntax_are_parsed() {
        assert!(!may_have_images(
            "Plain text with [a link](x) and <b>bold</b>."
        ));
        assert!(may_have_images("An ![image](x.png)."));
        assert!(may_have_images("A tag <IMG src=x.png>."));
    }

    #[test]
    fn replaces_ranges_and_keeps_everything_else() {
        let body = "Intro ![a](<my pic.png> \"t\") and <img src=\"b.png\" alt=\"b\"> end\n";
        let replacements = find(body)
            .into_iter()
            .map(|r| (r.written, "assets/0123.png".to_owned()))
            .collect();
        assert_eq!(
            replace(body, replacements),
            "Intro ![a](assets/0123.png \"t\") and <img src=\"assets/0123.png\" alt=\"b\"> end\n"
        );
    }
}
