//! The near-duplicates `kiosque check` reports: articles whose text is nearly the same (one
//! dispatch republished by several outlets), as the bundle will group them.

use kiosque_core::import::ImportReport;
use kiosque_core::similar::detect::{groups_of_bodies, SHINGLE_WORDS, THRESHOLD};
use kiosque_core::Article;
use serde_json::json;

/// The groups, each as the articles it holds, earliest first (the one a list shows).
pub fn groups(report: &ImportReport) -> Vec<Vec<&Article>> {
    let groups = groups_of_bodies(report.articles.iter().map(|a| a.body.as_str()));
    groups
        .groups()
        .iter()
        .map(|members| {
            let mut articles: Vec<&Article> = members
                .iter()
                .map(|&m| &report.articles[m as usize])
                .collect();
            articles.sort_by(|a, b| (a.meta.date, &a.meta.id).cmp(&(b.meta.date, &b.meta.id)));
            articles
        })
        .collect()
}

/// The groups for people: a heading line, then one line per article.
pub fn text(groups: &[Vec<&Article>]) -> String {
    let grouped: usize = groups.iter().map(Vec::len).sum();
    let mut out = format!(
        "{} of near-duplicates ({grouped} articles; estimated similarity ≥ {THRESHOLD} on {SHINGLE_WORDS}-word shingles){}",
        match groups.len() {
            1 => "1 group".to_owned(),
            n => format!("{n} groups"),
        },
        if groups.is_empty() { "" } else { ":" }
    );
    for (n, group) in groups.iter().enumerate() {
        out.push_str(&format!("\n  group {}:", n + 1));
        for article in group {
            out.push_str(&format!(
                "\n    {}  {}  {}  ({})",
                article
                    .meta
                    .date
                    .map_or_else(|| "undated".into(), |d| d.to_string()),
                article.meta.source.as_deref().unwrap_or("no source"),
                article.meta.origin,
                article.meta.id,
            ));
        }
    }
    out
}

/// The groups for programs: one array of articles per group.
pub fn json(groups: &[Vec<&Article>]) -> serde_json::Value {
    groups
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|a| {
                    json!({
                        "id": a.meta.id,
                        "path": a.meta.origin,
                        "date": a.meta.date.map(|d| d.to_string()),
                        "source": a.meta.source,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
