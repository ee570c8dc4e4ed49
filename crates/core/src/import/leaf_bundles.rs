//! Hugo's leaf bundles: a folder holding `index.md` is one page, and every other file in it,
//! Markdown included, is a resource of that page (a picture, an attachment, a fragment the page
//! includes), not an article of its own.

use std::collections::HashSet;

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
