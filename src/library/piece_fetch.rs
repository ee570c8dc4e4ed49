//! Fetching one stored piece of a format-3 bundle: its bytes, checked against their size and
//! SHA-256 (the head against the manifest's full hash, every other piece against the 8 bytes of
//! it the head gives), then inflated with the browser's `DecompressionStream('deflate-raw')` (no
//! decompressor in the app's download).

use kiosque_core::bundle::v3::{PieceFile, PieceRef};
use kiosque_web::{inflate, sha256};

use super::pieces::PieceFailure;
use super::BUNDLE_DIR;
use crate::fetch::{fetch_bytes, FetchError};

/// What a stored file is checked against.
pub enum Expected<'a> {
    /// The head, as the manifest names it: its full SHA-256.
    Head(&'a PieceFile),
    /// Any other piece, as the head names it: the first 8 bytes of its SHA-256.
    Piece(&'a PieceRef),
}

impl Expected<'_> {
    fn path(&self) -> &str {
        match self {
            Expected::Head(f) => &f.path,
            Expected::Piece(p) => &p.path,
        }
    }

    fn bytes(&self) -> u64 {
        match self {
            Expected::Head(f) => f.bytes,
            Expected::Piece(p) => u64::from(p.file.bytes),
        }
    }

    /// Whether a SHA-256 digest is the one expected; names the file's source on failure.
    fn check_digest(&self, digest: &[u8]) -> Result<(), String> {
        match self {
            Expected::Head(f) => {
                let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
                if hex.eq_ignore_ascii_case(&f.sha256) {
                    return Ok(());
                }
                Err(format!(
                    "{} does not match its SHA-256 in manifest.json: it changed after the bundle was written",
                    f.path
                ))
            }
            Expected::Piece(p) => {
                if p.file.matches_digest(digest) {
                    return Ok(());
                }
                Err(format!(
                    "{} does not match the SHA-256 the bundle's head gives it (beginning {}): it changed after the bundle was written",
                    p.path,
                    p.file.hex()
                ))
            }
        }
    }
}

/// Fetches the stored file `expected` names, checks it and returns it inflated. Piece files are
/// named by their content, so their URL needs no version parameter: a cached copy is always the
/// right one.
///
/// A 404 is told apart ([`PieceFailure::gone`]): the site was probably redeployed.
pub async fn fetch_piece(expected: Expected<'_>) -> Result<Vec<u8>, PieceFailure> {
    let (path, size) = (expected.path(), expected.bytes());
    let url = format!("{BUNDLE_DIR}{path}");
    let bytes = fetch_bytes(&url, size, &mut |_| {})
        .await
        .map_err(|e| match e {
            FetchError::NotFound => {
                PieceFailure::gone(format!("{path} is no longer on the server (404)"))
            }
            FetchError::Status(status) => {
                PieceFailure::other(format!("{path}: the server answered with status {status}"))
            }
            FetchError::Network(message) => {
                PieceFailure::other(format!("{path}: the network request failed ({message})"))
            }
        })?;
    if bytes.len() as u64 != size {
        let source = match expected {
            Expected::Head(_) => "manifest.json",
            Expected::Piece(_) => "the bundle's head",
        };
        return Err(PieceFailure::other(format!(
            "{path}: {} bytes arrived where {source} announces {size}",
            bytes.len()
        )));
    }
    // Web Crypto is offered in secure contexts only (HTTPS, localhost), as for format 2.
    if let Some(digest) = sha256(&bytes).await {
        expected
            .check_digest(&digest)
            .map_err(PieceFailure::other)?;
    }
    inflate(bytes)
        .await
        .map_err(|detail| PieceFailure::other(format!("{path} cannot be inflated ({detail})")))
}
