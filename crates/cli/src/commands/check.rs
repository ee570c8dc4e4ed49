//! `kiosque check`: report without writing.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use kiosque_core::import::{ImportOptions, Severity};

use crate::report;

/// Imports `dir` with `options` and prints what was found.
pub fn run(
    dir: &Path,
    options: &ImportOptions,
    strict: bool,
    json: bool,
    verbose: bool,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let report = super::import_with_progress(dir, options)?;
    if json {
        println!("{:#}", report::json(&report));
    } else {
        report::print_diagnostics(&report, false, verbose);
        println!("{}", report::summary(&report, None, started.elapsed()));
    }
    Ok(if strict && report.count(Severity::Error) > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
