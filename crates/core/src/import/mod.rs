//! Reading a folder of articles: press clippings (`.txt`) and Markdown with YAML, TOML or no front
//! matter. Every problem becomes a [`Diagnostic`] naming the file, line and column and what was done
//! about it; one bad file never stops the others.
//!
//! What the importer decides, and why:
//!
//! - **Dates** come from the front matter (`date`, then a Zola `path = "YYYY/MM/DD/…"`), the
//!   clipping's `date` line, a `YYYY-MM-DD-` file-name prefix, or `YYYY/MM/DD` folders, in that
//!   order, at the precision found. A date that is written but impossible (`2020-13`) is an error;
//!   the article is kept without a date rather than with a guessed one, and no later source
//!   replaces it silently. An article without any date is imported as undated.
//! - **Titles** come from the front matter, else the first `#` heading, else a readable file name,
//!   else the lede's first sentence. A hash-like file name (`000_0d735122cdab0731`) is never one.
//! - **Ids** are `date-slug`; two files claiming the same id is an error that keeps both articles
//!   (see `ids.rs`).
//! - **Skipped files**: empty, binary, over the size limit, or with front matter that cannot be
//!   read (publishing the metadata as text would be worse than leaving the article out).
//! - **Not articles**: anything but `.txt`, `.md` and `.markdown`, section pages (`_index.md`) and
//!   a README or LICENSE at the top of the folder are counted, not reported. A picture that an
//!   article shows is counted with the images instead.
//! - **Pictures** (`![alt](path)`, `![alt][ref]`, `<img src>`) with a local path are read from
//!   beside the article, or from the site root for `/…` paths, and stored once under their
//!   content's hash; the body is rewritten to point at `assets/<hash>.<ext>` and at nothing else,
//!   so the reader can tell a bundled picture from one that is not. A picture that cannot be
//!   bundled (missing, outside the folder, too large, of another type, without a readable size)
//!   is a warning; its address is left as written and the reader shows its alt text. Remote
//!   pictures are left to the reader, which does not load them without asking. Clippings are
//!   plain text: a `![…](…)` in one is text, not a picture.

mod clipping;
mod decode;
mod diagnostic;
mod folder;
mod front_matter;
mod ids;
mod image_size;
mod image_store;
mod images;
mod place;
mod title;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

pub use diagnostic::{Diagnostic, Outcome, Severity};

use crate::article::{Article, ArticleMeta};
use crate::bundle::ImageFile;
use crate::date::ArticleDate;
use crate::{language, markdown, slug};
use image_store::ImageStore;
use place::Place;

/// Files larger than this are refused by default: no article is this long, and a mistaken folder
/// (a video, a database dump) must not exhaust memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Pictures larger than this are left out by default: a page of articles must stay quick to
/// open offline, and a photo straight from a camera is better resized first.
pub const MAX_IMAGE_BYTES: u64 = 10 * 1024 * 1024;
/// Longest summary kept, in characters.
const MAX_SUMMARY: usize = 280;

/// How an import behaves. The default suits every real folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Files larger than this many bytes are reported and skipped without being read.
    pub max_file_bytes: u64,
    /// Pictures larger than this many bytes are reported and left out of the bundle.
    pub max_image_bytes: u64,
    /// The folder a picture path starting with `/` starts from (a Jekyll or Hugo site's top
    /// folder, for `/assets/photo.jpg`); the imported folder when `None`. Pictures are read
    /// only from inside the imported folder or this one.
    pub site_root: Option<PathBuf>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: MAX_FILE_BYTES,
            max_image_bytes: MAX_IMAGE_BYTES,
            site_root: None,
        }
    }
}

/// Everything an import found.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Imported articles, in file-path order.
    pub articles: Vec<Article>,
    /// Problems, in file-path order.
    pub diagnostics: Vec<Diagnostic>,
    /// Every regular file seen under the folder.
    pub files_seen: usize,
    /// Files that are neither articles nor pictures an article shows (unused images, section
    /// pages, READMEs), passed over.
    pub not_articles: usize,
    /// The pictures the articles show, each stored once, in path order (`assets/<hash>.<ext>`);
    /// the articles' bodies already point at them. Give them to [`crate::bundle::build`].
    pub images: Vec<ImageFile>,
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

    /// Total size of [`Self::images`] in bytes.
    pub fn image_bytes(&self) -> u64 {
        self.images.iter().map(|i| i.entry.file.bytes).sum()
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
    import_dir_with(root, &ImportOptions::default(), |_, _| {})
}

