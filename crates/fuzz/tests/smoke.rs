//! Each fuzz target on a fixed seed for a few hundred inputs: a quick, deterministic slice of
//! what `cargo xtask fuzz` runs for longer, so that `cargo test` catches a regression.

use std::time::Duration;

use kiosque_stable_fuzz::bundle::BundleTarget;
use kiosque_stable_fuzz::driver;
use kiosque_stable_fuzz::folder::FolderTarget;
use kiosque_stable_fuzz::svg::SvgTarget;
use kiosque_stable_fuzz::Target;

fn run(target: &mut dyn Target, inputs: u64) {
    let failures = tempfile::tempdir().unwrap();
    let outcome = driver::run(
        target,
        13,
        Duration::from_secs(600),
        inputs,
        failures.path(),
    );
    assert_eq!(outcome.iterations, inputs);
    assert!(outcome.failure.is_none(), "{:?}", outcome.failure);
}

#[test]
fn damaged_bundles_never_panic_and_altered_files_are_refused() {
    run(&mut BundleTarget::new(), 400);
}

#[test]
fn rewritten_svgs_hold_nothing_active() {
    run(&mut SvgTarget::default(), 2000);
}

#[test]
fn folder_walks_account_for_everything_and_read_nothing_outside() {
    run(&mut FolderTarget::new(), 150);
}
