//! The HTML an article may hold, in one list read by both sides: the bundler cleans raw HTML down
//! to it (with ammonia, natively), and the reader's renderer re-checks every tag against it before
//! inserting anything, so that a bundle written by hand or by an older `kiosque` still runs nothing.
//!
//! The reader does not parse HTML: it reads one tag at a time ([`pieces`]) and rebuilds each
//! allowed tag from its allowed attributes alone. A tag outside the list is shown as text, as all
//! raw HTML was before; the bundler has already dropped those, so a reader rarely meets one.

use std::borrow::Cow;

use pulldown_cmark_escape::{escape_href, escape_html};

use crate::html_tag;

/// Elements kept, with the attributes each may carry. `img` is listed for the bundler; the reader
/// draws pictures through [`crate::markdown::pictures`] from `src`, `alt` and `title`.
pub const TAGS: &[(&str, &[&str])] = &[
    ("table", &[]),
    ("caption", &[]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tfoot", &[]),
    ("tr", &[]),
    ("th", &["colspan", "rowspan", "scope"]),
    ("td", &["colspan", "rowspan"]),
    ("small", &[]),
    ("sub", &[]),
    ("sup", &[]),
    ("figure", &[]),
    ("figcaption", &[]),
    ("details", &["open"]),
    ("summary", &[]),
    ("br", &[]),
    ("abbr", &["title"]),
    ("kbd", &[]),
    ("mark", &[]),
    ("img", &["src", "alt", "title"]),
    // What such blocks hold around them, so that a credit or a cell keeps its emphasis and links.
    ("a", &["href", "title"]),
    ("p", &[]),
    ("em", &[]),
    ("strong", &[]),
    ("i", &[]),
    ("b", &[]),
    ("s", &[]),
    ("code", &[]),
    ("pre", &[]),
    ("blockquote", &[]),
    ("ul", &[]),
    ("ol", &["start"]),
    ("li", &[]),
    ("hr", &[]),
    ("span", &[]),
];

/// Classes kept, on the elements that may carry them: the link cards the bundler writes in place
/// of embedded videos and other players (see the CSS of `.embed-card`).
pub const CLASSES: &[(&str, &[&str])] = &[
    ("p", &["embed-card"]),
    ("span", &["embed-host", "embed-title"]),
];

/// Elements that stand on their own line in plain text (the index, snippets), so that the words
/// of two cells or two paragraphs do not run together.
const BLOCKS: &[&str] = &[
    "table",
    "caption",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "details",
    "summary",
    "br",
    "p",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "hr",
];

/// One piece of raw HTML as the reader shows it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// An allowed tag, rebuilt: safe to insert as is.
    Tag {
        /// The rebuilt tag (`<td colspan="2">`, `</td>`).
        html: String,
        /// Whether it is a block element (see [`BLOCKS`]).
        block: bool,
    },
    /// An `<img>`: drawn by the picture rules.
    Img {
        /// `src`, decoded.
        src: String,
        /// `alt`, decoded.
        alt: String,
        /// `title`, decoded.
        title: String,
    },
    /// Text, character references decoded: to be escaped when written.
    Text(Cow<'a, str>),
}

fn allowed(name: &str) -> Option<&'static [&'static str]> {
    TAGS.iter()
        .find(|(tag, _)| tag.eq_ignore_ascii_case(name))
        .map(|(_, attributes)| *attributes)
}

fn classes(name: &str) -> &'static [&'static str] {
    CLASSES
        .iter()
        .find(|(tag, _)| *tag == name)
        .map_or(&[], |(_, classes)| *classes)
}

/// Whether `name` is a block element for plain text.
pub(crate) fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// Cuts raw HTML into allowed tags, pictures and text. Comments are dropped; a tag outside the
/// list, or one that is never closed, is kept as text.
pub(crate) fn pieces(raw: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut text_from = 0;
    let mut at = 0;
    let bytes = raw.as_bytes();
    while let Some(found) = raw[at..].find('<') {
        let start = at + found;
        at = start + 1;
        let read = if raw[start..].starts_with("<!--") {
            // A comment is not shown; one that never closes hides the rest, as in a browser.
            let end = raw[start..]
                .find("-->")
                .map_or(raw.len(), |e| start + e + 3);
            Some((None, end))
        } else if bytes.get(start + 1) == Some(&b'/') {
            end_tag(raw, start).map(|(piece, end)| (Some(piece), end))
        } else {
            html_tag::start_tag(raw, start).and_then(|tag| {
                let name = tag.name.to_ascii_lowercase();
                let attributes = allowed(&name)?;
                let piece = if name == "img" {
                    let get = |n: &str| {
                        tag.get(n)
                            .map(|a| html_tag::decode_value(a.value))
                            .unwrap_or_default()
                    };
                    Piece::Img {
                        src: get("src"),
                        alt: get("alt"),
                        title: get("title"),
                    }
                } else {
                    Piece::Tag {
                        html: rebuild(&name, &tag, attributes),
                        block: is_block(&name),
                    }
                };
                Some((Some(piece), tag.end))
            })
        };
        let Some((piece, end)) = read else {
            continue;
        };
        if start > text_from {
            out.push(Piece::Text(decode(&raw[text_from..start])));
        }
        out.extend(piece);
        text_from = end;
        at = end;
    }
    if text_from < raw.len() {
        out.push(Piece::Text(decode(&raw[text_from..])));
    }
    out
}

