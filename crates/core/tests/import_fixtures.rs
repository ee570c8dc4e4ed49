//! The importer on one fixture folder per article format and per error, under
//! `tests/fixtures/import/`: exact titles, dates and precisions, authors, tags, ids, languages
//! and diagnostics.

use std::path::PathBuf;

use kiosque_core::bundle::{ImageEntry, ASSETS_DIR};
use kiosque_core::import::{self, Diagnostic, ImportOptions, ImportReport, Outcome, Severity};
use kiosque_core::{Article, Precision};

fn fixture(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/import")
        .join(case)
}

fn import(case: &str) -> ImportReport {
    import::import_dir(&fixture(case))
}

fn article<'a>(report: &'a ImportReport, origin: &str) -> &'a Article {
    report
        .articles
        .iter()
        .find(|a| a.meta.origin == origin)
        .unwrap_or_else(|| panic!("{origin} was not imported: {:#?}", report.diagnostics))
}

/// The date as written and its precision, or `None` for an undated article.
fn date(a: &Article) -> Option<(String, Precision)> {
    a.meta.date.map(|d| (d.to_string(), d.precision()))
}

fn day(text: &str) -> Option<(String, Precision)> {
    Some((text.to_owned(), Precision::Day))
}

/// A diagnostic's place, severity and outcome, the parts every test pins exactly.
fn place(d: &Diagnostic) -> (&str, usize, usize, Severity, Outcome) {
    (d.path.as_str(), d.line, d.column, d.severity, d.outcome)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

// A clipping laid out like the seed: leading space, date and lede on line 1, two headings, no
// final newline. The title is the lede's first sentence cut before a dangling word, never the hash.
#[test]
fn seed_shaped_clipping() {
    let report = import("clipping_seed");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let a = article(&report, "0042_7f3a9c1e5b2d8a64.txt");
    assert_eq!(
        a.meta.title,
        "La coopérative Hydrothermie Alpine a mis en service à Grenoble un centre de données…"
    );
    assert_eq!(date(a), Some(("2019-11".to_owned(), Precision::Month)));
    assert_eq!(
        a.meta.id,
        "2019-11-la-cooperative-hydrothermie-alpine-a-mis-en-service"
    );
    assert_eq!(a.meta.lang, "fr");
    assert!(a.meta.authors.is_empty() && a.meta.tags.is_empty());
    assert!(a
        .meta
        .summary
        .starts_with("La coopérative Hydrothermie Alpine a mis en service"));
    let blocks: Vec<&str> = a.body.trim_end().split("\n\n").collect();
    assert_eq!(blocks.len(), 6, "{}", a.body);
    assert!(blocks[0].starts_with("La coopérative Hydrothermie Alpine"));
    assert!(blocks[0].ends_with("supérieure aux prévisions."));
    assert_eq!(blocks[1], "## Une chaudière numérique");
    assert!(blocks[2].starts_with("Le bâtiment abrite quarante baies"));
    assert!(blocks[3].ends_with("résume l’exploitant."));
    assert_eq!(blocks[4], "## Des clients prudents");
    assert!(blocks[5].starts_with("Les entreprises locales hésitent"));
    assert!(blocks[5].ends_with("les plus petites d’entre elles."));
}

// Year and day precision, `Date :` with a colon, paragraphs wrapped over several lines, a blank
// line of spaces, and French no-break spaces kept; a two-line block is a paragraph, not a heading.
#[test]
fn clipping_variants() {
    let report = import("clipping_variants");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);

    let harbour = article(&report, "0101_9b8e7d6c5a4f3e2d.txt");
    assert_eq!(
        harbour.meta.title,
        "The harbour authority has signed a ten-year lease with a cable landing company"
    );
    assert_eq!(date(harbour), Some(("2018".to_owned(), Precision::Year)));
    assert_eq!(harbour.meta.lang, "en");
    assert_eq!(
        harbour.meta.summary,
        "Work on the site starts in the spring."
    );
    assert!(harbour.body.contains("\n\n## Networks under the sea\n\n"));

    let bill = article(&report, "0102_1a2b3c4d5e6f7a8b.txt");
    assert_eq!(bill.meta.title, "Qui paiera la facture\u{a0}?");
    assert_eq!(date(bill), day("2020-02-14"));
    assert_eq!(bill.meta.id, "2020-02-14-qui-paiera-la-facture");
    assert_eq!(bill.meta.lang, "fr");
    assert_eq!(
        bill.body,
        "Qui paiera la facture\u{a0}? Le conseil régional a voté jeudi une aide aux opérateurs de fibre des vallées.\n\n\
         Un paragraphe replié sur deux lignes sans point final\n\n\
         La somme sera versée en deux fois\u{a0}: une moitié au printemps, le reste à l’automne.\n"
    );
}

