//! The search call alone, natively, for every keystroke of a typing session: each word typed
//! letter by letter, as the browser benchmark does (`tests/bench-browser/run.mjs`), one search per
//! prefix. Prints the percentiles and the slowest keystrokes, to tell where a keystroke's
//! milliseconds go in the engine before measuring the same in the browser.
//!
//! ```text
//! cargo run --release -p kiosque-core --example keystrokes -- BUNDLE_DIR [SESSION_JSON] [REPEATS]
//! ```
//! BUNDLE_DIR: a format-2 bundle folder (`target/bench-browser/100000/kiosque/bundle`);
//! SESSION_JSON: the words typed (`target/bench-browser/100000/session.json`).
//!
//! With `KIOSQUE_DIGEST=1` it prints instead one digest of the whole results (hits with their
//! scores, timeline, facet counts) per keystroke, alone, with a date range, a facet selected and
//! the newest first: two builds of the engine that print the same lines give the same results.
use std::time::{Duration, Instant};

use kiosque_core::bundle::OpenBundle;
use kiosque_core::search::{Query, SearchRequest};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("BUNDLE_DIR"));
    let words: Vec<String> = match args.next() {
        Some(path) => serde_json::from_slice(&std::fs::read(path).expect("session")).unwrap(),
        None => vec!["sécurité".into(), "serveurs cloud".into()],
    };
    let repeats: usize = args.next().map_or(5, |r| r.parse().expect("REPEATS"));
    let started = Instant::now();
    let bundle = OpenBundle::open(&dir).expect("bundle");
    println!("opened in {:?}", started.elapsed());
    let typed: Vec<String> = words
        .iter()
        .flat_map(|w| {
            w.char_indices()
                .map(|(at, c)| w[..at + c.len_utf8()].to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    if std::env::var_os("KIOSQUE_DIGEST").is_some() {
        digests(&bundle, &typed);
        return;
    }
    let mut samples: Vec<(Duration, &str, usize)> = Vec::new();
    for round in 0..repeats {
        for text in &typed {
            let started = Instant::now();
            let found = bundle.searcher.search(&SearchRequest {
                query: Query::parse(text),
                ..SearchRequest::default()
            });
            let took = started.elapsed();
            if round > 0 {
                samples.push((took, text, found.hits.len()));
            }
        }
    }
    samples.sort_by_key(|s| s.0);
    let p = |q: usize| samples[((samples.len() - 1) * q) / 100].0;
    println!(
        "{} searches: p50 {:?}, p95 {:?}, max {:?}",
        samples.len(),
        p(50),
        p(95),
        samples.last().unwrap().0
    );
    let mut by_text: Vec<(&str, Duration, usize)> = typed
        .iter()
        .map(|t| {
            let mut d: Vec<Duration> = samples
                .iter()
                .filter(|s| s.1 == t.as_str())
                .map(|s| s.0)
                .collect();
            d.sort();
            let hits = samples
                .iter()
                .find(|s| s.1 == t.as_str())
                .map_or(0, |s| s.2);
            (t.as_str(), d[d.len() / 2], hits)
        })
        .collect();
    by_text.sort_by_key(|t| std::cmp::Reverse(t.1));
    println!("slowest keystrokes (median of the rounds):");
    for (text, took, hits) in by_text.iter().take(25) {
        println!("  {took:>10.2?}  {hits:>6} hits  {text}");
    }
}

/// One line per keystroke and request: the text, and a hash of the results' `Debug` form (floats
/// print exactly, so equal lines mean equal results).
fn digests(bundle: &OpenBundle, typed: &[String]) {
    use kiosque_core::search::{DateRange, FacetKind, Sort};
    use kiosque_core::ArticleDate;
    use std::hash::{DefaultHasher, Hash, Hasher};
    let range = DateRange::new(
        ArticleDate::parse("2012-03").ok(),
        ArticleDate::parse("2016-09").ok(),
    );
    let lang = bundle
        .searcher
        .docs()
        .facet(FacetKind::Lang)
        .values
        .first()
        .cloned();
    for text in typed {
        let plain = SearchRequest {
            query: Query::parse(text),
            ..SearchRequest::default()
        };
        let variants = [
            plain.clone(),
            SearchRequest {
                dates: range,
                ..plain.clone()
            },
            SearchRequest {
                facets: lang.iter().map(|l| (FacetKind::Lang, l.clone())).collect(),
                ..plain.clone()
            },
            SearchRequest {
                sort: Sort::Newest,
                ..plain.clone()
            },
        ];
        for (i, request) in variants.iter().enumerate() {
            let found = bundle.searcher.search(request);
            let mut hasher = DefaultHasher::new();
            format!("{found:?}").hash(&mut hasher);
            println!(
                "{text}\t{i}\t{}\t{:016x}",
                found.hits.len(),
                hasher.finish()
            );
        }
    }
}
