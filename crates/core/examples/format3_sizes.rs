//! Sizes of a format-3 bundle and the bytes a first visit fetches for a few queries.
//!
//! ```text
//! kiosque bundle ARTICLES -o /tmp/b3 --format 3
//! cargo run --release -p kiosque-core --example format3_sizes -- /tmp/b3 france écon hébergment '"centre de calcul"'
//! ```
//!
//! For each query, from a cold start (manifest and head only): the rounds of requests a reader
//! makes (each round is what `needs_first` names once the previous round has arrived), their
//! compressed bytes, then the row groups of the first 15 results; and what exact results need
//! on top (`needs`: a typo's rarer spellings).

use std::collections::HashMap;
use std::path::Path;

use kiosque_core::bundle::v3::{
    inflate, read_manifest_v3, HeadData, PartialBundle, PieceId, PieceKind, UnusablePiece,
    PIECE_HEADER_LEN,
};
use kiosque_core::search::{Query, SearchRequest};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((dir, queries)) = args.split_first() else {
        eprintln!("usage: format3_sizes BUNDLE_DIR QUERY...");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let manifest = read_manifest_v3(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let read = |path: &str| inflate(&std::fs::read(dir.join(path)).unwrap(), 1 << 32).unwrap();
    let head_bytes = read(&manifest.head.path);
    let head: HeadData = postcard::from_bytes(&head_bytes[PIECE_HEADER_LEN..]).unwrap();
    let mut all = PartialBundle::open(&head_bytes).unwrap();
    // Text groups and body chunks are named by the card groups (layout 3).
    all.name_all(|file| Ok::<_, UnusablePiece>(read(&file.path)))
        .unwrap();
    let sizes: HashMap<String, u64> = all
        .pieces()
        .into_iter()
        .map(|p| {
            let file = all.file(p).unwrap();
            (file.path, u64::from(file.file.bytes))
        })
        .collect();
    println!(
        "manifest.json: {} bytes",
        std::fs::metadata(dir.join("manifest.json")).unwrap().len()
    );
    println!("articles: {}", manifest.articles);
    println!(
        "head: {} compressed, {} inflated",
        kb(manifest.head.bytes),
        kb(head_bytes.len() as u64)
    );
    // Each part alone, inflated and deflated as the head is (what it adds to the stored head).
    let part = |name: &str, bytes: Vec<u8>| {
        println!(
            "  {name}: {} inflated, {} deflated alone",
            kb(bytes.len() as u64),
            kb(deflated(&bytes))
        )
    };
    part("dates", head.dates.clone());
    part("title lengths", head.title_lengths.clone());
    part("body lengths", head.body_lengths.clone());
    part(
        "term directory",
        postcard::to_allocvec(&head.terms).unwrap(),
    );
    part(
        "positions directory",
        postcard::to_allocvec(&head.positions).unwrap(),
    );
    part("id directory", postcard::to_allocvec(&head.ids).unwrap());
    part(
        "card directory",
        postcard::to_allocvec(&head.cards).unwrap(),
    );
    let mut by_kind: Vec<(&str, Vec<u64>)> = Vec::new();
    for (path, &bytes) in &sizes {
        let kind = path.split(['/', '-']).next().unwrap_or("");
        match by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, v)) => v.push(bytes),
            None => by_kind.push((kind, vec![bytes])),
        }
    }
    by_kind.sort_by_key(|(k, _)| *k);
    println!("| pieces | count | total | min | median | max |\n|---|---|---|---|---|---|");
    for (kind, mut v) in by_kind {
        v.sort_unstable();
        println!(
            "| {kind} | {} | {} | {} | {} | {} |",
            v.len(),
            kb(v.iter().sum()),
            kb(v[0]),
            kb(v[v.len() / 2]),
            kb(v[v.len() - 1])
        );
    }
    let load = |bundle: &mut PartialBundle, piece: PieceId| -> u64 {
        let path = bundle.path(piece).unwrap();
        bundle.add(piece, &read(&path)).unwrap();
        sizes[&path]
    };
    println!(
        "\n| query | rounds | pieces | bytes before results | rows of 15 results | exact needs on top |\n|---|---|---|---|---|---|"
    );
    for query in queries {
        let request = SearchRequest {
            query: Query::parse(query),
            ..SearchRequest::default()
        };
        let mut bundle = PartialBundle::open(&head_bytes).unwrap();
        let (mut rounds, mut pieces, mut bytes) = (0, 0, 0);
        loop {
            let first = bundle.needs_first(&request);
            if first.is_empty() {
                break;
            }
            rounds += 1;
            for piece in first {
                pieces += 1;
                bytes += load(&mut bundle, piece);
            }
        }
        let found = bundle.search(&request);
        let docs: Vec<u32> = found.results.hits.iter().take(15).map(|h| h.doc).collect();
        let rows: u64 = bundle
            .rows_needed(&docs)
            .into_iter()
            .map(|p| load(&mut bundle, p))
            .sum();
        let rest = bundle.needs(&request);
        let rest_bytes: u64 = rest.iter().map(|&p| sizes[&bundle.path(p).unwrap()]).sum();
        let kinds = |kind: PieceKind| rest.iter().filter(|p| p.kind == kind).count();
        println!(
            "| `{query}` | {rounds} | {pieces} | {} | {} | {} ({} term, {} position shards) |",
            kb(bytes),
            kb(rows),
            kb(rest_bytes),
            kinds(PieceKind::Terms),
            kinds(PieceKind::Positions)
        );
    }
}

/// `bytes` compressed as the writer stores pieces (deflate, default level).
fn deflated(bytes: &[u8]) -> u64 {
    use std::io::Write;
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len() as u64
}

fn kb(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.2} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}
