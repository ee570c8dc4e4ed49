//! The pieces of a format-3 bundle and their header: every file but the manifest is one piece,
//! stored compressed (deflate-raw) and, once inflated, made of a header and a postcard payload.
//!
//! The header names the bundle the piece belongs to, so that pieces of two deployments are never
//! mixed, and carries a checksum of the payload, so that a damaged piece is refused by the reader
//! itself whatever inflated it (the manifest's SHA-256 covers the compressed file; the browser
//! checks it with Web Crypto, this checksum costs the wasm a few bytes of code).

use super::super::format::MAGIC;

/// The format version of these pieces and of their manifest.
pub const VERSION: u16 = 3;
/// Magic, version (u16 LE), kind (u8), bundle id (8 bytes), payload length (u32 LE), checksum
/// of the payload (u64 LE).
pub const PIECE_HEADER_LEN: usize = MAGIC.len() + 2 + 1 + 8 + 4 + 8;

/// What a piece holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum PieceKind {
    /// What counts and the first search need, for every article: dates, lengths, the
    /// directories of the other pieces, the typo dictionary.
    Head = 1,
    /// Words of one range of the folded vocabulary, their stems and postings.
    Terms = 2,
    /// Word positions of the same range (phrases only).
    Positions = 3,
    /// The plain text snippets are cut from, of consecutive articles (text groups: the `rows/`
    /// folder; their cards are in [`PieceKind::Cards`]).
    Rows = 4,
    /// Article id → article number, for one range of ids.
    Ids = 5,
    /// Markdown bodies of consecutive articles.
    Bodies = 6,
    /// Groups of near-duplicate articles.
    Similar = 7,
    /// Every article's facet values (tags, authors, source, language): what facet counts,
    /// facet filters and `author:`-style fields need, fetched after the first results.
    Facets = 8,
    /// The typo dictionary: the words found in at least a few articles, where a typo most
    /// likely aims (only a word the archive does not hold as typed needs it).
    Typos = 9,
    /// Cards of consecutive articles (title, date, byline, summary, body place): what a result
    /// row shows before its snippet.
    Cards = 10,
}

impl PieceKind {
    /// Every kind, by its byte.
    const ALL: [PieceKind; 10] = [
        PieceKind::Head,
        PieceKind::Terms,
        PieceKind::Positions,
        PieceKind::Rows,
        PieceKind::Ids,
        PieceKind::Bodies,
        PieceKind::Similar,
        PieceKind::Facets,
        PieceKind::Typos,
        PieceKind::Cards,
    ];

    /// The kind a header byte names.
    pub fn from_byte(byte: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|k| *k as u8 == byte)
    }

    /// The folder (or name prefix) of this kind's files in the bundle.
    pub fn name(self) -> &'static str {
        match self {
            PieceKind::Head => "head",
            PieceKind::Terms => "terms",
            PieceKind::Positions => "positions",
            PieceKind::Rows => "rows",
            PieceKind::Ids => "ids",
            PieceKind::Bodies => "bodies",
            PieceKind::Similar => "similar",
            PieceKind::Facets => "facets",
            PieceKind::Typos => "typos",
            PieceKind::Cards => "cards",
        }
    }

    /// The path, relative to the manifest, of this kind's stored file whose SHA-256 begins with
    /// `hex` (16 hex digits): `head-<hex>.bin` and `similar-<hex>.bin`, the others in a folder
    /// of their kind (`rows/<hex>.bin`).
    pub fn file_path(self, hex: &str) -> String {
        match self {
            PieceKind::Head | PieceKind::Similar | PieceKind::Facets | PieceKind::Typos => {
                format!("{}-{hex}.bin", self.name())
            }
            _ => format!("{}/{hex}.bin", self.name()),
        }
    }
}

/// One piece of a bundle: its kind and its number among the pieces of that kind (in the order
/// of the head's directories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PieceId {
    /// What it holds.
    pub kind: PieceKind,
    /// Its number within its kind.
    pub number: u32,
}

impl PieceId {
    /// Piece `number` of `kind`.
    pub fn new(kind: PieceKind, number: u32) -> Self {
        Self { kind, number }
    }
}

impl std::fmt::Display for PieceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} piece {}", self.kind.name(), self.number)
    }
}

