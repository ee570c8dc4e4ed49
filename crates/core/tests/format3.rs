//! Bundle format 3 against format 2: the same articles give the same results, whether every piece
//! is loaded or only the pieces a search asks for; pieces of another bundle, of another kind or
//! damaged are refused without a panic.

use std::collections::HashMap;
use std::path::Path;

use kiosque_core::bundle::v3::{
    build_v3_sized, check_piece_ref, decode_date_runs, encode_date_runs, framed, inflate,
    write_v3_streamed, BodySpill, CardGroup, Lookup, PartialBundle, PieceError, PieceId, PieceKind,
    PieceSizes, SpilledCorpus, UnusablePiece, FULL_GROUPS_KEPT, PIECE_HEADER_LEN, ROWS_PER_GROUP,
};
use kiosque_core::bundle::{self, read_catalog, read_index, read_manifest, read_positions};
use kiosque_core::date::ArticleDate;
use kiosque_core::import::import_dir;
use kiosque_core::search::{
    DateRange, FacetKind, Index, Query, SearchRequest, SearchResults, Searcher, Sort,
};
use kiosque_core::{Article, ArticleMeta};

/// Small shards, so that even a small corpus is cut in many and partial loading is exercised.
const SMALL: PieceSizes = PieceSizes {
    term_shard_bytes: 2048,
    positions_bytes: 4096,
    id_shard_bytes: 256,
};
/// Smaller still for the handful of fixture articles.
const TINY: PieceSizes = PieceSizes {
    term_shard_bytes: 128,
    positions_bytes: 256,
    id_shard_bytes: 64,
};

/// The facets piece.
const FACETS: PieceId = PieceId {
    kind: PieceKind::Facets,
    number: 0,
};

/// Both formats of the same articles.
struct Pair {
    v2: Searcher,
    v2_ids: Vec<String>,
    head: Vec<u8>,
    /// Inflated pieces by path.
    pieces: HashMap<String, Vec<u8>>,
    /// Every piece's path (text groups and body chunks included, which the card groups name).
    paths: HashMap<PieceId, String>,
}

/// Adds what every card group names ([`PartialBundle::name_all`]), its inflated bytes from
/// `inflated`: then every piece is known, and no card is kept.
fn name_all(bundle: &mut PartialBundle, inflated: &dyn Fn(&str) -> Vec<u8>) {
    assert!(!bundle.all_named() || bundle.is_empty());
    bundle
        .name_all(|file| Ok::<_, UnusablePiece>(inflated(&file.path)))
        .unwrap();
    assert!(bundle.all_named());
    let mut cards = bundle
        .pieces()
        .into_iter()
        .filter(|p| p.kind == PieceKind::Cards);
    assert!(cards.all(|p| !bundle.has_cards(p.number)), "names only");
}

impl Pair {
    fn new(articles: Vec<Article>) -> Self {
        Self::sized(articles, SMALL)
    }

    fn sized(articles: Vec<Article>, sizes: PieceSizes) -> Self {
        Self::written(articles, sizes, false)
    }

    /// Format 2 and format 3, written in memory or streamed (`kiosque bundle --format 3`).
    fn written(articles: Vec<Article>, sizes: PieceSizes, streamed: bool) -> Self {
        let built = bundle::build(articles.clone(), Vec::new(), "test");
        let file = |name: &str| &built.files.iter().find(|(p, _)| p == name).unwrap().1;
        let manifest = read_manifest(file("manifest.json")).unwrap();
        let catalog = read_catalog(&manifest.catalog, file("catalog.bin")).unwrap();
        let mut data = read_index(&manifest.index, file("index.bin")).unwrap();
        data.positions = read_positions(&manifest.positions, file("positions.bin")).unwrap();
        let v2 = Searcher::new(Index::new(data).unwrap(), &catalog.entries);
        let (head_path, files) = if streamed {
            streamed_files(articles, sizes)
        } else {
            let v3 = build_v3_sized(articles, Vec::new(), "test", sizes);
            (v3.manifest.head.path.clone(), v3.files)
        };
        let mut pieces: HashMap<String, Vec<u8>> = files
            .iter()
            .filter(|(p, _)| p.ends_with(".bin"))
            .map(|(p, b)| (p.clone(), inflate(b, 1 << 30).unwrap()))
            .collect();
        let head = pieces.remove(&head_path).unwrap();
        // The head names every piece, with the size and SHA-256 prefix of its stored file.
        let stored: HashMap<&str, &[u8]> = files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        let mut bundle = PartialBundle::open(&head).unwrap();
        name_all(&mut bundle, &|path| pieces[path].clone());
        let mut paths = HashMap::new();
        for piece in bundle.pieces() {
            let file = bundle.file(piece).unwrap();
            check_piece_ref(&file, stored[file.path.as_str()]).unwrap();
            paths.insert(piece, file.path);
        }
        assert_eq!(
            bundle.pieces().len(),
            pieces.len(),
            "every piece is named once"
        );
        Self {
            v2,
            v2_ids: catalog.entries.iter().map(|e| e.meta.id.clone()).collect(),
            head,
            pieces,
            paths,
        }
    }

    fn open(&self) -> PartialBundle {
        PartialBundle::open(&self.head).unwrap()
    }

    /// A piece's inflated bytes (whether `bundle` knows it yet or not).
    fn piece(&self, _bundle: &PartialBundle, piece: PieceId) -> &[u8] {
        &self.pieces[&self.paths[&piece]]
    }

