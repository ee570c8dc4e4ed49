//! Search behaviour end to end: articles imported, bundled, read back and queried.

use kiosque_core::bundle;
use kiosque_core::import::import_file;
use kiosque_core::search::{
    DateRange, FacetKind, Index, Query, SearchRequest, SearchResults, Searcher, Sort,
};
use kiosque_core::ArticleDate;

/// A small corpus covering each behaviour, as files a publisher would have.
const CORPUS: &[(&str, &str)] = &[
    ("zoom.txt", " date 2020-04 Zoom a choisi Oracle comme fournisseur de services cloud. La sécurité de l'application est critiquée.\n\nLes faits\n\nLe chiffrement de bout en bout arrive."),
    ("2020-05-10-teams.md", "---\ntitle: Teams progresse\nauthors: [Claire Martin]\ntags: [visioconférence]\nsource: La Lettre du Cloud\nlang: fr\n---\nMicrosoft Teams gagne des utilisateurs face à Zoom pendant le confinement."),
    ("2021-03-10-incendie.md", "---\ntitle: Incendie à Strasbourg\nauthor: Paul Durand\ntags: [datacenter, sécurité]\nsource: Le Journal du Réseau\n---\nLes services du fournisseur sont coupés ; le fournisseur promet un retour des services."),
    ("2019-06-01-js.md", "---\ntitle: JavaScript everywhere\nlang: en\ntags: [web]\n---\nJavaScript runs in every browser. Encrypted connections are the norm."),
    ("2018.txt", " date 2018 Une année de données chiffrées et de pannes.\n\nBilan\n\nLe cloud souverain reste un projet."),
    ("undated.md", "# Sans date\n\nUn texte sur la sécurité sans date connue."),
    ("2022-01-05-oracle.md", "---\ntitle: Oracle et Zoom renouvellent leur contrat\n---\nLe contrat entre Oracle et Zoom est prolongé de trois ans."),
];

fn searcher() -> (Searcher, Vec<String>) {
    let mut diagnostics = Vec::new();
    let articles = CORPUS
        .iter()
        .map(|(path, text)| import_file(path, text.as_bytes(), &mut diagnostics).expect("imports"))
        .collect();
    let (_, opened) = bundle::build(articles, Vec::new(), "test").open().unwrap();
    let ids = opened.entries.iter().map(|e| e.meta.id.clone()).collect();
    (opened.searcher, ids)
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: Query::parse(query),
        ..SearchRequest::default()
    }
}

fn ids(results: &SearchResults, ids: &[String]) -> Vec<String> {
    results
        .hits
        .iter()
        .map(|h| ids[h.doc as usize].clone())
        .collect()
}

fn find(query: &str) -> Vec<String> {
    let (s, all) = searcher();
    ids(&s.search(&request(query)), &all)
}

fn contains(found: &[String], fragment: &str) -> bool {
    found.iter().any(|id| id.contains(fragment))
}

// Accents are ignored: `securite` finds `sécurité`.
#[test]
fn accents_fold() {
    let found = find("securite ");
    assert!(contains(&found, "2020-04-zoom"), "{found:?}");
    assert!(contains(&found, "undated"), "{found:?}");
}

// French elisions are stripped at index and query time.
#[test]
fn elisions_strip() {
    assert!(contains(&find("l'application "), "2020-04-zoom"));
    assert!(contains(&find("application "), "2020-04-zoom"));
}

// French stemming joins a participle and its noun; English stemming joins inflections.
#[test]
fn stems_match() {
    let found = find("chiffré ");
    assert!(contains(&found, "2020-04-zoom"), "chiffrement: {found:?}");
    assert!(contains(&found, "2018-une-annee"), "chiffrées: {found:?}");
    assert!(contains(&find("connection "), "2019-06-01-js"));
}

// The word being typed matches as a prefix.
#[test]
fn prefix_while_typing() {
    let found = find("oracl");
    assert!(
        contains(&found, "2020-04-zoom") && contains(&found, "oracle"),
        "{found:?}"
    );
    assert!(
        contains(&find("zoo"), "2020-04-zoom"),
        "short words match as prefixes while typed"
    );
    assert!(
        find("zoo ").is_empty(),
        "a finished short word must match exactly"
    );
}

