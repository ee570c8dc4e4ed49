//! Decoding bundle files, with errors a reader can be shown.

use serde::de::DeserializeOwned;

use super::format::{
    BodyChunk, Catalog, FileEntry, FileKind, Manifest, FORMAT_NAME, FORMAT_VERSION, HEADER_LEN,
    MAGIC,
};

/// Why a bundle cannot be read. Each message is written for the person looking at the site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    /// The manifest is not JSON of the expected shape.
    #[error("the bundle's manifest.json cannot be read ({0})")]
    BadManifest(String),
    /// The manifest or a file is for another bundle format version.
    #[error("the bundle was written in format version {found}, but this reader understands version {supported}; rebuild the bundle with the matching version of kiosque")]
    Version {
        /// Version found in the file.
        found: u16,
        /// Version this build reads.
        supported: u16,
    },
    /// A file does not start with the Kiosque magic string.
    #[error("{file} is not a Kiosque bundle file")]
    NotKiosque {
        /// The file's path in the bundle.
        file: String,
    },
    /// A file is shorter (or longer) than the manifest says: an interrupted upload or download.
    #[error("{file} is incomplete: the manifest announces {expected} bytes but {got} arrived; upload the bundle again")]
    Truncated {
        /// The file's path in the bundle.
        file: String,
        /// Size stated by the manifest.
        expected: u64,
        /// Size received.
        got: u64,
    },
    /// A file's content is not the one its manifest describes (its hash differs): changed
    /// after the bundle was written.
    #[error("{file} differs from what the manifest says; upload the whole bundle again")]
    Altered {
        /// The file's path in the bundle.
        file: String,
    },
    /// A file has the right header but its content does not decode.
    #[error("{file} is damaged ({detail}); rebuild the bundle")]
    Corrupt {
        /// The file's path in the bundle.
        file: String,
        /// What the decoder said.
        detail: String,
    },
}

/// Parses `manifest.json` and checks its format name and version.
pub fn read_manifest(json: &[u8]) -> Result<Manifest, BundleError> {
    check_manifest(
        || serde_json::from_slice(json),
        || serde_json::from_slice(json),
    )
}

/// The two fields of a manifest read before the rest: a future format may change the others.
/// Reading only these (rather than a `serde_json::Value`) keeps a generic value's code out of
/// the web app.
#[derive(serde::Deserialize)]
pub struct ManifestProbe {
    /// The format's name; [`FORMAT_NAME`] for a Kiosque bundle.
    pub format: Option<String>,
    /// The format's version.
    pub version: Option<u64>,
}

/// Decodes a manifest with any serde deserializer and checks it, the one place for the checks:
/// `probe` decodes [`ManifestProbe`], then, once the format and version are known to be this
/// reader's, `full` decodes the whole [`Manifest`], whose file paths must stay inside the
/// bundle folder. The CLI decodes the JSON text with `serde_json`; the web app lets the
/// browser's `JSON.parse` do it, which keeps a JSON parser out of the wasm.
pub fn check_manifest<E: std::fmt::Display>(
    probe: impl FnOnce() -> Result<ManifestProbe, E>,
    full: impl FnOnce() -> Result<Manifest, E>,
) -> Result<Manifest, BundleError> {
    let bad = |e: E| BundleError::BadManifest(e.to_string());
    let probe = probe().map_err(bad)?;
    if probe.format.as_deref() != Some(FORMAT_NAME) {
        return Err(BundleError::BadManifest(format!(
            "its `format` is not \"{FORMAT_NAME}\""
        )));
    }
    let found = probe.version.unwrap_or(0);
    if found != u64::from(FORMAT_VERSION) {
        return Err(BundleError::Version {
            found: u16::try_from(found).unwrap_or(u16::MAX),
            supported: FORMAT_VERSION,
        });
    }
    let manifest = full().map_err(bad)?;
    if let Some(file) = manifest.files().find(|f| !is_bundle_path(&f.path)) {
        return Err(BundleError::BadManifest(format!(
            "it names a file `{}` outside the bundle folder",
            file.path
        )));
    }
    Ok(manifest)
}

