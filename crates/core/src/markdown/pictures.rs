//! Pictures in article bodies, as the reader shows them.
//!
//! Three kinds of picture reach the reader: bundled ones (`assets/<hash>.<ext>`, whose size the
//! manifest gives, so the page reserves their space before they load), remote ones (`https://…`,
//! which are not requested until the reader asks: they would fail offline and tell a third party
//! who reads what), and everything else (a local picture the bundler could not find, a refused
//! scheme), shown as a placeholder holding the alt text.

use std::fmt::Write as _;

use pulldown_cmark_escape::{escape_href, escape_html};

// The renderer writes these classes in its literal HTML (one `push_str` a piece, the cheapest
// code for the app's download); `tests::selectors_name_the_classes_drawn` keeps both in step.

/// The class of every `<img>` drawn for a picture.
pub const PICTURE_CLASS: &str = "picture";
/// The class of a picture's placeholder (with `remote` or `missing`); a remote one holds the
/// picture's address in `data-src`.
pub const PLACEHOLDER_CLASS: &str = "picture-placeholder";
/// The class of the alt text inside a placeholder.
pub const ALT_CLASS: &str = "picture-alt";
/// The class of the button that loads a remote picture in its placeholder's place.
pub const LOAD_BUTTON_CLASS: &str = "picture-load";
/// A CSS selector for a placeholder ([`PLACEHOLDER_CLASS`]).
pub const PLACEHOLDER_SELECTOR: &str = ".picture-placeholder";
/// A CSS selector for a placeholder's alt text ([`ALT_CLASS`]).
pub const ALT_SELECTOR: &str = ".picture-alt";
/// A CSS selector for the button that loads a remote picture ([`LOAD_BUTTON_CLASS`]).
pub const LOAD_BUTTON_SELECTOR: &str = "button.picture-load";

/// A bundled picture as the reader loads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundledPicture {
    /// The URL to load it from, relative to the page.
    pub url: String,
    /// Intrinsic width in CSS pixels.
    pub width: u32,
    /// Intrinsic height in CSS pixels.
    pub height: u32,
}

/// How pictures are shown: which are bundled, whether remote ones load at once, and the words
/// of the placeholders in the reader's language.
pub struct Pictures<'a> {
    /// Finds a bundled picture by the destination written in the body (`assets/<hash>.<ext>`).
    pub bundled: &'a dyn Fn(&str) -> Option<BundledPicture>,
    /// Whether remote pictures load at once (the reader chose so) or wait behind a button.
    pub load_remote: bool,
    /// The label of the button that loads one remote picture.
    pub load_label: &'a str,
    /// Said in the placeholder of a picture that is not in the bundle.
    pub missing_label: &'a str,
}

impl Pictures<'static> {
    /// No bundled picture, remote ones behind an English button.
    pub fn none() -> Self {
        Pictures {
            bundled: &|_| None,
            load_remote: false,
            load_label: "Load image",
            missing_label: "Image not available",
        }
    }
}

/// What a picture destination points at.
#[derive(Debug, PartialEq, Eq)]
enum Kind<'u> {
    /// `http://`, `https://` or `//host/…`, with the host name to show.
    Remote(&'u str),
    /// A path inside the site or bundle.
    Local,
    /// A scheme that is never loaded (`javascript:`, `data:`, `file:` …).
    Refused,
}

fn kind(url: &str) -> Kind<'_> {
    let trimmed = url.trim();
    let lower = trimmed.get(..8).unwrap_or(trimmed).to_ascii_lowercase();
    let after = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else if trimmed.starts_with("//") {
        2
    } else if super::is_safe_url(trimmed) && !lower.starts_with("mailto:") {
        return Kind::Local;
    } else {
        return Kind::Refused;
    };
    let authority = trimmed[after..]
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or(authority);
    Kind::Remote(host)
}

/// What a picture became in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Drawn {
    /// A bundled picture, loaded from this URL.
    Bundled(String),
    /// A remote picture, shown or waiting behind its button.
    Remote,
    /// A placeholder with the alt text.
    Missing,
}

/// The HTML of one picture: `url` as written in the body, `alt` as plain text.
#[cfg(test)]
pub(crate) fn picture_html(pictures: &Pictures, url: &str, alt: &str, title: &str) -> String {
    draw(pictures, url, alt, title).0
}

