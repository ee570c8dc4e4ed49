//! `kiosque bundle`: import a folder and write the bundle the reader fetches.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use kiosque_core::bundle::{self, BuiltBundle};
use kiosque_core::import::{ImportOptions, ImportReport, Severity};

use crate::report;

/// Above this many bytes of article files (`.md`, `.markdown`, `.txt`), `kiosque bundle`,
/// `build` and `serve` write format 3 unless told otherwise. Format 2 weighs about 1.2 times the
/// article files (39 MB for 32 MB of articles, docs/PARTIAL-LOADING.md) and must arrive whole
/// before the first search: 5 MB of articles make a 6 MB download, about 5 s over a 10 Mbps line,
/// which is where format 3 (a first search from ~1 MB) starts to pay. Below it format 2 is fetched
/// whole at once and is kept for offline reading at once, as the design says of small sites.
pub const FORMAT_3_FROM_BYTES: u64 = 5_000_000;

/// The bundle format to write for `dir` when none is asked for, with the bytes of its article
/// files: 3 from [`FORMAT_3_FROM_BYTES`] on, else 2.
pub fn default_format(dir: &Path) -> (u16, u64) {
    let bytes = article_bytes(dir);
    (if bytes >= FORMAT_3_FROM_BYTES { 3 } else { 2 }, bytes)
}

/// The bytes of the files under `dir` an import reads as articles (by their extension; hidden
/// entries and links skipped: an estimate made before importing, not the import's own walk).
pub fn article_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if name.starts_with('.') || kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                folders.push(entry.path());
            } else if [".md", ".markdown", ".txt"]
                .iter()
                .any(|e| name.ends_with(e))
            {
                total += entry.metadata().map_or(0, |m| m.len());
            }
        }
    }
    total
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Which bundle format `kiosque bundle` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Format 2, what the app reads: written in memory.
    Two,
    /// Format 3, fetched by the piece: streamed; `steps` prints each step's time and memory.
    Three {
        /// Print each step's time and the memory used so far.
        steps: bool,
    },
}

impl Format {
    /// The format asked for (`Some(2)`, `Some(3)`), or the one [`default_format`] chooses for
    /// `dir` (format 3 said on stderr unless `quiet`).
    pub fn choose(dir: &Path, asked: Option<u16>, steps: bool, quiet: bool) -> Self {
        let number = asked.unwrap_or_else(|| {
            let (number, bytes) = default_format(dir);
            // Said when the default is not format 2, what it always was (whose output tools and
            // tests read as it is).
            if !quiet && number == 3 {
                eprintln!(
                    "bundle format 3: the articles weigh {}, over the {} from which format 3 (fetched by the piece) is written; --format 2 or 3 chooses",
                    megabytes(bytes),
                    megabytes(FORMAT_3_FROM_BYTES)
                );
            }
            number
        });
        if number == 3 {
            Format::Three { steps }
        } else {
            Format::Two
        }
    }
}

/// Imports `dir` with `options` and replaces the bundle at `out`, in bundle format `format`.
pub fn run(
    dir: &Path,
    out: &Path,
    options: &ImportOptions,
    format: Format,
    strict: bool,
    quiet: bool,
    verbose: bool,
) -> anyhow::Result<ExitCode> {
    super::ensure_replaceable(out)?;
    let report = if let Format::Three { steps } = format {
        bundle_streamed(dir, out, options, steps, (quiet, verbose))?
    } else {
        let (report, built) = import_and_build(dir, options, quiet, verbose)?;
        write_replacing(out, &built.files)?;
        report
    };
    if !quiet {
        eprintln!(
            "bundle written to {}",
            crate::escape::for_terminal(&out.display().to_string())
        );
    }
    Ok(exit_code(&report, strict))
}

