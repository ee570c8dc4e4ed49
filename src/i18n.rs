//! Interface text in French and English, and picking the reader's language.

use kiosque_core::Locale;

/// Every sentence the interface shows, in one language.
pub struct Texts {
    /// Shown while the bundle downloads.
    pub loading: &'static str,
    /// Label of the list of articles.
    pub articles_label: &'static str,
    /// Link back to the list from an article.
    pub back_to_list: &'static str,
    /// Shown instead of a date for undated articles.
    pub undated: &'static str,
    /// Shown while an article body downloads.
    pub loading_article: &'static str,
    /// Heading when the bundle is missing.
    pub missing_title: &'static str,
    /// Explanation when the bundle is missing.
    pub missing_body: &'static str,
    /// Heading when the bundle cannot be read.
    pub broken_title: &'static str,
    /// Heading of the page for an unknown address or article.
    pub not_found_title: &'static str,
    /// Explanation on that page.
    pub not_found_body: &'static str,
    /// Label before the tags of an article.
    pub tags_label: &'static str,
    /// "by" before authors.
    pub by: &'static str,
    /// Word between the first authors and the last.
    pub and: &'static str,
}

const FR: Texts = Texts {
    loading: "Chargement des articles…",
    articles_label: "Articles",
    back_to_list: "← Tous les articles",
    undated: "Sans date",
    loading_article: "Chargement de l’article…",
    missing_title: "Aucun article à afficher",
    missing_body: "Le fichier bundle/manifest.json est introuvable à côté de cette page. Si vous publiez ce site, lancez « kiosque bundle DOSSIER -o dist/bundle » puis téléversez de nouveau le dossier dist/.",
    broken_title: "Les articles ne peuvent pas être lus",
    not_found_title: "Page introuvable",
    not_found_body: "Cette adresse ne correspond à aucun article de ce site.",
    tags_label: "Mots-clés",
    by: "par",
    and: "et",
};

const EN: Texts = Texts {
    loading: "Loading articles…",
    articles_label: "Articles",
    back_to_list: "← All articles",
    undated: "Undated",
    loading_article: "Loading the article…",
    missing_title: "No articles to show",
    missing_body: "The file bundle/manifest.json is not next to this page. If you publish this site, run “kiosque bundle FOLDER -o dist/bundle” and upload the dist/ folder again.",
    broken_title: "The articles cannot be read",
    not_found_title: "Page not found",
    not_found_body: "This address does not match any article on this site.",
    tags_label: "Tags",
    by: "by",
    and: "and",
};

/// The interface text for `locale`.
pub fn texts(locale: Locale) -> &'static Texts {
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

/// "4 min read" / "4 min de lecture".
pub fn reading_time(locale: Locale, minutes: u16) -> String {
    match locale {
        Locale::Fr => format!("{minutes} min de lecture"),
        Locale::En => format!("{minutes} min read"),
    }
}

/// "A, B and C" / "A, B et C".
pub fn join_names(locale: Locale, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), texts(locale).and),
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

/// The locale the browser asks for, French or English.
pub fn browser_locale() -> Locale {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .map(|tag| Locale::from_tag(&tag))
        .unwrap_or_default()
}

// Native only: in the browser, wasm-bindgen-test runs the tests under tests/.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn counts_and_names_read_naturally() {
        assert_eq!(article_count(Locale::Fr, 1), "1 article");
        assert_eq!(article_count(Locale::En, 0), "0 articles");
        assert_eq!(article_count(Locale::En, 12345), "12,345 articles");
        assert_eq!(article_count(Locale::Fr, 12345), "12\u{202f}345 articles");
        let names = ["A".to_string(), "B".to_string(), "C".to_string()];
        assert_eq!(join_names(Locale::Fr, &names), "A, B et C");
    }
}
