//! `kiosque-bench`: index build time, sizes, load time, query latency per query kind and peak
//! memory, on a deterministic synthetic corpus. Run through `cargo xtask bench`.
//!
//! Each corpus size runs in its own process so that peak memory is that size's alone.
//! `kiosque-bench articles N DIR [press|dispatch]` writes the corpus as a folder of article
//! files instead, to time `kiosque bundle` on or to test the app with.

mod corpus;
mod export;
mod files;

use std::process::Command;
use std::time::{Duration, Instant};

use kiosque_core::bundle::{
    self, read_catalog, read_index, read_manifest, read_positions, CatalogPart,
};
use kiosque_core::search::{related, top_terms, DateRange, Highlighter, Query, SearchRequest};
use kiosque_core::{markdown, ArticleDate};

use corpus::Corpus;

const SEED: u64 = 20_260_101;
/// Queries per kind; each is run this many times and every run is a sample.
const QUERIES_PER_KIND: usize = 40;
const REPEATS: usize = 3;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, n] if flag == "--size" => run_one(n.parse().expect("--size takes a number")),
        [flag, list] if flag == "--sizes" => run_all(list),
        [] => run_all("1000,10000,100000"),
        [cmd, n, dir] if cmd == "export" => {
            let n = n.parse().expect("export takes a number of articles");
            export::export(SEED, n, std::path::Path::new(dir))
                .expect("the export folder is writable");
        }
        [cmd, n, dir, shape @ ..] if cmd == "articles" && shape.len() <= 1 => {
            let n = n.parse().expect("articles takes a number of articles");
            let shape = match shape.first().map(String::as_str) {
                None | Some("press") => corpus::Shape::Press,
                Some("dispatch") => corpus::Shape::Dispatch,
                Some(other) => panic!("the shape is press or dispatch, not {other}"),
            };
            // Written as they are made: a million articles never sit in memory.
            let dir_path = std::path::Path::new(dir);
            std::fs::create_dir_all(dir_path).expect("the articles folder can be made");
            let mut files = files::Files::new(dir_path);
            Corpus::with_shape(SEED, shape)
                .generate_each(n, dir_path, |i, article| files.write(i, article))
                .expect("the articles folder is writable");
            let bytes = files.bytes;
            eprintln!(
                "wrote {n} articles ({:.1} MiB) under {dir}",
                bytes as f64 / f64::from(1 << 20)
            );
        }
        _ => {
            eprintln!("usage: kiosque-bench [--sizes 1000,10000,100000 | --size N | export N DIR | articles N DIR [press|dispatch]]");
            std::process::exit(2);
        }
    }
}

fn run_all(list: &str) {
    let exe = std::env::current_exe().expect("the benchmark knows its own path");
    println!(
        "Synthetic corpus (seed {SEED}): ~3 KB articles, 2/3 French, 1/3 English, dated 2005–2024."
    );
    println!("Latencies: {QUERIES_PER_KIND} queries × {REPEATS} runs per kind, search + sort + facets + timeline, one thread.\n");
    for size in list.split(',') {
        let status = Command::new(&exe)
            .args(["--size", size.trim()])
            .status()
            .expect("runs itself");
        assert!(status.success(), "the {size}-article run failed");
    }
}