// Jekyll: `author` as a name or a list, `categories` as a space-separated string or a list, the
// date in the front matter with a time and zone, or only in the file name.
#[test]
fn yaml_front_matter_jekyll() {
    let report = import("yaml_jekyll");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let first = article(&report, "_posts/2016-05-12-premier-billet.md");
    assert_eq!(first.meta.title, "Premier billet : pourquoi ce carnet");
    assert_eq!(first.meta.id, "2016-05-12-premier-billet");
    let d = first.meta.date.unwrap();
    assert_eq!(
        (d.to_string(), d.precision()),
        ("2016-05-12".into(), Precision::Day)
    );
    let t = d.time.unwrap();
    assert_eq!((t.hour, t.minute, t.offset_minutes), (9, 15, Some(120)));
    assert_eq!(first.meta.authors, strings(&["Hélène Garnier"]));
    assert_eq!(first.meta.tags, strings(&["carnet", "annonces"]));
    assert_eq!(first.meta.lang, "fr");
    assert!(first.body.starts_with("Ce carnet rassemblera"));

    let bisect = article(&report, "_posts/2016-06-01-git-bisect.md");
    assert_eq!(bisect.meta.title, "Chasser une régression avec git bisect");
    assert_eq!(date(bisect), day("2016-06-01"));
    assert_eq!(bisect.meta.id, "2016-06-01-git-bisect");
    assert_eq!(bisect.meta.authors, strings(&["Paul Arnaud", "Inès Roy"]));
    assert_eq!(bisect.meta.tags, strings(&["git", "shell", "outils"]));
}

// Hugo: `authors`, `tags` + `categories`, `description` as summary, `lang: en-GB`, `slug`, and a
// draft left out unless drafts are asked for.
#[test]
fn yaml_front_matter_hugo() {
    let report = import("yaml_hugo");
    let cold = article(&report, "content/posts/cold-storage.md");
    assert_eq!(cold.meta.title, "Cold storage, warm feelings");
    assert_eq!(cold.meta.id, "2022-01-18-cold-storage-warm-feelings");
    let d = cold.meta.date.unwrap();
    assert_eq!(d.precision(), Precision::Day);
    assert_eq!(d.time.unwrap().offset_minutes, Some(0));
    assert_eq!(
        cold.meta.authors,
        strings(&["Dana Whitfield", "Ken Okafor"])
    );
    assert_eq!(
        cold.meta.tags,
        strings(&["storage", "tape", "Infrastructure"])
    );
    assert_eq!(
        cold.meta.summary,
        "Why a small archive went back to tape, and what it costs."
    );
    assert_eq!(cold.meta.lang, "en");

    // The draft is left out and counted, as `hugo build` leaves it out; `--drafts` imports it.
    assert!(report
        .articles
        .iter()
        .all(|a| a.meta.origin != "content/posts/unfinished.md"));
    assert_eq!(report.drafts, 1);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let with_drafts = import::import_dir_with(
        &fixture("yaml_hugo"),
        &import::ImportOptions {
            include_drafts: true,
            ..import::ImportOptions::default()
        },
        |_, _| {},
    );
    let draft = article(&with_drafts, "content/posts/unfinished.md");
    assert_eq!(draft.meta.id, "2022-02-03-unfinished");
    assert_eq!(with_drafts.drafts, 0);
}

// Eleventy: the date only in the file name, also when `date: Last Modified` asks the generator
// to pick one.
#[test]
fn yaml_front_matter_eleventy() {
    let report = import("yaml_eleventy");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let a = article(&report, "posts/2020-09-07-sobriete-numerique.md");
    assert_eq!(a.meta.title, "Sobriété numérique, mode d’emploi");
    assert_eq!(date(a), day("2020-09-07"));
    assert_eq!(a.meta.id, "2020-09-07-sobriete-numerique");
    assert_eq!(a.meta.tags, strings(&["sobriété", "posts"]));
    let b = article(&report, "posts/2020-10-02-mesurer.md");
    assert_eq!(date(b), day("2020-10-02"));
    assert_eq!(b.meta.id, "2020-10-02-mesurer");
}

