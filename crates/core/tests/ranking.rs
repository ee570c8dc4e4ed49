//! Ranking that puts the reader's exact words first, and compounds written three ways.

use kiosque_core::bundle;
use kiosque_core::import::import_file;
use kiosque_core::search::{Query, SearchRequest, Searcher};

/// Imports `files`, bundles them, reads the bundle back and returns a searcher with the ids in
/// document order.
fn searcher(files: &[(&str, &str)]) -> (Searcher, Vec<String>) {
    let mut diagnostics = Vec::new();
    let articles = files
        .iter()
        .map(|(path, text)| import_file(path, text.as_bytes(), &mut diagnostics).expect("imports"))
        .collect();
    let (_, opened) = bundle::build(articles, Vec::new(), "test").open().unwrap();
    let ids = opened.entries.iter().map(|e| e.meta.id.clone()).collect();
    (opened.searcher, ids)
}

fn find(s: &(Searcher, Vec<String>), query: &str) -> Vec<String> {
    s.0.search(&SearchRequest {
        query: Query::parse(query),
        ..SearchRequest::default()
    })
    .hits
    .iter()
    .map(|h| s.1[h.doc as usize].clone())
    .collect()
}

// `midlife`, `mid-life` and `mid life` find one another, typed finished or while typing.
#[test]
fn compounds_written_three_ways_find_each_other() {
    let s = searcher(&[
        (
            "2020-01-01-hyphen.md",
            "# Hyphen\n\nA Mid-Life review of the servers.",
        ),
        (
            "2020-01-02-joined.md",
            "# Joined\n\nThe midlife refresh of the network.",
        ),
        (
            "2020-01-03-spaced.md",
            "# Spaced\n\nIn mid life the disks slow down.",
        ),
        (
            "2020-01-04-other.md",
            "# Other\n\nLife in the middle of nowhere, mid way.",
        ),
    ]);
    for query in [
        "midlife ",
        "mid-life ",
        "\"mid life\"",
        "midlife",
        "Mid-Life",
    ] {
        let mut found = find(&s, query);
        found.sort();
        assert_eq!(
            found,
            [
                "2020-01-01-hyphen",
                "2020-01-02-joined",
                "2020-01-03-spaced"
            ],
            "{query}"
        );
    }
    // Two words apart are ANDed anywhere, and find the joined form too.
    let found = find(&s, "mid life ");
    for id in [
        "2020-01-01-hyphen",
        "2020-01-02-joined",
        "2020-01-03-spaced",
        "2020-01-04-other",
    ] {
        assert!(found.contains(&id.to_owned()), "{found:?}");
    }
}

// A word matched as typed, or as the beginning of a word, in a body ranks above a word needing a
// typo in a title; with the same typos, the title and then recency weigh.
#[test]
fn fewer_typos_rank_first_whatever_the_field() {
    let s = searcher(&[
        ("2021-05-01-typo-title.md", "# Migraton plan\n\nNothing else to see in this note."),
        (
            "2019-03-01-exact-body.md",
            "# Quarterly notes\n\nA long note about many things: budgets, people, rooms, and a migration that went well, and more words after that to make the body long enough.",
        ),
    ]);
    assert_eq!(
        find(&s, "migration "),
        ["2019-03-01-exact-body", "2021-05-01-typo-title"]
    );

    let s = searcher(&[
        (
            "2018-01-01-old-body.md",
            "# Notes\n\nThe archive moved to tape.",
        ),
        (
            "2022-01-01-new-body.md",
            "# Notes\n\nThe archive moved to tape.",
        ),
        (
            "2015-01-01-title.md",
            "# Archive\n\nMoved to tape long ago.",
        ),
    ]);
    assert_eq!(
        find(&s, "archive "),
        [
            "2015-01-01-title",
            "2022-01-01-new-body",
            "2018-01-01-old-body"
        ]
    );
}
