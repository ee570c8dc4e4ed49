//! What takes the bytes of a format-3 head: each part re-encoded alone with postcard and deflated
//! at the bundler's level (the parts compress a little better together, in the head itself).
//!
//! ```text
//! cargo run --release -p kiosque-core --features bundler --example head_parts -- BUNDLE_DIR
//! ```
use std::io::Write;

use kiosque_core::bundle::v3::{inflate, read_manifest_v3, HeadData, PIECE_HEADER_LEN};

fn deflated<T: serde::Serialize>(value: &T) -> (usize, usize) {
    let raw = postcard::to_allocvec(value).unwrap();
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(&raw).unwrap();
    (raw.len(), e.finish().unwrap().len())
}

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("BUNDLE_DIR"));
    let manifest = read_manifest_v3(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let stored = std::fs::read(dir.join(&manifest.head.path)).unwrap();
    let framed = inflate(&stored, 1 << 31).unwrap();
    let head: HeadData = postcard::from_bytes(&framed[PIECE_HEADER_LEN..]).unwrap();
    println!(
        "head: {} bytes stored, {} inflated",
        stored.len(),
        framed.len()
    );
    let parts: Vec<(&str, (usize, usize))> = vec![
        ("dates", deflated(&head.dates)),
        (
            "title_lengths",
            deflated(&serde_bytes::Bytes::new(&head.title_lengths)),
        ),
        (
            "body_lengths",
            deflated(&serde_bytes::Bytes::new(&head.body_lengths)),
        ),
        ("facets (piece name)", deflated(&head.facets)),
        ("terms (directory)", deflated(&head.terms)),
        ("positions (directory)", deflated(&head.positions)),
        ("typos (piece name)", deflated(&head.typos)),
        ("ids (directory)", deflated(&head.ids)),
        ("cards (file names)", deflated(&head.cards)),
    ];
    for (name, (raw, z)) in parts {
        println!("{name:>24}: {raw:>9} raw {z:>9} deflated");
    }
    // The facet values and the typo dictionary are pieces of their own, fetched after the first
    // results: their sizes are those of their files.
    for (name, f) in [("facets", head.facets), ("typos", head.typos)] {
        println!("{name:>24}: {:>9} stored in a piece of its own", f.bytes);
    }
}
