//! The Content-Security-Policy of the built pages, written into them as a `<meta http-equiv>`
//! tag: a static host cannot be relied on to send headers, and the single file has no host.
//!
//! The policy lets the page run only the site's own scripts, its WebAssembly, and the inline
//! scripts it was built with, named by the SHA-256 of their exact text; so a script that article
//! content managed to inject (an element, an event handler, a `javascript:` link) would not run
//! even if the Markdown renderer let it through. Objects, frames, forms and `<base>` are refused
//! outright. Pictures may come from the site, from `data:` URLs (the single file's pictures and
//! icons) and from any web address: the reader shows a remote picture only after a click or the
//! "always load remote images" setting, which a policy cannot express, and the app writes no
//! `<img>` for one before that (see `markdown/pictures.rs`); the policy only keeps other schemes out.
//! Styles may be inline: the app sets `style` attributes (timeline bars, the list's height),
//! and the single file carries its stylesheet in a `<style>` element; styles cannot run script.

use sha2::{Digest, Sha256};

/// `frame-ancestors`, `report-uri` and `sandbox` are ignored in a `<meta>` policy, so they are
/// not written; the rest is common to both pages.
const REFUSED: &str = "object-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'";

/// The policy of the site served over HTTP: everything from the site itself, scripts also from
/// the inline ones of `html` (by hash), wasm compiled, remote pictures allowed (see the module
/// documentation).
pub fn site_policy(html: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: https: http:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; {REFUSED}",
        hash_sources(html)
    )
}

/// The policy of the single file opened from disk: it loads nothing, so nothing but its own
/// inline scripts (by hash), its wasm (compiled from bytes in the page), inline styles and
/// pictures (as `data:` URLs, remote ones as on the site).
pub fn single_file_policy(html: &str) -> String {
    format!(
        "default-src 'none'; script-src 'wasm-unsafe-eval'{}; style-src 'unsafe-inline'; \
         img-src data: https: http:; {REFUSED}",
        hash_sources(html)
    )
}

fn hash_sources(html: &str) -> String {
    inline_scripts(html)
        .into_iter()
        .map(|script| format!(" {}", hash_source(script)))
        .collect()
}

/// A CSP hash source (`'sha256-…'`) for an inline script's text. The browser hashes the text
/// as parsed, where every line break has become a line feed.
pub fn hash_source(script: &str) -> String {
    let text = script.replace("\r\n", "\n").replace('\r', "\n");
    let digest = Sha256::digest(text.as_bytes());
    format!("'sha256-{}'", crate::base64::encode(&digest))
}

/// The text of every `<script>` of `html` that runs inline: no `src`, and no `type` or a
/// JavaScript one (`module` included); data blocks such as `type="application/base64"` are not
/// scripts and need no hash.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<script") {
        let start = at + found;
        let after_name = start + "<script".len();
        if !lower[after_name..]
            .starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        {
            at = after_name;
            continue;
        }
        let Some(tag_end) = start_tag_end(html, after_name) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script") else {
            break;
        };
        let attributes = &html[after_name..tag_end - 1];
        if runs_inline(attributes) {
            scripts.push(&html[tag_end..tag_end + close]);
        }
        at = tag_end + close;
    }
    scripts
}

/// The index just past the `>` that ends a start tag whose attributes begin at `from`, skipping
/// a `>` inside a quoted value.
fn start_tag_end(html: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, c) in html[from..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(from + i + 1),
            _ => {}
        }
    }
    None
}

/// Whether a `<script>` with these attributes runs its own text.
fn runs_inline(attributes: &str) -> bool {
    let attributes = parse_attributes(attributes);
    if attributes.iter().any(|(name, _)| name == "src") {
        return false;
    }
    match attributes.iter().find(|(name, _)| name == "type") {
        None => true,
        Some((_, kind)) => {
            let kind = kind.trim().to_ascii_lowercase();
            kind.is_empty()
                || kind == "module"
                || kind == "text/javascript"
                || kind == "application/javascript"
                || kind == "text/ecmascript"
        }
    }
}

/// `(lowercased name, value)` of each attribute in a start tag's attribute text.
fn parse_attributes(text: &str) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    let mut rest = text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (text, remainder) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                    Some(end) => (&after[1..1 + end], &after[2 + end..]),
                    None => (&after[1..], ""),
                },
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = text.to_owned();
            rest = remainder;
        }
        if !name.is_empty() {
            attributes.push((name, value));
        }
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
    }
    attributes
}

