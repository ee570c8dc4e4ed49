//! Interface text in French and English, and picking the reader's language.

use kiosque_core::Locale;
use kiosque_web::list_text;
pub use kiosque_web::list_text::{article_count, byline, group_digits, join_names};

pub mod workbench;

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
    /// Button that loads one remote picture.
    pub load_image: &'static str,
    /// Said in the place of a picture the bundle does not hold.
    pub image_unavailable: &'static str,
    /// Said in the place of an article body the app cannot read (an older or altered bundle).
    pub body_unreadable: &'static str,
    /// Setting that loads remote pictures without asking.
    pub always_load_remote: &'static str,
    /// Why remote pictures wait, beside that setting.
    pub remote_images_note: &'static str,
    /// Heading when the bundle is missing.
    pub missing_title: &'static str,
    /// Explanation when the bundle is missing.
    pub missing_body: &'static str,
    /// Heading when the bundle cannot be read.
    pub broken_title: &'static str,
    /// Shown, under `broken_title`, when the app stopped on data it could not handle.
    pub broken_crash: &'static str,
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
    /// The search box's label.
    pub search_label: &'static str,
    /// Example shown in the empty search box.
    pub search_placeholder: &'static str,
    /// Before the query as understood.
    pub interpreted_as: &'static str,
    /// Label of the filters column.
    pub filters_label: &'static str,
    /// Button showing the filters on a phone.
    pub show_filters: &'static str,
    /// Label of the sort menu.
    pub sort_label: &'static str,
    /// Sort option.
    pub sort_relevance: &'static str,
    /// Sort option.
    pub sort_newest: &'static str,
    /// Sort option.
    pub sort_oldest: &'static str,
    /// Heading of the date controls.
    pub dates_label: &'static str,
    /// Label of the start month.
    pub from_label: &'static str,
    /// Label of the end month.
    pub to_label: &'static str,
    /// Checkbox for undated articles.
    pub include_undated: &'static str,
    /// Button clearing the date range.
    pub reset_dates: &'static str,
    /// Button clearing every filter.
    pub clear_all: &'static str,
    /// Name of the timeline.
    pub timeline_label: &'static str,
    /// How to use the timeline.
    pub timeline_hint: &'static str,
    /// Facet heading.
    pub tags_facet: &'static str,
    /// Facet heading.
    pub authors_facet: &'static str,
    /// Facet heading.
    pub sources_facet: &'static str,
    /// Facet heading.
    pub langs_facet: &'static str,
    /// Button listing every value of a facet.
    pub show_more: &'static str,
    /// Button listing the main values of a facet.
    pub show_less: &'static str,
    /// Name of the list of results.
    pub results_label: &'static str,
    /// Heading of the empty state.
    pub no_results: &'static str,
    /// Before the ways to widen a search.
    pub widen: &'static str,
    /// Button dropping the date range.
    pub search_all_dates: &'static str,
    /// Button dropping facet filters.
    pub clear_facets: &'static str,
    /// Button clearing the query.
    pub clear_search: &'static str,
    /// When the words match nothing anywhere.
    pub no_word_match: &'static str,
    /// Name of the match navigation.
    pub matches_label: &'static str,
    /// Button.
    pub previous_match: &'static str,
    /// Button.
    pub next_match: &'static str,
    /// When the query matches only metadata.
    pub no_match_in_body: &'static str,
    /// Link back to the results.
    pub back_to_results: &'static str,
    /// Link to the previous article of the list.
    pub previous_article: &'static str,
    /// Link to the next article of the list.
    pub next_article: &'static str,
    /// Name of the previous/next navigation.
    pub around_article: &'static str,
    /// Heading of the shortcuts dialog.
    pub shortcuts_title: &'static str,
    /// Button opening the shortcuts dialog.
    pub shortcuts_button: &'static str,
    /// Button closing a dialog.
    pub close: &'static str,
    /// Shortcut description.
    pub key_slash: &'static str,
    /// Shortcut description.
    pub key_jk: &'static str,
    /// Shortcut description.
    pub key_enter: &'static str,
    /// Shortcut description.
    pub key_esc: &'static str,
    /// Shortcut description.
    pub key_n: &'static str,
    /// Shortcut description.
    pub key_help: &'static str,
    /// Theme button when light.
    pub theme_to_dark: &'static str,
    /// Theme button when dark.
    pub theme_to_light: &'static str,
    /// Button switching the interface language.
    pub other_language: &'static str,
    /// Language of that button's text.
    pub other_language_code: &'static str,
    /// Link skipping the header.
    pub skip_to_content: &'static str,
    /// Name of the header's controls.
    pub site_nav: &'static str,
    /// Setting that lists every version of a story instead of one per group.
    pub show_all_versions: &'static str,
    /// Heading of an article's other versions (near-duplicates).
    pub other_versions: &'static str,
    /// Marks a row that is another version of the row above it.
    pub version_label: &'static str,
    /// Heading of an article's related articles.
    pub related_articles: &'static str,
    /// Button running an article's distinctive words as a search.
    pub more_like_this: &'static str,
    /// What that button does, for its description.
    pub more_like_this_hint: &'static str,
    /// The banner offering a new version of the app, before its button.
    pub update_available: &'static str,
    /// The banner's button.
    pub update_reload: &'static str,
    /// Name of the offline panel.
    pub offline_reading: &'static str,
    /// Button keeping every article for offline reading.
    pub offline_keep: &'static str,
    /// Button closing the offline panel.
    pub offline_later: &'static str,
    /// While every article is being kept, before the percentage.
    pub offline_saving: &'static str,
    /// Once every article is kept.
    pub offline_done: &'static str,
    /// When keeping them failed, before the reason.
    pub offline_failed: &'static str,
    /// Format 3, when the connection saves data: why nothing is downloaded for offline use.
    pub offline_save_data: &'static str,
    /// Format 3: the button downloading the rest for offline use.
    pub offline_download: &'static str,
    /// In place of the count while the pieces a search needs arrive (format 3).
    pub searching: &'static str,
    /// In place of the count while a phrase's positions arrive.
    pub checking_phrase: &'static str,
    /// In place of the count while a typo's rarer spellings arrive.
    pub rarer_spellings: &'static str,
    /// In place of the timeline and facet counts until the results are final.
    pub counting: &'static str,
    /// A result row whose title has not arrived yet.
    pub loading_row: &'static str,
    /// Before the message of a piece that could not be loaded.
    pub piece_failed: &'static str,
    /// Button asking again for what failed.
    pub retry: &'static str,
    /// When the site was redeployed during the visit.
    pub site_updated: &'static str,
    /// While related articles wait for the index.
    pub loading_related: &'static str,
}

