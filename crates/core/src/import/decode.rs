//! Turning file bytes into clean text: UTF-8 with or without BOM, else Windows-1252; LF line
//! ends; Unicode NFC so that `é` typed on any system is one character.

use unicode_normalization::UnicodeNormalization;

/// Decoded text, and how it had to be read.
pub(crate) struct Decoded {
    pub text: String,
    /// Set when the bytes were not UTF-8 and were read as Windows-1252: the 1-based line and
    /// column of the first byte that is not UTF-8, and that byte.
    pub windows_1252: Option<(usize, usize, u8)>,
}

pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    let (raw, windows_1252) = if let Some(utf16) = decode_utf16(bytes) {
        // Windows Notepad's "Unicode" is UTF-16 with a byte-order mark: a text encoding, read
        // as such without complaint.
        (std::borrow::Cow::Owned(utf16), None)
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => (std::borrow::Cow::Borrowed(text), None),
            // French press exports are often Windows-1252; every byte sequence decodes in it.
            Err(e) => (
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0,
                Some(first_bad_byte(bytes, e.valid_up_to())),
            ),
        }
    };
    let unix = if raw.contains('\r') {
        raw.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        raw.into_owned()
    };
    let text = if unicode_normalization::is_nfc_quick(unix.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        unix
    } else {
        unix.nfc().collect()
    };
    Decoded { text, windows_1252 }
}

/// Text that opens with a UTF-16 byte-order mark, decoded; `None` without one.
fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let encoding = match bytes.get(..2)? {
        [0xFF, 0xFE] => encoding_rs::UTF_16LE,
        [0xFE, 0xFF] => encoding_rs::UTF_16BE,
        _ => return None,
    };
    Some(encoding.decode_with_bom_removal(bytes).0.into_owned())
}

/// The line and column of the byte at `at`, counted in the valid UTF-8 before it.
fn first_bad_byte(bytes: &[u8], at: usize) -> (usize, usize, u8) {
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, column, bytes[at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let d = decode(b"\xEF\xBB\xBFa\r\nb\rc");
        assert_eq!(d.text, "a\nb\nc");
        assert!(d.windows_1252.is_none());
    }

    #[test]
    fn reads_windows_1252() {
        let d = decode(b"ok\ns\xe9curit\xe9 \x93ok\x94");
        assert_eq!(d.text, "ok\nsécurité “ok”");
        assert_eq!(d.windows_1252, Some((2, 2, 0xE9)));
    }

    #[test]
    fn reads_utf16_with_a_bom() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("été\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(&bytes);
        assert_eq!(d.text, "été\n");
        assert!(d.windows_1252.is_none());
    }

    #[test]
    fn composes_decomposed_accents() {
        assert_eq!(decode("se\u{301}curite\u{301}".as_bytes()).text, "sécurité");
    }
}
