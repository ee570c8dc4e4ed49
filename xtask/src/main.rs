//! `cargo xtask <command>`: Kiosque's one entry point for developers.

mod bench;
mod bundle_bench;
mod dist;
mod first;
mod fuzz;
mod icons;
mod process;
mod serve;
mod shell;
mod site;
mod test;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{ArgGroup, Args, Parser, Subcommand};

/// Kiosque's one entry point for developers: set up, serve, build, test, benchmark, fuzz.
#[derive(Parser, Debug)]
#[command(
    name = "xtask",
    bin_name = "cargo xtask",
    arg_required_else_help = true
)]
struct Xtask {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Set up what is missing, bundle the articles and serve http://127.0.0.1:8080/ (or --port),
    /// rebuilt when src/, static/ or the articles change.
    Serve {
        #[command(flatten)]
        articles: ArticlesArg,
        /// The port to serve on.
        #[arg(long, value_name = "N", default_value_t = 8080)]
        port: u16,
    },
    /// Write a release site (wasm-opt applied) that works offline: dist/ unless --dist.
    Build(BuildArgs),
    /// Build the `kiosque` binary for this platform with the app inside (under target/dist/).
    Dist,
    /// Run every check CI runs: fmt, clippy, native tests, wasm tests in headless Chromium and
    /// end-to-end tests of release builds in Chromium, Firefox and WebKit.
    Test,
    /// Index and query benchmarks on a synthetic corpus (release build); with --browser,
    /// Kiosque vs MiniSearch vs Pagefind in headless Chromium, written to docs/BENCHMARKS.md.
    // The flags of --bundle-sizes are grouped so that each conflicts with those of the other
    // benchmarks: `requires` alone let one through, ignored, as clap waives a required arg
    // that conflicts with one given (`--keep` with `--sizes`, which `--bundle-sizes` conflicts
    // with; `--reuse` with `--bundle-sizes`). Listed one by one so that clap names the flag given.
    #[command(group(
        ArgGroup::new("bundle_run")
            .args(["bundle_sizes", "keep", "first_visit"])
            .multiple(true)
            .conflicts_with_all(["browser", "first_visit_only", "profiles", "reuse", "sizes"])
    ))]
    Bench {
        /// Compare with MiniSearch and Pagefind in headless Chromium instead.
        #[arg(long)]
        browser: bool,
        /// Corpus sizes, comma-separated [default: 1000,10000,100000; with --browser
        /// 10000,100000].
        #[arg(long, value_name = "N,N,...")]
        sizes: Option<String>,
        /// With --browser: only the first visits over throttled networks (that section of
        /// docs/BENCHMARKS.md).
        #[arg(long, requires = "browser")]
        first_visit_only: bool,
        /// With --browser: the networks of the first visits.
        #[arg(long, value_name = "P,P,...", requires = "browser")]
        profiles: Option<String>,
        /// With --browser: keep the sites a previous run prepared in target/bench-browser.
        #[arg(long, requires = "browser")]
        reuse: bool,
        /// Instead: time `kiosque bundle --format 3` on this many generated articles (e.g.
        /// 1000000) with its peak memory and a first search's bytes, written to
        /// docs/BENCHMARKS.md.
        #[arg(long, value_name = "N,N,...")]
        bundle_sizes: Option<String>,
        /// With --bundle-sizes: keep each size's articles and bundle in DIR/N/ (they are
        /// removed otherwise: a million articles take several GB).
        #[arg(long, value_name = "DIR", requires = "bundle_sizes")]
        keep: Option<PathBuf>,
        /// With --bundle-sizes: also serve each bundle in the release site (`cargo xtask
        /// build`, into target/bench-bundle-site) and time a first visit in headless Chromium
        /// over these networks (`tests/bench-browser/one-site.mjs`; Node and Chromium needed):
        /// the time to the first results and the bytes received before them.
        #[arg(long, value_name = "P,P,...", requires = "bundle_sizes", num_args = 0..=1, default_missing_value = "cable")]
        first_visit: Option<String>,
    },
    /// Fuzz damaged bundles and search, SVG pictures and folder walks (stable Rust, seeded);
    /// a failure prints the --seed and --replay that run it again.
    Fuzz {
        /// The time budget, shared between the targets.
        #[arg(long, value_name = "N", default_value_t = 60)]
        seconds: u64,
        /// Which target to run.
        #[arg(long, value_parser = ["bundle", "svg", "folder", "all"])]
        target: Option<String>,
        /// The seed of the random inputs (printed by a failure).
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        /// Run only this input of the seed, without catching its panic (printed by a failure).
        #[arg(long, value_name = "I", requires = "seed")]
        replay: Option<u64>,
    },
    /// Only install the pinned tools (trunk, wasm-bindgen, wasm-opt).
    Tools,
    /// Redraw static/icon-192.png and icon-512.png from favicon.svg's shapes.
    Icons,
}

/// `--articles`, shared by `serve` and `build`.
#[derive(Args, Debug)]
struct ArticlesArg {
    /// The folder of articles to bundle [default: articles/].
    #[arg(long, value_name = "DIR")]
    articles: Option<PathBuf>,
}

