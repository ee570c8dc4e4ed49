//! Turning file bytes into clean text: UTF-8 with or without BOM, else Windows-1252; LF line
//! ends; Unicode NFC so that `é` typed on any system is one character.

use unicode_normalization::UnicodeNormalization;

/// Decoded text, and whether it had to be read as Windows-1252.
pub(crate) struct Decoded {
    pub text: String,
    pub was_windows_1252: bool,
}

pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (raw, was_windows_1252) = match std::str::from_utf8(bytes) {
        Ok(text) => (std::borrow::Cow::Borrowed(text), false),
        // French press exports are often Windows-1252; every byte sequence decodes in it.
        Err(_) => (
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0,
            true,
        ),
    };
    let unix = raw.replace("\r\n", "\n").replace('\r', "\n");
    let text = if unicode_normalization::is_nfc(&unix) {
        unix
    } else {
        unix.nfc().collect()
    };
    Decoded {
        text,
        was_windows_1252,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let d = decode(b"\xEF\xBB\xBFa\r\nb\rc");
        assert_eq!(d.text, "a\nb\nc");
        assert!(!d.was_windows_1252);
    }

    #[test]
    fn reads_windows_1252() {
        let d = decode(b"s\xe9curit\xe9 \x93ok\x94");
        assert_eq!(d.text, "sécurité “ok”");
        assert!(d.was_windows_1252);
    }

    #[test]
    fn composes_decomposed_accents() {
        assert_eq!(decode("se\u{301}curite\u{301}".as_bytes()).text, "sécurité");
    }
}
