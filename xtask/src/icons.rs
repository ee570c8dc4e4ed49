//! `cargo xtask icons`: the PNG icons of the web manifest, drawn from the same shapes as
//! `static/favicon.svg` (a blue rounded square holding a white K) with no image library.
//!
//! The images are indexed-colour PNGs (one byte a pixel, a palette of edge shades), which keeps
//! them a few kilobytes: they are part of the app shell the service worker precaches.

use std::io::Write;

use anyhow::Context;

/// `static/favicon.svg`'s square: 64 units wide, corners of radius 12.
const VIEW: f64 = 64.0;
const RADIUS: f64 = 12.0;
/// The K of `static/favicon.svg` (`M16 14h8v15l14-15h10L32 31l17 19H38L24 34v16h-8z`).
const K: [(f64, f64); 11] = [
    (16.0, 14.0),
    (24.0, 14.0),
    (24.0, 29.0),
    (38.0, 14.0),
    (48.0, 14.0),
    (32.0, 31.0),
    (49.0, 50.0),
    (38.0, 50.0),
    (24.0, 34.0),
    (24.0, 50.0),
    (16.0, 50.0),
];
const BLUE: [u8; 3] = [0x1f, 0x4e, 0x79];
/// Samples per pixel side: 4 × 4 = 16 shades of each edge.
const SAMPLES: usize = 4;
const LEVELS: usize = SAMPLES * SAMPLES;

/// Writes `static/icon-192.png` and `static/icon-512.png`.
pub fn write_icons() -> anyhow::Result<()> {
    let dir = crate::repo_root().join("static");
    for size in [192, 512] {
        let path = dir.join(format!("icon-{size}.png"));
        let png = render(size)?;
        std::fs::write(&path, &png).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {} ({} bytes)", path.display(), png.len());
    }
    Ok(())
}

/// The icon at `size` × `size` pixels, as PNG bytes.
fn render(size: usize) -> anyhow::Result<Vec<u8>> {
    // Palette: index `a` (0..=LEVELS) is blue at opacity a/LEVELS (the square's edge); index
    // LEVELS + w (1..=LEVELS) is opaque blue mixed with w/LEVELS white (the letter's edge).
    let mut palette = Vec::new();
    let mut alpha = Vec::new();
    for a in 0..=LEVELS {
        palette.extend_from_slice(&BLUE);
        alpha.push((a * 255 / LEVELS) as u8);
    }
    for w in 1..=LEVELS {
        for c in BLUE {
            let c = usize::from(c);
            palette.push(((c * (LEVELS - w) + 255 * w) / LEVELS) as u8);
        }
        alpha.push(255);
    }
    let mut raw = Vec::with_capacity(size * (size + 1));
    let scale = VIEW / size as f64;
    for y in 0..size {
        raw.push(0); // filter: none
        for x in 0..size {
            let (mut inside, mut white) = (0, 0);
            for sy in 0..SAMPLES {
                for sx in 0..SAMPLES {
                    let px = (x as f64 + (sx as f64 + 0.5) / SAMPLES as f64) * scale;
                    let py = (y as f64 + (sy as f64 + 0.5) / SAMPLES as f64) * scale;
                    if in_rounded_square(px, py) {
                        inside += 1;
                        if in_polygon(px, py, &K) {
                            white += 1;
                        }
                    }
                }
            }
            raw.push(if white > 0 && inside == LEVELS {
                (LEVELS + white) as u8
            } else {
                inside as u8
            });
        }
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&(size as u32).to_be_bytes());
    header.extend_from_slice(&(size as u32).to_be_bytes());
    header.extend_from_slice(&[8, 3, 0, 0, 0]); // 8 bits, indexed, deflate, no filter set, no interlace
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"PLTE", &palette);
    chunk(&mut png, b"tRNS", &alpha);
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    zlib.write_all(&raw)?;
    chunk(&mut png, b"IDAT", &zlib.finish()?);
    chunk(&mut png, b"IEND", &[]);
    Ok(png)
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(&crc.sum().to_be_bytes());
}

fn in_rounded_square(x: f64, y: f64) -> bool {
    let cx = x.clamp(RADIUS, VIEW - RADIUS);
    let cy = y.clamp(RADIUS, VIEW - RADIUS);
    (0.0..VIEW).contains(&x)
        && (0.0..VIEW).contains(&y)
        && (x - cx).powi(2) + (y - cy).powi(2) <= RADIUS * RADIUS
}

/// Even-odd rule, as SVG's default `nonzero` gives the same result for this simple outline.
fn in_polygon(x: f64, y: f64, points: &[(f64, f64)]) -> bool {
    let mut inside = false;
    let mut j = points.len() - 1;
    for i in 0..points.len() {
        let (xi, yi) = points[i];
        let (xj, yj) = points[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    // The icons are valid PNGs of the right size: signature, then an IHDR stating it.
    #[test]
    fn renders_a_png_of_the_requested_size() {
        let png = render(48).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 48);
        assert!(
            png.ends_with(&[0xae, 0x42, 0x60, 0x82]),
            "IEND's CRC closes the file"
        );
    }

    // The corners are transparent, the middle of the square blue, the K's stem white.
    #[test]
    fn draws_the_favicon_shapes() {
        assert!(!in_rounded_square(0.5, 0.5));
        assert!(in_rounded_square(32.0, 5.0));
        assert!(in_polygon(20.0, 40.0, &K));
        assert!(!in_polygon(30.0, 45.0, &K));
    }
}