/// The options of `cargo xtask build`.
#[derive(Args, Debug)]
struct BuildArgs {
    #[command(flatten)]
    articles: ArticlesArg,
    /// The path the site will be served under, such as /archive/ [default: ./, which works at
    /// the domain root and under most paths].
    #[arg(long, value_name = "P")]
    public_url: Option<String>,
    /// The folder to write the site into [default: dist/].
    #[arg(long, value_name = "DIR")]
    dist: Option<PathBuf>,
    /// Also write the site as one HTML file, target/kiosque.html.
    #[arg(long)]
    single_file: bool,
}

impl ArticlesArg {
    /// The site options with these articles (canonical, so Trunk's hook finds them from anywhere).
    fn site_options(&self) -> anyhow::Result<site::SiteOptions> {
        let mut options = site::SiteOptions::default();
        if let Some(dir) = &self.articles {
            options.articles = std::fs::canonicalize(dir)
                .with_context(|| format!("--articles {}", dir.display()))?;
        }
        Ok(options)
    }
}

impl BuildArgs {
    fn site_options(&self) -> anyhow::Result<site::SiteOptions> {
        let mut options = self.articles.site_options()?;
        if let Some(url) = &self.public_url {
            options.public_url = if url.ends_with('/') {
                url.clone()
            } else {
                format!("{url}/")
            };
        }
        if let Some(dir) = &self.dist {
            options.dist = absolute(dir)?;
        }
        if self.single_file {
            options.single_file = Some(repo_root().join("target/kiosque.html"));
        }
        Ok(options)
    }
}

/// `path` from the current folder, as the user typed it relative to where they are.
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    Ok(if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    })
}

/// The repository root (the parent of this crate's folder).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the repository")
        .to_path_buf()
}

fn main() -> ExitCode {
    match run(Xtask::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve { articles, port } => serve::serve(&articles.site_options()?, port),
        Command::Build(args) => site::build(&args.site_options()?).map(drop),
        Command::Dist => dist::dist().map(drop),
        Command::Test => test::test(),
        Command::Tools => tools::ensure_build_tools().map(drop),
        Command::Icons => icons::write_icons(),
        Command::Bench {
            bundle_sizes: Some(sizes),
            keep,
            first_visit,
            ..
        } => bundle_bench::bundle_sizes(&sizes, keep.as_deref(), first_visit.as_deref()),
        Command::Bench {
            browser: true,
            sizes,
            first_visit_only,
            profiles,
            reuse,
            bundle_sizes: None,
            ..
        } => {
            let defaults = bench::BrowserOptions::default();
            bench::browser(&bench::BrowserOptions {
                sizes: sizes.unwrap_or(defaults.sizes),
                first_visit_only,
                profiles: profiles.unwrap_or(defaults.profiles),
                reuse,
            })
        }
        Command::Bench {
            browser: false,
            sizes,
            ..
        } => bench::native(sizes.as_deref().unwrap_or("1000,10000,100000")),
        Command::Fuzz {
            seconds,
            target,
            seed,
            replay,
        } => fuzz::fuzz(&fuzz::FuzzOptions {
            seconds,
            target,
            seed,
            replay,
        }),
    }
}

#[cfg(test)]
mod tests {
    use clap::error::ErrorKind::{ArgumentConflict, MissingRequiredArgument};
    use clap::{CommandFactory, Parser};

    use super::{Command, Xtask};

    fn parse(line: &str) -> Result<Xtask, clap::Error> {
        Xtask::try_parse_from(std::iter::once("xtask").chain(line.split_whitespace()))
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        Xtask::command().debug_assert();
    }

    #[test]
    fn a_flag_of_another_command_is_refused() {
        for line in [
            "build --port 9000",
            "serve --public-url /a/",
            "test --articles articles",
            "dist --browser",
            "bench --seconds 5",
            "fuzz --sizes 1000",
            "build --no-such-flag",
        ] {
            let error = parse(line).expect_err(line);
            assert_eq!(
                error.kind(),
                clap::error::ErrorKind::UnknownArgument,
                "{line}: {error}"
            );
        }
    }

    #[test]
    fn values_are_checked_before_anything_runs() {
        for line in [
            "serve --port many",
            "fuzz --seconds soon",
            "fuzz --target everything",
            "fuzz --replay 3",
            "bench --reuse",
            "build --dist",
        ] {
            assert!(parse(line).is_err(), "{line} was accepted");
        }
    }

