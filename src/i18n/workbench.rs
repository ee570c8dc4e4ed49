//! The workbench's interface text (saved articles, reading state, citations, exports, the
//! reader's data), in French and English.

use kiosque_core::Locale;

/// Every sentence the workbench shows, in one language.
pub struct WorkbenchTexts {
    /// The header link to the reader's page, and that page's title.
    pub my_library: &'static str,
    /// The default collection's name.
    pub reading_list: &'static str,
    /// Button saving an article to the reading list.
    pub save: &'static str,
    /// Toggle showing a checkbox on each result, to export the ticked ones.
    pub select_articles: &'static str,
    /// A result's checkbox, followed by its title.
    pub select_article: &'static str,
    /// Label of the collections an article is in.
    pub collections: &'static str,
    /// Label of the field naming a new collection.
    pub new_collection: &'static str,
    /// Button creating it.
    pub create: &'static str,
    /// Button deleting a collection.
    pub delete: &'static str,
    /// Label shown on a read result.
    pub read_label: &'static str,
    /// Button marking an article read.
    pub mark_read: &'static str,
    /// Button marking an article unread.
    pub mark_unread: &'static str,
    /// Heading of the reader's filters.
    pub mine_heading: &'static str,
    /// Checkbox keeping unread articles only.
    pub unread_only: &'static str,
    /// Button marking every current result read.
    pub mark_all_read: &'static str,
    /// Button marking every current result unread.
    pub mark_all_unread: &'static str,
    /// Link leaving a collection for the whole archive.
    pub whole_archive: &'static str,
    /// Before a collection's name above its list.
    pub collection_label: &'static str,
    /// Heading of the articles a bundle update removed.
    pub gone_heading: &'static str,
    /// Said of such an article.
    pub gone: &'static str,
    /// Setting: opening an article marks it read.
    pub opened_is_read: &'static str,
    /// Heading of the data section.
    pub data_heading: &'static str,
    /// Where the data lives.
    pub data_note: &'static str,
    /// Button exporting the reader's data.
    pub export_data: &'static str,
    /// Label of the file field importing it.
    pub import_data: &'static str,
    /// After an import.
    pub imported: &'static str,
    /// A file that is not an export.
    pub not_an_export: &'static str,
    /// Data from a newer Kiosque.
    pub newer_data: &'static str,
    /// Button highlighting the selected passage.
    pub highlight: &'static str,
    /// Button highlighting it with a note.
    pub add_note: &'static str,
    /// Name of the tools shown for a selected passage.
    pub selection_tools: &'static str,
    /// Label of a note's text field.
    pub note_label: &'static str,
    /// Button saving a note.
    pub save_note: &'static str,
    /// Button leaving a form unchanged.
    pub cancel: &'static str,
    /// Button editing a note.
    pub edit_note: &'static str,
    /// Button removing a highlight and its note.
    pub remove_highlight: &'static str,
    /// Heading of the notes on an article, and of all notes on My library.
    pub notes_heading: &'static str,
    /// My library without any note.
    pub no_notes: &'static str,
    /// Before a note read by a screen reader on its passage.
    pub note_prefix: &'static str,
    /// Heading of the notes on articles in no collection.
    pub notes_elsewhere: &'static str,
    /// Heading of the settings.
    pub settings_heading: &'static str,
    /// Button opening the citation.
    pub cite: &'static str,
    /// Heading of the citation dialog.
    pub cite_heading: &'static str,
    /// Button copying it.
    pub copy: &'static str,
    /// After copying.
    pub copied: &'static str,
    /// When the browser refused to copy.
    pub copy_failed: &'static str,
    /// Button closing a dialog.
    pub close: &'static str,
    /// Button printing an article.
    pub print: &'static str,
    /// Label of the export buttons of a list.
    pub export_list: &'static str,
    /// Label of the article's tools.
    pub article_tools: &'static str,
    /// Nothing saved yet.
    pub nothing_saved: &'static str,
    /// Shortcut help for `s`.
    pub save_shortcut: &'static str,
    /// Opens the form saving the current search.
    pub save_search: &'static str,
    /// Label of the saved search's name.
    pub search_name: &'static str,
    /// Heading of the saved searches.
    pub saved_searches: &'static str,
    /// No saved search yet.
    pub no_saved_search: &'static str,
}

