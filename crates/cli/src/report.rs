//! Printing import reports for people and for programs.

use std::time::Duration;

use kiosque_core::bundle::BuiltBundle;
use kiosque_core::import::{ImportReport, Severity};
use kiosque_core::{Article, Precision};
use serde_json::json;

/// Prints each diagnostic on its own line on stderr (errors always; warnings unless `quiet`).
pub fn print_diagnostics(report: &ImportReport, quiet: bool) {
    for d in &report.diagnostics {
        if d.severity == Severity::Error || !quiet {
            eprintln!("{d}");
        }
    }
}

/// The one-paragraph summary that ends every run; `built` is the bundle written, if any, whose
/// pictures are counted (the import's otherwise).
pub fn summary(report: &ImportReport, built: Option<&BuiltBundle>, elapsed: Duration) -> String {
    let (images, image_bytes) = match built {
        Some(built) => (
            built.manifest.images.len(),
            built.manifest.images.iter().map(|i| i.file.bytes).sum(),
        ),
        None => (report.images.len(), report.image_bytes()),
    };
    let images = match images {
        0 => "0 images".to_owned(),
        n => format!("{n} images ({})", human_bytes(image_bytes)),
    };
    let mut line = format!(
        "{} files seen: {} articles imported, {} skipped, {images}, {} not articles; {} errors, {} warnings; {} undated",
        report.files_seen,
        report.articles.len(),
        report.skipped(),
        report.not_articles,
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.undated(),
    );
    if let Some(built) = built {
        line.push_str(&format!("; {} written", human_bytes(built.total_bytes())));
    }
    line.push_str(&format!(" in {:.2} s", elapsed.as_secs_f64()));
    line
}

/// The report as JSON, for `kiosque check --json`: the summary figures, every diagnostic, and
/// what each imported article will show.
pub fn json(report: &ImportReport) -> serde_json::Value {
    json!({
        "files_seen": report.files_seen,
        "articles": report.articles.len(),
        "skipped": report.skipped(),
        "images": report.images.len(),
        "image_bytes": report.image_bytes(),
        "not_articles": report.not_articles,
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "undated": report.undated(),
        "diagnostics": report.diagnostics,
        "imported": report.articles.iter().map(article_json).collect::<Vec<_>>(),
    })
}

fn article_json(a: &Article) -> serde_json::Value {
    let date = a.meta.date;
    json!({
        "id": a.meta.id,
        "path": a.meta.origin,
        "title": a.meta.title,
        "date": date.map(|d| d.to_string()),
        "precision": date.map(|d| match d.precision() {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }),
        "time": date.and_then(|d| d.time).map(|t| {
            let mut time = format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second);
            if let Some(offset) = t.offset_minutes {
                let sign = if offset < 0 { '-' } else { '+' };
                let offset = offset.unsigned_abs();
                time.push_str(&format!("{sign}{:02}:{:02}", offset / 60, offset % 60));
            }
            time
        }),
        "authors": a.meta.authors,
        "tags": a.meta.tags,
        "lang": a.meta.lang,
        "source": a.meta.source,
        "summary": a.meta.summary,
        "reading_minutes": a.meta.reading_minutes,
    })
}

fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}
