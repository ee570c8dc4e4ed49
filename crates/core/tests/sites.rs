//! Real site-generator sources (tests/fixtures/sites: a Hugo, a Jekyll and a Zola site written
//! for these tests from each generator's documented syntax) read as their generators publish
//! them: template code expanded or removed, raw HTML cleaned, drafts left out, every date and
//! author read, and nothing of the template code or the Markdown in titles, summaries, the
//! index or snippets.

use std::path::PathBuf;

use kiosque_core::bundle;
use kiosque_core::import::{self, ImportOptions, ImportReport, Severity};
use kiosque_core::markdown;
use kiosque_core::search::{Highlighter, Query, SearchRequest};
use kiosque_core::Article;

fn site(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/sites")
        .join(name)
}

/// Imports a fixture site as a publisher would: its articles folder, with its top folder as
/// `--site-root`.
fn import_site(name: &str, articles: &str, drafts: bool) -> ImportReport {
    let root = site(name);
    import::import_dir_with(
        &root.join(articles),
        &ImportOptions {
            site_root: Some(root),
            include_drafts: drafts,
            ..ImportOptions::default()
        },
        |_, _| {},
    )
}

fn article<'a>(report: &'a ImportReport, origin: &str) -> &'a Article {
    report
        .articles
        .iter()
        .find(|a| a.meta.origin == origin)
        .unwrap_or_else(|| {
            let found: Vec<_> = report.articles.iter().map(|a| &a.meta.origin).collect();
            panic!("{origin} was not imported: {found:?}")
        })
}

/// Template code and Markdown syntax a reader must never see in a title, summary or snippet.
const NEVER_SHOWN: &[&str] = &["{{", "}}", "{%", "%}", "](", "**", "<", ">"];

fn assert_clean(where_: &str, text: &str) {
    for bad in NEVER_SHOWN {
        assert!(!text.contains(bad), "{where_} shows `{bad}`: {text:?}");
    }
}

/// What every fixture site must show: clean titles and summaries, a date and an author on every
/// article, no template code in the text the index reads outside code, and no errors (so
/// `--strict` passes).
fn assert_published_well(report: &ImportReport) {
    assert_eq!(
        report.count(Severity::Error),
        0,
        "{:#?}",
        report.diagnostics
    );
    for a in &report.articles {
        let origin = &a.meta.origin;
        assert_clean(&format!("{origin}: title"), &a.meta.title);
        assert_clean(&format!("{origin}: summary"), &a.meta.summary);
        assert!(a.meta.date.is_some(), "{origin} has no date");
        assert!(!a.meta.authors.is_empty(), "{origin} has no author");
        // The text the index reads, less the code the article shows on purpose.
        let text = markdown::plain_text(&without_code(&a.body));
        for bad in ["{{", "{%", "<table", "<iframe", "<script", "onclick"] {
            assert!(
                !text.contains(bad),
                "{origin}: the index would read `{bad}`: {text}"
            );
        }
    }
}

/// `body` without its code blocks and code spans, where template syntax is content.
fn without_code(body: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::new();
    let mut depth = 0;
    for event in Parser::new_ext(body, markdown::options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => depth += 1,
            Event::End(TagEnd::CodeBlock) => depth -= 1,
            Event::Text(t) if depth == 0 => {
                out.push_str(&t);
                out.push('\n');
            }
            Event::Html(t) | Event::InlineHtml(t) if depth == 0 => out.push_str(&t),
            _ => {}
        }
    }
    out
}

