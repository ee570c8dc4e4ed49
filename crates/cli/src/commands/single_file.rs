//! `kiosque single-file`: one HTML file holding a built app and its bundle, readable from disk.
//!
//! A page opened from `file://` can neither load an ES module nor `fetch` anything, so everything
//! travels inside the page: the stylesheet as `<style>`, icons as `data:` URLs, the
//! wasm-bindgen glue inline in a `<script type="module">` with its `export`s removed, the wasm
//! and every bundle file as base64 in `<script type="application/base64">` data blocks. The app
//! reads the bundle from those blocks (`src/fetch.rs`) instead of the network.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use kiosque_core::base64;
use kiosque_core::bundle::{is_bundle_path, read_manifest};
use kiosque_core::html_tag;

/// The largest file written, in bytes. Browsers decode a page's text in memory at once, and the
/// app then holds the decoded bundle beside it: past this, opening the file from disk gets slow
/// and fails on machines with little memory.
pub const MAX_BYTES: u64 = 100 * 1000 * 1000;

/// What to assemble.
pub struct SingleFileOptions<'a> {
    /// A site built by `cargo xtask build` (its `index.html`, glue, wasm and stylesheet).
    pub app: &'a Path,
    /// The bundle to inline; `<app>/bundle` when not given.
    pub bundle: Option<&'a Path>,
    /// The file to write.
    pub out: &'a Path,
}

/// Writes the single file and reports its size.
pub fn run(options: &SingleFileOptions) -> anyhow::Result<()> {
    let bundle_dir = options
        .bundle
        .map_or_else(|| options.app.join("bundle"), Path::to_path_buf);
    let app = App::read(options.app)?;
    let bundle = BundleFiles::read_list(&bundle_dir)?;
    // Check the size before reading the bundle into memory.
    let estimate = app.base64_len() + bundle.base64_len() + 4096;
    if estimate > MAX_BYTES {
        bail!(
            "the single file would be about {} MB, over the {} MB it can hold (a browser decodes it all in memory when it opens it). \
             Publish the built site folder instead ({}): it works offline too once visited, and loads article bodies only when opened",
            estimate / 1_000_000,
            MAX_BYTES / 1_000_000,
            options.app.display()
        );
    }
    let html = assemble(&app, &bundle.read()?)?;
    let tmp = options.out.with_extension("html.partial");
    std::fs::write(&tmp, &html).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, options.out)
        .with_context(|| format!("cannot write {}", options.out.display()))?;
    eprintln!(
        "wrote {} ({} bytes, {} article{}); open it from disk, no server needed",
        crate::escape::for_terminal(&options.out.display().to_string()),
        html.len(),
        bundle.articles,
        if bundle.articles == 1 { "" } else { "s" }
    );
    Ok(())
}

/// The parts of a built app the single file needs.
struct App {
    dir: PathBuf,
    index: String,
    /// The `<script type="module">` Trunk writes to start the app, as found in `index`.
    loader: String,
    glue: String,
    wasm: Vec<u8>,
}

impl App {
    fn read(dir: &Path) -> anyhow::Result<Self> {
        let index_path = dir.join("index.html");
        let index = std::fs::read_to_string(&index_path).with_context(|| {
            format!(
                "cannot read {}; build the app first (`cargo xtask build`) or pass --app with a built site",
                index_path.display()
            )
        })?;
        // `cargo xtask build` replaces Trunk's loader by a data block naming the app's files
        // (and the first-results wasm, which a page read from disk does not need); the app's
        // come first in it.
        let loader = find_elements(&index, "script")
            .into_iter()
            .find(|s| s.contains("module_or_path") || s.contains("id=\"kiosque-shell\""))
            .with_context(|| {
                format!(
                    "{} has no wasm-bindgen loader script; is it a site built by Trunk?",
                    index_path.display()
                )
            })?
            .to_owned();
        let block = loader.contains("id=\"kiosque-shell\"");
        let (glue_marker, wasm_marker) = if block {
            ("\"glue\":", "\"wasm\":")
        } else {
            (" from ", "module_or_path:")
        };
        let glue_url = quoted_after(&loader, glue_marker)
            .context("the loader script does not import the wasm-bindgen glue")?;
        let wasm_url = quoted_after(&loader, wasm_marker)
            .context("the loader script does not name the wasm file")?;
        let glue = std::fs::read_to_string(local_file(dir, glue_url)?)
            .with_context(|| format!("cannot read the glue {glue_url}"))?;
        let wasm = std::fs::read(local_file(dir, wasm_url)?)
            .with_context(|| format!("cannot read the wasm {wasm_url}"))?;
        Ok(Self {
            dir: dir.to_path_buf(),
            index,
            loader,
            glue,
            wasm,
        })
    }

