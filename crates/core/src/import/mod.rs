//! Reading a folder of articles: press clippings (`.txt`) and Markdown with YAML, TOML or no front
//! matter. Every problem becomes a [`Diagnostic`] naming the file and line; one bad file never stops
//! the others.

mod clipping;
mod decode;
mod diagnostic;
mod front_matter;

use std::collections::HashSet;
use std::path::Path;

pub use diagnostic::{Diagnostic, Outcome, Severity};

use crate::article::{Article, ArticleMeta};
use crate::date::ArticleDate;
use crate::{language, markdown, slug};

/// Files larger than this are refused: no article is this long, and a mistaken folder (a video,
/// a database dump) must not exhaust memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Longest summary kept, in characters.
const MAX_SUMMARY: usize = 280;

/// Everything an import found.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Imported articles, in file-path order.
    pub articles: Vec<Article>,
    /// Problems, in file-path order.
    pub diagnostics: Vec<Diagnostic>,
    /// Every regular file seen under the folder.
    pub files_seen: usize,
    /// Files that are not articles (images, section pages, READMEs) and were passed over.
    pub not_articles: usize,
}

impl ImportReport {
    /// Article files that could not be imported.
    pub fn skipped(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.outcome == Outcome::Skipped)
            .count()
    }

    /// Number of diagnostics at `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Imported articles without a date.
    pub fn undated(&self) -> usize {
        self.articles
            .iter()
            .filter(|a| a.meta.date.is_none())
            .count()
    }
}

/// Imports every article under `root`, recursively, in a deterministic order.
pub fn import_dir(root: &Path) -> ImportReport {
    import_dir_with_progress(root, |_, _| {})
}

/// Like [`import_dir`], calling `progress(done, total)` after each file.
pub fn import_dir_with_progress(
    root: &Path,
    mut progress: impl FnMut(usize, usize),
) -> ImportReport {
    let mut report = ImportReport::default();
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        // Hidden files and folders (`.git`, `.DS_Store`) are never content.
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map_or_else(String::new, |p| relative(root, p));
                report.diagnostics.push(
                    Diagnostic::error(&path, 1, 1, format!("cannot be read: {e}"))
                        .hint("check the file's permissions"),
                );
            }
        }
    }
    report.files_seen = files.len();
    let mut taken_ids = HashSet::new();
    let total = files.len();
    for (done, path) in files.iter().enumerate() {
        let rel = relative(root, path);
        if !is_article_file(&rel) {
            report.not_articles += 1;
        } else {
            let read = std::fs::metadata(path).and_then(|m| {
                if m.len() > MAX_FILE_BYTES {
                    Ok(Err(m.len()))
                } else {
                    std::fs::read(path).map(Ok)
                }
            });
            match read {
                Ok(Ok(bytes)) => {
                    if let Some(article) = import_file(&rel, &bytes, &mut report.diagnostics) {
                        report.articles.push(with_unique_id(article, &mut taken_ids, &mut report.diagnostics));
                    }
                }
                Ok(Err(size)) => report.diagnostics.push(
                    Diagnostic::error(
                        &rel,
                        1,
                        1,
                        format!("the file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit for an article"),
                    )
                    .hint("split it into several articles or move it out of the folder"),
                ),
                Err(e) => report.diagnostics.push(
                    Diagnostic::error(&rel, 1, 1, format!("cannot be read: {e}"))
                        .hint("check the file's permissions"),
                ),
            }
        }
        progress(done + 1, total);
    }
    report
}

/// `.txt` and `.md` files are articles, except section pages (`_index.md`) and a README or
/// LICENSE at the top of the folder.
fn is_article_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let lower = name.to_ascii_lowercase();
    let is_text = lower.ends_with(".txt") || lower.ends_with(".md") || lower.ends_with(".markdown");
    let at_root = !rel.contains('/');
    let root_doc = at_root
        && ["readme", "license", "licence", "changelog", "contributing"]
            .iter()
            .any(|doc| lower.starts_with(doc));
    is_text && !lower.starts_with('_') && !root_doc
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a file's own text says, before fallbacks from its name and path.
#[derive(Default)]
struct Draft {
    title: Option<String>,
    date: Option<ArticleDate>,
    /// Set when the source gave a date that was refused, so no fallback replaces it silently.
    date_refused: bool,
    authors: Vec<String>,
    tags: Vec<String>,
    source: Option<String>,
    lang: Option<String>,
    summary: Option<String>,
    slug: Option<String>,
    path_field: Option<String>,
    /// The first paragraph, for the summary when none is given.
    lede: Option<String>,
    body: String,
}

