//! Writing one synthetic corpus in the three forms the browser benchmark compares: a Kiosque
//! bundle, one HTML page per article for Pagefind, and a JSON array for MiniSearch; plus the
//! scripted typing session all three replay.

use std::path::Path;

use kiosque_core::{bundle, markdown, Article};

use crate::corpus::Corpus;

/// Queries typed letter by letter in the browser: single words, prefixes, typos, two words and
/// phrases, French and English, chosen to have matches in any corpus of the generator.
const SESSION: &[&str] = &[
    "sécurité",
    "chiffrement",
    "serveurs cloud",
    "infrastructure",
    "securite donnees",
    "vulnérabilités",
    "ransomware attack",
    "hébergment",
    "encryption",
    "\"centre de calcul\"",
    "plateforme",
    "outage region",
];

/// Writes `dir/bundle/`, `dir/pages/*.html`, `dir/docs.json` and `dir/session.json` for `n`
/// articles of the corpus with `seed`.
pub fn export(seed: u64, n: usize, dir: &Path) -> std::io::Result<()> {
    let articles = Corpus::new(seed).generate(n);
    let raw_bytes = crate::corpus::raw_bytes(&articles);
    write_pages(&articles, &dir.join("pages"))?;
    write_docs(&articles, &dir.join("docs.json"))?;
    std::fs::write(dir.join("session.json"), serde_json::to_vec(SESSION)?)?;
    let started = std::time::Instant::now();
    let built = bundle::build(articles, Vec::new(), "kiosque-bench");
    let build_seconds = started.elapsed().as_secs_f64();
    let out = dir.join("bundle");
    let _ = std::fs::remove_dir_all(&out);
    for (path, bytes) in &built.files {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, bytes)?;
    }
    let stats = serde_json::json!({
        "articles": n,
        "raw_bytes": raw_bytes,
        "kiosque_bundle_bytes": built.total_bytes(),
        "kiosque_build_s": format!("{build_seconds:.1}"),
    });
    std::fs::write(dir.join("stats.json"), serde_json::to_vec_pretty(&stats)?)
}

/// One page per article, the way a static site would publish them, marked up for Pagefind.
fn write_pages(articles: &[Article], dir: &Path) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    for (i, article) in articles.iter().enumerate() {
        let body = markdown::to_safe_html(&article.body);
        let date = article.meta.date.map(|d| d.to_string()).unwrap_or_default();
        let page = format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
             <body><main data-pagefind-body><h1>{title}</h1><p><time data-pagefind-meta=\"date\">{date}</time></p>{body}</main></body></html>",
            lang = article.meta.lang,
            title = escape(&article.meta.title),
        );
        std::fs::write(dir.join(format!("{i:06}.html")), page)?;
    }
    Ok(())
}

/// `[{"id", "title", "text", "date"}]`, what a MiniSearch site would ship.
fn write_docs(articles: &[Article], path: &Path) -> std::io::Result<()> {
    let docs: Vec<serde_json::Value> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            serde_json::json!({
                "id": i,
                "title": a.meta.title,
                "text": markdown::plain_text(&a.body),
                "date": a.meta.date.map(|d| d.to_string()).unwrap_or_default(),
            })
        })
        .collect();
    std::fs::write(path, serde_json::to_vec(&docs)?)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
