//! `kiosque build`: the whole static site (the app this binary carries and the bundle of the
//! articles) in a folder, or as one HTML file.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use kiosque_core::import::ImportOptions;

use super::bundle::{exit_code, import_and_build_files, write_replacing};
use super::single_file::{self, SingleFileOptions};
use crate::site::app::{App, Mode};
use crate::site::folder::SiteFolder;
use crate::site::public_url;

/// What to build.
pub struct BuildOptions<'a> {
    /// The folder of articles.
    pub articles: &'a Path,
    /// The site folder, or with `single_file` the HTML file, to write.
    pub out: &'a Path,
    /// The URL the site will be served under (`./` works anywhere).
    pub public_url: &'a str,
    /// Write one HTML file instead of a folder.
    pub single_file: bool,
    /// Write beside files kiosque did not write.
    pub force: bool,
    /// Fail when an article has an error.
    pub strict: bool,
    /// Print only errors and the summary.
    pub quiet: bool,
    /// Print every problem, not only the first 20.
    pub verbose: bool,
    /// How the articles are read.
    pub import: &'a ImportOptions,
}

/// Builds the site; fails before importing anything when the output cannot be written.
pub fn run(options: &BuildOptions) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let app = App::embedded()?;
    let public_url = public_url::normalize(options.public_url)?;
    if options.single_file {
        ensure_single_file_replaceable(options.out, options.force)?;
        let (report, bundle) = import_and_build_files(
            options.articles,
            options.import,
            options.quiet,
            options.verbose,
        )?;
        // The single-file writer reads a built site from disk: lay one out in a temporary folder.
        let staging = tempfile::tempdir().context("cannot create a temporary folder")?;
        for (path, bytes) in app.files_for("./", Mode::Publish)? {
            let target = staging.path().join(path);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&target, bytes)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        write_replacing(&staging.path().join("bundle"), &bundle)?;
        single_file::run(&SingleFileOptions {
            app: staging.path(),
            bundle: None,
            out: options.out,
        })?;
        return Ok(exit_code(&report, options.strict));
    }
    let folder = SiteFolder::open(options.out, options.force)?;
    let (report, bundle) = import_and_build_files(
        options.articles,
        options.import,
        options.quiet,
        options.verbose,
    )?;
    folder.write(&app.files_for(&public_url, Mode::Publish)?, &bundle)?;
    eprintln!(
        "site written to {} in {:.2} s; put that folder on any static host{}",
        options.out.display(),
        started.elapsed().as_secs_f64(),
        if public_url == "./" {
            String::new()
        } else {
            format!(" and open it at {public_url}")
        }
    );
    Ok(exit_code(&report, options.strict))
}

/// What every page `kiosque single-file` writes holds: the attribute of the block carrying the
/// app's wasm (see `single_file.rs`).
const SINGLE_FILE_SIGN: &str = "id=\"kiosque-wasm\"";

/// Checks that `out` is a file kiosque may write: missing, or an earlier single file, or
/// anything with `force`.
fn ensure_single_file_replaceable(out: &Path, force: bool) -> anyhow::Result<()> {
    if out.is_dir() {
        bail!(
            "{} is a folder; with --single-file, -o names the HTML file to write (such as kiosque.html)",
            out.display()
        );
    }
    if !out.exists() || force {
        return Ok(());
    }
    let text = std::fs::read(out).with_context(|| format!("cannot read {}", out.display()))?;
    if !text
        .windows(SINGLE_FILE_SIGN.len())
        .any(|w| w == SINGLE_FILE_SIGN.as_bytes())
    {
        bail!(
            "{} exists and is not a page kiosque wrote; refusing to replace it. Choose another \
             name, or pass --force to replace it",
            out.display()
        );
    }
    Ok(())
}