    fn add(&self, bundle: &mut PartialBundle, piece: PieceId) {
        let bytes = self.piece(bundle, piece).to_vec();
        bundle.add(piece, &bytes).unwrap();
    }

    /// Every piece added: what the head names, then what the card groups name.
    fn full(&self) -> PartialBundle {
        let mut bundle = self.open();
        for _round in 0..2 {
            for piece in bundle.remaining() {
                self.add(&mut bundle, piece);
            }
        }
        assert!(bundle.remaining().is_empty());
        assert!(bundle.all_named());
        bundle
    }

    /// Loads what `needs` asks until it asks nothing; the pieces loaded.
    fn needed(&self, bundle: &mut PartialBundle, request: &SearchRequest) -> usize {
        let mut loaded = 0;
        for _round in 0..20 {
            let needs = bundle.needs(request);
            if needs.is_empty() {
                return loaded;
            }
            for piece in needs {
                self.add(bundle, piece);
                loaded += 1;
            }
        }
        panic!("needs never settles for {request:?}");
    }

    /// Format 3 fully loaded and loaded by need give format 2's results for every request.
    fn check(&self, requests: &[SearchRequest]) {
        let mut full = self.full();
        let mut partial_total = 0;
        for request in requests {
            let expected = self.v2.search(request);
            let got = full.search(request);
            assert!(got.missing.is_empty(), "{request:?}");
            same(&expected, &got.results, request, "fully loaded");
            let mut partial = self.open();
            partial_total += self.needed(&mut partial, request);
            let got = partial.search(request);
            assert!(
                got.missing.is_empty() && !got.phrases_unchecked && !got.rare_spellings_pending
            );
            // Without the facets piece everything but the facet counts is exact, and the
            // results say the counts are not to be shown; with it, the counts are exact too.
            if got.facets_pending {
                assert!(partial.remaining().contains(&FACETS), "{request:?}");
                assert!(request.facets.is_empty(), "a facet filter needs the facets");
                let mut without = expected.clone();
                without.facets = got.results.facets.clone();
                same(
                    &without,
                    &got.results,
                    request,
                    "loaded by need, facets pending",
                );
                self.add(&mut partial, FACETS);
                let got = partial.search(request);
                assert!(!got.facets_pending && got.missing.is_empty());
                same(
                    &expected,
                    &got.results,
                    request,
                    "loaded by need, then the facets",
                );
            } else {
                assert!(!partial.remaining().contains(&FACETS));
                same(&expected, &got.results, request, "loaded by need");
            }
        }
        let shards = self
            .open()
            .remaining()
            .iter()
            .filter(|p| p.kind == PieceKind::Terms)
            .count();
        assert!(shards > 3, "the corpus is cut in several shards ({shards})");
        assert!(
            partial_total < requests.len() * shards,
            "needs asks for less than everything ({partial_total} pieces for {} requests of {shards} shards)",
            requests.len()
        );
    }
}

/// `articles` written by the streamed writer into a temporary folder: the head's path and every
/// file's path and bytes.
fn streamed_files(articles: Vec<Article>, sizes: PieceSizes) -> (String, Vec<(String, Vec<u8>)>) {
    let dir = tempfile::tempdir().unwrap();
    let (out, work) = (dir.path().join("bundle"), dir.path().join("work"));
    std::fs::create_dir_all(&work).unwrap();
    let mut spill = BodySpill::create(&work.join("bodies")).unwrap();
    let mut metas = Vec::new();
    let mut tokens = Vec::new();
    // Bodies spilled in another order than the articles': the import hands them over as the
    // files are read.
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.reverse();
    let mut by_index: Vec<Option<u64>> = vec![None; articles.len()];
    for &i in &order {
        by_index[i] = Some(spill.put(articles[i].body.clone()));
    }
    for (article, token) in articles.into_iter().zip(by_index) {
        metas.push(article.meta);
        tokens.push(token.unwrap());
    }
    let corpus = SpilledCorpus {
        metas,
        tokens,
        refs: None,
        spill,
    };
    let written = write_v3_streamed(corpus, Vec::new(), "test", sizes, &out, &work).unwrap();
    let head_path = written.manifest.head.path.clone();
    let head = std::fs::read(out.join(&head_path)).unwrap();
    let mut bundle = PartialBundle::open(&inflate(&head, 1 << 30).unwrap()).unwrap();
    name_all(&mut bundle, &|path| {
        inflate(&std::fs::read(out.join(path)).unwrap(), 1 << 30).unwrap()
    });
    let mut files = vec![(head_path, head)];
    for piece in bundle.pieces() {
        let path = bundle.path(piece).unwrap();
        let bytes = std::fs::read(out.join(&path)).unwrap();
        files.push((path, bytes));
    }
    assert_eq!(files.len() as u32, written.manifest.piece_count + 1);
    assert_eq!(
        std::fs::read_dir(&work).unwrap().count(),
        0,
        "the spilled bodies and positions are removed"
    );
    (written.manifest.head.path, files)
}

fn same(expected: &SearchResults, got: &SearchResults, request: &SearchRequest, how: &str) {
    if expected.hits != got.hits {
        let first = expected
            .hits
            .iter()
            .zip(&got.hits)
            .position(|(a, b)| a != b);
        panic!(
            "{how}: hits of {request:?} differ: {} against {}, first at {first:?}: {:?} against {:?}",
            expected.hits.len(),
            got.hits.len(),
            first.map(|i| expected.hits[i]),
            first.map(|i| got.hits[i]),
        );
    }
    assert_eq!(
        expected.timeline, got.timeline,
        "{how}: timeline of {request:?}"
    );
    assert_eq!(
        expected.undated, got.undated,
        "{how}: undated of {request:?}"
    );
    assert_eq!(expected.facets, got.facets, "{how}: facets of {request:?}");
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: Query::parse(query),
        ..SearchRequest::default()
    }
}