/// Imports one file given its path relative to the imported folder (`/`-separated) and its bytes.
/// Returns `None` when the file is skipped; problems are pushed onto `diagnostics` either way.
pub fn import_file(rel: &str, bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Option<Article> {
    let decoded = decode::decode(bytes);
    if decoded.was_windows_1252 {
        diagnostics.push(
            Diagnostic::warning(
                rel,
                1,
                1,
                "the file is not UTF-8; it was read as Windows-1252",
            )
            .hint("check its accents on the site, or save it as UTF-8"),
        );
    }
    let text = decoded.text;
    if text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(rel, 1, 1, "the file is empty")
                .hint("write the article or remove the file"),
        );
        return None;
    }
    let draft = if rel.to_ascii_lowercase().ends_with(".txt") {
        read_clipping(rel, &text, diagnostics)
    } else {
        read_markdown(rel, &text, diagnostics)?
    };
    Some(finish(rel, draft, diagnostics))
}

fn read_clipping(rel: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Draft {
    let c = clipping::parse(text);
    let date_refused = matches!(c.date_problem, Some((_, clipping::DateProblem::Invalid(_))));
    if let Some((column, problem)) = c.date_problem {
        // The first line that holds text is where the date belongs.
        let line = text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0) + 1;
        diagnostics.push(match problem {
            clipping::DateProblem::Missing => Diagnostic::warning(
                rel,
                line,
                column,
                "the clipping does not start with a `date` line",
            )
            .hint("start the first line with `date YYYY-MM-DD`, `date YYYY-MM` or `date YYYY`"),
            clipping::DateProblem::Invalid(e) => {
                Diagnostic::error(rel, line, column, e.to_string())
                    .outcome(Outcome::FieldDropped("date"))
                    .hint("correct the date on the first line")
            }
        });
    }
    // The title is the lede's first sentence; a summary repeating it would say it twice.
    let summary = c
        .title
        .as_deref()
        .and_then(|title| c.lede.strip_prefix(title))
        .map(|rest| rest.trim_start_matches(['.', '!', '?', '…']).trim())
        .filter(|rest| !rest.is_empty())
        .map(str::to_owned);
    Draft {
        date_refused,
        date: c.date,
        title: c.title,
        summary,
        lede: Some(c.lede),
        body: c.markdown,
        ..Draft::default()
    }
}

fn read_markdown(rel: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Draft> {
    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(rel, e.line, e.column, e.message)
                    .hint("close the front matter with the same fence line (`---` or `+++`)"),
            );
            return None;
        }
    };
    let fields = match front_matter::parse(&split) {
        Ok(fields) => fields,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(rel, e.line, e.column, e.message)
                    .hint("fix the front matter; quote values that hold `:` or `#`"),
            );
            return None;
        }
    };
    let mut draft = Draft {
        title: fields.title,
        authors: fields.authors,
        tags: fields.tags,
        source: fields.source,
        lang: fields.lang,
        summary: fields.summary,
        slug: fields
            .slug
            .map(|s| slug::slugify(&s))
            .filter(|s| !s.is_empty()),
        path_field: fields.path,
        body: split.body.trim_start_matches('\n').to_owned(),
        ..Draft::default()
    };
    if let Some((written, line)) = fields.date {
        match ArticleDate::parse(&written) {
            Ok(date) => draft.date = Some(date),
            Err(e) => {
                draft.date_refused = true;
                diagnostics.push(
                    Diagnostic::error(rel, line, 1, e.to_string())
                        .outcome(Outcome::FieldDropped("date"))
                        .hint("correct the `date` field"),
                );
            }
        }
    }
    if draft.title.is_none() {
        if let Some((title, range)) = markdown::first_h1(&draft.body) {
            // The heading becomes the title; keeping it in the body would show it twice.
            draft.body.replace_range(range, "");
            draft.title = Some(title).filter(|t| !t.is_empty());
        }
    }
    draft.lede = markdown::first_paragraph(&draft.body);
    Some(draft)
}

