//! `kiosque-stable-fuzz [--seconds N] [--seed S] [--target bundle|svg|folder|all]
//! [--replay ITERATION]`: runs the fuzz targets for a time budget shared between them. Run it
//! as `cargo xtask fuzz`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use kiosque_stable_fuzz::bundle::BundleTarget;
use kiosque_stable_fuzz::driver::{self, rng_for};
use kiosque_stable_fuzz::folder::FolderTarget;
use kiosque_stable_fuzz::svg::SvgTarget;
use kiosque_stable_fuzz::Target;

fn main() -> ExitCode {
    let mut seconds = 60u64;
    let mut seed = None;
    let mut only = "all".to_owned();
    let mut replay = None;
    let mut failures = PathBuf::from("target/fuzz-failures");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next();
        let parsed = match (flag.as_str(), value) {
            ("--seconds", Some(v)) => v.parse().map(|v| seconds = v).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|v| seed = Some(v)).is_ok(),
            ("--target", Some(v)) => {
                only = v;
                true
            }
            ("--replay", Some(v)) => v.parse().map(|v| replay = Some(v)).is_ok(),
            ("--failures", Some(v)) => {
                failures = PathBuf::from(v);
                true
            }
            _ => false,
        };
        if !parsed {
            eprintln!("usage: kiosque-stable-fuzz [--seconds N] [--seed S] [--target bundle|svg|folder|all] [--replay ITERATION] [--failures DIR]");
            return ExitCode::FAILURE;
        }
    }
    let mut targets: Vec<Box<dyn Target>> = vec![
        Box::new(BundleTarget::new()),
        Box::new(SvgTarget::default()),
        Box::new(FolderTarget::new()),
    ];
    targets.retain(|t| only == "all" || t.name() == only);
    if targets.is_empty() {
        eprintln!("no target named {only}: choose bundle, svg, folder or all");
        return ExitCode::FAILURE;
    }
    let seed = seed.unwrap_or_else(|| fastrand::u64(..));
    if let Some(iteration) = replay {
        // No panic catching: the backtrace shows where it happens.
        for target in &mut targets {
            let result = target.run(&mut rng_for(seed, iteration));
            println!("{}: {result:?}", target.name());
        }
        return ExitCode::SUCCESS;
    }
    let budget = Duration::from_secs(seconds) / targets.len() as u32;
    println!(
        "fuzzing with seed {seed}, {} s per target",
        budget.as_secs_f64()
    );
    let mut failed = false;
    for target in &mut targets {
        let outcome = driver::run(target.as_mut(), seed, budget, u64::MAX, &failures);
        match outcome.failure {
            None => println!(
                "{}: {} inputs, no failure",
                outcome.target, outcome.iterations
            ),
            Some((iteration, what)) => {
                failed = true;
                println!(
                    "{}: FAILED at input {iteration}: {what}\nreplay: cargo xtask fuzz --target {} --seed {seed} --replay {iteration}",
                    outcome.target, outcome.target
                );
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