fn with(query: &str, change: impl FnOnce(&mut SearchRequest)) -> SearchRequest {
    let mut r = request(query);
    change(&mut r);
    r
}

fn fixtures() -> Vec<Article> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import");
    let articles = import_dir(&root).articles;
    assert!(articles.len() > 20, "the fixtures import");
    articles
}

/// A deterministic corpus in French and English with shared words, stems, rare words,
/// authors, tags, sources and dates at every precision.
fn generated(n: usize) -> Vec<Article> {
    const FRENCH: &[&str] = &[
        "économie",
        "économique",
        "économies",
        "france",
        "français",
        "française",
        "gouvernement",
        "chiffrement",
        "chiffré",
        "chiffres",
        "sécurité",
        "sécuriser",
        "fournisseur",
        "services",
        "service",
        "marché",
        "marchés",
        "entreprise",
        "entreprises",
        "numérique",
        "réseau",
        "réseaux",
        "données",
        "nuage",
        "souverain",
        "souveraineté",
        "politique",
        "élection",
        "élections",
        "budget",
        "dette",
        "croissance",
        "emploi",
        "industrie",
        "énergie",
        "nucléaire",
        "mid-life",
        "le",
        "la",
        "de",
        "des",
        "et",
        "un",
        "une",
        "pour",
        "dans",
    ];
    const ENGLISH: &[&str] = &[
        "economy",
        "economic",
        "economics",
        "france",
        "government",
        "encryption",
        "encrypted",
        "security",
        "secure",
        "provider",
        "services",
        "service",
        "market",
        "markets",
        "company",
        "digital",
        "network",
        "networks",
        "data",
        "cloud",
        "sovereign",
        "policy",
        "election",
        "budget",
        "debt",
        "growth",
        "jobs",
        "industry",
        "energy",
        "midlife",
        "the",
        "of",
        "and",
        "a",
        "in",
        "for",
    ];
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |bound: usize| {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % bound
    };
    let authors = ["Claire Martin", "Paul Durand", "Ana Silva", "John Smith"];
    let tags = ["économie", "politique", "tech", "énergie", "monde"];
    let sources = ["Le Quotidien", "The Daily", "La Lettre"];
    (0..n)
        .map(|i| {
            let english = next(3) == 0;
            let words = if english { ENGLISH } else { FRENCH };
            let word = |next: &mut dyn FnMut(usize) -> usize| {
                if next(40) == 0 {
                    // A rare word, so that the dictionary is large and typos have targets.
                    format!("rare{}x{}", next(500), next(7))
                } else {
                    words[next(words.len())].to_owned()
                }
            };
            let title: Vec<String> = (0..3 + next(5)).map(|_| word(&mut next)).collect();
            let body: Vec<String> = (0..30 + next(120)).map(|_| word(&mut next)).collect();
            let date = match next(20) {
                0 => None,
                1 => Some(format!("{}", 2005 + next(20))),
                2 => Some(format!("{}-{:02}", 2005 + next(20), 1 + next(12))),
                _ => Some(format!(
                    "{}-{:02}-{:02}",
                    2005 + next(20),
                    1 + next(12),
                    1 + next(28)
                )),
            };
            Article {
                meta: ArticleMeta {
                    id: format!("a{i:05}"),
                    title: title.join(" "),
                    date: date.map(|d| ArticleDate::parse(&d).unwrap()),
                    authors: (0..next(3))
                        .map(|_| authors[next(authors.len())].to_owned())
                        .collect(),
                    tags: (0..next(3))
                        .map(|_| tags[next(tags.len())].to_owned())
                        .collect(),
                    source: (next(4) > 0).then(|| sources[next(sources.len())].to_owned()),
                    lang: if english { "en" } else { "fr" }.to_owned(),
                    summary: String::new(),
                    reading_minutes: 1,
                    origin: format!("a{i}.md"),
                },
                body: body.join(" "),
            }
        })
        .collect()
}

fn date(d: &str) -> Option<ArticleDate> {
    Some(ArticleDate::parse(d).unwrap())
}

/// Every kind of query the reader offers.
fn requests(words: &[&str]) -> Vec<SearchRequest> {
    let mut out: Vec<SearchRequest> = words.iter().map(|q| request(q)).collect();
    out.push(request(""));
    out.push(with("", |r| r.sort = Sort::Oldest));
    out.push(with(words[0], |r| r.sort = Sort::Newest));
    out.push(with(words[0], |r| r.sort = Sort::Oldest));
    out.push(with(words[0], |r| {
        r.dates = DateRange {
            from: date("2010-03"),
            to: date("2016"),
            include_undated: false,
        }
    }));
    out.push(with("", |r| {
        r.dates = DateRange {
            from: date("2012"),
            to: None,
            include_undated: true,
        }
    }));
    out.push(with(words[0], |r| {
        r.facets = vec![
            (FacetKind::Lang, "fr".into()),
            (FacetKind::Tag, "économie".into()),
            (FacetKind::Tag, "tech".into()),
        ]
    }));
    out.push(with("", |r| {
        r.facets = vec![(FacetKind::Author, "Paul Durand".into())]
    }));
    out
}