/// Like [`import_dir`], calling `progress(done, total)` after each file.
pub fn import_dir_with_progress(root: &Path, progress: impl FnMut(usize, usize)) -> ImportReport {
    import_dir_with(root, &ImportOptions::default(), progress)
}

/// Like [`import_dir_with_progress`], with `options`.
///
/// Files are read and imported on every core; the report is the same whatever the number of
/// threads, in file-path order.
pub fn import_dir_with(
    root: &Path,
    options: &ImportOptions,
    mut progress: impl FnMut(usize, usize),
) -> ImportReport {
    let mut report = ImportReport::default();
    let files: Vec<(PathBuf, String)> = folder::files(root, &mut report.diagnostics)
        .into_iter()
        .map(|path| {
            let rel = folder::relative(root, &path);
            (path, rel)
        })
        .collect();
    report.files_seen = files.len();
    let store = ImageStore::new(root, options);
    let mut id_places = Vec::new();
    let mut not_articles = Vec::new();
    for (outcome, (path, _)) in import_files(&files, options, &store, &mut progress)
        .into_iter()
        .zip(&files)
    {
        match outcome {
            FileOutcome::NotArticle => not_articles.push(path),
            FileOutcome::Read(imported, diagnostics) => {
                report.diagnostics.extend(diagnostics);
                if let Some(imported) = imported {
                    report.articles.push(imported.article);
                    id_places.push(imported.id_place);
                }
            }
        }
    }
    let kept = store.finish();
    // A picture beside its post is part of the article, not a file passed over.
    report.not_articles = not_articles
        .into_iter()
        .filter(|path| {
            kept.sources.is_empty()
                || std::fs::canonicalize(path).map_or(true, |p| !kept.sources.contains(&p))
        })
        .count();
    report.images = kept.images;
    ids::make_unique(&mut report.articles, &id_places, &mut report.diagnostics);
    // Id collisions are found last; put every diagnostic back in file order.
    let order: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, (_, rel))| (rel.as_str(), i))
        .collect();
    report
        .diagnostics
        .sort_by_key(|d| order.get(d.path.as_str()).copied().unwrap_or(0));
    report
}

/// What became of one file.
enum FileOutcome {
    NotArticle,
    /// An article file: imported or not, with its problems. Boxed: most outcomes of a large
    /// folder wait in a list until every file is done.
    Read(Option<Box<Imported>>, Vec<Diagnostic>),
}

/// Imports `files` on as many threads as there are cores, calling `progress` from this thread as
/// they finish, and returns the outcomes in the order of `files`.
fn import_files(
    files: &[(PathBuf, String)],
    options: &ImportOptions,
    store: &ImageStore,
    progress: &mut impl FnMut(usize, usize),
) -> Vec<FileOutcome> {
    let total = files.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(total.max(1));
    let next = AtomicUsize::new(0);
    let mut outcomes: Vec<Option<FileOutcome>> = (0..total).map(|_| None).collect();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..threads {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((path, rel)) = files.get(i) else {
                    break;
                };
                let outcome = if folder::is_article_file(rel) {
                    let mut diagnostics = Vec::new();
                    let imported = read_path(path, rel, options, store, &mut diagnostics);
                    FileOutcome::Read(imported.map(Box::new), diagnostics)
                } else {
                    FileOutcome::NotArticle
                };
                if sender.send((i, outcome)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        for (done, (i, outcome)) in receiver.into_iter().enumerate() {
            outcomes[i] = Some(outcome);
            progress(done + 1, total);
        }
    });
    outcomes
        .into_iter()
        .map(|o| o.expect("every file has an outcome"))
        .collect()
}