    fn base64_len(&self) -> u64 {
        (self.index.len() + self.glue.len() * 2 + base64::encoded_len(self.wasm.len())) as u64
    }
}

/// The bundle's files, listed by its manifest.
struct BundleFiles {
    dir: PathBuf,
    /// `(path relative to the bundle, expected size)`, manifest first.
    files: Vec<(String, u64)>,
    articles: u32,
}

impl BundleFiles {
    fn read_list(dir: &Path) -> anyhow::Result<Self> {
        let manifest_path = dir.join("manifest.json");
        let json = std::fs::read(&manifest_path).with_context(|| {
            format!(
                "cannot read {}; pass --bundle with a folder written by `kiosque bundle`",
                manifest_path.display()
            )
        })?;
        let mut files = vec![("manifest.json".to_owned(), json.len() as u64)];
        let articles = if super::search_v3::is_format3(dir)? {
            let (listed, articles) = format3_files(dir, &json)
                .with_context(|| format!("in {}", manifest_path.display()))?;
            files.extend(listed);
            articles
        } else {
            let manifest =
                read_manifest(&json).with_context(|| format!("in {}", manifest_path.display()))?;
            files.extend(manifest.files().map(|f| (f.path.clone(), f.bytes)));
            manifest.articles
        };
        // Only files inside the bundle folder are embedded: `read_manifest` refused absolute
        // paths and `..`, and a file that is a link is followed to check where it really is.
        let inside = std::fs::canonicalize(dir)
            .with_context(|| format!("cannot read the bundle folder {}", dir.display()))?;
        for (path, bytes) in &files {
            if !is_bundle_path(path) {
                bail!("the manifest names an unsafe path {path:?}");
            }
            let real = std::fs::canonicalize(dir.join(path))
                .with_context(|| format!("the bundle lists {path} but it is missing"))?;
            if !real.starts_with(&inside) {
                bail!(
                    "{path} in the bundle is a link to {}, outside the bundle folder; it is not embedded. Rebuild the bundle with `kiosque bundle`",
                    real.display()
                );
            }
            let on_disk = std::fs::metadata(&real)
                .with_context(|| format!("the bundle lists {path} but it is missing"))?
                .len();
            if on_disk != *bytes && path != "manifest.json" {
                bail!(
                    "{path} is {on_disk} bytes but the manifest says {bytes}; rebuild the bundle"
                );
            }
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            files,
            articles,
        })
    }

    fn base64_len(&self) -> u64 {
        self.files
            .iter()
            .map(|(path, bytes)| (base64::encoded_len(*bytes as usize) + path.len() + 80) as u64)
            .sum()
    }

    /// `(path relative to the bundle, content)` of every file.
    fn read(&self) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
        self.files
            .iter()
            .map(|(path, _)| {
                let bytes = std::fs::read(self.dir.join(path))
                    .with_context(|| format!("cannot read {path}"))?;
                Ok((path.clone(), bytes))
            })
            .collect()
    }
}

/// Every file of a format-3 bundle but its manifest, `(path, size)`: the head, then every piece
/// the head names (the manifest may list only the head), then the pictures; and the article count.
/// The page carries them all as they are stored (deflated): the app reads a piece from its block
/// as it would fetch it, checks it and inflates it, so the single file works as the site does,
/// and it is about half the size of format 2's (which relies on the host to compress).
fn format3_files(dir: &Path, json: &[u8]) -> anyhow::Result<(Vec<(String, u64)>, u32)> {
    use kiosque_core::bundle::v3::{
        check_piece_file, check_piece_ref, inflate, read_manifest_v3, PartialBundle,
    };
    let manifest = read_manifest_v3(json).map_err(anyhow::Error::msg)?;
    let head_path = dir.join(&manifest.head.path);
    let stored = std::fs::read(&head_path)
        .with_context(|| format!("the bundle lists {} but it is missing", manifest.head.path))?;
    check_piece_file(&manifest.head, &stored).map_err(anyhow::Error::msg)?;
    let head = inflate(&stored, 1 << 31)
        .with_context(|| format!("{} cannot be inflated", manifest.head.path))?;
    let mut bundle = PartialBundle::open(&head)
        .with_context(|| format!("{} cannot be used", manifest.head.path))?;
    // Text groups and body chunks are named by their card groups (layout 3): read the names.
    bundle.name_all(|file| -> anyhow::Result<Vec<u8>> {
        let stored = std::fs::read(dir.join(&file.path))
            .with_context(|| format!("the head names {} but it is missing", file.path))?;
        check_piece_ref(file, &stored).map_err(anyhow::Error::msg)?;
        inflate(&stored, 1 << 31).with_context(|| format!("{} cannot be inflated", file.path))
    })?;
    let mut files = vec![(manifest.head.path.clone(), manifest.head.bytes)];
    for piece in bundle.pieces() {
        let Some(path) = bundle.path(piece) else {
            continue;
        };
        // The size on disk: checked against the head's SHA-256 prefix by the app when read.
        let bytes = std::fs::metadata(dir.join(&path))
            .with_context(|| format!("the head names {path} but it is missing"))?
            .len();
        files.push((path, bytes));
    }
    files.extend(
        manifest
            .images
            .iter()
            .map(|i| (i.file.path.clone(), i.file.bytes)),
    );
    Ok((files, manifest.articles))
}