#[test]
fn fixtures_give_the_same_results_in_both_formats() {
    let pair = Pair::sized(fixtures(), TINY);
    pair.check(&requests(&[
        "zoom",
        "chiffrement",
        "sécu",
        "fournisseeur",
        "\"de services\"",
        "zoom -oracle",
        "title:oracle",
        "author:durand",
        "tag:sécurité",
        "teams OR oracle",
        "cloud souverain",
        "data",
        "jekyll",
        "hugo",
    ]));
}

#[test]
fn a_generated_corpus_gives_the_same_results_in_both_formats() {
    let pair = Pair::new(generated(1500));
    pair.check(&requests(&[
        "france",
        "écon",
        "economie",
        "économiques",
        "chiffrer",
        "gouvernemnt",
        "souveraineté numériqe",
        "rare12x3",
        "rare1",
        "\"économie de\"",
        "\"the cloud\"",
        "midlife",
        "mid life",
        "\"mid life\"",
        "france -économie",
        "title:budget",
        "title:\"dette\"",
        "author:martin",
        "source:quotidien",
        "tag:énergie",
        "énergie OR energy",
        "nucléaire OR \"données souveraines\"",
        "e",
        "ec",
        "-france",
    ]));
}

#[test]
fn first_queries_need_a_few_shards_only() {
    let pair = Pair::new(generated(1500));
    let shards = pair
        .open()
        .remaining()
        .iter()
        .filter(|p| p.kind == PieceKind::Terms)
        .count();
    for query in ["france", "écon"] {
        let mut bundle = pair.open();
        let first = bundle.needs(&request(query));
        assert!(
            !first.is_empty() && first.len() < shards / 2,
            "{query}: {first:?} of {shards}"
        );
        assert!(first.iter().all(|p| p.kind == PieceKind::Terms));
    }
    // Facet fields and filters need the facets piece, first.
    for r in [
        request("author:martin"),
        with("france", |r| {
            r.facets = vec![(FacetKind::Lang, "fr".into())]
        }),
    ] {
        assert_eq!(pair.open().needs_first(&r).first(), Some(&FACETS), "{r:?}");
    }
    // A phrase asks for positions once its words are here, and says so meanwhile.
    let mut bundle = pair.open();
    let phrase = request("\"économie de\"");
    for piece in bundle.needs(&phrase) {
        pair.add(&mut bundle, piece);
    }
    let interim = bundle.search(&phrase);
    assert!(interim.phrases_unchecked);
    assert!(interim
        .missing
        .iter()
        .all(|p| p.kind == PieceKind::Positions));
    // A typo is looked up first in the common words' shards, the rest is marked as pending.
    let mut bundle = pair.open();
    let typo = request("gouvernemnt");
    let mut rounds = 0;
    loop {
        let first = bundle.needs_first(&typo);
        if first.is_empty() {
            break;
        }
        rounds += 1;
        for piece in first {
            pair.add(&mut bundle, piece);
        }
    }
    assert!(
        rounds <= 3,
        "the word's shards, the typo dictionary, then its words' shards ({rounds} rounds)"
    );
    assert!(bundle.has(PieceId::new(PieceKind::Typos, 0)));
    let interim = bundle.search(&typo);
    assert!(interim.rare_spellings_pending);
    assert!(
        interim.missing.len() < shards,
        "only rare spellings are left ({} of {shards})",
        interim.missing.len()
    );
    assert!(
        !interim.results.hits.is_empty(),
        "common spellings are found before the rest"
    );
    let full = pair.v2.search(&typo);
    assert_eq!(interim.results.hits[0].doc, full.hits[0].doc);
}

#[test]
fn rows_ids_and_bodies_arrive_by_piece() {
    let articles = generated(300);
    let pair = Pair::new(articles.clone());
    let mut bundle = pair.open();
    assert_eq!(bundle.len(), 300);
    let wanted = pair.v2_ids[200].clone();
    let Lookup::Needs(piece) = bundle.find_id(&wanted) else {
        panic!("ids come with their shard")
    };
    pair.add(&mut bundle, piece);
    assert_eq!(bundle.find_id(&wanted), Lookup::Here(Some(200)));
    assert_eq!(bundle.find_id("no-such-id"), bundle.find_id("no-such-id"));
    // Two groups: a card group and a text group each, cards first.
    let group = 200 / ROWS_PER_GROUP;
    assert_eq!(
        bundle.rows_needed(&[200, 201, 3]),
        vec![
            PieceId::new(PieceKind::Cards, 0),
            PieceId::new(PieceKind::Cards, group),
            PieceId::new(PieceKind::Rows, 0),
            PieceId::new(PieceKind::Rows, group),
        ]
    );
    let Lookup::Needs(cards) = bundle.row(200) else {
        panic!("rows come with their groups")
    };
    assert_eq!(cards, PieceId::new(PieceKind::Cards, group));
    // The text group is named by its card group (layout 3): unknown until that is here.
    let text_group = PieceId::new(PieceKind::Rows, group);
    assert_eq!(bundle.file(text_group), None);
    assert_eq!(bundle.named_by(text_group), Some(cards));
    assert!(!bundle.pieces().contains(&text_group));
    assert!(matches!(
        bundle.add(text_group, pair.piece(&bundle, text_group)),
        Err(PieceError::Unknown { .. })
    ));
    pair.add(&mut bundle, cards);
    assert!(bundle.file(text_group).is_some());
    assert_eq!(bundle.named_by(text_group), None);
    assert!(bundle.remaining().contains(&text_group));
    assert!(matches!(bundle.meta(200), Lookup::Here(Some(m)) if m.id == wanted));
    let Lookup::Needs(texts) = bundle.row(200) else {
        panic!("the text comes with its group")
    };
    assert_eq!(texts, PieceId::new(PieceKind::Rows, group));
    assert_eq!(bundle.rows_needed(&[200]), vec![texts]);
    pair.add(&mut bundle, texts);
    let Lookup::Here(Some(row)) = bundle.row(200) else {
        panic!("the row is here")
    };
    assert_eq!(row.meta.id, wanted);
    let original = articles.iter().find(|a| a.meta.id == wanted).unwrap();
    assert!(original
        .body
        .starts_with(&row.text[..row.text.len().min(20)]));
    let Lookup::Needs(body) = bundle.body(200) else {
        panic!("bodies come with their chunk")
    };
    pair.add(&mut bundle, body);
    let stored = kiosque_core::markdown::stored::store(
        &original.body,
        &kiosque_core::markdown::plain_text(&original.body),
    );
    assert_eq!(bundle.body(200), Lookup::Here(Some(stored.as_str())));
    pair.add(&mut bundle, PieceId::new(PieceKind::Similar, 0));
    assert!(bundle.similar().is_some());
}

