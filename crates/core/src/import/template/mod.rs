//! Site-generator template code in article bodies, turned into what the published site shows.
//!
//! Jekyll (Liquid), Hugo (shortcodes) and Zola (shortcodes) leave code in the Markdown that
//! their builds replace. Kiosque does the same at bundle time, natively, so the reader, the
//! index and the snippets never see it:
//!
//! - `figure` → a picture with its caption, bundled like any other picture of the article;
//! - `youtube`, `vimeo`, `x`, `instagram`, `gist`… → a link card naming the host (see
//!   [`super::embed`]): nothing is loaded from the host;
//! - `ref`, `relref`, `link`, `post_url` (and Zola's `@/` links) → a link to that article in the
//!   bundle, resolved once every article has its id (see [`super::refs`]), or plain text;
//! - `highlight` → a fenced code block with its language; `{% raw %}` → its text as written;
//! - `{{ site.x }}` and `{{< param x >}}` → the value in the site's settings when `--site-root` is
//!   given, else nothing;
//! - anything else is removed, the text between an opening and a closing form kept, and each
//!   name is counted, so the publisher gets one warning per name.
//!
//! Template code inside code blocks and code spans is what the article shows and is left alone.

mod syntax;

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::embed;
use super::rewrite::Rewritten;
use super::site_config::SiteConfig;
use crate::markdown;
pub(crate) use syntax::may_have_templates;
use syntax::{construct_at, Construct, Dialect};

/// The link target written in place of an internal reference until ids are known:
/// `#kiosque-ref-N`, N numbering the article's references. A fragment, so that nothing on the way
/// takes it for an address to another site.
pub(crate) const REF_PREFIX: &str = "#kiosque-ref-";

/// What the expansion of one body found.
#[derive(Debug, Default)]
pub(crate) struct Expansion {
    /// The body with its template code replaced.
    pub body: Rewritten,
    /// Constructs not known to Kiosque, removed: their name as a reader of the warning knows
    /// it (`{{< gallery >}}`, `{% include %}`), and where each was written in the source.
    pub unknown: Vec<(String, usize)>,
    /// Internal references, by number: the target as written (`posts/other.md`).
    pub refs: Vec<String>,
}

/// Liquid tags that only steer the template, removed silently with their opening tag's count.
const LIQUID_CONTINUATIONS: &[&str] = &["else", "elsif", "when", "break", "continue"];

/// Expands the template code of `source`, a Markdown body.
pub(crate) fn expand(source: &str, site: Option<&SiteConfig>) -> Expansion {
    let mut expansion = Expansion::default();
    let links = zola_links(source);
    if !may_have_templates(source) && links.is_empty() {
        expansion.body = Rewritten::unchanged(source);
        return expansion;
    }
    let mut replacements: Vec<(Range<usize>, String)> = Vec::new();
    for (range, target) in links {
        let n = expansion.refs.len();
        expansion.refs.push(target);
        replacements.push((range, format!("{REF_PREFIX}{n}")));
    }
    let items = scan(source, &code_ranges(source));
    let pairs = pair(&items);
    let closes: std::collections::HashSet<usize> = pairs.values().copied().collect();
    // A figure with a caption between its forms replaces both forms and the caption.
    let mut covered_until = 0;
    for (i, item) in items.iter().enumerate() {
        if item.range().start < covered_until {
            continue;
        }
        let replacement = match item {
            Item::Verbatim { range, text } => (range.clone(), text.clone()),
            Item::Removed { range } => (range.clone(), String::new()),
            Item::Highlight { range, lang, code } => (range.clone(), fenced(lang, code)),
            Item::Construct(c) => {
                let close = pairs.get(&i).map(|&close| items[close].range().clone());
                let inner = close.as_ref().map(|close| c.range.end..close.start);
                let text = render(c, inner, source, site, &mut expansion, closes.contains(&i));
                match close.filter(|_| is_figure(&c.name)) {
                    Some(close) => {
                        covered_until = close.end;
                        (c.range.start..close.end, text)
                    }
                    None => (c.range.clone(), text),
                }
            }
        };
        replacements.push(replacement);
    }
    expansion.body = Rewritten::new(source, replacements);
    expansion
}

