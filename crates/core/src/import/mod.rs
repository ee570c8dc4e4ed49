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
//! - **Ids** are `date-slug`; files named alike in different folders (`deployment/overview.md`,
//!   `templates/overview.md`) take their folder into their ids; any other two files claiming the
//!   same id is an error that keeps both articles (see `ids.rs`).
//! - **Drafts** (`draft: true`, Jekyll's `published: false` and `_drafts` folder) are left out
//!   and counted, unless [`ImportOptions::include_drafts`].
//! - **Template code** of Jekyll, Hugo and Zola is replaced by what the published site shows
//!   (see `template/`), and **raw HTML** is cleaned down to an allow-list (see `html.rs`), so that
//!   titles, summaries, the index and the reader never see either.
//! - **Skipped files**: empty, binary, over the size limit, or with front matter that cannot be
//!   read (publishing the metadata as text would be worse than leaving the article out).
//! - **Not articles**: anything but `.txt`, `.md` and `.markdown`, section pages (`_index.md`),
//!   a README or LICENSE at the top of the folder, and the `.md` resources of a Hugo leaf bundle
//!   (a folder holding `index.md`) are counted, not reported. A picture that an
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
mod embed;
mod folder;
mod front_matter;
mod html;
mod ids;
mod image_size;
mod image_store;
mod leaf_bundles;
mod nesting;
mod place;
mod position;
mod refs;
mod rewrite;
mod site_config;
mod svg_safety;
mod template;
mod title;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

pub use diagnostic::{Diagnostic, Outcome, Severity};
pub use svg_safety::{rewrite as rewrite_svg, SvgError};

use crate::article::{Article, ArticleMeta};
use crate::bundle::ImageFile;
use crate::date::ArticleDate;
use crate::{language, markdown, slug};
use image_store::ImageStore;
use place::Place;
use site_config::SiteConfig;

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
    /// Whether drafts are imported (`draft: true`, `published: false`, Jekyll's `_drafts`);
    /// they are left out and counted by default, as the generators' own builds do.
    pub include_drafts: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: MAX_FILE_BYTES,
            max_image_bytes: MAX_IMAGE_BYTES,
            site_root: None,
            include_drafts: false,
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
    /// Every entry seen under the folder: regular files, hidden entries (a hidden folder once),
    /// links and special files. It is always `articles + drafts + skipped + pictures +
    /// not_articles + refused`.
    pub files_seen: usize,
    /// Article files that could not be imported.
    pub skipped_files: usize,
    /// Files of the folder that articles show as pictures, bundled with them.
    pub pictures: usize,
    /// Entries that are neither articles nor pictures an article shows (unused images, section
    /// pages, READMEs, hidden entries), passed over.
    pub not_articles: usize,
    /// Of [`Self::not_articles`], the hidden entries (`.git`, `.DS_Store`), passed over unread.
    pub hidden: usize,
    /// The pictures the articles show, each stored once, in path order (`assets/<hash>.<ext>`);
    /// the articles' bodies already point at them. Give them to [`crate::bundle::build`].
    pub images: Vec<ImageFile>,
    /// Drafts left out (see [`ImportOptions::include_drafts`]).
    pub drafts: usize,
    /// With [`import_dir_spilling`]: where each article's body went, parallel to
    /// [`Self::articles`] (whose bodies are then empty). Empty otherwise.
    pub body_tokens: Vec<u64>,
    /// With [`import_dir_spilling`]: the links between articles still to point at their ids,
    /// done on each body as it is read back ([`PendingRefs::resolve`]); `None` when no article
    /// links to another.
    pub pending_refs: Option<PendingRefs>,
}

/// Links between articles whose bodies were spilled during an import: the final ids are known,
/// the bodies are rewritten when the bundler reads them back.
#[derive(Debug)]
pub struct PendingRefs {
    lookup: refs::Lookup,
    names: Vec<(String, String)>,
    targets: Vec<Vec<String>>,
}

