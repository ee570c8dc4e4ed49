//! Recognising one piece of site-generator template code where it starts: Hugo shortcodes
//! (`{{< name args >}}`, `{{% name args %}}`, their `/name` closing forms, `{{</* escaped */>}}`),
//! Liquid (`{{ expression | filter }}`, `{% tag markup %}`, with `-` trimming markers) and Zola
//! shortcodes (`{{ name(key=value) }}`, `{% name(key=value) %}` … `{% end %}`).

use std::ops::Range;

/// How far a construct may run before its closing delimiter: template tags are short, and a
/// `{{` in prose that never closes must not make the scan read the rest of the file each time.
const MAX_CONSTRUCT: usize = 4096;

/// Which syntax a construct is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// Hugo `{{< … >}}` (its inner text is not Markdown) or `{{% … %}}` (it is).
    Hugo,
    /// Liquid `{{ … }}`: an expression to print.
    LiquidOutput,
    /// Liquid `{% … %}`: a tag.
    LiquidTag,
    /// Zola `{{ name(…) }}`.
    ZolaInline,
    /// Zola `{% name(…) %}`, closed by `{% end %}`.
    ZolaBlock,
    /// Zola `{% end %}`.
    ZolaEnd,
    /// Hugo's escape `{{</* … */>}}`: shows the shortcode as written.
    HugoLiteral,
}

/// One argument: `key=value`, `key="value"` or a bare (positional) value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Arg {
    /// The key, for named arguments.
    pub key: Option<String>,
    /// The value, without its quotes.
    pub value: String,
}

/// One construct of template code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Construct {
    /// Where it is written, delimiters included.
    pub range: Range<usize>,
    /// Its syntax.
    pub dialect: Dialect,
    /// A Hugo closing form (`{{< /name >}}`).
    pub closing: bool,
    /// The shortcode or tag name (`figure`, `highlight`, `site.title` for a Liquid expression's
    /// first word), lowercase.
    pub name: String,
    /// The arguments.
    pub args: Vec<Arg>,
    /// What follows the name as written (a Liquid expression's filters, a Hugo literal's text).
    pub markup: String,
}

impl Construct {
    /// The named argument `key`, else the positional argument number `position`.
    pub fn arg(&self, keys: &[&str], position: Option<usize>) -> Option<&str> {
        keys.iter()
            .find_map(|k| {
                self.args.iter().find(|a| {
                    a.key
                        .as_deref()
                        .is_some_and(|key| key.eq_ignore_ascii_case(k))
                })
            })
            .or_else(|| self.args.iter().filter(|a| a.key.is_none()).nth(position?))
            .map(|a| a.value.as_str())
    }
}

