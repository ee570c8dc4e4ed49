//! Making untrusted text safe to print: titles, file names and messages come from the articles,
//! and a terminal obeys control sequences (`ESC]52;…` writes the clipboard, `ESC[2J` clears the
//! screen) and bidirectional overrides reorder what is shown. A newline in a file name must not
//! split a `path:line:col` line either.

use std::borrow::Cow;

/// Whether a terminal would act on `c` rather than show it: C0 and C1 controls, DEL, and the
/// characters that change the direction or order of text.
fn is_active(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
                | '\u{2028}' | '\u{2029}'
        )
}

/// `text` for a terminal: each control or direction character written as a visible escape
/// (`\n`, `\t`, `\u{1b}`, `\u{202e}`); everything else as is.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_active) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_active(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// JSON text for a terminal: serde_json escapes C0 controls already; C1 controls and direction
/// characters, which it leaves raw, become `\uXXXX` escapes (they can only occur inside strings,
/// so the JSON means the same).
pub fn for_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_active_in_json) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_active_in_json(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Active characters other than the whitespace that pretty-printed JSON uses for its layout.
fn is_active_in_json(c: char) -> bool {
    is_active(c) && !matches!(c, '\n' | ' ' | '\t' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_direction_marks_are_shown_not_obeyed() {
        assert_eq!(for_terminal("plain été"), "plain été");
        assert_eq!(
            for_terminal("a\u{1b}]52;c;SGVsbG8=\u{7}b\u{1b}[2J"),
            "a\\u{1b}]52;c;SGVsbG8=\\u{7}b\\u{1b}[2J"
        );
        assert_eq!(for_terminal("bad\nname.md:1:1"), "bad\\nname.md:1:1");
        assert_eq!(
            for_terminal("x\u{202e}gpj.exe\u{9b}"),
            "x\\u{202e}gpj.exe\\u{9b}"
        );
        assert_eq!(for_terminal("\u{2067}\u{200f}"), "\\u{2067}\\u{200f}");
    }

    #[test]
    fn json_keeps_its_meaning() {
        let value = serde_json::json!({"title": "a\u{1b}[2J\u{202e}b\u{85}"});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = for_json(&text);
        assert!(!safe.chars().any(is_active_in_json), "{safe}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&safe).unwrap(),
            value
        );
    }
}
