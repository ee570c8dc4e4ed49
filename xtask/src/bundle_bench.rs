//! `cargo xtask bench --bundle-sizes N,N`: how long `kiosque bundle --format 3` takes on N
//! generated articles and how much memory it holds at its peak, and what a first search would
//! fetch from the bundle it wrote; written to their own section of docs/BENCHMARKS.md.
//!
//! The corpus (`kiosque-bench articles N`) and the bundle go under `target/bench-bundle/N/` and
//! are removed afterwards (a million articles take several GB of disk), or under `KEEP/N/` with
//! `--keep KEEP`, where they stay (to serve the bundle in a site, for instance).
//!
//! With `--first-visit [cable,mobile]` each bundle is also served in the release site (built
//! once, as `cargo xtask build` does, into `target/bench-bundle-site`; the site's `bundle/` is a
//! link to the bundle) and `tests/bench-browser/one-site.mjs` times a reader's first visit
//! typing `sécurité` over each network: the time to the first results (median of its loads)
//! and the bytes received before them go into the same table. That needs the web build tools
//! (`cargo xtask tools`), Node and Chromium, so it is asked for, not done by default.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use kiosque_core::bundle::v3::{
    check_piece_file, check_piece_ref, inflate, read_manifest_v3, PartialBundle, PieceFile, PieceId,
};
use kiosque_core::search::{Query, SearchRequest};

use crate::process::{cmd, run};

/// Where docs/BENCHMARKS.md keeps this command's section; the browser benchmark keeps it too.
pub const START: &str = "<!-- bundle sizes: written by `cargo xtask bench --bundle-sizes N`; the browser benchmark keeps this part -->";
/// The end of that section.
pub const END: &str = "<!-- bundle sizes: end -->";

/// The `kiosque` publishers download is built with this profile (`cargo xtask dist`): fast at
/// bundling, where `release` is tuned for the wasm app's size.
const PROFILE: &str = "dist";

/// The one-word queries whose first fetch is reported.
const QUERIES: [&str; 3] = ["sécurité", "énerg", "serveur panne"];
/// The rows a first page of results shows.
const ROWS_SHOWN: usize = 15;

/// One size's figures.
struct Figures {
    size: usize,
    corpus_bytes: u64,
    wall: Duration,
    cpu: Duration,
    peak_rss: u64,
    /// The 1-minute load average while `kiosque bundle` ran: mean and highest of samples.
    load: Load,
    /// Time `kiosque-bench articles N` took to write the corpus.
    generated: Duration,
    steps: String,
    bundle_bytes: u64,
    files: usize,
    head_bytes: u64,
    first: Vec<FirstSearch>,
    /// First visits in a browser (`--first-visit`), one per network profile.
    visits: Vec<Visit>,
}

/// A first visit measured by `one-site.mjs`.
struct Visit {
    profile: String,
    /// Time to the first results, ms (median of the loads).
    ms: f64,
    /// Bytes received before them, kB.
    kb: f64,
    /// How many loads the median is of.
    loads: u32,
}

/// The site and tools the first visits need.
struct Browser {
    /// The release site (its `bundle/` is replaced by a link to each bundle).
    dist: std::path::PathBuf,
    chromium: std::path::PathBuf,
    profiles: Vec<String>,
}

/// What a first search fetches after the manifest.
struct FirstSearch {
    query: &'static str,
    /// Term and positions pieces until `needs_first` is satisfied: count, bytes.
    shards: (usize, u64),
    /// Row groups of the first results: count, bytes.
    rows: (usize, u64),
}