/// Whether `text` may hold template code at all: most articles do not, and skip the scan.
pub(crate) fn may_have_templates(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

/// Reads the construct starting at byte `at` (a `{`), if there is one.
pub(crate) fn construct_at(text: &str, at: usize) -> Option<Construct> {
    let rest = text.get(at..)?;
    let window = &rest[..floor_char_boundary(rest, MAX_CONSTRUCT)];
    if let Some(after) = window.strip_prefix("{{<") {
        return hugo(window, after, ">}}", at);
    }
    if let Some(after) = window.strip_prefix("{{%") {
        return hugo(window, after, "%}}", at);
    }
    if let Some(after) = window.strip_prefix("{{") {
        let end = after.find("}}")?;
        let inner = trim_markers(&after[..end]);
        let range = at..at + 2 + end + 2;
        if inner.is_empty() {
            return None;
        }
        if let Some((name, args)) = call(inner) {
            return Some(Construct {
                range,
                dialect: Dialect::ZolaInline,
                closing: false,
                name,
                args,
                markup: String::new(),
            });
        }
        let (head, markup) = split_head(inner, &['|', ' ', '\t', '\n']);
        if !is_expression_start(head) {
            return None;
        }
        return Some(Construct {
            range,
            dialect: Dialect::LiquidOutput,
            closing: false,
            name: head.to_owned(),
            args: Vec::new(),
            markup: markup.trim().to_owned(),
        });
    }
    if let Some(after) = window.strip_prefix("{%") {
        let end = after.find("%}")?;
        let inner = trim_markers(&after[..end]);
        let range = at..at + 2 + end + 2;
        if inner == "end" {
            return Some(Construct {
                range,
                dialect: Dialect::ZolaEnd,
                closing: true,
                name: "end".into(),
                args: Vec::new(),
                markup: String::new(),
            });
        }
        if let Some((name, args)) = call(inner) {
            return Some(Construct {
                range,
                dialect: Dialect::ZolaBlock,
                closing: false,
                name,
                args,
                markup: String::new(),
            });
        }
        let (head, markup) = split_head(inner, &[' ', '\t', '\n']);
        if !is_name(head) {
            return None;
        }
        return Some(Construct {
            range,
            dialect: Dialect::LiquidTag,
            closing: false,
            name: head.to_ascii_lowercase(),
            args: args(markup),
            markup: markup.trim().to_owned(),
        });
    }
    None
}

fn hugo(window: &str, after: &str, close: &str, at: usize) -> Option<Construct> {
    let end = after.find(close)?;
    let inner = after[..end].trim();
    let range = at..at + 3 + end + 3;
    if let Some(escaped) = inner.strip_prefix("/*").and_then(|i| i.strip_suffix("*/")) {
        let open = &window[..3];
        return Some(Construct {
            range,
            dialect: Dialect::HugoLiteral,
            closing: false,
            name: String::new(),
            args: Vec::new(),
            markup: format!("{open} {} {close}", escaped.trim()),
        });
    }
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    };
    let inner = inner.strip_suffix('/').unwrap_or(inner).trim_end();
    let (name, markup) = split_head(inner, &[' ', '\t', '\n', '\r']);
    if !is_name(name) {
        return None;
    }
    Some(Construct {
        range,
        dialect: Dialect::Hugo,
        closing,
        name: name.to_ascii_lowercase(),
        args: args(markup),
        markup: markup.trim().to_owned(),
    })
}

/// Removes Liquid's and Tera's whitespace-control markers (`{{- x -}}`, `{%- x -%}`).
fn trim_markers(inner: &str) -> &str {
    let inner = inner.trim();
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    let inner = inner.strip_suffix('-').unwrap_or(inner);
    inner.trim()
}

fn split_head<'a>(inner: &'a str, stops: &[char]) -> (&'a str, &'a str) {
    match inner.find(stops) {
        Some(at) => (&inner[..at], &inner[at..]),
        None => (inner, ""),
    }
}

/// A shortcode or tag name: letters, digits, `_`, `-`, `/` (Hugo's nested shortcodes), `.`.
fn is_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'/' | b'.'))
        && name.len() <= 64
}

/// What a Liquid output may start with: a variable path or a quoted string.
fn is_expression_start(head: &str) -> bool {
    is_name(head)
        || (head.len() >= 2
            && (head.starts_with('"') || head.starts_with('\''))
            && head.ends_with(&head[..1]))
}

/// A Zola call, `name(key=value, …)`.
fn call(inner: &str) -> Option<(String, Vec<Arg>)> {
    let open = inner.find('(')?;
    let name = inner[..open].trim();
    if !is_name(name) || name.contains(['.', '/']) {
        return None;
    }
    let inside = inner[open + 1..].trim_end().strip_suffix(')')?;
    Some((name.to_ascii_lowercase(), args(inside)))
}