/// Whether `path` names a file inside the bundle folder however it is used: joined to a folder
/// on disk or resolved as a URL beside the manifest. Only what the writer produces passes:
/// `/`-separated names of ASCII letters, digits, `-`, `_` and `.`, none empty, `.` or `..`; so
/// no absolute path, drive, scheme (`https:`), host (`//`), backslash or percent-escape
/// (`%2e%2e` is `..` to a URL parser).
pub fn is_bundle_path(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
}

/// Decodes `catalog.bin`, checking it against its manifest entry.
pub fn read_catalog(entry: &FileEntry, bytes: &[u8]) -> Result<Catalog, BundleError> {
    decode(entry, FileKind::Catalog, bytes)
}

/// Decodes `index.bin`, checking it against its manifest entry.
pub fn read_index(
    entry: &FileEntry,
    bytes: &[u8],
) -> Result<crate::search::IndexData, BundleError> {
    decode(entry, FileKind::Index, bytes)
}

/// Decodes `positions.bin`, checking it against its manifest entry; the bytes go to
/// [`crate::search::Index::set_positions`].
pub fn read_positions(entry: &FileEntry, bytes: &[u8]) -> Result<Vec<u8>, BundleError> {
    decode::<super::format::Positions>(entry, FileKind::Positions, bytes).map(|p| p.bytes)
}

/// Decodes `similar.bin` for a catalog of `articles` articles, checking it against its manifest
/// entry. Every count in it is bounded by its size, so any bytes give groups or an error.
pub fn read_similar(
    entry: &FileEntry,
    bytes: &[u8],
    articles: usize,
) -> Result<crate::similar::SimilarGroups, BundleError> {
    let payload = payload(entry, FileKind::Similar, bytes)?;
    let articles = u32::try_from(articles).unwrap_or(u32::MAX);
    crate::similar::SimilarGroups::decode(articles, payload).map_err(|e| BundleError::Corrupt {
        file: entry.path.clone(),
        detail: e.0,
    })
}

/// Decodes one body chunk, checking it against its manifest entry.
pub fn read_body_chunk(entry: &FileEntry, bytes: &[u8]) -> Result<BodyChunk, BundleError> {
    decode(entry, FileKind::Bodies, bytes)
}

fn decode<T: DeserializeOwned>(
    entry: &FileEntry,
    kind: FileKind,
    bytes: &[u8],
) -> Result<T, BundleError> {
    let payload = payload(entry, kind, bytes)?;
    postcard::from_bytes(payload).map_err(|e| BundleError::Corrupt {
        file: entry.path.clone(),
        detail: e.to_string(),
    })
}

/// Checks a file's size and header against its manifest entry and returns what follows the
/// header. Kept apart from the generic decoding so that its code exists once, not once per kind.
fn payload<'a>(
    entry: &FileEntry,
    kind: FileKind,
    bytes: &'a [u8],
) -> Result<&'a [u8], BundleError> {
    // The hash is checked by whoever read the file, before this (see `integrity`).
    super::integrity::check_size(entry, bytes.len())?;
    let file = entry.path.clone();
    if bytes.len() < HEADER_LEN || &bytes[..MAGIC.len()] != MAGIC {
        return Err(BundleError::NotKiosque { file });
    }
    let version = u16::from_le_bytes([bytes[MAGIC.len()], bytes[MAGIC.len() + 1]]);
    if version != FORMAT_VERSION {
        return Err(BundleError::Version {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if bytes[HEADER_LEN - 1] != kind as u8 {
        return Err(BundleError::Corrupt {
            file,
            detail: "it holds another kind of bundle data".into(),
        });
    }
    Ok(&bytes[HEADER_LEN..])
}