impl PendingRefs {
    /// Points the references in `body`, article `article`'s (its place in
    /// [`ImportReport::articles`]), at the articles they name.
    pub fn resolve(&self, article: usize, body: &mut String) {
        if let Some(targets) = self.targets.get(article) {
            refs::resolve(body, targets, &self.lookup, &self.names);
        }
    }
}

impl ImportReport {
    /// Article files that could not be imported.
    pub fn skipped(&self) -> usize {
        self.skipped_files
    }

    /// Entries not read at all: links leading outside the folder, broken or looping links,
    /// special files, unreadable folders; each has a diagnostic saying why.
    pub fn refused(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.outcome == Outcome::Refused)
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
    progress: impl FnMut(usize, usize),
) -> ImportReport {
    import_dir_inner(root, options, progress, None)
}

/// Like [`import_dir_with`], handing each article's body to `spill` as soon as it is imported
/// (in no particular order) and keeping only the token `spill` returns
/// ([`ImportReport::body_tokens`]): a folder of a million articles is never held in memory. Links
/// between articles are then resolved when the bodies are read back
/// ([`ImportReport::pending_refs`]).
pub fn import_dir_spilling(
    root: &Path,
    options: &ImportOptions,
    progress: impl FnMut(usize, usize),
    mut spill: impl FnMut(String) -> u64,
) -> ImportReport {
    import_dir_inner(root, options, progress, Some(&mut spill))
}

fn import_dir_inner(
    root: &Path,
    options: &ImportOptions,
    mut progress: impl FnMut(usize, usize),
    mut spill: Option<&mut dyn FnMut(String) -> u64>,
) -> ImportReport {
    let mut report = ImportReport::default();
    let walk = folder::walk(root);
    report.hidden = walk.hidden;
    report.files_seen = walk.files.len() + walk.hidden + walk.refused.len();
    report.diagnostics.extend(walk.refused);
    let files: Vec<(PathBuf, String)> = walk
        .files
        .into_iter()
        .map(|path| {
            let rel = folder::relative(root, &path);
            (path, rel)
        })
        .collect();
    let site = read_site_config(options, &mut report.diagnostics);
    let store = ImageStore::new(root, options);
    let context = Context {
        store: Some(&store),
        site: site.as_ref(),
        include_drafts: options.include_drafts,
    };
    let resources = if leaf_bundles::applies(
        root,
        options.site_root.as_deref(),
        files.iter().map(|(_, rel)| rel.as_str()),
    ) {
        leaf_bundles::resources(files.iter().map(|(_, rel)| rel.as_str()))
    } else {
        std::collections::HashSet::new()
    };
    let mut imported_files = Vec::new();
    let mut not_articles = Vec::new();
    for (i, (outcome, (path, _))) in import_files(
        &files,
        &resources,
        options,
        &context,
        &mut progress,
        &mut spill,
    )
    .into_iter()
    .zip(&files)
    .enumerate()
    {
        match outcome {
            FileOutcome::NotArticle => not_articles.push(path),
            FileOutcome::Draft => report.drafts += 1,
            FileOutcome::Read(imported, diagnostics) => {
                report.diagnostics.extend(diagnostics);
                report.skipped_files += usize::from(imported.is_none());
                if let Some(imported) = imported {
                    imported_files.push((i, *imported));
                }
            }
        }
    }
    let kept = store.finish();
    // A picture beside its post is part of the article, not a file passed over.
    let passed_over = not_articles
        .iter()
        .filter(|path| {
            kept.sources.is_empty()
                || std::fs::canonicalize(path).map_or(true, |p| !kept.sources.contains(&p))
        })
        .count();
    report.pictures = not_articles.len() - passed_over;
    report.not_articles = passed_over + report.hidden;
    report.images = kept.images;
    finish_import(
        &mut report,
        spill.is_some(),
        imported_files
            .into_iter()
            .map(|(_, imported)| imported)
            .collect(),
    );
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

/// What every file of an import shares.
struct Context<'a> {
    /// Where pictures are bundled; `None` when importing a file alone.
    store: Option<&'a ImageStore>,
    /// The site's settings, for `{{ site.x }}`.
    site: Option<&'a SiteConfig>,
    include_drafts: bool,
}