fn run_one(n: usize) {
    let corpus = Corpus::new(SEED);
    let started = Instant::now();
    let articles = corpus.generate(n);
    let generated = started.elapsed();
    let raw = corpus::raw_bytes(&articles);
    let queries = QuerySet::new(&articles);

    let near_duplicates_cpu = time_near_duplicates(&articles);
    let started = Instant::now();
    let cpu_started = thread_cpu_time();
    let built = bundle::build(articles, Vec::new(), "bench");
    let build_cpu = thread_cpu_time().saturating_sub(cpu_started);
    let build_time = started.elapsed();
    let size_of = |name: &str| built.file(name).map_or(0, <[u8]>::len);
    let index_bytes = size_of("index.bin");
    let similar_bytes = size_of("similar.bin");
    let positions_bytes = size_of("positions.bin");
    let bundle_bytes = built.total_bytes() as usize;

    // Loading as the app does: manifest, catalog, index, then the searcher's tables.
    let file = |name: &str| built.file(name).unwrap_or_default().to_vec();
    let (manifest_json, catalog_bytes, index_file, positions_file, similar_file) = (
        file("manifest.json"),
        file("catalog.bin"),
        file("index.bin"),
        file("positions.bin"),
        file("similar.bin"),
    );
    let started = Instant::now();
    let manifest = read_manifest(&manifest_json).expect("manifest");
    let catalog = read_catalog(&manifest.catalog, &catalog_bytes).expect("catalog");
    let catalog_time = started.elapsed();
    let started = Instant::now();
    let catalog = CatalogPart::new(catalog.entries);
    let tables_time = started.elapsed();
    // The index's parts, measured on a copy decoded apart (not timed).
    let data = read_index(&manifest.index, &index_file).expect("index");
    let parts = [
        ("term dictionary", data.terms.len()),
        (
            "stem dictionary + lists",
            data.stems.len() + data.stem_words.len(),
        ),
        ("postings", data.postings.len()),
        (
            "field lengths",
            data.title_lengths.len() * 2 + data.body_lengths.len() * 4,
        ),
    ];
    drop(data);
    // Opened as the app opens it: the core's checks included (natively, the dictionaries'
    // checksums too).
    let started = Instant::now();
    let opened = catalog.with_index(&manifest, index_file).expect("index");
    let index_time = started.elapsed();
    let (searcher, entries) = (opened.searcher, opened.entries);
    // The app adds the positions after its first results; here at once, for phrase queries.
    searcher
        .index()
        .set_positions(read_positions(&manifest.positions, &positions_file).expect("positions"));
    drop(built);

    println!("## {n} articles\n");
    println!("| measure | value |\n|---|---|");
    println!("| raw text (titles + bodies) | {} |", mb(raw));
    println!("| corpus generation | {} |", secs(generated));
    println!(
        "| bundle build (index + catalog + bodies) | {} |",
        secs(build_time)
    );
    println!(
        "| index.bin | {} ({:.1} % of raw text) |",
        mb(index_bytes),
        100.0 * index_bytes as f64 / raw as f64
    );
    for (name, bytes) in parts {
        println!("| index: {name} | {} |", mb(bytes));
    }
    println!(
        "| positions.bin (phrases only, loaded after the first results) | {} ({:.1} % of raw text) |",
        mb(positions_bytes),
        100.0 * positions_bytes as f64 / raw as f64
    );
    println!("| whole bundle | {} |", mb(bundle_bytes));
    println!(
        "| near-duplicates: grouping CPU time (part of the build) | {} ({:.1} % of the build's {} CPU time) |",
        secs(near_duplicates_cpu),
        100.0 * near_duplicates_cpu.as_secs_f64() / build_cpu.as_secs_f64(),
        secs(build_cpu)
    );
    println!(
        "| near-duplicates: similar.bin | {} ({:.3} % of the bundle) |",
        kb(similar_bytes),
        100.0 * similar_bytes as f64 / bundle_bytes as f64
    );
    println!("| load: manifest + catalog decode | {} |", ms(catalog_time));
    println!("| load: index decode | {} |", ms(index_time));
    println!("| load: date and facet tables | {} |", ms(tables_time));
    println!(
        "| load: total | {} |",
        ms(catalog_time + index_time + tables_time)
    );
    let groups = bundle::read_similar(
        manifest
            .similar
            .as_ref()
            .expect("the bundle lists similar.bin"),
        &similar_file,
        entries.len(),
    )
    .expect("similar.bin");
    println!(
        "| near-duplicates: groups (articles grouped) | {} ({}) |",
        groups.len(),
        groups.groups().iter().map(Vec::len).sum::<usize>()
    );
    // Related articles as the reader computes them on an article page: distinctive words of the
    // body, then one pass over their postings.
    let mut samples = Vec::new();
    let mut shown = 0;
    for i in 0..60 {
        let doc = (i * 7919) % entries.len();
        let started = Instant::now();
        let text = markdown::plain_text(&queries.bodies[doc]);
        let terms = top_terms(&searcher, &entries[doc].meta.title, &text);
        shown += related(
            &searcher,
            doc as u32,
            &terms,
            &DateRange::default(),
            &groups,
            5,
        )
        .len();
        samples.push(started.elapsed());
    }
    samples.sort();
    println!(
        "| related articles for one article page: p50 / p95 | {} / {} ({:.1} shown on average) |",
        ms(percentile(&samples, 50)),
        ms(percentile(&samples, 95)),
        shown as f64 / samples.len() as f64
    );
    println!();
    println!(
        "| query kind | p50 | p95 | max | p95 CPU time | mean results |\n|---|---|---|---|---|---|"
    );
    let range = DateRange {
        from: ArticleDate::parse("2012-03").ok(),
        to: ArticleDate::parse("2016-09").ok(),
        include_undated: false,
    };
    for (kind, list) in queries.kinds() {
        for dated in [false, true] {
            let mut samples = Vec::new();
            let mut cpu_samples = Vec::new();
            let mut results = 0usize;
            for _ in 0..REPEATS {
                for q in list {
                    let request = SearchRequest {
                        query: Query::parse(q),
                        dates: if dated { range } else { DateRange::default() },
                        ..SearchRequest::default()
                    };
                    let started = Instant::now();
                    let cpu_started = thread_cpu_time();
                    let found = searcher.search(&request);
                    cpu_samples.push(thread_cpu_time().saturating_sub(cpu_started));
                    samples.push(started.elapsed());
                    results += found.hits.len();
                }
            }
            samples.sort();
            cpu_samples.sort();
            let label = if dated {
                format!("{kind}, 2012-03..2016-09")
            } else {
                kind.to_owned()
            };
            println!(
                "| {label} | {} | {} | {} | {} | {} |",
                ms(percentile(&samples, 50)),
                ms(percentile(&samples, 95)),
                ms(*samples.last().unwrap_or(&Duration::ZERO)),
                ms(percentile(&cpu_samples, 95)),
                results / samples.len().max(1)
            );
        }
    }
    // Snippets for a first page of ten results, from the bodies.
    let mut samples = Vec::new();
    for q in queries.one_word.iter().take(20) {
        let query = Query::parse(q);
        let hits = searcher
            .search(&SearchRequest {
                query: query.clone(),
                ..SearchRequest::default()
            })
            .hits;
        let started = Instant::now();
        let highlighter = Highlighter::new(&query);
        for hit in hits.iter().take(10) {
            let _ =
                highlighter.snippet(&markdown::plain_text(&queries.bodies[hit.doc as usize]), 30);
        }
        samples.push(started.elapsed());
    }
    samples.sort();
    println!(
        "| snippets for 10 results | {} | {} | {} | |",
        ms(percentile(&samples, 50)),
        ms(percentile(&samples, 95)),
        ms(*samples.last().unwrap_or(&Duration::ZERO))
    );
    println!(
        "\npeak memory (VmHWM, whole process incl. generated corpus): {}\n",
        peak_memory()
    );
}

