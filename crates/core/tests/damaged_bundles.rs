//! Damaged and hand-made bundles: a changed file is refused by its manifest hash before it is
//! decoded; a hand-made one whose hashes match is checked inside (counts, agreement between
//! catalog and index) and never makes the search panic or allocate gigabytes.

use std::path::Path;

use kiosque_core::article::{Article, ArticleMeta};
use kiosque_core::bundle::{build, content_hash, BuiltBundle, BundleError, OpenBundle, OpenError};
use kiosque_core::search::{
    DateRange, Index, IndexBuilder, IndexData, Query, SearchRequest, Searcher, Sort,
};

fn article(id: &str, body: &str) -> Article {
    Article {
        meta: ArticleMeta {
            id: id.into(),
            title: format!("Titre {id}"),
            date: None,
            authors: vec![],
            tags: vec![],
            source: None,
            lang: "fr".into(),
            summary: String::new(),
            reading_minutes: 1,
            origin: format!("{id}.md"),
        },
        body: body.into(),
    }
}

fn bundle(count: usize) -> BuiltBundle {
    let bodies = [
        "Le chiffrement de bout en bout protège les messageries.",
        "La visioconférence et la sécurité des réunions en ligne.",
        "Un cloud souverain pour héberger les données publiques.",
        "Les bases de données Oracle dominent le marché.",
    ];
    build(
        (0..count)
            .map(|i| article(&format!("a{i}"), bodies[i % bodies.len()]))
            .collect(),
        Vec::new(),
        "test",
    )
}

/// Writes `files` into `dir`, with the manifest's size and hash of each file brought in line
/// with its bytes when `rehash` (as a hand-made bundle would be).
fn write(dir: &Path, files: &[(String, Vec<u8>)], rehash: bool) {
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&files.iter().find(|(p, _)| p == "manifest.json").unwrap().1)
            .unwrap();
    for (path, bytes) in files {
        if let Some(parent) = dir.join(path).parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(dir.join(path), bytes).unwrap();
        if rehash {
            for key in ["catalog", "index", "positions"] {
                if manifest[key]["path"] == path.as_str() {
                    manifest[key]["bytes"] = bytes.len().into();
                    manifest[key]["hash"] = content_hash(bytes).into();
                }
            }
        }
    }
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_vec(&manifest).unwrap(),
    )
    .unwrap();
}

fn search_all(bundle: &OpenBundle) {
    for text in [
        "chiffrement",
        "chifrement",
        "visioconferance",
        "securit",
        "\"bout en bout\"",
        "cloud OR oracle",
    ] {
        let results = bundle.searcher.search(&SearchRequest {
            query: Query::parse(text),
            dates: DateRange::default(),
            sort: Sort::Relevance,
            facets: Vec::new(),
        });
        assert!(results
            .hits
            .iter()
            .all(|h| (h.doc as usize) < bundle.entries.len()));
    }
}

// One byte changed in index.bin, its size kept: refused by name before the `fst` crate sees it.
#[test]
fn a_changed_byte_is_refused_by_its_hash() {
    let built = bundle(4);
    let dir = tempfile::tempdir().unwrap();
    let mut files = built.files.clone();
    let index = files.iter_mut().find(|(p, _)| p == "index.bin").unwrap();
    let at = index.1.len() / 2;
    index.1[at] ^= 0x20;
    write(dir.path(), &files, false);
    match OpenBundle::open(dir.path()) {
        Err(OpenError::Bundle(BundleError::Altered { file })) => assert_eq!(file, "index.bin"),
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("a changed index.bin was opened"),
    }
}

// The experiment (19 of 1,000 one-byte changes of index.bin made typo queries panic),
// on a hand-made bundle whose manifest hashes match: every change either fails to open with an
// error or searches without panicking. 200 changes keep the test quick; `cargo xtask fuzz`
// runs this for as long as it is given.
#[test]
fn one_byte_changes_with_matching_hashes_never_panic() {
    let built = bundle(12);
    let dir = tempfile::tempdir().unwrap();
    let original = built
        .files
        .iter()
        .find(|(p, _)| p == "index.bin")
        .unwrap()
        .1
        .clone();
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let (mut opened, mut refused) = (0, 0);
    for _ in 0..200 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let mut files = built.files.clone();
        let index = files.iter_mut().find(|(p, _)| p == "index.bin").unwrap();
        let at = (rng as usize) % original.len();
        index.1[at] = (rng >> 32) as u8;
        write(dir.path(), &files, true);
        match OpenBundle::open(dir.path()) {
            Ok(bundle) => {
                opened += 1;
                search_all(&bundle);
            }
            Err(_) => refused += 1,
        }
    }
    assert_eq!(opened + refused, 200);
    assert!(
        refused > 0 && opened > 0,
        "{opened} opened, {refused} refused"
    );
}

