//! `kiosque search` on a format-3 bundle: the head, then only the pieces the query needs, the
//! row groups of the results shown and their body chunks. The head is checked against the
//! manifest's SHA-256, every other piece against the size and SHA-256 prefix the head gives it.

use std::path::Path;

use anyhow::{bail, Context};
use kiosque_core::bundle::v3::{
    check_piece_file, check_piece_ref, inflate, read_manifest_v3, Lookup, PartialBundle, PieceId,
    PieceKind,
};
use kiosque_core::search::{SearchRequest, SearchResults};
use kiosque_core::ArticleMeta;

/// No piece inflates past this: a damaged or hostile file stops here rather than filling memory.
const MAX_INFLATED: u64 = 1 << 31;

/// Whether the bundle in `dir` is in format 3 (its manifest says version 3).
pub fn is_format3(dir: &Path) -> anyhow::Result<bool> {
    let path = dir.join("manifest.json");
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let probe: Option<serde_json::Value> = serde_json::from_slice(&bytes).ok();
    Ok(probe.and_then(|m| m.get("version")?.as_u64()) == Some(3))
}

/// A format-3 bundle read from a folder, piece by piece.
pub struct Format3 {
    dir: std::path::PathBuf,
    bundle: PartialBundle,
    /// Bytes read from disk so far (compressed, as a browser would receive them).
    pub bytes_read: u64,
    /// Pieces read so far, the head included.
    pub pieces_read: usize,
}

impl Format3 {
    /// Reads the manifest and the head.
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        let path = dir.join("manifest.json");
        let json =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let manifest = read_manifest_v3(&json).map_err(anyhow::Error::msg)?;
        let head = &manifest.head;
        let bytes = read_file(dir, &head.path)?;
        check_piece_file(head, &bytes).map_err(anyhow::Error::msg)?;
        let bundle = PartialBundle::open(&inflated(&head.path, &bytes)?)
            .with_context(|| format!("{} cannot be used", head.path))?;
        Ok(Self {
            dir: dir.to_path_buf(),
            bytes_read: head.bytes,
            pieces_read: 1,
            bundle,
        })
    }

    /// Reads, checks and adds one piece.
    pub fn load(&mut self, piece: PieceId) -> anyhow::Result<()> {
        let Some(file) = self.bundle.file(piece) else {
            bail!("the bundle's head names no {piece}; rebuild the bundle");
        };
        let bytes = read_file(&self.dir, &file.path)?;
        check_piece_ref(&file, &bytes).map_err(anyhow::Error::msg)?;
        self.bundle
            .add(piece, &inflated(&file.path, &bytes)?)
            .with_context(|| format!("{} cannot be used", file.path))?;
        self.bytes_read += bytes.len() as u64;
        self.pieces_read += 1;
        Ok(())
    }

    /// Loads what `request` needs until it needs nothing more.
    pub fn load_needs(&mut self, request: &SearchRequest) -> anyhow::Result<()> {
        loop {
            let needs = self.bundle.needs(request);
            if needs.is_empty() {
                return Ok(());
            }
            for piece in needs {
                self.load(piece)?;
            }
        }
    }

    /// Exact results for `request`, and the metadata and Markdown body of the first `limit`.
    pub fn search(
        &mut self,
        request: &SearchRequest,
        limit: usize,
    ) -> anyhow::Result<(SearchResults, Vec<(ArticleMeta, String)>)> {
        self.load_needs(request)?;
        // The facet counts are printed with the results (`--json`): their piece too.
        let facets = PieceId::new(PieceKind::Facets, 0);
        if !self.bundle.has(facets) {
            self.load(facets)?;
        }
        let found = self.bundle.search(request);
        debug_assert!(!found.facets_pending);
        debug_assert!(found.missing.is_empty());
        let shown: Vec<u32> = found
            .results
            .hits
            .iter()
            .take(limit)
            .map(|h| h.doc)
            .collect();
        for piece in self.bundle.rows_needed(&shown) {
            self.load(piece)?;
        }
        let mut articles = Vec::with_capacity(shown.len());
        for doc in shown {
            let body = loop {
                match self.bundle.body(doc) {
                    Lookup::Here(body) => break body.unwrap_or_default().to_owned(),
                    Lookup::Needs(piece) => self.load(piece)?,
                }
            };
            let Lookup::Here(Some(row)) = self.bundle.row(doc) else {
                bail!("article {doc} has no row in the bundle; rebuild the bundle");
            };
            articles.push((row.meta.clone(), body));
        }
        Ok((found.results, articles))
    }
}

/// Reads a stored file of the bundle.
fn read_file(dir: &Path, relative: &str) -> anyhow::Result<Vec<u8>> {
    let path = dir.join(relative);
    std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))
}

/// Inflates a stored piece once it has been checked.
fn inflated(relative: &str, bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    inflate(bytes, MAX_INFLATED)
        .with_context(|| format!("{relative} cannot be inflated; upload the bundle again"))
}