/// `text` (a title, a summary) without template code: values from the settings kept, every
/// other construct removed with the text between its forms kept.
pub(crate) fn strip(text: &str, site: Option<&SiteConfig>) -> String {
    if !may_have_templates(text) {
        return text.to_owned();
    }
    let items = scan(text, &[]);
    let replacements = items
        .iter()
        .map(|item| match item {
            Item::Verbatim { range, text } => (range.clone(), text.clone()),
            Item::Highlight { range, code, .. } => (range.clone(), code.clone()),
            Item::Removed { range } => (range.clone(), String::new()),
            Item::Construct(c) => {
                let value = match c.dialect {
                    Dialect::LiquidOutput => liquid_value(c, site),
                    Dialect::HugoLiteral => Some(c.markup.clone()),
                    Dialect::Hugo if c.name == "param" => param_value(c, site),
                    _ => None,
                };
                (c.range.clone(), value.unwrap_or_default())
            }
        })
        .collect();
    let stripped = Rewritten::new(text, replacements).text;
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One thing the scan found.
#[derive(Debug)]
enum Item {
    /// A construct to render.
    Construct(Construct),
    /// Text shown as written (`{% raw %}…{% endraw %}`, Hugo's `{{</* */>}}`).
    Verbatim { range: Range<usize>, text: String },
    /// Removed with everything inside (`{% comment %}…{% endcomment %}`).
    Removed { range: Range<usize> },
    /// A highlighted code block.
    Highlight {
        range: Range<usize>,
        lang: String,
        code: String,
    },
}

impl Item {
    fn range(&self) -> &Range<usize> {
        match self {
            Item::Construct(c) => &c.range,
            Item::Verbatim { range, .. }
            | Item::Removed { range }
            | Item::Highlight { range, .. } => range,
        }
    }
}

/// Byte ranges of the code blocks and code spans of a body, in order.
fn code_ranges(source: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut in_block: Option<usize> = None;
    for (event, range) in Parser::new_ext(source, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = in_block.take() {
                    ranges.push(start..range.end);
                }
            }
            Event::Code(_) if in_block.is_none() => ranges.push(range),
            _ => {}
        }
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// Zola's internal links, `[text](@/blog/post.md)`: the address's range and the target.
fn zola_links(source: &str) -> Vec<(Range<usize>, String)> {
    if !source.contains("(@/") {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(source, markdown::options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            if let Some(target) = dest_url.strip_prefix("@/") {
                let written = &source[range.clone()];
                if let Some(at) = written.rfind(dest_url.as_ref()) {
                    let start = range.start + at;
                    found.push((start..start + dest_url.len(), target.to_owned()));
                }
            }
        }
    }
    found
}

/// Every construct outside `code`, in order; blocks whose content is not Markdown (raw,
/// comment, highlight) are read whole.
fn scan(source: &str, code: &[Range<usize>]) -> Vec<Item> {
    let mut items = Vec::new();
    let bytes = source.as_bytes();
    let mut at = 0;
    let mut next_code = 0;
    while let Some(found) = source[at..].find('{') {
        let p = at + found;
        while next_code < code.len() && code[next_code].end <= p {
            next_code += 1;
        }
        if let Some(range) = code.get(next_code).filter(|r| r.start <= p) {
            // Jekyll reads Liquid before Markdown, so `{% raw %}` is how code shows template
            // syntax: the one construct read inside code.
            let end = range.end;
            items.extend(raw_blocks(source, p..end));
            at = end.max(items.last().map_or(0, |i: &Item| i.range().end));
            continue;
        }
        if !matches!(bytes.get(p + 1), Some(b'{' | b'%')) {
            at = p + 1;
            continue;
        }
        let Some(c) = construct_at(source, p) else {
            at = p + 1;
            continue;
        };
        let item = match (c.dialect, c.name.as_str(), c.closing) {
            (Dialect::HugoLiteral, ..) => Item::Verbatim {
                range: c.range.clone(),
                text: c.markup.clone(),
            },
            (Dialect::LiquidTag, "raw", _) => match closing_tag(source, c.range.end, "endraw") {
                Some(close) => Item::Verbatim {
                    range: c.range.start..close.end,
                    text: source[c.range.end..close.start].to_owned(),
                },
                None => Item::Removed {
                    range: c.range.clone(),
                },
            },
            (Dialect::LiquidTag, "comment", _) => {
                match closing_tag(source, c.range.end, "endcomment") {
                    Some(close) => Item::Removed {
                        range: c.range.start..close.end,
                    },
                    None => Item::Removed {
                        range: c.range.clone(),
                    },
                }
            }
            (Dialect::LiquidTag | Dialect::Hugo, "highlight", false) => {
                let close = if c.dialect == Dialect::LiquidTag {
                    closing_tag(source, c.range.end, "endhighlight")
                } else {
                    closing_shortcode(source, c.range.end, "highlight")
                };
                match close {
                    Some(close) => Item::Highlight {
                        range: c.range.start..close.end,
                        lang: c.arg(&["lang"], Some(0)).unwrap_or_default().to_owned(),
                        code: source[c.range.end..close.start].to_owned(),
                    },
                    None => Item::Construct(c.clone()),
                }
            }
            _ => Item::Construct(c.clone()),
        };
        at = item.range().end;
        items.push(item);
    }
    items
}

/// The `{% raw %}…{% endraw %}` blocks that start in `within`.
fn raw_blocks(source: &str, within: Range<usize>) -> Vec<Item> {
    let mut items = Vec::new();
    let mut at = within.start;
    while let Some(found) = source[at..within.end].find("{%") {
        let p = at + found;
        at = p + 2;
        let Some(c) = construct_at(source, p) else {
            continue;
        };
        if c.dialect != Dialect::LiquidTag || c.name != "raw" {
            continue;
        }
        if let Some(close) = closing_tag(source, c.range.end, "endraw") {
            items.push(Item::Verbatim {
                range: c.range.start..close.end,
                text: source[c.range.end..close.start].to_owned(),
            });
            at = close.end;
            if at >= within.end {
                break;
            }
        }
    }
    items
}

/// The next Liquid tag named `name` at or after `from`.
fn closing_tag(source: &str, from: usize, name: &str) -> Option<Range<usize>> {
    let mut at = from;
    while let Some(found) = source[at..].find("{%") {
        let p = at + found;
        if let Some(c) = construct_at(source, p) {
            if c.dialect == Dialect::LiquidTag && c.name == name {
                return Some(c.range);
            }
        }
        at = p + 2;
    }
    None
}

/// The next Hugo closing shortcode `/name` at or after `from`.
fn closing_shortcode(source: &str, from: usize, name: &str) -> Option<Range<usize>> {
    let mut at = from;
    while let Some(found) = source[at..].find("{{") {
        let p = at + found;
        if let Some(c) = construct_at(source, p) {
            if c.dialect == Dialect::Hugo && c.closing && c.name == name {
                return Some(c.range);
            }
        }
        at = p + 2;
    }
    None
}

/// Pairs openings with their closing forms: item index of an opening → item index of its close.
fn pair(items: &[Item]) -> HashMap<usize, usize> {
    let mut pairs = HashMap::new();
    let mut hugo_open: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut zola_open: Vec<usize> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Item::Construct(c) = item else { continue };
        match c.dialect {
            Dialect::Hugo if !c.closing => hugo_open.entry(&c.name).or_default().push(i),
            Dialect::Hugo => {
                if let Some(open) = hugo_open.get_mut(c.name.as_str()).and_then(Vec::pop) {
                    pairs.insert(open, i);
                }
            }
            Dialect::ZolaBlock => zola_open.push(i),
            Dialect::ZolaEnd => {
                if let Some(open) = zola_open.pop() {
                    pairs.insert(open, i);
                }
            }
            _ => {}
        }
    }
    pairs
}