#[test]
fn cards_stay_and_texts_come_and_go() {
    // More groups than texts are kept at once.
    const N: u32 = 1_100;
    let pair = Pair::new(generated(N as usize));
    let mut bundle = pair.open();
    let mut whole = pair.open();
    let groups = N.div_ceil(ROWS_PER_GROUP);
    for g in 0..groups {
        let piece = PieceId::new(PieceKind::Cards, g);
        pair.add(&mut bundle, piece);
        pair.add(&mut whole, piece);
        pair.add(&mut whole, PieceId::new(PieceKind::Rows, g));
        assert!(bundle.has_cards(g));
        assert!(!bundle.has(PieceId::new(PieceKind::Rows, g)));
    }
    for doc in (0..N).rev() {
        let text = PieceId::new(PieceKind::Rows, doc / ROWS_PER_GROUP);
        if !whole.has(text) {
            pair.add(&mut whole, text);
        }
        let Lookup::Here(Some(row)) = whole.row(doc) else {
            panic!("the whole row is here")
        };
        // Titles, bylines and bodies are here from the cards; the text needs its group.
        assert_eq!(bundle.meta(doc), Lookup::Here(Some(row.meta)));
        assert_eq!(bundle.text(doc), Lookup::Needs(text));
        assert_eq!(bundle.row(doc), Lookup::Needs(text));
        assert_eq!(whole.text(doc), Lookup::Here(Some(row.text)));
        assert_eq!(
            bundle.body(doc),
            whole.body(doc),
            "the body chunk is found from the card"
        );
    }
    assert_eq!(bundle.meta(N), Lookup::Here(None));
    assert_eq!(
        bundle.rows_needed(&[0, 20]),
        vec![
            PieceId::new(PieceKind::Rows, 0),
            PieceId::new(PieceKind::Rows, 1)
        ],
        "the texts are asked for, not the cards"
    );
    // Bounded, text groups come and go: the recent ones stay, and a row never loses its title.
    bundle.keep_texts(FULL_GROUPS_KEPT);
    for g in 0..groups {
        pair.add(&mut bundle, PieceId::new(PieceKind::Rows, g));
    }
    assert!(
        matches!(bundle.text(N - 1), Lookup::Here(Some(_))),
        "the last group is kept"
    );
    let kept = (0..groups)
        .filter(|&g| bundle.has(PieceId::new(PieceKind::Rows, g)))
        .count();
    assert_eq!(kept, (groups as usize).min(FULL_GROUPS_KEPT));
    for doc in 0..N {
        assert!(matches!(bundle.meta(doc), Lookup::Here(Some(_))));
    }
    // A damaged card group, or one given as another group or kind, gives no cards.
    let piece = PieceId::new(PieceKind::Cards, 1);
    let mut fresh = pair.open();
    let mut bad = pair.piece(&fresh, piece).to_vec();
    let at = bad.len() / 2;
    bad[at] ^= 0x20;
    assert!(fresh.add(piece, &bad).is_err());
    assert!(fresh
        .add(PieceId::new(PieceKind::Cards, 2), pair.piece(&fresh, piece))
        .is_err());
    assert!(fresh
        .add(PieceId::new(PieceKind::Rows, 1), pair.piece(&fresh, piece))
        .is_err());
    assert!(!fresh.has_cards(1) && !fresh.has_cards(2));
}

#[test]
fn pieces_of_another_bundle_or_kind_are_refused() {
    let a = Pair::new(generated(200));
    let b = Pair::new(generated(201));
    let mut bundle = a.open();
    let terms = PieceId::new(PieceKind::Terms, 0);
    let other = b.piece(&b.open(), terms).to_vec();
    assert!(matches!(
        bundle.add(terms, &other),
        Err(PieceError::OtherBundle { .. })
    ));
    let rows = a.piece(&bundle, PieceId::new(PieceKind::Rows, 0)).to_vec();
    assert!(matches!(
        bundle.add(terms, &rows),
        Err(PieceError::WrongKind { .. })
    ));
    let second = a.piece(&bundle, PieceId::new(PieceKind::Terms, 1)).to_vec();
    assert!(matches!(
        bundle.add(terms, &second),
        Err(PieceError::Damaged { .. })
    ));
    assert!(matches!(
        bundle.add(PieceId::new(PieceKind::Terms, 9999), &second),
        Err(PieceError::Unknown { .. })
    ));
    // Nothing refused was used: the bundle still asks for the shard and answers like format 2.
    let request = request("france");
    assert!(bundle.remaining().contains(&terms));
    assert!(!bundle.needs(&request).is_empty());
    a.needed(&mut bundle, &request);
    a.add(&mut bundle, FACETS);
    same(
        &a.v2.search(&request),
        &bundle.search(&request).results,
        &request,
        "after refusals",
    );
}

