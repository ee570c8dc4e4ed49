//! `cargo xtask dist`: the one `kiosque` binary publishers download, with the reader app inside.
//!
//! The app is built once by Trunk for a placeholder public URL, then compiled into a release
//! `kiosque` (see `crates/cli/build.rs`), whose `kiosque build --public-url` writes it for the
//! site's real one, exactly as Trunk would have.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::process::{cmd, run};
use crate::site::{build_cli, with_bundle_env, SiteOptions};
use crate::tools;

/// The public URL the embedded app is built with: a path no site uses, which `kiosque build`
/// replaces in `index.html` (the only file Trunk writes it into; checked below).
const PLACEHOLDER_URL: &str = "/__kiosque_public_url__/";

/// The cargo profile of the binary: the release profile is tuned for the wasm app's size
/// (`opt-level = "z"`, fat LTO); this one is for a native tool's speed and build time.
const PROFILE: &str = "dist";

/// Builds the app and the binary that carries it; returns the binary's path.
pub fn dist() -> anyhow::Result<PathBuf> {
    let toolbox = tools::ensure_build_tools()?;
    let target = crate::site::target_dir()?;
    let staging = target.join("dist-app-staging");
    let app = target.join("dist-app");
    // Trunk's hook bundles sample articles into the staging folder; the binary leaves them out.
    let hook = build_cli()?;
    let app_arg = staging.to_string_lossy().into_owned();
    let mut trunk = toolbox.cmd(
        "trunk",
        &[
            "build",
            "--release",
            "--public-url",
            PLACEHOLDER_URL,
            "--dist",
            &app_arg,
        ],
    );
    with_bundle_env(&mut trunk, &hook, &SiteOptions::default().articles);
    run(&mut trunk)?;
    // The first-results wasm and the loader, as `cargo xtask build` writes them.
    let first = crate::first::build_first(&toolbox, &staging)?;
    crate::first::write_loader(&staging, PLACEHOLDER_URL, &first)?;
    check_placeholder_only_in_index(&staging)?;
    sync_changed_files(&staging, &app)?;
    run(cmd(
        "cargo",
        &["build", "--profile", PROFILE, "--package", "kiosque"],
    )
    .env("KIOSQUE_EMBED_APP", &app)
    .env("KIOSQUE_EMBED_PUBLIC_URL", PLACEHOLDER_URL))?;
    let exe = target
        .join(PROFILE)
        .join(format!("kiosque{}", std::env::consts::EXE_SUFFIX));
    let bytes = std::fs::metadata(&exe)
        .with_context(|| format!("cargo built kiosque but {} is missing", exe.display()))?
        .len();
    eprintln!(
        "==> {} ({:.1} MB, for {}-{}): the kiosque command with the reader app inside; \
         copy it anywhere and run `kiosque init`, `kiosque build`, `kiosque serve`",
        exe.display(),
        bytes as f64 / 1e6,
        std::env::consts::ARCH,
        std::env::consts::OS
    );
    Ok(exe)
}

/// Makes `to` hold the top-level files of `from` (the app; not its sample bundle), writing only
/// those whose content changed: Trunk rewrites every file at each build, and the binary's build
/// script, which watches `to`, then recompiles the binary only when the app really changed.
fn sync_changed_files(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut names = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            if entry.file_name() != "bundle" {
                bail!(
                    "the app has a folder {}; the binary only carries top-level files",
                    entry.path().display()
                );
            }
            continue;
        }
        let bytes = std::fs::read(entry.path())?;
        let target = to.join(entry.file_name());
        if std::fs::read(&target).ok().as_deref() != Some(bytes.as_slice()) {
            std::fs::write(&target, &bytes)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        names.insert(entry.file_name());
    }
    for entry in std::fs::read_dir(to)? {
        let entry = entry?;
        if !names.contains(&entry.file_name()) {
            std::fs::remove_file(entry.path())
                .with_context(|| format!("cannot remove {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Fails if a file of the app other than `index.html` names the placeholder URL, which
/// `kiosque build` would then leave in place.
fn check_placeholder_only_in_index(app: &Path) -> anyhow::Result<()> {
    let mut found_in_index = false;
    for entry in std::fs::read_dir(app)? {
        let path = entry?.path();
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let has = bytes
            .windows(PLACEHOLDER_URL.len())
            .any(|w| w == PLACEHOLDER_URL.as_bytes());
        let is_index = path.file_name().is_some_and(|n| n == "index.html");
        if has && !is_index {
            bail!(
                "{} names the public URL Trunk was given; kiosque build only rewrites index.html",
                path.display()
            );
        }
        found_in_index |= has && is_index;
    }
    if !found_in_index {
        bail!(
            "Trunk did not write the public URL into {}/index.html",
            app.display()
        );
    }
    Ok(())
}