/// The site's settings when a site root is given, with a warning when they cannot be read.
fn read_site_config(
    options: &ImportOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SiteConfig> {
    let root = options.site_root.as_deref()?;
    match SiteConfig::read(root) {
        Ok(config) => Some(config),
        Err(e) => {
            let path = root.join(e.file);
            diagnostics.push(
                Diagnostic::warning(
                    &path.to_string_lossy(),
                    1,
                    1,
                    format!("the site's settings cannot be read: {}; `{{{{ site.… }}}}` values are left out", e.message),
                )
                .hint("fix the settings file, or leave out --site-root"),
            );
            None
        }
    }
}

/// What is done once every file is read: ids made unique (files named alike in different
/// folders first take their folder), links between articles pointed at their ids, and one
/// warning per kind of template code that was removed.
fn finish_import(report: &mut ImportReport, spilled: bool, imported: Vec<Imported>) {
    let mut articles = Vec::with_capacity(imported.len());
    let mut id_places = Vec::with_capacity(imported.len());
    let mut named_by_file = Vec::with_capacity(imported.len());
    let mut article_refs = Vec::with_capacity(imported.len());
    let mut templates: Vec<TemplateUse> = Vec::new();
    for item in imported {
        articles.push(item.article);
        id_places.push(item.id_place);
        named_by_file.push(item.named_by_file);
        article_refs.push(item.refs);
        templates.extend(item.templates);
        if spilled {
            report.body_tokens.push(item.body_token);
        }
    }
    ids::qualify_by_folder(&mut articles, &named_by_file);
    ids::make_unique(&mut articles, &id_places, &mut report.diagnostics);
    if article_refs.iter().any(|r| !r.is_empty()) {
        let lookup = refs::Lookup::new(&articles);
        let names: Vec<(String, String)> = articles
            .iter()
            .map(|a| (a.meta.id.clone(), a.meta.title.clone()))
            .collect();
        if spilled {
            report.pending_refs = Some(PendingRefs {
                lookup,
                names,
                targets: article_refs,
            });
        } else {
            for (article, targets) in articles.iter_mut().zip(&article_refs) {
                refs::resolve(&mut article.body, targets, &lookup, &names);
            }
        }
    }
    report.diagnostics.extend(template_warnings(templates));
    report.articles = articles;
}

/// One warning per kind of template code removed, at its first place, with how many times and
/// in how many files it was met.
fn template_warnings(uses: Vec<TemplateUse>) -> Vec<Diagnostic> {
    let mut by_name: Vec<(String, Vec<TemplateUse>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for place in uses {
        let i = *index.entry(place.name.clone()).or_insert_with(|| {
            by_name.push((place.name.clone(), Vec::new()));
            by_name.len() - 1
        });
        by_name[i].1.push(place);
    }
    by_name
        .into_iter()
        .map(|(name, places)| {
            let files = places
                .iter()
                .map(|p| p.rel.as_str())
                .collect::<std::collections::HashSet<_>>()
                .len();
            let first = &places[0];
            let times = match (places.len(), files) {
                (1, _) => "once".to_owned(),
                (n, 1) => format!("{n} times"),
                (n, f) => format!("{n} times in {f} files"),
            };
            let hint = if name.starts_with("{{ site.") {
                "give the site's folder with --site-root (where `_config.yml`, `hugo.toml` or `config.toml` is) so that its settings fill it in"
            } else {
                "the reader shows the text around it; replace it with Markdown if it showed something that matters"
            };
            Diagnostic::warning(
                &first.rel,
                first.line,
                first.column,
                format!("the template code `{name}` is not something Kiosque can show; it was removed ({times}), the text inside it kept"),
            )
            .hint(hint)
        })
        .collect()
}

/// What became of one file.
enum FileOutcome {
    NotArticle,
    /// A draft, left out.
    Draft,
    /// An article file: imported or not, with its problems. Boxed: most outcomes of a large
    /// folder wait in a list until every file is done.
    Read(Option<Box<Imported>>, Vec<Diagnostic>),
}

/// Imports `files` on as many threads as there are cores, calling `progress` from this thread as
/// they finish, and returns the outcomes in the order of `files`.
fn import_files(
    files: &[(PathBuf, String)],
    resources: &std::collections::HashSet<usize>,
    options: &ImportOptions,
    context: &Context<'_>,
    progress: &mut impl FnMut(usize, usize),
    spill: &mut Option<&mut dyn FnMut(String) -> u64>,
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
                let outcome = if folder::is_article_file(rel) && !resources.contains(&i) {
                    let mut diagnostics = Vec::new();
                    match read_path(path, rel, options, context, &mut diagnostics) {
                        FileRead::Draft => FileOutcome::Draft,
                        FileRead::Article(imported) => {
                            FileOutcome::Read(Some(imported), diagnostics)
                        }
                        FileRead::Skipped => FileOutcome::Read(None, diagnostics),
                    }
                } else {
                    FileOutcome::NotArticle
                };
                if sender.send((i, outcome)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        for (done, (i, mut outcome)) in receiver.into_iter().enumerate() {
            // The body leaves at once: what waits for the other files is small.
            if let (Some(spill), FileOutcome::Read(Some(imported), _)) =
                (spill.as_mut(), &mut outcome)
            {
                imported.body_token = spill(std::mem::take(&mut imported.article.body));
            }
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
    context: &Context<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> FileRead {
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
        return FileRead::Skipped;
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
        return FileRead::Skipped;
    }
    read_file(rel, &bytes, context, diagnostics)
}

/// Template code removed from an article: its name, where it was written.
struct TemplateUse {
    name: String,
    rel: String,
    line: usize,
    column: usize,
}

/// What reading one article file came to.
enum FileRead {
    Article(Box<Imported>),
    /// A draft, left out.
    Draft,
    /// Not imported; the diagnostics say why.
    Skipped,
}

/// An imported article, and what only the whole import can finish.
struct Imported {
    article: Article,
    /// The line and column of the field that made its id.
    id_place: (usize, usize),
    /// Whether its id comes from its file name, so that a folder may tell it apart.
    named_by_file: bool,
    /// The articles it links to, by number (see `refs.rs`).
    refs: Vec<String>,
    /// Template code removed: its name, the file, line and column.
    templates: Vec<TemplateUse>,
    /// Where its body went, when the import spills bodies.
    body_token: u64,
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
    refs: Vec<String>,
    templates: Vec<TemplateUse>,
}

/// Imports one file given its path relative to the imported folder (`/`-separated) and its bytes.
/// Returns `None` when the file is skipped; problems are pushed onto `diagnostics` either way.
///
/// The id is the article's own; only [`import_dir`] sees every file and can make ids unique.
/// Without a folder to read them from, pictures are left as written.
/// Drafts are left out; links to other articles become their text.
pub fn import_file(rel: &str, bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Option<Article> {
    let context = Context {
        store: None,
        site: None,
        include_drafts: false,
    };
    let FileRead::Article(imported) = read_file(rel, bytes, &context, diagnostics) else {
        return None;
    };
    let mut report = ImportReport::default();
    finish_import(&mut report, false, vec![*imported]);
    diagnostics.append(&mut report.diagnostics);
    report.articles.pop()
}

/// Imports one file; with a store in `context`, its pictures are bundled and its body points
/// at them.
fn read_file(
    rel: &str,
    bytes: &[u8],
    context: &Context<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> FileRead {
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
        return FileRead::Skipped;
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
        return FileRead::Skipped;
    }
    let draft = if rel.to_ascii_lowercase().ends_with(".txt") {
        read_clipping(rel, &text, diagnostics)
    } else {
        match read_markdown(rel, &text, context, diagnostics) {
            Markdown::Draft => return FileRead::Draft,
            Markdown::Skipped => None,
            Markdown::Read(draft) => Some(*draft),
        }
    };
    match draft {
        Some(draft) => FileRead::Article(Box::new(finish(rel, draft, diagnostics))),
        None => FileRead::Skipped,
    }
}

/// What a Markdown file came to before its fallbacks.
enum Markdown {
    Read(Box<Draft>),
    Draft,
    Skipped,
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
    context: &Context<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Markdown {
    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(rel, e.line, e.column, e.message)
                    .hint("close the front matter with the same fence line (`---` or `+++`)"),
            );
            return Markdown::Skipped;
        }
    };
    let fields = match front_matter::parse(&split) {
        Ok(fields) => fields,
        Err(e) => {
            diagnostics.push(Diagnostic::error(rel, e.line, e.column, e.message).hint(
                "fix the front matter: quote values that hold `:` or `#`, indent with spaces",
            ));
            return Markdown::Skipped;
        }
    };
    // Drafts are left out before their pictures are bundled.
    let in_drafts_folder = rel.split('/').any(|folder| folder == "_drafts");
    if (fields.draft.is_some() || in_drafts_folder) && !context.include_drafts {
        return Markdown::Draft;
    }
    // The body is rewritten in steps, each keeping the way back to the file's own lines: template
    // code expanded, raw HTML cleaned, then pictures bundled (a figure's included), before the
    // body is trimmed or loses its heading.
    let body_at = text.len() - split.body.len();
    let expansion = template::expand(split.body, context.site);
    let cleaned = html::sanitise(&expansion.body.text);
    let origin = |at: usize| body_at + expansion.body.origin(cleaned.origin(at));
    let mut picture_diagnostics = Vec::new();
    let body = match context.store {
        Some(store) => {
            store.bundle_body(rel, text, &cleaned.text, &origin, &mut picture_diagnostics)
        }
        None => std::borrow::Cow::Borrowed(cleaned.text.as_str()),
    };
    let templates = expansion
        .unknown
        .iter()
        .map(|(name, at)| {
            let (line, column) = line_column(text, body_at + at);
            TemplateUse {
                name: name.clone(),
                rel: rel.to_owned(),
                line,
                column,
            }
        })
        .collect();
    let mut draft = Draft {
        title: fields
            .title
            .map(|t| template::strip(&t, context.site))
            .filter(|t| !t.is_empty()),
        authors: fields.authors,
        tags: fields.tags,
        source: fields.source,
        summary: fields
            .summary
            .map(|s| summary_text(&template::strip(&s, context.site)))
            .filter(|s| !s.is_empty()),
        slug: fields
            .slug
            .map(|s| slug::slugify(&s))
            .filter(|s| !s.is_empty()),
        slug_at: fields.slug_at.unwrap_or((1, 1)),
        path_field: fields.path,
        body: body.trim_start_matches('\n').to_owned(),
        refs: expansion.refs,
        templates,
        ..Draft::default()
    };
    if let Some((written, line, column)) = fields.date {
        match ArticleDate::parse(&written) {
            Ok(date) => draft.date = Some(date),
            Err(e) => match leading_date(&written) {
                // A date followed by something else (`2023-01-29 18:30:22 2023 -0800`): the file's
                // name or folder says the date when it can, else the part that reads as one.
                Some((date, junk)) => {
                    let place = Place::of(rel);
                    let fallback = place.name_date.or_else(|| place.folder_date());
                    let (used, from) = match fallback {
                        Some(named) => (named, "the file name"),
                        None => (date, "the start of the field"),
                    };
                    draft.date = Some(used);
                    diagnostics.push(
                        Diagnostic::warning(
                            rel,
                            line,
                            column,
                            format!("`{written}` has `{junk}` after its date; the date {used} was taken from {from}"),
                        )
                        .hint("remove what follows the date and time in the `date` field"),
                    );
                }
                None => {
                    draft.date_refused = true;
                    diagnostics.push(
                        Diagnostic::error(rel, line, column, e.to_string())
                            .outcome(Outcome::FieldDropped("date"))
                            .hint("correct the `date` field"),
                    );
                }
            },
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
    Markdown::Read(Box::new(draft))
}

/// A summary written in Markdown (`[text](url)`, `**`), as the plain text a card shows.
fn summary_text(markdown_text: &str) -> String {
    markdown::plain_text(markdown_text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The longest run of leading words of `written` that reads as a date, and what follows it.
fn leading_date(written: &str) -> Option<(ArticleDate, &str)> {
    let words: Vec<(usize, &str)> = written
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - written.as_ptr() as usize, w))
        .collect();
    (1..words.len()).rev().find_map(|n| {
        let (start, last) = words[n - 1];
        let end = start + last.len();
        let date = ArticleDate::parse(&written[..end]).ok()?;
        Some((date, written[end..].trim()))
    })
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
    let chosen = draft
        .slug
        .or_else(|| {
            draft
                .path_field
                .as_deref()
                .and_then(|p| p.trim_matches('/').rsplit('/').next())
                .map(slug::slugify)
        })
        .filter(|s| !s.is_empty());
    let named_by_file = chosen.is_none();
    let slug = chosen
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
        named_by_file,
        refs: draft.refs,
        templates: draft.templates,
        body_token: 0,
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
    fn drafts_are_left_out() {
        for (rel, text) in [
            ("_drafts/2020-01-01-idee.md", "# Idée\n\nPas fini."),
            ("a.md", "---\ntitle: Test\ndraft: true\n---\nPas fini."),
            ("b.md", "---\ntitle: Test\npublished: false\n---\nPas fini."),
        ] {
            let (a, d) = one(rel, text);
            assert!(a.is_none() && d.is_empty(), "{rel}: {d:?}");
        }
    }

    #[test]
    fn front_matter_summaries_and_titles_lose_markup_and_template_code() {
        let (a, d) = one(
            "2020-01-01-x.md",
            "\n---\ntitle: \"Notes {{< emoji \\\"x\\\" >}}\"\ndescription: \"Lire [la doc](https://x.org) **vite**, {{ site.title }}\"\n---\nTexte.",
        );
        let a = a.unwrap();
        assert_eq!(a.meta.title, "Notes");
        assert_eq!(a.meta.summary, "Lire la doc vite,");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn a_date_with_junk_falls_back_to_the_file_name() {
        let (a, d) = one(
            "_posts/2023-01-30-release.md",
            "---\ntitle: R\ndate: 2023-01-29 18:30:22 2023 -0800\n---\nTexte.",
        );
        assert_eq!(a.unwrap().meta.date.unwrap().to_string(), "2023-01-30");
        assert_eq!((d[0].line, d[0].column), (3, 7));
        assert_eq!(d[0].severity, Severity::Warning);
        assert!(
            d[0].message.contains(
                "has `2023 -0800` after its date; the date 2023-01-30 was taken from the file name"
            ),
            "{}",
            d[0].message
        );
        let (a, d) = one(
            "notes/r.md",
            "---\ntitle: R\ndate: 2023-01-29 18:30:22 2023 -0800\n---\nTexte.",
        );
        let date = a.unwrap().meta.date.unwrap();
        assert_eq!(date.to_string(), "2023-01-29");
        assert!(date.time.is_some());
        assert!(
            d[0].message.contains("taken from the start of the field"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn unknown_template_code_is_one_warning_per_name() {
        let (a, d) = one(
            "2020-01-01-x.md",
            "---\ntitle: X\n---\nA {{< gallery >}} b {{< gallery >}} c {% include x.html %}",
        );
        assert_eq!(a.unwrap().body, "A  b  c ");
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!((d[0].line, d[0].column), (4, 3));
        assert!(
            d[0].message.contains("`{{< gallery >}}`") && d[0].message.contains("2 times"),
            "{}",
            d[0].message
        );
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
