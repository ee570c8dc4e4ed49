//! What every CLI test file needs: running the `kiosque` binary and reading what it printed.

// Each test file is its own crate and uses part of this module.
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs the `kiosque` binary built for these tests with `args`.
pub fn kiosque(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiosque"))
        .args(args)
        .output()
        .expect("kiosque runs")
}

/// What the run printed on standard error.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
