//! The reader's language for dates and interface text.

use serde::{Deserialize, Serialize};

/// A language Kiosque's interface speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Locale {
    /// French.
    Fr,
    /// English, the fallback for every other language.
    #[default]
    En,
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Locale {
    /// Picks the locale for a BCP 47 tag such as `fr-CA` or `en-US`; anything not French is English.
    pub fn from_tag(tag: &str) -> Self {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("fr") {
            Locale::Fr
        } else {
            Locale::En
        }
    }

    /// The two-letter code, as used in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    /// The name of `month` (1–12) as written in running text; empty for anything else.
    pub fn month_name(self, month: u8) -> &'static str {
        let names = match self {
            Locale::Fr => &MONTHS_FR,
            Locale::En => &MONTHS_EN,
        };
        names
            .get(usize::from(month).wrapping_sub(1))
            .copied()
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_tags_pick_french_and_the_rest_english() {
        assert_eq!(Locale::from_tag("fr-CA"), Locale::Fr);
        assert_eq!(Locale::from_tag("FR"), Locale::Fr);
        assert_eq!(Locale::from_tag("de-DE"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
    }

    #[test]
    fn month_names_are_bounded() {
        assert_eq!(Locale::Fr.month_name(8), "août");
        assert_eq!(Locale::En.month_name(0), "");
        assert_eq!(Locale::En.month_name(13), "");
    }
}
