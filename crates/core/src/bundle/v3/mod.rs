//! Bundle format 3: the bundle in pieces a reader fetches as it needs them (see
//! docs/PARTIAL-LOADING.md). A small head holds what counts and filters need for every article
//! and the directories of the other pieces; term shards by range of the folded word, their
//! positions, card and text groups (rows), id shards, body chunks and near-duplicate groups follow on demand.
//!
//! The writer (`bundler` feature) compresses each piece with deflate-raw; the reader here takes
//! pieces already inflated, so it compiles to wasm without a decompressor.

mod data;
mod partial;
mod piece;
#[cfg(feature = "bundler")]
mod stream;
#[cfg(feature = "bundler")]
mod write;

pub use data::*;
pub use partial::{Lookup, PartialBundle, PartialResults, RowRef, UnusablePiece, FULL_GROUPS_KEPT};
#[cfg(feature = "bundler")]
pub use piece::framed;
pub use piece::{checksum, PieceError, PieceId, PieceKind, PIECE_HEADER_LEN, VERSION};
#[cfg(feature = "bundler")]
pub use stream::{write_v3_streamed, write_v3_streamed_with, BodySpill, SpilledCorpus, StreamedV3};
#[cfg(feature = "bundler")]
pub use write::{
    build_v3, build_v3_sized, check_piece_file, check_piece_ref, inflate, BuiltV3, PieceSizes,
    ID_SHARD_BYTES, POSITIONS_BYTES, TERM_SHARD_BYTES,
};

/// Reads a format-3 `manifest.json`.
pub fn read_manifest_v3(json: &[u8]) -> Result<ManifestV3, String> {
    let manifest: ManifestV3 =
        serde_json::from_slice(json).map_err(|e| format!("manifest.json cannot be read ({e})"))?;
    check_manifest_v3(manifest)
}

/// Checks a decoded format-3 manifest: its version, and that every file it names lies inside the
/// bundle folder (the app decodes the JSON with the browser's parser, then calls this).
pub fn check_manifest_v3(manifest: ManifestV3) -> Result<ManifestV3, String> {
    if manifest.version != VERSION {
        return Err(format!(
            "manifest.json is for bundle format {}, not {VERSION}",
            manifest.version
        ));
    }
    if manifest.layout != LAYOUT {
        // Short: the app's download carries this sentence.
        return Err(format!(
            "manifest.json is for bundle layout {}, not {LAYOUT}: run kiosque bundle again",
            manifest.layout
        ));
    }
    let paths = std::iter::once(manifest.head.path.as_str())
        .chain(manifest.images.iter().map(|i| i.file.path.as_str()));
    for path in paths {
        if !super::is_bundle_path(path) {
            return Err(format!(
                "manifest.json names {path:?}, outside the bundle folder"
            ));
        }
    }
    Ok(manifest)
}