/// Generates, bundles and measures each size, prints the table and writes it into
/// docs/BENCHMARKS.md.
pub fn bundle_sizes(
    sizes: &str,
    keep: Option<&Path>,
    first_visit: Option<&str>,
) -> anyhow::Result<()> {
    let sizes: Vec<usize> = sizes
        .split(',')
        .map(|s| s.trim().replace('_', "").parse())
        .collect::<Result<_, _>>()
        .context("--bundle-sizes takes numbers of articles, comma-separated")?;
    run(&mut cmd(
        "cargo",
        &[
            "build",
            "--profile",
            PROFILE,
            "--quiet",
            "--package",
            "kiosque",
            "--package",
            "kiosque-bench",
        ],
    ))?;
    let target = crate::site::target_dir()?;
    let browser = match first_visit {
        Some(profiles) => Some(prepare_browser(&target, profiles)?),
        None => None,
    };
    let root = keep.map_or_else(|| target.join("bench-bundle"), Path::to_owned);
    let mut all = Vec::new();
    for &size in &sizes {
        let dir = root.join(size.to_string());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let measured = measure(&target, &dir, size, browser.as_ref());
        // The corpus and bundle are removed whatever happened, unless kept: they are large.
        if keep.is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        } else {
            eprintln!("kept the articles and the bundle under {}", dir.display());
        }
        let figures = measured?;
        eprintln!("{}", row(&figures));
        all.push(figures);
    }
    let section = section(&all);
    println!("{section}");
    let doc = crate::repo_root().join("docs/BENCHMARKS.md");
    let page = std::fs::read_to_string(&doc).unwrap_or_else(|_| "# Benchmarks\n".into());
    std::fs::write(&doc, replace_section(&page, &section))?;
    eprintln!("updated the bundle-size section of {}", doc.display());
    Ok(())
}

/// Builds the release site and checks for Node and Chromium, once for every size.
fn prepare_browser(target: &Path, profiles: &str) -> anyhow::Result<Browser> {
    let profiles: Vec<String> = profiles.split(',').map(|p| p.trim().to_owned()).collect();
    let (chromium, _) = crate::tools::ensure_chromium()?;
    crate::tools::require_node()?;
    let harness = crate::repo_root().join("tests/bench-browser");
    run(cmd("npm", &["ci", "--no-audit", "--no-fund"]).current_dir(&harness))?;
    let dist = target.join("bench-bundle-site");
    crate::site::build(&crate::site::SiteOptions {
        dist: dist.clone(),
        ..crate::site::SiteOptions::default()
    })?;
    Ok(Browser {
        dist,
        chromium,
        profiles,
    })
}

/// First visits of the release site serving `bundle`, one per profile: `one-site.mjs`'s median
/// time to the first results and bytes received before them.
fn first_visits(browser: &Browser, bundle: &Path, dir: &Path) -> anyhow::Result<Vec<Visit>> {
    // The site without its bundle, then a link to this one (a million articles' bundle is
    // several GB: not copied).
    let site = dir.join("site");
    let _ = std::fs::remove_dir_all(&site);
    copy_site(&browser.dist, &site)?;
    #[cfg(unix)]
    std::os::unix::fs::symlink(bundle, site.join("bundle"))?;
    #[cfg(not(unix))]
    anyhow::bail!("--first-visit links the bundle into the site: Unix only");
    let harness = crate::repo_root().join("tests/bench-browser");
    let mut visits = Vec::new();
    for profile in &browser.profiles {
        eprintln!("$ node one-site.mjs {} --profile {profile}", site.display());
        let out = cmd(
            "node",
            &[
                "one-site.mjs",
                &site.to_string_lossy(),
                "--profile",
                profile,
            ],
        )
        .current_dir(&harness)
        .env("CHROMIUM", &browser.chromium)
        .output()
        .context("cannot start node")?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        eprint!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
        if !out.status.success() {
            bail!("one-site.mjs failed ({})", out.status);
        }
        visits
            .push(parse_visit(profile, &stdout).context("one-site.mjs printed no first results")?);
    }
    let _ = std::fs::remove_dir_all(&site);
    Ok(visits)
}

/// `first results: 1234 ms, 567.8 kB received before them (median of 5 loads…)` from
/// `one-site.mjs`'s output.
fn parse_visit(profile: &str, out: &str) -> Option<Visit> {
    let line = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("first results: "))?;
    let (ms, rest) = line.split_once(" ms, ")?;
    let (kb, rest) = rest.split_once(" kB received")?;
    let loads = rest
        .split_once("median of ")
        .and_then(|(_, r)| r.split_whitespace().next()?.parse().ok())
        .unwrap_or(1);
    Some(Visit {
        profile: profile.to_owned(),
        ms: ms.trim().parse().ok()?,
        kb: kb.trim().parse().ok()?,
        loads,
    })
}

