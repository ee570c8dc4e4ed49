//! Standard base64 (RFC 4648, `=` padding): the single-file page carries the app and the bundle
//! as base64 (written by `kiosque single-file`, read by the app) and CSP hashes are written in it.
//!
//! One small codec for both sides rather than the `base64` crate: the app decodes in the
//! browser, where the crate's engine would weigh more than this whole module in a shell kept
//! under its gzipped budget. The tests check it against the crate.

/// The digits, in value order.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Length of the base64 text of `bytes` bytes, padding included.
pub fn encoded_len(bytes: usize) -> usize {
    bytes.div_ceil(3) * 4
}

/// Standard base64 with `=` padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(encoded_len(bytes.len()));
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(DIGITS[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (`=` padding, ASCII whitespace ignored); `None` if malformed, so
/// damage is reported, never turned into wrong bytes.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let digits: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let digits = digits
        .strip_suffix(b"==")
        .or_else(|| digits.strip_suffix(b"="))
        .unwrap_or(&digits);
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut bytes = Vec::with_capacity(digits.len() * 3 / 4);
    for group in digits.chunks(4) {
        let mut n = 0;
        for (i, &c) in group.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        bytes.extend_from_slice(&n.to_be_bytes()[1..group.len()]);
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    // What `kiosque single-file` writes and the app reads: padded standard base64.
    #[test]
    fn base64_matches_rfc_4648() {
        let cases: [(&[u8], &str); 5] = [
            (b"", ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (&[0xff, 0xef], "/+8="),
        ];
        for (bytes, text) in cases {
            assert_eq!(encode(bytes), text);
            assert_eq!(encoded_len(bytes.len()), text.len());
        }
    }

    #[test]
    fn decodes_padded_base64() {
        assert_eq!(decode("").unwrap(), b"");
        assert_eq!(decode("Zg==").unwrap(), b"f");
        assert_eq!(decode("Zm8=").unwrap(), b"fo");
        assert_eq!(decode("Zm9v").unwrap(), b"foo");
        assert_eq!(decode("S0lP\nU1FVRQA=").unwrap(), b"KIOSQUE\0");
        assert_eq!(decode("/+8=").unwrap(), [0xff, 0xef]);
    }

    // Damage is reported, never turned into wrong bytes.
    #[test]
    fn rejects_malformed_base64() {
        assert_eq!(decode("Zm9v!"), None);
        assert_eq!(decode("Z"), None);
    }

    #[test]
    fn agrees_with_the_base64_crate() {
        use ::base64::Engine;
        let engine = ::base64::engine::general_purpose::STANDARD;
        let mut state = 1u32;
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (state >> 16) as u8
                })
                .collect();
            let text = encode(&bytes);
            assert_eq!(text, engine.encode(&bytes));
            assert_eq!(decode(&text).as_deref(), Some(bytes.as_slice()));
        }
    }
}
