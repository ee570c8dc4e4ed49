//! A limit on how deeply front matter nests, checked before any parser sees it.
//!
//! YAML and TOML parsers take time that grows faster than the text when lists and tables nest
//! very deeply (40,000 `[` took seconds, 200,000 minutes): one pass over the bytes refuses such
//! a file at once. No real front matter nests more than a few levels.

use super::front_matter::{FrontError, Split};

/// Deepest nesting of `[` and `{` accepted in front matter.
pub(crate) const MAX_DEPTH: usize = 64;

/// An error at the bracket that goes past [`MAX_DEPTH`], if one does.
///
/// Brackets are counted without telling strings apart: a bracket inside quotes counts too,
/// which only matters for a value holding more than 64 unclosed brackets, and keeps the check
/// a single pass that no quoting trick can blind.
pub(crate) fn check(split: &Split<'_>) -> Result<(), FrontError> {
    let mut depth = 0usize;
    let mut line = 0;
    let mut line_start = 0;
    for (at, byte) in split.front.bytes().enumerate() {
        match byte {
            b'\n' => {
                line += 1;
                line_start = at + 1;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(FrontError {
                        line: split.front_line + line,
                        column: split.front[line_start..at].chars().count() + 1,
                        message: format!(
                            "the front matter nests lists or tables more than {MAX_DEPTH} deep; it was not read (remove the extra brackets)"
                        ),
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(front: &str) -> Split<'_> {
        Split {
            kind: Some(super::super::front_matter::Kind::Yaml),
            front,
            front_line: 2,
            body: "",
        }
    }

    #[test]
    fn deep_nesting_is_refused_where_it_goes_too_deep() {
        let front = format!("title: x\ntags: {}", "[".repeat(40_000));
        let e = check(&split(&front)).unwrap_err();
        assert_eq!((e.line, e.column), (3, 7 + MAX_DEPTH));
        assert!(e.message.contains("more than 64 deep"), "{}", e.message);
    }

    #[test]
    fn ordinary_nesting_passes() {
        let front = format!(
            "a: {}{}\nb: {{c: [1, {{d: 2}}]}}",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        );
        assert!(check(&split(&front)).is_ok());
        // Closing brackets never make the count negative.
        assert!(check(&split("a: ]]]]] [[[")).is_ok());
    }
}
