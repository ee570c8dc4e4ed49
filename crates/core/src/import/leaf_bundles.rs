//! Hugo's leaf bundles: a folder holding `index.md` is one page, and every other file in it,
//! Markdown included, is a resource of that page (a picture, an attachment, a fragment the page
//! includes), not an article of its own.

use std::collections::HashSet;
use std::path::Path;

/// The settings files of Hugo (`hugo.*`, and the older `config.*`) and Zola (`config.toml`).
const GENERATOR_SETTINGS: [&str; 6] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.json",
];

/// How many folders above the imported one may hold the site's settings (`site/content/posts/2021`
/// imported: three up).
const SETTINGS_LEVELS_UP: usize = 3;

/// Whether the leaf-bundle rule applies to this folder at all. An `index.md` beside other pages is
/// ordinary in a plain Markdown tree (a documentation folder's home page), and reading it as a
/// Hugo bundle would drop its siblings; so the rule applies only where the tree is a Hugo or Zola
/// content folder: it holds a section page (`_index.md`), or the site's settings file sits in the
/// imported folder, a few folders above it, or in the site root.
pub(crate) fn applies<'a>(
    root: &Path,
    site_root: Option<&Path>,
    mut rels: impl Iterator<Item = &'a str>,
) -> bool {
    let has_settings = |dir: &Path| {
        GENERATOR_SETTINGS
            .iter()
            .any(|name| dir.join(name).is_file())
    };
    if rels.any(|rel| {
        let name = rel.rsplit_once('/').map_or(rel, |(_, name)| name);
        name.eq_ignore_ascii_case("_index.md") || name.eq_ignore_ascii_case("_index.markdown")
    }) {
        return true;
    }
    if site_root.is_some_and(has_settings) {
        return true;
    }
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    root.ancestors()
        .take(SETTINGS_LEVELS_UP + 1)
        .any(has_settings)
}

/// The positions (in `rels`, `/`-separated paths relative to the imported folder) of the
/// Markdown files that are resources of a leaf bundle: below a folder (not the imported folder
/// itself) that holds `index.md` or `index.markdown`, through folders whose names do not start
/// with `_` (Jekyll's `_posts` beside a section's `index.md` hold posts, not resources).
pub(crate) fn resources<'a>(rels: impl Iterator<Item = &'a str> + Clone) -> HashSet<usize> {
    let leaves: HashSet<&str> = rels
        .clone()
        .filter_map(|rel| {
            let (folder, name) = rel.rsplit_once('/')?;
            let lower = name.to_ascii_lowercase();
            (lower == "index.md" || lower == "index.markdown").then_some(folder)
        })
        .collect();
    if leaves.is_empty() {
        return HashSet::new();
    }
    rels.enumerate()
        .filter(|(_, rel)| {
            let lower = rel.to_ascii_lowercase();
            let is_markdown = lower.ends_with(".md") || lower.ends_with(".markdown");
            let Some((folder, name)) = rel.rsplit_once('/') else {
                return false;
            };
            if !is_markdown
                || name.eq_ignore_ascii_case("index.md")
                || name.eq_ignore_ascii_case("index.markdown")
            {
                return false;
            }
            // Up through the folders above the file, stopping at one named `_…`.
            let mut folder = folder;
            loop {
                if leaves.contains(folder) {
                    return true;
                }
                let (above, last) = folder.rsplit_once('/').unwrap_or(("", folder));
                if last.starts_with('_') || above.is_empty() {
                    return false;
                }
                folder = above;
            }
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_needs_a_hugo_or_zola_tree() {
        let plain = std::env::temp_dir().join(format!("kiosque-leaf-{}", std::process::id()));
        let docs = plain.join("notes/docs");
        std::fs::create_dir_all(&docs).unwrap();
        let rels = ["docs/index.md", "docs/install.md"];
        assert!(
            !applies(&docs, None, rels.iter().copied()),
            "a plain docs tree keeps every page"
        );
        assert!(applies(
            &docs,
            None,
            ["_index.md", "docs/index.md", "docs/notes.md"]
                .iter()
                .copied()
        ));
        std::fs::write(plain.join("notes/hugo.toml"), "title = 'x'").unwrap();
        assert!(
            applies(&docs, None, rels.iter().copied()),
            "settings one folder up"
        );
        std::fs::remove_dir_all(&plain).unwrap();
    }

    #[test]
    fn only_index_is_a_page_in_a_leaf_bundle() {
        let rels = [
            "index.md",
            "posts/2021-voyage/index.md",
            "posts/2021-voyage/notes.md",
            "posts/2021-voyage/extra/more.md",
            "posts/2021-voyage/photo.jpg",
            "posts/other.md",
            "blog/index.md",
            "blog/_posts/2020-01-01-a.md",
        ];
        let found = resources(rels.iter().copied());
        let mut found: Vec<&str> = found.into_iter().map(|i| rels[i]).collect();
        found.sort();
        assert_eq!(
            found,
            [
                "posts/2021-voyage/extra/more.md",
                "posts/2021-voyage/notes.md"
            ]
        );
    }
}