/// A fenced code block holding `code`, with a fence longer than any backtick run inside it.
fn fenced(lang: &str, code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_' | '#'))
        .collect();
    let code = code.trim_matches('\n').trim_end();
    format!("\n\n{fence}{lang}\n{code}\n{fence}\n\n")
}

/// A Liquid expression's value: `site.x` from the settings (`site.baseurl` is always empty:
/// pictures under it are read from `--site-root`), a quoted string as itself.
fn liquid_value(c: &Construct, site: Option<&SiteConfig>) -> Option<String> {
    let name = c.name.as_str();
    if let Some(quoted) = name
        .strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .or_else(|| name.strip_prefix('\'').and_then(|n| n.strip_suffix('\'')))
    {
        return Some(quoted.to_owned());
    }
    let key = name.strip_prefix("site.")?;
    if key == "baseurl" {
        return Some(String::new());
    }
    site?.get(key)
}

/// Hugo's `{{< param name >}}`: the site's `params.name`.
fn param_value(c: &Construct, site: Option<&SiteConfig>) -> Option<String> {
    let key = c.arg(&["name"], Some(0))?;
    site?.get(&format!("params.{key}"))
}

/// What one construct becomes. `inner` is the range of the text up to its closing form, when
/// it has one; `is_close` says the construct closes another.
fn render(
    c: &Construct,
    inner: Option<Range<usize>>,
    source: &str,
    site: Option<&SiteConfig>,
    expansion: &mut Expansion,
    is_close: bool,
) -> String {
    let name = c.name.as_str();
    let unknown = |expansion: &mut Expansion, shown: String| {
        expansion.unknown.push((shown, c.range.start));
        String::new()
    };
    match c.dialect {
        Dialect::HugoLiteral => c.markup.clone(),
        Dialect::ZolaEnd => {
            // The closing form of a figure closes its caption.
            String::new()
        }
        Dialect::LiquidOutput => match liquid_value(c, site) {
            Some(value) => value,
            None => unknown(expansion, format!("{{{{ {name} }}}}")),
        },
        Dialect::LiquidTag => match name {
            "link" | "post_url" => reference(c, c.markup.trim(), source, expansion),
            n if n.starts_with("end") || LIQUID_CONTINUATIONS.contains(&n) => String::new(),
            _ => unknown(expansion, format!("{{% {name} %}}")),
        },
        Dialect::Hugo if c.closing => {
            if is_close && name == "details" {
                "\n\n</details>\n\n".to_owned()
            } else {
                String::new()
            }
        }
        Dialect::Hugo | Dialect::ZolaInline | Dialect::ZolaBlock => {
            let shown = match c.dialect {
                Dialect::Hugo => format!("{{{{< {name} >}}}}"),
                Dialect::ZolaInline => format!("{{{{ {name}() }}}}"),
                _ => format!("{{% {name}() %}}"),
            };
            match name {
                figure_name if is_figure(figure_name) => {
                    match figure(c, inner.as_ref().map(|r| &source[r.clone()])) {
                        Some(html) => html,
                        None => unknown(expansion, shown),
                    }
                }
                "ref" | "relref" => match c.arg(&["path"], Some(0)) {
                    Some(target) => reference(c, target, source, expansion),
                    None => String::new(),
                },
                "param" => param_value(c, site).unwrap_or_default(),
                "details" if c.dialect == Dialect::Hugo && inner.is_some() => {
                    let summary = c.arg(&["summary"], Some(0)).unwrap_or("Details");
                    let mut html = String::from("\n\n<details><summary>");
                    let _ = pulldown_cmark_escape::escape_html(&mut html, summary);
                    html.push_str("</summary>\n\n");
                    html
                }
                player if embed::is_player(player) => {
                    let id = c.arg(&["id", "url"], Some(if player == "gist" { 1 } else { 0 }));
                    let user = c.arg(
                        &["user", "username"],
                        if player == "gist" { Some(0) } else { None },
                    );
                    let title = c.arg(&["title"], None);
                    id.and_then(|id| embed::from_shortcode(player, id, user, title))
                        .map(|card| card.html())
                        .unwrap_or_default()
                }
                _ => unknown(expansion, shown),
            }
        }
    }
}

