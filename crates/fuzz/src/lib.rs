//! Fuzz targets that run on stable Rust: each takes a seeded random generator, makes one hostile
//! input (a damaged bundle, a twisted SVG, a booby-trapped folder), runs Kiosque on it and checks
//! what must hold whatever the input. A panic or a broken promise is a failure the driver
//! reports with the seed and iteration that replay it.
//!
//! The nightly `fuzz/` folder (cargo-fuzz, coverage-guided) covers the article importer; these
//! targets trade coverage guidance for running anywhere, in CI and on a time budget.

pub mod bundle;
pub mod driver;
pub mod folder;
pub mod mutate;
pub mod svg;

/// A fuzz target: one input per call, made from `rng`.
pub trait Target {
    /// The target's name, as `--target` takes it.
    fn name(&self) -> &'static str;

    /// Makes one input from `rng`, runs it and checks the promises. `Err` says which was broken.
    /// A panic is caught by the driver.
    fn run(&mut self, rng: &mut fastrand::Rng) -> Result<(), String>;

    /// Writes the last input somewhere a person can look at it, under `dir`.
    fn save_last(&self, dir: &std::path::Path) -> std::io::Result<()>;
}