/// Fills what the file did not say from its name and folder, and builds the article.
fn finish(rel: &str, draft: Draft, diagnostics: &mut Vec<Diagnostic>) -> Article {
    let (parent, file_stem) = name_parts(rel);
    // A post that is a folder holding `index.md` is named by its folder.
    let stem = if file_stem.eq_ignore_ascii_case("index") {
        parent.rsplit('/').next().unwrap_or(file_stem)
    } else {
        file_stem
    };
    let (name_date, name_rest) = date_prefix(stem);
    let date = draft.date.or(if draft.date_refused {
        None
    } else {
        name_date
            .or_else(|| draft.path_field.as_deref().and_then(date_in_path))
            .or_else(|| date_in_path(parent))
    });
    let readable_stem =
        (!slug::looks_like_hash(name_rest) && !name_rest.is_empty()).then_some(name_rest);
    let title = draft
        .title
        .or_else(|| readable_stem.map(|s| s.replace(['-', '_'], " ")))
        .unwrap_or_else(|| "Untitled".to_owned());
    let slug = draft
        .slug
        .or_else(|| {
            draft
                .path_field
                .as_deref()
                .and_then(|p| p.trim_matches('/').rsplit('/').next())
                .map(slug::slugify)
        })
        .filter(|s| !s.is_empty())
        .or_else(|| readable_stem.map(slug::slugify))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slug::slugify(&title));
    let slug = if slug.is_empty() {
        "article".to_owned()
    } else {
        slug
    };
    let id = match date {
        Some(d) => format!("{d}-{slug}"),
        None => slug,
    };
    let plain = markdown::plain_text(&draft.body);
    let lang = match draft.lang {
        Some(lang) => lang
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase(),
        None => language::guess(&plain).to_owned(),
    };
    if date.is_none() && !draft.date_refused && !rel.ends_with(".txt") {
        diagnostics.push(
            Diagnostic::warning(rel, 1, 1, "no date found; the article is imported as undated")
                .hint("add `date: YYYY-MM-DD` to the front matter or a `YYYY-MM-DD-` prefix to the file name"),
        );
    }
    let summary = draft
        .summary
        .or(draft.lede)
        .map(|s| shorten(&s, MAX_SUMMARY))
        .unwrap_or_default();
    Article {
        meta: ArticleMeta {
            id,
            title,
            date,
            authors: draft.authors,
            tags: draft.tags,
            source: draft.source,
            lang,
            summary,
            reading_minutes: language::reading_minutes(&plain),
            origin: rel.to_owned(),
        },
        body: draft.body,
    }
}

