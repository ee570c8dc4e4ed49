//! `kiosque serve`: a preview of the site on 127.0.0.1, rebuilt when an article changes.
//!
//! The site is kept in memory: the app this binary carries, set up for a preview (see
//! [`Mode::Preview`]), and the bundle. A thread looks at the articles' sizes and modification
//! times twice a second (which sees every editor's way of saving, renames included, on every
//! system) and rebuilds the bundle when they change; the page's reload script notices the new
//! version and reloads. Each rebuild prints the problems `kiosque check` would.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use anyhow::Context;
use kiosque_core::import::ImportOptions;

use super::bundle::import_and_build_files;
use crate::site::app::{App, Mode, RELOAD_SCRIPT};

/// How often the articles are looked at.
const POLL: Duration = Duration::from_millis(500);
/// Requests served at once (a browser opens about six connections to a host).
const WORKERS: usize = 6;
/// The address the reload script asks for the bundle's version.
const VERSION_PATH: &str = "/__kiosque_version";
const RELOAD_JS: &str = include_str!("../site/reload.js");

/// The site being served: every file by its path in the site, and the bundle's version.
struct Site {
    files: HashMap<String, Vec<u8>>,
    version: u64,
}

/// Serves the articles at `dir` on `127.0.0.1:port` until the process is stopped.
/// Every problem is printed when `verbose`, else the first 20 and a count by kind.
pub fn run(
    dir: &Path,
    port: u16,
    open: bool,
    verbose: bool,
    options: &ImportOptions,
) -> anyhow::Result<()> {
    let app = App::embedded()?.files_for("./", Mode::Preview)?;
    let mut seen = fingerprint(dir);
    let (_, bundle) = import_and_build_files(dir, options, false, verbose)?;
    let site = Arc::new(RwLock::new(Arc::new(Site {
        files: app.iter().cloned().chain(bundle_files(bundle)).collect(),
        version: 1,
    })));
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
        anyhow::anyhow!(
            "cannot listen on 127.0.0.1:{port} ({e}); is another server using that port? Pass --port with another number"
        )
    })?;
    let server = Arc::new(server);
    let url = format!("http://127.0.0.1:{port}/");
    eprintln!(
        "serving {} at {url} (Ctrl-C to stop); saving an article rebuilds the bundle and reloads the page",
        dir.display()
    );
    if open {
        open_browser(&url);
    }
    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let site = Arc::clone(&site);
        workers.push(std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                let current = Arc::clone(&site.read().expect("no writer panics"));
                respond(request, &current);
            }
        }));
    }
    loop {
        std::thread::sleep(POLL);
        let now = fingerprint(dir);
        if now == seen {
            continue;
        }
        seen = now;
        eprintln!("\nchange seen in {}; rebuilding", dir.display());
        match import_and_build_files(dir, options, false, verbose) {
            Ok((_, bundle)) => {
                let mut site = site.write().expect("no reader panics");
                *site = Arc::new(Site {
                    files: app.iter().cloned().chain(bundle_files(bundle)).collect(),
                    version: site.version + 1,
                });
                eprintln!("rebuilt; open pages reload");
            }
            Err(e) => eprintln!("kiosque: error: {e:#}; the preview keeps the last bundle"),
        }
    }
}

/// The bundle's files under their path in the site.
fn bundle_files(files: Vec<(String, Vec<u8>)>) -> impl Iterator<Item = (String, Vec<u8>)> {
    files
        .into_iter()
        .map(|(path, bytes)| (format!("bundle/{path}"), bytes))
}

fn respond(request: tiny_http::Request, site: &Site) {
    let path = request.url().split(['?', '#']).next().unwrap_or("/");
    let (status, kind, body) = if path == VERSION_PATH {
        (
            200,
            "text/plain; charset=utf-8",
            site.version.to_string().into_bytes(),
        )
    } else if path == format!("/{RELOAD_SCRIPT}") {
        let script = RELOAD_JS.replace("__KIOSQUE_VERSION__", &site.version.to_string());
        (200, "text/javascript; charset=utf-8", script.into_bytes())
    } else {
        let mut name = path.trim_start_matches('/').to_owned();
        if name.is_empty() || name.ends_with('/') {
            name.push_str("index.html");
        }
        match site.files.get(&name) {
            Some(bytes) => (200, content_type(&name), bytes.clone()),
            None => (404, "text/plain; charset=utf-8", b"not found".to_vec()),
        }
    };
    let header = |name: &str, value: &str| {
        tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
    };
    let response = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        // A preview changes under the page: never keep a copy.
        .with_header(header("Cache-Control", "no-store"));
    // The browser may have gone; nothing to do about it.
    let _ = request.respond(response);
}

/// The `Content-Type` of a file of the site, by its extension.
fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        _ => "application/octet-stream",
    }
}

/// A hash of every file's path, size and modification time under `dir`: it changes when an
/// article is added, removed, renamed or saved.
fn fingerprint(dir: &Path) -> u64 {
    let mut entries = Vec::new();
    walk(dir, &mut entries);
    entries.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    entries.hash(&mut hasher);
    hasher.finish()
}

fn walk(dir: &Path, out: &mut Vec<(String, u64, Option<SystemTime>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            walk(&path, out);
        } else {
            out.push((
                path.to_string_lossy().into_owned(),
                meta.len(),
                meta.modified().ok(),
            ));
        }
    }
}

/// Opens `url` in the desktop's browser, or says to.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program)
        .arg(url)
        .spawn()
        .with_context(|| format!("cannot run {program}"))
    {
        eprintln!("could not open a browser ({e:#}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Saving, adding or removing a file changes the fingerprint; looking again does not.
    #[test]
    fn the_fingerprint_follows_the_articles() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a.md"), "# A").unwrap();
        let first = fingerprint(tmp.path());
        assert_eq!(first, fingerprint(tmp.path()));
        std::fs::write(tmp.path().join("a.md"), "# A, longer").unwrap();
        let saved = fingerprint(tmp.path());
        assert_ne!(first, saved);
        std::fs::create_dir(tmp.path().join("2020")).unwrap();
        std::fs::write(tmp.path().join("2020/b.md"), "# B").unwrap();
        assert_ne!(saved, fingerprint(tmp.path()));
    }

    // Pages, scripts and wasm get the types browsers need (wasm streaming needs its own).
    #[test]
    fn files_get_their_content_type() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("kiosque-app-1_bg.wasm"), "application/wasm");
        assert_eq!(content_type("bundle/index.bin"), "application/octet-stream");
    }
}