/// Whether a shortcode name is a figure's.
fn is_figure(name: &str) -> bool {
    matches!(
        name,
        "figure" | "fig" | "image" | "img" | "picture" | "resize_image"
    )
}

/// A figure: its picture (from `src`, `url`, `path` or `image`) and caption (`caption`, `title`,
/// or the text between a Zola figure's forms), as HTML the picture rules bundle and draw.
fn figure(c: &Construct, inner: Option<&str>) -> Option<String> {
    use pulldown_cmark_escape::escape_html;
    let src = c.arg(&["src", "url", "path", "image", "file"], Some(0))?;
    let caption_md = [c.arg(&["title"], None), c.arg(&["caption"], None), inner]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" — ");
    // Hugo renders a caption's Markdown; the figure keeps its words.
    let caption = markdown::plain_text(&caption_md)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let alt = c.arg(&["alt"], None).map_or(caption.clone(), str::to_owned);
    let mut html = String::from("\n\n<figure><img src=\"");
    let _ = escape_html(&mut html, src);
    html.push_str("\" alt=\"");
    let _ = escape_html(&mut html, &alt);
    html.push_str("\">");
    if !caption.is_empty() {
        html.push_str("<figcaption>");
        let _ = escape_html(&mut html, &caption);
        html.push_str("</figcaption>");
    }
    html.push_str("</figure>\n\n");
    Some(html)
}

