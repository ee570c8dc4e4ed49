//! `cargo xtask bench`: native index and query benchmarks, and with `--browser` Kiosque against
//! MiniSearch and Pagefind on the same articles in headless Chromium.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use crate::process::{cmd, run};
use crate::site::{self, SiteOptions};
use crate::tools;

/// Native benchmarks: `kiosque-bench` on each size.
pub fn native(sizes: &str) -> anyhow::Result<()> {
    run(&mut cmd(
        "cargo",
        &[
            "run",
            "--release",
            "--quiet",
            "--package",
            "kiosque-bench",
            "--",
            "--sizes",
            sizes,
        ],
    ))
}

/// What `cargo xtask bench --browser` measures.
pub struct BrowserOptions {
    /// Corpus sizes, comma-separated (`--sizes`).
    pub sizes: String,
    /// Only the first visits over throttled networks (`--first-visit-only`): the rest of
    /// `docs/BENCHMARKS.md` is left as it is.
    pub first_visit_only: bool,
    /// The network profiles of the first visits, comma-separated (`--profiles`; the harness's
    /// `first-visit.mjs` defines `cable` and `mobile`).
    pub profiles: String,
    /// Keep the sites a previous run prepared under `target/bench-browser/` (`--reuse`): no app
    /// build, no corpus, no Pagefind indexing for the sizes already there.
    pub reuse: bool,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        Self {
            sizes: "10000,100000".into(),
            first_visit_only: false,
            profiles: "cable,mobile".into(),
            reuse: false,
        }
    }
}

/// Prepares the three sites for every size under `target/bench-browser/` and runs the browser
/// harness, which prints the tables and writes `docs/BENCHMARKS.md`.
pub fn browser(options: &BrowserOptions) -> anyhow::Result<()> {
    let repo = crate::repo_root();
    let root = repo.join("target/bench-browser");
    let harness = repo.join("tests/bench-browser");
    let (chromium, _) = tools::ensure_chromium()?;
    tools::require_node()?;
    run(cmd("npm", &["ci", "--no-audit", "--no-fund"]).current_dir(&harness))?;
    let sizes: Vec<&str> = options.sizes.split(',').map(str::trim).collect();
    let to_prepare: Vec<&str> = sizes
        .iter()
        .copied()
        .filter(|size| !(options.reuse && root.join(size).join("prep.json").is_file()))
        .collect();
    if !to_prepare.is_empty() {
        run(&mut cmd(
            "cargo",
            &[
                "build",
                "--release",
                "--quiet",
                "--package",
                "kiosque-bench",
                "--package",
                "kiosque",
            ],
        ))?;
        let dist = root.join("dist");
        site::build(&SiteOptions {
            dist: dist.clone(),
            ..SiteOptions::default()
        })?;
        for size in to_prepare {
            eprintln!("\n==> Preparing {size} articles for Kiosque, MiniSearch and Pagefind");
            prepare(&root.join(size), size, &dist, &harness)?;
        }
    }
    let out = repo.join("docs/BENCHMARKS.md");
    let (root_arg, out_arg, sizes_arg) = (
        root.to_string_lossy().into_owned(),
        out.to_string_lossy().into_owned(),
        sizes.join(","),
    );
    let mut args = vec![
        "run.mjs",
        &root_arg,
        &sizes_arg,
        &out_arg,
        "--profiles",
        &options.profiles,
    ];
    if options.first_visit_only {
        args.push("--first-visit-only");
    }
    run(cmd("node", &args)
        .current_dir(&harness)
        .env("CHROMIUM", chromium))
}