    #[test]
    fn each_command_takes_its_own_flags() {
        let Command::Build(build) =
            parse("build --articles a --public-url /p --dist d --single-file")
                .unwrap()
                .command
        else {
            panic!("not build");
        };
        assert_eq!(build.public_url.as_deref(), Some("/p"));
        assert!(build.single_file);
        assert!(matches!(
            parse("bench --browser --sizes 10000").unwrap().command,
            Command::Bench { browser: true, sizes: Some(s), .. } if s == "10000"
        ));
        assert!(matches!(
            parse("bench --browser --first-visit-only --profiles cable --reuse").unwrap().command,
            Command::Bench { first_visit_only: true, profiles: Some(p), reuse: true, .. } if p == "cable"
        ));
        assert!(matches!(
            parse("bench --bundle-sizes 1000000").unwrap().command,
            Command::Bench { bundle_sizes: Some(s), browser: false, .. } if s == "1000000"
        ));
        assert!(parse("bench --bundle-sizes 1000 --browser").is_err());
        assert!(matches!(
            parse("bench --bundle-sizes 1000 --keep /tmp/k").unwrap().command,
            Command::Bench { keep: Some(k), .. } if k == std::path::Path::new("/tmp/k")
        ));
        assert!(matches!(
            parse("bench --bundle-sizes 1000 --first-visit").unwrap().command,
            Command::Bench { first_visit: Some(p), .. } if p == "cable"
        ));
        assert!(matches!(
            parse("bench --bundle-sizes 1000 --first-visit cable,mobile").unwrap().command,
            Command::Bench { first_visit: Some(p), .. } if p == "cable,mobile"
        ));
        assert!(matches!(
            parse("bench --bundle-sizes 1000").unwrap().command,
            Command::Bench {
                first_visit: None,
                ..
            }
        ));
        assert!(matches!(
            parse("bench --bundle-sizes 1000000 --first-visit").unwrap().command,
            Command::Bench { bundle_sizes: Some(s), first_visit: Some(p), .. }
                if s == "1000000" && p == "cable"
        ));
        // A flag of one benchmark with another is refused, not ignored (clap waives a `requires`
        // whose arg conflicts with one given: `--sizes` used to let `--first-visit` through).
        for (line, kind, named) in [
            (
                "bench --first-visit",
                MissingRequiredArgument,
                "--bundle-sizes",
            ),
            (
                "bench --first-visit cable",
                MissingRequiredArgument,
                "--bundle-sizes",
            ),
            (
                "bench --keep /tmp/k",
                MissingRequiredArgument,
                "--bundle-sizes",
            ),
            (
                "bench --sizes 1000 --first-visit",
                ArgumentConflict,
                "--first-visit",
            ),
            (
                "bench --sizes 1000 --first-visit cable",
                ArgumentConflict,
                "--first-visit",
            ),
            (
                "bench --first-visit --sizes 1000",
                ArgumentConflict,
                "--first-visit",
            ),
            (
                "bench --sizes 1000 --keep /tmp/k",
                ArgumentConflict,
                "--keep",
            ),
            (
                "bench --browser --first-visit",
                ArgumentConflict,
                "--first-visit",
            ),
            ("bench --browser --keep /tmp/k", ArgumentConflict, "--keep"),
            (
                "bench --bundle-sizes 1000 --sizes 10",
                ArgumentConflict,
                "--sizes",
            ),
            (
                "bench --bundle-sizes 1000 --reuse",
                ArgumentConflict,
                "--reuse",
            ),
            (
                "bench --bundle-sizes 1000 --profiles cable",
                ArgumentConflict,
                "--profiles",
            ),
            (
                "bench --bundle-sizes 1000 --first-visit-only",
                ArgumentConflict,
                "--first-visit-only",
            ),
        ] {
            let error = parse(line).expect_err(line);
            assert_eq!(error.kind(), kind, "{line}: {error}");
            assert!(error.to_string().contains(named), "{line}: {error}");
        }
        assert!(matches!(
            parse("fuzz --seconds 5 --target svg --seed 7 --replay 3")
                .unwrap()
                .command,
            Command::Fuzz {
                seconds: 5,
                seed: Some(7),
                replay: Some(3),
                ..
            }
        ));
    }

    /// Every `cargo xtask …` line the README, CI and the benchmark harness show still parses:
    /// the commands people copy keep working.
    #[test]
    fn every_documented_command_line_parses() {
        let root = super::repo_root();
        let mut seen = 0;
        for file in [
            "README.md",
            ".ci/run",
            "docs/ARCHITECTURE.md",
            "tests/bench-browser/run.mjs",
            "docs/BENCHMARKS.md",
        ] {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            for line in text.lines() {
                let Some(start) = line.find("cargo xtask ") else {
                    continue;
                };
                // The command ends at a comment, a closing backquote or a shell redirection.
                let command = line[start + "cargo xtask ".len()..]
                    .split(['#', '`', '\\', '<', '(', ')', '→'])
                    .next()
                    .unwrap()
                    .trim();
                let command = command.trim_end_matches(['.', ',', ';', ':']);
                // Placeholders (`...`) and JavaScript template strings (`${…}`) are not commands as typed.
                if command.is_empty() || command.contains("...") || command.contains("${") {
                    continue;
                }
                if let Err(e) = parse(command) {
                    // `--help` "fails" with the help text.
                    assert_eq!(
                        e.kind(),
                        clap::error::ErrorKind::DisplayHelp,
                        "{file}: `cargo xtask {command}`: {e}"
                    );
                }
                seen += 1;
            }
        }
        assert!(seen >= 10, "only {seen} documented command lines found");
    }
}