const FR: Texts = Texts {
    loading: "Chargement des articles…",
    articles_label: "Articles",
    back_to_list: "← Tous les articles",
    undated: list_text::FR.undated,
    loading_article: "Chargement de l’article…",
    load_image: "Charger l’image",
    image_unavailable: "Image indisponible",
    body_unreadable: "Cet article ne peut pas être affiché : le bundle a été écrit par une version plus ancienne de Kiosque, ou modifié depuis. Lancez de nouveau « kiosque bundle » puis rechargez la page.",
    always_load_remote: "Toujours charger les images distantes",
    remote_images_note: "Les images distantes attendent votre accord : elles demandent le réseau et apprennent à leur hébergeur ce que vous lisez.",
    missing_title: "Aucun article à afficher",
    missing_body: "Le fichier bundle/manifest.json est introuvable à côté de cette page. Si vous publiez ce site, lancez « kiosque bundle DOSSIER -o dist/bundle » puis téléversez de nouveau le dossier dist/.",
    broken_title: "Les articles ne peuvent pas être lus",
    broken_crash: "Un fichier endommagé a arrêté le lecteur. Rechargez la page ; si cela se reproduit, le site doit être publié de nouveau.",
    not_found_title: "Page introuvable",
    not_found_body: "Cette adresse ne correspond à aucun article de ce site.",
    tags_label: list_text::FR.tags_label,
    by: list_text::FR.by,
    and: list_text::FR.and,
    search_label: list_text::FR.search_label,
    search_placeholder: list_text::FR.search_placeholder,
    interpreted_as: list_text::FR.interpreted_as,
    filters_label: "Filtres",
    show_filters: "Filtres",
    sort_label: "Trier par",
    sort_relevance: "pertinence",
    sort_newest: "plus récents",
    sort_oldest: "plus anciens",
    dates_label: "Dates",
    from_label: "Du mois",
    to_label: "Au mois",
    include_undated: "Inclure les articles sans date",
    reset_dates: "Toutes les dates",
    clear_all: "Tout effacer",
    timeline_label: "Chronologie des résultats",
    timeline_hint: "Cliquez sur une année ou un mois, ou faites glisser pour choisir une période.",
    tags_facet: "Mots-clés",
    authors_facet: "Auteurs",
    sources_facet: "Sources",
    langs_facet: "Langues",
    show_more: "Tout afficher",
    show_less: "Afficher moins",
    results_label: list_text::FR.results_label,
    no_results: "Aucun article ne correspond",
    widen: "Pour élargir :",
    search_all_dates: "Chercher à toutes les dates",
    clear_facets: "Retirer les filtres de mots-clés, auteurs, sources et langues",
    clear_search: "Effacer la recherche",
    no_word_match: "Vérifiez l’orthographe ou essayez des mots plus courts.",
    matches_label: "Correspondances",
    previous_match: "Correspondance précédente",
    next_match: "Correspondance suivante",
    no_match_in_body: "Aucune correspondance dans le texte",
    back_to_results: "← Retour aux résultats",
    previous_article: "Article précédent",
    next_article: "Article suivant",
    around_article: "Articles voisins dans la liste",
    shortcuts_title: "Raccourcis clavier",
    shortcuts_button: "Raccourcis clavier",
    close: "Fermer",
    key_slash: "Aller à la recherche",
    key_jk: "Résultat suivant / précédent",
    key_enter: "Ouvrir le résultat",
    key_esc: "Effacer la recherche, ou revenir à la liste",
    key_n: "Correspondance suivante / précédente dans l’article",
    key_help: "Afficher cette aide",
    theme_to_dark: "Thème sombre",
    theme_to_light: "Thème clair",
    other_language: "English",
    other_language_code: "en",
    skip_to_content: "Aller au contenu",
    site_nav: "Préférences",
    show_all_versions: "Afficher toutes les versions d’une même dépêche",
    other_versions: "Autres versions",
    version_label: "Autre version",
    related_articles: "Articles proches",
    more_like_this: "Plus d’articles comme celui-ci",
    more_like_this_hint: "Cherche les mots les plus caractéristiques de cet article ; la recherche se précise ensuite par dates et filtres.",
    update_available: "Une nouvelle version est disponible — ",
    update_reload: "recharger",
    offline_reading: "Lecture hors ligne",
    offline_keep: "Tout rendre disponible hors ligne",
    offline_later: "Plus tard",
    offline_saving: "Enregistrement pour la lecture hors ligne… ",
    offline_done: "Tous les articles sont disponibles hors ligne.",
    offline_failed: "L’enregistrement hors ligne a échoué : ",
    offline_save_data: "Votre connexion économise les données : l’archive n’est pas téléchargée pour la lecture hors ligne.",
    offline_download: "Télécharger pour la lecture hors ligne",
    searching: list_text::FR.searching,
    checking_phrase: list_text::FR.checking_phrase,
    rarer_spellings: list_text::FR.rarer_spellings,
    counting: "Décompte en cours…",
    loading_row: list_text::FR.loading_row,
    piece_failed: "Une partie des articles n’a pas pu être chargée :",
    retry: "Réessayer",
    site_updated: "Le site a été mis à jour entre-temps : rechargez la page pour lire la nouvelle version.",
    loading_related: "Chargement des articles liés…",
};