/// Gives a colliding id a numbered suffix, with a warning naming both files.
fn with_unique_id(
    mut article: Article,
    taken: &mut HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Article {
    if taken.insert(article.meta.id.clone()) {
        return article;
    }
    let base = article.meta.id.clone();
    let mut n = 2;
    while !taken.insert(format!("{base}-{n}")) {
        n += 1;
    }
    article.meta.id = format!("{base}-{n}");
    diagnostics.push(
        Diagnostic::warning(
            &article.meta.origin,
            1,
            1,
            format!(
                "another article already has the id `{base}`; this one is `{}`",
                article.meta.id
            ),
        )
        .hint("give one of them a distinct `slug` so links to it stay stable"),
    );
    article
}

/// Splits `a/b/name.md` into (`a/b`, `name`).
fn name_parts(rel: &str) -> (&str, &str) {
    let (parent, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    (parent, stem)
}

/// A `YYYY-MM-DD-` or `YYYY-MM-` file-name prefix, and the rest of the name.
fn date_prefix(stem: &str) -> (Option<ArticleDate>, &str) {
    for len in [10, 7] {
        if let (Some(prefix), Some(rest)) = (stem.get(..len), stem.get(len..)) {
            let rest = rest.strip_prefix(['-', '_']).unwrap_or(rest);
            if let Ok(date) = ArticleDate::parse(prefix) {
                return (Some(date), rest);
            }
        }
    }
    (None, stem)
}

/// A `YYYY/MM/DD` or `YYYY/MM` run of folders in a path.
fn date_in_path(path: &str) -> Option<ArticleDate> {
    let parts: Vec<&str> = path.split('/').collect();
    parts.windows(2).find_map(|w| {
        let (y, m) = (w[0], w[1]);
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let at = parts.iter().position(|p| std::ptr::eq(*p, y))?;
        let day = parts
            .get(at + 2)
            .filter(|d| d.len() == 2 && d.bytes().all(|b| b.is_ascii_digit()));
        match day {
            Some(d) => ArticleDate::parse(&format!("{y}-{m}-{d}")).ok(),
            None => ArticleDate::parse(&format!("{y}-{m}")).ok(),
        }
    })
}

/// Cuts `text` to at most `max` characters at a word boundary, adding `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let limit = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let cut = text[..limit].rfind(char::is_whitespace).unwrap_or(limit);
    format!(
        "{}…",
        text[..cut].trim_end_matches([',', ';', ':', ' ', '.'])
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Precision;

    fn one(rel: &str, text: &str) -> (Option<Article>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let article = import_file(rel, text.as_bytes(), &mut diagnostics);
        (article, diagnostics)
    }

    #[test]
    fn seed_shaped_clipping_gets_a_title_not_its_hash() {
        let (a, d) = one(
            "000_0d735122cdab0731.txt",
            " date 2020-04 L’hébergeur a choisi un nouveau fournisseur de services. Le contrat court sur trois ans.\n\nLes raisons du choix\n\nLe prix a compté, dit-on.",
        );
        let a = a.unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            a.meta.title,
            "L’hébergeur a choisi un nouveau fournisseur de services"
        );
        assert_eq!(a.meta.date.unwrap().precision(), Precision::Month);
        assert_eq!(
            a.meta.id,
            "2020-04-l-hebergeur-a-choisi-un-nouveau-fournisseur-de-services"
        );
        assert_eq!(a.meta.lang, "fr");
        assert!(a.body.contains("## Les raisons du choix"));
        assert_eq!(a.meta.summary, "Le contrat court sur trois ans.");
    }

    #[test]
    fn markdown_date_comes_from_the_file_name_when_missing() {
        let (a, _) = one(
            "posts/2014-06-04-intro.md",
            "---\ntitle: Intro\n---\nHello there, this is the text.",
        );
        let a = a.unwrap();
        assert_eq!(a.meta.date.unwrap().to_string(), "2014-06-04");
        assert_eq!(a.meta.id, "2014-06-04-intro");
        assert_eq!(a.meta.summary, "Hello there, this is the text.");
    }

    #[test]
    fn plain_markdown_takes_its_h1_as_title() {
        let (a, d) = one(
            "notes/2021/03/10/post/index.md",
            "# Le titre\n\nDu texte ici.",
        );
        let a = a.unwrap();
        assert_eq!(a.meta.title, "Le titre");
        assert!(!a.body.contains("# Le titre"));
        assert_eq!(a.meta.date.unwrap().to_string(), "2021-03-10");
        assert_eq!(a.meta.id, "2021-03-10-post");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn bad_front_matter_skips_the_file_with_a_position() {
        let (a, d) = one("a.md", "---\ntitle: x\ntags: [a\n---\nBody");
        assert!(a.is_none());
        assert_eq!(d[0].severity, Severity::Error);
        assert_eq!(d[0].outcome, Outcome::Skipped);
        assert!(d[0].line >= 3);
    }

    #[test]
    fn impossible_date_is_dropped_not_guessed() {
        let (a, d) = one(
            "2020-01-05-x.md",
            "---\ntitle: X\ndate: 2021-02-30\n---\nBody.",
        );
        let a = a.unwrap();
        assert!(
            a.meta.date.is_none(),
            "the file-name date must not replace a refused one"
        );
        assert_eq!(d[0].line, 3);
        assert_eq!(d[0].outcome, Outcome::FieldDropped("date"));
        assert!(d[0]
            .to_string()
            .starts_with("2020-01-05-x.md:3:1: error: `2021-02-30` names day 30"));
    }

    #[test]
    fn empty_files_are_errors() {
        let (a, d) = one("empty.md", " \n\n");
        assert!(a.is_none());
        assert_eq!(d[0].message, "the file is empty");
    }

    #[test]
    fn not_articles_are_recognised() {
        assert!(is_article_file("a/b.md"));
        assert!(is_article_file("x.TXT"));
        assert!(!is_article_file("README.md"));
        assert!(is_article_file("posts/readme-tips.md"));
        assert!(!is_article_file("posts/_index.md"));
        assert!(!is_article_file("img/photo.png"));
    }

    #[test]
    fn colliding_ids_get_suffixes() {
        let mut taken = HashSet::new();
        let mut d = Vec::new();
        let (a, _) = one("2020-01-01-a.md", "# A\n\ntext");
        let (b, _) = one("x/2020-01-01-a.md", "# A\n\ntext");
        assert_eq!(
            with_unique_id(a.unwrap(), &mut taken, &mut d).meta.id,
            "2020-01-01-a"
        );
        assert_eq!(
            with_unique_id(b.unwrap(), &mut taken, &mut d).meta.id,
            "2020-01-01-a-2"
        );
        assert_eq!(d.len(), 1);
    }
}