#[test]
fn the_manifest_names_the_head_alone_and_the_head_every_piece() {
    let built = build_v3_sized(generated(300), Vec::new(), "test", SMALL);
    let json = &built
        .files
        .iter()
        .find(|(p, _)| p == "manifest.json")
        .unwrap()
        .1;
    assert!(
        json.len() < 1024,
        "a manifest of {} bytes: it should not list the pieces",
        json.len()
    );
    let stored: HashMap<&str, &[u8]> = built
        .files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let head = inflate(stored[built.manifest.head.path.as_str()], 1 << 30).unwrap();
    let mut bundle = PartialBundle::open(&head).unwrap();
    // The head names neither text groups nor body chunks: their card groups do.
    let before = bundle.pieces();
    assert!(!before
        .iter()
        .any(|p| matches!(p.kind, PieceKind::Rows | PieceKind::Bodies)));
    assert!(!bundle.all_named());
    name_all(&mut bundle, &|path| inflate(stored[path], 1 << 30).unwrap());
    let pieces = bundle.pieces();
    assert!(pieces.iter().any(|p| p.kind == PieceKind::Rows));
    assert!(pieces.iter().any(|p| p.kind == PieceKind::Bodies));
    assert_eq!(pieces.len() as u32, built.manifest.piece_count);
    let mut total = 0;
    for &piece in &pieces {
        let file = bundle.file(piece).unwrap();
        let bytes = stored[file.path.as_str()];
        total += bytes.len() as u64;
        check_piece_ref(&file, bytes).unwrap();
        // A file whose content does not match its hash prefix is refused, with a plain message.
        let mut changed = bytes.to_vec();
        changed[0] ^= 1;
        let refused = check_piece_ref(&file, &changed).unwrap_err();
        assert!(
            refused.contains(&file.path) && refused.contains("SHA-256"),
            "{refused}"
        );
        let short = check_piece_ref(&file, &bytes[1..]).unwrap_err();
        assert!(short.contains("incomplete"), "{short}");
    }
    assert_eq!(total, built.manifest.piece_bytes);
    assert_eq!(bundle.remaining(), pieces);
}

#[test]
fn date_runs_come_back_as_written() {
    let time = |hour, offset| {
        Some(ArticleDate {
            time: Some(kiosque_core::date::TimeOfDay {
                hour,
                minute: 59,
                second: 60,
                offset_minutes: offset,
            }),
            ..date("2021-03-10").unwrap()
        })
    };
    let runs = vec![
        (date("1999"), 3),
        (date("1999-12"), 1),
        (date("2000-01-01"), 70_000),
        (time(0, None), 1),
        (time(23, Some(-720)), 2),
        (time(23, Some(840)), 1),
        (date("2021-03"), 5),
        (date("0001"), 1),
        (date("9999-12-31"), 1),
        (None, 4),
    ];
    let bytes = encode_date_runs(&runs);
    assert!(bytes.len() < 50, "{} bytes", bytes.len());
    assert_eq!(decode_date_runs(&bytes), Some(runs));
    assert_eq!(decode_date_runs(&[]), Some(Vec::new()));
    // Cut short or made up: refused, never a panic.
    for cut in 0..bytes.len() {
        let _ = decode_date_runs(&bytes[..cut]);
    }
    assert_eq!(decode_date_runs(&[0x8]), None);
    assert_eq!(decode_date_runs(&[0xff; 12]), None);
}

#[test]
fn damaged_pieces_are_errors_not_panics() {
    let pair = Pair::new(generated(200));
    let mut bundle = pair.open();
    let mut state = 7u32;
    let mut noise = move || {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (state >> 16) as u8
    };
    for piece in bundle.remaining() {
        let good = pair.piece(&bundle, piece).to_vec();
        let mut flipped = good.clone();
        // In the payload (a flip in the header's bundle id would be another bundle's piece).
        let from = (good.len() / 2).max(PIECE_HEADER_LEN);
        let at = from + usize::from(noise()) % (good.len() - from);
        flipped[at] ^= 0x20;
        assert!(
            matches!(bundle.add(piece, &flipped), Err(PieceError::Damaged { .. })),
            "{piece}"
        );
        assert!(
            bundle.add(piece, &good[..good.len() - 1]).is_err(),
            "{piece}"
        );
        assert!(bundle.add(piece, &good[..10]).is_err(), "{piece}");
    }
    // Random payloads behind a well-formed header (right checksum) decode or fail; never panic.
    let id = bundle.bundle_id();
    for len in 0..300 {
        let payload: Vec<u8> = (0..len).map(|_| noise()).collect();
        for kind in [
            PieceKind::Terms,
            PieceKind::Positions,
            PieceKind::Rows,
            PieceKind::Cards,
            PieceKind::Ids,
            PieceKind::Bodies,
            PieceKind::Similar,
            PieceKind::Facets,
            PieceKind::Typos,
        ] {
            let bytes = kiosque_core::bundle::v3::framed(kind, id, &payload);
            let _ = bundle.add(PieceId::new(kind, 0), &bytes);
            let _ = bundle.search(&request("france écon"));
        }
        let head = kiosque_core::bundle::v3::framed(PieceKind::Head, id, &payload);
        let _ = PartialBundle::open(&head);
    }
    let mut head = pair.head.clone();
    let last = head.len() - 1;
    head[last] ^= 1;
    assert!(matches!(
        PartialBundle::open(&head),
        Err(PieceError::Damaged { .. })
    ));
}

