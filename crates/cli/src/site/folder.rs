//! Writing a site into a publisher's folder without touching anything else kept there.
//!
//! `kiosque build` writes into a folder that is missing, empty, or was written by an earlier
//! build. It lists what it wrote in a small marker file, `.kiosque-site`, so the next build
//! knows which files are its own: it replaces those, removes the ones it no longer writes (the
//! app's file names carry their hash and change from version to version) and leaves everything
//! else alone. A folder holding anything the marker does not list is refused unless `--force`,
//! and even then nothing but the site's own files is replaced or removed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::commands::bundle::write_replacing;

/// The marker file listing what `kiosque build` wrote at the top of a site folder.
pub const MARKER: &str = ".kiosque-site";

/// The folder the bundle goes into, inside the site.
const BUNDLE: &str = "bundle";

/// A folder opened for writing a site.
pub struct SiteFolder {
    dir: PathBuf,
    /// The top-level names an earlier build wrote (from its marker).
    previous: BTreeSet<String>,
}

impl SiteFolder {
    /// Opens `dir`, which must be missing, empty, or hold only what an earlier build wrote;
    /// with `force`, anything else found there is kept as it is beside the site.
    pub fn open(dir: &Path, force: bool) -> anyhow::Result<Self> {
        if dir.exists() && !dir.is_dir() {
            bail!(
                "{} is a file, not a folder to write a site into",
                dir.display()
            );
        }
        let previous = read_marker(dir)?;
        let mut foreign = Vec::new();
        if dir.is_dir() {
            for entry in
                std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?
            {
                let name = entry?.file_name().to_string_lossy().into_owned();
                if name != MARKER && !previous.contains(&name) && !is_leftover(&name) {
                    foreign.push(name);
                }
            }
        }
        foreign.sort();
        if !foreign.is_empty() && !force {
            let shown = foreign
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            let more = if foreign.len() > 5 {
                format!(" and {} more", foreign.len() - 5)
            } else {
                String::new()
            };
            bail!(
                "{} holds files kiosque did not write ({shown}{more}); refusing to write a site \
                 there, so nothing of yours is replaced or deleted. Choose an empty or new folder, \
                 or pass --force to write the site beside those files (files with the site's \
                 names, such as index.html, are then replaced; nothing else is touched)",
                dir.display()
            );
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            previous,
        })
    }

    /// Writes the app's files and the bundle (both `(path, content)`), removes what the previous
    /// build wrote and this one does not, and updates the marker.
    pub fn write(
        &self,
        app: &[(String, Vec<u8>)],
        bundle: &[(String, Vec<u8>)],
    ) -> anyhow::Result<()> {
        let mut written: BTreeSet<String> = app.iter().map(|(p, _)| top_name(p)).collect();
        written.insert(BUNDLE.to_owned());
        if written.contains(MARKER) {
            bail!("the app has a file named {MARKER}, which kiosque keeps for itself");
        }
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create {}", self.dir.display()))?;
        // Listed before they are written: a build cut short leaves no file the next build would
        // take for the publisher's.
        let all: BTreeSet<String> = self.previous.union(&written).cloned().collect();
        write_marker(&self.dir, &all)?;
        let bundle_dir = self.dir.join(BUNDLE);
        if !self.previous.contains(BUNDLE) {
            crate::commands::ensure_replaceable(&bundle_dir)?;
        }
        write_replacing(&bundle_dir, bundle)?;
        for (path, bytes) in app {
            write_file(&self.dir.join(path), bytes)?;
        }
        for stale in self.previous.difference(&written) {
            let path = self.dir.join(stale);
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            match removed {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(e).with_context(|| format!("cannot remove {}", path.display()))
                }
                _ => {}
            }
        }
        write_marker(&self.dir, &written)
    }
}

/// The first component of a path in the site (`bundle/x.bin` → `bundle`).
fn top_name(path: &str) -> String {
    path.split('/').next().unwrap_or(path).to_owned()
}

/// Folders `write_replacing` leaves beside the bundle when a build is cut short.
fn is_leftover(name: &str) -> bool {
    name.starts_with(".bundle.new-") || name.starts_with(".bundle.old-")
}

