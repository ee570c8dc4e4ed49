//! Making article ids unique.
//!
//! Files named alike in different folders (`deployment/overview.md`, `templates/overview.md`) are
//! an ordinary documentation tree, not a mistake: when ids taken from file names collide, each
//! such article takes as many of its folders as tell them apart (`deployment-overview`), an id
//! that depends only on its own path ([`qualify_by_folder`]). What still collides is an error:
//! An id is `date-slug` and appears in every shared link, so two files claiming the same id is an
//! **error**: whichever suffix one of them gets, a link to it depends on which other files exist.
//! Nothing is lost, though: the first file in path order keeps the id, each later one is
//! imported under the first free `-2`, `-3`… suffix that no other article claims, and the error
//! names both files so the publisher can give one a distinct `slug`.

use std::collections::{HashMap, HashSet};

use super::place::Place;
use super::{Diagnostic, Outcome};
use crate::article::Article;
use crate::slug;

/// Gives the articles whose ids come from their file names (`named_by_file[i]`) and collide
/// the folders that tell them apart: `2020-01-01-overview` in `deployment/` becomes
/// `2020-01-01-deployment-overview`. The fewest trailing folders that make the group's ids
/// distinct are used, the same number for the whole group.
pub(crate) fn qualify_by_folder(articles: &mut [Article], named_by_file: &[bool]) {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, article) in articles.iter().enumerate() {
        if named_by_file.get(i).copied().unwrap_or(false) {
            groups.entry(article.meta.id.as_str()).or_default().push(i);
        }
    }
    let groups: Vec<Vec<usize>> = groups
        .into_values()
        .filter(|members| members.len() > 1)
        .collect();
    for members in groups {
        let folders: Vec<Vec<String>> = members
            .iter()
            .map(|&i| {
                Place::of(&articles[i].meta.origin)
                    .folders
                    .split('/')
                    .filter(|f| !f.is_empty())
                    .map(slug::slugify)
                    .filter(|f| !f.is_empty())
                    .collect()
            })
            .collect();
        let deepest = folders.iter().map(Vec::len).max().unwrap_or(0);
        let prefix = |f: &Vec<String>, n: usize| f[f.len().saturating_sub(n)..].join("-");
        let Some(depth) = (1..=deepest).find(|&n| {
            let prefixes: HashSet<String> = folders.iter().map(|f| prefix(f, n)).collect();
            prefixes.len() == members.len()
        }) else {
            continue;
        };
        for (&i, f) in members.iter().zip(&folders) {
            let folder = prefix(f, depth);
            if folder.is_empty() {
                continue;
            }
            let meta = &mut articles[i].meta;
            let id = meta.id.clone();
            // The folder goes between the date and the name, which is the id's tail.
            let name = slug::slugify(Place::of(&meta.origin).name);
            meta.id = match id.strip_suffix(name.as_str()).filter(|_| !name.is_empty()) {
                Some(head) => format!("{head}{folder}-{name}"),
                None => format!("{folder}-{id}"),
            };
        }
    }
}