/// Reads and imports the file at `path`, unless it is too large or unreadable.
fn read_path(
    path: &Path,
    rel: &str,
    options: &ImportOptions,
    store: &ImageStore,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Imported> {
    use std::io::Read;
    let mut bytes = Vec::new();
    // Reading one byte past the limit tells a file over it without trusting its size alone
    // (a file can grow while it is read).
    let read = std::fs::File::open(path).and_then(|file| {
        file.take(options.max_file_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
    });
    if let Err(e) = read {
        diagnostics.push(
            Diagnostic::error(rel, 1, 1, format!("cannot be read: {e}"))
                .hint("check the file's permissions"),
        );
        return None;
    }
    if bytes.len() as u64 > options.max_file_bytes {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        diagnostics.push(
            Diagnostic::error(
                rel,
                1,
                1,
                format!(
                    "the file is {size} bytes, over the {}-byte limit for an article",
                    options.max_file_bytes
                ),
            )
            .hint("split it into several articles, or move it out of the folder if it is not one"),
        );
        return None;
    }
    read_file(rel, &bytes, Some(store), diagnostics)
}

/// An imported article, and the line and column of the field that made its id.
struct Imported {
    article: Article,
    id_place: (usize, usize),
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
    /// A language code already normalized, from the front matter.
    lang: Option<String>,
    summary: Option<String>,
    slug: Option<String>,
    /// Where the field that names the article (`slug`) is, (1, 1) when none.
    slug_at: (usize, usize),
    path_field: Option<String>,
    /// The first paragraph, for the summary and, failing all else, the title.
    lede: Option<String>,
    body: String,
}

/// Imports one file given its path relative to the imported folder (`/`-separated) and its bytes.
/// Returns `None` when the file is skipped; problems are pushed onto `diagnostics` either way.
///
/// The id is the article's own; only [`import_dir`] sees every file and can make ids unique.
/// Without a folder to read them from, pictures are left as written.
pub fn import_file(rel: &str, bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Option<Article> {
    read_file(rel, bytes, None, diagnostics).map(|imported| imported.article)
}

/// Imports one file; with a `store`, its pictures are bundled and its body points at them.
fn read_file(
    rel: &str,
    bytes: &[u8],
    store: Option<&ImageStore>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Imported> {
    let decoded = decode::decode(bytes);
    if let Some((line, column, byte)) = decoded.windows_1252 {
        diagnostics.push(
            Diagnostic::warning(
                rel,
                line,
                column,
                format!(
                    "the file is not UTF-8 (byte 0x{byte:02X} here); it was read as Windows-1252"
                ),
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
    if let Some(at) = text.find('\0') {
        let (line, column) = line_column(&text, at);
        diagnostics.push(
            Diagnostic::error(
                rel,
                line,
                column,
                "the file holds binary data (a NUL character), not text",
            )
            .hint("remove it from the folder, or save it as UTF-8 text"),
        );
        return None;
    }
    let draft = if rel.to_ascii_lowercase().ends_with(".txt") {
        read_clipping(rel, &text, diagnostics)?
    } else {
        read_markdown(rel, &text, store, diagnostics)?
    };
    Some(finish(rel, draft, diagnostics))
}

/// 1-based line and column of byte `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

fn read_clipping(rel: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Draft> {
    let c = clipping::parse(text);
    // The first line that holds text is where the date belongs.
    let line = text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0) + 1;
    if c.lede.is_empty() {
        diagnostics.push(
            Diagnostic::error(rel, line, 1, "the clipping has a date line but no text")
                .hint("write the article after the date, or remove the file"),
        );
        return None;
    }
    let date_refused = matches!(c.date_problem, Some((_, clipping::DateProblem::Invalid(_))));
    if let Some((column, problem)) = c.date_problem {
        diagnostics.push(match problem {
            clipping::DateProblem::Missing => Diagnostic::warning(
                rel,
                line,
                column,
                "the clipping does not start with a `date` line; it is imported as undated",
            )
            .hint("start the first line with `date YYYY-MM-DD`, `date YYYY-MM` or `date YYYY`"),
            clipping::DateProblem::Invalid(e) => {
                Diagnostic::error(rel, line, column, e.to_string())
                    .outcome(Outcome::FieldDropped("date"))
                    .hint("correct the date on the first line")
            }
        });
    }
    // When the title is the lede's whole first sentence, a summary repeating it would say it
    // twice: the summary is the rest of the lede, or the next paragraph when the lede is a single
    // sentence. A title cut short leaves the summary to the lede itself.
    let summary = match c.title.as_deref().and_then(|t| c.lede.strip_prefix(t)) {
        Some(rest) => Some(rest.trim_start_matches(['.', '!', '?', '…']).trim())
            .filter(|rest| !rest.is_empty())
            .map(str::to_owned)
            .or(c.second_paragraph),
        None => None,
    };
    Some(Draft {
        date_refused,
        date: c.date,
        title: c.title,
        summary,
        lede: Some(c.lede),
        body: c.markdown,
        slug_at: (1, 1),
        ..Draft::default()
    })
}

fn read_markdown(
    rel: &str,
    text: &str,
    store: Option<&ImageStore>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Draft> {
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
            diagnostics.push(Diagnostic::error(rel, e.line, e.column, e.message).hint(
                "fix the front matter: quote values that hold `:` or `#`, indent with spaces",
            ));
            return None;
        }
    };
    // Pictures are bundled before the body is trimmed or loses its heading, so that each one's
    // place in the file is known; their warnings follow the front matter's.
    let mut picture_diagnostics = Vec::new();
    let body_at = text.len() - split.body.len();
    let body = match store {
        Some(store) => store.bundle_body(rel, text, body_at, split.body, &mut picture_diagnostics),
        None => std::borrow::Cow::Borrowed(split.body),
    };
    let mut draft = Draft {
        title: fields.title,
        authors: fields.authors,
        tags: fields.tags,
        source: fields.source,
        summary: fields.summary,
        slug: fields
            .slug
            .map(|s| slug::slugify(&s))
            .filter(|s| !s.is_empty()),
        slug_at: fields.slug_at.unwrap_or((1, 1)),
        path_field: fields.path,
        body: body.trim_start_matches('\n').to_owned(),
        ..Draft::default()
    };
    if let Some((written, line, column)) = fields.date {
        match ArticleDate::parse(&written) {
            Ok(date) => draft.date = Some(date),
            Err(e) => {
                draft.date_refused = true;
                diagnostics.push(
                    Diagnostic::error(rel, line, column, e.to_string())
                        .outcome(Outcome::FieldDropped("date"))
                        .hint("correct the `date` field"),
                );
            }
        }
    }
    if let Some((written, line, column)) = fields.lang {
        draft.lang = language::normalize(&written);
        if draft.lang.is_none() {
            diagnostics.push(
                Diagnostic::warning(
                    rel,
                    line,
                    column,
                    format!("`{written}` is not a language code; the language was detected from the text instead"),
                )
                .outcome(Outcome::FieldDropped("lang"))
                .hint("write a code such as `fr`, `en` or `fr-CA`"),
            );
        }
    }
    if rel.split('/').any(|folder| folder == "_drafts") {
        diagnostics.push(
            Diagnostic::warning(
                rel,
                1,
                1,
                "the article is in Jekyll's `_drafts` folder; it is imported anyway",
            )
            .hint("move it to `_posts` when it is ready, or out of the folder until then"),
        );
    }
    if let Some(line) = fields.draft {
        diagnostics.push(
            Diagnostic::warning(
                rel,
                line,
                1,
                "the article is marked as a draft; it is imported anyway",
            )
            .hint("remove the file, or the `draft` line, depending on whether it is ready"),
        );
    }
    diagnostics.append(&mut picture_diagnostics);
    if let Some((heading, range)) = markdown::first_h1(&draft.body) {
        // The heading becomes the title when there is none; a heading that opens the body and
        // repeats the title would show it twice.
        let opens_body = draft.body[..range.start].trim().is_empty();
        let repeats = draft
            .title
            .as_deref()
            .is_some_and(|t| opens_body && t.trim().eq_ignore_ascii_case(&heading));
        if draft.title.is_none() || repeats {
            draft.body.replace_range(range, "");
            draft.body = draft.body.trim_start_matches('\n').to_owned();
            if draft.title.is_none() {
                draft.title = Some(heading).filter(|t| !t.is_empty());
            }
        }
    }
    draft.lede = markdown::first_paragraph(&draft.body);
    if draft.body.trim().is_empty() {
        let line = text.len() - split.body.len();
        diagnostics.push(
            Diagnostic::warning(rel, line_column(text, line).0, 1, "the article has no text")
                .hint("write the article below its front matter, or remove the file"),
        );
    }
    Some(draft)
}

/// Fills what the file did not say from its name and folder, and builds the article.
fn finish(rel: &str, draft: Draft, diagnostics: &mut Vec<Diagnostic>) -> Imported {
    let place = Place::of(rel);
    let date = draft.date.or(if draft.date_refused {
        None
    } else {
        draft
            .path_field
            .as_deref()
            .and_then(place::date_in_path)
            .or(place.name_date)
            .or_else(|| place.folder_date())
    });
    let readable_name =
        (!place.name.is_empty() && !slug::looks_like_hash(place.name)).then_some(place.name);
    let title = draft
        .title
        .or_else(|| readable_name.and_then(title::title_from_name))
        .or_else(|| draft.lede.as_deref().and_then(title::title_from_lede))
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
        .or_else(|| readable_name.map(slug::slugify))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slug::slugify(&title));
    let slug = if slug.is_empty() {
        // A title without Latin letters (all CJK, all emoji) still needs a stable name.
        format!("article-{}", short_hash(rel))
    } else {
        slug
    };
    let id = match date {
        Some(d) => format!("{d}-{slug}"),
        None => slug,
    };
    let plain = markdown::plain_text(&draft.body);
    let lang = draft
        .lang
        .or_else(|| place.lang.map(str::to_owned))
        .unwrap_or_else(|| language::guess(&format!("{title}\n{plain}")).to_owned());
    let is_clipping = rel.to_ascii_lowercase().ends_with(".txt");
    if date.is_none() && !draft.date_refused && !is_clipping {
        diagnostics.push(
            Diagnostic::warning(rel, 1, 1, "no date found; the article is imported as undated")
                .hint("add `date: YYYY-MM-DD` to the front matter or a `YYYY-MM-DD-` prefix to the file name"),
        );
    }
    let summary = draft
        .summary
        .or(draft.lede)
        .map(|s| title::shorten(&s, MAX_SUMMARY))
        .unwrap_or_default();
    Imported {
        article: Article {
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
        },
        id_place: draft.slug_at,
    }
}

/// Eight hexadecimal digits that depend only on `text`.
fn short_hash(text: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
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
            .starts_with("2020-01-05-x.md:3:7: error: `2021-02-30` names day 30"));
    }

    #[test]
    fn empty_files_are_errors() {
        let (a, d) = one("empty.md", " \n\n");
        assert!(a.is_none());
        assert_eq!(d[0].message, "the file is empty");
    }

    #[test]
    fn drafts_are_imported_with_a_warning() {
        let (a, d) = one("_drafts/2020-01-01-idee.md", "# Idée\n\nPas fini.");
        assert!(a.is_some());
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`_drafts`"));
    }

    #[test]
    fn binary_files_are_skipped_at_the_nul() {
        let (a, d) = one("photo.md", "PNG\n\u{0}\u{0}data");
        assert!(a.is_none());
        assert_eq!((d[0].line, d[0].column), (2, 1));
        assert!(d[0].message.contains("binary"));
    }

    #[test]
    fn a_heading_repeating_the_title_leaves_the_body() {
        let (a, _) = one(
            "2020-01-01-x.md",
            "---\ntitle: Le Titre\n---\n\n# Le titre\n\nTexte.\n\n# Autre\n",
        );
        let a = a.unwrap();
        assert_eq!(a.body, "Texte.\n\n# Autre\n");
        let (b, _) = one(
            "2020-01-01-y.md",
            "---\ntitle: Le Titre\n---\nIntro.\n\n# Le titre\n",
        );
        assert!(b.unwrap().body.contains("# Le titre"));
    }

    #[test]
    fn languages_come_from_the_field_the_name_or_the_text() {
        let (a, d) = one(
            "a.md",
            "---\ntitle: T\nlang: Français\n---\nThe text is English.",
        );
        assert_eq!(a.unwrap().meta.lang, "fr");
        assert_eq!(d.len(), 1, "only the missing date: {d:?}");
        let (a, d) = one(
            "a.md",
            "---\ntitle: T\nlang: klingon\n---\nLe texte est en français.",
        );
        assert_eq!(a.unwrap().meta.lang, "fr");
        assert_eq!((d[0].line, d[0].column), (3, 7));
        assert_eq!(d[0].outcome, Outcome::FieldDropped("lang"));
        let (a, _) = one("2021-01-01-post.fr.md", "# T\n\nThe text is in English.");
        let a = a.unwrap();
        assert_eq!(
            (a.meta.lang.as_str(), a.meta.id.as_str()),
            ("fr", "2021-01-01-post")
        );
    }

    #[test]
    fn titles_without_latin_letters_still_get_a_stable_id() {
        let (a, _) = one("2021-01-01-x/日本.md", "# 日本語\n\n本文。");
        let id = a.unwrap().meta.id;
        assert!(
            id.starts_with("2021-01-01-article-") && id.len() == 27,
            "{id}"
        );
        let (again, _) = one("2021-01-01-x/日本.md", "# 日本語\n\n本文。");
        assert_eq!(again.unwrap().meta.id, id);
    }

    #[test]
    fn utf16_files_import() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                " date 2020-04 Un texte en UTF-16. Suite."
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let mut d = Vec::new();
        let a = import_file("n.txt", &bytes, &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(a.meta.title, "Un texte en UTF-16");
    }
}
