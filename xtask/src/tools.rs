//! The pinned tools the site needs, installed once per machine into a shared cache folder.
//!
//! Trunk and wasm-bindgen-cli are compiled from source (the first time only; it takes minutes),
//! binaryen's `wasm-opt` comes from npm, Chromium and ChromeDriver (and Firefox ESR, WebKitGTK's
//! WebDriver and Xvfb for the other engines) from the system packages.
//! Each install goes into a version-named folder that later runs reuse; an interrupted install
//! never counts, because it is written to a temporary folder and renamed when complete.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::process::{cmd, on_path, output, run};

/// Trunk 0.22 needs a newer rustc than the pinned one.
pub const TRUNK_VERSION: &str = "0.21.14";
/// binaryen 132 understands everything the pinned rustc emits; older releases, such as those
/// some Linux distributions package, reject parts of it.
pub const BINARYEN_VERSION: &str = "132";

/// Where tools are installed: `$KIOSQUE_TOOLS`, else `~/.cache/kiosque/tools`.
pub fn tools_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KIOSQUE_TOOLS") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    home.join(".cache/kiosque/tools")
}

/// The tools for building the site, as a `PATH` that puts them first.
pub struct Toolbox {
    /// `PATH` with every tool folder in front.
    pub path: std::ffi::OsString,
}

impl Toolbox {
    /// A command that finds the pinned tools first and skips Trunk's update check (the version is
    /// pinned, and the check would reach the network on every build, failing where there is none).
    pub fn cmd(&self, program: &str, args: &[&str]) -> std::process::Command {
        let mut command = cmd(program, args);
        command
            .env("PATH", &self.path)
            .env("TRUNK_SKIP_VERSION_CHECK", "true");
        command
    }
}

