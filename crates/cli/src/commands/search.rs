//! `kiosque search`: what the reader would see for a query, from the command line.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use kiosque_core::bundle::{BodyChunk, OpenBundle};
use kiosque_core::search::{
    DateRange, FacetKind, Highlighter, Query, SearchRequest, SearchResults, Sort,
};
use kiosque_core::{markdown, ArticleDate, ArticleMeta, Locale};
use serde_json::json;

use crate::escape;

/// `println!` into a `String`.
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

/// Words in a snippet.
const SNIPPET_WORDS: usize = 30;

/// The options of `kiosque search`.
pub struct SearchOptions<'a> {
    /// The query as a reader types it.
    pub query: &'a str,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub from: Option<&'a str>,
    /// Same forms as `from`.
    pub to: Option<&'a str>,
    /// Keep undated articles when a date range is given.
    pub undated: bool,
    /// `relevance`, `newest` or `oldest`.
    pub sort: Sort,
    /// Selected facet values.
    pub facets: Vec<(FacetKind, String)>,
    /// Results to print.
    pub limit: usize,
    /// Print JSON.
    pub json: bool,
}

/// Opens the bundle, runs the query and prints the results.
pub fn run(bundle_dir: &Path, options: &SearchOptions<'_>) -> anyhow::Result<ExitCode> {
    let date = |text: Option<&str>, flag: &str| -> anyhow::Result<Option<ArticleDate>> {
        text.map(|t| ArticleDate::parse(t).with_context(|| format!("{flag} {t}")))
            .transpose()
    };
    let query = Query::parse(options.query);
    let request = SearchRequest {
        query: query.clone(),
        dates: {
            let range = DateRange::new(date(options.from, "--from")?, date(options.to, "--to")?);
            // `--undated` adds undated articles to a range; without a range they are in already.
            range.with_undated(range.include_undated || options.undated)
        },
        sort: options.sort,
        facets: options.facets.clone(),
    };
    let cannot_open = || format!("cannot open the bundle in {}", bundle_dir.display());
    let (results, articles) = if super::search_v3::is_format3(bundle_dir)? {
        super::search_v3::Format3::open(bundle_dir)
            .with_context(cannot_open)?
            .search(&request, options.limit)?
    } else {
        search_format2(bundle_dir, &request, options.limit).with_context(cannot_open)?
    };
    let highlighter = Highlighter::new(&query);
    let mut shown = Vec::new();
    for (hit, (meta, body)) in results.hits.iter().zip(&articles) {
        let text = markdown::stored::read(body)
            .map_err(|e| anyhow::anyhow!("{}: {e}", bundle_dir.display()))?
            .text();
        let snippet = highlighter.snippet(text, SNIPPET_WORDS);
        shown.push((hit, meta, snippet));
    }
    let interpreted = query.describe(Locale::En);
    // Printed in one write at the end: a reader piping into `head` closes the pipe early, which
    // must end the program quietly rather than panic in the middle of a line.
    let mut out = String::new();
    if options.json {
        let report = json!({
            "interpreted_as": interpreted,
            "total": results.hits.len(),
            "undated": results.undated,
            "hits": shown.iter().map(|(hit, meta, snippet)| json!({
                "id": meta.id,
                "date": meta.date.map(|d| d.to_string()),
                "title": meta.title,
                "score": hit.score,
                "snippet": snippet.text,
                "highlights": snippet.highlights.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "timeline": results.timeline.iter().map(|b| json!({"year": b.year, "month": b.month, "count": b.count})).collect::<Vec<_>>(),
            "facets": results.facets.iter().map(|f| json!({
                "kind": f.kind.as_str(), "value": f.value, "count": f.count, "selected": f.selected,
            })).collect::<Vec<_>>(),
        });
        out.push_str(&escape::for_json(&format!("{report:#}")));
        out.push('\n');
    } else {
        if !query.is_empty() {
            outln!(
                out,
                "interpreted as: {}",
                escape::for_terminal(&interpreted)
            );
        }
        outln!(out, "{} results", results.hits.len());
        for (rank, (hit, meta, snippet)) in shown.iter().enumerate() {
            let date = meta
                .date
                .map_or_else(|| "undated".to_owned(), |d| d.to_string());
            outln!(
                out,
                "\n{:>3}. {date}  {}  [{:.2}]",
                rank + 1,
                escape::for_terminal(&meta.title),
                hit.score
            );
            outln!(out, "     {}", escape::for_terminal(&meta.id));
            outln!(out, "     {}", escape::for_terminal(&marked(snippet)));
        }
    }
    match std::io::stdout().write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// Results on a format-2 bundle, and the metadata and body of the first `limit`.
fn search_format2(
    bundle_dir: &Path,
    request: &SearchRequest,
    limit: usize,
) -> anyhow::Result<(SearchResults, Vec<(ArticleMeta, String)>)> {
    let bundle = OpenBundle::open(bundle_dir)?;
    let results = bundle.searcher.search(request);
    let mut chunks: HashMap<u32, BodyChunk> = HashMap::new();
    let mut articles = Vec::new();
    for hit in results.hits.iter().take(limit) {
        let entry = &bundle.entries[hit.doc as usize];
        let chunk = match chunks.entry(entry.body.chunk) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(bundle.body_chunk(entry.body.chunk)?),
        };
        let body = chunk
            .bodies
            .get(entry.body.index as usize)
            .cloned()
            .unwrap_or_default();
        articles.push((entry.meta.clone(), body));
    }
    Ok((results, articles))
}

/// The snippet with matches between `[` and `]`.
fn marked(snippet: &kiosque_core::search::Snippet) -> String {
    let mut out = String::with_capacity(snippet.text.len() + 16);
    let mut at = 0;
    for range in &snippet.highlights {
        out.push_str(&snippet.text[at..range.start]);
        out.push('[');
        out.push_str(&snippet.text[range.clone()]);
        out.push(']');
        at = range.end;
    }
    out.push_str(&snippet.text[at..]);
    out
}
