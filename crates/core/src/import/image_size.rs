//! What kind of picture a file holds and the size a browser draws it at: PNG, JPEG, GIF, WebP
//! and AVIF read with the `imagesize` crate (the JPEG's EXIF rotation applied, as browsers do),
//! SVG from the `width`, `height` and `viewBox` of its root tag.
//!
//! The kind comes from the bytes, not the file name: a `.png` that holds a JPEG is stored as
//! `.jpg`, so that a static host serves it with the right type.

use crate::html_tag;

/// The picture formats every current browser shows in `<img>`, the only ones bundled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Png,
    Jpeg,
    Gif,
    Webp,
    Avif,
    Svg,
}

/// The supported formats, for messages.
pub(crate) const SUPPORTED: &str = "PNG, JPEG, GIF, WebP, AVIF or SVG";

impl Format {
    /// The extension the bundle stores it under.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Gif => "gif",
            Format::Webp => "webp",
            Format::Avif => "avif",
            Format::Svg => "svg",
        }
    }

    /// The format a file name's extension claims, if it is a supported one.
    fn from_extension(extension: &str) -> Option<Self> {
        Some(match extension.to_ascii_lowercase().as_str() {
            "png" => Format::Png,
            "jpg" | "jpeg" | "jpe" | "jfif" => Format::Jpeg,
            "gif" => Format::Gif,
            "webp" => Format::Webp,
            "avif" => Format::Avif,
            "svg" => Format::Svg,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Gif => "GIF",
            Format::Webp => "WebP",
            Format::Avif => "AVIF",
            Format::Svg => "SVG",
        }
    }
}

/// A picture measured: its format and its size in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Measured {
    pub format: Format,
    pub width: u32,
    pub height: u32,
}

/// Why a file cannot be bundled as a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SizeError {
    /// Not a format browsers show everywhere; says what it is (`a BMP file`).
    Unsupported(String),
    /// A supported format whose size cannot be read; says why.
    Unreadable(String),
    /// An SVG without a size in pixels or a viewBox: the reader could not reserve its space.
    SvgWithoutSize,
}

/// Measures the picture in `bytes`, whose file name ends with `.extension`.
pub(crate) fn measure(bytes: &[u8], extension: &str) -> Result<Measured, SizeError> {
    let format = match imagesize::image_type(bytes) {
        Ok(imagesize::ImageType::Png) => Format::Png,
        Ok(imagesize::ImageType::Jpeg) => Format::Jpeg,
        Ok(imagesize::ImageType::Gif) => Format::Gif,
        Ok(imagesize::ImageType::Webp) => Format::Webp,
        Ok(imagesize::ImageType::Heif(imagesize::Compression::Av1)) => Format::Avif,
        Ok(imagesize::ImageType::Heif(_)) => {
            return Err(SizeError::Unsupported(
                "a HEIF/HEIC photo, which most browsers cannot show".to_owned(),
            ))
        }
        Ok(other) => return Err(SizeError::Unsupported(format!("a {other:?} file"))),
        Err(_) => match Format::from_extension(extension) {
            Some(Format::Svg) => return svg(bytes),
            Some(claimed) => {
                return Err(SizeError::Unreadable(format!(
                    "the file is not a valid {} picture",
                    claimed.name()
                )))
            }
            None if extension.is_empty() => {
                return Err(SizeError::Unsupported(
                    "not a picture format Kiosque recognises".to_owned(),
                ))
            }
            None => {
                return Err(SizeError::Unsupported(format!(
                    "a {} file",
                    extension.to_ascii_uppercase()
                )))
            }
        },
    };
    let size = imagesize::blob_size(bytes).map_err(|e| {
        SizeError::Unreadable(format!("the {} data is damaged ({e})", format.name()))
    })?;
    let (mut width, mut height) = (to_u32(size.width), to_u32(size.height));
    if format == Format::Jpeg && jpeg_is_turned(bytes) {
        std::mem::swap(&mut width, &mut height);
    }
    match (width, height) {
        (Some(width), Some(height)) if width > 0 && height > 0 => Ok(Measured {
            format,
            width,
            height,
        }),
        _ => Err(SizeError::Unreadable(format!(
            "the {} header gives a size of {}×{}",
            format.name(),
            size.width,
            size.height
        ))),
    }
}

fn to_u32(n: usize) -> Option<u32> {
    u32::try_from(n).ok()
}

/// Whether a JPEG's EXIF orientation turns it a quarter (orientations 5 to 8): browsers then
/// draw it with width and height swapped, as phone photos usually are.
fn jpeg_is_turned(bytes: &[u8]) -> bool {
    let mut at = 2;
    // Segments follow the start-of-image marker; the EXIF one (APP1) comes before the image data.
    while let Some(&[0xFF, marker, high, low]) = bytes.get(at..at + 4) {
        let length = usize::from(u16::from_be_bytes([high, low]));
        if marker == 0xDA || marker == 0xD9 || length < 2 {
            return false;
        }
        if marker == 0xE1 {
            if let Some(exif) = bytes
                .get(at + 4..at + 2 + length)
                .and_then(|s| s.strip_prefix(b"Exif\0\0"))
            {
                return exif_orientation(exif).is_some_and(|o| (5..=8).contains(&o));
            }
        }
        at += 2 + length;
    }
    false
}

