//! URL slugs for article ids.

use unicode_normalization::UnicodeNormalization;

use crate::analysis;

/// Longest slug kept, in bytes; longer ones are cut at a word boundary.
const MAX_SLUG: usize = 60;

/// Lower-case ASCII words joined by `-`: accents removed (`é` → `e`, `œ` → `oe`), everything
/// else a separator. `L’été 2020 : bilan` → `l-ete-2020-bilan`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    // The search's own folding (case, accents, `œ`), then the compatibility decomposition for
    // what it leaves (`ﬁ` → `fi`, `²` → `2`); anything still not ASCII separates words.
    for c in analysis::fold(text).nfkd() {
        match c {
            _ if c.is_ascii_alphanumeric() => {
                push_word_char(&mut slug, &mut pending_dash, c.to_ascii_lowercase())
            }
            // Combining marks left by the decomposition: drop them, keep the base letter.
            '\u{300}'..='\u{36f}' => {}
            _ => pending_dash = !slug.is_empty(),
        }
    }
    if slug.len() > MAX_SLUG {
        let cut = slug[..MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
        slug.truncate(cut);
        // A cut slug ending on `-a`, `-de` or `-la` reads as broken: drop such short words.
        for _ in 0..3 {
            match slug.rsplit_once('-') {
                Some((rest, last))
                    if last.len() <= 2 && last.bytes().all(|b| b.is_ascii_alphabetic()) =>
                {
                    slug.truncate(rest.len());
                }
                _ => break,
            }
        }
    }
    slug
}

fn push_word_char(slug: &mut String, pending_dash: &mut bool, c: char) {
    if *pending_dash {
        slug.push('-');
        *pending_dash = false;
    }
    slug.push(c);
}

/// Whether a file stem is a machine name rather than words: `000_0d735122cdab0731`, a UUID,
/// a long hexadecimal run. Such names never become titles or slugs.
pub fn looks_like_hash(stem: &str) -> bool {
    let longest_hex_run = stem
        .split(|c: char| !c.is_ascii_hexdigit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
    longest_hex_run >= 8 || (letters == 0 && !stem.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(slugify("L’été 2020 : bilan"), "l-ete-2020-bilan");
        assert_eq!(slugify("  Œuvre  & cœur  "), "oeuvre-coeur");
        assert_eq!(slugify("¿¡!"), "");
        let long = slugify(&"mot ".repeat(40));
        assert!(long.len() <= MAX_SLUG && !long.ends_with('-'));
        assert_eq!(
            slugify("La coopérative Hydrothermie Alpine a mis en service à Grenoble un centre"),
            "la-cooperative-hydrothermie-alpine-a-mis-en-service"
        );
        assert_eq!(slugify("un deux trois"), "un-deux-trois");
    }

    #[test]
    fn slugs_fold_as_the_search_does_then_decompose() {
        assert_eq!(slugify("Straße Ærø"), "strasse-aer");
        // Decomposed (NFD) accents, ligatures, exponents and full-width letters.
        assert_eq!(
            slugify("e\u{301}te\u{301} ﬁnance² ＡＢＣ"),
            "ete-finance2-abc"
        );
        assert_eq!(slugify("İstanbul Kelvin: \u{212a}"), "istanbul-kelvin-k");
        assert_eq!(slugify("Ελλάδα — 東京"), "");
    }

    #[test]
    fn recognises_hash_names() {
        assert!(looks_like_hash("000_0d735122cdab0731"));
        assert!(looks_like_hash("3f2a1b9c-0000-4c7e-9d5e-1234567890ab"));
        assert!(looks_like_hash("0042"));
        assert!(!looks_like_hash("introduction-a-react"));
        assert!(!looks_like_hash("cafe-deface"));
    }
}