/// Renames colliding ids in place. `id_places[i]` is the line and column of the field that made
/// article `i`'s id (its `slug`), where the error points.
pub(crate) fn make_unique(
    articles: &mut [Article],
    id_places: &[(usize, usize)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Every id some article claims on its own: a suffix must not take one of them, or adding the
    // file that claims it would rename an article that is already linked to.
    let claimed: HashSet<String> = articles.iter().map(|a| a.meta.id.clone()).collect();
    let mut owner: HashMap<String, String> = HashMap::new();
    // The next suffix to try for each id: a suffix once found taken stays taken, so the search
    // resumes where it stopped and 20,000 copies of one id cost linear, not quadratic, time.
    let mut next_suffix: HashMap<String, u64> = HashMap::new();
    for (i, article) in articles.iter_mut().enumerate() {
        let id = &article.meta.id;
        let Some(first) = owner.get(id).cloned() else {
            owner.insert(id.clone(), article.meta.origin.clone());
            continue;
        };
        let base = id.clone();
        let next = next_suffix.entry(base.clone()).or_insert(2);
        let renamed = (*next..)
            .map(|n| (n, format!("{base}-{n}")))
            .find(|(_, candidate)| !claimed.contains(candidate) && !owner.contains_key(candidate))
            .map(|(n, candidate)| {
                *next = n + 1;
                candidate
            })
            .expect("some suffix is free");
        owner.insert(renamed.clone(), article.meta.origin.clone());
        let (line, column) = id_places.get(i).copied().unwrap_or((1, 1));
        diagnostics.push(
            Diagnostic::error(
                &article.meta.origin,
                line,
                column,
                format!(
                    "the id `{base}` is already taken by {first}; this article is imported as `{renamed}`, a link that changes if files are added or renamed"
                ),
            )
            .outcome(Outcome::Renamed)
            .hint("give one of the two articles a distinct `slug` (or date) so that links to both stay stable"),
        );
        article.meta.id = renamed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleMeta;

    fn article(id: &str, origin: &str) -> Article {
        Article {
            meta: ArticleMeta {
                id: id.into(),
                title: id.into(),
                date: None,
                authors: vec![],
                tags: vec![],
                source: None,
                lang: "fr".into(),
                summary: String::new(),
                reading_minutes: 1,
                origin: origin.into(),
            },
            body: String::new(),
        }
    }

    #[test]
    fn files_named_alike_take_their_folders() {
        let mut articles = vec![
            article("overview", "docs/deployment/overview.md"),
            article("overview", "docs/templates/overview.md"),
            article("2020-01-01-intro", "a/x/2020-01-01-intro.md"),
            article("2020-01-01-intro", "b/x/2020-01-01-intro.md"),
            article("2020-01-01-intro", "b/y/2020-01-01-intro.md"),
            article("faq", "faq.md"),
            article("faq", "help/faq.md"),
            article("kept", "one/kept.md"),
            article("kept", "two/kept.md"),
        ];
        let by_file = [true, true, true, true, true, true, true, false, true];
        qualify_by_folder(&mut articles, &by_file);
        let ids: Vec<_> = articles.iter().map(|a| a.meta.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "deployment-overview",
                "templates-overview",
                "2020-01-01-a-x-intro",
                "2020-01-01-b-x-intro",
                "2020-01-01-b-y-intro",
                "faq",
                "help-faq",
                "kept",
                "kept",
            ]
        );
    }

    #[test]
    fn later_files_get_a_suffix_nobody_claims() {
        let mut articles = vec![
            article("2020-01-01-a", "a.md"),
            article("2020-01-01-a", "b.md"),
            article("2020-01-01-a-2", "c.md"),
            article("2020-01-01-a", "d.md"),
        ];
        let mut d = Vec::new();
        make_unique(&mut articles, &[(1, 1), (3, 7), (1, 1), (1, 1)], &mut d);
        let ids: Vec<_> = articles.iter().map(|a| a.meta.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "2020-01-01-a",
                "2020-01-01-a-3",
                "2020-01-01-a-2",
                "2020-01-01-a-4"
            ]
        );
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].path.as_str(), d[0].line, d[0].column), ("b.md", 3, 7));
        assert_eq!(d[0].outcome, Outcome::Renamed);
        assert!(d[0].message.contains("already taken by a.md"));
    }

    #[test]
    fn many_copies_of_one_id_are_renamed_in_one_pass() {
        // 20,000 copies: each suffix is tried once (quadratic work took 36 s here).
        let n = 20_000;
        let mut articles: Vec<_> = (0..n)
            .map(|i| article("2020-01-01-a", &format!("{i:05}.md")))
            .collect();
        articles.push(article("2020-01-01-a-5", "claimed.md"));
        let mut d = Vec::new();
        make_unique(&mut articles, &[], &mut d);
        assert_eq!(d.len(), n - 1);
        assert_eq!(articles[3].meta.id, "2020-01-01-a-4");
        assert_eq!(
            articles[4].meta.id, "2020-01-01-a-6",
            "the claimed -5 is skipped"
        );
        assert_eq!(articles[n - 1].meta.id, format!("2020-01-01-a-{}", n + 1));
        let unique: std::collections::HashSet<_> = articles.iter().map(|a| &a.meta.id).collect();
        assert_eq!(unique.len(), n + 1);
    }
}