/// The orientation tag (0x0112) of the first image directory of an EXIF (TIFF) block.
fn exif_orientation(tiff: &[u8]) -> Option<u16> {
    let big_endian = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if big_endian {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let directory = usize::try_from(u32_at(4)?).ok()?;
    let entries = u16_at(directory)?;
    (0..usize::from(entries)).find_map(|i| {
        let entry = directory + 2 + i * 12;
        (u16_at(entry)? == 0x0112).then(|| u16_at(entry + 8))?
    })
}

/// An SVG's size from its root tag: `width` and `height` in pixels (or without unit), one of
/// them with the viewBox's proportions, or the viewBox alone.
fn svg(bytes: &[u8]) -> Result<Measured, SizeError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| SizeError::Unreadable("the SVG file is not UTF-8 text".to_owned()))?;
    let tag = root_tag(text).ok_or_else(|| {
        SizeError::Unreadable("the file does not open with an <svg> tag".to_owned())
    })?;
    let pixels = |name: &str| tag.get(name).and_then(|a| svg_length(a.value));
    let view_box = tag.get("viewBox").and_then(|a| view_box(a.value));
    let (width, height) = match (pixels("width"), pixels("height"), view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (_, _, Some((vw, vh))) => (vw, vh),
        _ => return Err(SizeError::SvgWithoutSize),
    };
    let round =
        |v: f64| (v.round() >= 1.0 && v.round() <= f64::from(u32::MAX)).then(|| v.round() as u32);
    match (round(width), round(height)) {
        (Some(width), Some(height)) => Ok(Measured {
            format: Format::Svg,
            width,
            height,
        }),
        _ => Err(SizeError::SvgWithoutSize),
    }
}

/// The first element of the document, past the XML declaration, comments and doctype, if it is
/// an `<svg>` (with or without a namespace prefix).
fn root_tag(text: &str) -> Option<html_tag::StartTag<'_>> {
    let mut at = 0;
    loop {
        at += text[at..].find('<')?;
        let rest = &text[at..];
        let skip_to = if rest.starts_with("<?") {
            rest.find("?>")? + 2
        } else if rest.starts_with("<!--") {
            rest.find("-->")? + 3
        } else if rest.starts_with("<!") {
            // A doctype, possibly with an internal subset in brackets.
            match (rest.find('['), rest.find('>')) {
                (Some(open), Some(close)) if open < close => rest.find("]>")? + 2,
                (_, close) => close? + 1,
            }
        } else {
            let tag = html_tag::start_tag(text, at)?;
            let local = tag.name.rsplit(':').next().unwrap_or(tag.name);
            return (local == "svg").then_some(tag);
        };
        at += skip_to;
    }
}

/// A length in CSS pixels: a number with no unit or `px`. Other units (`%`, `em`, `cm`) depend
/// on where the picture is drawn, so they give no size.
fn svg_length(value: &str) -> Option<f64> {
    let value = value.trim();
    let number = value.strip_suffix("px").unwrap_or(value).trim_end();
    number
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n > 0.0)
}

/// The width and height of a `viewBox="min-x min-y width height"`.
fn view_box(value: &str) -> Option<(f64, f64)> {
    let numbers: Vec<f64> = value
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers[..] {
        [_, _, w, h] if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg_size(text: &str) -> Result<(u32, u32), SizeError> {
        measure(text.as_bytes(), "svg").map(|m| (m.width, m.height))
    }

    #[test]
    fn svg_sizes_come_from_pixels_then_the_view_box() {
        assert_eq!(
            svg_size("<?xml version=\"1.0\"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40px\" height=\"30\"/>"),
            Ok((40, 30))
        );
        assert_eq!(
            svg_size("<svg viewBox=\"0 0 120.4 80\"></svg>"),
            Ok((120, 80))
        );
        assert_eq!(
            svg_size("<svg width=\"100%\" height=\"100%\" viewBox=\"0,0,64,32\">"),
            Ok((64, 32))
        );
        assert_eq!(
            svg_size("<svg width=\"200\" viewBox=\"0 0 100 50\">"),
            Ok((200, 100))
        );
        assert_eq!(
            svg_size("<svg:svg height=\"10\" viewBox=\"0 0 30 10\">"),
            Ok((30, 10))
        );
        assert_eq!(
            svg_size("<svg width=\"5em\">"),
            Err(SizeError::SvgWithoutSize)
        );
        assert!(matches!(
            svg_size("<html><svg>"),
            Err(SizeError::Unreadable(_))
        ));
    }

    #[test]
    fn unsupported_and_damaged_files_say_what_they_are() {
        assert_eq!(
            measure(b"BM\x00\x00", "bmp"),
            Err(SizeError::Unsupported("a BMP file".to_owned()))
        );
        assert_eq!(
            measure(b"not a png", "PNG"),
            Err(SizeError::Unreadable(
                "the file is not a valid PNG picture".to_owned()
            ))
        );
    }

    #[test]
    fn exif_orientation_is_read_in_both_byte_orders() {
        // Byte order, 42, offset 8, one entry: tag 0x0112, type SHORT, count 1, value 6.
        let little =
            b"II\x2a\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00";
        let big =
            b"MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x03\x00\x00";
        assert_eq!(exif_orientation(little), Some(6));
        assert_eq!(exif_orientation(big), Some(3));
    }
}