/// Copies the site `from` to `to`, all but its `bundle/`.
fn copy_site(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let entry = entry?;
        if entry.file_name() == "bundle" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_site(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn measure(
    target: &Path,
    dir: &Path,
    size: usize,
    browser: Option<&Browser>,
) -> anyhow::Result<Figures> {
    let articles = dir.join("articles");
    let bundle = dir.join("bundle");
    let started = Instant::now();
    run(&mut cmd(
        target.join(PROFILE).join("kiosque-bench"),
        &["articles", &size.to_string(), &articles.to_string_lossy()],
    ))?;
    let generated = started.elapsed();
    let corpus_bytes = dir_bytes(&articles)?;
    let mut command = cmd(
        target.join(PROFILE).join("kiosque"),
        &[
            "bundle",
            "--format",
            "3",
            "--quiet",
            "--steps",
            "--out",
            &bundle.to_string_lossy(),
            &articles.to_string_lossy(),
        ],
    );
    eprintln!("$ kiosque bundle --format 3 --quiet --steps --out … ({size} articles)");
    let started = Instant::now();
    let sampler = LoadSampler::start();
    let measured = run_measured(&mut command);
    let load = sampler.stop();
    let (usage, stderr) = measured?;
    let wall = started.elapsed();
    let steps = stderr
        .lines()
        // The step lines (two spaces, then a lowercase name), not the grouped problems.
        .filter(|l| {
            l.strip_prefix("  ")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_lowercase()))
        })
        .map(|l| l.trim().to_owned())
        .collect::<Vec<_>>()
        .join("; ");
    let manifest = read_manifest_v3(&std::fs::read(bundle.join("manifest.json"))?)
        .map_err(anyhow::Error::msg)?;
    let first = QUERIES
        .iter()
        .map(|&query| first_search(&bundle, &manifest, query))
        .collect::<anyhow::Result<_>>()?;
    let visits = match browser {
        Some(browser) => first_visits(browser, &bundle, dir)?,
        None => Vec::new(),
    };
    Ok(Figures {
        size,
        corpus_bytes,
        wall,
        cpu: usage.cpu,
        peak_rss: usage.peak_rss,
        load,
        generated,
        steps,
        bundle_bytes: dir_bytes(&bundle)?,
        files: manifest.piece_count as usize + manifest.images.len() + 2,
        head_bytes: manifest.head.bytes,
        first,
        visits,
    })
}

/// The machine's 1-minute load average over a run: the machine may be shared, and a run's wall
/// time says little without it.
#[derive(Clone, Copy, Default)]
struct Load {
    mean: f64,
    max: f64,
}

/// Reads `/proc/loadavg` every few seconds on a thread of its own until stopped.
struct LoadSampler {
    stop: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<Load>,
}

impl LoadSampler {
    fn start() -> Self {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let mut samples = Vec::new();
            loop {
                if let Some(load) = std::fs::read_to_string("/proc/loadavg")
                    .ok()
                    .and_then(|l| l.split_whitespace().next()?.parse::<f64>().ok())
                {
                    samples.push(load);
                }
                // A message or a dropped sender both end the sampling.
                if !matches!(
                    stopped.recv_timeout(Duration::from_secs(5)),
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout)
                ) {
                    break;
                }
            }
            if samples.is_empty() {
                return Load::default();
            }
            Load {
                mean: samples.iter().sum::<f64>() / samples.len() as f64,
                max: samples.iter().copied().fold(0.0, f64::max),
            }
        });
        Self { stop, thread }
    }

    fn stop(self) -> Load {
        let _ = self.stop.send(());
        self.thread.join().unwrap_or_default()
    }
}

/// A finished child's CPU time and peak resident memory.
struct Usage {
    cpu: Duration,
    peak_rss: u64,
}

/// Runs `command`, its standard error captured (and shown), and returns the CPU time and peak
/// resident memory it reported for itself (`--steps` ends with them, read from `/proc`).
fn run_measured(command: &mut Command) -> anyhow::Result<(Usage, String)> {
    let out = command
        .stderr(std::process::Stdio::piped())
        .output()
        .context("cannot start kiosque")?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    eprint!("{stderr}");
    if !out.status.success() {
        bail!("kiosque bundle failed ({})", out.status);
    }
    let total = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("total: "))
        .context("kiosque printed no totals (they are read from /proc: Linux only)")?;
    let number_before = |unit: &str| -> Option<f64> {
        let end = total.find(unit)?;
        total[..end].trim_end().rsplit(' ').next()?.parse().ok()
    };
    let cpu = number_before(" s CPU").context("no CPU time in kiosque's totals")?;
    let peak = number_before(" bytes peak").context("no peak memory in kiosque's totals")?;
    Ok((
        Usage {
            cpu: Duration::from_secs_f64(cpu),
            peak_rss: peak as u64,
        },
        stderr,
    ))
}