/// The names the marker of `dir` lists; none when it has no marker. Only plain names count, so
/// an edited marker can never point outside the folder.
fn read_marker(dir: &Path) -> anyhow::Result<BTreeSet<String>> {
    let path = dir.join(MARKER);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    Ok(text
        .lines()
        .map(|line| line.trim().trim_end_matches('/'))
        .filter(|name| {
            !name.is_empty()
                && !name.starts_with('#')
                && *name != "."
                && *name != ".."
                && *name != MARKER
                && !name.contains(['/', '\\'])
        })
        .map(str::to_owned)
        .collect())
}

fn write_marker(dir: &Path, names: &BTreeSet<String>) -> anyhow::Result<()> {
    let mut text = String::from(
        "# Written by `kiosque build`: what it put in this folder. The next build replaces these\n\
         # and leaves anything else alone.\n",
    );
    for name in names {
        text.push_str(name);
        if name == BUNDLE {
            text.push('/');
        }
        text.push('\n');
    }
    write_file(&dir.join(MARKER), text.as_bytes())
}

/// Writes `bytes` to `path` through a temporary file beside it, so a server never sends half a
/// file.
fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.partial"));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Vec<(String, Vec<u8>)> {
        names
            .iter()
            .map(|n| ((*n).to_owned(), n.as_bytes().to_vec()))
            .collect()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    const MANIFEST: &[&str] = &["manifest.json"];

    // A new folder gets the site and a marker; a rebuild replaces the site's files, drops the
    // ones the new app no longer has, and keeps nothing else.
    #[test]
    fn a_rebuild_replaces_only_what_the_last_build_wrote() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        SiteFolder::open(&site, false)
            .unwrap()
            .write(&files(&["index.html", "app-1.js"]), &files(MANIFEST))
            .unwrap();
        assert_eq!(
            listing(&site),
            [".kiosque-site", "app-1.js", "bundle", "index.html"]
        );
        SiteFolder::open(&site, false)
            .unwrap()
            .write(&files(&["index.html", "app-2.js"]), &files(MANIFEST))
            .unwrap();
        assert_eq!(
            listing(&site),
            [".kiosque-site", "app-2.js", "bundle", "index.html"]
        );
        let marker = std::fs::read_to_string(site.join(MARKER)).unwrap();
        assert!(
            marker.ends_with("app-2.js\nbundle/\nindex.html\n"),
            "{marker}"
        );
    }

    // A publisher's own file is never replaced or deleted: the build is refused, and with
    // --force the site is written beside it.
    #[test]
    fn foreign_files_are_refused_or_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path();
        std::fs::write(site.join("CNAME"), "example.org").unwrap();
        let error = SiteFolder::open(site, false).err().unwrap().to_string();
        assert!(
            error.contains("CNAME") && error.contains("--force"),
            "{error}"
        );
        SiteFolder::open(site, true)
            .unwrap()
            .write(&files(&["index.html"]), &files(MANIFEST))
            .unwrap();
        SiteFolder::open(site, true)
            .unwrap()
            .write(&files(&["index.html", "app-2.js"]), &files(MANIFEST))
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(site.join("CNAME")).unwrap(),
            "example.org"
        );
        // Still foreign: the marker lists only what kiosque wrote.
        assert!(SiteFolder::open(site, false).is_err());
    }

    // A folder named `bundle` that is not a Kiosque bundle is not replaced, even with --force.
    #[test]
    fn a_foreign_bundle_folder_is_kept() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("bundle")).unwrap();
        std::fs::write(tmp.path().join("bundle/notes.txt"), "mine").unwrap();
        let result = SiteFolder::open(tmp.path(), true)
            .unwrap()
            .write(&files(&["index.html"]), &files(MANIFEST));
        assert!(result.is_err());
        assert!(tmp.path().join("bundle/notes.txt").is_file());
    }

    // A marker edited to name a path outside the folder is not followed.
    #[test]
    fn the_marker_names_only_plain_names() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("keep.txt");
        std::fs::write(&outside, "mine").unwrap();
        let site = tmp.path().join("site");
        std::fs::create_dir(&site).unwrap();
        std::fs::write(site.join(MARKER), "../keep.txt\n..\n/etc\n").unwrap();
        SiteFolder::open(&site, false)
            .unwrap()
            .write(&files(&["index.html"]), &files(MANIFEST))
            .unwrap();
        assert!(outside.is_file());
    }
}
