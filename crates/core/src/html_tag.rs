//! Reading one HTML or SVG start tag (`<img src="a.png" alt="…">`, `<svg width="40" …>`): its
//! name and its attributes, with where each value is written so that it can be replaced in place.
//!
//! This is deliberately not an HTML parser: the importer needs the attributes of `<img>` tags
//! inside Markdown and of an SVG file's root tag, the reader those of `<img>` tags, and
//! `kiosque single-file` those of the built app's `<link>` and `<script>` tags, all single start
//! tags.

use std::ops::Range;

/// A start tag, read from the `<` that opens it.
#[derive(Debug, PartialEq, Eq)]
pub struct StartTag<'a> {
    /// The tag name as written (`img`, `IMG`, `svg`).
    pub name: &'a str,
    /// The attributes in order.
    pub attributes: Vec<Attribute<'a>>,
    /// Where the tag ends in the text: the byte after its `>`.
    pub end: usize,
}

/// One attribute of a start tag.
#[derive(Debug, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// The name as written.
    pub name: &'a str,
    /// The value as written, without its quotes and without decoding character references;
    /// empty for an attribute without a value.
    pub value: &'a str,
    /// Where the value is written in the text (inside the quotes).
    pub value_at: Range<usize>,
}

impl<'a> StartTag<'a> {
    /// The attribute named `name` (case-insensitive), if present.
    pub fn get(&self, name: &str) -> Option<&Attribute<'a>> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// Reads the start tag whose `<` is at byte `at` of `text`. Returns `None` when there is no tag
/// name there (a closing tag, a comment, a lone `<`) or when the tag is never closed.
pub fn start_tag(text: &str, at: usize) -> Option<StartTag<'_>> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'<') || !bytes.get(at + 1)?.is_ascii_alphabetic() {
        return None;
    }
    let name_end = at
        + 1
        + bytes[at + 1..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_')))
            .unwrap_or(bytes.len() - at - 1);
    let name = &text[at + 1..name_end];
    let mut attributes = Vec::new();
    let mut i = name_end;
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                return Some(StartTag {
                    name,
                    attributes,
                    end: i + 1,
                })
            }
            // `/>` closes; a stray `/` elsewhere is skipped, as browsers do.
            b'/' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        if i == name_start {
            // A lone `=`: step over it rather than loop forever.
            i += 1;
            continue;
        }
        let attribute_name = &text[name_start..i];
        let mut after_name = i;
        while bytes.get(after_name).is_some_and(u8::is_ascii_whitespace) {
            after_name += 1;
        }
        if bytes.get(after_name) != Some(&b'=') {
            attributes.push(Attribute {
                name: attribute_name,
                value: "",
                value_at: i..i,
            });
            continue;
        }
        i = after_name + 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let value_at = match bytes.get(i)? {
            quote @ (b'"' | b'\'') => {
                let close = i + 1 + bytes[i + 1..].iter().position(|b| b == quote)?;
                let range = i + 1..close;
                i = close + 1;
                range
            }
            _ => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                {
                    i += 1;
                }
                start..i
            }
        };
        attributes.push(Attribute {
            name: attribute_name,
            value: &text[value_at.clone()],
            value_at,
        });
    }
}

/// Decodes the character references an attribute value is likely to hold (`&amp;` in a URL
/// with a query, `&quot;`, numeric references); others are kept as written.
pub fn decode_value(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&end| end <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_unquoted_and_bare_attributes() {
        let text = r#"x <IMG SRC=a.png alt="un 'chat'" data-x = 'b' hidden/> y"#;
        let tag = start_tag(text, 2).unwrap();
        assert_eq!(tag.name, "IMG");
        assert_eq!(&text[tag.end..], " y");
        let src = tag.get("src").unwrap();
        assert_eq!((src.value, &text[src.value_at.clone()]), ("a.png", "a.png"));
        assert_eq!(tag.get("alt").unwrap().value, "un 'chat'");
        assert_eq!(tag.get("data-x").unwrap().value, "b");
        assert_eq!(tag.get("hidden").unwrap().value, "");
    }

    #[test]
    fn spans_lines_and_refuses_what_is_not_a_start_tag() {
        let text = "<img\n  src=\"p.png\"\n  alt=\"a\">";
        let tag = start_tag(text, 0).unwrap();
        assert_eq!(tag.get("src").unwrap().value_at, 12..17);
        assert!(start_tag("</img>", 0).is_none());
        assert!(start_tag("<!-- x -->", 0).is_none());
        assert!(start_tag("<img src=\"never closed", 0).is_none());
        assert!(start_tag("a < b", 2).is_none());
    }

    #[test]
    fn decodes_common_references() {
        assert_eq!(decode_value("a.png?x=1&amp;y=2"), "a.png?x=1&y=2");
        assert_eq!(decode_value("caf&#233;&#x2E;png"), "café.png");
        assert_eq!(decode_value("a & b &unknown;"), "a & b &unknown;");
    }
}