/// The pieces a reader fetches for its first search of `query` once it has the head: the rounds
/// of `needs_first`, then the row groups of the first results.
fn first_search(
    bundle: &Path,
    manifest: &kiosque_core::bundle::v3::ManifestV3,
    query: &'static str,
) -> anyhow::Result<FirstSearch> {
    let read = |entry: &PieceFile| -> anyhow::Result<Vec<u8>> {
        let bytes = std::fs::read(bundle.join(&entry.path))?;
        check_piece_file(entry, &bytes).map_err(anyhow::Error::msg)?;
        Ok(inflate(&bytes, 1 << 31)?)
    };
    let mut partial = PartialBundle::open(&read(&manifest.head)?)
        .map_err(|e| anyhow::anyhow!("the head cannot be used: {e}"))?;
    let load = |partial: &mut PartialBundle, piece: PieceId| -> anyhow::Result<u64> {
        let file = partial.file(piece).context("the head names the piece")?;
        let bytes = std::fs::read(bundle.join(&file.path))?;
        check_piece_ref(&file, &bytes).map_err(anyhow::Error::msg)?;
        partial
            .add(piece, &inflate(&bytes, 1 << 31)?)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(bytes.len() as u64)
    };
    let request = SearchRequest {
        query: Query::parse(query),
        ..SearchRequest::default()
    };
    let mut shards = (0, 0);
    loop {
        let first = partial.needs_first(&request);
        if first.is_empty() {
            break;
        }
        for piece in first {
            shards.0 += 1;
            shards.1 += load(&mut partial, piece)?;
        }
    }
    let found = partial.search(&request);
    let docs: Vec<u32> = found
        .results
        .hits
        .iter()
        .take(ROWS_SHOWN)
        .map(|h| h.doc)
        .collect();
    let mut rows = (0, 0);
    for piece in partial.rows_needed(&docs) {
        rows.0 += 1;
        rows.1 += load(&mut partial, piece)?;
    }
    Ok(FirstSearch {
        query,
        shards,
        rows,
    })
}

fn row(f: &Figures) -> String {
    let first = f
        .first
        .iter()
        .map(|s| {
            format!(
                "`{}`: {} + {} ({} pieces) + {} ({} card and text groups) = {}",
                s.query,
                mb(f.head_bytes),
                mb(s.shards.1),
                s.shards.0,
                mb(s.rows.1),
                s.rows.0,
                mb(f.head_bytes + s.shards.1 + s.rows.1)
            )
        })
        .collect::<Vec<_>>()
        .join("<br>");
    let visits = if f.visits.is_empty() {
        "–".to_owned()
    } else {
        f.visits
            .iter()
            .map(|v| {
                format!(
                    "{}: **{:.2} s**, {:.0} kB received (median of {})",
                    v.profile,
                    v.ms / 1000.0,
                    v.kb,
                    v.loads
                )
            })
            .collect::<Vec<_>>()
            .join("<br>")
    };
    format!(
        "| {} | {} ({:.0} s to write) | {:.0} s | {:.0} s | {:.1} (max {:.1}) | {} | {} in {} files | {} | {first} | {visits} |",
        thousands(f.size),
        mb(f.corpus_bytes),
        f.generated.as_secs_f64(),
        f.wall.as_secs_f64(),
        f.cpu.as_secs_f64(),
        f.load.mean,
        f.load.max,
        mb(f.peak_rss),
        mb(f.bundle_bytes),
        thousands(f.files),
        mb(f.head_bytes),
    )
}

