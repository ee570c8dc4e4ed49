//! Typo tolerance: Levenshtein automata run over the term dictionary.

use std::sync::OnceLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};

/// Words shorter than this must be typed exactly (or as a prefix).
pub const MIN_TYPO_LEN: usize = 5;
/// Words at least this long forgive two edits.
pub const TWO_TYPO_LEN: usize = 9;

/// How many edits a word of this many characters forgives.
pub fn allowed_edits(word: &str) -> u8 {
    match word.chars().count() {
        n if n >= TWO_TYPO_LEN => 2,
        n if n >= MIN_TYPO_LEN => 1,
        _ => 0,
    }
}

/// Builders are costly to make (they precompute tables), so each distance has one, made on first
/// use. A swapped pair of letters counts as one edit.
fn builder(edits: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    match edits {
        1 => ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true)),
        _ => TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true)),
    }
}

/// An automaton accepting words within `edits` of `word` (or, with `prefix`, words starting with
/// such a word).
pub fn automaton(word: &str, edits: u8, prefix: bool) -> Typo {
    let builder = builder(edits);
    Typo(if prefix {
        builder.build_prefix_dfa(word)
    } else {
        builder.build_dfa(word)
    })
}

/// A Levenshtein DFA usable on an FST.
pub struct Typo(DFA);

impl Typo {
    /// Whether `word` is accepted, and at how many edits.
    pub fn distance(&self, word: &str) -> Option<u8> {
        match self.0.eval(word) {
            Distance::Exact(d) => Some(d),
            Distance::AtLeast(_) => None,
        }
    }
}

impl fst::Automaton for Typo {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_grow_with_length() {
        assert_eq!(allowed_edits("zoom"), 0);
        assert_eq!(allowed_edits("oracle"), 1);
        assert_eq!(allowed_edits("javascript"), 2);
    }

    #[test]
    fn accepts_near_words() {
        let t = automaton("javscript", 2, false);
        assert_eq!(t.distance("javascript"), Some(1));
        assert_eq!(t.distance("typescript"), None);
        let p = automaton("oarcl", 1, true);
        assert!(p.distance("oraclexyz").is_some());
    }
}
