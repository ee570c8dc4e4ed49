//! Opening a bundle folder from disk, for the command line, benchmarks and tests.

use std::path::{Path, PathBuf};

use super::format::{BodyChunk, CatalogEntry, FileEntry, Manifest};
use super::integrity::{check_agreement, check_content};
use super::read::{
    read_body_chunk, read_catalog, read_index, read_manifest, read_positions, BundleError,
};
use crate::search::{Index, Searcher};

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
    /// Reads the manifest, catalog and index of the bundle in `dir`.
    pub fn open(dir: &Path) -> Result<Self, OpenError> {
        let manifest = read_manifest(&read(&dir.join("manifest.json"))?)?;
        let catalog = read_catalog(&manifest.catalog, &read_entry(dir, &manifest.catalog)?)?;
        let mut index = read_index(&manifest.index, &read_entry(dir, &manifest.index)?)?;
        index.positions =
            read_positions(&manifest.positions, &read_entry(dir, &manifest.positions)?)?;
        let corrupt = |e: crate::search::IndexError| BundleError::Corrupt {
            file: manifest.index.path.clone(),
            detail: e.to_string(),
        };
        let index = Index::new(index).map_err(corrupt)?;
        index.verify_dictionaries().map_err(corrupt)?;
        check_agreement(&manifest, &catalog.entries, index.doc_count())?;
        Ok(Self {
            dir: dir.to_path_buf(),
            searcher: Searcher::new(index, &catalog.entries),
            entries: catalog.entries,
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