fn section(all: &[Figures]) -> String {
    let sizes = all
        .iter()
        .map(|f| f.size.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into());
    let mut out = format!(
        "{START}\n## Bundling large archives\n\n\
`kiosque bundle --format 3` (the `dist` profile publishers download) on articles from `kiosque-bench articles N` (the press shape: ~3 KB \
each, French and English, 3 % republished), streamed: bodies spill to a temporary file as they \
are imported, pieces are written as they are cut, the index's positions go through a temporary \
file (see docs/PARTIAL-LOADING.md).\n\n\
- Run: `cargo xtask bench --bundle-sizes {sizes}` on {} UTC, {cores} cores, load average {load} \
at the end (the machine is shared: wall time stretches under load, CPU time much less). The \
load average while bundling is the mean (and highest) 1-minute load of samples taken every 5 s \
while `kiosque bundle` ran; above {cores} the bundler waited for a core.\n\
- Peak RSS: the kernel's high-water mark of the `kiosque` process's resident memory (`VmHWM`), and its \
CPU time (user and system), which it reads from `/proc` as it ends.\n\
- First search: what a reader fetches for its first query after `manifest.json`: the head, the \
term and positions pieces until the results are exact for the words typed (`needs_first`), \
then the card and text groups of the first {ROWS_SHOWN} results; stored (compressed) bytes.\n\
- First visit (with `--first-visit [cable,mobile]`): the release site (`cargo xtask build`) \
serving the bundle, a reader's first visit typing `sécurité` in headless Chromium over the \
network profile (cable: 10 Mbps, 40 ms; mobile: 1.6 Mbps, 150 ms; cache disabled, service \
workers blocked), by `tests/bench-browser/one-site.mjs`: the time to the first results and the \
bytes received before them, the median of its loads.\n\n\
| articles | corpus | wall time | CPU time | load average while bundling | peak RSS | bundle | head | first search: head + shards + rows | first visit in a browser |\n\
|---|---|---|---|---|---|---|---|---|---|\n",
        utc_now(),
    );
    for f in all {
        out.push_str(&row(f));
        out.push('\n');
    }
    out.push_str("\nSteps (time, resident memory after it, peak so far):\n\n");
    for f in all {
        out.push_str(&format!("- {}: {}\n", thousands(f.size), f.steps));
    }
    out.push_str(&format!("\n{END}"));
    out
}

/// `page` with its bundle-size section replaced by `section` (or added at the end).
pub fn replace_section(page: &str, section: &str) -> String {
    match (page.find(START), page.find(END)) {
        (Some(from), Some(to)) if to > from => {
            format!("{}{section}{}", &page[..from], &page[to + END.len()..])
        }
        _ => format!("{}\n\n{section}\n", page.trim_end()),
    }
}

fn utc_now() -> String {
    crate::process::output(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M"]))
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|| "(date unknown)".into())
}

fn mb(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{:.2} GB", bytes as f64 / f64::from(1 << 30))
    } else if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn dir_bytes(dir: &Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry?;
        total += if entry.file_type()?.is_dir() {
            dir_bytes(&entry.path())?
        } else {
            entry.metadata()?.len()
        };
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_is_replaced_in_place_or_added() {
        let section = format!("{START}\nnew\n{END}");
        let page = format!("# B\n\nbefore\n\n{START}\nold\n{END}\n\nafter\n");
        assert_eq!(
            replace_section(&page, &section),
            format!("# B\n\nbefore\n\n{section}\n\nafter\n")
        );
        assert_eq!(
            replace_section("# B\n\ntext\n", &section),
            format!("# B\n\ntext\n\n{section}\n")
        );
        assert_eq!(thousands(1_000_000), "1,000,000");
        // The browser benchmark rewrites docs/BENCHMARKS.md and keeps this section by its name:
        // it looks for `<!-- NAME: ` … `<!-- NAME: end -->`, which START and END must match.
        let harness =
            std::fs::read_to_string(crate::repo_root().join("tests/bench-browser/run.mjs"))
                .unwrap();
        let name = START
            .strip_prefix("<!-- ")
            .and_then(|rest| rest.split_once(": "))
            .map(|(name, _)| name)
            .unwrap();
        assert_eq!(END, format!("<!-- {name}: end -->"));
        assert!(harness.contains(&format!("'{name}'")));
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn a_first_visit_is_read_from_one_site_output() {
        let out = "SITE, first visit over cable (10 Mbps, 40 ms RTT), typing \"sécurité\":\n\
                   first results: 1834 ms, 2210.4 kB received before them (median of 5 loads)\n\
                   one more visit, the responses finished before its first results (1790 ms):\n";
        let visit = parse_visit("cable", out).unwrap();
        assert_eq!(visit.profile, "cable");
        assert_eq!(visit.ms, 1834.0);
        assert_eq!(visit.kb, 2210.4);
        assert_eq!(visit.loads, 5);
        assert!(parse_visit("cable", "first results: never\n").is_none());
        assert!(parse_visit("cable", "").is_none());
    }
}