// Zola: `date`, `path = "YYYY/MM/DD/slug"` naming the id (and giving the date when there is no
// `date`), `[taxonomies]` authors and tags, `[extra]` source.
#[test]
fn toml_front_matter_zola() {
    let report = import("toml_zola");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let heat = article(&report, "content/blog/datacenter-heat.md");
    assert_eq!(heat.meta.title, "Reusing datacenter heat");
    assert_eq!(heat.meta.id, "2021-03-10-datacenter-heat-reuse");
    assert_eq!(date(heat), day("2021-03-10"));
    assert_eq!(heat.meta.authors, strings(&["Mina Castell"]));
    assert_eq!(heat.meta.tags, strings(&["energy", "datacenter"]));
    assert_eq!(
        heat.meta.source.as_deref(),
        Some("The Infrastructure Letter")
    );
    assert_eq!(
        heat.meta.summary,
        "A swimming pool, a heat pump and forty racks."
    );
    assert_eq!(heat.meta.lang, "en");

    let tape = article(&report, "content/blog/tape.md");
    assert_eq!(date(tape), day("2019-07-22"));
    assert_eq!(tape.meta.id, "2019-07-22-tape-is-back");
    assert_eq!(tape.meta.tags, strings(&["storage"]));
}

// A post that is a folder holding `index.md` is named by its folder; the picture beside it is
// bundled and counted as an image, not as a file passed over.
#[test]
fn folder_post() {
    let report = import("folder_post");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(
        (
            report.files_seen,
            report.articles.len(),
            report.not_articles,
            report.images.len()
        ),
        (2, 1, 0, 1)
    );
    let a = article(&report, "content/posts/reseau-mesh/index.md");
    assert_eq!(a.meta.title, "Un réseau maillé pour le village");
    assert_eq!(a.meta.id, "2023-02-14-reseau-mesh");
    assert_eq!(a.meta.authors, strings(&["Lucie Perrin"]));
    let picture = &report.images[0].entry;
    assert_eq!((picture.width, picture.height), (48, 32));
    assert!(a.body.contains(&format!(
        "![Une antenne sur un toit]({})",
        picture.file.path
    )));
}

// Plain Markdown: the first `#` heading is the title (and leaves the body); without one, the
// first sentence is, never a hash-like file name. No date: imported as undated, with a warning.
#[test]
fn plain_markdown() {
    let report = import("plain_markdown");
    let guide = article(&report, "notes/guide-du-debutant.md");
    assert_eq!(guide.meta.title, "Bien démarrer avec le terminal");
    assert!(guide.body.starts_with("Le terminal fait peur"));
    assert!(guide.body.contains("## Se déplacer"));
    assert_eq!(guide.meta.id, "guide-du-debutant");
    assert_eq!(date(guide), None);

    let hashed = article(&report, "notes/5f4e3d2c1b0a9988.md");
    assert_eq!(
        hashed.meta.title,
        "Les sauvegardes qui ne sont jamais restaurées ne sont pas des sauvegardes"
    );
    assert_eq!(
        hashed.meta.id,
        "les-sauvegardes-qui-ne-sont-jamais-restaurees-ne-sont-pas"
    );
    assert_eq!(report.undated(), 2);
    let places: Vec<_> = report.diagnostics.iter().map(place).collect();
    assert_eq!(
        places,
        [
            (
                "notes/5f4e3d2c1b0a9988.md",
                1,
                1,
                Severity::Warning,
                Outcome::Imported
            ),
            (
                "notes/guide-du-debutant.md",
                1,
                1,
                Severity::Warning,
                Outcome::Imported
            ),
        ]
    );
}