fn prepare(dir: &Path, size: &str, dist: &Path, harness: &Path) -> anyhow::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let exe = crate::site::target_dir()?.join("release/kiosque-bench");
    run(&mut cmd(&exe, &["export", size, &dir.to_string_lossy()]))?;

    // Kiosque: the release site with the corpus as its bundle. Another bundle format of the same
    // corpus goes next to it as `kiosque-<name>/` the same way, and the harness gives it its own
    // column in the first-visit rows.
    kiosque_site(dist, &dir.join("bundle"), &dir.join("kiosque"))?;

    // Format 3 (partial loading): the same articles written as files, bundled by the release
    // `kiosque bundle --format 3` as a publisher would, into `kiosque-v3/`.
    let articles = dir.join("articles");
    run(&mut cmd(
        &exe,
        &["articles", size, &articles.to_string_lossy()],
    ))?;
    let kiosque = crate::site::target_dir()?.join("release/kiosque");
    let bundle_v3 = dir.join("bundle-v3");
    let started = Instant::now();
    run(&mut cmd(
        &kiosque,
        &[
            "bundle",
            &articles.to_string_lossy(),
            "-o",
            &bundle_v3.to_string_lossy(),
            "--format",
            "3",
            "--quiet",
        ],
    ))?;
    let v3_seconds = started.elapsed().as_secs_f64();
    std::fs::remove_dir_all(&articles)?;
    let v3_bytes = dir_bytes(&bundle_v3)?;
    kiosque_site(dist, &bundle_v3, &dir.join("kiosque-v3"))?;

    // MiniSearch: its harness page, the library, and the documents as JSON.
    let minisearch = dir.join("minisearch");
    std::fs::create_dir_all(&minisearch)?;
    std::fs::copy(
        harness.join("pages/minisearch.html"),
        minisearch.join("index.html"),
    )?;
    std::fs::copy(
        harness.join("node_modules/minisearch/dist/es/index.js"),
        minisearch.join("minisearch.js"),
    )?;
    std::fs::rename(dir.join("docs.json"), minisearch.join("docs.json"))?;

    // Pagefind: one page per article, indexed by Pagefind's own command.
    let pagefind = dir.join("pagefind");
    std::fs::rename(dir.join("pages"), &pagefind)?;
    std::fs::copy(
        harness.join("pages/pagefind.html"),
        pagefind.join("search.html"),
    )?;
    let started = Instant::now();
    run(cmd(
        harness.join("node_modules/.bin/pagefind"),
        &[
            "--site",
            &pagefind.to_string_lossy(),
            "--output-subdir",
            "pagefind",
            "--silent",
        ],
    )
    .current_dir(harness))?;
    let pagefind_seconds = started.elapsed().as_secs_f64();

    let stats: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("stats.json"))?).context("stats.json")?;
    let prep = serde_json::json!({
        "raw_bytes": stats["raw_bytes"],
        "kiosque_bundle_bytes": stats["kiosque_bundle_bytes"],
        "kiosque_build_s": stats["kiosque_build_s"],
        "kiosque_v3_bundle_bytes": v3_bytes,
        "kiosque_v3_build_s": format!("{v3_seconds:.1}"),
        "pagefind_bytes": dir_bytes(&pagefind.join("pagefind"))?,
        "pagefind_build_s": format!("{pagefind_seconds:.1}"),
        "minisearch_bytes": std::fs::metadata(minisearch.join("docs.json"))?.len(),
    });
    std::fs::write(dir.join("prep.json"), serde_json::to_vec_pretty(&prep)?)?;
    Ok(())
}

/// Writes the release site `dist` with `bundle` (moved) in place of its own bundle to `site`, as a
/// publisher would swap it.
fn kiosque_site(dist: &Path, bundle: &Path, site: &Path) -> anyhow::Result<()> {
    copy_dir(dist, site)?;
    std::fs::remove_dir_all(site.join("bundle"))?;
    std::fs::rename(bundle, site.join("bundle"))?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let entry = entry?;
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn dir_bytes(dir: &Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        total += if entry.file_type()?.is_dir() {
            dir_bytes(&entry.path())?
        } else {
            entry.metadata()?.len()
        };
    }
    Ok(total)
}