/// Splits arguments written `a "b c" key=value key="v w", k2='x'` (spaces or commas between).
pub(crate) fn args(markup: &str) -> Vec<Arg> {
    let mut out = Vec::new();
    let mut chars = markup.char_indices().peekable();
    let mut key: Option<String> = None;
    let mut word = String::new();
    let mut in_word = false;
    let finish = |out: &mut Vec<Arg>, key: &mut Option<String>, word: &mut String| {
        out.push(Arg {
            key: key.take(),
            value: std::mem::take(word),
        });
    };
    while let Some((_, c)) = chars.next() {
        match c {
            '"' | '\'' | '`' => {
                for (_, d) in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    word.push(d);
                }
                in_word = true;
            }
            '=' if in_word && key.is_none() && !word.is_empty() => {
                key = Some(std::mem::take(&mut word));
                in_word = false;
            }
            c if c.is_whitespace() || c == ',' => {
                if in_word {
                    finish(&mut out, &mut key, &mut word);
                    in_word = false;
                }
                // `key = value`: the value follows.
                if key.is_none()
                    && chars.peek().is_some_and(|(_, n)| *n == '=')
                    && !out.is_empty()
                    && out.last().is_some_and(|a| a.key.is_none())
                {
                    let last = out.pop().map(|a| a.value);
                    chars.next();
                    key = last;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word || key.is_some() {
        finish(&mut out, &mut key, &mut word);
    }
    out
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(key: Option<&str>, value: &str) -> Arg {
        Arg {
            key: key.map(str::to_owned),
            value: value.to_owned(),
        }
    }

    #[test]
    fn reads_hugo_shortcodes() {
        let text = "x {{< figure src=\"a b.png\" caption=\"Un « chat »\" >}} y";
        let c = construct_at(text, 2).unwrap();
        assert_eq!(
            (c.dialect, c.name.as_str(), c.closing),
            (Dialect::Hugo, "figure", false)
        );
        assert_eq!(
            &text[c.range.clone()],
            "{{< figure src=\"a b.png\" caption=\"Un « chat »\" >}}"
        );
        assert_eq!(c.arg(&["src"], Some(0)), Some("a b.png"));
        let c = construct_at("{{% /notice %}}", 0).unwrap();
        assert!(c.closing);
        assert_eq!(c.name, "notice");
        let c = construct_at("{{< youtube id=\"w7Ft2ymGmfc\" >}}", 0).unwrap();
        assert_eq!(c.arg(&["id"], Some(0)), Some("w7Ft2ymGmfc"));
        let c = construct_at("{{</* figure src=\"x\" */>}}", 0).unwrap();
        assert_eq!(c.dialect, Dialect::HugoLiteral);
        assert_eq!(c.markup, "{{< figure src=\"x\" >}}");
    }

    #[test]
    fn reads_liquid_and_zola() {
        let c = construct_at("{{ site.baseurl | relative_url }}", 0).unwrap();
        assert_eq!(
            (c.dialect, c.name.as_str()),
            (Dialect::LiquidOutput, "site.baseurl")
        );
        assert_eq!(c.markup, "| relative_url");
        let c = construct_at("{%- highlight ruby linenos -%}", 0).unwrap();
        assert_eq!(
            (c.dialect, c.name.as_str()),
            (Dialect::LiquidTag, "highlight")
        );
        assert_eq!(c.args, [arg(None, "ruby"), arg(None, "linenos")]);
        let c = construct_at("{{ youtube(id=\"dQw\", autoplay=true) }}", 0).unwrap();
        assert_eq!(c.dialect, Dialect::ZolaInline);
        assert_eq!(
            c.args,
            [arg(Some("id"), "dQw"), arg(Some("autoplay"), "true")]
        );
        let c = construct_at("{% figure(url=\"chiffon.png\") %}", 0).unwrap();
        assert_eq!((c.dialect, c.name.as_str()), (Dialect::ZolaBlock, "figure"));
        assert_eq!(
            construct_at("{% end %}", 0).unwrap().dialect,
            Dialect::ZolaEnd
        );
        assert!(construct_at("{{ }}", 0).is_none());
        assert!(construct_at("{{ 3 + 4 }}", 0).is_none());
        assert!(construct_at("{% never closed", 0).is_none());
    }

    #[test]
    fn splits_arguments() {
        assert_eq!(
            args(" a \"b c\" k=v k2 = 'w x', n=3"),
            [
                arg(None, "a"),
                arg(None, "b c"),
                arg(Some("k"), "v"),
                arg(Some("k2"), "w x"),
                arg(Some("n"), "3"),
            ]
        );
    }
}