/// `html` with `policy` as its only Content-Security-Policy `<meta>`, placed right after the
/// charset declaration (or the `<head>` tag) so that it comes before every script: a policy
/// given by `<meta>` covers only what follows it. Any policy `html` had is replaced. `None` when
/// `html` has no `<head>`.
pub fn with_policy(html: &str, policy: &str) -> Option<String> {
    let mut html = html.to_owned();
    while let Some((start, end)) = find_policy_meta(&html) {
        html.replace_range(start..end, "");
    }
    let lower = html.to_ascii_lowercase();
    let head = lower.find("<head")?;
    let head_end = start_tag_end(&html, head + "<head".len())?;
    let at = lower[head_end..]
        .find("<meta charset")
        .and_then(|i| start_tag_end(&html, head_end + i + 1))
        .filter(|&end| !lower[head_end..end].contains("<script"))
        .unwrap_or(head_end);
    let escaped = policy.replace('&', "&amp;").replace('"', "&quot;");
    html.insert_str(
        at,
        &format!("\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{escaped}\" />"),
    );
    Some(html)
}

/// The byte range of a `<meta http-equiv="Content-Security-Policy">` of `html`, if any.
fn find_policy_meta(html: &str) -> Option<(usize, usize)> {
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<meta") {
        let start = at + found;
        let end = start_tag_end(html, start + "<meta".len())?;
        let is_policy = parse_attributes(&html[start + "<meta".len()..end - 1])
            .iter()
            .any(|(name, value)| {
                name == "http-equiv" && value.eq_ignore_ascii_case("content-security-policy")
            });
        if is_policy {
            return Some((start, end));
        }
        at = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    // The hash the browser computes: `echo -n 'alert(1)' | openssl sha256 -binary | base64`.
    #[test]
    fn hashes_are_sha256_in_base64() {
        assert_eq!(
            hash_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
        // Line breaks are hashed as the parser leaves them: line feeds.
        assert_eq!(hash_source("a\r\nb"), hash_source("a\nb"));
    }

    // Inline scripts, classic and module, are found with their exact text; scripts loaded from
    // a file and data blocks are not scripts to hash.
    #[test]
    fn finds_the_scripts_that_run_inline() {
        let html = "<head><script>one()</script><SCRIPT type=\"module\">import x from './a.js';</SCRIPT>\
                    <script src=\"app.js\"></script><script type=\"application/base64\" id=x>QUJD</script>\
                    <scripts>no</scripts><script data-x='a>b'>two()</script><script type=text/javascript>\nthree()\n</script></head>";
        assert_eq!(
            inline_scripts(html),
            ["one()", "import x from './a.js';", "two()", "\nthree()\n"]
        );
    }

    // The site's policy names each inline script by hash and keeps the fixed refusals.
    #[test]
    fn the_site_policy_lists_inline_scripts_by_hash() {
        let html =
            "<html><head><script>one()</script></head><body><script>two()</script></body></html>";
        let policy = site_policy(html);
        assert!(policy.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' {} {};",
            hash_source("one()"),
            hash_source("two()")
        )));
        for part in [
            "default-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "img-src 'self' data: https: http:",
            "object-src 'none'",
            "frame-src 'none'",
            "form-action 'none'",
            "base-uri 'none'",
        ] {
            assert!(policy.contains(part), "{part} missing from {policy}");
        }
        let script_src = policy
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(!script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'"));
        assert!(!policy.contains("frame-ancestors"), "ignored in <meta>");
        let single = single_file_policy(html);
        assert!(single.starts_with("default-src 'none'; script-src 'wasm-unsafe-eval' 'sha256-"));
        assert!(
            !single.contains("'self'"),
            "a file has no site to trust: {single}"
        );
    }

    // The policy goes before the first script, after the charset, once; an old one is replaced.
    #[test]
    fn the_policy_meta_comes_before_every_script() {
        let html = "<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"utf-8\" />\n    <script>x()</script>\n  </head>\n</html>";
        let once = with_policy(html, "default-src 'self'; a \"b\" & c").unwrap();
        assert_eq!(
            once,
            "<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"utf-8\" />\n    <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; a &quot;b&quot; &amp; c\" />\n    <script>x()</script>\n  </head>\n</html>"
        );
        let twice = with_policy(&once, "default-src 'none'").unwrap();
        assert_eq!(twice.matches("Content-Security-Policy").count(), 1);
        assert!(twice.contains("content=\"default-src 'none'\""));
        // Without a charset declaration it opens the head.
        let bare =
            with_policy("<html><HEAD lang=x><script>y()</script></HEAD></html>", "p").unwrap();
        assert!(bare.starts_with(
            "<html><HEAD lang=x>\n    <meta http-equiv=\"Content-Security-Policy\" content=\"p\" /><script>"
        ));
        assert_eq!(with_policy("<p>no head</p>", "p"), None);
    }
}