// Dates from `YYYY/MM/DD` and `YYYY/MM` folders, at the precision the folders give.
#[test]
fn folder_dates() {
    let report = import("path_date");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let day_folder = article(&report, "archives/2018/04/23/panne-electrique.md");
    assert_eq!(date(day_folder), day("2018-04-23"));
    assert_eq!(day_folder.meta.id, "2018-04-23-panne-electrique");
    let month_folder = article(&report, "archives/2018/05/bilan.md");
    assert_eq!(
        date(month_folder),
        Some(("2018-05".to_owned(), Precision::Month))
    );
    assert_eq!(month_folder.meta.id, "2018-05-bilan");
}

// A date-time with a zone keeps its time and offset.
#[test]
fn date_time_with_zone() {
    let report = import("datetime_zone");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let a = article(&report, "2021-12-10-mise-a-jour.md");
    let d = a.meta.date.unwrap();
    assert_eq!(d.to_string(), "2021-12-10");
    let t = d.time.unwrap();
    assert_eq!(
        (t.hour, t.minute, t.second, t.offset_minutes),
        (8, 30, 0, Some(60))
    );
    assert_eq!(a.meta.authors, strings(&["Équipe technique"]));
}

// Malformed YAML: an unclosed list points where it opens, an unquoted colon where it stands; both
// files are skipped and their neighbour imports.
#[test]
fn malformed_yaml() {
    let report = import("error_yaml");
    let places: Vec<_> = report.diagnostics.iter().map(place).collect();
    assert_eq!(
        places,
        [
            ("crochet.md", 3, 7, Severity::Error, Outcome::Skipped),
            ("deux-points.md", 2, 15, Severity::Error, Outcome::Skipped),
        ]
    );
    assert_eq!(
        report.diagnostics[0].to_string(),
        "crochet.md:3:7: error: the YAML front matter is malformed: did not find expected ',' or ']', \
         while parsing a flow sequence (file skipped); \
         fix the front matter: quote values that hold `:` or `#`, indent with spaces"
    );
    assert_eq!(
        report.diagnostics[1].message,
        "the YAML front matter is malformed: mapping values are not allowed in this context"
    );
    assert_eq!(report.articles.len(), 1);
    assert_eq!(report.articles[0].meta.id, "2021-05-07-correct");
    assert_eq!(report.skipped(), 2);
}

// Malformed TOML: an unclosed string and a table declared twice, each at its line and column.
#[test]
fn malformed_toml() {
    let report = import("error_toml");
    let places: Vec<_> = report.diagnostics.iter().map(place).collect();
    assert_eq!(
        places,
        [
            ("guillemet.md", 2, 32, Severity::Error, Outcome::Skipped),
            (
                "table-en-double.md",
                7,
                1,
                Severity::Error,
                Outcome::Skipped
            ),
        ]
    );
    assert!(report.diagnostics[0]
        .message
        .starts_with("the TOML front matter is malformed: invalid basic string"));
    assert!(report.diagnostics[1]
        .message
        .contains("duplicate key `extra`"));
    assert!(report.articles.is_empty());
}

// A front matter fence that never closes: skipped rather than publishing the metadata as text.
#[test]
fn unclosed_fence() {
    let report = import("error_unclosed_fence");
    assert_eq!(
        report.diagnostics[0].to_string(),
        "jamais-ferme.md:1:1: error: the front matter opened by `---` on line 1 is never closed \
         (file skipped); close the front matter with the same fence line (`---` or `+++`)"
    );
    assert!(report.articles.is_empty());
}

// Month 13, in front matter and on a clipping's date line: the date is dropped and the article
// kept undated; the file name's date does not replace it.
#[test]
fn impossible_month() {
    let report = import("error_bad_month");
    let places: Vec<_> = report.diagnostics.iter().map(place).collect();
    let dropped = Outcome::FieldDropped("date");
    assert_eq!(
        places,
        [
            ("0007_c0ffee0123456789.txt", 1, 7, Severity::Error, dropped),
            (
                "2020-03-01-treizieme-mois.md",
                3,
                7,
                Severity::Error,
                dropped
            ),
        ]
    );
    assert_eq!(
        report.diagnostics[1].message,
        "`2020-13` has month 13, which does not exist; months run from 01 to 12"
    );
    let md = article(&report, "2020-03-01-treizieme-mois.md");
    assert_eq!((date(md), md.meta.id.as_str()), (None, "treizieme-mois"));
    let clipping = article(&report, "0007_c0ffee0123456789.txt");
    assert_eq!(date(clipping), None);
    assert_eq!(
        clipping.meta.title,
        "Le comité a reporté son vote à une date qui n’existe pas"
    );
    assert_eq!(report.undated(), 2);
}

