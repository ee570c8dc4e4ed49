//! The pictures of one import: where an address written in an article leads on disk, whether
//! that file may go into the bundle, and each picture kept once under its content's name.
//!
//! Articles are imported on several threads; they share one store, so a picture used by many
//! articles is read and measured once, and the same bytes found under two names are kept once.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::image_size::{self, Format, SizeError};
use super::position::LineCounter;
use super::svg_safety::{self, SvgError};
use super::{Diagnostic, ImportOptions, Outcome};
use crate::bundle::ImageFile;
use crate::markdown::image_refs as images;

/// The pictures found so far, shared by the threads of an import.
pub(crate) struct ImageStore {
    root: Base,
    site_root: Option<Base>,
    max_bytes: u64,
    /// Files already looked at, by canonical path: where each went in the bundle, or why not.
    seen: Mutex<HashMap<PathBuf, Result<String, Refusal>>>,
    /// The pictures kept, by bundle path.
    kept: Mutex<BTreeMap<String, ImageFile>>,
}

/// A folder pictures may come from: as given (made absolute, `..` resolved by name) to decide
/// where a path leads, and with links resolved to check where the file really is.
struct Base {
    lexical: PathBuf,
    canonical: Option<PathBuf>,
}

impl Base {
    fn new(dir: &Path) -> Self {
        Self {
            lexical: normalize(&std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned())),
            canonical: std::fs::canonicalize(dir).ok(),
        }
    }
}

/// Why a picture was not bundled.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Refusal {
    /// No file there; `looked_at` is where it was looked for, as shown to the publisher.
    Missing {
        looked_at: String,
        absolute: bool,
    },
    /// The path leads outside the articles folder and the site root.
    Escapes,
    NotAFile,
    Unreadable(String),
    /// Over the size limit: the file's size in bytes.
    TooLarge(u64),
    Size(SizeError),
    /// An SVG that cannot be rewritten safely (see [`svg_safety`]).
    Svg(SvgError),
}

/// What the pictures of an import came to.
pub(crate) struct Kept {
    /// Every picture bundled, in bundle-path order.
    pub images: Vec<ImageFile>,
    /// The files they were read from, with links resolved.
    pub sources: HashSet<PathBuf>,
}

impl ImageStore {
    /// A store for the import of `root` with `options`.
    pub fn new(root: &Path, options: &ImportOptions) -> Self {
        Self {
            root: Base::new(root),
            site_root: options.site_root.as_deref().map(Base::new),
            max_bytes: options.max_image_bytes,
            seen: Mutex::default(),
            kept: Mutex::default(),
        }
    }

