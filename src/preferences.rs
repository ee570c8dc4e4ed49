//! The reader's remembered choices: interface language, colour theme, remote pictures and whether
//! every version of a story is listed, kept in `localStorage`.
//! Storage may be unavailable (private mode, a file:// page): choices then last for the visit.

use kiosque_core::Locale;

const LOCALE_KEY: &str = "kiosque.locale";
const THEME_KEY: &str = "kiosque.theme";
const REMOTE_IMAGES_KEY: &str = "kiosque.remote-images";
const VERSIONS_KEY: &str = "kiosque.versions";

/// A colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on a light background.
    Light,
    /// Light text on a dark background.
    Dark,
}

impl Theme {
    fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The other theme.
    pub fn toggled(self) -> Self {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn store(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// The language chosen earlier, or else the browser's.
pub fn locale() -> Locale {
    match stored(LOCALE_KEY).as_deref() {
        Some("fr") => Locale::Fr,
        Some("en") => Locale::En,
        _ => crate::i18n::browser_locale(),
    }
}

/// Remembers the language.
pub fn set_locale(locale: Locale) {
    store(LOCALE_KEY, locale.code());
}

/// Whether the reader asked for remote pictures to load without asking each time.
pub fn load_remote_images() -> bool {
    stored(REMOTE_IMAGES_KEY).as_deref() == Some("always")
}

/// Remembers whether remote pictures load without asking.
pub fn set_load_remote_images(always: bool) {
    store(REMOTE_IMAGES_KEY, if always { "always" } else { "ask" });
}

/// Whether the list shows every version of a story rather than one per group of near-duplicates.
pub fn show_all_versions() -> bool {
    stored(VERSIONS_KEY).as_deref() == Some("all")
}

/// Remembers whether the list shows every version.
pub fn set_show_all_versions(all: bool) {
    store(VERSIONS_KEY, if all { "all" } else { "grouped" });
}

/// The theme chosen earlier, if any; otherwise the page follows the system.
pub fn chosen_theme() -> Option<Theme> {
    match stored(THEME_KEY).as_deref() {
        Some("light") => Some(Theme::Light),
        Some("dark") => Some(Theme::Dark),
        _ => None,
    }
}

/// The theme in effect: the chosen one, or the system's.
pub fn effective_theme() -> Theme {
    chosen_theme().unwrap_or_else(|| {
        let dark = web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches());
        if dark {
            Theme::Dark
        } else {
            Theme::Light
        }
    })
}

/// Remembers a theme and applies it to the page (`<html data-theme>`, which the CSS reads).
pub fn set_theme(theme: Theme) {
    store(THEME_KEY, theme.code());
    apply_theme(Some(theme));
}

/// Applies a theme, or lets the system decide with `None`.
pub fn apply_theme(theme: Option<Theme>) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match theme {
            Some(theme) => html.set_attribute("data-theme", theme.code()),
            None => html.remove_attribute("data-theme"),
        };
    }
}
