//! An article body as the bundle stores it: rendered once, natively, when the bundle is written,
//! so that the reader carries no Markdown parser.
//!
//! A stored body is one string: [`TAG`], the body's plain text (what snippets and related
//! articles read), then its safe HTML with each picture left out and kept apart as its address,
//! alt text and title, all separated by NUL (which neither the HTML nor the fields can hold: the
//! bundler turns any NUL of the source into U+FFFD first, as browsers and CommonMark do):
//!
//! ```text
//! TAG text \0 html₀ ( \0 url \0 alt \0 title \0 htmlₙ )*
//! ```
//!
//! The reader draws each picture itself (its URL in this bundle or single file, whether remote
//! ones load, the labels in its language) with the same drawer as [`super::render`], so the HTML
//! it inserts is byte for byte what [`super::render`] gives for the Markdown (the tests prove it).
//! The HTML was made safe by the bundler; the reader still passes it through its own guard
//! ([`allowed_element`], [`allowed_attribute`]) in case a bundle was written by hand.

use super::pictures::{self, Drawn, Pictures};
use super::Rendered;

/// How every stored body starts: a body without it was bundled by an older `kiosque` (as
/// Markdown) and must be rebuilt. Bump the digit on any change of the layout.
pub const TAG: &str = "KB1\0";

/// Between the fields of a stored body.
const SEP: char = '\0';

/// Why a stored body cannot be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// It does not start with [`TAG`]: an older `kiosque` wrote the bundle.
    #[error(
        "this bundle was written by an older version of kiosque; rebuild it with `kiosque bundle`"
    )]
    OlderFormat,
    /// Its pictures' fields do not add up: the file was changed after it was written.
    #[error("this article's body is damaged; rebuild the bundle with `kiosque bundle`")]
    Damaged,
}

/// The stored form of a Markdown body whose plain text is `text` (as
/// [`super::plain_text`] reads it): see the module's documentation.
#[cfg(feature = "bundler")]
pub fn store(markdown: &str, text: &str) -> String {
    use super::render::{render_without_pictures, PICTURE_MARK};
    let markdown = without_nul(markdown);
    let (html, pictures) = render_without_pictures(&markdown);
    let mut out = String::with_capacity(TAG.len() + text.len() + html.len() + 1);
    out.push_str(TAG);
    out.push_str(&without_nul(text));
    out.push(SEP);
    let mut segments = html.split(PICTURE_MARK);
    out.push_str(segments.next().unwrap_or_default());
    // The source holds no NUL, so the HTML holds exactly one mark per picture.
    for (fields, segment) in pictures.iter().zip(segments) {
        for field in fields {
            out.push(SEP);
            out.push_str(&without_nul(field));
        }
        out.push(SEP);
        out.push_str(segment);
    }
    out
}

/// `text` with every NUL replaced by U+FFFD, which is what the browser shows for one anyway.
#[cfg(feature = "bundler")]
fn without_nul(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(SEP) {
        text.replace(SEP, "\u{FFFD}").into()
    } else {
        text.into()
    }
}

/// A stored body, read (nothing is copied).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredBody<'a> {
    text: &'a str,
    /// The HTML's first segment, then the pictures' fields and the segments after them.
    html: &'a str,
}

/// Reads a stored body, checking its tag and that its pictures' fields add up.
pub fn read(body: &str) -> Result<StoredBody<'_>, BodyError> {
    let rest = body.strip_prefix(TAG).ok_or(BodyError::OlderFormat)?;
    let (text, html) = rest.split_once(SEP).ok_or(BodyError::Damaged)?;
    if html.matches(SEP).count() % 4 != 0 {
        return Err(BodyError::Damaged);
    }
    Ok(StoredBody { text, html })
}

/// The plain text of a stored body; empty when it cannot be read.
pub fn plain_text(body: &str) -> &str {
    read(body).map_or("", |b| b.text)
}

