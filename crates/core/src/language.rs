//! A light French/English guess for articles that do not state their language.

/// Frequent short words that rarely appear in the other language.
const FRENCH: &[&str] = &[
    "le", "la", "les", "des", "du", "un", "une", "est", "et", "pour", "dans", "que", "qui", "sur",
    "pas", "avec", "sont", "ce", "au", "aux", "plus", "par", "nous", "mais",
];
const ENGLISH: &[&str] = &[
    "the", "and", "is", "of", "to", "in", "that", "for", "with", "are", "this", "was", "on", "it",
    "as", "by", "be", "have", "from", "not", "but", "we", "has", "its",
];

/// `"fr"` or `"en"`, whichever language's common words are more frequent in `text`; `"en"` on a tie.
pub fn guess(text: &str) -> &'static str {
    let (mut fr, mut en) = (0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(2000)
    {
        let lower = word.to_lowercase();
        fr += usize::from(FRENCH.contains(&lower.as_str()));
        en += usize::from(ENGLISH.contains(&lower.as_str()));
    }
    if fr > en {
        "fr"
    } else {
        "en"
    }
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
    }

    #[test]
    fn reading_time_is_at_least_a_minute() {
        assert_eq!(reading_minutes("un mot"), 1);
        assert_eq!(reading_minutes(&"mot ".repeat(461)), 3);
    }
}
