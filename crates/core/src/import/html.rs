//! Raw HTML in Markdown bodies, cleaned at bundle time down to the allow-list of
//! [`crate::html_allow`] with ammonia (an HTML5 parser, natively: the web app does not carry it).
//!
//! Markdown and HTML interleave: `<details><summary>…</summary>`, a Markdown paragraph, then
//! `</details>`. Cleaning each piece of HTML alone would close the `<details>` before the
//! paragraph. So every piece of raw HTML of a body is cleaned in one document, the Markdown
//! between pieces standing in as numbered markers, and the cleaned document is cut back at the
//! markers: each piece gets its cleaned HTML, in place, and the Markdown is untouched. When the
//! parser moves a marker (text inside a `<table>` is moved before it), each piece is cleaned
//! alone instead.
//!
//! Before cleaning, an `<iframe>` of a known host (YouTube, Vimeo…) becomes a link card
//! ([`super::embed`]); any other iframe, scripts, styles, forms, event handlers and unknown
//! elements are dropped (the text of unknown elements is kept).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::embed;
use super::rewrite::Rewritten;
use crate::html_allow::{CLASSES, TAGS};
use crate::{html_tag, markdown};

/// Marks the Markdown between two pieces of HTML while the pieces are cleaned as one document.
/// Private-use characters: a body holding them is cleaned piece by piece.
const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

/// Whether `body` may hold raw HTML: most do not, and skip the parse.
pub(crate) fn may_have_html(body: &str) -> bool {
    body.bytes().any(|b| b == b'<')
}

/// `body` with every piece of raw HTML cleaned.
pub(crate) fn sanitise(body: &str) -> Rewritten {
    let pieces = html_pieces(body);
    if pieces.is_empty() {
        return Rewritten::unchanged(body);
    }
    let cleaned = clean_pieces(body, &pieces);
    let replacements = pieces
        .into_iter()
        .zip(cleaned)
        .filter(|(range, html)| &body[range.clone()] != html)
        .collect();
    Rewritten::new(body, replacements)
}

/// The byte ranges of raw HTML in `body`: whole HTML blocks and inline tags, in order.
fn html_pieces(body: &str) -> Vec<Range<usize>> {
    if !may_have_html(body) {
        return Vec::new();
    }
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut block: Option<Range<usize>> = None;
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => block = Some(range),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(mut whole) = block.take() {
                    whole.end = whole.end.max(range.end);
                    // The block's trailing line break belongs to the Markdown around it.
                    while whole.end > whole.start && body.as_bytes()[whole.end - 1] == b'\n' {
                        whole.end -= 1;
                    }
                    pieces.push(whole);
                }
            }
            Event::Html(_) if block.is_some() => {}
            Event::Html(_) | Event::InlineHtml(_) => pieces.push(range),
            _ => {}
        }
    }
    pieces.sort_by_key(|r| r.start);
    pieces.dedup_by(|b, a| b.start < a.end);
    pieces
}

/// Cleans `pieces` as one document. When the cleaning loses a marker (one inside an element
/// dropped with its content, such as an `<svg>`), the pieces are cut just before the piece that
/// opened that element, and each side is cleaned the same way, down to single pieces.
fn clean_pieces(body: &str, pieces: &[Range<usize>]) -> Vec<String> {
    if let [single] = pieces {
        return vec![clean(&body[single.clone()])];
    }
    match together(body, pieces) {
        Ok(cleaned) => cleaned,
        Err(lost) => {
            // Marker `lost` stood before piece `lost`: the element that swallowed it opened in
            // piece `lost - 1` or earlier.
            let cut = lost.saturating_sub(1).clamp(1, pieces.len() - 1);
            let (first, second) = pieces.split_at(cut);
            let mut cleaned = clean_pieces(body, first);
            cleaned.extend(clean_pieces(body, second));
            cleaned
        }
    }
}

/// Cleans all pieces as one document; `Err(i)` when marker `i` (standing before piece `i`) did
/// not come back in order.
fn together(body: &str, pieces: &[Range<usize>]) -> Result<Vec<String>, usize> {
    if body.contains([MARK_OPEN, MARK_CLOSE]) {
        return Err(1);
    }
    let mut document = String::with_capacity(pieces.iter().map(|r| r.len() + 8).sum());
    for (i, range) in pieces.iter().enumerate() {
        if i > 0 {
            document.push(MARK_OPEN);
            document.push_str(&i.to_string());
            document.push(MARK_CLOSE);
        }
        document.push_str(&body[range.clone()]);
    }
    let cleaned = clean(&document);
    let mut out = Vec::with_capacity(pieces.len());
    let mut rest = cleaned.as_str();
    for i in 1..pieces.len() {
        let marker = format!("{MARK_OPEN}{i}{MARK_CLOSE}");
        let Some((piece, after)) = rest.split_once(&marker) else {
            return Err(i);
        };
        out.push(piece.to_owned());
        rest = after;
    }
    if rest.contains(MARK_OPEN) {
        return Err(pieces.len() - 1);
    }
    out.push(rest.to_owned());
    Ok(out)
}