/// An allowed end tag (`</td >`) at `start`, rebuilt.
fn end_tag(raw: &str, start: usize) -> Option<(Piece<'static>, usize)> {
    let rest = &raw[start + 2..];
    let name_len = rest
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = rest[..name_len].to_ascii_lowercase();
    allowed(&name)?;
    let close = name_len + rest[name_len..].find('>')?;
    if !rest[name_len..close].trim().is_empty() {
        return None;
    }
    Some((
        Piece::Tag {
            block: is_block(&name),
            html: format!("</{name}>"),
        },
        start + 2 + close + 1,
    ))
}

/// A start tag written again with its allowed attributes only, each value checked and escaped.
fn rebuild(name: &str, tag: &html_tag::StartTag<'_>, attributes: &[&str]) -> String {
    let mut html = format!("<{name}");
    for attribute in attributes {
        let Some(found) = tag.get(attribute) else {
            continue;
        };
        let value = html_tag::decode_value(found.value);
        let ok = match *attribute {
            "href" => crate::markdown::is_safe_url(&value),
            "colspan" | "rowspan" | "start" => {
                !value.is_empty() && value.len() <= 4 && value.bytes().all(|b| b.is_ascii_digit())
            }
            "open" => true,
            _ => true,
        };
        if !ok {
            continue;
        }
        html.push(' ');
        html.push_str(attribute);
        if *attribute == "open" {
            continue;
        }
        html.push_str("=\"");
        let _ = if *attribute == "href" {
            escape_href(&mut html, &value)
        } else {
            escape_html(&mut html, &value)
        };
        html.push('"');
    }
    let kept: Vec<&str> = tag
        .get("class")
        .map(|c| c.value.split_whitespace().collect())
        .unwrap_or_default();
    let kept: Vec<&str> = kept
        .into_iter()
        .filter(|c| classes(name).contains(c))
        .collect();
    if !kept.is_empty() {
        html.push_str(" class=\"");
        html.push_str(&kept.join(" "));
        html.push('"');
    }
    html.push('>');
    html
}

fn decode(text: &str) -> Cow<'_, str> {
    if text.contains('&') {
        Cow::Owned(html_tag::decode_value(text))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(raw: &str) -> String {
        pieces(raw)
            .into_iter()
            .map(|p| match p {
                Piece::Tag { html, .. } => html,
                Piece::Img { src, .. } => format!("[img {src}]"),
                Piece::Text(t) => format!("«{t}»"),
            })
            .collect()
    }

    #[test]
    fn allowed_tags_are_rebuilt_from_allowed_attributes() {
        assert_eq!(
            html("<TD colspan=2 onclick=\"x()\" style=\"a\">a &amp; b</td >"),
            "<td colspan=\"2\">«a & b»</td>"
        );
        assert_eq!(
            html("<a href=\"javascript:alert(1)\" title=t>x</a>"),
            "<a title=\"t\">«x»</a>"
        );
        assert_eq!(
            html("<p class=\"embed-card evil\"><span class=embed-host>YouTube</span></p>"),
            "<p class=\"embed-card\"><span class=\"embed-host\">«YouTube»</span></p>"
        );
        assert_eq!(
            html("<details open><summary>s</summary>"),
            "<details open><summary>«s»</summary>"
        );
        assert_eq!(html("<img src=\"a.png\" onerror=x>"), "[img a.png]");
    }

    #[test]
    fn everything_else_stays_text() {
        assert_eq!(
            html("<script>alert(1)</script><!-- c --><iframe src=x>"),
            "«<script>alert(1)</script>»«<iframe src=x>»"
        );
        assert_eq!(html("<td colspan=\"2x\">"), "<td>");
        assert_eq!(html("a < b"), "«a < b»");
    }
}
