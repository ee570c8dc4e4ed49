//! The words of the list's first screen, in both languages, and the helpers that write counts and
//! bylines. The app (src/i18n.rs) and the first-results wasm both read them from here, so the page
//! reads the same before and after the app takes over, and a sentence changes in one place.

use kiosque_core::Locale;

/// The sentences of the list's first screen: the search box, the count's stand-ins and a row.
pub struct ListTexts {
    /// The search box's label.
    pub search_label: &'static str,
    /// Example shown in the empty search box.
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
    /// A row whose title has not arrived.
    pub loading_row: &'static str,
    /// Shown instead of a date for undated articles.
    pub undated: &'static str,
    /// "by" before authors.
    pub by: &'static str,
    /// Word between the first authors and the last.
    pub and: &'static str,
    /// Label before the tags of an article.
    pub tags_label: &'static str,
}

/// The list's first screen in French.
pub const FR: ListTexts = ListTexts {
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

/// The list's first screen in English.
pub const EN: ListTexts = ListTexts {
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

/// The list's first-screen words for `locale`.
pub fn list_texts(locale: Locale) -> &'static ListTexts {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

/// "1 article" / "12 articles" (the word is the same in both languages; French puts no "s" on 0 or 1).
pub fn article_count(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Locale::Fr, 0 | 1) | (Locale::En, 1) => format!("{n} article"),
        _ => format!("{} articles", group_digits(locale, n)),
    }
}

/// 12345 → "12 345" in French (narrow no-break space), "12,345" in English.
pub fn group_digits(locale: Locale, n: usize) -> String {
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

/// "A, B and C" / "A, B et C".
pub fn join_names(locale: Locale, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), list_texts(locale).and),
    }
}

/// "Source · by A and B", under a title.
pub fn byline(locale: Locale, source: Option<&str>, authors: &[String]) -> String {
    let authors = (!authors.is_empty())
        .then(|| format!("{} {}", list_texts(locale).by, join_names(locale, authors)));
    [source.map(str::to_owned), authors]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Counts group their digits as each language does, and French says "1 article" for 0 and 1.
    #[test]
    fn counts() {
        assert_eq!(article_count(Locale::En, 12345), "12,345 articles");
        assert_eq!(article_count(Locale::En, 0), "0 articles");
        assert_eq!(article_count(Locale::Fr, 1), "1 article");
        assert_eq!(article_count(Locale::Fr, 1234), "1\u{202f}234 articles");
        assert_eq!(group_digits(Locale::Fr, 999), "999");
    }

    // Bylines join the source and the authors, the last author after "and".
    #[test]
    fn bylines() {
        let names = ["A".to_owned(), "B".to_owned(), "C".to_owned()];
        assert_eq!(byline(Locale::En, Some("S"), &names), "S · by A, B and C");
        assert_eq!(byline(Locale::Fr, None, &names[..1]), "par A");
        assert_eq!(byline(Locale::En, Some("S"), &[]), "S");
        assert_eq!(join_names(Locale::Fr, &names[..2]), "A et B");
    }
}
