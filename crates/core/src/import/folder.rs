//! Walking a folder of articles: which files are articles, in which order, and what becomes of
//! every other entry.
//!
//! Every entry the walk meets is accounted for: a regular file inside the folder goes on to be
//! imported or passed over; a hidden entry (`.git`, `.DS_Store`) is passed over unread, a hidden
//! folder counting once; anything else is refused with its reason — a link that leads outside
//! the folder (`ln -s /etc/passwd passwd.md` must not publish the password file), a broken link,
//! a link looping back to a folder above it, a named pipe, socket or device (reading one could
//! block forever), a folder that cannot be read.

use std::path::{Path, PathBuf};

use super::{Diagnostic, Outcome};

/// What the walk found.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Every regular file inside the folder, in path order.
    pub files: Vec<PathBuf>,
    /// Hidden entries passed over (a hidden folder counts once, whatever it holds).
    pub hidden: usize,
    /// One diagnostic per refused entry, with [`Outcome::Refused`].
    pub refused: Vec<Diagnostic>,
}

/// Walks `root` recursively, sorted by name so every run sees the same order. Links are
/// followed only while they stay inside the folder.
pub(crate) fn walk(root: &Path) -> Walk {
    let mut walk = Walk::default();
    let canonical_root = std::fs::canonicalize(root).ok();
    let mut entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map_or_else(String::new, |p| relative(root, p));
                walk.refused.push(walk_error(&path, &e));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = relative(root, entry.path());
        let is_dir = entry.file_type().is_dir();
        if entry.file_name().to_string_lossy().starts_with('.') {
            walk.hidden += 1;
            if is_dir {
                entries.skip_current_dir();
            }
            continue;
        }
        // A link is checked where it really leads; what lies under a folder reached through an
        // inside link is inside too, unless it is a link itself, checked in turn.
        if entry.path_is_symlink() {
            let inside = match (&canonical_root, std::fs::canonicalize(entry.path())) {
                (Some(root), Ok(target)) => target.starts_with(root),
                _ => false,
            };
            if !inside {
                walk.refused.push(refusal(
                    &rel,
                    "is a link to a place outside the articles folder; it was not read",
                    "copy the file into the folder instead of linking to it",
                ));
                if is_dir {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        if is_dir {
            continue;
        }
        if entry.file_type().is_file() {
            walk.files.push(entry.into_path());
        } else {
            walk.refused.push(refusal(
                &rel,
                &format!(
                    "is {}, not a file; it was not read",
                    special_kind(&entry.file_type())
                ),
                "remove it from the articles folder",
            ));
        }
    }
    walk
}

fn refusal(path: &str, what: &str, hint: &str) -> Diagnostic {
    Diagnostic::warning(path, 1, 1, what)
        .outcome(Outcome::Refused)
        .hint(hint)
}

/// Why the walk could not go into an entry: a loop, a broken link, or a system error.
fn walk_error(path: &str, e: &walkdir::Error) -> Diagnostic {
    if e.loop_ancestor().is_some() {
        return refusal(
            path,
            "is a link back to a folder above it; it was not followed",
            "remove the link",
        );
    }
    let broken = e
        .io_error()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
        && e.path().is_some_and(|p| p.symlink_metadata().is_ok());
    if broken {
        return refusal(
            path,
            "is a link to a file that does not exist; it was not read",
            "remove the broken link, or restore the file it points to",
        );
    }
    let why = e
        .io_error()
        .map_or_else(|| e.to_string(), ToString::to_string);
    if e.path().is_some_and(|p| p.is_symlink()) {
        return refusal(
            path,
            &format!("is a link that cannot be followed ({why}); it was not read"),
            "remove the link, or point it at a file inside the folder",
        );
    }
    Diagnostic::error(path, 1, 1, format!("cannot be read: {why}"))
        .outcome(Outcome::Refused)
        .hint("check the permissions of the file or folder")
}

/// What a special file is, for messages.
fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    let _ = file_type;
    "a special file"
}

/// `.txt` and `.md` files are articles, except section pages (`_index.md`, and any name starting
/// with `_`) and a README, LICENSE, CHANGELOG or CONTRIBUTING file at the top of the folder.
pub(crate) fn is_article_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let lower = name.to_ascii_lowercase();
    let is_text = lower.ends_with(".txt") || lower.ends_with(".md") || lower.ends_with(".markdown");
    let at_root = !rel.contains('/');
    let root_doc = at_root
        && ["readme", "license", "licence", "changelog", "contributing"]
            .iter()
            .any(|doc| lower.starts_with(doc));
    is_text && !lower.starts_with('_') && !root_doc
}

/// `path` relative to `root`, `/`-separated whatever the system.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_articles_are_recognised() {
        assert!(is_article_file("a/b.md"));
        assert!(is_article_file("x.TXT"));
        assert!(is_article_file("notes.markdown"));
        assert!(!is_article_file("README.md"));
        assert!(!is_article_file("LICENSE"));
        assert!(is_article_file("posts/readme-tips.md"));
        assert!(!is_article_file("posts/_index.md"));
        assert!(!is_article_file("img/photo.png"));
    }
}