// 30 February: the date is dropped, everything else kept.
#[test]
fn impossible_day() {
    let report = import("error_bad_day");
    assert_eq!(
        report.diagnostics[0].to_string(),
        "fevrier.md:3:7: error: `2021-02-30` names day 30, but that month has 28 days \
         (imported without its date); correct the `date` field"
    );
    let a = article(&report, "fevrier.md");
    assert_eq!(date(a), None);
    assert_eq!(a.meta.title, "Le trente février");
    assert_eq!(a.meta.authors, strings(&["Jules Vernet"]));
    assert_eq!(a.meta.lang, "fr");
}

// Empty files, blank files and a clipping with only a date line are skipped as errors.
#[test]
fn empty_files() {
    let report = import("error_empty");
    let places: Vec<_> = report.diagnostics.iter().map(place).collect();
    assert_eq!(
        places,
        [
            ("blanc.txt", 1, 1, Severity::Error, Outcome::Skipped),
            ("date-seule.txt", 1, 1, Severity::Error, Outcome::Skipped),
            ("vide.md", 1, 1, Severity::Error, Outcome::Skipped),
        ]
    );
    assert_eq!(report.diagnostics[0].message, "the file is empty");
    assert_eq!(
        report.diagnostics[1].message,
        "the clipping has a date line but no text"
    );
    assert_eq!(
        (report.files_seen, report.articles.len(), report.skipped()),
        (3, 0, 3)
    );
}

// A file over the size limit is skipped unread; the limit is an option.
#[test]
fn file_over_the_size_limit() {
    let options = ImportOptions {
        max_file_bytes: 2048,
        ..ImportOptions::default()
    };
    let report = import::import_dir_with(&fixture("error_too_big"), &options, |_, _| {});
    assert_eq!(report.diagnostics.len(), 1);
    let d = &report.diagnostics[0];
    assert_eq!(
        place(d),
        ("bilan-annuel.md", 1, 1, Severity::Error, Outcome::Skipped)
    );
    assert!(
        d.message
            .ends_with("bytes, over the 2048-byte limit for an article"),
        "{d}"
    );
    assert_eq!(report.articles.len(), 1);
    assert_eq!(report.articles[0].meta.id, "2022-12-30-court");
    // The default limit (8 MiB) takes both.
    assert_eq!(import("error_too_big").articles.len(), 2);
}

// Two files claiming the same id: an error at the second one's `slug`, which is still imported
// under a suffixed id; the first keeps its id.
#[test]
fn duplicate_ids() {
    let report = import("error_duplicate_id");
    assert_eq!(report.diagnostics.len(), 1);
    let d = &report.diagnostics[0];
    assert_eq!(
        place(d),
        ("b/autre-nom.md", 4, 7, Severity::Error, Outcome::Renamed)
    );
    assert!(d
        .message
        .starts_with("the id `2022-03-01-meme-sujet` is already taken by a/meme-sujet.md"));
    assert_eq!(
        article(&report, "a/meme-sujet.md").meta.id,
        "2022-03-01-meme-sujet"
    );
    assert_eq!(
        article(&report, "b/autre-nom.md").meta.id,
        "2022-03-01-meme-sujet-2"
    );
    assert_eq!(report.skipped(), 0);
}

// A Windows-1252 file is read with its accents, quotes and euro sign, with a warning naming the
// file and the first byte that is not UTF-8.
#[test]
fn windows_1252() {
    let report = import("windows_1252");
    assert_eq!(
        report.diagnostics[0].to_string(),
        "revue-de-presse.txt:1:21: warning: the file is not UTF-8 (byte 0xE9 here); it was read as \
         Windows-1252; check its accents on the site, or save it as UTF-8"
    );
    let a = article(&report, "revue-de-presse.txt");
    assert_eq!(
        a.meta.title,
        "La Région a présenté son budget numérique : 12 millions d’euros"
    );
    assert_eq!(date(a), day("2019-03-08"));
    assert_eq!(
        a.meta.summary,
        "Le président parle d’un “premier pas” et promet 3 € par habitant dès l’an prochain."
    );
    assert!(a.body.contains("\n\n## Un budget modeste\n\n"));
}