const EN: Texts = Texts {
    loading: "Loading articles…",
    articles_label: "Articles",
    back_to_list: "← All articles",
    undated: list_text::EN.undated,
    loading_article: "Loading the article…",
    load_image: "Load image",
    image_unavailable: "Image not available",
    body_unreadable: "This article cannot be shown: the bundle was written by an older version of Kiosque, or changed since. Run “kiosque bundle” again, then reload the page.",
    always_load_remote: "Always load remote images",
    remote_images_note: "Remote images wait for your say-so: they need the network and tell their host what you read.",
    missing_title: "No articles to show",
    missing_body: "The file bundle/manifest.json is not next to this page. If you publish this site, run “kiosque bundle FOLDER -o dist/bundle” and upload the dist/ folder again.",
    broken_title: "The articles cannot be read",
    broken_crash: "A damaged file stopped the reader. Reload the page; if this happens again, the site needs to be published again.",
    not_found_title: "Page not found",
    not_found_body: "This address does not match any article on this site.",
    tags_label: list_text::EN.tags_label,
    by: list_text::EN.by,
    and: list_text::EN.and,
    search_label: list_text::EN.search_label,
    search_placeholder: list_text::EN.search_placeholder,
    interpreted_as: list_text::EN.interpreted_as,
    filters_label: "Filters",
    show_filters: "Filters",
    sort_label: "Sort by",
    sort_relevance: "relevance",
    sort_newest: "newest first",
    sort_oldest: "oldest first",
    dates_label: "Dates",
    from_label: "From month",
    to_label: "To month",
    include_undated: "Include undated articles",
    reset_dates: "All dates",
    clear_all: "Clear all",
    timeline_label: "Timeline of results",
    timeline_hint: "Click a year or a month, or drag to pick a period.",
    tags_facet: "Tags",
    authors_facet: "Authors",
    sources_facet: "Sources",
    langs_facet: "Languages",
    show_more: "Show all",
    show_less: "Show fewer",
    results_label: list_text::EN.results_label,
    no_results: "No article matches",
    widen: "To widen the search:",
    search_all_dates: "Search all dates",
    clear_facets: "Remove the tag, author, source and language filters",
    clear_search: "Clear the search",
    no_word_match: "Check the spelling or try shorter words.",
    matches_label: "Matches",
    previous_match: "Previous match",
    next_match: "Next match",
    no_match_in_body: "No match in the text",
    back_to_results: "← Back to results",
    previous_article: "Previous article",
    next_article: "Next article",
    around_article: "Neighbouring articles in the list",
    shortcuts_title: "Keyboard shortcuts",
    shortcuts_button: "Keyboard shortcuts",
    close: "Close",
    key_slash: "Go to the search box",
    key_jk: "Next / previous result",
    key_enter: "Open the result",
    key_esc: "Clear the search, or go back to the list",
    key_n: "Next / previous match in the article",
    key_help: "Show this help",
    theme_to_dark: "Dark theme",
    theme_to_light: "Light theme",
    other_language: "Français",
    other_language_code: "fr",
    skip_to_content: "Skip to content",
    site_nav: "Preferences",
    show_all_versions: "Show every version of a story",
    other_versions: "Other versions",
    version_label: "Other version",
    related_articles: "Related articles",
    more_like_this: "More like this",
    more_like_this_hint: "Searches for this article’s most distinctive words; refine the search with dates and filters.",
    update_available: "A new version is available — ",
    update_reload: "reload",
    offline_reading: "Offline reading",
    offline_keep: "Make everything available offline",
    offline_later: "Not now",
    offline_saving: "Saving for offline reading… ",
    offline_done: "Every article is available offline.",
    offline_failed: "Saving for offline failed: ",
    offline_save_data: "Your connection is set to save data: the archive is not downloaded for offline use.",
    offline_download: "Download for offline use",
    searching: list_text::EN.searching,
    checking_phrase: list_text::EN.checking_phrase,
    rarer_spellings: list_text::EN.rarer_spellings,
    counting: "Counting…",
    loading_row: list_text::EN.loading_row,
    piece_failed: "Part of the archive could not be loaded:",
    retry: "Retry",
    site_updated: "The site was updated meanwhile: reload the page to read the new version.",
    loading_related: "Loading related articles…",
};