/// One piece of HTML (or several joined by markers) cleaned down to the allow-list.
fn clean(html: &str) -> String {
    let html = cards_for_iframes(html);
    let cleaned = cleaner().clean(&html).to_string();
    // A cleaned piece must stay the same kind of Markdown: an HTML block ends at a blank line,
    // so blank lines the cleaning left (where a script was) are closed up, except inside `<pre>`.
    if cleaned.contains("\n\n") && !cleaned.contains("<pre") {
        let mut text = cleaned;
        while text.contains("\n\n") {
            text = text.replace("\n\n", "\n");
        }
        text
    } else {
        cleaned
    }
}

/// Each `<iframe>` of a known host replaced by its link card.
fn cards_for_iframes(html: &str) -> std::borrow::Cow<'_, str> {
    let lower = html.to_ascii_lowercase();
    if !lower.contains("<iframe") {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = lower[from..].find("<iframe") {
        let at = from + found;
        let Some(tag) = html_tag::start_tag(html, at) else {
            break;
        };
        from = tag.end;
        if !tag.name.eq_ignore_ascii_case("iframe") {
            continue;
        }
        let src = tag.get("src").map(|a| html_tag::decode_value(a.value));
        let title = tag.get("title").map(|a| html_tag::decode_value(a.value));
        if let Some(card) = src.and_then(|src| embed::from_iframe(&src, title.as_deref())) {
            out.push_str(&html[copied..at]);
            out.push_str(card.html().trim());
            copied = tag.end;
        }
    }
    out.push_str(&html[copied..]);
    std::borrow::Cow::Owned(out)
}

/// The ammonia configuration, built once from the allow-list.
fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::empty();
        let tags: HashSet<&'static str> = TAGS.iter().map(|(tag, _)| *tag).collect();
        let attributes: HashMap<&'static str, HashSet<&'static str>> = TAGS
            .iter()
            .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
            .collect();
        let classes: HashMap<&'static str, HashSet<&'static str>> = CLASSES
            .iter()
            .map(|(tag, classes)| (*tag, classes.iter().copied().collect()))
            .collect();
        builder
            .tags(tags)
            .tag_attributes(attributes)
            .allowed_classes(classes)
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(None)
            .strip_comments(true)
            .clean_content_tags(
                [
                    "script", "style", "iframe", "noscript", "template", "textarea", "select",
                    "object", "svg", "math",
                ]
                .into_iter()
                .collect(),
            );
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(body: &str) -> String {
        sanitise(body).text
    }

    #[test]
    fn keeps_the_allow_list_and_drops_the_rest() {
        let body = "<table onclick=\"x()\">\n<tr><td colspan=2 style=\"color:red\">a</td></tr>\n</table>\n\nTexte <small>Photo : <a href=\"javascript:x()\">A</a></small> H<sub>2</sub>O.\n\n<script>alert(1)</script>\n\n<form action=\"/x\"><input name=q>Cherchez</form>\n";
        let text = cleaned(body);
        assert!(
            text.contains("<table>\n<tbody><tr><td colspan=\"2\">a</td></tr>\n</tbody></table>"),
            "{text}"
        );
        assert!(
            text.contains("Texte <small>Photo : <a>A</a></small> H<sub>2</sub>O."),
            "{text}"
        );
        assert!(
            !text.contains("script") && !text.contains("alert"),
            "{text}"
        );
        assert!(
            !text.contains("<form") && !text.contains("<input"),
            "{text}"
        );
        assert!(text.contains("Cherchez"), "{text}");
    }

    #[test]
    fn markdown_between_tags_keeps_its_place() {
        let body = "<details>\n<summary>Plus</summary>\n\nDu **texte**.\n\n</details>\n";
        assert_eq!(cleaned(body), body);
        let body = "<div align=\"center\">\n\n*centré*\n\n</div>\n";
        assert_eq!(cleaned(body), "\n\n*centré*\n\n\n");
    }

    #[test]
    fn an_element_dropped_with_its_content_does_not_break_the_others() {
        let body = "A <a href=\"https://x.org\">link</a> and <svg><text>x</text></svg> then <sub>2</sub>.\n";
        assert_eq!(
            cleaned(body),
            "A <a href=\"https://x.org\">link</a> and x then <sub>2</sub>.\n"
        );
    }

    #[test]
    fn iframes_of_known_hosts_become_cards() {
        let text = cleaned("<iframe width=\"560\" src=\"https://www.youtube.com/embed/abc123\" title=\"Démo\" allowfullscreen></iframe>\n\n<iframe src=\"https://tracker.example/x\"></iframe>\n");
        assert!(text.contains("<p class=\"embed-card\"><a href=\"https://www.youtube.com/watch?v=abc123\"><span class=\"embed-host\">YouTube</span> <span class=\"embed-title\">Démo</span></a></p>"), "{text}");
        assert!(
            !text.contains("iframe") && !text.contains("tracker"),
            "{text}"
        );
    }

    #[test]
    fn markdown_without_html_is_untouched() {
        let body = "Un *texte* avec `<code>` et 3 < 4.\n\n```html\n<script>x</script>\n```\n";
        assert_eq!(cleaned(body), body);
    }
}