    /// Points each local picture of the article `rel` at its copy in the bundle
    /// (`assets/<hash>.<ext>`), and reports each one that cannot be bundled at its line and
    /// column in `text`, the whole file: `origin` gives the byte of `text` that a byte of `body`
    /// (the body as rewritten so far) comes from.
    /// Remote and `data:` addresses are left as they are, and so are pictures not bundled: the
    /// reader shows their alt text.
    pub fn bundle_body<'a>(
        &self,
        rel: &str,
        text: &str,
        body: &'a str,
        origin: &dyn Fn(usize) -> usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Cow<'a, str> {
        if !images::may_have_images(body) {
            return Cow::Borrowed(body);
        }
        let mut replacements = Vec::new();
        // Pictures come in text order: their lines are counted in one pass.
        let mut lines = LineCounter::new(text);
        for image in images::find(body) {
            let Some(path) = local_path(&image.url) else {
                continue;
            };
            match self.resolve(rel, &path).and_then(|file| self.keep(file)) {
                Ok(bundled) => replacements.push((image.written, bundled)),
                Err(refusal) => {
                    let (line, column) = lines.position(origin(image.written.start));
                    diagnostics.push(self.diagnostic(rel, line, column, &image.url, &refusal));
                }
            }
        }
        if replacements.is_empty() {
            Cow::Borrowed(body)
        } else {
            Cow::Owned(images::replace(body, replacements))
        }
    }

    /// The pictures kept, and the files they came from.
    pub fn finish(self) -> Kept {
        let sources = into_inner(self.seen)
            .into_iter()
            .filter_map(|(path, result)| result.is_ok().then_some(path))
            .collect();
        Kept {
            images: into_inner(self.kept).into_values().collect(),
            sources,
        }
    }

    /// The file a local path leads to, with links resolved, if it stays inside the articles
    /// folder or the site root. `/…` starts at the site root when there is one, else at the
    /// articles folder; anything else starts at the article's own folder.
    fn resolve(&self, rel: &str, path: &str) -> Result<PathBuf, Refusal> {
        let absolute = path.starts_with('/');
        let candidate = if absolute {
            let base = self.site_root.as_ref().unwrap_or(&self.root);
            let inside = path.trim_start_matches('/');
            let direct = base.lexical.join(inside);
            // Hugo and Zola publish `static/` at the site's top: `/images/a.png` is
            // `static/images/a.png` in their sources.
            let published = base.lexical.join("static").join(inside);
            if !direct.exists() && published.exists() {
                published
            } else {
                direct
            }
        } else {
            let article = self.root.lexical.join(rel);
            article.parent().unwrap_or(&self.root.lexical).join(path)
        };
        let candidate = normalize(&candidate);
        // Checked by name first, so that `../../etc/passwd` is refused without touching the
        // file, whether or not it exists.
        if !self.allows(&candidate, |base| Some(&base.lexical)) {
            return Err(Refusal::Escapes);
        }
        let canonical = match canonicalize(&candidate) {
            Ok(canonical) => canonical,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Err(Refusal::Missing {
                    looked_at: self.shown(&candidate),
                    absolute,
                })
            }
            Err(e) => return Err(Refusal::Unreadable(e.to_string())),
        };
        // And again with links resolved: a link inside the folder may point anywhere.
        if !self.allows(&canonical, |base| base.canonical.as_ref()) {
            return Err(Refusal::Escapes);
        }
        Ok(canonical)
    }

    fn allows(&self, path: &Path, folder: impl Fn(&Base) -> Option<&PathBuf>) -> bool {
        std::iter::once(&self.root)
            .chain(&self.site_root)
            .filter_map(folder)
            .any(|base| path.starts_with(base))
    }

    /// Reads, checks and keeps the picture at `file` (once per file), returning its bundle path.
    fn keep(&self, file: PathBuf) -> Result<String, Refusal> {
        if let Some(done) = lock(&self.seen).get(&file) {
            return done.clone();
        }
        // Read without holding the lock: two threads meeting a new picture at once both read it,
        // which is harmless, rather than every thread waiting on one large file.
        let result = self.read(&file);
        lock(&self.seen).insert(file, result.clone());
        result
    }

    fn read(&self, file: &Path) -> Result<String, Refusal> {
        use std::io::Read;
        let metadata = std::fs::metadata(file).map_err(|e| Refusal::Unreadable(e.to_string()))?;
        if !metadata.is_file() {
            return Err(Refusal::NotAFile);
        }
        if metadata.len() > self.max_bytes {
            return Err(Refusal::TooLarge(metadata.len()));
        }
        let mut bytes = Vec::with_capacity(metadata.len() as usize);
        std::fs::File::open(file)
            .and_then(|f| {
                f.take(self.max_bytes.saturating_add(1))
                    .read_to_end(&mut bytes)
            })
            .map_err(|e| Refusal::Unreadable(e.to_string()))?;
        if bytes.len() as u64 > self.max_bytes {
            return Err(Refusal::TooLarge(bytes.len() as u64));
        }
        let extension = file
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (bytes, measured) = match image_size::measure(&bytes, &extension) {
            // An SVG is bundled as rewritten from the allow-list, never as written, and measured
            // from what is bundled.
            Ok(measured) if measured.format == Format::Svg => {
                let safe = svg_safety::rewrite(&bytes).map_err(Refusal::Svg)?;
                let measured = image_size::measure(&safe, "svg").map_err(Refusal::Size)?;
                (safe, measured)
            }
            Ok(measured) => (bytes, measured),
            Err(e) => {
                // Script in a picture matters more than its missing size: say so first.
                if extension.eq_ignore_ascii_case("svg") {
                    svg_safety::rewrite(&bytes).map_err(Refusal::Svg)?;
                }
                return Err(Refusal::Size(e));
            }
        };
        let image = ImageFile::new(
            bytes,
            measured.format.extension(),
            measured.width,
            measured.height,
        );
        let path = image.entry.file.path.clone();
        lock(&self.kept).entry(path.clone()).or_insert(image);
        Ok(path)
    }

    /// `path` as the publisher knows it: relative to the articles folder when inside it.
    fn shown(&self, path: &Path) -> String {
        match path.strip_prefix(&self.root.lexical) {
            Ok(inside) => inside.to_string_lossy().into_owned(),
            Err(_) => path.display().to_string(),
        }
    }

    fn diagnostic(
        &self,
        rel: &str,
        line: usize,
        column: usize,
        url: &str,
        refusal: &Refusal,
    ) -> Diagnostic {
        let (message, hint) = match refusal {
            Refusal::Missing {
                looked_at,
                absolute: true,
            } if self.site_root.is_none() => (
                format!("the picture `{url}` is not in the articles folder (looked for `{looked_at}`)"),
                "pass `--site-root DIR` with the site's top folder, where a path starting with `/` begins".to_owned(),
            ),
            Refusal::Missing { looked_at, .. } if looked_at == url => (
                format!("the picture `{url}` was not found"),
                "check the file name, or put the picture where the article points".to_owned(),
            ),
            Refusal::Missing { looked_at, .. } => (
                format!("the picture `{url}` was not found (looked for `{looked_at}`)"),
                "check the file name, or put the picture where the article points".to_owned(),
            ),
            Refusal::Escapes => (
                format!(
                    "the picture `{url}` is outside the articles folder{}; it was not read",
                    if self.site_root.is_some() { " and the site root" } else { "" }
                ),
                "copy the picture into the articles folder and point at the copy".to_owned(),
            ),
            Refusal::NotAFile => (
                format!("the picture `{url}` is a folder, not a file"),
                "point at the picture file itself".to_owned(),
            ),
            Refusal::Unreadable(e) => (
                format!("the picture `{url}` cannot be read: {e}"),
                "check the file's permissions".to_owned(),
            ),
            Refusal::TooLarge(size) => (
                format!(
                    "the picture `{url}` is {}, over the {} limit for an image",
                    bytes_text(*size),
                    bytes_text(self.max_bytes)
                ),
                "make it smaller (resize or recompress it), or raise the limit with `--max-image-size`".to_owned(),
            ),
            Refusal::Size(SizeError::Unsupported(what)) => (
                format!("the picture `{url}` is {what}, a type the site cannot show"),
                format!("convert it to {}", image_size::SUPPORTED),
            ),
            Refusal::Size(SizeError::Unreadable(why)) => (
                format!("the size of the picture `{url}` cannot be read: {why}"),
                "open the picture to check it is not damaged, and export it again".to_owned(),
            ),
            Refusal::Size(SizeError::SvgWithoutSize) => (
                format!("the SVG picture `{url}` gives no size in pixels and no viewBox"),
                "add `width` and `height` in pixels, or a `viewBox`, to its <svg> tag".to_owned(),
            ),
            Refusal::Svg(SvgError::Unsafe { what, line, column }) => (
                format!(
                    "the SVG picture `{url}` holds {what} (line {line}, column {column} of the picture), which could run script or load files from elsewhere; it was not bundled"
                ),
                "remove that part from the picture (or export it again as plain shapes), then bundle again".to_owned(),
            ),
            Refusal::Svg(SvgError::Unreadable(why)) => (
                format!("the SVG picture `{url}` cannot be read: {why}"),
                "open the picture in an editor to check it is not damaged, and export it again".to_owned(),
            ),
        };
        Diagnostic::warning(rel, line, column, message)
            .outcome(Outcome::FieldDropped("picture"))
            .hint(hint)
    }
}