/// What the offline panel says is kept: `kept` of `files` bundle files, `kept_bytes` of `bytes`.
pub fn offline_kept(locale: Locale, kept: u32, files: u32, kept_bytes: u64, bytes: u64) -> String {
    let (kept_mb, mb) = (megabytes(kept_bytes), megabytes(bytes));
    match locale {
        Locale::Fr => format!("Hors ligne, {kept} fichiers sur {files} sont conservés ({kept_mb} sur {mb}) : les autres articles le seront à leur ouverture."),
        Locale::En => format!("Offline, {kept} of {files} files are kept ({kept_mb} of {mb}); other articles are kept as you open them."),
    }
}

/// Format 3's background download under way: `done` of `total` bytes kept.
pub fn offline_saving_bytes(locale: Locale, done: u64, total: u64) -> String {
    let percent = done.saturating_mul(100) / total.max(1);
    let (done_mb, total_mb) = (megabytes(done), megabytes(total));
    match locale {
        Locale::Fr => format!(
            "Enregistrement pour la lecture hors ligne : {percent} % ({done_mb} sur {total_mb})"
        ),
        Locale::En => format!("Saving for offline use: {percent} % ({done_mb} of {total_mb})"),
    }
}

/// A size in megabytes, rounded, with one decimal under 10 MB. Integer arithmetic: formatting a
/// float would add Rust's float printing to the app's download.
fn megabytes(bytes: u64) -> String {
    if bytes < 9_950_000 {
        let tenths = (bytes + 50_000) / 100_000;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} MB", (bytes + 500_000) / 1_000_000)
    }
}

