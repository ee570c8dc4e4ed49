//! LEB128 variable-length integers for postings: small numbers (gaps, counts) take one byte.

/// Appends `value` to `out`.
pub fn push(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads integers from a byte slice, front to back.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    /// The next integer; 0 past the end (a damaged index gives wrong results, never a panic).
    #[inline]
    pub fn next(&mut self) -> u32 {
        let mut value = 0u32;
        let mut shift = 0;
        while let Some(&byte) = self.bytes.get(self.at) {
            self.at += 1;
            value |= u32::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
            if byte < 0x80 {
                break;
            }
            shift += 7;
        }
        value
    }

    /// The next integer, or `None` when the bytes end before it does or it does not fit in 32
    /// bits: for files whose damage must be reported rather than read past.
    pub fn try_next(&mut self) -> Option<u32> {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            let bits = u32::from(byte & 0x7f);
            if shift == 28 && bits > 0x0f {
                return None;
            }
            value |= bits << shift;
            if byte < 0x80 {
                return Some(value);
            }
        }
        None
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// Bytes not read yet: an upper bound on how many integers are left, since each takes at
    /// least one. Counts read from a damaged file are clamped to it, so that a hand-made count
    /// of four billion never makes a loop or an allocation that large.
    pub fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    /// Takes the next `len` bytes as a slice (clamped to what is left).
    pub fn take(&mut self, len: usize) -> &'a [u8] {
        let end = self.at.saturating_add(len).min(self.bytes.len());
        let slice = &self.bytes[self.at..end];
        self.at = end;
        slice
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let values = [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX];
        let mut bytes = Vec::new();
        for v in values {
            push(&mut bytes, v);
        }
        let mut r = Reader::new(&bytes);
        for v in values {
            assert_eq!(r.next(), v);
        }
        assert!(r.is_empty());
        assert_eq!(r.next(), 0);
        let mut r = Reader::new(&bytes);
        for v in values {
            assert_eq!(r.try_next(), Some(v));
        }
        assert_eq!(r.try_next(), None);
        assert_eq!(Reader::new(&[0x80]).try_next(), None, "cut short");
        assert_eq!(Reader::new(&[0xff; 5]).try_next(), None, "over 32 bits");
    }
}