/// The file path a picture address names when it is local: query and fragment dropped,
/// percent-encoding decoded. `None` for remote (`https:`, `//host`), `data:` and other schemes,
/// and fragment-only addresses, which stay as written.
fn local_path(url: &str) -> Option<String> {
    let url = url.trim();
    if url.starts_with("//") || has_scheme(url) {
        return None;
    }
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let path = percent_decode(path);
    (!path.is_empty()).then_some(path)
}

/// Whether `url` starts with `scheme:` (a letter, then letters, digits, `+`, `-` or `.`).
fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Decodes `%XX` escapes; a sequence that does not decode to UTF-8 leaves the text as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// `path` with `.` and `..` resolved by name, without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Resolves links in `path`. Markdown text is in NFC; a file name written on macOS may be
/// stored decomposed, so that spelling is tried too.
fn canonicalize(path: &Path) -> std::io::Result<PathBuf> {
    use unicode_normalization::UnicodeNormalization;
    std::fs::canonicalize(path).or_else(|e| match path.to_str() {
        Some(text) if e.kind() == std::io::ErrorKind::NotFound && !text.is_ascii() => {
            std::fs::canonicalize(text.nfd().collect::<String>()).map_err(|_| e)
        }
        _ => Err(e),
    })
}

/// A size for messages: `10 MiB`, `14.2 MiB`, `512 KiB`, `900 bytes`.
fn bytes_text(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    const KIB: u64 = 1 << 10;
    match bytes {
        b if b >= MIB && b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b >= MIB => format!("{:.1} MiB", b as f64 / MIB as f64),
        b if b >= KIB && b % KIB == 0 => format!("{} KiB", b / KIB),
        b if b >= KIB => format!("{:.1} KiB", b as f64 / KIB as f64),
        b => format!("{b} bytes"),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic on another thread already fails the import; the data itself stays consistent.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn into_inner<T>(mutex: Mutex<T>) -> T {
    mutex.into_inner().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_bundled() {
        assert_eq!(
            local_path("img/a%20b.png?v=2#x").as_deref(),
            Some("img/a b.png")
        );
        assert_eq!(
            local_path("/assets/é.png").as_deref(),
            Some("/assets/é.png")
        );
        for url in [
            "https://example.org/a.png",
            "HTTP://example.org/a.png",
            "//cdn.example.org/a.png",
            "data:image/png;base64,AAAA",
            "javascript:alert(1)",
            "#top",
            "?x",
        ] {
            assert_eq!(local_path(url), None, "{url}");
        }
        assert_eq!(percent_decode("%E9t%C3%A9%zz"), "%E9t%C3%A9%zz");
        assert_eq!(percent_decode("%C3%A9t%C3%A9"), "été");
    }

    #[test]
    fn dot_dot_is_resolved_by_name() {
        assert_eq!(
            normalize(Path::new("/a/b/../../../etc/./passwd")),
            PathBuf::from("/etc/passwd")
        );
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(bytes_text(10 << 20), "10 MiB");
        assert_eq!(bytes_text(3 << 19), "1.5 MiB");
        assert_eq!(bytes_text(2048), "2 KiB");
        assert_eq!(bytes_text(300), "300 bytes");
    }
}
