//! The list's URL as the app's router reads and writes it. The list's words themselves are
//! shared with the app (`kiosque_web::list_text`), so the page reads the same before and after the
//! app takes over.

use kiosque_web::decode;

/// The list's query as the app's router writes it (`application/x-www-form-urlencoded`).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// What the lite can show for the page's hash: `Some(q)` for the plain list (`#/`, `#/?q=…`),
/// `None` for anything else (an article, the reader's library, a list with filters or a sort:
/// the app opens those itself).
pub fn list_query(hash: &str) -> Option<String> {
    let rest = hash.strip_prefix('#').unwrap_or(hash);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !(path.is_empty() || path == "/") {
        return None;
    }
    let mut q = String::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if decode(key) != "q" {
            return None;
        }
        q = decode(value);
    }
    Some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The plain list and its words are the lite's; any other view or filter is the app's.
    #[test]
    fn reads_the_plain_list_only() {
        assert_eq!(list_query(""), Some(String::new()));
        assert_eq!(list_query("#/"), Some(String::new()));
        assert_eq!(
            list_query("#/?q=s%C3%A9curit%C3%A9+donn%C3%A9es"),
            Some("sécurité données".into())
        );
        assert_eq!(list_query("#/article/x?q=a"), None);
        assert_eq!(list_query("#/library"), None);
        assert_eq!(list_query("#/?q=a&sort=newest"), None);
        assert_eq!(list_query("#/?from=2020-01"), None);
    }

    // Written as the router writes it, and read back.
    #[test]
    fn encodes_as_a_form() {
        let q = "sécurité \"a b\" -x & y%";
        assert_eq!(encode("a b-é"), "a+b-%C3%A9");
        assert_eq!(decode(&encode(q)), q);
        assert_eq!(decode("%zz%4"), "%zz%4");
    }
}