// Hugo: a leaf bundle's figure (its picture bundled), a YouTube card, an HTML table, an iframe
// card, a ref resolved and a relref to a missing page left as text, highlight as a code block,
// an unknown paired shortcode removed with its text kept, shortcodes in code left alone,
// `{{< param >}}` from the settings, authors as maps, a draft left out, a resource `.md` that is
// not a page, and two `overview.md` told apart by their folders.
#[test]
fn hugo_site() {
    let report = import_site("hugo", "content", false);
    assert_published_well(&report);
    assert_eq!(report.drafts, 1);
    assert_eq!(
        report.articles.len(),
        4,
        "{:#?}",
        report
            .articles
            .iter()
            .map(|a| &a.meta.origin)
            .collect::<Vec<_>>()
    );
    assert!(report
        .articles
        .iter()
        .all(|a| !a.meta.origin.ends_with("notes.md")));
    assert_eq!(
        report.images.len(),
        2,
        "the figure's picture and the one in static/"
    );

    let post = article(&report, "posts/2023-04-02-migration/index.md");
    assert_eq!(
        post.meta.title,
        "Migration du serveur de fichiers vers la version 5.2"
    );
    assert_eq!(
        post.meta.summary,
        "Le récit de la bascule, avec le tableau des volumes et une vidéo."
    );
    assert_eq!(post.meta.authors, ["Claire Vasseur", "Ousmane Diallo"]);
    assert_eq!(post.meta.id, "2023-04-02-migration");
    let body = &post.body;
    let figure = report
        .images
        .iter()
        .find(|i| i.entry.width == 320)
        .expect("the figure's picture is bundled");
    assert!(
        body.contains(&format!(
            "<figure><img src=\"{}\" alt=\"Courbe de charge\"><figcaption>La charge pendant la bascule</figcaption></figure>",
            figure.entry.file.path
        )),
        "{body}"
    );
    assert!(body.contains("<p class=\"embed-card\"><a href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc\"><span class=\"embed-host\">YouTube</span> <span class=\"embed-title\">Démonstration de la bascule</span></a></p>"), "{body}");
    assert!(
        body.contains("href=\"https://vimeo.com/76979871\""),
        "{body}"
    );
    assert!(
        body.contains("<td>Sauvegardes</td>") && body.contains("<th>Volume</th>"),
        "{body}"
    );
    assert!(
        body.contains("<small>Chiffres relevés le 1<sup>er</sup> avril"),
        "{body}"
    );
    assert!(
        !body.contains("onclick") && !body.contains("<script") && !body.contains("piraté"),
        "{body}"
    );
    assert!(body.contains("annoncée par l'équipe infra."), "{body}");
    assert!(
        body.contains("Pensez à **vider le cache** des postes"),
        "{body}"
    );
    assert!(
        body.contains("```toml\n[storage]\ndedup = true\n```"),
        "{body}"
    );
    assert!(
        body.contains("[pourquoi nous migrons](#/article/2023-03-12-pourquoi-migrer)"),
        "{body}"
    );
    assert!(
        body.contains("un lien vers un billet disparu reste lisible"),
        "{body}"
    );
    assert!(body.contains("`{{< figure src=\"x.png\" >}}`"), "{body}");
    assert!(
        body.contains("{{< figure src=\"photo.jpg\" caption=\"Une photo\" >}}\n```"),
        "{body}"
    );
    assert!(!body.contains("gallery"), "{body}");

    let why = article(&report, "posts/pourquoi-migrer.md");
    assert_eq!(
        why.meta.summary,
        "L'ancien serveur arrive en fin de support ; voici ce qui nous a décidés."
    );
    assert!(
        why.body
            .contains("https://x.com/CarnetInfra/status/1453110110599868418"),
        "{}",
        why.body
    );

    let mut ids: Vec<&str> = report.articles.iter().map(|a| a.meta.id.as_str()).collect();
    ids.sort();
    assert!(
        ids.contains(&"2023-02-01-deployment-overview")
            && ids.contains(&"2023-02-01-templates-overview"),
        "{ids:?}"
    );

    // Removed template code is one warning per name.
    let warnings: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].contains("`{{< notice >}}`") && warnings[1].contains("`{{< gallery >}}`"),
        "{warnings:?}"
    );

    let with_drafts = import_site("hugo", "content", true);
    assert_eq!((with_drafts.articles.len(), with_drafts.drafts), (5, 0));
}

// Jekyll: `{{ site.x }}` from `_config.yml`, `site.baseurl` pictures from the site root, a date
// with junk read from the file name, `{% link %}` and `{% post_url %}` resolved, `highlight`,
// `raw` in code, `comment` gone, an excerpt in Markdown, authors as `author:` maps, `published:
// false` and `_drafts` left out.
#[test]
fn jekyll_site() {
    let report = import_site("jekyll", ".", false);
    assert_published_well(&report);
    assert_eq!((report.articles.len(), report.drafts), (2, 2));
    assert_eq!(report.images.len(), 1);
    let release = article(&report, "_posts/2023-01-30-tessera-4-2-released.md");
    assert_eq!(release.meta.date.unwrap().to_string(), "2023-01-30");
    assert_eq!(
        release.meta.summary,
        "Faster incremental builds, a new serve flag and fewer surprises."
    );
    let body = &release.body;
    assert!(
        body.contains("(https://github.com/tessera-project/tessera)"),
        "{body}"
    );
    assert!(
        body.contains("[previous notes](#/article/2022-12-01-welcome-to-tessera)"),
        "{body}"
    );
    assert!(
        body.contains("[the welcome post](#/article/2022-12-01-welcome-to-tessera)"),
        "{body}"
    );
    assert!(
        body.contains(&format!(
            "![The Tessera logo]({})",
            report.images[0].entry.file.path
        )),
        "{body}"
    );
    assert!(
        body.contains("```ruby\nTessera::Build.new(incremental: true).run\n```"),
        "{body}"
    );
    assert!(
        body.contains("```liquid\n{{ page.title | upcase }}\n```"),
        "{body}"
    );
    assert!(body.contains("Thanks to every contributor."), "{body}");
    assert!(
        body.contains("with Release notes of Tessera itself"),
        "{body}"
    );
    let junk = report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("after its date"))
        .expect("the date with junk is reported");
    assert_eq!(
        (junk.line, junk.column, junk.severity),
        (4, 7, Severity::Warning)
    );

    let welcome = article(&report, "_posts/2022-12-01-welcome-to-tessera.md");
    assert_eq!(welcome.meta.authors, ["Mira Okonkwo", "Tomás Herrera"]);
    assert!(!welcome.body.contains("archive page"), "{}", welcome.body);
    assert!(
        welcome.body.contains(
            "<details>\n<summary>What is Tessera?</summary>\n\nA toolkit that turns **Markdown**"
        ),
        "{}",
        welcome.body
    );
}