/// Format 3's piece sizes: the defaults, or term shards cut at `KIOSQUE_TERM_SHARD_BYTES` bytes of
/// postings when set (the browser tests cut a small site into several shards to check that a first
/// search fetches only some of them).
fn piece_sizes() -> bundle::v3::PieceSizes {
    let mut sizes = bundle::v3::PieceSizes::default();
    if let Some(bytes) = std::env::var("KIOSQUE_TERM_SHARD_BYTES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&b| b > 0)
    {
        sizes.term_shard_bytes = bytes;
    }
    sizes
}

/// Format 3, streamed: the import spills the bodies to a temporary file beside `out`, and the
/// bundle is written piece by piece into the staging folder, so memory stays bounded whatever
/// the number of articles (see `kiosque_core::bundle::v3::write_v3_streamed`).
fn bundle_streamed(
    dir: &Path,
    out: &Path,
    options: &ImportOptions,
    steps: bool,
    (quiet, verbose): (bool, bool),
) -> anyhow::Result<ImportReport> {
    let started = Instant::now();
    let mut last = started;
    // With --steps, each step's time and the memory so far: what `cargo xtask bench
    // --bundle-sizes` shows to say where a large bundle's time goes.
    let mut phase = |name: &str| {
        if steps {
            eprintln!(
                "  {name}: {:.1} s{}",
                last.elapsed().as_secs_f64(),
                report::memory_so_far()
            );
        }
        last = Instant::now();
    };
    replacing(out, |staging, work| {
        let spill_path = work.join("bodies.spill");
        let mut spill = bundle::v3::BodySpill::create(&spill_path)
            .with_context(|| format!("cannot create {}", spill_path.display()))?;
        let mut report =
            super::import_spilling_with_progress(dir, options, |body| spill.put(body))?;
        phase("import, bodies spilled");
        report::print_diagnostics(&report, quiet, verbose);
        let counts = (report.articles.len(), report.undated());
        if report.articles.is_empty() {
            eprintln!(
                "{}",
                report::summary_of(&report, counts, (0, 0), started.elapsed())
            );
            bail!(
                "no article could be imported from {}; nothing was written",
                dir.display()
            );
        }
        let corpus = bundle::v3::SpilledCorpus {
            metas: std::mem::take(&mut report.articles)
                .into_iter()
                .map(|a| a.meta)
                .collect(),
            tokens: std::mem::take(&mut report.body_tokens),
            refs: report.pending_refs.take(),
            spill,
        };
        let written = bundle::v3::write_v3_streamed_with(
            corpus,
            std::mem::take(&mut report.images),
            concat!("kiosque ", env!("CARGO_PKG_VERSION")),
            piece_sizes(),
            staging,
            work,
            &mut phase,
        )
        .with_context(|| format!("cannot write the bundle into {}", staging.display()))?;
        if steps {
            if let Some((cpu, peak)) = report::process_totals() {
                eprintln!(
                    "  total: {:.1} s, {cpu:.1} s CPU, {peak} bytes peak resident ({})",
                    started.elapsed().as_secs_f64(),
                    report::human_bytes(peak)
                );
            }
        }
        let images = &written.manifest.images;
        let images = (images.len(), images.iter().map(|i| i.file.bytes).sum());
        eprintln!(
            "{}; format 3, {} files, {} written",
            report::summary_of(&report, counts, images, started.elapsed()),
            written.files,
            report::human_bytes(written.bytes)
        );
        Ok(report)
    })
}

/// Imports `dir`, prints its problems (errors always, warnings unless `quiet`; the first 20
/// unless `verbose`); fails when not one article could be imported.
fn import_reported(
    dir: &Path,
    options: &ImportOptions,
    quiet: bool,
    verbose: bool,
) -> anyhow::Result<ImportReport> {
    let started = Instant::now();
    let report = super::import_with_progress(dir, options)?;
    report::print_diagnostics(&report, quiet, verbose);
    if report.articles.is_empty() {
        eprintln!("{}", report::summary(&report, None, started.elapsed()));
        bail!(
            "no article could be imported from {}; nothing was written",
            dir.display()
        );
    }
    Ok(report)
}

/// Imports `dir`, prints its problems (errors always, warnings unless `quiet`; the first 20
/// unless `verbose`) and a summary, and returns the bundle built from it; fails when not one
/// article could be imported.
pub fn import_and_build(
    dir: &Path,
    options: &ImportOptions,
    quiet: bool,
    verbose: bool,
) -> anyhow::Result<(ImportReport, BuiltBundle)> {
    let started = Instant::now();
    let mut report = import_reported(dir, options, quiet, verbose)?;
    // The pictures move into the bundle rather than being copied: they can be large. The
    // summary then counts them from the bundle.
    let built = bundle::build(
        report.articles.clone(),
        std::mem::take(&mut report.images),
        concat!("kiosque ", env!("CARGO_PKG_VERSION")),
    );
    eprintln!(
        "{}",
        report::summary(&report, Some(&built), started.elapsed())
    );
    Ok((report, built))
}

/// A bundle's files in memory: `(path in the bundle, bytes)`.
pub type BundleFiles = Vec<(String, Vec<u8>)>;

/// Imports `dir` and builds its bundle in memory, in the format [`default_format`] chooses for it
/// (what `kiosque build` and `kiosque serve` write): returns the report and the bundle's files.
/// Format 3 is built in memory here (`build_v3`), like format 2; `kiosque bundle` streams it.
pub fn import_and_build_files(
    dir: &Path,
    options: &ImportOptions,
    quiet: bool,
    verbose: bool,
) -> anyhow::Result<(ImportReport, BundleFiles)> {
    if Format::choose(dir, None, false, quiet) == Format::Two {
        let (report, built) = import_and_build(dir, options, quiet, verbose)?;
        return Ok((report, built.files));
    }
    let started = Instant::now();
    let mut report = import_reported(dir, options, quiet, verbose)?;
    let built = bundle::v3::build_v3_sized(
        report.articles.clone(),
        std::mem::take(&mut report.images),
        concat!("kiosque ", env!("CARGO_PKG_VERSION")),
        piece_sizes(),
    );
    let counts = (report.articles.len(), report.undated());
    let images = &built.manifest.images;
    let images = (images.len(), images.iter().map(|i| i.file.bytes).sum());
    let bytes: u64 = built.files.iter().map(|(_, b)| b.len() as u64).sum();
    eprintln!(
        "{}; format 3, {} files, {} written",
        report::summary_of(&report, counts, images, started.elapsed()),
        built.files.len(),
        report::human_bytes(bytes)
    );
    Ok((report, built.files))
}

/// Failure when `strict` and an article had an error, else success.
pub fn exit_code(report: &ImportReport, strict: bool) -> ExitCode {
    if strict && report.count(Severity::Error) > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes the files into a fresh sibling folder, then swaps it in, so that a site being served
/// never sees half a bundle and no file of the previous bundle lingers.
pub fn write_replacing(out: &Path, files: &[(String, Vec<u8>)]) -> anyhow::Result<()> {
    replacing(out, |staging, _| {
        for (path, bytes) in files {
            let target = staging.join(path);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            std::fs::write(&target, bytes)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        Ok(())
    })
}

/// Lets `write` fill a fresh sibling folder of `out` (given a second sibling folder for its
/// temporary files, removed afterwards whatever happens), then swaps it in for `out`.
fn replacing<T>(
    out: &Path,
    write: impl FnOnce(&Path, &Path) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let name = out
        .file_name()
        .with_context(|| format!("{} has no folder name", out.display()))?
        .to_string_lossy()
        .into_owned();
    let parent = out.parent().map(Path::to_path_buf).unwrap_or_default();
    let parent = if parent.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        parent
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.old-{}", std::process::id()));
    let work = parent.join(format!(".{name}.work-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("cannot create {}", staging.display()))?;
    std::fs::create_dir_all(&work).with_context(|| format!("cannot create {}", work.display()))?;
    let written = write(&staging, &work);
    let _ = std::fs::remove_dir_all(&work);
    let written = match written {
        Ok(written) => written,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if out.exists() {
        std::fs::rename(out, &retired)
            .with_context(|| format!("cannot move the old bundle {} aside", out.display()))?;
    }
    std::fs::rename(&staging, out)
        .with_context(|| format!("cannot move the new bundle into {}", out.display()))?;
    if retired.exists() {
        std::fs::remove_dir_all(&retired)
            .with_context(|| format!("cannot remove {}", retired.display()))?;
    }
    Ok(written)
}
