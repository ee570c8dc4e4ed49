//! What every CLI test needs: running the `kiosque` binary and reading what it printed.

// A test file outside `integration/` that includes this module may use only part of it.
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
