//! The URL a site is served under, as `--public-url` gives it.

use anyhow::bail;

/// `url` as the app's asset links need it: ending with `/`. Accepts `./` (relative links, which
/// work at the domain root and under most sub-paths), an absolute path such as `/archive/`, or a
/// full `http(s)://` URL; refuses anything that could break out of the HTML attribute or
/// JavaScript string it is written into.
pub fn normalize(url: &str) -> anyhow::Result<String> {
    let url = url.trim();
    if !(url.starts_with("./")
        || url == "."
        || url.starts_with('/')
        || url.starts_with("https://")
        || url.starts_with("http://"))
    {
        bail!(
            "--public-url {url:?} is not a path: give ./ (works anywhere), a path from the domain \
             root such as /archive/, or a full URL such as https://example.org/archive/"
        );
    }
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(*c))
    {
        bail!("--public-url {url:?} holds {c:?}, which a URL in a web page cannot hold as is; percent-encode it");
    }
    Ok(if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Paths gain their final slash; what could break out of an attribute or a string is refused.
    #[test]
    fn public_urls_are_normalized_or_refused() {
        assert_eq!(normalize("./").unwrap(), "./");
        assert_eq!(normalize(".").unwrap(), "./");
        assert_eq!(normalize("/archive").unwrap(), "/archive/");
        assert_eq!(normalize("/").unwrap(), "/");
        assert_eq!(
            normalize("https://example.org/a/b").unwrap(),
            "https://example.org/a/b/"
        );
        for bad in [
            "archive/",
            "",
            "/a\"b/",
            "/a b/",
            "/<x>/",
            "javascript:alert(1)",
        ] {
            assert!(normalize(bad).is_err(), "{bad:?}");
        }
    }
}
