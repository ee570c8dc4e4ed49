//! `cargo xtask fuzz [--seconds N] [--target bundle|svg|folder|all] [--seed S] [--replay I]`:
//! the stable fuzz targets of `crates/fuzz` (damaged bundles and search, the SVG rewriter, the
//! folder walk) for a time budget shared between them, built in release for speed.
//!
//! A failure prints its seed and input number and saves the input under the target folder's
//! `fuzz-failures/`; `--seed S --replay I` runs that one input again without catching the
//! panic, so its backtrace shows. The nightly, coverage-guided `fuzz/` folder stays for the
//! article importer (see `fuzz/README.md`).

use std::path::PathBuf;

use anyhow::{bail, Context};

use crate::process::{cmd, run};

/// Runs the fuzz driver with `args` (the options after `fuzz`).
pub fn fuzz(args: &[String]) -> anyhow::Result<()> {
    let mut forwarded: Vec<String> = Vec::new();
    let mut seconds = "60".to_owned();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--seconds" | "--target" | "--seed" | "--replay" => {
                let value = rest
                    .next()
                    .with_context(|| format!("{flag} needs a value"))?;
                if flag == "--seconds" {
                    value
                        .parse::<u64>()
                        .context("--seconds takes a whole number of seconds")?;
                    seconds = value.clone();
                } else {
                    forwarded.extend([flag.clone(), value.clone()]);
                }
            }
            other => bail!(
                "unknown option {other}; cargo xtask fuzz takes --seconds N, --target bundle|svg|folder|all, --seed S, --replay I"
            ),
        }
    }
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| crate::repo_root().join("target"), PathBuf::from);
    let failures = target_dir.join("fuzz-failures");
    let failures = failures.to_string_lossy();
    let mut command_args = vec![
        "run",
        "--release",
        "--quiet",
        "-p",
        "kiosque-stable-fuzz",
        "--",
        "--seconds",
    ];
    command_args.push(&seconds);
    command_args.extend(["--failures", &failures]);
    command_args.extend(forwarded.iter().map(String::as_str));
    run(&mut cmd("cargo", &command_args))
}
