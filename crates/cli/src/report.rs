//! Printing import reports for people and for programs.

use std::time::Duration;

use kiosque_core::bundle::BuiltBundle;
use kiosque_core::import::{Diagnostic, ImportReport, Severity};
use kiosque_core::{Article, Precision};
use serde_json::json;

/// Problems printed one by one before the rest are only counted, unless `--verbose`.
const SHOWN: usize = 20;

/// Prints the diagnostics on stderr (errors always; warnings unless `quiet`): the first 20 in
/// file order, one per line (all of them when `verbose`), then, when there were more, how many
/// of each kind.
pub fn print_diagnostics(report: &ImportReport, quiet: bool, verbose: bool) {
    let shown: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error || !quiet)
        .collect();
    let limit = if verbose { shown.len() } else { SHOWN };
    for d in shown.iter().take(limit) {
        eprintln!("{}", crate::escape::for_terminal(&d.to_string()));
    }
    if shown.len() > limit {
        eprintln!(
            "… and {} more (--verbose shows them all, --json keeps them all). All problems by kind:",
            shown.len() - limit
        );
        for (kind, count) in by_kind(&shown) {
            eprintln!("{count:>7} × {}", crate::escape::for_terminal(&kind));
        }
    }
}

/// Diagnostics grouped by what they say, with the particulars (quoted values, numbers) left
/// out: `warning: no date found; …`, `error: \`…\` names day …`. Most frequent first.
fn by_kind(diagnostics: &[&Diagnostic]) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let kind = format!("{severity}: {}", kind_of(&d.message));
        match index.get(&kind) {
            Some(&i) => counts[i].1 += 1,
            None => {
                index.insert(kind.clone(), counts.len());
                counts.push((kind, 1));
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// A message without its particulars: every `quoted` part and every number become `…`.
fn kind_of(message: &str) -> String {
    let mut kind = String::with_capacity(message.len());
    let mut in_quote = false;
    for c in message.chars() {
        match c {
            '`' => {
                if !in_quote {
                    kind.push_str("`…`");
                }
                in_quote = !in_quote;
            }
            _ if in_quote => {}
            c if c.is_ascii_digit() => {
                if !kind.ends_with('…') {
                    kind.push('…');
                }
            }
            c => kind.push(c),
        }
    }
    kind
}

/// The one-paragraph summary that ends every run; `built` is the bundle written, if any, whose
/// pictures are counted (the import's otherwise).
pub fn summary(report: &ImportReport, built: Option<&BuiltBundle>, elapsed: Duration) -> String {
    let images = match built {
        Some(built) => (
            built.manifest.images.len(),
            built.manifest.images.iter().map(|i| i.file.bytes).sum(),
        ),
        None => (report.images.len(), report.image_bytes()),
    };
    let mut line = summary_of(
        report,
        (report.articles.len(), report.undated()),
        images,
        elapsed,
    );
    if let Some(built) = built {
        let at = line.rfind(" in ").unwrap_or(line.len());
        line.insert_str(
            at,
            &format!("; {} written", human_bytes(built.total_bytes())),
        );
    }
    line
}

/// [`summary`] when the articles (`imported`, of which `undated`) and the pictures (`images`,
/// their count and bytes) have left the report, as a streamed bundle takes them.
pub fn summary_of(
    report: &ImportReport,
    (imported, undated): (usize, usize),
    (images, image_bytes): (usize, u64),
    elapsed: Duration,
) -> String {
    let images = match images {
        0 => "0 images".to_owned(),
        n => format!("{n} images ({})", human_bytes(image_bytes)),
    };
    // Hidden and refused entries are named only when there are some, so that every entry seen
    // is accounted for without lengthening the usual line.
    let mut not_articles = format!("{} not articles", report.not_articles);
    if report.hidden > 0 {
        not_articles.push_str(&format!(" ({} hidden)", report.hidden));
    }
    if report.refused() > 0 {
        not_articles.push_str(&format!(", {} refused", report.refused()));
    }
    let mut line = format!(
        "{} files seen: {} articles imported, {} skipped, {images}, {not_articles}; {} errors, {} warnings; {} undated",
        report.files_seen,
        imported,
        report.skipped(),
        report.count(Severity::Error),
        report.count(Severity::Warning),
        undated,
    );
    if report.drafts > 0 {
        line.push_str(&format!(
            "; {} drafts left out (--drafts imports them)",
            report.drafts
        ));
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
        "pictures": report.pictures,
        "not_articles": report.not_articles,
        "hidden": report.hidden,
        "refused": report.refused(),
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "undated": report.undated(),
        "drafts_left_out": report.drafts,
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

pub(crate) fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

/// `, resident X (peak Y)` from the kernel's account of this process (Linux), else nothing.
pub fn memory_so_far() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
            .map(|kb| human_bytes(kb * 1024))
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(now), Some(peak)) => format!(", resident {now} (peak {peak})"),
        _ => String::new(),
    }
}

/// This process's CPU time (user and system, in seconds) and peak resident memory (bytes) so
/// far, from the kernel's account of it (Linux); `None` elsewhere.
pub fn process_totals() -> Option<(f64, u64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces): utime and
    // stime are the 12th and 13th, in clock ticks of 1/100 s (Linux's USER_HZ).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let peak_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches(" kB")
        .trim()
        .parse()
        .ok()?;
    Some((ticks as f64 / 100.0, peak_kb * 1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_leave_out_particulars() {
        assert_eq!(
            kind_of("`2021-02-30` names day 30, but that month has 28 days"),
            "`…` names day …, but that month has … days"
        );
        let a = Diagnostic::warning("a.md", 1, 1, "no date found; imported as undated");
        let b = Diagnostic::warning("b.md", 1, 1, "no date found; imported as undated");
        let c = Diagnostic::error("c.md", 3, 7, "`x` is bad");
        assert_eq!(
            by_kind(&[&a, &c, &b]),
            [
                ("warning: no date found; imported as undated".to_owned(), 2),
                ("error: `…` is bad".to_owned(), 1)
            ]
        );
    }
}