/// Installs what building the site needs: the wasm target, Trunk, wasm-bindgen and wasm-opt.
pub fn ensure_build_tools() -> anyhow::Result<Toolbox> {
    ensure_wasm_target()?;
    let dir = tools_dir();
    let bindgen = wasm_bindgen_version()?;
    let trunk_root = dir.join(format!("trunk-{TRUNK_VERSION}"));
    let bindgen_root = dir.join(format!("wasm-bindgen-{bindgen}"));
    let binaryen_root = dir.join(format!("binaryen-{BINARYEN_VERSION}"));
    let missing_compiles: Vec<&str> = [
        (!trunk_root.join("bin/trunk").is_file()).then_some("trunk"),
        (!bindgen_root.join("bin/wasm-bindgen").is_file()).then_some("wasm-bindgen-cli"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing_compiles.is_empty() {
        eprintln!(
            "\n==> One-time setup: compiling {} from source into {}.\n    This takes several minutes (about 15 on two cores); later runs reuse it.\n",
            missing_compiles.join(" and "),
            dir.display()
        );
    }
    cargo_install(&trunk_root, "trunk", TRUNK_VERSION, "trunk", true)?;
    // wasm-bindgen-cli is installed without `--locked`: cargo then picks its dependencies from
    // the configured registry instead of failing when one of the exact versions its lock file
    // pins is not there (yanked, or absent from a mirror). Its own version stays pinned.
    cargo_install(
        &bindgen_root,
        "wasm-bindgen-cli",
        &bindgen,
        "wasm-bindgen",
        false,
    )?;
    npm_install(
        &binaryen_root,
        &format!("binaryen@{BINARYEN_VERSION}"),
        "node_modules/.bin/wasm-opt",
    )?;
    let mut paths = vec![
        trunk_root.join("bin"),
        bindgen_root.join("bin"),
        binaryen_root.join("node_modules/.bin"),
    ];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    Ok(Toolbox {
        path: std::env::join_paths(paths).context("a tool folder has an unusable name")?,
    })
}

/// The exact wasm-bindgen version in Cargo.lock; the CLI must match it.
pub fn wasm_bindgen_version() -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(crate::repo_root().join("Cargo.lock"))
        .context("cannot read Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package")
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed =
        output(&mut cmd("rustup", &["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    if !on_path("rustup") {
        bail!("the wasm32-unknown-unknown target is missing and rustup is not available to add it");
    }
    run(&mut cmd(
        "rustup",
        &["target", "add", "wasm32-unknown-unknown"],
    ))
}

fn cargo_install(
    root: &Path,
    krate: &str,
    version: &str,
    bin: &str,
    locked: bool,
) -> anyhow::Result<()> {
    if root.join("bin").join(bin).is_file() {
        return Ok(());
    }
    let partial = root.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial)
        .with_context(|| format!("cannot create {}", partial.display()))?;
    eprintln!("==> Compiling {krate} {version} (progress below)…");
    let partial_str = partial.to_string_lossy().into_owned();
    let mut args = vec![
        "install",
        krate,
        "--version",
        version,
        "--root",
        &partial_str,
    ];
    if locked {
        args.push("--locked");
    }
    run(cmd("cargo", &args).env_remove("RUSTFLAGS"))?;
    std::fs::rename(&partial, root)
        .with_context(|| format!("cannot move {} into place", partial.display()))?;
    Ok(())
}

fn npm_install(root: &Path, package: &str, check: &str) -> anyhow::Result<()> {
    if root.join(check).is_file() {
        return Ok(());
    }
    require_node()?;
    let partial = root.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial)?;
    std::fs::write(partial.join("package.json"), "{\"private\":true}\n")?;
    eprintln!("==> Installing {package} from npm…");
    let mut command = cmd("npm", &["install", "--no-audit", "--no-fund", package]);
    run(command.current_dir(&partial))?;
    std::fs::rename(&partial, root)
        .with_context(|| format!("cannot move {} into place", partial.display()))?;
    Ok(())
}

/// Node.js and npm run wasm-opt and the end-to-end tests.
pub fn require_node() -> anyhow::Result<()> {
    if on_path("node") && on_path("npm") {
        return Ok(());
    }
    install_system_packages(&["nodejs", "npm"], "Node.js and npm")
}

/// Chromium and ChromeDriver for the browser tests: `(chromium, chromedriver)` paths.
pub fn ensure_chromium() -> anyhow::Result<(PathBuf, PathBuf)> {
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let driver = std::env::var_os("CHROMEDRIVER")
        .map_or_else(|| PathBuf::from("/usr/bin/chromedriver"), PathBuf::from);
    if !chromium.is_file() || !driver.is_file() {
        install_system_packages(
            &["chromium", "chromium-driver"],
            "Chromium and ChromeDriver",
        )?;
    }
    Ok((chromium, driver))
}

/// Firefox ESR, WebKitGTK's WebDriver (with its MiniBrowser) and Xvfb, for the cross-engine
/// smoke tests; the paths are handed to them as `FIREFOX`, `WEBKIT_WEBDRIVER` and `XVFB`.
pub struct OtherEngines {
    /// Firefox ESR, driven over WebDriver BiDi.
    pub firefox: PathBuf,
    /// WebKitGTK's W3C WebDriver server.
    pub webkit_driver: PathBuf,
    /// The X server WebKitGTK draws into (there is no headless WebKitGTK).
    pub xvfb: PathBuf,
}

/// Installs Firefox ESR, `webkit2gtk-driver` and `xvfb` from the system packages when missing.
pub fn ensure_other_engines() -> anyhow::Result<OtherEngines> {
    let engines = OtherEngines {
        firefox: PathBuf::from("/usr/bin/firefox-esr"),
        webkit_driver: PathBuf::from("/usr/bin/WebKitWebDriver"),
        xvfb: PathBuf::from("/usr/bin/Xvfb"),
    };
    if ![&engines.firefox, &engines.webkit_driver, &engines.xvfb]
        .iter()
        .all(|p| p.is_file())
    {
        install_system_packages(
            &["firefox-esr", "webkit2gtk-driver", "xvfb"],
            "Firefox ESR, WebKitGTK's WebDriver and Xvfb",
        )?;
    }
    Ok(engines)
}

/// Installs Debian packages when running as root; otherwise says exactly what to install.
fn install_system_packages(packages: &[&str], what: &str) -> anyhow::Result<()> {
    let is_root = output(&mut cmd("id", &["-u"])).is_some_and(|uid| uid.trim() == "0");
    if !is_root || !on_path("apt-get") {
        bail!(
            "{what} are needed. Install them with `sudo apt-get install {}` (or your system's equivalent) and run again",
            packages.join(" ")
        );
    }
    eprintln!("==> Installing {what} from the system packages…");
    run(cmd("apt-get", &["update", "-q"]).env("DEBIAN_FRONTEND", "noninteractive"))?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend_from_slice(packages);
    run(cmd("apt-get", &args).env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Installs the end-to-end tests' npm packages (Playwright's driver, axe-core) from the lock file.
pub fn ensure_e2e_packages() -> anyhow::Result<()> {
    require_node()?;
    let e2e = crate::repo_root().join("tests/e2e");
    let stamp = e2e.join("node_modules/.package-lock.json");
    let lock = e2e.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => s.modified()? >= l.modified()?,
        _ => false,
    };
    if !fresh {
        run(cmd("npm", &["ci", "--no-audit", "--no-fund"]).current_dir(&e2e))?;
    }
    Ok(())
}
