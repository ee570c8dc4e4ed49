//! Opening a bundle's parts into a search engine, with every check that they belong together:
//! the one place that turns manifest + catalog + index (+ positions) into a [`Searcher`], for the
//! web app (over fetched bytes), the command line, the benchmarks and the tests (over files).
//!
//! Not `bundler`-only: the app opens bundles with it. The native [`super::OpenBundle`] reads a
//! folder and calls it.

use super::format::{CatalogEntry, Manifest};
use super::integrity::check_agreement;
use super::read::{read_catalog, read_index, read_positions, BundleError};
use crate::search::{DocTable, Index, IndexError, Searcher};

/// A bundle's catalog, decoded and tabulated for search (dates and facets): the first half of
/// opening a bundle, which a reader can do while the index is still downloading.
pub struct CatalogPart {
    /// Catalog entries in document order.
    pub entries: Vec<CatalogEntry>,
    /// The per-document table the search engine filters and counts by.
    pub docs: DocTable,
}

/// A bundle's catalog and its search engine, checked against each other and the manifest.
pub struct OpenedParts {
    /// Catalog entries in document order: the searcher's document numbers are positions here.
    pub entries: Vec<CatalogEntry>,
    /// The search engine over the bundle.
    pub searcher: Searcher,
}

impl CatalogPart {
    /// Decodes `catalog.bin` (checked against the manifest's entry) and tabulates it.
    pub fn read(manifest: &Manifest, catalog: &[u8]) -> Result<Self, BundleError> {
        Ok(Self::new(read_catalog(&manifest.catalog, catalog)?.entries))
    }

    /// Tabulates catalog entries already decoded.
    pub fn new(entries: Vec<CatalogEntry>) -> Self {
        Self {
            docs: DocTable::new(&entries),
            entries,
        }
    }

    /// Joins the catalog with `index.bin` (its bytes, freed once decoded); `positions.bin` may
    /// follow with [`crate::search::Index::set_positions`], as the app adds it after its first
    /// results ([`open_parts`] does both). Refuses an index that does not
    /// decode, whose dictionaries fail their checksum (natively: the check would weigh on the web
    /// app, which has checked the whole file's hash), or whose article count differs from the
    /// catalog's and the manifest's, or a catalog naming a body file the manifest lacks.
    pub fn with_index(
        self,
        manifest: &Manifest,
        index: Vec<u8>,
    ) -> Result<OpenedParts, BundleError> {
        let data = read_index(&manifest.index, &index)?;
        // The file's bytes go before the index is built from their decoded copy: a large
        // bundle's index is the biggest thing a reader holds.
        drop(index);
        let corrupt = |e: IndexError| BundleError::Corrupt {
            file: manifest.index.path.clone(),
            detail: e.to_string(),
        };
        let index = Index::new(data).map_err(corrupt)?;
        #[cfg(feature = "bundler")]
        index.verify_dictionaries().map_err(corrupt)?;
        // The search engine numbers documents by catalog position: the parts must agree.
        check_agreement(manifest, &self.entries, index.doc_count())?;
        Ok(OpenedParts {
            searcher: Searcher::with_docs(index, self.docs),
            entries: self.entries,
        })
    }
}

/// Opens a bundle from its files' bytes: `catalog.bin`, `index.bin` and, when given,
/// `positions.bin`, each checked against `manifest` (see [`CatalogPart::with_index`]).
pub fn open_parts(
    manifest: &Manifest,
    catalog: &[u8],
    index: Vec<u8>,
    positions: Option<&[u8]>,
) -> Result<OpenedParts, BundleError> {
    let opened = CatalogPart::read(manifest, catalog)?.with_index(manifest, index)?;
    if let Some(positions) = positions {
        let positions = read_positions(&manifest.positions, positions)?;
        opened.searcher.index().set_positions(positions);
    }
    Ok(opened)
}