/// The interface text for `locale`.
pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

/// "1 other version" / "3 autres versions", and the same to hide them.
pub fn other_versions(locale: Locale, n: u32, expanded: bool) -> String {
    match (locale, n == 1, expanded) {
        (Locale::Fr, true, false) => "1 autre version".to_owned(),
        (Locale::Fr, false, false) => format!("{n} autres versions"),
        (Locale::Fr, true, true) => "Masquer l’autre version".to_owned(),
        (Locale::Fr, false, true) => format!("Masquer les {n} autres versions"),
        (Locale::En, true, false) => "1 other version".to_owned(),
        (Locale::En, false, false) => format!("{n} other versions"),
        (Locale::En, true, true) => "Hide the other version".to_owned(),
        (Locale::En, false, true) => format!("Hide the {n} other versions"),
    }
}

/// "4 min read" / "4 min de lecture".
pub fn reading_time(locale: Locale, minutes: u16) -> String {
    match locale {
        Locale::Fr => format!("{minutes} min de lecture"),
        Locale::En => format!("{minutes} min read"),
    }
}

/// "3 of 12" for the match counter.
pub fn match_position(locale: Locale, current: usize, total: usize) -> String {
    match locale {
        Locale::Fr => format!("{current} sur {total}"),
        Locale::En => format!("{current} of {total}"),
    }
}

/// "7 matches" / "7 correspondances".
pub fn match_count(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Locale::Fr, 0 | 1) => format!("{n} correspondance"),
        (Locale::Fr, _) => format!("{n} correspondances"),
        (Locale::En, 1) => "1 match".to_owned(),
        (Locale::En, _) => format!("{n} matches"),
    }
}

/// The empty state's explanation: what was asked, in words.
pub fn nothing_for(locale: Locale, described: &str, period: Option<&str>) -> String {
    match (locale, described.is_empty(), period) {
        (Locale::Fr, false, Some(p)) => format!("Aucun article ne contient {described} {p}."),
        (Locale::Fr, false, None) => format!("Aucun article ne contient {described}."),
        (Locale::Fr, true, Some(p)) => format!("Aucun article ne correspond à ces filtres {p}."),
        (Locale::Fr, true, None) => "Aucun article ne correspond à ces filtres.".to_owned(),
        (Locale::En, false, Some(p)) => format!("No article contains {described} {p}."),
        (Locale::En, false, None) => format!("No article contains {described}."),
        (Locale::En, true, Some(p)) => format!("No article matches these filters {p}."),
        (Locale::En, true, None) => "No article matches these filters.".to_owned(),
    }
}

/// "between April 2020 and June 2020", "since April 2020", "until June 2020".
pub fn period(locale: Locale, from: Option<&str>, to: Option<&str>) -> Option<String> {
    Some(match (locale, from, to) {
        (_, None, None) => return None,
        (Locale::Fr, Some(a), Some(b)) if a == b => format!("en {a}"),
        (Locale::En, Some(a), Some(b)) if a == b => format!("in {a}"),
        (Locale::Fr, Some(a), Some(b)) => format!("entre {a} et {b}"),
        (Locale::En, Some(a), Some(b)) => format!("between {a} and {b}"),
        (Locale::Fr, Some(a), None) => format!("depuis {a}"),
        (Locale::En, Some(a), None) => format!("since {a}"),
        (Locale::Fr, None, Some(b)) => format!("jusqu’à {b}"),
        (Locale::En, None, Some(b)) => format!("until {b}"),
    })
}

