//! Walking a folder of articles: which files are articles, in which order.

use std::path::{Path, PathBuf};

use super::Diagnostic;

/// Every regular file under `root`, recursively, sorted by path so every run sees the same order;
/// hidden files and folders (`.git`, `.DS_Store`) are left out. Entries that cannot be read become
/// diagnostics.
pub(crate) fn files(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map_or_else(String::new, |p| relative(root, p));
                let what = if e.loop_ancestor().is_some() {
                    "is a link back to a folder above it; it was not followed".to_owned()
                } else {
                    format!(
                        "cannot be read: {}",
                        e.io_error()
                            .map_or_else(|| e.to_string(), ToString::to_string)
                    )
                };
                diagnostics.push(
                    Diagnostic::error(&path, 1, 1, what)
                        .hint("check the file's permissions, or remove the broken link"),
                );
            }
        }
    }
    files
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