/// The app's page with everything it loads inside it.
fn assemble(app: &App, bundle: &[(String, Vec<u8>)]) -> anyhow::Result<String> {
    let mut html = app.index.replacen(&app.loader, "", 1);
    for link in find_elements(&app.index, "link") {
        html = html.replacen(link, &inline_link(&app.dir, link)?, 1);
    }
    let mut blocks = String::new();
    blocks.push_str(&data_block("id=\"kiosque-wasm\"", &app.wasm));
    for (path, bytes) in bundle {
        blocks.push_str(&data_block(
            &format!("data-kiosque-file=\"bundle/{path}\""),
            bytes,
        ));
    }
    let glue = module_glue(&app.glue)?;
    // Names of its own that the glue's top-level `let wasm` and friends cannot clash with.
    let start = "{\n\
                 const kiosqueWasmBytes = Uint8Array.from(atob(document.getElementById(\"kiosque-wasm\").textContent), (c) => c.charCodeAt(0));\n\
                 const kiosqueWasm = await __wbg_init({ module_or_path: kiosqueWasmBytes });\n\
                 dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", { detail: { wasm: kiosqueWasm } }));\n\
                 }\n";
    blocks.push_str(&format!(
        "<script type=\"module\">\n{glue}\n{start}</script>\n"
    ));
    let Some(body_end) = html.rfind("</body>") else {
        bail!("the app's index.html has no </body>");
    };
    html.insert_str(body_end, &blocks);
    // The site's policy names scripts this page no longer has and trusts a site it has not:
    // replaced by one for a page read from disk, with the hashes of its own inline scripts.
    let policy = kiosque_core::csp::single_file_policy(&html);
    kiosque_core::csp::with_policy(&html, &policy).context("the app's index.html has no <head>")
}

/// A `<link>` of the built page as the single file needs it: stylesheets inlined, icons as
/// `data:` URLs, links to files that will not exist (preloads, web manifest) dropped.
fn inline_link(dir: &Path, link: &str) -> anyhow::Result<String> {
    let rel = attribute(link, "rel")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let href = attribute(link, "href").unwrap_or_default();
    Ok(match rel.as_str() {
        "stylesheet" => {
            let css = std::fs::read_to_string(local_file(dir, href)?)
                .with_context(|| format!("cannot read the stylesheet {href}"))?;
            format!("<style>{}</style>", css.replace("</style", "<\\/style"))
        }
        "icon" | "apple-touch-icon" => {
            let bytes = std::fs::read(local_file(dir, href)?)
                .with_context(|| format!("cannot read the icon {href}"))?;
            let kind = if href.ends_with(".svg") {
                "image/svg+xml"
            } else {
                "image/png"
            };
            format!(
                "<link rel=\"{rel}\" href=\"data:{kind};base64,{}\">",
                base64::encode(&bytes)
            )
        }
        "modulepreload" | "preload" | "manifest" => String::new(),
        _ => link.to_owned(),
    })
}

/// wasm-bindgen's `--target web` glue made fit to sit inline in the page's module script.
fn module_glue(glue: &str) -> anyhow::Result<String> {
    let mut out = String::with_capacity(glue.len());
    for line in glue.lines() {
        if line.starts_with("import ") || line.starts_with("import{") {
            bail!(
                "the app's glue imports other files ({line}); the single file cannot inline JS snippets"
            );
        }
        if line.starts_with("export {") || line.starts_with("export default ") {
            continue;
        }
        out.push_str(line.strip_prefix("export ").unwrap_or(line));
        out.push('\n');
    }
    if !out.contains("function __wbg_init") {
        bail!("the app's glue has no __wbg_init; was it built by wasm-bindgen --target web?");
    }
    // `</script` inside a string or comment would end the element early.
    Ok(out.replace("</script", "<\\/script"))
}

