//! A body rewritten in steps (template code expanded, raw HTML cleaned, pictures pointed at the
//! bundle), with the way back from a place in the new text to the place in the file the
//! publisher wrote, so that every warning still points at the right line and column.

use std::ops::Range;

/// Text after replacements, and where each replacement came from.
#[derive(Debug, Default, Clone)]
pub(crate) struct Rewritten {
    /// The new text.
    pub text: String,
    /// Each replacement in text order: its range in the new text, and the range it replaced.
    edits: Vec<(Range<usize>, Range<usize>)>,
}

impl Rewritten {
    /// `source` unchanged.
    pub fn unchanged(source: &str) -> Self {
        Self {
            text: source.to_owned(),
            edits: Vec::new(),
        }
    }

    /// `source` with each range replaced by its text. Ranges that overlap an earlier one are
    /// ignored.
    pub fn new(source: &str, mut replacements: Vec<(Range<usize>, String)>) -> Self {
        replacements.sort_by_key(|(range, _)| range.start);
        let mut text = String::with_capacity(source.len() + replacements.len() * 16);
        let mut edits = Vec::with_capacity(replacements.len());
        let mut copied = 0;
        for (range, replacement) in replacements {
            if range.start < copied || range.end > source.len() {
                continue;
            }
            text.push_str(&source[copied..range.start]);
            let at = text.len();
            text.push_str(&replacement);
            edits.push((at..text.len(), range.clone()));
            copied = range.end;
        }
        text.push_str(&source[copied..]);
        Self { text, edits }
    }

    /// The byte of the source that byte `at` of the new text comes from: inside a replacement,
    /// where the replaced text starts.
    pub fn origin(&self, at: usize) -> usize {
        let after = self.edits.partition_point(|(new, _)| new.start <= at);
        match after.checked_sub(1).map(|i| &self.edits[i]) {
            None => at,
            Some((new, old)) if at < new.end => old.start,
            Some((new, old)) => old.end + (at - new.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_places_back_to_the_source() {
        let source = "ab{{x}}cd{{yy}}ef";
        let r = Rewritten::new(source, vec![(9..15, String::new()), (2..7, "XYZW".into())]);
        assert_eq!(r.text, "abXYZWcdef");
        assert_eq!(r.origin(1), 1);
        assert_eq!(r.origin(3), 2);
        assert_eq!(r.origin(6), 7);
        assert_eq!(r.origin(8), 15);
        assert_eq!(Rewritten::unchanged("x").origin(0), 0);
    }
}