/// A button widening the search: "All dates (12 articles)".
pub fn with_count(locale: Locale, label: &str, n: usize) -> String {
    format!("{label} ({})", article_count(locale, n))
}

/// "Without “zoom”".
pub fn without_word(locale: Locale, word: &str) -> String {
    match locale {
        Locale::Fr => format!("Sans « {word} »"),
        Locale::En => format!("Without “{word}”"),
    }
}

/// The name of a language code, in the interface language.
pub fn language_name(locale: Locale, code: &str) -> String {
    let name = match (locale, code) {
        (Locale::Fr, "fr") => "français",
        (Locale::Fr, "en") => "anglais",
        (Locale::Fr, "de") => "allemand",
        (Locale::Fr, "es") => "espagnol",
        (Locale::Fr, "it") => "italien",
        (Locale::En, "fr") => "French",
        (Locale::En, "en") => "English",
        (Locale::En, "de") => "German",
        (Locale::En, "es") => "Spanish",
        (Locale::En, "it") => "Italian",
        _ => return code.to_owned(),
    };
    name.to_owned()
}

/// Accessible name of a year in the timeline: "2020: 12 articles".
pub fn year_label(locale: Locale, year: u16, n: usize) -> String {
    match locale {
        Locale::Fr => format!("{year}\u{a0}: {}", article_count(locale, n)),
        Locale::En => format!("{year}: {}", article_count(locale, n)),
    }
}

/// Summary of the timeline for screen readers.
pub fn timeline_summary(locale: Locale, first: &str, last: &str, total: usize) -> String {
    match locale {
        Locale::Fr => format!(
            "Nombre d’articles par mois, de {first} à {last} : {} en tout",
            article_count(locale, total)
        ),
        Locale::En => format!(
            "Articles per month from {first} to {last}: {} in all",
            article_count(locale, total)
        ),
    }
}

/// "Filters (2)" with the number of active filters.
pub fn filters_button(locale: Locale, active: usize) -> String {
    let label = texts(locale).show_filters;
    if active == 0 {
        label.to_owned()
    } else {
        format!("{label} ({active})")
    }
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
    fn offline_sizes_read_in_megabytes() {
        assert_eq!(megabytes(0), "0.0 MB");
        assert_eq!(megabytes(1_249_999), "1.2 MB");
        assert_eq!(megabytes(9_949_999), "9.9 MB");
        assert_eq!(megabytes(9_950_000), "10 MB");
        assert_eq!(megabytes(123_456_789), "123 MB");
        assert_eq!(
            offline_kept(Locale::En, 4, 9, 1_500_000, 12_000_000),
            "Offline, 4 of 9 files are kept (1.5 MB of 12 MB); other articles are kept as you open them."
        );
        assert_eq!(
            offline_saving_bytes(Locale::En, 12_100_000, 35_600_000),
            "Saving for offline use: 33 % (12 MB of 36 MB)"
        );
        assert_eq!(
            offline_saving_bytes(Locale::Fr, 0, 0),
            "Enregistrement pour la lecture hors ligne : 0 % (0.0 MB sur 0.0 MB)"
        );
    }

    #[test]
    fn counts_and_names_read_naturally() {
        assert_eq!(article_count(Locale::Fr, 1), "1 article");
        assert_eq!(article_count(Locale::En, 0), "0 articles");
        assert_eq!(article_count(Locale::En, 12345), "12,345 articles");
        assert_eq!(article_count(Locale::Fr, 12345), "12\u{202f}345 articles");
        let names = ["A".to_string(), "B".to_string(), "C".to_string()];
        assert_eq!(join_names(Locale::Fr, &names), "A, B et C");
        assert_eq!(other_versions(Locale::Fr, 1, false), "1 autre version");
        assert_eq!(other_versions(Locale::Fr, 3, false), "3 autres versions");
        assert_eq!(
            other_versions(Locale::En, 2, true),
            "Hide the 2 other versions"
        );
    }
}