// A typo is forgiven in words of 5+ letters; 2 in words of 9+.
#[test]
fn typos_forgiven() {
    assert!(contains(&find("javscript "), "2019-06-01-js"));
    assert!(
        contains(&find("jvascriptt "), "2019-06-01-js"),
        "two edits in a 9-letter word"
    );
    assert!(find("zoon ").is_empty(), "no typo in a 4-letter word");
}

// A phrase matches only consecutive words.
#[test]
fn phrases_are_exact() {
    let found = find("\"fournisseur de services\"");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(contains(&found, "2020-04-zoom"));
}

// Exclusions remove documents, words are ANDed, OR offers alternatives.
#[test]
fn boolean_operators() {
    let found = find("zoom -oracle");
    assert!(contains(&found, "teams"), "{found:?}");
    assert!(
        !contains(&found, "2020-04-zoom") && !contains(&found, "oracle"),
        "{found:?}"
    );
    assert_eq!(find("zoom contrat ").len(), 1);
    let either = find("strasbourg OR javascript ");
    assert_eq!(either.len(), 2, "{either:?}");
    assert!(find("zoom -\"fournisseur de services\"")
        .iter()
        .all(|id| !id.contains("2020-04-zoom")));
}

// Fields restrict where a word must occur.
#[test]
fn fields_restrict() {
    let in_title = find("title:contrat ");
    assert_eq!(in_title, ["2022-01-05-oracle"]);
    assert_eq!(find("contrat ").len(), 1);
    assert_eq!(
        find("title:fournisseur ").len(),
        1,
        "the clipping's derived title holds it"
    );
    assert!(
        find("title:bout ").is_empty(),
        "body words are not title words"
    );
    assert_eq!(find("bout ").len(), 1);
    assert!(contains(&find("author:durand "), "incendie"));
    assert!(
        contains(&find("auteur:claire"), "teams"),
        "prefix in a field while typing"
    );
    assert_eq!(find("tag:securite ").len(), 1);
    assert!(contains(&find("source:\"journal du reseau\""), "incendie"));
}

// Malformed input never fails; it degrades to its words.
#[test]
fn malformed_queries_degrade() {
    for query in [
        "\"unclosed zoom",
        "-",
        "OR OR",
        "zoom OR",
        "title:",
        "\"\"",
        "-\"",
        "((",
        "::",
    ] {
        let _ = find(query);
    }
    assert!(contains(&find("\"fournisseur zoom"), "2020-04-zoom"));
    assert_eq!(find("OR OR").len(), CORPUS.len());
}

// A month-dated article is inside any range overlapping its month.
#[test]
fn date_ranges_honour_precision() {
    let (s, all) = searcher();
    let range = |from: Option<&str>, to: Option<&str>| {
        let mut r = request("");
        r.dates = DateRange {
            from: from.map(|d| ArticleDate::parse(d).unwrap()),
            to: to.map(|d| ArticleDate::parse(d).unwrap()),
            include_undated: false,
        };
        ids(&s.search(&r), &all)
    };
    assert!(contains(
        &range(Some("2020-01"), Some("2020-06")),
        "2020-04-zoom"
    ));
    assert!(!contains(&range(Some("2020-05"), None), "2020-04-zoom"));
    assert!(
        contains(&range(Some("2018-07"), Some("2018-07")), "2018-une-annee"),
        "year-dated in a month"
    );
    assert!(
        !contains(&range(Some("2018"), None), "undated"),
        "undated excluded by a range"
    );
}