/// The HTML of one picture (`url` as written in the body, `alt` as plain text), and what it is.
pub(crate) fn draw(pictures: &Pictures, url: &str, alt: &str, title: &str) -> (String, Drawn) {
    let mut html = String::with_capacity(160 + url.len() + alt.len());
    let drawn = match kind(url) {
        Kind::Local => match (pictures.bundled)(url.trim()) {
            Some(found) => {
                html.push_str("<img class=\"picture\" src=\"");
                let _ = escape_href(&mut html, &found.url);
                push_alt_and_title(&mut html, alt, title);
                let _ = write!(
                    html,
                    " width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\">",
                    found.width, found.height
                );
                Drawn::Bundled(found.url)
            }
            None => missing(&mut html, pictures, alt),
        },
        Kind::Remote(_) if pictures.load_remote => {
            html.push_str("<img class=\"picture\" src=\"");
            let _ = escape_href(&mut html, &absolute(url));
            push_alt_and_title(&mut html, alt, title);
            html.push_str(" loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\">");
            Drawn::Remote
        }
        Kind::Remote(host) => {
            // The address waits in a data attribute: nothing is requested until the button is used.
            html.push_str("<span class=\"picture-placeholder remote\" data-src=\"");
            let _ = escape_href(&mut html, &absolute(url));
            html.push_str("\"><span class=\"picture-alt\">");
            let _ = escape_html(&mut html, alt);
            html.push_str("</span> <span class=\"picture-host\">");
            let _ = escape_html(&mut html, host);
            html.push_str("</span> <button type=\"button\" class=\"picture-load\">");
            let _ = escape_html(&mut html, pictures.load_label);
            html.push_str("</button></span>");
            Drawn::Remote
        }
        Kind::Refused => missing(&mut html, pictures, alt),
    };
    (html, drawn)
}

/// A remote address the way an `<img>` loads it: protocol-relative ones over https.
fn absolute(url: &str) -> String {
    let url = url.trim();
    match url.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => url.to_owned(),
    }
}

fn push_alt_and_title(html: &mut String, alt: &str, title: &str) {
    html.push_str("\" alt=\"");
    let _ = escape_html(&mut *html, alt);
    html.push('"');
    if !title.is_empty() {
        html.push_str(" title=\"");
        let _ = escape_html(&mut *html, title);
        html.push('"');
    }
}

fn missing(html: &mut String, pictures: &Pictures, alt: &str) -> Drawn {
    html.push_str("<span class=\"picture-placeholder missing\" role=\"img\" aria-label=\"");
    let label = if alt.trim().is_empty() {
        pictures.missing_label
    } else {
        alt
    };
    let _ = escape_html(&mut *html, label);
    html.push_str("\"><span class=\"picture-alt\" aria-hidden=\"true\">");
    let _ = escape_html(&mut *html, alt);
    html.push_str("</span> <span class=\"picture-note\" aria-hidden=\"true\">");
    let _ = escape_html(&mut *html, pictures.missing_label);
    html.push_str("</span></span>");
    Drawn::Missing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled(url: &str) -> Option<BundledPicture> {
        (url == "assets/0123456789abcdef.png").then(|| BundledPicture {
            url: "bundle/assets/0123456789abcdef.png?v=0123456789abcdef".into(),
            width: 120,
            height: 80,
        })
    }

    fn pictures(load_remote: bool) -> Pictures<'static> {
        Pictures {
            bundled: &bundled,
            load_remote,
            load_label: "Charger l’image",
            missing_label: "Image indisponible",
        }
    }

    #[test]
    fn selectors_name_the_classes_drawn() {
        assert_eq!(PLACEHOLDER_SELECTOR, format!(".{PLACEHOLDER_CLASS}"));
        assert_eq!(ALT_SELECTOR, format!(".{ALT_CLASS}"));
        assert_eq!(LOAD_BUTTON_SELECTOR, format!("button.{LOAD_BUTTON_CLASS}"));
        let html = picture_html(&pictures(false), "https://example.org/a.png", "A", "");
        for class in [PLACEHOLDER_CLASS, ALT_CLASS, LOAD_BUTTON_CLASS] {
            assert!(
                html.contains(&format!("class=\"{class}")),
                "{class}: {html}"
            );
        }
    }

    #[test]
    fn bundled_pictures_reserve_their_size_and_load_lazily() {
        let html = picture_html(
            &pictures(false),
            "assets/0123456789abcdef.png",
            "Une \"courbe\"",
            "",
        );
        assert_eq!(
            html,
            "<img class=\"picture\" src=\"bundle/assets/0123456789abcdef.png?v=0123456789abcdef\" \
             alt=\"Une &quot;courbe&quot;\" width=\"120\" height=\"80\" loading=\"lazy\" \
             decoding=\"async\">"
        );
    }

    #[test]
    fn remote_pictures_wait_for_the_reader() {
        let html = picture_html(
            &pictures(false),
            "https://user@cartes.example.org/a.png?x=1",
            "Carte",
            "",
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("data-src=\"https://user@cartes.example.org/a.png?x=1\""));
        assert!(html.contains(">cartes.example.org<"), "{html}");
        assert!(html.contains("Charger l’image"));
        let html = picture_html(&pictures(true), "//cdn.example.org/a.png", "Carte", "t");
        assert!(html.starts_with("<img class=\"picture\" src=\"https://cdn.example.org/a.png\""));
        assert!(html.contains("referrerpolicy=\"no-referrer\""));
        assert!(html.contains("title=\"t\""));
    }

    #[test]
    fn unknown_and_refused_pictures_show_their_alt_text() {
        for url in [
            "absente.jpg",
            "/public/images/x.png",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
        ] {
            let html = picture_html(&pictures(true), url, "Photo <disparue>", "");
            assert!(!html.contains("<img"), "{url}: {html}");
            assert!(!html.contains(url), "{url}: {html}");
            assert!(
                html.contains("aria-label=\"Photo &lt;disparue&gt;\""),
                "{html}"
            );
            assert!(html.contains("Image indisponible"), "{html}");
        }
    }
}
