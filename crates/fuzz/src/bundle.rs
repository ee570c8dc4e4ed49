//! The bundle reader and the search engine on damaged bundles.
//!
//! Each input is a real bundle with one file damaged. Half the time the manifest is left as
//! written, as after a damaged upload: the file must then be refused by its hash before it is
//! decoded. The other half the manifest is rewritten to match, as a hand-made bundle would be:
//! opening may fail with an error, but whatever opens must answer every kind of query and give
//! every body without panicking or allocating more than the files could hold.

use std::path::Path;

use kiosque_core::bundle::{build, content_hash, BuiltBundle, OpenBundle, OpenError};
use kiosque_core::search::{DateRange, FacetKind, Query, SearchRequest, Sort};
use kiosque_core::ArticleDate;

use crate::mutate::mutate;
use crate::Target;

/// Articles written for this target: dates of each precision, undated, both languages,
/// authors, tags, a picture-free body long enough for phrases and typos.
const ARTICLES: &[(&str, &str)] = &[
    ("2020-03-01-chiffrement.md", "---\ntitle: Le chiffrement des messageries\nauthor: Claire Dupont\ntags: [sécurité, messagerie]\nlang: fr\n---\n\nLe chiffrement de bout en bout protège les messages. La sécurité des serveurs reste un sujet.\n"),
    ("2020-04-cloud.md", "---\ntitle: Cloud souverain\ndate: 2020-04\ntags: [cloud]\n---\n\nUn cloud souverain pour les administrations : l'hébergement et la sécurité.\n"),
    ("2021-oracle.md", "---\ntitle: Oracle and the database market\ndate: 2021\nlang: en\nauthors: [Sam Lee, Ana Ruiz]\n---\n\nOracle databases dominate the enterprise market; encryption at rest is common.\n"),
    ("undated.md", "# Une note sans date\n\nRien ne dit quand cette note a été écrite, mais elle parle de chiffrement.\n"),
    ("2019-11-05-zoom.md", "---\ntitle: Zoom et la visioconférence\nsource: Le Quotidien\ntags: [visio]\n---\n\nZoom zoom zoom : la visioconférence a explosé, la sécurité aussi.\n"),
    ("2022-06-30-reseau.md", "---\ntitle: Network outage\nlang: en\ntags: [network, cloud]\n---\n\nA network outage took the cloud provider down for hours; the security team investigated.\n"),
];

/// Queries of every kind the grammar has, and the date and facet filters.
const QUERIES: &[&str] = &[
    "chiffrement",
    "securite",
    "chiffr",
    "chifrement",
    "visioconferance",
    "\"bout en bout\"",
    "cloud -oracle",
    "zoom OR oracle",
    "title:cloud",
    "author:claire",
    "tag:securite",
    "source:quotidien",
    "l'hebergement",
    "",
];

/// The bundle reader and search target.
pub struct BundleTarget {
    pristine: BuiltBundle,
    dir: tempfile::TempDir,
    last: Vec<(String, Vec<u8>)>,
}

impl BundleTarget {
    /// Builds the pristine bundle the inputs are made from.
    pub fn new() -> Self {
        let articles = ARTICLES
            .iter()
            .filter_map(|(rel, text)| {
                kiosque_core::import::import_file(rel, text.as_bytes(), &mut Vec::new())
            })
            .collect::<Vec<_>>();
        assert_eq!(
            articles.len(),
            ARTICLES.len(),
            "every sample article imports"
        );
        Self {
            pristine: build(articles, Vec::new(), "fuzz"),
            dir: tempfile::tempdir().expect("a temporary folder"),
            last: Vec::new(),
        }
    }
}

impl Default for BundleTarget {
    fn default() -> Self {
        Self::new()
    }
}

