//! `cargo xtask test`: every check CI runs, fastest first.

use crate::process::{cmd, run};
use crate::site::{self, SiteOptions, SHELL_BUDGET_BYTES};
use crate::tools;

/// The path the sub-path build is made for and served under in the end-to-end tests.
const SUBPATH: &str = "/kiosque/sub/";

/// Formatting, lints, native tests, wasm tests in Chromium, then end-to-end tests of a release
/// build served by a plain static server.
pub fn test() -> anyhow::Result<()> {
    step("formatting");
    run(&mut cmd("cargo", &["fmt", "--all", "--", "--check"]))?;

    step("lints (native)");
    run(&mut cmd(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ))?;
    let toolbox = tools::ensure_build_tools()?;
    // The three crates that become wasm: code behind `cfg(target_arch = "wasm32")` is linted only here.
    step("lints (the app, the first-results wasm and their browser helpers, for wasm32)");
    run(&mut cmd(
        "cargo",
        &[
            "clippy",
            "--package",
            "kiosque-app",
            "--package",
            "kiosque-first",
            "--package",
            "kiosque-web",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ))?;

    step("native tests");
    run(&mut cmd("cargo", &["test", "--workspace"]))?;

    step("app tests in headless Chromium (wasm-bindgen-test)");
    let (chromium, driver) = tools::ensure_chromium()?;
    run(toolbox
        .cmd(
            "cargo",
            &[
                "test",
                "--package",
                "kiosque-app",
                "--target",
                "wasm32-unknown-unknown",
            ],
        )
        .env("CHROMEDRIVER", &driver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))?;

    step("release build");
    let options = SiteOptions::default();
    let shell = site::build(&options)?;
    if shell > SHELL_BUDGET_BYTES {
        anyhow::bail!(
            "the app shell is {shell} bytes gzipped, over its {SHELL_BUDGET_BYTES}-byte budget"
        );
    }

    // The offline tests serve this one under its path, as a publisher would.
    step("release build for a sub-path (--public-url /kiosque/sub/)");
    let subpath = SiteOptions {
        public_url: SUBPATH.into(),
        dist: site::target_dir()?.join("dist-subpath"),
        ..SiteOptions::default()
    };
    site::build(&subpath)?;

    // The publisher's binary, with the app inside: the end-to-end tests run it from a bare folder.
    step("the kiosque binary with the app inside (cargo xtask dist)");
    let dist_bin = crate::dist::dist()?;

    step("end-to-end tests of dist/ in headless Chromium, and a smoke test in Firefox and WebKit");
    tools::ensure_e2e_packages()?;
    let engines = tools::ensure_other_engines()?;
    let kiosque = site::build_cli()?;
    let bench = site::build_debug("kiosque-bench")?;
    run(cmd("npm", &["test"])
        .current_dir(crate::repo_root().join("tests/e2e"))
        .env("KIOSQUE_DIST", &options.dist)
        .env("KIOSQUE_DIST_SUBPATH", &subpath.dist)
        .env("KIOSQUE_SUBPATH", SUBPATH)
        .env("KIOSQUE_BIN", &kiosque)
        .env("KIOSQUE_BENCH_BIN", &bench)
        .env("KIOSQUE_DIST_BIN", &dist_bin)
        .env("CHROMIUM", &chromium)
        .env("FIREFOX", &engines.firefox)
        .env("WEBKIT_WEBDRIVER", &engines.webkit_driver)
        .env("XVFB", &engines.xvfb)
        .env("KIOSQUE_REQUIRE_ENGINES", "1"))?;
    eprintln!("\n==> All checks passed.");
    Ok(())
}

fn step(name: &str) {
    eprintln!("\n==> {name}");
}