// A byte-order mark, CRLF line ends and tabs, in Markdown and in a clipping (where a line of
// whitespace separates paragraphs).
#[test]
fn bom_crlf_and_tabs() {
    let report = import("crlf_bom_tabs");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let md = article(&report, "bom-crlf.md");
    assert_eq!(md.meta.title, "Tabulations et retours chariot");
    assert_eq!(md.meta.id, "2017-07-14-bom-crlf");
    assert_eq!(md.meta.tags, strings(&["windows"]));
    assert!(!md.body.contains('\r'));
    assert!(md.body.contains("\n\n\tdu code indenté"));
    assert_eq!(
        md.meta.summary,
        "Un fichier écrit sous Windows, avec une tabulation."
    );
    let txt = article(&report, "bom-crlf.txt");
    assert_eq!(
        txt.meta.title,
        "Le fichier commence par une marque d’ordre des octets"
    );
    assert_eq!(date(txt), Some(("2017-07".to_owned(), Precision::Month)));
    assert_eq!(
        txt.body,
        "Le fichier commence par une marque d’ordre des octets. Il finit ses lignes en CRLF.\n\n\
         ## Un intertitre\n\n\
         Dernier paragraphe, avec tabulations.\n"
    );
}

// Section pages, a root README and LICENSE, pictures: counted as not articles; a hidden folder
// counts once, unread.
#[test]
fn not_articles() {
    let report = import("not_articles");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(
        (
            report.files_seen,
            report.articles.len(),
            report.not_articles,
            report.hidden
        ),
        (6, 1, 5, 1)
    );
    assert_eq!(report.articles[0].meta.id, "2020-01-01-bonjour");
}

// Articles without any date are imported and counted; the summary's undated figure comes from
// here.
#[test]
fn undated_articles() {
    let report = import("undated");
    assert_eq!(report.articles.len(), 2);
    assert_eq!(report.undated(), 2);
    let places: Vec<_> = report.diagnostics.iter().map(place).collect();
    assert_eq!(
        places,
        [
            (
                "a9f8e7d6c5b4a3f2.txt",
                1,
                1,
                Severity::Warning,
                Outcome::Imported
            ),
            ("sans-date.md", 1, 1, Severity::Warning, Outcome::Imported),
        ]
    );
    let clipping = article(&report, "a9f8e7d6c5b4a3f2.txt");
    assert_eq!(
        clipping.meta.title,
        "Le marché des câbles sous-marins reste dominé par quatre industriels"
    );
    assert_eq!(
        clipping.meta.id,
        "le-marche-des-cables-sous-marins-reste-domine-par-quatre"
    );
}

// The whole fixture tree at once: the same ids every run, each unique.
#[test]
fn ids_are_deterministic_and_unique() {
    let root = fixture("");
    let first = import::import_dir(&root);
    let second = import::import_dir(&root);
    let ids = |r: &ImportReport| -> Vec<String> {
        r.articles.iter().map(|a| a.meta.id.clone()).collect()
    };
    assert_eq!(ids(&first), ids(&second));
    let mut unique = ids(&first);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), first.articles.len());
    assert!(first.articles.len() >= 30);
}

// Pictures (`tests/fixtures/import/images_*`; the raster files are made by
// `tests/fixtures/make_pictures.py`).

fn import_with(case: &str, options: &ImportOptions) -> ImportReport {
    import::import_dir_with(&fixture(case), options, |_, _| {})
}

/// The bundled picture an article's body points at for `alt`: `![alt](assets/…)`.
fn picture_of<'a>(report: &'a ImportReport, a: &Article, alt: &str) -> &'a ImageEntry {
    let opening = format!("![{alt}](");
    let at = a
        .body
        .find(&opening)
        .unwrap_or_else(|| panic!("no {opening} in {}", a.body))
        + opening.len();
    let path = a.body[at..].split([')', ' ']).next().unwrap();
    assert!(path.starts_with(ASSETS_DIR), "{path} is not bundled");
    &report
        .images
        .iter()
        .find(|i| i.entry.file.path == path)
        .unwrap_or_else(|| panic!("{path} is not among the images"))
        .entry
}

