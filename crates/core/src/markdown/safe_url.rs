//! Which link and picture addresses the reader may follow.

/// Whether a link or image target may be followed: relative references, fragments, and the
/// `http`, `https` and `mailto` schemes. Browsers ignore whitespace and control characters
/// inside a scheme (`java\tscript:`), so they are ignored here too before deciding.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find([':', '/', '?', '#']) {
        Some(at) if cleaned.as_bytes()[at] == b':' => {
            matches!(&cleaned[..at], "http" | "https" | "mailto")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_check_ignores_obfuscation() {
        assert!(!is_safe_url(" jav\tascript:alert(1)"));
        assert!(is_safe_url("docs/a:b"));
        assert!(is_safe_url("?q=a:b"));
        assert!(!is_safe_url("file:///etc/passwd"));
    }
}
