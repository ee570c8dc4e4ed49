//! The app shell's version: the service worker (`sw.js`) is stamped with the list of the site's
//! top-level files and a hash of their contents, so every build that changes the shell changes
//! the worker's bytes, which is what makes browsers install the new version (and drop the old
//! caches). `cargo xtask build` stamps the folder Trunk wrote; `kiosque build` stamps the app it
//! carries, after pointing it at its public URL.

use thiserror::Error;

/// The line of `static/sw.js` that the stamp replaces with the version.
pub const VERSION_LINE: &str = "const VERSION = \"dev\";";
/// The line of `static/sw.js` that the stamp replaces with the list of shell files.
pub const SHELL_LINE: &str = "const SHELL = [];";
/// The service worker's file name, at the top of the site.
pub const SERVICE_WORKER: &str = "sw.js";

/// Why a service worker cannot be stamped.
#[derive(Debug, Error)]
pub enum StampError {
    /// The worker's source lost one of the lines the stamp replaces.
    #[error("sw.js lacks `{VERSION_LINE}` or `{SHELL_LINE}`, the lines the build stamps; keep them in static/sw.js")]
    MissingLines,
    /// A shell file has a name the worker's list cannot hold as is.
    #[error("the site has a file named {0:?}; shell files need plain ASCII names")]
    UnsafeName(String),
}

/// A stamped service worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamped {
    /// The shell's version: a hash of the shell files' names and contents.
    pub version: String,
    /// The worker's source with its version and shell list filled in.
    pub source: String,
}

/// Stamps `source` (the unstamped `sw.js`) for a site whose top-level files are `files`
/// (`(name, content)`, in any order; `sw.js` itself and dot files are left out of the shell).
pub fn stamp_service_worker(source: &str, files: &[(&str, &[u8])]) -> Result<Stamped, StampError> {
    let mut shell: Vec<&(&str, &[u8])> = files
        .iter()
        .filter(|(name, _)| *name != SERVICE_WORKER && !name.starts_with('.'))
        .collect();
    shell.sort_by_key(|(name, _)| *name);
    let mut hash = Fnv64::default();
    for (name, content) in &shell {
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            return Err(StampError::UnsafeName((*name).to_owned()));
        }
        hash.write(name.as_bytes());
        hash.write(&[0]);
        hash.write(content);
        hash.write(&[0]);
    }
    if !source.contains(VERSION_LINE) || !source.contains(SHELL_LINE) {
        return Err(StampError::MissingLines);
    }
    let version = format!("{:016x}", hash.0);
    let list = shell
        .iter()
        .map(|(name, _)| format!("\"{name}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let source = without_comment_lines(source)
        .replacen(VERSION_LINE, &format!("const VERSION = \"{version}\";"), 1)
        .replacen(SHELL_LINE, &format!("const SHELL = [{list}];"), 1);
    Ok(Stamped { version, source })
}

/// `source` without its comment-only lines (`//`, and `/** … */` blocks written a line at a time):
/// the service worker counts in the shell's size and is read by no one in the built site.
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

    const SOURCE: &str = "// a comment\nconst VERSION = \"dev\";\nconst SHELL = [];\nself.x = 1;\n";

    // The list holds the shell but not the worker or dot files, sorted; the version follows
    // the content and not the order the files came in.
    #[test]
    fn stamps_the_sorted_shell_and_a_content_version() {
        let one = stamp_service_worker(
            SOURCE,
            &[
                ("sw.js", b"x"),
                ("index.html", b"<html>"),
                (".kiosque-site", b"x"),
                ("app-1.js", b"one"),
            ],
        )
        .unwrap();
        assert!(one
            .source
            .contains("const SHELL = [\"app-1.js\", \"index.html\"];"));
        assert!(one
            .source
            .contains(&format!("const VERSION = \"{}\";", one.version)));
        assert!(!one.source.contains("a comment"));
        let reordered =
            stamp_service_worker(SOURCE, &[("app-1.js", b"one"), ("index.html", b"<html>")])
                .unwrap();
        assert_eq!(one, reordered);
        let two = stamp_service_worker(SOURCE, &[("app-1.js", b"two"), ("index.html", b"<html>")])
            .unwrap();
        assert_ne!(one.version, two.version);
    }

    // A worker without the lines to stamp, or a name that would break the list, is refused.
    #[test]
    fn refuses_what_it_cannot_stamp() {
        assert!(matches!(
            stamp_service_worker("self.x = 1;", &[]),
            Err(StampError::MissingLines)
        ));
        assert!(matches!(
            stamp_service_worker(SOURCE, &[("a\".js", b"")]),
            Err(StampError::UnsafeName(_))
        ));
    }
}