/// `assets/<16 hex digits>.<ext>`, the name the reader expects.
fn is_asset_name(path: &str, extension: &str) -> bool {
    let Some(name) = path.strip_prefix(ASSETS_DIR) else {
        return false;
    };
    let (hash, ext) = name.split_once('.').unwrap_or_default();
    hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) && ext == extension
}

// A Zola folder post with its chart beside it: one asset of the chart's size, the body rewritten
// at that one address and nowhere else; an unused picture stays a file passed over.
#[test]
fn picture_beside_a_folder_post() {
    let report = import("images_folder_post");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(
        (
            report.files_seen,
            report.articles.len(),
            report.not_articles
        ),
        (3, 1, 1)
    );
    assert_eq!(report.images.len(), 1);
    let image = &report.images[0];
    assert!(
        is_asset_name(&image.entry.file.path, "png"),
        "{:?}",
        image.entry
    );
    assert_eq!((image.entry.width, image.entry.height), (40, 30));
    assert_eq!(image.bytes.len() as u64, image.entry.file.bytes);
    assert_eq!(report.image_bytes(), image.entry.file.bytes);
    let a = article(&report, "content/2023/courbe-des-ventes/index.md");
    let source = std::fs::read_to_string(fixture(
        "images_folder_post/content/2023/courbe-des-ventes/index.md",
    ))
    .unwrap();
    let body = source.split("+++\n").nth(2).unwrap().trim_start();
    assert_eq!(
        a.body,
        body.replace("(chart.png)", &format!("({})", image.entry.file.path))
    );
}

// A Jekyll post points at `/assets/…`: found under --site-root; without it, a warning that
// names the option, at the picture's line in the file (after the front matter).
#[test]
fn absolute_picture_paths_start_at_the_site_root() {
    let options = ImportOptions {
        site_root: Some(fixture("images_jekyll/site")),
        ..ImportOptions::default()
    };
    let report = import_with("images_jekyll/site/_posts", &options);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let a = article(&report, "2022-05-10-marche-du-samedi.md");
    let photo = picture_of(&report, a, "Les étals sur le quai");
    assert!(is_asset_name(&photo.file.path, "jpg"));
    assert_eq!((photo.width, photo.height), (40, 30));

    let report = import("images_jekyll/site/_posts");
    assert!(report.images.is_empty());
    let a = article(&report, "2022-05-10-marche-du-samedi.md");
    assert!(a
        .body
        .contains("![Les étals sur le quai](/assets/img/photo.jpg)"));
    assert_eq!(report.diagnostics.len(), 1, "{:#?}", report.diagnostics);
    let d = &report.diagnostics[0];
    assert_eq!(
        place(d),
        (
            "2022-05-10-marche-du-samedi.md",
            9,
            26,
            Severity::Warning,
            Outcome::FieldDropped("picture")
        )
    );
    assert!(d.message.contains("`/assets/img/photo.jpg`"), "{d}");
    assert!(d.hint.contains("--site-root"), "{d}");
}

// The same bytes are stored once, whether two articles use one file or one uses a copy under
// another name; a raw `<img src>` and a reference definition are rewritten in place.
#[test]
fn one_picture_shared_by_articles_and_syntaxes() {
    let report = import("images_shared");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(report.images.len(), 1);
    assert_eq!(
        (
            report.files_seen,
            report.articles.len(),
            report.not_articles
        ),
        (4, 2, 0)
    );
    let path = &report.images[0].entry.file.path;
    let first = article(&report, "2020-09-01-premier.md");
    assert!(first.body.contains(&format!(
        "![Un graphique de la consommation]({path} \"Consommation par habitant\")"
    )));
    let second = article(&report, "2020-09-15-second.md");
    assert!(second
        .body
        .contains(&format!("<img src=\"{path}\" alt=\"Le même graphique\">")));
    assert!(second.body.contains("![Encore le graphique][graphique]"));
    assert!(second
        .body
        .contains(&format!("[graphique]: {path} \"Copie\"")));
}

