//! `kiosque check`: report without writing.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use kiosque_core::import::{ImportOptions, Severity};

use crate::{escape, report};

/// Imports `dir` with `options` and prints what was found (as JSON, everything; as text, errors
/// and, unless `quiet`, warnings).
pub fn run(
    dir: &Path,
    options: &ImportOptions,
    json: bool,
    strict: bool,
    quiet: bool,
    verbose: bool,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let report = super::import_with_progress(dir, options)?;
    let near_duplicates = crate::duplicates::groups(&report);
    if json {
        let mut value = report::json(&report);
        value["near_duplicates"] = crate::duplicates::json(&near_duplicates);
        println!("{}", escape::for_json(&format!("{value:#}")));
    } else {
        report::print_diagnostics(&report, quiet, verbose);
        println!("{}", report::summary(&report, None, started.elapsed()));
        println!("{}", crate::duplicates::text(&near_duplicates));
    }
    Ok(if strict && report.count(Severity::Error) > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