#[test]
fn the_streamed_writer_gives_the_same_bundle() {
    let mut articles = generated(3000);
    // Some articles republished under another id, for near-duplicate groups.
    for i in (0..3000).step_by(97) {
        let mut copy = articles[i].clone();
        copy.meta.id = format!("{}-copie", copy.meta.id);
        copy.meta.source = Some("Le Relais".into());
        articles.push(copy);
    }
    let words = [
        "france",
        "écon",
        "economie",
        "gouvernemnt",
        "\"économie de\"",
        "midlife",
        "title:budget",
        "author:martin",
        "tag:énergie",
        "énergie OR energy",
        "-france",
    ];
    let memory = Pair::written(articles.clone(), SMALL, false);
    let streamed = Pair::written(articles, SMALL, true);
    streamed.check(&requests(&words));
    // Piece by piece: the same rows, bodies and near-duplicate groups.
    let (a, b) = (memory.full(), streamed.full());
    assert_eq!(a.len(), b.len());
    for doc in 0..a.len() {
        assert_eq!(a.row(doc), b.row(doc), "row {doc}");
        assert_eq!(a.body(doc), b.body(doc), "body {doc}");
    }
    assert!(a.similar().is_some_and(|g| !g.groups().is_empty()));
    assert_eq!(
        a.similar().map(|g| g.groups().to_vec()),
        b.similar().map(|g| g.groups().to_vec())
    );
    assert_ne!(
        a.bundle_id(),
        b.bundle_id(),
        "the ids hash different things"
    );

    let fixtures = Pair::written(fixtures(), TINY, true);
    fixtures.check(&requests(&[
        "zoom",
        "chiffrement",
        "sécu",
        "\"de services\"",
        "data",
    ]));
}

// Every piece but the head, byte for byte: the streamed writer analyses articles on several
// threads and appends them to the index in order, and must lay out the very term shards and
// positions the in-memory writer (one thread, one article after the other) does.
#[test]
fn the_streamed_writer_lays_out_the_same_pieces_byte_for_byte() {
    let articles = generated(2500);
    let memory = Pair::written(articles.clone(), SMALL, false);
    let streamed = Pair::written(articles, SMALL, true);
    // The stored payloads, without their headers (which carry the bundle id), by kind.
    let payloads = |pair: &Pair| {
        let mut all: Vec<(String, Vec<u8>)> = pair
            .pieces
            .iter()
            .map(|(path, bytes)| {
                let kind = path.split(['/', '-']).next().unwrap().to_owned();
                (kind, bytes[PIECE_HEADER_LEN..].to_vec())
            })
            .collect();
        all.sort();
        all
    };
    // Card groups name the stored files of their text groups and body chunks, whose headers
    // carry the bundle id: they differ by those names alone (the rows, bodies and names are
    // compared through the reader in `the_streamed_writer_gives_the_same_bundle`).
    let without_cards = |mut all: Vec<(String, Vec<u8>)>| {
        all.retain(|(kind, _)| kind != "cards");
        all
    };
    let (a, b) = (
        without_cards(payloads(&memory)),
        without_cards(payloads(&streamed)),
    );
    for kind in ["terms", "positions", "rows", "ids", "bodies", "similar"] {
        assert!(a.iter().any(|(k, _)| k == kind), "{kind}");
    }
    assert_eq!(a.len(), b.len());
    for (a, b) in a.iter().zip(&b) {
        assert!(a == b, "a {} piece differs", a.0);
    }
}