// Zola: front matter after blank lines, `{% figure() %}…{% end %}` with its caption, a YouTube
// card, an `@/` link resolved, taxonomies and `[extra]` authors, a table, and two
// `overview.md` told apart by their folders.
#[test]
fn zola_site() {
    let report = import_site("zola", "content", false);
    assert_published_well(&report);
    assert_eq!(report.articles.len(), 4);
    assert_eq!(report.images.len(), 1);
    let post = article(&report, "blog/chiffon/index.md");
    assert_eq!(post.meta.title, "Coudre un sac en chiffon");
    assert_eq!(post.meta.date.unwrap().to_string(), "2024-02-11");
    assert_eq!(post.meta.authors, ["Jeanne Morel"]);
    assert_eq!(
        post.meta.summary,
        "Un patron simple, des chutes de tissu et une vidéo pour tout suivre."
    );
    let body = &post.body;
    assert!(body.contains(&format!("<figure><img src=\"{}\" alt=\"Le sac terminé\"><figcaption>Le sac terminé, doublé de lin.</figcaption></figure>", report.images[0].entry.file.path)), "{body}");
    assert!(
        body.contains("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        "{body}"
    );
    assert!(
        body.contains("[le billet sur le patron](#/article/2024-01-28-patron)"),
        "{body}"
    );
    assert!(
        body.contains("Repassez chaque couture avant la suivante."),
        "{body}"
    );
    assert!(body.contains("`{{ youtube(id=\"…\") }}`"), "{body}");
    let mut ids: Vec<&str> = report.articles.iter().map(|a| a.meta.id.as_str()).collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "2024-01-05-deployment-overview",
            "2024-01-05-templates-overview",
            "2024-01-28-patron",
            "2024-02-11-chiffon"
        ]
    );
}

// The hostile fixture keeps nothing that runs: scripts, event handlers, iframes and SVG are gone
// from the bundled body, the words around them stay.
#[test]
fn hostile_markup_is_cleaned_when_bundling() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hostile");
    let report = import::import_dir(&root);
    let a = article(&report, "2021-06-01-untrusted-markup.md");
    let html = markdown::to_safe_html(&a.body);
    for bad in [
        "<script",
        "onerror",
        "onload",
        "onmouseover",
        "<iframe",
        "<svg",
        "href=\"javascript",
        "href=\"data",
    ] {
        assert!(!html.contains(bad), "`{bad}` left in {html}");
    }
    assert!(!a.body.contains("<script>window"), "{}", a.body);
    assert!(
        html.contains("<a>raw HTML link</a>") && html.contains("Hover me"),
        "{html}"
    );
}

// Searching the three sites: no snippet shows template code, a shortcode's name finds nothing
// (it is not indexed), and the words of tables, captions and cards are found.
#[test]
fn the_index_and_snippets_never_show_template_code() {
    let mut articles = Vec::new();
    for (name, folder) in [("hugo", "content"), ("jekyll", "."), ("zola", "content")] {
        articles.extend(import_site(name, folder, false).articles);
    }
    let texts: std::collections::HashMap<String, String> = articles
        .iter()
        .map(|a| (a.meta.id.clone(), markdown::plain_text(&a.body)))
        .collect();
    let (_, opened) = bundle::build(articles, Vec::new(), "test").open().unwrap();
    let searcher = opened.searcher;
    let metas: Vec<_> = opened.entries.iter().map(|e| e.meta.clone()).collect();
    let bodies: Vec<&String> = metas.iter().map(|m| &texts[&m.id]).collect();
    let search = |q: &str| {
        searcher.search(&SearchRequest {
            query: Query::parse(q),
            ..SearchRequest::default()
        })
    };
    for q in [
        "gallery ",
        "notice ",
        "include ",
        "param ",
        "endhighlight ",
        "highlight ",
    ] {
        assert!(search(q).hits.is_empty(), "`{q}` matched template code");
    }
    // The shortcode names written in code are found, in the article that shows them.
    assert_eq!(search("gallery OR figure ").hits.len(), 1);
    for q in ["sauvegardes ", "doublé ", "youtube ", "largeur "] {
        assert!(!search(q).hits.is_empty(), "`{q}` should be found");
    }
    // (The Hugo post shows shortcode syntax in code on purpose: that text is the article's.)
    for q in [
        "bascule",
        "incremental",
        "sac",
        "patron",
        "volume",
        "welcome",
    ] {
        let highlighter = Highlighter::new(&Query::parse(q));
        for hit in search(q).hits {
            let snippet = highlighter.snippet(bodies[hit.doc as usize], 30);
            for bad in ["{{", "{%", "<", "**", "]("] {
                assert!(
                    !snippet.text.contains(bad),
                    "snippet for `{q}` shows `{bad}`: {}",
                    snippet.text
                );
            }
        }
    }
}
