//! `cargo xtask <command>`: Kiosque's one entry point for developers.

mod bench;
mod dist;
mod fuzz;
mod icons;
mod process;
mod serve;
mod shell;
mod site;
mod test;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  serve [--articles DIR] [--port N]       set up, bundle the articles, serve http://127.0.0.1:8080 with rebuilds
  build [--articles DIR] [--public-url P] [--dist DIR] [--single-file]
                                          write a release site to dist/ (wasm-opt applied) that works
                                          offline and, with --public-url /some/path/, under that path;
                                          --single-file also writes it as one target/kiosque.html
  dist                                    the kiosque binary for this platform with the app inside (target/dist/)
  test                                    fmt, clippy, native tests, wasm tests and end-to-end tests in Chromium
  bench [--sizes 1000,10000,100000]       index and query benchmarks on a synthetic corpus (release build)
  bench --browser [--sizes 10000,100000]  Kiosque vs MiniSearch vs Pagefind in headless Chromium; writes docs/BENCHMARKS.md
        [--first-visit-only]              only the first visits over throttled networks (that section of the page)
        [--profiles cable,mobile]         the networks of the first visits
        [--reuse]                         keep the sites a previous run prepared in target/bench-browser
  fuzz [--seconds 60] [--target all]      fuzz damaged bundles and search, SVG pictures and folder walks
                                          (stable Rust, seeded; --seed S --replay I replays a failure)
  tools                                   only install the pinned tools (trunk, wasm-bindgen, wasm-opt)
  icons                                   redraw static/icon-192.png and icon-512.png from favicon.svg's shapes
";

/// The repository root (the parent of this crate's folder).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the repository")
        .to_path_buf()
}

fn main() -> ExitCode {
    match dispatch(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: Vec<String>) -> anyhow::Result<()> {
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        bail!("no command given");
    };
    if command == "fuzz" {
        return fuzz::fuzz(rest);
    }
    let mut options = site::SiteOptions::default();
    let mut port = 8080;
    let mut sizes: Option<String> = None;
    let mut browser = false;
    let mut browser_options = bench::BrowserOptions::default();
    let mut rest = rest.iter();
    while let Some(flag) = rest.next() {
        let mut value = || rest.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--articles" => {
                options.articles = std::fs::canonicalize(value()?).context("--articles")?
            }
            "--public-url" => {
                let url = value()?;
                options.public_url = if url.ends_with('/') {
                    url.clone()
                } else {
                    format!("{url}/")
                };
            }
            "--dist" => {
                let dir = PathBuf::from(value()?);
                options.dist = if dir.is_absolute() {
                    dir
                } else {
                    std::env::current_dir()?.join(dir)
                };
            }
            "--single-file" => {
                options.single_file = Some(repo_root().join("target/kiosque.html"));
            }
            "--port" => port = value()?.parse().context("--port takes a number")?,
            "--sizes" => sizes = Some(value()?.clone()),
            "--browser" => browser = true,
            "--first-visit-only" => browser_options.first_visit_only = true,
            "--profiles" => browser_options.profiles = value()?.clone(),
            "--reuse" => browser_options.reuse = true,
            "-h" | "--help" => {
                eprint!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown option {other}\n{USAGE}"),
        }
    }
    match command.as_str() {
        "serve" => serve::serve(&options, port),
        "build" => site::build(&options).map(drop),
        "dist" => dist::dist().map(drop),
        "test" => test::test(),
        "tools" => tools::ensure_build_tools().map(drop),
        "icons" => icons::write_icons(),
        "bench" if browser => bench::browser(&bench::BrowserOptions {
            sizes: sizes.unwrap_or(browser_options.sizes),
            ..browser_options
        }),
        "bench" => bench::native(sizes.as_deref().unwrap_or("1000,10000,100000")),
        other => bail!("unknown command {other}\n{USAGE}"),
    }
}