#[test]
fn a_spilled_import_resolves_links_between_articles_as_the_bundle_is_written() {
    use kiosque_core::import::{import_dir_spilling, import_dir_with, ImportOptions};
    for (site, articles) in [("hugo", "content"), ("jekyll", "."), ("zola", "content")] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/sites")
            .join(site);
        let options = ImportOptions {
            site_root: Some(root.clone()),
            ..ImportOptions::default()
        };
        let whole = import_dir_with(&root.join(articles), &options, |_, _| {});
        let dir = tempfile::tempdir().unwrap();
        let mut spill = BodySpill::create(&dir.path().join("bodies")).unwrap();
        let mut spilled = import_dir_spilling(
            &root.join(articles),
            &options,
            |_, _| {},
            |body| spill.put(body),
        );
        assert!(spilled.articles.iter().all(|a| a.body.is_empty()));
        assert_eq!(spilled.body_tokens.len(), whole.articles.len());
        assert_eq!(spilled.diagnostics, whole.diagnostics, "{site}");
        assert!(
            spilled.pending_refs.is_some(),
            "{site}'s fixture links its articles"
        );
        let corpus = SpilledCorpus {
            metas: spilled.articles.drain(..).map(|a| a.meta).collect(),
            tokens: std::mem::take(&mut spilled.body_tokens),
            refs: spilled.pending_refs.take(),
            spill,
        };
        let out = dir.path().join("bundle");
        let written = write_v3_streamed(
            corpus,
            spilled.images,
            "test",
            PieceSizes::default(),
            &out,
            dir.path(),
        )
        .unwrap();
        let read = |path: &str| inflate(&std::fs::read(out.join(path)).unwrap(), 1 << 30).unwrap();
        let mut bundle = PartialBundle::open(&read(&written.manifest.head.path)).unwrap();
        // What the head names, then what the card groups name.
        for _round in 0..2 {
            for piece in bundle.remaining() {
                let path = bundle.path(piece).unwrap();
                bundle.add(piece, &read(&path)).unwrap();
            }
        }
        assert!(bundle.all_named() && bundle.remaining().is_empty());
        let mut expected = whole.articles;
        expected.sort_by(|a, b| (a.meta.date, &a.meta.id).cmp(&(b.meta.date, &b.meta.id)));
        assert_eq!(bundle.len() as usize, expected.len());
        for (doc, article) in expected.iter().enumerate() {
            let stored = kiosque_core::markdown::stored::store(
                &article.body,
                &kiosque_core::markdown::plain_text(&article.body),
            );
            assert_eq!(
                bundle.body(doc as u32),
                Lookup::Here(Some(stored.as_str())),
                "{site}: {}",
                article.meta.origin
            );
        }
        assert!(expected.iter().any(|a| a.body.contains("#/article/")));
        for image in &written.manifest.images {
            assert!(out.join(&image.file.path).is_file());
        }
    }
}

#[test]
fn card_groups_name_their_pieces_consistently_or_are_refused() {
    let pair = Pair::new(generated(300));
    let mut bundle = pair.open();
    let (first, second) = (
        PieceId::new(PieceKind::Cards, 0),
        PieceId::new(PieceKind::Cards, 1),
    );
    let decode = |piece: PieceId| -> CardGroup {
        postcard::from_bytes(&pair.piece(&pair.open(), piece)[PIECE_HEADER_LEN..]).unwrap()
    };
    let (a, b) = (decode(first), decode(second));
    let last_of_a = a.first_body + a.bodies.len() as u32 - 1;
    assert_eq!(
        b.first_body, last_of_a,
        "consecutive groups share the chunk between them"
    );
    let id = bundle.bundle_id();
    let doctor =
        |group: &CardGroup| framed(PieceKind::Cards, id, &postcard::to_allocvec(group).unwrap());
    pair.add(&mut bundle, first);
    let shared = PieceId::new(PieceKind::Bodies, b.first_body);
    let named = bundle.file(shared).unwrap();
    // The second group names the shared chunk otherwise than the first: refused, nothing kept.
    let mut other = b.clone();
    other.bodies[0].hash[0] ^= 1;
    assert!(matches!(
        bundle.add(second, &doctor(&other)),
        Err(PieceError::Damaged { .. })
    ));
    assert!(!bundle.has_cards(1) && !bundle.has_names(1));
    assert_eq!(bundle.file(shared), Some(named));
    // A card whose body lies outside the chunks its group names: refused too.
    let mut outside = b.clone();
    outside.first_body += 1;
    outside.bodies.remove(0);
    assert!(matches!(
        bundle.add_names(second, &doctor(&outside)),
        Err(PieceError::Damaged { .. })
    ));
    assert!(!bundle.has_names(1));
    // The genuine group is taken, names only or whole.
    bundle
        .add_names(second, pair.piece(&bundle, second))
        .unwrap();
    assert!(bundle.has_names(1) && !bundle.has_cards(1));
    pair.add(&mut bundle, second);
    assert!(bundle.has_cards(1));
    // Only card groups name pieces.
    assert!(matches!(
        bundle.add_names(
            PieceId::new(PieceKind::Terms, 0),
            pair.piece(&bundle, PieceId::new(PieceKind::Terms, 0))
        ),
        Err(PieceError::Unknown { .. })
    ));
}

#[test]
fn naming_every_piece_stops_at_the_first_error_and_says_which_file() {
    let pair = Pair::new(generated(300));
    let second = PieceId::new(PieceKind::Cards, 1);
    let second_path = pair.paths[&second].clone();
    // The reader's own error comes back as it is, and what was named before stays named.
    let mut bundle = pair.open();
    let failed = bundle
        .name_all(|file| -> Result<Vec<u8>, Box<dyn std::error::Error>> {
            if file.path == second_path {
                return Err(format!("{} is missing", file.path).into());
            }
            Ok(pair.pieces[&file.path].clone())
        })
        .unwrap_err();
    assert!(failed.downcast_ref::<UnusablePiece>().is_none());
    assert_eq!(failed.to_string(), format!("{second_path} is missing"));
    assert!(bundle.has_names(0) && !bundle.has_names(1) && !bundle.all_named());
    // A damaged group (its checksum does not match) is refused, with the path of its file.
    let mut bundle = pair.open();
    let refused = bundle
        .name_all(|file| {
            let mut bytes = pair.pieces[&file.path].clone();
            if file.path == second_path {
                bytes[PIECE_HEADER_LEN - 1] ^= 1;
            }
            Ok::<_, UnusablePiece>(bytes)
        })
        .unwrap_err();
    assert_eq!(refused.path, second_path);
    assert!(
        matches!(refused.error, PieceError::Damaged { .. }),
        "{refused:?}"
    );
    assert_eq!(refused.to_string(), format!("{second_path} cannot be used"));
    assert!(!bundle.has_names(1));
}
