//! Checking a bundle before trusting it: each file against the size and hash its manifest
//! gives (before a byte of it is decoded), and the files against each other once decoded.
//!
//! A file changed after the bundle was written — a damaged upload, a cache serving another
//! version, a byte flipped on a disk — is refused with its name rather than decoded: the
//! decoders tolerate damage, but the term dictionary's `fst` crate may not.
//!
//! The SHA-256 itself is computed natively with the `sha2` crate ([`check_content`]) and in the
//! browser by Web Crypto, which is faster than any wasm code and adds nothing to the app's
//! download; both compare with [`check_digest`].

use super::format::{CatalogEntry, FileEntry, Manifest};
use super::read::BundleError;

/// The first 16 hex digits of the SHA-256 of `bytes`: [`FileEntry::hash`], and the name of a
/// picture in the bundle.
#[cfg(feature = "bundler")]
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `bytes` are exactly the file `entry` describes: its size, then its hash.
#[cfg(feature = "bundler")]
pub fn check_content(entry: &FileEntry, bytes: &[u8]) -> Result<(), BundleError> {
    use sha2::{Digest, Sha256};
    check_size(entry, bytes.len())?;
    check_digest(entry, &Sha256::digest(bytes))
}

/// Whether a file of `len` bytes has the size `entry` gives.
pub fn check_size(entry: &FileEntry, len: usize) -> Result<(), BundleError> {
    if len as u64 != entry.bytes {
        return Err(BundleError::Truncated {
            file: entry.path.clone(),
            expected: entry.bytes,
            got: len as u64,
        });
    }
    Ok(())
}

/// Whether `sha256`, the SHA-256 of a file's bytes, begins with the hash `entry` gives.
pub fn check_digest(entry: &FileEntry, sha256: &[u8]) -> Result<(), BundleError> {
    let hex = entry.hash.as_bytes();
    let matches = hex.len() == 16
        && sha256.len() >= 8
        && sha256[..8].iter().enumerate().all(|(i, byte)| {
            let digit = |d: u8| char::from(d).to_digit(16);
            digit(hex[2 * i]).zip(digit(hex[2 * i + 1]))
                == Some((u32::from(byte >> 4), u32::from(byte & 15)))
        });
    if matches {
        Ok(())
    } else {
        Err(BundleError::Altered {
            file: entry.path.clone(),
        })
    }
}

/// Whether the manifest, the catalog and the index (of `index_documents` documents) describe
/// the same articles, and every body the catalog points at has a file.
pub fn check_agreement(
    manifest: &Manifest,
    catalog: &[CatalogEntry],
    index_documents: u32,
) -> Result<(), BundleError> {
    let articles = catalog.len() as u64;
    let (file, detail) = if articles != u64::from(manifest.articles) {
        (
            &manifest.catalog,
            "its article count differs from the manifest's",
        )
    } else if articles != u64::from(index_documents) {
        (
            &manifest.index,
            "its article count differs from the catalog's",
        )
    } else if catalog
        .iter()
        .any(|e| e.body.chunk as usize >= manifest.bodies.len())
    {
        (&manifest.catalog, "it names a body file the manifest lacks")
    } else {
        return Ok(());
    };
    Err(BundleError::Corrupt {
        file: file.path.clone(),
        detail: detail.to_owned(),
    })
}