const FR: WorkbenchTexts = WorkbenchTexts {
    my_library: "Ma bibliothèque",
    reading_list: "À lire",
    save: "Enregistrer",
    select_articles: "Sélectionner des articles",
    select_article: "Sélectionner",
    collections: "Collections",
    new_collection: "Nouvelle collection",
    create: "Créer",
    delete: "Supprimer",
    read_label: "Lu",
    mark_read: "Marquer comme lu",
    mark_unread: "Marquer comme non lu",
    mine_heading: "Mes articles",
    unread_only: "Non lus seulement",
    mark_all_read: "Tout marquer comme lu",
    mark_all_unread: "Tout marquer comme non lu",
    whole_archive: "Toutes les archives",
    collection_label: "Collection :",
    gone_heading: "Plus dans ces archives",
    gone: "n’est plus dans ces archives",
    opened_is_read: "Un article ouvert compte comme lu",
    data_heading: "Mes données",
    data_note: "Tout reste dans ce navigateur, pour ces archives : rien n’est envoyé nulle part. Exportez-les pour les retrouver sur un autre appareil.",
    export_data: "Exporter mes données",
    import_data: "Importer des données",
    imported: "Données importées.",
    not_an_export: "Ce fichier n’est pas un export de Kiosque : choisissez un fichier écrit par « Exporter mes données ».",
    newer_data: "Ces données viennent d’une version plus récente de Kiosque : elles sont gardées telles quelles et ne seront pas modifiées ici.",
    highlight: "Surligner",
    add_note: "Ajouter une note",
    selection_tools: "Passage sélectionné",
    note_label: "Note",
    save_note: "Enregistrer la note",
    cancel: "Annuler",
    edit_note: "Modifier la note",
    remove_highlight: "Retirer le surlignage",
    notes_heading: "Notes et passages surlignés",
    no_notes: "Aucune note : sélectionnez un passage dans un article pour le surligner et l’annoter.",
    note_prefix: "Note : ",
    notes_elsewhere: "Hors collection",
    settings_heading: "Réglages",
    cite: "Citer",
    cite_heading: "Citer cet article",
    copy: "Copier",
    copied: "Copié.",
    copy_failed: "Le navigateur refuse de copier : sélectionnez le texte.",
    close: "Fermer",
    print: "Imprimer",
    export_list: "Exporter",
    article_tools: "Outils de l’article",
    nothing_saved: "Rien d’enregistré pour l’instant : le bouton « Enregistrer » (ou la touche s) garde un article ici.",
    save_shortcut: "enregistrer l’article (ou le résultat sélectionné)",
    save_search: "Enregistrer cette recherche",
    search_name: "Nom de la recherche",
    saved_searches: "Recherches enregistrées",
    no_saved_search: "Aucune recherche enregistrée : « Enregistrer cette recherche », au-dessus des résultats, en garde une.",
};

const EN: WorkbenchTexts = WorkbenchTexts {
    my_library: "My library",
    reading_list: "Reading list",
    save: "Save",
    select_articles: "Select articles",
    select_article: "Select",
    collections: "Collections",
    new_collection: "New collection",
    create: "Create",
    delete: "Delete",
    read_label: "Read",
    mark_read: "Mark as read",
    mark_unread: "Mark as unread",
    mine_heading: "My articles",
    unread_only: "Unread only",
    mark_all_read: "Mark all as read",
    mark_all_unread: "Mark all as unread",
    whole_archive: "Whole archive",
    collection_label: "Collection:",
    gone_heading: "No longer in this archive",
    gone: "is no longer in this archive",
    opened_is_read: "An article opened counts as read",
    data_heading: "My data",
    data_note: "Everything stays in this browser, for this archive: nothing is sent anywhere. Export it to take it to another device.",
    export_data: "Export my data",
    import_data: "Import data",
    imported: "Data imported.",
    not_an_export: "This file is not a Kiosque export: pick a file written by “Export my data”.",
    newer_data: "This data comes from a newer Kiosque: it is kept as it is and will not be changed here.",
    highlight: "Highlight",
    add_note: "Add a note",
    selection_tools: "Selected passage",
    note_label: "Note",
    save_note: "Save note",
    cancel: "Cancel",
    edit_note: "Edit note",
    remove_highlight: "Remove highlight",
    notes_heading: "Notes and highlights",
    no_notes: "No notes yet: select a passage in an article to highlight it and add a note.",
    note_prefix: "Note: ",
    notes_elsewhere: "Not in a collection",
    settings_heading: "Settings",
    cite: "Cite",
    cite_heading: "Cite this article",
    copy: "Copy",
    copied: "Copied.",
    copy_failed: "The browser refused to copy: select the text instead.",
    close: "Close",
    print: "Print",
    export_list: "Export",
    article_tools: "Article tools",
    nothing_saved: "Nothing saved yet: the “Save” button (or the s key) keeps an article here.",
    save_shortcut: "save the article (or the selected result)",
    save_search: "Save this search",
    search_name: "Name of the search",
    saved_searches: "Saved searches",
    no_saved_search: "No saved search yet: “Save this search”, above the results, keeps one.",
};

/// The workbench's text in `locale`.
pub fn texts(locale: Locale) -> &'static WorkbenchTexts {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

/// "Export these 12 articles" / "Exporter ces 12 articles".
pub fn export_count(locale: Locale, n: usize) -> String {
    let n_text = super::group_digits(locale, n);
    match (locale, n) {
        (Locale::Fr, 1) => "Exporter cet article".to_owned(),
        (Locale::Fr, _) => format!("Exporter ces {n_text} articles"),
        (Locale::En, 1) => "Export this article".to_owned(),
        (Locale::En, _) => format!("Export these {n_text} articles"),
    }
}

/// The export menu's title while articles are ticked: "Export the 2 selected articles".
pub fn export_selected(locale: Locale, n: usize) -> String {
    let n_text = super::group_digits(locale, n);
    match (locale, n) {
        (Locale::Fr, 1) => "Exporter l’article sélectionné".to_owned(),
        (Locale::Fr, _) => format!("Exporter les {n_text} articles sélectionnés"),
        (Locale::En, 1) => "Export the selected article".to_owned(),
        (Locale::En, _) => format!("Export the {n_text} selected articles"),
    }
}

/// "3 saved" in a collection's line: "3 articles".
pub fn saved_count(locale: Locale, n: usize) -> String {
    super::article_count(locale, n)
}

/// "2 new" / "2 nouveaux" beside a saved search.
pub fn new_count(locale: Locale, n: usize) -> String {
    let n_text = super::group_digits(locale, n);
    match (locale, n) {
        (Locale::Fr, 0 | 1) => format!("{n_text} nouveau"),
        (Locale::Fr, _) => format!("{n_text} nouveaux"),
        (Locale::En, _) => format!("{n_text} new"),
    }
}