/// What finding near-duplicates adds to a build: hashing each body's words into shingles and
/// signatures, then the LSH bands, verification and union-find. The words themselves come from the
/// index's analysis during a build, so their segmentation is done here untimed. Thread CPU time,
/// as for the build it is compared with: on a shared machine wall time counts other processes.
fn time_near_duplicates(articles: &[kiosque_core::Article]) -> Duration {
    use kiosque_core::similar::detect::{Detector, Shingles};
    let mut detector = Detector::new();
    let mut words: Vec<String> = Vec::new();
    let mut spent = Duration::ZERO;
    for article in articles {
        words.clear();
        let text = markdown::plain_text(&article.body);
        words.extend(kiosque_core::analysis::tokens(&text).map(|t| t.folded.into_owned()));
        let started = thread_cpu_time();
        let mut shingles = Shingles::new();
        for word in &words {
            shingles.push(word);
        }
        detector.push(shingles);
        spent += thread_cpu_time().saturating_sub(started);
    }
    let started = thread_cpu_time();
    let groups = detector.finish();
    spent += thread_cpu_time().saturating_sub(started);
    assert!(!groups.is_empty(), "the corpus has republished articles");
    spent
}

/// Queries of each kind, drawn deterministically from the corpus itself.
struct QuerySet {
    one_word: Vec<String>,
    two_words: Vec<String>,
    prefix: Vec<String>,
    typo: Vec<String>,
    phrase: Vec<String>,
    /// Bodies in document (date) order, for snippets.
    bodies: Vec<String>,
}

impl QuerySet {
    fn new(articles: &[kiosque_core::Article]) -> Self {
        let mut rng = fastrand::Rng::with_seed(SEED + 1);
        let mut sorted: Vec<&kiosque_core::Article> = articles.iter().collect();
        sorted.sort_by(|a, b| (a.meta.date, &a.meta.id).cmp(&(b.meta.date, &b.meta.id)));
        let bodies = sorted.iter().map(|a| a.body.clone()).collect();
        let words_of = |rng: &mut fastrand::Rng| -> Vec<String> {
            let article = &articles[rng.usize(..articles.len())];
            article
                .body
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
                .filter(|w| w.chars().count() >= 3)
                .collect()
        };
        let mut one_word = Vec::new();
        let mut two_words = Vec::new();
        let mut prefix = Vec::new();
        let mut typo = Vec::new();
        let mut phrase = Vec::new();
        while phrase.len() < QUERIES_PER_KIND {
            let words = words_of(&mut rng);
            if words.len() < 10 {
                continue;
            }
            let at = rng.usize(..words.len() - 3);
            one_word.push(format!("{} ", words[at]));
            two_words.push(format!(
                "{} {} ",
                words[at],
                words[rng.usize(..words.len())]
            ));
            let chars: Vec<char> = words[at].chars().collect();
            prefix.push(chars[..chars.len().min(rng.usize(3..6))].iter().collect());
            if let Some(long) = words.iter().find(|w| w.chars().count() >= 6) {
                let mut c: Vec<char> = long.chars().collect();
                let i = rng.usize(1..c.len());
                c.swap(i - 1, i);
                typo.push(format!("{} ", c.into_iter().collect::<String>()));
            }
            phrase.push(format!("\"{} {}\"", words[at], words[at + 1]));
        }
        Self {
            one_word,
            two_words,
            prefix,
            typo,
            phrase,
            bodies,
        }
    }

    fn kinds(&self) -> [(&'static str, &Vec<String>); 5] {
        [
            ("one word", &self.one_word),
            ("two words", &self.two_words),
            ("prefix (typing)", &self.prefix),
            ("typo", &self.typo),
            ("phrase", &self.phrase),
        ]
    }
}

/// CPU time of this thread: unlike wall time, it does not count the time other processes on a
/// shared machine take the core away, so its percentiles are steadier.
fn thread_cpu_time() -> Duration {
    cpu_time::ThreadTime::now().as_duration()
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) * p / 100).min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1e3)
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}