// Sorting, facets and the timeline describe the current query.
#[test]
fn sorts_facets_and_timeline() {
    let (s, all) = searcher();
    let mut r = request("");
    r.sort = Sort::Newest;
    let newest = ids(&s.search(&r), &all);
    assert!(newest[0].starts_with("2022-01-05"), "{newest:?}");
    assert_eq!(newest.last().unwrap(), "undated", "undated last");
    r.sort = Sort::Oldest;
    let oldest = ids(&s.search(&r), &all);
    assert!(oldest[0].starts_with("2018"), "{oldest:?}");

    let results = s.search(&request("zoom "));
    let months: Vec<_> = results
        .timeline
        .iter()
        .map(|b| (b.year, b.month, b.count))
        .collect();
    assert_eq!(months, [(2020, 4, 1), (2020, 5, 1), (2022, 1, 1)]);
    let tags: Vec<_> = results
        .facets
        .iter()
        .filter(|f| f.kind == FacetKind::Tag)
        .map(|f| (f.value.as_str(), f.count))
        .collect();
    assert_eq!(tags, [("visioconférence", 1)]);

    let mut r = request("");
    r.facets = vec![
        (FacetKind::Tag, "securite".into()),
        (FacetKind::Tag, "web".into()),
    ];
    let selected = s.search(&r);
    assert_eq!(selected.hits.len(), 2);
    let datacenter = selected
        .facets
        .iter()
        .find(|f| f.value == "datacenter")
        .unwrap();
    assert_eq!(datacenter.count, 1);
    assert!(
        selected
            .facets
            .iter()
            .any(|f| f.value == "visioconférence" && !f.selected),
        "other tags still counted"
    );
}

// Ranking: a word in the title beats the same word once in a body; exact forms beat variants.
#[test]
fn ranking_prefers_titles_and_exact_forms() {
    let found = find("oracle ");
    assert_eq!(
        found[0], "2022-01-05-oracle",
        "title and body beat a single mention: {found:?}"
    );
    let found = find("javascript ");
    assert!(found[0].contains("2019-06-01-js"));
}

// Phrases across many documents: only consecutive occurrences count, in any document position.
#[test]
fn phrases_across_documents() {
    use kiosque_core::search::IndexBuilder;
    let bodies = [
        "alpha beta gamma alpha beta",
        "beta alpha",
        "x y alpha beta",
        "alpha x beta",
        "beta beta alpha alpha beta",
    ];
    let mut builder = IndexBuilder::new();
    let mut metas = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        builder.add("", body, "en");
        let mut diagnostics = Vec::new();
        let article = import_file(
            &format!("{i}.md"),
            format!("# t{i}\n\n{body}").as_bytes(),
            &mut diagnostics,
        )
        .unwrap();
        metas.push(article.meta);
    }
    let searcher = Searcher::new(Index::new(builder.finish()).unwrap(), &metas);
    let docs = |q: &str| {
        let mut d: Vec<u32> = searcher
            .search(&request(q))
            .hits
            .iter()
            .map(|h| h.doc)
            .collect();
        d.sort();
        d
    };
    assert_eq!(docs("\"alpha beta\""), [0, 2, 4]);
    assert_eq!(docs("\"beta alpha\""), [1, 4]);
    assert_eq!(docs("\"alpha beta gamma\""), [0]);
    assert_eq!(docs("\"beta beta alpha alpha\""), [4]);
    assert!(docs("\"gamma beta\"").is_empty());
}

// A reader's collection narrows a search: the hits, the timeline and the facet counts count only
// the documents kept, with the query and filters still applied.
#[test]
fn search_where_counts_only_the_kept_documents() {
    let (searcher, all) = searcher();
    let kept: Vec<u32> = all
        .iter()
        .enumerate()
        .filter(|(_, id)| id.contains("teams") || id.contains("incendie") || id.contains("js"))
        .map(|(i, _)| i as u32)
        .collect();
    assert_eq!(kept.len(), 3, "{all:?}");
    let everything = searcher.search_where(&request(""), |d| kept.contains(&d));
    let mut found = ids(&everything, &all);
    found.sort();
    assert_eq!(found.len(), 3, "{found:?}");
    let timeline: u32 = everything.timeline.iter().map(|b| b.count).sum();
    assert_eq!(timeline + everything.undated, 3);
    let fr = everything
        .facets
        .iter()
        .find(|f| f.kind == FacetKind::Lang && f.value == "fr")
        .map(|f| f.count);
    assert_eq!(fr, Some(2), "{:?}", everything.facets);
    // The query still applies inside the collection.
    let services = searcher.search_where(&request("services "), |d| kept.contains(&d));
    assert_eq!(
        ids(&services, &all).len(),
        1,
        "only the fire among the kept"
    );
    assert!(ids(&services, &all)[0].contains("incendie"));
    assert!(searcher
        .search_where(&request(""), |_| false)
        .hits
        .is_empty());
}
