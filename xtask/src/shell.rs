//! The app shell's version: `dist/sw.js` is stamped with the list of files Trunk wrote and a hash
//! of their contents, so every build that changes the shell changes the service worker's bytes,
//! which is what makes browsers install the new version (and drop the old caches).

use std::path::Path;

use anyhow::{bail, Context};

/// The lines of `static/sw.js` the stamp replaces.
const VERSION_LINE: &str = "const VERSION = \"dev\";";
const SHELL_LINE: &str = "const SHELL = [];";

/// Stamps `dist/sw.js`; returns the version, or `None` for a site without a service worker.
pub fn stamp_service_worker(dist: &Path) -> anyhow::Result<Option<String>> {
    let sw = dist.join("sw.js");
    if !sw.is_file() {
        return Ok(None);
    }
    let files = shell_files(dist)?;
    let mut hash = Fnv64::default();
    for name in &files {
        hash.write(name.as_bytes());
        hash.write(&[0]);
        hash.write(&std::fs::read(dist.join(name))?);
        hash.write(&[0]);
    }
    let version = format!("{:016x}", hash.0);
    let source = std::fs::read_to_string(&sw)?;
    if !source.contains(VERSION_LINE) || !source.contains(SHELL_LINE) {
        bail!(
            "{} lacks `{VERSION_LINE}` or `{SHELL_LINE}`, the lines the build stamps; keep them in static/sw.js",
            sw.display()
        );
    }
    let list = files
        .iter()
        .map(|f| format!("\"{f}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let stamped = without_comment_lines(&source)
        .replacen(VERSION_LINE, &format!("const VERSION = \"{version}\";"), 1)
        .replacen(SHELL_LINE, &format!("const SHELL = [{list}];"), 1);
    std::fs::write(&sw, stamped).with_context(|| format!("cannot write {}", sw.display()))?;
    Ok(Some(version))
}

/// `source` without its comment-only lines (`//`, and `/** … */` blocks written a line at a time):
/// the service worker counts in the shell's size and is read by no one in `dist/`.
fn without_comment_lines(source: &str) -> String {
    source
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            !(line.starts_with("//") || line.starts_with("/*") || line.starts_with('*'))
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The site's top-level files but the service worker, sorted: what it precaches.
fn shell_files(dist: &Path) -> anyhow::Result<Vec<String>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.file_type()?.is_file() || name == "sw.js" || name.starts_with('.') {
            continue;
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            bail!("the site has a file named {name:?}; shell files need plain ASCII names");
        }
        files.push(name);
    }
    files.sort();
    Ok(files)
}

/// FNV-1a, 64 bits: a stable content hash with no dependency (the version only has to change
/// when the shell does).
struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv64 {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The stamp lists the shell (not the bundle, not sw.js) and its version follows the content.
    #[test]
    fn stamps_the_shell_list_and_a_content_version() {
        let dir = std::env::temp_dir().join(format!("kiosque-stamp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bundle")).unwrap();
        let source = std::fs::read_to_string(crate::repo_root().join("static/sw.js")).unwrap();
        let stamp = |app: &str| {
            std::fs::write(dir.join("sw.js"), &source).unwrap();
            std::fs::write(dir.join("index.html"), "<html>").unwrap();
            std::fs::write(dir.join("app-1.js"), app).unwrap();
            let version = stamp_service_worker(&dir).unwrap().unwrap();
            (version, std::fs::read_to_string(dir.join("sw.js")).unwrap())
        };
        let (v1, sw) = stamp("one");
        assert!(sw.contains(&format!("const VERSION = \"{v1}\";")), "{sw}");
        assert!(
            sw.contains("const SHELL = [\"app-1.js\", \"index.html\"];"),
            "{sw}"
        );
        assert!(
            !sw.contains("//") && !sw.contains("/**"),
            "comments are left out: {sw}"
        );
        let (v2, _) = stamp("two");
        assert_ne!(v1, v2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