fn data_block(attributes: &str, bytes: &[u8]) -> String {
    format!(
        "<script type=\"application/base64\" {attributes}>{}</script>\n",
        base64::encode(bytes)
    )
}

/// Every `<tag …>…</tag>` (or `<tag …>` for `link`) of `html`, as slices of it; the start tags
/// are read by the core's reader ([`html_tag::start_tag`]).
fn find_elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let close = format!("</{tag}>");
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(at) = html[rest..].find('<').map(|i| i + rest) {
        // The whole name: `<linker` or `<link.x` (in a script's code) is no `<link`.
        let after_name = html.as_bytes().get(at + 1 + tag.len());
        let whole_name =
            matches!(after_name, Some(b) if b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
        let start = whole_name
            .then(|| html_tag::start_tag(html, at))
            .flatten()
            .filter(|t| t.name == tag);
        let Some(start) = start else {
            rest = at + 1;
            continue;
        };
        let end = if tag == "link" {
            Some(start.end)
        } else {
            html[start.end..]
                .find(&close)
                .map(|i| start.end + i + close.len())
        };
        let Some(end) = end else { break };
        found.push(&html[at..end]);
        rest = end;
    }
    found
}

/// The value of `name="…"` (or `name=…`) in a start tag, as written.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    html_tag::start_tag(tag, 0)?.get(name).map(|a| a.value)
}

/// The first quoted string after `marker`.
fn quoted_after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let start = rest.find(['\'', '"'])?;
    let quote = rest[start..].chars().next()?;
    rest[start + 1..].split(quote).next()
}

/// The file of the built site a URL in its `index.html` names: Trunk writes every asset at the
/// top of the site, prefixed with the public URL (`./`, `/`, or `/some/path/`).
fn local_file(dir: &Path, url: &str) -> anyhow::Result<PathBuf> {
    let name = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .rsplit('/')
        .next()
        .unwrap_or(url);
    if name.is_empty() || name == ".." || url.contains("://") {
        bail!("the app's index.html refers to {url}, which is not a file of the built site");
    }
    Ok(dir.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The glue loses its exports (a classic inline module has nothing to export to) and keeps
    // everything else; an import of a snippet file is refused with a reason.
    #[test]
    fn glue_exports_are_removed() {
        let glue = "let wasm;\nexport function hello() {}\nexport class Thing {}\nasync function __wbg_init(m) {}\nexport { initSync, __wbg_init as default };\n";
        let inline = module_glue(glue).unwrap();
        assert_eq!(
            inline,
            "let wasm;\nfunction hello() {}\nclass Thing {}\nasync function __wbg_init(m) {}\n"
        );
        assert!(
            module_glue("import { x } from './snippets/a.js';\nfunction __wbg_init() {}")
                .unwrap_err()
                .to_string()
                .contains("snippets")
        );
    }

    // Attributes are read whatever their quoting; a name inside another name does not match.
    #[test]
    fn attributes_are_read_from_start_tags() {
        let link =
            r#"<link rel="modulepreload" href="./app-1.js" crossorigin=anonymous data-href='x'>"#;
        assert_eq!(attribute(link, "rel"), Some("modulepreload"));
        assert_eq!(attribute(link, "href"), Some("./app-1.js"));
        assert_eq!(attribute(link, "crossorigin"), Some("anonymous"));
        assert_eq!(attribute(link, "integrity"), None);
    }

    // Trunk's asset URLs, whatever the public URL, name files at the top of the site.
    #[test]
    fn asset_urls_resolve_to_top_level_files() {
        let dir = Path::new("/site");
        for url in ["./a-1.css", "/a-1.css", "/some/path/a-1.css", "a-1.css?x"] {
            assert_eq!(local_file(dir, url).unwrap(), dir.join("a-1.css"), "{url}");
        }
        assert!(local_file(dir, "https://cdn.example/a.css").is_err());
    }

    // Elements are found by whole tag name, in order.
    #[test]
    fn elements_are_found_by_tag() {
        let html =
            "<linkx><link rel=a><script>1</script><link rel=b/><script type=module>2</script>";
        assert_eq!(
            find_elements(html, "link"),
            ["<link rel=a>", "<link rel=b/>"]
        );
        assert_eq!(
            find_elements(html, "script"),
            ["<script>1</script>", "<script type=module>2</script>"]
        );
    }
}
