//! Near-duplicates and related articles on tests/fixtures/similar: a French dispatch republished by
//! three outlets with small edits (one group), a follow-up on the same flood and two English
//! articles on the same tramway (related, not grouped), and three unrelated articles (neither).

use std::path::Path;

use kiosque_core::bundle::{self, read_similar};
use kiosque_core::import::import_dir;
use kiosque_core::search::{related, top_terms, DateRange, Searcher};
use kiosque_core::similar::detect::{similarity, THRESHOLD};
use kiosque_core::similar::SimilarGroups;
use kiosque_core::{markdown, ArticleDate};

struct Fixture {
    ids: Vec<String>,
    titles: Vec<String>,
    bodies: Vec<String>,
    searcher: Searcher,
    groups: SimilarGroups,
}

impl Fixture {
    fn load() -> Self {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/similar");
        let report = import_dir(&dir);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        let built = bundle::build(report.articles, Vec::new(), "test");
        let file = |name: &str| built.file(name).unwrap();
        let (manifest, opened) = built.open().unwrap();
        let entry = manifest
            .similar
            .as_ref()
            .expect("the manifest lists similar.bin");
        assert_eq!(entry.path, "similar.bin");
        assert!(manifest.files().any(|f| f.path == "similar.bin"));
        let groups = read_similar(entry, file("similar.bin"), opened.entries.len()).unwrap();
        let mut bodies = Vec::new();
        for n in 0..manifest.bodies.len() {
            let chunk =
                bundle::read_body_chunk(&manifest.bodies[n], file(&format!("bodies/{n:04}.bin")))
                    .unwrap();
            bodies.extend(chunk.bodies);
        }
        let metas: Vec<_> = opened.entries.iter().map(|e| e.meta.clone()).collect();
        Self {
            ids: metas.iter().map(|m| m.id.clone()).collect(),
            titles: metas.iter().map(|m| m.title.clone()).collect(),
            bodies,
            searcher: opened.searcher,
            groups,
        }
    }

    fn doc(&self, id: &str) -> u32 {
        self.ids
            .iter()
            .position(|i| i == id)
            .unwrap_or_else(|| panic!("no {id} in {:?}", self.ids)) as u32
    }

    fn related(&self, id: &str, dates: DateRange) -> Vec<&str> {
        let doc = self.doc(id);
        let text = markdown::stored::plain_text(&self.bodies[doc as usize]);
        let terms = top_terms(&self.searcher, &self.titles[doc as usize], text);
        related(&self.searcher, doc, &terms, &dates, &self.groups, 5)
            .into_iter()
            .map(|d| self.ids[d as usize].as_str())
            .collect()
    }
}

const OUEST: &str = "2024-03-04-crue-vilaine-ouest";
const GAZETTE: &str = "2024-03-04-crue-vilaine-gazette";
const COURRIER: &str = "2024-03-05-crue-vilaine-courrier";
const DEGATS: &str = "2024-03-12-crue-vilaine-degats";
const VIADUCT: &str = "2023-05-10-tramway-brest-viaduct";
const DEPOT: &str = "2024-09-02-tramway-brest-depot";
const UNRELATED: [&str; 3] = [
    "2021-11-20-chess-open",
    "2022-06-18-ruches-cooperative",
    "2023-01-15-fest-noz-boulangers",
];

#[test]
fn the_republished_dispatch_is_one_group_and_nothing_else_is_grouped() {
    let f = Fixture::load();
    assert_eq!(f.groups.len(), 1, "{:?}", f.groups.groups());
    let group: Vec<&str> = f.groups.groups()[0]
        .iter()
        .map(|&d| f.ids[d as usize].as_str())
        .collect();
    assert_eq!(group, [GAZETTE, OUEST, COURRIER]);
    for id in [DEGATS, VIADUCT, DEPOT].into_iter().chain(UNRELATED) {
        assert_eq!(f.groups.group_id(f.doc(id)), None, "{id}");
    }
}

#[test]
fn the_threshold_separates_copies_from_stories_on_the_same_subject() {
    let f = Fixture::load();
    let text = |id: &str| markdown::stored::plain_text(&f.bodies[f.doc(id) as usize]);
    for (a, b) in [(OUEST, GAZETTE), (OUEST, COURRIER), (GAZETTE, COURRIER)] {
        let s = similarity(text(a), text(b)).unwrap();
        assert!(s >= THRESHOLD, "{a} ~ {b}: {s}");
    }
    for (a, b) in [(OUEST, DEGATS), (VIADUCT, DEPOT)] {
        let s = similarity(text(a), text(b)).unwrap();
        assert!(s < 0.2, "{a} ~ {b}: {s}");
    }
}

#[test]
fn stories_on_the_same_subject_are_related_in_both_languages() {
    let f = Fixture::load();
    assert_eq!(f.related(VIADUCT, DateRange::default()), [DEPOT]);
    assert_eq!(f.related(DEPOT, DateRange::default()), [VIADUCT]);
    // The follow-up relates to the dispatch; the dispatch's own versions are never "related".
    let from_degats = f.related(DEGATS, DateRange::default());
    assert_eq!(
        from_degats.len(),
        1,
        "one version of the dispatch: {from_degats:?}"
    );
    assert!([OUEST, GAZETTE, COURRIER].contains(&from_degats[0]));
    assert_eq!(f.related(OUEST, DateRange::default()), [DEGATS]);
}

#[test]
fn unrelated_articles_have_no_related_ones() {
    let f = Fixture::load();
    for id in UNRELATED {
        assert!(
            f.related(id, DateRange::default()).is_empty(),
            "{id}: {:?}",
            f.related(id, DateRange::default())
        );
    }
}

#[test]
fn related_articles_follow_the_date_range() {
    let f = Fixture::load();
    let until_2023 = DateRange {
        from: None,
        to: ArticleDate::parse("2023-12").ok(),
        include_undated: false,
    };
    assert!(f.related(DEPOT, until_2023).contains(&VIADUCT));
    let from_2024 = DateRange {
        from: ArticleDate::parse("2024-01").ok(),
        to: None,
        include_undated: false,
    };
    assert!(f.related(DEPOT, from_2024).is_empty());
}

#[test]
fn more_like_this_is_a_search_of_the_distinctive_words() {
    use kiosque_core::search::{more_like_this_query, Query, SearchRequest};
    let f = Fixture::load();
    let doc = f.doc(VIADUCT);
    let text = markdown::stored::plain_text(&f.bodies[doc as usize]);
    let query = more_like_this_query(&top_terms(&f.searcher, &f.titles[doc as usize], text));
    assert!(
        query.contains("tramway") && query.contains(" OR "),
        "{query}"
    );
    assert!(query.ends_with(' '), "the last word is not a prefix");
    let hits = f.searcher.search(&SearchRequest {
        query: Query::parse(&query),
        ..SearchRequest::default()
    });
    let found: Vec<&str> = hits
        .hits
        .iter()
        .take(2)
        .map(|h| f.ids[h.doc as usize].as_str())
        .collect();
    assert_eq!(found, [VIADUCT, DEPOT]);
}