impl<'a> StoredBody<'a> {
    /// The body's plain text, as [`super::plain_text`] read its Markdown.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The body's HTML with its pictures drawn as `pictures` says, and what it shows: the same
    /// as [`super::render`] gives for the Markdown.
    pub fn render(&self, pictures: &Pictures) -> Rendered {
        let mut rendered = Rendered {
            html: String::with_capacity(self.html.len() + 64),
            ..Rendered::default()
        };
        let mut fields = self.html.split(SEP);
        rendered.html.push_str(fields.next().unwrap_or_default());
        while let (Some(url), Some(alt), Some(title), Some(segment)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        {
            let (html, drawn) = pictures::draw(pictures, url, alt, title);
            match drawn {
                Drawn::Bundled(url) => rendered.bundled_pictures.push(url),
                Drawn::Remote => rendered.remote_pictures = true,
                Drawn::Missing => {}
            }
            rendered.html.push_str(&html);
            rendered.html.push_str(segment);
        }
        rendered
    }
}

/// Elements the Markdown writer and the picture drawer produce, besides the raw HTML allowed by
/// [`crate::html_allow::TAGS`].
const WRITTEN_ELEMENTS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6", "del", "div", "button"];

/// Whether the reader's guard keeps an element (`name` in lower case): what the renderer and the
/// picture drawer write. Anything else goes, with its content.
pub fn allowed_element(name: &str) -> bool {
    WRITTEN_ELEMENTS.contains(&name) || crate::html_allow::TAGS.iter().any(|(tag, _)| *tag == name)
}

/// Whether the reader's guard keeps an attribute (`name` in lower case) with this value on an
/// allowed element. Addresses must be ones the reader may follow; a picture's `src` must also be
/// one it may load: a bundled picture (or a single file's `data:image/` copy), or a remote one
/// when the reader chose to load them.
pub fn allowed_attribute(name: &str, value: &str, load_remote: bool) -> bool {
    match name {
        "href" => super::is_safe_url(value),
        "src" => {
            let lower = value
                .trim_start()
                .get(..11)
                .unwrap_or(value)
                .to_ascii_lowercase();
            if lower.starts_with("data:image/") {
                return true;
            }
            let remote = lower.starts_with("http:")
                || lower.starts_with("https:")
                || lower.starts_with("//");
            super::is_safe_url(value) && (load_remote || !remote)
        }
        // A remote placeholder's address, loaded only when the reader asks.
        "data-src" => {
            let lower = value.get(..8).unwrap_or(value).to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        }
        // Table cells' alignment, as the Markdown writer puts it.
        "style" => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        ),
        "type" => value == "button",
        "class" | "id" | "alt" | "title" | "colspan" | "rowspan" | "scope" | "open" | "start"
        | "width" | "height" | "loading" | "decoding" | "referrerpolicy" | "role"
        | "aria-label" | "aria-hidden" => true,
        _ => false,
    }
}

#[cfg(all(test, feature = "bundler"))]
mod tests {
    use super::super::pictures::BundledPicture;
    use super::super::{plain_text as markdown_text, render};
    use super::*;

    /// The one bundled picture of these tests.
    fn bundled(url: &str) -> Option<BundledPicture> {
        (url == "assets/00aa.png").then(|| BundledPicture {
            url: format!("bundle/{url}?v=00aa"),
            width: 40,
            height: 30,
        })
    }

    /// Markdown of every kind the reader shows, and hostile input.
    const SOURCES: &[&str] = &[
        "",
        "Plain text only.",
        "# Titre\n\n## Sous-titre *emph* **fort** ~~barré~~ `code`\n\nUn paragraphe\nsur deux lignes.  \nCassure.",
        "- un\n- deux\n  1. trois\n  2. quatre\n\n3. five\n4. six\n\n> cité\n> > encore\n\n---\n",
        "```rust\nfn main() { println!(\"<b>\"); }\n```\n\n    indenté <i>\n",
        "| a | b | c |\n|:--|:-:|--:|\n| 1 | *2* | `3` |\n| x | y |\n",
        "Texte[^1] et[^note].\n\n[^1]: La note.\n[^note]: Une *autre* note, avec ![image](assets/00aa.png).\n",
        "[lien](https://example.org/a?b=c&d=e \"titre\") [rel](../x.html#top) [mail](mailto:a@b.fr) <https://auto.example.org> [ref][r]\n\n[r]: https://example.org/ref",
        "![bundled](assets/00aa.png \"T\") ![absent](nope.png) ![remote *alt*](https://img.example.org/a.png) ![proto](//cdn.example.org/b.png)\n\n![ref][p] ![![nested](assets/00aa.png)](x.png)\n\n[p]: assets/00aa.png",
        "<p align=center><img src=\"assets/00aa.png\" alt=\"tag\" onload=\"x()\"></p>\n\n<figure><img src=\"https://e.example.org/i.jpg\" alt=\"r\" title=\"t\"><figcaption>Légende &amp; <b>gras</b></figcaption></figure>\n",
        "<table>\n<tr><td colspan=\"2\"\n  onclick=\"x()\">Un</td><td>Deux</td></tr>\n</table>\n\nH<sub>2</sub>O <small>crédit</small> <b onmouseover=x>gras</b> <abbr title=\"a&quot;b\">AB</abbr>\n\n<details open><summary>Plus</summary>\n\nCaché.\n\n</details>\n",
        "<p class=\"embed-card\"><span class=\"embed-host\">video.example.org</span> <a href=\"https://video.example.org/1\"><span class=\"embed-title\">Vidéo</span></a></p>\n",
        // Hostile input.
        "Hi <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<iframe src=\"https://example.org\"></iframe><svg onload=alert(1)><style>*{}</style>",
        "[x](javascript:alert(1)) [y](JavaScript:alert(1)) [z](java%0ascript:alert(1)) [w](&#106;avascript:alert(1)) <javascript:alert(1)> [d](data:text/html,<script>alert(1)</script>) ![i](javascript:alert(1)) ![v](vbscript:x)",
        "<a href=\"javascript:alert(1)\">a</a> <a href=\" jav\tascript:x\" title=\"t\">b</a> <img src=\"data:image/svg+xml,<svg onload=alert(1)>\" alt=\"d\">",
        "<p onclick=\"x()\" style=\"color:red\" id=\"location\">p</p><div><form action=x><input name=y></form></div><math><mi xlink:href=javascript:x>m</mi></math>",
        "<!-- comment --> <![CDATA[ x ]]> <?php x ?> </p> <b <i>> <img src=\"assets/00aa.png\"\nalt=\"multi\nline\">",
        "Alt with \"quotes\" & <angles>: ![a \"q\" <b>](assets/00aa.png 'ti\"tle') ![](https://x.example.org/a b.png)",
        "Nul \0 dans le texte, ![alt\0x](assets/00aa.png) <img src=\"https://x.example.org/\0.png\" alt=\"a\0b\">",
        "Emoji 🎉, accents élève, RTL שלום, zero-width \u{200b}, CR\r\nLF.",
    ];

