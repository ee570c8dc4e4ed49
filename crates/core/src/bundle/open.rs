//! Opening a bundle folder from disk, or one just built in memory, for the command line,
//! benchmarks and tests.

use std::path::{Path, PathBuf};

use super::assemble::{open_parts, OpenedParts};
use super::format::{BodyChunk, CatalogEntry, FileEntry, Manifest};
use super::integrity::check_content;
use super::read::{read_body_chunk, read_manifest, BundleError};
use super::write::BuiltBundle;
use crate::search::Searcher;

/// Why a bundle folder cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// A file cannot be read from disk.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },
    /// A file is not a readable bundle file.
    #[error(transparent)]
    Bundle(#[from] BundleError),
}

/// A bundle read from a folder: its catalog and search engine, bodies read on demand.
pub struct OpenBundle {
    /// The folder.
    pub dir: PathBuf,
    /// The manifest.
    pub manifest: Manifest,
    /// Catalog entries in document order.
    pub entries: Vec<CatalogEntry>,
    /// The search engine over the bundle.
    pub searcher: Searcher,
}

impl OpenBundle {
    /// Reads the manifest, catalog, index and positions of the bundle in `dir`, each checked
    /// against the manifest's size and hash, and opens them with [`open_parts`].
    pub fn open(dir: &Path) -> Result<Self, OpenError> {
        let manifest = read_manifest(&read(&dir.join("manifest.json"))?)?;
        let opened = open_parts(
            &manifest,
            &read_entry(dir, &manifest.catalog)?,
            read_entry(dir, &manifest.index)?,
            Some(&read_entry(dir, &manifest.positions)?),
        )?;
        Ok(Self {
            dir: dir.to_path_buf(),
            searcher: opened.searcher,
            entries: opened.entries,
            manifest,
        })
    }

    /// Reads the body chunk `n`.
    pub fn body_chunk(&self, n: u32) -> Result<BodyChunk, OpenError> {
        let entry = self
            .manifest
            .bodies
            .get(n as usize)
            .ok_or_else(|| BundleError::Corrupt {
                file: "catalog.bin".into(),
                detail: format!("it names body file {n}, which the manifest lacks"),
            })?;
        Ok(read_body_chunk(entry, &read_entry(&self.dir, entry)?)?)
    }
}

/// Reads a file the manifest names and checks its size and hash before anyone decodes it.
fn read_entry(dir: &Path, entry: &FileEntry) -> Result<Vec<u8>, OpenError> {
    let bytes = read(&dir.join(&entry.path))?;
    check_content(entry, &bytes)?;
    Ok(bytes)
}

fn read(path: &Path) -> Result<Vec<u8>, OpenError> {
    std::fs::read(path).map_err(|source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    })
}

impl BuiltBundle {
    /// The bytes of the file at `path` in the bundle, if it has one.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, bytes)| bytes.as_slice())
    }

    /// Opens the bundle just built as a reader would open it once written: its manifest read
    /// back, every file checked against it, then [`open_parts`] with the positions.
    pub fn open(&self) -> Result<(Manifest, OpenedParts), BundleError> {
        let file = |entry: &FileEntry| -> Result<&[u8], BundleError> {
            let bytes = self.file(&entry.path).unwrap_or_default();
            check_content(entry, bytes)?;
            Ok(bytes)
        };
        let manifest = read_manifest(self.file("manifest.json").unwrap_or_default())?;
        let opened = open_parts(
            &manifest,
            file(&manifest.catalog)?,
            file(&manifest.index)?.to_vec(),
            Some(file(&manifest.positions)?),
        )?;
        Ok((manifest, opened))
    }
}