// An index that counts more articles than the catalog is refused when the bundle opens.
#[test]
fn catalog_and_index_must_agree() {
    let three = bundle(3);
    let four = bundle(4);
    let mut files = three.files.clone();
    for name in ["index.bin", "positions.bin"] {
        let other = four
            .files
            .iter()
            .find(|(p, _)| p == name)
            .unwrap()
            .1
            .clone();
        files.iter_mut().find(|(p, _)| p == name).unwrap().1 = other;
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &files, true);
    let Err(e) = OpenBundle::open(dir.path()) else {
        panic!("an index of 4 articles opened over a catalog of 3");
    };
    assert!(
        e.to_string()
            .contains("index.bin is damaged (its article count differs from the catalog's)"),
        "{e}"
    );
}

// Hand-made postings with a term frequency of u32::MAX: scoring and phrase matching read only
// what the bytes hold (allocating 4 GB and 17 GB before).
#[test]
fn a_huge_term_frequency_allocates_nothing_large() {
    let mut builder = IndexBuilder::new();
    builder.add("Zoom", "zoom zoom réunion", "fr");
    let mut data: IndexData = builder.finish();
    let offset = Index::new(data.clone()).unwrap().word("zoom").unwrap() as usize;
    // Rewrite the word's body postings as one document with tf = u32::MAX: the header says
    // title postings are present (its low bit), so skip them as the reader does.
    let mut reader = data.postings[offset..].iter();
    let mut varint = || {
        let mut value = 0u64;
        for shift in (0..).step_by(7) {
            let byte = *reader.next().unwrap();
            value |= u64::from(byte & 0x7F) << shift;
            if byte < 0x80 {
                break;
            }
        }
        value
    };
    let header = varint();
    assert_eq!(header & 1, 1, "zoom is in the title too");
    let (_title_df, title_docs, _title_positions, body_docs) =
        (varint(), varint(), varint(), varint());
    let _positions_at = varint();
    let consumed = data.postings[offset..].len() - reader.len();
    let body_at = offset + consumed + title_docs as usize;
    assert_eq!(body_docs, 2, "one document, tf 2");
    // Code 0 (document 0, tf follows), then tf = u32::MAX; same length as the body stream
    // is not needed: the reader takes exactly what the header's lengths say, so replace the
    // two bytes and append the rest where the reader will find it.
    let huge_tf = [0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F];
    data.postings.splice(body_at..body_at + 2, huge_tf);
    // Fix the body stream length in the header (a single byte, 2 → 6).
    let length_at = offset + consumed - 2;
    assert_eq!(data.postings[length_at], 2);
    data.postings[length_at] = huge_tf.len() as u8;
    let index = Index::new(data).unwrap();
    let entries = vec![kiosque_core::bundle::CatalogEntry {
        meta: article("a0", "").meta,
        body: kiosque_core::bundle::BodyRef { chunk: 0, index: 0 },
    }];
    let searcher = Searcher::new(index, &entries);
    for text in ["zoom", "\"zoom zoom\"", "\"zoom reunion\""] {
        let results = searcher.search(&SearchRequest {
            query: Query::parse(text),
            dates: DateRange::default(),
            sort: Sort::Relevance,
            facets: Vec::new(),
        });
        assert!(results.hits.len() <= 1, "{text}");
    }
}

// A hand-made bundle whose manifest hashes match but whose word dictionary was changed: the
// `fst` checksum refuses it when it opens, before a query can walk the damaged dictionary.
#[test]
fn a_changed_dictionary_is_refused_by_its_checksum() {
    let built = bundle(8);
    let mut files = built.files.clone();
    let index = files.iter_mut().find(|(p, _)| p == "index.bin").unwrap();
    // A byte in the middle of the word dictionary, past its own header.
    let terms = kiosque_core::bundle::read_index(&built.manifest.index, &index.1)
        .unwrap()
        .terms;
    let start = index
        .1
        .windows(terms.len())
        .position(|w| w == terms)
        .unwrap();
    index.1[start + terms.len() / 2] ^= 0x01;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &files, true);
    let Err(e) = OpenBundle::open(dir.path()) else {
        panic!("a changed dictionary was opened");
    };
    assert!(
        e.to_string()
            .contains("its word dictionary fails its checksum"),
        "{e}"
    );
}