/// An internal reference: a placeholder address when it stands where a link's address goes,
/// else a link whose text is the target.
fn reference(c: &Construct, target: &str, source: &str, expansion: &mut Expansion) -> String {
    let target = target
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_matches(['"', '\''])
        .to_owned();
    let n = expansion.refs.len();
    expansion.refs.push(target.clone());
    let before = source[..c.range.start].trim_end_matches([' ', '<']);
    if before.ends_with("](")
        || before.ends_with("]:")
        || before.ends_with("href=\"")
        || before.ends_with("href='")
    {
        format!("{REF_PREFIX}{n}")
    } else {
        format!("[{}]({REF_PREFIX}{n})", markdown::escape_text(&target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(source: &str) -> String {
        expand(source, None).body.text
    }

    #[test]
    fn hugo_figures_and_players() {
        let e = expand(
            "Avant.\n\n{{< figure src=\"upgrade5.avif\" caption=\"La **mise** à jour\" >}}\n\n{{< youtube w7Ft2ymGmfc >}}\n\nAprès.",
            None,
        );
        let text = &e.body.text;
        assert!(text.contains("<figure><img src=\"upgrade5.avif\" alt=\"La mise à jour\"><figcaption>La mise à jour</figcaption></figure>"), "{text}");
        assert!(
            text.contains("href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc\""),
            "{text}"
        );
        assert!(!text.contains("{{"), "{text}");
        assert!(e.unknown.is_empty());
    }

    #[test]
    fn code_is_left_alone() {
        let source =
            "Use `{{< figure >}}` like this:\n\n```\n{{ site.title }}\n{% include x.html %}\n```\n";
        assert_eq!(body(source), source);
    }

    #[test]
    fn unknown_constructs_are_removed_and_counted_with_their_inner_text_kept() {
        let e = expand(
            "{{% notice info %}}Lisez **ceci**.{{% /notice %}} {% include toc.html %} {{< gallery dir=\"x\" />}}\n{% if page.x %}Oui{% else %}Non{% endif %}",
            None,
        );
        assert_eq!(e.body.text, "Lisez **ceci**.  \nOuiNon");
        let names: Vec<_> = e.unknown.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "{{< notice >}}",
                "{% include %}",
                "{{< gallery >}}",
                "{% if %}"
            ]
        );
        assert_eq!(e.unknown[1].1, 50);
    }

    #[test]
    fn liquid_highlight_raw_comment_and_site_values() {
        let site = SiteConfig::from_json(serde_json::json!({"repository": "jekyll/jekyll"}));
        let e = expand(
            "Voir https://github.com/{{ site.repository }}.\n\n{% highlight ruby %}\ndef x\n  `y`\nend\n{% endhighlight %}\n\n{% raw %}{{ a }}{% endraw %} {% comment %}caché {{ x }}{% endcomment %}fin",
            Some(&site),
        );
        assert_eq!(
            e.body.text,
            "Voir https://github.com/jekyll/jekyll.\n\n\n\n```ruby\ndef x\n  `y`\nend\n```\n\n\n\n{{ a }} fin"
        );
        let e = expand("Voir {{ site.repository }}.", None);
        assert_eq!(e.body.text, "Voir .");
        assert_eq!(e.unknown[0].0, "{{ site.repository }}");
    }

    #[test]
    fn zola_shortcodes() {
        let e = expand(
            "{% figure(url=\"chiffon.png\") %}Un *chiffon*{% end %}\n\n{{ vimeo(id=\"124313553\") }}\n\n{% note() %}Texte{% end %}",
            None,
        );
        let text = &e.body.text;
        assert!(text.contains("<figure><img src=\"chiffon.png\" alt=\"Un chiffon\"><figcaption>Un chiffon</figcaption></figure>"), "{text}");
        assert!(text.contains("https://vimeo.com/124313553"), "{text}");
        assert!(text.contains("Texte"), "{text}");
        assert!(
            !text.contains("Un *chiffon*"),
            "the caption is the figure's: {text}"
        );
        assert_eq!(e.unknown.len(), 1);
    }

    #[test]
    fn references_become_placeholders() {
        let e = expand(
            "[voir]({{< ref \"posts/autre.md\" >}}) et {% post_url 2010-07-21-nom %} et [z](@/blog/b.md)",
            None,
        );
        assert_eq!(e.refs, ["blog/b.md", "posts/autre.md", "2010-07-21-nom"]);
        assert_eq!(
            e.body.text,
            "[voir](#kiosque-ref-1) et [2010-07-21-nom](#kiosque-ref-2) et [z](#kiosque-ref-0)"
        );
    }

    #[test]
    fn titles_lose_their_template_code() {
        assert_eq!(
            strip("Hello {{< emoji >}} {{ site.title }}!", None),
            "Hello !"
        );
        assert_eq!(strip("Plain", None), "Plain");
    }
}