impl Target for BundleTarget {
    fn name(&self) -> &'static str {
        "bundle"
    }

    fn run(&mut self, rng: &mut fastrand::Rng) -> Result<(), String> {
        let mut files = self.pristine.files.clone();
        let victim = pick_file(&files, rng);
        let original = files[victim].1.clone();
        mutate(&mut files[victim].1, rng);
        let changed = files[victim].1 != original;
        let is_manifest = files[victim].0 == "manifest.json";
        let rewrite_manifest = !is_manifest && rng.bool();
        if rewrite_manifest {
            rehash(&mut files, victim);
        }
        self.last = files.clone();
        write_all(self.dir.path(), &files).map_err(|e| e.to_string())?;

        let opened = OpenBundle::open(self.dir.path());
        let detected = |result: &Result<(), OpenError>| result.is_err();
        match opened {
            Err(_) => Ok(()),
            Ok(bundle) => {
                let bodies = read_bodies(&bundle);
                // A file changed behind its manifest's back is refused when it is read: at
                // opening for the catalog and index, when a body is first needed for chunks.
                let victim_path = &files[victim].0;
                if changed && !rewrite_manifest && !is_manifest {
                    let is_body = victim_path.starts_with("bodies/");
                    if !is_body || !detected(&bodies) {
                        return Err(format!(
                            "{victim_path} was changed but opened without an error"
                        ));
                    }
                }
                search_everything(&bundle)
            }
        }
    }

    fn save_last(&self, dir: &Path) -> std::io::Result<()> {
        write_all(dir, &self.last)
    }
}

/// The file to damage: the index most often, then the others.
fn pick_file(files: &[(String, Vec<u8>)], rng: &mut fastrand::Rng) -> usize {
    let wanted = match rng.u8(0..20) {
        0..=7 => "index.bin",
        8..=11 => "catalog.bin",
        12..=14 => "positions.bin",
        15..=16 => "manifest.json",
        _ => "bodies/",
    };
    files
        .iter()
        .position(|(path, _)| path.starts_with(wanted))
        .unwrap_or(0)
}

/// Rewrites the manifest's size and hash for file `victim`, as a hand-made bundle would have.
fn rehash(files: &mut [(String, Vec<u8>)], victim: usize) {
    let (path, bytes) = (files[victim].0.clone(), files[victim].1.clone());
    let Some(manifest_at) = files.iter().position(|(p, _)| p == "manifest.json") else {
        return;
    };
    let Ok(mut manifest) = serde_json::from_slice::<serde_json::Value>(&files[manifest_at].1)
    else {
        return;
    };
    let mut entries: Vec<&mut serde_json::Value> = Vec::new();
    if let Some(object) = manifest.as_object_mut() {
        for (key, value) in object.iter_mut() {
            match key.as_str() {
                "catalog" | "index" | "positions" => entries.push(value),
                "bodies" => entries.extend(value.as_array_mut().into_iter().flatten()),
                _ => {}
            }
        }
    }
    for entry in entries {
        if entry["path"] == path.as_str() {
            entry["bytes"] = bytes.len().into();
            entry["hash"] = content_hash(&bytes).into();
        }
    }
    files[manifest_at].1 = serde_json::to_vec_pretty(&manifest).expect("JSON writes");
}

fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    for (path, bytes) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, bytes)?;
    }
    Ok(())
}

/// Reads every article's body; the first error, if any.
fn read_bodies(bundle: &OpenBundle) -> Result<(), OpenError> {
    let mut first_error = Ok(());
    for entry in &bundle.entries {
        match bundle.body_chunk(entry.body.chunk) {
            Ok(chunk) => {
                let _ = chunk.bodies.get(entry.body.index as usize);
            }
            Err(e) => {
                if first_error.is_ok() {
                    first_error = Err(e);
                }
            }
        }
    }
    first_error
}

/// Runs every query with each sort, a date range and a facet; results must name articles of
/// the catalog.
fn search_everything(bundle: &OpenBundle) -> Result<(), String> {
    let ranges = [
        DateRange::default(),
        DateRange {
            from: ArticleDate::parse("2020-01").ok(),
            to: ArticleDate::parse("2021").ok(),
            include_undated: true,
        },
    ];
    for text in QUERIES {
        for (i, sort) in [Sort::Relevance, Sort::Newest, Sort::Oldest]
            .into_iter()
            .enumerate()
        {
            let request = SearchRequest {
                query: Query::parse(text),
                dates: ranges[i % 2],
                sort,
                facets: if i == 2 {
                    vec![(FacetKind::Tag, "cloud".to_owned())]
                } else {
                    Vec::new()
                },
            };
            let results = bundle.searcher.search(&request);
            if let Some(hit) = results
                .hits
                .iter()
                .find(|h| h.doc as usize >= bundle.entries.len())
            {
                return Err(format!(
                    "query {text:?} returned document {} of {}",
                    hit.doc,
                    bundle.entries.len()
                ));
            }
        }
    }
    Ok(())
}
