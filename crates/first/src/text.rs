//! The few words of the list's first screen, in the app's two languages, and the list's URL.
//! The sentences are the app's own (src/i18n.rs): the page reads the same before and after the
//! app takes over, and the benchmark's check of a final count applies to both.

use kiosque_core::Locale;
use kiosque_web::decode;

/// The words the first screen shows.
pub struct Texts {
    /// The search box's label.
    pub search_label: &'static str,
    /// Its placeholder.
    pub search_placeholder: &'static str,
    /// Before the query as understood.
    pub interpreted_as: &'static str,
    /// The list's accessible name.
    pub results_label: &'static str,
    /// In place of the count while the words' pieces arrive.
    pub searching: &'static str,
    /// In place of the count while a phrase's positions arrive.
    pub checking_phrase: &'static str,
    /// In place of the count while a typo's rarer spellings arrive.
    pub rarer_spellings: &'static str,
    /// A row whose group has not arrived.
    pub loading_row: &'static str,
    /// An undated article.
    pub undated: &'static str,
    /// Before the authors.
    pub by: &'static str,
    /// Between the last two authors.
    pub and: &'static str,
    /// The tags' accessible name.
    pub tags_label: &'static str,
}

const FR: Texts = Texts {
    search_label: "Rechercher dans les articles",
    search_placeholder: "mots, \"phrase exacte\", -exclure, a OR b, title:…",
    interpreted_as: "Compris comme :",
    results_label: "Résultats",
    searching: "Recherche…",
    checking_phrase: "Vérification de l’expression exacte…",
    rarer_spellings: "Chargement des orthographes plus rares…",
    loading_row: "Chargement…",
    undated: "Sans date",
    by: "par",
    and: "et",
    tags_label: "Mots-clés",
};

const EN: Texts = Texts {
    search_label: "Search the articles",
    search_placeholder: "words, \"exact phrase\", -exclude, a OR b, title:…",
    interpreted_as: "Interpreted as:",
    results_label: "Results",
    searching: "Searching…",
    checking_phrase: "Checking the exact phrase…",
    rarer_spellings: "Still loading rarer spellings…",
    loading_row: "Loading…",
    undated: "Undated",
    by: "by",
    and: "and",
    tags_label: "Tags",
};

/// The words for `locale`.
pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

/// "1 article" / "12 articles", as the app writes it.
pub fn article_count(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Locale::Fr, 0 | 1) | (Locale::En, 1) => format!("{n} article"),
        _ => format!("{} articles", group_digits(locale, n)),
    }
}

/// 12345 → "12 345" in French (narrow no-break space), "12,345" in English.
fn group_digits(locale: Locale, n: usize) -> String {
    let digits = n.to_string();
    let separator = match locale {
        Locale::Fr => '\u{202f}',
        Locale::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// "Source · by A, B and C", as the app writes it.
pub fn byline(locale: Locale, source: Option<&str>, authors: &[String]) -> String {
    let t = texts(locale);
    let names = match authors {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} {} {last}", init.join(", "), t.and)),
    };
    let authors = names.map(|names| format!("{} {names}", t.by));
    [source.map(str::to_owned), authors]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

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

    // Counts and bylines read as the app's.
    #[test]
    fn counts_and_bylines() {
        assert_eq!(article_count(Locale::En, 12345), "12,345 articles");
        assert_eq!(article_count(Locale::Fr, 1), "1 article");
        assert_eq!(article_count(Locale::Fr, 1234), "1\u{202f}234 articles");
        let names = ["A".to_owned(), "B".to_owned(), "C".to_owned()];
        assert_eq!(byline(Locale::En, Some("S"), &names), "S · by A, B and C");
        assert_eq!(byline(Locale::Fr, None, &names[..1]), "par A");
    }
}
