//! Running targets for a time budget, catching panics, and saving what failed.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::Target;

/// How a run ended for one target.
#[derive(Debug)]
pub struct Outcome {
    /// The target's name.
    pub target: &'static str,
    /// Inputs tried.
    pub iterations: u64,
    /// The first failure: its iteration and what went wrong.
    pub failure: Option<(u64, String)>,
}

/// The generator for iteration `iteration` of a run seeded with `seed`: each input can be made
/// again alone, to replay a failure.
pub fn rng_for(seed: u64, iteration: u64) -> fastrand::Rng {
    fastrand::Rng::with_seed(seed ^ iteration.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Runs `target` until `budget` has passed or `max_iterations` inputs were tried, stopping at
/// the first failure (a broken promise or a panic), whose input is saved under `failures`.
pub fn run(
    target: &mut dyn Target,
    seed: u64,
    budget: Duration,
    max_iterations: u64,
    failures: &Path,
) -> Outcome {
    let started = Instant::now();
    let mut iteration = 0;
    let name = target.name();
    while iteration < max_iterations && started.elapsed() < budget {
        let mut rng = rng_for(seed, iteration);
        let result = catch_unwind(AssertUnwindSafe(|| target.run(&mut rng)));
        let failure = match result {
            Ok(Ok(())) => None,
            Ok(Err(broken)) => Some(broken),
            Err(panic) => Some(format!("panic: {}", panic_text(&panic))),
        };
        if let Some(failure) = failure {
            let dir = failures.join(format!("{name}-seed{seed}-iteration{iteration}"));
            let saved = match target.save_last(&dir) {
                Ok(()) => format!("input saved in {}", dir.display()),
                Err(e) => format!("the input could not be saved: {e}"),
            };
            return Outcome {
                target: name,
                iterations: iteration + 1,
                failure: Some((iteration, format!("{failure}\n{saved}"))),
            };
        }
        iteration += 1;
    }
    Outcome {
        target: name,
        iterations: iteration,
        failure: None,
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(no message)".to_owned())
}
