//! Byte mutations of the kinds that break decoders: flipped bits, boundary values, huge
//! variable-length integers, bytes removed, inserted, repeated or cut off.

/// Applies one to four random mutations to `bytes`.
pub fn mutate(bytes: &mut Vec<u8>, rng: &mut fastrand::Rng) {
    for _ in 0..rng.usize(1..=4) {
        mutate_once(bytes, rng);
    }
}

fn mutate_once(bytes: &mut Vec<u8>, rng: &mut fastrand::Rng) {
    if bytes.is_empty() {
        bytes.push(rng.u8(..));
        return;
    }
    let at = rng.usize(..bytes.len());
    match rng.u8(0..8) {
        0 => bytes[at] ^= 1 << rng.u8(0..8),
        1 => bytes[at] = *rng.choice(&[0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF]).unwrap(),
        2 => {
            // The largest 32-bit LEB128 number: a count or term frequency of four billion.
            let huge = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F];
            for (i, b) in huge.iter().enumerate() {
                if let Some(slot) = bytes.get_mut(at + i) {
                    *slot = *b;
                }
            }
        }
        3 => {
            let end = (at + rng.usize(1..=16)).min(bytes.len());
            bytes.drain(at..end);
        }
        4 => {
            let extra: Vec<u8> = (0..rng.usize(1..=16)).map(|_| rng.u8(..)).collect();
            bytes.splice(at..at, extra);
        }
        5 => {
            let end = (at + rng.usize(1..=32)).min(bytes.len());
            let copy = bytes[at..end].to_vec();
            let to = rng.usize(..=bytes.len());
            bytes.splice(to..to, copy);
        }
        6 => bytes.truncate(at),
        _ => bytes[at] = rng.u8(..),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_change_bytes_and_never_panic() {
        let mut rng = fastrand::Rng::with_seed(7);
        let original = b"KIOSQUE\0\x02\x00\x03 some payload".to_vec();
        let mut changed = 0;
        for _ in 0..1000 {
            let mut bytes = original.clone();
            mutate(&mut bytes, &mut rng);
            changed += usize::from(bytes != original);
        }
        assert!(changed > 950, "{changed}");
        let mut empty = Vec::new();
        mutate(&mut empty, &mut rng);
    }
}
