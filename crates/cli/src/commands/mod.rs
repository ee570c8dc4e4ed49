//! One module per subcommand.

pub mod build;
pub mod bundle;
pub mod check;
pub mod init;
pub mod search;
pub mod search_v3;
pub mod serve;
pub mod single_file;

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use kiosque_core::import::{self, ImportOptions, ImportReport};

/// Below this many files the import is too quick for a progress bar to help.
const PROGRESS_THRESHOLD: usize = 500;

/// Imports `dir` with `options`, with a progress bar on a terminal for large folders.
pub fn import_with_progress(dir: &Path, options: &ImportOptions) -> anyhow::Result<ImportReport> {
    if !dir.is_dir() {
        bail!("{} is not a folder of articles", dir.display());
    }
    Ok(with_progress_bar(|progress| {
        import::import_dir_with(dir, options, progress)
    }))
}

/// [`import_with_progress`], handing each body to `spill` as it is read (see
/// [`import::import_dir_spilling`]).
pub fn import_spilling_with_progress(
    dir: &Path,
    options: &ImportOptions,
    spill: impl FnMut(String) -> u64,
) -> anyhow::Result<ImportReport> {
    if !dir.is_dir() {
        bail!("{} is not a folder of articles", dir.display());
    }
    Ok(with_progress_bar(|progress| {
        import::import_dir_spilling(dir, options, progress, spill)
    }))
}

/// Runs an import with a progress bar, shown on a terminal once it has many files.
fn with_progress_bar<R>(import: impl FnOnce(&mut dyn FnMut(usize, usize)) -> R) -> R {
    let bar = ProgressBar::hidden();
    let report = import(&mut |done, total| {
        if done == 1 && total >= PROGRESS_THRESHOLD {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_length(total as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} importing {pos}/{len} files [{bar:30}] {eta}",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    report
}

/// Checks that `out` is safe to replace: missing, empty, or an earlier bundle.
pub fn ensure_replaceable(out: &Path) -> anyhow::Result<()> {
    if !out.exists() {
        return Ok(());
    }
    let mut entries =
        std::fs::read_dir(out).with_context(|| format!("cannot read {}", out.display()))?;
    if entries.next().is_none() || out.join("manifest.json").is_file() {
        return Ok(());
    }
    bail!(
        "{} exists and is not a Kiosque bundle; refusing to replace it. Choose an empty folder or the `bundle` folder of a built site",
        out.display()
    )
}