    fn pictures(load_remote: bool) -> Pictures<'static> {
        Pictures {
            bundled: &bundled,
            load_remote,
            load_label: "Charger l’image",
            missing_label: "Image indisponible",
        }
    }

    #[test]
    fn a_stored_body_renders_as_its_markdown_did() {
        for source in SOURCES {
            // The bundler's source holds no NUL (see `store`): what the reader rendered from it
            // is what is compared.
            let clean = source.replace('\0', "\u{FFFD}");
            let stored = store(source, &markdown_text(source));
            let body = read(&stored).unwrap_or_else(|e| panic!("{source:?}: {e}"));
            assert_eq!(body.text(), markdown_text(&clean), "{source:?}");
            for load_remote in [false, true] {
                let expected = render(&clean, &pictures(load_remote));
                assert_eq!(body.render(&pictures(load_remote)), expected, "{source:?}");
            }
        }
    }

    #[test]
    fn a_nul_is_the_one_character_stored_otherwise() {
        // The renderer passed a NUL of the source through; the stored body holds U+FFFD in its
        // place (the browser drops a NUL from text and shows U+FFFD in an attribute): every other
        // byte is the same.
        let source = "Nul \0 dans le texte, ![alt\0x](assets/00aa.png)";
        let stored = store(source, &markdown_text(source));
        let body = read(&stored).unwrap();
        assert_eq!(
            body.render(&pictures(false)).html,
            render(source, &pictures(false))
                .html
                .replace('\0', "\u{FFFD}")
        );
    }

    #[test]
    fn the_guard_keeps_everything_the_renderer_writes() {
        for source in SOURCES {
            for load_remote in [false, true] {
                let html = render(source, &pictures(load_remote)).html;
                for (at, _) in html.match_indices('<') {
                    let Some(tag) = crate::html_tag::start_tag(&html, at) else {
                        continue;
                    };
                    let name = tag.name.to_ascii_lowercase();
                    assert!(allowed_element(&name), "<{name}> in {html}");
                    for attribute in &tag.attributes {
                        let value = crate::html_tag::decode_value(attribute.value);
                        assert!(
                            allowed_attribute(attribute.name, &value, load_remote),
                            "{}={value:?} in {html}",
                            attribute.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_guard_refuses_what_could_run_or_leak() {
        for element in [
            "script", "iframe", "svg", "math", "style", "object", "embed", "form", "input",
            "template", "base", "meta", "link", "noscript",
        ] {
            assert!(!allowed_element(element), "{element}");
        }
        for (name, value) in [
            ("onerror", "alert(1)"),
            ("onclick", "x()"),
            ("href", "javascript:alert(1)"),
            ("href", " java\tscript:x"),
            ("href", "data:text/html,<script>x</script>"),
            ("src", "javascript:alert(1)"),
            ("src", "https://tracker.example.org/p.gif"),
            ("src", "//tracker.example.org/p.gif"),
            ("data-src", "javascript:alert(1)"),
            ("style", "background:url(https://tracker.example.org)"),
            ("srcset", "https://tracker.example.org/p.gif 1x"),
            ("formaction", "javascript:x"),
            ("name", "location"),
            ("type", "submit"),
        ] {
            assert!(!allowed_attribute(name, value, false), "{name}={value}");
        }
        assert!(allowed_attribute(
            "src",
            "https://img.example.org/a.png",
            true
        ));
        assert!(allowed_attribute(
            "src",
            "data:image/png;base64,AAAA",
            false
        ));
        assert!(allowed_attribute(
            "src",
            "bundle/assets/00aa.png?v=00aa",
            false
        ));
    }

    #[test]
    fn an_old_or_damaged_body_says_so() {
        assert_eq!(
            read("# Markdown from an older bundle"),
            Err(BodyError::OlderFormat)
        );
        assert_eq!(plain_text("# Markdown"), "");
        let stored = store("![a](assets/00aa.png) b", "a b");
        let cut = &stored[..stored.rfind(SEP).unwrap()];
        assert_eq!(read(cut), Err(BodyError::Damaged));
        assert_eq!(read(TAG), Err(BodyError::Damaged));
    }
}
