//! The app shell's version: `dist/sw.js` is stamped with the list of files Trunk wrote and a hash
//! of their contents, so every build that changes the shell changes the service worker's bytes,
//! which is what makes browsers install the new version (and drop the old caches). The stamp
//! itself is `kiosque_core::shell`, shared with `kiosque build`, which stamps the app it carries.

use std::path::Path;

use anyhow::Context;

/// Stamps `dist/sw.js`; returns the version, or `None` for a site without a service worker.
pub fn stamp_service_worker(dist: &Path) -> anyhow::Result<Option<String>> {
    let sw = dist.join(kiosque_core::shell::SERVICE_WORKER);
    if !sw.is_file() {
        return Ok(None);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            let name = entry.file_name().to_string_lossy().into_owned();
            files.push((name, std::fs::read(entry.path())?));
        }
    }
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let source = std::fs::read_to_string(&sw)?;
    let stamped = kiosque_core::shell::stamp_service_worker(&source, &files)
        .with_context(|| format!("cannot stamp {}", sw.display()))?;
    std::fs::write(&sw, stamped.source)
        .with_context(|| format!("cannot write {}", sw.display()))?;
    Ok(Some(stamped.version))
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
