//! A light French/English guess for articles that do not state their language.

/// Frequent short words that rarely appear in English.
fn is_french_word(word: &str) -> bool {
    matches!(
        word,
        "le" | "la"
            | "les"
            | "des"
            | "du"
            | "un"
            | "une"
            | "est"
            | "et"
            | "pour"
            | "dans"
            | "que"
            | "qui"
            | "sur"
            | "pas"
            | "avec"
            | "sont"
            | "ce"
            | "au"
            | "aux"
            | "plus"
            | "par"
            | "nous"
            | "mais"
            | "cette"
            | "ont"
            | "été"
            | "leur"
            | "elle"
            | "il"
            | "ils"
            | "vous"
            | "ou"
            | "où"
            | "aussi"
            | "comme"
            | "être"
            | "fait"
    )
}

/// Frequent short words that rarely appear in French.
fn is_english_word(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "and"
            | "is"
            | "of"
            | "to"
            | "in"
            | "that"
            | "for"
            | "with"
            | "are"
            | "this"
            | "was"
            | "on"
            | "it"
            | "as"
            | "by"
            | "be"
            | "have"
            | "from"
            | "not"
            | "but"
            | "we"
            | "has"
            | "its"
            | "which"
            | "were"
            | "been"
            | "their"
            | "will"
            | "would"
            | "there"
            | "an"
            | "or"
            | "at"
            | "you"
            | "they"
    )
}

/// Letters French writes and English text almost never does.
const FRENCH_LETTERS: &str = "éèêàçùœÉÈÀÇ";
/// Words read at most: enough to tell, and a long article costs no more than a short one.
const MAX_WORDS: usize = 2000;
/// The longest listed word, in bytes (`aussi`, `être`): longer words are skipped unread.
const LONGEST_WORD: usize = 6;

/// `"fr"` or `"en"`, whichever language's common words are more frequent in `text`; on a tie,
/// `"fr"` if the text holds French accented letters, else `"en"`.
pub fn guess(text: &str) -> &'static str {
    let (mut fr, mut en) = (0usize, 0usize);
    let mut lower = [0u8; LONGEST_WORD];
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
    {
        if word.len() > LONGEST_WORD {
            continue;
        }
        let owned;
        let word = if word.is_ascii() {
            // Lower-casing into a stack buffer: this runs for every short word of every article.
            let buf = &mut lower[..word.len()];
            buf.copy_from_slice(word.as_bytes());
            buf.make_ascii_lowercase();
            std::str::from_utf8(buf).unwrap_or_default()
        } else {
            owned = word.to_lowercase();
            owned.as_str()
        };
        fr += usize::from(is_french_word(word));
        en += usize::from(is_english_word(word));
    }
    // Too few common words to tell (a one-line article): French accents decide.
    if fr == en
        && text
            .chars()
            .take(MAX_WORDS * 6)
            .any(|c| FRENCH_LETTERS.contains(c))
    {
        return "fr";
    }
    if fr > en {
        "fr"
    } else {
        "en"
    }
}

/// The two-letter code a front matter `lang` field means: `fr`, `fr-FR`, `fr_CA`, `FR`,
/// `French`, `français` all give `fr`. `None` when the value is not a language tag or a name
/// Kiosque knows.
pub fn normalize(written: &str) -> Option<String> {
    let lower = written.trim().to_lowercase();
    let named = match lower.as_str() {
        "french" | "français" | "francais" | "française" => Some("fr"),
        "english" | "anglais" => Some("en"),
        "german" | "deutsch" | "allemand" => Some("de"),
        "spanish" | "español" | "espagnol" => Some("es"),
        "italian" | "italiano" | "italien" => Some("it"),
        _ => None,
    };
    if let Some(code) = named {
        return Some(code.to_owned());
    }
    let primary = lower.split(['-', '_']).next().unwrap_or("");
    let is_code =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    is_code.then(|| primary.to_owned())
}

/// Minutes a reader needs for `text` at 230 words a minute, at least 1.
pub fn reading_minutes(text: &str) -> u16 {
    let words = text.split_whitespace().count();
    words.div_ceil(230).clamp(1, usize::from(u16::MAX)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_french_from_english() {
        assert_eq!(
            guess("La panne a touché les serveurs de la région pendant une nuit."),
            "fr"
        );
        assert_eq!(
            guess("The outage hit the servers of the region for a night."),
            "en"
        );
        assert_eq!(guess(""), "en");
        assert_eq!(guess("Février n’a jamais trente jours."), "fr");
    }

    #[test]
    fn normalizes_language_fields() {
        assert_eq!(normalize("fr-FR").as_deref(), Some("fr"));
        assert_eq!(normalize(" EN_us ").as_deref(), Some("en"));
        assert_eq!(normalize("Français").as_deref(), Some("fr"));
        assert_eq!(normalize("english").as_deref(), Some("en"));
        assert_eq!(normalize("klingon-ish"), None);
        assert_eq!(normalize("1"), None);
    }

    #[test]
    fn reading_time_is_at_least_a_minute() {
        assert_eq!(reading_minutes("un mot"), 1);
        assert_eq!(reading_minutes(&"mot ".repeat(461)), 3);
    }
}
