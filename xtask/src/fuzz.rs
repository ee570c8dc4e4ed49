//! `cargo xtask fuzz [--seconds N] [--target bundle|svg|folder|all] [--seed S] [--replay I]`:
//! the stable fuzz targets of `crates/fuzz` (damaged bundles and search, the SVG rewriter, the
//! folder walk) for a time budget shared between them, built in release for speed.
//!
//! A failure prints its seed and input number and saves the input under the target folder's
//! `fuzz-failures/`; `--seed S --replay I` runs that one input again without catching the
//! panic, so its backtrace shows. The nightly, coverage-guided `fuzz/` folder stays for the
//! article importer (see `fuzz/README.md`).

use std::path::PathBuf;

use crate::process::{cmd, run};

/// What `cargo xtask fuzz` was asked for.
pub struct FuzzOptions {
    /// The time budget shared between the targets.
    pub seconds: u64,
    /// Only this target (`bundle`, `svg`, `folder` or `all`), else all.
    pub target: Option<String>,
    /// The seed of the random inputs.
    pub seed: Option<u64>,
    /// Run only this input of the seed, without catching its panic.
    pub replay: Option<u64>,
}

/// Runs the fuzz driver in release mode with `options`.
pub fn fuzz(options: &FuzzOptions) -> anyhow::Result<()> {
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| crate::repo_root().join("target"), PathBuf::from);
    let failures = target_dir.join("fuzz-failures");
    let mut args: Vec<String> = [
        "run",
        "--release",
        "--quiet",
        "-p",
        "kiosque-stable-fuzz",
        "--",
    ]
    .map(String::from)
    .into();
    args.extend(["--seconds".into(), options.seconds.to_string()]);
    args.extend(["--failures".into(), failures.to_string_lossy().into_owned()]);
    if let Some(target) = &options.target {
        args.extend(["--target".into(), target.clone()]);
    }
    if let Some(seed) = options.seed {
        args.extend(["--seed".into(), seed.to_string()]);
    }
    if let Some(replay) = options.replay {
        args.extend(["--replay".into(), replay.to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&mut cmd("cargo", &args))
}