// Each picture that cannot be bundled is a warning at its own line and column; the article is
// imported with the address as written, so the reader shows the alt text.
#[test]
fn pictures_that_cannot_be_bundled_are_warnings() {
    let options = ImportOptions {
        max_image_bytes: 4096,
        ..ImportOptions::default()
    };
    let report = import_with("images_problems", &options);
    let rel = "2021-06-01-problemes.md";
    let a = article(&report, rel);
    assert!(report.images.is_empty());
    let places: Vec<_> = report.diagnostics.iter().map(place).collect();
    let warning = |line, column| {
        (
            rel,
            line,
            column,
            Severity::Warning,
            Outcome::FieldDropped("picture"),
        )
    };
    assert_eq!(
        places,
        [
            warning(8, 12),
            warning(10, 12),
            warning(12, 16),
            warning(14, 11)
        ]
    );
    let messages: Vec<_> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        messages[0]
            .contains("the picture `absente.png` was not found (imported without its picture)"),
        "{}",
        messages[0]
    );
    assert!(messages[1].contains("is a BMP file"), "{}", messages[1]);
    assert!(
        messages[1].contains("PNG, JPEG, GIF, WebP, AVIF or SVG"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].contains("over the 4 KiB limit for an image"),
        "{}",
        messages[2]
    );
    assert!(messages[2].contains("--max-image-size"), "{}", messages[2]);
    assert!(
        messages[3].contains(
            "the picture `../../../etc/passwd` is outside the articles folder; it was not read"
        ),
        "{}",
        messages[3]
    );
    for written in [
        "(absente.png)",
        "(scan.bmp)",
        "(grande.png)",
        "(../../../etc/passwd)",
    ] {
        assert!(a.body.contains(written), "{written} was changed");
    }
    // Under the default limit the large picture is bundled.
    let report = import("images_problems");
    assert_eq!(report.images.len(), 1);
    assert_eq!(report.diagnostics.len(), 3);
}

// SVG sizes come from width and height in pixels, else the viewBox; one with neither is a
// warning. A GIF is measured, and a JPEG turned by its EXIF orientation has its sides swapped,
// as browsers draw it.
#[test]
fn svg_gif_and_turned_jpeg_sizes() {
    let report = import("images_formats");
    let a = article(&report, "2020-02-02-dessins.md");
    let size = |alt| {
        let p = picture_of(&report, a, alt);
        (
            p.file.path.rsplit('.').next().unwrap().to_owned(),
            p.width,
            p.height,
        )
    };
    assert_eq!(size("Avec taille"), ("svg".to_owned(), 40, 30));
    assert_eq!(size("Boîte de vue"), ("svg".to_owned(), 120, 90));
    assert_eq!(size("Animation"), ("gif".to_owned(), 40, 30));
    assert_eq!(size("Photo tournée"), ("jpg".to_owned(), 30, 40));
    assert!(a.body.contains("![Sans taille](sans-taille.svg)"));
    assert_eq!(report.diagnostics.len(), 1, "{:#?}", report.diagnostics);
    let d = &report.diagnostics[0];
    assert_eq!((d.line, d.column), (10, 48));
    assert!(
        d.message.contains("gives no size in pixels and no viewBox"),
        "{d}"
    );
    assert_eq!(report.images.len(), 4);
    assert_eq!(
        report.not_articles, 1,
        "the SVG without a size is passed over"
    );
}

// A link inside the folder that leads out of it is refused like `../`: where the file really is
// counts, not where its name says.
#[cfg(unix)]
#[test]
fn links_out_of_the_folder_are_refused() {
    let dir = std::env::temp_dir().join(format!("kiosque-link-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    std::fs::copy(fixture("images_shared/pic.png"), dir.join("outside.png")).unwrap();
    std::os::unix::fs::symlink(dir.join("outside.png"), dir.join("articles/lien.png")).unwrap();
    std::fs::write(
        dir.join("articles/2020-01-01-lien.md"),
        "# Lien\n\n![Par un lien](lien.png)\n",
    )
    .unwrap();
    let report = import::import_dir(&dir.join("articles"));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(report.images.is_empty());
    // The link itself is refused by the walk, and the picture pointing at it by the article.
    assert_eq!(report.diagnostics.len(), 2, "{:#?}", report.diagnostics);
    assert_eq!(report.refused(), 1);
    let picture = report
        .diagnostics
        .iter()
        .find(|d| d.path == "2020-01-01-lien.md")
        .unwrap();
    assert_eq!((picture.line, picture.column), (3, 16));
    assert!(picture.message.contains("outside the articles folder"));
}
