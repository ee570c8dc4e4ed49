//! Embedded players (a YouTube video, a Vimeo clip, a post on X…) as the reader shows them: a
//! link card naming the host. Nothing is loaded from the host: an embed would fail offline and
//! tell a third party who reads what. Cards come from generator shortcodes (`{{< youtube ID >}}`)
//! and from `<iframe>` tags of known hosts.

use pulldown_cmark_escape::{escape_href, escape_html};

/// A link to an embedded thing on another site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Card {
    /// The host as readers know it (`YouTube`).
    pub host: &'static str,
    /// Where the thing can be seen (`https://www.youtube.com/watch?v=…`).
    pub url: String,
    /// A title given by the author, else the address.
    pub title: Option<String>,
}

impl Card {
    /// The card as an HTML block from the allow-list of [`crate::html_allow`], on lines of its
    /// own so that Markdown reads it as a block wherever it stood.
    pub fn html(&self) -> String {
        let mut html = String::from("\n\n<p class=\"embed-card\"><a href=\"");
        let _ = escape_href(&mut html, &self.url);
        html.push_str("\"><span class=\"embed-host\">");
        html.push_str(self.host);
        html.push_str("</span> <span class=\"embed-title\">");
        let title = self.title.as_deref().unwrap_or(&self.url);
        let _ = escape_html(&mut html, title);
        html.push_str("</span></a></p>\n\n");
        html
    }
}

/// Whether an identifier is safe to put into an address: letters, digits, `-`, `_`, `.`.
fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The card of a shortcode naming a player (`youtube`, `vimeo`, `x`…) with its main argument
/// (an id, or an address for some), and its `user` for the ones that need it.
pub(crate) fn from_shortcode(
    name: &str,
    id: &str,
    user: Option<&str>,
    title: Option<&str>,
) -> Option<Card> {
    let id = id.trim();
    let user_ok = user.filter(|u| id_ok(u));
    let (host, url) = match name.to_ascii_lowercase().as_str() {
        "youtube" | "youtube_nocookie" | "yt" => (
            "YouTube",
            format!(
                "https://www.youtube.com/watch?v={}",
                id_ok(id).then_some(id)?
            ),
        ),
        "vimeo" | "vimeo_simple" => (
            "Vimeo",
            format!("https://vimeo.com/{}", id_ok(id).then_some(id)?),
        ),
        "dailymotion" => (
            "Dailymotion",
            format!(
                "https://www.dailymotion.com/video/{}",
                id_ok(id).then_some(id)?
            ),
        ),
        "streamable" => (
            "Streamable",
            format!("https://streamable.com/{}", id_ok(id).then_some(id)?),
        ),
        "x" | "tweet" | "twitter" | "twitter_simple" | "x_simple" => {
            let id = id_ok(id).then_some(id)?;
            match user_ok {
                Some(user) => ("X", format!("https://x.com/{user}/status/{id}")),
                None => ("X", format!("https://x.com/i/status/{id}")),
            }
        }
        "instagram" | "instagram_simple" => (
            "Instagram",
            format!("https://www.instagram.com/p/{}/", id_ok(id).then_some(id)?),
        ),
        "gist" => {
            let user = user_ok?;
            (
                "GitHub Gist",
                format!(
                    "https://gist.github.com/{user}/{}",
                    id_ok(id).then_some(id)?
                ),
            )
        }
        _ => return None,
    };
    Some(Card {
        host,
        url,
        title: title.map(str::to_owned).filter(|t| !t.trim().is_empty()),
    })
}

/// Whether a shortcode name is one of the players above: such a shortcode with a bad id is
/// removed rather than counted as unknown.
pub(crate) fn is_player(name: &str) -> bool {
    from_shortcode(name, "x", Some("x"), None).is_some()
}

/// The card of an `<iframe src>` of a known host; `None` for any other host.
pub(crate) fn from_iframe(src: &str, title: Option<&str>) -> Option<Card> {
    let src = src.trim();
    let rest = src
        .strip_prefix("https://")
        .or_else(|| src.strip_prefix("http://"))
        .or_else(|| src.strip_prefix("//"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    let card = |name: &str, id: &str| from_shortcode(name, id, None, title);
    match host {
        "youtube.com" | "youtube-nocookie.com" | "m.youtube.com" if path.starts_with("embed/") => {
            card("youtube", last)
        }
        "player.vimeo.com" if path.starts_with("video/") => card("vimeo", last),
        "dailymotion.com" if path.starts_with("embed/video/") => card("dailymotion", last),
        "streamable.com" if path.starts_with("e/") || path.starts_with("o/") => {
            card("streamable", last)
        }
        // Players whose page is the embed's own address without `/embed`.
        "open.spotify.com"
        | "w.soundcloud.com"
        | "google.com"
        | "openstreetmap.org"
        | "umap.openstreetmap.fr"
        | "peertube.fr"
        | "framatube.org"
        | "codepen.io"
        | "slideshare.net"
        | "arte.tv"
        | "player.twitch.tv"
        | "bandcamp.com" => {
            let name: &'static str = match host {
                "open.spotify.com" => "Spotify",
                "w.soundcloud.com" => "SoundCloud",
                "google.com" => "Google Maps",
                "openstreetmap.org" | "umap.openstreetmap.fr" => "OpenStreetMap",
                "peertube.fr" | "framatube.org" => "PeerTube",
                "codepen.io" => "CodePen",
                "slideshare.net" => "SlideShare",
                "arte.tv" => "Arte",
                "player.twitch.tv" => "Twitch",
                _ => "Bandcamp",
            };
            if host == "google.com" && !path.starts_with("maps") {
                return None;
            }
            Some(Card {
                host: name,
                url: format!("https://{rest}").replacen("/embed/", "/", 1),
                title: title.map(str::to_owned).filter(|t| !t.trim().is_empty()),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_and_iframes_become_cards() {
        let card = from_shortcode("youtube", "dQw4w9WgXcQ", None, None).unwrap();
        assert_eq!(card.url, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
        assert!(card
            .html()
            .contains("<span class=\"embed-host\">YouTube</span>"));
        assert_eq!(
            from_shortcode("x", "1453110110599868418", Some("SanDiegoZoo"), None)
                .unwrap()
                .url,
            "https://x.com/SanDiegoZoo/status/1453110110599868418"
        );
        assert!(from_shortcode("youtube", "a\"><script>", None, None).is_none());
        let card = from_iframe(
            "https://www.youtube-nocookie.com/embed/abc_DEF-12?start=3",
            Some("Démo"),
        )
        .unwrap();
        assert_eq!(card.url, "https://www.youtube.com/watch?v=abc_DEF-12");
        assert!(card.html().contains(">Démo<"));
        assert_eq!(
            from_iframe("https://player.vimeo.com/video/76979871", None)
                .unwrap()
                .url,
            "https://vimeo.com/76979871"
        );
        assert!(from_iframe("https://evil.example/embed/x", None).is_none());
        assert!(from_iframe("javascript:alert(1)", None).is_none());
    }
}