/// Why a piece cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PieceError {
    /// Not a Kiosque piece, or cut short.
    #[error("{piece} is not a Kiosque bundle piece (or it is cut short); reload the page or rebuild the bundle")]
    NotKiosque {
        /// The piece.
        piece: String,
    },
    /// A piece of another format version.
    #[error("{piece} is in bundle format {found}, not {VERSION}; rebuild the bundle with this version of kiosque")]
    Version {
        /// The piece.
        piece: String,
        /// The version it says.
        found: u16,
    },
    /// A piece of another kind than the one asked for.
    #[error("{piece} holds {found} data, not what was asked for; the bundle's files are mixed up")]
    WrongKind {
        /// The piece.
        piece: String,
        /// The kind it says.
        found: String,
    },
    /// A piece of another bundle (the site was rebuilt during the visit).
    #[error("{piece} belongs to another version of the bundle (the site was updated); reload to switch to it")]
    OtherBundle {
        /// The piece.
        piece: String,
    },
    /// The payload does not match its checksum or does not decode.
    #[error("{piece} is damaged ({detail}); reload the page or rebuild the bundle")]
    Damaged {
        /// The piece.
        piece: String,
        /// What is wrong.
        detail: String,
    },
    /// A piece number the head does not list.
    #[error("{piece} is not part of this bundle")]
    Unknown {
        /// The piece.
        piece: String,
    },
}

/// FNV-1a, 64 bits: a checksum that catches damage (not forgery: the manifest's SHA-256 does).
pub fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A header for a `payload` of `kind` in bundle `bundle_id`, followed by the payload.
#[cfg(any(feature = "bundler", test))]
pub fn framed(kind: PieceKind, bundle_id: [u8; 8], payload: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(PIECE_HEADER_LEN + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&VERSION.to_le_bytes());
    bytes.push(kind as u8);
    bytes.extend_from_slice(&bundle_id);
    bytes.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&checksum(payload).to_le_bytes());
    bytes.extend_from_slice(payload);
    bytes
}

/// The bundle id and payload of an inflated piece, once its magic, version, kind, length and
/// checksum are right; `bundle_id` (when given) must match.
pub fn unframe(
    piece: PieceId,
    bytes: &[u8],
    bundle_id: Option<[u8; 8]>,
) -> Result<([u8; 8], &[u8]), PieceError> {
    let name = || piece.to_string();
    if bytes.len() < PIECE_HEADER_LEN || &bytes[..MAGIC.len()] != MAGIC {
        return Err(PieceError::NotKiosque { piece: name() });
    }
    let mut at = MAGIC.len();
    let mut take = |n: usize| {
        let part = &bytes[at..at + n];
        at += n;
        part
    };
    let version = u16::from_le_bytes(take(2).try_into().expect("two bytes"));
    if version != VERSION {
        return Err(PieceError::Version {
            piece: name(),
            found: version,
        });
    }
    let kind = take(1)[0];
    if kind != piece.kind as u8 {
        return Err(PieceError::WrongKind {
            piece: name(),
            found: PieceKind::from_byte(kind)
                .map_or_else(|| format!("unknown ({kind})"), |k| k.name().to_owned()),
        });
    }
    let id: [u8; 8] = take(8).try_into().expect("eight bytes");
    if bundle_id.is_some_and(|expected| expected != id) {
        return Err(PieceError::OtherBundle { piece: name() });
    }
    let len = u32::from_le_bytes(take(4).try_into().expect("four bytes")) as usize;
    let sum = u64::from_le_bytes(take(8).try_into().expect("eight bytes"));
    let payload = &bytes[PIECE_HEADER_LEN..];
    if payload.len() != len {
        return Err(PieceError::Damaged {
            piece: name(),
            detail: format!(
                "{} bytes of data where the header says {len}",
                payload.len()
            ),
        });
    }
    if checksum(payload) != sum {
        return Err(PieceError::Damaged {
            piece: name(),
            detail: "its checksum does not match".into(),
        });
    }
    Ok((id, payload))
}

/// Decodes a postcard payload, naming the piece on failure.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    piece: PieceId,
    payload: &[u8],
) -> Result<T, PieceError> {
    postcard::from_bytes(payload).map_err(|e| PieceError::Damaged {
        piece: piece.to_string(),
        detail: e.to_string(),
    })
}
