//! The rows a list shows: search results with near-duplicates folded, shared between the list
//! and the article page (whose previous and next links walk the same rows).

use std::collections::HashSet;
use std::rc::Rc;

use kiosque_core::search::SearchResults;
use kiosque_core::similar::{Folded, SimilarGroups};

/// Search results shared between components; equal when they are the same search.
#[derive(Clone)]
pub struct SharedResults(pub Rc<SearchResults>);

impl PartialEq for SharedResults {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The rows a list shows: the results with each group of near-duplicates folded into its first
/// member (and, for the groups the reader expanded, its other versions under it). Equal when they
/// are the same list.
#[derive(Clone)]
pub struct SharedRows(pub Rc<Vec<Folded>>);

impl PartialEq for SharedRows {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl SharedRows {
    /// The rows of `results`: folded by `groups` (when they have arrived and the reader did not
    /// ask for every version), with the `expanded` groups' other versions listed.
    pub fn of(
        results: &SearchResults,
        groups: Option<&SimilarGroups>,
        show_all: bool,
        expanded: &HashSet<u32>,
    ) -> Self {
        match groups {
            Some(groups) if !show_all && !groups.is_empty() => Self(Rc::new(
                groups.fold(results.hits.iter().map(|h| h.doc), |g| {
                    expanded.contains(&g)
                }),
            )),
            _ => Self(Rc::new(
                results
                    .hits
                    .iter()
                    .map(|h| Folded {
                        doc: h.doc,
                        others: 0,
                        group: None,
                        version: false,
                    })
                    .collect(),
            )),
        }
    }
}

/// Matching articles ignoring the date range (the timeline and undated counts ignore it).
pub fn count_at_all_dates(results: &SearchResults) -> usize {
    results
        .timeline
        .iter()
        .map(|b| b.count as usize)
        .sum::<usize>()
        + results.undated as usize
}

/// The articles before and after `doc` in `rows`, as the list shows them. An article the list
/// folds away (another version of a group) stands in its group's row: `group_of` says which.
/// `None` when `doc` is not in the list at all.
pub fn neighbours(
    rows: &[Folded],
    doc: u32,
    group_of: impl Fn(u32) -> Option<u32>,
) -> Option<(Option<u32>, Option<u32>)> {
    let at = rows.iter().position(|r| r.doc == doc).or_else(|| {
        let group = group_of(doc)?;
        rows.iter().position(|r| r.group == Some(group))
    })?;
    let before = at.checked_sub(1).map(|i| rows[i].doc);
    let after = rows.get(at + 1).map(|r| r.doc);
    Some((before, after))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn row(doc: u32, group: Option<u32>) -> Folded {
        Folded {
            doc,
            others: 0,
            group,
            version: false,
        }
    }

    #[test]
    fn neighbours_walk_the_rows_shown_not_the_hits() {
        // Hits 1, 7, 8, 9, 2 where 7, 8 and 9 are versions of one story (group 0), folded into 7.
        let rows = [row(1, None), row(7, Some(0)), row(2, None)];
        let group_of = |d: u32| matches!(d, 7..=9).then_some(0);
        assert_eq!(neighbours(&rows, 1, group_of), Some((None, Some(7))));
        assert_eq!(neighbours(&rows, 7, group_of), Some((Some(1), Some(2))));
        assert_eq!(neighbours(&rows, 2, group_of), Some((Some(7), None)));
        // A folded version, opened from elsewhere, stands where its group's row is.
        assert_eq!(neighbours(&rows, 9, group_of), Some((Some(1), Some(2))));
        assert_eq!(neighbours(&rows, 5, group_of), None);
    }

    #[test]
    fn groups_fold_unless_every_version_is_asked_for() {
        let groups = SimilarGroups::new(10, vec![vec![7, 8, 9]]);
        let results = SearchResults {
            hits: [1, 7, 8, 9, 2]
                .into_iter()
                .map(|doc| kiosque_core::search::Hit {
                    doc,
                    score: 0.0,
                    typos: 0,
                })
                .collect(),
            ..Default::default()
        };
        let docs = |rows: SharedRows| rows.0.iter().map(|r| r.doc).collect::<Vec<_>>();
        let none = HashSet::new();
        assert_eq!(
            docs(SharedRows::of(&results, Some(&groups), false, &none)),
            [1, 7, 2]
        );
        assert_eq!(
            docs(SharedRows::of(&results, Some(&groups), true, &none)),
            [1, 7, 8, 9, 2]
        );
        assert_eq!(
            docs(SharedRows::of(&results, None, false, &none)),
            [1, 7, 8, 9, 2]
        );
        let open = HashSet::from([groups.group_id(7).unwrap()]);
        assert_eq!(
            docs(SharedRows::of(&results, Some(&groups), false, &open)),
            [1, 7, 8, 9, 2]
        );
    }
}
