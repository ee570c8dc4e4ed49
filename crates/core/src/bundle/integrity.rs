//! Checking a bundle before trusting it: each file against the size and hash its manifest
//! gives (before a byte of it is decoded), and the files against each other once decoded.
//!
//! A file changed after the bundle was written — a damaged upload, a cache serving another
//! version, a byte flipped on a disk — is refused with its name rather than decoded: the
//! decoders tolerate damage, but the term dictionary's `fst` crate may not.

use sha2::{Digest, Sha256};

use super::format::{CatalogEntry, FileEntry, Manifest};
use super::read::BundleError;

/// The first 16 hex digits of the SHA-256 of `bytes`: [`FileEntry::hash`], and the name of a
/// picture in the bundle.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `bytes` are exactly the file `entry` describes: its size, then its hash.
pub fn check_content(entry: &FileEntry, bytes: &[u8]) -> Result<(), BundleError> {
    if bytes.len() as u64 != entry.bytes {
        return Err(BundleError::Truncated {
            file: entry.path.clone(),
            expected: entry.bytes,
            got: bytes.len() as u64,
        });
    }
    if !content_hash(bytes).eq_ignore_ascii_case(&entry.hash) {
        return Err(BundleError::Altered {
            file: entry.path.clone(),
        });
    }
    Ok(())
}

/// Whether the manifest, the catalog and the index (of `index_documents` documents) describe
/// the same articles, and every body the catalog points at has a file.
pub fn check_agreement(
    manifest: &Manifest,
    catalog: &[CatalogEntry],
    index_documents: u32,
) -> Result<(), BundleError> {
    let corrupt = |file: &str, detail: String| BundleError::Corrupt {
        file: file.to_owned(),
        detail,
    };
    if catalog.len() as u64 != u64::from(manifest.articles) {
        return Err(corrupt(
            &manifest.catalog.path,
            format!(
                "it lists {} articles but the manifest announces {}",
                catalog.len(),
                manifest.articles
            ),
        ));
    }
    if catalog.len() as u64 != u64::from(index_documents) {
        return Err(corrupt(
            &manifest.index.path,
            format!(
                "it covers {index_documents} articles but the catalog has {}",
                catalog.len()
            ),
        ));
    }
    if let Some(entry) = catalog
        .iter()
        .find(|e| e.body.chunk as usize >= manifest.bodies.len())
    {
        return Err(corrupt(
            &manifest.catalog.path,
            format!(
                "it puts the body of `{}` in body file {}, which the manifest lacks",
                entry.meta.id, entry.body.chunk
            ),
        ));
    }
    Ok(())
}
